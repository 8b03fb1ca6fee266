"""Persuasion-technique tagging: one encoder pass per paragraph window gives paragraph labels
and character spans for the 23 SemEval-2023 techniques, plus a pooled vector per window that
the article classifiers (genre, frames) reuse.

The model folder holds only what training changed; the int8 ONNX encoder is built from the
bundled base weights on first use and cached (``SLANT_CACHE_DIR``, default ``~/.cache/slant``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from .article import Article, SlantError, Span
from .paragraph_context import load_context_head, paragraph_lengths
from .windows import Window, batches_by_length, cut_windows, pad_batch, paragraph_max

log = logging.getLogger(__name__)

_build_lock = threading.Lock()

# A lexicon hit counts only where the model's own token probability for that technique is at
# least LEXICON_FLOOR; it then raises the words (and their paragraph) to LEXICON_PROBABILITY.
LEXICON_FLOOR = 0.15
LEXICON_PROBABILITY = 0.6


@lru_cache(maxsize=1)
def load_lexicon() -> dict[str, tuple[re.Pattern[str], dict[str, str]]]:
    """language -> (a pattern matching words that start with a listed prefix, prefix -> technique),
    from data/labels_lexicon.tsv."""
    by_language: dict[str, dict[str, str]] = {}
    text = resources.files("slant").joinpath("data/labels_lexicon.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        language, technique, prefix = line.split("\t")
        by_language.setdefault(language, {})[prefix] = technique
    compiled = {}
    for language, prefixes in by_language.items():
        alternatives = "|".join(re.escape(p) for p in sorted(prefixes, key=len, reverse=True))
        compiled[language] = (re.compile(rf"(?<!\w)({alternatives})[\w-]*", re.IGNORECASE), prefixes)
    return compiled


def lexicon_hits(text: str, start: int, end: int, language: str | None) -> list[tuple[int, int, str]]:
    entry = load_lexicon().get(language or "")
    if entry is None:
        return []
    pattern, prefixes = entry
    return [(m.start(), m.end(), prefixes[m.group(1).lower()]) for m in pattern.finditer(text, start, end)]


def apply_lexicon(
    text: str,
    paragraphs: Sequence[tuple[int, int]],
    windows: Sequence[Window],
    token_probs: list[np.ndarray],
    paragraph_probs: np.ndarray,
    labels: Sequence[str],
    language: str | None,
) -> list[tuple[int, int, str]]:
    """Raise model scores on lexicon words the model already leans towards; returns the hits used."""
    index_of = {label: i for i, label in enumerate(labels)}
    used = []
    for position, window in enumerate(windows):
        para_start, para_end = paragraphs[window.paragraph]
        for hit_start, hit_end, technique in lexicon_hits(text, max(para_start, window.start), min(para_end, window.end), language):
            label = index_of.get(technique)
            if label is None:
                continue
            tokens = (window.char_starts < hit_end) & (window.char_ends > hit_start) & (window.char_starts >= 0)
            if not tokens.any() or token_probs[position][tokens, label].max() < LEXICON_FLOOR:
                continue
            token_probs[position] = token_probs[position].copy()
            token_probs[position][tokens, label] = np.maximum(token_probs[position][tokens, label], LEXICON_PROBABILITY)
            paragraph_probs[window.paragraph, label] = max(paragraph_probs[window.paragraph, label], LEXICON_PROBABILITY)
            used.append((hit_start, hit_end, technique))
    return used


def cache_dir() -> Path:
    return Path(os.environ.get("SLANT_CACHE_DIR") or Path.home() / ".cache" / "slant")


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


_OPENING_MARKS = "“\"«„‘'(‹"


def _expand_to_words(text: str, start: int, end: int, lower: int, upper: int) -> tuple[int, int]:
    while start > lower and text[start - 1].isalnum():
        start -= 1
    while end < upper and text[end].isalnum():
        end += 1
    # A subword token can carry the opening quote of a quotation the span does not close.
    while start < end and text[start] in _OPENING_MARKS and not any(c in "”\"»“’')›" for c in text[start + 1 : end]):
        start += 1
    return start, end


def decode_spans(
    text: str,
    paragraphs: Sequence[tuple[int, int]],
    windows: Sequence[Window],
    token_probs: Sequence[np.ndarray],
    paragraph_probs: np.ndarray,
    labels: Sequence[str],
    paragraph_thresholds: np.ndarray,
    token_thresholds: np.ndarray,
) -> list[Span]:
    """Spans for each (paragraph, technique) the paragraph head accepts, so spans and paragraph
    labels always agree: token runs above the token threshold, or else the strongest run."""
    findings: list[Span] = []
    by_paragraph: dict[int, list[int]] = {}
    for index, window in enumerate(windows):
        by_paragraph.setdefault(window.paragraph, []).append(index)
    for paragraph_index, (para_start, para_end) in enumerate(paragraphs):
        accepted = np.nonzero(paragraph_probs[paragraph_index] >= paragraph_thresholds)[0]
        if not len(accepted):
            continue
        window_indices = by_paragraph.get(paragraph_index, [])
        if not window_indices:
            continue
        starts = np.concatenate([windows[i].char_starts[1:-1] for i in window_indices])
        ends = np.concatenate([windows[i].char_ends[1:-1] for i in window_indices])
        probs = np.concatenate([token_probs[i][1:-1] for i in window_indices])
        for label in accepted:
            column = probs[:, label]
            selected = column >= token_thresholds[label]
            if not selected.any():
                # The paragraph head is confident but no token passed: keep the strongest run.
                peak = float(column.max())
                selected = column >= peak * 0.6
            runs: list[tuple[int, int]] = []
            position = 0
            count = len(column)
            while position < count:
                if not selected[position]:
                    position += 1
                    continue
                run_start = position
                while position + 1 < count and selected[position + 1]:
                    position += 1
                runs.append((run_start, position))
                position += 1
            paragraph_score = float(paragraph_probs[paragraph_index, label])
            for first, last in runs:
                start, end = _expand_to_words(text, int(starts[first]), int(ends[last]), para_start, para_end)
                if end <= start:
                    continue
                token_score = float(column[first : last + 1].max())
                findings.append(
                    Span(start, end, str(labels[label]), round(float(np.sqrt(paragraph_score * token_score)), 4))
                )
    return _merge_touching(text, findings)


def _merge_touching(text: str, spans: list[Span]) -> list[Span]:
    """Merge spans of one technique that overlap or are separated only by spaces/punctuation."""
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.label or "", s.start, s.end)):
        if merged and merged[-1].label == span.label:
            previous = merged[-1]
            gap = text[previous.end : span.start]
            if span.start <= previous.end or (len(gap) <= 2 and not any(ch.isalnum() for ch in gap) and "\n" not in gap):
                merged[-1] = Span(
                    previous.start, max(previous.end, span.end), previous.label, max(previous.score or 0, span.score or 0)
                )
                continue
        merged.append(span)
    return sorted(merged, key=lambda s: (s.start, s.end, s.label or ""))


# Bumped whenever encoder.export_onnx changes its output, so a cached encoder is rebuilt.
# r2: the heads stay in float.
ONNX_RECIPE = "r2"
WINDOWS_PER_RUN = 1  # see TechniqueModel.run_windows


def _threads_from_environment() -> int:
    """``SLANT_THREADS`` (0 or unset: the core count, up to 4)."""
    value = os.environ.get("SLANT_THREADS", "").strip()
    try:
        threads = int(value) if value else 0
    except ValueError:
        raise SlantError(f"SLANT_THREADS must be a whole number of threads, not {value!r}") from None
    if threads < 0:
        raise SlantError(f"SLANT_THREADS must be 0 (the core count, up to 4) or more, not {threads}")
    return threads or min(4, os.cpu_count() or 1)


class TechniqueModel:
    """A loaded technique model folder: lazily builds/loads its ONNX encoder once."""

    def __init__(self, model_dir: Path, threads: int | None = None) -> None:
        self.model_dir = Path(model_dir)
        config_path = self.model_dir / "config.json"
        if not config_path.exists():
            raise SlantError(
                f"no technique model at {self.model_dir} (config.json missing): "
                "run `slant train techniques` or reinstall slant"
            )
        self.config = json.loads(config_path.read_text())
        self.labels: list[str] = list(self.config["labels"])
        self.paragraph_thresholds = np.array(self.config["paragraph_thresholds"], dtype=np.float32)
        self.precision_thresholds = np.array(self.config["precision_thresholds"], dtype=np.float32)
        self.token_thresholds = np.array(self.config["token_thresholds"], dtype=np.float32)
        self.context_head = load_context_head(self.model_dir)  # None: paragraphs scored on their own
        self.name = self.model_dir.name
        self.threads = threads or _threads_from_environment()
        if self.threads < 1:
            raise SlantError(f"threads must be at least 1, not {self.threads}")
        self._session = None
        # Threads start on the first submit, so an unused runner costs nothing.
        self._runner = ThreadPoolExecutor(self.threads, thread_name_prefix="slant-encoder")

    def onnx_path(self) -> Path:
        digest = hashlib.sha256((self.model_dir / "adapter.safetensors").read_bytes()).hexdigest()[:16]
        return cache_dir() / f"{self.name}-{digest}-{ONNX_RECIPE}.int8.onnx"

    def session(self):
        if self._session is not None:
            return self._session
        with _build_lock:
            if self._session is not None:
                return self._session
            path = self.onnx_path()
            # The 17 MB tokenizer loads in the background while onnxruntime reads the graph.
            from .encoder import load_tokenizer

            tokenizer_loader = threading.Thread(target=load_tokenizer, daemon=True)
            tokenizer_loader.start()
            if not path.exists():
                log.warning("building the int8 encoder for %s once (under a minute on 2 cores); cached at %s", self.name, path)
                from .encoder import export_onnx

                export_onnx(self.model_dir, path)
            import onnxruntime

            options = onnxruntime.SessionOptions()
            # Each window runs single-threaded and ``self.threads`` windows run at once (see
            # run_windows): on 2 cores the English dev windows took 15.2 s this way against
            # 19.0-20.6 s one at a time over two intra-op threads, with identical outputs.
            options.intra_op_num_threads = 1
            options.inter_op_num_threads = 1
            options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
            self._session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
            tokenizer_loader.join()
        return self._session

    def run_windows(self, windows: Sequence[Window]):
        """Paragraph probs, token probs and pooled vectors per window."""
        session = self.session()
        paragraph_probs: list[np.ndarray | None] = [None] * len(windows)
        token_probs: list[np.ndarray | None] = [None] * len(windows)
        pooled: list[np.ndarray | None] = [None] * len(windows)
        # One window per run: the int8 encoder quantises activations with one scale per input
        # tensor, so in a batch a window's scores moved with its companions and their padding
        # (up to 0.22 in probability; 107 of 10,603 paragraph-technique decisions of the French
        # dev split flipped between scoring each article alone and all together). Alone, a
        # window always scores the same; on 2 cores it ran as fast as batches of 8.
        def run(batch: list[int]):
            ids, mask = pad_batch([windows[i] for i in batch])
            return batch, session.run(None, {"input_ids": ids, "attention_mask": mask})

        batches = list(batches_by_length(windows, max_tokens_per_batch=4096, max_batch=WINDOWS_PER_RUN))
        # onnxruntime releases the GIL while it runs, so threads here run windows in parallel.
        runs = self._runner.map(run, batches) if len(batches) > 1 else map(run, batches)
        for batch, (token_logits, paragraph_logits, pooled_out) in runs:
            for row, index in enumerate(batch):
                paragraph_probs[index] = sigmoid(paragraph_logits[row])
                token_probs[index] = sigmoid(token_logits[row, : len(windows[index].ids)])
                pooled[index] = pooled_out[row]
        return paragraph_probs, token_probs, pooled


class TechniqueTagger:
    """Pipeline component: adds ``techniques`` and ``paragraph_techniques`` layers and leaves
    per-article features (``paragraph_probs``, ``article_vector``) in the batch context."""

    name = "techniques"

    def __init__(
        self,
        model_dir: Path,
        precision_first: bool = False,
        languages: Sequence[str] | None = None,
        use_lexicon: bool = True,
    ) -> None:
        self.model = TechniqueModel(model_dir)
        self.precision_first = precision_first
        self.use_lexicon = use_lexicon
        self.languages = set(languages or self.model.config.get("languages", []))

    def supports(self, article: Article) -> bool:
        return article.language in self.languages

    def __call__(self, articles: Sequence[Article], context: dict) -> None:
        model = self.model
        thresholds = model.precision_thresholds if self.precision_first else model.paragraph_thresholds
        jobs = []
        all_windows: list[Window] = []
        for article in articles:
            if not self.supports(article):
                context.setdefault("skipped", {})[article.id] = (
                    f"techniques not analysed for language {article.language or 'unknown'}: "
                    f"the model covers {', '.join(sorted(self.languages))} (use --lang to override detection)"
                )
                continue
            paragraphs = [(p.start, p.end) for p in article.paragraphs]
            windows = cut_windows(article.text, paragraphs)
            jobs.append((article, paragraphs, len(all_windows), len(all_windows) + len(windows)))
            all_windows.extend(windows)
        if not all_windows:
            return
        paragraph_probs, token_probs, pooled = model.run_windows(all_windows)
        for article, paragraphs, first, last in jobs:
            windows = all_windows[first:last]
            probs = paragraph_max([w.paragraph for w in windows], paragraph_probs[first:last], len(paragraphs),
                                  len(model.labels))
            model_probs = probs.copy()  # before context and lexicon: what the article classifiers see
            if model.context_head is not None:
                probs = model.context_head.apply(probs, paragraph_lengths(paragraphs))
            window_token_probs = list(token_probs[first:last])
            hits = apply_lexicon(article.text, paragraphs, windows, window_token_probs, probs, model.labels,
                                 article.language) if self.use_lexicon else []
            spans = decode_spans(
                article.text, paragraphs, windows, window_token_probs, probs, model.labels, thresholds,
                model.token_thresholds,
            )
            findings = []
            for span in spans:
                attrs = {"model": model.name}
                if any(t == span.label and s < span.end and span.start < e for s, e, t in hits):
                    attrs["evidence"] = "model+lexicon"
                findings.append(Span(span.start, span.end, span.label, span.score, attrs))
            model_tag = {"model": model.name}
            article.set_layer("techniques", findings)
            paragraph_findings = []
            for index, (start, end) in enumerate(paragraphs):
                for label in np.nonzero(probs[index] >= thresholds)[0]:
                    paragraph_findings.append(
                        Span(start, end, model.labels[label], round(float(probs[index, label]), 4), model_tag)
                    )
            article.set_layer("paragraph_techniques", paragraph_findings)
            vectors = np.stack([pooled[i] for i in range(first, last)]) if last > first else None
            context.setdefault("features", {})[article.id] = {
                "paragraph_probs": model_probs,
                "article_vector": vectors.mean(axis=0) if vectors is not None else None,
            }
