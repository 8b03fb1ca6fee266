"""Store.search and the other queries of the service: filters, pages, one row, a job's run."""

from __future__ import annotations

import pytest

from slant.corpus.store import Store
from slant.doc.article import Metadata
from slant.errors import SlantError
from slant.ingest.reader import ReadFailure

STORIES = [
    # (title, site, language, published, findings)
    ("Bridge toll vote", "north.example", "en", "2026-03-02T08:00:00Z", [("so-called experts", "Doubt")]),
    ("Harbour strike ends", "north.example", "en", "2026-03-05", [("a disaster", "Exaggeration-Minimisation")]),
    ("Grève au port", "south.example", "fr", "2026-04-01", [("so-called experts", "Doubt")]),
    ("Undated 100% story_one", "south.example", "en", None, []),
]


@pytest.fixture
def store(tmp_path, build_article, make_analysis):
    store = Store(tmp_path / "corpus.db")
    analyses = []
    for title, site, language, published, findings in STORIES:
        article = build_article(
            [title, f"The so-called experts said {title.lower()} was a disaster for all of us.", "Nothing else."],
            [(phrase, 0, technique, 0.8) for phrase, technique in findings],
            metadata=Metadata(url=f"https://{site}/{len(analyses)}", site=site, published=published),
            language=language, source=f"{title}.html")
        analyses.append(make_analysis(article))
    store.write_batch(analyses)
    yield store
    store.close()


def titles(page) -> list[str]:
    return [item.title for item in page.items]


def test_every_filter_narrows_the_list(store):
    assert titles(store.search()) == [title for title, *_ in reversed(STORIES)]  # newest first
    assert titles(store.search(newest_first=False))[0] == "Bridge toll vote"
    assert titles(store.search(site="south.example")) == ["Undated 100% story_one", "Grève au port"]
    assert titles(store.search(language="fr")) == ["Grève au port"]
    assert titles(store.search(technique="Doubt")) == ["Grève au port", "Bridge toll vote"]
    assert titles(store.search(technique="Doubt", language="en")) == ["Bridge toll vote"]
    assert titles(store.search(published_from="2026-03-03")) == ["Grève au port", "Harbour strike ends"]
    assert titles(store.search(published_to="2026-03-02")) == ["Bridge toll vote"]  # the day counts, time aside
    assert titles(store.search(published_from="2026-03-02", published_to="2026-03-31")) == [
        "Harbour strike ends", "Bridge toll vote"]
    assert titles(store.search(status="not analysed")) == []


def test_text_search_reads_title_and_text_and_escapes_wildcards(store):
    assert titles(store.search(text="HARBOUR")) == ["Harbour strike ends"]
    assert titles(store.search(text="grève")) == ["Grève au port"]  # title; non-ASCII case folds aside
    assert titles(store.search(text="strike ends was a disaster")) == ["Harbour strike ends"]  # in the text
    assert titles(store.search(text="100% story_one")) == ["Undated 100% story_one"]
    assert store.search(text="10%y").total == 0  # % and _ are characters, not wildcards
    assert store.search(text="Undated_100").total == 0
    assert store.search(text="nowhere at all").total == 0


def test_pages(store):
    first = store.search(limit=3)
    second = store.search(limit=3, offset=3)
    assert (first.total, second.total) == (4, 4)
    assert len(first.items) == 3 and len(second.items) == 1
    assert set(titles(first)).isdisjoint(titles(second))
    assert first.to_dict()["items"][0]["title"] == "Undated 100% story_one"


def test_bad_queries_say_what_to_fix(store):
    with pytest.raises(SlantError, match="unknown technique 'Doubting'"):
        store.search(technique="Doubting")
    with pytest.raises(SlantError, match="limit must be 1 or more"):
        store.search(limit=0)


def test_sites_languages_and_one_row(store):
    assert store.sites() == [("north.example", 2), ("south.example", 2)]
    assert store.languages() == [("en", 3), ("fr", 1)]
    row = next(iter(store.search(language="fr").items))
    assert store.article(row.id[:6]) == row
    with pytest.raises(SlantError, match="no article"):
        store.article("ffffffff")


def test_a_job_run_is_found_by_its_job_id(store):
    run = store.start_run(options={"job": "abc123", "total": 2})
    store.write_batch([], [ReadFailure("broken.html", "broken.html: looks like binary data")], run_id=run)
    job = store.job_run("abc123")
    assert (job["status"], job["total"], job["failed"], job["processed"]) == ("running", 2, 1, 1)
    assert job["failures"] == [{"source": "broken.html", "error": "broken.html: looks like binary data"}]
    store.finish_run(run)
    assert store.job_run("abc123")["status"] == "done"
    assert store.job_run("abc12") is None
