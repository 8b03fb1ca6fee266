"""Bench: the English reporting offset of the genre model, swept (how GENRE_REPORTING_OFFSETS was chosen).

English is read without its prior, yet its encoder features were learnt on articles 88 % opinion,
and it calls reports of other outlets opinion. The genre model raises reporting's log-probability
in English by a fixed offset before the label is chosen. For each candidate offset this bench
prints two recalls it is chosen on:

* reports of other outlets: the share of PolNeAR's wire reports (``en-wire`` of
  ``bench/genre_pages.py``: AP, UPI, AFP and Reuters texts, 2015-2016) called reporting;
* in-domain opinion: the share of the SemEval English opinion articles called opinion, each by a
  model fitted without it (one 5-fold split, the shipped settings);

their mean, the English 5-fold macro-F1 over the SemEval articles, and, as a check not used in the
choice, macro-F1 on the English pages of ``bench/genre/``. The rule: the smallest offset within
0.01 of the best mean. The satire discounts and every other setting are the shipped model's;
only the English reporting offset moves.

    python bench/genre_offsets.py          # about two minutes; needs ../shared
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))

from genre_pages import DEFAULT_PAGES, DEFAULT_WIRE, LABELS, macro_f1, wire_reports  # noqa: E402

SEMEVAL = REPO.parent / "shared" / "data" / "semeval2023"
OFFSETS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
WITHIN = 0.01


def english_out_of_fold(seed: int) -> tuple[np.ndarray, list[str]]:
    """The SemEval English articles' out-of-fold genre probabilities and gold genres."""
    from slant.formats import semeval
    from slant.settings import get_settings
    from slant.training.articles import (
        SUBTASK_FOLDER,
        article_bags,
        article_styles,
        compute_features,
        default_technique_model_dir,
        out_of_fold_genre_probabilities,
    )
    from slant.training.data import LANGUAGE_FOLDERS, load_docs

    docs = [d for d in load_docs(SEMEVAL, list(LANGUAGE_FOLDERS), SUBTASK_FOLDER["genre"]) if d.genre is not None]
    features = compute_features(docs, default_technique_model_dir())
    config = json.loads((get_settings().models_dir / "genre" / "config.json").read_text())
    probs = out_of_fold_genre_probabilities(features, docs, list(semeval.genres()), config, seed, seed,
                                            article_bags(docs), article_styles(docs))
    english = [i for i, d in enumerate(docs) if d.language == "en"]
    return probs[english], [docs[i].genre for i in english]


def shipped_probabilities(paths_and_gold: list[tuple[Path, str, str | None]]) -> list[tuple[np.ndarray, str]]:
    """The shipped genre model's probabilities for English texts and pages, read as `slant analyze` reads them."""
    import slant
    from slant.runtime.pipeline import Pipeline

    pipeline = Pipeline(["techniques", "genre"])
    labels = pipeline.component("genre").labels
    out = []
    for path, gold, url in paths_and_gold:
        try:
            article = slant.read_file(path, url=url, language="en")
            scores = (pipeline.analyse_articles([article])[0].article.labels.get("genre") or {}).get("scores")
        except slant.SlantError:
            scores = None
        if scores:
            out.append((np.array([scores[label] for label in labels]), gold))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=13, help="the cross-validation split's seed")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    if not (SEMEVAL / "en").is_dir() or not DEFAULT_WIRE.is_dir():
        print(f"bench/genre_offsets.py: needs {SEMEVAL} and {DEFAULT_WIRE}; mount ../shared to run it", file=sys.stderr)
        return 2
    from slant.components.classifiers import FEATURE_LANGUAGES
    from slant.formats import semeval
    from slant.settings import get_settings

    labels = list(semeval.genres())
    weights = np.load(get_settings().models_dir / "genre" / "weights.npz")
    shipped = weights["class_offsets"][FEATURE_LANGUAGES.index("en")].astype(float)
    reporting = labels.index("reporting")

    oof, gold = english_out_of_fold(args.seed)
    wire = shipped_probabilities([(path, "reporting", None) for path in wire_reports(DEFAULT_WIRE)])
    rows = [json.loads(line) for line in LABELS.read_text().splitlines() if line.strip()]
    pages = shipped_probabilities([(DEFAULT_PAGES / row["file"], row["genre"], row.get("url")) for row in rows
                                   if row["language"] == "en" and row["genre"] in labels])

    def decide(probs: np.ndarray, offset: float) -> list[str]:
        offsets = shipped.copy()
        offsets[reporting] = offset
        return [labels[i] for i in np.argmax(np.log(np.clip(np.atleast_2d(probs), 1e-9, 1.0)) + offsets, axis=1)]

    table = []
    for offset in OFFSETS:
        wire_called = decide(np.array([p for p, _ in wire]), offset)
        oof_called = decide(oof, offset)
        opinion = [c == "opinion" for c, g in zip(oof_called, gold, strict=True) if g == "opinion"]
        wire_recall = sum(c == "reporting" for c in wire_called) / len(wire_called)
        opinion_recall = sum(opinion) / len(opinion)
        page_called = decide(np.array([p for p, _ in pages]), offset)
        table.append({"offset": offset, "wire_reporting_recall": round(wire_recall, 4),
                      "semeval_en_opinion_recall": round(opinion_recall, 4),
                      "mean": round((wire_recall + opinion_recall) / 2, 4),
                      "semeval_en_cv_macro_f1": round(macro_f1(gold, oof_called), 4),
                      "pages_en_macro_f1": round(macro_f1([g for _, g in pages], page_called), 4)})
    best = max(row["mean"] for row in table)
    chosen = min(row["offset"] for row in table if row["mean"] >= best - WITHIN)
    if args.json:
        print(json.dumps({"wire_reports": len(wire), "pages": len(pages), "table": table, "chosen": chosen}, indent=2))
        return 0
    print(f"{len(wire)} wire reports, {len(gold)} SemEval English articles (out of fold, seed {args.seed}), "
          f"{len(pages)} English pages (a check, not used to choose)")
    print(f"{'offset':>6} {'wire rep.':>9} {'SemEval op.':>11} {'mean':>6} {'SemEval CV':>10} {'pages':>6}")
    for row in table:
        print(f"{row['offset']:6.1f} {row['wire_reporting_recall']:9.3f} {row['semeval_en_opinion_recall']:11.3f} "
              f"{row['mean']:6.3f} {row['semeval_en_cv_macro_f1']:10.3f} {row['pages_en_macro_f1']:6.3f}")
    print(f"smallest offset within {WITHIN} of the best mean ({best:.3f}): {chosen:g} "
          f"(shipped: {shipped[reporting]:g})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
