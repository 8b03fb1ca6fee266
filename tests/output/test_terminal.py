import pytest

from slant.output.terminal import clean, render_text


@pytest.fixture
def report(bridge_article, make_analysis):
    analysis = make_analysis(bridge_article, notes=["techniques: a test note"],
                             provenance={"slant_version": "9.9", "models": {"techniques-test": "v1"}})
    return lambda **kwargs: render_text(analysis, **kwargs)


def test_report_sections(report):
    text = report(width=100)
    lines = text.splitlines()
    assert lines[0] == "Bridge fury: council cronies strike again"
    assert "genre: opinion (71%)" in lines and "frames: economic (80%), political (60%)" in lines
    assert "Heavily loaded: 9 findings in 4 of 5 paragraphs; opinion (71%); frames: economic, political." in text
    assert "\u2022 labels people as \u201ccouncil cronies\u201d and \u201cexperts\u201d (name calling, 3\u00d7)" in text
    assert "Left out by extraction: 3 (share widget 2, navigation 1)" in text
    assert "\u2022 techniques: a test note" in text
    assert "slant 9.9; models: techniques-test: v1" in text


def test_one_table_per_category_with_counts_shares_and_confidence(report):
    text = report(width=100)
    assert "Attack on reputation" in text and "Distraction" not in text
    row = next(line for line in text.splitlines() if line.startswith("Name calling / labelling "))
    cells = [cell.strip() for cell in row.split("\u2502")]
    assert cells == ["Name calling / labelling", "3", "3 of 5 (60%)", "91%"]


def test_strongest_findings_in_context_stay_in_their_paragraph(report):
    text = report(width=120)
    block = text.split("Strongest findings in context")[1]
    assert "False dilemma  simplification \u00b7 88% \u00b7 \u00b62" in block
    assert "  Either we stop the toll now, or the town will be ruined for ever. Wake up, neighbours!\n" in block
    assert "  The so-called experts at the council have done it again. Ever\u2026" in block


def test_width_is_respected_and_colour_is_optional(report):
    narrow = report(width=50)
    assert max(len(line) for line in narrow.splitlines()) <= 50
    assert "\x1b[" not in narrow
    coloured = report(width=100, color=True)
    assert "\x1b[" in coloured and "council cronies" in coloured


def test_untrusted_text_cannot_inject_markup_or_escapes(hostile_article, build_article):
    article = hostile_article
    text = render_text(article, width=200)
    assert "<script>window.__pwned=1;alert(1)</script>" in text  # printed literally
    escape = build_article(["Title \x1b[2J[bold]x[/bold]", "Body."], [])
    printed = render_text(escape, width=80, color=True)
    assert "\x1b[2J" not in printed and "[bold]x[/bold]" in printed
    assert clean("a\x1b[31mb\x07") == "a\ufffd[31mb\ufffd"


def test_article_without_findings(build_article):
    article = build_article(["Calm title", "Nothing to see."], [])
    text = render_text(article, width=80)
    assert "No persuasion techniques found." in text
    assert "Techniques by category" not in text and "Strongest findings" not in text


def test_context_keeps_the_spaces_around_a_finding(build_article):
    article = build_article(["Title", "one two three four five"], [("two three ", 0, "Doubt", 0.7)])
    assert "\n  one two three four five\n" in render_text(article, width=60)
