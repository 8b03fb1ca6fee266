"""Request bodies into Articles, read exactly as ``slant analyze`` reads a file.

A JSON ``text`` or ``html`` field is read as the UTF-8 bytes of a ``.txt`` or ``.html`` file
would be, and an upload as its file, so the service's analysis document is the command line's
(its ``source`` is the upload's file name, or ``<request>``). An upload slant cannot decode
(binary data, a broken gzip) is a 415; a document that decodes but holds no article is a 422.
"""

from __future__ import annotations

import gzip
import io
import json
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from slant.api.errors import ApiError, UnreadableUpload, from_pydantic
from slant.api.models import LANGUAGE, ArticleInput, check_text
from slant.doc.article import Article
from slant.errors import BadInputError, InputTooLargeError, SlantError
from slant.ingest.reader import MULTI_DOCUMENT_KINDS, kind_of_path, read
from slant.settings import get_settings

REQUEST_SOURCE = "<request>"
_GZIP_MAGIC = b"\x1f\x8b"
_UNSAFE_NAME = re.compile(r"[^\w.\- ]+")

# The body types POST /api/v1/analyze takes, for its 415 message and the OpenAPI document.
ANALYZE_TYPES = ("application/json", "multipart/form-data", "application/x-www-form-urlencoded",
                 "text/plain", "text/html")


def upload_name(filename: str | None) -> str:
    """The base name of an uploaded file, without folders or characters that could mislead."""
    name = Path((filename or "").replace("\\", "/")).name
    return _UNSAFE_NAME.sub("_", name).strip()[:200] or "upload"


def parse_json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except UnicodeDecodeError:
        raise ApiError(422, "the body is not valid JSON (it is not UTF-8 text); send a JSON object such as "
                            '{"text": "..."}') from None
    except ValueError as exc:
        raise ApiError(422, f"the body is not valid JSON ({exc}); send a JSON object such as "
                            '{"text": "..."}') from None


def article_input(data: Any) -> ArticleInput:
    """A validated :class:`ArticleInput` from parsed JSON or form fields (422 when it is not one)."""
    if not isinstance(data, dict):
        raise ApiError(422, f"the body must be a JSON object such as {{\"text\": \"...\"}}, not {type(data).__name__}")
    try:
        return ArticleInput.model_validate(data)
    except ValidationError as exc:
        raise from_pydantic(exc) from None


def read_input(document: ArticleInput, source: str = REQUEST_SOURCE) -> Article:
    """The article of a JSON or form request (the bytes of a ``.txt`` or ``.html`` file)."""
    content, kind = (document.text, "text") if document.text is not None else (document.html, "html")
    assert content is not None
    try:
        article = _read(content.encode("utf-8"), kind, document.url, document.language, document.title)
    except ApiError as exc:
        exc.message = exc.message.replace("<bytes>", source, 1)
        raise
    article.source = source
    return article


def read_upload(data: bytes, filename: str | None, *, url: str | None = None, language: str | None = None,
                title: str | None = None, media_type: str | None = None) -> Article:
    """The article of an uploaded file (or a raw ``text/plain`` / ``text/html`` body), read as
    ``slant analyze`` reads that file: its kind from its name, else from its content."""
    name = upload_name(filename) if filename else REQUEST_SOURCE
    kind = kind_of_path(Path(name)) if filename else None
    if kind is None and media_type in ("text/plain", "text/html"):
        kind = "text" if media_type == "text/plain" else "html"
    if kind in MULTI_DOCUMENT_KINDS:
        raise UnreadableUpload(f"{name}: a {kind.upper()} file holds many documents; add it to the corpus with "
                               "POST /api/v1/articles/batch (one job for all its documents)")
    for value, what in ((url, "url"), (title, "title")):
        try:
            check_text(value, what)
        except ValueError as exc:
            raise ApiError(422, str(exc)) from None
    if language is not None and not LANGUAGE.match(language):
        raise ApiError(422, f"lang {language!r} is not a language code; use a code such as en, ru, de, fr, it or pl")
    language = None if language == "auto" else language
    if not data.strip():
        raise ApiError(422, f"{name} is empty; send the article's text or page")
    try:
        article = _read(data, kind, url, language, title)
    except ApiError as exc:
        exc.message = exc.message.replace("<bytes>", name, 1)
        raise
    article.source = name
    return article


def _read(data: bytes, kind: str | None, url: str | None, language: str | None, title: str | None) -> Article:
    try:
        return read(data, kind=kind, url=url, language=language, title=title)
    except InputTooLargeError as exc:
        raise ApiError(413, str(exc)) from None
    except BadInputError as exc:
        if _undecodable(data):
            raise UnreadableUpload(f"{exc}") from None
        raise ApiError(422, str(exc)) from None
    except SlantError as exc:
        raise ApiError(422, str(exc)) from None


def _undecodable(data: bytes) -> bool:
    """Whether ``data`` is not text at all (binary, or a gzip stream that does not open)."""
    from slant.ingest.encoding import decode

    if data[:2] == _GZIP_MAGIC:
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as unzipped:
                data = unzipped.read(get_settings().max_bytes)
        except (OSError, EOFError):
            return True
    try:
        decode(data)
    except SlantError:
        return True
    return False
