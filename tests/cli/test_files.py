"""slant.output.files: the one atomic file writer every command uses."""

import os
import stat

import pytest

from slant.errors import SlantError
from slant.output.files import atomic_writer, write_text_atomic


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_files_get_the_umask_mode_not_0600(tmp_path, umask_022):
    target = tmp_path / "report.html"
    write_text_atomic(target, "<p>hi</p>\n")
    assert target.read_text() == "<p>hi</p>\n"
    assert mode(target) == 0o644
    os.umask(0o027)
    other = tmp_path / "other.txt"
    write_text_atomic(other, "x")
    assert mode(other) == 0o640


def test_a_replaced_file_keeps_its_mode_and_nothing_is_left_behind(tmp_path):
    target = tmp_path / "index.json"
    target.write_text("old")
    target.chmod(0o604)
    write_text_atomic(target, "new")
    assert target.read_text() == "new" and mode(target) == 0o604
    assert [p.name for p in tmp_path.iterdir()] == ["index.json"]


def test_missing_folders_are_made_unless_asked_not_to(tmp_path):
    write_text_atomic(tmp_path / "a" / "b" / "c.txt", "x")
    assert (tmp_path / "a" / "b" / "c.txt").read_text() == "x"
    with pytest.raises(SlantError, match="does not exist"):
        write_text_atomic(tmp_path / "nope" / "c.txt", "x", make_folders=False)


def test_an_interrupted_write_leaves_the_old_file(tmp_path):
    target = tmp_path / "out.jsonl"
    target.write_text("previous\n")
    with pytest.raises(KeyboardInterrupt), atomic_writer(target) as stream:
        stream.write("half")
        raise KeyboardInterrupt
    assert target.read_text() == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_a_folder_in_the_way_is_a_clear_error(tmp_path):
    (tmp_path / "out").mkdir()
    with pytest.raises(SlantError, match="is a folder"):
        write_text_atomic(tmp_path / "out", "x")


def test_the_commands_write_files_only_through_it():
    # One writer: no command writes with tempfile or os.replace of its own.
    from pathlib import Path

    import slant.cli

    for module in Path(slant.cli.__file__).parent.glob("*.py"):
        source = module.read_text(encoding="utf-8")
        for banned in ("tempfile", "os.replace(", "write_text(", ".write_bytes("):
            assert banned not in source, f"{module.name} uses {banned}"
