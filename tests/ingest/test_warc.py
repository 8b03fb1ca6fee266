import io
from pathlib import Path

import pytest

from slant.errors import SlantError
from slant.ingest.warc import iter_pages

warcio = pytest.importorskip("warcio", reason="warcio (dev dependency) writes the test crawls")

PAGE = (
    "<html><head><title>{title}</title></head><body><article>"
    "<p>{title}: the regional parliament debated the water tariff for three hours on Thursday night.</p>"
    "<p>Members of the opposition walked out before the vote, calling the increase unfair to farmers.</p>"
    "</article></body></html>"
)


def write_warc(path: Path, *, gzip: bool, pages: int = 3, extra: bool = True) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "slant tests"}))
    for number in range(pages):
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        body = PAGE.format(title=f"Story {number}").encode()
        writer.write_record(writer.create_warc_record(
            f"https://news.example/{number}", "response", payload=io.BytesIO(body), http_headers=http))
    if extra:
        image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "https://news.example/logo.png", "response", payload=io.BytesIO(b"\x89PNG\r\n\x1a\n"), http_headers=image))
        gone = StatusAndHeaders("404 Not Found", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "https://news.example/gone", "response", payload=io.BytesIO(b"<html>gone</html>"), http_headers=gone))
    data = buffer.getvalue()
    path.write_bytes(data)
    return data


@pytest.mark.parametrize("gzip", [False, True], ids=["warc", "warc.gz"])
def test_html_responses_come_out_with_url_date_and_record_number(tmp_path, gzip):
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    write_warc(path, gzip=gzip)
    pages = list(iter_pages(path))
    assert [p.url for p in pages] == [f"https://news.example/{n}" for n in range(3)]
    assert [p.record for p in pages] == [2, 3, 4]  # record 1 is the warcinfo
    assert all(p.date and p.date.startswith("20") for p in pages)
    assert b"Story 1: the regional parliament" in pages[1].body
    assert pages[0].content_type == "text/html; charset=utf-8"


@pytest.mark.parametrize("gzip", [False, True], ids=["warc", "warc.gz"])
def test_truncated_crawl_gives_pages_read_so_far_then_an_error(tmp_path, gzip):
    path = tmp_path / "cut.warc"
    data = write_warc(path, gzip=gzip, extra=False)
    path.write_bytes(data[: len(data) - 60])
    pages = []
    with pytest.raises(SlantError, match="truncated|could not read"):
        for page in iter_pages(path):
            pages.append(page)
    assert [p.url for p in pages] == ["https://news.example/0", "https://news.example/1"]


def test_not_a_warc_file(tmp_path):
    path = tmp_path / "fake.warc"
    path.write_text("this is not a crawl\n")
    with pytest.raises(SlantError, match="could not read the WARC file after record 0"):
        list(iter_pages(path))
