"""The patterns behind :func:`slant.ingest.leftovers.is_leftover`: page furniture by kind.

Each pattern lists its wording in English, Russian, German, French, Italian and Polish (with a
few Spanish, Portuguese and Dutch phrases where scrapes carry them) inside one expression, so
that a line is matched whatever the page's language. Each is anchored on the whole
(normalised) line, so that a body sentence that merely mentions a photo or a cookie is never
taken for furniture.

The last few expressions measure a line's shape (final punctuation, words, letters, CJK
characters); the scrape cleaner uses them too.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE | re.UNICODE


def _words(*alternatives: str) -> str:
    return "(?:" + "|".join(alternatives) + ")"


_CAPTION_WORDS = _words(
    r"photo(?:s|graph|graphs)?", r"pictures?", r"images?", r"illustration", r"video", r"source",
    r"credits?", r"(?:photo|image) credit", r"graphic", r"screenshot", r"footage",
    r"фото(?:графия)?", r"видео", r"источник", r"иллюстрация", r"кадр(?: из видео)?", r"скриншот",
    r"фотография", r"коллаж",
    r"foto(?:s|grafie)?", r"bild(?:er)?", r"quelle", r"grafik", r"bildquelle", r"abbildung", r"symbol(?:bild|foto|grafik)",
    r"crédits?(?: photos?)?", r"légende", r"vidéo", r"capture d'écran",
    r"immagine", r"fonte", r"fotografia",
    r"fot\.?", r"zdjęcie", r"źródło", r"ilustracja", r"wideo", r"grafika",
)
CAPTION_LABEL = re.compile(
    r"^(?:beitragsbild|titelbild|titelfoto|aufmacherbild|symbolbild|featured image|header image|cover image|"
    r"image d'illustration|photo d'illustration|image illustrative|photo illustrative|immagine di copertina|"
    r"foto di repertorio|zdjęcie ilustracyjne|"
    r"иллюстративное фото)(?:\s*(?:[:|/©]|\bby\b)\s*.{0,200})?$",
    _I,
)
# "Image caption, The minister arrives", "Image source, Getty Images", "toggle caption": a news page's
# caption labels with what follows them.
CAPTION_TAG = re.compile(
    r"^(?:(?:image|media|photo|video) (?:caption|source|copyright)(?:\s*[,:].{0,200}|(?-i:[A-Z]).{0,200})?|"
    r"(?:hide|toggle|show) caption)$",
    _I,
)
# "… at the White House. REUTERS/Jane Doe", "Jane Doe/NPR": a caption ending in, or made of, its
# photographer's credit written Name/Agency.
CAPTION_AGENCY_TAIL = re.compile(
    r"^(?:.{10,200}\s)?(?:REUTERS|AFP|EPA(?:-EFE)?|AP Photo|Getty Images)\s*/\s*[\w .'’-]{2,40}\.?$|"
    r"^\([A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3} / [A-Z][\w'’.&-]+(?: [A-Z][\w'’.&-]+){0,4}\)$|"
    r"^[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3}/"
    r"(?:[A-Z]{2,6}|Getty Images|AP Photo|Reuters|Bloomberg|Shutterstock|Alamy|The [A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,2})$",
)
# The photo agencies' own caption forms, which a page's image descriptions and galleries carry:
# Getty's "LONDON, ENGLAND - MARCH 09: Prince Harry …" (place in capitals, then the month in
# capitals and a two-digit day: an editor's "CORRECTION - JUNE 4, 2023:" or a timeline's "US - MAY
# 1:" is text), AP's "FILE - President Joe Biden speaks …" and "In this photo released by the U.S.
# Army, …" (the agent, then a comma), and a caption ending in its photographer's credit, "(AP
# Photo/Jane Doe)", "(Reuters/Benoit Tessier)". An agency's tag closing a paragraph ("(AFP/dpa)") or
# a poll's credit ("(Reuters/Ipsos)") is no caption, nor is a dateline ("LONDON (AP) —"). Like
# every line pattern, read on lines of at most 400 characters.
AGENCY_CAPTION = re.compile(
    r"^(?:(?!(?:UPDATED?|CORRECTION|CLARIFICATION|EDITOR'?S NOTE|AGENDA|PROGRAMM?E?|TIMELINE)\b)"
    r"[A-Z][A-Z.'’-]*(?:,? [A-Z][A-Z.'’-]*){0,5} - (?:(?:JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|"
    r"SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER) \d{2}(?:, \d{4})?|UNSPECIFIED): |"
    r"FILE(?: PHOTO)? [-–—] |"
    r"In this (?:\w+ )?(?:photo|image|picture)(?: \w+)? (?:released|provided|taken|made available|distributed) "
    r"by [^,]{2,80}, )\S|"
    r"^.{10,}\s\((?:(?:AP|AFP|EPA|UPI) Photo|(?:AP|AFP|EPA|Reuters|UPI))/"
    r"(?:[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3}|(?<=Photo/)[^()]{2,60})(?:, [Ff]ile)?\)\.?$"
)
# "Gallery: Coronavirus outbreak around the world (Photo Services)": the label of a gallery set in
# the page. Only with its colon, and a plain "Gallery:" only with the gallery's source after it:
# a gallery is also news ("Gallery by the sea reopens …") and an exhibition's venue ("Galerie:
# Thomas Schulte, Charlottenstraße 24. Bis 30. April.").
GALLERY_LABEL = re.compile(
    r"^(?:(?:bilder|foto)galerie|photo gallery|galerie photos?|fotogalleria|galeria zdjęć|фотогалерея|slideshow|"
    r"diaporama)\s*:\s*\S.{0,160}$|"
    r"^(?:gallery|galleria|galeria|galerie|галерея)\s*:\s*\S.{0,160}\([^()]{2,40}\)$",
    _I,
)
CAPTION_LINE = re.compile(rf"^[(\[]?{_CAPTION_WORDS}\s*(?:[:：|/©]|by\b|von\b|de\b|di\b)\s*\S.{{0,160}}$", _I)
# "… (Foto: dpa)", "… Photo: Reuters": a caption that ends in its credit.
CAPTION_CREDIT_TAIL = re.compile(
    rf"^.{{0,180}}[(\[]\s*{_CAPTION_WORDS}\s*(?:[:/©]|by\b)\s*[^()\[\]]{{1,60}}[)\]]\.?$|"
    rf"^[(\[]\s*(?:{_CAPTION_WORDS}|quelle|source|fonte|źródło|источник)\s*:[^()]{{1,120}}[)\]]\.?$|"
    r"^.{0,180}\s©\s*[^\s©.?!][^©.?!]{1,60}$",
    re.IGNORECASE,
)
# "… at one of the daily briefings. Photo: Jane Doe/AFP", "… ahead of a match. (FILE)", "… in Las
# Croabas. By U.S. CUSTOMS AND BORDER PROTECTION": a caption's credit after its last sentence.
# Searched for (``classify_line`` asks that a caption come before it), which is faster than
# matching from the start of the line.
CAPTION_TRAILING_CREDIT = re.compile(
    r"[.!?”\"]\s+(?:photos?|pictures?|images?|foto(?:s|grafie)?|bild(?:er)?|фото|zdjęcie|fot\.|"
    r"(?:photo|image) credit|credits?)\s*:\s*[^.:!?]{2,60}$|"
    r"\s[(\[](?:file|file photo|archive|archivbild|archivfoto|photo d'archive|foto d'archivio)[)\]]\.?$|"
    r"[.!?]\s+(?-i:By [A-Z][A-Z.&'’ -]{3,60})$",
    re.IGNORECASE,
)
CAPTION_BARE = re.compile(
    r"^(?:fot\.|phot\.|foto|photo)\s+[\w .,/&-]{2,60}$|^[(\[]?(?:©|\(c\))?\s*(?:getty images|reuters|ap photo|afp|epa|shutterstock|dpa|ria novosti|"
    r"риа новости|тасс|ria|pap|ansa|istock(?:photo)?|agencies)(?:\s*/\s*[\w .-]+)?[)\]]?\.?$",
    _I,
)

# "Courtesy of Forests News", "(Photo courtesy of the family)": a picture's credit on its own line.
CAPTION_COURTESY = re.compile(
    r"^[(\[]?(?:(?:photos?|images?|videos?|pictures?|graphics?|illustrations?|maps?|charts?)\s+courtesy(?:\s+of)?|"
    r"courtesy of)\s*:?\s+"
    r"[^.!?,;]{2,60}[)\]]?\.?$",
    _I,
)
# "Figure 3: The number of cases per week.", "Abbildung 4: klassische Schwachschicht": a numbered
# figure's caption ("Figure 3 shows …" opens a sentence and stays).
FIGURE_CAPTION = re.compile(
    r"^(?:figure|fig\.|abbildung|abb\.|figura|rysunek|rys\.|рисунок|рис\.)\s*\d{1,3}[a-z]?\s*[:–—-]\s+\S.{0,200}$",
    _I,
)

CALL_TO_ACTION_LINE = re.compile(
    r"^(?:"
    r"keep reading|(?:lee|lea|vea|mir[aá]) (?:también|además|más)\b.*|(?:le|te) puede interesar\b.*|"
    r"también(?: (?:puede|puedes) (?:leer|ver))?\s*:.*|"
    r"leia (?:também|mais)\b.*|lees ook\b.*|"
    r"watch(?: the)? video(?: on (?:the|this) topic)?(?: \d{1,2}:\d{2})?|watch(?: now| more| live)?|watch:.*|"
    r"(?:video|audio|podcast) (?:ansehen|anhören|abspielen)(?: \d{1,2}:\d{2})?|play video|"
    r"click here.*|read (?:also|more|next|the full (?:story|article))\b.*|see also\b.*|also read\b.*|"
    r"read the rest(?: of (?:this|the) (?:entry|post|story|article))?[\W_]*$|"
    # "Related: <headline>", "RELATED COVERAGE: …", "MORE: …", "Read: …", "LISTEN: …": a link to another story set in the
    # article; the colon keeps sentences that start with the word out
    r"(?![^\n]*\.$)(?![^\n]*[.!?][”\"’»]$)(?:"  # a headline, not a sentence ending in a full stop ("More: 40 per cent said so.")
    r"related(?: (?:stor(?:y|ies)|articles?|coverage|content|links?|reading|news|posts?|videos?))?\s*:\s*\S.*|"
    r"more\s*:\s*\S.{0,150}|(?:read|listen|check (?:it )?out)\s*:\s*\S.{0,150}|"
    r"(?:noticias?|notas?|art[ií]culos?) relacionad[ao]s?\s*:.*|relacionad[ao]s?\s*:\s*\S.*|"
    r"(?:articol[oi] )?correlat[oi]\s*:\s*\S.*|(?:verwandte|ähnliche) (?:artikel|beiträge|themen)\s*:\s*\S.*|"
    r"sur le même sujet\s*:\s*\S.*|articles? liés?\s*:\s*\S.*|"
    r"powiązane(?: artykuły)?\s*:\s*\S.*|связанные (?:материалы|новости|статьи)\s*:.*)|"
    r"more on (?:this|the) (?:topic|story)\b.*|more on (?!(?:that|this|it|these|those)\b)[^.:!?]{2,40}:|continue reading.*|listen to (?:this|the) (?:article|story).*|"
    r"(?:(?:artikel|beitrag) (?:vorlesen|anhören)(?: lassen)?|(?:é|e)couter (?:cet |l')article|"
    r"ascolta (?:l'|questo )articolo|posłuchaj (?:tego )?artykułu|(?:про)?слушать (?:статью|новость|материал))"
    r"(?:\s*[(:]?\s*\d{1,2}(?::\d{2}| ?min\.?)\)?)?|"
    r"download (?:the|our) app.*|follow us on.*|join us on.*|like us on (?:facebook|instagram)\b.*|liken sie uns auf facebook\b.*|"
    r"follow [\w@&.'’ -]{1,50} on (?:twitter|facebook|instagram|linkedin|telegram|tiktok|youtube|threads|x)\b.*|"
    r"(?:for (?:the )?(?:latest|breaking|more|all)\b.{1,80}?,? )?download (?:the|our) [\w .'’-]{0,40}?\bapps?\b.*|"
    r"(?:give|send) us (?:your )?feedback\b.*|we want to hear (?:what you think|from you)\b.*|"
    r"(?:have|got) a (?:confidential )?(?:news )?tip\?.{0,120}|watch next|now playing|"
    r"(?:submit|send|write) (?:a |your )?letter to the editor\b.*|"
    # an event's promotion set in the page ("RSVP for our panel on …"), a pitch's opening question
    # ("Interested in learning more about AMP?", its sign-up line follows)
    r"rsvp (?:for our|now|here|today)\b.{0,160}|"
    r"interested in (?:learning|hearing|reading|knowing) more(?: about [^?]{1,80})?\?|"
    r"(?:let|tell) us (?:know )?in the comments\b.*|"
    r"(?:what do you think|what are your thoughts|thoughts)\?.{0,160}\b(?:in the comments|comments? (?:below|section))\b.{0,120}|"
    r"please (?:spare some time to |take a (?:moment|minute) to )?(?:comment|leave a comment) below[.!]?"
    r"(?:,? (?:and )?let(?:ting)? us know\b.{0,120})?|"
    r"want to (?:know|learn|read|hear) more about [^?]{1,100}\?\s*(?:follow|read|check|visit|subscribe|sign up|"
    r"listen|watch)\b.{0,120}|(?:verraten|schreiben) sie (?:uns )?(?:gerne )?(?:unten )?in den kommentaren\b.*|"
    r"dites-(?:le-)?nous (?:tout )?en commentaires?\b.*|"
    r"weitere informationen (?:zu[mr]?|über|für) [^,.;:]{1,50}:|more information (?:on|about) [^,.;:]{1,50}:|"
    r"(?:weitere |mehr )?infos? (?:unter|auf) (?:www\.|https?://)\S+|(?:more )?info(?:rmation)? (?:at|on) (?:www\.|https?://)\S+|"
    r"(?:view|enlarge|show) (?:the )?(?:image|photo|picture|gallery)|(?:bild|bilder|foto|fotos|galerie) "
    r"(?:anzeigen|vergrößern|öffnen)|vorschau auf (?:den|das) nächsten? (?:artikel|beitrag)|"
    r"(?:agrandir|voir) (?:l'image|la photo)|ingrandisci (?:l'immagine|la foto)|powiększ (?:zdjęcie|obraz)|"
    r"увеличить (?:фото|изображение)|"
    r"(?:unterstütze|unterstützen sie|support|soutenez|sostieni|wesprzyj|поддержите) (?:uns|unsere arbeit|"
    r"unabhängigen journalismus|us|our (?:work|journalism)|independent journalism|nous|notre (?:travail|journalisme)|"
    r"ci|il nostro lavoro|nas|naszą pracę|нас|нашу работу|проект|meine arbeit|my work|mon travail|il mio lavoro|"
    r"moją pracę|мою работу)!?|jetzt unterstützen!?|"
    r"(?:jetzt )?spenden|faire un don|dona ora|wpłać darowiznę|пожертвовать|donate(?: now)?|"
    r"(?:bewerten|rate this(?: article| post)?|notez cet article|valuta (?:questo articolo|l'articolo)|"
    r"oceń (?:artykuł|tekst)|оцените (?:статью|материал))\s*:?|"

    r"смотрите(?: также)?(?: видео)?(?: по теме)?.*|смотреть видео.*|читайте (?:также|еще|ещё|далее|подробнее)\b.*|"
    r"читать (?:также|далее|полностью).*|подробнее:?.*|по теме:?.*|"
    r"подписывайтесь\b.*|присоединяйтесь\b.*|следите за .*|"
    r"lesen sie (?:auch|mehr|hier)\b.*|mehr (?:zum thema|zu (?:dem|diesem) thema|dazu|lesen)\b.*|weiterlesen.*|auch interessant:?.*|"
    r"video ansehen.*|jetzt (?:lesen|ansehen|abonnieren|weiterlesen)\b.*|folgen sie uns.*|"
    r"mehr themen:?.*|zum weiterlesen:?.*|auch lesen:.*|siehe auch\s*:?|"
    r"(?:[aà] )?lire (?:aussi|également|la suite|plus)\b.*|voir aussi\b.*|regarder la vidéo.*|suivez-nous.*|"
    r"leggi (?:anche|tutto|di più)\b.*|guarda (?:il|anche) video.*|seguici su.*|vedi anche\b.*|"
    r"czytaj (?:też|także|więcej|dalej)\b.*|zobacz (?:też|także|wideo|więcej)\b.*|przeczytaj (?:też|także)\b.*|"
    r"obserwuj nas.*|"
    r"explore further|learn more(?: about [^.!?]{1,80})?|find out more|more info(?:rmation)?:?|further information:?|"
    r"join our [^.!?]{1,60}\b(?:group|community|newsletter|mailing list|channel|server)\b[^.!?]{0,60}|"
    r"(?:if you(?:'|’)re (?:on|using) [^,]{1,60}, )?click here to (?:watch|read|listen|see|view|sign up|subscribe|"
    r"download|follow)\b.{0,80}|follow @\w{1,30}|"
    r"(?:back|return) to (?:the )?(?:overview|list|top|home(?:page)?|all \w+).*|to all (?:posts|articles|news)|"
    r"(?:back|return) to (?:the )?(?:news|articles|stories|blog)|"
    r"(?:zurück )?zu(?:r|m)? (?:startseite|übersicht|homepage|home)|zurück zu(?:r|m)? .{1,40}|zu allen (?:beiträgen|artikeln|news|nachrichten).*|weitere informationen:?|"
    r"mehr (?:\w+ )?(?:kolumnen|artikel|beiträge|news|nachrichten|videos) (?:auf|von|zu|bei) .{1,40}|mehr erfahren|"
    r"originalbeitrag|zum (?:artikel|beitrag|video)|"
    r"retour (?:à|au|aux) .{1,40}|en savoir plus|plus d'infos?|"
    r"torna (?:a|al|alla) .{1,40}|scopri di più|per saperne di più|"
    r"wróć do .{1,40}|powrót do .{1,40}|dowiedz się więcej(?::.*)?|więcej informacji:?|"
    r"вернуться (?:к|на) .{1,40}|на главную(?: страницу)?|узнать больше|подробности:?"
    r")$",
    _I,
)

SUBSCRIPTION_LINE = re.compile(
    r"^(?:subscribe\b.{0,100}|sign up (?:for|to) (?:our|the|get|receive) .{0,100}|get (?:our|the) (?:newsletter|daily).{0,80}|"
    r"get (?:the (?:latest|best|top)|our|breaking|daily|all the) .{0,80}(?:delivered )?(?:to|in|straight to) your inbox"
    r"(?:[ ,]+(?:every \w+|each \w+|daily|weekly))?(?: with (?:the|our) [\w'’ -]{1,40})?[.!]?|"
    r"get (?:the )?[\w'’&. -]{1,40}?(?:daily|weekly|morning|evening) (?:edition|newsletter|briefing|digest)\b.{0,100}|"
    r"(?-i:[A-Z0-9][\w'’&.-]* ){1,3}(?-i:N|n)ewsletter|hazte (?:miembro|socio)\b.{0,100}|suscr[ií]bete\b.{0,100}|"
    r"to (?:continue reading|(?:read|view|see) the (?:full|entire|whole|rest of the) (?:story|article)|"
    r"access this (?:article|story|content))\b(?=.{0,100}\b(?:subscri\w+|sign in|log in|register)\b).{0,200}|"
    r"if you(?:'|’)re (?:seeing this message but you(?:'|’)re )?already a (?:subscriber|member)\b.{0,160}|"
    r"already (?:a )?(?:subscriber|member|registered)\?\s*(?:log|sign) ?in\b.{0,60}|we respect your privacy\.?|"
    r"want (?:more|to read more)\b[^?]{0,60}\?\s*(?:sign up|subscribe)\b.{0,120}|"
    r"(?:zum |für den )?newsletter anmelden.{0,60}|"
    r"(?:we(?:'ve| have) (?:just )?sent you an e-?mail|wir haben (?:ihnen|dir) (?:soeben |gerade )?eine e-?mail geschickt|"
    r"nous vous avons envoyé un e-?mail|ti abbiamo (?:appena )?inviato una e-?mail|wysłaliśmy (?:ci|do ciebie) e-?mail\w*|"
    r"мы отправили вам (?:письмо|e-?mail))\b.{0,160}\b(?:confirm|bestätig|confirmer|conferm|potwierdz|подтвер)[^,;]{0,60}|"
    r"[\w'’&.]{2,30}-newsletter|(?:verpasse|verpassen sie) keine (?:news|nachrichten|neuigkeiten)\b.{0,80}|"
    r"never miss (?:a|any) (?:story|stories|news|update)\b.{0,80}|"
    # what a newsletter box says about itself: "Headlines delivered to your inbox", "… a roundup of
    # essential stories, delivered to your inbox daily.", "You can unsubscribe at any time …"
    r".{0,160}\bdelivered (?:straight |right |directly )?to your inbox(?:es)?(?: (?:every \w+|each \w+|daily|weekly))?[.!]?|"
    r"join\b.{0,120}\b(?:stories|news|headlines|links|articles|updates|newsletters?)\b[^.,;]{0,60}\bdelivered "
    r"(?:straight |right |directly )?to their inbox(?:es)?(?: (?:every \w+|each \w+|daily|weekly))?[.!]?|"
    r"(?:no spam[.,!]? (?:we promise[.!]? )?)?you (?:can|may) (?:always )?unsubscribe\b[^,;]{0,40}\bat any time"
    r"(?:[.!](?:\s(?:and |we |your ).{0,160})?|\s+and (?:we|we(?:'|’)ll|we will|your (?:e-?mail|data|details|address))\b.{0,160})?|"
    r"(?:sie können|du kannst) (?:den|diesen|unseren|unsere) newsletter jederzeit (?:wieder )?(?:abbestellen|abmelden|kündigen)\b.{0,120}|"
    r"(?:simply |just )?(?:pop|enter|put|type|drop) your e-?mail(?: address)? (?:in|into) the (?:box|field|form)\b.{0,200}|"
    r"every (?:day|week|weekday|morning|evening) we(?:'|’)ll send you\b.{0,200}|"
    r"then sign up (?:for|to) our .{0,200}|"
    r"join (?:now|today)(?: or renew)?(?: to get)?\s*[:!.]?|"
    r"receive our (?:daily |weekly |monthly )?newsletter\b.{0,120}|"
    r"immer informiert bleiben mit (?:dem|unserem) .{0,60}newsletter\b.{0,60}|"
    r"(?:follow (?:this )?blog (?:via|by) e-?mail|blog per e-?mail (?:folgen|abonnieren)|suivre (?:ce )?blog par e-?mail|"
    r"segui (?:questo )?blog (?:via|tramite) e-?mail|obserwuj blog (?:przez|za pośrednictwem) e-?mail\w*|"
    r"подписаться на блог по (?:электронной почте|e-?mail))|"
    r"(?:enter|gib) (?:your|deine|ihre) e-?mail[- ]adress\w*\b.{0,40}\b(?:follow|folgen|subscribe|abonnieren)\b.{0,120}|"
    r"um neue beiträge per e-?mail zu erhalten\b.{0,80}|"
    r"(?:entrez|saisissez) votre adresse (?:e-?)?mail pour (?:suivre|vous abonner)\b.{0,120}|"
    r"inserisci il tuo indirizzo (?:e-?)?mail per (?:seguire|iscriverti)\b.{0,120}|"
    r"wpisz swój adres e-?mail\w*,? aby (?:śledzić|subskrybować)\b.{0,120}|"
    r"введите (?:ваш|свой) (?:email|e-mail|адрес)\b.{0,40}\b(?:подписаться|следить)\b.{0,120}|"
    r"by (?:submitting|signing up|subscribing|clicking)\b.{0,160}\byou(?:(?:'|’)re| are)? (?:agree|agreeing|consent|accept)\w*\b"
    r".{0,80}\b(?:terms|privacy|communications?|e-?mails?|newsletters?)\b.{0,160}|"
    r"mit (?:der|deiner|ihrer) (?:anmeldung|registrierung) (?:stimmst du|stimmen sie|akzeptierst du|akzeptieren sie|"
    r"erklärst du|erklären sie)\b.{0,80}\b(?:datenschutz\w*|nutzungsbedingungen|agb|newsletter)\b.{0,160}|"
    r"en (?:vous inscrivant|soumettant|cliquant)\b.{0,160}\b(?:acceptez|consentez)\b.{0,80}"
    r"\b(?:conditions|confidentialité|newsletter)\b.{0,160}|"
    r"(?:iscrivendoti|cliccando)\b.{0,160}\b(?:accetti|acconsenti)\b.{0,80}\b(?:termini|privacy|newsletter)\b.{0,160}|"
    r"(?:zapisując się|klikając)\b.{0,160}\b(?:akceptujesz|zgadzasz)\b.{0,80}\b(?:regulamin\w*|prywatności|newslettera?)\b.{0,160}|"
    r"(?:подписываясь|нажимая)\b.{0,160}\b(?:соглашаетесь|принимаете|соглашаешься|принимаешь)\b.{0,80}\b(?:услови\w+|конфиденциальност\w+|рассылк\w+)\b.{0,160}|"
    r"zapraszamy (?:też |również |także )?do (?:subskrypcji|zapisania się|obserwowania)\b.{0,100}|"
    r"this (?:article|content) is (?:only )?(?:for|available to) (?:subscribers|members)\b.{0,60}|"
    r"(?:jetzt )?weiterlesen mit .{1,60}|"
    r"pour (?:accéder|lire) (?:en illimité|la suite|l'intégralité)\b(?=.{0,100}\b(?:abonn\w+|connectez)).{0,100}|"
    # the same lead-in alone on its line, its button on the next
    r"pour (?:accéder|lire) (?:en illimité|la suite|l'intégralité)(?: (?:de (?:cet|l')article|du contenu))?\s*[:.]?|"
    r"per (?:continuare a leggere|leggere l'articolo completo)\b(?=.{0,100}\b(?:abbona\w+|accedi|registrati)).{0,100}|"
    r"aby (?:czytać|przeczytać) (?:dalej|cały artykuł)\b(?=.{0,100}\b(?:subskrypcj\w+|zaloguj|wykup\w*)).{0,100}|"
    r"чтобы (?:продолжить чтение|прочитать (?:статью|материал) полностью)\b(?=.{0,100}(?:подпи|войдите|зарегистр)).{0,100}|"
    r"newsletter(?: sign-?up)?:?|"
    r"подпи(?:шитесь|саться)\b.{0,100}|рассылка.{0,60}|"
    r"abonnieren\b.{0,80}|newsletter abonnieren.{0,60}|jetzt anmelden.{0,60}|"
    r"(?:s'abonner|abonnez-vous|inscrivez-vous)\b.{0,100}|"
    r"(?:abbonati|iscriviti)\b.{0,100}|"
    r"(?:subskrybuj|zapisz się|zasubskrybuj)\b.{0,100}"
    r")$",
    _I,
)

# A membership pitch: what a subscription gives the reader ("you'll get unlimited digital access",
# a welcome gift). Taken only when it addresses the reader (ADDRESSES_READER) and reports no
# one's words, since news of the media business uses the same words ("Subscribers pay $25 a
# month for unlimited digital access").
MEMBERSHIP_PITCH = re.compile(
    r"^(?:.{0,120}\bunlimited digital access\b.{0,160}|first-time (?:subscribers|members) (?:also )?(?:get|receive)\b.{0,200}|"
    r".{0,80}\b(?:unbegrenzten?|unbeschränkten?) zugriff auf alle (?:artikel|inhalte)\b.{0,120}|"
    r".{0,80}\baccès illimité à (?:tous )?(?:nos |les )?(?:articles|contenus)\b.{0,120}|"
    r".{0,80}\baccesso illimitato a (?:tutti )?(?:gli articoli|i contenuti)\b.{0,120}|"
    r".{0,80}\bnieograniczony dostęp do (?:wszystkich )?(?:artykułów|treści)\b.{0,120}|"
    r".{0,80}\bнеограниченный доступ ко? (?:всем )?(?:материалам|статьям)\b.{0,120})$",
    _I,
)
# "Never miss the latest news by signing up …", "Restez informés : inscrivez-vous …": a pitch is
# taken only when it names what it sells (a newsletter, an app, alerts), since "Stay informed
# about the risks, officials urged" opens body sentences too.
NEWSLETTER_PITCH = re.compile(
    r"^(?:never miss|don(?:'|’)?t miss|(?:do you )?want to (?:be|stay) (?:informed|up to date)|stay (?:informed|up to date)|"
    r"verpassen sie (?:keine|nichts)|bleiben sie (?:auf dem laufenden|informiert)|"
    r"ne manquez (?:rien|aucun)|restez informés?|non perdere|resta aggiornat[oi]|"
    r"nie przegap|bądź na bieżąco|не пропустите|будьте в курсе)\b"
    r"(?=.{0,160}\b(?:newsletter\w*|subscribe|sign[ -]?up (?:here|now|today|below)|abonnieren|abonnez-vous|lettre d'information|iscriviti alla|"
    r"subskrybuj|zapisz się do|подпишитесь|рассылк\w+)\b).{0,200}$",
    _I,
)

# A site speaking of its own newsletter: "Abonniere unseren Newsletter", "Mit unserem Newsletter
# bleiben Sie informiert", "Recevez gratuitement notre newsletter", "Sign up for email newsletters",
# "Ja, ich möchte den Newsletter erhalten": an imperative or a consent line (NEWSLETTER_SELF), or the
# site's own "our newsletter" within six words of a sentence's start (NEWSLETTER_OWN) on a line that
# speaks to the reader or is no statement (READER_ADDRESS) and reports no one's words
# (REPORTING_CLAUSE); classify_line asks for all three. "The mayor said our newsletter had
# misrepresented him." and "Die Partei hat ihren Newsletter eingestellt." stay.
_NEWSLETTER_WORD = r"[\w-]*newsletter\w*(?!\w)"
NEWSLETTER_OWN = re.compile(
    r"^(?=.{1,200}$)(?:.*[.!?:]\s+)?(?:[\w-]+,?\s+){0,5}"
    r"(?:our|unser(?:e[mnrs]?)?|mein(?:e[mnrs]?)?|dein(?:e[mnrs]?)?|(?-i:Ihr(?:e[mnrs]?)?)|euren?|notre|nos|nostr[aoie]|"
    rf"nasz\w*|наш\w*)\s+(?:[\w.-]+\s+){{0,3}}{_NEWSLETTER_WORD}.*$",
    _I,
)
# "Sie" and "Ihr…" address the reader inside a sentence; opening one they are "she" and "her/their".
READER_ADDRESS = re.compile(
    r"(?-i:(?<!^)(?<![.!?:]\s)\b(?:Sie|Ihre?[mnrs]?)\b|\bSie\s+\w+n\b|\bIhnen\b)"
    r"|\b(?:you|your|du|dich|dir|euch|vous|votre|tu|ti|ty|cię|вы|вас|вам)\b|[!:]$|[^\W\d]$",
    _I,
)
# A report of what someone said ("…, the minister urged", "…, sagte die Sprecherin", "Le maire affirme
# que …"): an appeal or a newsletter inside it is the story's, not the site's.
REPORTING_CLAUSE = re.compile(
    r"(?:,\s+(?:[\w'’-]+\s+){0,4}|\b)(?:said|says|urged|pleaded|wrote|asked|told|ruled|insists|concludes|"
    r"sagte|sagt|forderte|bittet|bat|rief|erklärte|teilte|affirme|a lancé|lançait|a demandé|déclare|"
    r"ha chiesto|chiedeva|ha detto|twierdzi|apelował\w*|powiedział\w*|призвал\w*|попросил\w*|сказал\w*)\b|"
    r"\b(?:according to|laut|selon|secondo|według|по словам)\b",
    _I,
)
NEWSLETTER_SELF = re.compile(
    r"^(?=.{1,200}$)(?:"
    r"(?:abonnier(?:e|en sie|t)|meld(?:e|en sie) (?:dich|sich|euch)|hol(?:e|en sie)? (?:dir|sich|euch)|"
    r"bestell(?:e|en sie)|trag(?:e|en sie)? (?:dich|sich|euch)|recevez|recevoir|inscrivez-vous|abonnez-vous|"
    rf"iscriviti|ricevi|zamów|zapisz(?: się)?|subskrybuj|подпи(?:шитесь|саться)|subscribe|sign up|sign me up)\b.{{0,80}}?{_NEWSLETTER_WORD}.*|"
    rf"(?:join|get|receive)\s+(?:[\w.'’&-]+\s+){{0,5}}{_NEWSLETTER_WORD}.*|"
    r"(?:ja|yes|oui|sì|tak|да),? (?:ich|i|je|io|я) (?:möchte|will|would like|want|voglio|chcę|хочу|veux|souhaite)\b"
    rf".{{0,80}}{_NEWSLETTER_WORD}.*"
    r")$",
    _I,
)

# A site asking its readers for money: "Wenn Ihnen der Artikel gefallen hat: Unterstützen Sie uns",
# "Support local, investigative journalism that …", "Jetzt spenden!", "Wir sind spendenfinanziert.";
# the appeal names the site or its journalism, the statement ends its sentence, and classify_line
# asks that no one be reported saying it (REPORTING_CLAUSE). "The hospice is funded by donations and
# a grant" and "Support local news outlets, the report concludes" stay.
SUPPORT_APPEAL = re.compile(
    r"^(?=.{1,220}$)(?:"
    r"(?:wenn )?ihnen (?:hat )?(?:der|dieser|unser) (?:artikel|beitrag|text) gefallen(?: hat)?\b.*|"
    r"if you (?:liked|enjoyed|value|appreciate) (?:this|our) (?:article|story|post|journalism|work|reporting)\b.*|"
    r"(?:jetzt |bitte )?(?:mit paypal |online )?spenden(?: sie)?(?: jetzt)?!*|"
    r"(?:please )?support (?:local|independent|quality)(?:,? (?:local|independent|investigative))* (?:news|journalism)"
    r"(?:!|\.|\s+that\b.*)?|"
    r"(?:readers are invited to )?help (?:us )?support our (?:ongoing |independent )?(?:journalism|work|reporting|newsroom|commitment)\b.*|"
    r"(?:(?:deshalb |darum:? )?(?:unterstütze|unterstützen sie)|soutenez|sostieni|wesprzyj|поддержите|support) "
    r"(?:uns|unser(?:e|en)? (?:[\w-]+,? ){0,3}?(?:arbeit|journalismus|berichterstattung|magazin|redaktion)|nous|"
    r"notre (?:travail|journalisme|média|rédaction)|ci|il nostro (?:lavoro|giornalismo)|nas|naszą pracę|нас|нашу работу|"
    r"our (?:work|journalism|reporting|newsroom))\b.*|"
    r"(?:wir sind|[\w.-]+ ist) spendenfinanziert(?:[.!](?:\s(?=.*\b(?:sie|du|uns|dich|euch)\b).*)?)?|"
    r"(?-i:(?:The )?[A-Z][\w.-]+(?: [A-Z][\w.-]+){0,2}) is funded by (?:sponsors and )?(?:member |reader )?donations[.!]?"
    r")$",
    _I,
)

SHARE_WIDGET_LINE = re.compile(
    r"^(?:share(?: (?:the|this) (?:news|article|story|post|page))?(?: on \w+)?(?: this)?:?|share this:?|"
    r"tweet|pin it|merken|e-?mail|print(?: this (?:page|article|story))?|copy link(?: ?url)?(?: ?copied!?)?|save for later|"
    r"(?:add|save) to pocket|(?:show|hide|close) (?:more |extra |all )?sharing options|"
    # comment toggles beside the share buttons: pressing them opens the thread, they do not start it
    r"(?:view|hide) comments|"
    r"share (?:via|by) e-?mail|share this with|like this:(?: like)?(?: loading\.*)?|(?:the |das |der )?link (?:was |wurde )?(?:copied|kopiert)!?|"
    # WordPress share buttons as their visible text: "Click to share on Facebook (Opens in new window)"
    r"click to (?:share|e-?mail|print)(?: (?:on|this|a link)[\w .-]{0,30})?(?:\s*\(opens in (?:a )?new window\))?|"
    r"(?:e-?mail|contact) the (?:author|reporter|writer)|"
    # a share counter, a bare "follow us", an author box's buttons
    r"this (?:story|article|post|page) has been shared [\d,.]+ times\.?(?: [\d,.]+)?|share selection|follow us:?|"
    r"folge uns:?|seguici:?|"
    r"(?:auf|on) (?:twitter|x|facebook|instagram|linkedin|mastodon|bluesky) folgen|eine e-?mail senden|send an e-?mail|"
    r"lien copié|link copiato|link skopiowany|ссылка скопирована|"
    r"поделиться(?: новостью| ссылкой| в соцсетях)?:?|поделитесь(?: новостью)?:?|"
    r"teilen(?: mit)?:?|artikel teilen:?|diesen artikel teilen:?|drucken|"
    r"partager(?: (?:l'article|cet article|sur \w+))?:?|imprimer|"
    r"condividi(?: (?:l'articolo|su \w+))?:?|stampa|"
    r"udostępnij(?: (?:artykuł|na \w+))?:?|drukuj|"
    r"(?:auf|on|sur|su|na|в) (?:facebook|twitter|x|whatsapp|linkedin|telegram|xing|pinterest|vk|reddit) "
    r"(?:teilen|share|partager|condividi|udostępnij|поделиться)|"
    r"(?:teilen|share|partager|condividi|udostępnij|поделиться) (?:auf|on|sur|su|na|в)(?: (?:facebook|twitter|x|whatsapp|linkedin|telegram))?"
    r")$",
    _I,
)
# Each name matches one way only ("e-?mail" covers "email"): a run of them is matched by a
# repeated group, which an ambiguous name would make try exponentially many splits.
_SOCIAL_NETWORK = (
    r"(?:facebook|twitter|x\.com|whatsapp|telegram|vk|vkontakte|вконтакте|одноклассники|linkedin|"
    r"pinterest|reddit|viber|xing|tumblr|instagram|youtube|threads|mastodon|flipboard|"
    r"messenger|skype|google ?\+|google plus|stumbleupon|digg|evernote|weibo|wechat|bluesky)"
)
_SOCIAL_NAME = rf"(?:{_SOCIAL_NETWORK}|e-?mail|print|copy|share|teilen|partager|condividi|udostępnij|поделиться)"
SOCIAL_NAMES = re.compile(rf"\b{_SOCIAL_NAME}(?!\w)", _I)
# "FacebookTwitterPinterestEmail": the buttons' labels run together where the icons stood between
# them; at least one of them a network ("Shareprint" is a word).
SOCIAL_NAMES_RUN = re.compile(rf"^(?:{_SOCIAL_NAME}[\s|•·,/]*){{2,}}$", _I)
SOCIAL_NETWORK_NAME = re.compile(_SOCIAL_NETWORK, _I)

COMMENT_HEADING = re.compile(
    r"^(?:leave a (?:reply|comment)|post a comment|add (?:a )?comment|write a comment|"
    r"\d+ (?:comments?|responses?|replies)|comments?(?: \(\d+\))?:?|responses?|reply|discussion|"
    r"one (?:comment|response|reply)|(?:no|show) comments|cancel reply|join the conversation|"
    r"your email address will not be published.*|required fields are marked.*|"
    r"комментари(?:и|й|ев)(?: \(\d+\))?:?|\d+ комментари(?:й|я|ев)|оставить комментарий|"
    r"оставьте комментарий|добавить комментарий|ответить|обсуждение|"
    r"kommentare?(?: \(\d+\))?:?|\d+ kommentare?|kommentar (?:schreiben|verfassen|hinterlassen)|"
    r"(?:schreibe|hinterlasse)(?:n sie)? einen kommentar|kommentieren|du musst angemeldet sein, um einen kommentar abzugeben\.?|"
    r"écrire un commentaire|scrivi un commento|napisz komentarz|написать комментарий|"
    # WordPress themes' own thread headings, the count written with thousands separators and the
    # title in typographic or double quotes (a headline's single quotes, "3 thoughts on 'Oppenheimer'",
    # stay text), typographic quotes of its own inside it
    r"(?:\d+(?:[.,\u00a0\u202f]\d{3})*|one|ein(?:e|en)?|une?|un[oa]?|jedn[ay]|один|одна) (?:comments?|responses?|"
    r"repl(?:y|ies)|thoughts?|kommentare?|antwort(?:en)?|gedanken?|commentaires?|réponses?|réflexions?|comment[oi]|"
    r"rispost[ae]|pensier[io]|komentarz\w*|odpowied(?:ź|zi)|myśli?|комментари\w*|ответ\w*|мысл\w*) "
    r"(?:to|on|zu|auf|à|sur|au sujet de|a|su|do|na|na temat|к|на|о) "
    r"[„“\"«](?:[^„“”\"«»]|[„“«][^„“”\"«»]{1,160}[“”»]){0,200}[“”\"»]|"
    # the Thesis theme's: "{ 38 comments… read them below or add one }"
    r"\{ ?(?:(?:\d+|one|no) (?:comments?|trackbacks?)(?:(?:…|\.\.\.)(?: (?:read (?:them|it) below (?:or|and) )?"
    r"add one(?: now)?)?)?|comments on this entry are closed) ?\}|"
    # a theme's count with its button run together: "4 Comments. Leave new"
    r"\d+ (?:comments?|responses?)\.? leave (?:new|a (?:comment|reply))|"
    r"\d+ (?:comments?|kommentare?|commentaires?|commenti|komentarz\w*|комментари\w*) (?:on|zu|sur|su|do|к) "
    r"(?:[^\s.!?]+ ){2,}[^\s.!?]+|"
    r"comment by [^.!?—–]{1,60}\s[—–-]\s(?=.{0,40}\b(?:19|20)\d{2}\b)[\w.,: @]{4,40}|"
    r"keine kommentare(?:\s*\(.{0,80}\))?|no comments yet|beiträge aus dem forum|sie sind (?:aktuell |derzeit )?nicht eingeloggt\.?|"
    r"antworten|diskussion|"
    r"commentaires?(?: \(\d+\))?:?|\d+ commentaires?|laisser un commentaire|répondre|réagir|"
    r"comment(?:i|o)(?: \(\d+\))?:?|\d+ commenti|lascia un commento|rispondi|"
    r"komentarz(?:e|y)?(?: \(\d+\))?:?|\d+ komentarz(?:e|y)?|dodaj komentarz|skomentuj|odpowiedz|"
    r"(?:your|deine|ihre|votre|la tua|twój) e-?mail(?:-adresse| address| adresse)? .{0,80}|"
    r"pingback(?: von| from)?:?.{0,80}|trackback.{0,80}|"
    r"(?:some )?comments (?:are|may be) .{0,120}|we ask that comments .{0,120}|"
    r"log ?in to (?:comment|reply).{0,40}|you must be logged in.{0,80}|"
    r"(?:du musst|sie müssen) (?:angemeldet|eingeloggt) sein,? um (?:einen )?kommentar\w* (?:zu )?"
    r"(?:schreiben|verfassen|hinterlassen|abgeben) zu können!?|"
    r"(?:du musst|sie müssen) (?:angemeldet|eingeloggt) sein,? um (?:einen )?kommentare? zu (?:schreiben|verfassen)!?|"
    r"bitte geben sie (?:ihren|hier ihren|hier ihre|ihre) .{0,80}|sie haben eine falsche e-mail-adresse eingegeben!?|"
    r"(?:speichern sie|save my) (?:meinen namen|name).{0,160}|please enter (?:your|a) .{0,60}|"
    r"(?:name|e-?mail|website|webseite|kommentar|comment)\s*(?:\*|:|\(required\))\s*\*?|post comment|kommentar abschicken|"
    r"laisser une réponse|annuler la réponse|lascia una risposta|zostaw odpowiedź|оставить ответ|"
    # a comment form's label and button
    r"(?:dein|ihr|your|votre|ton|il tuo|twój) (?:kommentar|comment|commentaire|commento|komentarz)|"
    r"(?:kommentar (?:absenden|senden)|submit (?:a )?comment|envoyer (?:le|un) commentaire|invia(?:re)? (?:il )?commento|"
    r"wyślij komentarz|отправить комментарий)"
    r")$",
    _I,
)
# An empty thread's invitation. Themes print it beside the byline as often as under the article, so
# it is removed but does not end the article as a thread's heading does.
COMMENT_INVITATION = re.compile(
    r"^(?:be the first to (?:comment|reply|respond)|start the (?:discussion|conversation)|"
    r"(?:schreib(?:e|en sie)?|verfassen sie) den ersten kommentar|sei (?:der|die) erste,? (?:der|die) (?:kommentiert|"
    r"einen kommentar (?:schreibt|hinterlässt))|(?:soyez|sois) (?:le |la )?premi(?:er|ère) à (?:commenter|réagir)|"
    r"sii il primo a commentare|commenta per primo|scrivi (?:tu )?il primo commento|"
    r"bądź pierwsz\w+,? (?:któr\w+ )?(?:skomentuje|doda komentarz)|skomentuj jako pierwsz\w+|"
    r"(?:станьте|будьте) первым,? (?:кто )?(?:оставит комментарий|прокомментирует))\s?[.!]?$",
    _I,
)
# The rules printed over a comment thread, as a heading or a link ("Commenting Policy", "Netiquette"):
# they open the thread as its heading does.
COMMENT_RULES_HEADING = re.compile(
    r"^(?:comment(?:ing|s)? (?:policy|guidelines|rules)|community guidelines|netiquette(?: für kommentare)?|"
    r"kommentarregeln|diskussionsregeln|charte des commentaires|regole (?:dei|per i) commenti|"
    r"zasady komentowania|regulamin komentarzy|правила комментирования)\s*:?$",
    _I,
)
# ...and the notes that say so to the reader ("Please note that comments are moderated", "Bitte
# beachten Sie unsere Netiquette"). Reports of a site's moderation use the same words ("Comments
# will be moderated by an algorithm, the paper announced"): a note is taken only when it addresses
# the reader (ADDRESSES_READER) or is short, and not when it reports what someone said.
COMMENT_RULES_NOTE = re.compile(
    r"^(?:"
    r"(?:please )?(?:read|see|review|follow|respect|adhere to|abide by)\b.{0,60}\b(?:comment(?:ing|s)? "
    r"(?:policy|guidelines|rules)|community guidelines)\b.*|you can find our community guidelines\b.*|"
    r"(?:please (?:note|understand)(?: that)?:? )?(?:all |your |reader )?comments? (?:are|is|will be|may be) (?:\w+ )?"
    r"(?:moderated|reviewed before)\b.*|.{0,80}[.!]\s+comments are moderated\.?|"
    r"(?:please note:? )?comment moderation is (?:enabled|on|active)\b.*|"
    r"(?:bitte )?(?:(?:beachten|lesen|achten|halten) sie|beachte|lies) .{0,60}\b(?:netiquette|kommentarregeln|"
    r"diskussionsregeln|unsere[nr]? community[- ]?richtlinien)\b.*|"
    r"hier geht'?s zu (?:den kommentarregeln|der netiquette)\.?|"
    r"(?:alle |ihre |unsere )?(?:kommentare|leserbriefe|beiträge) werden (?:\w+ ){0,3}moderiert\b.*|"
    r"ihr kommentar wird (?:\w+ ){0,3}moderiert\b.*|"
    r"(?:[^,.]{0,60}, )?(?:tous )?(?:les|vos) commentaires\b.{0,40}\b(?:sont|seront) (?:\w+ )?modérés\b.*|"
    r"j'ai lu et j'accepte la charte des commentaires\.?|"
    r"(?:tutti )?i commenti (?:sono|vengono|saranno) (?:\w+ )?moderati\b.*|"
    r"(?:uwaga, )?twój komentarz może (?:pojawić|ukazać) się z opóźnieniem\b.*|zanim dodasz komentarz\b.*|"
    r"(?:все )?комментарии (?:проходят )?(?:пре)?модерац\w*.*"
    r")$",
    _I,
)
# The words of a note or an offer spoken to the reader ("you", "please", "Sie", "vous", "twój"):
# comment notes and membership pitches are taken only with them.
ADDRESSES_READER = re.compile(
    r"\b(?:you|your|please|we|our|(?-i:Sie|Ihre?[mnrs]?|Ihnen)|bitte|wir|unsere?[mnrs]?|vous|votre|vos|merci|nous|nos|"
    r"tuo|tua|vostr[oia]|si prega|twój|dodasz|prosimy|вы|ваш\w*|просим|мы|наш\w*)\b",
    _I,
)
COMMENT_NOTE_SHORT_CHARS = 80
# "Jane Doe says:": a commenter's name (four words at most: "Weil er nicht mehr aus Liebe schreibt"
# is a line of text) over a comment.
COMMENT_AUTHOR = re.compile(
    r"^(?=.{2,40} \w+:?$)[\w.'’-]+(?: [\w.'’-]+){0,3} (?:says|said|wrote|schreibt|sagt|пишет|écrit|dit|scrive|pisze):?$",
    _I,
)

SECTION_HEADING = re.compile(
    r"^(?:related(?: (?:articles?|posts?|stories|news|content|topics|links))?|recent (?:posts|articles|news|comments)|"
    r"latest(?: (?:news|posts|articles|stories))?|more (?:news|stories|articles|from [\w .-]{1,40})|"
    r"(?:most )?(?:popular|read|viewed|shared)(?: (?:now|news|posts|articles|stories))?(?: (?:today|this (?:week|month)))?|"
    r"most read|trending(?: now)?|(?-i:More in [A-Z][\w&'’-]*(?: [A-Z][\w&'’-]*)?)|"
    r"(?:interessante|weiterführende|nützliche) links|links zum (?:thema|artikel)|useful links|liens utiles|link utili|"
    r"recommended(?: for you)?|you (?:may|might) (?:also )?(?:like|be interested in)|"
    r"(?:in|on) other news|top stories|editor'?s picks|further reading|archives?|categories|"
    r"(?:последние|другие|похожие|главные|свежие|популярные) (?:новости|публикации|статьи|материалы|записи)|"
    r"новости по теме|материалы по теме|читайте также|самое (?:читаемое|популярное|интересное)|"
    r"лента новостей|главное|популярное|рекомендуем|архив|рубрики|"
    r"(?:ähnliche|verwandte|weitere) (?:artikel|beiträge|themen|nachrichten)|neueste (?:artikel|beiträge)|"
    r"meist ?gelesen(?:e)?(?: artikel)?|(?:die )?meistgelesenen (?:artikel|beiträge|nachrichten|news) (?:bei|auf|von|in) .{1,40}|"
    r"most (?:read|popular|viewed) (?:on|at|in|from) .{1,40}|meistgeklickt(?:e)?(?: (?:artikel|beiträge|videos))?|am meisten gelesen|"
    r"most clicked|related (?:articles|posts|stories) ?more from (?:the )?author|das könnte sie auch interessieren|empfehlungen|mehr aus [\w .-]{1,40}|"
    r"meist[- ]?(?:diskutiert|kommentiert)(?:e)?(?: artikel| beiträge)?|most (?:commented|discussed)|"
    r"les plus commentés|i più commentati|najczęściej komentowane|самое обсуждаемое|обсуждаемое|"
    r"(?:articles?|sujets) (?:similaires|connexes|récents|liés)|sur le même (?:sujet|thème)|les plus lus|"
    r"dernières (?:actualités|nouvelles|infos)|à la une|"
    r"articoli (?:correlati|recenti|simili)|potrebbe interessarti|i più letti|ultime notizie|"
    r"(?:podobne|powiązane|najnowsze|polecane) (?:artykuły|wpisy|wiadomości)|najczęściej czytane|najnowsze|polecane|"
    r"(?:also )?recommended for you|(?:top|more) (?:stories|news|headlines) .{0,30}|read next|up next|"
    r"editors?(?:'|’)?s?(?:'|’)? (?:recommendations|picks)|"
    r"empfohlen für dich|empfehlungen der redaktion|top[- ]themen(?: der redaktion| (?:bei|von|auf) .{1,40})?|"
    r"das könnte dich (?:auch )?interessieren|(?:das|dieses) thema könnte (?:dich|sie) (?:auch )?interessieren|"
    r"weitere (?:news|meldungen|themen|beiträge) .{0,30}|vorheriger beitrag|nächster beitrag|zur person|über den autor|"
    r"about the author|(?:previous|next) (?:article|post|story)|"
    r"(?:(?:more|other) )?(?:articles|posts|stories) (?:by|from) (?:this|the same) author|more (?:by|from) (?:this|the) author|"
    r"(?:weitere )?(?:artikel|beiträge) (?:des|dieses|von diesem) autors?|(?:d'autres|autres) articles (?:de l'auteur|du même auteur)|du même auteur|"
    r"altri articoli (?:dell'autore|dello stesso autore)|dello stesso autore|(?:inne |więcej )?(?:artykuły|teksty|wpisy) (?:tego )?autora|"
    r"(?:другие|все) (?:статьи|материалы|публикации) (?:этого )?автора|"
    r"najpopularniejsze(?: (?:artykuły|teksty|wpisy|z numeru|dziś|w tygodniu))?|"
    r"(?:también|te) (?:te )?puede(?: interesar)?|también te puede interesar|noticias relacionadas|más noticias|"
    r"vous aimerez aussi|[aà] lire également|dans la même rubrique|"
    r"ti potrebbe interessare|leggi anche|"
    r"może cię (?:też )?zainteresować|zobacz również|"
    r"вам может быть интересно|рекомендуем прочитать|об авторе|"
    r"[\w'’ .-]{1,30} recommends|we recommend|wir empfehlen|nous recommandons|consigliati|polecamy|мы рекомендуем|"
    r"don[’']t miss(?: out)?|nicht verpassen|à ne pas manquer|da non perdere|nie przegap|не пропустите|"
    r"more (?:news|headlines)|mehr nachrichten|weitere nachrichten|plus d'actualités|altre notizie|więcej wiadomości|"
    r"другие новости|еще новости|ещё новости|lesermeinungen|leserkommentare|reader comments|"
    r"(?:neueste|letzte) kommentare|latest comments|derniers commentaires|ultimi commenti|ostatnie komentarze|"
    r"последние комментарии|"
    r"more(?: [\w'’-]+){0,3} (?:stories|news|articles|videos|coverage|reads|posts)|featured (?:video|stories|articles)|"
    r"(?:top|latest) videos?|"
    r"relacionad[oa]s|(?:noticias|notas) relacionadas|te puede interesar|lo más (?:leído|visto)|últimas noticias|"
    r"más sobre [\w .'’-]{1,40}|schon gelesen\?|"
    r"über diese (?:reihe|serie)|about this series|"
    r"weitere aktuelle (?:themen|news|meldungen|beiträge)\b.{0,40}|"
    r"(?:notícias|matérias) relacionadas|mais lidas|veja também|leia também|"
    r"gerelateerde? (?:artikelen|berichten)|meest gelezen|lees ook|"
    r"связанные (?:новости|материалы)|"
    # the lists of other posts that close blogs and shops, and newspapers' reader letters (not "Keep reading",
    # which heads boxes inside articles, nor "Related recipes", which stands between a post and its recipe)
    r"suggested (?:articles|posts|stories|reading|videos|for you)|"
    r"related (?:videos|tutorials|guides|reviews|products)|(?:popular|other) (?:reads|videos)|latest reviews|"
    r"leserbriefe|leserpost"
    r")\s*:?$",
    _I,
)

COOKIE_WORD = re.compile(r"\b(?:cookies?|cookie-\w+|куки|файл\w* cookie|ciasteczk\w+)\b", _I)
COOKIE_CONTEXT = re.compile(
    r"\b(?:use|uses|using|accept|agree|consent|continu\w+|website|site|browsing|experience|settings|policy|"
    r"privacy|allow|verwend\w+|akzept\w+|zustimm\w+|einverstanden|datenschutz\w*|"
    # the site's own pages and the reader's settings, not "die Internetseite des Ministeriums" or
    # "die Einstellung der Produktion" in a report about cookies
    r"unser\w* (?:(?:web|internet)?seiten?|websites?|domain)|(?:ihre|deine|diese) einstellungen|"
    r"utilis\w+|accept\w+|navigation|consentement|confidentialité|"
    r"utilizz\w+|accett\w+|consenso|navigazione|"
    r"używa\w*|korzystamy|akcept\w+|zgod\w+|prywatności|naszej stronie|stron\w* internetow\w*|"
    r"использ\w+|соглас\w+|сайт\w*|конфиденциальност\w+)\b",
    _I,
)
# A consent dialog's purpose lines ("The technical storage or access is strictly necessary for the
# legitimate purpose of …"): the wording of a consent plugin common on news sites, in its translations.
CONSENT_PURPOSE = re.compile(
    r"^(?:the technical storage or access|die technische speicherung oder der (?:zugang|zugriff)|"
    r"le stockage ou l[’']accès techniques?|l[’']archiviazione tecnica o l[’']accesso|"
    r"(?:techniczne )?przechowywanie(?: techniczne)? lub dostęp|техническое хранение или доступ)\b"
    r"(?=.{0,80}\b(?:necessary|required|used exclusively|erforderlich|ausschließlich|nécessaire|utilisé exclusivement|"
    r"necessari\w*|utilizzat\w*|niezbędn\w*|wykorzystywan\w*|необходим\w*|используется))",
    _I,
)
CONSENT_BUTTON = re.compile(
    r"^(?:accept(?: all)?(?: cookies)?|i agree|agree|got it|ok(?:ay)?|allow all|reject all|manage (?:cookies|preferences|options)|"
    r"cookie settings|alle akzeptieren|akzeptieren|zustimmen|einverstanden|ablehnen|"
    r"принять|согласен|понятно|tout accepter|accepter|refuser|j'accepte|accetta(?: tutto)?|rifiuta|"
    r"akceptuję|zgadzam się|akceptuj)$",
    _I,
)

# A sign-up or contact form's own text: its button, its consent box, its status messages ("Diese
# Mailadresse ist bereits registriert.", "Sign-up Successful!"). First person and form words, so
# that a sentence about registering ("Voters must register by Friday") stays.
FORM_LINE = re.compile(
    r"^(?:submit|send|senden|absenden|abschicken|envoyer|valider|invia|inviare|wyślij|отправить|"
    r"(?:something|etwas) went wrong[.!]?(?: please try again[.!]?)?|"
    r"da ist etwas schiefgelaufen[.!]?(?: bitte [^.!?]{0,40}[.!]?)?|"
    r"(?:please )?try again(?: later)?[.!]?|bitte (?:erneut|nochmal|noch einmal|später erneut) versuchen[.!]?|"
    r"(?:this|diese) e-?mail[- ]?(?:address|adresse)? (?:is already|ist bereits) (?:registered|subscribed|in use|"
    r"registriert|angemeldet|eingetragen|vergeben)[.!]?|"
    r"(?:error|fehler|erreur|errore|błąd|ошибка)\s*:\s*(?:(?:please )?(?:enter|provide)|(?:bitte )?(?:gib|geben sie)|"
    r"valid|invalid|valide|gültige|ungültige|veuillez|inserisci|podaj|введите).{0,60}|"
    r"(?:your )?(?:sign[- ]?up|subscription|registration) (?:was |is )?(?:successful|complete)!?|"
    r"(?:ihre|deine) (?:anmeldung|registrierung) war erfolgreich[.!]?|"
    r"thank(?:s| you) for (?:subscribing|signing up|your (?:subscription|interest in our newsletter))(?:[.!](?:\s.{0,120})?)?|"
    r"ich willige (?:darin )?ein\b.{0,300}|"
    r"ich bin mit der (?:verarbeitung|speicherung) meiner (?:personenbezogenen )?daten\b.{0,200}|"
    r"i (?:agree|consent) to (?:the (?:processing|storage) of|the terms (?:of (?:use|service)|and conditions)|"
    r"receiv\w+ (?:e-?mails?|newsletters?|information|updates|offers)|my (?:data|personal)|being contacted)\b.{0,200}|"
    # "Sie haben eine E-Mail zum Double Opt-In-Verfahren erhalten": the form's reply to the reader
    r"(?:you(?:'ll| will)? (?:have )?(?:receive\w*|been sent|got)|sie (?:haben|erhalten)|du (?:hast|erhältst)|"
    r"vous (?:avez|allez) reçu|riceverai|otrzymasz|вы получите)\b.{0,60}\bdouble[- ]opt[- ]in\b.{0,160})$",
    _I,
)

# The replies of a sign-up or account form, printed into the page for its script to show ("Vielen
# Dank für Ihre Registrierung. Sie haben jetzt den Aktivierungslink … erhalten."). A sentence after
# the reply must speak to the reader: articles quote such mails ("Vielen Dank für Ihre Anmeldung!
# So beginnt die gefälschte Mail, vor der die Polizei warnt.").
FORM_REPLY = re.compile(
    r"^(?:thank(?:s| you) for registering|thank you for your registration|"
    r"vielen dank für (?:ihre|deine) (?:anmeldung|registrierung)|merci (?:pour|de) votre (?:inscription|abonnement)|"
    r"grazie per (?:la (?:registrazione|tua iscrizione)|esserti (?:iscritto|registrato))|"
    r"dziękujemy za (?:rejestrację|zapisanie się|subskrypcję)|спасибо за (?:регистрацию|подписку)|"
    r"(?:ihr|dein) (?:benutzer)?konto ist (?:jetzt )?aktiviert|your account (?:is|has been) activated|"
    r"(?:please )?check your (?:inbox|e-?mail) to confirm (?:your )?(?:subscription|sign[- ]?up|registration)|"
    r"bitte (?:klicke|klicken sie) auf den link in der bestätigungs-?(?:e-?mail|mail)(?:,? um [^.!?]{0,80})?)"
    r"\s?[.!]?(?:\s+(?P<after>[^\s].{0,160}))?$",
    _I,
)
COPYRIGHT_MARK = re.compile(
    r"(?:all rights reserved|все права защищены|alle rechte vorbehalten|tous droits réservés|"
    r"tutti i diritti riservati|wszelkie prawa zastrzeżone|^\s*(?:©|\(c\)|copyright\b)|"
    r"^\s*(?:vervielfältigung nur mit (?:schriftlicher )?genehmigung|reproduction interdite|riproduzione riservata|"
    r"przedruk (?:tylko|wyłącznie) za zgodą|перепечатка[^.]{0,40}запрещена|no reproduction without permission|"
    # the Science X sites' (phys.org, medicalxpress) footer under every story, in their words, and
    # its second line where a <br> parts it
    r"^\s*this document is subject to copyright\. apart from any fair dealing\b|"
    r"^\s*part may be reproduced without the written permission\. the content is provided for information\b)|"
    r"©\s*(?:19|20)\d\d|\bcopyright\s*(?:©\s*)?(?:19|20)\d\d)",
    _I,
)

BOILERPLATE_LINE = re.compile(
    # a publisher's note over the advertising disclosure it prints under every story (one of them
    # opens it with a slash: "/Editor’s note: The disclaimer below refers to …")
    r"^/?(?:note|editor['’]?s note)\s*:\s*the (?:advertising )?disclaimer below (?:does not apply|refers) .{0,200}$|"
    r"^(?:privacy(?: policy| notice)?|terms(?: of (?:use|service))?(?: and conditions)?|terms & conditions|"
    r"contact(?: us)?|about(?: us)?|imprint|impressum|datenschutz(?:erklärung)?|kontakt|agb|"
    r"mentions légales|politique de confidentialité|nous contacter|contactez-nous|qui sommes-nous|"
    r"chi siamo|contatti|note legali|informativa (?:sulla )?privacy|"
    r"polityka prywatności|regulamin|kontakt|o nas|"
    r"политика конфиденциальности|контакты|о (?:нас|проекте)|редакция|"
    r"sitemap|site map|rss(?: feed)?(?: - .{1,40})?|faq|help|careers|jobs|advertise(?: with us)?|"
    r"skip to (?:main )?content|skip to navigation|back to top|to top|nach oben|наверх|retour en haut|torna su|do góry|"
    r"loading\.*|загрузка\.*|wird geladen\.*|chargement(?: en cours)?\.*|caricamento(?: in corso)?\.*|ładowanie\.*|"
    r"\(?alle angaben ohne gewähr\)?|"
    r"javascript (?:is|must be) (?:disabled|enabled).*|please enable javascript.*|"
    r"(?:sorry,? )?(?:but )?your browser (?:needs|requires|does not support|doesn(?:'|’)t support|has disabled) javascript.*|"
    r"(?:you need to|you must|please) (?:enable|activate|turn on|allow) javascript.*|"
    r"this (?:site|page|website) (?:requires|needs|works best with) javascript.*|"
    r"if you(?:'|’)re not sure how to (?:activate|enable) it,? please (?:refer to|see|visit)\b.*|"
    r"(?:bitte )?aktivieren sie (?:bitte )?javascript.*|veuillez activer (?:le )?javascript.*|"
    r"(?:abilita|attiva) javascript.*|włącz (?:obsługę )?javascript.*|включите javascript.*|"
    r"this site is protected by recaptcha.*|"
    r"(?:create a free website or blog at|blog at|erstelle (?:eine kostenlose website oder (?:ein )?blog –? ?auf|"
    r"kostenlos eine website oder ein blog auf)|bloggen auf|créez un site (?:web )?ou un blog gratuit(?:ement)? sur|"
    r"crea un sito o un blog gratuito su|utwórz (?:darmową stronę|darmowy blog)\b.{0,30}\bna|"
    r"создайте бесплатный сайт или блог на) wordpress\.com\.?|"
    r"jump to recipe(?:\s*print recipe)?|print recipe|"
    r"media playback is (?:unsupported|not supported) on your device|our standards: the thomson reuters trust principles|"
    r"(?:click|tap) to expand|expand|unlock (?:this|the) (?:article|story)|"
    r"(?:a post shared by|ein beitrag geteilt von|une publication partagée par|un post condiviso da|"
    r"post udostępniony przez|публикация от) [^()]{1,80}\(@[\w.]{1,40}\).{0,60}"
    r")[.:]?$",
    _I,
)
# "We may receive compensation when you click on links to those products": the publisher speaks of
# its own earnings (first person), which a news sentence about affiliate marketing does not.
# Words one of which every ADVERTISER_DISCLOSURE holds (lower case): a substring test skips the
# expression on the lines, nearly all, that hold none.
DISCLOSURE_WORDS = ("compensation", "commission", "share of", "provision", "vergütung", "affiliate", "amazon associate",
                    "associates program",
                    "rémunération", "комисси", "вознагражд", "prowizj")
ADVERTISER_DISCLOSURE = re.compile(
    r"(?=.*\b(?:links?|liens?|linki?|ссылк\w*|verlinkungen|click|klick\w*|cliquez|clicca|kliknięci\w*|visit|buy|purchase|"
    r"kaufen|kauf|achat|acquist\w*|zakup\w*|покупк\w*)\b)"
    r"(?:.*\b(?:we|us)\b(?:\s+\w+){0,3}\s+(?:receive|earn|get)\s+(?:a\s+)?(?:small\s+)?(?:compensation|commission|"
    r"share of (?:sales|revenue))\b|"
    r".*\b(?:erhalten|bekommen) wir\b.{0,60}\b(?:provision|vergütung)\b|"
    r".*\b(?:provision|vergütung)\b.{0,60}\b(?:erhalten|bekommen) wir\b|"
    r".*\bnous (?:pouvons |pourrions )?(?:percevoir|recevoir|toucher) une (?:commission|rémunération)\b|"
    r".*\bpotremmo ricevere una commissione\b|.*\bmożemy otrzymać prowizję\b|"
    r".*\bмы (?:можем )?получ\w+ (?:комиссию|вознаграждение)\b)|"
    r"^(?:.{0,80} / )?bei den (?:\w+ )?(?:links|verlinkungen) handelt es sich um affiliate[- ]?links\b|"
    r"^(?:some |the )?links (?:on|in) this (?:page|post|article) (?:are|may be) affiliate links\b|"
    r"^(?:we(?: are|'re|’re)|i(?: am|'m|’m)|this (?:site|blog|website|page) is|[\w.&'’-]+ is) (?:also )?a participant "
    r"in the amazon (?:services llc |eu )?associates? program(?:me)?\b|"
    r"^as an amazon associate,? (?:i|we) earn from qualifying purchases\b",
    _I,
)
# The visible text of an embedded widget's controls: a poll's buttons and counters, a shop box's
# price buttons and commission note, a video player's control labels.
# A web server's error printed into the page: "Deprecated: Assigning the return value of new by
# reference is deprecated in /home/…/wp-settings.php on line 512".
SERVER_ERROR = re.compile(
    r"^(?:deprecated|warning|notice|strict standards|(?:catchable )?fatal error|parse error)\s*:\s+.{5,300}"
    r"\bin \S+\.(?:php|inc|phtml)\b.{0,40}\bon line \d+\.?$",
    _I,
)
WIDGET_CONTROL = re.compile(
    r"^(?:vote|view results|show results|loading poll\.*|[\d.,]+ votes? so far|poll closes .{1,30}|"
    r"abstimmen|ergebnis(?:se)? anzeigen|umfrage lädt\.*|"
    r"check (?:the )?price(?: on \w+)?|see price|buy now(?: (?:at|on) [\w .]{1,30})?|[$€£]\s?\d[\d.,]* (?:at|on|bei) [\w .]{1,30}|"
    r"we may earn (?:a )?commission.{0,160}|"
    r"(?:don'?t|do not) show (?:me )?(?:this|it) (?:message )?again|"
    r"this is a modal window\.?|(?:beginning|end) of dialog window\..{0,120}|close modal dialog|playback rate|"
    r"audio track|captions settings.{0,60}|subtitles settings.{0,60}|current time \d+:\d+|duration \d+:\d+|"
    r"remaining time -?\d+:\d+|seek to live.{0,60}|stream type live|"
    # a picture gallery's own buttons
    r"(?:bild|galerie|bildergalerie) schließen|close (?:the )?(?:image|gallery|slideshow)|fermer (?:l'image|la galerie)|"
    r"chiudi (?:l'immagine|la galleria)|zamknij (?:zdjęcie|galerię)|закрыть (?:фото|галерею))$",
    _I,
)
ADVERTISEMENT_LINE = re.compile(
    r"^(?:advertisement|advertising|sponsored(?: content)?|ad|ads|реклама|anzeige|werbung|publicité|"
    r"pubblicità|reklama|partner content|promoted|scroll to continue(?: with content)?|"
    r"(?:story|article) continues (?:below|after) (?:this )?(?:advertisement|ad)|continue reading below|"
    r"skip (?:advertisement|ad)|ad feedback|supported by)$|"
    r"^(?:\*\s*(?i:anzeige|werbung|advertisement|publicité|pubblicità|reklama|реклама)|"
    r"(?-i:ANZEIGE|WERBUNG|ADVERTISEMENT|PUBLICITÉ|PUBBLICITÀ|REKLAMA|РЕКЛАМА))\s*[.:|–—-]\s+.{1,200}$|"
    r"^dieser (?:beitrag|artikel|post) enthält werbung\b.{0,160}$|"
    r"^(?:\*\s*)?(?:anzeige|werbung|hinweis|disclosure|dieser (?:artikel|beitrag)|this (?:article|post|page)|"
    r"cet article|questo articolo|ten (?:artykuł|wpis)|эта статья|enthält|contains|contient|contiene|zawiera|"
    r"содержит)\b.{0,80}(?:affiliate[- ]?links?|liens? d'affiliation|link di affiliazione|linki? afiliacyjn\w*|"
    r"партн[её]рск\w* ссылк\w*).{0,80}$",
    _I,
)

NAVIGATION_SINGLE = re.compile(
    r"^(?:home(?:page)?|menu|main menu|search|search for:?|log ?in|sign ?in|sign ?up|log ?out|register|"
    r"next|previous|prev|follow|older posts|newer posts|next (?:post|article|page)|previous (?:post|article|page)|"
    r"page \d+(?: of \d+)?|more|show more|load more|toggle navigation|close|open|en|de|fr|ru|it|pl|"
    r"главная|меню|поиск|войти|вход|регистрация|далее|назад|еще|ещё|"
    r"startseite|suche|anmelden|weiter|zurück|mehr|"
    r"accueil|recherche|connexion|suivant|précédent|"
    r"ricerca|cerca|accedi|successivo|precedente|"
    r"strona główna|szukaj|zaloguj(?: się)?|dalej|wstecz|następny|poprzedni)"
    r"\s*[:»›>←→]?$",
    _I,
)
# Slashes and dashes separate menu items only with spaces around them ("News / Sport");
# inside words and URLs they do not.
# Headings of a table of contents or of a source list (see ``is_contents_heading``): a contents
# list often comes right after the lead paragraph, so they neither end an article nor start a
# block of furniture.
CONTENTS_HEADING = re.compile(
    r"^(?:table of contents|contents|inhaltsverzeichnis|inhalt|sommaire|indice|spis treści|содержание|"
    r"quellen(?:angaben)?|literaturverzeichnis|originalpublikation|originalveröffentlichung|zusatzinformationen)\s*:?$",
    _I,
)
# A wiki's reference list and the headings of its closing sections, with their edit links:
# "- ^ a b van der Maaten, L.J.P. (2008). …", "References[edit]", "Einzelnachweise[Bearbeiten | Quelltext bearbeiten]".
# Fandom marks a reference cited more than once "↑ 1.0 1.1 …", one back-link a citation; an arrow
# before other words or figures ("↑ 2.5 million more passengers", "↑ Inflation rose") is a statistic.
WIKI_REFERENCE = re.compile(r"^(?:[-•*]\s*)?(?:\^|↑(?=\s+(\d+)\.0\s+\1\.1\s))\s+(?:[a-z]{1,2}\s+)*\S.*$")
WIKI_SECTION_END = re.compile(
    r"^(?:references|notes|footnotes|citations|external links|further reading|see also|bibliography|sources|"
    r"einzelnachweise|anmerkungen|weblinks|literatur|siehe auch|références|notes et références|liens externes|"
    r"voir aussi|bibliographie|note|bibliografia|collegamenti esterni|voci correlate|przypisy|linki zewnętrzne|"
    r"zobacz też|примечания|литература|ссылки|см\. также)\s*\[(?:edit|bearbeiten|modifier|modifica|edytuj|"
    r"править|[^\]]{0,20}\|[^\]]{0,30})\]$",
    _I,
)
# The heading of a box set inside an article, between its paragraphs: of links ("Related", "Read
# more"), or about the person the article quotes ("Zur Person"); as against the headings of the
# lists around it ("Latest news", "Most read").
RELATED_BOX_HEADING = re.compile(
    r"^(?:related(?: (?:articles?|stories|story|content|coverage|links|posts|reading))?|read (?:more|also|next)|"
    r"more on (?:this|the) (?:topic|story)|see also|also read|"
    r"(?:verwandte|ähnliche) (?:artikel|beiträge|themen)|mehr zum thema|lesen sie auch|weitere artikel|"
    r"(?:[aà] )?lire aussi|sur le même sujet|articles? liés?|leggi anche|articoli correlati|correlati|"
    r"czytaj (?:też|także)|powiązane(?: artykuły)?|читайте также|по теме|связанные (?:материалы|новости|статьи)|"
    r"zobacz również|zur person)\s*:?$",
    _I,
)
NAV_SEPARATORS = re.compile(r"\s*(?:\||·|•|»|›|>|::|\u2022|\u25b8|\u25ba)\s*|\s+(?:/|–|—|-)\s+")

TAGS_LINE = re.compile(
    r"^(?:tags?|tagged(?: with)?|topics?|keywords|categor(?:y|ies)|article categories|filed under|posted in|"
    r"теги|метки|тэги|рубрик[аи]|ключевые слова|темы?|"
    r"schlagw(?:ö|o)rte?|stichw(?:ö|o)rte?|themen|kategorien?|"
    r"mots-clés|mots clés|étiquettes|catégories?|thèmes?|"
    r"parole chiave|argomenti|categori[ae]|etichette|"
    r"tagi|kategori(?:a|e)|słowa kluczowe|tematy?)\s*:.*$|"
    # the heading of a list of tags, on its own line ("Tags", "Schlagworte"); not "Themen" or
    # "Topics", which also head a section's menu
    r"^(?:tags|keywords|schlagw(?:ö|o)rte|stichw(?:ö|o)rte|mots[- ]clés|étiquettes|parole chiave|etichette|tagi|"
    r"słowa kluczowe|теги|метки|тэги|ключевые слова)$",
    _I,
)

_MONTHS = (
    r"jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|jun(?:e|\.)?|jul(?:y|\.)?|aug(?:ust|\.)?|"
    r"sep(?:t(?:ember)?|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?|"
    r"январ[яь]|феврал[яь]|марта?|апрел[яь]|ма[яй]|июн[яь]|июл[яь]|августа?|сентябр[яь]|октябр[яь]|ноябр[яь]|декабр[яь]|"
    r"januar|jänner|februar|märz|mai|juni|juli|oktober|dezember|"
    r"janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|"
    r"gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|dicembre|"
    r"stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|października|listopada|grudnia|"
    r"styczeń|luty|marzec|kwiecień|czerwiec|lipiec|sierpień|wrzesień|październik|listopad|grudzień"
)
_WEEKDAYS = (
    r"mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?|"
    r"понедельник|вторник|среда|четверг|пятница|суббота|воскресенье|"
    r"montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|"
    r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|"
    r"lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica|"
    r"poniedziałek|wtorek|środa|czwartek|piątek|sobota|niedziela"
)
# Words of a written-out date: month and weekday names (also Spanish, whose pages are common among
# the dumps); with numbers and linking words ("de", "of", "г."), a line of only these that names a
# month or a day is a date.
DATE_NAME = re.compile(
    rf"^(?:{_MONTHS}|{_WEEKDAYS}|enero|febrero|abril|mayo|junio|julio|septiembre|"
    r"octubre|noviembre|diciembre|lunes|martes|miércoles|jueves|viernes|sábado|domingo)\.?$",
    _I,
)
DATE_WORD = re.compile(r"^(?:\d+(?:st|nd|rd|th|er|e)?|de|del|el|of|the|am|le|il|dnia|г|года|r|roku)\.?$", _I)
_TIME = (r"(?:\d{1,2}[:.]\d{2}(?::\d{2})?|\d{1,2}h\d{2}|\d{1,2}(?=\s?[ap]\.?m\b))(?:\s*(?:[ap]\.?m\.?|uhr|h))?"
         r"(?:\s*(?:мск|cet|cest|mez|mesz|utc|gmt|et|est|edt|cst|cdt|mst|mdt|pst|pdt|bst|ist)\b)?")
_DATE_CORE = (
    rf"(?:\d{{4}}-\d{{2}}-\d{{2}}(?:[t ]\d{{2}}:\d{{2}}(?::\d{{2}})?)?|"
    rf"\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}}|"
    rf"\d{{1,2}}\.?\s+(?:{_MONTHS})\.?,?\s+\d{{4}}(?:\s*(?:г\.|года|r\.|roku))?|"
    rf"(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|"
    rf"\d{{1,2}}\.?\s+(?:{_MONTHS})|(?:{_MONTHS})\s+\d{{4}}|"
    r"today|yesterday|heute|gestern|сегодня|вчера|aujourd'hui|hier|oggi|ieri|dzisiaj|wczoraj)"
)
_DATE_LABEL_WORDS = r"updated|aktualisiert(?: am)?|written|posted|publié|mis à jour|aggiornato|zaktualizowano|обновлено"
DATE_LINE = re.compile(
    rf"^(?:(?:(?:first |originally )?published(?: on)?|last modified on|online(?: seit)?|letzte änderung|letzte aktualisierung(?: am)?|last modified|stand:|zuletzt (?:geändert|aktualisiert)(?: am)?|updated on|erstellt(?: am)?|posted|updated|written|last updated|modified|date|datum|опубликовано|обновлено|дата|"
    rf"veröffentlicht(?: am)?|aktualisiert(?: am)?|stand|publié(?: le)?|mis à jour(?: le)?|"
    rf"pubblicato(?: il)?|aggiornato(?: il)?|ultima modifica|dernière modification(?: le)?|ostatnia modyfikacja|"
    rf"последнее изменение|opublikowano|aktualizacja|zaktualizowano)\s*:?\s*)?"
    rf"(?:(?:{_WEEKDAYS}),?\s+)?"
    rf"(?:{_DATE_CORE}|{_TIME})(?:\s*(?:,|\.|at|um|à|alle|o|в|—|-|\|)?\s*(?:(?:{_WEEKDAYS}),?\s+)?(?:{_TIME}|{_DATE_CORE}))?"
    # what follows the date: a category or a section after a bar or dash ("27.01.2022 | Sport"), or
    # after a slash a time, a later date, a comment count or who wrote it ("19. Juni 2019 / 13:20",
    # "… / Updated: …", "28.01.22 / 0 Kommentare"); "May 2019 / The election that …" is a heading
    rf"(?:\s*(?:\||·|•|-|—|//)\s*.{{0,40}}|\s*/\s*(?:(?:(?:{_DATE_LABEL_WORDS})\s*:?\s*)?(?:{_TIME}|{_DATE_CORE}).{{0,40}}|"
    r"\d+ (?:kommentare?|comments?|commentaires?|commenti|komentarz\w*|комментари\w*)|"
    r"(?:przez|by|von|par|da) (?-i:[A-ZÀ-ÖØ-ÞА-ЯŁŚŻŹĆ][\w.'’-]+)(?: (?-i:[A-ZÀ-ÖØ-ÞА-ЯŁŚŻŹĆ][\w.'’-]+)){0,3}))?$",
    _I,
)
# "23.10.2018", "2021-11-10", "10/23/18".
_NUMERIC_DATE = r"(?:\d{4}-\d{2}-\d{2}|\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2}))"
# A press release's or author's contact line: "E-Mail: presse@example.org", "Tel.: +49 (0)30 123 45-6,
# Fax: …", "Twitter: @handle". A bare address, handle or number is not enough: a petition prints the
# address to write to, a code listing "@classmethod", a table its numbers.
# Atomic groups: "/" and " " are both inside a number and between two of them, and a line of
# "1/1/1/…" would otherwise be split every way before failing (seconds for 120 characters).
# Cloudflare's email protection writes "[email protected]" in place of every address on the page.
_PROTECTED_EMAIL = r"\[email[\s\u00a0]protected\]"
_EMAIL = rf"(?>[\w.+-]+@[\w-]+(?:\.[\w-]+)+|{_PROTECTED_EMAIL})"
# International (+49, 0049), national with a leading 0 ("0228-999582", "(030) 78 95 47"), or
# North American ("212-555-0100"), and not a date, a month or a time span that starts with 0
# ("01.05.2020", "01/2021", "07.15 - 08.45"); a year, a range or a figure is none of these.
_PHONE = (
    rf"(?!(?:{_NUMERIC_DATE}|\d{{1,2}}/\d{{4}}|\d{{1,2}}[.:]\d{{2}}\s*[-–])(?:\W|$))"
    r"(?>(?:\+|00)\d[\d ()/.-]{4,}\d|\(?0\d[\d ()/.-]{4,}\d|\(?\d{3}\)?[-. ]\d{3}[-. ]\d{4}\b)"
)
_CONTACT_LABEL = (
    r"(?:e-?mail|mail|courriel|contact|kontakt|контакты?|tel(?:efon|efono|éfono)?\.?|tél(?:éphone)?\.?|phone|fax|telefax|mobil(?:e|telefon)?|"
    r"handy|cell|тел(?:ефон)?\.?|факс|эл\. почта)"
)
CONTACT_LINE = re.compile(
    # the placeholder alone: the address it stood for is gone, so there is nothing left to read
    rf"^{_PROTECTED_EMAIL}$|"
    rf"^(?:{_CONTACT_LABEL}\s*:?\s*(?:{_EMAIL}|{_PHONE})|(?:twitter|x|instagram|telegram)\s*:\s*@\w{{2,30}})"
    rf"(?:\s*[,;|/·]\s*(?:{_CONTACT_LABEL}\s*:?\s*)?(?:{_EMAIL}|{_PHONE}))*\.?$",
    _I,
)
# A date and nothing else: "23.10.2018", "2021-11-10 - 2021-11-12", "03.11.2021, 14:30".
BARE_DATE = re.compile(rf"^{_NUMERIC_DATE}(?:\s*[-–—]\s*{_NUMERIC_DATE})?(?:,?\s*\d{{1,2}}[:.]\d{{2}})?$")
DATE_LABEL = re.compile(
    r"^(?:posted(?: on)?|letzte änderung|zuletzt (?:geändert|aktualisiert)(?: am)?|aktualisiert am|veröffentlicht am|"
    r"veröffentlichung(?:sdatum)?|last (?:updated|modified)|updated on|published on|publié le|mis à jour le|"
    r"pubblicato il|aggiornato il|data (?:publikacji|aktualizacji)|дата (?:публикации|обновления)|"
    r"ultima modifica|dernière modification|ostatnia modyfikacja|последнее изменение|"
    r"release date|news date|date of (?:publication|release)|erscheinungsdatum|date de (?:publication|parution)|"
    r"data (?:di pubblicazione|wydania)|дата выхода)\s*:?$",
    _I,
)
# "Posted by Jane Doe, Project Marketing, Example", "Tribune Staff Reporter": who wrote it, printed
# beside the article. (A bare e-mail address is not one: articles print contact addresses too.)
CONTRIBUTOR_LINE = re.compile(
    r"^(?:posted by [^.!?]{1,80}|(?:[\w.'’-]+ ){0,3}staff (?:reporter|writer|correspondent))$",
    _I,
)
# A blog post's meta line: "Posted in News by jane on August 3, 2019", "Veröffentlicht am 12. Juni
# 2017 von gizzmo", "1. Januar 2016 von Jane Ein Kommentar", "This entry was posted in News by jane.
# Bookmark the permalink." (classify_line asks for a permalink, or a whole date and no sentence end).
POST_META = re.compile(
    r"^(?:(?:posted|published|veröffentlicht|publié|pubblicato|opublikowano|опубликовано)\b.{0,80}"
    r"(?:\b(?:by|von|par|da|przez|автор\w*)\s+|(?-i:(?:by|von|par|da|przez)(?=[A-ZÄÖÜ])))\S.{0,80}|"
    r"\d{1,2}\.? [^\W\d]+ \d{4} (?:von|by) [\w.'’-]+(?: [\w.'’-]+)?"
    r"(?: (?:ein(?:en)?|one|no|keine|\d+) (?:kommentare?|comments?))?|"
    r"(?:this entry was posted in|dieser eintrag wurde (?:unter .{1,60} )?veröffentlicht(?: in)?|"
    r"cet article a été publié dans|questa voce è stata pubblicata in|ten wpis (?:został )?opublikowany w|"
    r"запись опубликована в рубрике) .{1,200})$",
    _I,
)
# "PUBLISHED: January 16, 2023 at 4:30 p.m. | UPDATED: …": a publication stamp with its date.
DATE_STAMP = re.compile(
    r"^(?:published|updated|posted|veröffentlicht|aktualisiert|publié|mis à jour|pubblicato|aggiornato|opublikowano|"
    r"zaktualizowano|опубликовано|обновлено)(?:\s*:\s*|\s+(?:on|am|le|il|dnia)\s+)"
    rf"(?=\d|[^\W\d]+\.? \d|(?:{_WEEKDAYS}),?\s+(?:\d|(?:{_MONTHS})\.?\s+\d))[^;!?]{{0,30}}?\b(?:19|20)\d{{2}}\b"
    rf"(?:[,.]?\s*(?:at|um|à|alle|o|в)?\s*{_TIME})?\.?(?:\s*[|·]\s*.{{0,80}})?$",
    _I,
)
# "Boing Boing is published under a Creative Commons license", "Die Inhalte dieser Website sind unter
# einer Creative Commons-Lizenz lizenziert": the site's licence, said of the site or the work.
LICENCE_LINE = re.compile(
    r"^(?:this (?:work|article|post|site|website|blog|content)|(?:diese[rs]?|die inhalte dieser) "
    r"(?:arbeit|artikel|beitrag|website|webseite|seite|blog|inhalte)|(?:ce|cet) (?:article|site|blog|contenu)|"
    r"(?:questo|questa) (?:articolo|sito|blog|opera)|(?:ten|ta) (?:artykuł|strona|blog|utwór)|"
    r"(?:эта|этот|данн\w+) (?:статья|сайт|блог|материал\w*)|[\w'’&. -]{1,40} is (?:licensed|published)) "
    r".{0,120}\b(?:creative[ -]commons|cc[ -]by(?:[ -](?:sa|nc|nd))*)\b"
    r"(?:[ -](?:by|sa|nc|nd|\d\.\d|\w*licen[cs]e|lizenz\w*|licenza|licencj\w*|лицензи\w*|attribution\S*|"
    r"namensnennung\S*|international|unported|deutschland|\(.{0,40}\)|https?://\S+))*"
    r"(?: (?:lizenziert|licensed))?(?:,? (?:except where otherwise noted|sofern nicht anders angegeben|"
    r"sauf mention contraire|salvo diversa indicazione))?\.?$",
    _I,
)
# "Markus Beispiel - 31.05.2019 um 13:26 Uhr", "Jane Doe / 22.04.2020", "geschrieben von jane am 21.
# Jan. 2015, 22:40": who wrote it and when. The name is two to four capitalised words and the date
# is a day's, so that timeline subheadings ("Fall of the Wall - 9 November 1989", "Elections - May
# 2019") and place datelines stay; "|" and "·" separate a menu's category and date instead.
_DAY_DATE = (
    rf"\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}}|\d{{1,2}}\.?\s+(?:{_MONTHS})\.?,?\s+\d{{4}}|"
    rf"(?:{_MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}}"
)
DAY_DATE = re.compile(rf"\b(?:{_DAY_DATE})\b", _I)
PERMALINK_END = re.compile(r"\b(?:permalink|permanentlink|lien permanent|permalien|link permanente|bezpośredni odnośnik|"
                           r"постоянная ссылка)\b\.?$", _I)
NAME_DATE_LINE = re.compile(
    rf"^(?:(?:(?:geschrieben|written|posted|écrit|scritto|napisane|написано) (?:von|by|par|da|przez|автор\w*)\s+)"
    rf"[\w'’.-]+(?: [\w'’.-]+){{0,3}}\s+(?:am|on|le|il|dnia)|"
    rf"(?-i:[A-ZÀ-ÖØ-ÞĄĆĘŁŃÓŚŹŻА-Я][\w'’.-]*(?: [A-ZÀ-ÖØ-ÞĄĆĘŁŃÓŚŹŻА-Я][\w'’.-]*){{1,3}})\s*(?:[-–—/,]))"
    rf"\s*(?:{_DAY_DATE})(?:,?\s*(?:um|at|à|alle|o|в)?\s*{_TIME}(?:\s*uhr)?)?$",
    _I,
)
# "vor 16 Stunden", "3 hours ago": a teaser's or a ticker item's relative time.
RELATIVE_TIME = re.compile(
    r"^(?:(?:published|updated|posted|veröffentlicht|aktualisiert|publié|mis à jour|pubblicato|aggiornato|"
    r"opublikowano|zaktualizowano|опубликовано|обновлено)\s*:?\s+)?(?:(?:vor|seit) (?:\d+|einer|einem|zwei|drei) (?:sekunden?|minuten?|stunden?|tag(?:en)?|wochen?|monat(?:en)?)|"
    r"(?:\d+|an?|one|two|three) (?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?) ago|"
    r"il y a (?:\d+|une?|deux|trois) (?:secondes?|minutes?|heures?|jours?|semaines?|mois)|"
    r"(?:\d+|un|una|due|tre) (?:second[oi]|minut[oi]|or[ae]|giorn[oi]|settiman[ae]|mes[ei]) fa|"
    r"(?:\d+|jedn[aą]|dwie|dwa|trzy) (?:sekund\w*|minut\w*|godzin\w*|dni|dzień|tygodni\w*|miesi\w*) temu|"
    r"(?:\d+|одну|один|два|две|три) (?:секунд\w*|минут\w*|час\w*|д(?:ень|ня|ней)|недел\w*|месяц\w*) назад|"
    r"just now|gerade eben|soeben|à l[’']instant|proprio ora|przed chwilą|только что)$",
    _I,
)
# "Bild 10 von 10": a gallery's counter.
GALLERY_COUNTER = re.compile(
    r"^(?:(?:bild|foto|image|photo|picture|immagine|zdjęcie|фото|изображение) )?\d{1,3} (?:von|of|de|sur|di|z|из) \d{1,3}$", _I)
# A list item that is a list marker, a headline and a date: "- Headline - October 10, 2020".
DATED_TEASER = re.compile(rf"^[-–—•]\s.{{10,160}}\s[-–—]\s(?:{_DATE_CORE})$", _I)
# A bullet or dash before a widget line ("- Learn more about …").
LIST_MARKER = re.compile(r"^[-–—•·]\s+")
AGENCY_SIGNOFF = re.compile(
    r"^\(?[a-ząćęłńóśźż]{2,5}(?:/[a-ząćęłńóśźż]{2,5}){0,3}\s*/\s*(?:pap|iar|kai)\)?\.?$", _I)
BYLINE = re.compile(
    r"^(?:by|von|par|di|autor(?:ka)?|author|автор|текст|written by|geschrieben von|écrit par|scritto da|"
    r"redaktion|redakcja|rédaction|редакция)\s*:?\s+[\w'’.-]+(?:\s+[\w'’.-]+){0,4}"
    r"(?:\s*(?:,|\||·|-|—|//|and|und|et|e|i|и)\s*[\w'’. -]{1,60})?\s*[|·]?$",
    _I,
)
# "By Nada Tawfik, BBC News, New York", "Von Anna Beck und Jan Roth, NDR": a byline of several
# names, titles or an outlet and a place, every part capitalised (unlike "By June 2016, most of …").
_CAPITAL = "A-ZÀ-ÖØ-ÞĄĆĘŁŃŚŹŻČĎĚŇŘŠŤŮŽА-ЯЁ"
# the first part a name of two to four words; the others names, titles ("MS"), an outlet ("7 News") or a place
_BYLINE_NAME = rf"[{_CAPITAL}][^\W\d_]*[.'’-]?(?:\s+[{_CAPITAL}][^\W\d_]*[.'’-]?){{1,3}}"
_BYLINE_PART = rf"[{_CAPITAL}0-9][\w'’.&-]*(?:\s+[{_CAPITAL}0-9][\w'’.&-]*){{0,3}}"
BYLINE_OF_PARTS = re.compile(
    r"^(?:By|BY|Von|VON|Par|PAR|Written by|Text(?: by| von)|Autor(?:ka)?|Автор)\s*:?\s+"
    rf"{_BYLINE_NAME}(?:(?:\s*,\s*(?:(?:und|and|et|e|i|и)\s+)?|\s+(?:und|and|&|et|e|i|и)\s+){_BYLINE_PART}){{1,3}}$"
)
READING_META = re.compile(
    r"^(?:\d+\s*(?:min(?:ute)?s?|мин(?:ут[аы]?)?\.?|minuten|minuti|minut[ay]?)\.?(?:\s+(?:read|reading|lesezeit|чтения|"
    r"de lecture|di lettura|czytania))?|"
    # what is left to read: "Jeszcze 3 minuty czytania", "Noch 5 Minuten Lesezeit"
    r"(?:still|noch|encore|ancora|jeszcze|ещё|еще)\s+\d+\s*(?:min(?:ute)?s?|мин(?:ут[аы]?)?\.?|minuten|minuti|minut[ay]?)"
    r"\.?\s+(?:to read|of reading|lesezeit|чтения|de lecture|di lettura|czytania)|"
    r"(?:(?:estimated )?reading time|lesezeit|lesedauer|temps de lecture|tempo di lettura|время чтения|"
    r"czas czytania)\s*:?.{0,20}|"
    r"\d+[- ]min(?:ute)?s?[- ]read|lecture\s*:?\s*\d+\s*min\.?|lettura\s*:?\s*\d+\s*min(?:uti)?\.?|"
    r"(?:ten )?(?:tekst|artykuł) przeczytasz w .{1,30}|"
    r"\d[\d ,.]*\s*(?:views?|просмотр\w*|aufrufe|vues|visualizzazioni|wyświetle\w*|comments?|likes?)|"
    r"(?:views?|просмотр\w*|aufrufe|vues)\s*:?\s*\d[\d ,.]*|"
    r"(?:video|audio|sendung) (?:verfügbar|available|disponible|disponibile|dostępn\w+) (?:bis|until|jusqu'au|fino al|do) .{1,30})$",
    _I,
)

# "Headline | mehr", "Headline | audio": a teaser link to another article.
TEASER_SUFFIX = re.compile(
    r"^.{8,200}\s[|»›]\s*(?:more|mehr|audio|video|plus|więcej|далее|подробнее|leggi|lire)$", re.IGNORECASE
)
# A "read more" link on a line of its own ("READ THE REST", "Weiterlesen »", "Czytaj dalej"): after
# a paragraph, that paragraph is the excerpt of another article, when the page has two or more.
READ_MORE_LINK = re.compile(
    r"^[\W_]*(?:read (?:the )?(?:rest|more|full (?:story|article|post))|continue reading|keep reading|"
    r"weiterlesen|mehr lesen|lire la suite|leggi (?:tutto|di più)|czytaj (?:dalej|więcej)|читать далее|"
    r"подробнее)\b[\W_]*$",
    _I,
)
# "Kaieteur News – The Petroleum Commission is far more important … Yet, the... more": a teaser cut
# short, its link after the ellipsis (a newsticker's run together: "… sagte...Mehr lesen"). A run of
# dots is tried from its first dot only: a table of contents' dot leaders would otherwise be retried
# from every dot.
TEASER_ELLIPSIS = re.compile(
    r"^.{20,400}?(?:(?<!\.)\.{2,}+|…)\s*[\[(]?\s*(?:(?:read |see )?more|continue reading|mehr(?: lesen)?|weiter ?lesen|lire (?:la suite|plus)|"
    r"la suite|leggi (?:tutto|di più|altro)|continua|czytaj (?:więcej|dalej)|więcej|далее|подробнее|читать далее)"
    r"\s*(?:»|›|>|→)?\s*[\])]?$",
    _I,
)
# "Nate Paul, Austin investor tied to AG Paxton, facing …": a teaser's headline cut to fit its box,
# opening with a capital or a digit (not a dialogue's dash, a list's bullet or a list's next item in
# lower case; ``leftovers.is_truncated_headline``), the ellipsis set apart
# after the last whole word; three to fifteen words with no sentence end
# before it (a sentence trailing off, "Er wartete. Und wartete …", has one) and no mark right
# before it (an enumeration, "a) als Maßnahme des Opferschutzes; …").
TRUNCATED_HEADLINE = re.compile(r"^[^.!?…]*?\w\s(?:…|\.{3})$")
TRUNCATED_HEADLINE_WORDS = (3, 15)
# "To reach the reporter behind this story, contact …", "Contact the writer at jane@example.org":
# how to write to the author, under the article.
REPORTER_CONTACT = re.compile(
    r"^(?:to (?:reach|contact) the (?:reporter|editor|writer|author)s?\b[^,]{0,60},? (?:contact|e-?mail|write to|call)\b.{0,160}|"
    r"(?:reach|contact|e-?mail|write to) (?:the )?(?:reporter|writer|author|editor)s?\b.{0,80}"
    r"(?:@[\w-]+\.\w|\[email(?:&#160;| )protected\]).{0,80}|"
    r"(?:kontakt zu[mr]|kontaktieren sie) (?:autor(?:in)?|redaktion)\b.{0,80}@.{0,80})$",
    _I,
)
# "Veröffentlicht: 05.01.2020 Abgelegt unter: Fotografie | Tags: Abendhimmel 5 Kommentare", "Filed
# under: News | Tagged …": a blog post's filing line, with its date in front when the theme puts it there.
POST_FILED = re.compile(
    rf"^(?:(?:veröffentlicht|posted|published|publié|pubblicato|opublikowano|опубликовано)(?: am| on| le| il)?"
    rf"\s*:?\s*(?:{_DATE_CORE})\s+)?"
    r"(?:abgelegt unter|veröffentlicht (?:unter|in)|filed (?:under|in)|posted (?:in|under)|classé dans|publié dans|"
    r"archiviato (?:in|sotto)|pubblicato in|opublikowano w|kategori[ae]|рубрика)"
    r"(?:\s*:\s*|\s+(?=[^|]{1,120}\|))[^|]{1,120}(?:\|[^|]{1,120}){0,4}$",
    _I,
)
# "Previous articleTransforming Mount Trashmore: …", "Nächster Beitrag: …": the link to the
# neighbouring article with its headline, glued on or after a colon.
PREV_NEXT_TEASER = re.compile(
    r"^(?:(?:previous|next) (?:article|post|story)|(?:vorheriger|nächster) (?:artikel|beitrag)|"
    r"article (?:précédent|suivant)|articolo (?:precedente|successivo)|(?:poprzedni|następny) (?:artykuł|wpis)|"
    r"(?:предыдущая|следующая) (?:статья|запись|новость)"
    r")(?:\s*[:»›>]\s*|\s+|(?-i:(?<=[a-zéèęśł])(?=[A-ZÀ-ÖØ-ÞĄĆĘŁŃÓŚŹŻА-Я])))(?=\S).{8,200}$",
    _I,
)
RELATED_SUFFIX = re.compile(
    r"\S.{8,200}?[:|–—-]\s*(?:video|photos?|gallery|фото(?:графии)?|видео|фоторепортаж|bilder|fotos|"
    r"bildergalerie|vidéo|photos|galleria|foto|wideo|zdjęcia)(?:\s+(?:of|from|des|с|з|del|z)\b.{0,60})?$",
    _I,
)

# "Jane Doe is a senior reporter at the Example Times. She covers …": the author box a page prints
# under its article. Only the article's last lines are read for it (see ``is_author_box``): inside
# a story, "Smith is the director of the museum" is reporting.
_ROLE_WORDS = _words(
    r"(?:co-?)?founder", r"(?:senior |deputy |managing |contributing |executive |staff )?(?:editor|writer|reporter)",
    r"journalist", r"author", r"correspondent", r"columnist", r"contributor", r"consultant", r"professor",
    r"lecturer", r"(?:senior|research|visiting) fellow", r"director", r"head of", r"analyst", r"researcher",
    r"freelancer?", r"producer", r"blogger", r"photographer", r"managing partner",
    r"(?:chef)?redakteur(?:in)?", r"autor(?:in|ka)?", r"journalistin", r"gründer(?:in)?", r"gründungspartner(?:in)?",
    r"leiter(?:in)?", r"korrespondent(?:in|ka)?", r"professorin", r"volontär(?:in)?",
    r"journaliste", r"rédact(?:eur|rice)", r"fondat(?:eur|rice)", r"professeure?", r"cherch(?:eur|euse)",
    r"correspondant(?:e)?", r"autrice", r"giornalista", r"redat(?:tore|trice)", r"fondat(?:ore|rice)",
    r"professor(?:e|essa)", r"corrispondente", r"autore", r"dziennikar\w*", r"redaktor\w*",
    r"założyciel\w*", r"profesor\w*", r"publicyst\w*", r"журналист\w*", r"редактор\w*", r"основател\w*",
    r"профессор\w*", r"корреспондент\w*", r"обозревател\w*", r"автор(?:ом|а|ка|кой)?",
)
# The institution or outlet a bio names: a preposition and a capitalised word ("at the Example
# Times", "bei CHIP", "au Monde"), or what the author covers or writes.
BIO_MARKER = re.compile(
    r"\b(?:at|bei|chez|presso|w|we|в|во|für|for|with|of|von|de|di|del|della|du|des|au|aux|à)\s+"
    r"(?:(?:the|der|die|dem|des|la|le|il|l')\s+|l')?[A-ZÀ-ÖØ-ÞĄĆĘŁŃÓŚŹŻА-ЯЁ0-9]|"
    r"\b(?:covers|writes (?:about|on)|schreibt über|écrit sur|scrive di|pisze o|пишет о)\b",
)
AUTHOR_BIO = re.compile(
    r"^(?!(?i:the|der|die|das|le|la|les|il|lo|gli|on|in|at|last|since|after|before|when|am|im|seit|nach|en|dans|"
    r"depuis|nel|dal|dopo|w|od|po|в|с|после)\s)(?:[A-ZÀ-ÖØ-ÞĄĆĘŁŃÓŚŹŻА-ЯЁ][\w'’.-]+\s+){1,2}"
    r"(?:(?:von|van|de|di|da|del|der)\s+)?"
    r"[A-ZÀ-ÖØ-ÞĄĆĘŁŃÓŚŹŻА-ЯЁ][\w'’.-]+,?\s+"
    # "… is a senior reporter at …", or "… writes features and covers Brookhaven for Rough Draft
    # Atlanta": the verb form names the outlet, and reports nothing ("… writes on X that …")
    r"(?:(?:is|ist|est|è|jest|—|-|–)\s+"
    rf"(?i:(?:\S+\s+){{0,6}}?{_ROLE_WORDS})\b|"
    r"(?i:writes|schreibt|écrit|scrive|pisze|пишет)\s"
    r"(?:(?!(?i:\b(?:that|dass|que|che|że|что)\b))[^\"“”„«»]){0,200}?"
    r"\b(?i:for|at|out of|bei|für|pour|per|dla|для)\s+(?:(?:the|The|die|den|der|das|le|la|il)\s+)?"
    r"[A-ZÀ-ÖØ-ÞĄĆĘŁŃÓŚŹŻА-ЯЁ]).{0,560}$",
    re.UNICODE,
)

# "Bericht vom 14. Mai (PDF | 38 KB)": a file download link.
DOWNLOAD_LINE = re.compile(r"(?:pdf|docx?|xlsx?|pptx?|zip)\s*[|(,–-]\s*\d+(?:[.,]\d+)?\s*(?:kb|mb|ko|mo)\b", _I)

# A line that ends a sentence: its punctuation, then any closing marks of any quoting style (German
# „…“ and ‚…‘, inward »…«); or a quote mark alone (” » 」 』, a straight double quote): a line that
# ends on a quoted title ("… called it “absurd”") reads as a sentence in English, not in German.
TERMINAL = re.compile(r"[.!?…;。！？][\"'»«”’“‘)\]」』）]*$|[\"»”」』]$")
# Chinese, Japanese and Korean script: no spaces between words, and a character carries about
# as much text as a short word, so lengths and word counts are measured differently there.
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
