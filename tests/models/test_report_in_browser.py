"""The acceptance example end to end: the real models' HTML report of the Almaty scrape, opened
in Debian's Chromium, highlights "thugs" and "pogromists" as found."""

import shutil
from pathlib import Path

import pytest

import slant

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")

ALMATY = Path(__file__).resolve().parents[3] / "shared" / "examples" / "almaty-scrape.txt"
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed: apt-get install -y chromium"),
    pytest.mark.skipif(not ALMATY.exists(), reason="../shared/examples/almaty-scrape.txt is not here (CI has it)"),
]


def test_almaty_report_highlights_the_labels_in_chromium(tmp_path):
    analysis = slant.analyze(str(ALMATY))
    article = analysis.article
    wanted = {}
    for index, finding in enumerate(analysis.findings):
        words = article.span_text(finding)
        if words.lower() in {"thugs", "pogromists"} and finding.label == "Name_Calling-Labeling":
            wanted[words.lower()] = index
    assert set(wanted) == {"thugs", "pogromists"}, [article.span_text(f) for f in analysis.findings]
    report = tmp_path / "almaty.html"
    report.write_text(analysis.to_html(), encoding="utf-8")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.goto(report.as_uri())
        for word, index in wanted.items():
            marks = page.locator(f'mark[data-f="{index}"]')
            assert "".join(marks.all_text_contents()).lower() == word
            assert marks.first.is_visible()
            marks.first.focus()
            assert page.locator("#popover").is_visible()
            assert "Name calling" in page.locator("#popover").inner_text()
        browser.close()
