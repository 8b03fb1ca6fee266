import numpy as np
import pytest

from slant.errors import SlantError
from slant.training.examples import language_weights


def test_language_weights_move_loss_shares_toward_equal():
    languages = ["en"] * 60 + ["fr"] * 20 + ["de"] * 20
    assert language_weights(languages, 0.0) is None  # every window alike, as the shipped model was trained
    half = language_weights(languages, 0.5)
    full = language_weights(languages, 1.0)
    for weights in (half, full):
        assert weights.dtype == np.float32 and weights.mean() == pytest.approx(1.0)
    english_share = {name: w[:60].sum() / w.sum() for name, w in (("half", half), ("full", full))}
    assert 1 / 3 < english_share["half"] < 0.6
    assert english_share["full"] == pytest.approx(1 / 3)


def test_language_weights_refuse_a_balance_outside_0_1():
    with pytest.raises(SlantError, match="outside 0-1"):
        language_weights(["en", "fr"], 1.5)
