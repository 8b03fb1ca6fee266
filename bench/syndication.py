"""Pair precision, recall and F1 of `slant corpus syndication` on our labelled set of real pages.

    python bench/syndication.py                       # texts from $SLANT_SYNDICATION_PAGES or ../syndication-pages
    python bench/syndication.py --pages DIR --json
    python bench/syndication.py --baseline            # word-shingle Jaccard alone, for comparison

The set (bench/syndication/, see its README) lists pages by URL with the SHA-256 of their text,
and labelled pairs: copy, partial, translation, or none (a same-event report written
independently, or another hard negative). The texts are third-party and are not in the
repository: the script reads them from --pages (one <id>.txt per page) and refuses a text whose
hash differs from the one recorded.

Each page becomes an article as `slant corpus add` would read it (slant.read: normalised text,
paragraphs, sentences, language detected), with its URL, site and date; the pairs
slant.corpus.syndication.find_syndication returns are compared with the labels. A predicted pair
counts as right when the labels call it copy, partial or translation (whatever the relation);
pairs the labels do not list are negatives. Reported: precision, recall and F1 over pairs, the
recall over cross-lingual positive pairs, and which relation was given to the right pairs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

SET = REPO / "bench" / "syndication"
POSITIVE = ("copy", "partial", "translation")


def default_pages() -> Path:
    return Path(os.environ.get("SLANT_SYNDICATION_PAGES") or REPO.parent / "syndication-pages")


def load_set(pages_dir: Path) -> tuple[list[dict], dict[frozenset, dict], list[str]]:
    pages = [json.loads(line) for line in (SET / "pages.jsonl").read_text().splitlines() if line.strip()]
    labels = {}
    for line in (SET / "pairs.jsonl").read_text().splitlines():
        if line.strip():
            pair = json.loads(line)
            labels[frozenset((pair["a"], pair["b"]))] = pair
    missing = []
    for page in pages:
        path = pages_dir / f"{page['id']}.txt"
        if not path.exists():
            missing.append(page["id"])
            continue
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != page["text_sha256"]:
            raise SystemExit(f"{path}: its text differs from the one labelled (sha256); fetch {page['url']} again")
        page["text"] = data.decode("utf-8")
    return pages, labels, missing


def documents(pages: list[dict]) -> list[dict]:
    import slant
    from slant.doc.analysis import Analysis

    found = []
    for page in pages:
        if "text" not in page:
            continue
        article = slant.read(page["text"], url=page["url"], kind="text")
        article.source = f"{page['id']}.txt"
        document = Analysis(article).to_dict()
        document["metadata"]["site"] = page.get("site") or document["metadata"].get("site")
        document["metadata"]["published"] = page.get("published")
        document["metadata"]["url"] = page["id"]  # pairs come back under the page's id
        found.append(document)
    return found


def shingle_baseline(docs: list[dict], threshold: float) -> set[frozenset]:
    from slant.corpus.syndication import shingles

    grams = {doc["metadata"]["url"]: shingles(doc["text"]) for doc in docs}
    keys = sorted(grams)
    pairs = set()
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            union = len(grams[a] | grams[b])
            if union and len(grams[a] & grams[b]) / union >= threshold:
                pairs.add(frozenset((a, b)))
    return pairs


def score(predicted: dict[frozenset, str], labels: dict[frozenset, dict], language: dict[str, str]) -> dict:
    positives = {key for key, pair in labels.items() if pair["relation"] in POSITIVE}
    cross = {key for key in positives if len({language[k] for k in key}) > 1}
    hits = set(predicted) & positives
    precision = len(hits) / len(predicted) if predicted else 0.0
    recall = len(hits) / len(positives) if positives else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    relations = Counter(f"{labels[key]['relation']}->{predicted[key]}" for key in hits)
    false = sorted(" / ".join(sorted(key)) + f" ({predicted[key]}; labelled "
                   f"{labels[key]['relation'] if key in labels else 'unlisted'})"
                   for key in set(predicted) - positives)
    missed = sorted(" / ".join(sorted(key)) + f" ({labels[key]['relation']})" for key in positives - set(predicted))
    return {
        "pairs_predicted": len(predicted), "pairs_labelled_positive": len(positives),
        "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
        "cross_lingual_positive": len(cross),
        "cross_lingual_recall": round(len(hits & cross) / len(cross), 3) if cross else None,
        "relations": dict(sorted(relations.items())), "false_pairs": false, "missed_pairs": missed,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=Path, default=default_pages(), help="folder of <id>.txt page texts")
    parser.add_argument("--baseline", type=float, nargs="?", const=0.3, default=None, metavar="JACCARD",
                        help="score word-shingle Jaccard >= JACCARD (default 0.3) instead of slant")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    if not args.pages.is_dir():
        print(f"bench/syndication.py: no page texts at {args.pages}: give --pages DIR (see bench/syndication/README.md)",
              file=sys.stderr)
        return 2
    pages, labels, missing = load_set(args.pages)
    if missing:
        print(f"{len(missing)} of {len(pages)} page texts are missing from {args.pages}; scoring without them",
              file=sys.stderr)
        kept = {page["id"] for page in pages if "text" in page}
        labels = {key: pair for key, pair in labels.items() if key <= kept}
    docs = documents(pages)
    language = {doc["metadata"]["url"]: doc.get("language") for doc in docs}
    started = time.perf_counter()
    if args.baseline is not None:
        predicted = dict.fromkeys(shingle_baseline(docs, args.baseline), "jaccard")
        method = f"word-shingle Jaccard >= {args.baseline}"
    else:
        from slant.corpus.syndication import find_syndication

        predicted = {frozenset((p.a, p.b)): p.relation for p in find_syndication(docs)}
        method = "slant corpus syndication"
    figures = {"method": method, "pages": len(docs), "languages": len(set(language.values())),
               "seconds": round(time.perf_counter() - started, 1), **score(predicted, labels, language)}
    if args.json:
        print(json.dumps(figures, indent=2, ensure_ascii=False))
        return 0
    print(f"{method}: {figures['pages']} pages, {figures['languages']} languages, {figures['seconds']} s")
    print(f"pairs: {figures['pairs_predicted']} predicted, {figures['pairs_labelled_positive']} labelled positive")
    print(f"precision {figures['precision']:.3f}  recall {figures['recall']:.3f}  F1 {figures['f1']:.3f}  "
          f"cross-lingual recall {figures['cross_lingual_recall']} (of {figures['cross_lingual_positive']})")
    print("relations (labelled->predicted):", figures["relations"])
    for title, rows in (("false pairs", figures["false_pairs"]), ("missed pairs", figures["missed_pairs"])):
        if rows:
            print(f"{title}:")
            for row in rows:
                print("  " + row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
