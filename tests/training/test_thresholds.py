"""Threshold calibration for micro-F1 (subtask 3 and frames are scored by micro-F1)."""

import numpy as np
import pytest

from slant.training.calibration import best_threshold, calibrate_thresholds


def _micro_f1(probs, gold, thresholds):
    predicted = probs >= np.asarray(thresholds)
    tp = (predicted & gold).sum()
    return 2 * tp / (predicted.sum() + gold.sum())


def _two_labels(seed=0, rows=2000):
    rng = np.random.default_rng(seed)
    gold = np.zeros((rows, 2), dtype=bool)
    gold[:, 0] = rng.random(rows) < 0.4  # a common label the model separates well
    gold[:, 1] = rng.random(rows) < 0.03  # a rare label it barely separates
    probs = np.empty((rows, 2))
    probs[:, 0] = np.clip(np.where(gold[:, 0], 0.7, 0.3) + rng.normal(0, 0.15, rows), 0, 1)
    probs[:, 1] = np.clip(np.where(gold[:, 1], 0.35, 0.2) + rng.normal(0, 0.1, rows), 0, 1)
    return probs, gold


def test_micro_thresholds_beat_per_label_f1_thresholds_on_held_out_rows():
    probs, gold = _two_labels(seed=0)
    held_probs, held_gold = _two_labels(seed=1)
    grid = np.arange(0.05, 0.96, 0.025)
    per_label = [best_threshold(probs[:, j], gold[:, j], grid)[0] for j in range(2)]
    micro = calibrate_thresholds(probs, gold, shrink=0.0)
    # Chasing the rare label's own F1 floods it with false positives; pooled micro-F1 does not.
    assert micro[1] > per_label[1]
    assert _micro_f1(held_probs, held_gold, micro) > _micro_f1(held_probs, held_gold, per_label)


def test_rare_labels_shrink_toward_the_global_threshold():
    probs, gold = _two_labels(seed=2)
    grid = np.arange(0.05, 0.96, 0.025)
    global_threshold, _ = best_threshold(probs.ravel(), gold.ravel(), grid)
    assert calibrate_thresholds(probs, gold, shrink=1e9) == pytest.approx([global_threshold] * 2, abs=1e-4)
    unshrunk = calibrate_thresholds(probs, gold, shrink=0.0)
    shrunk = calibrate_thresholds(probs, gold, shrink=20.0)
    for label, positives in enumerate(gold.sum(axis=0)):
        weight = positives / (positives + 20.0)  # fewer positives, closer to the global threshold
        expected = weight * unshrunk[label] + (1 - weight) * global_threshold
        assert shrunk[label] == pytest.approx(expected, abs=1e-4)


def test_precision_first_thresholds_are_not_lower():
    probs, gold = _two_labels(seed=3)
    f1 = calibrate_thresholds(probs, gold)
    f_half = calibrate_thresholds(probs, gold, beta=0.5)
    assert all(p >= f - 1e-9 for p, f in zip(f_half, f1, strict=True))


def test_ascent_leaves_the_last_label_at_its_best_grid_value_and_beats_the_global_threshold():
    probs, gold = _two_labels(seed=4)
    grid = np.arange(0.05, 0.96, 0.025)
    thresholds = calibrate_thresholds(probs, gold, shrink=0.0, grid=grid)
    # Brute force: no other grid value for the last label (the others fixed) scores higher.
    best = _micro_f1(probs, gold, thresholds)
    for value in grid:
        assert _micro_f1(probs, gold, [thresholds[0], value]) <= best + 1e-12
    global_threshold, _ = best_threshold(probs.ravel(), gold.ravel(), grid)
    assert best >= _micro_f1(probs, gold, [global_threshold] * 2)


def test_a_label_without_positives_gets_the_global_threshold():
    probs, gold = _two_labels(seed=5)
    gold[:, 1] = False
    for shrink in (0.0, 20.0):
        thresholds = calibrate_thresholds(probs, gold, shrink=shrink)
        assert all(np.isfinite(thresholds))
    assert calibrate_thresholds(probs, gold)[1] == pytest.approx(best_threshold(
        probs.ravel(), gold.ravel(), np.arange(0.05, 0.96, 0.025))[0], abs=1e-4)
