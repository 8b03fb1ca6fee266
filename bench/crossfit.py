"""Paragraph micro-F1 of technique models on our dev split, with thresholds cross-fitted.

    python bench/crossfit.py                                   # the shipped model
    python bench/crossfit.py --model A --model B --ensemble    # several models and their mean
    python bench/crossfit.py --per-technique                   # also the older threshold rule

Each model scores the dev articles (20 % of each language, a fixed hash of the id) through the
int8 ONNX encoder that inference uses; a model with a paragraph-context head is scored with it
(as inference runs it) and without it. The dev articles are then halved at random, by article,
`--halvings` times; each half is predicted with thresholds fitted on the other half, so no
figure is tuned on the articles it scores. The table gives the mean over the halvings.
Threshold rules:
  micro          what `slant train` ships: micro-F1 over all techniques together
                 (slant.training.calibration.calibrate_thresholds)
  per-technique  each technique's threshold maximises that technique's own F1, shrunk toward
                 the global threshold by its positives (slant's rule before the micro rule)
`--ensemble` also scores the mean of the models' final probabilities (it costs one encoder pass per
model at inference, so slant does not ship it).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from slant.components.paragraph_context import load_context_head  # noqa: E402
from slant.training.calibration import best_threshold, calibrate_thresholds  # noqa: E402
from slant.training.data import is_dev, load_docs  # noqa: E402
from slant.training.dev_scoring import apply_context_head, score_dev_paragraphs  # noqa: E402
from slant.training.dev_scoring import micro_f1 as micro_scores  # noqa: E402
from slant.training.examples import technique_labels  # noqa: E402
from slant.training.predictors import onnx_predictor  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "data" / "semeval2023"
DEFAULT_MODEL = REPO / "src" / "slant" / "models" / "techniques"
LANGUAGES = ["en", "fr", "de", "it", "pl", "ru"]
GRID = np.arange(0.05, 0.96, 0.025)


def per_technique_thresholds(probs: np.ndarray, gold: np.ndarray) -> np.ndarray:
    """slant's rule before the micro one: each technique's own best-F1 threshold, pulled toward
    the global threshold by positives / (positives + 20); under 3 positives, the global one."""
    global_threshold, _ = best_threshold(probs.ravel(), gold.ravel(), GRID)
    thresholds = np.full(probs.shape[1], global_threshold)
    for label in range(probs.shape[1]):
        positives = int(gold[:, label].sum())
        if positives >= 3:
            own, _ = best_threshold(probs[:, label], gold[:, label], GRID)
            weight = positives / (positives + 20.0)
            thresholds[label] = weight * own + (1 - weight) * global_threshold
    return thresholds


def micro_thresholds(probs: np.ndarray, gold: np.ndarray) -> np.ndarray:
    return np.array(calibrate_thresholds(probs, gold))


def micro_f1(predicted: np.ndarray, gold: np.ndarray) -> float:
    return micro_scores(predicted, gold)["f1"]


def cross_fitted(probs, gold, article_of_row, language_of_row, fit_thresholds, halvings: int) -> np.ndarray:
    """Per halving and language: micro-F1 of each half predicted with the other half's thresholds."""
    scores = np.zeros((halvings, len(LANGUAGES)))
    for halving in range(halvings):
        half = np.array([int(hashlib.md5(f"{halving}:{a}".encode()).hexdigest(), 16) % 2 for a in article_of_row])
        predicted = np.zeros_like(gold)
        for held in (0, 1):
            fit = half != held
            predicted[~fit] = probs[~fit] >= fit_thresholds(probs[fit], gold[fit])
        for column, language in enumerate(LANGUAGES):
            rows = language_of_row == language
            scores[halving, column] = micro_f1(predicted[rows], gold[rows])
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--model", type=Path, action="append", help="technique model folder (repeatable)")
    parser.add_argument("--halvings", type=int, default=8)
    parser.add_argument("--per-technique", action="store_true", help="also score the per-technique threshold rule")
    parser.add_argument("--ensemble", action="store_true", help="also score the mean probability of the models")
    args = parser.parse_args()
    if not args.data.is_dir():
        sys.exit(f"no SemEval data at {args.data}: pass --data ../shared/data/semeval2023")
    models = args.model or [DEFAULT_MODEL]
    started = time.time()
    docs = [doc for doc in load_docs(args.data, LANGUAGES) if is_dev(doc.article_id)]
    article_of_row = np.array([doc.article_id for doc in docs for _ in doc.paragraphs])
    language_of_row = np.array([doc.language for doc in docs for _ in doc.paragraphs])
    rules = {"micro": micro_thresholds}
    if args.per_technique:
        rules["per-technique"] = per_technique_thresholds
    labels = technique_labels()
    probabilities: dict[str, np.ndarray] = {}
    as_shipped: list[np.ndarray] = []  # each model's probabilities as inference gives them
    gold = None
    for model in models:
        dev = score_dev_paragraphs(onnx_predictor(model), docs, labels)
        gold = dev.gold
        context_head = load_context_head(model)
        if context_head is None:
            probabilities[str(model)] = dev.probs
            as_shipped.append(dev.probs)
        else:  # what users get, and the paragraph head alone for comparison
            probabilities[f"{model} (paragraph head alone)"] = dev.probs
            as_shipped.append(apply_context_head(context_head, dev.probs, docs))
            probabilities[f"{model} (with its context head)"] = as_shipped[-1]
    if args.ensemble and len(models) > 1:
        probabilities["ensemble (mean probability)"] = np.mean(as_shipped, axis=0)
    print(f"{len(docs)} dev articles, {len(gold)} paragraphs; thresholds cross-fitted over {args.halvings} "
          "random halvings by article (mean paragraph micro-F1)")
    print(f"| model | thresholds | {' | '.join(LANGUAGES)} | mean |")
    print("|---|---|" + "---|" * (len(LANGUAGES) + 1))
    for name, probs in probabilities.items():
        for rule, fit in rules.items():
            scores = cross_fitted(probs, gold, article_of_row, language_of_row, fit, args.halvings).mean(axis=0)
            cells = " | ".join(f"{score:.3f}" for score in scores)
            print(f"| {name} | {rule} | {cells} | {scores.mean():.4f} |", flush=True)
    print(f"({time.time() - started:.0f} s)")


if __name__ == "__main__":
    main()
