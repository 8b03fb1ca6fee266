"""The document model: one normalised text, and layers of half-open character spans over it.

Every span in slant is ``(start, end)`` into ``Article.text``; the words a span covers are
always ``article.text[span.start:span.end]``. Text is stored once: spans never copy it, and
the title is a span too. Lines that ingestion dropped are kept in ``removed`` with a reason,
so nothing disappears silently.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from slant.doc import taxonomy
from slant.errors import BadInputError

log = logging.getLogger(__name__)

# The document form's version: a new minor version only adds (layers, fields); readers of the
# same major version read it. See doc/schema/analysis.schema.json.
SCHEMA_VERSION = "2.2"


@dataclass(frozen=True, slots=True)
class Link:
    """A typed reference from one span to another by id: a quote to its ``speaker``, a copy to
    its ``original``, an attribution's content to its ``source``."""

    type: str
    target: str

    def to_dict(self) -> dict[str, str]:
        return {"type": self.type, "target": self.target}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Link:
        return cls(str(data["type"]), str(data["target"]))


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` of ``Article.text`` with an optional label.

    ``score`` is a confidence in [0, 1] where a model produced the span; ``attrs`` carries
    small JSON-able extras (e.g. ``{"model": "techniques"}``). A span that others refer to has
    an ``id`` (unique within its article); ``links`` point from it to other spans' ids.
    """

    start: int
    end: int
    label: str | None = None
    score: float | None = None
    attrs: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    id: str | None = field(default=None, compare=False)
    links: tuple[Link, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        if not (0 <= self.start <= self.end):
            raise ValueError(f"invalid span [{self.start}, {self.end}): need 0 <= start <= end")

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def linked(self, link_type: str) -> list[str]:
        """Ids this span links to with links of ``link_type``."""
        return [link.target for link in self.links if link.type == link_type]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"start": self.start, "end": self.end}
        if self.label is not None:
            out["label"] = self.label
        if self.score is not None:
            out["score"] = round(float(self.score), 4)
        if self.id is not None:
            out["id"] = self.id
        if self.links:
            out["links"] = [link.to_dict() for link in self.links]
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
            data.get("id"),
            tuple(Link.from_dict(link) for link in data.get("links") or ()),
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
    def body(self) -> str:
        """The article's text without its headline: what article-body extractors return.

        ``text`` keeps the headline (at ``title_span``) because the headline is analysed too;
        ``body`` is computed from it, never stored.
        """
        if self.title_span is None:
            return self.text.strip()
        before = self.text[: self.title_span.start].strip()
        after = self.text[self.title_span.end :].strip()
        return f"{before}\n\n{after}" if before and after else before or after

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
        return paragraph_index(self, offset)

    @property
    def word_count(self) -> int:
        return count_words(self.text)

    # -- the document form --------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The article as a slant document (``kind`` ``slant.article``); see :func:`document`."""
        return document(self, ARTICLE_KIND)

    def to_json(self, **kwargs: Any) -> str:
        kwargs.setdefault("ensure_ascii", False)
        return json.dumps(self.to_dict(), **kwargs)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """An Article from a slant document of either kind (an analysis keeps its layers and
        labels; its summary and notes are :class:`slant.Analysis`'s to read)."""
        check_version(data)
        title_span = data.get("title_span")
        provenance = data.get("provenance") or {}
        article = cls(
            text=data["text"],
            source=data.get("source", "<string>"),
            title_span=Span.from_dict(title_span) if title_span else None,
            language=data.get("language"),
            metadata=Metadata.from_dict(data.get("metadata") or {}),
            labels=dict(data.get("labels") or {}),
            removed=[Removed.from_dict(r) for r in data.get("removed") or []],
            provenance=dict(provenance.get("reader") or {}),
        )
        for name, spans in (data.get("layers") or {}).items():
            article.set_layer(name, (Span.from_dict(s) for s in spans))
        for codec in _CODECS.values():
            if codec.key in data:
                decoded: dict[str, list[Span]] = {codec.layer: []}
                for item in data[codec.key]:
                    for layer, span in codec.decode(item):
                        decoded.setdefault(layer, []).append(span)
                for layer, spans in decoded.items():
                    article.set_layer(layer, spans)
        if "id" in data and data["id"] != article.id:
            raise BadInputError(f"document id {data['id']!r} does not match its text (expected {article.id!r})")
        return article

    @classmethod
    def from_json(cls, payload: str) -> Article:
        return cls.from_dict(json.loads(payload))


# -- the document form: one JSON shape for an article, extracted or analysed ----------------

ARTICLE_KIND = "slant.article"
ANALYSIS_KIND = "slant.analysis"


@dataclass(frozen=True)
class LayerCodec:
    """How one Article layer is written in a document: as a list under its own key, one object
    per span (``encode`` returns None to leave a span out), and read back (``decode`` yields
    ``(layer, span)`` pairs, so one object may restore spans of several linked layers)."""

    layer: str
    key: str
    encode: Callable[[Article, Span], dict[str, Any] | None]
    decode: Callable[[dict[str, Any]], Iterable[tuple[str, Span]]]
    # Layers this codec writes besides ``layer`` (linked spans), kept out of ``layers``.
    also_covers: tuple[str, ...] = ()


_CODECS: dict[str, LayerCodec] = {}


def register_layer(codec: LayerCodec) -> None:
    """Give a layer its own document key (a component that adds a layer registers it once)."""
    _CODECS[codec.layer] = codec


def unregister_layer(layer: str) -> None:
    """Write ``layer`` as a plain span layer again."""
    _CODECS.pop(layer, None)


def layer_codecs() -> tuple[LayerCodec, ...]:
    return tuple(_CODECS.values())


def _coded_layers() -> set[str]:
    return {layer for codec in _CODECS.values() for layer in (codec.layer, *codec.also_covers)}


def json_safe(value: Any) -> Any:
    """A deep copy that JSON can write (NumPy scalars and tuples from models become plain)."""
    return json.loads(json.dumps(value, default=lambda o: o.item() if hasattr(o, "item") else str(o)))


def check_version(data: Any) -> None:
    if not isinstance(data, dict) or "text" not in data:
        raise BadInputError("not a slant document: expected a JSON object with a 'text' field")
    version = str(data.get("schema_version", ""))
    if version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
        raise BadInputError(
            f"document has schema_version {version!r}; this slant reads {SCHEMA_VERSION.split('.')[0]}.x. "
            "Re-run `slant extract` or `slant analyze` with this version to regenerate it."
        )


def document(article: Article, kind: str = ARTICLE_KIND) -> dict[str, Any]:
    """The document of one article; :class:`slant.Analysis` adds the summary, notes and models."""
    coded = _coded_layers()
    out: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "kind": kind,
        "id": article.id,
        "source": article.source,
        "title": article.title,
        "title_span": article.title_span.to_dict() if article.title_span else None,
        "language": article.language,
        "metadata": article.metadata.to_dict(),
        "text": article.text,
        "layers": {name: [s.to_dict() for s in spans] for name, spans in article.layers.items() if name not in coded},
    }
    for codec in _CODECS.values():
        if codec.layer in article.layers:
            items = (codec.encode(article, span) for span in article.layers[codec.layer])
            out[codec.key] = [item for item in items if item is not None]
    out["labels"] = json_safe(article.labels)
    out["removed"] = [r.to_dict() for r in article.removed]
    out["provenance"] = {"reader": json_safe(article.provenance)}
    return out


def paragraph_index(article: Article, offset: int) -> int | None:
    """Index of the paragraph holding ``offset``; None for text outside every paragraph."""
    paragraphs = article.paragraphs
    low, high = 0, len(paragraphs)
    while low < high:  # paragraphs are sorted and disjoint: binary search
        middle = (low + high) // 2
        if paragraphs[middle].end <= offset:
            low = middle + 1
        else:
            high = middle
    if low < len(paragraphs) and paragraphs[low].start <= offset < paragraphs[low].end:
        return low
    return None


def _finding_codec(layer: str, key: str) -> LayerCodec:
    def encode(article: Article, span: Span) -> dict[str, Any] | None:
        if not taxonomy.is_technique(span.label):
            log.warning("%s: leaving out a %s span with unknown technique %r", article.source, layer, span.label)
            return None
        item = {
            "start": span.start,
            "end": span.end,
            "technique": span.label,
            "category": taxonomy.category(span.label).id,
            "confidence": round(float(span.score), 4) if span.score is not None else None,
            "model": span.attrs.get("model"),
            "paragraph": paragraph_index(article, span.start),
        }
        if span.attrs.get("evidence"):
            item["evidence"] = span.attrs["evidence"]
        if span.attrs.get("focus"):
            focus_start, focus_end = span.attrs["focus"]
            item["focus"] = {"start": focus_start, "end": focus_end}
        return item

    def decode(item: dict[str, Any]) -> Iterable[tuple[str, Span]]:
        attrs = {name: item[name] for name in ("model", "evidence") if item.get(name) is not None}
        if item.get("focus"):
            attrs["focus"] = (int(item["focus"]["start"]), int(item["focus"]["end"]))
        yield layer, Span(int(item["start"]), int(item["end"]), item["technique"], item.get("confidence"), attrs)

    return LayerCodec(layer, key, encode, decode)


register_layer(_finding_codec("techniques", "findings"))
register_layer(_finding_codec("paragraph_techniques", "paragraph_findings"))


def _entity_codec() -> LayerCodec:
    def encode(article: Article, span: Span) -> dict[str, Any]:
        return {"start": span.start, "end": span.end, "label": span.label,
                "confidence": round(float(span.score), 4) if span.score is not None else None,
                "group": span.attrs.get("group"), "model": span.attrs.get("model")}

    def decode(item: dict[str, Any]) -> Iterable[tuple[str, Span]]:
        attrs = {name: item[name] for name in ("group", "model") if item.get(name) is not None}
        yield "entities", Span(int(item["start"]), int(item["end"]), item["label"], item.get("confidence"), attrs)

    return LayerCodec("entities", "entities", encode, decode)


register_layer(_entity_codec())


def _linked_span(article: Article, span: Span, link_type: str) -> Span | None:
    layer = "attribution_sources" if link_type == "source" else "attribution_cues"
    targets = span.linked(link_type)
    for candidate in article.layers.get(layer, []) if targets else ():
        if candidate.id == targets[0]:
            return candidate
    return None


def _encode_attribution(article: Article, span: Span) -> dict[str, Any] | None:
    source = _linked_span(article, span, "source")
    cue = _linked_span(article, span, "cue")
    return {
        "id": span.id,
        "source": {"start": source.start, "end": source.end} if source else None,
        "cue": {"start": cue.start, "end": cue.end} if cue else None,
        "content": {"start": span.start, "end": span.end},
        "source_kind": span.label,
        "source_type": span.attrs.get("source_type"),
        "entity": span.attrs.get("entity"),
        "confidence": round(float(span.score), 4) if span.score is not None else None,
    }


def _decode_attribution(item: dict[str, Any]) -> Iterable[tuple[str, Span]]:
    ident = str(item["id"])
    number = ident[1:] if ident[:1] == "a" else ident
    links = []
    if item.get("source") is not None:
        yield "attribution_sources", Span(int(item["source"]["start"]), int(item["source"]["end"]), "source", id=f"s{number}")
        links.append(Link("source", f"s{number}"))
    if item.get("cue") is not None:
        yield "attribution_cues", Span(int(item["cue"]["start"]), int(item["cue"]["end"]), "cue", id=f"c{number}")
        links.append(Link("cue", f"c{number}"))
    content = item["content"]
    yield "attributions", Span(
        int(content["start"]), int(content["end"]), item.get("source_kind"), item.get("confidence"),
        {"source_type": item.get("source_type"), "entity": item.get("entity")}, id=ident, links=tuple(links),
    )


ATTRIBUTION_CODEC = LayerCodec("attributions", "attributions", _encode_attribution, _decode_attribution, also_covers=("attribution_sources", "attribution_cues"))
register_layer(ATTRIBUTION_CODEC)


def count_words(text: str) -> int:
    """Whitespace-separated words: the article length the summary reports and the genre model's
    short-text bar are measured in."""
    return len(text.split())
