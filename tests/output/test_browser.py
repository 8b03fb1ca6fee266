"""The HTML report in a real browser (Debian's Chromium, driven by Playwright): highlights sit
on the right words, tooltips open on keyboard focus and hover, and hostile input runs nothing."""

import shutil
from pathlib import Path

import pytest

from slant.output.html import render_html

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed: apt-get install -y chromium (scripts/test does it in CI)"
)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def open_report(browser, tmp_path):
    pages = []

    def open_page(page_html: str, name: str = "report.html", width: int = 1100):
        path = tmp_path / name
        path.write_text(page_html, encoding="utf-8")
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.dialogs = []
        page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(path.as_uri())
        pages.append(page)
        return page

    yield open_page
    for page in pages:
        page.close()


def test_highlights_cover_exactly_the_finding_words(open_report, bridge_article, make_analysis):
    article = bridge_article
    page = open_report(render_html(make_analysis(article)))
    for index, span in enumerate(article.layers["techniques"]):
        pieces = page.locator(f'mark[data-f="{index}"]')
        assert "".join(pieces.all_text_contents()) == article.span_text(span)
        assert page.locator(f'mark[data-f="{index}"][tabindex="0"]').count() == 1


def test_tooltip_opens_on_keyboard_focus_and_closes_on_escape(open_report, bridge_article):
    page = open_report(render_html(bridge_article))
    popover = page.locator("#popover")
    assert popover.is_hidden()
    for _ in range(10):  # past the skip link and the source link, to the first highlight
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('hl')"):
            break
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "council cronies"
    assert popover.is_visible()
    assert "Name calling / labelling" in popover.inner_text()
    assert "Attack on reputation \u00b7 confidence 91%" in popover.inner_text()
    page.keyboard.press("Tab")  # next highlight: "so-called experts"
    assert "Casting doubt" in popover.inner_text() and popover.is_visible()
    page.keyboard.press("Escape")
    assert popover.is_hidden()


def test_hover_on_a_nested_highlight_explains_every_layer(open_report, bridge_article):
    page = open_report(render_html(bridge_article))
    page.locator('mark[data-technique="Name_Calling-Labeling"]', has_text="experts").first.hover()
    text = page.locator("#popover").inner_text()
    assert "Name calling / labelling" in text and "Casting doubt" in text


def test_no_horizontal_scroll_on_a_phone(open_report, bridge_article):
    page = open_report(render_html(bridge_article), width=360)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_hostile_article_runs_nothing(open_report, hostile_article, payloads):
    article = hostile_article
    page = open_report(render_html(article))
    for mark in page.locator("mark.hl[tabindex='0']").all():
        mark.focus()
        mark.hover()
    page.wait_for_timeout(200)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.dialogs == []
    assert payloads.script in page.locator("body").inner_text()  # shown as words
    assert page.locator("#popover").is_visible()  # the report's own script still works


def test_policy_stops_markup_that_slipped_through(open_report, bridge_article):
    page_html = render_html(bridge_article).replace(
        "<main", '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"><main', 1
    )
    page = open_report(page_html)
    page.wait_for_timeout(200)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.dialogs == []


def test_focus_on_a_reported_statement_names_its_source(open_report, make_analysis, payloads):
    from slant.components.attributions import annotate
    from slant.ingest.segment import segment

    text = (f"Shots near the station\n\nInformation comes in about shots near the station. "
            f"{payloads.img} said the bridge was closed.")
    article = annotate(segment(_titled(text)))
    page = open_report(render_html(make_analysis(article)))
    statement = page.locator('mark[data-role="said"][tabindex="0"]', has_text="about shots near the station")
    statement.focus()
    popover = page.locator("#popover")
    assert popover.is_visible()
    assert "Reported statement" in popover.inner_text() and "Source: \u201cInformation\u201d" in popover.inner_text()
    source = page.locator('mark[data-role="src"]', has_text="Information")
    assert source.evaluate("m => getComputedStyle(m).outlineStyle") == "dashed"  # its own style, no technique fill
    for mark in page.locator("mark.hl[tabindex='0']").all():
        mark.focus()
    page.wait_for_timeout(200)
    assert page.evaluate("typeof window.__pwned") == "undefined" and page.dialogs == []


def _titled(text):
    from slant.doc.article import Article, Span

    return Article(text, language="en", title_span=Span(0, text.index("\n")))
