"""``slant analyze PATH...``: read, analyse and report: terminal, JSON, HTML or SemEval files."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from slant.doc.article import Article
from slant.errors import SlantError

log = logging.getLogger(__name__)

FORMATS = ("text", "json", "html", "semeval")
EXTENSIONS = {"text": ".txt", "json": ".json", "html": ".html"}
_URL_LINE = re.compile(r"^(?:https?|file)://\S+$", re.IGNORECASE)


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
    parser.add_argument("--precision-first", action="store_true",
                        help="stricter thresholds: fewer findings, more of them right")
    parser.add_argument("--lang", default="auto", metavar="CODE",
                        help="language of the inputs (auto: detect; en, ru, de, fr, it, pl are analysed)")
    parser.add_argument("--max-chars", type=int, default=None, metavar="N",
                        help="refuse articles longer than N characters (default 1,000,000)")
    parser.add_argument("--max-bytes", type=int, default=None, metavar="N", help="refuse input files larger than N bytes")
    parser.add_argument("--force", action="store_true", help="with -o DIR: redo articles already written")
    parser.set_defaults(handler=run)


def _expand_lists(paths: list[str]) -> list[str]:
    """A plain file whose every line is a file:// URL or an existing path stands for those inputs."""
    expanded: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_file() and path.suffix.lower() in {".txt", ".lst", ".list", ".urls", ""} and path.stat().st_size < 1 << 20:
            try:
                lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
            except (UnicodeDecodeError, OSError):
                lines = []
            if lines and all(_URL_LINE.match(line) or (len(line) < 4096 and Path(line).exists()) for line in lines):
                expanded.extend(lines)
                continue
        expanded.append(raw)
    return expanded


def _iter_inputs(paths: list[str], language: str | None, max_bytes: int | None) -> Iterator:
    from slant.ingest.reader import ReadFailure, iter_read, read_stdin

    kwargs = {"language": language}
    if max_bytes:
        kwargs["max_bytes"] = max_bytes
    for raw in paths:
        if raw == "-":
            try:
                yield read_stdin(**kwargs)
            except SlantError as exc:
                yield ReadFailure("<stdin>", str(exc))
            continue
        if _URL_LINE.match(raw):
            if raw.lower().startswith("file://"):
                from urllib.parse import unquote, urlparse

                yield from iter_read([unquote(urlparse(raw).path)], **kwargs)
            else:
                yield ReadFailure(raw, f"{raw}: slant works offline and does not fetch pages; save the page and pass the file")
            continue
        yield from iter_read([raw], **kwargs)


def _output_name(article: Article, extension: str) -> str:
    stem = re.sub(r"[^\w.-]+", "_", Path(article.source.split("#")[0]).stem)[:60] or "article"
    record = article.source.split("#")[1] if "#" in article.source else ""
    suffix = f"-{record}" if record else ""
    return f"{stem}{suffix}-{article.id[:8]}{extension}"


def _write_atomic(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False, suffix=".part") as handle:
        handle.write(content)
        temp_name = handle.name
    os.replace(temp_name, path)


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
    from slant.runtime.pipeline import Pipeline
    from slant.ingest.reader import ReadFailure, expand_paths

    language = None if args.lang == "auto" else args.lang
    if not 0.0 <= args.min_confidence <= 1.0:
        raise SlantError(f"--min-confidence {args.min_confidence} is outside 0-1")
    pipeline = Pipeline(precision_first=args.precision_first, min_confidence=args.min_confidence,
                        language=language, max_chars=args.max_chars)
    paths = _expand_lists(args.paths)
    url_count = sum(1 for p in paths if _URL_LINE.match(p))
    try:
        file_count = len(expand_paths([p for p in paths if not _URL_LINE.match(p)])) + url_count
    except Exception:  # counting is only for the progress bar and the output mode
        file_count = len(paths)
    many = file_count > 1 or any(Path(p).is_dir() for p in paths if not _URL_LINE.match(p))
    out_dir: Path | None = None
    if args.output and (many or args.output.is_dir() or args.format == "semeval"):
        out_dir = args.output
        out_dir.mkdir(parents=True, exist_ok=True)
    elif many and args.format in ("html",):
        raise SlantError("many inputs with --format html need -o DIR (one report per article plus index.html)")

    failures: list[dict] = []
    index_entries: list[dict] = []
    semeval_rows: dict[str, list[str]] = {"spans": [], "paragraphs": [], "genre": [], "frames": []}
    single_outputs: list[str] = []
    progress = _progress(file_count)
    task = progress.add_task("analysing", total=file_count) if progress else None
    if progress:
        progress.start()
    batch: list[Article] = []

    def flush() -> None:
        if not batch:
            return
        analyses, refused = pipeline.analyse_batch(batch)
        failures.extend(refused)
        for analysis in analyses:
            _emit(analysis)
        batch.clear()

    def _emit(analysis) -> None:
        article = analysis.article
        if args.format == "semeval":
            _collect_semeval(analysis, semeval_rows)
            return
        to_terminal = out_dir is None and not args.output and sys.stdout.isatty()
        content = _render(analysis, args.format, to_terminal)
        if out_dir is not None:
            name = _output_name(article, EXTENSIONS[args.format])
            _write_atomic(out_dir / name, content)
            index_entries.append({"analysis": analysis, "file": name})
        elif args.output:
            single_outputs.append(content)
        else:
            sys.stdout.write(content if args.format != "json" or not many else analysis.to_json() + "\n")
            sys.stdout.flush()

    for item in _iter_inputs(paths, language, args.max_bytes):
        if progress:
            progress.advance(task)
        if isinstance(item, ReadFailure):
            failures.append(item.to_dict())
            log.warning("%s", item.error)
            continue
        if out_dir is not None and args.format in EXTENSIONS and not args.force:
            existing = out_dir / _output_name(item, EXTENSIONS[args.format])
            if existing.exists():
                log.info("%s: already analysed in %s; skipping (use --force to redo)", item.source, existing)
                index_entries.append({"source": item.source, "title": item.title, "file": existing.name})
                continue
        batch.append(item)
        if len(batch) >= 8:
            flush()
    flush()
    if progress:
        progress.stop()

    if args.format == "semeval":
        target = out_dir or Path(".")
        for name, rows in semeval_rows.items():
            _write_atomic(target / f"{name}.txt", "".join(row + "\n" for row in rows))
    elif args.output and out_dir is None and single_outputs:
        _write_atomic(args.output, "".join(single_outputs))
    if out_dir is not None and args.format in ("html", "json"):
        _write_index(out_dir, args.format, index_entries, failures)
    for failure in failures:
        print(f"slant: {failure['error']}", file=sys.stderr)
    if failures:
        print(f"slant: {len(failures)} input(s) failed; the others were analysed", file=sys.stderr)
    return 1 if failures else 0


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


def _write_index(out_dir: Path, fmt: str, entries: list[dict], failures: list[dict]) -> None:
    from slant.output.html import index_entry, render_index

    rows = []
    for entry in entries:
        analysis = entry.get("analysis")
        if analysis is not None:
            rows.append(index_entry(entry["file"], analysis))
            continue
        row = {"href": entry["file"], "title": entry.get("title"), "source": entry["source"]}
        if fmt == "json":  # a report written by an earlier run: take its summary for the index
            with contextlib.suppress(OSError, ValueError):
                row = index_entry(entry["file"], json.loads((out_dir / entry["file"]).read_text(encoding="utf-8")))
        rows.append(row)
    if fmt == "html":
        _write_atomic(out_dir / "index.html", render_index(rows))
    records = [{"file": row["href"], "title": row.get("title"), "source": row.get("source"),
                "verdict": (row.get("summary") or {}).get("verdict")} for row in rows]
    _write_atomic(out_dir / "index.json",
                  json.dumps({"articles": records, "failures": failures}, ensure_ascii=False, indent=1))
