"""What the encoder pass leaves for the components: typed, per article, never string keys.

The runtime cuts each article's paragraphs into :class:`Window` s, runs the encoder once per
window and hands every component that requires ``encoder`` the same :class:`EncodedArticle`;
however many heads read it, the encoder runs once. Token positions stay inside these objects
and the components that decode them; everything a component assigns is a character offset.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np


@dataclass(slots=True)
class Window:
    """One encoder input: ``ids`` with <s> ... </s>; ``char_starts``/``char_ends`` give each
    token's character range in the article text (-1 for the special tokens)."""

    paragraph: int  # index into the paragraph list the windows were cut from
    ids: np.ndarray
    char_starts: np.ndarray
    char_ends: np.ndarray

    @property
    def start(self) -> int:
        return int(self.char_starts[1])

    @property
    def end(self) -> int:
        return int(self.char_ends[-2])


def paragraph_max(paragraph_of_window: Sequence[int], window_probs: Sequence[np.ndarray], paragraphs: int,
                  labels: int) -> np.ndarray:
    """(paragraphs, labels): each paragraph's scores, the maximum over its windows (0 where a
    paragraph has none). Training and inference both score paragraphs this way."""
    probs = np.zeros((paragraphs, labels), dtype=np.float32)
    if len(paragraph_of_window):
        np.maximum.at(probs, np.asarray(paragraph_of_window), np.asarray(window_probs, dtype=np.float32))
    return probs


@dataclass
class EncodedArticle:
    """One article's encoder outputs: per window, paragraph and token probabilities (sigmoid of
    the technique heads) and the pooled vector the article classifiers read."""

    windows: list[Window]
    paragraph_probs: list[np.ndarray]
    token_probs: list[np.ndarray]
    pooled: list[np.ndarray]
    # per window (tokens x hidden, float16), kept only for a component that requires
    # TOKEN_VECTORS and has no token head the encoder can run
    token_vectors: list[np.ndarray] | None = None
    # component name -> per window (tokens x labels): what that component's token head made of
    # the token vectors, run by the encoder as it encoded each window
    head_probs: dict[str, list[np.ndarray]] = field(default_factory=dict)

    @property
    def article_vector(self) -> np.ndarray | None:
        return np.stack(self.pooled).mean(axis=0) if self.pooled else None


@dataclass
class ArticleState:
    """What the components of one pipeline run share about one article besides the Article."""

    encoded: EncodedArticle | None = None
    # paragraphs x techniques: the technique head's own probabilities, before the context
    # head and the lexicon (what the article classifiers were trained on)
    technique_probs: np.ndarray | None = None
    # hashed word counts of the text, computed once for the genre and frames models
    bag_of_words: tuple[np.ndarray, np.ndarray] | None = None
    notes: list[str] = field(default_factory=list)
