import pytest

from slant.components.summary import describe_genre, quote_of, shorten, summarize
from slant.doc.article import Span


def test_counts_shares_and_densities(bridge_article, bridge_paragraphs):
    summary = summarize(bridge_article)
    assert summary["finding_count"] == 9
    assert summary["paragraph_count"] == 5
    assert summary["paragraphs_with_findings"] == 4  # the quoted-councillor paragraph has none
    words = sum(len(p.split()) for p in bridge_paragraphs)
    assert summary["word_count"] == words
    assert summary["per_1000_words"] == pytest.approx(round(9000 / words, 2))
    by_id = {row["technique"]: row for row in summary["techniques"]}
    name_calling = by_id["Name_Calling-Labeling"]
    assert name_calling["count"] == 3
    assert name_calling["paragraphs"] == 3  # title, paragraph 1, last paragraph
    assert name_calling["paragraph_share"] == pytest.approx(0.6)
    assert name_calling["top_confidence"] == pytest.approx(0.91)
    assert summary["techniques"][0]["technique"] == "Name_Calling-Labeling"  # most frequent first
    by_category = {row["category"]: row for row in summary["categories"]}
    assert by_category["attack_on_reputation"]["count"] == 4
    assert set(by_category["attack_on_reputation"]["techniques"]) == {"Name_Calling-Labeling", "Doubt"}
    assert "distraction" not in by_category


def test_loaded_paragraphs_rank_by_number_then_confidence(bridge_article):
    summary = summarize(bridge_article)
    loaded = summary["loaded_paragraphs"]
    assert [p["paragraph"] for p in loaded] == [1, 2, 4]
    assert loaded[0]["finding_count"] == 4
    # paragraphs 2 and 4 both have two findings; paragraph 2's are more confident
    assert loaded[1]["score"] > loaded[2]["score"]
    assert {f["technique"] for f in loaded[1]["findings"]} == {"False_Dilemma-No_Choice", "Slogans"}


def test_labels_and_removed(bridge_article):
    summary = summarize(bridge_article)
    assert summary["genre"] == {"label": "opinion", "name": "Opinion", "score": 0.71, "uncertain": False}
    assert [f["label"] for f in summary["frames"]] == ["Economic", "Political"]
    assert summary["removed"] == {"count": 3, "reasons": {"share widget": 2, "navigation": 1}}
    assert summary["language"] == "en"


def test_digest_quotes_the_article_and_groups_repeats(bridge_article):
    summary = summarize(bridge_article)
    digest = summary["digest"]
    assert len(digest) == 5
    first = digest[0]
    assert first["technique"] == "Name_Calling-Labeling"  # 3 findings outweigh one strong one
    assert first["count"] == 3
    assert first["quotes"] == ["council cronies", "experts"]  # case-insensitive duplicates merged
    assert first["text"] == "labels people as \u201ccouncil cronies\u201d and \u201cexperts\u201d (name calling, 3\u00d7)"
    dilemma = next(item for item in digest if item["technique"] == "False_Dilemma-No_Choice")
    assert dilemma["quotes"][0].endswith("\u2026") and len(dilemma["quotes"][0]) <= 61
    assert "(false dilemma)" in dilemma["text"]  # a single finding has no count
    assert summary["digest_text"].startswith(first["text"] + "; ")


def test_verdict_levels(bridge_article, build_article):
    assert summarize(bridge_article)["verdict"] == (
        "Heavily loaded: 9 findings in 4 of 5 paragraphs; opinion (71%); frames: economic, political."
    )
    long_paragraphs = ["Title here"] + [" ".join(["word"] * 100)] * 9
    light = build_article(long_paragraphs, [("word word", 0, "Loaded_Language", 0.6)])
    assert summarize(light)["verdict"] == "Lightly loaded: 1 finding in 1 of 10 paragraphs."
    none = build_article(["Title", "Plain words only."], [])
    assert summarize(none)["verdict"] == "No persuasion techniques found."
    assert summarize(none)["digest_text"] == ""
    unanalysed = build_article(["Titre", "Des mots."], [], language="es")
    del unanalysed.layers["techniques"]
    assert summarize(unanalysed)["verdict"] == "Techniques not analysed."


def test_unknown_technique_ids_are_ignored(bridge_article):
    article = bridge_article
    article.set_layer("techniques", [*article.layers["techniques"], Span(0, 6, "Made_Up", 0.9)])
    summary = summarize(article)
    assert summary["finding_count"] == 9
    assert "Made_Up" not in {row["technique"] for row in summary["techniques"]}


def test_shorten():
    assert shorten("  a\n short   quote ") == "a short quote"
    long = "one two three four five six seven eight nine ten eleven twelve thirteen"
    assert shorten(long, 30) == "one two three four five six…"


def test_digest_prefers_informative_quotes_and_drops_stray_quote_marks(build_article):
    paragraphs = ["Title", 'They were so-called "peaceful activists", of course, said a man.']
    article = build_article(
        paragraphs,
        [('"peaceful activists', 0, "Name_Calling-Labeling", 0.5), ('so-called "peaceful', 0, "Doubt", 0.5), ("of", 0, "Name_Calling-Labeling", 0.9),
         ("a", 2, "Repetition", 0.4)],
    )
    digest = {item["technique"]: item for item in summarize(article)["digest"]}
    assert digest["Name_Calling-Labeling"]["quotes"] == ["peaceful activists", "of"]
    assert digest["Repetition"]["quotes"] == ["a"]  # nothing better to quote
    assert digest["Doubt"]["quotes"] == ["so-called peaceful"]  # the lone quote mark of a cut pair goes


@pytest.mark.parametrize(("span", "quote"), [
    ("“cultural capital” of the country, the same thugs", "cultural capital of the country, the same thugs"),
    ("«мирные» протестующие", "мирные протестующие"),
    ("die „friedlichen“ Demonstranten", "die „friedlichen“ Demonstranten"),  # a whole pair stays
    ("“taken by the rebels”, they managed to withdraw all the employees from there and set up their “camps”",
     "taken by the rebels, they managed to withdraw all the…"),  # the shortening cut the second pair
])
def test_a_quote_keeps_no_typographic_mark_whose_partner_was_cut(span, quote):
    assert quote_of(span) == quote


def test_a_split_genre_is_shown_as_uncertain_with_its_runner_up(bridge_article):
    bridge_article.labels["genre"] = {"label": "reporting", "score": 0.45, "uncertain": True,
                                      "scores": {"reporting": 0.45, "opinion": 0.38, "satire": 0.17}}
    genre = summarize(bridge_article)["genre"]
    assert genre["uncertain"] and genre["runner_up"] == {"label": "opinion", "name": "Opinion", "score": 0.38}
    assert describe_genre(genre) == "uncertain: reporting (45%) or opinion (38%)"
    assert "genre uncertain: reporting (45%) or opinion (38%)" in summarize(bridge_article)["verdict"]


def test_a_discounted_satire_score_over_the_label_says_so(bridge_article):
    bridge_article.labels["genre"] = {"label": "opinion", "score": 0.35, "uncertain": True,
                                      "scores": {"reporting": 0.1, "opinion": 0.35, "satire": 0.55}}
    genre = summarize(bridge_article)["genre"]
    assert genre["runner_up"]["discounted"] is True
    assert describe_genre(genre) == "uncertain: opinion (35%) or satire (55%, discounted)"


def test_a_raised_reporting_label_under_a_higher_opinion_score_says_so(bridge_article):
    bridge_article.labels["genre"] = {"label": "reporting", "score": 0.35, "uncertain": True,
                                      "scores": {"reporting": 0.35, "opinion": 0.48, "satire": 0.17},
                                      "offsets": {"reporting": 0.4, "satire": -0.25}}
    genre = summarize(bridge_article)["genre"]
    assert genre["raised"] is True and "discounted" not in genre["runner_up"]
    assert describe_genre(genre) == "uncertain: reporting (35%, raised) or opinion (48%)"
    bridge_article.labels["genre"] = {"label": "opinion", "score": 0.35, "uncertain": True,
                                      "scores": {"reporting": 0.1, "opinion": 0.35, "satire": 0.55},
                                      "offsets": {"reporting": 0.4, "satire": -0.25}}
    genre = summarize(bridge_article)["genre"]
    assert "raised" not in genre and genre["runner_up"]["discounted"] is True


def test_a_clear_genre_reads_as_its_label():
    genre = {"label": "satire", "name": "Satire", "score": 0.81, "uncertain": False}
    assert describe_genre(genre) == "satire (81%)"
    assert describe_genre(genre, capitalised=True) == "Satire (81%)"
    assert describe_genre(None) == "not classified"


def test_the_digest_quotes_a_joined_finding_by_its_focus(build_article):
    paragraphs = ["Title", "In the “cultural capital” of the country, the same thugs smash ambulances."]
    article = build_article(paragraphs, [("“cultural capital” of the country, the same thugs", 0, "Name_Calling-Labeling", 0.6)])
    (finding,) = article.layers["techniques"]
    thugs = article.text.index("same thugs")
    article.layers["techniques"] = [Span(finding.start, finding.end, finding.label, finding.score,
                                         {**finding.attrs, "focus": (thugs, thugs + len("same thugs"))})]
    (item,) = summarize(article)["digest"]
    assert item["quotes"] == ["same thugs"]


@pytest.mark.parametrize(("part", "total", "phrase"), [
    (1, 3, "1 of 3 factual-sounding sentences cites"),
    (2, 3, "2 of 3 factual-sounding sentences cite"),
    (0, 1, "0 of 1 factual-sounding sentence cite"),
    (1, 1, "1 of 1 factual-sounding sentence cites"),
])
def test_counted_phrases_agree_in_number(part, total, phrase):
    from slant.components.summary import part_of

    assert part_of(part, total, "factual-sounding sentence", "cites", "cite") == phrase
