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
    lines = [*CUT_SENTENCES, "Figures from the", "New York Times", "’s data desk show that the", "“", "fake news",
             "”", "label was used by a well-", "known presenter", ". It spread."]
    assert "Figures from the New York Times’s data desk show that the “fake news” label was used by a well-known " \
        "presenter. It spread." in _rejoin_fragments(lines)


def test_quotes_opening_with_a_low_mark_close_with_a_high_one():
    lines = [*CUT_SENTENCES, "Der Minister nannte den Bericht „", "Fake News", "“", "und verließ den Saal",
             ". Er sagte: „Wir kommen.“", "Die Sitzung endete", "am Abend."]
    assert [line for line in _rejoin_fragments(lines) if line][-2:] == [
        "Der Minister nannte den Bericht „Fake News“ und verließ den Saal. Er sagte: „Wir kommen.“",
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
             "the plan of the U.S. Army engineers", "repairs, e.g. the old pillars", "repairs, approx. six months", "a new crossing"]
    assert _rejoin_fragments(lines)[-6:] == lines[-6:]


def test_a_hyphen_waiting_for_the_rest_of_a_compound_and_a_name_after_an_apostrophe_keep_their_space():
    lines = [*CUT_SENTENCES, "Tickets for first-", "and second-class seats", "went on sale", ".", "The court in",
             "'s-Hertogenbosch", "ruled on Monday", "."]
    joined = _rejoin_fragments(lines)
    assert "Tickets for first- and second-class seats went on sale." in joined
    # a Dutch town's name, not a possessive
    assert "The court in 's-Hertogenbosch ruled on Monday." in joined


def test_lower_case_menu_entries_do_not_make_a_text_read_as_node_by_node():
    lines = ["home", "news", "sport", "weather", "tech", "iPhone", "iPad", "Apple unveils a faster laptop",
             "the new model ships in March, the company said on Tuesday.",
             "Prices start at 999 dollars, and the old model gets cheaper."]
    assert _rejoin_fragments(lines) == lines


def test_a_name_in_lower_case_does_not_run_on_from_a_headline():
    lines = [*CUT_SENTENCES, "Apple unveils a faster laptop", "macOS 15 comes with it, the company said on Tuesday."]
    assert _rejoin_fragments(lines)[-2:] == lines[-2:]


def test_leftovers_in_lower_case_do_not_make_a_text_read_as_node_by_node():
    lines = ["Council closes the old bridge", "repairs will take six months, engineers say."]
    for number in range(4):
        lines += [f"Council closes bridge number {number} for repairs", "updated 5 minutes ago",
                  "Engineers will begin the repairs in April."]
    assert _rejoin_fragments(lines) == lines
