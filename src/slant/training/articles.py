"""Train the article classifiers (genre, frames) on features from the technique model.

Features come from one pass of the shipped technique encoder (int8 ONNX, the same graph
inference uses), cached per model and text, so genre and frames share one feature run.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import platform
import time
from pathlib import Path

import numpy as np

from .. import __version__
from ..classifiers import article_features
from ..techniques import TechniqueModel, cache_dir
from ..windows import cut_windows
from .data import TrainingDoc, data_fingerprint, is_dev, load_docs
from .techniques import best_threshold

log = logging.getLogger(__name__)

FRAME_THRESHOLD_GRID = np.arange(0.1, 0.9, 0.025)
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


def bag_of_words_matrix(docs: list[TrainingDoc], train_mask: np.ndarray):
    """Sparse tf-idf rows (IDF from the training articles) and the IDF vector."""
    from scipy import sparse

    from ..classifiers import BAG_OF_WORDS_DIMENSIONS, bag_of_words, weigh_bag_of_words

    bags = [bag_of_words(doc.text) for doc in docs]
    document_frequency = np.zeros(BAG_OF_WORDS_DIMENSIONS)
    for (indices, _), is_train in zip(bags, train_mask, strict=True):
        if is_train:
            document_frequency[indices] += 1
    n_train = int(train_mask.sum())
    idf = (np.log((1 + n_train) / (1 + document_frequency)) + 1).astype(np.float32)
    rows, cols, values = [], [], []
    for row, (indices, raw) in enumerate(bags):
        rows.extend([row] * len(indices))
        cols.extend(indices.tolist())
        values.extend(weigh_bag_of_words(indices, raw, idf).tolist())
    matrix = sparse.csr_matrix((values, (rows, cols)), shape=(len(docs), BAG_OF_WORDS_DIMENSIONS), dtype=np.float32)
    return matrix, idf


def _language_mean_macro_f1(gold: np.ndarray, predicted: np.ndarray, languages: np.ndarray) -> float:
    from sklearn.metrics import f1_score

    scores = [f1_score(gold[languages == lang], predicted[languages == lang], average="macro")
              for lang in np.unique(languages)]
    return float(np.mean(scores))


def _oof_probabilities(make_model, x, y, seed: int, stratify: bool = True) -> np.ndarray:
    from sklearn.model_selection import KFold, StratifiedKFold, cross_val_predict

    folds = StratifiedKFold(5, shuffle=True, random_state=seed) if stratify else KFold(5, shuffle=True, random_state=seed)
    return cross_val_predict(make_model(), x, y, cv=folds, method="predict_proba")


def train_genre(x, bow, y, languages, seed: int, n_labels: int) -> dict:
    """Encoder-feature and word models, their blend and per-class offsets, chosen on out-of-fold
    predictions of the training articles by the mean over languages of macro-F1."""
    from sklearn.linear_model import LogisticRegression

    def dense_model(c=0.05):
        return LogisticRegression(C=c, max_iter=3000, class_weight="balanced", random_state=seed)

    def bow_model():
        return LogisticRegression(C=10.0, max_iter=3000, class_weight="balanced", random_state=seed)

    best_c = max((0.01, 0.03, 0.1, 0.3),
                 key=lambda c: _language_mean_macro_f1(
                     y, _oof_probabilities(lambda: dense_model(c), x, y, seed).argmax(1), languages))
    dense_oof = _oof_probabilities(lambda: dense_model(best_c), x, y, seed)
    bow_oof = _oof_probabilities(bow_model, bow, y, seed)
    offsets_grid = [-1.0, -0.5, 0.0, 0.5, 1.0, 1.5]
    combos = [np.array([0.0, a, b])[:n_labels] for a in offsets_grid for b in offsets_grid]
    best = (-1.0, 1.0, np.zeros(n_labels))
    for blend in (0.0, 0.25, 0.5, 0.75, 1.0):
        probs = np.log(np.clip(blend * dense_oof + (1 - blend) * bow_oof, 1e-9, 1))
        for offsets in combos:
            score = _language_mean_macro_f1(y, (probs + offsets).argmax(1), languages)
            if score > best[0] + 1e-9:
                best = (score, blend, offsets)
    dense = dense_model(best_c).fit(x, y)
    words = bow_model().fit(bow, y)
    return {"dense": dense, "words": words, "blend": best[1], "offsets": best[2], "C": best_c,
            "oof_mean_macro_f1": round(best[0], 4)}


def train_frames(x, bow, y, seed: int) -> dict:
    from sklearn.linear_model import LogisticRegression

    n_labels = y.shape[1]
    dense_oof = np.zeros(y.shape)
    bow_oof = np.zeros(y.shape)
    dense_models, word_models = [], []
    for index in range(n_labels):
        column = y[:, index]
        if column.sum() < 5 or column.sum() > len(column) - 5:
            dense_models.append(None)
            word_models.append(None)
            dense_oof[:, index] = bow_oof[:, index] = column.mean()
            continue
        dense_oof[:, index] = _oof_probabilities(
            lambda: LogisticRegression(C=0.05, max_iter=3000, random_state=seed), x, column, seed)[:, 1]
        bow_oof[:, index] = _oof_probabilities(
            lambda: LogisticRegression(C=10.0, max_iter=3000, random_state=seed), bow, column, seed)[:, 1]
        dense_models.append(LogisticRegression(C=0.05, max_iter=3000, random_state=seed).fit(x, column))
        word_models.append(LogisticRegression(C=10.0, max_iter=3000, random_state=seed).fit(bow, column))
    best = (-1.0, 1.0, None)
    for blend in (0.0, 0.25, 0.5, 0.75, 1.0):
        probs = blend * dense_oof + (1 - blend) * bow_oof
        thresholds = np.array([best_threshold(probs[:, i], y[:, i] == 1, FRAME_THRESHOLD_GRID)[0] for i in range(n_labels)])
        predicted = probs >= thresholds
        tp = float((predicted & (y == 1)).sum())
        micro = 2 * tp / (predicted.sum() + y.sum()) if tp else 0.0
        if micro > best[0]:
            best = (micro, blend, thresholds)
    return {"dense": dense_models, "words": word_models, "blend": best[1], "thresholds": best[2],
            "prior": y.mean(axis=0), "oof_micro_f1": round(best[0], 4)}


def _stack(models, n_features: int, prior: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    coef = np.zeros((len(models), n_features))
    intercept = np.zeros(len(models))
    for index, model in enumerate(models):
        if model is None:  # a label too rare (or too common) to learn: its training prior
            p = float(np.clip(prior[index], 1e-4, 1 - 1e-4)) if prior is not None else 1e-4
            intercept[index] = math.log(p / (1 - p))
            continue
        coef[index] = model.coef_[0]
        intercept[index] = model.intercept_[0]
    return coef, intercept


def train_article_classifier(
    kind: str, data: Path, out: Path, languages: tuple[str, ...], seed: int, technique_dir: Path | None
) -> Path:
    from ..classifiers import ArticleClassifier
    from ..evaluation import scorers, semeval

    technique_dir = technique_dir or default_technique_model_dir()
    started = time.time()
    docs = [d for d in load_docs(data, list(languages), SUBTASK_FOLDER[kind])
            if (d.genre if kind == "genre" else d.frames) is not None]
    features = compute_features(docs, technique_dir)
    dev_mask = np.array([is_dev(d.article_id) for d in docs])
    train_mask = ~dev_mask
    mean = features[train_mask].mean(axis=0)
    scale = features[train_mask].std(axis=0) + 1e-6
    x = (features - mean) / scale
    bow, idf = bag_of_words_matrix(docs, train_mask)
    doc_languages = np.array([d.language for d in docs])
    arrays: dict[str, np.ndarray] = {"mean": mean, "scale": scale, "idf": idf}
    if kind == "genre":
        labels = list(semeval.genres())
        y = np.array([labels.index(d.genre) for d in docs])
        fitted = train_genre(x[train_mask], bow[train_mask], y[train_mask], doc_languages[train_mask], seed, len(labels))
        for name, model in (("", fitted["dense"]), ("bow_", fitted["words"])):
            coef = np.zeros((len(labels), model.coef_.shape[1]))
            intercept = np.full(len(labels), -30.0)  # a class unseen in training is never chosen
            for row, cls in enumerate(model.classes_):
                coef[cls] = model.coef_[row]
                intercept[cls] = model.intercept_[row]
            arrays[f"{name}coef"], arrays[f"{name}intercept"] = coef, intercept
        arrays["blend"] = np.array(fitted["blend"])
        arrays["class_offsets"] = fitted["offsets"]
        hyper = {"C": fitted["C"], "blend": fitted["blend"], "class_offsets": fitted["offsets"].tolist(),
                 "oof_mean_macro_f1": fitted["oof_mean_macro_f1"]}
        multi_label = False
    else:
        labels = list(semeval.frames())
        y = np.array([[1 if label in (d.frames or []) else 0 for label in labels] for d in docs])
        fitted = train_frames(x[train_mask], bow[train_mask], y[train_mask], seed)
        arrays["coef"], arrays["intercept"] = _stack(fitted["dense"], x.shape[1], fitted["prior"])
        arrays["bow_coef"], arrays["bow_intercept"] = _stack(fitted["words"], bow.shape[1], fitted["prior"])
        arrays["blend"] = np.array(fitted["blend"])
        arrays["thresholds"] = fitted["thresholds"]
        hyper = {"C_encoder": 0.05, "C_words": 10.0, "blend": fitted["blend"], "oof_micro_f1": fitted["oof_micro_f1"]}
        multi_label = True

    out.mkdir(parents=True, exist_ok=True)
    stored = {k: np.asarray(v, dtype=np.float32) for k, v in arrays.items()}
    stored["bow_coef"] = stored["bow_coef"].astype(np.float16)  # halves the file; well within LR precision
    np.savez_compressed(out / "weights.npz", **stored)
    (out / "config.json").write_text(json.dumps({
        "kind": kind, "labels": labels, "multi_label": multi_label, "features": "techniques-encoder-v1+words-v1",
        "technique_model": technique_dir.name,
    }, indent=1))

    # Dev figures through the inference class itself, so they are what users get.
    classifier = ArticleClassifier(out)
    scores: dict[str, dict] = {}
    dev_docs = [d for d, m in zip(docs, dev_mask, strict=True) if m]
    dev_probs = np.concatenate([classifier.predict_proba(row, doc.text)
                                for row, doc in zip(features[dev_mask], dev_docs, strict=True)])
    for language in sorted(set(languages)):
        rows = [i for i, d in enumerate(dev_docs) if d.language == language]
        if not rows:
            continue
        if kind == "genre":
            gold = {dev_docs[i].article_id: dev_docs[i].genre for i in rows}
            pred = {dev_docs[i].article_id: labels[int(classifier.decide(dev_probs[i], language))] for i in rows}
            result = scorers.score_genres(gold, pred)
            scores[language] = {"articles": len(rows), "score": round(result.macro_f1, 4),
                                "accuracy": round(result.accuracy, 4)}
        else:
            gold = {dev_docs[i].article_id: dev_docs[i].frames for i in rows}
            pred = {dev_docs[i].article_id: [labels[j] for j in np.nonzero(dev_probs[i] >= classifier.thresholds)[0]]
                    for i in rows}
            result = scorers.score_frames(gold, pred)
            scores[language] = {"articles": len(rows), "score": round(result.micro_f1, 4),
                                "macro_f1": round(result.macro_f1, 4)}
    import sklearn

    meta = {
        "name": out.name,
        "slant_version": __version__,
        "trained_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "data": {"path": str(data), "sha256": data_fingerprint(data, list(languages)), "languages": list(languages)},
        "split": {"dev_share_percent": 20, "train_articles": int(train_mask.sum()), "dev_articles": int(dev_mask.sum())},
        "training": {"seed": seed, "technique_model": str(technique_dir), **hyper},
        "versions": {"scikit-learn": sklearn.__version__, "numpy": np.__version__, "python": platform.python_version()},
        "device": "cpu",
        "train_seconds": round(time.time() - started),
        "dev_scores": scores,
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=1))
    log.info("wrote %s: %s", out, json.dumps(scores))
    return out


__all__ = ["train_article_classifier"]
