import time
from pathlib import Path

import pytest

from slant.errors import SlantError
from slant.ingest.leftovers import is_bare_date, is_leftover
from slant.ingest.scrape_cleaner import clean_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "leftovers"
REPO = Path(__file__).resolve().parents[2]
SHARED = Path(__file__).resolve().parents[3] / "shared"


def removed_by_line(cleaned):
    return {r.line: r.reason for r in cleaned.removed}


def assert_lines_partitioned(raw, cleaned):
    """Every non-blank input line is either kept (title/paragraph) or recorded as removed."""
    kept = ([cleaned.title] if cleaned.title else []) + cleaned.paragraphs
    removed = [r.text for r in cleaned.removed]
    non_blank = [line.strip() for line in raw.splitlines() if line.strip()]
    assert sorted(kept + removed) == sorted(" ".join(line.split()) for line in non_blank)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Photo: Screenshot from a drone video", "caption"),
        ("Фото: РИА Новости", "caption"),
        ("Foto: dpa", "caption"),
        ("Die Feuerwehr fordert eine schnelle Aufklärung. (Symbolbild: Jan K./AdobeStock)", "caption"),
        ("Symbolfoto: Stadt Riverside", "caption"),
        ("3 von 17", "boilerplate"),
        # widget headings decorated with emoji or arrows are read by their words
        ("Keep Reading 🚀", "call to action"),
        ("Subscribe to my Newsletter 😻 🤠", "subscription"),
        ("Next ❯", "navigation"),
        ("Antworten ↓", "comment"),
        ("Der Kuchen als Blech ist super lecker 🙂", None),
        ("★★★★★", "boilerplate"),
        ("Suggested articles", "section footer"),
        ("Related Tutorials", "section footer"),
        ("Popular Reads", "section footer"),
        ("Leserbriefe", "section footer"),
        # lists of the author's other articles, in each language, and Poland's "most popular"
        ("More from this author", "section footer"),
        ("Articles by this author", "section footer"),
        ("Weitere Artikel des Autors", "section footer"),
        ("Du même auteur", "section footer"),
        ("Artykuły tego autora", "section footer"),
        ("Najpopularniejsze z numeru", "section footer"),
        ("Najpopularniejsze są wakacje nad morzem", None),
        # reading time with what is left of it, and the Polish plural for two to four minutes
        ("Jeszcze 3 minuty czytania", "metadata"),
        ("Noch 5 Minuten Lesezeit", "metadata"),
        ("Noch 5 Minuten", None),
        # a French "read also" box heading typed without its accent, a bare German "see also"
        ("A lire aussi :", "call to action"),
        ("Siehe auch:", "call to action"),
        ("Siehe auch die Tabelle unten.", None),
        # the rules and moderation notes over a comment thread, and sentences that report on moderation
        ("Commenting Policy", "comment"),
        ("netiquette:", "comment"),
        ("Please understand that comments are moderated and it is not always possible to publish all.", "comment"),
        ("Contributors must reveal any conflict of interest. Comments are moderated.", "comment"),
        ("Bitte beachten Sie unsere Diskussionsregeln, die Netiquette.", "comment"),
        ("Ihre Kommentare werden moderiert, da die juristische Verantwortung bei uns liegt.", "comment"),
        ("Vos commentaires seront modérés avant publication.", "comment"),
        ("Uwaga, Twój komentarz może pojawić się z opóźnieniem do 10 minut.", "comment"),
        ("I commenti sono moderati.", "comment"),
        ("Комментарии проходят модерацию.", "comment"),
        ("The platform said comments are moderated by volunteers who work unpaid, critics say.", None),
        ("Comments will be moderated by an algorithm from next month, the newspaper announced in a statement.", None),
        ("Kommentare werden künftig automatisch moderiert, teilte Meta mit.", None),
        ("Alle Kommentare werden moderiert, weil sie in den vergangenen Wochen immer öfter beleidigend waren.", None),
        ("Les commentaires seront désormais modérés par une intelligence artificielle, a annoncé le quotidien.", None),
        ("Twitter rewrote its community guidelines last year after criticism.", None),
        ("Die Plattform sagt, Kommentare werden nachträglich moderiert.", None),
        # share counters, "follow us", an author box's buttons, a notice's button
        ("This story has been shared 52,174 times. 52,174", "share widget"),
        ("Follow Us", "share widget"),
        ("auf Twitter folgen", "share widget"),
        ("Don't show me this message again", "boilerplate"),
        # affiliate programmes' disclosures, appeals to support one's own work
        ("As an Amazon Associate I earn from qualifying purchases.", "advertisement"),
        ("Example.com is a participant in the Amazon EU Associates Programme, an affiliate advertising programme.",
         "advertisement"),
        ("The FTC found that the blog is a participant in the Amazon Associates Program without saying so.", None),
        ("We are a participant in the Amazon Services LLC Associates Program, an affiliate advertising program "
         "designed to provide a means for sites to earn advertising fees by advertising and linking to amazon.com.",
         "advertisement"),
        ("Unterstützen Sie meine Arbeit!", "call to action"),
        # section headings: a section's other stories, "most popular" with its period, lists of links
        ("More in Politics", "section footer"),
        ("More in demand than ever", None),
        ("More in World News", "section footer"),
        ("Most Popular This Week", "section footer"),
        ("Weiterführende Links:", "section footer"),
        # a teaser in brackets between paragraphs; a sentence in brackets stays
        ("(Le puede interesar: Buscan responsables de bus quemado en Anorí)", "call to action"),
        ("[Read more: The budget deal explained]", "call to action"),
        ("(The minister declined to comment.)", None),
        ("(See also the table below.)", None),
        ("También: (Candidatos presidenciales rezagados)", "call to action"),
        # a membership pitch; a report on a streaming service stays
        ("When you join The Daily family, you’ll get unlimited digital access to journalism you won’t get anywhere else.",
         "subscription"),
        ("First-time subscribers also receive a welcome gift when you join today!", "subscription"),
        ("Netflix subscribers will get unlimited access to the series from Friday.", None),
        ("Subscribers pay $25 a month for unlimited digital access to the paper and its apps.", None),
        # "Keep reading" heads a box inside an article; "Related recipes" stands between a post and its recipe
        ("Keep reading", "call to action"),
        ("Related Recipes", None),
        ("4 Comments. Leave new", "comment"),
        ("Email: [email protected]", "metadata"),
        ("[email protected]", "metadata"),
        ("Write to [email protected] to take part.", None),
        ("↑ 1.0 1.1 1.2 Wonderbook: Book of Spells", "reference list"),
        ("- ↑ 4.0 4.1 4.2 Harry Potter and the Half-Blood Prince, Chapter 17", "reference list"),
        ("↑ 5% on last year", None),
        ("↑ 2.5 million more people used the trains", None),
        ("The court said this article is protected by copyright law, and the blog must take it down.", None),
        ("This material is protected by copyright, the publisher's lawyers wrote in a letter to the school board.", None),
        ("Part of this document may be reproduced without permission under fair use, the court found.", None),
        ("Read the rest of the judgment and you will see why the appeal failed, the lawyer told reporters.", None),
        ("Read the rest of his letter below.", None),
        ("↑ Inflation rose again in March", None),
        ("Gallery: Coronavirus outbreak around the world (Photo Services)", "caption"),
        ("Bildergalerie: BMW 3er Touring Facelift (2022) erstmals erwischt", "caption"),
        ("Gallery by the sea reopens after storm damage", None),
        ("Galleria di Milano chiusa per lavori fino a marzo", None),
        ("Die Werke sind bis März zu sehen. (Galerie: Kunsthalle Mannheim)", None),
        # ticks and stars carry meaning; they are not stripped
        ("Reply ✓", None),
        ("Home ★★★☆☆", None),
        ("Datenschutz ⭐⭐", None),
        ("Reply ✖", None),
        ("Galerie: Thomas Schulte, Charlottenstraße 24, Berlin. Bis 30. April.", None),
        ("May 10, 2022 01:52:54 PM", "metadata"),
        ("15 mai 2019 à 06h00", "metadata"),
        ("Written: 2023-11-07 15:03:30 / Updated: 2023-11-07 15:30:46", "metadata"),
        ("12. Juni 2019 / 13:20", "metadata"),
        ("The vote is at 10h30 on Monday, officials said.", None),
        ("Bild schließen", "boilerplate"),
        ("Close gallery", "boilerplate"),
        ("Meist gelesen", "section footer"),
        ("Teilen auf", "share widget"),
        ("Share on", "share widget"),
        ("Like us on Facebook for more local news", "call to action"),
        ("Liken Sie uns auf Facebook", "call to action"),
        ("Watch video on the topic", "call to action"),
        ("RELATED: What it is like to wait for a new bridge", "call to action"),
        ("Related coverage: Town budget approved after long debate", "call to action"),
        ("MORE: Black-led group strikes deal to revitalise the stadium site", "call to action"),
        ("Nota relacionada: La secretaria que tumbó al contralor", "call to action"),
        ("Related to this, the council said it would act.", None),
        ("More than 200 people attended the meeting.", None),
        ("Click to share on Facebook (Opens in new window)", "share widget"),
        ("Featured image by Jane Roe/The Daily Example.", "caption"),
        ("Header Image: Villagers walk along the river at dawn in the north of the province. Photo by Jane Roe", "caption"),
        ("Courtesy of Forests News", "caption"),
        ("(Photo courtesy of the Smith family)", "caption"),
        ("Courtesy of the museum, the exhibition travels to Lyon next year.", None),
        ("Figure 3: Cases per week in each district", "caption"),
        ("Abbildung 4: klassische Schwachschicht. Der Unterschied ist klar ersichtlich.", "caption"),
        ("Figure 3 shows the number of cases per week.", None),
        ("Posted: Thursday, April 21, 2022. 10:11 pm CST.", "metadata"),
        ("Release Date:", "metadata"),
        # an embedded post's signature names who said it: kept for the sourcing audit
        ("— Jane Doe (@janedoe) January 6, 2021", None),
        ("Example News – The commission is far more important than the board. Yet, the... more", "related headline"),
        ("He paused, then said more.", None),
        ("The ministry said on Monday that more than 240 schools in the province would stay closed until the "
         "inspectors had checked every building, and that parents would be told which ones by the end of the "
         "week... and more.", None),
        ("To reach the reporter behind this story, contact jane@example.org. To reach the editor, contact "
         "joe@example.org", "author box"),
        ("Contact the writer at jane@example.org", "author box"),
        ("Contact the reporter who wrote the original story, the lawyer advised.", None),
        ("Veröffentlicht: 05.01.2020 Abgelegt unter: Fotografie, Reisen | Tags: Abendhimmel, Gegenlicht 5 Kommentare",
         "tags"),
        ("Abgelegt unter: Lesenswert, Literatur | Tags: Typografie, iPad Kommentare deaktiviert", "tags"),
        ("Filed in News | Tagged budget, council", "tags"),
        ("Filed in 2019, the lawsuit is still pending.", None),
        ("To view the full story, please subscribe to The Example Times. You can choose an annual subscription.",
         "subscription"),
        ("Pour lire la suite", "subscription"),
        ("Sorry, but your browser needs Javascript to use this site.", "boilerplate"),
        ("If you're not sure how to activate it, please refer to this site: https://www.enable-javascript.com/",
         "boilerplate"),
        ("Many sites need JavaScript to work, the survey found.", None),
        ("- ^ a b van der Maaten, L.; Hinton, G. (2008). \"Visualizing Data Using t-SNE\". JMLR. 9: 2579–2605.",
         "reference list"),
        ("References[edit]", "section footer"),
        ("Einzelnachweise[Bearbeiten | Quelltext bearbeiten]", "section footer"),
        ("The ^ operator raises a number to a power.", None),
        ("What do you think? Let us know down below in the comments or on Twitter.", "call to action"),
        ("What do you think? The council has two weeks to decide.", None),
        ("Want to know more about Jane Doe? Follow them on GitHub or Twitter.", "call to action"),
        ("The epidemiologist at one of the agency's daily briefings. Photo: Jane Doe/AFP", "caption"),
        ("The team training ahead of a match against Dominica. (FILE)", "caption"),
        ("Officers found 475 pounds of cocaine inside the vessel. By U.S. CUSTOMS AND BORDER PROTECTION", "caption"),
        ("He said it was over. Photo: that was all.", None),
        # article sentences that open or close like the furniture above
        ("Unemployment fell to 5.1 percent in May, the lowest level since 2008. Source: Eurostat", None),
        ("Безработица снизилась до 3,1 процента. Источник: Росстат", None),
        ("Courtesy calls are expected between the two leaders next week.", None),
        ("Video source code was leaked online in 2021, investigators said.", None),
        ("The deal was first reported by Bloomberg/Reuters", None),
        ("Black Lives Matter/Antifa", None),
        ("If you're not sure how to enable it, check your phone's security settings.", None),
        ("Da ist etwas schiefgelaufen, sagte der Trainer nach dem Spiel.", None),
        ("I agree to the terms of this deal only because the alternative is worse", None),
        ("Thank you for subscribing to my theory, he joked.", None),
        ("Already registered? No, said the official, none of the voters were.", None),
        ("The court ruled that a double opt-in is required before sending newsletters.", None),
        ("Pubblicato il decreto flussi 2024", None),
        ("Veröffentlicht am Montag wurde der Bericht für 2023.", None),
        ("To reach the reporters, the crowd pushed through the cordon and broke windows.", None),
        ("Please comment below with your questions, the mayor said.", None),
        ("^[a-z0-9]+$", None),
        ("Figure 8. The skater completed the jump with ease.", None),
        ("Story continues below advertisement", "advertisement"),
        ("Supported by", "advertisement"),
        ("Image caption, The minister arrives at the summit", "caption"),
        ("Image source, Getty Images", "caption"),
        ("toggle caption", "caption"),
        ("The president speaks at the White House. REUTERS/Jane Doe", "caption"),
        ("The president speaks at the White House. (Photo by Jane Doe/Getty Images)", "caption"),
        ("Jane Doe/NPR", "caption"),
        # the agencies' own caption forms, as galleries and image descriptions carry them (over 220 characters too)
        ("LONDON, ENGLAND - MARCH 09: Prince Harry, Duke of Sussex and Meghan, Duchess of Sussex meet children as she"
         " attends the Commonwealth Day Service 2020 at Westminster Abbey on March 9, 2020 in London, England, a week"
         " before the couple stepped back from their royal duties.", "caption"),
        ("UNSPECIFIED - UNSPECIFIED: In this handout image provided by Harpo Productions, Oprah Winfrey interviews them.",
         "caption"),
        ("WASHINGTON - OCTOBER 13: Rep. Brian Mast arrives for the House Republicans' caucus meeting.", "caption"),
        ("FILE - Former President Donald Trump waits to take the witness stand during his civil fraud trial at New York"
         " Supreme Court, Monday, Nov. 6, 2023, in New York. Trump is expected to return next week to hear more of the"
         " testimony against him and his company.", "caption"),
        ("In this photo released by the U.S. Army, gunners provide fire support during an exercise.", "caption"),
        ("A man carries his belongings in Gaza City, Wednesday, Nov. 8, 2023. (AP Photo/Jane Doe)", "caption"),
        ("The judge walks to the Temple of Justice. (AP Photo/Ted S. Warren, File)", "caption"),
        ("The president leaves the Elysee palace after a meeting in Paris. (Reuters/Benoit Tessier)", "caption"),
        ("WASHINGTON (AP) — President Joe Biden said on Monday that the talks would go on.", None),
        ("LONDON, March 9 (Reuters) - Britain said on Monday that it would act.", None),
        ("Der Präsident kündigte weitere Gespräche mit der Opposition an, nannte aber keinen Termin. (AFP/dpa)", None),
        ("Support for the president fell to 38 percent, according to the latest poll (Reuters/Ipsos).", None),
        ("There is no safe level of exposure (EPA/600/R-09/052F).", None),
        ("CORRECTION - JUNE 4, 2023: An earlier version of this story misstated the date of the vote.", None),
        ("UPDATE - MARCH 09: The company has since withdrawn the statement.", None),
        ("US - MAY 1: Labour Day", None),
        ("MAY - JUNE: the season opens with a concert.", None),
        ("In this photo, taken by a neighbour, the car is seen leaving.", None),
        ("In this image released by the family she is holding her newborn son.", None),
        ("The file - a thick dossier - was handed to the court.", None),
        ("New York/New Jersey", None),
        ("Classic Silver / Black", None),
        ("Media playback is unsupported on your device", "boilerplate"),
        ("Got a confidential news tip? We want to hear from you.", "call to action"),
        ("Already a subscriber? Log in", "subscription"),
        ("Want more stories like this? Sign up for our newsletter.", "subscription"),
        ("Published 3 hours ago", "metadata"),
        ("Last modified on Tue 12 Mar 2019 12.04 GMT", "metadata"),
        ("Updated 1:23 PM ET, Tue March 12, 2019", "metadata"),
        ("Share via Email", "share widget"),
        ("Like this: Like Loading...", "share widget"),
        ("View comments", "share widget"),
        ("Join the conversation", "comment"),
        ("Want more details? The council publishes its minutes online.", None),
        ("Senden", "subscription"),
        ("Da ist etwas schiefgelaufen. Bitte erneut versuchen!", "subscription"),
        ("Fehler: valide Adresse eingeben.", "subscription"),
        ("Sign-up Successful!", "subscription"),
        ("Sie haben eine E-Mail zum Double Opt-In-Verfahren erhalten.", "subscription"),
        ("Ich willige darin ein, dass der Verband mir regelmäßig Informationen per E-Mail zusendet.", "subscription"),
        ("I agree to the processing of my personal data.", "subscription"),
        ("I agree with the critics that the plan is too vague.", None),
        ("Error: the file could not be opened, the log says.", None),
        ("Voters must register by Friday.", None),
        ("Click to email a link to a friend (Opens in new window)", "share widget"),
        ("Get the latest breaking news delivered daily to your inbox.", "subscription"),
        ("Click to enlarge the map of the flooded area", None),
        ("More: 40 per cent of respondents said they would move.", None),
        ("Related: the figures show a fall in every district.", None),
        ("Get the latest figures delivered to your inbox, the app promises, but critics doubt it", None),
        ("Morning headlines delivered to your inbox", "subscription"),
        ("Join the thousands of readers who get our best stories delivered to their inboxes every week.", "subscription"),
        ("Abonniere unseren Newsletter!", "subscription"),
        ("Mit unserem Newsletter bleiben Sie immer informiert:", "subscription"),
        ("Recevez gratuitement notre newsletter", "subscription"),
        ("Sign up for email newsletters", "subscription"),
        ("Ja, ich möchte den wöchentlichen Newsletter erhalten.", "subscription"),
        ("Zapisz się na newsletter", "subscription"),
        ("Wenn Ihnen der Artikel gefallen hat: Unterstützen Sie uns mit einer Spende.", "call to action"),
        ("If you value our reporting, please consider a monthly gift.", "call to action"),
        ("Jetzt spenden!", "call to action"),
        ("Support local, independent journalism that has served the valley for 40 years.", "call to action"),
        ("The Riverside Courier is funded by sponsors and member donations", "call to action"),
        ("Wir sind spendenfinanziert.", "call to action"),
        ("Soutenez notre journalisme indépendant", "call to action"),
        ("The party returned the donation after the audit, its treasurer said.", None),
        ("Spenden an Parteien müssen ab 10.000 Euro veröffentlicht werden.", None),
        ("Support for the plan fell to 40 per cent in the latest poll.", None),
        # statements about someone's newsletter or donations, and appeals quoted in a report, stay
        ("The mayor said our newsletter had misrepresented his record on housing.", None),
        ("Die Partei hat ihren Newsletter nach dem Datenleck eingestellt.", None),
        ("Il sindaco ha detto che la nostra newsletter non era mai stata approvata dal consiglio.", None),
        ("Holger Schmidt schreibt seit 2015 einen Newsletter über Landespolitik.", None),
        ("Bestellungen über den Newsletter des Händlers stiegen um 20 Prozent.", None),
        ("Join the club and you get the newsletter, a badge and a vote at the annual meeting.", None),
        ("Greenpeace ist spendenfinanziert und nimmt kein Geld von Staaten oder Konzernen.", None),
        ("The hospice is funded by donations and a small council grant.", None),
        ("Support independent journalism, the minister urged, as three local papers closed this year.", None),
        ("Help support our troops, the banner on the town hall read.", None),
        ("Soutenez nos agriculteurs, lançait la pancarte brandie par les manifestants.", None),
        ("Поддержите нашу команду, призвал губернатор болельщиков перед матчем.", None),
        ("Thousands of council staff found the fake invoice delivered to their inboxes.", None),
        ("You can unsubscribe at any time, the company insists, but the button is hidden three menus deep.", None),
        ("And sign up for the scheme they did: more than 4,000 households registered in a week.", None),
        ("May 2019 / The election that changed the party", None),
        ("12.50 / Stück im Großhandel", None),
        ("More on that below:", None),
        ('Listen: "We will not back down," the chairman told the crowd.”', None),
        ("RSVP to the gala was required, and more than 300 guests replied.", None),
        ("Sie möchten wöchentliche Tipps? Schauen Sie mal in unseren Newsletter!", "subscription"),
        ("Unser kostenloser Newsletter informiert Sie über unsere neuesten Beiträge.", "subscription"),
        ("Unterstützen Sie unsere kritische, unabhängige Berichterstattung mit einer Spende.", "call to action"),
        ("28.01.22 / 0 Kommentare", "metadata"),
        ("Sie kritisierte unseren Newsletter als zu teuer.", None),
        ("Ihr Newsletter sei gehackt worden, teilte die Firma am Montag mit.", None),
        ("Wie Sie unseriöse Newsletter erkennen", None),
        ("Secondo il Garante la nostra newsletter ci ha esposto a multe salate.", None),
        ("Selon le maire notre newsletter coûte trop cher", None),
        ("The mayor said: our newsletter reaches you wherever you are.", None),
        ("You can unsubscribe at any time and the company must delete your data within 30 days, the court ruled.", None),
        ("Scammers had fake news stories delivered to their inboxes every morning.", None),
        ("Unterstützen Sie uns, forderte der Verband die Anwohner auf.", None),
        ("Support our work in Gaza, the UN agency pleaded with donors on Tuesday.", None),
        ("Greenpeace ist spendenfinanziert. Die Organisation nimmt kein Geld von Staaten.", None),
        ("März 2020 / Von der Pandemie überrascht", None),
        ("19. Juni 2019 / von Anna Schmidt", "metadata"),
        ("RSVP for the wedding was due in May, the couple said.", None),
        ("Warning: delays are expected on line 4.", None),
        ("Wir sind spendenfinanziert. Unterstütze auch du uns mit einem Dauerauftrag!", "call to action"),
        ("Media captionDrone footage shows the flooded valley", "caption"),
        ("Deprecated: Assigning the return value of new by reference is deprecated in /home/site/wp-settings.php on line 512",
         "boilerplate"),
        ("Warning: the river may rise again on Thursday, officials said.", None),
        ("Die Ministerin sagte, sie lese jeden Morgen drei Newsletter.", None),
        ("Substack takes a tenth of what writers earn from paid newsletters, the company said.", None),
        ("A weekly digest of the region's news, delivered straight to your inbox every Friday.", "subscription"),
        ("The scam messages were delivered to your inbox by a botnet, the police said.", None),
        ("No spam, we promise. You can unsubscribe at any time and we'll never share your details.", "subscription"),
        ("You may unsubscribe from these alerts at any time.", "subscription"),
        ("Sie können den Newsletter jederzeit wieder abbestellen.", "subscription"),
        ("Readers can unsubscribe, but many never do, the study found.", None),
        ("Just pop your email into the box above to get the morning briefing.", "subscription"),
        ("Every weekday we'll send you a roundup of the top stories from the valley.", "subscription"),
        ("Then sign up for our newsletter to get event news and tutorials.", "subscription"),
        ("Join now or renew to get:", "subscription"),
        ("Join now", "subscription"),
        ("Join now, the union urged its members, before the deadline passes.", None),
        ("RSVP for our panel on 4/12: What next for the harbour?", "call to action"),
        ("Interested in learning more about the archive?", "call to action"),
        ("Interested in the outcome, the judge asked both sides to stay.", None),
        ("More on the floods:", "call to action"),
        ("Read: Why the harbour plan stalled again", "call to action"),
        ("LISTEN: Three mayors on the cost of the flood defences", "call to action"),
        ("Check out: Ten tips for a dry basement", "call to action"),
        ("Read: the statement ran to three pages.", None),
        ("More on the floods: the river rose by two metres overnight.", None),
        ("Sur le même sujet : Le pont de la Wend fermé pour six mois", "call to action"),
        ("Смотрите видео по теме", "call to action"),
        ("Read also: Prices rise again", "call to action"),
        ("Читайте также: Цены снова растут", "call to action"),
        ("Lesen Sie auch: Preise steigen weiter", "call to action"),
        ("Share the news:", "share widget"),
        ("Поделиться", "share widget"),
        ("Facebook Twitter WhatsApp E-Mail", "share widget"),
        ("Leave a Reply", "comment"),
        # an empty thread's invitation, and its form's labels and button, in six languages
        ("Be the first to comment!", "comment"),
        # the replies of a sign-up or account form, printed into the page for its script to show
        ("Vielen Dank für Ihre Registrierung. Sie haben jetzt den Aktivierungslink per E-Mail erhalten.", "subscription"),
        ("Ihr Benutzerkonto ist aktiviert. Wir wünschen Ihnen viel Lesevergnügen.", "subscription"),
        ("Thank you for registering.", "subscription"),
        ("Merci pour votre inscription !", "subscription"),
        ("Спасибо за подписку!", "subscription"),
        ("Please check your inbox to confirm your subscription.", "subscription"),
        ("Bitte klicke auf den Link in der Bestätigungsmail, um deine Anmeldung abzuschließen.", "subscription"),
        ("Thank you for your order, the shop wrote, and then nothing came for six weeks.", None),
        ("Start the discussion.", "comment"),
        ("Schreib den ersten Kommentar!", "comment"),
        ("Schreiben Sie den ersten Kommentar", "comment"),
        ("Soyez le premier à commenter", "comment"),
        ("Commenta per primo", "comment"),
        ("Skomentuj jako pierwszy", "comment"),
        ("Станьте первым, кто оставит комментарий", "comment"),
        ("Dein Kommentar", "comment"),
        ("Kommentar absenden", "comment"),
        ("Wyślij komentarz", "comment"),
        ("Bitte beachte unsere Community-Richtlinien", "comment"),
        ("Be the first to comment on the draft, the ministry told the unions.", None),
        # an article's own advice and quotes with the same words
        ("Start the conversation", "comment"),
        ("Lies die Community-Richtlinien von TikTok genau, bevor du ein Video hochlädst.", None),
        ("Lesen Sie vor dem ersten Upload unbedingt die Community-Richtlinien von TikTok, denn Verstöße kosten "
         "Reichweite.", None),
        ("Vielen Dank für Ihre Anmeldung! So beginnt die gefälschte Mail, vor der die Polizei warnt.", None),
        ("Your account has been activated. That message, sent to 40,000 customers, was a phishing lure.", None),
        ("Bitte klicken Sie auf den Link in der Bestätigungsmail, heißt es in der gefälschten Nachricht.", None),
        ("Recent Posts", "section footer"),
        ("Последние новости", "section footer"),
        ("Article Categories: World, Politics", "tags"),
        ("Schlagworte", "tags"),
        ("KEYWORDS", "tags"),
        ("Теги", "tags"),
        ("Themen", None),
        ("Subscribe to our newsletter", "subscription"),
        ("We use cookies to give you the best experience on our website.", "cookie notice"),
        ("Diese Cookies sind unbedingt erforderlich, um Ihnen die auf unserer Webseite verfügbaren Dienste zur "
         "Verfügung zu stellen.", "cookie notice"),
        ("Informujemy, że korzystamy z cookies.", "cookie notice"),
        ("Für die Cookies brauchen Sie Butter, Zucker, zwei Eier und 200 Gramm Schokolade.", None),
        # reports about cookies, and cookies that are baked
        ("Die Ermittler prüfen, ob die Internetseite des Ministeriums Cookies an Google übermittelt hat.", None),
        ("Nach der Einstellung der Produktion schloss die Cookie-Fabrik in Bremen ihre Tore.", None),
        ("Z drugiej strony ciasteczka z tej piekarni podrożały w tym roku o kilkanaście procent.", None),
        ("Na stronie 12 raportu opisano, jak firmy śledzą internautów za pomocą plików cookies.", None),
        ("Najbardziej korzystne dla klientów są ciasteczka z porannej promocji w piekarni.", None),
        ("All rights reserved", "copyright"),
        ("© 2022 Example Media Ltd", "copyright"),
        ("Home | World | Politics", "navigation"),
        ("March 3, 2022", "metadata"),
        ("5 января 2022", "metadata"),
        ("By John Smith", "metadata"),
        ("Protesters storm city hall: video", "related headline"),
        ("5-minute read", "metadata"),
        ("Estimated reading time: 4 minutes", "metadata"),
        ("Lesedauer: 3 Minuten", "metadata"),
        ("Lecture : 4 min", "metadata"),
        ("Lettura 3 min", "metadata"),
        ("Ten tekst przeczytasz w mniej niż minutę", "metadata"),
        ("Artikel vorlesen lassen", "call to action"),
        ("Écouter cet article", "call to action"),
        ("Ascolta l'articolo", "call to action"),
        ("Posłuchaj artykułu", "call to action"),
        ("Слушать статью", "call to action"),
        ("Follow The Daily Example on Twitter and Instagram @example", "call to action"),
        ("For breaking news updates download the Example News apps for iOS and Android", "call to action"),
        ("Bild anzeigen", "call to action"),
        ("Vorschau auf den nächsten Artikel", "call to action"),
        ("Beitragsbild", "caption"),
        ("Symbolbild: dpa", "caption"),
        ("Photo d'illustration", "caption"),
        ("meist-diskutiert", "section footer"),
        ("Les plus commentés", "section footer"),
        ("Kontakt:", "boilerplate"),
        ("Anzeige, enthält Affiliate Links", "advertisement"),
        ("Dieser Artikel enthält Affiliate-Links.", "advertisement"),
        ("aja/PAP", "metadata"),
        ("(kmz/PAP)", "metadata"),
        ("Never miss the latest news by signing up to our newsletter", "subscription"),
        ("Verpassen Sie keine Nachricht mehr: Jetzt Newsletter abonnieren", "subscription"),
        ("Restez informés : inscrivez-vous à notre newsletter", "subscription"),
        ("Non perdere le ultime notizie: iscriviti alla newsletter", "subscription"),
        ("Nie przegap żadnej informacji – zapisz się do newslettera", "subscription"),
        ("Не пропустите главное: подпишитесь на наш канал", "subscription"),
        ("Pour accéder en illimité à nos articles, abonnez-vous", "subscription"),
        ("To continue reading, subscribe for 1 euro a month", "subscription"),
        ("Zum Newsletter anmelden", "subscription"),
        ("Zapraszamy też do subskrypcji naszego kanału", "subscription"),
        ("If you’re already a subscriber, you can log in for immediate access.", "subscription"),
        ("Unterstütze uns", "call to action"),
        ("Soutenez notre journalisme", "call to action"),
        ("Don’t miss a story: sign up for our newsletter", "subscription"),
        ("Bewerten:", "call to action"),
        ("Оцените статью", "call to action"),
        ("Letzte Änderung", "metadata"),
        ("Дата публикации:", "metadata"),
        ("Vervielfältigung nur mit Genehmigung der Example-Gruppe", "copyright"),
        ("Перепечатка материалов запрещена", "copyright"),
        ("Das Thema könnte dich auch interessieren:", "section footer"),
        ("Du musst angemeldet sein, um Kommentare zu schreiben!", "comment"),
        ("Image illustrative", "caption"),
        ("Lea también: El puerto reabre tras la huelga", "call to action"),
        ("VEA TAMBIÉN: Nuevas tarifas para el transporte", "call to action"),
        ("Le puede interesar: El alcalde presenta su plan", "call to action"),
        ("Notas relacionadas", "section footer"),
        ("Más sobre Diario Ejemplo", "section footer"),
        ("Schon gelesen?", "section footer"),
        ("Dowiedz się więcej: Jak głosowali posłowie?", "call to action"),
        ("Example Weekly Newsletter", "subscription"),
        ("Sign up to get our best stories of the week in your inbox.", "subscription"),
        ("Get The Example Post's Daily Edition by email and never miss a story", "subscription"),
        ("Want to stay informed about our campaigns? Sign up here", "subscription"),
        ("We want to hear what you think about this article. Submit a letter to the editor.", "call to action"),
        ("This page contains links to products of our advertisers. We may receive compensation when you "
         "click on them. Read our disclosure for more.", "advertisement"),
        ("Wenn Sie über diese Links einkaufen, erhalten wir eine kleine Provision.", "advertisement"),
        ("The mayor at the harbour on Monday. © AFP / JANE DOE", "caption"),
        ("Keine Kommentare (Kommentare erscheinen nach Prüfung)", "comment"),
        ("Teilen mit:", "share widget"),
        ("Weitere Informationen zum Hafenausbau:", "call to action"),
        ("Weitere Infos unter www.example.de.", "call to action"),
        ("Video verfügbar bis 31.03.2022", "metadata"),
        ("Aktualisiert am 17.01.2021.", "metadata"),
        ("Letzte Änderung 14.02.2019", "metadata"),
        ("Bei den Links handelt es sich um Affiliate-Links.", "advertisement"),
        ("*Werbung. Dieser Beitrag enthält Werbung für eine Marke.", "advertisement"),
        ("Crédits photos : Agence Exemple", "caption"),
        ("Let us know in the comments what you think.", "call to action"),
        ("Jahresbericht 2021 (PDF, 2,4 MB)", "boilerplate"),
        ("(Alle Angaben ohne Gewähr)", "boilerplate"),
        ("Wird geladen", "boilerplate"),
        ("- Learn more about our study programme", "call to action"),
        ("- Join our readers' Facebook group to meet other learners", "call to action"),
        ("If you're on the Example News app, click here to watch live", "call to action"),
        ("Follow @examplenews", "call to action"),
        ("Posted on", "metadata"),
        ("Posted by Jane Doe, Project Marketing, Example", "metadata"),
        ("Tribune Staff Reporter", "metadata"),
        ("Editors’ Recommendations:", "section footer"),
        ("- Council approves the harbour budget - October 10, 2020", "related headline"),
        ("Zur Startseite", "call to action"),
        ("Jane Beispiel - 31.05.2019 um 13:26 Uhr", "metadata"),
        ("Jane Doe / 22.04.2020", "metadata"),
        ("geschrieben von jane am 21. Jan. 2015, 22:40", "metadata"),
        ("Bild 10 von 10", "boilerplate"),
        ("vor 16 Stunden", "metadata"),
        ("3 hours ago", "metadata"),
        ("il y a 3 heures", "metadata"),
        ("5 часов назад", "metadata"),
        ("Die meistgelesenen Artikel bei Example.de/Sport", "section footer"),
        ("Most read on Example Sport", "section footer"),
        ("Verpasse keine News zu Hardware & Gadgets", "subscription"),
        ("Don't miss", "section footer"),
        ("Mehr zu dem Thema", "call to action"),
        ("Wir haben Ihnen soeben eine E-Mail geschickt, über die Sie die Anmeldung bestätigen müssen.", "subscription"),
        ("Betriebsführung | Januar 2022", "navigation"),
        ("Veröffentlicht am 12. Juni 2017 von gizzmo", "metadata"),
        ("Posted in Privacy by jane on August 3, 2019", "metadata"),
        ("Posted on 2015-04-05 by marc | Leave a comment", "metadata"),
        ("1. Januar 2016 von KleineGrüneMonster Ein Kommentar", "metadata"),
        ("Von Felix Eisenreich // 1. November 2023", "metadata"),
        ("By Letters To The Editor |", "metadata"),
        ("PUBLISHED: January 16, 2023 at 4:30 p.m. | UPDATED: January 17, 2023 at 3:58 a.m.", "metadata"),
        ("This entry was posted in News by jane. Bookmark the permalink.", "metadata"),
        ("Dieser Eintrag wurde veröffentlicht in Treffen von jane. Permanentlink.", "metadata"),
        ("GET THE EXAMPLE NEWSLETTER", "subscription"),
        ("EXAMPLE-Newsletter", "subscription"),
        ("Receive our monthly newsletter to stay on top of the latest articles from Example.", "subscription"),
        ("Gib deine E-Mail-Adresse ein, um diesem Blog zu folgen und per E-Mail Benachrichtigungen zu erhalten.",
         "subscription"),
        ("Follow Blog via Email", "subscription"),
        ("By submitting your information, you're agreeing to receive communications from Example Radio in "
         "accordance with our Terms.", "subscription"),
        ("Create a free website or blog at WordPress.com.", "boilerplate"),
        ("Erstelle kostenlos eine Website oder ein Blog auf WordPress.com.", "boilerplate"),
        ("A post shared by Example Guide (@exampleguide)", "boilerplate"),
        ("Ein Beitrag geteilt von Example (@example) am 23. Okt 2017 um 0:31 Uhr", "boilerplate"),
        ("Jump to Recipe", "boilerplate"),
        ("Example Weekly is published under a Creative Commons license except where otherwise noted.", "copyright"),
        ("Die Inhalte dieser Website sind unter einer Creative Commons-Lizenz lizenziert.", "copyright"),
        ("READ THE REST", "call to action"),
        ("Read the rest of this entry »", "call to action"),
        # the Science X footer, parted at a <br>
        ("This document is subject to copyright. Apart from any fair dealing for the purpose of private study or "
         "research, no", "copyright"),
        ("part may be reproduced without the written permission. The content is provided for information purposes "
         "only.", "copyright"),
        ("Schreibe einen Kommentar", "comment"),
        ("Du musst angemeldet sein, um einen Kommentar abzugeben.", "comment"),
        ("11 responses to “The Loneliest Woman in the World”", "comment"),
        # WordPress themes' own thread headings, the title quoted, in it quotes of its own
        ("11 responses to “The Loneliest Woman in the World: An Appreciation of Heart’s “Alone””", "comment"),
        ("25 thoughts on “How to Grow a Lemon Tree from Seed | Step-by-Step Guide”", "comment"),
        ("One thought on “Hello world”", "comment"),
        ("45 Gedanken zu „„Das wird man ja wohl noch sagen dürfen!““", "comment"),
        ("Ein Gedanke zu „Über uns“", "comment"),
        ("Une réflexion sur « Le budget du port »", "comment"),
        ("{ 38 comments… read them below or add one }", "comment"),
        ("{ 0 comments… add one }", "comment"),
        ("{ 3 comments }", "comment"),
        ("{ 0 comments… add one now }", "comment"),
        ("{ Comments on this entry are closed }", "comment"),
        ("{ 2 trackbacks }", "comment"),
        ("One reply on “Hello world”", "comment"),
        ("1,234 thoughts on “The “woke” wars”", "comment"),
        ("Eine Antwort auf „Hallo Welt“", "comment"),
        ("2 réflexions au sujet de « Le budget du port »", "comment"),
        ("Un pensiero su “Il porto”", "comment"),
        ("Un commento su “Il porto”", "comment"),
        ("Jedna myśl na temat „Port”", "comment"),
        ("Jedna odpowiedź do „Port”", "comment"),
        ("5 мыслей о «Порт»", "comment"),
        # bylines of several names, titles, an outlet and a place
        ("By Nada Tawfik, BBC News, New York", "metadata"),
        ("Written by Rachael Link, MS, RD", "metadata"),
        ("Von Volkmar Kabisch, Jan Lukas Strozyk und Benedikt Strunz, NDR", "metadata"),
        # an embedded widget's controls: a poll, a shop box, a video player
        ("View results", "boilerplate"),
        ("1,204 votes so far", "boilerplate"),
        ("Ergebnis anzeigen", "boilerplate"),
        ("$348 at Amazon", "boilerplate"),
        ("We may earn a commission", "boilerplate"),
        ("This is a modal window.", "boilerplate"),
        ("Playback Rate", "boilerplate"),
        # a commenter's name over a comment, with or without the colon
        ("Robert aus Wien sagt:", "comment"),
        ("Jane Doe says", "comment"),
        # share buttons whose labels run together where their icons stood
        ("FacebookTwitterGoogle+ReddItWhatsAppPinterestEmailLinkedinTumblrTelegramStumbleUponPrint", "share widget"),
        ("Facebook Twitter Google+ Reddit WhatsApp Pinterest Email", "share widget"),
        ("Google +", "share widget"),
        ("1 Comment on Warum die Straße zu eng ist", "comment"),
        ("Comment by Jane Doe — 17.07, 2011 @ 13:04", "comment"),
        ("The technical storage or access that is used exclusively for statistical purposes.", "cookie notice"),
        ("Die technische Speicherung oder der Zugriff, der ausschließlich zu statistischen Zwecken erfolgt.",
         "cookie notice"),
        ("На главную", "call to action"),
        ("MEISTGEKLICKTE BEITRÄGE", "section footer"),
        ("Am meisten gelesen", "section footer"),
        ("Related articlesMore from author", "section footer"),
        ("Previous articleCouncil approves the harbour budget", "related headline"),
        ("Nächster Beitrag: Der Hafen wird ausgebaut", "related headline"),
        ("Article précédent Le maire présente son budget", "related headline"),
        ("E-Mail: presse@example.org", "metadata"),
        ("Tel.: +49 (0)30 123 45-67", "metadata"),
        ("Telefon: (0341) 696290, Fax: (0341) 6892826", "metadata"),
        ("tel +49 611 7878 394 | jane.doe@example.com", "metadata"),
        ("Twitter: @example_news", "metadata"),
        ("Datum 25.01.2022", "metadata"),
        ("Ultima modifica", "metadata"),
        ("Dernière modification le 3 mai 2020", "metadata"),
        ("Ostatnia modyfikacja: 12.03.2022", "metadata"),
    ],
)
def test_is_leftover_patterns(line, reason):
    assert is_leftover(line) == reason


def test_a_contact_line_of_slashes_and_digits_fails_fast():
    # "/" is both inside a phone number and between two: without atomic groups a failing match
    # tried every split (15 s for one line of 119 characters).
    started = time.perf_counter()
    for count in range(40, 58):
        assert is_leftover("Fax: " + "1/" * count + "a") is None
    assert time.perf_counter() - started < 2


def test_a_run_of_network_names_that_is_not_one_fails_fast():
    # The run-together share buttons are matched by a repeated group of names; a name matching
    # two ways ("email" as "e-?mail" and as "email") made a failing line try every split.
    started = time.perf_counter()
    assert is_leftover("email" * 23 + "x") is None
    assert is_leftover("FacebookTwitter" * 6 + "Pinterest and more") is None  # under the 120-character guard
    assert time.perf_counter() - started < 1


def test_bare_dates_are_told_apart_from_other_figures():
    assert is_bare_date("23.10.2018") and is_bare_date("2021-11-10 - 2021-11-12")
    assert not is_bare_date("2008-2012") and not is_bare_date("03.2015") and not is_bare_date("1,234")
    assert not is_bare_date("12.50 - 13.75") and not is_bare_date("22.45 - 300 000 000")
    assert not is_bare_date("23.10.2018: the day the harbour closed")
    # a plain-text dump keeps it: there it parts a page's blocks
    assert is_leftover("23.10.2018") is None
    # a date after a contact label is no phone number, though it starts with 0
    assert is_leftover("Tel.: 01.05.2020") is None and is_leftover("Kontakt: 01/2021 - 03/2022") is None


def test_is_leftover_french_italian_polish_fixture():
    for row in (FIXTURES / "fr-it-pl-lines.txt").read_text(encoding="utf-8").splitlines():
        reason, line = row.split("\t")
        assert is_leftover(line) == reason, line


def test_body_sentences_that_mention_widget_words_are_not_leftovers():
    for line in (FIXTURES / "body-lines.txt").read_text(encoding="utf-8").splitlines():
        assert is_leftover(line) is None, line


def test_is_leftover_rejects_bad_language_code():
    with pytest.raises(SlantError, match="ISO 639-1"):
        is_leftover("Home", language="English!")


def test_russian_scrape():
    raw = (FIXTURES / "ru-scrape.txt").read_text(encoding="utf-8")
    cleaned = clean_text(raw)
    assert cleaned.title == "Пожар на складе в Самаре: пострадавших нет"
    assert len(cleaned.paragraphs) == 3
    assert cleaned.paragraphs[-1].startswith("Местные жители")
    assert removed_by_line(cleaned) == {
        3: "navigation",
        7: "caption",
        11: "call to action",
        15: "share widget",
        17: "call to action",
        19: "related headline",
        21: "section footer",
        23: "copyright",
    }
    assert_lines_partitioned(raw, cleaned)


def test_german_scrape_keeps_subtitle_and_short_closing_paragraph():
    raw = (FIXTURES / "de-scrape.txt").read_text(encoding="utf-8")
    cleaned = clean_text(raw, language="de")
    assert cleaned.title == "Neue Radwege für die Innenstadt"
    assert cleaned.paragraphs[0] == "Die Stadt will bis 2025 zwölf Kilometer bauen"
    assert cleaned.paragraphs[-1].startswith("Ein Sprecher der Stadt")
    assert set(removed_by_line(cleaned).values()) == {"caption", "call to action", "share widget", "cookie notice", "copyright"}
    assert_lines_partitioned(raw, cleaned)


def test_english_full_page_dump_comes_out_as_its_body():
    raw = (FIXTURES / "en-fullpage.txt").read_text(encoding="utf-8")
    cleaned = clean_text(raw)
    assert cleaned.title == "Council approves new bridge over the Wend"
    assert len(cleaned.paragraphs) == 5
    assert cleaned.paragraphs[0].startswith("The county council voted")
    assert cleaned.paragraphs[-1].startswith("Construction is expected")
    reasons = removed_by_line(cleaned)
    assert reasons[31] == "comment" and reasons[35] == "comment"
    assert reasons[25] == "related headline"
    assert reasons[10] == "cookie notice"
    assert_lines_partitioned(raw, cleaned)


def test_headline_between_body_paragraphs_is_kept():
    raw = (
        "Storm closes the harbour\n\n"
        "The harbour was closed on Friday after waves of up to six metres hit the coast, officials said.\n\n"
        "Ferries cancelled until Monday\n\n"
        "All ferry crossings have been cancelled until Monday, and the operator has asked passengers to rebook.\n\n"
        "Watch video on the topic\n\n"
        "Storm hits the harbour: video\n"
    )
    cleaned = clean_text(raw)
    assert "Ferries cancelled until Monday" in cleaned.paragraphs
    assert removed_by_line(cleaned) == {9: "call to action", 11: "related headline"}


def test_hard_wrapped_paragraphs_are_joined():
    raw = (
        "The committee met on Thursday to discuss the new budget and the\n"
        "proposals put forward by the opposition parties during the debate\n"
        "on the future of public transport in the region.\n\n"
        "Members agreed that a final decision would be taken next month,\n"
        "after the consultation with the residents has been completed in\n"
        "all of the districts affected by the planned changes.\n"
    )
    cleaned = clean_text(raw)
    assert len(cleaned.paragraphs) == 2
    assert cleaned.paragraphs[0].endswith("in the region.")
    assert cleaned.paragraph_lines == [1, 5]


def test_empty_and_non_text_input():
    assert clean_text("\n \n").paragraphs == []
    with pytest.raises(SlantError, match="decode"):
        clean_text(b"bytes")  # type: ignore[arg-type]


def test_bundled_example_port_city():
    raw = (REPO / "examples" / "port-city-unrest.txt").read_text(encoding="utf-8")
    cleaned = clean_text(raw)
    assert cleaned.title == "Chaos in Varenne: radicals storm the port"
    assert cleaned.paragraphs[0] == "Officials say the situation is under control"
    assert len(cleaned.paragraphs) == 6
    reasons = removed_by_line(cleaned)
    assert reasons == {
        5: "navigation",
        9: "caption",
        19: "share widget",
        21: "call to action",
        23: "related headline",
        25: "related headline",
        27: "comment",
        29: "section footer",
        31: "tags",
    }


def test_shared_almaty_scrape():
    path = SHARED / "examples" / "almaty-scrape.txt"
    if not path.exists():
        pytest.skip(f"{path} is absent (the shared folder is not mounted here)")
    raw = path.read_text(encoding="utf-8")
    lines = raw.splitlines()
    cleaned = clean_text(raw)
    # Expected values are read from the example by line number, so none of its text is
    # copied into the repository.
    assert cleaned.title == lines[0]
    assert cleaned.paragraphs[0] == lines[2]  # the subtitle is body
    assert cleaned.paragraphs[1:] == [lines[n - 1] for n in (5, 9, 11, 13)]
    assert removed_by_line(cleaned) == {
        7: "caption",
        15: "related headline",
        17: "call to action",
        19: "related headline",
        21: "call to action",
        24: "section footer",
    }
    assert_lines_partitioned(raw, cleaned)


@pytest.mark.parametrize(
    ("name", "title", "paragraphs", "reasons"),
    [
        (
            "fr-scrape.txt",
            "Grève des contrôleurs : le trafic aérien perturbé à Lyon",
            3,
            {3: "navigation", 7: "caption", 11: "call to action", 15: "share widget", 17: "comment"},
        ),
        (
            "it-scrape.txt",
            "Maltempo in Liguria, chiuse le scuole a Genova",
            2,
            {3: "metadata", 7: "caption", 11: "call to action", 13: "share widget", 15: "section footer",
             17: "related headline", 19: "copyright"},
        ),
        (
            "pl-scrape.txt",
            "Nowy most na Wiśle otwarty dla kierowców",
            2,
            {3: "caption", 7: "call to action", 11: "share widget", 13: "section footer", 15: "copyright"},
        ),
    ],
)
def test_clean_scrapes_in_french_italian_polish(name, title, paragraphs, reasons):
    raw = (FIXTURES / name).read_text(encoding="utf-8")
    cleaned = clean_text(raw)
    assert cleaned.title == title
    assert len(cleaned.paragraphs) == paragraphs
    assert removed_by_line(cleaned) == reasons
    assert_lines_partitioned(raw, cleaned)


def test_short_closing_paragraph_after_a_call_to_action_is_kept():
    # "Le mouvement doit se poursuivre." is short and follows "Lire aussi": still body.
    cleaned = clean_text((FIXTURES / "fr-scrape.txt").read_text(encoding="utf-8"), language="fr")
    assert cleaned.paragraphs[-1] == "Le mouvement doit se poursuivre."


def test_wrong_language_hint_does_not_lose_body():
    raw = (FIXTURES / "ru-scrape.txt").read_text(encoding="utf-8")
    guessed = clean_text(raw)
    hinted = clean_text(raw, language="en")
    assert hinted.paragraphs == guessed.paragraphs
    assert hinted.title == guessed.title


def test_title_repeated_elsewhere_on_the_page_is_still_the_title():
    body = [
        "The regional parliament in Kiel approved the budget on Wednesday after a debate that lasted until midnight.",
        "Opposition members criticised the plan to borrow more money for schools, but the coalition held its majority.",
        "The finance minister said the new debt would be repaid within twelve years, starting in the spring of 2026.",
    ]
    page = [
        "Home", "Politics", "Economy", "Sport", "Weather",
        "Kiel parliament passes budget after all-night debate",
        "Politics", "Kiel parliament passes budget after all-night debate",
        *body,
        "Share", "Related", "Kiel parliament passes budget after all-night debate", "Imprint",
    ]
    cleaned = clean_text("\n".join(page))
    assert cleaned.title == "Kiel parliament passes budget after all-night debate"
    assert cleaned.paragraphs == body


def test_input_of_nothing_but_leftovers_keeps_nothing():
    cleaned = clean_text("Share\n\nSubscribe to our newsletter\n\nAll rights reserved\n")
    assert cleaned.title is None and cleaned.paragraphs == []
    assert [r.line for r in cleaned.removed] == [1, 3, 5]


def test_single_sentence_is_kept():
    cleaned = clean_text("The bridge will reopen on Monday, the council said.")
    assert cleaned.paragraphs == ["The bridge will reopen on Monday, the council said."]
    assert cleaned.removed == []


@pytest.mark.parametrize(
    "line",
    ["Mehr Themen: Politik", "Zum Weiterlesen:", "Auch lesen: Der Fall X", "Keine Kommentare",
     "Beiträge aus dem Forum", "Sie sind aktuell nicht eingeloggt."],
)
def test_german_widget_lines_found_in_extraction_leaks(line):
    assert is_leftover(line, "de")


def test_german_body_sentence_mentioning_themen_is_kept():
    assert is_leftover("Die Regierung will mehr Themen ansprechen, sagte sie.", "de") is None


def test_a_comment_button_beside_the_share_buttons_does_not_start_the_thread():
    body = [
        "Researchers are warning of a new strain of ransomware spread through links in online forums and text messages.",
        "The malicious links claim to lead to a game, but install an app that encrypts the files on the phone.",
        "Victims are asked to pay in Bitcoin, and the note warns that their data will be lost within three days.",
        "Researchers urged users to keep their devices up to date and to install apps only from the official store.",
    ]
    raw = "\n".join([
        "Subscribe to our newsletter",
        "Join thousands of readers who receive the latest security news in their inbox every single morning.",
        "Ransomware spreads through game links",
        "July 30, 2019",
        "Write a comment",
        "Share this article:",
        *body,
        "Write a comment",
        "Share this article:",
        "Discussion",
        "Leave A Comment",
        "I wonder whether anyone has the hashes of the app, since the article does not give any of them at all.",
    ])
    cleaned = clean_text(raw, language="en")
    assert cleaned.paragraphs[-len(body):] == body
    reasons = removed_by_line(cleaned)
    assert reasons[5] == "comment" and reasons[14] == "comment"
    assert_lines_partitioned(raw, cleaned)
    # Without the share buttons the same heading starts the thread, and the article after it is
    # read as comments.
    no_toolbar = clean_text(raw.replace("Share this article:\n", ""), language="en")
    assert body[0] not in no_toolbar.paragraphs


def test_share_buttons_then_a_comment_heading_still_end_the_article():
    body = [
        "The city council approved the new bridge over the river on Tuesday after a debate of three hours.",
        "Construction is to begin in the spring and should take two years, the council's planning office said.",
        "Residents of the eastern districts had asked for a crossing for more than a decade, the mayor said.",
    ]
    comments = [
        "Finally! I have been waiting for this bridge for years and I hope they keep to the schedule this time.",
        "Two years is far too long for a bridge of this size, and the costs will surely rise again before the end.",
    ]
    raw = "\n".join(["Council approves bridge", "March 3, 2021", *body, "Share this article:", "Leave A Comment",
                     *comments])
    cleaned = clean_text(raw, language="en")
    assert cleaned.paragraphs == body


def test_a_title_above_a_comment_toolbar_is_still_the_title():
    raw = "\n".join([
        "Home", "News", "Sport", "Culture", "Weather",
        "Ransomware spreads through game links",
        "Write a comment",
        "Share this article:",
        "Researchers are warning of a new strain of ransomware spread through links in online forums and text messages.",
        "The malicious links claim to lead to a game, but install an app that encrypts the files on the phone.",
        "Victims are asked to pay in Bitcoin, and the note warns that their data will be lost within three days.",
        "Home", "News", "Sport", "Culture", "Weather",
    ])
    assert clean_text(raw, language="en").title == "Ransomware spreads through game links"


def test_a_comment_counter_above_the_article_does_not_make_it_the_thread():
    body = [
        "A powerful alliance of chefs and charities today urges the government to block imports of sub-standard food.",
        "In an open letter, they call on the prime minister not to trade away the country's food standards.",
        "The move comes as the trade secretary faces growing pressure in parliament to bolster protections.",
    ]
    thread = [
        f"Comment {n}: I have read the letter twice and I still do not see what the government could do about it "
        "when the trade talks are already this far along, but I hope somebody in parliament is listening to them."
        for n in range(1, 7)
    ]
    raw = "\n".join([
        "Home", "News", "Sport", "Culture", "Weather", "Travel", "Most read", "Login",
        "Chefs urge the government to protect food standards",
        "By Jane Doe", "e-mail", "845 shares", "560", "comments",
        *body,
        "Leave a comment",
        *thread,
    ])
    cleaned = clean_text(raw, language="en")
    assert cleaned.paragraphs == body
    assert_lines_partitioned(raw, cleaned)


def test_an_article_section_between_two_tables_stays_in_the_body():
    # The opening and closing sections outweigh the middle one, so the block search takes them
    # first; the middle section, between two tables whose cells come one per line, must join too.
    opening = [
        "The driver's qualifying record since 2018 shows a steady climb after a difficult first season in the team.",
        "He has beaten his team-mate in most sessions and closed the gap to the front of the midfield every year.",
        "His best starting position came in the wet, where his feel for the car made up for a lack of straight speed.",
        "The engineers say he now gives them the clearest feedback of any driver they have worked with in a decade.",
    ]
    middle = [
        "In races his record is less clean: small mistakes crept in whenever the car was hard to drive on old tyres.",
        "Still, he scored points in more than half of the races last season and finished on the podium twice.",
        "His team-mate, in his second season, finished ahead of him only four times in twenty-two races last year.",
    ]
    closing = [
        "Both drivers will start the new season with a car built to new rules, and the team expects a better start.",
        "The team principal said the aim is fifth place in the standings and regular points for both of its cars.",
        "Testing in Spain went well, with more laps than any other team and no breakdown on any of the three days.",
        "The younger driver said he had spent the winter in the simulator and felt ready to fight for points early.",
        "The first race of the season is in Bahrain in four weeks, and the team will bring a new floor to it.",
    ]
    table = ["Year", "2018", "2019", "2020", "2021", "Team-mate", "Hartley", "Kvyat", "Kvyat", "Tsunoda",
             "Score", "15:6", "7:14", "13:4", "21:1", "Average gap", "- 0.176", "+ 0.115", "- 0.405", "- 0.463"]
    raw = "\n".join(["Home", "Formula 1", "Results", "Standings", "Teams", "Drivers", "Login",
                     "Driver check: what the team's pair can do", *opening, *table, *middle, *table, *closing,
                     "Related articles", "Home", "Imprint", "Privacy"])
    cleaned = clean_text(raw, language="en")
    for paragraph in (*opening, *middle, *closing):
        assert paragraph in cleaned.paragraphs
    assert "15:6" not in cleaned.paragraphs


BODY_LINES = (
    "The county council voted on Tuesday to close the old bridge over the Wend after inspectors found deep cracks "
    "in two of its piers, the council's spokesperson said.\n"
    "Traffic will be diverted through the town centre until a temporary crossing opens, which the council expects "
    "to happen before the end of the summer.\n"
    "Residents who spoke at the meeting said the closure would add half an hour to their journeys to work and to "
    "the schools on the other side of the river.\n"
)


def test_headline_above_date_and_share_buttons_is_the_title():
    # laid out as a magazine page renders: menu, a teaser of the same story, a section label,
    # then the headline with its date, a comment count, share buttons and an ad label under it
    headline = "Council closes the old bridge after inspectors find cracks in two of its piers"
    raw = (
        "RIVERSIDE GAZETTE\nNEWS\nSEMINARS\nFORUM\nCONTACT\nSUBSCRIPTION\nSHOP\n"
        f"News {headline}\nADVERTISEMENT\nNews\n{headline}\n12 March 2024\n65\n"
        "Facebook\nTwitter\nPinterest\nWhatsApp\nADVERTISEMENT\n" + BODY_LINES
        + "About us\nContact\nPrivacy policy\n© 2024 Riverside Gazette\n"
    )
    cleaned = clean_text(raw, language="en")
    assert cleaned.title == headline and cleaned.title_line == 11
    assert cleaned.paragraphs[0].startswith("The county council voted")
    assert_lines_partitioned(raw, cleaned)


def test_headline_search_steps_over_an_agency_name_and_an_article_history_link():
    from slant.ingest.scrape_cleaner import _headline_above, _Line

    def line(text, pattern=None):
        return _Line(number=1, text=text, words=len(text.split()), stop_share=0.2, terminal=text.endswith("."),
                     pattern=pattern)

    headline = "Losing face: 6,000 surgical masks stolen from a hospital in Kobe"
    lines = [line(headline), line("JIJI"), line("Feb 18, 2020", "metadata"), line("Article history"),
             line("Online: Feb 18, 2020", "metadata"), line("SHARE", "share widget"),
             line("KOBE – A total of 6,000 surgical masks have been lost at a hospital in Kobe, it was learned.")]
    assert _headline_above(lines, 6) is lines[0]


def test_headline_search_steps_over_a_standfirst_a_photo_caption_and_a_long_row_of_share_buttons():
    from slant.ingest.leftover_patterns import TERMINAL
    from slant.ingest.scrape_cleaner import TITLE_SEARCH_LINES, _headline_above, _Line

    def line(text, pattern=None):
        return _Line(number=1, text=text, words=len(text.split()), stop_share=0.2,
                     terminal=bool(TERMINAL.search(text)), pattern=pattern)

    headline = "As the vote nears, the mayor has to answer for the bridge"
    lines = [line(headline),
             line("The closure brought detours, lost trade and a year of protests. Now the bill is due."),
             line("The mayor at the riverbank last week."), line("(Jane Doe / Riverside Gazette)", "caption"),
             line("By Sam Roe", "metadata"), line("Feb. 19, 2020", "metadata"),
             *[line(name, "share widget") for name in ("Facebook", "Twitter", "Share", "LinkedIn", "Email", "Print",
                                                        "Show more sharing options", "Copy Link", "Reddit")],
             line("The mayor faced the council on Tuesday for the first time since the bridge closed.")]
    assert _headline_above(lines, len(lines) - 1) is lines[0]
    # one sentence is stepped over, not two: a second one is body text the search has run into
    second = line("Traffic through the centre doubled in the first week, the council's figures show.")
    assert _headline_above([lines[0], lines[1], second, lines[-1]], 3) is None
    # a standfirst is a sentence or two: a long paragraph above the body is not stepped over
    paragraph = line("The council met. " * 11)
    assert _headline_above([lines[0], paragraph, lines[-1]], 2) is None
    # a headline that ends in "?" or "!" above a photo credit is the headline, not a caption
    for question in ("Who will pay for the bridge now that the council is broke?",
                     "Riverside wins the cup for the first time in forty years!"):
        above = [line("Home News Politics Sport Culture Weather"), line(question), line("Foto: dpa", "caption"), lines[-1]]
        assert _headline_above(above, 3) is above[1]
    # lines no pattern marks count towards the search, share buttons do not (up to the cap)
    names = [line(f"Jane Doe{n}") for n in range(TITLE_SEARCH_LINES + 1)]
    assert _headline_above([lines[0], *names[:TITLE_SEARCH_LINES], lines[-1]], TITLE_SEARCH_LINES + 1) is lines[0]
    assert _headline_above([lines[0], *names, lines[-1]], len(names) + 1) is None
    buttons = [line("Share", "share widget")] * 20
    assert _headline_above([lines[0], *buttons, lines[-1]], len(buttons) + 1) is lines[0]


def test_caption_or_date_is_not_taken_for_the_title():
    for first in ("Workers inspect the bridge on Monday. Photo: Jane Doe/Gazette", "Friday 22 April, 2022",
                  "22.04.2022", "Viernes 22 abril, 2022", "The 5th of May", "Le 1er mai 2024",
                  "Workers inspect the bridge on Monday. Credit: Jane Doe/Gazette"):
        cleaned = clean_text(first + "\n" + BODY_LINES, language="en")
        assert cleaned.title != first


@pytest.mark.parametrize("headline", [
    "« Nous fermerons le pont » : le maire de Lyon s'explique",
    "Le maire « ferme » le pont de la Wend pour six mois",
    "Tax credits: who qualifies for the new scheme in April",
])
def test_headlines_with_quotes_or_a_label_stay_whole(headline):
    cleaned = clean_text(headline + "\n" + BODY_LINES, language="fr" if "«" in headline else "en")
    assert cleaned.title == headline
    assert_lines_partitioned(headline + "\n" + BODY_LINES, cleaned)


@pytest.mark.parametrize(("trail", "headline"), [
    ("Home »", "Council closes the old bridge after inspectors find cracks"),
    ("Accueil » Politique »", "« Nous fermerons le pont » : le maire de Lyon s'explique devant le conseil"),
])
def test_breadcrumb_trail_ends_in_the_headline_outside_french_quotes(trail, headline):
    cleaned = clean_text(f"{trail} {headline}\n" + BODY_LINES, language="fr" if "«" in headline else "en")
    assert cleaned.title == headline
    assert any(r.text == trail.rstrip(" »") and r.reason == "navigation" for r in cleaned.removed)


def test_breadcrumb_trail_then_its_headline_gives_the_headline_once():
    headline = "Council closes the old bridge after inspectors find cracks"
    raw = f"Home » Local news » {headline}\n{headline}\n" + BODY_LINES
    cleaned = clean_text(raw, language="en")
    assert cleaned.title == headline and cleaned.title_line == 2
    assert headline not in cleaned.paragraphs
    assert_lines_partitioned(raw, cleaned)


def test_breadcrumb_trail_ends_in_the_title():
    raw = "Home » Local news » Council closes the old bridge after inspectors find cracks\n" + BODY_LINES
    cleaned = clean_text(raw, language="en")
    assert cleaned.title == "Council closes the old bridge after inspectors find cracks"
    assert any(r.text == "Home » Local news" and r.reason == "navigation" for r in cleaned.removed)


def test_figure_captions_do_not_lengthen_a_run_of_non_prose_lines():
    """A tutorial alternates code lines and figure captions: the captions must not make each
    further code line cost more, or the article is cut at its first figures."""
    from slant.ingest.scrape_cleaner import _escalate_gaps, _Line

    def line(pattern, weight):
        return _Line(number=1, text="x", words=1, stop_share=0.0, terminal=False, pattern=pattern, weight=weight)

    code_lines = [line(None, -10.0) for _ in range(3)]
    captions = [line("caption", -2.0) for _ in range(3)]
    lines = [item for pair in zip(code_lines, captions, strict=True) for item in pair]
    _escalate_gaps(lines)
    assert [code.weight for code in code_lines] == [-10.0, -20.0, -30.0]
    assert [caption.weight for caption in captions] == [-2.0, -2.0, -2.0]


def test_a_standfirst_printed_again_as_the_first_paragraph_is_kept_once():
    from slant.ingest.leftovers import repeated_lead_paragraphs

    lead = "Nadia Mohamed, 27, won with 58% of the vote in Tuesday's election, defeating her only rival."
    opening = "St. Louis Park appears to be the first U.S. city to have elected a Somali American mayor."
    caption = f"{opening} {lead} (screen grab)"
    paragraphs = [lead, caption, opening, lead, "The mayor did not seek reelection, and he endorsed her."]
    assert repeated_lead_paragraphs(paragraphs) == [0, 1]
    # a summary that says more than the paragraphs it quotes is not a copy
    summary = "Suitable for cars, lorries, motorcycles, quads, bicycles and machines. Compensates up to half the wear."
    assert repeated_lead_paragraphs([summary, "Suitable for cars, lorries, motorcycles, quads, bicycles and machines."]) == []
    # short refrains may come back
    assert repeated_lead_paragraphs(["Why now?", "Why now?"]) == []
    # a later paragraph and a pull quote taken from it are one paragraph quoted, not two
    rest = "Turnout was low."
    pull_quote = "won with 58% of the vote in Tuesday's election"
    assert repeated_lead_paragraphs([f"{lead} {rest}", lead, pull_quote, "The mayor thanked the voters."]) == []


def test_dump_drops_the_first_copy_of_a_repeated_standfirst():
    lead = ("The council voted on Tuesday to close the old bridge for repairs, a decision that will divert "
            "traffic through the town centre for six months.")
    raw = "\n".join([
        "Home", "News", "Council closes the old bridge", lead, "By Jane Doe",
        lead,
        "Engineers found cracks in two of the bridge's piers during an inspection in May, the council said in "
        "a statement, and repairs could not wait until the spring.",
        "Shop owners in the centre said they expected more customers, but residents worried about noise and "
        "the safety of children walking to school along the diverted route.",
        "Related posts", "Subscribe to our newsletter",
    ])
    cleaned = clean_text(raw)
    assert cleaned.paragraphs.count(lead) == 1
    assert [(entry.reason, entry.line) for entry in cleaned.removed if entry.text == lead] == [("repeated line", 4)]
    assert_lines_partitioned(raw, cleaned)


def test_a_dump_wrapped_at_a_fixed_width_reads_like_one_line_a_block():
    import textwrap

    paragraphs = [
        "The county council voted on Tuesday to close the old bridge over the Wend after inspectors found "
        "deep cracks in two of its piers, the council's spokesperson said.",
        "Engineers will begin the repairs in April. Traffic will be diverted through the town centre for "
        "six months, and a temporary footbridge will be built next to the old one for pedestrians.",
        "Shop owners in the centre said they expected more customers, but residents worried about noise "
        "and about the safety of children walking to school along the diverted route.",
    ]
    blocks = ["Home", "News", "Sport", "Council closes the old bridge", *paragraphs, "About us", "Contact"]
    wrapped = "\n\n".join(textwrap.fill(block, 72) for block in blocks)
    cleaned = clean_text(wrapped, language="en")
    assert cleaned.paragraphs == paragraphs
    assert cleaned.title == "Council closes the old bridge"


def test_unwrapping_keeps_paragraphs_that_blank_lines_part_and_mends_words_broken_at_hyphens():
    import textwrap

    from slant.ingest.scrape_cleaner import _unwrap

    paragraphs = [
        "The council voted on Tuesday to close the old bridge. Engineers found cracks in two of its piers "
        "in May, and the well-known crossing will stay shut for six months while the repairs go on.",
        "Shop owners said they expected more customers. Residents worried about noise and about the "
        "safety of children walking to school along the diverted route through the town centre.",
        "The works will cost about four million euros. The regional government has promised to pay "
        "half of it, the council said, and the rest will come from the town's own reserves next year.",
    ]
    lines = "\n\n".join(textwrap.fill(paragraph, 60) for paragraph in paragraphs).split("\n")
    assert [line for line in _unwrap(lines) if line] == paragraphs


def test_a_dump_of_short_menu_lines_is_not_unwrapped():
    from slant.ingest.scrape_cleaner import _unwrap

    menu = ["Was sind elektromagnetische Felder? Eine Einführung für Eltern und Lehrer",
            "Hochfrequente Felder im Alltag und ihre Wirkung auf den Körper des Menschen",
            "Freie Sprechfunkdienste und Amateurfunk: was erlaubt ist und was nicht",
            "Rundfunk und Fernsehen: Sendeanlagen in der Nähe von Wohngebieten",
            "Mobilfunk und Kinder: Empfehlungen des Bundesamtes für Strahlenschutz",
            "Radon in Wohnungen: Messungen, Grenzwerte und Schutz vor dem Edelgas"]
    assert _unwrap(menu) == menu


def test_an_article_split_by_a_related_box_keeps_its_first_half():
    first_half = [
        "The software company said on Thursday it aims to remove more carbon from the atmosphere than it emits "
        "by 2030, and all the carbon it has emitted since it was founded by 2050.",
    ]
    second_half = [
        "The announcement is the latest in a flurry of climate goals set by large companies under pressure from "
        "investors and employees to act faster on global warming.",
        "The company plans to cut its emissions by more than half by 2030 across its supply chain, the "
        "president said at the company's headquarters on Thursday afternoon.",
        "He added that the company will also expand an internal fee that it has charged its business groups "
        "for their emissions since 2012, to cover the emissions of its suppliers.",
        "The fund will invest in carbon removal technology that does not yet exist at scale, such as direct "
        "air capture, and in forests and soils that store carbon for decades.",
    ]
    raw = "\n".join([
        "Home", "News", "Business", "Company moves to erase its carbon footprint", "Updated: January 16, 2020",
        "Share", *first_half, "Related",
        "How one Calgary company turns CO2 into soap", "Canada leads the way in carbon capture",
        *second_half, "Comments", "Be the first to comment",
    ])
    cleaned = clean_text(raw, language="en")
    assert cleaned.paragraphs == first_half + second_half
    # above a list of the latest stories, the paragraph belongs to another story
    other_story = raw.replace("\nRelated\n", "\nLatest news\n")
    paragraphs = clean_text(other_story, language="en").paragraphs
    assert first_half[0] not in paragraphs and all(paragraph in paragraphs for paragraph in second_half)


def test_a_bare_date_under_the_headline_leaves_the_dump_body():
    raw = "\n".join(["Blog", "About", "Copy and paste from tmux to the system clipboard", "2020-01-16", *BODY_LINES.split("\n")])
    cleaned = clean_text(raw, language="en")
    assert "2020-01-16" not in cleaned.paragraphs
    assert [(entry.reason, entry.line) for entry in cleaned.removed if entry.text == "2020-01-16"] == [("metadata", 4)]
    assert_lines_partitioned(raw, cleaned)


def test_a_suggested_articles_heading_ends_a_dump_before_the_teasers_under_it():
    article = [
        "Flood defences on the river will be raised by half a metre before the winter, the regional water board "
        "said on Monday, after two years in which the old walls were overtopped twice.",
        "The works start in the first week of September and close the towpath for three months. Cyclists will be "
        "sent along the road through the villages, which the board says it will light for the first time.",
        "The board expects to spend about 12 million euros. Half of it comes from the national flood fund, the "
        "rest from the levy that landowners along the river already pay each year.",
        "Farmers on the low fields north of the town have asked for the same. The board said their case would be "
        "heard in the spring, once the engineers have measured how far the water reached in the last two floods.",
        "The mayor welcomed the plan but said the town had waited too long. \"We were promised these walls after "
        "the first flood,\" she told the council, \"and the second one came before a single stone was laid.\"",
    ]
    teasers = [
        "Suggested articles",
        "Why the dunes of the north coast are moving inland",
        "Researchers worry that this winter's storms took more sand from the beaches than any before.",
        "Harbour town votes to rebuild its sea wall",
        "The council agreed on Tuesday to borrow the money for a new wall.",
    ]
    menu = ["Home", "News", "Sport", "Weather", "Subscribe", "Search"]
    cleaned = clean_text("\n".join([*menu, "River walls to be raised before winter", *article, "Share this article:",
                                     *teasers, "Contact us", "Privacy policy", "Terms of use"]))
    assert cleaned.paragraphs == article
    assert ("Suggested articles", "section footer") in [(r.text, r.reason) for r in cleaned.removed]


def test_a_comment_button_with_an_emoji_between_paragraphs_does_not_end_the_dump():
    paragraphs = [
        "The city council voted on Tuesday evening to build twelve kilometres of new cycle lanes in the centre, "
        "after a debate that lasted more than four hours.",
        "The plans give the main roads out of the centre their own cycle lanes, separated from the traffic by a "
        "kerb, and close two side streets to cars altogether.",
        "The head of the retailers' association said they were not against cycle lanes as such, but feared that "
        "customers from the suburbs would stop coming.",
        "The Greens welcomed the decision. Their leader called it an overdue step that would make the centre safer "
        "for children on their way to school.",
    ]
    menu = ["Home", "News", "Sport", "Weather", "Search"]
    dump = "\n".join([*menu, "Council approves new cycle lanes for the city centre", paragraphs[0], "Comment 💬",
                      *paragraphs[1:], "Contact us", "Privacy policy"])
    assert clean_text(dump).paragraphs == paragraphs
