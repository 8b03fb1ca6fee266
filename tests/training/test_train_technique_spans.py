"""`slant train technique-spans` end to end on a sliver of the SemEval data, and the pipeline
that reads the folder it writes."""

import json
from pathlib import Path

import numpy as np
import pytest

import slant
from slant.cli.main import main

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "semeval2023"


def test_targets_mark_the_tokens_whose_first_character_is_inside_a_gold_span():
    from slant.components.encoded import Window
    from slant.training.token_head import window_targets

    inside = np.zeros((2, 20), dtype=np.float32)
    inside[1, 4:9] = 1.0
    window = Window(0, np.arange(5), np.array([-1, 0, 4, 9, -1]), np.array([-1, 3, 8, 12, -1]))
    targets = window_targets(window, inside)
    assert np.isnan(targets[[0, 4]]).all()
    assert targets[1:4].tolist() == [[0, 0], [0, 1], [0, 0]]


def test_the_shortest_usual_span_of_each_technique_leaves_out_its_rarest_short_spans():
    from slant.training.data import TrainingDoc
    from slant.training.technique_spans import shortest_span_words

    text = "one two three four five six seven eight nine ten"
    def doc(*spans):
        return TrainingDoc("1", "en", text, [(0, len(text), 1)], spans=list(spans))
    hypocrisy = [("Appeal_to_Hypocrisy", 0, len(text))] * 99 + [("Appeal_to_Hypocrisy", 0, 3)]
    loaded = [("Loaded_Language", 0, 3)] * 10 + [("Loaded_Language", 0, 7)] * 10
    floors = shortest_span_words([doc(*hypocrisy[:50]), doc(*hypocrisy[50:], *loaded)],
                                 ["Appeal_to_Hypocrisy", "Loaded_Language", "Doubt"])
    # one one-word span in a hundred is left out; a technique marked on single words has no floor
    assert floors == {"Appeal_to_Hypocrisy": 10}
    assert shortest_span_words([doc(*hypocrisy)], ["Appeal_to_Hypocrisy"], share=0.0) == {}


@pytest.mark.slow
@pytest.mark.skipif(not DATA.is_dir(), reason="../shared/data/semeval2023 is not here (CI has it)")
def test_train_writes_a_span_head_folder_the_pipeline_reads(tmp_path, caplog):
    import logging

    from slant.runtime.pipeline import Pipeline

    models = tmp_path / "models"
    models.mkdir()
    (models / "techniques").symlink_to(Path(slant.__file__).parent / "models" / "techniques")
    out = models / "technique-spans"
    out.mkdir()  # left by a run on another encoder: it must not set this run's head aside while scoring it
    (out / "meta.json").write_text(json.dumps({"encoder": {"adapter_sha256_16": "0" * 16}}))
    caplog.set_level(logging.WARNING, logger="slant.components.techniques")
    assert main(["train", "technique-spans", "--data", str(DATA), "--out", str(out), "--languages", "de",
                 "--epochs", "1", "--limit-docs", "4"]) == 0
    for name in ("weights.npz", "config.json", "meta.json", "MODEL_CARD.md"):
        assert (out / name).exists(), name
    config = json.loads((out / "config.json").read_text())
    assert len(config["labels"]) == 23 and config["kind"] == "technique-spans"
    assert config["min_span_words"] and all(words >= 2 for words in config["min_span_words"].values())
    meta = json.loads((out / "meta.json").read_text())
    assert len(meta["data"]["sha256"]) == 64 and meta["data"]["train_articles"] == 4
    assert set(meta["dev"]["de"]) == {"articles", "encoder_token_head", "span_head"}
    assert "research use only" in (out / "MODEL_CARD.md").read_text()
    assert "another technique encoder" not in caplog.text

    text = ("Korrupte Verräter und Lügner zerstören unser Land.\n\n"
            "Diese Verbrecher müssen endlich gestoppt werden, bevor es zu spät ist.")
    with_head = Pipeline(["techniques"], models=models)
    assert with_head.component("techniques").span_head_dir == out
    analysis = with_head(text)
    assert "spans:" in analysis.to_dict()["provenance"]["models"]["techniques"]
    paragraphs = [(p.start, p.end) for p in analysis.article.paragraphs]
    assert analysis.findings and analysis.paragraph_findings
    for finding in analysis.findings:
        assert any(start <= finding.start < finding.end <= end for start, end in paragraphs)
    encoder_head_only = tmp_path / "encoder-head-only"
    encoder_head_only.mkdir()
    (encoder_head_only / "techniques").symlink_to(Path(slant.__file__).parent / "models" / "techniques")
    without = Pipeline(["techniques"], models=encoder_head_only)
    assert without.component("techniques").span_head_dir is None
    assert sorted((f.start, f.label) for f in without(text).paragraph_findings) == \
        sorted((f.start, f.label) for f in analysis.paragraph_findings)
