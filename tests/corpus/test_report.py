"""The corpus report: one self-contained page (no script, nothing loaded) with the techniques,
outlets, stories with timelines, the syndication graph and every article linked to its own
report written beside it; markup in titles, sites and URLs is shown as text and runs nothing."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest

from slant.corpus import report as report_module
from slant.corpus import syndication
from slant.corpus.report import bar_chart, render_corpus_report, syndication_edges, write_corpus_report
from slant.corpus.store import Store
from slant.doc.article import Metadata

FLOOD = ("Flood barrier fails in Port Ellery",
         "The flood barrier at Port Ellery failed on Tuesday as the river Tamsin rose, and these shameful officials "
         "blamed the rain.")
CUP = ("Linden Rovers win the cup", "Linden Rovers beat Ashford Town after extra time in the regional cup final.")


def words_vector(text: str) -> np.ndarray:
    vector = np.zeros(128)
    for word in re.findall(r"\w+", text.lower()):
        vector[sum(map(ord, word)) % 128] += 1.0
    return vector / np.linalg.norm(vector)


def bag_of_words(texts: list[str]) -> np.ndarray:
    return np.array([words_vector(text) for text in texts])


@pytest.fixture
def analyses(build_article, make_analysis, payloads):
    def one(paragraphs, *, source, site=None, url=None, published=None, findings=()):
        return make_analysis(build_article(list(paragraphs), list(findings), source=source,
                                           metadata=Metadata(url=url, site=site, published=published),
                                           genre={"label": "reporting", "score": 0.8}))

    hostile_title = f"{FLOOD[0]} {payloads.script}"
    return [
        one(FLOOD, source="wire.html", site="wire.example", url="https://wire.example/flood",
            published="2026-03-03T08:00:00Z", findings=[("shameful", 0, "Loaded_Language", 0.9)]),
        one((hostile_title, FLOOD[1] + " Updated."), source="evil.html", site=payloads.img,
            url="javascript:window.__pwned=4", published="2026-03-04",
            findings=[("shameful", 0, "Loaded_Language", 0.9), ("these shameful officials", 0, "Name_Calling-Labeling", 0.8)]),
        one((FLOOD[0], FLOOD[1] + " More."), source="herald.html", site=f"herald{payloads.attr}",
            published="2026-03-06"),
        one(CUP, source="cup.html", site="sport.example", url="https://sport.example/cup", published="2026-03-04"),
        one((CUP[0], CUP[1] + " Fans cheered."), source="cup2.html", site="ball.example"),
    ]


@pytest.fixture
def db(tmp_path, analyses, monkeypatch):
    urls = [a.article.metadata.url or a.article.source for a in analyses]
    # wire -> evil (a day later) is a copy; evil and herald both dated: herald copied evil
    monkeypatch.setattr(syndication, "store_syndication", lambda store: [
        syndication.Pair(urls[0], urls[1], "copy", 1.0, ()), syndication.Pair(urls[2], urls[1], "partial", 0.5, ())])
    path = tmp_path / "corpus.db"
    with Store(path) as store:
        store.write_batch(analyses)
    return path


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags_of(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(page)
    return parser.tags


def test_the_report_and_its_article_reports(db, tmp_path, analyses, payloads):
    out = tmp_path / "site" / "corpus.html"
    with Store(db, create=False) as store:
        written = write_corpus_report(store, out, embed=bag_of_words)
    assert (written.articles, written.failed) == (5, 0)
    assert written.folder == tmp_path / "site" / "corpus_files"
    page = out.read_text(encoding="utf-8")
    tags = tags_of(page)

    # self-contained: no script, no external resource, a policy that forbids both
    names = [tag for tag, _ in tags]
    assert "script" not in names and "img" not in names and "iframe" not in names and "link" not in names
    policy = next(attrs["content"] for tag, attrs in tags if tag == "meta" and attrs.get("http-equiv"))
    assert "default-src 'none'" in policy and "script-src" not in policy
    assert not any(name.startswith("on") for _, attrs in tags for name in attrs)  # no event handlers

    # untrusted text is escaped wherever it appears
    for raw in (payloads.script, payloads.img, payloads.attr):
        assert raw not in page
    assert "&lt;script&gt;window.__pwned=1" in page and "&lt;img src=x onerror=" in page

    # every link is in the page, an article report that exists, or an http(s) page
    hrefs = [attrs["href"] for tag, attrs in tags if tag == "a" and "href" in attrs]
    reports = [href for href in hrefs if href.startswith("corpus_files/")]
    assert sorted(set(reports)) == sorted(f"corpus_files/{a.article.id}.html" for a in analyses)
    for href in hrefs:
        assert href.startswith(("#", "corpus_files/", "https://")), href
        if href.startswith("corpus_files/"):
            assert (out.parent / href).is_file()
        if href.startswith("#"):
            assert f'id="{href[1:]}"' in page
    assert "javascript:" not in " ".join(hrefs)
    evil = (out.parent / f"corpus_files/{analyses[1].article.id}.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__pwned=1" in evil and payloads.script not in evil
    assert '<mark class="hl' in evil  # the highlighted report

    # sections and charts
    for heading in ("Techniques across the corpus", "Outlets", "Stories", "Who copies whom", "Articles"):
        assert f">{heading}</h2>" in page
    assert page.count("<svg") >= 6  # 3 distributions, 2 timelines, the graph
    assert 'aria-label="Findings per 1,000 words by technique"' in page
    assert "Loaded language" in page and "Name calling / labelling" in page
    assert 'id="story-s1"' in page and 'id="story-s2"' in page
    assert 'marker-end="url(#arrow)"' in page  # known directions are arrows
    assert "wire.example copied" not in page and "copied wire.example" in page


def test_render_without_reports_links_no_article(db, analyses):
    with Store(db, create=False) as store:
        page = render_corpus_report(store, embed=bag_of_words)
    assert "corpus_files/" not in page
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")


def test_an_empty_corpus_still_makes_a_page(tmp_path, monkeypatch):
    monkeypatch.setattr(syndication, "store_syndication", lambda store: [])
    path = tmp_path / "empty.db"
    with Store(path) as store:
        written = write_corpus_report(store, tmp_path / "corpus.html", embed=bag_of_words)
    page = (tmp_path / "corpus.html").read_text(encoding="utf-8")
    assert written.articles == 0
    assert "No two articles report the same story." in page and "No syndicated articles." in page


def test_a_folder_is_refused(db, tmp_path):
    from slant.errors import SlantError

    with Store(db, create=False) as store, pytest.raises(SlantError, match="is a folder"):
        write_corpus_report(store, tmp_path, embed=bag_of_words)


def test_edges_and_bar_chart(db, analyses, payloads):
    from slant.corpus.facts import article_facts

    facts = [article_facts(a.to_dict()) for a in analyses]
    urls = [a.article.metadata.url or a.article.source for a in analyses]
    pairs = [syndication.Pair(urls[0], urls[1], "copy", 1.0, ()), syndication.Pair(urls[1], urls[0], "copy", 1.0, ()),
             syndication.Pair(urls[3], urls[4], "partial", 0.4, ())]  # ball.example is undated: direction unknown
    edges = syndication_edges(facts, pairs)
    assert [(e.original, e.copy, e.pairs, e.known) for e in edges] == [
        ("wire.example", payloads.img, 2, True), ("ball.example", "sport.example", 1, False)]
    chart = bar_chart([(payloads.script, 2.0, "#123456", "2.00")], unit="x", label=payloads.attr)
    assert payloads.script not in chart and payloads.attr not in chart and "<rect" in chart


CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed: apt-get install -y chromium")
def test_in_a_browser_nothing_runs_and_article_links_open(db, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    out = tmp_path / "corpus.html"
    with Store(db, create=False) as store:
        write_corpus_report(store, out, embed=bag_of_words)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            dialogs = []
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            requests = []
            page.on("request", lambda request: requests.append(request.url))
            page.goto(out.as_uri())
            assert page.evaluate("window.__pwned") is None and dialogs == []
            assert page.locator("svg").count() >= 6
            page.locator('a[href^="corpus_files/"]').first.click()
            page.wait_for_load_state()
            assert page.url.startswith((tmp_path / "corpus_files").as_uri())
            assert page.locator("mark.hl").count() >= 1
            assert page.evaluate("window.__pwned") is None and dialogs == []
            assert all(url.startswith("file://") for url in requests)
        finally:
            browser.close()


def test_report_hrefs_only_for_file_safe_ids():
    assert report_module.report_href("corpus_files", "0123abcd") == "corpus_files/0123abcd.html"
    assert report_module.report_href("corpus_files", "../../etc/passwd") is None
    assert report_module.report_href("corpus_files", "") is None
