"""The entity head's training on synthetic token vectors: no shared data, no encoder."""

from types import SimpleNamespace

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from slant.components.entities import EntityHead  # noqa: E402
from slant.components.token_head import token_features  # noqa: E402
from slant.formats.conll import Sentence, sentence_text  # noqa: E402
from slant.training.entities import LABELS, fit_head, subword_labels, unlabelled_words  # noqa: E402
from slant.training.token_head import (  # noqa: E402
    HeadShape,
    build_module,
    fit_token_head,
    length_batches,
    module_arrays,
)

PER, I_PER, MISC = LABELS.index("B-PER"), LABELS.index("I-PER"), LABELS.index("B-MISC")


def synthetic_windows(count: int, seed: int):
    """Windows where a token marked in dimension 0 starts a name that runs while dimension 1 is
    set: telling B- from I- needs the left neighbour's vector."""
    rng = np.random.default_rng(seed)
    windows = []
    for _ in range(count):
        length = int(rng.integers(4, 12))
        vectors = rng.normal(0, 0.1, (length, 8)).astype(np.float16)
        labels = np.zeros(length, dtype=np.int64)
        start = int(rng.integers(1, length - 2))
        vectors[start, 0] += 1.0
        vectors[start:start + 2, 1] += 1.0
        labels[start], labels[start + 1] = PER, I_PER
        labels[0] = labels[-1] = -1  # <s> and </s> carry no label
        windows.append((vectors, labels))
    return windows


def test_the_fitted_head_tags_names_and_inference_reads_its_arrays():
    windows = synthetic_windows(300, seed=1)
    masks = [np.ones(len(LABELS), dtype=bool)] * len(windows)
    for neighbours in (True, False):
        shape = HeadShape(hidden_units=128, convolutions=1, width=3, neighbours=neighbours)
        head = EntityHead(LABELS, fit_head(windows, masks, epochs=15, seed=3, shape=shape), neighbours=neighbours)
        assert len(head.convs) == 1
        assert head.w1.shape[1] == (3 * 8 if neighbours else 8)
        assert tagged_share(head) > 0.95


def tagged_share(head: EntityHead) -> float:
    correct = total = 0
    for vectors, labels in synthetic_windows(40, seed=2):
        predicted = head.probabilities(head.features(vectors)).argmax(axis=1)
        keep = labels >= 0
        correct += int((predicted[keep] == labels[keep]).sum())
        total += int(keep.sum())
    return correct / total


def test_a_label_its_corpus_does_not_annotate_is_never_learned():
    windows = synthetic_windows(100, seed=4)
    masks = [np.array([label not in ("B-MISC", "I-MISC") for label in LABELS])] * len(windows)
    head = EntityHead(LABELS, fit_head(windows, masks, epochs=3, seed=3,
                                       shape=HeadShape(hidden_units=32, convolutions=0, neighbours=True)))
    assert head.convs == []
    probs = head.probabilities(token_features(windows[0][0]))
    assert probs[:, MISC].max() < probs.max(axis=1).min()


def test_the_torch_head_and_the_inference_head_agree():
    torch.manual_seed(0)
    module = build_module(3 * 8, len(LABELS), hidden_units=16, convolutions=2, width=5)
    head = EntityHead(LABELS, module_arrays(module))
    features = token_features(np.random.default_rng(5).normal(size=(9, 8)).astype(np.float16))
    with torch.no_grad():
        expected = torch.softmax(module(torch.from_numpy(features)[None]), -1)[0].numpy()
    assert np.allclose(head.probabilities(features), expected, atol=1e-5)


def test_batches_keep_similar_lengths_within_the_token_budget():
    lengths = [3, 50, 4, 48, 5, 200]
    batches = length_batches(lengths, max_tokens=110)
    assert sorted(i for batch in batches for i in batch) == list(range(len(lengths)))
    for batch in batches:
        assert len(batch) == 1 or max(lengths[i] for i in batch) * len(batch) <= 110


def test_a_sigmoid_head_learns_labels_that_overlap():
    from slant.components.token_head import TokenHead

    rng = np.random.default_rng(8)
    windows = []
    for _ in range(200):
        vectors = rng.normal(0, 0.1, (8, 8)).astype(np.float16)
        targets = np.zeros((8, 2), dtype=np.float32)
        marked = rng.random(8) < 0.3
        vectors[marked, 2] += 1.0
        targets[marked, 0] = 1.0  # label 0 where marked
        targets[marked & (vectors[:, 3] > 0), 1] = 1.0  # label 1 too, where dimension 3 is positive
        targets[0] = targets[-1] = np.nan  # <s> and </s>
        windows.append((vectors, targets))
    shape = HeadShape(hidden_units=16, convolutions=0, neighbours=True)
    head = TokenHead(["a", "b"], fit_token_head(windows, 2, "sigmoid", epochs=20, seed=1, shape=shape),
                     output="sigmoid")
    vectors, targets = windows[0]
    predicted = head.probabilities(token_features(vectors))[1:-1] > 0.5
    assert (predicted == (targets[1:-1] > 0.5)).mean() > 0.9


def test_padding_in_a_training_batch_reads_as_the_end_of_the_window():
    torch.manual_seed(1)
    module = build_module(3 * 8, len(LABELS), hidden_units=16, convolutions=2, width=5)
    head = EntityHead(LABELS, module_arrays(module))
    short = token_features(np.random.default_rng(2).normal(size=(4, 8)).astype(np.float16))
    padded = np.zeros((1, 9, short.shape[1]), dtype=np.float32)
    padded[0, :4] = short
    mask = np.zeros((1, 9, 1), dtype=np.float32)
    mask[0, :4] = 1.0
    with torch.no_grad():
        logits = module(torch.from_numpy(padded), torch.from_numpy(mask))[0, :4]
    assert np.allclose(torch.softmax(logits, -1).numpy(), head.probabilities(short), atol=1e-5)


def test_a_partially_annotated_sentence_says_nothing_about_its_unmarked_capitalised_words():
    sentence = Sentence(["Вчера", "Европейская", "комиссия", "заявила", ",", "сообщил", "Иван", "Петров", "в",
                         "Брюсселе"],
                        ["O", "O", "O", "O", "O", "O", "B-PER", "I-PER", "O", "O"])
    assert unlabelled_words(sentence) == {1, 2, 9}  # the first word's capital says nothing
    text, offsets = sentence_text(sentence.tokens)
    # one subword a word, between <s> and </s>
    window = SimpleNamespace(ids=[0] * (len(offsets) + 2), char_starts=[0] + [start for start, _ in offsets] + [len(text)])
    fully = subword_labels(window, offsets, sentence.tags)
    partly = subword_labels(window, offsets, sentence.tags, unlabelled_words(sentence))
    assert list(fully[1:-1]) == [LABELS.index(t) for t in sentence.tags]
    assert list(partly[1:-1]) == [0, -1, -1, 0, 0, 0, LABELS.index("B-PER"), LABELS.index("I-PER"), 0, -1]
    assert partly[0] == partly[-1] == -1
