from pathlib import Path

import pytest

from slant.ingest.scrape_cleaner import clean_text
from slant.ingest.text_browser import looks_like_browser_dump, strip_browser_marks

# harbour.html as `lynx -dump -width=80` and `w3m -dump -cols 80` write it (lynx's file path
# shortened)
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "text_browser"

LYNX_MENU = ["     * News", "          + Local", "               o Harbour", "     * Sport"]


def test_lynx_bullets_go_at_lynx_columns_and_body_text_stays():
    lines = [*LYNX_MENU, "", "   o meglio, la banchina resta chiusa fino a lunedì.",
             "       * an asterisk at column 7 is no bullet of lynx's"]
    assert strip_browser_marks(lines) == ["     News", "          Local", "               Harbour", "     Sport", "",
                                          "   o meglio, la banchina resta chiusa fino a lunedì.",
                                          "       * an asterisk at column 7 is no bullet of lynx's"]


def test_w3m_bullets_go():
    lines = ["  • News", "      □ Local", "      □ Business", "  • Sport", "          ☆ Deep",
             "• an unindented bullet stays"]
    assert strip_browser_marks(lines) == ["  News", "      Local", "      Business", "  Sport", "          Deep",
                                          "• an unindented bullet stays"]


def test_a_wrapped_line_keeps_the_word_it_starts_with():
    lines = [*LYNX_MENU, "", "   The strike had begun on", "   23. Juni, when the night shifts were cut",
             "     a quotation, which lynx indents by five, wraps onto", "     o un premio fu offerto",
             "  • a w3m item whose text wraps onto", "    o the next line"]
    out = strip_browser_marks(lines)
    assert out[5:] == ["   The strike had begun on", "   23. Juni, when the night shifts were cut",
                       "     a quotation, which lynx indents by five, wraps onto", "     o un premio fu offerto",
                       "  a w3m item whose text wraps onto", "    o the next line"]


def test_ordered_list_numbers_go_and_a_paragraphs_number_stays():
    items = [f"    {n}. item {n}" for n in range(1, 10)] + ["   10. item 10"]
    lines = [*LYNX_MENU, *items, "", "   23. Juni: the harbour reopened after the strike.",
             "   1. März: a list of one, as lynx writes no list"]
    out = strip_browser_marks(lines)
    assert out[4:14] == [f"    item {n}" for n in range(1, 10)] + ["   item 10"]
    assert out[15:] == ["   23. Juni: the harbour reopened after the strike.",
                        "   1. März: a list of one, as lynx writes no list"]


def test_form_controls_and_frames_go_and_a_line_of_nothing_else_is_left_blank():
    lines = ["   (BUTTON) Close Menu", "   ____________________ (BUTTON______) Search", "   [ ] Remember me",
             "   [X] Keep me signed in", "   ( ) Daily", "   (*) Weekly",
             "   IFRAME: https://ads.example.net/frame.html", "   [IFRAME]", "   (BUTTON)", "[                    ]",
             "   Ships were unloaded (a first) within hours."]
    assert strip_browser_marks(lines) == ["   Close Menu", "    Search", " Remember me", " Keep me signed in",
                                          " Daily", " Weekly", "", "", "", "",
                                          "   Ships were unloaded (a first) within hours."]


def test_lynx_link_list_is_blanked_and_link_numbers_go_only_with_it():
    lines = ["   By [10]Mara Quint, citing [2] sources", "   [11]", "", "References", "",
             "   1. https://example.org/feed/", "   2. https://example.org/subscribe/?utm_campaign=Spring Offer",
             "   3. javascript:void(0)", "  10. https://example.org/author/mq/", "", "   Hidden links:",
             "  11. file:///tmp/L1.html"]
    out = strip_browser_marks(lines)
    assert len(out) == len(lines)
    assert out[:2] == ["   By Mara Quint, citing [2] sources", "   "]
    assert out[3:] == [""] * (len(lines) - 3)
    # without the list (lynx -nolist), a bracketed number is the page's own: a citation
    assert strip_browser_marks([*LYNX_MENU, "   as the survey found[3], the quay"])[-1] == "   as the survey found[3], the quay"


def test_lynx_list_of_bare_urls_is_blanked():
    lines = ["   Dock workers ended their strike.", "", "   Visible links:", "   https://example.org/feed/",
             "   www.example.org/news/", "   mailto:desk@example.org"]
    assert strip_browser_marks(lines) == ["   Dock workers ended their strike.", "", "", "", "", ""]


@pytest.mark.parametrize("text", [
    # indented code comments, a newsletter's list, legal items, a signature line
    "def dock():\n    # load the ships\n    # in order\n    # of arrival\n    return True\n",
    "Spring issue\n\n    * Ferry timetable changes\n    * Fish market moves\n    * Quay repairs\n",
    "The parties agree:\n(x) to end the strike;\n(*) to meet again.\nSigned: ________ Date: ____\n",
    "The report [1] was published on Monday.\n\nReferences\n\n1. note: the figures[2] are provisional\n"
    "2. see: the harbour authority's report\n3. std::vector holds the berths\n",
    "The report [1] was published on Monday.\n\nReferences\n",
    "The berths are counted in C++[1].\n\nReferences\n\n1. std::vector, the standard library's array\n",
    "Le ragioni\n    o la paga\n    o i turni\n    o la sicurezza\n",
    "To do\n[ ] call the harbour master\n[ ] book the ferry\n[X] pay the berth\n",
    "Two items are no menu\n     * Ferry timetable\n     * Fish market\n",
])
def test_texts_that_are_no_dumps_are_left_as_they_are(text):
    lines = text.split("\n")
    assert not looks_like_browser_dump(lines)
    assert strip_browser_marks(lines) is lines


def test_markdown_is_read_as_markdown_not_as_a_dump():
    markdown = ("# Harbour news\n\n[Home](https://example.org/) | [News](https://example.org/news/)\n\n"
                "* [News](https://example.org/news/)\n     * [Local](https://example.org/local/)\n"
                "     * [Business](https://example.org/business/)\n     * [Sport](https://example.org/sport/)\n\n"
                "Dock workers in the port city ended a nine-day strike on Sunday after the harbour authority "
                "agreed to raise night-shift pay by twelve per cent, union officials said.\n\n"
                "The union's ballot asked each member to sign the form ________ before the vote on Sunday.\n")
    cleaned = clean_text(markdown)
    assert cleaned.paragraphs[-1] == "The union's ballot asked each member to sign the form ____ before the vote on Sunday."
    assert [item.text for item in cleaned.removed][-4:] == ["News", "Local", "Business", "Sport"]


@pytest.mark.parametrize("name", ["harbour-lynx.txt", "harbour-w3m.txt"])
def test_a_text_browsers_dump_reads_as_its_article(name):
    cleaned = clean_text((FIXTURES / name).read_text(encoding="utf-8"))
    assert cleaned.title == "Dock workers end strike after pay deal"
    body = "\n".join(cleaned.paragraphs)
    assert body.startswith("Dock workers in the port city ended a nine-day strike")
    assert body.endswith("The first of them had stalled earlier talks.")
    assert "pay talks again in the autumn;" in body and "begun on 23. February" in body
    assert "Remember me" not in body and "Search" not in body and "Harbour authority names" not in body
    removed = "\n".join(item.text for item in cleaned.removed)
    assert "By Mara Quint" in removed and "Harbour authority names new director" in removed
    assert "https://" not in removed and "[1" not in removed + body and "(BUTTON)" not in removed
