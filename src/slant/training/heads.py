"""Refit a trained technique model's paragraph head on a CPU, optionally on fewer encoder layers:
keep the first N layers (their LoRA adapters unchanged) and fit the heads on the frozen layer-N
vectors of the train-split articles.

The paragraph head is an L2-regularised logistic regression per technique on standardised
[CLS; mean] vectors (the scaling folded into the linear layer, so inference is unchanged), its
strength chosen by grouped cross-validation over the training articles. With every layer kept,
the jointly trained token head stays; with fewer, a linear token head is trained with the
weighted loss of `training.techniques`.

Measured with `python bench/crossfit.py --model …` (int8 encoder, float heads; mean cross-fitted
paragraph micro-F1 over the six languages): the jointly trained 9-layer model 0.434; its
paragraph head refit on the same 9 layers 0.438 (the shipped model); refit on 8 layers 0.432
(French 0.403 against 0.415), about 6 % faster on `bench/speed.py`. On 8 layers the refit token
head found spans less well (English binary span F1 0.377 against 0.392 on the dev split).
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from pathlib import Path

import numpy as np

from slant.components.encoded import paragraph_max
from slant.components.paragraph_context import (
    CONTEXT_FEATURES,
    ContextHead,
    context_features,
    paragraph_lengths,
)
from slant.errors import SlantError
from slant.runtime.windows import batches_by_length, pad_batch
from slant.training.calibration import best_threshold
from slant.training.data import is_dev, load_docs
from slant.training.dev_scoring import calibrate_onnx, doc_rows, evaluate_and_calibrate, paragraph_gold
from slant.training.examples import make_examples, technique_labels
from slant.training.model import build_technique_model, trainable_state
from slant.training.predictors import torch_predictor
from slant.training.techniques import TrainConfig, write_model_files

log = logging.getLogger(__name__)

# Inverse L2 strengths tried for the paragraph head (sklearn's C, on standardised features).
PARAGRAPH_C_GRID = (0.002, 0.005, 0.01)
# Inverse L2 strength of the paragraph-context head (standardised features). Compared once on our
# dev split with bench/crossfit.py's protocol (mean cross-fitted paragraph micro-F1, windows scored
# in batches of 8; the comparison script is not in the repository): 0.1 and 1.0 scored alike
# (0.4436, 0.4435) and 0.01 lower (0.4407).
CONTEXT_C = 0.1
TOKEN_POS_WEIGHT = 3.0  # as in training.techniques
TOKEN_EPOCHS = 4
TOKEN_MIN_STEPS = 600


def refit_heads(source: Path, data: Path, out: Path, layers: int, languages: tuple[str, ...], seed: int = 13,
                limit_docs: int | None = None, calibrate: bool = True) -> Path:
    import torch
    from safetensors.torch import load_file, save_file

    started = time.time()
    source_config, source_meta = _check_source(source, out, layers, languages)
    torch.manual_seed(seed)
    labels = technique_labels()
    docs = load_docs(data, list(languages))
    train_docs = [d for d in docs if not is_dev(d.article_id)]
    dev_docs = [d for d in docs if is_dev(d.article_id)]
    if limit_docs:  # a smoke run: a few articles of each split
        train_docs, dev_docs = train_docs[:limit_docs], dev_docs[: max(1, limit_docs // 4)]

    model = build_technique_model(len(labels), source_config["lora_rank"], source_config["lora_alpha"], layers)
    state = load_file(str(source / "adapter.safetensors"))
    # With every layer kept, the token vectors are the source's own, so the token head trained
    # jointly with them still fits them, and it found spans better than a refit one (module docstring).
    keep_token_head = layers == int(source_config.get("layers") or 12)
    refit = ("paragraph_head",) if keep_token_head else ("token_head", "paragraph_head")
    kept = {k: v for k, v in state.items() if not _is_dropped(k, layers) and not k.startswith(refit)}
    missing, unexpected = model.load_state_dict(kept, strict=False)
    if unexpected:
        raise SlantError(f"{source}/adapter.safetensors has unknown tensors {unexpected[:3]}: retrain it with this slant version")
    model.eval()

    examples = make_examples(train_docs, labels)
    log.info("%d training windows from %d articles; encoding them with %d layers", len(examples), len(train_docs), layers)
    paragraph_features, token_features = _features(model, [e.window for e in examples], tokens=not keep_token_head)
    log.info("features in %.0fs", time.time() - started)

    window_gold = np.stack([e.paragraph_labels for e in examples]).astype(bool)
    groups = np.array([hash_group(train_docs[e.doc_index].article_id) for e in examples])
    weight, bias, chosen_c, cv_scores, out_of_fold = fit_paragraph_head(paragraph_features, window_gold, groups, seed)
    with torch.no_grad():
        model.paragraph_head.weight.copy_(torch.from_numpy(weight))
        model.paragraph_head.bias.copy_(torch.from_numpy(bias))
    if not keep_token_head:
        token_gold = np.concatenate([e.token_labels for e in examples]).astype(np.float32)
        token_weight, token_bias = fit_token_head(token_features, token_gold, seed)
        del token_features
        with torch.no_grad():
            model.token_head.weight.copy_(torch.from_numpy(token_weight))
            model.token_head.bias.copy_(torch.from_numpy(token_bias))

    # The context head learns from paragraph probabilities the paragraph head gave without having
    # fitted those articles (its grouped cross-validation folds). The encoder did see them in
    # training, so they are more confident than on new articles: the head may trust a
    # paragraph's own logit a little too much. Fitting it on the dev split instead would leave
    # nothing unseen to calibrate thresholds on.
    first_row = np.cumsum([0] + [len(d.paragraphs) for d in train_docs])
    train_probs = paragraph_max([first_row[e.doc_index] + e.window.paragraph for e in examples], out_of_fold,
                                int(first_row[-1]), len(labels))
    context_head = fit_context_head(train_probs, paragraph_gold(train_docs, labels), train_docs, seed)

    out.mkdir(parents=True, exist_ok=True)
    save_file(trainable_state(model), str(out / "adapter.safetensors"))
    context_head.save(out)
    evaluation = evaluate_and_calibrate(torch_predictor(model, torch.device("cpu")), dev_docs, labels, context_head)
    config = TrainConfig(data=data, out=out, languages=tuple(languages), layers=layers, seed=seed,
                         lora_rank=source_config["lora_rank"], lora_alpha=source_config["lora_alpha"],
                         epochs=source_meta.get("training", {}).get("epochs", 6), limit_docs=limit_docs,
                         device="cpu", calibrate_onnx=calibrate)
    write_model_files(
        config, labels, list(languages), evaluation, started, torch.device("cpu"), torch,
        source_meta.get("training_loss_per_epoch", []),
        split={"dev_share_percent": 20, "train_articles": len(train_docs), "dev_articles": len(dev_docs)},
        dev_scores=evaluation["scores"], dev_scores_torch=evaluation["scores"],
        heads_refit={
            "source": str(source),
            "source_layers": source_config.get("layers"),
            "source_adapter_sha256": hashlib.sha256((source / "adapter.safetensors").read_bytes()).hexdigest(),
            "source_training": source_meta.get("training"),
            "source_device": source_meta.get("device"),
            "paragraph_c": chosen_c,
            "paragraph_c_cv_micro_f1": cv_scores,
            "token_head": "kept from the source" if keep_token_head else f"refit, {TOKEN_EPOCHS}+ epochs",
            "context_head": context_head.meta,
        },
    )
    if calibrate:
        calibrate_onnx(out, data, dev_docs)
    log.info("wrote %s (%d layers, heads refit on %s)", out, layers, source)
    return out


def _check_source(source: Path, out: Path, layers: int, languages) -> tuple[dict, dict]:
    for name in ("config.json", "meta.json", "adapter.safetensors"):
        if not (source / name).exists():
            raise SlantError(f"--heads-from {source} is not a technique model folder ({name} missing)")
    if source.resolve() == out.resolve():
        raise SlantError(f"--heads-from {source} is also --out: write the shallower model to another folder")
    config = json.loads((source / "config.json").read_text())
    meta = json.loads((source / "meta.json").read_text())
    if meta.get("final_fit"):
        raise SlantError(f"--heads-from {source} was trained on the dev split too: its refit could not be scored")
    if not 1 <= layers <= int(config.get("layers") or 12):
        raise SlantError(f"--layers {layers}: the source model has {config.get('layers')} layers; keep 1 to that many")
    if list(config.get("languages", [])) != list(languages):
        raise SlantError(f"--heads-from {source} covers {config.get('languages')}, not {list(languages)}")
    return config, meta


def _is_dropped(name: str, layers: int) -> bool:
    parts = name.split(".")
    return len(parts) > 2 and parts[0] == "encoder" and parts[1] == "layers" and int(parts[2]) >= layers


def hash_group(article_id: str, folds: int = 3) -> int:
    return int(hashlib.md5(article_id.encode()).hexdigest(), 16) % folds


def _features(model, windows, tokens: bool = True):
    """[CLS; mean] per window and, if ``tokens``, every token's last-layer vector (rows in window
    order, ``len(window.ids)`` rows each)."""
    import torch

    hidden_size = model.encoder.config.hidden
    paragraph = np.zeros((len(windows), 2 * hidden_size), dtype=np.float32)
    offsets = np.cumsum([0] + [len(w.ids) for w in windows])
    token_vectors = np.zeros((offsets[-1] if tokens else 0, hidden_size), dtype=np.float32)
    with torch.no_grad():
        for batch in batches_by_length(windows, 4096, 16):
            ids, mask = pad_batch([windows[i] for i in batch])
            hidden = model.encoder(torch.from_numpy(ids), torch.from_numpy(mask))
            weights = torch.from_numpy(mask).unsqueeze(-1).float()
            pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1.0)
            features = torch.cat([hidden[:, 0], pooled], dim=-1).numpy()
            hidden = hidden.numpy()
            for row, index in enumerate(batch):
                paragraph[index] = features[row]
                if tokens:
                    token_vectors[offsets[index]:offsets[index + 1]] = hidden[row, : len(windows[index].ids)]
    return paragraph, token_vectors


def _micro_f1_at_best_global_threshold(probs: np.ndarray, gold: np.ndarray) -> float:
    _, score = best_threshold(probs.ravel(), gold.ravel(), np.arange(0.05, 0.96, 0.025))
    return float(score)


def fit_paragraph_head(features: np.ndarray, gold: np.ndarray, groups: np.ndarray, seed: int):
    """Weights (labels, features) and bias of per-technique logistic regressions, the
    standardisation folded in; C chosen by grouped cross-validation (micro-F1 at the best global
    threshold of the out-of-fold probabilities)."""
    from sklearn.linear_model import LogisticRegression

    mean = features.mean(axis=0)
    scale = features.std(axis=0) + 1e-6

    def fit(rows: np.ndarray, c: float):
        x = (features[rows] - mean) / scale
        weight = np.zeros((gold.shape[1], features.shape[1]), dtype=np.float64)
        bias = np.full(gold.shape[1], -10.0)
        for label in range(gold.shape[1]):
            y = gold[rows, label]
            if y.sum() < 2 or y.all():  # nothing to learn: a label never (or always) seen
                bias[label] = -10.0 if not y.any() else 10.0
                continue
            regression = LogisticRegression(C=c, max_iter=500, random_state=seed).fit(x, y)
            weight[label], bias[label] = regression.coef_[0], regression.intercept_[0]
        return weight, bias

    cv_scores: dict[str, float] = {}
    out_of_fold_by_c: dict[float, np.ndarray] = {}
    for c in PARAGRAPH_C_GRID:
        out_of_fold = np.zeros(gold.shape, dtype=np.float32)
        for fold in np.unique(groups):
            held = groups == fold
            weight, bias = fit(np.nonzero(~held)[0], c)
            logits = ((features[held] - mean) / scale) @ weight.T + bias
            out_of_fold[held] = 1.0 / (1.0 + np.exp(-logits))
        out_of_fold_by_c[c] = out_of_fold
        cv_scores[str(c)] = round(_micro_f1_at_best_global_threshold(out_of_fold, gold), 4)
        log.info("paragraph head C=%s: cross-validated micro-F1 %.4f", c, cv_scores[str(c)])
    chosen = max(PARAGRAPH_C_GRID, key=lambda c: cv_scores[str(c)])
    weight, bias = fit(np.arange(len(features)), chosen)
    # Fold the standardisation into the linear layer: w.(x - m)/s + b = (w/s).x + (b - w.(m/s)).
    folded_weight = weight / scale
    folded_bias = bias - folded_weight @ mean
    return folded_weight.astype(np.float32), folded_bias.astype(np.float32), chosen, cv_scores, out_of_fold_by_c[chosen]


def fit_context_head(probs: np.ndarray, gold: np.ndarray, docs: list, seed: int, c: float = CONTEXT_C) -> ContextHead:
    """The paragraph-context head (:mod:`slant.components.paragraph_context`) fitted on paragraph
    probabilities (rows in doc order) from a paragraph head not fitted on those articles (see
    the caveat in :func:`refit_heads`)."""
    from sklearn.linear_model import LogisticRegression

    features = np.concatenate([context_features(probs[rows], paragraph_lengths(doc.paragraphs))
                               for doc, rows in doc_rows(docs, len(probs))])  # (paragraphs, techniques, features)
    weight = np.zeros((gold.shape[1], len(CONTEXT_FEATURES)))
    bias = np.zeros(gold.shape[1])
    for label in range(gold.shape[1]):
        y = gold[:, label]
        if y.sum() < 2 or y.all():  # nothing to learn: keep the paragraph's own logit
            weight[label, 0] = 1.0
            continue
        x = features[:, label, :]
        mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
        regression = LogisticRegression(C=c, max_iter=1000, random_state=seed).fit((x - mean) / scale, y)
        weight[label] = regression.coef_[0] / scale
        bias[label] = regression.intercept_[0] - weight[label] @ mean
    return ContextHead(weight, bias, {"C": c, "paragraphs": int(len(features)),
                                      "fitted_on": "out-of-fold paragraph-head probabilities of the train split"})


def fit_token_head(features: np.ndarray, gold: np.ndarray, seed: int, batch: int = 4096, lr: float = 3e-3):
    """A linear token head by weighted binary cross-entropy (as in joint training), AdamW."""
    import torch

    generator = torch.Generator().manual_seed(seed)
    mean = torch.from_numpy(features.mean(axis=0))
    scale = torch.from_numpy(features.std(axis=0) + 1e-6)
    head = torch.nn.Linear(features.shape[1], gold.shape[1])
    optimizer = torch.optim.AdamW(head.parameters(), lr=lr, weight_decay=0.01)
    pos_weight = torch.full((gold.shape[1],), TOKEN_POS_WEIGHT)
    x_all, y_all = torch.from_numpy(features), torch.from_numpy(gold)
    steps_per_epoch = -(-len(features) // batch)
    epochs = max(TOKEN_EPOCHS, -(-TOKEN_MIN_STEPS // steps_per_epoch))  # small data: enough steps to converge
    for epoch in range(epochs):
        order = torch.randperm(len(features), generator=generator)
        total = 0.0
        for first in range(0, len(order), batch):
            rows = order[first:first + batch]
            logits = head((x_all[rows] - mean) / scale)
            loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, y_all[rows], pos_weight=pos_weight)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            total += float(loss.detach()) * len(rows)
        if epoch + 1 == epochs or (epoch + 1) % TOKEN_EPOCHS == 0:
            log.info("token head epoch %d/%d: mean loss %.4f", epoch + 1, epochs, total / len(order))
    with torch.no_grad():
        weight = head.weight / scale
        bias = head.bias - weight @ mean
    return weight.numpy().astype(np.float32), bias.numpy().astype(np.float32)
