from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest

from slant.cli.main import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "semeval"
EN = FIXTURES / "en"


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_template_prints_official_rows_in_id_order(capsys):
    code, out, _ = run_cli(capsys, "semeval", "template", str(EN / "train-articles-subtask-3"))
    assert code == 0
    expected = "".join(
        (EN / "train-labels-subtask-3" / f"doc{aid}-labels-subtask-3.txt.template")
        .read_text(encoding="utf-8")
        .rstrip("\n")
        + "\n"
        for aid in ["900000001", "900000002", "900000010"]
    )
    assert out == expected
    assert "900000001\t3\tThe mayor said on Monday that the streets will be cleaner by spring.  \n" in out


def test_score_subtask_3_reports_missing_paragraphs(capsys, tmp_path):
    pred = tmp_path / "pred.txt"
    pred.write_text(
        "900000001\t5\tLoaded_Language\n900000002\t3\tExaggeration-Minimisation\n", encoding="utf-8"
    )
    code, out, _ = run_cli(
        capsys,
        "semeval",
        "score",
        "--subtask",
        "3",
        "--json",
        str(EN / "train-labels-subtask-3.txt"),
        str(pred),
    )
    assert code == 0
    result = json.loads(out)
    # gold triples: (1,5,LL), (1,5,NC), (1,7,LL), (2,3,EM) = 4; predicted 2, both right
    assert result["micro_precision"] == 1.0 and result["micro_recall"] == 0.5
    assert result["official_score"] == pytest.approx(2 / 3)
    assert result["missing"] == 7  # 9 gold paragraphs, 2 predicted


def test_score_spans_text_and_binary(capsys, tmp_path):
    gold = EN / "train-labels-subtask-3-spans"
    code, out, _ = run_cli(capsys, "semeval", "score", "--subtask", "spans", str(gold), str(gold))
    # 4 gold spans: "a fool" (Name_Calling) lies inside a Loaded_Language span but has another label
    assert code == 0 and "F1 1.00000" in out and "gold spans 4" in out
    pred = tmp_path / "pred.txt"
    pred.write_text("900000001\tDoubt\t200\t208\n", encoding="utf-8")  # right place, wrong technique
    code, out, _ = run_cli(
        capsys, "semeval", "score", "--subtask", "spans", "--binary", "--json", str(gold), str(pred)
    )
    result = json.loads(out)
    # binary: "a fool" merges into [108,134); with [200,208) and [29,67) that is 3 gold spans;
    # the prediction matches one exactly
    assert (
        result["binary"] is True and result["precision"] == 1.0 and result["recall"] == pytest.approx(1 / 3)
    )


def test_score_subtask_1_and_2(capsys):
    code, out, _ = run_cli(
        capsys,
        "semeval",
        "score",
        "--subtask",
        "1",
        "--per-label",
        str(EN / "train-labels-subtask-1.txt"),
        str(EN / "train-labels-subtask-1.txt"),
    )
    assert code == 0 and "official macro_f1 1.00000" in out and "satire" in out
    code, out, _ = run_cli(
        capsys,
        "semeval",
        "score",
        "--subtask",
        "2",
        str(EN / "train-labels-subtask-2.txt"),
        str(EN / "train-labels-subtask-2.txt"),
    )
    assert code == 0 and "official micro_f1 1.00000" in out


def test_score_errors_are_reported(capsys, tmp_path):
    code, _, err = run_cli(
        capsys, "semeval", "score", "--subtask", "1", str(tmp_path / "gold.txt"), str(tmp_path)
    )
    assert code == 2 and "gold path" in err and "does not exist" in err
    gold = EN / "train-labels-subtask-1.txt"
    code, _, err = run_cli(capsys, "semeval", "score", "--subtask", "1", "--binary", str(gold), str(gold))
    assert code == 2 and "--binary applies to --subtask spans only" in err


def test_predict_hook_without_the_predictor(capsys, monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "slant.cli.semeval_predict", None)  # import now raises ModuleNotFoundError
    code, _, err = run_cli(
        capsys, "semeval", "predict", "--subtask", "3", str(tmp_path), "-o", str(tmp_path / "p.txt")
    )
    assert code == 2 and "not available" in err


def test_predict_hook_calls_the_predictor(capsys, monkeypatch, tmp_path):
    seen = {}
    module = types.ModuleType("slant.cli.semeval_predict")
    module.run = lambda args: seen.update(vars(args)) or 0
    monkeypatch.setitem(sys.modules, "slant.cli.semeval_predict", module)
    code, _, _ = run_cli(
        capsys, "semeval", "predict", "--subtask", "spans", str(tmp_path), "-o", str(tmp_path / "p.txt")
    )
    assert code == 0
    assert (
        seen["subtask"] == "spans"
        and seen["articles_dir"] == tmp_path
        and seen["output"] == tmp_path / "p.txt"
    )


def test_predict_refuses_an_output_it_cannot_write_before_running_the_models(capsys, tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "article1.txt").write_text("A title\n\nA paragraph.\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "semeval", "predict", "--subtask", "3", str(articles), "-o", str(tmp_path))
    assert code == 2 and "is a folder" in err
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = run_cli(capsys, "semeval", "predict", "--subtask", "3", str(articles), "-o", str(blocker / "p.txt"))
    assert code == 2 and "cannot create the folder" in err
