import pytest

from slant.ingest.scrape_cleaner import _rejoin_fragments, clean_text

# The article of a page as a scraper writes it node by node: a line for every link and emphasis.
NODE_BY_NODE = [
    "Home", "News", "Science", "Sign in",
    "Rivers are running out of sand",
    "By Jane Doe",
    "The demand for sand has doubled in twenty years, researchers at",
    "Utrecht University",
    "reported on Tuesday, and the rivers that",
    "supply it",
    "are not keeping up",
    ". Builders use about fifty billion tonnes a year, more than any other material except water.",
    "Dredging lowers river beds, which",
    "undermines bridges",
    "and drains wetlands, said Marta Silva, a hydrologist with the",
    "World Wildlife Fund",
    ". Several countries have banned it on their main rivers.",
    "The report asks governments to count how much sand is taken and to license every dredger. Without",
    "records",
    ", it says, no one can tell how fast the supply is falling.",
    "Share", "Advertisement", "Related stories", "Glaciers lose ice faster than expected",
]

SENTENCES = [
    "The demand for sand has doubled in twenty years, researchers at Utrecht University reported on Tuesday, "
    "and the rivers that supply it are not keeping up. Builders use about fifty billion tonnes a year, more "
    "than any other material except water.",
    "Dredging lowers river beds, which undermines bridges and drains wetlands, said Marta Silva, a "
    "hydrologist with the World Wildlife Fund. Several countries have banned it on their main rivers.",
    "The report asks governments to count how much sand is taken and to license every dredger. Without "
    "records, it says, no one can tell how fast the supply is falling.",
]


def test_a_dump_written_node_by_node_gets_its_sentences_back():
    cleaned = clean_text("\n".join(NODE_BY_NODE), language="en")
    assert cleaned.paragraphs == SENTENCES
    assert cleaned.title == "Rivers are running out of sand"
    # line numbers are the input's: each paragraph starts at its first fragment
    assert cleaned.paragraph_lines == [7, 13, 18]


def test_every_input_line_stays_accounted_for_after_rejoining():
    cleaned = clean_text("\n".join(NODE_BY_NODE), language="en")
    kept = [cleaned.title, *cleaned.paragraphs]
    removed = [entry.text for entry in cleaned.removed]
    # no fragment of a sentence is left behind on its own
    assert not {"Utrecht University", "supply it", "records"} & set(kept + removed)
    words = sorted(" ".join(kept + removed).replace(" .", ".").replace(" ,", ",").split())
    assert words == sorted(" ".join(NODE_BY_NODE).replace(" .", ".").replace(" ,", ",").split())


def test_leftover_lines_are_not_joined_onto_a_sentence():
    joined = _rejoin_fragments(NODE_BY_NODE)
    for line in ("By Jane Doe", "Share", "Advertisement"):
        assert line in joined
    # a menu entry of fewer than three words starts no sentence
    assert joined[:4] == ["Home", "News", "Science", "Sign in"]


def test_a_dump_of_one_block_a_line_is_left_as_it_is():
    rendered = [
        "Home", "World", "Council closes the old bridge",
        "repairs will take six months, engineers say.",
        "updated five minutes ago",
        "The county council voted on Tuesday to close the old bridge over the Wend after inspectors found cracks.",
        "Engineers will begin the repairs in April, and traffic will be diverted for six months.",
        "ingredients such as these are listed in lower case",
        "About us", "Contact",
    ]
    assert _rejoin_fragments(rendered) == rendered


def test_a_capitalised_fragment_is_joined_only_inside_a_sentence():
    lines = ["Officials met representatives of the", "European Commission", "in Brussels on Monday, ministers said",
             ". Talks continue.", "The minister told", "Le Monde", ". Nothing was signed.",
             "Latest News", "Weather", "Sport", "Opinion", "Markets"]
    joined = _rejoin_fragments(lines)
    assert [line for line in joined if line] == [
        "Officials met representatives of the European Commission in Brussels on Monday, ministers said. Talks continue.",
        "The minister told Le Monde. Nothing was signed.",
        "Latest News", "Weather", "Sport", "Opinion", "Markets",
    ]


# Enough fragments for the text to read as written node by node, before the lines each test looks at.
CUT_SENTENCES = ["Officials met the mayor of the", "port city", ", who had asked for help", ". Talks continue."] * 2


def test_a_capitalised_fragment_not_followed_by_the_rest_of_its_sentence_stays_apart():
    lines = [*CUT_SENTENCES, "Ministers from six countries met in the capital with representatives of the",
             "European Commission", "Brussels Office"]
    assert _rejoin_fragments(lines)[-3:] == lines[-3:]


def test_a_one_word_menu_entry_starts_no_run_but_punctuation_after_a_link_always_joins():
    lines = [*CUT_SENTENCES, "home", "about us and the team", "contact", "Marta Silva", ", a hydrologist, agreed."]
    joined = _rejoin_fragments(lines)
    assert joined[-5:-2] == ["home", "about us and the team", "contact"]
    assert joined[-2:] == ["Marta Silva, a hydrologist, agreed.", ""]


def test_many_lower_case_run_ons_alone_mark_a_text_written_node_by_node():
    lines = []
    for number in range(5):
        lines += [f"The council said on day {number} that the repairs to the", "bridge over the river",
                  "would take longer than planned."]
    joined = _rejoin_fragments(lines)
    assert [line for line in joined if line] == [
        f"The council said on day {number} that the repairs to the bridge over the river would take longer than planned."
        for number in range(5)
    ]


def test_an_address_a_leftover_and_a_list_are_not_joined_onto_a_sentence():
    lines = [*CUT_SENTENCES,
             "The full report on the state of the bridge is published at", "https://example.org/report",
             "Comments",
             "A report written", "by Jane Doe",
             "Residents can choose between", "closing the bridge for good", "repairing it over six months",
             "building a new crossing", "12. September 2013", "in Berlin and Hamburg"]
    assert _rejoin_fragments(lines)[-11:] == lines[-11:]


def test_fragments_are_glued_without_spaces_before_punctuation_and_possessives_or_after_quotes():
    lines = [*CUT_SENTENCES, "A reader wrote „Danke“ in the comments.", "Figures from the", "New York Times",
             "’s data desk show that the", "“", "fake news",
             "”", "label was used by a well-", "known presenter", ". It spread."]
    assert "Figures from the New York Times’s data desk show that the “fake news” label was used by a well-known " \
        "presenter. It spread." in _rejoin_fragments(lines)


def test_quotes_opening_with_a_low_mark_close_with_a_high_one():
    lines = [*CUT_SENTENCES, "Der Minister nannte den Bericht „", "Fake News", "“", "und verließ den Saal",
             ". Er sagte: „Wir kommen.“", "Die Sitzung endete", "am Abend.", "Ein Sprecher sagte: „", "Wir prüfen das",
             ".“", "Die Sitzung endete", "am Abend."]
    assert [line for line in _rejoin_fragments(lines) if line][-4:] == [
        "Der Minister nannte den Bericht „Fake News“ und verließ den Saal. Er sagte: „Wir kommen.“",
        "Die Sitzung endete am Abend.",
        "Ein Sprecher sagte: „Wir prüfen das.“",
        "Die Sitzung endete am Abend.",
    ]


def test_a_straight_quote_opens_after_a_space_and_closes_after_an_odd_count():
    lines = [*CUT_SENTENCES, 'The minister called the report "', "fake news", '" and left the room without a word',
             ".", 'His deputy called it "', "a draft", '"', "and said nothing more to the press", "."]
    assert [line for line in _rejoin_fragments(lines) if line][-2:] == [
        'The minister called the report "fake news" and left the room without a word.',
        'His deputy called it "a draft" and said nothing more to the press.',
    ]


def test_french_quotes_open_after_a_space():
    lines = [*CUT_SENTENCES, "Le ministre a qualifié le rapport de «", "fausses nouvelles", "» et a quitté la salle",
             "."]
    assert "Le ministre a qualifié le rapport de «fausses nouvelles» et a quitté la salle." in _rejoin_fragments(lines)


def test_an_abbreviation_ends_no_sentence_when_telling_a_list_from_cut_sentences():
    lines = [*CUT_SENTENCES, "Residents can choose between", "the plan of the U.S. engineers",
             "the plan of the U.S. Army engineers", "repairs, e.g. the old pillars", "repairs, approx. six months",
             "the plan of Mr. Smith", "der Sanierung bzw. Schließung", "fences, gates etc. as needed", "a new crossing"]
    assert _rejoin_fragments(lines)[-9:] == lines[-9:]


def test_a_hyphen_waiting_for_the_rest_of_a_compound_and_a_name_after_an_apostrophe_keep_their_space():
    lines = [*CUT_SENTENCES, "Tickets for first-", "and second-class seats", "went on sale", ".", "The court in",
             "'s-Hertogenbosch", "ruled on Monday", ".", "Der Plan betrifft den Ein-", "bzw. Ausgang des Bahnhofs", "."]
    joined = _rejoin_fragments(lines)
    assert "Tickets for first- and second-class seats went on sale." in joined
    # a Dutch town's name, not a possessive
    assert "The court in 's-Hertogenbosch ruled on Monday." in joined
    assert "Der Plan betrifft den Ein- bzw. Ausgang des Bahnhofs." in joined


def test_lower_case_menu_entries_do_not_make_a_text_read_as_node_by_node():
    article = ["Apple unveils a faster laptop", "the new model ships in March, the company said on Tuesday.",
               "Prices start at 999 dollars, and the old model gets cheaper."]
    for menu in (["home", "news", "sport", "weather", "tech", "iPhone", "iPad"],
                 ["Latest from Apple", "iPhone", "More from Apple", "iPad", "News about Apple", "macOS",
                  "Reviews of Apple", "watchOS"]):
        assert _rejoin_fragments(menu + article) == menu + article


def test_a_line_opening_with_a_name_in_lower_case_runs_on():
    lines = [*CUT_SENTENCES, "The agency said on Monday that", "mRNA vaccines are safe for children of all ages, it said."]
    assert "The agency said on Monday that mRNA vaccines are safe for children of all ages, it said." in \
        _rejoin_fragments(lines)


def test_leftovers_in_lower_case_do_not_make_a_text_read_as_node_by_node():
    lines = ["Council closes the old bridge", "repairs will take six months, engineers say."]
    for number in range(4):
        lines += [f"Council closes bridge number {number} for repairs", "updated 5 minutes ago",
                  "Engineers will begin the repairs in April."]
    assert _rejoin_fragments(lines) == lines


def test_a_closing_quote_before_punctuation_ends_the_quote_and_joins():
    lines = [*CUT_SENTENCES, 'The minister said "', "We will come back to the table next week", '", adding that talks',
             "would resume.", "The minister told reporters", "“", "we will come back,", "” and left."]
    assert [line for line in _rejoin_fragments(lines) if line][-2:] == [
        'The minister said "We will come back to the table next week", adding that talks would resume.',
        "The minister told reporters “we will come back,” and left.",
    ]


def test_a_lone_straight_quote_opens_or_closes_by_the_count_before_it():
    lines = [*CUT_SENTENCES, "The talks ended without a deal.", '"', "We will come back", '"', ", the minister said.",
             'He bought a 12" pizza and said', '"Great food" was all', "he wanted to say.", "Her aide called the plan",
             '"', "a draft", '"', "and said nothing more", ".", 'She said "', "We will come back.", '"', "She left."]
    assert [line for line in _rejoin_fragments(lines) if line][-6:] == [
        "The talks ended without a deal.",
        '"We will come back", the minister said.',
        'He bought a 12" pizza and said "Great food" was all he wanted to say.',
        'Her aide called the plan "a draft" and said nothing more.',
        'She said "We will come back."',
        "She left.",
    ]


def test_guillemets_open_and_close_by_the_way_the_text_points_them():
    lines = [*CUT_SENTENCES, "Er sprach von »Fehlern«, nicht von Schuld.", "Der Minister nannte den Bericht »",
             "Fake News", "« und verließ den Saal", "."]
    assert "Der Minister nannte den Bericht »Fake News« und verließ den Saal." in _rejoin_fragments(lines)


def test_brackets_and_quotes_opened_together_take_no_space():
    lines = [*CUT_SENTENCES, "The minister called the report (", "“", "fake news", "”) and left", ".", "She said “",
             "We will come back.", "”"]
    joined = _rejoin_fragments(lines)
    assert "The minister called the report (“fake news”) and left." in joined
    # a closing mark alone closes the quote even after the end of its sentence
    assert joined[-3:] == ["She said “We will come back.”", "", ""]


def test_sentences_in_a_script_without_capitals_end_inside_a_line():
    lines = [*CUT_SENTENCES, "მინისტრმა განაცხადა, რომ", "პარლამენტი", "შეხვდა. ის წავიდა", "დარბაზიდან"]
    assert "მინისტრმა განაცხადა, რომ პარლამენტი შეხვდა. ის წავიდა დარბაზიდან" in _rejoin_fragments(lines)


def test_every_line_is_checked_for_leftovers_once(monkeypatch):
    import slant.ingest.scrape_cleaner as scrape_cleaner

    seen = []
    classify = scrape_cleaner.classify_line
    monkeypatch.setattr(scrape_cleaner, "classify_line", lambda text: seen.append(text) or classify(text))
    clean_text("\n".join(NODE_BY_NODE), language="en")
    assert seen and len(seen) == len(set(seen))


def test_punctuation_after_a_link_joins_short_lines_that_end_no_sentence():
    lines = [*CUT_SENTENCES, "She met the mayor of the", "port city", ", who had asked for help", "Latest News",
             "研究人员在旧金山的实验室发现了这个问题", "，并在周二公布了结果。"]
    joined = _rejoin_fragments(lines)
    assert "She met the mayor of the port city, who had asked for help" in joined
    assert "研究人员在旧金山的实验室发现了这个问题，并在周二公布了结果。" in joined


def test_a_straight_quote_closing_at_the_end_of_a_line_ends_the_sentence():
    lines = [*CUT_SENTENCES, 'The minister said "we will meet', "Olaf Scholz", 'in Berlin."', "Chancellor Angela Merkel",
             "said on Tuesday that she agreed.", 'He bought a 12"', "pizza and said it was", "great food", "."]
    assert [line for line in _rejoin_fragments(lines) if line][-3:] == [
        'The minister said "we will meet Olaf Scholz in Berlin."',
        "Chancellor Angela Merkel said on Tuesday that she agreed.",
        'He bought a 12" pizza and said it was great food.',
    ]


def test_a_closing_mark_after_the_end_of_a_sentence_joins_only_what_it_closes():
    lines = [*CUT_SENTENCES, "Talks will continue on Monday, the ministry said.", ")", "Next story",
             "Er sprach von »Fehlern«, nicht von Schuld.", "Weiterlesen »",
             "Die Regierung hat am Montag beschlossen, die Brücke zu schließen, sagte ein Sprecher."]
    assert _rejoin_fragments(lines)[-6:] == lines[-6:]


def test_a_quoted_name_at_the_end_of_a_fragment_ends_no_sentence():
    lines = [*CUT_SENTENCES, "The minister called the report", "“fake news”", "and left the room", "."]
    assert "The minister called the report “fake news” and left the room." in _rejoin_fragments(lines)


def test_the_language_settles_quotes_the_marks_leave_open_and_elisions_take_no_space():
    german = [*CUT_SENTENCES, "Der Minister nannte den Bericht „", "Fake News", "“", "und verließ den Saal", ".",
              "Ein Gast sagte “very sad” und ging."]
    assert "Der Minister nannte den Bericht „Fake News“ und verließ den Saal." in _rejoin_fragments(
        german, language="de")
    italian = [*CUT_SENTENCES, "Il ministro ha visitato l'", "Italia", "e la Francia", "."]
    assert "Il ministro ha visitato l'Italia e la Francia." in _rejoin_fragments(italian, language="it")
    assert "Il ministro ha visitato l' Italia e la Francia." in _rejoin_fragments(italian, language="en")


def test_a_name_after_a_line_ending_in_a_quote_starts_a_sentence_but_lower_case_runs_on():
    lines = [*CUT_SENTENCES, "Trump calls climate report “fake news”", "President Donald Trump",
             "on Tuesday dismissed the report, aides said.", "Minister calls plan ‘a disgrace’", "President Donald Trump",
             "on Tuesday dismissed the plan, aides said.", "The minister called the report", "“fake news”",
             "and left the room", ".", "She called the report “fake news”", "in an interview with the BBC",
             "on Monday.", "Apple boss calls EU fine “absurd”", "iPhone maker Apple will appeal, its chief said.",
             "She joined the ‘new’ players’", "Union", "last year."]
    joined = [line for line in _rejoin_fragments(lines) if line]
    assert joined[-9:] == ["Trump calls climate report “fake news”",
                           "President Donald Trump on Tuesday dismissed the report, aides said.",
                           "Minister calls plan ‘a disgrace’",
                           "President Donald Trump on Tuesday dismissed the plan, aides said.",
                           "The minister called the report “fake news” and left the room.",
                           "She called the report “fake news” in an interview with the BBC on Monday.",
                           "Apple boss calls EU fine “absurd”",
                           "iPhone maker Apple will appeal, its chief said.",
                           "She joined the ‘new’ players’ Union last year."]


def test_short_lines_ending_in_quoted_strings_stay_a_list():
    lines = [*CUT_SENTENCES, "with open(path) as handle:", "text = handle.read()", 'greeting = "Hello"',
             "She said ‘fine’ and left.", "”", "Music of the ‘90s is back.", "»"]
    assert _rejoin_fragments(lines)[-7:] == lines[-7:]


def test_quotes_open_after_a_colon_and_single_quotes_close_after_a_sentence():
    lines = [*CUT_SENTENCES, 'The minister told AFP:"', "We will come back to the table next week", '", and left.',
             "She said ‘", "We will come back.", "’", "She left."]
    assert [line for line in _rejoin_fragments(lines) if line][-3:] == [
        'The minister told AFP:"We will come back to the table next week", and left.',
        "She said ‘We will come back.’",
        "She left.",
    ]


def test_clean_text_gives_the_joiner_the_language_it_was_told():
    lines = [*CUT_SENTENCES, "De minister noemde het rapport „", "onzin", "“", "en verliet de zaal", ".",
             "Een gast zei “heel triest” en ging."]
    assert "De minister noemde het rapport „onzin“ en verliet de zaal." in clean_text("\n".join(lines),
                                                                                     language="nl").paragraphs


def test_a_three_letter_language_code_leaves_the_language_to_the_text():
    italian = ["Il ministro ha incontrato il sindaco della", "città portuale", ", che aveva chiesto aiuto",
               ". I colloqui continuano.", "Il ministro ha visitato l'", "Italia", "e la Francia", "la settimana scorsa",
               ", ha detto il portavoce."] * 2
    assert "Il ministro ha visitato l'Italia e la Francia la settimana scorsa, ha detto il portavoce." in \
        clean_text("\n".join(italian), language="ita").paragraphs


def test_a_plural_apostrophe_closes_no_quote():
    lines = [*CUT_SENTENCES, "He quoted the “head of the students’", "union", "on Monday.", "”", ", she added."]
    assert [line for line in _rejoin_fragments(lines) if line][-1] == \
        "He quoted the “head of the students’ union on Monday.”, she added."


def test_a_list_the_article_introduces_with_a_colon_stays_between_its_paragraphs():
    # Short items one a line cost a block more with every line, so a long list parts the body;
    # a list introduced by the article's own colon is the article's, not a menu.
    before = [
        "The council published its list of measures for the harbour district on Tuesday, after months of talks.",
        "Residents had asked for more than the council was able to promise, the mayor said at the meeting.",
        "The measures the council agreed on are these, in the order in which they will come into force:",
    ]
    items = ["Lower speed limits on the quay", "New crossings at the ferry terminal", "Night buses on weekends",
             "A second playground", "Longer opening hours at the library", "Benches along the river walk",
             "A bicycle lane to the station", "Street lights on the old pier", "Weekly market on Saturdays",
             "Free parking for residents"]
    after = [
        "The first of the measures will come into force in March, the council said, and the last by the end of next year.",
        "Shop owners welcomed the plan but said the works on the quay should not start before the summer season ends.",
        "The opposition called the list too timid and said the council had left out the housing the district needs.",
    ]
    page = ["Home", "News", "Sport", "Weather", "Contact", *before, *items, *after, "Imprint", "Privacy"]
    cleaned = clean_text("\n".join(page), language="en")
    for line in (*before, *items, *after):
        assert line in cleaned.paragraphs, line
    assert "Imprint" not in cleaned.paragraphs

    # The same items after a sentence that introduces nothing are a run of widget lines and stay out.
    unintroduced = [*before[:2], "The measures will come into force in the order the council agreed."]
    cleaned = clean_text("\n".join(["Home", "News", "Sport", "Weather", "Contact", *unintroduced, *items, *after,
                                    "Imprint", "Privacy"]), language="en")
    assert not set(items) & set(cleaned.paragraphs)
    assert after[0] in cleaned.paragraphs


def test_a_poll_after_a_sentence_ending_in_a_colon_stays_out_of_the_body():
    before = [
        "The council published its plan for the harbour district on Tuesday, after months of talks with residents.",
        "Residents had asked for more than the council was able to promise, the mayor said at a packed meeting.",
        "We want to know what you think about the new toll, so tell us in our poll below:",
    ]
    poll = ["Yes, it is fair", "No, it is too high", "I do not drive in the district", "Not sure yet", "Vote",
            "View results", "Loading poll...", "1,204 votes so far"]
    after = [
        "The first of the measures will come into force in March, the council said, and the last by the end of next year.",
        "Shop owners welcomed the plan but said the works on the quay should not start before the summer season ends.",
    ]
    cleaned = clean_text("\n".join(["Home", "News", "Sport", *before, *poll, *after, "Imprint", "Privacy"]),
                         language="en")
    assert not set(poll) & set(cleaned.paragraphs)
    assert after[0] in cleaned.paragraphs


def test_a_subheading_saying_what_someone_said_does_not_end_the_article():
    opening = [
        "The inspectors' report on the old bridge over the Wend was published on Tuesday after a long delay.",
        "It lists cracks in two of the bridge's piers and rust on the steel beams that carry the road deck.",
    ]
    rest = [
        "The minister said the bridge would stay closed until a new crossing opens, probably next summer.",
        "She promised that the ferry would run every half hour until then, at no cost for residents of the town.",
        "Local businesses said they would ask for compensation for the months in which customers stay away.",
    ]
    cleaned = clean_text("\n".join(["Home", "News", *opening, "What the minister said", *rest, "Imprint"]),
                         language="en")
    for paragraph in (*opening, *rest):
        assert paragraph in cleaned.paragraphs, paragraph


_SHORT_POST_DUMP = [
    "Home", "Blog", "Shop", "Sign in",
    "Hating a generation is the prejudice you may still boast about",
    "Jul 19, 2013",
    "Cartoonist Jane Roe got a spot on the evening news for her scathing critique of the story that a whole "
    "generation is lazy and narcissistic, which has gone well past its sell-by date.",
    "(via Comics Weekly)",
    "SHARE /", "TWEET /", "82 COMMENTS",
]
_NEXT_POST_EXCERPTS = [
    f"The good folks at the {where} choir are still doing their thing, and now they have brought two famous guests "
    f"along to sing a song that everyone knows by heart. It is a joy to watch from start to finish, and the video "
    f"is the talk of every music forum this week."
    for where in ("north", "south", "east", "west")
]


@pytest.mark.parametrize("image", [[], ["[choir-photo]"]])  # a text browser shows the teaser's image
def test_excerpts_each_followed_by_a_read_more_link_are_other_posts_not_the_body(image):
    lines = list(_SHORT_POST_DUMP)
    for number, excerpt in enumerate(_NEXT_POST_EXCERPTS):
        lines += [f"Choir number {number} sings with two guests", *image, excerpt, "READ THE REST"]
    lines += ["Terms of Service", "About us"]
    cleaned = clean_text("\n".join(lines), language="en")
    assert cleaned.paragraphs == [_SHORT_POST_DUMP[6]]
    reasons = {entry.text: entry.reason for entry in cleaned.removed}
    assert reasons[_NEXT_POST_EXCERPTS[0]] == "related headline"
    assert reasons["READ THE REST"] == "call to action"


_MENU = ["Home", "News", "Science", "Sport", "Culture", "Sign in"]


def test_a_paragraph_under_a_lone_read_more_link_or_a_different_one_stays_in_the_body():
    # a single "Continue reading" may close the article's first part (a paywall's button)
    lines = [*_MENU, "Rivers are running out of sand", *SENTENCES[:2], "Continue reading", SENTENCES[2],
             "Share", "Advertisement", *_MENU]
    assert clean_text("\n".join(lines), language="en").paragraphs == SENTENCES
    # the paywall's button and one teaser's link, worded alike or not, under the title or under a
    # paragraph: prose stands between them, so they are no list of excerpts
    for button, teaser_link in (("Continue reading", "Read more"), ("Continue reading", "Continue reading"),
                                ("Read more", "Read more")):
        for split in (1, 2):
            lines = [*_MENU, "Rivers are running out of sand", *SENTENCES[:split], button, *SENTENCES[split:],
                     "Most read", "Glaciers lose ice faster than expected", _NEXT_POST_EXCERPTS[0], teaser_link, *_MENU]
            assert clean_text("\n".join(lines), language="en").paragraphs[:3] == SENTENCES, (button, split)


@pytest.mark.parametrize("labels", [("Update", "Earlier", "Breaking"),
                                    ("Posted at 10:02", "Posted at 10:31", "Posted at 11:15")])
def test_a_live_blogs_entries_under_labels_and_times_are_not_excerpts(labels):
    entries = [f"{sentence} More updates on the sand report follow through the afternoon." for sentence in SENTENCES]
    introduction = ("The sand report is out today, and our reporters follow the reactions of builders, dredgers and "
                    "governments here as they come in.")
    lines = [*_MENU, "Live: the sand report", introduction]
    for label, entry in zip(labels, entries, strict=True):
        lines += [label, entry, "Continue reading"]
    paragraphs = clean_text("\n".join(lines + _MENU), language="en").paragraphs
    assert all(paragraph in paragraphs for paragraph in [introduction, *entries])


def test_a_page_of_nothing_but_excerpts_is_read_as_it_is():
    lines = list(_MENU)
    for number, excerpt in enumerate(_NEXT_POST_EXCERPTS):
        lines += [f"Choir number {number} sings with two guests", excerpt, "Read more"]
    paragraphs = clean_text("\n".join(lines + _MENU), language="en").paragraphs
    assert all(excerpt in paragraphs for excerpt in _NEXT_POST_EXCERPTS)


def test_a_last_sentence_ending_in_an_address_stays_in_the_body():
    closing = "The full report is online as a free download at https://example.org/sand-report"
    for menu, footer in ((_MENU, ["Share", "Related stories", "Glaciers lose ice faster than expected",
                                  "Coral reefs recover in the Pacific"]), (_MENU, ["Share", "About us"]),
                         (["Home", "News"], ["Share", "About us"])):
        lines = [*menu, "Rivers are running out of sand", *SENTENCES, closing, *footer]
        assert clean_text("\n".join(lines), language="en").paragraphs[-4:] == [*SENTENCES, closing], footer
        # a headline-like line, or a short line with an address, still goes
        for last in ("Sand report download page", "Sand report https://example.org/sand-report"):
            lines = [*menu, "Rivers are running out of sand", *SENTENCES, last, *footer]
            assert clean_text("\n".join(lines), language="en").paragraphs[-3:] == SENTENCES, (footer, last)


def test_a_dump_drops_the_author_box_that_closes_its_article():
    bio = "Logan C. Ritchie writes features and covers Brookhaven for Rough Draft Atlanta."
    lines = [*_MENU, "Rivers are running out of sand", *SENTENCES, bio, "Share", "About us", *_MENU]
    cleaned = clean_text("\n".join(lines), language="en")
    assert cleaned.paragraphs == SENTENCES
    assert (bio, "author box") in {(entry.text, entry.reason) for entry in cleaned.removed}


_PERSON_BOX_ARTICLE = [
    "Für Eltern kleiner Kinder ist es eine typische Situation: Die Kita ruft an, das Kind hat Fieber und muss "
    "abgeholt werden. Dürfen Angestellte dann einfach ihren Arbeitsplatz verlassen?",
    "„In so einem Fall darf der Mitarbeiter gehen, um sich um sein krankes Kind zu kümmern, wenn keine andere "
    "Betreuung möglich ist“, sagt die Arbeitsrechtlerin Kathrin Bürger.",
]
_PERSON_BOX_REST = [
    "Wie lange Eltern zu Hause bleiben dürfen, regelt das Sozialgesetzbuch. Gesetzlich Versicherte haben für "
    "jedes Kind unter zwölf Jahren Anspruch auf Kinderkrankengeld, und zwar für zehn Arbeitstage im Jahr.",
    "Alleinerziehende haben Anspruch auf zwanzig Tage. Bei mehreren Kindern ist die Zahl der Tage begrenzt, "
    "auf höchstens fünfundzwanzig Arbeitstage für jeden Elternteil und fünfzig für Alleinerziehende.",
    "Der Arbeitgeber muss den Lohn in dieser Zeit nicht weiterzahlen, wenn der Arbeitsvertrag das ausschließt. "
    "Dann springt die Krankenkasse ein und zahlt in der Regel neunzig Prozent des Nettoverdienstes.",
    "Privat Versicherte gehen dagegen meist leer aus. Für sie gilt nur das Bürgerliche Gesetzbuch, das eine "
    "bezahlte Freistellung für eine verhältnismäßig nicht erhebliche Zeit vorsieht, oft nur wenige Tage.",
]


def test_an_article_goes_on_over_the_box_about_the_person_it_quotes():
    bio = "Kathrin Bürger ist Fachanwältin für Arbeitsrecht und Partnerin einer Kanzlei in München."
    lines = [*_MENU, "Kind krank: Was Arbeitgeber wissen müssen", *_PERSON_BOX_ARTICLE, "Zur Person", bio,
             *_PERSON_BOX_REST, "Impressum", *_MENU]
    paragraphs = clean_text("\n".join(lines), language="de").paragraphs
    assert paragraphs[:2] == _PERSON_BOX_ARTICLE and paragraphs[-4:] == _PERSON_BOX_REST
    assert "Zur Person" not in paragraphs


def test_excerpts_are_set_aside_in_a_dump_wrapped_at_a_fixed_width():
    import textwrap

    lines = list(_SHORT_POST_DUMP)
    for number, excerpt in enumerate(_NEXT_POST_EXCERPTS):
        lines += [f"Choir number {number} sings with two guests", excerpt, "READ THE REST"]
    wrapped = "\n".join(piece for line in [*lines, "Terms of Service", "About us"]
                        for piece in textwrap.wrap(line, 100))
    paragraphs = clean_text(wrapped, language="en").paragraphs
    assert any(paragraph.startswith("Cartoonist Jane Roe") for paragraph in paragraphs)
    assert not any("good folks" in paragraph for paragraph in paragraphs)


_CUT_HEADLINES = ["Lawsuit filed against the revised transit plan …", "One seriously injured after a crash on the …",
                  "Memo: an overview of airport safety operations …"]


def test_headlines_cut_short_with_an_ellipsis_are_teasers_in_a_list_of_three_or_more():
    # a section label or a caption between them does not part the list
    lines = [*_MENU, "Rivers are running out of sand", *SENTENCES, _CUT_HEADLINES[0], "Local", _CUT_HEADLINES[1],
             "Photo: Jane Doe", "Local", _CUT_HEADLINES[2], *_MENU]
    cleaned = clean_text("\n".join(lines), language="en")
    assert cleaned.paragraphs == SENTENCES
    reasons = {entry.text: entry.reason for entry in cleaned.removed}
    assert all(reasons[headline] == "related headline" for headline in _CUT_HEADLINES)


def test_a_wall_of_headlines_after_the_article_is_not_its_continuation():
    # a tabloid's sidebar: headlines in the present tense, now and then a one-word kicker
    names = ["Kerry", "Laura", "Megan", "Danielle", "Lily", "Vogue", "Ferne", "Lizzie", "Shawn", "Roman"]
    deeds = ["shows off her new look on a sunny beach in Dubai", "steps out in a daring red dress for a London party",
             "reveals the secret behind her glowing skin after a month in Bali"]
    headlines = [f"{name} {deed}" for deed in deeds for name in names]
    sidebar = [line for number, headline in enumerate(headlines)
               for line in ((headline, "Stunning") if number % 4 == 0 else (headline,))]
    lines = [*_MENU, "Rivers are running out of sand", *SENTENCES, "Share or comment on this article:", "DON'T MISS",
             *sidebar, *_MENU]
    paragraphs = clean_text("\n".join(lines), language="en").paragraphs
    assert paragraphs == SENTENCES


_CHRONOLOGY = """Startseite
Politik
Chronik: Der Weg zur Deutschen Einheit
Vom Mauerfall bis zum 3. Oktober 1990 vergingen keine elf Monate. Die wichtigsten Stationen eines Jahres, das Europa veränderte, im Überblick.
9. November 1989
Die Mauer fällt in Berlin
Am Abend verliest Günter Schabowski vor der Presse eine neue Reiseregelung. Noch in der Nacht strömen Tausende an die Grenzübergänge, die schließlich geöffnet werden.
18. März 1990
Erste freie Wahl zur Volkskammer
Die Allianz für Deutschland gewinnt die Wahl in der DDR deutlich. Lothar de Maizière wird wenige Wochen später Ministerpräsident einer großen Koalition.
1. Juli 1990
Die D-Mark kommt in die DDR
Mit der Währungs-, Wirtschafts- und Sozialunion wird die D-Mark offizielles Zahlungsmittel. Löhne und Renten werden im Verhältnis eins zu eins umgestellt.
Impressum
Datenschutz"""

_BOOK_LIST = """Home
Books
The ten best novels of the spring
Publishers have saved some of their strongest titles for March and April. Our critics picked the ones worth your time, from a debut set in Lagos to a thriller on a North Sea rig.
The Salt Road by Amara Okafor
A young doctor returns to Lagos to care for her father and finds the city, and her family, changed beyond recognition. A warm, funny and finally devastating debut.
Fourth Estate, published 14 March 2024
Below the Platform by Tom Harlan
Six workers are trapped on an oil rig as a storm closes in, and one of them is not who he says he is. Tense from the first page to the last.
Faber, published 4 April 2024
Small Hours by Lena Vogt
A night nurse in Hamburg keeps a diary of her patients' last words. Translated from the German, it is quiet, precise and unforgettable.
Granta, published 11 April 2024
Privacy
Terms"""


@pytest.mark.parametrize("dump", [_CHRONOLOGY, _BOOK_LIST])
def test_entries_dated_after_or_before_their_text_are_the_article(dump):
    paragraphs = clean_text(dump).paragraphs
    entries = [line for line in dump.split("\n") if len(line) > 100]
    assert all(entry in paragraphs for entry in entries), paragraphs


def test_an_invitation_to_comment_or_an_advice_subheading_does_not_end_the_article():
    advice = ["Pick a calm moment, not the day the phone bill arrives. Ask what your child already knows about "
              "saving, and listen before you explain anything yourself.",
              "Give them a small monthly allowance and let them manage it, mistakes included. A missed concert "
              "because the money ran out teaches more than any lecture."]
    for line in ("Start the conversation", "Be the first to comment"):
        lines = [*_MENU, "Rivers are running out of sand", SENTENCES[0], line, *advice, *SENTENCES[1:], *_MENU]
        paragraphs = clean_text("\n".join(lines), language="en").paragraphs
        assert paragraphs == [SENTENCES[0], *advice, *SENTENCES[1:]], (line, paragraphs)


_CUT_EXCERPTS = [
    "Hamburg (dpa) – Despite a meeting between the founder and the student council, the two sides remain divided. "
    "The council had accused him of playing down the events and of refusing a public debate, a spokeswoman "
    "said...Mehr lesen",
    "Bremen (dpa) – Die Kunsthalle Bremen hat am Samstag ihre große Sonderausstellung für das Publikum geöffnet. "
    "Zu sehen sind Meisterwerke von Vincent van Gogh, Max Beckmann und Paula Modersohn-Becker aus vier "
    "Jahrhunderten...Weiterlesen",
]


def test_long_excerpts_cut_short_are_teasers_two_or_more_on_a_page_but_not_one_alone():
    lines = [*_MENU, "Rivers are running out of sand", *SENTENCES, "Newsticker", *_CUT_EXCERPTS, *_MENU]
    cleaned = clean_text("\n".join(lines))
    assert cleaned.paragraphs == SENTENCES
    assert {entry.text: entry.reason for entry in cleaned.removed}[_CUT_EXCERPTS[1]] == "related headline"
    # a paywalled page's own lead, cut short with its link run on
    lines = [*_MENU, "Hafenbehörde will Köhlbrandbrücke abreißen", _CUT_EXCERPTS[1], "Jetzt mit Abo weiterlesen",
             *_MENU]
    assert clean_text("\n".join(lines)).paragraphs == [_CUT_EXCERPTS[1]]


def test_a_block_after_the_article_reads_as_prose_by_the_weight_of_its_sentences():
    from slant.ingest.scrape_cleaner import _Line, _reads_as_prose

    def line(weight: float, terminal: bool) -> _Line:
        return _Line(number=1, text="x", words=12, stop_share=0.3, terminal=terminal, pattern=None, weight=weight)

    headlines = [line(40.0, False) for _ in range(8)]
    # a sidebar of headlines with one sentence among them
    assert not _reads_as_prose([*headlines, line(100.0, True)], (0, 8))
    # the article going on, with a box of headlines inside it
    assert _reads_as_prose([*headlines, line(300.0, True), line(250.0, True)], (0, 9))
    # too few lines to tell
    assert _reads_as_prose([line(40.0, False) for _ in range(5)], (0, 4))


@pytest.mark.parametrize("text", [
    "Der Bürgermeister sagte: „Wir bauen die Brücke neu.“",
    "Sie nannte das ‚einen Anfang.‘",
    "»Das reicht nicht.«",
    "The mayor said: “We will rebuild the bridge.”",
])
def test_a_sentence_ends_before_the_closing_quote_of_any_quoting_style(text):
    from slant.ingest.leftover_patterns import TERMINAL

    assert TERMINAL.search(text)


def test_a_german_headline_that_ends_in_a_quoted_word_ends_no_sentence():
    from slant.ingest.leftover_patterns import TERMINAL

    assert not TERMINAL.search("Bürgermeister nennt den Plan „unbezahlbar“")


def test_the_article_going_on_after_its_headlines_box_still_joins():
    second_half = [
        "Engineers in the Netherlands have started to test concrete made with crushed glass instead of river "
        "sand. The first bridge built with it opened last spring, and inspectors found no cracks after a winter.",
        "Glass is not the only candidate. Ash from power stations, slag from steel works and the waste of mines "
        "can all take the place of some of the sand, though each needs its own tests before builders trust it.",
        "None of this will close the gap soon, the authors warn. Even if every substitute were used, the world "
        "would still dig up more sand each year than its rivers bring down from the mountains.",
    ]
    box = ["Read more", *(f"Sand mafia number {number} fights for the river banks of the delta" for number in range(8))]
    lines = [*_MENU, "Rivers are running out of sand", *SENTENCES, *box, *second_half, *_MENU]
    paragraphs = clean_text("\n".join(lines), language="en").paragraphs
    assert paragraphs[:3] == SENTENCES and paragraphs[-3:] == second_half, paragraphs


_DATED_TEASERS = [
    ("Dredgers move upriver as the banks give way",
     "Fishermen say the river has dropped by a metre since the barges came. The ministry disputes it.",
     "Jane Roe, Utrecht 18.10.2019, 19:33"),
    ("A sand tax divides the coalition",
     "The finance minister wants builders to pay for what they take out of the rivers. Her partners do not.",
     "John Doe 18.10.2019, 06:00"),
    ("Why glass needs a different sand",
     "Desert sand is too round to bind, which is why the deserts cannot help the builders. An explainer.",
     "Jane Roe 17.10.2019, 13:17"),
]


def test_teasers_that_each_close_with_a_byline_and_a_date_are_set_aside():
    # a label between two teasers does not part them
    teasers = [*_DATED_TEASERS[0], "Analysis", *_DATED_TEASERS[1], *_DATED_TEASERS[2]]
    lines = [*_MENU, "Rivers are running out of sand", *SENTENCES, *teasers, *_MENU]
    cleaned = clean_text("\n".join(lines), language="en")
    assert cleaned.paragraphs == SENTENCES
    reasons = {entry.text: entry.reason for entry in cleaned.removed}
    assert all(reasons[headline] == "related headline" for headline, _, _ in _DATED_TEASERS)


def test_one_dated_teaser_and_embedded_posts_under_their_introductions_stay():
    post = ["Goldstein tweeted he was honoured to offer the benediction:",
            "Honoured to have offered the benediction today at this historic ceremony. The head in the front row is mine.",
            "Seth Goldstein (@rabbi) January 7, 2020"]
    for inside in (list(_DATED_TEASERS[0]), post * 2):
        lines = [*_MENU, "Rivers are running out of sand", SENTENCES[0], *inside, *SENTENCES[1:], *_MENU]
        paragraphs = clean_text("\n".join(lines), language="en").paragraphs
        assert inside[1] in paragraphs, paragraphs


@pytest.mark.parametrize("trailing", [
    # one alone
    ["So we asked the dredgers about it, and they said …"],
    # an interviewer's questions trailing off, each answered, however briefly
    ["And the governments you asked about it …", "Said nothing.", "And the dredgers …", "Not a word.",
     "And the builders …", "They shrugged."],
    # two alike: a dialogue's lines, a song's
    ["We shall overcome, we shall overcome …", "We shall overcome some day …"],
    # a list whose items trail off, dialogue opened with a dash
    ["Il y a ceux qui vendent leur maison …", "ceux qui partent en Espagne …", "et ceux qui restent malgré tout …"],
    ["— Nie wiem, czy dam radę …", "— Musisz spróbować …", "— Spróbuję jutro rano …"],
])
def test_lines_trailing_off_in_the_article_stay(trailing):
    lines = [*_MENU, "Rivers are running out of sand", SENTENCES[0], *trailing, *SENTENCES[1:], *_MENU]
    paragraphs = clean_text("\n".join(lines)).paragraphs
    assert all(line in paragraphs for line in trailing), paragraphs


@pytest.mark.parametrize(("line", "cut"), [
    ("Biden goes to Illinois auto plant saved by union …", True),
    ("Was Linz heute isst ...", True),
    ("Suchen nach …", False),  # too short to be a headline
    ("Er wartete. Und wartete …", False),  # a sentence before it
    ("Sie wartete und wartete…", False),  # no space: the word itself trails off
    ("… und dann kam der Regen", False),
    ("a) als Maßnahme des Opferschutzes; …", False),  # an enumeration
    ("ceux qui partent en Espagne …", False),  # a list's next item
    ("— Nie wiem, czy dam radę …", False),  # a dialogue's line
])
def test_a_headline_cut_short_ends_in_an_ellipsis_after_a_whole_word(line, cut):
    from slant.ingest.leftovers import is_truncated_headline

    assert is_truncated_headline(line) is cut
