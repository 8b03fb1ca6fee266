"""The report for a terminal, drawn with rich: verdict and digest, a table per category, the
strongest findings in context, who says so (sourcing), the people, organisations and
places it names (when entities ran), genre and frames, what extraction
removed, and notes.

Article text reaches rich only as plain :class:`rich.text.Text` (never as console markup),
with control characters replaced, so an article cannot inject markup or terminal escapes.
"""

from __future__ import annotations

import io
import logging
import re
import shutil
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from slant.components.summary import describe_genre, findings_of, part_of, reported, source_phrase
from slant.doc import taxonomy
from slant.doc.article import Article, paragraph_index
from slant.output.parts import ENTITY_TYPES, analysis_parts, entity_groups, has_entities

log = logging.getLogger(__name__)

CONTEXT_CHARS = 40
TOP_SPANS = 5
DEFAULT_WIDTH = 100
MAX_WIDTH = 120

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(value: Any) -> str:
    """One line of untrusted text, safe to print: control characters (escapes) become U+FFFD."""
    return _CONTROL.sub("\ufffd", " ".join(str(value).split()) if value is not None else "")


def flatten(value: str) -> str:
    """Like :func:`clean`, but keeps one space at either end, so cut pieces join up again."""
    return _CONTROL.sub("\ufffd", re.sub(r"\s+", " ", value))


def _percent(score: Any) -> str:
    return f"{float(score):.0%}" if isinstance(score, int | float) else "n/a"


def _header(article: Article, summary: dict[str, Any]) -> RenderableType:
    lines = Text()
    lines.append(clean(article.title or article.source), style="bold")
    details = [("source", article.source)]
    meta = article.metadata
    details += [(name, value) for name, value in (("url", meta.url), ("site", meta.site), ("published", meta.published))
                if value]
    details.append(("language", article.language or "unknown"))
    genre = summary.get("genre")
    details.append(("genre", describe_genre(genre)))
    frames = summary.get("frames") or []
    details.append(
        ("frames", ", ".join(f"{f['name'].lower()} ({_percent(f.get('score'))})" for f in frames) or "none found")
    )
    for name, value in details:
        lines.append(f"\n{name}: ", style="dim")
        lines.append(clean(value))
    return lines


def _digest(summary: dict[str, Any]) -> RenderableType:
    bullets = Table.grid(padding=(0, 1))
    bullets.add_column(width=3, justify="right")
    bullets.add_column()
    for item in summary.get("digest") or []:
        bullets.add_row(Text("\u2022", style=taxonomy.category(item["category"]).accent), Text(clean(item["text"])))
    return Group(Text(clean(summary.get("verdict", "")), style="bold"), bullets)


def _category_tables(summary: dict[str, Any]) -> list[RenderableType]:
    rows_by_category: dict[str, list[dict[str, Any]]] = {}
    for row in summary.get("techniques") or []:
        rows_by_category.setdefault(row["category"], []).append(row)
    paragraph_count = summary.get("paragraph_count") or 0
    tables: list[RenderableType] = []
    for category in taxonomy.CATEGORIES:
        rows = rows_by_category.get(category.id)
        if not rows:
            continue
        table = Table(
            title=Text(category.name, style=f"bold {category.accent}"), title_justify="left", expand=False,
            show_edge=False, pad_edge=False,
        )
        table.add_column("Technique")
        table.add_column("Findings", justify="right")
        table.add_column("Paragraphs", justify="right")
        table.add_column("Top confidence", justify="right")
        for row in rows:
            table.add_row(
                Text(row["name"]),
                str(row["count"]),
                f"{row['paragraphs']} of {paragraph_count} ({row['paragraph_share']:.0%})",
                _percent(row["top_confidence"]) if row["count"] else "n/a",
            )
        tables.append(table)
    return tables


def _top_spans(article: Article) -> list[RenderableType]:
    findings = sorted(findings_of(article), key=lambda s: (-(s.score or 0.0), s.start))[:TOP_SPANS]
    out: list[RenderableType] = []
    text = article.text
    for span in findings:
        technique = taxonomy.technique(span.label)
        category = taxonomy.category(technique.category)
        number = paragraph_index(article, span.start)
        # Context stays inside the paragraph: text across a paragraph break reads as one sentence.
        lower, upper = (article.paragraphs[number].start, article.paragraphs[number].end) if number is not None else (0, len(text))
        left = max(lower, span.start - CONTEXT_CHARS)
        right = min(upper, max(span.end, span.end + CONTEXT_CHARS))
        label = Text(f"{technique.name}", style=f"bold {category.accent}")
        label.append(
            f"  {category.name.lower()} \u00b7 {_percent(span.score)}" + (f" \u00b7 \u00b6{number}" if number is not None else ""),
            style="dim",
        )
        before, words, after = (flatten(text[a:b]) for a, b in ((left, span.start), (span.start, span.end), (span.end, right)))
        snippet = Text("\u2026" if left > lower else "")
        snippet.append(before.lstrip())
        snippet.append(words, style=f"bold {taxonomy.TEXT_COLOUR} on {category.colour}")
        snippet.append(after.rstrip())
        if right < upper:
            snippet.append("\u2026")
        out.append(Group(label, Padding(snippet, (0, 0, 0, 2))))
    return out


SOURCING_ROWS = 12
SOURCING_QUOTE = 70
_KIND_STYLE = {"named": "green", "vague": "bold yellow", "none": "red"}


def _sourcing(article: Article, summary: dict[str, Any]) -> list[RenderableType]:
    """Who says so: the summary's line, then each reported statement with its source."""
    sourcing = summary.get("sourcing")
    if not sourcing:
        return []
    attributions = sourcing.get("attributions", 0)
    counts = (f"{attributions} attributed statement{'' if attributions == 1 else 's'}: {sourcing.get('named', 0)} named, "
              f"{sourcing.get('vague', 0)} vague, {sourcing.get('none', 0)} with no source; "
              + part_of(sourcing.get("unattributed_factual_sentences", 0), sourcing.get("factual_sentences", 0),
                        "factual-sounding sentence", "cites", "cite") + " no source")
    parts: list[RenderableType] = [Text(""), Text("Sourcing", style="bold underline"), Text(clean(counts))]
    items = reported(article)
    if not items:
        return parts
    table = Table(show_edge=False, pad_edge=False, expand=False, box=None, padding=(0, 1))
    table.add_column("Source")
    table.add_column("Kind")
    table.add_column("Statement")
    for content, source, cue in items[:SOURCING_ROWS]:
        who = source_phrase(article, source, cue) if source is not None else (
            f"({clean(article.span_text(cue))})" if cue is not None else "")
        kind = str(content.label or "")
        kind_text = Text(kind, style=_KIND_STYLE.get(kind, ""))
        source_type = content.attrs.get("source_type")
        if source_type:
            kind_text.append(f" \u00b7 {clean(source_type)}", style="dim")
        table.add_row(Text(clean(who)), kind_text, Text(clean(_shorten(article.span_text(content)))))
    parts.append(table)
    if len(items) > SOURCING_ROWS:
        parts.append(Text(f"\u2026 and {len(items) - SOURCING_ROWS} more", style="dim"))
    return parts


ENTITIES_PER_TYPE = 5


def _entities(article: Article) -> list[RenderableType]:
    """Named in the article: up to five people, organisations, places and other names each,
    most-mentioned first (only when the entities component ran)."""
    if not has_entities(article):
        return []
    groups = entity_groups(article)
    parts: list[RenderableType] = [Text(""), Text("Named in the article", style="bold underline")]
    if not groups:
        return [*parts, Text("No names found.", style="dim")]
    for kind, heading in ENTITY_TYPES:
        members = groups.get(kind)
        if not members:
            continue
        line = Text(f"{heading}: ", style="bold")
        line.append(", ".join(f"{clean(g['name'])} ({g['mentions']})" for g in members[:ENTITIES_PER_TYPE]))
        if len(members) > ENTITIES_PER_TYPE:
            line.append(f", \u2026 and {len(members) - ENTITIES_PER_TYPE} more", style="dim")
        parts.append(line)
    return parts


def _shorten(words: str) -> str:
    flat = " ".join(words.split())
    return flat if len(flat) <= SOURCING_QUOTE else flat[: SOURCING_QUOTE - 1].rsplit(" ", 1)[0] + "\u2026"


def renderables(
    analysis_or_article: Any,
    notes: list[str] | None = None,
    provenance: dict[str, Any] | None = None,
    summary: dict[str, Any] | None = None,
) -> list[RenderableType]:
    """The report as rich renderables, for printing to any rich Console."""
    article, notes, provenance, summary = analysis_parts(analysis_or_article, notes, provenance, summary)
    parts: list[RenderableType] = [_header(article, summary), Text(""), _digest(summary)]
    tables = _category_tables(summary)
    if tables:
        parts += [Text(""), Text("Techniques by category", style="bold underline")]
        for table in tables:
            parts += [Text(""), table]
    spans = _top_spans(article)
    if spans:
        parts += [Text(""), Text("Strongest findings in context", style="bold underline")]
        parts += spans
    parts += _sourcing(article, summary)
    parts += _entities(article)
    removed = summary.get("removed") or {}
    if removed.get("count"):
        reasons = ", ".join(f"{clean(reason)} {count}" for reason, count in removed.get("reasons", {}).items())
        parts += [Text(""), Text(f"Left out by extraction: {removed['count']} ({reasons})", style="dim")]
    if notes:
        parts += [Text(""), Text("Notes", style="bold underline")]
        parts += [Text(f"  \u2022 {clean(note)}") for note in notes]
    models = "; ".join(f"{name}: {version}" for name, version in (provenance.get("models") or {}).items())
    parts += [Text(""), Text(clean(f"slant {provenance.get('slant_version', '')}" + (f"; models: {models}" if models else "")),
                             style="dim")]
    return parts


def render_text(
    analysis_or_article: Any,
    notes: list[str] | None = None,
    provenance: dict[str, Any] | None = None,
    summary: dict[str, Any] | None = None,
    *,
    width: int | None = None,
    color: bool = False,
) -> str:
    """The terminal report as a string, ``width`` columns wide (default: the terminal's, at
    most 120). ``color=True`` keeps ANSI styles for printing to a terminal; the default is
    plain text for files and pipes."""
    if width is None:
        width = min(MAX_WIDTH, shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns)
    console = Console(
        file=io.StringIO(), record=True, width=max(40, width), force_terminal=color, color_system="truecolor" if color else None,
        highlight=False, emoji=False, markup=False,
    )
    for part in renderables(analysis_or_article, notes, provenance, summary):
        console.print(part)
    output = console.export_text(styles=color)
    return output if color else "\n".join(line.rstrip() for line in output.split("\n"))
