"""The text of a stored analysis document as syndication reads it: normalised words and
sentences."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

# Chinese, Japanese and Korean write no spaces between words: each of their characters is a word.
_CJK = "\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_WORD = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+")


def words(text: str) -> list[str]:
    """The normalised words of ``text``: lower-cased, punctuation and spacing dropped; in Chinese,
    Japanese and Korean, single characters."""
    return _WORD.findall(text.lower())


def sentence_spans(document: dict[str, Any], text: str) -> list[tuple[int, int]]:
    """The document's ``sentences`` layer, else the sentences slant's segmenter finds in ``text``."""
    layers = document.get("layers") or {}
    spans = layers.get("sentences")
    if spans:
        return [(int(span["start"]), int(span["end"])) for span in spans]
    from slant.doc.article import Span
    from slant.ingest.segment import paragraph_spans
    from slant.ingest.segment import sentence_spans as segment_sentences

    paragraphs = [Span(int(p["start"]), int(p["end"])) for p in layers.get("paragraphs") or []]
    paragraphs = paragraphs or paragraph_spans(text)
    return [(span.start, span.end) for span in segment_sentences(text, paragraphs, document.get("language"))]


def site_of(document: dict[str, Any]) -> str | None:
    """The document's outlet as a key (``metadata.site``, else the host of its URL without
    ``www.``; case and spacing folded), or None when it names neither."""
    metadata = document.get("metadata") or {}
    site = " ".join(str(metadata.get("site") or "").split())
    if site:
        return site.casefold()
    try:
        host = urlsplit(str(metadata.get("url") or "")).hostname or ""
    except ValueError:  # a malformed URL names no host
        host = ""
    return host.lower().removeprefix("www.") or None
