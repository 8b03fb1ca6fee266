"""HTML pages out of WARC crawls (plain or gzipped), read with fastwarc.

:func:`iter_pages` yields one :class:`WarcPage` per HTML ``response`` (or ``resource``)
record with a 2xx status. A truncated crawl yields the pages read so far and then raises
:class:`~slant.doc.article.SlantError` saying where it broke, so a batch reader can report the
rest as one failure and go on.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from slant.errors import BadInputError, SlantError

logger = logging.getLogger(__name__)

_HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(slots=True)
class WarcPage:
    """One HTML page from a crawl: the payload bytes and what the record says about them."""

    record: int  # 1-based number of the record in the file, counting every record
    url: str | None
    date: str | None  # WARC-Date: when it was crawled
    content_type: str | None  # the HTTP Content-Type header (may carry the charset)
    body: bytes


def _is_html(content_type: str | None, body: bytes) -> bool:
    if content_type:
        return any(kind in content_type.lower() for kind in _HTML_TYPES)
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


def iter_pages(path: str | Path, *, max_bytes: int | None = None) -> Iterator[WarcPage]:
    """Yield the HTML pages of a WARC file; raise :class:`SlantError` if it is cut short.

    Records whose payload is over ``max_bytes`` are skipped with a warning (a page that big
    is not an article, and reading it would cost the memory the limit protects).
    """
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    path = Path(path)
    wanted = WarcRecordType.response | WarcRecordType.resource
    number = 0
    try:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream, parse_http=True):
                number += 1
                if not record.record_type & wanted:
                    continue
                http = record.http_headers
                status = http.status_code if http is not None else None
                if status is not None and not 200 <= status < 300:
                    logger.debug("%s#%d: HTTP %s, skipped", path, number, status)
                    continue
                declared_length = record.content_length
                if max_bytes is not None and declared_length > max_bytes:
                    logger.warning(
                        "%s#%d: payload of %d bytes is over the %d-byte limit (--max-bytes); skipped",
                        path, number, declared_length, max_bytes,
                    )
                    continue
                body = record.reader.read()
                if len(body) < declared_length:
                    raise BadInputError(
                        f"{path}: the WARC file is truncated inside record {number}; "
                        f"the {number - 1} record(s) before it were read. Re-download or re-crawl the file"
                    )
                content_type = http.get("Content-Type") if http is not None else None
                if not content_type:
                    content_type = record.headers.get("Content-Type")
                    if content_type and "application/http" in content_type:
                        content_type = None
                if not _is_html(content_type, body):
                    continue
                yield WarcPage(
                    record=number,
                    url=record.headers.get("WARC-Target-URI"),
                    date=record.headers.get("WARC-Date"),
                    content_type=content_type,
                    body=body,
                )
    except SlantError:
        raise
    except (OSError, ValueError, RuntimeError) as exc:
        raise BadInputError(
            f"{path}: could not read the WARC file after record {number} ({exc}); "
            "check that it is a complete WARC or WARC.gz file"
        ) from exc
    if number == 0:
        raise BadInputError(f"{path}: no WARC records found; check that it is a WARC or WARC.gz file")
