"""The web UI in a real browser (Debian's Chromium driven by Playwright) against a real server:
the form gives the highlighted report, the corpus can be searched and browsed, the syndication
view puts two copies side by side, the job page follows its job, the pages work by keyboard
and at 390 px, and an article full of markup fires nothing anywhere."""

from __future__ import annotations

import json
import shutil
import urllib.request
from pathlib import Path

import pytest

from .conftest import ARTICLE

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed: apt-get install -y chromium (scripts/test does it in CI)")

HOSTILE_TITLE = '</title><script>window.__fired=1</script><img src=x onerror="window.__fired=2;alert(2)">'
HOSTILE_TEXT = ("Shameful hooligans <script>window.__fired=3;alert(3)</script> met at "
                '<a href="javascript:window.__fired=4">the square</a> <img src=x onerror="window.__fired=5">.\n\n'
                'They said " autofocus onfocus="window.__fired=6" x=" and <svg onload="window.__fired=7"> left.\n\n'
                "The police arrested four men near the old fish market on Saturday night.")
LEAD = ("Shameful hooligans wrecked the market square on Saturday night. The police arrested four men near the "
        "old fish market. Traders counted the damage on Sunday morning and asked for help.")


def post(server, path: str, body: dict) -> dict:
    request = urllib.request.Request(server.url + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


@pytest.fixture(scope="module")
def corpus(live_server):
    """Articles in the served corpus: two copies of one story on two sites, a hostile pair, others."""
    ids = {}
    ids["north"] = post(live_server, "/api/v1/articles", {
        "text": f"Market square wrecked\n\n{LEAD}\n\nThe mayor promised new lights.",
        "url": "https://north.example/square"})["article"]["id"]
    ids["south"] = post(live_server, "/api/v1/articles", {
        "text": f"Market square wrecked again\n\n{LEAD.replace('four men', 'five men')}\n\nThe council meets again on Friday.",
        "url": "https://south.example/square"})["article"]["id"]
    ids["hostile"] = post(live_server, "/api/v1/articles", {
        "text": HOSTILE_TEXT, "title": HOSTILE_TITLE, "url": "javascript:window.__fired=8"})["article"]["id"]
    ids["hostile_copy"] = post(live_server, "/api/v1/articles", {
        "text": HOSTILE_TEXT + "\n\nOne more sentence for the copy at the end.", "title": HOSTILE_TITLE,
        "url": "https://south.example/hostile"})["article"]["id"]
    for number in range(3):
        post(live_server, "/api/v1/articles", {"text": f"Calm day {number}\n\nThe harbour was quiet on day {number}.",
                                               "url": f"https://east.example/{number}"})
    return ids


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                 args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        except Exception as exc:  # noqa: BLE001 - any launch failure is a reason to skip, said plainly
            pytest.skip(f"Chromium at {CHROMIUM} does not start here: {str(exc).splitlines()[0]}")
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser, live_server):
    pages = []

    def open_at(path: str, width: int = 1100):
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.dialogs = []
        page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(live_server.url + path)
        pages.append(page)
        return page

    yield open_at
    for page in pages:
        page.close()


INJECTED = """() => Array.from(document.querySelectorAll('*')).filter(node =>
  ['IMG', 'IFRAME', 'OBJECT', 'EMBED'].includes(node.tagName) ||
  (node.tagName === 'SCRIPT' && node.getAttribute('src') !== '/static/app.js' && !node.textContent.includes('popover')) ||
  Array.from(node.attributes).some(a => a.name.startsWith('on') || /^\\s*javascript:/i.test(a.value))
).map(node => node.outerHTML.slice(0, 80))"""


def fired(page) -> bool:
    """Whether a payload ran, or made an element that could run (the policy would stop it, but
    the text must never have become markup in the first place)."""
    ran = page.evaluate("typeof window.__fired !== 'undefined' || typeof window.__pwned !== 'undefined'")
    return ran or bool(page.dialogs) or bool(page.evaluate(INJECTED))


def test_the_form_gives_the_highlighted_report(open_page):
    page = open_page("/")
    page.locator("#text").fill(ARTICLE)
    with page.expect_navigation():
        page.get_by_role("button", name="Analyse").click()
    marks = page.locator('mark[data-technique="Name_Calling-Labeling"]')
    assert marks.first.text_content().lower() == "hooligans"
    marks.first.focus()
    assert page.locator("#popover").is_visible()  # the report's own script runs under the service's policy
    assert "Name calling" in page.locator("#popover").inner_text()
    page.get_by_role("link", name="Corpus").first.click()
    assert page.url.endswith("/articles")


def test_the_corpus_can_be_searched_and_browsed(open_page, corpus):
    page = open_page("/articles")
    assert "7 articles" in page.locator("main").inner_text()
    page.locator("#q").fill("harbour")
    page.locator("#site").select_option("east.example")
    with page.expect_navigation():
        page.get_by_role("button", name="Search").click()
    rows = page.locator("table.list tbody tr")
    assert rows.count() == 3
    with page.expect_navigation():
        page.get_by_role("link", name="Calm day 1").click()
    assert page.locator("h1").first.inner_text() == "Calm day 1"
    page = open_page("/articles?technique=Loaded_Language")
    assert page.locator("#technique").input_value() == "Loaded_Language"
    assert page.locator("table.list tbody tr").count() == 4


def test_the_syndication_view_puts_copies_side_by_side(open_page, corpus):
    page = open_page("/syndication")
    link = page.locator(f'a[href*="/syndication/compare"][href*="{corpus["north"]}"]').first
    with page.expect_navigation():
        link.click()
    assert "four" in page.locator(".compare-row.changed del").all_inner_texts()
    assert "five" in page.locator(".compare-row.changed ins").all_inner_texts()
    assert page.locator(".compare-row.same").count() >= 2
    only = page.locator(".compare-row.only").all_inner_texts()
    assert any("The mayor promised new lights." in text for text in only)
    assert any("The council meets again on Friday." in text for text in only)


def test_keyboard_and_a_narrow_screen(open_page, corpus):
    page = open_page("/", width=390)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the content"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "text"  # the skip link leads to the form
    for path in ("/", "/articles", f"/syndication/compare?a={corpus['north']}&b={corpus['south']}", "/jobs",
                 f"/articles/{corpus['north']}"):
        page = open_page(path, width=390)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path


def test_the_job_page_follows_its_job(open_page, tmp_path):
    (tmp_path / "one.txt").write_text("Harbour news\n\nShameful hooligans again at the harbour.", encoding="utf-8")
    (tmp_path / "two.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10)
    page = open_page("/jobs")
    page.locator("#files").set_input_files([str(tmp_path / "one.txt"), str(tmp_path / "two.png")])
    with page.expect_navigation():
        page.get_by_role("button", name="Add").click()
    assert "/jobs/" in page.url
    page.locator('[data-job][data-finished="yes"]').wait_for(timeout=20_000)  # set by the page's script
    assert page.locator('[data-field="status"]').inner_text() == "done"
    assert page.locator('[data-field="failed"]').inner_text() == "1"
    assert "two.png" in page.locator('[data-field="failures"]').inner_text()
    assert page.locator(".noscript-hint").is_hidden()  # the page's script ran


def test_an_article_full_of_markup_fires_nothing(open_page, corpus):
    visited = []
    for path in ("/articles", "/articles?q=%3Cscript%3E", f"/articles/{corpus['hostile']}",
                 f"/syndication/compare?a={corpus['hostile']}&b={corpus['hostile_copy']}", "/syndication",
                 "/outlets", "/stories"):
        page = open_page(path)
        for mark in page.locator("mark.hl[tabindex='0']").all():
            mark.focus()
            mark.hover()
        for link in page.locator("main a").all()[:40]:
            link.hover()
        page.wait_for_timeout(100)
        assert not fired(page), path
        visited.append(page)
    report = visited[2]
    assert "</title><script>" in report.locator("h1").first.inner_text()  # shown as words
    assert report.title().startswith("slant: </title>")

    page = open_page("/")
    page.locator("#text").fill(HOSTILE_TITLE + "\n\n" + HOSTILE_TEXT)
    with page.expect_navigation():
        page.get_by_role("button", name="Analyse").click()
    page.wait_for_timeout(100)
    assert not fired(page)
    page = open_page("/")
    page.locator("#text").fill(HOSTILE_TEXT)
    page.locator("#file").set_input_files(files=[{"name": "x.png", "mimeType": "image/png",
                                                 "buffer": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10}])
    with page.expect_navigation():
        page.get_by_role("button", name="Analyse").click()
    assert "looks like binary data" in page.locator(".error").inner_text()
    assert page.locator("#text").input_value() == HOSTILE_TEXT  # given back as text, not markup
    assert not fired(page)
