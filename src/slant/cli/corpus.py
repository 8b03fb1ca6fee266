"""``slant corpus {add,list,show,export,syndication,outlets,stories,report}``: analyse many articles into a
corpus store and read it back.

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

from slant.cli.common import expand_lists, missing_subcommand, notice, plan_inputs, read_inputs
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
    parser.set_defaults(handler=lambda args: missing_subcommand(parser))
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
                     help="where analysis runs: local (this machine; the default) or dask (Dask distributed "
                     "workers); the stored results are the same")
    add.add_argument("--workers", type=_positive, default=None, metavar="N",
                     help="local: analyse in N processes (default 1: this one); dask: start a cluster of N "
                     "processes on this machine (default: one per core)")
    add.add_argument("--scheduler", default=None, metavar="ADDRESS",
                     help="dask: the scheduler of a running cluster, e.g. tcp://10.0.0.5:8786 (`dask scheduler` "
                     "there, `dask worker ADDRESS` on each machine)")
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
        description="Find stored articles that are the same story on different sites: verbatim copies (copy), "
        "partial copies, a lead and some paragraphs reused with the headline or the rest rewritten (partial), and "
        "translations, the same sentences in another language in the same order (translation). "
        "Copy candidates come from MinHash LSH over word shingles, translation candidates from multilingual "
        "sentence vectors; each is verified by aligning sentences. Articles of the same site are not paired as "
        "copies (an outlet's own versions), but are as translations. An "
        "article is named by its url, else its source.")
    syndication.add_argument("--db", metavar="PATH_OR_URL", help=db_help)
    syndication.add_argument("--format", "-f", choices=LIST_FORMATS, default="table",
                             help="table (a, b, relation, score, aligned sentences; tab-separated when not on a "
                             "terminal) or jsonl (one pair a line, with the aligned sentence offsets) (default: table)")
    syndication.add_argument("-o", "--output", type=Path, metavar="FILE",
                             help="write to FILE (all or nothing) instead of standard output")
    syndication.add_argument("--engine", default="local", metavar="NAME",
                             help="where the candidate search's sketches and sentence vectors are made: local "
                             "(this process, the default) or dask (Dask tasks); the pairs are the same")
    syndication.add_argument("--workers", type=_positive, default=None, metavar="N",
                             help="dask: start a local cluster of N worker processes")
    syndication.add_argument("--scheduler", default=None, metavar="ADDRESS",
                             help="dask: the scheduler of a running cluster, e.g. tcp://10.0.0.5:8786")
    syndication.add_argument("--groups", action="store_true",
                             help="one line per group of connected articles instead of per pair: its members, "
                             "the likely original (earliest, most complete, source language) and what each copy "
                             "changed (sentences dropped, added, reworded; techniques added or removed)")
    syndication.set_defaults(handler=run_syndication)
    _register_views(commands, db_help)


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {number}")
    return number



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

    check_engine(args.engine, workers=args.workers, scheduler=args.scheduler)
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
            counts = add_articles(store, items(), pipeline, engine=args.engine, workers=args.workers,
                                  scheduler=args.scheduler, run_options=options,
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


GROUP_COLUMNS = ("group", "original", "members", "relations", "changes")


def _group_rows(groups) -> list[tuple[str, ...]]:
    rows = []
    for number, group in enumerate(groups, 1):
        relations = ", ".join(sorted({pair.relation for pair in group.pairs}))
        changes = "; ".join(f"{_cell(change.member)}: -{change.counts['dropped']} +{change.counts['added']} "
                            f"~{change.counts['reworded']}" for change in group.changes)
        rows.append((str(number), _cell(group.original), str(len(group.members)), relations, changes))
    return rows


def run_syndication(args) -> int:
    from slant.corpus.syndication import store_syndication, store_syndication_groups

    if args.output is not None and args.output.is_dir():
        raise SlantError(f"-o {args.output} is a folder; give a file name (e.g. {args.output / 'syndication.jsonl'})")
    from slant.corpus.add import check_engine

    check_engine(args.engine, workers=args.workers, scheduler=args.scheduler)
    with _open(args.db, create=False) as store, contextlib.ExitStack() as stack:
        map_sketches = map_vectors = None
        if args.engine == "dask":
            from slant.corpus.dask_engine import DaskEngine, sketch_map

            engine = stack.enter_context(DaskEngine.open(scheduler=args.scheduler, workers=args.workers))
            map_sketches = sketch_map(engine.client)
            map_vectors = sketch_map(engine.client, chunk_size=20)  # an article's lead a item
        pairs = store_syndication(store, map_sketches=map_sketches, map_vectors=map_vectors)
        groups = store_syndication_groups(store, pairs) if args.groups else None
    if groups is not None:
        records, columns, rows, noun = groups, GROUP_COLUMNS, _group_rows(groups), "syndication group"
    else:
        records, columns, rows, noun = pairs, SYNDICATION_COLUMNS, _syndication_rows(pairs), "syndicated pair"
    if args.format == "jsonl":
        text = "".join(json.dumps(record.to_dict(), ensure_ascii=False) + "\n" for record in records)
    else:
        text = "".join("\t".join(row) + "\n" for row in [columns, *rows])
    if args.output is not None:
        from slant.output.files import write_text_atomic

        write_text_atomic(args.output, text)
        notice(f"wrote {_plural(len(records), noun)} to {args.output}")
        return 0
    with _stdout_pipe():
        if args.format == "table" and sys.stdout.isatty():
            from rich.console import Console
            from rich.table import Table

            table = Table(box=None, pad_edge=False)
            for name in columns:
                table.add_column(name, no_wrap=name != "changes", overflow="ellipsis",
                                 max_width=50 if name in ("a", "b", "original") else None)
            for row in rows:
                table.add_row(*row)
            Console().print(table)
        else:
            sys.stdout.write(text)
    return 0


# -- outlets, stories, report ------------------------------------------------------------------


def _register_views(commands, db_help: str) -> None:
    outlets = commands.add_parser(
        "outlets", help="one profile per outlet: articles, languages, genres, techniques, frames, sourcing, syndication",
        description="Profile every outlet (metadata.site, else the host of the URL) in the corpus: its articles, "
        "languages and genres, persuasion techniques per 1,000 words with the most used ones, frames, sourcing "
        "(named, vague and missing sources where the sourcing audit ran), and syndication: whom it copies and who "
        "copies it (the earlier-published article of a syndicated pair is the original).")
    outlets.add_argument("--db", metavar="PATH_OR_URL", help=db_help)
    outlets.add_argument("--format", "-f", choices=LIST_FORMATS, default="table",
                         help="table (tab-separated when not on a terminal) or jsonl (one outlet a line, in full) "
                         "(default: table)")
    outlets.add_argument("-o", "--output", type=Path, metavar="FILE",
                         help="write to FILE (all or nothing) instead of standard output")
    outlets.set_defaults(handler=run_outlets)

    stories = commands.add_parser(
        "stories", help="the articles grouped into stories, each with a label, its outlets and timeline",
        description="Group the stored articles into stories: average-linkage clustering of their multilingual "
        "vectors (title and lead) and shared named entities (where the entities component ran), so a report "
        "and its translation land in one story. Each story has a label from its most shared names and words, "
        "its outlets, languages, timeline and techniques. Articles close to no other are in no story.")
    stories.add_argument("--db", metavar="PATH_OR_URL", help=db_help)
    stories.add_argument("--format", "-f", choices=LIST_FORMATS, default="table",
                         help="table (tab-separated when not on a terminal) or jsonl (one story a line, with its "
                         "articles and timeline) (default: table)")
    stories.add_argument("-o", "--output", type=Path, metavar="FILE",
                         help="write to FILE (all or nothing) instead of standard output")
    stories.set_defaults(handler=run_stories)

    report = commands.add_parser(
        "report", help="one self-contained HTML page over the corpus, linked to each article's report",
        description="Write the corpus report: techniques across the corpus, outlets, stories with their timelines "
        "and the syndication graph, as one HTML file that loads nothing; each article's highlighted report is "
        "written beside it in NAME_files/ and linked.")
    report.add_argument("--db", metavar="PATH_OR_URL", help=db_help)
    report.add_argument("-o", "--output", type=Path, metavar="FILE", required=True,
                        help="the page to write, e.g. corpus.html (article reports go to corpus_files/)")
    report.set_defaults(handler=run_report)


OUTLET_COLUMNS = ("site", "articles", "languages", "genres", "per 1000 words", "top techniques", "frames",
                  "sources named/vague/none", "copies", "copied by", "shares with (direction unknown)")
STORY_COLUMNS = ("id", "articles", "outlets", "languages", "first", "last", "label")


def _tally(mapping: dict[str, Any], limit: int = 3) -> str:
    items = list(mapping.items())
    return ", ".join(f"{key} {value}" for key, value in items[:limit]) + (f", +{len(items) - limit}" if len(items) > limit else "")


def _outlet_row(profile) -> tuple[str, ...]:
    sourcing = profile.sourcing
    return (
        _cell(profile.site), str(profile.articles), _tally(profile.languages), _tally(profile.genres),
        "-" if profile.per_1000_words is None else f"{profile.per_1000_words:.2f}",
        _cell(", ".join(f"{row['technique']} {row['per_1000_words']:.2f}" for row in profile.top_techniques[:3])),
        _cell(", ".join(f"{row['frame']} {row['articles']}" for row in profile.frames[:3])),
        f"{sourcing['named']}/{sourcing['vague']}/{sourcing['none']}" if sourcing else "-",
        _cell(_tally({link.site: link.pairs for link in profile.copies})),
        _cell(_tally({link.site: link.pairs for link in profile.copied_by})),
        _cell(_tally({link.site: link.pairs for link in profile.shares_with})),
    )


def _story_row(story) -> tuple[str, ...]:
    return (story.id, str(len(story.articles)), _cell(_tally(story.outlets)), _tally(story.languages),
            _cell(story.first_published), _cell(story.last_published), _cell(story.label))


def _write_listing(args, columns: tuple[str, ...], rows: list[tuple[str, ...]], records: list[dict[str, Any]],
                   nouns: tuple[str, str]) -> None:
    """A table (rich on a terminal, else tab-separated) or JSON lines, to -o FILE or standard output."""
    if args.format == "jsonl":
        text = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
    else:
        text = "".join("\t".join(row) + "\n" for row in [columns, *rows])
    if args.output is not None:
        from slant.output.files import write_text_atomic

        write_text_atomic(args.output, text)
        notice(f"wrote {len(records)} {nouns[len(records) != 1]} to {args.output}")
        return
    with _stdout_pipe():
        if args.format == "table" and sys.stdout.isatty():
            from rich.console import Console
            from rich.table import Table

            table = Table(box=None, pad_edge=False)
            for name in columns:
                table.add_column(name, overflow="fold", max_width=40)
            for row in rows:
                table.add_row(*row)
            Console().print(table)
        else:
            sys.stdout.write(text)


def _check_output(path: Path | None, example: str) -> None:
    if path is not None and path.is_dir():
        raise SlantError(f"-o {path} is a folder; give a file name (e.g. {path / example})")


def run_outlets(args) -> int:
    from slant.corpus.outlets import outlet_profiles

    _check_output(args.output, "outlets.jsonl")
    with _open(args.db, create=False) as store:
        profiles = outlet_profiles(store)
    _write_listing(args, OUTLET_COLUMNS, [_outlet_row(p) for p in profiles], [p.to_dict() for p in profiles],
                   ("outlet", "outlets"))
    return 0


def run_stories(args) -> int:
    from slant.corpus.stories import find_stories

    _check_output(args.output, "stories.jsonl")
    with _open(args.db, create=False) as store:
        total = store.count()
        stories = find_stories(store)
    _write_listing(args, STORY_COLUMNS, [_story_row(s) for s in stories], [s.to_dict() for s in stories],
                   ("story", "stories"))
    grouped = sum(len(story.articles) for story in stories)
    notice(f"{len(stories)} {'story holds' if len(stories) == 1 else 'stories hold'} {grouped} of "
           f"{_plural(total, 'article')}")
    return 0


def run_report(args) -> int:
    from slant.corpus.report import write_corpus_report

    _check_output(args.output, "corpus.html")
    with _open(args.db, create=False) as store:
        written = write_corpus_report(store, args.output)
    message = f"wrote {args.output} and {_plural(written.articles, 'article report')} in {written.folder}"
    if written.failed:
        message += f"; {_plural(written.failed, 'article')} had no report (see the log)"
    notice(message)
    return 0
