"""A ``str`` (or ``bytes``) is always the document itself, even when it names an existing file;
a :class:`pathlib.Path` is a file to read, and so is the argument of ``slant.read_file``."""

import builtins
import io
import os
from pathlib import Path

import pytest

import slant
from slant.runtime.pipeline import Pipeline

ARTICLE = (
    "Harbour reopens after the storm\n\n"
    "The harbour reopened on Monday after three days of closure, the port authority said.\n"
)


@pytest.fixture
def article_file(tmp_path):
    path = tmp_path / "harbour.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.fixture
def never_open(monkeypatch):
    """Make opening the given file fail, however it is tried (other files open as usual)."""

    def guard(path: Path) -> list[str]:
        target = os.path.realpath(path)
        attempts: list[str] = []

        def refuse(what, name):
            if isinstance(name, str | bytes | os.PathLike) and os.path.realpath(os.fsdecode(name)) == target:
                attempts.append(what)
                raise AssertionError(f"{what} opened {name}, which must be read as text, not as a file")

        real_open, real_io_open = builtins.open, io.open
        real_read_bytes, real_read_text, real_path_open = Path.read_bytes, Path.read_text, Path.open
        real_os_open = os.open

        def fake_open(file, *args, **kwargs):
            refuse("open", file)
            return real_open(file, *args, **kwargs)

        def fake_io_open(file, *args, **kwargs):
            refuse("io.open", file)
            return real_io_open(file, *args, **kwargs)

        def fake_os_open(file, *args, **kwargs):
            refuse("os.open", file)
            return real_os_open(file, *args, **kwargs)

        def fake_read_bytes(self):
            refuse("Path.read_bytes", self)
            return real_read_bytes(self)

        def fake_read_text(self, *args, **kwargs):
            refuse("Path.read_text", self)
            return real_read_text(self, *args, **kwargs)

        def fake_path_open(self, *args, **kwargs):
            refuse("Path.open", self)
            return real_path_open(self, *args, **kwargs)

        monkeypatch.setattr(builtins, "open", fake_open)
        monkeypatch.setattr(io, "open", fake_io_open)
        monkeypatch.setattr(os, "open", fake_os_open)
        monkeypatch.setattr(Path, "read_bytes", fake_read_bytes)
        monkeypatch.setattr(Path, "read_text", fake_read_text)
        monkeypatch.setattr(Path, "open", fake_path_open)
        return attempts

    return guard


def test_the_guard_catches_a_read_of_the_file(article_file, never_open):
    attempts = never_open(article_file)
    with pytest.raises(AssertionError, match="must be read as text"):
        slant.read(article_file)
    assert attempts


def test_a_string_naming_an_existing_file_is_read_as_text(article_file, never_open):
    attempts = never_open(article_file)
    name = str(article_file)
    article = slant.read(name)
    assert article.text == name
    assert article.source == "<string>" and article.provenance["reader"] == "text"
    assert Pipeline().read(name).text == name  # what slant.analyze reads a string with
    assert slant.read(os.fsencode(name)).text == name  # bytes are content too
    assert attempts == []


def test_a_path_is_a_file_to_read(article_file):
    article = slant.read(article_file)
    assert article.text == ARTICLE.strip()
    assert article.title == "Harbour reopens after the storm"
    assert article.source == str(article_file)


def test_read_file_reads_the_file_a_string_or_a_path_names(article_file):
    for name in (str(article_file), article_file):
        article = slant.read_file(name)
        assert article.text == ARTICLE.strip() and article.source == str(article_file)
    with pytest.raises(slant.BadInputError, match="no such file"):
        slant.read_file(str(article_file.with_name("missing.txt")))


def test_other_objects_are_refused_with_what_to_pass():
    with pytest.raises(slant.BadInputError, match="str or bytes, or a pathlib.Path"):
        slant.read(42)


@pytest.mark.slow
def test_analyze_reads_a_string_as_text_and_a_path_as_a_file(article_file, never_open):
    by_path = slant.analyze(article_file)
    assert by_path.article.text == ARTICLE.strip()
    attempts = never_open(article_file)
    name = str(article_file)
    by_string = slant.analyze(name)
    assert by_string.article.text == name and attempts == []
    assert by_string.article.source == "<string>"
