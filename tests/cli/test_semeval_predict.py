"""`slant semeval predict`: with fake components (conftest.py), and with the real models (slow:
loads the int8 encoder)."""

from __future__ import annotations

import logging
import shutil
import stat
from pathlib import Path

import pytest

from slant.cli.main import main
from slant.formats import semeval

ARTICLES = Path(__file__).resolve().parents[1] / "fixtures" / "semeval" / "en" / "train-articles-subtask-3"


def english_articles(tmp_path: Path) -> Path:
    folder = tmp_path / "en" / "train-articles-subtask-3"  # the folder names the language
    shutil.copytree(ARTICLES, folder)
    return folder


def template_keys(folder: Path) -> list[tuple[str, int]]:
    return [(row.article_id, row.paragraph) for article in semeval.iter_articles(folder)
            for row in semeval.article_template_rows(article)]


def add_broken_files(folder: Path, long_text_chars: int) -> set[str]:
    """Binary, legacy-encoded, empty and over-long articles; returns the ids that can be predicted."""
    (folder / "doc900000020.txt").write_bytes(bytes(range(256)) * 16)  # binary
    (folder / "doc900000021.txt").write_bytes("Это бандиты и погромщики, сообщают СМИ.\n".encode("cp1251"))
    (folder / "doc900000022.txt").write_text("", encoding="utf-8")
    (folder / "doc900000023.txt").write_text("Word after word. " * (long_text_chars // 17 + 1), encoding="utf-8")
    return {"900000001", "900000002", "900000010", "900000021", "900000022"}


def test_predict_uses_the_one_batch_loop_and_fills_every_template_paragraph(tmp_path, monkeypatch, fake_models,
                                                                            streamed_batch_sizes):
    streamed = streamed_batch_sizes
    monkeypatch.setenv("SLANT_BATCH_SIZE", "2")
    folder = english_articles(tmp_path)
    output = tmp_path / "paragraphs.txt"
    assert main(["semeval", "predict", "--subtask", "3", str(folder), "-o", str(output)]) == 0
    assert len(streamed) == 1 and fake_models.batches == [2, 1]
    lines = [line.split("\t") for line in output.read_text(encoding="utf-8").splitlines()]
    assert [(fields[0], int(fields[1])) for fields in lines] == template_keys(folder)


def test_predict_reports_broken_files_and_predicts_the_others(tmp_path, monkeypatch, caplog, fake_models, umask_022):
    monkeypatch.setenv("SLANT_MAX_CHARS", "5000")
    folder = english_articles(tmp_path)
    readable = add_broken_files(folder, 6000)
    genre_file = tmp_path / "genre.txt"
    with caplog.at_level(logging.WARNING):
        assert main(["semeval", "predict", "--subtask", "1", str(folder), "-o", str(genre_file)]) == 1
    genres = dict(line.split("\t") for line in genre_file.read_text(encoding="utf-8").splitlines())
    assert set(genres) == readable and set(genres.values()) == {"reporting"}
    assert stat.S_IMODE(genre_file.stat().st_mode) == 0o644
    assert "doc900000020.txt" in caplog.text and "binary" in caplog.text
    assert "doc900000023.txt" in caplog.text and "over the analysis limit" in caplog.text
    assert "2 of 7 articles failed; the other 5 were predicted" in caplog.text


@pytest.mark.slow
def test_subtask_3_gives_every_template_paragraph_a_line(tmp_path):
    folder = english_articles(tmp_path)
    output = tmp_path / "paragraphs.txt"
    assert main(["semeval", "predict", "--subtask", "3", str(folder), "-o", str(output)]) == 0
    lines = [line.split("\t") for line in output.read_text(encoding="utf-8").splitlines()]
    assert [(fields[0], int(fields[1])) for fields in lines] == template_keys(folder)
    predicted = {label for fields in lines for label in fields[2].split(",") if label}
    assert predicted, "the fixture articles are slanted: some paragraph should get a technique"
    assert predicted <= set(semeval.techniques())


@pytest.mark.slow
def test_a_broken_file_is_reported_and_the_others_predicted(tmp_path, caplog):
    folder = english_articles(tmp_path)
    readable = add_broken_files(folder, 1_190_000)  # over the default max_chars
    genre_file, span_file = tmp_path / "genre.txt", tmp_path / "spans.txt"
    with caplog.at_level(logging.WARNING):
        assert main(["semeval", "predict", "--subtask", "1", str(folder), "-o", str(genre_file)]) == 1
        assert main(["semeval", "predict", "--subtask", "spans", str(folder), "-o", str(span_file)]) == 1
    genres = dict(line.split("\t") for line in genre_file.read_text(encoding="utf-8").splitlines())
    assert set(genres) == readable
    assert set(genres.values()) <= {"reporting", "opinion", "satire"}
    assert "doc900000020.txt" in caplog.text and "binary" in caplog.text
    assert "doc900000023.txt" in caplog.text and "over the analysis limit" in caplog.text
    assert "2 of 7 articles failed; the other 5 were predicted" in caplog.text
    texts = {article_id: (folder / f"doc{article_id}.txt").read_bytes() for article_id in readable}
    for line in span_file.read_text(encoding="utf-8").splitlines():
        article_id, technique, start, end = line.split("\t")
        assert article_id in readable and technique in semeval.techniques()
        text = texts[article_id].decode("utf-8" if article_id != "900000021" else "cp1251")
        assert 0 <= int(start) < int(end) <= len(text)
