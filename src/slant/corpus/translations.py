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

import functools
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
BACKGROUND_NEIGHBOURS = 10
BACKGROUND_DEFAULT = 0.83  # e5-small's cosine between sentences on one topic, that say different things
ALIGN_MARGIN = 0.03  # CSLS closeness for two sentences to align
TRANSLATION_SHARE = 0.3  # of the shorter article's sentences aligned in runs: a translation
TRANSLATION_RUN_SENTENCES = 2

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


class LeadIndex:
    """The lead sentences of every article, searchable by vector: exactly (matrix products in
    blocks) up to :data:`EXACT_SEARCH_LIMIT` sentences, through usearch's HNSW index beyond."""

    def __init__(self, lead_vectors: Sequence[np.ndarray], languages: Sequence[str | None]) -> None:
        sizes = [len(vectors) for vectors in lead_vectors]
        self.owners = np.repeat(np.arange(len(sizes)), sizes)
        self.languages = list(languages)
        self.vectors = (np.concatenate([v for v in lead_vectors if len(v)]).astype(np.float32)
                        if any(sizes) else np.zeros((0, 1), np.float32))
        self._index = None
        if len(self.vectors) > EXACT_SEARCH_LIMIT:
            from usearch.index import Index

            self._index = Index(ndim=self.vectors.shape[1], metric="ip", dtype="f32")
            # one thread: the graph, and so the answers, come out the same on every run
            self._index.add(np.arange(len(self.vectors), dtype=np.uint64), self.vectors, threads=1)

    def __len__(self) -> int:
        return len(self.vectors)

    def search(self, queries: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
        """The ``count`` nearest lead sentences of each query: (row ids, cosines), -1 where none."""
        count = min(count, len(self.vectors))
        if self._index is not None:
            found = self._index.search(queries.astype(np.float32), count, threads=1)
            ids = np.asarray(found.keys, dtype=np.int64).reshape(len(queries), -1)
            scores = 1.0 - np.asarray(found.distances, dtype=np.float32).reshape(len(queries), -1)
            ids[ids >= len(self.vectors)] = -1
            return ids, scores
        ids = np.empty((len(queries), count), dtype=np.int64)
        scores = np.empty((len(queries), count), dtype=np.float32)
        for first in range(0, len(queries), 1024):
            similarity = queries[first:first + 1024] @ self.vectors.T
            top = np.argpartition(-similarity, count - 1, axis=1)[:, :count]
            ids[first:first + 1024] = top
            scores[first:first + 1024] = np.take_along_axis(similarity, top, axis=1)
        return ids, scores

    def background(self, queries: np.ndarray, owner: int) -> np.ndarray:
        """Per query: the mean cosine of its :data:`BACKGROUND_NEIGHBOURS` nearest lead sentences in
        other articles of other languages than ``owner``'s (missing neighbours, in a small corpus,
        count as :data:`BACKGROUND_DEFAULT`). How close a sentence sits to the corpus at large:
        a sentence of a much-covered event is near many, its translation nearer still."""
        if not len(queries):
            return np.zeros(0, np.float32)
        language = self.languages[owner]
        ids, scores = self.search(queries, BACKGROUND_NEIGHBOURS * 4)
        values = np.full(len(queries), BACKGROUND_DEFAULT, dtype=np.float32)
        for row in range(len(queries)):
            kept = [float(score) for other, score in zip(ids[row], scores[row], strict=True)
                    if other >= 0 and self.owners[other] != owner
                    and self.languages[self.owners[other]] != language]
            kept = sorted(kept, reverse=True)[:BACKGROUND_NEIGHBOURS]
            kept += [BACKGROUND_DEFAULT] * (BACKGROUND_NEIGHBOURS - len(kept))
            values[row] = float(np.mean(kept))
        return values


def candidates(articles: Sequence[Sentences], index: LeadIndex) -> set[tuple[int, int]]:
    """Pairs (i, j), i < j, of articles in different languages with :data:`CANDIDATE_HITS`
    lead sentences (counted in both articles) that have a close sentence in the other."""
    if not len(index):
        return set()
    ids, scores = index.search(index.vectors, NEIGHBOURS)
    hits: Counter[tuple[int, int]] = Counter()
    for row in range(len(index)):
        mine = int(index.owners[row])
        matched: set[int] = set()
        for other, score in zip(ids[row], scores[row], strict=True):
            if other < 0 or score < CANDIDATE_COSINE:
                continue
            theirs = int(index.owners[other])
            if theirs == mine or theirs in matched:
                continue
            first, second = articles[mine].language, articles[theirs].language
            if not first or not second or first == second:
                continue
            matched.add(theirs)
            hits[(min(mine, theirs), max(mine, theirs))] += 1
    sizes = np.bincount(index.owners, minlength=len(articles))
    found = set()
    for (i, j), count in hits.items():
        # A match usually counts from both sides: a lead sentence of each finds the other.
        if count >= min(CANDIDATE_HITS, 2 * min(sizes[i], sizes[j])):
            found.add((i, j))
    return found


def align(first: Sequence[str], second: Sequence[str], closeness: np.ndarray) -> list[tuple[int, int]]:
    """The in-order alignment of two articles' sentences: the longest chain of (i, j) pairs,
    increasing in both, whose ``closeness`` (see :func:`closeness`) reaches :data:`ALIGN_MARGIN`
    and whose numbers agree; among equally long chains, the closest."""
    if not len(first) or not len(second):
        return []
    first_numbers = [numbers(text) for text in first]
    second_numbers = [numbers(text) for text in second]
    match = closeness >= ALIGN_MARGIN
    for i, j in zip(*np.nonzero(match), strict=True):
        if first_numbers[i] and second_numbers[j] and not first_numbers[i] & second_numbers[j]:
            match[i, j] = False
    n, m = match.shape
    # best[i][j]: (pairs, summed closeness) of the best chain within first[:i], second[:j]
    best = np.zeros((n + 1, m + 1, 2), dtype=np.float64)
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            options = [tuple(best[i - 1, j]), tuple(best[i, j - 1])]
            if match[i - 1, j - 1]:
                pairs, total = best[i - 1, j - 1]
                options.append((pairs + 1, total + closeness[i - 1, j - 1]))
            best[i, j] = max(options)
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


def closeness(first_vectors: np.ndarray, second_vectors: np.ndarray, first_background: np.ndarray,
              second_background: np.ndarray) -> np.ndarray:
    """Cross-domain similarity local scaling (CSLS; Conneau et al., 2018): twice the cosine less
    each sentence's background (:meth:`LeadIndex.background`). A same-event sentence is close to
    many sentences of the corpus and loses its closeness; a translation stays closer to its
    original than to anything else."""
    return 2 * (first_vectors @ second_vectors.T) - first_background[:, None] - second_background[None, :]


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
    return running >= TRANSLATION_RUN_SENTENCES and score >= TRANSLATION_SHARE, score


def default_sentence_vectors() -> SentenceVectors:
    return embed_sentences


@functools.cache
def _shared_encoder():
    from slant.runtime.sentences import SentenceEncoder

    return SentenceEncoder()


def embed_sentences(texts: Sequence[str]) -> np.ndarray:
    """One article's sentence vectors from this process's sentence encoder (loaded once): a
    module-level function, so Dask workers can run it, each with its own encoder."""
    return _shared_encoder().vectors(list(texts))
