"""Outlet profiles: what each site in a corpus publishes and how (``slant corpus outlets``).

Per outlet (see :func:`slant.corpus.facts.site_key`): its articles, their languages and genres,
persuasion techniques per 1,000 words (over the articles the technique models ran on) with the
most used ones, the frames it uses, its sourcing (named, vague and missing sources, where the
sourcing audit ran) and syndication: whom it copies and who copies it.

Syndication comes from :func:`slant.corpus.syndication.store_syndication`. Of a pair, the article
published first is the original and the other the copy; where the dates cannot tell (a date
missing, or the same day without times) the pair counts as shared with the direction unknown.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from slant.corpus.facts import ArticleFacts, by_key, counted, per_1000, store_facts
from slant.doc import taxonomy

TOP_TECHNIQUES = 5


@dataclass(frozen=True)
class Link:
    """Syndicated pairs between one outlet and another: how many, and of which relation."""

    site: str
    pairs: int
    relations: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        return {"site": self.site, "pairs": self.pairs, "relations": dict(self.relations)}


@dataclass(frozen=True)
class Direction:
    """Of a syndicated pair, which article is the original (None: the dates cannot tell)."""

    original: ArticleFacts | None
    copy: ArticleFacts | None
    first: ArticleFacts
    second: ArticleFacts


def direction(first: ArticleFacts, second: ArticleFacts) -> Direction:
    """The earlier-published article of a pair is the original."""
    earlier = first.when.before(second.when) if first.when and second.when else None
    if earlier is None:
        return Direction(None, None, first, second)
    return Direction(first, second, first, second) if earlier else Direction(second, first, first, second)


@dataclass
class OutletProfile:
    site: str
    articles: int
    analysed: int  # articles the technique models ran on
    words: int  # of the analysed articles
    findings: int
    languages: dict[str, int]
    genres: dict[str, int]  # genre id (or "not classified") -> articles
    techniques: list[dict[str, Any]]  # most used first: technique, name, count, per_1000_words, articles
    frames: list[dict[str, Any]]  # frame, name, articles, share
    sourcing: dict[str, int] | None  # summed over the articles with the sourcing audit; None without any
    first_published: str | None
    last_published: str | None
    copies: list[Link] = field(default_factory=list)  # outlets whose articles this one republished
    copied_by: list[Link] = field(default_factory=list)  # outlets that republished this one's articles
    shares_with: list[Link] = field(default_factory=list)  # syndicated, direction unknown
    article_ids: list[str] = field(default_factory=list)

    @property
    def per_1000_words(self) -> float | None:
        return per_1000(self.findings, self.words)

    @property
    def top_techniques(self) -> list[dict[str, Any]]:
        return self.techniques[:TOP_TECHNIQUES]

    def to_dict(self) -> dict[str, Any]:
        return {
            "site": self.site, "articles": self.articles, "analysed": self.analysed, "words": self.words,
            "findings": self.findings, "per_1000_words": self.per_1000_words,
            "languages": dict(self.languages), "genres": dict(self.genres),
            "techniques": [dict(row) for row in self.techniques],
            "top_techniques": [row["technique"] for row in self.top_techniques],
            "frames": [dict(row) for row in self.frames],
            "sourcing": dict(self.sourcing) if self.sourcing is not None else None,
            "first_published": self.first_published, "last_published": self.last_published,
            "copies": [link.to_dict() for link in self.copies],
            "copied_by": [link.to_dict() for link in self.copied_by],
            "shares_with": [link.to_dict() for link in self.shares_with],
            "article_ids": list(self.article_ids),
        }


def _links(pairs: Iterable[tuple[str, str]]) -> list[Link]:
    per_site: dict[str, Counter[str]] = defaultdict(Counter)
    for site, relation in pairs:
        per_site[site][relation] += 1
    links = [Link(site, sum(kinds.values()), dict(sorted(kinds.items()))) for site, kinds in per_site.items()]
    return sorted(links, key=lambda link: (-link.pairs, link.site))


def _profile(name: str, members: Sequence[ArticleFacts]) -> OutletProfile:
    analysed = [item for item in members if item.analysed]
    words = sum(item.words for item in analysed)
    counts: Counter[str] = Counter()
    articles_with: Counter[str] = Counter()
    for item in analysed:
        counts.update(item.techniques)
        articles_with.update(item.techniques.keys())
    techniques = [
        {"technique": technique, "name": taxonomy.display_name(technique), "count": count,
         "per_1000_words": per_1000(count, words), "articles": articles_with[technique]}
        for technique, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]
    frame_counts = Counter(frame for item in members for frame in item.frames)
    frames = [
        {"frame": frame, "name": taxonomy.display_name(frame), "articles": count,
         "share": round(count / len(members), 4)}
        for frame, count in sorted(frame_counts.items(), key=lambda item: (-item[1], item[0]))
    ]
    audited = [item.sourcing for item in members if item.sourcing is not None]
    sourcing = None
    if audited:
        sourcing = {"articles": len(audited)}
        for key in audited[0]:
            sourcing[key] = sum(item[key] for item in audited)
    dated = sorted((item.when.when, item.published) for item in members if item.when is not None)
    return OutletProfile(
        site=name, articles=len(members), analysed=len(analysed), words=words, findings=sum(counts.values()),
        languages=counted(item.language or "unknown" for item in members),
        genres=counted(item.genre or "not classified" for item in members),
        techniques=techniques, frames=frames, sourcing=sourcing,
        first_published=dated[0][1] if dated else None, last_published=dated[-1][1] if dated else None,
        article_ids=[item.id for item in members],
    )


def profiles_from(facts: Sequence[ArticleFacts], pairs: Iterable[Any] = ()) -> list[OutletProfile]:
    """Outlet profiles of these articles, with the syndicated ``pairs`` (objects with ``a``,
    ``b``: the articles' names, and ``relation``) among them; most articles first."""
    groups: dict[str, list[ArticleFacts]] = defaultdict(list)
    for item in facts:
        groups[item.site].append(item)
    names = {site: Counter(item.site_name for item in members).most_common(1)[0][0] for site, members in groups.items()}
    copies: dict[str, list[tuple[str, str]]] = defaultdict(list)
    copied_by: dict[str, list[tuple[str, str]]] = defaultdict(list)
    shares: dict[str, list[tuple[str, str]]] = defaultdict(list)
    named = by_key(facts)
    for pair in pairs:
        first, second = named.get(pair.a), named.get(pair.b)
        if first is None or second is None or first.site == second.site:
            continue
        way = direction(first, second)
        if way.original is None or way.copy is None:
            shares[first.site].append((names[second.site], pair.relation))
            shares[second.site].append((names[first.site], pair.relation))
        else:
            copies[way.copy.site].append((names[way.original.site], pair.relation))
            copied_by[way.original.site].append((names[way.copy.site], pair.relation))
    profiles = []
    for site, members in groups.items():
        profile = _profile(names[site], members)
        profile.copies = _links(copies[site])
        profile.copied_by = _links(copied_by[site])
        profile.shares_with = _links(shares[site])
        profiles.append(profile)
    return sorted(profiles, key=lambda profile: (-profile.articles, profile.site.casefold()))


def outlet_profiles(store: Any, *, facts: Sequence[ArticleFacts] | None = None,
                    pairs: Iterable[Any] | None = None) -> list[OutletProfile]:
    """The profile of every outlet in a :class:`slant.corpus.Store`, most articles first.

    ``facts`` and ``pairs`` (the store's articles and syndicated pairs) are read from the store
    when not given; pass them to reuse what another view has read already."""
    if facts is None:
        facts = store_facts(store)
    if pairs is None:
        from slant.corpus.syndication import store_syndication

        pairs = store_syndication(store)
    return profiles_from(facts, pairs)
