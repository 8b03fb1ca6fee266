"""Genre on real article pages unlike the training data: macro-F1 on bench/genre/pages.jsonl.

    python bench/genre_pages.py                 # every language with labelled pages
    python bench/genre_pages.py --language en --confusion
    python bench/genre_pages.py --language en --style-blend 0   # without the writing-style model

The set (bench/genre/README.md) labels article pages of ../shared/data/trafilatura-eval/html/ by
genre, read by a person: reporting, opinion, satire (and other, left out here). The pages come
from some 200 sites and many years, so the figure shows how the genre model carries to outlets
it was not trained on, which a split of the training data cannot show. Each page goes through
the same path as `slant analyze PAGE` (extraction, segmentation, the genre component); the
predicted label is the genre's top label. Pages whose extraction yields no text are counted as
misses. Reported per language: pages, macro-F1 over the genres present in the gold labels,
accuracy, and (with --confusion) the confusion table. "uncertain" counts the pages whose top label
the model itself gives under one half (shown to users as "uncertain"), with the accuracy of the
top label on those pages and on the rest.

Row "en-wire": the 75 texts of PolNeAR (``../shared/data/attribution/polnear``, train and dev; US
election coverage, 2015-2016) whose metadata credits a wire agency (AP, UPI, AFP, Reuters;
republished by Breitbart and the Huffington Post): reports by any reading, from other outlets and
years than the training articles. Read as `slant analyze FILE.txt --language en` reads them. Its
accuracy is the share called reporting.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

DEFAULT_PAGES = REPO.parent / "shared" / "data" / "trafilatura-eval" / "html"
DEFAULT_WIRE = REPO.parent / "shared" / "data" / "attribution" / "polnear"
LABELS = REPO / "bench" / "genre" / "pages.jsonl"
GENRES = ("reporting", "opinion", "satire")


def macro_f1(gold: list[str], predicted: list[str]) -> float:
    present = sorted(set(gold))
    scores = []
    for genre in present:
        tp = sum(g == p == genre for g, p in zip(gold, predicted, strict=True))
        fp = sum(p == genre and g != genre for g, p in zip(gold, predicted, strict=True))
        fn = sum(g == genre and p != genre for g, p in zip(gold, predicted, strict=True))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


WIRE_AGENCIES = {"ap", "upi", "afp", "reuters"}


def wire_reports(polnear: Path) -> list[Path]:
    """PolNeAR's train and dev texts that its metadata credits to a wire agency. (Its `wire`
    column also holds "NA" and "" for publishers whose credits were not recorded.)"""
    import csv

    metadata = polnear / "metadata.tsv"
    if not metadata.is_file():
        print(f"bench/genre_pages.py: no PolNeAR at {polnear}; the en-wire row is left out", file=sys.stderr)
        return []
    with metadata.open(encoding="utf-8", newline="") as handle:
        credited = [row["filename"] for row in csv.DictReader(handle, delimiter="\t")
                    if (row.get("wire") or "").strip().lower() in WIRE_AGENCIES]
    found = [polnear / split / "text" / f"{name}.txt" for name in credited for split in ("train", "dev")]
    return sorted(path for path in found if path.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=Path, default=DEFAULT_PAGES, help="the trafilatura-eval html/ folder")
    parser.add_argument("--language", default="all", help="one language code, or all")
    parser.add_argument("--confusion", action="store_true", help="print the confusion table per language")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--wire", type=Path, default=DEFAULT_WIRE,
                        help="the PolNeAR folder, for the en-wire row (skipped when absent)")
    parser.add_argument("--style-blend", type=float, default=None, metavar="SHARE",
                        help="read the prior-free languages with this share of the writing-style model instead of "
                             "the model's own (0 to 1)")
    args = parser.parse_args(argv)
    if not args.pages.is_dir():
        print(f"bench/genre_pages.py: no pages at {args.pages} (see bench/genre/README.md)", file=sys.stderr)
        return 2
    import slant
    from slant.runtime.pipeline import Pipeline

    rows = [json.loads(line) for line in LABELS.read_text().splitlines() if line.strip()]
    rows = [row for row in rows if row["genre"] in GENRES and (args.language == "all" or row["language"] == args.language)]
    pipeline = Pipeline(["techniques", "genre"])
    if args.style_blend is not None:
        pipeline.component("genre").style_blend = args.style_blend
    started = time.perf_counter()
    by_language: dict[str, list[tuple[str, str]]] = defaultdict(list)
    uncertain_by_language: dict[str, list[bool]] = defaultdict(list)
    for row in rows:
        predicted = "(none)"
        uncertain = False
        try:
            article = slant.read_file(args.pages / row["file"], url=row.get("url"), language=row["language"])
            analysis = pipeline.analyse_articles([article])[0]
            genre = analysis.article.labels.get("genre") or {}
            predicted = genre.get("label") or "(none)"
            uncertain = bool(genre.get("uncertain"))
        except slant.SlantError as exc:
            print(f"{row['file']}: {exc}", file=sys.stderr)
        by_language[row["language"]].append((row["genre"], predicted))
        uncertain_by_language[row["language"]].append(uncertain)
    if args.language in ("all", "en"):
        for path in wire_reports(args.wire):
            article = slant.read_file(path, language="en")
            genre = pipeline.analyse_articles([article])[0].article.labels.get("genre") or {}
            by_language["en-wire"].append(("reporting", genre.get("label") or "(none)"))
            uncertain_by_language["en-wire"].append(bool(genre.get("uncertain")))
    figures = {}
    for language, pairs in sorted(by_language.items()):
        gold, predicted = [g for g, _ in pairs], [p for _, p in pairs]
        flags = uncertain_by_language[language]
        unsure = [g == p for (g, p), flag in zip(pairs, flags, strict=True) if flag]
        sure = [g == p for (g, p), flag in zip(pairs, flags, strict=True) if not flag]
        figures[language] = {
            "pages": len(pairs), "gold": dict(Counter(gold)), "predicted": dict(Counter(predicted)),
            "macro_f1": round(macro_f1(gold, predicted), 3),
            "accuracy": round(sum(g == p for g, p in pairs) / len(pairs), 3),
            "uncertain": len(unsure),
            "accuracy_uncertain": round(sum(unsure) / len(unsure), 3) if unsure else None,
            "accuracy_certain": round(sum(sure) / len(sure), 3) if sure else None,
            "confusion": {f"{g}->{p}": n for (g, p), n in sorted(Counter(pairs).items())},
        }
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"genre on hand-labelled article pages ({time.perf_counter() - started:.0f} s)")
    print(f"{'lang':7} {'pages':>5} {'macro-F1':>9} {'accuracy':>9} {'uncertain':>9} {'acc. unc.':>9} {'acc. rest':>9}"
          "  gold / predicted")

    def share(value: float | None) -> str:
        return f"{value:9.3f}" if value is not None else f"{'-':>9}"

    for language, row in figures.items():
        print(f"{language:7} {row['pages']:5d} {row['macro_f1']:9.3f} {row['accuracy']:9.3f} {row['uncertain']:9d} "
              f"{share(row['accuracy_uncertain'])} {share(row['accuracy_certain'])}  {row['gold']} / {row['predicted']}")
        if args.confusion:
            for key, count in row["confusion"].items():
                print(f"      {key}: {count}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
