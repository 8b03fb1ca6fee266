"""``slant extract``: read news inputs into clean article JSON."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from slant.cli.common import FOLDER_INPUTS, failure_summary, notice
from slant.doc.article import Article
from slant.errors import SlantError
from slant.ingest.reader import (
    MULTI_DOCUMENT_KINDS,
    ReadFailure,
    expand_paths,
    iter_file,
    kind_of_path,
    read,
    read_stdin,
    sniff_file_kind,
)

DESCRIPTION = """\
Read HTML pages, plain-text scrapes, WARC crawls (.warc, .warc.gz), JSONL records (one JSON
object a line with "html" or "text", optional "url" and "title"), .json files (one such record
or an array of them), any of them gzipped, and folders of them (walked recursively in name
order; hidden files, .json files and files without a known suffix such as .html .htm .txt .md
.warc .jsonl, with or without .gz, are skipped; a folder with none of them is an error). Use
"-" to read one document from standard input.

Each document is written in slant's document form (Article.to_dict(); the form
`slant analyze -f json` extends): schema_version, kind ("slant.article"), id, source, title,
title_span, language, metadata (url, site, published, authors), text, layers (paragraphs and
sentences: half-open character offsets into text), labels, removed (dropped lines, with a
reason) and provenance (how the reader read it).

Output: with --jsonl, one object a line. Without --jsonl or --text, a single document is
printed as one pretty JSON object, and several (many inputs, a folder, a WARC or JSONL file) as
a JSON array. A document that cannot be read gives {"source": ..., "error": ...} and the run goes
on; the exit status is then 1. With -o, the file is written atomically: all or nothing.

With --text, each document's body is written as plain text instead: its paragraphs, a blank
line between them, without the headline (the "text" field starts with it), as article-body
extractors write it. Several documents are separated by a line holding only a form feed (\\f);
one that cannot be read is reported on standard error and writes nothing.
"""




def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "extract",
        help="read news inputs (HTML, text, WARC, JSONL/JSON, folders) into article JSON",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="input files or folders; - for standard input")
    form = parser.add_mutually_exclusive_group()
    form.add_argument("--jsonl", action="store_true", help="write one JSON object per line (best for many inputs)")
    form.add_argument("--text", action="store_true",
                      help="write each article's body as plain text, without its headline (documents separated by a form feed line)")
    parser.add_argument("-o", "--output", type=Path, default=None, metavar="FILE",
                        help="write here (atomically) instead of standard output")
    parser.add_argument("--max-bytes", type=_positive_int, default=None, metavar="N",
                        help="refuse inputs (or records) larger than N bytes (default: SLANT_MAX_BYTES, else 20,000,000)")
    parser.add_argument("--language", default=None, metavar="CODE",
                        help="ISO 639-1 language of every input, instead of detecting it")
    parser.add_argument("--url", default=None, help="the page's URL (single input only; sets url and site)")
    parser.set_defaults(handler=run)


def _positive_int(value: str) -> int:
    try:
        number = int(value.replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of bytes") from None
    if number <= 0:
        raise argparse.ArgumentTypeError("--max-bytes must be positive")
    return number


def _documents(args: argparse.Namespace) -> Iterator[Article | ReadFailure]:
    for path in args.files:
        if str(path) == "-":
            try:
                yield read_stdin(url=args.url, language=args.language, max_bytes=args.max_bytes)
            except SlantError as exc:
                yield ReadFailure("<stdin>", str(exc))
            continue
        if args.url is not None:
            try:
                yield read(path, url=args.url, language=args.language, max_bytes=args.max_bytes)
            except SlantError as exc:
                yield ReadFailure(str(path), str(exc))
            continue
        yield from iter_file(path, language=args.language, max_bytes=args.max_bytes)


@contextlib.contextmanager
def _output(target: Path | None) -> Iterator[IO[str]]:
    """Standard output, or ``target`` written all or nothing."""
    if target is None:
        yield sys.stdout
        return
    from slant.output.files import atomic_writer

    with atomic_writer(target) as stream:
        yield stream


def _progress(total: int):
    """A rich progress bar on stderr for many inputs on a terminal, else None."""
    if total < 2 or not sys.stderr.isatty():
        return None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(TextColumn("extract"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                    console=Console(stderr=True), transient=True)


def run(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`): stop quietly, like other tools.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _run(args: argparse.Namespace) -> int:
    if args.url is not None and len(args.paths) > 1:
        raise SlantError("--url names one page; give a single input with it")
    args.files = []
    empty: list[str] = []
    for raw in args.paths:
        if raw == "-":
            args.files.append("-")
            continue
        files = expand_paths([raw])
        if not files:  # only a folder expands to nothing
            empty.append(raw)
        args.files.extend(files)
    for folder in empty:
        message = f"{folder}: no inputs in this folder; slant reads {FOLDER_INPUTS}"
        if not args.files:
            raise SlantError(message)
        notice(message)
    folder_given = any(raw != "-" and Path(raw).is_dir() for raw in args.paths)
    single = len(args.files) == 1 and not folder_given and (args.files[0] == "-" or _single_document(args.files[0]))

    failures = 0
    count = 0
    progress = _progress(len(args.files))
    with _output(args.output) as out, progress or contextlib.nullcontext():
        task = progress.add_task("extract", total=len(args.files)) if progress else None
        if not args.jsonl and not args.text and not single:
            out.write("[")
        last_source_file = None
        bodies_written = 0
        for document in _documents(args):
            record = document.to_dict()
            if isinstance(document, ReadFailure):
                failures += 1
                notice(document.error, progress)  # above the bar, when there is one
            if args.text:
                if not isinstance(document, ReadFailure):
                    out.write(("\f\n" if bodies_written else "") + document.body + "\n")
                    bodies_written += 1
            elif args.jsonl:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            elif single:
                out.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
            else:
                out.write(("," if count else "") + "\n" + json.dumps(record, ensure_ascii=False, indent=2))
            count += 1
            if progress is not None:
                source_file = record["source"].split("#", 1)[0]
                if source_file != last_source_file:
                    progress.advance(task)
                    last_source_file = source_file
        if not args.jsonl and not args.text and not single:
            out.write("\n]\n" if count else "]\n")
    if failures:
        notice(failure_summary(failures, count, noun="document", failed_as="could not be read", done_as="extracted"))
        return 1
    return 0


def _single_document(path: Path) -> bool:
    """Whether an input holds one document (so plain output is one object, not an array)."""
    kind = kind_of_path(path)
    if kind is not None:
        return kind not in MULTI_DOCUMENT_KINDS
    try:
        return not path.is_file() or sniff_file_kind(path) not in MULTI_DOCUMENT_KINDS
    except (OSError, SlantError):
        return True
