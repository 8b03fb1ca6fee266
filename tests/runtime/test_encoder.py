"""The encoder's window handling with a stand-in session: repeated windows run once."""

from pathlib import Path

import numpy as np
import pytest

from slant.components.encoded import Window
from slant.runtime.encoder import Encoder, WindowCache

TECHNIQUES = Path(__file__).resolve().parents[2] / "src" / "slant" / "models" / "techniques"
LABELS = 23


class CountingSession:
    """Outputs that depend on the ids only, and a count of the windows it ran."""

    def __init__(self) -> None:
        self.windows_run = 0

    def run(self, _outputs, feeds):
        ids = feeds["input_ids"].astype(np.float32)
        self.windows_run += len(ids)
        batch, length = ids.shape
        token_logits = np.repeat(ids[:, :, None], LABELS, axis=2) / 1000
        paragraph_logits = np.repeat(ids.sum(axis=1, keepdims=True), LABELS, axis=1) / 1000
        pooled = np.repeat(ids.mean(axis=1, keepdims=True), 4, axis=1)
        hidden = np.repeat(ids[:, :, None], 6, axis=2)
        return token_logits, paragraph_logits, pooled, hidden


def window(ids: list[int], start: int = 0) -> Window:
    positions = np.arange(len(ids))
    return Window(paragraph=0, ids=np.array(ids, dtype=np.int64), char_starts=positions + start,
                  char_ends=positions + start + 1)


@pytest.fixture
def encoder():
    encoder = Encoder(TECHNIQUES, threads=1)
    encoder._session = CountingSession()
    return encoder


def test_a_repeated_window_runs_once_and_reads_the_same(encoder):
    boilerplate = [0, 7, 8, 9, 2]
    windows = [window(boilerplate), window([0, 5, 2]), window(boilerplate, start=40)]
    paragraph, tokens, pooled, vectors = encoder.run_windows(windows, token_vectors=True)
    assert encoder._session.windows_run == 2
    assert np.array_equal(paragraph[0], paragraph[2]) and np.array_equal(vectors[0], vectors[2])
    assert not np.array_equal(paragraph[0], paragraph[1])
    assert tokens[1].shape == (3, LABELS) and vectors[1].dtype == np.float16
    with pytest.raises(ValueError):  # shared between the copies: read-only
        tokens[0][0, 0] = 1.0
    # a later call finds it in the cache; without token_vectors only three lists come back
    again = encoder.run_windows([window(boilerplate, start=99)])
    assert encoder._session.windows_run == 2 and len(again) == 3
    assert np.array_equal(again[0][0], paragraph[0])


def test_the_cache_forgets_the_least_recently_used_within_its_budget():
    cache = WindowCache(max_bytes=3 * 80)
    parts = lambda value: (np.full(10, value, dtype=np.float64),)  # 80 bytes an entry  # noqa: E731
    for number in range(3):
        cache.put(bytes([number]), parts(number))
    assert cache.get(bytes([0])) is not None  # 0 is now the most recently used
    cache.put(bytes([3]), parts(3))
    assert len(cache) == 3 and cache.get(bytes([1])) is None and cache.get(bytes([0])) is not None
    cache.put(bytes([9]), (np.zeros(100),))  # larger than the whole budget: not kept
    assert cache.get(bytes([9])) is None and len(cache) == 3


def test_a_pickled_encoder_starts_with_an_empty_cache(encoder):
    import pickle

    encoder.run_windows([window([0, 4, 2])])
    assert len(encoder.window_cache) == 1
    again = pickle.loads(pickle.dumps(encoder))
    assert len(again.window_cache) == 0 and again._session is None


class DoublingHead:
    """A stand-in token head: twice the first vector component, and the calls it got."""

    reads_padded_vectors = True

    def __init__(self) -> None:
        self.calls = []

    def batch_probabilities(self, features, mask, threads=None):
        self.calls.append((features.dtype, threads))
        return 2 * features[..., :1] * mask[..., None]


def test_heads_run_as_each_window_is_encoded_and_their_outputs_are_cached(encoder):
    from slant.doc.article import Article, Span

    head = DoublingHead()
    article = Article(text="alpha beta")
    article.set_layer("paragraphs", [Span(0, 10, "paragraph")])
    (encoded,) = encoder.encode([article], heads={"tagger": head})
    assert encoded.token_vectors is None and len(encoded.head_probs["tagger"]) == len(encoded.windows)
    # read in float32, one thread each: the encoder's threads run them side by side
    assert head.calls and all(call == (np.float32, 1) for call in head.calls)
    ids = encoded.windows[0].ids.astype(np.float32)
    assert np.allclose(encoded.head_probs["tagger"][0][:, 0], 2 * ids)
    runs = encoder._session.windows_run
    (again,) = encoder.encode([article], heads={"tagger": head})
    assert encoder._session.windows_run == runs
    # asking for the vectors runs the window again, and the cache keeps both
    (with_vectors,) = encoder.encode([article], token_vectors=True)
    assert encoder._session.windows_run == 2 * runs and with_vectors.token_vectors[0].dtype == np.float16
    (both,) = encoder.encode([article], token_vectors=True, heads={"tagger": head})
    assert encoder._session.windows_run == 2 * runs and np.array_equal(both.head_probs["tagger"][0],
                                                                        encoded.head_probs["tagger"][0])


def test_a_head_that_reads_its_neighbours_is_not_run_on_padded_vectors(encoder):
    from slant.doc.article import Article, Span
    from slant.errors import ConfigError

    head = DoublingHead()
    head.reads_padded_vectors = False
    article = Article(text="alpha beta")
    article.set_layer("paragraphs", [Span(0, 10, "paragraph")])
    with pytest.raises(ConfigError, match="token_vectors=True"):
        encoder.encode([article], heads={"tagger": head})
