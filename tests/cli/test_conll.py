"""``slant conll score`` and ``slant conll predict`` (with a stand-in "entities" component)."""

from __future__ import annotations

import gzip
import json
import sys
import types

import pytest

from slant.cli.main import main
from slant.components import base
from slant.components.base import BUILTIN_COMPONENTS, Component
from slant.doc.article import Span
from slant.formats.conll import read_conll

FAKE_MODULE = "slant_test_fake_entities"
GAZETTEER = {"Anna Schmidt": "PER", "Berlin": "LOC", "Siemens": "ORG", "Bundesliga": "MISC", "Hamburg": "LOC"}

GOLD = (
    "0\t-DOCSTART-\tO\n"
    "\n"
    "0\tAnna\tB-PER\n"
    "1\tSchmidt\tI-PER\n"
    "2\tlives\tO\n"
    "3\tin\tO\n"
    "4\tBerlin\tB-LOC\n"
    "5\t.\tO\n"
    "\n"
    "0\tShe\tO\n"
    "1\tworks\tO\n"
    "2\tfor\tO\n"
    "3\tSiemens\tB-ORG\n"
    "4\tin\tO\n"
    "5\tHamburg\tB-ORG\n"
    "6\tand\tO\n"
    "7\twatches\tO\n"
    "8\tthe\tO\n"
    "9\tBundesliga\tB-MISC\n"
    "10\tevery\tO\n"
    "11\tweekend\tO\n"
    "12\t.\tO\n"
)


class FakeEntities(Component):
    """Finds the gazetteer's names in the text, as character spans."""

    name = "entities"
    requires = ("paragraphs", "language")
    assigns = ("entities",)
    seen: list = []

    def __init__(self, options=None) -> None:
        self.options = options

    def __call__(self, articles, states) -> None:
        FakeEntities.seen.append([(a.language, len(a.paragraphs), a.text) for a in articles])
        for article in articles:
            spans = []
            for name, label in GAZETTEER.items():
                start = article.text.find(name)
                if start >= 0:
                    spans.append(Span(start, start + len(name), label, 0.9))
            article.set_layer("entities", spans)


@pytest.fixture
def entities_component(monkeypatch):
    module = types.ModuleType(FAKE_MODULE)
    module.create = FakeEntities
    monkeypatch.setitem(sys.modules, FAKE_MODULE, module)
    monkeypatch.setitem(BUILTIN_COMPONENTS, "entities", f"{FAKE_MODULE}:create")
    monkeypatch.setattr(base, "entry_points", lambda group: [])
    FakeEntities.seen = []
    return FakeEntities


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


# -- score --------------------------------------------------------------------------------------
def test_score_prints_a_table_and_json(capsys, tmp_path):
    gold = _write(tmp_path / "gold.conll", GOLD)
    pred = _write(tmp_path / "pred.conll", GOLD.replace("5\tHamburg\tB-ORG", "5\tHamburg\tB-LOC"))
    code, out, _ = run_cli(capsys, "conll", "score", gold, pred)
    assert code == 0
    assert out.splitlines()[1].split() == ["overall", "0.8000", "0.8000", "0.8000", "5", "5", "4"]
    assert "LOC" not in out

    code, out, _ = run_cli(capsys, "conll", "score", gold, pred, "--per-label")
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines()[1:-1]}
    assert list(rows) == ["LOC", "MISC", "ORG", "PER", "overall"]
    assert rows["LOC"] == ["0.5000", "1.0000", "0.6667", "1", "2", "1"]
    assert rows["ORG"] == ["1.0000", "0.5000", "0.6667", "2", "1", "1"]

    code, out, _ = run_cli(capsys, "conll", "score", gold, pred, "--json")
    result = json.loads(out)
    assert result["overall"]["f1"] == pytest.approx(0.8) and result["per_label"]["PER"]["f1"] == 1.0
    assert result["sentences"] == 2 and result["tokens"] == 19


def test_score_reads_gzip_and_iob1(capsys, tmp_path):
    gold = tmp_path / "gold.conll.gz"
    gold.write_bytes(gzip.compress(GOLD.encode("utf-8")))
    iob1 = GOLD.replace("B-PER", "I-PER").replace("B-LOC", "I-LOC").replace("B-ORG", "I-ORG")
    pred = _write(tmp_path / "pred.conll", iob1)
    code, out, _ = run_cli(capsys, "conll", "score", gold, pred)
    # IOB1 read as IOB2: "Siemens in Hamburg" stays two ORG entities (an O between them)
    assert code == 0 and out.splitlines()[1].split()[1:4] == ["1.0000", "1.0000", "1.0000"]


def test_score_refuses_files_that_do_not_line_up(capsys, tmp_path):
    gold = _write(tmp_path / "gold.conll", GOLD)
    pred = _write(tmp_path / "pred.conll", GOLD.replace("11\tweekend\tO\n", ""))
    code, out, err = run_cli(capsys, "conll", "score", gold, pred)
    assert code == 2 and out == ""
    assert "do not line up at sentence 2" in err and "13 tokens in GOLD" in err and "12 in PRED" in err
    assert "line 10" in err

    other = _write(tmp_path / "other.conll", GOLD.replace("Siemens", "Bosch"))
    code, _, err = run_cli(capsys, "conll", "score", gold, other)
    assert code == 2 and "token 4 is 'Siemens' in GOLD" in err and "'Bosch' in PRED" in err

    code, _, err = run_cli(capsys, "conll", "score", gold, tmp_path / "missing.conll")
    assert code == 2 and "does not exist" in err


def test_conll_without_subcommand_prints_help(capsys):
    code, _, err = run_cli(capsys, "conll")
    assert code == 2 and "score" in err and "predict" in err


# -- predict ------------------------------------------------------------------------------------
def test_predict_round_trip_keeps_the_layout(capsys, tmp_path, entities_component):
    source = tmp_path / "input.conll.gz"
    source.write_bytes(gzip.compress(GOLD.encode("utf-8")))
    out = tmp_path / "pred.conll"
    code, _, err = run_cli(capsys, "conll", "predict", source, "-o", out, "--language", "en", "--batch-size", "1")
    assert code == 0, err
    assert "2 sentences (en), 5 entities" in err
    # the same file with the stand-in's tags: it calls Hamburg a LOC, so only that line differs
    assert out.read_text(encoding="utf-8") == GOLD.replace("5\tHamburg\tB-ORG", "5\tHamburg\tB-LOC")
    # one document (after -DOCSTART-): one article, a paragraph a sentence, even over --batch-size
    assert [len(batch) for batch in entities_component.seen] == [1]
    language, paragraphs, text = entities_component.seen[0][0]
    assert (language, paragraphs) == ("en", 2)
    assert text == "Anna Schmidt lives in Berlin .\n\nShe works for Siemens in Hamburg and watches the Bundesliga every weekend ."

    code, score_out, _ = run_cli(capsys, "conll", "score", source, out, "--json")
    assert code == 0 and json.loads(score_out)["overall"]["f1"] == pytest.approx(0.8)


def test_predict_two_column_layout_and_detected_language(capsys, tmp_path, entities_component):
    text = "".join(
        "\n".join(f"{token}\tO" for token in sentence.split()) + "\n\n"
        for sentence in [
            "Der Verein aus Hamburg spielt in der Bundesliga und hat in dieser Saison noch kein Spiel verloren .",
            "Die Stadt Berlin will die Mieten begrenzen , sagte die Senatorin am Montag .",
        ]
    )
    source = _write(tmp_path / "de.conll", text)
    out = tmp_path / "de.pred.conll"
    code, _, err = run_cli(capsys, "conll", "predict", source, "-o", out)
    assert code == 0, err
    assert {language for batch in entities_component.seen for language, _, _ in batch} == {"de"}
    sentences = read_conll(out)
    assert sentences[0].indices is None
    assert [t for t in sentences[0].tags if t != "O"] == ["B-LOC", "B-MISC"]
    assert sentences[1].tags[2] == "B-LOC"
    assert out.read_text(encoding="utf-8").count("\n\n") == 2


def test_predict_without_the_component_says_so(capsys, tmp_path, monkeypatch):
    # a registry without 'entities' (a copy: deleting from the real one would reorder it on undo)
    monkeypatch.setattr(base, "BUILTIN_COMPONENTS", {k: v for k, v in BUILTIN_COMPONENTS.items() if k != "entities"})
    monkeypatch.setattr(base, "entry_points", lambda group: [])
    source = _write(tmp_path / "in.conll", GOLD)
    code, _, err = run_cli(capsys, "conll", "predict", source, "-o", tmp_path / "out.conll", "--language", "en")
    assert code == 2 and "unknown pipeline component 'entities'" in err
    assert not (tmp_path / "out.conll").exists()


def test_predict_refuses_gzip_output_and_unreadable_input(capsys, tmp_path, entities_component):
    source = _write(tmp_path / "in.conll", GOLD)
    code, _, err = run_cli(capsys, "conll", "predict", source, "-o", tmp_path / "out.conll.gz")
    assert code == 2 and "plain text" in err
    bad = _write(tmp_path / "bad.conll", "0\tAnna\tPERSON\n")
    code, _, err = run_cli(capsys, "conll", "predict", bad, "-o", tmp_path / "out.conll", "--language", "en")
    assert code == 2 and "line 1: tag 'PERSON'" in err


def test_predict_reads_each_document_as_one_article_and_a_file_without_breaks_a_sentence_at_a_time(
        capsys, tmp_path, entities_component):
    second_document = GOLD.replace("Berlin", "Hamburg")
    source = _write(tmp_path / "two.conll", GOLD + "\n" + second_document)
    out = tmp_path / "pred.conll"
    code, _, err = run_cli(capsys, "conll", "predict", source, "-o", out, "--language", "en")
    assert code == 0, err
    assert [[paragraphs for _, paragraphs, _ in batch] for batch in entities_component.seen] == [[2, 2]]
    entities_component.seen.clear()
    without_breaks = _write(tmp_path / "plain.conll", GOLD.split("\n\n", 1)[1])
    code, _, err = run_cli(capsys, "conll", "predict", without_breaks, "-o", out, "--language", "en")
    assert code == 0, err
    assert [[paragraphs for _, paragraphs, _ in batch] for batch in entities_component.seen] == [[1, 1]]
