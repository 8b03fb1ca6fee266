"""Syndication: stored articles that are the same story on different sites.

Two steps. Candidates: MinHash LSH (``datasketch``, 128 permutations, LSH threshold 0.2 on the
Jaccard similarity of 5-word shingles of the normalised, lower-cased text), so the search grows
near-linearly with the corpus instead of comparing every pair. Verification: each candidate
pair's sentences (the document's ``sentences`` layer, else sentences found in its text) are
normalised (lower case, punctuation and runs of spaces collapsed; Chinese, Japanese and Korean
read a character a word) and aligned one to one, exact or lightly edited (token-set Jaccard of
0.6 or more: on bench/syndication's pages, 0.8 missed agency write-throughs that update a figure
or a clause, and 0.5 found no more); sentences of fewer than 3 words (a dateline,
"Read more") neither align nor count. Of the shorter article's sentences (by count),

* 90% or more aligned: ``copy`` (a verbatim copy, boilerplate aside);
* 3 or more, or 30% or more, aligned: ``partial`` (a lead and some paragraphs reused, the
  headline or the rest rewritten);
* fewer: not syndication (a report of the same event written independently shares names and
  numbers, not sentences).

Translations: articles in different languages are compared by their sentences' multilingual
vectors, aligned in order and checked on what survives translation (numbers); see
:mod:`slant.corpus.translations`. A pair found so is ``translation``.

Two articles of the same site (``metadata.site``, else the host of the URL) in one language are
one outlet's versions, not syndication, and are not paired as copies; two articles without a
site are compared. A translation is paired even within a site: an outlet's edition in another
language translating its own story is part of how a story crosses languages.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from slant.corpus import translations
from slant.corpus.groups import Group, find_groups
from slant.corpus.text import sentence_spans, site_of, words
from slant.corpus.translations import SentenceVectors

log = logging.getLogger(__name__)

NUM_PERM = 128
LSH_THRESHOLD = 0.2
SHINGLE_WORDS = 5
SENTENCE_JACCARD = 0.6  # token sets this similar align: a copy lightly edited (a figure updated, a word changed)
MIN_SENTENCE_WORDS = 3  # shorter "sentences" (datelines, "Share this") neither align nor count
COPY_SHARE = 0.9
PARTIAL_SHARE = 0.3
PARTIAL_SENTENCES = 3
RELATIONS = ("copy", "partial", "translation")

@dataclass(frozen=True)
class _Sentence:
    start: int
    end: int
    normal: str  # normalised text: lower-case words joined by single spaces
    tokens: frozenset[str]
    text: str  # as written (what the sentence encoder reads)


@dataclass(frozen=True)
class _Entry:
    key: str  # the ID in the output: url, else source
    article_id: str
    site: str | None
    sentences: tuple[_Sentence, ...]
    language: str | None = None


@dataclass(frozen=True)
class Pair:
    """Two articles that are the same story: ``a`` and ``b`` are their IDs (url, else source)."""

    a: str
    b: str
    relation: str  # "copy", "partial" or "translation"
    score: float  # share of the shorter article's sentences aligned
    evidence: tuple[tuple[tuple[int, int], tuple[int, int]], ...]  # aligned (a span, b span) pairs

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a, "b": self.b, "relation": self.relation, "score": round(self.score, 4),
            "evidence": [{"a": {"start": a[0], "end": a[1]}, "b": {"start": b[0], "end": b[1]}}
                         for a, b in self.evidence],
        }


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """The ``size``-word shingles of the normalised text (a shorter text is one shingle)."""
    tokens = words(text)
    if len(tokens) <= size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def _entry(document: dict[str, Any]) -> _Entry | None:
    text = document.get("text") or ""
    if not text.strip():
        return None
    metadata = document.get("metadata") or {}
    sentences = []
    for start, end in sentence_spans(document, text):
        tokens = words(text[start:end])
        if len(tokens) >= MIN_SENTENCE_WORDS:
            sentences.append(_Sentence(start, end, " ".join(tokens), frozenset(tokens), text[start:end]))
    return _Entry(metadata.get("url") or document.get("source") or document.get("id") or "",
                  str(document.get("id") or ""), site_of(document), tuple(sentences),
                  document.get("language") or None)


def align(a: tuple[_Sentence, ...], b: tuple[_Sentence, ...]) -> list[tuple[int, int]]:
    """One-to-one alignment of exact and near-exact sentences: (index in a, index in b) pairs,
    in the order of ``a``. Best matches are taken first (exact before near), ties in text order."""
    exact: dict[str, list[int]] = {}
    for j, sentence in enumerate(b):
        exact.setdefault(sentence.normal, []).append(j)
    matches: list[tuple[float, int, int]] = []
    for i, left in enumerate(a):
        if left.normal in exact:
            matches.extend((1.0, i, j) for j in exact[left.normal])
            continue
        size = len(left.tokens)
        for j, right in enumerate(b):
            other = len(right.tokens)
            if min(size, other) < SENTENCE_JACCARD * max(size, other):
                continue  # the Jaccard of sets this different in size is below the bar
            shared = len(left.tokens & right.tokens)
            jaccard = shared / (size + other - shared)
            if jaccard >= SENTENCE_JACCARD:
                matches.append((jaccard, i, j))
    matches.sort(key=lambda item: (-item[0], item[1], item[2]))
    used_a: set[int] = set()
    used_b: set[int] = set()
    aligned = []
    for _, i, j in matches:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            aligned.append((i, j))
    return sorted(aligned)


def relation(aligned: int, shorter: int) -> tuple[str | None, float]:
    """The relation (or None) and score of ``aligned`` sentences of an article of ``shorter``."""
    score = aligned / shorter if shorter else 0.0
    if shorter and score >= COPY_SHARE:
        return "copy", score
    if aligned >= PARTIAL_SENTENCES or (aligned and score >= PARTIAL_SHARE):
        return "partial", score
    return None, score


def _verify(first: _Entry, second: _Entry) -> Pair | None:
    if (first.key, first.article_id) > (second.key, second.article_id):
        first, second = second, first
    aligned = align(first.sentences, second.sentences)
    kind, score = relation(len(aligned), min(len(first.sentences), len(second.sentences)))
    if kind is None:
        return None
    evidence = tuple(((first.sentences[i].start, first.sentences[i].end),
                      (second.sentences[j].start, second.sentences[j].end)) for i, j in aligned)
    return Pair(first.key, second.key, kind, score, evidence)


@dataclass(frozen=True)
class Sketched:
    """What the candidate search keeps of one document: its entry (without sentences when they
    are to be loaded again), its MinHash signature and its lead sentences as written."""

    entry: _Entry
    hashvalues: np.ndarray
    lead: tuple[str, ...]


@functools.cache
def _minhash_reuse() -> dict[str, Any]:
    from datasketch import MinHash

    template = MinHash(num_perm=NUM_PERM, seed=1)
    reuse: dict[str, Any] = {"permutations": template.permutations}  # made once, not per article
    if getattr(template, "scheme", None) is not None:  # datasketch 2 asks which hashing made them
        reuse["scheme"] = template.scheme
    return reuse


def sketch_document(document: dict[str, Any] | str, *, keep_sentences: bool = True) -> Sketched | None:
    """The :class:`Sketched` form of one analysis document (or its JSON text); None when it has
    nothing to compare. A pure function of the document, so it can run anywhere (a Dask task)."""
    from datasketch import MinHash

    if isinstance(document, str):
        document = json.loads(document)
    entry = _entry(document)
    if entry is None or not entry.sentences:
        return None
    grams = shingles(document.get("text") or "")
    if not grams:
        return None
    sketch = MinHash(num_perm=NUM_PERM, seed=1, **_minhash_reuse())
    sketch.update_batch([gram.encode("utf-8") for gram in grams])
    lead = tuple(sentence.text for sentence in entry.sentences[:translations.LEAD_SENTENCES])
    return Sketched(entry if keep_sentences else replace(entry, sentences=()), sketch.hashvalues, lead)


# (documents, sketch_document with its options) -> each document's result, in order
SketchMap = Callable[[Iterable[Any], Callable[[Any], Sketched | None]], Iterable[Sketched | None]]


def find_syndication(documents: Iterable[dict[str, Any] | str], *,
                     load: Callable[[str], dict[str, Any]] | None = None,
                     sentence_vectors: SentenceVectors | None = None,
                     map_sketches: SketchMap | None = None,
                     map_vectors: SketchMap | None = None) -> list[Pair]:
    """The syndicated pairs among analysis ``documents`` (dicts or their JSON text), ordered by
    ``a`` then ``b`` (within a pair, ``a`` is the smaller ID).

    With ``load`` (an article id to its document, e.g. :meth:`Store.document`), only the sketches
    (and, for the translation search, the lead sentences' vectors) are kept in memory while
    reading, and the candidates' sentences are read again to verify them; without it every
    article's sentences are kept. ``sentence_vectors`` embeds one article's sentences (default:
    :class:`slant.runtime.sentences.SentenceEncoder`, loaded only when the corpus holds more
    than one language). ``map_sketches`` computes the documents' sketches elsewhere (e.g.
    :func:`slant.corpus.dask_engine.sketch_map`: Dask tasks), and ``map_vectors`` the lead
    sentences' vectors; by default both are made here."""
    from datasketch import MinHash, MinHashLSH

    reuse = _minhash_reuse()
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    entries: list[_Entry] = []
    leads: list[tuple[str, ...]] = []
    candidates: set[tuple[int, int]] = set()
    sketch_one = functools.partial(sketch_document, keep_sentences=load is None)
    sketched_documents = map(sketch_one, documents) if map_sketches is None else map_sketches(documents, sketch_one)
    for sketched in sketched_documents:
        if sketched is None:
            continue
        sketch = MinHash(num_perm=NUM_PERM, seed=1, hashvalues=sketched.hashvalues, **reuse)
        index = len(entries)
        for other in lsh.query(sketch):
            candidates.add((other, index))
        lsh.insert(index, sketch)
        leads.append(sketched.lead)
        entries.append(sketched.entry)
    del lsh

    @functools.lru_cache(maxsize=256)  # candidates come in order of their first article
    def loaded(index: int) -> _Entry:
        entry = entries[index]
        if load is None:
            return entry
        again = _entry(load(entry.article_id))
        return replace(entry, sentences=again.sentences if again is not None else ())

    pairs = []
    for i, j in sorted(candidates):
        if _same_site(entries[i], entries[j]):
            continue  # one outlet's own versions
        pair = _verify(loaded(i), loaded(j))
        if pair is not None:
            pairs.append(pair)
    if len({entry.language for entry in entries if entry.language}) > 1:
        pairs.extend(_translations(entries, leads, loaded, sentence_vectors, map_vectors))
    pairs.sort(key=lambda pair: (pair.a, pair.b, pair.relation, pair.evidence))
    return pairs


def _same_site(first: _Entry, second: _Entry) -> bool:
    return first.site is not None and first.site == second.site


def _translations(entries: list[_Entry], leads: list[tuple[str, ...]], loaded: Callable[[int], _Entry],
                  sentence_vectors: SentenceVectors | None, map_vectors: SketchMap | None) -> list[Pair]:
    embed = sentence_vectors or translations.default_sentence_vectors()
    searched = [translations.Sentences(i, entry.language, leads[i]) for i, entry in enumerate(entries)]
    if map_vectors is not None:
        lead_vectors = list(map_vectors(leads, embed))
    else:
        lead_vectors = [embed(list(lead)) for lead in leads]
    index = translations.LeadIndex(lead_vectors, [entry.language for entry in entries])
    found = translations.candidates(searched, index)
    log.info("translation search: %d candidate pairs among %d articles", len(found), len(entries))
    known: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def vectors_of(position: int, entry: _Entry) -> tuple[np.ndarray, np.ndarray]:
        """The article's sentence vectors and their backgrounds."""
        if position not in known:
            texts = [sentence.text for sentence in entry.sentences[:translations.MAX_SENTENCES]]
            lead = len(leads[position])
            # the lead's vectors are made already (a sentence's vector depends on nothing else)
            rest = embed(texts[lead:]) if len(texts) > lead else np.zeros((0, lead_vectors[position].shape[1]))
            vectors = np.concatenate([lead_vectors[position], rest]) if lead else rest
            known[position] = (vectors, index.background(vectors, position))
        return known[position]

    pairs = []
    for i, j in sorted(found):
        # No same-site rule here: an outlet's edition in another language (dw.com/en, dw.com/ru)
        # translating its own story is what a researcher of cross-language spread looks for.
        first, second = loaded(i), loaded(j)
        if (first.key, first.article_id) > (second.key, second.article_id):
            (i, first), (j, second) = (j, second), (i, first)
        first_sentences = first.sentences[:translations.MAX_SENTENCES]
        second_sentences = second.sentences[:translations.MAX_SENTENCES]
        (first_vectors, first_background), (second_vectors, second_background) = vectors_of(i, first), vectors_of(j, second)
        aligned = translations.align(
            [s.text for s in first_sentences], [s.text for s in second_sentences],
            translations.closeness(first_vectors, second_vectors, first_background, second_background))
        is_translation, score = translations.translation_relation(
            translations.in_runs(aligned), min(len(first.sentences), len(second.sentences)))
        if is_translation:
            evidence = tuple(((first_sentences[a].start, first_sentences[a].end),
                              (second_sentences[b].start, second_sentences[b].end)) for a, b in aligned)
            pairs.append(Pair(first.key, second.key, "translation", score, evidence))
    return pairs


def store_syndication(store: Any, *, map_sketches: SketchMap | None = None,
                      map_vectors: SketchMap | None = None) -> list[Pair]:
    """The syndicated pairs in a :class:`slant.corpus.Store` (see :func:`find_syndication`)."""
    return find_syndication(store.iter_documents(), load=store.document, map_sketches=map_sketches,
                            map_vectors=map_vectors)


def store_syndication_groups(store: Any, pairs: list[Pair] | None = None) -> list[Group]:
    """The syndication groups of a :class:`slant.corpus.Store` (see :mod:`slant.corpus.groups`);
    its pairs are found unless given."""
    if pairs is None:
        pairs = store_syndication(store)
    keys = {key for pair in pairs for key in (pair.a, pair.b)}
    by_key: dict[str, str] = {}
    if keys:
        for article in store.iter_articles():
            key = article.url or article.source or article.id
            if key in keys and key not in by_key:
                by_key[key] = article.id
    return find_groups(pairs, lambda key: store.document(by_key.get(key, key)))
