"""Translations in a corpus: articles in different languages whose sentences say the same
things in the same order.

Candidates: every article's lead (its first :data:`LEAD_SENTENCES` sentences) is embedded with
the multilingual sentence encoder (:mod:`slant.runtime.sentences`), and each lead sentence looks
up its nearest sentences in other articles: exactly (one matrix product per block of rows) while
the corpus holds up to :data:`EXACT_SEARCH_LIMIT` lead sentences, through an approximate
nearest-neighbour index (usearch, HNSW) beyond, so the search does not grow with the square of
the corpus. Two articles in different languages with :data:`CANDIDATE_HITS` lead sentences
that find a close sentence in the other become a candidate.

Verification: all sentences of the two articles (up to :data:`MAX_SENTENCES` each) are aligned
in order (a longest-common-subsequence over sentence pairs whose vectors are close), and a
matched pair must agree on what survives translation: when both sentences carry numbers, they
share one. A candidate is a translation when enough of the shorter article is aligned in runs
of consecutive sentences (see :func:`in_runs` and :func:`translation_relation`). Two reports of
the same event written independently share facts, names and numbers, and a sentence of one can
be as close to a sentence of the other as a translation is (e5-small puts both near 0.9), but
they rarely go on sentence after sentence in step: the runs are what tell a translation from a
same-event report.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

log = logging.getLogger(__name__)

LEAD_SENTENCES = 10
MAX_SENTENCES = 60
NEIGHBOURS = 16
EXACT_SEARCH_LIMIT = 20_000  # lead sentences; above this the candidate search uses an ANN index
CANDIDATE_COSINE = 0.86
CANDIDATE_HITS = 3  # lead sentences (of either article) with a close sentence in the other
ALIGN_COSINE = 0.88
TRANSLATION_SHARE = 0.5  # of the shorter article's sentences aligned: a translation
PARTIAL_TRANSLATION_SENTENCES = 4  # or this many aligned, with PARTIAL_TRANSLATION_SHARE
PARTIAL_TRANSLATION_SHARE = 0.3

SentenceVectors = Callable[[Sequence[str]], np.ndarray]

# A number as written in any of the languages: 1,000 / 1 000 / 1.000 / 1000 all read as 1000.
_NUMBER = re.compile(r"\d+(?:[ .,\u00a0\u202f]\d{3})*(?:[.,]\d+)?")


@dataclass(frozen=True)
class Sentences:
    """One article as the translation search sees it."""

    index: int  # position among the articles searched
    language: str | None
    texts: tuple[str, ...]


def numbers(text: str) -> frozenset[str]:
    """The numbers in ``text``, thousands separators dropped (what survives a translation)."""
    found = set()
    for match in _NUMBER.finditer(text):
        digits = re.sub(r"[ .,\u00a0\u202f]", "", match.group())
        if len(digits) > 1 or digits != "0":
            found.add(digits.lstrip("0") or "0")
    return frozenset(found)


def _neighbours_exact(vectors: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    block = 1024
    count = min(count, len(vectors))
    ids = np.empty((len(vectors), count), dtype=np.int64)
    scores = np.empty((len(vectors), count), dtype=np.float32)
    for start in range(0, len(vectors), block):
        similarity = vectors[start:start + block] @ vectors.T
        top = np.argpartition(-similarity, count - 1, axis=1)[:, :count]
        ids[start:start + block] = top
        scores[start:start + block] = np.take_along_axis(similarity, top, axis=1)
    return ids, scores


def _neighbours_approximate(vectors: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    from usearch.index import Index

    index = Index(ndim=vectors.shape[1], metric="ip", dtype="f32")
    keys = np.arange(len(vectors), dtype=np.uint64)
    index.add(keys, vectors, threads=1)  # one thread: the graph, and so the answers, come out the same each run
    found = index.search(vectors, count, threads=1)
    ids = np.asarray(found.keys, dtype=np.int64)
    scores = 1.0 - np.asarray(found.distances, dtype=np.float32)  # usearch's "ip" distance is 1 - dot
    ids[ids >= len(vectors)] = -1  # unfilled slots
    return ids, scores


def candidates(articles: Sequence[Sentences], lead_vectors: Sequence[np.ndarray]) -> set[tuple[int, int]]:
    """Pairs (i, j), i < j, of articles in different languages with :data:`CANDIDATE_HITS`
    lead sentences (counted in both articles) that have a close sentence in the other."""
    owners = np.concatenate([np.full(len(v), i) for i, v in enumerate(lead_vectors)]) if lead_vectors else []
    if len(owners) == 0:
        return set()
    vectors = np.concatenate([v for v in lead_vectors if len(v)]).astype(np.float32)
    search = _neighbours_exact if len(vectors) <= EXACT_SEARCH_LIMIT else _neighbours_approximate
    ids, scores = search(vectors, NEIGHBOURS)
    hits: Counter[tuple[int, int]] = Counter()
    for row in range(len(vectors)):
        mine = int(owners[row])
        matched: set[int] = set()
        for other, score in zip(ids[row], scores[row], strict=True):
            if other < 0 or score < CANDIDATE_COSINE:
                continue
            theirs = int(owners[other])
            if theirs == mine or theirs in matched:
                continue
            first, second = articles[mine].language, articles[theirs].language
            if not first or not second or first == second:
                continue
            matched.add(theirs)
            hits[(min(mine, theirs), max(mine, theirs))] += 1
    found = set()
    for (i, j), count in hits.items():
        # A match usually counts from both sides: a lead sentence of each finds the other.
        shorter = min(len(lead_vectors[i]), len(lead_vectors[j]))
        if count >= min(CANDIDATE_HITS, 2 * shorter):
            found.add((i, j))
    return found


def align(first: Sequence[str], second: Sequence[str], first_vectors: np.ndarray,
          second_vectors: np.ndarray) -> list[tuple[int, int]]:
    """The in-order alignment of two articles' sentences: the longest chain of (i, j) pairs,
    increasing in both, whose vectors are :data:`ALIGN_COSINE` close and whose numbers agree;
    among equally long chains, the closest."""
    if not len(first) or not len(second):
        return []
    similarity = first_vectors @ second_vectors.T
    first_numbers = [numbers(text) for text in first]
    second_numbers = [numbers(text) for text in second]
    match = similarity >= ALIGN_COSINE
    for i, j in zip(*np.nonzero(match), strict=True):
        if first_numbers[i] and second_numbers[j] and not first_numbers[i] & second_numbers[j]:
            match[i, j] = False
    n, m = match.shape
    # best[i][j]: (pairs, summed similarity) of the best chain within first[:i], second[:j]
    best = np.zeros((n + 1, m + 1, 2), dtype=np.float64)
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            candidates_here = [tuple(best[i - 1, j]), tuple(best[i, j - 1])]
            if match[i - 1, j - 1]:
                pairs, total = best[i - 1, j - 1]
                candidates_here.append((pairs + 1, total + similarity[i - 1, j - 1]))
            best[i, j] = max(candidates_here)
    chain = []
    i, j = n, m
    while i > 0 and j > 0:
        if tuple(best[i, j]) == tuple(best[i - 1, j]):
            i -= 1
        elif tuple(best[i, j]) == tuple(best[i, j - 1]):
            j -= 1
        else:
            chain.append((i - 1, j - 1))
            i, j = i - 1, j - 1
    chain.reverse()
    return chain


def in_runs(chain: Sequence[tuple[int, int]]) -> int:
    """How many pairs of an in-order alignment belong to a run: two or more pairs that follow
    each other in both articles, (i, j) then (i + 1, j + 1). A translation goes sentence by
    sentence; a same-event report that happens to share a fact here and there does not."""
    counted = set()
    for (i, j), (k, m) in zip(chain, chain[1:], strict=False):
        if k == i + 1 and m == j + 1:
            counted.update(((i, j), (k, m)))
    return len(counted)


def translation_relation(running: int, shorter: int) -> tuple[bool, float]:
    """Whether ``running`` aligned sentences in runs (see :func:`in_runs`) of an article of
    ``shorter`` sentences make a translation, and the score (their share of the shorter article)."""
    score = running / shorter if shorter else 0.0
    if running >= 2 and score >= TRANSLATION_SHARE:
        return True, score
    return running >= PARTIAL_TRANSLATION_SENTENCES and score >= PARTIAL_TRANSLATION_SHARE, score


def default_sentence_vectors() -> SentenceVectors:
    from slant.runtime.sentences import SentenceEncoder

    return SentenceEncoder().vectors
