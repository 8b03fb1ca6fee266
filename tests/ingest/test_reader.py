import gzip
import json
from pathlib import Path

import pytest

from slant.doc.article import Article
from slant.errors import SlantError
from slant.ingest.reader import ReadFailure, assemble, expand_paths, iter_read, looks_like_html, read

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "reader"
TITLE = "Council votes to close the old bridge"


def check_offsets(article: Article) -> None:
    """Every span is a half-open range of the text, paragraphs hold no line break."""
    for name, spans in article.layers.items():
        for span in spans:
            assert 0 <= span.start < span.end <= len(article.text), name
            piece = article.text[span.start : span.end]
            assert piece == piece.strip(), name
    for span in article.paragraphs:
        assert "\n" not in article.text[span.start : span.end]
    assert article.paragraphs, "segmentation ran"


def test_html_file_becomes_title_plus_paragraphs():
    article = read(FIXTURES / "article.html")
    assert article.title == TITLE
    assert article.title_span.start == 0
    assert article.text.startswith(TITLE + "\n\nThe town council voted")
    assert article.text.count("\n\n") == 4 and "\n\n\n" not in article.text
    assert article.metadata.site == "Riverside Gazette"
    assert article.metadata.published == "2024-03-05"
    assert article.language == "en"
    assert article.provenance["reader"] == "html" and article.provenance["encoding"] == "utf-8"
    assert article.source == str(FIXTURES / "article.html")
    check_offsets(article)


def test_text_scrape_is_normalized_and_cleaned():
    pytest.importorskip("slant.ingest.leftovers")
    article = read(FIXTURES / "scrape.txt")
    assert article.provenance["reader"] == "text"
    assert "Photo: Riverside Gazette" not in article.text
    assert "Read also" not in article.text
    assert {r.reason for r in article.removed} >= {"caption"}
    assert "The council said a temporary footbridge would open" in article.text
    check_offsets(article)


def test_strings_and_bytes_are_sniffed():
    html = (FIXTURES / "article.html").read_text(encoding="utf-8")
    assert read(html).title == TITLE
    assert read(html.encode("utf-8")).provenance["reader"] == "html"
    text = read("The river flooded the lower town on Sunday, and two hundred people left their homes.")
    assert text.provenance["reader"] == "text" and text.source == "<string>"
    assert looks_like_html("<!-- saved -->\n<!DOCTYPE html><html>")
    assert not looks_like_html("Prices rose 3% (x < y) in May.")


def test_comments_before_the_first_element_are_skipped_without_backtracking():
    # a pattern that skips comments tries every way to run one on to a later "-->" when what
    # follows them is not an HTML element: exponential in their number (22 took seconds)
    comments = "<!-- build 7 -->\n" * 200  # within the 4,096 characters sniffed
    assert not looks_like_html(comments + "The river flooded the lower town on Sunday.")
    assert looks_like_html(comments + "<div><p>The river flooded the lower town.</p></div>")
    assert looks_like_html('\ufeff<?xml version="1.0"?>\n<!-- saved -->\n<html><body>x</body></html>')


def test_gzip_is_read_transparently(tmp_path):
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress((FIXTURES / "article.html").read_bytes()))
    assert read(path).title == TITLE


def test_cp1251_page_without_declaration(tmp_path):
    sentence = "Городской совет в понедельник проголосовал за закрытие старого моста через реку."
    path = tmp_path / "ru.html"
    page = f"<html><head><title>Мост закрыт</title></head><body><article><p>{sentence}</p><p>{sentence}</p></article></body></html>"
    path.write_bytes(page.encode("cp1251"))
    article = read(path)
    assert sentence in article.text
    assert article.language == "ru"
    assert article.provenance["encoding"] == "cp1251"


def test_html_entities_in_a_text_scrape_become_characters():
    scrape = "Rates &amp; prices rose, the bank said&#8217;s report &quot;warned&quot; on Monday&nbsp;night.\n\n" \
             "The &notice board and AT&T stay as written.\n"
    article = read(scrape.encode("utf-8"), kind="text")
    assert "Rates & prices rose, the bank said\u2019s report \"warned\" on Monday night." in article.text
    assert "The &notice board and AT&T stay as written." in article.text


def test_given_language_and_url_are_kept():
    article = read("Short note about the bridge closing on Monday morning.", url="https://www.gazette.example/a", language="en")
    assert article.language == "en"
    assert article.metadata.url == "https://www.gazette.example/a"
    assert article.metadata.site == "gazette.example"


def test_multi_document_files_point_to_iter_read(tmp_path):
    with pytest.raises(SlantError, match="iter_read"):
        read(FIXTURES / "records.jsonl")
    warc = tmp_path / "crawl.warc.gz"
    warc.write_bytes(gzip.compress(b"WARC/1.0\r\n"))
    with pytest.raises(SlantError, match="iter_read"):
        read(warc)


def test_size_limit_names_the_limit_and_the_flag(tmp_path):
    big = tmp_path / "big.txt"
    # A sparse 50 MB file: the limit must be enforced before reading it.
    with big.open("wb") as handle:
        handle.truncate(50_000_000)
    with pytest.raises(SlantError, match=r"20 MB limit.*--max-bytes"):
        read(big)
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(b"word " * 400_000))
    with pytest.raises(SlantError, match=r"gunzipped.*0.1 MB limit"):
        read(bomb, max_bytes=100_000)
    with pytest.raises(SlantError, match="limit"):
        read("x" * 2000, max_bytes=1000)


def test_errors_name_the_problem():
    with pytest.raises(SlantError, match="no such file"):
        read(Path("missing-article.html"))
    assert read("missing-article.html").text == "missing-article.html"  # a string is content, never a name
    with pytest.raises(SlantError, match="binary data \\(PNG image\\)"):
        read(b"\x89PNG\r\n\x1a\n" + bytes(64))
    with pytest.raises(SlantError, match="no article text"):
        read("   \n\n  ")


def test_batch_walks_folders_and_keeps_going(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "page.html").write_bytes((FIXTURES / "article.html").read_bytes())
    (tmp_path / "a.txt").write_text("The market will stay open late on Fridays from next month, the council said.\n")
    (tmp_path / "broken.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))
    (tmp_path / ".hidden.txt").write_text("secret notes that must not be read at all by the batch reader\n")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG")
    (tmp_path / "report.json").write_text('{"text": "an earlier analysis written into the folder"}')
    assert [p.relative_to(tmp_path).as_posix() for p in expand_paths(tmp_path)] == ["a.txt", "b/page.html", "broken.html"]
    results = list(iter_read([tmp_path, tmp_path / "nope.txt"]))
    sources = [Path(r.source).name for r in results]
    assert sources == ["a.txt", "page.html", "broken.html", "nope.txt"]
    assert isinstance(results[0], Article) and isinstance(results[1], Article)
    assert isinstance(results[2], ReadFailure) and "PNG image" in results[2].error
    assert isinstance(results[3], ReadFailure) and "no such file" in results[3].error
    assert results[2].error.startswith(str(tmp_path / "broken.html"))


def test_jsonl_records_become_articles_or_failures():
    results = list(iter_read(FIXTURES / "records.jsonl"))
    assert [r.source.rsplit("#", 1)[1] for r in results] == ["1", "2", "3", "4", "5"]
    first, second = results[0], results[1]
    assert first.title == "Storm closes the harbour"
    assert first.text.startswith("Storm closes the harbour\n\nThe harbour was closed on Friday")
    assert first.metadata.url == "https://news.example/a" and first.metadata.site == "news.example"
    assert second.provenance["reader"] == "html" and second.title == "Teachers strike for pay"
    assert all(isinstance(r, ReadFailure) for r in results[2:])
    assert "JSON object" in results[2].error and "\"html\" or \"text\"" in results[3].error
    assert "not valid JSON" in results[4].error


def test_json_file_holds_one_record_or_an_array_of_them(tmp_path):
    records = [json.loads(line) for line in (FIXTURES / "records.jsonl").read_text(encoding="utf-8").splitlines()[:2]]
    (tmp_path / "one.json").write_text(json.dumps(records[0], indent=2), encoding="utf-8")
    (tmp_path / "many.json").write_text(json.dumps(records + [7]), encoding="utf-8")
    (tmp_path / "bad.json").write_text("[1, 2", encoding="utf-8")
    [one] = iter_read(tmp_path / "one.json")
    assert one.title == "Storm closes the harbour" and one.source == str(tmp_path / "one.json")
    many = list(iter_read(tmp_path / "many.json"))
    assert [r.source.rsplit("#", 1)[1] for r in many] == ["1", "2", "3"]
    assert many[1].title == "Teachers strike for pay"
    assert isinstance(many[2], ReadFailure) and "JSON object" in many[2].error
    [bad] = iter_read(tmp_path / "bad.json")
    assert isinstance(bad, ReadFailure) and "not valid JSON" in bad.error and ".jsonl" in bad.error


def test_warc_batch_yields_articles_and_a_failure_for_the_cut(tmp_path):
    pytest.importorskip("warcio")
    from .test_warc import write_warc

    path = tmp_path / "crawl.warc.gz"
    data = write_warc(path, gzip=True, extra=False)
    path.write_bytes(data[:-60])
    results = list(iter_read(path))
    assert [type(r).__name__ for r in results] == ["Article", "Article", "ReadFailure"]
    assert results[0].source == f"{path}#2"
    assert results[0].metadata.url == "https://news.example/0"
    assert results[0].provenance["warc_date"]
    assert "truncated" in results[2].error or "could not read" in results[2].error


def test_assemble_offsets_are_exact():
    article = assemble("  A  title ", ["First para.", "Second line\nThird line", "  "], source="x")
    assert article.text == "A title\n\nFirst para.\n\nSecond line\n\nThird line"
    assert article.title == "A title"
    assert [article.span_text(p) for p in article.paragraphs][-3:] == ["First para.", "Second line", "Third line"]
    check_offsets(article)
    assert json.loads(article.to_json())["title_span"] == {"start": 0, "end": 7}


def test_gzipped_jsonl_is_read_record_by_record(tmp_path):
    path = tmp_path / "records.jsonl.gz"
    path.write_bytes(gzip.compress((FIXTURES / "records.jsonl").read_bytes()))
    results = list(iter_read(path))
    assert [type(r).__name__ for r in results] == ["Article", "Article", "ReadFailure", "ReadFailure", "ReadFailure"]
    assert results[1].source == f"{path}#2"


def test_the_byte_limit_comes_from_the_settings(monkeypatch):
    import slant
    from slant.errors import InputTooLargeError

    monkeypatch.setenv("SLANT_MAX_BYTES", "50")
    with pytest.raises(InputTooLargeError, match="limit"):
        slant.read(b"Some words of an article. " * 5)
    assert slant.read(b"Short article text.", max_bytes=1000).text


@pytest.mark.parametrize("name", ["page.html.gz", "records.jsonl.gz", "notes.txt.gz"])
@pytest.mark.parametrize("damage", ["truncated", "corrupt"])
def test_a_damaged_gzip_file_is_a_clear_failure_in_a_batch(tmp_path, name, damage):
    sentence = "Record {} says the market will stay open late on Fridays from next month, the council said."
    if name.startswith("records"):
        content = "".join(json.dumps({"text": sentence.format(n)}) + "\n" for n in range(3000))
    else:
        content = "\n\n".join(sentence.format(n) for n in range(3000))
    compressed = gzip.compress(content.encode())
    if damage == "truncated":
        compressed = compressed[: len(compressed) // 2]
    else:  # deflate data overwritten in the middle, header intact
        middle = len(compressed) // 2
        compressed = compressed[:middle] + bytes(64) + compressed[middle + 64 :]
    (tmp_path / name).write_bytes(compressed)
    (tmp_path / "ok.txt").write_text("The market will stay open late on Fridays from next month, the council said.\n")
    results = list(iter_read(tmp_path))
    failures = [r for r in results if isinstance(r, ReadFailure)]
    assert any(isinstance(r, Article) and r.source.endswith("ok.txt") for r in results)
    # Corrupt deflate data can decode to garbage records before gzip's checksum fails at the end.
    assert "could not gunzip" in failures[-1].error and "damaged or incomplete" in failures[-1].error
    assert not any("slant bug" in failure.error for failure in failures)
