"""``slant corpus {add,list,show,export,syndication}``: analyse many articles into a corpus store and read it back.

The store (:mod:`slant.corpus.store`) is a SQLite file (``--db``, default ``SLANT_CORPUS_DB`` or
``slant-corpus.db``) or a database URL. ``add`` reads every input slant reads, skips articles
already stored, analyses the rest and stores each with its analysis document; rerunning it after
an interruption resumes.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from slant.cli.common import expand_lists, notice, plan_inputs, read_inputs
from slant.errors import SlantError

LIST_FORMATS = ("table", "jsonl")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "corpus",
        help="analyse many articles into a corpus store (SQLite or PostgreSQL) and read it back",
        description="A corpus store: every article analysed once, by its content hash, with its analysis document. "
        "`add` reads folders, WARC, JSONL/JSON, HTML and text like `slant analyze`; rerun it to resume.",
    )
    commands = parser.add_subparsers(dest="corpus_command", metavar="SUBCOMMAND")
    parser.set_defaults(handler=lambda args: _missing_subcommand(parser))
    db_help = "the store: a SQLite file or a database URL (postgresql://user@host/db); default SLANT_CORPUS_DB or slant-corpus.db"

    add = commands.add_parser(
        "add",
        help="read, analyse and store articles (already stored ones are skipped)",
        description="Read the inputs (files, folders, WARC, JSONL/JSON records, a file listing paths, - for standard "
        "input), analyse each article not yet in the corpus and store it with its analysis. An input that cannot "
        "be read or analysed is recorded with its reason, the rest goes on, and the exit status is 1. Each batch "
        "is committed on its own: rerunning the same command after an interruption resumes.",
    )
    add.add_argument("paths", nargs="+", metavar="INPUT")
    add.add_argument("--db", metavar="PATH_OR_URL", help=db_help)
    add.add_argument("--language", default="auto", metavar="CODE",
                     help="language of the inputs (auto: detect; en, ru, de, fr, it, pl are analysed)")
    add.add_argument("--max-chars", type=int, default=None, metavar="N",
                     help="refuse articles longer than N characters (default 1,000,000)")
    add.add_argument("--max-bytes", type=int, default=None, metavar="N", help="refuse input files larger than N bytes")
    add.add_argument("--engine", default="local", metavar="NAME",
                     help="where analysis runs: local (this process; the only engine for now)")
    add.set_defaults(handler=run_add)

    listing = commands.add_parser("list", help="one line per stored article",
                                  description="List the stored articles in the order they were added: "
                                  "id, url, source, site, language, title, published, status.")
    listing.add_argument("--db", metavar="PATH_OR_URL", help=db_help)
    listing.add_argument("--format", "-f", choices=LIST_FORMATS, default="table",
                         help="table (tab-separated when not on a terminal) or jsonl (default: table)")
    listing.set_defaults(handler=run_list)

    show = commands.add_parser("show", help="the analysis document of one stored article",
                               description="Print the analysis document (JSON) of a stored article, or its "
                               "terminal summary with -f text. ID may be the start of an id (4 characters or more).")
    show.add_argument("id", metavar="ID")
    show.add_argument("--db", metavar="PATH_OR_URL", help=db_help)
    show.add_argument("--format", "-f", choices=("json", "text"), default="json", help="json (default) or text")
    show.set_defaults(handler=run_show)

    export = commands.add_parser("export", help="every analysis document, one JSON line each",
                                 description="Write every stored analysis document, one per line, in the order "
                                 "added; with -o the file is written all or nothing.")
    export.add_argument("--db", metavar="PATH_OR_URL", help=db_help)
    export.add_argument("--format", "-f", choices=("jsonl",), default="jsonl", help="jsonl (the default)")
    export.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE instead of standard output")
    export.set_defaults(handler=run_export)

    syndication = commands.add_parser(
        "syndication", help="pairs of stored articles that are the same story on different sites",
        description="Find stored articles that are the same story on different sites: verbatim copies (copy) and "
        "partial copies, a lead and some paragraphs reused with the headline or the rest rewritten (partial). "
        "Candidates come from MinHash LSH over word shingles; each is verified by aligning sentences. Articles "
        "of the same site are not paired. An article is named by its url, else its source. Translations are not "
        "detected yet.")
    syndication.add_argument("--db", metavar="PATH_OR_URL", help=db_help)
    syndication.add_argument("--format", "-f", choices=LIST_FORMATS, default="table",
                             help="table (a, b, relation, score, aligned sentences; tab-separated when not on a "
                             "terminal) or jsonl (one pair a line, with the aligned sentence offsets) (default: table)")
    syndication.add_argument("-o", "--output", type=Path, metavar="FILE",
                             help="write to FILE (all or nothing) instead of standard output")
    syndication.set_defaults(handler=run_syndication)


def _missing_subcommand(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _open(db: str | None, *, create: bool):
    from slant.corpus.store import Store

    return Store(db, create=create)


# -- add --------------------------------------------------------------------------------------


def _progress(files: int):
    if not sys.stderr.isatty():
        return None
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("adding"), BarColumn(bar_width=20), TextColumn("{task.completed}/{task.total} files"),
                    TextColumn("{task.fields[stats]}"), TimeElapsedColumn(),
                    transient=True, console=Console(stderr=True))


def _stats(counts) -> str:
    return (f"{counts.added} added · {counts.stored_before + counts.duplicates} skipped · "
            f"{counts.failed} failed · {counts.rate():.1f} articles/s")


def run_add(args) -> int:
    from slant.corpus.add import add_articles, check_engine
    from slant.ingest.reader import ReadFailure
    from slant.runtime.pipeline import Pipeline

    check_engine(args.engine)
    language = None if args.language in (None, "", "auto") else args.language
    inputs = plan_inputs(expand_lists(args.paths))
    with _open(args.db, create=True) as store:
        pipeline = Pipeline(language=language, max_chars=args.max_chars)
        progress = _progress(len(inputs))
        task = progress.add_task("adding", total=len(inputs), stats="") if progress else None
        last_file: list[str | None] = [None]

        def items() -> Iterator:
            for item in read_inputs(inputs, language, args.max_bytes):
                file = item.source.split("#", 1)[0]
                if progress is not None and file != last_file[0]:
                    if last_file[0] is not None:
                        progress.advance(task)
                    last_file[0] = file
                yield item

        def on_result(item: Any, counts) -> None:
            if isinstance(item, ReadFailure):
                notice(item.error, progress)
            if progress is not None:
                progress.update(task, stats=_stats(counts))

        options = {"inputs": [str(item) for item in inputs][:1000], "language": language,
                   "max_chars": args.max_chars, "max_bytes": args.max_bytes}
        if progress:
            progress.start()
        try:
            counts = add_articles(store, items(), pipeline, engine=args.engine, run_options=options,
                                  on_result=on_result)
        finally:
            if progress:
                progress.update(task, completed=len(inputs))
                progress.stop()
        total = store.count()
    already = counts.stored_before + counts.duplicates
    summary = f"{store.name}: {_plural(counts.added, 'article')} added"
    if already:
        summary += f", {already} already stored"
    if counts.failed:
        summary += f", {_plural(counts.failed, 'input')} failed (recorded with the reason)"
    notice(f"{summary}; {_plural(total, 'article')} in the corpus")
    return 1 if counts.failed else 0


def _plural(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


# -- reading ----------------------------------------------------------------------------------


@contextlib.contextmanager
def _stdout_pipe() -> Iterator[None]:
    """Stop quietly when the reader of standard output goes away (``slant corpus list | head``)."""
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _cell(value: Any) -> str:
    return "-" if value is None or value == "" else " ".join(str(value).split())


def run_list(args) -> int:
    from slant.corpus.store import LIST_COLUMNS

    with _open(args.db, create=False) as store, _stdout_pipe():
        rows = store.iter_articles()
        if args.format == "jsonl":
            for row in rows:
                sys.stdout.write(json.dumps(row.to_dict(), ensure_ascii=False) + "\n")
        elif sys.stdout.isatty():
            from rich.console import Console
            from rich.table import Table

            table = Table(box=None, pad_edge=False)
            for name in LIST_COLUMNS:
                table.add_column(name, no_wrap=name != "title", overflow="ellipsis",
                                 max_width=None if name in ("id", "language", "status", "published") else 40)
            for row in rows:
                table.add_row(*(_cell(getattr(row, name)) for name in LIST_COLUMNS))
            Console().print(table)
        else:
            sys.stdout.write("\t".join(LIST_COLUMNS) + "\n")
            for row in rows:
                sys.stdout.write("\t".join(_cell(getattr(row, name)) for name in LIST_COLUMNS) + "\n")
    return 0


def run_show(args) -> int:
    with _open(args.db, create=False) as store:
        document = store.document(args.id)
    with _stdout_pipe():
        if args.format == "text":
            from slant.doc.analysis import Analysis
            from slant.output.terminal import render_text

            sys.stdout.write(render_text(Analysis.from_dict(document), color=sys.stdout.isatty()))
        else:
            sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=1) + "\n")
    return 0


def run_export(args) -> int:
    from slant.output.files import atomic_writer

    with _open(args.db, create=False) as store:
        if args.output is None:
            with _stdout_pipe():
                for text in store.iter_documents():
                    sys.stdout.write(text + "\n")
            return 0
        if args.output.is_dir():
            raise SlantError(f"-o {args.output} is a folder; give a file name (e.g. {args.output / 'corpus.jsonl'})")
        count = 0
        with atomic_writer(args.output, make_folders=True) as stream:
            for text in store.iter_documents():
                stream.write(text + "\n")
                count += 1
    notice(f"wrote {_plural(count, 'analysis document')} to {args.output}")
    return 0


SYNDICATION_COLUMNS = ("a", "b", "relation", "score", "aligned sentences")


def _syndication_rows(pairs) -> list[tuple[str, ...]]:
    return [(_cell(pair.a), _cell(pair.b), pair.relation, f"{pair.score:.3f}", str(len(pair.evidence)))
            for pair in pairs]


def run_syndication(args) -> int:
    from slant.corpus.syndication import store_syndication

    if args.output is not None and args.output.is_dir():
        raise SlantError(f"-o {args.output} is a folder; give a file name (e.g. {args.output / 'syndication.jsonl'})")
    with _open(args.db, create=False) as store:
        pairs = store_syndication(store)
    if args.format == "jsonl":
        text = "".join(json.dumps(pair.to_dict(), ensure_ascii=False) + "\n" for pair in pairs)
    else:
        text = "".join("\t".join(row) + "\n" for row in [SYNDICATION_COLUMNS, *_syndication_rows(pairs)])
    if args.output is not None:
        from slant.output.files import write_text_atomic

        write_text_atomic(args.output, text)
        notice(f"wrote {_plural(len(pairs), 'syndicated pair')} to {args.output}")
        return 0
    with _stdout_pipe():
        if args.format == "table" and sys.stdout.isatty():
            from rich.console import Console
            from rich.table import Table

            table = Table(box=None, pad_edge=False)
            for name in SYNDICATION_COLUMNS:
                table.add_column(name, no_wrap=True, overflow="ellipsis", max_width=50 if name in ("a", "b") else None)
            for row in _syndication_rows(pairs):
                table.add_row(*row)
            Console().print(table)
        else:
            sys.stdout.write(text)
    return 0
