"""Training examples for the technique model: windows of the articles with their targets.

Each window (as inference cuts it) gets paragraph targets (a technique anywhere in the window,
or the official paragraph label when the window is the whole paragraph) and token targets (the
tokens inside a gold span), and each may weigh the loss by its language.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from slant.components.encoded import Window
from slant.errors import SlantError
from slant.runtime.windows import cut_windows
from slant.training.data import TrainingDoc


@dataclass
class Example:
    window: Window
    doc_index: int
    paragraph_labels: np.ndarray  # (n_labels,) float32
    token_labels: np.ndarray  # (n_tokens, n_labels) float32


def technique_labels() -> list[str]:
    from slant.formats import semeval

    return list(semeval.techniques())


def make_examples(docs: list[TrainingDoc], labels: list[str]) -> list[Example]:
    index_of = {label: i for i, label in enumerate(labels)}
    examples: list[Example] = []
    for doc_index, doc in enumerate(docs):
        windows = cut_windows(doc.text, [(s, e) for s, e, _ in doc.paragraphs])
        for window in windows:
            token_labels = np.zeros((len(window.ids), len(labels)), dtype=np.float32)
            paragraph_labels = np.zeros(len(labels), dtype=np.float32)
            start, end = window.start, window.end
            for technique, span_start, span_end in doc.spans:
                label = index_of.get(technique)
                if label is None or span_end <= start or span_start >= end:
                    continue
                paragraph_labels[label] = 1.0
                inside = (window.char_starts < span_end) & (window.char_ends > span_start) & (window.char_starts >= 0)
                token_labels[inside, label] = 1.0
            # Official paragraph labels count too (a few have no span), when the window is the paragraph.
            line = doc.paragraphs[window.paragraph][2]
            para_start, para_end = doc.paragraphs[window.paragraph][:2]
            if start <= para_start and end >= para_end:
                for technique in doc.paragraph_labels.get(line, ()):
                    if technique in index_of:
                        paragraph_labels[index_of[technique]] = 1.0
            examples.append(Example(window, doc_index, paragraph_labels, token_labels))
    return examples


def language_weights(window_languages: list[str], balance: float) -> np.ndarray | None:
    """Per-window loss weights (float32, mean 1) that give each language a share of the loss
    growing with ``balance`` (see TrainConfig.language_balance); None for 0, every window alike."""
    if not balance:
        return None
    if not 0.0 < balance <= 1.0:
        raise SlantError(f"--language-balance {balance} is outside 0-1")
    languages, counts = np.unique(window_languages, return_counts=True)
    per_language = dict(zip(languages, (len(window_languages) / counts) ** balance, strict=True))
    weights = np.array([per_language[language] for language in window_languages], dtype=np.float64)
    return (weights / weights.mean()).astype(np.float32)
