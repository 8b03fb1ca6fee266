"""What the corpus views (outlets, stories, the corpus report) read of each stored analysis
document: one small :class:`ArticleFacts` per article, so a corpus of many thousand articles is
read once and never held in memory as documents.

An article's outlet is its ``metadata.site``, else the host of its URL (without ``www.``), else
``(no site)``; sites that differ only in letter case are one outlet. Its name in syndication
pairs (:mod:`slant.corpus.syndication`) is its URL, else its source.
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from slant.corpus.text import site_of
from slant.errors import SlantError

log = logging.getLogger(__name__)

NO_SITE = "(no site)"
LEAD_CHARS = 1000  # of the body after the title: what a story vector reads
ENTITY_NAMES = 12  # most-mentioned named entities kept per article

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class Published:
    """When an article was published, as far as its metadata says: a moment, or only a day."""

    when: datetime  # aware; midnight UTC when only the day is known
    day_only: bool

    @property
    def day(self) -> date:
        return self.when.date()

    def before(self, other: Published) -> bool | None:
        """Whether this came first: None when it cannot be told (same day, no times)."""
        if self.day_only or other.day_only:
            if self.day == other.day:
                return None
            return self.day < other.day
        if self.when == other.when:
            return None
        return self.when < other.when


def parse_published(value: Any) -> Published | None:
    """An ISO 8601 date or date and time (``2026-03-02``, ``2026-03-02T08:15:00+01:00``, ``…Z``);
    a time without a zone is taken as UTC. Anything else: the first ``YYYY-MM-DD`` in it, or None."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            return Published(datetime.combine(date.fromisoformat(text), datetime.min.time(), UTC), True)
        moment = datetime.fromisoformat(text)
    except ValueError:
        found = _DATE.search(text)
        if found is None:
            return None
        try:
            day = date(*(int(part) for part in found.groups()))
        except ValueError:
            return None
        return Published(datetime.combine(day, datetime.min.time(), UTC), True)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return Published(moment.astimezone(UTC), False)


def site_key(document: dict[str, Any]) -> tuple[str, str]:
    """``(key, spelling)`` of a document's outlet: the key groups (syndication's
    :func:`slant.corpus.text.site_of`), the spelling shows."""
    key = site_of(document)
    if key is None:
        return NO_SITE, NO_SITE
    spelling = " ".join(str((document.get("metadata") or {}).get("site") or "").split())
    return key, spelling or key


@dataclass(frozen=True)
class ArticleFacts:
    """What the corpus views need of one stored article."""

    id: str
    key: str  # its name in syndication pairs: url, else source
    site: str  # the outlet's key (see :func:`site_key`)
    site_name: str  # the outlet as spelled in the metadata
    source: str
    url: str | None
    title: str | None
    language: str | None
    published: str | None
    when: Published | None
    analysed: bool  # the technique models ran on it
    words: int
    techniques: dict[str, int] = field(default_factory=dict)  # technique id -> findings
    genre: str | None = None
    frames: tuple[str, ...] = ()
    sourcing: dict[str, int] | None = None  # attributions, named, vague, none, unattributed factual sentences
    entities: tuple[tuple[str, str], ...] = ()  # (type, name), most mentioned first
    lead: str = ""  # title and the start of the body

    @property
    def findings(self) -> int:
        return sum(self.techniques.values())

    def brief(self) -> dict[str, Any]:
        """The article as listed in outlets and stories."""
        return {"id": self.id, "title": self.title, "site": self.site_name, "url": self.url, "source": self.source,
                "language": self.language, "published": self.published}


def _entities(document: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    if "entities" not in document and not isinstance((document.get("labels") or {}).get("entities"), dict):
        return ()
    from slant.doc.article import Article
    from slant.output.parts import entity_groups

    try:
        groups = entity_groups(Article.from_dict(document))
    except (SlantError, ValueError, KeyError, TypeError) as exc:  # a damaged layer: the rest still counts
        log.warning("article %s: its entities cannot be read (%s)", document.get("id"), exc)
        return ()
    ranked = sorted(((group["mentions"], kind, group["name"]) for kind, members in groups.items() for group in members),
                    key=lambda item: (-item[0], item[2].casefold()))
    return tuple((kind, " ".join(name.split())) for _, kind, name in ranked[:ENTITY_NAMES])


def _sourcing(summary: dict[str, Any]) -> dict[str, int] | None:
    sourcing = summary.get("sourcing")
    if not isinstance(sourcing, dict):
        return None
    return {name: int(sourcing.get(key) or 0) for name, key in (
        ("attributions", "attributions"), ("named", "named"), ("vague", "vague"), ("none", "none"),
        ("unattributed_factual", "unattributed_factual_sentences"))}


def lead_text(title: str | None, body: str, limit: int = LEAD_CHARS) -> str:
    """What a story vector reads: the title, a line break, and the first ``limit`` characters of
    the body, runs of white space made one space."""
    return (" ".join((title or "").split()) + "\n" + " ".join(body.split())[:limit]).strip()


def _lead(document: dict[str, Any], limit: int) -> str:
    text = document.get("text") or ""
    span = document.get("title_span") or {}
    body = text[int(span.get("end") or 0):] if span else text
    return lead_text(document.get("title"), body, limit)


def article_facts(document: dict[str, Any] | str, *, lead_chars: int = LEAD_CHARS) -> ArticleFacts:
    """The facts of one analysis document (``Analysis.to_dict()``, or its JSON text)."""
    if isinstance(document, str):
        document = json.loads(document)
    metadata = document.get("metadata") or {}
    summary = document.get("summary") or {}
    analysed = "findings" in document
    techniques: Counter[str] = Counter()
    for row in summary.get("techniques") or []:
        if isinstance(row, dict) and row.get("technique") and row.get("count"):
            techniques[str(row["technique"])] += int(row["count"])
    genre = summary.get("genre") if isinstance(summary.get("genre"), dict) else None
    frames = tuple(str(f["label"]) for f in summary.get("frames") or [] if isinstance(f, dict) and f.get("label"))
    key, spelling = site_key(document)
    words = summary.get("word_count")
    return ArticleFacts(
        id=str(document.get("id") or ""),
        key=str(metadata.get("url") or document.get("source") or document.get("id") or ""),
        site=key, site_name=spelling,
        source=str(document.get("source") or ""),
        url=metadata.get("url"),
        title=document.get("title"),
        language=document.get("language"),
        published=metadata.get("published"),
        when=parse_published(metadata.get("published")),
        analysed=analysed,
        words=int(words) if isinstance(words, int) else len((document.get("text") or "").split()),
        techniques=dict(techniques) if analysed else {},
        # An outlet's genre mix counts split calls apart rather than as the model's guess.
        genre=("uncertain" if genre.get("uncertain") else str(genre["label"])) if genre and genre.get("label") else None,
        frames=frames,
        sourcing=_sourcing(summary),
        entities=_entities(document),
        lead=_lead(document, lead_chars),
    )


def read_facts(documents: Iterable[dict[str, Any] | str], *, lead_chars: int = LEAD_CHARS) -> list[ArticleFacts]:
    return [article_facts(document, lead_chars=lead_chars) for document in documents]


def store_facts(store: Any, *, lead_chars: int = LEAD_CHARS) -> list[ArticleFacts]:
    """The facts of every article in a :class:`slant.corpus.Store`, in the order added."""
    return read_facts(store.iter_documents(), lead_chars=lead_chars)


def by_key(facts: Iterable[ArticleFacts]) -> dict[str, ArticleFacts]:
    """Articles by their name in syndication pairs (the first stored, where two share a URL)."""
    out: dict[str, ArticleFacts] = {}
    for item in facts:
        out.setdefault(item.key, item)
    return out


def per_1000(count: int, words: int) -> float | None:
    return round(1000 * count / words, 2) if words else None


def counted(values: Iterator[str] | Iterable[str]) -> dict[str, int]:
    """Counts, most common first (ties in name order)."""
    return dict(sorted(Counter(values).items(), key=lambda item: (-item[1], item[0])))
