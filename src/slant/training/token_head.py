"""Fitting a :class:`slant.components.token_head.TokenHead` on the encoder's token vectors with
torch: the same arithmetic as inference, trained on whole windows so the convolutions see each
token's neighbours."""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass

import numpy as np

from slant.components.base import adapter_digest
from slant.components.token_head import token_features

log = logging.getLogger(__name__)

# Padded positions a batch: small batches give many updates an epoch (the heads are small).
BATCH_TOKENS = 1024


@dataclass(frozen=True)
class HeadShape:
    """A token head's size: ``hidden_units`` in its GELU layer, ``convolutions`` residual 1-D
    convolutions ``width`` tokens wide, and whether its input holds each token's ``neighbours``
    (see ``token_features``)."""

    hidden_units: int = 128
    convolutions: int = 2
    width: int = 5
    neighbours: bool = False

    def config(self) -> dict:
        """The model folder's ``config.json`` fields that the inference head reads."""
        return {"features": "token vector, left and right neighbours" if self.neighbours else "token vector",
                "neighbours": self.neighbours, "hidden_units": self.hidden_units,
                "convolutions": self.convolutions, "convolution_width": self.width}

    def describe(self) -> str:
        """In a model card's words."""
        inputs = "each token's vectors and its two neighbours'" if self.neighbours else "each token's vectors"
        if not self.convolutions:
            return f"a two-layer perceptron ({self.hidden_units} GELU units) over {inputs}"
        return (f"a GELU layer of {self.hidden_units} units over {inputs}, then {self.convolutions} residual "
                f"1-D convolutions {self.width} tokens wide over the window")

    @classmethod
    def from_settings(cls, settings: dict) -> HeadShape:
        return cls(settings["hidden_units"], settings.get("convolutions", 0), settings.get("convolution_width", 5),
                   settings.get("neighbours", True))


def head_provenance(name: str, technique_model) -> dict:
    """The ``meta.json`` fields every head shares: its name, when and by which slant it was
    trained, and the encoder whose vectors it reads."""
    import time

    from slant.runtime.encoder import ONNX_RECIPE
    from slant.version import __version__

    adapter = adapter_digest(technique_model)
    return {
        "name": name,
        "trained_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "slant_version": __version__,
        "encoder": {"model": technique_model.name, "adapter_sha256_16": adapter, "onnx_recipe": ONNX_RECIPE},
    }


def window_targets(window, inside: np.ndarray) -> np.ndarray:
    """(positions, labels) of 0/1 for a sigmoid head: is the token's first character inside a gold
    span of the label (``inside``: labels x characters); NaN for <s> and </s>."""
    targets = np.full((len(window.ids), inside.shape[0]), np.nan, dtype=np.float32)
    for position in range(1, len(window.ids) - 1):
        targets[position] = inside[:, window.char_starts[position]]
    return targets


def write_head_meta(out, name: str, technique_model, *, data: dict, settings: dict, dev: dict,
                    started: float) -> dict:
    """Write a head's ``meta.json`` in ``out``: provenance, its data and settings, its dev figures
    and how long training took since ``started`` (a ``time.time()``); return it."""
    import json
    import time

    meta = {**head_provenance(name, technique_model), "data": data, "settings": settings, "dev": dev,
            "seconds": round(time.time() - started, 1)}
    (out / "meta.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n")
    return meta


def build_module(features: int, labels: int, hidden_units: int, convolutions: int, width: int):
    """The torch twin of ``TokenHead`` (logits; the output function is applied outside)."""
    import torch

    class Head(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.first = torch.nn.Linear(features, hidden_units)
            self.convs = torch.nn.ModuleList(
                [torch.nn.Conv1d(hidden_units, hidden_units, width, padding=width // 2) for _ in range(convolutions)])
            self.last = torch.nn.Linear(hidden_units, labels)

        def forward(self, x, mask=None):  # x (windows, tokens, features); mask (windows, tokens, 1)
            # Zero hidden states past a window's end, as inference does: each window reads as if alone.
            gelu = torch.nn.functional.gelu
            keep = mask if mask is not None else torch.ones_like(x[..., :1])
            hidden = gelu(self.first(x), approximate="tanh") * keep
            for conv in self.convs:
                hidden = (hidden + gelu(conv(hidden.transpose(1, 2)).transpose(1, 2), approximate="tanh")) * keep
            return self.last(hidden)

    return Head()


def module_arrays(module) -> dict[str, np.ndarray]:
    """The arrays ``TokenHead`` reads."""
    arrays = {
        "w1": module.first.weight.detach().numpy().astype(np.float32),
        "b1": module.first.bias.detach().numpy().astype(np.float32),
        "w2": module.last.weight.detach().numpy().astype(np.float32),
        "b2": module.last.bias.detach().numpy().astype(np.float32),
    }
    for index, conv in enumerate(module.convs):
        arrays[f"conv{index}_w"] = conv.weight.detach().numpy().astype(np.float32)
        arrays[f"conv{index}_b"] = conv.bias.detach().numpy().astype(np.float32)
    return arrays


def length_batches(lengths: list[int], max_tokens: int) -> list[list[int]]:
    """Windows of similar length together, at most ``max_tokens`` padded positions a batch."""
    batches: list[list[int]] = []
    current: list[int] = []
    longest = 0
    for index in sorted(range(len(lengths)), key=lengths.__getitem__):
        if current and max(longest, lengths[index]) * (len(current) + 1) > max_tokens:
            batches.append(current)
            current, longest = [], 0
        current.append(index)
        longest = max(longest, lengths[index])
    if current:
        batches.append(current)
    return batches


def fit_token_head(windows: list[tuple[np.ndarray, np.ndarray]], labels: int, output: str, epochs: int, seed: int,
                   shape: HeadShape = HeadShape(), class_masks: list[np.ndarray] | None = None,
                   max_tokens: int = BATCH_TOKENS) -> dict[str, np.ndarray]:
    """Fit with AdamW. ``windows``: (token vectors, targets) with targets, for ``softmax``, a label
    id per position (-1: none), for ``sigmoid``, (positions, labels) of 0/1 with NaN rows for
    positions that carry none. ``class_masks`` (softmax): per window, the labels it may take.
    The head that reads the arrays must be built with ``shape.neighbours``."""
    import torch

    if output not in ("softmax", "sigmoid"):
        raise ValueError(f"output is softmax or sigmoid, not {output!r}")
    torch.manual_seed(seed)
    neighbours = shape.neighbours
    features = token_features(windows[0][0][:1], neighbours).shape[1]
    model = build_module(features, labels, shape.hidden_units, shape.convolutions, shape.width)
    optimiser = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-4)
    rng = random.Random(seed)
    batches = length_batches([len(targets) for _, targets in windows], max_tokens)
    for epoch in range(epochs):
        rng.shuffle(batches)
        total, positions = 0.0, 0
        for batch in batches:
            longest = max(len(windows[i][1]) for i in batch)
            x = np.zeros((len(batch), longest, features), dtype=np.float32)
            mask = np.zeros((len(batch), longest, 1), dtype=np.float32)
            for row, index in enumerate(batch):
                x[row, : len(windows[index][1])] = token_features(windows[index][0], neighbours)
                mask[row, : len(windows[index][1])] = 1.0
            logits = model(torch.from_numpy(x), torch.from_numpy(mask))
            if output == "softmax":
                y = np.full((len(batch), longest), -1, dtype=np.int64)
                allowed = np.ones((len(batch), 1, labels), dtype=bool)
                for row, index in enumerate(batch):
                    y[row, : len(windows[index][1])] = windows[index][1]
                    if class_masks is not None:
                        allowed[row, 0] = class_masks[index]
                logits = logits.masked_fill(~torch.from_numpy(allowed), -1e4)
                loss = torch.nn.functional.cross_entropy(logits.reshape(-1, labels), torch.from_numpy(y).reshape(-1),
                                                         ignore_index=-1)
                counted = int((y >= 0).sum())
            else:
                y = np.full((len(batch), longest, labels), np.nan, dtype=np.float32)
                for row, index in enumerate(batch):
                    y[row, : len(windows[index][1])] = windows[index][1]
                known = ~np.isnan(y[..., 0])
                counted = int(known.sum())
                if not counted:
                    continue
                rows = torch.from_numpy(known)
                loss = torch.nn.functional.binary_cross_entropy_with_logits(
                    logits[rows], torch.from_numpy(np.nan_to_num(y))[rows])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            total += float(loss.detach()) * counted
            positions += counted
        log.info("token head epoch %d: loss %.4f", epoch + 1, total / max(positions, 1))
    return module_arrays(model)
