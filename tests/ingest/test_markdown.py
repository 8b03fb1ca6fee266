from pathlib import Path

from slant.ingest.markdown import looks_like_markdown, strip_markdown
from slant.ingest.reader import read
from slant.ingest.scrape_cleaner import clean_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "markdown"


def test_links_keep_their_text_and_images_rules_and_emphasis_go():
    lines = ["# The **big** headline", "", "  * [Home](/)", "[![logo](/logo.png)](/)",
             "Some _text_ with a [link](https://example.org/a_(b) \"title\") and snake_case_names.",
             "* * *", "1\\. Not a list, and 2*3*4 stays.", "", "See <https://example.org> and [the report][1].",
             "[1]: https://example.org/report"]
    shown = strip_markdown(lines)
    # the linked logo shows nothing, and the line after it carries on its paragraph
    assert shown.lines == ["The big headline", "", "Home", "Some text with a link and snake_case_names.", "",
                           "", "1. Not a list, and 2*3*4 stays.", "", "See https://example.org and the report.", ""]
    assert shown.heading_levels[0] == 1 and shown.link_shares[2] == 1.0 and shown.link_shares[3] < 0.2


def test_a_paragraph_written_over_lines_is_joined_and_line_numbers_stay():
    lines = ["The harbour reopened after a week in which", "[protests over fuel",
             "prices](https://example.org/news/fuel-prices-", "protests/) closed the docks.", "",
             "A line with a hard break  ", "and its second line", "", "    code stays", "    apart"]
    shown = strip_markdown(lines)
    assert shown.lines[0] == "The harbour reopened after a week in which protests over fuel prices closed the docks."
    assert shown.lines[1:4] == ["", "", ""]
    assert shown.lines[5:7] == ["A line with a hard break", "and its second line"]
    assert shown.lines[8:] == ["code stays", "apart"]


def test_underlined_headings_have_their_level():
    shown = strip_markdown(["Council sets new harbour rules", "==============", "", "What applies now", "---", "",
                            "Prose."])
    assert shown.heading_levels[:4] == [1, 0, 0, 2]
    assert shown.lines[:5] == ["Council sets new harbour rules", "", "", "What applies now", ""]


def test_prose_and_dumps_with_shell_comments_are_not_markdown():
    assert not looks_like_markdown("He said [sic] that the plan (the second one) would fail.\n" * 5)
    assert not looks_like_markdown("# install the tools\napt-get install gcc\n# build\nmake\n# run\n./a.out\n")
    page = (FIXTURES / "atx-page.md").read_text(encoding="utf-8")
    assert looks_like_markdown(page)


def test_a_markdown_scrape_reads_as_its_article():
    cleaned = clean_text((FIXTURES / "atx-page.md").read_text(encoding="utf-8"))
    assert cleaned.title == "Port city reopens its harbour after a week of unrest"
    assert cleaned.paragraphs[0].startswith("The harbour of the port city reopened on Monday after a week in which "
                                            "protests over fuel prices closed the docks")
    assert "What the council decided" in cleaned.paragraphs
    text = cleaned.text
    for markup in ("](", "![", "**", "_freeze_", "####", "https://"):
        assert markup not in text
    reasons = {entry.text: entry.reason for entry in cleaned.removed}
    # menu entries and teasers are all link text, which a plain dump cannot show
    assert reasons["News"] == "navigation"
    assert reasons["Dock strike enters its fifth day"] == "related headline"
    assert "Shops in the old town" in cleaned.paragraphs[-1]


def test_underlined_markdown_finds_its_headline_and_drops_its_menus():
    cleaned = clean_text((FIXTURES / "setext-page.md").read_text(encoding="utf-8"))
    assert cleaned.title == "Stadtrat beschließt neue Regeln für den Hafen"
    assert cleaned.paragraphs[0].startswith("Der Stadtrat hat am Montag")
    assert cleaned.paragraphs[-1].endswith("über die Löhne verhandeln.")
    assert {"Startseite", "Impressum"} <= {entry.text for entry in cleaned.removed}


def test_a_markdown_file_is_read_through_the_reader(tmp_path):
    path = tmp_path / "page.md"
    path.write_text((FIXTURES / "atx-page.md").read_text(encoding="utf-8"), encoding="utf-8")
    article = read(path)
    assert article.title == "Port city reopens its harbour after a week of unrest"
    assert "[" not in article.text and "protests over fuel prices closed the docks" in article.text


def test_a_reader_services_header_is_metadata_and_gives_the_title_when_the_page_has_none():
    page = ("Title: Harbour reopens | Example News\n\nURL Source: https://example.org/a\n\n"
            "Published Time: 2022-03-03T10:00:00Z\n\nMarkdown Content:\n* [Home](/)\n* [News](/news)\n\n"
            "The harbour of the port city reopened on Monday after a week of protests over fuel prices, the port "
            "authority said.\n\nDock workers returned to the cranes at dawn, and the first ship left the quay "
            "before noon.\n")
    assert looks_like_markdown(page)
    cleaned = clean_text(page)
    assert (cleaned.title, cleaned.title_line) == ("Harbour reopens | Example News", 1)
    assert len(cleaned.paragraphs) == 2
    reasons = {entry.line: entry.reason for entry in cleaned.removed}
    assert reasons[3] == reasons[5] == reasons[7] == "metadata" and reasons[8] == "navigation"


def test_a_headline_in_the_page_wins_over_the_reader_services_title():
    page = "Title: Site name\n\nURL Source: https://example.de/hafen\n\nMarkdown Content:\n" + (
        FIXTURES / "setext-page.md").read_text(encoding="utf-8")
    assert clean_text(page).title == "Stadtrat beschließt neue Regeln für den Hafen"


def test_prose_right_under_the_reader_header_stays_in_the_body():
    page = ("Title: Harbour reopens\n\nURL Source: https://example.org/a\n\nMarkdown Content:\n"
            "The harbour of the port city reopened on Monday after a week of protests, the port authority said.\n\n"
            "* [Home](/)\n* [News](/news)\n\nDock workers returned to the cranes at dawn, and the first ship left "
            "the quay before noon.\n")
    cleaned = clean_text(page)
    assert cleaned.paragraphs[0].startswith("The harbour of the port city reopened")
    assert {entry.text for entry in cleaned.removed if entry.reason == "metadata"} == {
        "URL Source: https://example.org/a", "Markdown Content:"}


def test_wrapped_quotes_and_emphasis_over_lines_are_joined_and_prose_brackets_stay():
    shown = strip_markdown(["> We have lost a week,", "> the harbour master said.", "",
                            "the _protests over", "fuel prices_ closed **the", "docks**.", "",
                            "[Update]: An earlier version misstated the date.", "",
                            "Figures [1][2][3] show it, and 2**10 is not emphasis, and don`t is a typo.", "",
                            '```js title="x.js"', "const a = **1**;", "```", "", "After the code [a](/a)."])
    assert shown.lines[0] == "We have lost a week, the harbour master said."
    assert shown.lines[3] == "the protests over fuel prices closed the docks."
    assert shown.lines[7] == "[Update]: An earlier version misstated the date."
    assert shown.lines[9] == "Figures [1][2][3] show it, and 2**10 is not emphasis, and don`t is a typo."
    assert shown.lines[12] == "const a = **1**;"
    assert shown.lines[15] == "After the code a."


def test_line_ends_of_any_kind_are_read_alike():
    page = (FIXTURES / "atx-page.md").read_text(encoding="utf-8")
    assert clean_text(page.replace("\n", "\r\n")).paragraphs == clean_text(page).paragraphs
    assert clean_text(page.replace("\n", "\r")).paragraphs == clean_text(page).paragraphs


def test_short_underlines_go_and_no_lines_give_nothing():
    shown = strip_markdown(["Harbour rules", "==", "", "The council *voted", "on* Monday."])
    assert shown.lines == ["Harbour rules", "", "", "The council voted on Monday.", ""]
    assert shown.heading_levels[0] == 1
    assert strip_markdown([]).lines == []


def test_a_reader_services_url_names_the_outlet(tmp_path):
    path = tmp_path / "page.md"
    path.write_text("Title: Harbour reopens\n\nURL Source: https://www.example.org/news/harbour\n\n"
                    "Markdown Content:\n" + (FIXTURES / "atx-page.md").read_text(encoding="utf-8"), encoding="utf-8")
    article = read(path)
    assert (article.metadata.url, article.metadata.site) == ("https://www.example.org/news/harbour", "example.org")
    assert read(path, url="https://other.example/a").metadata.site == "other.example"
