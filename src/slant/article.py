"""The document model: one normalised text, and layers of half-open character spans over it.

Every span in slant is ``(start, end)`` into ``Article.text``; the words a span covers are
always ``article.text[span.start:span.end]``. Text is stored once: spans never copy it, and
the title is a span too. Lines that ingestion dropped are kept in ``removed`` with a reason,
so nothing disappears silently.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = "1.0"


class SlantError(Exception):
    """An input or configuration problem the user can fix; the message says what and how."""


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` of ``Article.text`` with an optional label.

    ``score`` is a confidence in [0, 1] where a model produced the span; ``attrs`` carries
    small JSON-able extras (e.g. ``{"model": "techniques-e5-lora"}``).
    """

    start: int
    end: int
    label: str | None = None
    score: float | None = None
    attrs: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if not (0 <= self.start <= self.end):
            raise ValueError(f"invalid span [{self.start}, {self.end}): need 0 <= start <= end")

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"start": self.start, "end": self.end}
        if self.label is not None:
            out["label"] = self.label
        if self.score is not None:
            out["score"] = round(float(self.score), 4)
        if self.attrs:
            out["attrs"] = dict(self.attrs)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Span:
        return cls(
            int(data["start"]),
            int(data["end"]),
            data.get("label"),
            data.get("score"),
            dict(data.get("attrs") or {}),
        )


@dataclass(slots=True)
class Removed:
    """A piece of the input that ingestion left out of ``text``, and why."""

    text: str
    reason: str
    line: int | None = None  # 1-based line of the (decoded) input where it stood, when known

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text, "reason": self.reason}
        if self.line is not None:
            out["line"] = self.line
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Removed:
        return cls(data["text"], data["reason"], data.get("line"))


@dataclass(slots=True)
class Metadata:
    url: str | None = None
    site: str | None = None
    published: str | None = None  # ISO 8601 date or datetime, as found
    authors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"url": self.url, "site": self.site, "published": self.published, "authors": list(self.authors)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Metadata:
        return cls(data.get("url"), data.get("site"), data.get("published"), list(data.get("authors") or []))


def text_id(text: str) -> str:
    """Stable article id: the first 16 hex digits of the SHA-256 of the normalised text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True)
class Article:
    """One article: normalised ``text``, its layers of spans, article-level labels and provenance.

    Layers are named lists of :class:`Span` kept sorted by ``(start, end)``. Standard layer
    names: ``paragraphs``, ``sentences``, ``techniques`` (span findings),
    ``paragraph_techniques`` (one span per paragraph and technique). ``labels`` holds
    article-level results, e.g. ``{"genre": {...}, "frames": [...]}``.
    """

    text: str
    source: str = "<string>"
    title_span: Span | None = None
    language: str | None = None
    metadata: Metadata = field(default_factory=Metadata)
    layers: dict[str, list[Span]] = field(default_factory=dict)
    labels: dict[str, Any] = field(default_factory=dict)
    removed: list[Removed] = field(default_factory=list)
    # How the text was obtained (reader name, encoding, …); small and JSON-able.
    provenance: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return text_id(self.text)

    @property
    def title(self) -> str | None:
        if self.title_span is None:
            return None
        return self.text[self.title_span.start : self.title_span.end]

    @property
    def paragraphs(self) -> list[Span]:
        return self.layers.get("paragraphs", [])

    @property
    def sentences(self) -> list[Span]:
        return self.layers.get("sentences", [])

    def span_text(self, span: Span) -> str:
        return self.text[span.start : span.end]

    def set_layer(self, name: str, spans: Iterable[Span]) -> list[Span]:
        """Replace a layer, checking every span lies inside the text."""
        ordered = sorted(spans, key=lambda s: (s.start, s.end, s.label or ""))
        limit = len(self.text)
        for span in ordered:
            if span.end > limit:
                raise ValueError(f"span [{span.start}, {span.end}) of layer {name!r} is past the text end ({limit})")
        self.layers[name] = ordered
        return ordered

    def iter_layer(self, name: str, within: Span | None = None) -> Iterator[Span]:
        for span in self.layers.get(name, []):
            if within is None or within.contains(span):
                yield span

    def paragraph_of(self, offset: int) -> int | None:
        """Index in ``paragraphs`` of the paragraph holding character ``offset``."""
        for index, para in enumerate(self.paragraphs):
            if para.start <= offset < para.end:
                return index
        return None

    @property
    def word_count(self) -> int:
        return len(self.text.split())

    # -- serialisation -------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "id": self.id,
            "source": self.source,
            "title": self.title,
            "title_span": self.title_span.to_dict() if self.title_span else None,
            "language": self.language,
            "metadata": self.metadata.to_dict(),
            "text": self.text,
            "layers": {name: [s.to_dict() for s in spans] for name, spans in self.layers.items()},
            "labels": self.labels,
            "removed": [r.to_dict() for r in self.removed],
            "provenance": self.provenance,
        }

    def to_json(self, **kwargs: Any) -> str:
        kwargs.setdefault("ensure_ascii", False)
        return json.dumps(self.to_dict(), **kwargs)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        version = str(data.get("schema_version", ""))
        if version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
            raise SlantError(
                f"article JSON has schema_version {version!r}; this slant reads {SCHEMA_VERSION}. "
                "Re-run `slant extract` with this version to regenerate it."
            )
        title_span = data.get("title_span")
        article = cls(
            text=data["text"],
            source=data.get("source", "<string>"),
            title_span=Span.from_dict(title_span) if title_span else None,
            language=data.get("language"),
            metadata=Metadata.from_dict(data.get("metadata") or {}),
            labels=dict(data.get("labels") or {}),
            removed=[Removed.from_dict(r) for r in data.get("removed") or []],
            provenance=dict(data.get("provenance") or {}),
        )
        for name, spans in (data.get("layers") or {}).items():
            article.set_layer(name, (Span.from_dict(s) for s in spans))
        if "id" in data and data["id"] != article.id:
            raise SlantError(f"article JSON id {data['id']!r} does not match its text (expected {article.id!r})")
        return article

    @classmethod
    def from_json(cls, payload: str) -> Article:
        return cls.from_dict(json.loads(payload))
