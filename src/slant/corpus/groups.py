"""Syndication groups: the articles that syndication pairs connect, with the likely original and
what each other member changed.

A group is a connected component of the pairs. Its likely original is the member published
first; among members of the same date (or without one), the most complete (most sentences),
then the one whose language most members share (a story is translated out of its source
language, so the source language is the one the others are not), then the smallest ID. For
each other member that a pair joins to the original, the changes: the original's sentences it
dropped, the sentences it added, the aligned sentences it reworded (same-language pairs only:
in a translation every sentence is reworded), and the techniques its analysis finds that the
original's does not (added) and the other way round (removed).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from slant.corpus.text import sentence_spans, words

MAX_LISTED_SENTENCES = 20  # per change list: the rest is counted, not listed


class Pair(Protocol):
    """What a group reads of :class:`slant.corpus.syndication.Pair`."""

    a: str
    b: str
    relation: str
    evidence: tuple[tuple[tuple[int, int], tuple[int, int]], ...]

    def to_dict(self) -> dict[str, Any]: ...


@dataclass
class Change:
    """What one member of a group changed against the group's original."""

    member: str
    relation: str
    dropped: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    reworded: list[tuple[str, str]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    techniques_added: list[str] = field(default_factory=list)
    techniques_removed: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "member": self.member, "relation": self.relation, "counts": dict(self.counts),
            "dropped": self.dropped, "added": self.added,
            "reworded": [{"original": a, "member": b} for a, b in self.reworded],
            "techniques_added": self.techniques_added, "techniques_removed": self.techniques_removed,
        }


@dataclass
class Group:
    """Articles connected by syndication pairs."""

    members: list[str]
    original: str
    pairs: list[Pair]
    changes: list[Change]
    published: dict[str, str | None]
    languages: dict[str, str | None]

    def to_dict(self) -> dict[str, Any]:
        return {
            "members": self.members, "original": self.original,
            "published": self.published, "languages": self.languages,
            "pairs": [pair.to_dict() for pair in self.pairs],
            "changes": [change.to_dict() for change in self.changes],
        }


def _components(pairs: Iterable[Pair]) -> list[list[str]]:
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for pair in pairs:
        first, second = root(pair.a), root(pair.b)
        if first != second:
            parent[max(first, second)] = min(first, second)
    members: dict[str, list[str]] = {}
    for key in parent:
        members.setdefault(root(key), []).append(key)
    return sorted((sorted(group) for group in members.values()), key=lambda group: group[0])


def _techniques(document: dict[str, Any]) -> set[str]:
    return {finding.get("technique") for finding in document.get("findings") or []} - {None}


def _sentence_count(document: dict[str, Any]) -> int:
    layers = document.get("layers") or {}
    return len(layers.get("sentences") or []) or len((document.get("text") or "").split(". "))


def _listed(items: list, limit: int = MAX_LISTED_SENTENCES) -> list:
    return items[:limit]


def find_groups(pairs: list[Pair], document: Callable[[str], dict[str, Any]]) -> list[Group]:
    """The groups of ``pairs``; ``document`` maps an article's ID (as in the pairs) to its
    analysis document."""
    groups = []
    for members in _components(pairs):
        documents = {key: document(key) for key in members}
        published = {key: ((doc.get("metadata") or {}).get("published") or None) for key, doc in documents.items()}
        languages = {key: doc.get("language") for key, doc in documents.items()}
        language_share = Counter(language for language in languages.values() if language)
        original = min(members, key=lambda key: (
            published[key] is None, published[key] or "", -_sentence_count(documents[key]),
            -language_share.get(languages[key], 0), key))
        member_pairs = [pair for pair in pairs if pair.a in documents and pair.b in documents]
        changes = []
        for pair in member_pairs:
            if original not in (pair.a, pair.b):
                continue
            member = pair.b if pair.a == original else pair.a
            changes.append(_change(pair, original, member, documents[original], documents[member]))
        changes.sort(key=lambda change: change.member)
        groups.append(Group(members, original, member_pairs, changes, published, languages))
    return groups


def _change(pair: Pair, original: str, member: str, original_doc: dict[str, Any],
            member_doc: dict[str, Any]) -> Change:
    original_is_a = pair.a == original
    original_text, member_text = original_doc.get("text") or "", member_doc.get("text") or ""
    aligned_original, aligned_member = set(), set()
    reworded = []
    for a_span, b_span in pair.evidence:
        mine, theirs = (a_span, b_span) if original_is_a else (b_span, a_span)
        aligned_original.add(tuple(mine))
        aligned_member.add(tuple(theirs))
        before, after = original_text[mine[0]:mine[1]], member_text[theirs[0]:theirs[1]]
        if pair.relation != "translation" and words(before) != words(after):
            reworded.append((before, after))

    def unaligned(document: dict[str, Any], text: str, aligned: set) -> list[str]:
        found = []
        for start, end in sentence_spans(document, text):
            if (start, end) not in aligned and len(words(text[start:end])) >= 3:
                found.append(text[start:end])
        return found

    dropped = unaligned(original_doc, original_text, aligned_original)
    added = unaligned(member_doc, member_text, aligned_member)
    before_techniques, after_techniques = _techniques(original_doc), _techniques(member_doc)
    return Change(
        member=member, relation=pair.relation,
        dropped=_listed(dropped), added=_listed(added), reworded=_listed(reworded),
        counts={"aligned": len(pair.evidence), "dropped": len(dropped), "added": len(added),
                "reworded": len(reworded)},
        techniques_added=sorted(after_techniques - before_techniques),
        techniques_removed=sorted(before_techniques - after_techniques),
    )
