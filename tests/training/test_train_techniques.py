"""`slant train techniques` end to end on a sliver of the SemEval data (1 layer, 4 training and 1 dev article)."""

import json
from pathlib import Path

import pytest

from slant.cli.main import main

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "semeval2023"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not DATA.is_dir(), reason="../shared/data/semeval2023 is not here (CI has it)"),
]


def test_train_writes_a_complete_model_folder_and_resumes(tmp_path):
    out = tmp_path / "techniques"
    args = ["train", "techniques", "--data", str(DATA), "--out", str(out), "--languages", "de", "--epochs", "1",
            "--limit-docs", "4", "--device", "cpu", "--layers", "1", "--no-onnx-calibration"]
    out.mkdir()
    (out / "context_head.json").write_text("{}")  # left by an earlier refit: fitted to another head
    assert main(args) == 0
    assert not (out / "context_head.json").exists()
    for name in ("adapter.safetensors", "config.json", "meta.json", "MODEL_CARD.md", "checkpoint/state.pt"):
        assert (out / name).exists(), name
    config = json.loads((out / "config.json").read_text())
    assert len(config["labels"]) == 23 and len(config["paragraph_thresholds"]) == 23 and config["layers"] == 1
    meta = json.loads((out / "meta.json").read_text())
    assert len(meta["data"]["sha256"]) == 64 and "de" in meta["dev_scores"]
    assert "research use only" in (out / "MODEL_CARD.md").read_text()
    # A rerun finds the finished epoch in the checkpoint and does not train again.
    adapter_before = (out / "adapter.safetensors").read_bytes()
    assert main(args) == 0
    assert (out / "adapter.safetensors").read_bytes() == adapter_before
    assert len(meta["training_loss_per_epoch"]) == 1
    # Another seed is another run: its checkpoint is not resumed.
    assert main([*args, "--seed", "14"]) == 0
    assert (out / "adapter.safetensors").read_bytes() != adapter_before
    assert json.loads((out / "meta.json").read_text())["training"]["seed"] == 14


def test_final_fit_on_all_articles_carries_thresholds_over_from_the_split_model(tmp_path, capsys):
    split = tmp_path / "split"
    base = ["--data", str(DATA), "--languages", "de", "--epochs", "1", "--limit-docs", "4", "--device", "cpu",
            "--no-onnx-calibration"]
    common = [*base, "--layers", "1"]
    assert main(["train", "techniques", "--out", str(split), *common]) == 0
    final = tmp_path / "final"
    assert main(["train", "techniques", "--out", str(final), "--final-fit", "all", *common]) != 0
    assert "--thresholds-from" in capsys.readouterr().err
    # The thresholds of a 1-layer model cannot serve a 2-layer one.
    assert main(["train", "techniques", "--out", str(final), "--final-fit", "all", "--thresholds-from", str(split),
                 *base, "--layers", "2"]) != 0
    assert "other settings" in capsys.readouterr().err
    assert main(["train", "techniques", "--out", str(final), "--final-fit", "all", "--thresholds-from", str(split),
                 *common]) == 0
    split_config = json.loads((split / "config.json").read_text())
    final_config = json.loads((final / "config.json").read_text())
    assert final_config["paragraph_thresholds"] == split_config["paragraph_thresholds"]
    meta = json.loads((final / "meta.json").read_text())
    assert meta["final_fit"]["count"] == 4 + 1  # the train articles and the dev article of the smoke run
    assert meta["dev_scores"] == json.loads((split / "meta.json").read_text())["dev_scores"]
    assert (final / "adapter.safetensors").read_bytes() != (split / "adapter.safetensors").read_bytes()
    assert "--final-fit all" in (final / "MODEL_CARD.md").read_text()
    assert meta["dev_scores_torch"] == json.loads((split / "meta.json").read_text())["dev_scores_torch"]
    # Neither a final-fit model nor the output folder itself may serve as the split model.
    assert main(["train", "techniques", "--out", str(tmp_path / "again"), "--final-fit", "all",
                 "--thresholds-from", str(final), *common]) != 0
    assert "trained on the dev split" in capsys.readouterr().err
    assert main(["train", "techniques", "--out", str(split), "--final-fit", "all", "--thresholds-from", str(split),
                 *common]) != 0
    assert "also --out" in capsys.readouterr().err
    # Calibrating it would score its own training articles.
    assert main(["train", "techniques", "--out", str(final), "--data", str(DATA), "--calibrate-only"]) != 0
    assert "dev split too" in capsys.readouterr().err
    # A split model with a context head fitted to its own paragraph head cannot lend its thresholds.
    (split / "context_head.json").write_text("{}")
    assert main(["train", "techniques", "--out", str(tmp_path / "again"), "--final-fit", "all",
                 "--thresholds-from", str(split), *common]) != 0
    assert "context head" in capsys.readouterr().err


def test_language_balance_trains_and_is_its_own_run(tmp_path):
    out = tmp_path / "balanced"
    args = ["train", "techniques", "--data", str(DATA), "--out", str(out), "--languages", "de,pl", "--epochs", "1",
            "--limit-docs", "4", "--device", "cpu", "--layers", "1", "--no-onnx-calibration"]
    assert main(args) == 0
    uniform = (out / "adapter.safetensors").read_bytes()
    assert main([*args, "--language-balance", "1"]) == 0  # not resumed from the uniform run's checkpoint
    assert (out / "adapter.safetensors").read_bytes() != uniform
    assert json.loads((out / "meta.json").read_text())["training"]["language_balance"] == 1.0


def test_distillation_mixes_teacher_probabilities_into_the_targets_and_is_its_own_run(tmp_path, capsys):
    teacher = tmp_path / "teacher"
    common = ["--data", str(DATA), "--languages", "de", "--epochs", "1", "--limit-docs", "4", "--device", "cpu",
              "--layers", "1", "--no-onnx-calibration"]
    assert main(["train", "techniques", "--out", str(teacher), *common]) == 0
    student = tmp_path / "student"
    args = ["train", "techniques", "--out", str(student), *common]
    assert main(args) == 0
    plain = (student / "adapter.safetensors").read_bytes()
    assert main([*args, "--teacher", str(teacher), "--teacher", str(teacher), "--distill-weight", "0.7"]) == 0
    assert (student / "adapter.safetensors").read_bytes() != plain  # not resumed from the undistilled checkpoint
    training = json.loads((student / "meta.json").read_text())["training"]
    assert training["teachers"] == [str(teacher), str(teacher)] and training["distill_weight"] == 0.7
    assert main([*args, "--teacher", str(tmp_path / "nowhere")]) != 0
    assert "not a technique model folder" in capsys.readouterr().err
    assert main([*args, "--teacher", str(teacher), "--distill-weight", "0"]) != 0
    assert "outside 0-1" in capsys.readouterr().err


def test_distil_targets_is_the_weighted_mean_of_gold_and_teacher():
    import numpy as np

    from slant.training.distillation import distil_targets
    from slant.training.examples import Example

    example = Example(window=None, doc_index=0, paragraph_labels=np.array([1.0, 0.0], dtype=np.float32),
                      token_labels=np.array([[1.0, 0.0], [0.0, 0.0]], dtype=np.float32))
    distil_targets([example], [np.array([0.5, 0.5], dtype=np.float32)],
                   [np.array([[0.0, 1.0], [1.0, 1.0]], dtype=np.float32)], 0.25)
    assert np.allclose(example.paragraph_labels, [0.875, 0.125])
    assert np.allclose(example.token_labels, [[0.75, 0.25], [0.25, 0.25]])


def test_a_teacher_that_saw_the_dev_split_or_other_data_is_refused(tmp_path):
    from slant.errors import SlantError
    from slant.training.distillation import _check_teacher_split

    def teacher(name, meta):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "meta.json").write_text(json.dumps(meta))
        return folder

    split = teacher("split", {"data": {"sha256": "abc"}, "training": {"final_fit": "train"}})
    _check_teacher_split(split, "abc")
    _check_teacher_split(teacher("older", {"data": {"sha256": "abc"}, "training": {}}), "abc")
    for name, meta, message in [
        ("all", {"data": {"sha256": "abc"}, "final_fit": {"count": 5}, "training": {"final_fit": "all"}}, "dev split"),
        ("smoke", {"data": {"sha256": "abc"}, "training": {"limit_docs": 4}}, "smoke run"),
        ("other", {"data": {"sha256": "xyz"}, "training": {}}, "other data"),
    ]:
        with pytest.raises(SlantError, match=message):
            _check_teacher_split(teacher(name, meta), "abc")
    with pytest.raises(SlantError, match="no meta.json"):
        _check_teacher_split(tmp_path, "abc")


def test_teacher_options_are_refused_where_nothing_is_distilled(tmp_path, capsys):
    for extra in (["genre"], ["techniques", "--heads-from", str(tmp_path)], ["techniques", "--calibrate-only"]):
        assert main(["train", *extra, "--data", str(DATA), "--out", str(tmp_path / "x"),
                     "--teacher", str(tmp_path)]) != 0
        assert "--teacher" in capsys.readouterr().err
    # A weight without teachers would be silently ignored.
    assert main(["train", "techniques", "--data", str(DATA), "--out", str(tmp_path / "x"), "--distill-weight", "0.8"]) != 0
    assert "pass --teacher" in capsys.readouterr().err
