"""What the commands share: the inputs a command line names (lists, folders, standard input),
one-line messages on stderr, and the sentence that sums up a batch."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from slant.errors import SlantError

FOLDER_INPUTS = (".html, .htm, .txt, .md, .warc, .jsonl (also gzipped) files; "
                 "a .json file is read only when named")
URL_LINE = re.compile(r"^(?:https?|file)://\S+$", re.IGNORECASE)


def notice(message: str, progress: Any = None) -> None:
    """Print ``slant: message`` on stderr once, above the progress bar when one is showing."""
    line = f"slant: {message}"
    if progress is not None:
        progress.console.print(line, markup=False, highlight=False, soft_wrap=True)
    else:
        print(line, file=sys.stderr, flush=True)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def failure_summary(failed: int, total: int, *, noun: str = "input", failed_as: str = "failed",
                    done_as: str = "analysed") -> str:
    """``1 input failed; none analysed``, ``2 of 5 inputs failed; the other 3 were analysed``."""
    if failed >= total:
        return f"{_count(failed, noun)} {failed_as}; none {done_as}"
    others = total - failed
    rest = f"the other one was {done_as}" if others == 1 else f"the other {others} were {done_as}"
    return f"{failed} of {_count(total, noun)} {failed_as}; {rest}"


def expand_lists(paths: list[str]) -> list[str]:
    """A plain file whose every line is a file:// URL or an existing path stands for those inputs."""
    expanded: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_file() and path.suffix.lower() in {".txt", ".lst", ".list", ".urls", ""} and path.stat().st_size < 1 << 20:
            try:
                lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
            except (UnicodeDecodeError, OSError):
                lines = []
            if lines and all(URL_LINE.match(line) or _names_a_file(line) for line in lines):
                expanded.extend(lines)
                continue
        expanded.append(raw)
    return expanded


def _names_a_file(line: str) -> bool:
    """Whether a line of text is the path of an existing file or folder. Prose is not: the OS
    refuses a sentence over 255 characters as a file name, and one with a NUL byte outright."""
    if len(line) >= 4096:
        return False
    try:
        return Path(line).exists()
    except (OSError, ValueError):
        return False


def plan_inputs(paths: list[str]) -> list[str | Path]:
    """The inputs in reading order: ``-`` (standard input), web URLs (refused when read) and
    files, folders walked. A folder with nothing slant reads is an error when it is all there
    is, and a notice otherwise."""
    from urllib.parse import unquote, urlparse

    from slant.ingest.reader import expand_paths

    planned: list[str | Path] = []
    empty: list[str] = []
    for raw in paths:
        if raw == "-":
            planned.append(raw)
            continue
        if URL_LINE.match(raw) and not raw.lower().startswith("file://"):
            planned.append(raw)
            continue
        path = Path(unquote(urlparse(raw).path)) if URL_LINE.match(raw) else Path(raw)
        if path.is_dir():
            files = expand_paths([path])
            if not files:
                empty.append(raw)
            planned.extend(files)
        else:
            planned.append(path)
    for folder in empty:
        message = f"{folder}: no inputs in this folder; slant reads {FOLDER_INPUTS}"
        if not planned:
            raise SlantError(message)
        notice(message)
    return planned


def read_inputs(inputs: list[str | Path], language: str | None, max_bytes: int | None) -> Iterator:
    """An Article, or a ReadFailure in its place, for every document of every input."""
    from slant.ingest.reader import ReadFailure, iter_file, read_stdin

    kwargs: dict[str, Any] = {"language": language}
    if max_bytes:
        kwargs["max_bytes"] = max_bytes
    for item in inputs:
        if isinstance(item, Path):
            yield from iter_file(item, **kwargs)
        elif item == "-":
            try:
                yield read_stdin(**kwargs)
            except SlantError as exc:
                yield ReadFailure("<stdin>", str(exc))
        else:
            yield ReadFailure(item, f"{item}: slant works offline and does not fetch pages; save the page and pass the file")


def missing_subcommand(parser) -> int:
    """A command group run without its subcommand: its help on stderr, exit status 2."""
    parser.print_help(sys.stderr)
    return 2
