"""``slant corpus outlets``, ``stories`` and ``report``: tables, JSON lines, -o files, and the
messages for a missing corpus or a folder given as the output file."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from slant.cli.main import main
from slant.corpus import stories as stories_module
from slant.corpus import syndication
from slant.corpus.store import Store
from slant.doc.article import Metadata

FLOOD = ("Flood barrier fails in Port Ellery",
         "The flood barrier at Port Ellery failed on Tuesday as the river Tamsin rose, and these shameful officials "
         "blamed the rain.")
CUP = ("Linden Rovers win the cup", "Linden Rovers beat Ashford Town after extra time in the regional cup final.")


def bag_of_words(texts: list[str]) -> np.ndarray:
    rows = []
    for text in texts:
        vector = np.zeros(128)
        for word in re.findall(r"\w+", text.lower()):
            vector[sum(map(ord, word)) % 128] += 1.0
        rows.append(vector / np.linalg.norm(vector))
    return np.array(rows)


@pytest.fixture
def db(tmp_path, build_article, make_analysis, monkeypatch):
    def one(paragraphs, *, source, site, published):
        return make_analysis(build_article(list(paragraphs), [("shameful", 0, "Loaded_Language", 0.9)]
                                           if "shameful" in paragraphs[1] else [], source=source,
                                           metadata=Metadata(url=f"https://{site}/{source}", site=site,
                                                             published=published)))

    analyses = [one(FLOOD, source="flood", site="wire.example", published="2026-03-03"),
                one((FLOOD[0], FLOOD[1] + " More."), source="flood", site="daily.example", published="2026-03-04"),
                one(CUP, source="cup", site="sport.example", published="2026-03-04"),
                one((CUP[0], CUP[1] + " Fans cheered."), source="cup", site="ball.example", published="2026-03-05")]
    monkeypatch.setattr(stories_module, "embed_leads", bag_of_words)  # no encoder in these tests
    monkeypatch.setattr(syndication, "store_syndication", lambda store: [
        syndication.Pair("https://daily.example/flood", "https://wire.example/flood", "copy", 1.0, ())])
    path = tmp_path / "corpus.db"
    with Store(path) as store:
        store.write_batch(analyses)
    return path


def test_outlets_table_and_jsonl(db, capsys):
    assert main(["corpus", "outlets", "--db", str(db)]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert rows[0][:5] == ["site", "articles", "languages", "genres", "per 1000 words"]
    by_site = {row[0]: row for row in rows[1:]}
    assert sorted(by_site) == ["ball.example", "daily.example", "sport.example", "wire.example"]
    assert by_site["daily.example"][8] == "wire.example 1" and by_site["wire.example"][9] == "daily.example 1"
    assert by_site["wire.example"][5].startswith("Loaded_Language ") and by_site["wire.example"][10] == "-"

    assert main(["corpus", "outlets", "--db", str(db), "-f", "jsonl"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    wire = next(r for r in records if r["site"] == "wire.example")
    assert wire["articles"] == 1 and wire["copied_by"] == [{"site": "daily.example", "pairs": 1,
                                                            "relations": {"copy": 1}}]


def test_stories_jsonl_and_file(db, tmp_path, capsys):
    assert main(["corpus", "stories", "--db", str(db), "-f", "jsonl"]) == 0
    captured = capsys.readouterr()
    records = [json.loads(line) for line in captured.out.splitlines()]
    assert [sorted(a["site"] for a in r["articles"]) for r in records] == [
        ["daily.example", "wire.example"], ["ball.example", "sport.example"]]
    assert records[0]["timeline"] == [{"date": "2026-03-03", "count": 1}, {"date": "2026-03-04", "count": 1}]
    assert "2 stories hold 4 of 4 articles" in captured.err

    out = tmp_path / "out" / "stories.tsv"
    assert main(["corpus", "stories", "--db", str(db), "-o", str(out)]) == 0
    assert f"wrote 2 stories to {out}" in capsys.readouterr().err
    lines = out.read_text().splitlines()
    assert lines[0] == "id\tarticles\toutlets\tlanguages\tfirst\tlast\tlabel"
    assert lines[1].split("\t")[:2] == ["s1", "2"]


def test_report_writes_the_page_and_article_reports(db, tmp_path, capsys):
    out = tmp_path / "corpus.html"
    assert main(["corpus", "report", "--db", str(db), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert f"wrote {out} and 4 article reports in {tmp_path / 'corpus_files'}" in err
    page = out.read_text(encoding="utf-8")
    assert "Who copies whom" in page and "<script" not in page
    assert len(list((tmp_path / "corpus_files").glob("*.html"))) == 4


def test_errors(db, tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:  # -o is required
        main(["corpus", "report", "--db", str(db)])
    assert stopped.value.code == 2 and "-o/--output" in capsys.readouterr().err
    for command in ("outlets", "stories", "report"):
        assert main(["corpus", command, "--db", str(db), "-o", str(tmp_path)]) != 0
        assert "is a folder" in capsys.readouterr().err
        missing = tmp_path / "none.db"
        assert main(["corpus", command, "--db", str(missing), "-o", str(tmp_path / "x")]) != 0
        assert "no corpus" in capsys.readouterr().err
        assert not missing.exists()
