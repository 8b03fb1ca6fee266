"""``slant analyze PATH...``: read, analyse and report: terminal, JSON, HTML or SemEval files."""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from slant.cli.common import URL_LINE, expand_lists, failure_summary, notice, plan_inputs, read_inputs
from slant.doc.article import Article
from slant.errors import SlantError

log = logging.getLogger(__name__)

FORMATS = ("text", "json", "html", "semeval")
EXTENSIONS = {"text": ".txt", "json": ".json", "html": ".html"}
# With -f html -o DIR, each report's analysis document is kept here too (DIR/.slant/NAME.html.json),
# so that a rerun which skips the report can still give it its full row in the index.
STATE_DIR = ".slant"


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "analyze",
        aliases=["analyse"],
        help="analyse articles: persuasion techniques, genre, frames; terminal, JSON or HTML report",
        description="Analyse news inputs (HTML, text scrapes, WARC, JSONL or JSON records, folders, a file listing paths / "
        "file:// URLs one per line, or - for one document on standard input). One input prints its report; with -o DIR each article gets its own file "
        "(plus index.html for --format html), and a rerun skips articles already written (resume).",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument("--format", "-f", choices=FORMATS, default="text", help="report format (default: text)")
    parser.add_argument("-o", "--output", type=Path, help="output file (one input) or folder (many inputs)")
    parser.add_argument("--min-confidence", type=float, default=0.0, metavar="X",
                        help="drop findings with confidence below X (0-1)")
    parser.add_argument("--with", dest="extra_components", action="append", default=[], metavar="COMPONENT",
                        help="also run this registered component (e.g. one a plugin registers); repeatable")
    parser.add_argument("--without", dest="skipped_components", action="append", default=[], metavar="COMPONENT",
                        help="leave out this component (e.g. entities or attributions, for speed); repeatable")
    parser.add_argument("--precision-first", action="store_true",
                        help="stricter thresholds: fewer findings, more of them right")
    parser.add_argument("--language", default="auto", metavar="CODE",
                        help="language of the inputs (auto: detect; en, ru, de, fr, it, pl are analysed)")
    parser.add_argument("--lang", dest="language", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    parser.add_argument("--max-chars", type=int, default=None, metavar="N",
                        help="refuse articles longer than N characters (default 1,000,000)")
    parser.add_argument("--max-bytes", type=int, default=None, metavar="N", help="refuse input files larger than N bytes")
    parser.add_argument("--force", action="store_true", help="with -o DIR: redo articles already written")
    parser.set_defaults(handler=run)


def _output_name(article: Article, extension: str) -> str:
    stem = re.sub(r"[^\w.-]+", "_", Path(article.source.split("#")[0]).stem)[:60] or "article"
    record = article.source.split("#")[1] if "#" in article.source else ""
    suffix = f"-{record}" if record else ""
    return f"{stem}{suffix}-{article.id[:8]}{extension}"


def _state_path(out_dir: Path, name: str) -> Path:
    return out_dir / STATE_DIR / f"{name}.json"


def _render(analysis, fmt: str, to_terminal: bool = False) -> str:
    if fmt == "json":
        return analysis.to_json(indent=1) + "\n"
    if fmt == "html":
        from slant.output.html import render_html

        return render_html(analysis)
    from slant.output.terminal import render_text

    return render_text(analysis, color=to_terminal)


def _progress(total_hint: int):
    if total_hint < 2 or not sys.stderr.isatty():
        return None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("analysing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    transient=True, console=Console(stderr=True))


def run(args) -> int:
    from slant.ingest.reader import ReadFailure
    from slant.output.files import write_text_atomic
    from slant.runtime.pipeline import Pipeline

    language = None if args.language in (None, "", "auto") else args.language
    if not 0.0 <= args.min_confidence <= 1.0:
        raise SlantError(f"--min-confidence {args.min_confidence} is outside 0-1")
    paths = expand_lists(args.paths)
    inputs = plan_inputs(paths)
    many = len(inputs) > 1 or any(Path(p).is_dir() for p in paths if not URL_LINE.match(p))
    out_dir: Path | None = None
    if args.output and (many or args.output.is_dir() or args.format == "semeval"):
        out_dir = args.output
        out_dir.mkdir(parents=True, exist_ok=True)
    elif many and args.format == "html":
        raise SlantError("many inputs with --format html need -o DIR (one report per article plus index.html)")
    pipeline = Pipeline(with_components=args.extra_components, without_components=args.skipped_components, precision_first=args.precision_first,
                        min_confidence=args.min_confidence,
                        language=language, max_chars=args.max_chars)

    resume = out_dir is not None and args.format in EXTENSIONS and not args.force
    previous_index = _read_index(out_dir) if resume and args.format in ("html", "json") else {}
    order: dict[str, int] = {}  # source -> position among the inputs: the index lists them in input order
    rows: list[tuple[int, dict]] = []
    failures: list[tuple[int, dict]] = []
    semeval_rows: dict[str, list[str]] = {"spans": [], "paragraphs": [], "genre": [], "frames": []}
    single_outputs: list[str] = []
    counts = {"analysed": 0, "skipped": 0}
    to_terminal = out_dir is None and not args.output and sys.stdout.isatty()
    progress = _progress(len(inputs))
    task = progress.add_task("analysing", total=len(inputs)) if progress else None
    last_file: list[str | None] = [None]

    def tick(source: str) -> None:
        file = source.split("#", 1)[0]
        if progress is not None and file != last_file[0]:
            progress.advance(task)
            last_file[0] = file

    def articles() -> Iterator:
        for position, item in enumerate(read_inputs(inputs, language, args.max_bytes)):
            tick(item.source)
            order.setdefault(item.source, position)
            if resume and isinstance(item, Article):
                name = _output_name(item, EXTENSIONS[args.format])
                if (out_dir / name).exists():
                    log.info("%s: already analysed in %s; skipping (use --force to redo)", item.source, out_dir / name)
                    counts["skipped"] += 1
                    if args.format in ("html", "json"):
                        rows.append((position, _earlier_entry(out_dir, name, item, args.format, previous_index)))
                    continue
            yield item

    def emit(analysis) -> None:
        article = analysis.article
        if args.format == "semeval":
            _collect_semeval(analysis, semeval_rows)
            return
        if out_dir is None:
            content = _render(analysis, args.format, to_terminal)
            if args.output:
                single_outputs.append(content)
            else:
                sys.stdout.write(content if args.format != "json" or not many else analysis.to_json() + "\n")
                sys.stdout.flush()
            return
        name = _output_name(article, EXTENSIONS[args.format])
        document = analysis.to_dict() if args.format in ("html", "json") else None
        if args.format == "html":  # first the state, then the report: a report never lacks its state
            write_text_atomic(_state_path(out_dir, name), json.dumps(document, ensure_ascii=False))
        content = (json.dumps(document, ensure_ascii=False, indent=1) + "\n" if args.format == "json"
                   else _render(analysis, args.format))
        write_text_atomic(out_dir / name, content)
        if document is not None:
            rows.append((order.get(article.source, len(order)), _index_entry(name, document)))

    if progress:
        progress.start()
    try:
        for result in pipeline.stream(articles()):
            if isinstance(result, ReadFailure):
                failures.append((order.get(result.source, len(order)), result.to_dict()))
                notice(result.error, progress)
                continue
            counts["analysed"] += 1
            emit(result)
    finally:
        if progress:
            progress.stop()

    if args.format == "semeval":
        target = out_dir or Path(".")
        for name, lines in semeval_rows.items():
            write_text_atomic(target / f"{name}.txt", "".join(line + "\n" for line in lines))
    elif args.output and out_dir is None and single_outputs:
        write_text_atomic(args.output, "".join(single_outputs))
    if out_dir is not None and args.format in ("html", "json"):
        _write_index(out_dir, args.format, [row for _, row in sorted(rows, key=lambda r: r[0])],
                     [failure for _, failure in sorted(failures, key=lambda f: f[0])])
    if failures:
        total = len(failures) + counts["analysed"] + counts["skipped"]
        summary = failure_summary(len(failures), total)
        if counts["skipped"]:
            summary += f" ({counts['skipped']} in an earlier run)"
        notice(summary)
    return 1 if failures else 0


def _index_entry(name: str, document: dict) -> dict:
    from slant.output.html import index_entry

    return index_entry(name, document)


def _read_index(out_dir: Path) -> dict[str, dict]:
    """The records of an earlier run's index.json, by report file name."""
    try:
        records = json.loads((out_dir / "index.json").read_text(encoding="utf-8")).get("articles") or []
        return {record["file"]: record for record in records if isinstance(record, dict) and record.get("file")}
    except (OSError, ValueError, AttributeError, TypeError):
        return {}


def _earlier_entry(out_dir: Path, name: str, article: Article, fmt: str, previous_index: dict[str, dict]) -> dict:
    """The index row of a report an earlier run wrote: from its analysis document (the JSON
    report itself, or the state kept beside an HTML report), else from the earlier index.json."""
    document_path = out_dir / name if fmt == "json" else _state_path(out_dir, name)
    try:
        document = json.loads(document_path.read_text(encoding="utf-8"))
        if isinstance(document, dict) and "summary" in document:
            return _index_entry(name, document)
    except (OSError, ValueError) as exc:
        log.debug("%s: cannot read %s (%s); the index row comes from index.json", name, document_path, exc)
    record = previous_index.get(name) or {}
    metadata = article.metadata
    row = {"href": name, "title": record.get("title", article.title), "source": record.get("source", article.source),
           "url": metadata.url, "site": metadata.site, "published": metadata.published}
    if record.get("verdict"):
        row["summary"] = {"verdict": record["verdict"]}
    return row


def _collect_semeval(analysis, rows: dict[str, list[str]]) -> None:
    from slant.formats.semeval import paragraph_technique_labels

    article = analysis.article
    article_id = str(article.provenance.get("semeval_id") or article.id)
    for span in article.layers.get("techniques", []):
        rows["spans"].append(f"{article_id}\t{span.label}\t{span.start}\t{span.end}")
    by_paragraph = paragraph_technique_labels(article)
    for index, paragraph in enumerate(article.paragraphs):
        line_number = article.text.count("\n", 0, paragraph.start) + 1
        rows["paragraphs"].append(f"{article_id}\t{line_number}\t{','.join(by_paragraph[index])}")
    genre = article.labels.get("genre")
    if genre:
        rows["genre"].append(f"{article_id}\t{genre['label']}")
    frames = article.labels.get("frames")
    if frames is not None:
        rows["frames"].append(f"{article_id}\t{','.join(f['label'] for f in frames['labels'])}")


def _write_index(out_dir: Path, fmt: str, rows: list[dict], failures: list[dict]) -> None:
    from slant.output.files import write_text_atomic
    from slant.output.html import render_index

    if fmt == "html":
        write_text_atomic(out_dir / "index.html", render_index(rows))
    records = [{"file": row["href"], "title": row.get("title"), "source": row.get("source"),
                "verdict": (row.get("summary") or {}).get("verdict")} for row in rows]
    write_text_atomic(out_dir / "index.json",
                      json.dumps({"articles": records, "failures": failures}, ensure_ascii=False, indent=1))
