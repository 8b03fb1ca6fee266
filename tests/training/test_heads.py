"""Refitting a technique model's heads on fewer layers (`slant train techniques --heads-from`)."""

import json
from pathlib import Path

import numpy as np
import pytest

from slant.training.heads import _is_dropped, fit_paragraph_head, fit_token_head

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "semeval2023"
SHIPPED = Path(__file__).resolve().parents[2] / "src" / "slant" / "models" / "techniques"


def _separable(rows: int, labels: int, features: int, seed: int):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(rows, features)).astype(np.float32) * rng.uniform(0.5, 20, features).astype(np.float32)
    x += rng.uniform(-50, 50, features).astype(np.float32)  # unstandardised on purpose
    direction = rng.normal(size=(labels, features))
    y = ((x - x.mean(0)) / x.std(0)) @ direction.T > 1.0
    return x, y


def test_paragraph_head_folds_the_scaling_into_a_linear_layer_and_separates_labels():
    x, y = _separable(900, 3, 12, 0)
    groups = np.arange(len(x)) % 3
    weight, bias, chosen, cv, _ = fit_paragraph_head(x, y, groups, seed=0)
    assert weight.shape == (3, 12) and bias.shape == (3,)
    assert set(cv) == {"0.002", "0.005", "0.01"} and str(chosen) in cv
    probs = 1 / (1 + np.exp(-(x @ weight.T + bias)))
    assert ((probs >= 0.5) == y).mean() > 0.9  # raw features in, the standardisation is inside


def test_paragraph_head_gives_an_unseen_label_a_never_firing_bias():
    x, y = _separable(300, 2, 6, 1)
    y[:, 1] = False
    weight, bias, _, _, _ = fit_paragraph_head(x, y, np.arange(len(x)) % 3, seed=0)
    assert not weight[1].any() and bias[1] < -5


def test_token_head_learns_separable_tokens():
    x, y = _separable(6000, 2, 8, 2)
    weight, bias = fit_token_head(x, y.astype(np.float32), seed=0)
    logits = x @ weight.T + bias
    # The positive weight of 3 moves the boundary, so read it at the best threshold per label.
    for label in range(2):
        accuracy = max(((logits[:, label] >= t) == y[:, label]).mean() for t in np.linspace(-3, 3, 25))
        assert accuracy > 0.9


def test_only_layers_from_n_on_are_dropped():
    assert _is_dropped("encoder.layers.8.query.lora_a", 8)
    assert not _is_dropped("encoder.layers.7.query.lora_a", 8)
    assert not _is_dropped("encoder.embed_norm.weight", 8)
    assert not _is_dropped("paragraph_head.weight", 8)


@pytest.mark.slow
@pytest.mark.skipif(not DATA.is_dir(), reason="../shared/data/semeval2023 is not here (CI has it)")
def test_heads_from_writes_a_shallower_model_folder(tmp_path, capsys):
    from slant.cli.main import main

    out = tmp_path / "shallow"
    base = ["train", "techniques", "--data", str(DATA), "--heads-from", str(SHIPPED), "--limit-docs", "4",
            "--no-onnx-calibration"]
    assert main([*base, "--layers", "2", "--out", str(out)]) == 0
    config = json.loads((out / "config.json").read_text())
    meta = json.loads((out / "meta.json").read_text())
    assert config["layers"] == 2 and len(config["paragraph_thresholds"]) == 23
    assert meta["heads_refit"]["source_layers"] == json.loads((SHIPPED / "config.json").read_text())["layers"]
    assert "research use only" in (out / "MODEL_CARD.md").read_text()
    from slant.components.paragraph_context import load_context_head

    assert load_context_head(out).weight.shape[0] == 23 and meta["heads_refit"]["context_head"]["C"] > 0
    from safetensors.numpy import load_file

    names = load_file(str(out / "adapter.safetensors"))
    assert not any(name.startswith("encoder.layers.2.") for name in names)
    # More layers than the source has, or the source folder as --out, are refused with a reason.
    assert main([*base, "--layers", "40", "--out", str(tmp_path / "deep")]) != 0
    assert "--layers 40" in capsys.readouterr().err
    assert main([*base, "--layers", "2", "--out", str(SHIPPED)]) != 0
    assert "also --out" in capsys.readouterr().err
