"""Model cards written from a model folder's config.json and meta.json."""

import json
import shutil
from pathlib import Path

from slant.training.model_card import (
    _device_kind,
    _distillation_arguments,
    _distillation_line,
    write_model_card,
)

SHIPPED = Path(__file__).resolve().parents[2] / "src" / "slant" / "models" / "techniques"


def test_the_refit_shipped_card_names_the_teachers_its_encoder_was_distilled_from(tmp_path):
    for name in ("config.json", "meta.json"):
        shutil.copy(SHIPPED / name, tmp_path / name)
    source_training = json.loads((tmp_path / "meta.json").read_text())["heads_refit"]["source_training"]
    card = write_model_card(tmp_path).read_text()
    assert "- distillation: the encoder was trained on targets" in card
    assert "research use only" in card
    for teacher in source_training["teachers"]:
        assert f"--teacher {teacher}" in card


def test_cards_name_the_kind_of_device_not_the_accelerator_model(tmp_path):
    for name in ("config.json", "meta.json"):
        shutil.copy(SHIPPED / name, tmp_path / name)
    meta = json.loads((tmp_path / "meta.json").read_text())
    meta["device"] = "cuda (Example Accelerator 9000)"
    meta["heads_refit"]["source_device"] = "cuda:0 (Example Accelerator 9000)"
    (tmp_path / "meta.json").write_text(json.dumps(meta))
    card = write_model_card(tmp_path).read_text()
    assert "Example Accelerator" not in card and "cuda" not in card
    assert "` on GPU, " in card and "` on GPU)" in card
    assert [_device_kind(d) for d in ("cpu", "cuda", "cuda:1 (X)", "mps", None, "tpu")] == ["CPU", "GPU", "GPU", "GPU", "?", "?"]


def test_distillation_text_needs_teachers_and_a_weight():
    assert _distillation_line({}) is None and _distillation_arguments({}) == ""
    assert _distillation_line({"teachers": ["a"], "distill_weight": None}) is None
    assert _distillation_arguments({"teachers": ["a"], "distill_weight": 0.8}) == " --teacher a --distill-weight 0.8"
    line = _distillation_line({"teachers": ["a", "b"], "distill_weight": 0.8, "final_fit": "all"})
    assert "20% the gold label and 80%" in line and "over every article" in line
