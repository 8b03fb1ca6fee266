"""HTML pieces of the web UI built in Python: any JSON-like value as a definition list (numbers
per category as an inline SVG bar chart), a story's timeline, and the side-by-side rows of two
syndicated articles. Every string from the corpus is escaped here; nothing is ever marked safe
without passing through :func:`esc`."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from slant.doc import taxonomy

MAX_DEPTH = 6
MAX_ITEMS = 200  # items of one list shown; the rest are counted
MAX_BARS = 40
DATE_KEYS = ("published", "date", "first_seen", "time", "added_at")
NAME_KEYS = ("title", "headline", "name", "label", "site", "outlet", "id")
NEUTRAL_BAR = "#3a6ea5"


def esc(value: Any) -> Markup:
    return escape("" if value is None else str(value))


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def label_of(key: Any) -> str:
    """A technique, category, frame or genre id by its display name; any other key as it is."""
    text = str(key)
    return taxonomy.display_name(text) if text else text


def _number(value: float) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"


def _bar_colour(key: str) -> str:
    if key in taxonomy.category_ids():
        return taxonomy.category(key).accent
    if taxonomy.is_technique(key):
        return taxonomy.category(taxonomy.technique(key).category).accent
    return NEUTRAL_BAR


def bar_chart(values: Mapping[str, Any], title: str) -> Markup:
    """An inline SVG bar chart of numbers by name (widths relative to the largest), with the
    numbers written beside the bars and the whole chart described for screen readers."""
    items = [(str(key), float(value)) for key, value in values.items() if is_number(value)][:MAX_BARS]
    largest = max((abs(value) for _, value in items), default=0.0) or 1.0
    row, label_width, bar_width = 22, 190, 170
    height = row * len(items) + 4
    parts = [f'<svg class="bars" role="img" viewBox="0 0 {label_width + bar_width + 60} {height}" '
             f'preserveAspectRatio="xMinYMin meet" aria-label="{esc(title)}">'
             f"<title>{esc(title)}</title>"]
    for index, (key, value) in enumerate(items):
        top = index * row + 2
        width = max(1.0, bar_width * abs(value) / largest)
        shown = values[key] if is_number(values.get(key)) else value
        label = label_of(key)
        label = label if len(label) <= 30 else label[:29] + "\u2026"
        parts.append(
            f'<text x="0" y="{top + 14}" class="bar-label">{esc(label)}</text>'
            f'<rect x="{label_width}" y="{top + 3}" width="{width:.1f}" height="14" fill="{_bar_colour(key)}"></rect>'
            f'<text x="{label_width + width + 4:.1f}" y="{top + 14}" class="bar-value">{esc(_number(shown))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _chartable(value: Any) -> bool:
    return isinstance(value, Mapping) and len(value) >= 2 and all(is_number(v) for v in value.values())


def render_value(value: Any, name: str = "", depth: int = 0) -> Markup:
    """Any JSON-like value as HTML: scalars as text, objects as definition lists, lists as lists,
    an object of numbers (per category, per technique...) as a bar chart."""
    if value is None or value == "":
        return Markup('<span class="none">\u2013</span>')
    if isinstance(value, bool):
        return Markup("yes" if value else "no")
    if is_number(value):
        return esc(_number(value))
    if isinstance(value, str):
        return esc(value)
    if depth >= MAX_DEPTH:
        return esc(repr(value)[:500])
    if _chartable(value):
        return bar_chart(value, f"{label_of(name) or 'values'} by name")
    if isinstance(value, Mapping):
        rows = "".join(f"<dt>{esc(label_of(key))}</dt><dd>{render_value(item, str(key), depth + 1)}</dd>"
                       for key, item in value.items())
        return Markup(f'<dl class="kv">{rows}</dl>')
    if isinstance(value, Sequence):
        if not value:
            return Markup('<span class="none">none</span>')
        shown = list(value)[:MAX_ITEMS]
        more = f'<li class="none">and {len(value) - MAX_ITEMS} more</li>' if len(value) > MAX_ITEMS else ""
        if all(isinstance(item, str | int | float | bool) or item is None for item in shown):
            return Markup(", ".join(str(render_value(item, name, depth + 1)) for item in shown)
                          + (f" (and {len(value) - MAX_ITEMS} more)" if more else ""))
        items = "".join(f"<li>{render_value(item, name, depth + 1)}</li>" for item in shown)
        return Markup(f'<ul class="items">{items}{more}</ul>')
    return esc(value)


def heading_of(item: Mapping[str, Any], fallback: str) -> str:
    for key in NAME_KEYS:
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return fallback


def timeline_of(item: Mapping[str, Any]) -> tuple[str | None, list[dict[str, Any]]]:
    """The field of ``item`` that is a list of dated entries (``published``, ``date``, …) and
    those entries in time order; (None, []) when it has none."""
    for key, value in item.items():
        if isinstance(value, list) and value and all(isinstance(entry, Mapping) for entry in value):
            dated = [entry for entry in value if any(isinstance(entry.get(k), str) for k in DATE_KEYS)]
            if dated and len(dated) == len(value):
                return key, sorted(value, key=lambda entry: str(_date_of(entry)))
    return None, []


def _date_of(entry: Mapping[str, Any]) -> str:
    for key in DATE_KEYS:
        if isinstance(entry.get(key), str):
            return entry[key]
    return ""


def timeline(entries: list[dict[str, Any]]) -> Markup:
    """Dated entries as an ordered list: date, then title (a link to the article when it has an id), then site."""
    rows = []
    for entry in entries:
        article_id = entry.get("id") or entry.get("article_id")
        title = heading_of({k: v for k, v in entry.items() if k not in ("id", "site")}, "untitled")
        link = (f'<a href="/articles/{esc(article_id)}">{esc(title)}</a>'
                if isinstance(article_id, str) and re.fullmatch(r"[0-9a-fA-F]{4,64}", article_id) else esc(title))
        site = entry.get("site") or entry.get("outlet")
        rows.append(f'<li><time>{esc(_date_of(entry))}</time> {link}'
                    + (f' <span class="muted">{esc(site)}</span>' if site else "") + "</li>")
    return Markup(f'<ol class="timeline">{"".join(rows)}</ol>')


# -- two articles side by side ---------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    start: int
    end: int
    pair: int | None  # index of the aligned pair, None when the other article has no counterpart


@dataclass(frozen=True)
class Cell:
    html: Markup
    kind: str  # same, changed, only


@dataclass(frozen=True)
class Row:
    left: Cell | None
    right: Cell | None

    @property
    def kind(self) -> str:
        if self.left is None or self.right is None:
            return "only"
        return self.left.kind


def _boundaries(document: Mapping[str, Any]) -> list[int]:
    layers = document.get("layers") or {}
    spans = layers.get("sentences") or layers.get("paragraphs") or []
    points: set[int] = set()
    for span in spans:
        if isinstance(span, Mapping) and is_number(span.get("start")) and is_number(span.get("end")):
            points.update((int(span["start"]), int(span["end"])))
    return sorted(points)


def _pieces(text: str, start: int, end: int, boundaries: list[int]) -> list[Unit]:
    """The unaligned text between ``start`` and ``end``, cut at sentence boundaries and line breaks."""
    cuts = sorted({start, end} | {b for b in boundaries if start < b < end}
                  | {start + m.start() for m in re.finditer(r"\n", text[start:end])})
    units = []
    for left, right in zip(cuts, cuts[1:], strict=False):
        piece = text[left:right]
        stripped = piece.strip()
        if stripped:
            offset = left + (len(piece) - len(piece.lstrip()))
            units.append(Unit(offset, offset + len(stripped), None))
    return units


def units_of(document: Mapping[str, Any], aligned: Sequence[tuple[int, int, int]]) -> list[Unit]:
    """An article's text as units in order: the aligned spans ``(start, end, pair)`` and the
    sentences (else paragraphs, else lines) of the text between them."""
    text = str(document.get("text") or "")
    boundaries = _boundaries(document)
    units: list[Unit] = []
    position = 0
    for start, end, pair in sorted(aligned):
        start, end = max(start, position), min(end, len(text))
        if start >= end:
            continue
        units.extend(_pieces(text, position, start, boundaries))
        units.append(Unit(start, end, pair))
        position = end
    units.extend(_pieces(text, position, len(text), boundaries))
    return units


def _word_diff(left: str, right: str) -> tuple[Markup, Markup, bool]:
    """Both sentences with the words only one of them has marked (``del`` left, ``ins`` right)."""
    a, b = left.split(), right.split()
    if a == b:
        return esc(left), esc(right), False
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    out_a: list[str] = []
    out_b: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        words_a, words_b = " ".join(a[i1:i2]), " ".join(b[j1:j2])
        if tag == "equal":
            out_a.append(str(esc(words_a)))
            out_b.append(str(esc(words_b)))
            continue
        if words_a:
            out_a.append(f"<del>{esc(words_a)}</del>")
        if words_b:
            out_b.append(f"<ins>{esc(words_b)}</ins>")
    return Markup(" ".join(out_a)), Markup(" ".join(out_b)), True


def side_by_side(document_a: Mapping[str, Any], document_b: Mapping[str, Any],
                 evidence: Sequence[tuple[tuple[int, int], tuple[int, int]]]) -> list[Row]:
    """Rows of the two articles: each aligned pair of sentences on one row (words that differ
    marked), and each sentence only one of them has on a row of its own, in reading order."""
    text_a, text_b = str(document_a.get("text") or ""), str(document_b.get("text") or "")
    units_a = units_of(document_a, [(a[0], a[1], k) for k, (a, _) in enumerate(evidence)])
    units_b = units_of(document_b, [(b[0], b[1], k) for k, (_, b) in enumerate(evidence)])
    position_b = {unit.pair: index for index, unit in enumerate(units_b) if unit.pair is not None}
    pairs_a = {unit.pair for unit in units_a if unit.pair is not None}
    rows: list[Row] = []
    next_b = 0

    def only(text: str, unit: Unit) -> Cell:
        return Cell(esc(text[unit.start:unit.end]), "only")

    for unit in units_a:
        index_b = position_b.get(unit.pair) if unit.pair is not None else None
        if index_b is None:
            rows.append(Row(only(text_a, unit), None))
            continue
        while next_b < index_b:
            other = units_b[next_b]
            if other.pair is None or other.pair not in pairs_a:
                rows.append(Row(None, only(text_b, other)))
            next_b += 1
        other = units_b[index_b]
        left, right, changed = _word_diff(text_a[unit.start:unit.end], text_b[other.start:other.end])
        kind = "changed" if changed else "same"
        rows.append(Row(Cell(left, kind), Cell(right, kind)))
        next_b = max(next_b, index_b + 1)
    for other in units_b[next_b:]:
        if other.pair is None or other.pair not in pairs_a:
            rows.append(Row(None, only(text_b, other)))
    return rows


def evidence_of(pair: Mapping[str, Any]) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """The aligned spans of a pair as :meth:`slant.corpus.syndication.Pair.to_dict` writes them."""
    spans = []
    for item in pair.get("evidence") or []:
        try:
            a, b = item["a"], item["b"]
            spans.append(((int(a["start"]), int(a["end"])), (int(b["start"]), int(b["end"]))))
        except (KeyError, TypeError, ValueError):
            continue
    return spans
