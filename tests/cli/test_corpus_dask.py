"""`slant corpus add --engine dask --workers 2` (a LocalCluster of 2 processes started by the
command) against `--engine local` and `--engine local --workers 2`: the same articles, analysis
documents, failures with their reasons, and syndication pairs, bad inputs included. And the
engine options that cannot work. The fake components of conftest.py reach the worker processes
inside the pipeline the command sends them."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from slant.cli.main import main
from slant.corpus.store import Store

pytest.importorskip("distributed")

WIRE = ("Quay closed after overnight attack\n\nThe harbour authority closed the north quay on Monday after hooligans "
        "damaged two cranes overnight. Police said four men were arrested near the ferry terminal before dawn. "
        "The port director called the attack shameful and promised the quay would reopen by Friday. "
        "Shipping lines were told to use the south quay until then.\n")
PLACES = ("bridge", "market", "station", "school", "library", "stadium")


def corpus(folder: Path) -> Path:
    """Six articles of their own, a wire story and a copy of it, and five bad inputs."""
    folder.mkdir()
    for number, place in enumerate(PLACES):
        (folder / f"story{number}.txt").write_text(
            f"Trouble at the {place}\n\nThe hooligans gathered at the {place} on day {number}.\n\n"
            f"Officials asked the {place} crowd for calm in week {number}.\n", encoding="utf-8")
    (folder / "wire.txt").write_text(WIRE, encoding="utf-8")
    (folder / "copy.txt").write_text(WIRE + "\nFirst published by Wire Example.\n", encoding="utf-8")
    (folder / "binary.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "legacy.txt").write_bytes("Беспорядки в порту\n\nХулиганы собрались у гавани.\n".encode("cp1251"))
    (folder / "huge.txt").write_text("Huge story\n\n" + "More words here. " * 400, encoding="utf-8")
    warc = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 999\r\n\r\nHTTP/1.1 200 OK\r\n"
    (folder / "crawl.warc.gz").write_bytes(gzip.compress(warc)[:-10])
    return folder


def outcome(db: Path, capsys, syndication_options=()) -> tuple[list[str], set[tuple[str, str]], str]:
    assert main(["corpus", "export", "--db", str(db)]) == 0
    documents = sorted(capsys.readouterr().out.splitlines())
    assert main(["corpus", "syndication", "--db", str(db), "-f", "jsonl", *syndication_options]) == 0
    pairs = capsys.readouterr().out
    with Store(db, create=False) as store:
        failures = {(Path(failure.source).name, failure.reason) for failure in store.failures()}
    return documents, failures, pairs


def test_dask_and_local_engines_give_the_same_corpus(tmp_path, capsys, fake_models):
    folder = corpus(tmp_path / "in")
    results = {}
    for name, options in {"local": [], "local2": ["--workers", "2"], "dask": ["--engine", "dask", "--workers", "2"]}.items():
        db = tmp_path / f"{name}.db"
        assert main(["corpus", "add", str(folder), "--db", str(db), "--max-bytes", "4000", *options]) == 1
        assert "9 articles added, 4 inputs failed (recorded with the reason)" in capsys.readouterr().err
        # the dask corpus's copy search runs its sketches as Dask tasks too
        results[name] = outcome(db, capsys, ["--engine", "dask", "--workers", "1"] if name == "dask" else [])
        with Store(db, create=False) as store:
            assert store.runs()[-1]["engine"] == ("dask" if name == "dask" else "local")

    documents, failures, pairs = results["local"]
    assert len(documents) == 9
    assert {name for name, _ in failures} == {"binary.html", "empty.txt", "huge.txt", "crawl.warc.gz"}
    assert "copy" in [json.loads(line)["relation"] for line in pairs.splitlines()]
    assert results["local2"] == results["local"]
    assert results["dask"] == results["local"]


def test_engine_options_that_cannot_work_are_refused_before_the_store_is_made(tmp_path, capsys):
    db = tmp_path / "c.db"
    add = ["corpus", "add", str(tmp_path), "--db", str(db)]
    assert main([*add, "--engine", "dask", "--workers", "2", "--scheduler", "tcp://127.0.0.1:8786"]) == 2
    assert "give --scheduler (a running Dask cluster) or --workers" in capsys.readouterr().err
    assert main([*add, "--scheduler", "tcp://127.0.0.1:8786"]) == 2
    assert "use it with --engine dask" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main([*add, "--workers", "0"])
    assert "must be 1 or more" in capsys.readouterr().err
    assert not db.exists()


def test_an_unreachable_scheduler_is_named(tmp_path, capsys, monkeypatch, fake_models):
    from slant.corpus import dask_engine

    monkeypatch.setattr(dask_engine, "CONNECT_TIMEOUT_S", 1)
    (tmp_path / "a.txt").write_text("A story\n\nThe hooligans gathered.\n", encoding="utf-8")
    assert main(["corpus", "add", str(tmp_path / "a.txt"), "--db", str(tmp_path / "c.db"),
                 "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"]) == 2
    err = capsys.readouterr().err
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in err and "dask scheduler" in err
