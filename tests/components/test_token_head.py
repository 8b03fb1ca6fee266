import numpy as np
import pytest

from slant.components.token_head import TokenHead, token_features, window_probabilities


def arrays(labels: int, convolutions: int, seed: int = 6) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    out = {"w1": rng.normal(0, 0.05, (16, 3 * 8)), "b1": rng.normal(0, 0.1, 16),
           "w2": rng.normal(0, 0.3, (labels, 16)), "b2": rng.normal(0, 0.1, labels)}
    for index in range(convolutions):
        out[f"conv{index}_w"] = rng.normal(0, 0.1, (16, 16, 3))
        out[f"conv{index}_b"] = rng.normal(0, 0.1, 16)
    return out


def test_a_sigmoid_head_scores_each_label_on_its_own():
    head = TokenHead(["source", "cue", "content"], arrays(3, 1), output="sigmoid")
    features = token_features(np.random.default_rng(7).normal(size=(9, 8)).astype(np.float16))
    fast = head.probabilities(features)
    assert fast.shape == (9, 3) and ((fast > 0) & (fast < 1)).all()
    assert np.allclose(fast, head.probabilities_numpy(features), atol=1e-5)
    assert not np.allclose(fast.sum(axis=1), 1.0)  # not a distribution over the labels


def test_an_unknown_output_is_refused():
    with pytest.raises(ValueError, match="softmax or sigmoid"):
        TokenHead(["a"], arrays(1, 0), output="relu")


def test_windows_read_as_if_each_were_alone():
    rng = np.random.default_rng(9)
    windows = [rng.normal(size=(length, 8)).astype(np.float16) for length in (5, 2, 7)]
    for convolutions in (0, 2):
        head = TokenHead(["a", "b"], arrays(2, convolutions))
        together = window_probabilities(head, windows)
        alone = [head.probabilities(token_features(vectors)) for vectors in windows]
        assert [p.shape for p in together] == [(5, 2), (2, 2), (7, 2)]
        assert all(np.allclose(a, b, atol=1e-5) for a, b in zip(together, alone, strict=True))
    assert window_probabilities(head, []) == []


def test_a_head_without_neighbours_reads_each_token_s_own_vector():
    rng = np.random.default_rng(11)
    own = arrays(2, 1)
    own["w1"] = own["w1"][:, :8]
    head = TokenHead(["a", "b"], own, neighbours=False)
    windows = [rng.normal(size=(length, 8)).astype(np.float16) for length in (6, 3)]
    assert head.features(windows[0]).shape == (6, 8)
    together = window_probabilities(head, windows)
    assert all(np.allclose(p, head.probabilities_numpy(vectors.astype(np.float32)), atol=1e-5)
               for p, vectors in zip(together, windows, strict=True))


def test_float32_features_score_as_the_same_vectors_kept_at_half_precision():
    own = arrays(3, 2)
    own["w1"] = own["w1"][:, :8]
    head = TokenHead(["a", "b", "c"], own, neighbours=False)
    vectors = np.random.default_rng(12).normal(size=(1, 7, 8)).astype(np.float32)
    mask = np.ones((1, 7), dtype=np.float32)
    single = head.batch_probabilities(vectors, mask, threads=1)
    half = head.batch_probabilities(vectors.astype(np.float16), mask, threads=1)
    assert np.array_equal(single, half)
    assert head.reads_padded_vectors and not TokenHead(["a"], arrays(1, 0)).reads_padded_vectors


def test_head_probabilities_come_from_the_encoder_or_from_kept_vectors():
    from slant.components.encoded import EncodedArticle
    from slant.components.token_head import head_probabilities

    own = arrays(2, 1)
    own["w1"] = own["w1"][:, :8]
    head = TokenHead(["a", "b"], own, neighbours=False)
    rng = np.random.default_rng(13)
    vectors = [rng.normal(size=(length, 8)).astype(np.float16) for length in (4, 6)]
    ran = [np.full((4, 2), 0.5)]
    kept = EncodedArticle([], [], [], [], token_vectors=vectors)
    by_encoder = EncodedArticle([], [], [], [], head_probs={"tagger": ran})
    first, second = head_probabilities("tagger", [kept, by_encoder], lambda: head)
    assert second is ran
    assert all(np.allclose(p, head.probabilities_numpy(v.astype(np.float32)), atol=1e-5)
               for p, v in zip(first, vectors, strict=True))
