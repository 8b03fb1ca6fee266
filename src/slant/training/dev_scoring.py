"""Score a technique model on the dev split and fit its thresholds there.

:func:`evaluate_and_calibrate` runs a predictor over the dev articles' windows, scores paragraph
labels (subtask 3) and spans per language with cross-fitted thresholds, and fits the thresholds
a model ships with; :func:`calibrate_onnx` does that again on the int8 ONNX encoder that
inference runs.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from slant.components.encoded import Window, paragraph_max
from slant.components.paragraph_context import load_context_head, paragraph_lengths
from slant.doc.article import Span
from slant.errors import SlantError
from slant.runtime.windows import cut_windows
from slant.training.calibration import calibrate_thresholds
from slant.training.data import TrainingDoc, is_dev, load_docs
from slant.training.predictors import onnx_predictor

log = logging.getLogger(__name__)


THRESHOLD_KEYS = ("paragraph_thresholds", "token_thresholds", "precision_thresholds")


def micro_f1(predicted: np.ndarray, gold: np.ndarray) -> dict[str, float]:
    tp = float((predicted & gold).sum())
    fp = float((predicted & ~gold).sum())
    fn = float((~predicted & gold).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


@dataclass
class DevParagraphs:
    """A model's outputs on dev articles: per window, and per paragraph (rows in doc order)."""

    windows: list[Window]
    owners: list[tuple[int, int]]  # (doc, paragraph index) per window
    token_window_probs: list[np.ndarray]
    probs: np.ndarray  # (paragraphs, labels): the max over a paragraph's windows
    gold: np.ndarray  # (paragraphs, labels) bool, from the official paragraph labels
    key_index: dict[tuple[int, int], int]  # (doc, paragraph index) -> row


def paragraph_gold(docs: list[TrainingDoc], labels: list[str]) -> np.ndarray:
    """(paragraphs, labels) bool from the official paragraph labels, rows in doc order."""
    label_index = {label: i for i, label in enumerate(labels)}
    gold = np.zeros((sum(len(doc.paragraphs) for doc in docs), len(labels)), dtype=bool)
    row = 0
    for doc in docs:
        for _, _, line in doc.paragraphs:
            for technique in doc.paragraph_labels.get(line, ()):
                if technique in label_index:
                    gold[row, label_index[technique]] = True
            row += 1
    return gold


def doc_rows(docs: list[TrainingDoc], rows: int):
    """(doc, slice of its paragraphs' rows) for arrays with one row per paragraph, docs in order."""
    paragraphs = sum(len(doc.paragraphs) for doc in docs)
    if paragraphs != rows:
        raise ValueError(f"{rows} rows for {paragraphs} paragraphs: one row per paragraph, docs in order")
    first = 0
    for doc in docs:
        yield doc, slice(first, first + len(doc.paragraphs))
        first += len(doc.paragraphs)


def apply_context_head(context_head, probs: np.ndarray, docs: list[TrainingDoc]) -> np.ndarray:
    """Each doc's rows of ``probs`` (rows in doc order) re-scored by the paragraph-context head."""
    rescored = probs.copy()
    for doc, rows in doc_rows(docs, len(probs)):
        rescored[rows] = context_head.apply(probs[rows], paragraph_lengths(doc.paragraphs))
    return rescored


def score_dev_paragraphs(predict, dev_docs: list[TrainingDoc], labels: list[str], context_head=None) -> DevParagraphs:
    """``context_head``: a :class:`slant.components.paragraph_context.ContextHead` to re-score the paragraphs
    with, as inference does, or None."""
    windows: list[Window] = []
    owners: list[tuple[int, int]] = []
    for doc_index, doc in enumerate(dev_docs):
        doc_windows = cut_windows(doc.text, [(s, e) for s, e, _ in doc.paragraphs])
        windows.extend(doc_windows)
        owners.extend((doc_index, w.paragraph) for w in doc_windows)
    paragraph_window_probs, token_window_probs = predict(windows)

    paragraph_keys = [(d, p) for d, doc in enumerate(dev_docs) for p in range(len(doc.paragraphs))]
    key_index = {key: i for i, key in enumerate(paragraph_keys)}
    probs = paragraph_max([key_index[owner] for owner in owners], paragraph_window_probs, len(paragraph_keys),
                          len(labels))
    if context_head is not None:
        probs = apply_context_head(context_head, probs, dev_docs)
    return DevParagraphs(windows, owners, token_window_probs, probs, paragraph_gold(dev_docs, labels), key_index)


def evaluate_and_calibrate(predict, dev_docs: list[TrainingDoc], labels: list[str], context_head=None) -> dict:
    """Paragraph thresholds by two-fold cross-fitting on the dev split (reported scores never use
    thresholds tuned on the same articles); the shipped thresholds use the whole dev split."""
    from slant.components.techniques import decode_spans
    from slant.formats import scorers

    dev = score_dev_paragraphs(predict, dev_docs, labels, context_head)
    windows, owners, token_window_probs = dev.windows, dev.owners, dev.token_window_probs
    probs, gold, key_index = dev.probs, dev.gold, dev.key_index
    paragraph_keys = list(key_index)
    doc_of_row = np.array([d for d, _ in paragraph_keys])
    fold = np.array([int(dev_docs[d].article_id[-1]) % 2 for d in doc_of_row])
    predicted = np.zeros_like(gold)
    for held in (0, 1):
        fit = fold != held
        thresholds = np.array(calibrate_thresholds(probs[fit], gold[fit]))
        predicted[~fit] = probs[~fit] >= thresholds
    scores: dict[str, dict] = {}
    for language in sorted({d.language for d in dev_docs}):
        rows = np.array([dev_docs[d].language == language for d in doc_of_row])
        scores[language] = {
            "articles": int(sum(1 for d in dev_docs if d.language == language)),
            "paragraphs": int(rows.sum()),
            "subtask3_micro": micro_f1(predicted[rows], gold[rows]),
        }
    paragraph_thresholds = calibrate_thresholds(probs, gold)
    precision_thresholds = calibrate_thresholds(probs, gold, beta=0.5)

    # Token thresholds: one per label from the dev split (spans are scored per language below).
    token_thresholds = [0.5] * len(labels)
    best_global = (0.5, -1.0)
    for threshold in (0.3, 0.4, 0.5, 0.6, 0.7):
        result = _span_scores(dev_docs, windows, owners, token_window_probs, probs, key_index, paragraph_thresholds,
                              [threshold] * len(labels), labels, decode_spans, scorers)
        binary_f1 = np.mean([r["binary"]["f1"] for r in result.values()])
        if binary_f1 > best_global[1]:
            best_global = (threshold, binary_f1)
    token_thresholds = [best_global[0]] * len(labels)
    span_scores = _span_scores(dev_docs, windows, owners, token_window_probs, probs, key_index, paragraph_thresholds,
                               token_thresholds, labels, decode_spans, scorers)
    for language, result in span_scores.items():
        scores[language]["spans"] = result
    return {
        "scores": scores,
        "paragraph_thresholds": [float(t) for t in paragraph_thresholds],
        "precision_thresholds": [float(t) for t in precision_thresholds],
        "token_thresholds": [float(t) for t in token_thresholds],
    }


def _span_scores(dev_docs, windows, owners, token_logits, probs, key_index, paragraph_thresholds, token_thresholds,
                 labels, decode_spans, scorers) -> dict:
    from slant.components.techniques import span_end_words

    by_language: dict[str, tuple[dict, dict]] = {}
    windows_of_doc: dict[int, list[int]] = {}
    for window_index, (doc_index, _) in enumerate(owners):
        windows_of_doc.setdefault(doc_index, []).append(window_index)
    for doc_index, doc in enumerate(dev_docs):
        doc_windows = windows_of_doc.get(doc_index, [])
        paragraph_probs = np.stack([probs[key_index[(doc_index, p)]] for p in range(len(doc.paragraphs))]) if doc.paragraphs else np.zeros((0, len(labels)))
        spans = decode_spans(
            doc.text,
            [(s, e) for s, e, _ in doc.paragraphs],
            [windows[i] for i in doc_windows],
            [token_logits[i] for i in doc_windows],
            paragraph_probs,
            labels,
            np.array(paragraph_thresholds),
            np.array(token_thresholds),
            function_words=span_end_words(doc.language),
        )
        gold_by_id, predicted_by_id = by_language.setdefault(doc.language, ({}, {}))
        gold_by_id[doc.article_id] = [Span(s, e, t) for t, s, e in doc.spans]
        predicted_by_id[doc.article_id] = list(spans)
    results = {}
    for language, (gold_by_id, predicted_by_id) in by_language.items():
        results[language] = {}
        for variant, binary in (("labeled", False), ("binary", True)):
            score = scorers.score_spans(gold_by_id, predicted_by_id, binary=binary, labels=labels)
            results[language][variant] = {
                "precision": round(score.precision, 4), "recall": round(score.recall, 4), "f1": round(score.f1, 4)
            }
    return results


def calibrate_onnx(model_dir: Path, data: Path, dev_docs: list[TrainingDoc] | None = None) -> dict:
    """Refit thresholds and dev figures on the int8 ONNX encoder that inference runs (its
    scores differ a little from the float model's)."""
    config_path, meta_path = model_dir / "config.json", model_dir / "meta.json"
    model_config = json.loads(config_path.read_text())
    meta = json.loads(meta_path.read_text())
    if meta.get("final_fit"):
        raise SlantError(f"{model_dir} was trained on the dev split too: calibrating on it would score training "
                         "articles; recalibrate its train-split model and retrain with --thresholds-from")
    if dev_docs is None:
        docs = load_docs(data, list(model_config["languages"]))
        dev_docs = [d for d in docs if is_dev(d.article_id)]
    started = time.time()
    evaluation = evaluate_and_calibrate(onnx_predictor(model_dir), dev_docs, model_config["labels"],
                                        load_context_head(model_dir))
    for key in THRESHOLD_KEYS:
        model_config[key] = evaluation[key]
    meta["dev_scores"] = evaluation["scores"]
    meta["calibration"] = {"encoder": "int8 ONNX (as shipped)", "seconds": round(time.time() - started)}
    config_path.write_text(json.dumps(model_config, indent=1))
    meta_path.write_text(json.dumps(meta, indent=1))
    log.info("calibrated %s on the int8 encoder: %s", model_dir, json.dumps(evaluation["scores"]))
    return evaluation
