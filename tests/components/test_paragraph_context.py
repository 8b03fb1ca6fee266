"""The paragraph-context head: features from an article's other paragraphs, and its file."""

import json
from types import SimpleNamespace

import numpy as np
import pytest

from slant.components.paragraph_context import (
    ABSENT_LOGIT,
    CONTEXT_FEATURES,
    ContextHead,
    context_features,
    load_context_head,
)
from slant.errors import SlantError

FEATURE = {name: i for i, name in enumerate(CONTEXT_FEATURES)}


def _logit(p):
    return np.log(p / (1 - p))


def test_features_describe_the_other_paragraphs_and_the_neighbours():
    probs = np.array([[0.9, 0.1], [0.2, 0.5], [0.6, 0.3]])
    features = context_features(probs, np.array([40, 400, 4000]))
    assert features.shape == (3, 2, len(CONTEXT_FEATURES))
    logits = _logit(probs)
    np.testing.assert_allclose(features[:, :, FEATURE["logit"]], logits)
    # Others' mean and max leave the paragraph itself out.
    np.testing.assert_allclose(features[1, 0, FEATURE["others_mean"]], (logits[0, 0] + logits[2, 0]) / 2)
    np.testing.assert_allclose(features[0, 0, FEATURE["others_max"]], logits[2, 0])  # it holds the top itself
    np.testing.assert_allclose(features[1, 0, FEATURE["others_max"]], logits[0, 0])
    np.testing.assert_allclose(features[1, :, FEATURE["previous"]], logits[0])
    np.testing.assert_allclose(features[1, :, FEATURE["next"]], logits[2])
    assert (features[0, :, FEATURE["previous"]] == ABSENT_LOGIT).all()
    assert (features[2, :, FEATURE["next"]] == ABSENT_LOGIT).all()
    assert features[:, 0, FEATURE["is_first"]].tolist() == [1, 0, 0]
    assert features[:, 1, FEATURE["position"]].tolist() == [0, 0.5, 1]
    np.testing.assert_allclose(features[:, 0, FEATURE["log_length"]], np.log1p([40, 400, 4000]))


def test_a_one_paragraph_article_has_no_others():
    features = context_features(np.array([[0.7, 0.2]]), np.array([100]))
    for name in ("others_mean", "others_max", "previous", "next"):
        assert (features[0, :, FEATURE[name]] == ABSENT_LOGIT).all()
    assert features[0, 0, FEATURE["position"]] == 0


def _head(own=1.0, others=0.0, techniques=2):
    weight = np.zeros((techniques, len(CONTEXT_FEATURES)))
    weight[:, FEATURE["logit"]] = own
    weight[:, FEATURE["others_mean"]] = others
    return ContextHead(weight, np.zeros(techniques))


def test_a_head_reading_only_the_paragraph_keeps_its_probabilities():
    probs = np.array([[0.9, 0.1], [0.2, 0.5]], dtype=np.float32)
    np.testing.assert_allclose(_head().apply(probs, np.array([10, 20])), probs, atol=1e-6)
    assert _head().apply(np.zeros((0, 2), dtype=np.float32), np.zeros(0)).shape == (0, 2)


def test_confident_other_paragraphs_raise_a_paragraph():
    lengths = np.array([50, 50, 50])
    quiet_article = np.array([[0.4, 0.1], [0.05, 0.1], [0.05, 0.1]])
    loud_article = np.array([[0.4, 0.1], [0.95, 0.1], [0.95, 0.1]])
    head = _head(own=1.0, others=0.5)
    assert head.apply(loud_article, lengths)[0, 0] > 0.4 > head.apply(quiet_article, lengths)[0, 0]


def test_the_head_file_round_trips_and_a_foreign_one_is_refused(tmp_path):
    assert load_context_head(tmp_path) is None  # a model folder without one scores paragraphs alone
    head = _head(own=0.8, others=0.3)
    head.meta = {"C": 0.1}
    head.save(tmp_path)
    loaded = load_context_head(tmp_path)
    np.testing.assert_allclose(loaded.weight, head.weight)
    assert loaded.meta == {"C": 0.1}
    stored = json.loads((tmp_path / "context_head.json").read_text())
    stored["features"] = stored["features"][:-1]
    (tmp_path / "context_head.json").write_text(json.dumps(stored))
    with pytest.raises(SlantError, match="retrain"):
        load_context_head(tmp_path)
    (tmp_path / "context_head.json").write_text("{not json")
    with pytest.raises(SlantError, match="unreadable"):
        load_context_head(tmp_path)


def test_the_head_refuses_probabilities_for_other_techniques():
    with pytest.raises(SlantError, match="techniques"):
        _head(techniques=2).apply(np.full((2, 3), 0.5, dtype=np.float32), np.array([1, 1]))


def test_fitting_learns_to_lean_on_the_article_where_labels_cluster_by_article():
    from slant.training.heads import fit_context_head

    rng = np.random.default_rng(0)
    docs, probs, gold = [], [], []
    for _ in range(300):
        paragraphs = int(rng.integers(2, 9))
        uses_technique = rng.random() < 0.3  # a technique the article uses, in most of its paragraphs
        labels = (rng.random(paragraphs) < (0.7 if uses_technique else 0.03))
        # A weak, noisy paragraph score: the article's other paragraphs carry most of the signal.
        scores = 1 / (1 + np.exp(-(labels * 1.0 - 1.5 + rng.normal(0, 1.2, paragraphs))))
        docs.append(SimpleNamespace(paragraphs=[(0, 100, f"line {i}") for i in range(paragraphs)]))
        probs.append(np.column_stack([scores, np.full(paragraphs, 0.01)]))
        gold.append(np.column_stack([labels, np.zeros(paragraphs, dtype=bool)]))
    probs, gold = np.concatenate(probs).astype(np.float32), np.concatenate(gold)
    head = fit_context_head(probs, gold, docs, seed=0)
    assert head.weight[0, FEATURE["others_mean"]] > 0
    assert (head.weight[1] == np.eye(len(CONTEXT_FEATURES))[0]).all()  # never positive: kept as is

    def accuracy_at_best_threshold(scores):
        return max(((scores >= t) == gold[:, 0]).mean() for t in np.linspace(0.05, 0.95, 37))

    rescored, first = np.zeros_like(probs), 0
    for doc in docs:
        last = first + len(doc.paragraphs)
        rescored[first:last] = head.apply(probs[first:last], np.full(last - first, 100))
        first = last
    assert accuracy_at_best_threshold(rescored[:, 0]) > accuracy_at_best_threshold(probs[:, 0]) + 0.015


def test_a_tie_for_the_top_gives_each_tied_paragraph_the_other():
    probs = np.array([[0.8], [0.8], [0.1]])
    features = context_features(probs, np.array([10, 10, 10]))
    np.testing.assert_allclose(features[:, 0, FEATURE["others_max"]], _logit(np.array([0.8, 0.8, 0.8])))


def test_lengths_must_match_the_paragraphs_and_the_file_must_hold_weights(tmp_path):
    with pytest.raises(ValueError, match="lengths"):
        _head().apply(np.full((2, 2), 0.5, dtype=np.float32), np.array([3]))
    (tmp_path / "context_head.json").write_text(json.dumps({"features": list(CONTEXT_FEATURES)}))
    with pytest.raises(SlantError, match="not a context head"):
        load_context_head(tmp_path)
    (tmp_path / "context_head.json").write_text(json.dumps(
        {"features": list(CONTEXT_FEATURES), "weight": [["a"] * len(CONTEXT_FEATURES)], "bias": [0]}))
    with pytest.raises(SlantError, match="malformed"):
        load_context_head(tmp_path)


def test_dev_rows_are_rescored_article_by_article():
    from slant.training.dev_scoring import apply_context_head

    docs = [SimpleNamespace(paragraphs=[(0, 10, "a"), (11, 30, "b")]), SimpleNamespace(paragraphs=[(0, 5, "c")]),
            SimpleNamespace(paragraphs=[(0, 7, "d"), (8, 9, "e"), (10, 40, "f")])]
    probs = np.random.default_rng(0).uniform(0.05, 0.95, (6, 2)).astype(np.float32)
    head = _head(own=0.7, others=0.4)
    rescored = apply_context_head(head, probs, docs)
    np.testing.assert_allclose(rescored[2:3], head.apply(probs[2:3], np.array([5])))
    np.testing.assert_allclose(rescored[3:], head.apply(probs[3:], np.array([7, 1, 30])))
    with pytest.raises(ValueError, match="rows"):
        apply_context_head(head, probs[:5], docs)
