"""The acceptance example end to end: the real models' HTML report of the Almaty scrape, opened
in Debian's Chromium, highlights "thugs" and "pogromists" as name calling.

What must hold is that each word lies inside a highlighted name-calling span, not where that
span starts or stops: the int8 encoder's arithmetic differs a little between CPUs, and one
marked "thugs" where another marked "same thugs".
"""

import re
import shutil
from pathlib import Path

import pytest

import slant
from slant.output.html import render_html

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")

ALMATY = Path(__file__).resolve().parents[3] / "shared" / "examples" / "almaty-scrape.txt"
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
TECHNIQUE = "Name_Calling-Labeling"
WORDS = ("thugs", "pogromists")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed: apt-get install -y chromium"),
    pytest.mark.skipif(not ALMATY.exists(), reason="../shared/examples/almaty-scrape.txt is not here (CI has it)"),
]


def _word(word: str) -> re.Pattern[str]:
    return re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE)


def test_almaty_report_highlights_the_labels_in_chromium(tmp_path):
    analysis = slant.analyze(ALMATY)
    article = analysis.article
    covering = {  # word -> indices of the name-calling findings whose words include it
        word: [i for i, f in enumerate(analysis.findings) if f.label == TECHNIQUE and _word(word).search(article.span_text(f))]
        for word in WORDS
    }
    assert all(covering.values()), [(article.span_text(f), f.label) for f in analysis.findings]
    report = tmp_path / "almaty.html"
    report.write_text(render_html(analysis), encoding="utf-8")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.goto(report.as_uri())
            for word, indices in covering.items():
                highlighted = page.locator(f'#article mark.hl[data-technique="{TECHNIQUE}"]').filter(has_text=_word(word))
                assert highlighted.count() >= 1, word
                for index in indices:
                    pieces = page.locator(f'mark[data-f="{index}"]')
                    shown = "".join(pieces.all_text_contents())
                    assert shown == article.span_text(analysis.findings[index])  # the finding's own words
                    assert _word(word).search(shown)
                    first = page.locator(f'mark[data-f="{index}"][tabindex="0"]')
                    assert first.count() == 1 and first.is_visible()
                    first.focus()
                    popover = page.locator("#popover")
                    assert popover.is_visible()
                    assert "Name calling" in popover.inner_text()
        finally:
            browser.close()
