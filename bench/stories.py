"""How the story thresholds were chosen: story vectors of the SemEval-2023 training articles.

    python bench/stories.py                                  # all six languages (about 20 min on 2 busy cores)
    python bench/stories.py --languages en --sample 25       # and read 25 random stories
    python bench/stories.py --vectors /tmp/v.npy             # keep the vectors; a rerun reads them back
    python bench/stories.py --translations FILE.json         # also: do translations join their original?
    python bench/stories.py --scale 10000                    # only: time the clustering of 10,000 made-up vectors

Each article is read as slant's story vectors read it (title and the first 1,000 characters of
the body, :func:`slant.corpus.facts.lead_text`) and embedded by the bundled e5-small encoder.
Printed: per language, the cosine similarity of all pairs of its articles and of each article's
nearest neighbour; the same for pairs in two different languages (the gap is what
``LANGUAGE_BONUS`` makes up); then for several thresholds, the stories
:func:`slant.corpus.stories.cluster` finds. The SemEval articles carry no story labels, so the
samples (``--sample``) are for reading: whether the articles of each story report the same event.

``--translations`` names a JSON object ``{"article111111115.txt": ["de", "translated title\\ntext"], ...}``
of translations one wrote of some of the articles' leads (SemEval's licence keeps them out of
the repository); each is added to the corpus and checked against its original.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from slant.corpus.facts import lead_text  # noqa: E402
from slant.corpus.stories import LANGUAGE_BONUS, THRESHOLD, cluster, embed_leads  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "data" / "semeval2023"
FOLDERS = {"en": "en", "fr": "fr", "de": "ge", "it": "it", "pl": "po", "ru": "ru"}


def read(data: Path, languages: list[str]) -> list[dict]:
    rows = []
    for language in languages:
        folder = data / FOLDERS[language] / "train-articles-subtask-1"
        for path in sorted(folder.glob("*.txt")):
            title, _, body = path.read_text(encoding="utf-8").strip().partition("\n")
            rows.append({"file": path.name, "language": language, "title": title.strip(), "lead": lead_text(title, body)})
    return rows


def pair_figures(similarity: np.ndarray, languages: np.ndarray) -> None:
    print("cosine similarity of story vectors (pairs of different articles)")
    for language in sorted(set(languages)):
        index = np.where(languages == language)[0]
        block = similarity[np.ix_(index, index)]
        pairs = block[np.triu_indices(len(index), 1)]
        np.fill_diagonal(block, -1.0)
        nearest = block.max(axis=1)
        print(f"  {language}: {len(index)} articles; pairs mean {pairs.mean():.3f}, 99th percentile "
              f"{np.quantile(pairs, 0.99):.3f}, 99.9th {np.quantile(pairs, 0.999):.3f}; nearest neighbour median "
              f"{np.median(nearest):.3f}")
    cross = similarity[np.triu(languages[:, None] != languages[None, :], 1)]
    if cross.size:
        same = similarity[np.triu(languages[:, None] == languages[None, :], 1)]
        print(f"  two languages: {cross.size} pairs; mean {cross.mean():.3f}, 99th percentile {np.quantile(cross, 0.99):.3f}, "
              f"99.9th {np.quantile(cross, 0.999):.3f}, highest {cross.max():.3f}; one language: mean {same.mean():.3f} "
              f"(gap {same.mean() - cross.mean():.3f}; LANGUAGE_BONUS is {LANGUAGE_BONUS})")


def top_cross_pairs(similarity: np.ndarray, rows: list[dict], count: int = 8) -> None:
    """The most similar pairs of articles in two languages (translations left out): for reading."""
    languages = np.array([row["language"] for row in rows])
    original = np.array(["original" not in row for row in rows])
    mask = np.triu(languages[:, None] != languages[None, :], 1) & original[:, None] & original[None, :]
    pairs = np.argwhere(mask)
    values = similarity[mask]
    print("  most similar pairs in two languages:")
    for index in np.argsort(-values)[:count]:
        i, j = pairs[index]
        print(f"    {values[index]:.3f} {languages[i]}/{languages[j]}: {rows[i]['title'][:60]} || {rows[j]['title'][:60]}")


def scale(count: int) -> int:
    """Clustering time for ``count`` vectors: groups of 2 to 20 around random centres (cosine
    about 0.92 to their centre) and a shared component that compresses the range as e5's is."""
    rng = np.random.default_rng(0)
    dimensions = 384
    common = rng.normal(size=dimensions)
    common /= np.linalg.norm(common)
    rows = []
    while len(rows) < count:
        centre = rng.normal(size=dimensions)
        centre /= np.linalg.norm(centre)
        for _ in range(int(rng.integers(2, 21))):
            noise = rng.normal(size=dimensions)
            noise /= np.linalg.norm(noise)
            rows.append(0.9 * common + 0.4 * centre + 0.17 * noise)
    vectors = np.array(rows[:count])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    languages = [["en", "de", "fr"][i % 3] for i in range(count)]
    started = time.perf_counter()
    groups = cluster(vectors, None, languages)
    elapsed = time.perf_counter() - started
    print(f"{count} vectors: {len(groups)} stories holding {sum(map(len, groups))} articles in {elapsed:.1f} s")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--languages", default="en,fr,de,it,pl,ru")
    parser.add_argument("--thresholds", default="0.87,0.88,0.89,0.90,0.91,0.92")
    parser.add_argument("--vectors", type=Path, help="a .npy file: read the vectors from it if it exists, else write them")
    parser.add_argument("--translations", type=Path)
    parser.add_argument("--sample", type=int, default=0, help="print this many random stories at the default threshold")
    parser.add_argument("--scale", type=int, default=0, help="time the clustering of this many made-up vectors, nothing else")
    args = parser.parse_args()
    if args.scale:
        return scale(args.scale)
    if not args.data.is_dir():
        print(f"no SemEval data at {args.data}; give --data", file=sys.stderr)
        return 2
    rows = read(args.data, args.languages.split(","))
    originals = {row["file"]: index for index, row in enumerate(rows)}
    translations = json.loads(args.translations.read_text(encoding="utf-8")) if args.translations else {}
    for name, (language, text) in translations.items():
        title, _, body = text.partition("\n")
        rows.append({"file": f"{name} ({language} translation)", "language": language, "title": title,
                     "lead": lead_text(title, body), "original": originals[name]})
    if args.vectors and args.vectors.exists():
        vectors = np.load(args.vectors)
        print(f"{len(vectors)} vectors read from {args.vectors}")
    else:
        started = time.perf_counter()
        vectors = embed_leads([row["lead"] for row in rows])
        elapsed = time.perf_counter() - started
        print(f"{len(rows)} story vectors in {elapsed:.0f} s ({len(rows) / elapsed:.2f} articles/s)")
        if args.vectors:
            np.save(args.vectors, vectors)
    if len(vectors) != len(rows):
        print(f"{args.vectors} holds {len(vectors)} vectors for {len(rows)} articles: remove it", file=sys.stderr)
        return 2
    vectors = vectors.astype(np.float64)
    languages = np.array([row["language"] for row in rows])
    similarity = vectors @ vectors.T
    articles = np.array(["original" not in row for row in rows])  # the SemEval articles, translations aside
    pair_figures(similarity[np.ix_(articles, articles)], languages[articles])
    top_cross_pairs(similarity, rows)

    for row in rows:
        if "original" in row:
            index = rows.index(row)
            similarity = vectors @ vectors[index]
            similarity[index] = -1.0
            rank = int((similarity > similarity[row["original"]]).sum()) + 1
            print(f"  {row['file']}: {similarity[row['original']]:.3f} to its original, which ranks {rank} among "
                  f"its neighbours")
    for threshold in (float(value) for value in args.thresholds.split(",")):
        started = time.perf_counter()
        groups = cluster(vectors, None, list(languages), threshold=threshold)
        elapsed = time.perf_counter() - started
        where = {index: number for number, group in enumerate(groups) for index in group}
        joined = sum(1 for index, row in enumerate(rows)
                     if "original" in row and index in where and where.get(row["original"]) == where[index])
        sizes = sorted((len(group) for group in groups), reverse=True)
        mixed = sum(1 for group in groups if len({languages[i] for i in group}) > 1)
        line = (f"threshold {threshold:.2f}: {len(groups)} stories holding {sum(sizes)} of {len(rows)} articles, "
                f"largest {sizes[:5]}, {mixed} in more than one language, {elapsed:.1f} s")
        if translations:
            line += f"; translations in their original's story: {joined} of {len(translations)}"
        print(line)
        if args.sample and abs(threshold - THRESHOLD) < 1e-9:
            for group in random.Random(2).sample(groups, min(args.sample, len(groups))):
                print(f"    -- {len(group)} articles")
                for index in group[:6]:
                    print(f"       {languages[index]} {rows[index]['title'][:100]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
