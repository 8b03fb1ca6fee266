import json
from pathlib import Path

from slant.cli.main import main

FIXTURES = Path(__file__).parent / "fixtures" / "reader"
REQUIRED = {"source", "id", "title", "text", "language", "url", "site", "published", "paragraphs", "removed", "sentences"}


def test_single_input_prints_one_object(capsys):
    assert main(["extract", str(FIXTURES / "article.html")]) == 0
    record = json.loads(capsys.readouterr().out)
    assert set(record) >= REQUIRED
    assert record["title"] == "Council votes to close the old bridge"
    assert record["site"] == "Riverside Gazette" and record["published"] == "2024-03-05"
    for span in record["paragraphs"]:
        assert record["text"][span["start"] : span["end"]].strip()


def test_many_inputs_print_an_array_with_errors_in_place(capsys, tmp_path):
    missing = tmp_path / "missing.html"
    code = main(["extract", str(FIXTURES / "article.html"), str(missing), str(FIXTURES / "scrape.txt")])
    captured = capsys.readouterr()
    records = json.loads(captured.out)
    assert code == 1
    assert [Path(r["source"]).name for r in records] == ["article.html", "missing.html", "scrape.txt"]
    assert records[1] == {"source": str(missing), "error": records[1]["error"]}
    assert "no such file" in records[1]["error"]
    assert "1 of 3 document(s) could not be read" in captured.err


def test_jsonl_to_file_is_written_whole(tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    assert main(["extract", "--jsonl", "-o", str(out), str(FIXTURES / "records.jsonl")]) == 1
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 5
    first = json.loads(lines[0])
    assert first["url"] == "https://news.example/a" and first["source"].endswith("records.jsonl#1")
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

    monkeypatch.setattr("slant.cli.extract.article_record", explode)
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
    assert record["source"] == "<stdin>" and record["url"] == "https://gazette.example/bridge"
    assert record["title"] == "Council votes to close the old bridge"
