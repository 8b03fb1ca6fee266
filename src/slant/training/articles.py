"""Train the article classifiers (genre, frames) on features from the technique model.

Features come from one pass of the shipped technique encoder (int8 ONNX, the same graph
inference uses), cached per model and text, so genre and frames share one feature run.
"""

from __future__ import annotations

import hashlib
import json
import logging
import platform
import time
from pathlib import Path

import numpy as np

from .. import __version__
from ..classifiers import article_features
from ..techniques import TechniqueModel, cache_dir
from ..windows import cut_windows
from .data import LANGUAGE_FOLDERS, TrainingDoc, data_fingerprint, is_dev, load_docs

log = logging.getLogger(__name__)

SUBTASK_FOLDER = {"genre": "train-articles-subtask-1", "frames": "train-articles-subtask-2"}


def default_technique_model_dir() -> Path:
    return Path(__file__).resolve().parents[1] / "models" / "techniques"


def compute_features(docs: list[TrainingDoc], technique_dir: Path) -> np.ndarray:
    """Feature rows for ``docs``, from a cache keyed by technique model and article text."""
    model = TechniqueModel(technique_dir)
    digest = hashlib.sha256((technique_dir / "adapter.safetensors").read_bytes()).hexdigest()[:16]
    cache_path = cache_dir() / f"article-features-{digest}.npz"
    cached: dict[str, np.ndarray] = {}
    if cache_path.exists():
        with np.load(cache_path) as stored:
            cached = {key: stored[key] for key in stored.files}
    keys = [hashlib.sha256(doc.text.encode()).hexdigest()[:24] for doc in docs]
    todo = [i for i, key in enumerate(keys) if f"v{key}" not in cached]
    started = time.time()
    for first in range(0, len(todo), 16):
        chunk = todo[first : first + 16]
        windows, owners = [], []
        for index in chunk:
            doc = docs[index]
            doc_windows = cut_windows(doc.text, [(s, e) for s, e, _ in doc.paragraphs])
            windows.extend(doc_windows)
            owners.extend([index] * len(doc_windows))
        paragraph_probs, _, pooled = model.run_windows(windows) if windows else ([], [], [])
        for index in chunk:
            doc = docs[index]
            positions = [i for i, owner in enumerate(owners) if owner == index]
            probs = np.zeros((len(doc.paragraphs), len(model.labels)), dtype=np.float32)
            for position in positions:
                paragraph = windows[position].paragraph
                probs[paragraph] = np.maximum(probs[paragraph], paragraph_probs[position])
            vectors = [pooled[i] for i in positions]
            cached[f"v{keys[index]}"] = np.mean(vectors, axis=0) if vectors else np.zeros(384, dtype=np.float32)
            cached[f"p{keys[index]}"] = probs
        log.info("features: %d/%d articles (%.0fs)", min(first + 16, len(todo)), len(todo), time.time() - started)
    if todo:
        cache_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache_path.with_suffix(".tmp.npz")
        np.savez(tmp, **cached)
        tmp.replace(cache_path)
    return np.stack(
        [article_features(cached[f"v{key}"], cached[f"p{key}"], doc.language) for key, doc in zip(keys, docs, strict=True)]
    )


def _fit_logistic(x: np.ndarray, y: np.ndarray, seed: int, class_weight: str | None = "balanced"):
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    best = None
    for c in (0.01, 0.03, 0.1, 0.3, 1.0):
        model = LogisticRegression(C=c, max_iter=3000, class_weight=class_weight, random_state=seed)
        folds = StratifiedKFold(5, shuffle=True, random_state=seed) if min(np.bincount(y)) >= 5 else 3
        predicted = cross_val_predict(model, x, y, cv=folds)
        from sklearn.metrics import f1_score

        score = f1_score(y, predicted, average="macro")
        if best is None or score > best[0]:
            best = (score, c)
    model = LogisticRegression(C=best[1], max_iter=3000, class_weight=class_weight, random_state=seed).fit(x, y)
    return model, best


def train_article_classifier(
    kind: str, data: Path, out: Path, languages: tuple[str, ...], seed: int, technique_dir: Path | None
) -> Path:
    from ..evaluation import scorers, semeval

    technique_dir = technique_dir or default_technique_model_dir()
    started = time.time()
    docs = [d for d in load_docs(data, list(languages), SUBTASK_FOLDER[kind]) if (d.genre if kind == "genre" else d.frames) is not None]
    features = compute_features(docs, technique_dir)
    dev_mask = np.array([is_dev(d.article_id) for d in docs])
    mean = features[~dev_mask].mean(axis=0)
    scale = features[~dev_mask].std(axis=0) + 1e-6
    x = (features - mean) / scale
    scores: dict[str, dict] = {}
    if kind == "genre":
        labels = list(semeval.genres())
        y = np.array([labels.index(d.genre) for d in docs])
        model, (cv_score, c) = _fit_logistic(x[~dev_mask], y[~dev_mask], seed)
        predicted = model.predict(x[dev_mask])
        dev_docs = [d for d, m in zip(docs, dev_mask, strict=True) if m]
        coef = np.zeros((len(labels), x.shape[1]))
        intercept = np.zeros(len(labels))
        for row, cls in enumerate(model.classes_):
            coef[cls] = model.coef_[row] if len(model.classes_) > 2 else (model.coef_[0] if row else -model.coef_[0])
            intercept[cls] = model.intercept_[row] if len(model.classes_) > 2 else (model.intercept_[0] if row else -model.intercept_[0])
        absent = [i for i in range(len(labels)) if i not in set(model.classes_)]
        intercept[absent] = -1e4
        for language in sorted(set(languages)):
            gold = {d.article_id: d.genre for d in dev_docs if d.language == language}
            pred = {d.article_id: labels[p] for d, p in zip(dev_docs, predicted, strict=True) if d.language == language}
            if gold:
                result = scorers.score_genres(gold, pred)
                scores[language] = {"articles": len(gold), "score": round(result.macro_f1, 4),
                                    "accuracy": round(result.accuracy, 4)}
        thresholds = None
        hyper = {"C": c, "cv_macro_f1": round(cv_score, 4)}
        multi_label = False
    else:
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import KFold, cross_val_predict

        labels = list(semeval.frames())
        y = np.array([[1 if label in (d.frames or []) else 0 for label in labels] for d in docs])
        coef = np.zeros((len(labels), x.shape[1]))
        intercept = np.zeros(len(labels))
        thresholds = np.full(len(labels), 0.5)
        train_x, train_y = x[~dev_mask], y[~dev_mask]
        c = 0.05
        for index in range(len(labels)):
            column = train_y[:, index]
            if column.sum() < 3 or column.sum() > len(column) - 3:
                intercept[index] = 10.0 if column.mean() > 0.5 else -10.0
                continue
            model = LogisticRegression(C=c, max_iter=3000, random_state=seed)
            oof = cross_val_predict(model, train_x, column, cv=KFold(5, shuffle=True, random_state=seed),
                                    method="predict_proba")[:, 1]
            thresholds[index] = _best_f1_threshold(oof, column)
            model.fit(train_x, column)
            coef[index] = model.coef_[0]
            intercept[index] = model.intercept_[0]
        dev_probs = 1.0 / (1.0 + np.exp(-(x[dev_mask] @ coef.T + intercept)))
        dev_docs = [d for d, m in zip(docs, dev_mask, strict=True) if m]
        for language in sorted(set(languages)):
            gold = {d.article_id: d.frames for d in dev_docs if d.language == language}
            pred = {
                d.article_id: [labels[i] for i in np.nonzero(p >= thresholds)[0]]
                for d, p in zip(dev_docs, dev_probs, strict=True)
                if d.language == language
            }
            if gold:
                result = scorers.score_frames(gold, pred)
                scores[language] = {"articles": len(gold), "score": round(result.micro_f1, 4),
                                    "macro_f1": round(result.macro_f1, 4)}
        hyper = {"C": c}
        multi_label = True

    out.mkdir(parents=True, exist_ok=True)
    arrays = {"mean": mean, "scale": scale, "coef": coef, "intercept": intercept}
    if thresholds is not None:
        arrays["thresholds"] = thresholds
    np.savez(out / "weights.npz", **{k: np.asarray(v, dtype=np.float32) for k, v in arrays.items()})
    (out / "config.json").write_text(json.dumps({
        "kind": kind, "labels": labels, "multi_label": multi_label, "features": "techniques-encoder-v1",
        "technique_model": technique_dir.name,
    }, indent=1))
    import sklearn

    meta = {
        "name": out.name,
        "slant_version": __version__,
        "trained_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "data": {"path": str(data), "sha256": data_fingerprint(data, list(languages)), "languages": list(languages)},
        "split": {"dev_share_percent": 20, "train_articles": int((~dev_mask).sum()), "dev_articles": int(dev_mask.sum())},
        "training": {"seed": seed, "technique_model": str(technique_dir), **hyper},
        "versions": {"scikit-learn": sklearn.__version__, "numpy": np.__version__, "python": platform.python_version()},
        "device": "cpu",
        "train_seconds": round(time.time() - started),
        "dev_scores": scores,
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=1))
    log.info("wrote %s: %s", out, json.dumps(scores))
    return out


def _best_f1_threshold(probs: np.ndarray, gold: np.ndarray) -> float:
    best = (0.5, -1.0)
    for threshold in np.arange(0.1, 0.9, 0.025):
        predicted = probs >= threshold
        tp = float((predicted & (gold == 1)).sum())
        fp = float((predicted & (gold == 0)).sum())
        fn = float((~predicted & (gold == 1)).sum())
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f1 > best[1]:
            best = (float(threshold), f1)
    return best[0]


__all__ = ["train_article_classifier", "LANGUAGE_FOLDERS"]
