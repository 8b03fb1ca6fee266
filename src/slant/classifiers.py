"""Article-level classifiers: genre (reporting / opinion / satire) and frames (14, multi-label).

They reuse the technique model's encoder pass: the features of an article are the mean of its
pooled window vectors, the share of its paragraphs flagged with each technique, and its
language. The classifiers are logistic regressions stored as NumPy arrays (``weights.npz``).
"""

from __future__ import annotations

import json
import logging
import math
import re
import zlib
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .article import Article, SlantError

log = logging.getLogger(__name__)

FEATURE_LANGUAGES = ("en", "fr", "de", "it", "pl", "ru")
BAG_OF_WORDS_DIMENSIONS = 1 << 16
_WORD = re.compile(r"\w+", re.UNICODE)


def bag_of_words(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Hashed word unigrams and bigrams (CRC-32, 2^16 buckets) with sublinear counts: the
    indices and raw weights; IDF weighting and normalisation are the model's."""
    words = _WORD.findall(text.lower())
    mask = BAG_OF_WORDS_DIMENSIONS - 1
    counts: Counter[int] = Counter(zlib.crc32(word.encode()) & mask for word in words)
    counts.update(zlib.crc32(f"{a} {b}".encode()) & mask for a, b in zip(words, words[1:], strict=False))
    indices = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
    values = np.fromiter((1.0 + math.log(c) for c in counts.values()), dtype=np.float32, count=len(counts))
    return indices, values


def weigh_bag_of_words(indices: np.ndarray, values: np.ndarray, idf: np.ndarray) -> np.ndarray:
    weighted = values * idf[indices]
    norm = float(np.sqrt((weighted**2).sum())) or 1.0
    return weighted / norm


def article_features(article_vector: np.ndarray, paragraph_probs: np.ndarray, language: str | None) -> np.ndarray:
    """The feature vector shared by training and inference."""
    if len(paragraph_probs):
        technique_share = paragraph_probs.mean(axis=0)
        technique_peak = paragraph_probs.max(axis=0)
    else:
        technique_share = technique_peak = np.zeros(paragraph_probs.shape[1] if paragraph_probs.ndim == 2 else 23)
    language_onehot = np.array([1.0 if language == code else 0.0 for code in FEATURE_LANGUAGES])
    return np.concatenate([article_vector, technique_share, technique_peak, language_onehot]).astype(np.float32)


class ArticleClassifier:
    """A logistic-regression model folder: ``config.json`` + ``weights.npz``."""

    def __init__(self, model_dir: Path) -> None:
        self.model_dir = Path(model_dir)
        config_path = self.model_dir / "config.json"
        if not config_path.exists():
            raise SlantError(f"no model at {self.model_dir} (config.json missing): run `slant train` or reinstall slant")
        with np.load(self.model_dir / "weights.npz") as weights:
            arrays = {name: weights[name] for name in weights.files}
        self._set_up(json.loads(config_path.read_text()), arrays)

    @classmethod
    def from_arrays(cls, config: dict, arrays: dict[str, np.ndarray], name: str) -> ArticleClassifier:
        """A classifier held in memory (training scores its folds through the same code users run)."""
        classifier = cls.__new__(cls)
        classifier.model_dir = Path(name)
        classifier._set_up(config, arrays)
        return classifier

    def _set_up(self, config: dict, arrays: dict[str, np.ndarray]) -> None:
        self.config = config
        self.kind: str = self.config["kind"]
        self.labels: list[str] = list(self.config["labels"])
        self.multi_label: bool = bool(self.config["multi_label"])
        self.mean = arrays["mean"]
        self.scale = arrays["scale"]
        self.coef = arrays["coef"]
        self.intercept = arrays["intercept"]
        self.thresholds = arrays.get("thresholds")
        # Optional second model on hashed words, blended with the encoder-feature model.
        self.bow_coef = arrays["bow_coef"].astype(np.float32) if "bow_coef" in arrays else None
        self.bow_intercept = arrays.get("bow_intercept")
        self.idf = arrays.get("idf")
        self.blend = float(arrays["blend"]) if "blend" in arrays else 1.0
        self.class_offsets = arrays.get("class_offsets")
        self.name = self.model_dir.name

    def _probabilities(self, logits: np.ndarray) -> np.ndarray:
        if self.multi_label:
            return 1.0 / (1.0 + np.exp(-logits))
        logits = logits - logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def predict_proba(
        self, features: np.ndarray, text: str | None = None, bag: tuple[np.ndarray, np.ndarray] | None = None
    ) -> np.ndarray:
        x = (np.atleast_2d(features) - self.mean) / self.scale
        probs = self._probabilities(x @ self.coef.T + self.intercept)
        if self.bow_coef is not None and (text is not None or bag is not None) and self.blend < 1.0:
            indices, values = bag if bag is not None else bag_of_words(text)
            weighted = weigh_bag_of_words(indices, values, self.idf)
            bow_logits = (self.bow_coef[:, indices] @ weighted) + self.bow_intercept
            probs = self.blend * probs + (1 - self.blend) * self._probabilities(bow_logits[None, :])
        return probs

    def decide(self, probs: np.ndarray, language: str | None = None) -> np.ndarray:
        """Single-label: the class after the calibrated per-class (and per-language) offsets."""
        scores = np.log(np.clip(probs, 1e-9, 1.0))
        offsets = self.class_offsets
        if offsets is not None and offsets.ndim == 2:
            offsets = offsets[FEATURE_LANGUAGES.index(language)] if language in FEATURE_LANGUAGES else offsets.mean(axis=0)
        if offsets is not None:
            scores = scores + offsets
        return np.argmax(scores, axis=-1)

    def chosen(self, probs: np.ndarray, language: str | None = None) -> list[int]:
        """Indices of the labels the model assigns: every label over its threshold (multi-label),
        or the one best class after the calibrated offsets (single-label)."""
        if self.multi_label:
            thresholds = self.thresholds if self.thresholds is not None else np.full(len(self.labels), 0.5)
            return [int(i) for i in np.argsort(-probs) if probs[i] >= thresholds[i]]
        return [int(self.decide(probs, language))]

    def __call__(self, articles: Sequence[Article], context: dict) -> None:
        features_by_id = context.get("features", {})
        for article in articles:
            features = features_by_id.get(article.id)
            if not features or features.get("article_vector") is None:
                continue
            vector = article_features(features["article_vector"], features["paragraph_probs"], article.language)
            if "bag_of_words" not in features:  # shared by the genre and frames models
                features["bag_of_words"] = bag_of_words(article.text)
            probs = self.predict_proba(vector, bag=features["bag_of_words"])[0]
            chosen = self.chosen(probs, article.language)
            if self.multi_label:
                article.labels[self.kind] = {
                    "labels": [{"label": self.labels[i], "score": round(float(probs[i]), 4)} for i in chosen],
                    "scores": {label: round(float(p), 4) for label, p in zip(self.labels, probs, strict=True)},
                    "model": self.name,
                }
            else:
                best = chosen[0]
                article.labels[self.kind] = {
                    "label": self.labels[best],
                    "score": round(float(probs[best]), 4),
                    "scores": {label: round(float(p), 4) for label, p in zip(self.labels, probs, strict=True)},
                    "model": self.name,
                }
