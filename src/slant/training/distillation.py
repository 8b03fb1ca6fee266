"""Knowledge distillation: mix the mean probabilities of teacher models into the gold targets,
so that one encoder learns what an ensemble of several knows.

Teachers must be technique models trained on the train split of the same data; one that saw the
dev split would leak it into the student's dev figures.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np

from slant.components.encoded import Window
from slant.errors import SlantError
from slant.runtime.encoder import sigmoid
from slant.training.examples import Example
from slant.training.model import load_technique_model
from slant.training.predictors import predict_examples

log = logging.getLogger(__name__)


def _check_teacher_split(folder: Path, data_sha256: str | None) -> None:
    """A teacher that saw the dev split (or other data) would leak it into the student's dev figures.
    ``data_sha256`` None (a smoke run of the student) skips the data checks."""
    meta_file = folder / "meta.json"
    if not meta_file.exists():
        raise SlantError(f"--teacher {folder} has no meta.json, so its training data cannot be checked: "
                         "pass a folder `slant train techniques` wrote")
    meta = json.loads(meta_file.read_text())
    training = meta.get("training", {})
    if meta.get("final_fit") or training.get("final_fit") not in (None, "train"):
        raise SlantError(f"--teacher {folder} was trained on the dev split too (--final-fit all): pass train-split "
                         "models as teachers")
    if data_sha256 is None:  # the student is a smoke run itself
        return
    if training.get("limit_docs"):
        raise SlantError(f"--teacher {folder} is a smoke run on {training['limit_docs']} articles: pass a full run")
    if meta.get("data", {}).get("sha256") not in (None, data_sha256):
        raise SlantError(f"--teacher {folder} was trained on other data (its meta.json data sha256 differs): "
                         "pass teachers trained on this --data")


def teacher_probabilities(teachers: tuple[Path, ...], windows: list[Window], labels: list[str], device,
                          data_sha256: str | None = None):
    """The teachers' mean paragraph and token probabilities for each window (torch, on ``device``)."""
    import torch

    paragraph_sum: list[np.ndarray] | None = None
    token_sum: list[np.ndarray] | None = None
    for folder in teachers:
        config_file, adapter_file = folder / "config.json", folder / "adapter.safetensors"
        if not config_file.exists() or not adapter_file.exists():
            raise SlantError(f"--teacher {folder} is not a technique model folder (no config.json or "
                             "adapter.safetensors): pass a folder `slant train techniques` wrote")
        _check_teacher_split(folder, data_sha256)
        if json.loads(config_file.read_text()).get("labels") != labels:
            raise SlantError(f"--teacher {folder} predicts other labels than this slant version: retrain it")
        teacher, _ = load_technique_model(folder)
        teacher.to(device)
        paragraph_logits, token_logits, _ = predict_examples(teacher, windows, device)
        paragraph = [sigmoid(logits) for logits in paragraph_logits]
        token = [sigmoid(logits) for logits in token_logits]
        paragraph_sum = paragraph if paragraph_sum is None else [a + b for a, b in zip(paragraph_sum, paragraph, strict=True)]
        token_sum = token if token_sum is None else [a + b for a, b in zip(token_sum, token, strict=True)]
        del teacher
        if device.type == "cuda":
            torch.cuda.empty_cache()
        log.info("teacher %s predicted %d windows", folder, len(windows))
    count = len(teachers)
    return ([(p / count).astype(np.float32) for p in paragraph_sum],
            [(t / count).astype(np.float32) for t in token_sum])


def distil_targets(examples: list[Example], paragraph_probs: list[np.ndarray], token_probs: list[np.ndarray],
                   weight: float) -> None:
    """Mix the teachers' probabilities into each example's gold targets, in place."""
    for example, paragraph, token in zip(examples, paragraph_probs, token_probs, strict=True):
        example.paragraph_labels = (1 - weight) * example.paragraph_labels + weight * paragraph
        example.token_labels = (1 - weight) * example.token_labels + weight * token


def distillation_setting(teachers: tuple[Path, ...], distill_weight: float) -> list | None:
    """What a checkpoint must match to resume: the teachers' adapters and the mixing weight."""
    if not teachers:
        return None
    import hashlib

    digests = [hashlib.sha256((Path(t) / "adapter.safetensors").read_bytes()).hexdigest()[:16] for t in teachers]
    return [digests, distill_weight]
