"""Article-level classifiers: genre (reporting / opinion / satire) and frames (14, multi-label).

They reuse the technique model's encoder pass: the features of an article are the mean of its
pooled window vectors, the share of its paragraphs flagged with each technique, and its
language. The classifiers are logistic regressions stored as NumPy arrays (``weights.npz``).
"""

from __future__ import annotations

import logging
import math
import re
import zlib
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from slant.components.base import ENCODER, Component, ComponentOptions, read_model_config
from slant.components.encoded import ArticleState
from slant.components.techniques import model_version
from slant.components.writing_style import style_features
from slant.doc.article import Article

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


def without_language(features: np.ndarray) -> np.ndarray:
    """``features`` with the language columns of :func:`article_features` set to an even mix of
    the languages. A model fitted with the language columns learns each language's label mix
    there (the English genre training articles are 88 % opinion) and the rest of what it learns
    is freed of it; predicting through this keeps the rest and leaves out that mix."""
    features = np.array(features, dtype=np.float32, copy=True)
    features[..., -len(FEATURE_LANGUAGES):] = 1.0 / len(FEATURE_LANGUAGES)
    return features


# A single label whose probability is under one half has more evidence against it than for it.
UNCERTAIN_BELOW = 0.5


def article_features(article_vector: np.ndarray, paragraph_probs: np.ndarray, language: str | None) -> np.ndarray:
    """The feature vector shared by training and inference."""
    if len(paragraph_probs):
        technique_share = paragraph_probs.mean(axis=0)
        technique_peak = paragraph_probs.max(axis=0)
    else:
        technique_share = technique_peak = np.zeros(paragraph_probs.shape[1] if paragraph_probs.ndim == 2 else 23)
    language_onehot = np.array([1.0 if language == code else 0.0 for code in FEATURE_LANGUAGES])
    return np.concatenate([article_vector, technique_share, technique_peak, language_onehot]).astype(np.float32)


class ArticleClassifier(Component):
    """A logistic-regression model folder (``config.json`` + ``weights.npz``) as a pipeline
    component; ``kind`` (genre or frames) names the label it assigns. Weights load on first use."""

    requires = (ENCODER, "technique_probs", "language")

    def __init__(self, model_dir: Path, encoder_model: str = "techniques") -> None:
        self.model_dir = Path(model_dir)
        self._set_config(read_model_config(self.model_dir, self.model_dir.name))
        self.encoder_model = encoder_model
        self._loaded = False
        self._from_folder = True

    @property
    def name(self) -> str:  # type: ignore[override]
        return self.kind

    @property
    def assigns(self) -> tuple[str, ...]:  # type: ignore[override]
        return (self.kind,)

    def model_version(self) -> str | None:
        return model_version(self.model_dir)

    def __getstate__(self) -> dict:
        # Weights read from a folder are read again where the classifier is unpickled.
        state = dict(self.__dict__)
        if getattr(self, "_from_folder", False) and state.get("_loaded"):
            for name in ("mean", "scale", "coef", "intercept", "thresholds", "bow_coef", "bow_intercept", "idf",
                         "blend", "class_offsets", "style_mean", "style_scale", "style_coef", "style_intercept"):
                state.pop(name, None)
            state["_loaded"] = False
        return state

    @classmethod
    def from_arrays(cls, config: dict, arrays: dict[str, np.ndarray], name: str) -> ArticleClassifier:
        """A classifier held in memory (training scores its folds through the same code users run)."""
        classifier = cls.__new__(cls)
        classifier.model_dir = Path(name)
        classifier.encoder_model = "techniques"
        classifier._set_config(config)
        classifier._set_weights(arrays)
        return classifier

    def _set_config(self, config: dict) -> None:
        self.config = config
        self.kind: str = self.config["kind"]
        self.labels: list[str] = list(self.config["labels"])
        self.multi_label: bool = bool(self.config["multi_label"])
        # Languages whose training articles were so much one label that the model's language
        # columns and word model learned that mix more than the article: for them the article is
        # read by the encoder-feature model alone, with an even mix of the languages.
        self.prior_free_languages: frozenset[str] = frozenset(self.config.get("prior_free_languages", ()))
        # Single-label: below this top probability the evidence is split between labels, and the
        # label is shown as uncertain rather than as a finding.
        self.uncertain_below: float = float(self.config.get("uncertain_below", UNCERTAIN_BELOW))
        # A label whose evidence is weaker than its top probability suggests needs a higher one
        # to be shown as a finding (genre: satire; see slant.training.articles).
        self.uncertain_below_by_label: dict[str, float] = {
            label: float(bar) for label, bar in self.config.get("uncertain_below_by_label", {}).items()}
        # An article shorter than nearly every training article is outside what the model learnt
        # from (and short texts look like satire to it): its label is shown as uncertain.
        self.uncertain_under_words: int = int(self.config.get("uncertain_under_words", 0))
        # Prior-free languages: the share of the writing-style model in the blend (0: none).
        self.style_blend: float = float(self.config.get("style_blend", 0.0))

    def _load(self) -> None:
        if not self._loaded:
            with np.load(self.model_dir / "weights.npz") as weights:
                self._set_weights({name: weights[name] for name in weights.files})

    def _set_weights(self, arrays: dict[str, np.ndarray]) -> None:
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
        # Optional model on the article's writing style (slant.components.writing_style).
        self.style_mean = arrays.get("style_mean")
        self.style_scale = arrays.get("style_scale")
        self.style_coef = arrays.get("style_coef")
        self.style_intercept = arrays.get("style_intercept")
        self._loaded = True

    def reads_style(self, language: str | None) -> bool:
        """Whether an article in ``language`` is read with the writing-style model."""
        self._load()
        return self.style_coef is not None and self.style_blend > 0 and language in self.prior_free_languages

    def _probabilities(self, logits: np.ndarray) -> np.ndarray:
        if self.multi_label:
            return 1.0 / (1.0 + np.exp(-logits))
        logits = logits - logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def predict_proba(
        self, features: np.ndarray, text: str | None = None, bag: tuple[np.ndarray, np.ndarray] | None = None,
        language: str | None = None, style: np.ndarray | None = None,
    ) -> np.ndarray:
        """Class probabilities of one feature row (or a matrix of them). ``style``: the article's
        :func:`style_features`, computed from ``text`` when not given and the language reads them."""
        self._load()
        prior_free = language in self.prior_free_languages
        if prior_free:
            features = without_language(features)
        x = (np.atleast_2d(features) - self.mean) / self.scale
        probs = self._probabilities(x @ self.coef.T + self.intercept)
        if (self.bow_coef is not None and (text is not None or bag is not None) and self.blend < 1.0
                and not prior_free):
            indices, values = bag if bag is not None else bag_of_words(text)
            weighted = weigh_bag_of_words(indices, values, self.idf)
            bow_logits = (self.bow_coef[:, indices] @ weighted) + self.bow_intercept
            probs = self.blend * probs + (1 - self.blend) * self._probabilities(bow_logits[None, :])
        if self.reads_style(language) and (style is not None or text is not None):
            style = style if style is not None else style_features(text, language)
            x_style = (np.atleast_2d(style) - self.style_mean) / self.style_scale
            style_probs = self._probabilities(x_style @ self.style_coef.T + self.style_intercept)
            probs = (1 - self.style_blend) * probs + self.style_blend * style_probs
        return probs

    def offsets_for(self, language: str | None) -> np.ndarray | None:
        """The per-class log-probability offsets the label is chosen with, in ``language``; for a
        language they were not chosen for, the median over the languages (so one language's own
        offset, such as English reporting's, does not carry over)."""
        self._load()
        offsets = self.class_offsets
        if offsets is not None and offsets.ndim == 2:
            offsets = (offsets[FEATURE_LANGUAGES.index(language)] if language in FEATURE_LANGUAGES
                       else np.median(offsets, axis=0))
        return offsets

    def decide(self, probs: np.ndarray, language: str | None = None) -> np.ndarray:
        """Single-label: the class after the calibrated per-class (and per-language) offsets."""
        scores = np.log(np.clip(probs, 1e-9, 1.0))
        offsets = self.offsets_for(language)
        if offsets is not None:
            scores = scores + offsets
        return np.argmax(scores, axis=-1)

    def chosen(self, probs: np.ndarray, language: str | None = None) -> list[int]:
        """Indices of the labels the model assigns: every label over its threshold (multi-label),
        or the one best class after the calibrated offsets (single-label)."""
        self._load()
        if self.multi_label:
            thresholds = self.thresholds if self.thresholds is not None else np.full(len(self.labels), 0.5)
            return [int(i) for i in np.argsort(-probs) if probs[i] >= thresholds[i]]
        return [int(self.decide(probs, language))]

    def __call__(self, articles: Sequence[Article], states: Sequence[ArticleState]) -> None:
        for article, state in zip(articles, states, strict=True):
            article_vector = state.encoded.article_vector if state.encoded is not None else None
            if article_vector is None or state.technique_probs is None:
                continue
            vector = article_features(article_vector, state.technique_probs, article.language)
            if state.bag_of_words is None:  # shared by the genre and frames models
                state.bag_of_words = bag_of_words(article.text)
            probs = self.predict_proba(vector, text=article.text, bag=state.bag_of_words, language=article.language)[0]
            chosen = self.chosen(probs, article.language)
            scores = {label: round(float(p), 4) for label, p in zip(self.labels, probs, strict=True)}
            model = self.model_dir.name
            if self.multi_label:
                article.labels[self.kind] = {
                    "labels": [{"label": self.labels[i], "score": round(float(probs[i]), 4)} for i in chosen],
                    "scores": scores,
                    "model": model,
                }
            else:
                best = chosen[0]
                article.labels[self.kind] = {
                    "label": self.labels[best],
                    "score": round(float(probs[best]), 4),
                    "uncertain": bool(probs[best] < self.uncertain_below_by_label.get(self.labels[best],
                                                                                   self.uncertain_below)
                                      or article.word_count < self.uncertain_under_words),
                    "scores": scores,
                    "model": model,
                }
                offsets = self.offsets_for(article.language)
                if offsets is not None and np.any(offsets != 0):
                    article.labels[self.kind]["offsets"] = {
                        label: round(float(value), 4) for label, value in zip(self.labels, offsets, strict=True)
                        if value != 0
                    }


def create_genre(options: ComponentOptions) -> ArticleClassifier:
    return ArticleClassifier(options.models_dir / "genre")


def create_frames(options: ComponentOptions) -> ArticleClassifier:
    return ArticleClassifier(options.models_dir / "frames")
