"""The paragraph-context head: re-scores each paragraph's technique probabilities with what the
rest of its article says.

Techniques cluster within an article (an opinion piece that uses loaded language in one
paragraph tends to use it in others), and the paragraph head sees one paragraph at a time. The
context head is one small logistic regression per technique over that technique's own
evidence: the paragraph's logit, the mean and maximum logit of the article's other paragraphs,
the previous and next paragraph's logits, whether the paragraph is the first (the title), its
relative position and its length. It runs after the encoder on an article's paragraphs, costs
microseconds, and is stored as ``context_head.json`` beside the model's weights; a model folder
without one is used as is.

Measured with ``python bench/crossfit.py`` (paragraph micro-F1 on our dev split, thresholds
cross-fitted): see the model card of the shipped technique model.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np

from slant.errors import ModelError

log = logging.getLogger(__name__)

CONTEXT_FEATURES = ("logit", "others_mean", "others_max", "previous", "next", "is_first", "position", "log_length")
# Stands for "no such paragraph" (a one-paragraph article has no others, the first no previous):
# a logit of -5 is a probability under 1 %, what an absent paragraph says about a technique. (A
# paragraph the encoder had no window for, which scores 0, enters its neighbours' features at
# the clipped logit instead, in training and inference alike.)
ABSENT_LOGIT = -5.0
LOGIT_CLIP = 1e-5
FILE_NAME = "context_head.json"


def _logit(probs: np.ndarray) -> np.ndarray:
    clipped = np.clip(probs.astype(np.float64), LOGIT_CLIP, 1 - LOGIT_CLIP)
    return np.log(clipped / (1 - clipped))


def paragraph_lengths(paragraphs) -> np.ndarray:
    """Characters per paragraph, from ``(start, end, ...)`` tuples."""
    return np.array([paragraph[1] - paragraph[0] for paragraph in paragraphs], dtype=np.int64)


def context_features(probs: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """(paragraphs, techniques, features) for one article's paragraph probabilities and
    paragraph lengths in characters, in the order of ``CONTEXT_FEATURES``."""
    count, techniques = probs.shape
    logits = _logit(probs)
    features = np.empty((count, techniques, len(CONTEXT_FEATURES)))
    features[:, :, 0] = logits
    if count > 1:
        total = logits.sum(axis=0)
        features[:, :, 1] = (total - logits) / (count - 1)
        # The maximum over the other paragraphs: the article's top logit, or its second where
        # this paragraph holds the top.
        order = np.argsort(-logits, axis=0)
        top = logits[order[0], np.arange(techniques)]
        second = logits[order[1], np.arange(techniques)]
        is_top = np.arange(count)[:, None] == order[0][None, :]
        features[:, :, 2] = np.where(is_top, second[None, :], top[None, :])
        features[0, :, 3] = ABSENT_LOGIT
        features[1:, :, 3] = logits[:-1]
        features[:-1, :, 4] = logits[1:]
        features[-1, :, 4] = ABSENT_LOGIT
    else:
        features[:, :, 1:5] = ABSENT_LOGIT
    positions = np.arange(count)
    features[:, :, 5] = (positions == 0)[:, None]
    features[:, :, 6] = (positions / max(count - 1, 1))[:, None]
    features[:, :, 7] = np.log1p(np.asarray(lengths, dtype=np.float64))[:, None]
    return features


class ContextHead:
    """Per-technique weights over standardised context features (the standardisation folded in)."""

    def __init__(self, weight: np.ndarray, bias: np.ndarray, meta: dict | None = None) -> None:
        self.weight = np.asarray(weight, dtype=np.float64)  # (techniques, features)
        self.bias = np.asarray(bias, dtype=np.float64)  # (techniques,)
        self.meta = meta or {}
        if self.weight.shape != (len(self.bias), len(CONTEXT_FEATURES)):
            raise ModelError(
                f"context head weights have shape {self.weight.shape}, expected ({len(self.bias)}, "
                f"{len(CONTEXT_FEATURES)}): retrain the technique model with this slant version"
            )

    def apply(self, probs: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """One article's re-scored paragraph probabilities (same shape as ``probs``)."""
        if not len(probs):
            return probs
        if probs.shape[1] != len(self.bias):
            raise ModelError(f"the context head covers {len(self.bias)} techniques but the model gave {probs.shape[1]}: "
                             "context_head.json belongs to another model; retrain the technique model")
        if len(lengths) != len(probs):
            raise ValueError(f"{len(lengths)} paragraph lengths for {len(probs)} paragraphs")
        logits = np.einsum("ptf,tf->pt", context_features(probs, lengths), self.weight) + self.bias
        return (1.0 / (1.0 + np.exp(-logits))).astype(np.float32)

    def to_json(self) -> dict:
        return {"features": list(CONTEXT_FEATURES), "weight": np.round(self.weight, 6).tolist(),
                "bias": np.round(self.bias, 6).tolist(), **({"meta": self.meta} if self.meta else {})}

    def save(self, model_dir: Path) -> Path:
        path = Path(model_dir) / FILE_NAME
        path.write_text(json.dumps(self.to_json(), indent=1))
        return path

    @classmethod
    def from_json(cls, data: dict, source: str = FILE_NAME) -> ContextHead:
        if not isinstance(data, dict) or "weight" not in data or "bias" not in data:
            raise ModelError(f"{source} is not a context head (no weight and bias): retrain the technique model")
        if list(data.get("features", [])) != list(CONTEXT_FEATURES):
            raise ModelError(f"{source} was written for features {data.get('features')}, this slant reads "
                             f"{list(CONTEXT_FEATURES)}: retrain the technique model with this version")
        try:
            return cls(np.array(data["weight"], dtype=np.float64), np.array(data["bias"], dtype=np.float64),
                       data.get("meta"))
        except (TypeError, ValueError) as error:
            raise ModelError(f"{source} holds malformed weights ({error}): retrain the technique model") from error


def load_context_head(model_dir: Path) -> ContextHead | None:
    path = Path(model_dir) / FILE_NAME
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError) as error:
        raise ModelError(f"{path} is unreadable ({error}): reinstall slant or retrain the technique model") from error
    return ContextHead.from_json(data, str(path))
