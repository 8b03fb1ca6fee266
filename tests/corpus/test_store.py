"""The corpus store: content-hash identity, one transaction per batch, failures, reading back;
on SQLite (always) and PostgreSQL (where a server can be had, see conftest.py)."""

from __future__ import annotations

import json
import sqlite3
import threading

import pytest
import sqlalchemy as sa

from slant.corpus.store import SCHEMA_VERSION, Store, database_url, display_url
from slant.doc.analysis import Analysis
from slant.doc.article import Metadata
from slant.doc.document import validate_document
from slant.errors import SlantError
from slant.ingest.reader import ReadFailure


def analysis_of(build_article, make_analysis, title: str, *, source: str | None = None,
                url: str | None = None) -> Analysis:
    article = build_article(
        [title, f"The so-called experts of {title} met again.", "Everyone knows the plan is a disaster."],
        [("so-called experts", 0, "Doubt", 0.8), ("is a disaster", 0, "Exaggeration-Minimisation", 0.6)],
        genre={"label": "opinion", "score": 0.7, "model": "genre-test"},
        frames=[("Political", 0.6)],
        metadata=Metadata(url=url or f"https://news.example/{title.replace(' ', '-')}", site="news.example",
                          published="2026-03-02"),
        source=source or f"{title}.html",
    )
    return make_analysis(article)


def exercise(store: Store, build_article, make_analysis) -> None:
    """What every database must do the same: the store's whole contract on one store."""
    first = [analysis_of(build_article, make_analysis, f"Story {n}") for n in range(3)]
    result = store.write_batch(first, [ReadFailure("broken.html", "broken.html: looks like binary data")])
    assert (result.added, result.duplicates, result.failed) == (3, 0, 1)
    assert store.count() == 3

    # The same text again, from another source: nothing is written.
    again = analysis_of(build_article, make_analysis, "Story 1", source="mirror/story-1.html", url="https://mirror.example/1")
    assert again.article.id == first[1].article.id
    result = store.write_batch([again, first[2]])
    assert (result.added, result.duplicates) == (0, 2)
    assert store.count() == 3
    assert store.known_ids([first[0].article.id, "0" * 16]) == {first[0].article.id}

    rows = list(store.iter_articles())
    assert [row.id for row in rows] == [a.article.id for a in first]  # the order they were added
    row = rows[1]
    assert (row.source, row.url, row.site, row.language, row.title, row.published, row.status) == (
        "Story 1.html", "https://news.example/Story-1", "news.example", "en", "Story 1", "2026-03-02", "analysed")
    assert row.added_at.tzinfo is not None
    assert json.loads(json.dumps(row.to_dict()))["id"] == row.id

    for analysis in first:
        stored = store.document(analysis.article.id)
        assert stored == analysis.to_dict()
        validate_document(stored)
        assert Analysis.from_dict(stored).to_dict() == stored
    assert store.resolve(first[0].article.id[:6]) == first[0].article.id
    with pytest.raises(SlantError, match="no article"):
        store.resolve("zzzzzz")
    exported = [json.loads(line) for line in store.iter_documents()]
    assert [doc["id"] for doc in exported] == [a.article.id for a in first]

    assert [(f.source, f.reason) for f in store.failures()] == [("broken.html", "broken.html: looks like binary data")]
    # The same input failing again replaces its failure; stored later, it leaves the failures.
    store.write_batch([], [ReadFailure("broken.html", "broken.html: still broken")])
    assert [f.reason for f in store.failures()] == ["broken.html: still broken"]
    fixed = analysis_of(build_article, make_analysis, "Repaired", source="broken.html")
    assert store.write_batch([fixed]).added == 1
    assert store.failures() == []

    run = store.start_run(engine="local", options={"inputs": ["in/"]})
    store.write_batch([analysis_of(build_article, make_analysis, "Story 9")], [ReadFailure("x", "x: bad")], run_id=run)
    store.finish_run(run)
    last = store.runs()[-1]
    assert (last["status"], last["added"], last["failed"], last["engine"]) == ("done", 1, 1, "local")


def test_sqlite_store(tmp_path, build_article, make_analysis):
    path = tmp_path / "sub" / "corpus.db"
    with Store(path) as store:
        assert store.name == str(path)
        exercise(store, build_article, make_analysis)
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with Store(path, create=False) as store:  # reopened: all there
        assert store.count() == 5


def test_postgresql_store(postgres_url, build_article, make_analysis):
    with Store(postgres_url) as store:
        assert store.url.get_backend_name() == "postgresql"
        with store.engine.begin() as conn:  # a clean database for this test
            for table in ("articles", "failures", "runs"):
                conn.execute(sa.text(f"DELETE FROM {table}"))
        exercise(store, build_article, make_analysis)


def test_a_batch_is_one_transaction(tmp_path, build_article, make_analysis):
    """A batch whose last write fails leaves nothing of itself behind: no article without its
    analysis, no article without the failures of its batch."""
    with Store(tmp_path / "corpus.db") as store:
        store.write_batch([analysis_of(build_article, make_analysis, "Kept")])
        batch = [analysis_of(build_article, make_analysis, f"Lost {n}") for n in range(3)]
        with pytest.raises(SlantError, match="corpus"):
            store.write_batch(batch, [ReadFailure("bad.txt", None)])  # NOT NULL reason: the insert fails
        assert [row.title for row in store.iter_articles()] == ["Kept"]
        assert store.failures() == []


def test_missing_or_foreign_or_newer_store_is_a_clear_error(tmp_path):
    with pytest.raises(SlantError, match="no corpus at .*slant corpus add"):
        Store(tmp_path / "none.db", create=False)
    assert not (tmp_path / "none.db").exists()
    with pytest.raises(SlantError, match="is a folder"):
        Store(tmp_path)
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as raw:
        raw.execute("CREATE TABLE articles (x)")
    with pytest.raises(SlantError, match="another program"):
        Store(foreign)
    newer = tmp_path / "newer.db"
    Store(newer).close()
    with sqlite3.connect(newer) as raw:
        raw.execute("UPDATE store_meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    with pytest.raises(SlantError, match="newer slant"):
        Store(newer)


def test_database_url_forms(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert database_url("corpus.db").database == str(tmp_path / "corpus.db")
    monkeypatch.setenv("SLANT_CORPUS_DB", "elsewhere.db")
    assert database_url(None).database == str(tmp_path / "elsewhere.db")
    pytest.importorskip("psycopg", reason="no PostgreSQL driver installed (pip install 'psycopg[binary]')")
    url = database_url("postgresql://reader:secret@db.example:5432/news")
    assert url.drivername in ("postgresql+psycopg", "postgresql+psycopg2")
    assert "secret" not in display_url(url) and "db.example" in display_url(url)
    assert database_url("sqlite:////tmp/x.db").database == "/tmp/x.db"


def test_an_article_the_models_did_not_run_on_is_stored_as_not_analysed(tmp_path):
    from slant.doc.article import Article

    analysis = Analysis(Article("Ein kurzer Text.", source="de.txt", language="xx"), notes=["not analysed for language xx"])
    with Store(tmp_path / "corpus.db") as store:
        store.write_batch([analysis])
        assert [row.status for row in store.iter_articles()] == ["not analysed"]


def test_wal_switch_waits_for_another_process_write_lock(tmp_path):
    """SQLite refuses the switch to WAL at once, without its busy handler, while another
    connection holds the write lock of a new file; opening a corpus then waits instead of failing."""
    db = tmp_path / "corpus.db"
    creator = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    creator.execute("BEGIN IMMEDIATE")
    creator.execute("CREATE TABLE t (x)")
    opener = sqlite3.connect(db, timeout=5, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        opener.execute("PRAGMA journal_mode=WAL")  # what the store would have met without the wait
    opener.close()
    release = threading.Timer(0.3, creator.execute, ("COMMIT",))
    release.start()
    with Store(db) as store:
        store.start_run()
    release.join()
    creator.close()
    with sqlite3.connect(db) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
