from pathlib import Path

from slant.ingest.scrape_cleaner import clean_text
from slant.ingest.text_browser import looks_like_browser_dump, strip_browser_marks

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "text_browser"

LYNX_MENU = ["     * News", "          + Local", "               o Harbour", "     * Sport"]


def test_lynx_bullets_go_and_body_text_indented_by_three_stays():
    lines = [*LYNX_MENU, "", "   o meglio, la banchina resta chiusa fino a lunedì.",
             "   * the asterisk of a footnote stays too"]
    assert strip_browser_marks(lines) == ["     News", "          Local", "               Harbour", "     Sport", "",
                                          "   o meglio, la banchina resta chiusa fino a lunedì.",
                                          "   * the asterisk of a footnote stays too"]


def test_w3m_bullets_go():
    lines = ["  • News", "      □ Local", "      □ Business", "  • Sport", "• an unindented bullet stays"]
    assert strip_browser_marks(lines) == ["  News", "      Local", "      Business", "  Sport",
                                          "• an unindented bullet stays"]


def test_ordered_list_numbers_go_where_lynx_aligns_them_and_a_dated_paragraph_keeps_its_number():
    lines = [*LYNX_MENU, "    1. We welcome reader comments on the stories of the day.",
             "   10. Please keep to the topic.", "   1. März: the harbour reopened after the strike."]
    out = strip_browser_marks(lines)
    assert out[4:] == ["    We welcome reader comments on the stories of the day.", "   Please keep to the topic.",
                       "   1. März: the harbour reopened after the strike."]


def test_form_controls_and_frames_go_and_a_line_of_nothing_else_is_left_blank():
    lines = ["   (BUTTON) Close Menu", "   ____________________ (BUTTON______) Search", "   [ ] Remember me",
             "   IFRAME: https://ads.example.net/frame.html", "   (BUTTON)", "[                    ]",
             "   Ships were unloaded (a first) within hours."]
    assert strip_browser_marks(lines) == ["   Close Menu", "    Search", " Remember me", "", "", "",
                                          "   Ships were unloaded (a first) within hours."]


def test_lynx_link_list_is_blanked_and_link_numbers_go_only_with_it():
    lines = ["   By [10]Mara Quint, citing [2] sources", "", "References", "", "   1. https://example.org/feed/",
             "   2. https://example.org/subscribe/?utm_campaign=Spring", "      Offer",
             "  10. https://example.org/author/mq/", "", "   Hidden links:", "  11. file:///tmp/L1.html"]
    out = strip_browser_marks(lines)
    assert len(out) == len(lines)
    assert out[0] == "   By Mara Quint, citing [2] sources"
    assert out[2:] == [""] * (len(lines) - 2)
    # without the list (lynx -nolist), a bracketed number is the page's own: a citation
    assert strip_browser_marks([*LYNX_MENU, "   as the survey found[3], the quay"])[-1] == "   as the survey found[3], the quay"


def test_a_text_without_a_browsers_marks_is_returned_as_it_is():
    prose = ["The report [1] was published on Monday.", "", "References", "",
             "1. Smith, J. (2020). Harbour economics. https://example.org/paper", "  * a footnote",
             "     * two indented bullets", "     * are not enough"]
    assert not looks_like_browser_dump(prose)
    assert strip_browser_marks(prose) is prose


def test_a_lynx_dump_reads_as_its_article():
    cleaned = clean_text((FIXTURES / "harbour-lynx.txt").read_text(encoding="utf-8"))
    assert cleaned.title == "Dock workers end strike after pay deal"
    assert cleaned.paragraphs[0].startswith("Dock workers in the port city ended a nine-day strike")
    assert cleaned.paragraphs[-1].startswith("The deal also sets up a joint committee")
    assert len(cleaned.paragraphs) == 4
    removed = {item.text for item in cleaned.removed}
    assert "Harbour authority names new director" in removed and "By Mara Quint" in removed
    assert not any("https://" in item.text or "[1" in item.text for item in cleaned.removed)
