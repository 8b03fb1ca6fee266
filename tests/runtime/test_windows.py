import numpy as np

from slant.runtime.windows import batches_by_length, cut_windows, pad_batch


def test_windows_map_tokens_back_to_exact_words():
    text = "Title here\n\nThe  thugs smashed windows. Ещё один абзац."
    paragraphs = [(0, 10), (12, len(text))]
    windows = cut_windows(text, paragraphs)
    assert [w.paragraph for w in windows] == [0, 1]
    for window in windows:
        assert window.ids[0] == 0 and window.ids[-1] == 2  # <s> … </s>
        for start, end in zip(window.char_starts[1:-1], window.char_ends[1:-1], strict=True):
            piece = text[start:end]
            assert piece and not piece[0].isspace(), (start, end, piece)
    covered = "".join(text[s:e] for s, e in zip(windows[1].char_starts[1:-1], windows[1].char_ends[1:-1], strict=True))
    assert covered.replace(" ", "") == text[12:].replace(" ", "")


def test_long_paragraph_is_cut_into_windows_within_the_limit():
    text = " ".join(f"word{i}" for i in range(400))
    windows = cut_windows(text, [(0, len(text))], max_tokens=64)
    assert len(windows) > 1
    assert all(len(w.ids) <= 64 for w in windows)
    assert windows[0].start == 0 and windows[-1].end == len(text)
    # consecutive windows continue where the previous stopped
    for before, after in zip(windows, windows[1:], strict=False):
        assert after.start >= before.end


def test_batches_cover_every_window_once_and_pad():
    text = "a b c\nshort\n" + "long paragraph " * 30
    paragraphs = [(0, 5), (6, 11), (12, len(text))]
    windows = cut_windows(text, paragraphs)
    seen = sorted(i for batch in batches_by_length(windows, max_tokens_per_batch=64, max_batch=2) for i in batch)
    assert seen == list(range(len(windows)))
    ids, mask = pad_batch(windows)
    assert ids.shape == mask.shape and mask.sum() == sum(len(w.ids) for w in windows)
    assert np.all(ids[mask == 0] == 1)


def test_a_paragraph_scores_the_maximum_of_its_windows():
    from slant.components.encoded import paragraph_max

    window_probs = [np.array([0.2, 0.9]), np.array([0.6, 0.1]), np.array([0.3, 0.3])]
    probs = paragraph_max([0, 0, 2], window_probs, paragraphs=4, labels=2)
    np.testing.assert_allclose(probs, [[0.6, 0.9], [0, 0], [0.3, 0.3], [0, 0]], rtol=1e-6)
    assert paragraph_max([], [], paragraphs=2, labels=3).shape == (2, 3)
