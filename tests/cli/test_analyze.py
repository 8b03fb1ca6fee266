"""`slant analyze` with fake components (see conftest.py): batching, outputs, resume, messages."""

import json
import logging
import stat
from pathlib import Path

import pytest

from slant.cli.main import build_parser, main
from slant.doc.document import validate_document

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "port-city-unrest.txt"

pytestmark = pytest.mark.usefixtures("fake_models")


def article_text(title: str, word: str = "hooligans") -> str:
    return f"{title}\n\nThe {word} gathered at the harbour on Monday.\n\nThe mayor asked for calm.\n"


def inputs_folder(tmp_path: Path, count: int = 3, broken: bool = True) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(count):
        (folder / f"story{number}.txt").write_text(article_text(f"Story number {number}"), encoding="utf-8")
    if broken:
        (folder / "broken.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
        (folder / "empty.txt").write_bytes(b"")
    return folder


def user_sees(capsys, caplog) -> str:
    """What a user would read on stderr: printed lines, and log records at WARNING and above
    (the test runner captures those instead of printing them)."""
    logged = "".join(f"slant: {r.getMessage()}\n" for r in caplog.records if r.levelno >= logging.WARNING)
    return capsys.readouterr().err + logged


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_json_report_is_valid_and_offsets_exact(tmp_path):
    out = tmp_path / "report.json"
    assert main(["analyze", str(EXAMPLE), "--format", "json", "-o", str(out)]) == 0
    document = json.loads(out.read_text())
    validate_document(document)
    finding = document["findings"][0]
    assert document["text"][finding["start"] : finding["end"]] == "hooligans"
    assert document["labels"]["genre"]["label"] == "reporting"
    assert any(r["reason"] for r in document["removed"])


def test_batches_go_through_the_one_batch_loop(tmp_path, monkeypatch, fake_models, streamed_batch_sizes):
    # Issue: analyze had its own batching loop. It must use Pipeline.stream, batch_size from settings.
    streamed = streamed_batch_sizes
    monkeypatch.setenv("SLANT_BATCH_SIZE", "2")
    folder = inputs_folder(tmp_path, count=5, broken=False)
    assert main(["analyze", str(folder), "-f", "json", "-o", str(tmp_path / "out")]) == 0
    assert len(streamed) == 1
    assert fake_models.batches == [2, 2, 1]
    assert len(list((tmp_path / "out").glob("story*.json"))) == 5


def test_batch_goes_on_past_broken_inputs_and_reports_each_once(tmp_path, capsys, caplog):
    folder = inputs_folder(tmp_path, count=3)
    out = tmp_path / "out"
    assert main(["analyze", str(folder), "--format", "html", "-o", str(out)]) == 1
    assert len(list(out.glob("story*.html"))) == 3
    index = json.loads((out / "index.json").read_text())
    assert {Path(f["source"]).name for f in index["failures"]} == {"broken.html", "empty.txt"}
    err = user_sees(capsys, caplog)
    for failure in index["failures"]:
        assert err.count(failure["error"]) == 1, err  # once, not as a log line and a slant: line
    assert "2 of 5 inputs failed; the other 3 were analysed" in err
    assert "WARNING" not in err


def test_only_failures_say_none_were_analysed(tmp_path, capsys, caplog):
    missing = tmp_path / "missing.txt"
    assert main(["analyze", str(missing)]) == 1
    lines = user_sees(capsys, caplog).splitlines()
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"slant: {missing}: ")
    assert lines[1] == "slant: 1 input failed; none analysed"


def test_the_summary_counts_one_remaining_input(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text(article_text("Good story"), encoding="utf-8")
    assert main(["analyze", str(good), str(tmp_path / "missing.txt"), "-f", "json", "-o", str(tmp_path / "o")]) == 1
    assert "1 of 2 inputs failed; the other one was analysed" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["analyze", "extract"])
def test_an_empty_folder_is_an_error(tmp_path, capsys, command):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.pdf").write_bytes(b"%PDF-1.4")  # not a kind slant reads
    assert main([command, str(empty)]) == 2
    err = capsys.readouterr().err
    assert f"{empty}: no inputs in this folder" in err and ".html" in err


def test_rerun_resumes_and_keeps_the_index_whole(tmp_path):
    # Issue: a rerun wrote "verdict": null and emptied the Genre..Verdict columns for skipped reports.
    folder = inputs_folder(tmp_path, count=3)
    out = tmp_path / "out"
    assert main(["analyze", str(folder), "--format", "html", "-o", str(out)]) == 1
    first_json = (out / "index.json").read_text(encoding="utf-8")
    first_html = (out / "index.html").read_text(encoding="utf-8")
    records = json.loads(first_json)["articles"]
    assert len(records) == 3 and all(record["verdict"] for record in records)
    assert first_html.count('data-label="Genre"><div class="cell">Reporting</div>') == 3
    assert first_html.count('data-label="Findings"><div class="cell">1</div>') == 3
    reports = sorted(out.glob("story*.html"))
    stamps = [report.stat().st_mtime_ns for report in reports]

    assert main(["analyze", str(folder), "--format", "html", "-o", str(out)]) == 1
    assert [report.stat().st_mtime_ns for report in reports] == stamps  # skipped, not redone
    assert (out / "index.json").read_text(encoding="utf-8") == first_json
    assert (out / "index.html").read_text(encoding="utf-8") == first_html


def test_a_partial_rerun_gives_the_index_of_a_fresh_run(tmp_path):
    folder = inputs_folder(tmp_path, count=4)
    hidden = folder / "story1.txt"
    text = hidden.read_text(encoding="utf-8")
    hidden.unlink()
    out = tmp_path / "out"
    assert main(["analyze", str(folder), "-f", "html", "-o", str(out)]) == 1
    hidden.write_text(text, encoding="utf-8")  # now one new input among skipped ones
    assert main(["analyze", str(folder), "-f", "html", "-o", str(out)]) == 1
    fresh = tmp_path / "fresh"
    assert main(["analyze", str(folder), "-f", "html", "-o", str(fresh)]) == 1
    for name in ("index.json", "index.html"):
        assert (out / name).read_text(encoding="utf-8") == (fresh / name).read_text(encoding="utf-8")


def test_json_rerun_resumes_with_full_index(tmp_path):
    folder = inputs_folder(tmp_path, count=2, broken=False)
    out = tmp_path / "out"
    assert main(["analyze", str(folder), "-f", "json", "-o", str(out)]) == 0
    first = (out / "index.json").read_text()
    assert main(["analyze", str(folder), "-f", "json", "-o", str(out)]) == 0
    assert (out / "index.json").read_text() == first


def test_force_redoes_reports(tmp_path):
    folder = inputs_folder(tmp_path, count=1, broken=False)
    out = tmp_path / "out"
    assert main(["analyze", str(folder), "-f", "html", "-o", str(out)]) == 0
    report = next(out.glob("story*.html"))
    report.write_text("stale", encoding="utf-8")
    assert main(["analyze", str(folder), "-f", "html", "-o", str(out), "--force"]) == 0
    assert report.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_written_files_get_the_umask_mode_and_no_temp_files(tmp_path, umask_022):
    # Issue: report files were written 0600 (tempfile's mode) instead of 0644.
    folder = inputs_folder(tmp_path, count=2, broken=False)
    out = tmp_path / "out"
    assert main(["analyze", str(folder), "-f", "html", "-o", str(out)]) == 0
    written = [p for p in out.iterdir() if p.is_file()]
    assert {p.name for p in written} >= {"index.html", "index.json"} and len(written) == 4
    assert {mode(p) for p in written} == {0o644}
    single = tmp_path / "single.json"
    assert main(["analyze", str(EXAMPLE), "-f", "json", "-o", str(single)]) == 0
    assert mode(single) == 0o644
    semeval_out = tmp_path / "semeval"
    assert main(["analyze", str(EXAMPLE), "-f", "semeval", "-o", str(semeval_out)]) == 0
    assert {mode(p) for p in semeval_out.iterdir()} == {0o644}
    leftovers = [p for p in tmp_path.rglob(".*.tmp")]
    assert leftovers == []


def test_semeval_format_writes_official_files(tmp_path):
    out = tmp_path / "semeval"
    assert main(["analyze", str(EXAMPLE), "--format", "semeval", "-o", str(out)]) == 0
    spans = (out / "spans.txt").read_text().splitlines()
    assert spans and spans[0].split("\t")[1] == "Name_Calling-Labeling"
    rows = (out / "paragraphs.txt").read_text().splitlines()
    assert all(len(row.split("\t")) == 3 for row in rows)
    assert (out / "genre.txt").read_text().split("\t")[1].strip() == "reporting"


def test_web_url_is_a_clear_failure(tmp_path, capsys):
    assert main(["analyze", "https://example.com/a", "--format", "json", "-o", str(tmp_path / "x.json")]) == 1
    err = capsys.readouterr().err
    assert "offline" in err and err.count("offline") == 1


def test_a_list_file_of_paths_and_file_urls_stands_for_its_inputs(tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_text(EXAMPLE.read_text())
    listing = tmp_path / "inputs.txt"
    listing.write_text(f"{EXAMPLE}\n{copy.as_uri()}\n")
    out = tmp_path / "out"
    assert main(["analyze", str(listing), "--format", "json", "-o", str(out)]) == 0
    assert len(list(out.glob("*-*.json"))) == 2


def test_a_text_of_long_lines_is_an_input_not_a_list_of_paths(tmp_path):
    from slant.cli.common import expand_lists

    # the OS refuses a line over 255 characters as a file name (and one with a NUL outright)
    text = tmp_path / "article.txt"
    text.write_text("The harbour strike ended on Monday after talks. " * 8 + "\n\nA second paragraph.\n")
    assert expand_lists([str(text)]) == [str(text)]
    text.write_text("Before the break\x00after it, the port reopened.\n")
    assert expand_lists([str(text)]) == [str(text)]


def test_a_dash_reads_one_document_from_standard_input(monkeypatch, capsys):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(EXAMPLE.read_bytes())))
    assert main(["analyze", "-", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["source"] == "<stdin>" and "hooligans" in document["text"]


def test_language_flag_is_named_as_in_extract(capsys):
    # Issue: analyze said --lang where extract says --language.
    subcommands = next(a for a in build_parser()._actions if a.dest == "command")
    analyze_help = subcommands.choices["analyze"].format_help()
    extract_help = subcommands.choices["extract"].format_help()
    assert "--language CODE" in analyze_help and "--language CODE" in extract_help
    assert "--lang " not in analyze_help and "--lang," not in analyze_help


@pytest.mark.parametrize("flag", ["--language", "--lang"])
def test_language_flag_and_its_hidden_alias_set_the_language(flag, capsys):
    assert main(["analyze", str(EXAMPLE), "-f", "json", flag, "ru"]) == 0
    assert json.loads(capsys.readouterr().out)["language"] == "ru"
