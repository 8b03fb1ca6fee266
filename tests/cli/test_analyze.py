import json
from pathlib import Path

import pytest

from slant.runtime import pipeline as pipeline_module
from slant.doc.article import Span
from slant.cli.main import main
from slant.doc.document import validate_document

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "port-city-unrest.txt"


class FakeTechniques:
    def __init__(self, models, options):
        pass

    def __call__(self, articles, context):
        for article in articles:
            start = article.text.find("hooligans")
            if start >= 0:
                article.set_layer("techniques", [Span(start, start + 9, "Name_Calling-Labeling", 0.9, {"model": "fake"})])
                paragraph = article.paragraphs[article.paragraph_of(start)]
                article.set_layer("paragraph_techniques", [Span(paragraph.start, paragraph.end, "Name_Calling-Labeling", 0.9)])


@pytest.fixture(autouse=True)
def fake_models(monkeypatch):
    monkeypatch.setattr(pipeline_module, "COMPONENTS", {"techniques": FakeTechniques})


def test_json_report_is_valid_and_offsets_exact(tmp_path, capsys):
    out = tmp_path / "report.json"
    assert main(["analyze", str(EXAMPLE), "--format", "json", "-o", str(out)]) == 0
    document = json.loads(out.read_text())
    validate_document(document)
    finding = document["findings"][0]
    assert document["text"][finding["start"] : finding["end"]] == "hooligans"
    assert any(r["reason"] for r in document["removed"])


def test_batch_goes_on_past_broken_inputs_and_resumes(tmp_path, capsys):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text(EXAMPLE.read_text())
    (inputs / "broken.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    (inputs / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    status = main(["analyze", str(inputs), "--format", "html", "-o", str(out)])
    assert status == 1
    reports = sorted(p.name for p in out.glob("good-*.html"))
    assert len(reports) == 1
    index = json.loads((out / "index.json").read_text())
    assert {Path(f["source"]).name for f in index["failures"]} >= {"broken.html", "empty.txt"}
    assert (out / "index.html").read_text().count("good") >= 1
    stamp = (out / reports[0]).stat().st_mtime_ns
    main(["analyze", str(inputs), "--format", "html", "-o", str(out)])
    assert (out / reports[0]).stat().st_mtime_ns == stamp  # a rerun resumes instead of redoing


def test_semeval_format_writes_official_files(tmp_path):
    out = tmp_path / "semeval"
    assert main(["analyze", str(EXAMPLE), "--format", "semeval", "-o", str(out)]) == 0
    spans = (out / "spans.txt").read_text().splitlines()
    assert spans and spans[0].split("\t")[1] == "Name_Calling-Labeling"
    rows = (out / "paragraphs.txt").read_text().splitlines()
    assert all(len(row.split("\t")) == 3 for row in rows)


def test_web_url_is_a_clear_failure(tmp_path, capsys):
    assert main(["analyze", "https://example.com/a", "--format", "json", "-o", str(tmp_path / "x.json")]) == 1
    assert "offline" in capsys.readouterr().err


def test_a_list_file_of_paths_and_file_urls_stands_for_its_inputs(tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_text(EXAMPLE.read_text())
    listing = tmp_path / "inputs.txt"
    listing.write_text(f"{EXAMPLE}\n{copy.as_uri()}\n")
    out = tmp_path / "out"
    assert main(["analyze", str(listing), "--format", "json", "-o", str(out)]) == 0
    assert len(list(out.glob("*-*.json"))) == 2


def test_a_dash_reads_one_document_from_standard_input(monkeypatch, capsys):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(EXAMPLE.read_bytes())))
    assert main(["analyze", "-", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["source"] == "<stdin>" and "hooligans" in document["text"]
