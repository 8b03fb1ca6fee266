import json
import stat
from pathlib import Path

import pytest

from slant.cli.main import build_parser, main
from slant.doc.article import Article

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "reader"
# The document form (Article.to_dict()): metadata nested, paragraphs and sentences under layers.
REQUIRED = {"schema_version", "kind", "id", "source", "title", "title_span", "language", "metadata", "text", "layers",
            "labels", "removed", "provenance"}


def test_single_input_prints_one_document(capsys):
    assert main(["extract", str(FIXTURES / "article.html")]) == 0
    record = json.loads(capsys.readouterr().out)
    assert set(record) >= REQUIRED
    assert record["kind"] == "slant.article"
    assert record["title"] == "Council votes to close the old bridge"
    assert record["metadata"]["site"] == "Riverside Gazette" and record["metadata"]["published"] == "2024-03-05"
    assert record["layers"]["paragraphs"] and record["layers"]["sentences"]
    for span in record["layers"]["paragraphs"]:
        assert record["text"][span["start"] : span["end"]].strip()
    article = Article.from_dict(record)  # the one document form reads back
    assert article.title == record["title"] and article.to_dict() == record


def test_help_describes_the_document_form():
    subcommands = next(a for a in build_parser()._actions if a.dest == "command")
    text = subcommands.choices["extract"].format_help()
    assert "slant.article" in text and "metadata" in text and "layers" in text
    assert "--language CODE" in text


def test_a_folder_of_one_file_is_still_an_array(tmp_path, capsys):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "article.html").write_bytes((FIXTURES / "article.html").read_bytes())
    assert main(["extract", str(folder)]) == 0
    records = json.loads(capsys.readouterr().out)
    assert isinstance(records, list) and records[0]["kind"] == "slant.article"


def test_many_inputs_print_an_array_with_errors_in_place(capsys, tmp_path):
    missing = tmp_path / "missing.html"
    code = main(["extract", str(FIXTURES / "article.html"), str(missing), str(FIXTURES / "scrape.txt")])
    captured = capsys.readouterr()
    records = json.loads(captured.out)
    assert code == 1
    assert [Path(r["source"]).name for r in records] == ["article.html", "missing.html", "scrape.txt"]
    assert records[1] == {"source": str(missing), "error": records[1]["error"]}
    assert "no such file" in records[1]["error"]
    assert "1 of 3 documents could not be read; the other 2 were extracted" in captured.err
    assert captured.err.count(records[1]["error"]) == 1


def test_jsonl_to_file_is_written_whole(tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    assert main(["extract", "--jsonl", "-o", str(out), str(FIXTURES / "records.jsonl")]) == 1
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 5
    first = json.loads(lines[0])
    assert first["metadata"]["url"] == "https://news.example/a" and first["source"].endswith("records.jsonl#1")
    assert "error" in json.loads(lines[4])
    assert capsys.readouterr().out == ""
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]  # no temp file left behind


def test_max_bytes_flag(tmp_path, capsys):
    assert main(["extract", "--max-bytes", "100", str(FIXTURES / "article.html")]) == 1
    record = json.loads(capsys.readouterr().out)
    assert "--max-bytes" in record["error"]


def test_failed_run_leaves_existing_output_untouched(tmp_path, monkeypatch):
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n")

    def explode(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(Article, "to_dict", explode)
    assert main(["extract", "--jsonl", "-o", str(out), str(FIXTURES / "article.html")]) == 130
    assert out.read_text() == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_standard_input_is_one_document(monkeypatch, capsys):
    import io
    import sys

    page = (FIXTURES / "article.html").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(page)))
    assert main(["extract", "--url", "https://gazette.example/bridge", "-"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["source"] == "<stdin>" and record["metadata"]["url"] == "https://gazette.example/bridge"
    assert record["title"] == "Council votes to close the old bridge"


def test_output_file_gets_the_umask_mode(tmp_path, umask_022):
    out = tmp_path / "articles.jsonl"
    assert main(["extract", "--jsonl", "-o", str(out), str(FIXTURES / "article.html")]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["articles.jsonl"]


def test_text_writes_bodies_without_headlines_and_skips_failures(tmp_path, capsys):
    missing = tmp_path / "missing.html"
    code = main(["extract", "--text", str(FIXTURES / "article.html"), str(missing), str(FIXTURES / "scrape.txt")])
    captured = capsys.readouterr()
    assert code == 1 and "missing.html" in captured.err
    bodies = captured.out.split("\f\n")
    assert len(bodies) == 2
    assert not bodies[0].startswith("Council votes to close the old bridge")
    assert bodies[0].strip() and "{" not in bodies[0][:1]
    single = main(["extract", "--text", str(FIXTURES / "article.html")])
    assert single == 0 and capsys.readouterr().out == bodies[0]


def test_text_and_jsonl_exclude_each_other(capsys):
    with pytest.raises(SystemExit):
        main(["extract", "--text", "--jsonl", str(FIXTURES / "article.html")])
    assert "not allowed with" in capsys.readouterr().err
