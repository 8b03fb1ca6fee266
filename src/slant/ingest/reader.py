"""Read any news input into a clean, offset-exact :class:`~slant.doc.article.Article`.

Inputs: HTML pages, plain-text scrapes, WARC crawls, JSONL records, JSON files (one record or
an array of them), folders of them, any of these gzipped. :func:`read` reads one document; :func:`iter_read` reads a batch and never
stops on a broken input: it yields a :class:`ReadFailure` for it and goes on.

Every article is assembled the same way: ``text`` is the title, a blank line, then the body
paragraphs separated by blank lines (no title: just the paragraphs); ``title_span`` covers
the title; ``paragraphs`` and ``sentences`` layers come from :mod:`slant.ingest.segment`.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import os
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from slant.doc.article import Article, Metadata, Removed, Span
from slant.errors import BadInputError, InputTooLargeError, SlantError
from slant.ingest.markup import markup_start
from slant.ingest.scrape_cleaner import clean_text
from slant.ingest.segment import segment
from slant.settings import get_settings

logger = logging.getLogger(__name__)

KINDS = ("html", "text", "warc", "jsonl", "json")
MULTI_DOCUMENT_KINDS = ("warc", "jsonl", "json")

_SUFFIX_KINDS = {
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html", ".php": "html", ".asp": "html",
    ".aspx": "html",
    ".txt": "text", ".text": "text", ".md": "text",
    ".warc": "warc",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".json": "json",
}
# The first element of an HTML page (after what markup_start skips).
_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body|meta|title|article|div|p)\b", re.IGNORECASE)
_HTML_TAGS = re.compile(r"<(?:html|body|head)\b[^>]*>", re.IGNORECASE)
_GZIP_MAGIC = b"\x1f\x8b"
# What gzip raises on damaged data: a bad header (BadGzipFile, an OSError), a truncated stream
# (EOFError) or corrupt deflate data (zlib.error).
_GZIP_ERRORS = (gzip.BadGzipFile, EOFError, zlib.error)
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """An input of a batch that could not be read, and a one-line message saying why."""

    source: str
    error: str

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "error": self.error}


# -- kinds and sniffing ------------------------------------------------------------------


def looks_like_html(text: str) -> bool:
    """Whether decoded input is an HTML page rather than plain text."""
    head = text[:4096]
    return bool(_HTML_START.match(head, markup_start(head)) or _HTML_TAGS.search(head))


def kind_of_path(path: Path) -> str | None:
    """Input kind named by the file's suffix (``.gz`` looked through), or None if it says nothing."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return _SUFFIX_KINDS.get(suffixes[-1]) if suffixes else None


def _sniff_kind(data: bytes) -> str:
    head = data[:4096].lstrip()
    if head.startswith(b"WARC/"):
        return "warc"
    if head.startswith(b"{"):
        first_line = head.split(b"\n", 1)[0]
        try:
            record = json.loads(first_line)
        except ValueError:
            record = None
        if isinstance(record, dict) and ("html" in record or "text" in record):
            return "jsonl"
    return "html" if looks_like_html(head.decode("latin-1")) else "text"


def _size_error(source: str, size: int, max_bytes: int) -> InputTooLargeError:
    return InputTooLargeError(
        f"{source}: input is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:g} MB limit; raise it with "
        f"--max-bytes (read(..., max_bytes=...)) if this really is one article, or split the input"
    )


def _read_limited(path: Path, max_bytes: int) -> bytes:
    """The file's bytes (gunzipped if gzipped), refusing more than ``max_bytes`` without reading them all."""
    with path.open("rb") as raw:
        magic = raw.read(2)
        raw.seek(0)
        if magic != _GZIP_MAGIC:
            size = os.fstat(raw.fileno()).st_size
            if size > max_bytes:
                raise _size_error(str(path), size, max_bytes)
            return raw.read()
        return _gunzip_limited(raw, f"{path}", "the .gz file", max_bytes)


# -- one document ------------------------------------------------------------------------


def read(
    source: str | os.PathLike[str] | bytes,
    *,
    kind: str | None = None,
    url: str | None = None,
    language: str | None = None,
    max_bytes: int | None = None,
    title: str | None = None,
) -> Article:
    """Read one document. A ``str`` or ``bytes`` is the document itself (HTML or plain text),
    never a file name: a service may pass request bodies here. A file is an ``os.PathLike``
    (:class:`pathlib.Path`).

    ``kind`` ("html" or "text") overrides detection. WARC and JSONL hold many documents:
    use :func:`iter_read` for them. ``title`` (e.g. from a JSONL record) is used when given.
    """
    max_bytes = max_bytes or get_settings().max_bytes
    if kind is not None and kind not in KINDS:
        raise BadInputError(f"unknown input kind {kind!r}; use one of: {', '.join(KINDS)}")
    name = "<bytes>" if isinstance(source, bytes) else "<string>"
    data: bytes | None = None
    text: str | None = None
    encoding: str | None = None
    if isinstance(source, bytes):
        data = source
    elif isinstance(source, os.PathLike):
        path = Path(source)
        name = str(path)
        if not path.exists():
            raise BadInputError(f"{path}: no such file; check the path")
        if path.is_dir():
            raise BadInputError(f"{path}: is a folder; use iter_read (or `slant extract`) to read folders")
        kind = kind or kind_of_path(path)
        if kind in MULTI_DOCUMENT_KINDS:
            raise _multi_document_error(name, kind)
        data = _read_limited(path, max_bytes)
    elif isinstance(source, str):
        text = source
        if len(text) > max_bytes:
            raise _size_error(name, len(text), max_bytes)
    else:
        raise BadInputError(
            f"cannot read a {type(source).__name__}: pass the document as str or bytes, or a pathlib.Path to a file"
        )

    if data is not None:
        if data[:2] == _GZIP_MAGIC:
            data = _gunzip_bytes(data, name, max_bytes)
        if len(data) > max_bytes:
            raise _size_error(name, len(data), max_bytes)
        kind = kind or _sniff_kind(data)
        if kind in MULTI_DOCUMENT_KINDS:
            raise _multi_document_error(name, kind)
        from slant.ingest.encoding import decode

        try:
            text, encoding = decode(data)
        except SlantError as exc:
            raise BadInputError(f"{name}: {exc}") from exc
    assert text is not None
    kind = kind or ("html" if looks_like_html(text) else "text")
    if kind in MULTI_DOCUMENT_KINDS:
        raise _multi_document_error(name, kind)
    return _build(text, kind=kind, source=name, url=url, language=language, encoding=encoding, title=title)


def read_stdin(*, url: str | None = None, language: str | None = None,
               max_bytes: int | None = None) -> Article:
    """One document (an HTML page or text) from standard input: ``-`` on the command line."""
    max_bytes = max_bytes or get_settings().max_bytes
    import sys

    data = sys.stdin.buffer.read(max_bytes + 1)
    try:
        article = read(data, url=url, language=language, max_bytes=max_bytes)
    except SlantError as exc:
        raise BadInputError(str(exc).replace("<bytes>", "<stdin>", 1)) from exc
    article.source = "<stdin>"
    return article


def _multi_document_error(name: str, kind: str) -> BadInputError:
    return BadInputError(
        f"{name}: a {kind.upper()} file holds many documents; read it with slant.ingest.reader.iter_read "
        "(or `slant extract`), which yields one article per document"
    )


def _gunzip_bytes(data: bytes, name: str, max_bytes: int) -> bytes:
    return _gunzip_limited(io.BytesIO(data), name, "the data", max_bytes)


def _gunzip_limited(compressed, name: str, what: str, max_bytes: int) -> bytes:
    """Gunzip in chunks, refusing more than ``max_bytes`` of output (a gzip bomb stops early)."""
    chunks: list[bytes] = []
    total = 0
    try:
        with gzip.GzipFile(fileobj=compressed) as unzipped:
            while chunk := unzipped.read(_CHUNK):
                total += len(chunk)
                if total > max_bytes:
                    raise _size_error(f"{name} (gunzipped)", total, max_bytes)
                chunks.append(chunk)
    except (OSError, *_GZIP_ERRORS) as exc:
        raise BadInputError(_gunzip_failure(name, exc, what)) from exc
    return b"".join(chunks)


def _build(
    text: str,
    *,
    kind: str,
    source: str,
    url: str | None,
    language: str | None,
    encoding: str | None,
    title: str | None = None,
    provenance: dict[str, Any] | None = None,
) -> Article:
    provenance = {"reader": kind, **({"encoding": encoding} if encoding else {}), **(provenance or {})}
    if kind == "html":
        from slant.ingest.html import extract

        try:
            page = extract(text, url, language=language)
        except SlantError as exc:
            raise BadInputError(f"{source}: {exc}") from exc
        provenance["extraction"] = page.mode
        found_title = _normalize(page.title) if page.title else None
        paragraphs = [_normalize(p) for p in page.paragraphs]
        metadata, removed = page.metadata, list(page.removed)
    else:
        found_title, paragraphs, removed, named_url = _clean_plain_text(_unescape_entities(text), language)
        url = url or named_url
        metadata = Metadata(url=url, site=_site(url))
    if title:
        title = _normalize(title)
        # A record's own title wins; the body must not start with it again.
        if found_title and found_title != title and paragraphs and paragraphs[0] == title:
            paragraphs = paragraphs[1:]
        found_title = title
    if metadata.site is None:
        metadata.site = _site(metadata.url)
    return assemble(
        found_title, paragraphs, source=source, metadata=metadata, removed=removed,
        language=language, provenance=provenance,
    )


def _normalize(text: str) -> str:
    from slant.ingest.normalize import normalize_text

    return normalize_text(text)


# Entities with their semicolon only: html.unescape alone also expands legacy forms without one
# ("&not" in "&notice"), which plain text may hold as letters.
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")


def _unescape_entities(text: str) -> str:
    """Scrapes copied from a page's source carry HTML entities ("&amp;", "&#8217;", "&nbsp;");
    the reader of the page saw the characters."""
    import html

    return _ENTITY.sub(lambda match: html.unescape(match.group()), text)


def _clean_plain_text(text: str, language: str | None) -> tuple[str | None, list[str], list[Removed], str | None]:
    # clean_text normalises line by line itself, so the line numbers in `removed` are the input's.
    cleaned = clean_text(text, language=language)
    return cleaned.title, list(cleaned.paragraphs), list(cleaned.removed), cleaned.url


def _site(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname
    if host and host.startswith("www."):
        host = host[4:]
    return host or None


def assemble(
    title: str | None,
    paragraphs: Iterable[str],
    *,
    source: str = "<string>",
    metadata: Metadata | None = None,
    removed: list[Removed] | None = None,
    language: str | None = None,
    provenance: dict[str, Any] | None = None,
) -> Article:
    """Build the article: title + blank line + paragraphs joined by blank lines, then segment it.

    Paragraph strings that contain line breaks become one paragraph per line, since a line is
    a paragraph in slant's text layout.
    """
    title = " ".join(title.split()) if title else None
    body_lines = [line.strip() for paragraph in paragraphs for line in paragraph.split("\n") if line.strip()]
    if not title and not body_lines:
        raise BadInputError(f"{source}: found no article text in it; check that the input is a news article")
    body = "\n\n".join(body_lines)
    text = f"{title}\n\n{body}" if title and body else (title or body)
    provenance = dict(provenance or {})
    if language is None:
        from slant.ingest.language import detect

        language, confidence = detect(body or text)
        if language is not None:
            provenance["language_confidence"] = round(confidence, 4)
    article = Article(
        text=text,
        source=source,
        title_span=Span(0, len(title)) if title else None,
        language=language,
        metadata=metadata or Metadata(),
        removed=list(removed or []),
        provenance=provenance,
    )
    return _segment(article)


def _segment(article: Article) -> Article:
    return segment(article)


# -- batches -----------------------------------------------------------------------------


def _is_hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def expand_paths(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Input files in reading order: folders walked recursively (sorted; hidden entries, files of
    unknown kind and .json files skipped); named files kept as given, even missing ones."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    files: list[Path] = []
    for item in paths:
        path = Path(item)
        if not path.is_dir():
            files.append(path)
            continue
        for child in sorted(path.rglob("*")):
            if child.is_file() and not _is_hidden(child, path):
                kind = kind_of_path(child)
                if kind is None:
                    logger.debug("%s: not a known input kind; skipped", child)
                    continue
                if kind == "json":  # in a folder, more often an output (slant's own reports) than an input
                    logger.debug("%s: .json files in a folder are read only when named; skipped", child)
                    continue
                files.append(child)
    return files


def iter_read(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    language: str | None = None,
    max_bytes: int | None = None,
) -> Iterator[Article | ReadFailure]:
    """Read many inputs; yield an Article per document, or a ReadFailure, never raising for one."""
    max_bytes = max_bytes or get_settings().max_bytes
    for path in expand_paths(paths):
        yield from iter_file(path, language=language, max_bytes=max_bytes)


def iter_file(path: Path, *, language: str | None = None, max_bytes: int | None = None) -> Iterator[Article | ReadFailure]:
    """The documents of one input file (many for WARC and JSONL)."""
    max_bytes = max_bytes or get_settings().max_bytes
    name = str(path)
    try:
        if not path.exists():
            raise BadInputError(f"{name}: no such file or folder; check the path")
        kind = kind_of_path(path) or sniff_file_kind(path)
        if kind == "warc":
            yield from _iter_warc(path, language, max_bytes)
        elif kind == "jsonl":
            yield from _iter_jsonl(path, language, max_bytes)
        elif kind == "json":
            yield from _iter_json(path, language, max_bytes)
        else:
            yield read(path, kind=kind, language=language, max_bytes=max_bytes)
    except SlantError as exc:
        yield ReadFailure(name, str(exc))
    except _GZIP_ERRORS as exc:  # raised while streaming a damaged .gz (records before it were read)
        yield ReadFailure(name, _gunzip_failure(name, exc))
    except Exception as exc:  # one broken input must not stop a batch
        logger.debug("unexpected failure on %s", name, exc_info=True)
        yield ReadFailure(name, f"{name}: unexpected {type(exc).__name__}: {exc} (a slant bug; please report it)")


def sniff_file_kind(path: Path) -> str:
    """Input kind of a file from its first bytes (gunzipped if need be)."""
    try:
        with _open_maybe_gzip(path) as stream:
            return _sniff_kind(stream.read(4096))
    except _GZIP_ERRORS as exc:
        raise BadInputError(_gunzip_failure(str(path), exc)) from exc


def _gunzip_failure(name: str, exc: BaseException, what: str = "the .gz file") -> str:
    return f"{name}: could not gunzip it ({exc}); {what} is damaged or incomplete: re-download or re-compress it"


def _open_maybe_gzip(path: Path):
    raw = path.open("rb")
    magic = raw.read(2)
    raw.seek(0)
    return gzip.GzipFile(fileobj=raw) if magic == _GZIP_MAGIC else raw


def _guarded(source: str, build) -> Article | ReadFailure:
    try:
        return build()
    except SlantError as exc:
        return ReadFailure(source, str(exc))
    except Exception as exc:  # one broken record must not stop the file
        logger.debug("unexpected failure on %s", source, exc_info=True)
        return ReadFailure(source, f"{source}: unexpected {type(exc).__name__}: {exc} (a slant bug; please report it)")


def _iter_warc(path: Path, language: str | None, max_bytes: int) -> Iterator[Article | ReadFailure]:
    from slant.ingest.encoding import decode
    from slant.ingest.warc import iter_pages

    for page in iter_pages(path, max_bytes=max_bytes):
        source = f"{path}#{page.record}"

        def build(page=page, source=source) -> Article:
            try:
                text, encoding = decode(page.body, page.content_type)
            except SlantError as exc:
                raise BadInputError(f"{source}: {exc}") from exc
            provenance = {"warc_date": page.date} if page.date else {}
            return _build(text, kind="html", source=source, url=page.url, language=language,
                          encoding=encoding, provenance=provenance)

        yield _guarded(source, build)


def _iter_jsonl(path: Path, language: str | None, max_bytes: int) -> Iterator[Article | ReadFailure]:
    with _open_maybe_gzip(path) as stream:
        number = 0
        while True:
            line = stream.readline(max_bytes + 1)
            if not line:
                break
            number += 1
            source = f"{path}#{number}"
            if len(line) > max_bytes and not line.endswith(b"\n"):
                # Skip the rest of the oversized record without holding it in memory.
                while (rest := stream.readline(_CHUNK)) and not rest.endswith(b"\n"):
                    pass
                yield ReadFailure(source, str(_size_error(source, len(line), max_bytes)))
                continue
            if not line.strip():
                continue
            yield _guarded(source, lambda line=line, source=source: _jsonl_record(line, source, language))


def _jsonl_record(line: bytes, source: str, language: str | None) -> Article:
    try:
        record = json.loads(line)
    except ValueError as exc:
        raise BadInputError(f"{source}: not valid JSON ({exc}); each line must be one JSON object") from exc
    return _record_article(record, source, language)


def _iter_json(path: Path, language: str | None, max_bytes: int) -> Iterator[Article | ReadFailure]:
    """A JSON file: one record object, or an array of them (each read like a JSONL line)."""
    try:
        document = json.loads(_read_limited(path, max_bytes))
    except ValueError as exc:
        raise BadInputError(f"{path}: not valid JSON ({exc}); a .json input is one record object or an array "
                         "of them (for one object a line, name it .jsonl)") from exc
    if isinstance(document, dict):
        yield _guarded(str(path), lambda: _record_article(document, str(path), language))
        return
    if not isinstance(document, list):
        raise BadInputError(f"{path}: a .json input must be a record object or an array of them, not a {type(document).__name__}")
    for number, record in enumerate(document, start=1):
        source = f"{path}#{number}"
        yield _guarded(source, lambda record=record, source=source: _record_article(record, source, language))


def _record_article(record: Any, source: str, language: str | None) -> Article:
    if not isinstance(record, dict):
        raise BadInputError(f"{source}: a record must be a JSON object with an \"html\" or \"text\" field")
    url = record.get("url") if isinstance(record.get("url"), str) else None
    title = record.get("title") if isinstance(record.get("title"), str) else None
    record_language = record.get("language") if isinstance(record.get("language"), str) else None
    if isinstance(record.get("html"), str):
        content, kind = record["html"], "html"
    elif isinstance(record.get("text"), str):
        content, kind = record["text"], "text"
    else:
        raise BadInputError(f"{source}: the record has no \"html\" or \"text\" string field; add one")
    return _build(content, kind=kind, source=source, url=url, language=language or record_language,
                  encoding=None, title=title)
