"""`slant corpus` with fake components (see conftest.py): add, resume, list, show, export, failures,
and a run killed with SIGKILL that a rerun completes."""

from __future__ import annotations

import gzip
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from slant.cli.main import main
from slant.corpus.store import Store
from slant.doc.analysis import Analysis
from slant.doc.document import validate_document

ROOT = Path(__file__).resolve().parents[2]
FAKE_SLANT = Path(__file__).with_name("corpus_fake_slant.py")


def article_text(title: str, word: str = "hooligans") -> str:
    return f"{title}\n\nThe {word} gathered at the harbour on {title}.\n\nThe mayor asked for calm.\n"


def stories(folder: Path, count: int, start: int = 0) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(start, start + count):
        (folder / f"story{number:03d}.txt").write_text(article_text(f"Story number {number}"), encoding="utf-8")
    return folder


def stored(db: Path) -> list[dict]:
    with Store(db, create=False) as store:
        return [json.loads(text) for text in store.iter_documents()]


def test_add_list_show_export_round_trip(tmp_path, capsys, fake_models):
    db = tmp_path / "corpus.db"
    folder = stories(tmp_path / "in", 3)
    assert main(["corpus", "add", str(folder), "--db", str(db)]) == 0
    err = capsys.readouterr().err
    assert "3 articles added; 3 articles in the corpus" in err
    documents = stored(db)
    assert len(documents) == 3
    for document in documents:
        validate_document(document)
        assert Analysis.from_dict(document).to_dict() == document
        assert document["text"][document["findings"][0]["start"]:document["findings"][0]["end"]] == "hooligans"

    # Re-adding is a no-op, and cheap: nothing is analysed again.
    fake_models.batches.clear()
    assert main(["corpus", "add", str(folder), "--db", str(db)]) == 0
    assert "0 articles added, 3 already stored; 3 articles in the corpus" in capsys.readouterr().err
    assert fake_models.batches == []
    assert stored(db) == documents

    assert main(["corpus", "list", "--db", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split("\t") == ["id", "url", "source", "site", "language", "title", "published", "status"]
    assert [line.split("\t")[0] for line in lines[1:]] == [d["id"] for d in documents]
    assert lines[1].split("\t")[5:] == ["Story number 0", "-", "analysed"]

    assert main(["corpus", "list", "--db", str(db), "--format", "jsonl"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["title"] for r in records] == ["Story number 0", "Story number 1", "Story number 2"]
    assert records[0]["source"] == str(folder / "story000.txt") and records[0]["language"] == "en"

    first = documents[0]["id"]
    assert main(["corpus", "show", first[:6], "--db", str(db)]) == 0
    assert json.loads(capsys.readouterr().out) == documents[0]
    assert main(["corpus", "show", first, "--db", str(db), "-f", "text"]) == 0
    text = capsys.readouterr().out
    assert "Story number 0" in text and "hooligans" in text and "{" not in text

    assert main(["corpus", "export", "--db", str(db)]) == 0
    assert [json.loads(line) for line in capsys.readouterr().out.splitlines()] == documents
    out = tmp_path / "exports" / "corpus.jsonl"
    assert main(["corpus", "export", "--format", "jsonl", "--db", str(db), "-o", str(out)]) == 0
    assert [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] == documents
    assert not [p for p in out.parent.iterdir() if p.name.endswith(".tmp")]


def test_bad_inputs_are_recorded_and_the_rest_stored(tmp_path, capsys, fake_models):
    folder = stories(tmp_path / "in", 2)
    (folder / "binary.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    (folder / "empty.txt").write_bytes(b"")
    russian = "Беспорядки в порту\n\nХулиганы собрались у гавани в понедельник.\n\nМэр города попросил всех сохранять спокойствие.\n"
    (folder / "legacy.txt").write_bytes(russian.encode("cp1251"))
    (folder / "huge.txt").write_text(article_text("Huge story") + "More words here. " * 400, encoding="utf-8")
    warc = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 999\r\n\r\nHTTP/1.1 200 OK\r\n"
    (folder / "crawl.warc.gz").write_bytes(gzip.compress(warc)[:-10])
    db = tmp_path / "corpus.db"

    assert main(["corpus", "add", str(folder), "--db", str(db), "--max-bytes", "4000"]) == 1
    err = capsys.readouterr().err
    assert "3 articles added, 4 inputs failed (recorded with the reason); 3 articles in the corpus" in err

    with Store(db, create=False) as store:
        reasons = {Path(f.source).name: f.reason for f in store.failures()}
        rows = {Path(row.source).name: row for row in store.iter_articles()}
    assert set(reasons) == {"binary.html", "empty.txt", "huge.txt", "crawl.warc.gz"}
    assert "binary" in reasons["binary.html"]
    assert "empty" in reasons["empty.txt"].lower()
    assert "--max-bytes" in reasons["huge.txt"]
    assert "truncated" in reasons["crawl.warc.gz"]
    for reason in reasons.values():
        assert reason in err  # each failure is reported as it happens, too
    assert set(rows) == {"story000.txt", "story001.txt", "legacy.txt"}
    assert rows["legacy.txt"].title == "Беспорядки в порту" and rows["legacy.txt"].language == "ru"
    with Store(db, create=False) as store:
        legacy = store.document(rows["legacy.txt"].id)
    assert legacy["provenance"]["reader"]["encoding"] == "cp1251"
    validate_document(legacy)


def test_an_unknown_engine_is_refused_before_the_store_is_made(tmp_path, capsys, fake_models):
    folder = stories(tmp_path / "in", 1)
    assert main(["corpus", "add", str(folder), "--db", str(tmp_path / "c.db"), "--engine", "spark"]) == 2
    assert "unknown engine 'spark'" in capsys.readouterr().err
    assert not (tmp_path / "c.db").exists()
    assert main(["corpus", "add", str(folder), "--db", str(tmp_path / "c.db"), "--engine", "local"]) == 0


def test_reading_a_missing_corpus_or_article_says_what_to_do(tmp_path, capsys, fake_models, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["corpus", "list"]) == 2
    assert "no corpus at" in capsys.readouterr().err and not (tmp_path / "slant-corpus.db").exists()
    assert main(["corpus", "add", str(stories(tmp_path / "in", 1))]) == 0  # the default store, here
    assert (tmp_path / "slant-corpus.db").exists()
    capsys.readouterr()
    assert main(["corpus", "show", "ffffffffffff"]) == 2
    assert "no article 'ffffffffffff'" in capsys.readouterr().err


def _count_rows(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as raw:
            return raw.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_a_killed_run_resumes_and_stores_each_article_once(tmp_path, fake_models):
    folder = stories(tmp_path / "in", 90)
    db = tmp_path / "corpus.db"
    command = [sys.executable, str(FAKE_SLANT), "corpus", "add", str(folder), "--db", str(db)]
    env = {**os.environ, "FAKE_SLANT_DELAY": "0.05", "SLANT_BATCH_SIZE": "4"}
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while _count_rows(db) < 12 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert process.poll() is None, "the run ended before it could be killed: " + process.stderr.read().decode()
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        process.stderr.close()
    before = _count_rows(db)
    assert 12 <= before < 90, before

    fake_models.batches.clear()
    assert main(["corpus", "add", str(folder), "--db", str(db)]) == 0
    assert sum(fake_models.batches) == 90 - before  # what was stored was skipped before analysis

    documents = stored(db)
    assert len(documents) == 90
    assert len({d["id"] for d in documents}) == 90
    assert sorted(Path(d["source"]).name for d in documents) == [f"story{n:03d}.txt" for n in range(90)]
    for document in documents:
        validate_document(document)
        assert Analysis.from_dict(document).to_dict() == document
    with sqlite3.connect(db) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with Store(db, create=False) as store:
        statuses = [run["status"] for run in store.runs()]
    assert statuses == ["running", "done"]  # the killed run never got to say how it ended


@pytest.mark.slow
def test_real_models_add_the_example(tmp_path, capsys):
    db = tmp_path / "corpus.db"
    assert main(["corpus", "add", str(ROOT / "examples"), "--db", str(db)]) == 0
    documents = stored(db)
    assert len(documents) == 1
    validate_document(documents[0])
    assert documents[0]["findings"] and documents[0]["labels"]["genre"]["label"]
    assert main(["corpus", "add", str(ROOT / "examples"), "--db", str(db)]) == 0
    assert "0 articles added, 1 already stored" in capsys.readouterr().err


def test_two_runs_at_once_store_each_article_once(tmp_path):
    """Two `slant corpus add` over the same inputs at the same time: one waits for the other's
    commits; every article is stored once and neither run fails."""
    folder = stories(tmp_path / "in", 24)
    db = tmp_path / "corpus.db"
    env = {**os.environ, "FAKE_SLANT_DELAY": "0.01", "SLANT_BATCH_SIZE": "3"}
    command = [sys.executable, str(FAKE_SLANT), "corpus", "add", str(folder), "--db", str(db)]
    processes = [subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(2)]
    errors = [process.communicate(timeout=120)[1].decode() for process in processes]
    assert [process.returncode for process in processes] == [0, 0], errors
    documents = stored(db)
    assert len(documents) == 24 and len({d["id"] for d in documents}) == 24
