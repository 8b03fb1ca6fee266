"""One self-contained HTML report per article, and an index page over many reports.

Everything that comes from the input (article text, title, metadata, leftovers, labels,
notes, model names) is untrusted: it is written only through :func:`esc`, never into a script,
an event handler or a URL other than an http(s) link. As a second line of defence the page
carries a Content-Security-Policy that allows no network access and runs only the one
built-in script, pinned by its SHA-256 hash; so even markup that slipped through runs nothing.

Overlapping findings are drawn as nested ``<mark>`` elements: a boundary sweep over all span
starts and ends gives every text segment the set of findings covering it, and marks are
opened outermost-first (longest first) and split only where two findings cross. Every mark
is keyboard-focusable (its first piece) and described by a hidden tooltip with the
technique's name, category, definition and confidence, which the script shows on hover and
focus.

When the entities component ran, a panel lists the people, organisations and places
named, and each mention is drawn as a plain ``<span class="entity ...">`` (a thin grey underline,
no tooltip, not focusable) that takes part in the same nesting as the marks.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import heapq
import html
import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from slant.components.summary import describe_genre, findings_of, reported, source_phrase
from slant.doc import taxonomy
from slant.doc.article import Article, Span
from slant.output.parts import ENTITY_TYPES, analysis_parts, entity_groups, entity_kind, has_entities

log = logging.getLogger(__name__)

MAX_DEPTH_STYLE = 3  # deeper nesting reuses the innermost underline offset
# Marks open at once, at most. Real articles nest three or four (techniques, a reported
# statement, a name); a run-on text with thousands of overlapping findings would otherwise
# draw each one split into thousands of pieces.
MAX_OPEN_MARKS = 12
LOW_CONFIDENCE = 0.5  # findings below it are drawn underlined only, without a fill


def esc(value: Any) -> str:
    """HTML-escape any value for element content and quoted attribute values."""
    return html.escape("" if value is None else str(value), quote=True)


def safe_href(url: Any) -> str | None:
    """``url`` if it is an absolute http(s) URL, else None: other schemes (javascript:, data:)
    are shown as text, never linked."""
    if not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def _percent(score: Any) -> str:
    return f"{float(score):.0%}" if isinstance(score, int | float) else "n/a"


# -- styles and script -----------------------------------------------------------------------


def _category_css() -> str:
    rules = [f".c-{c.id}{{--bg:{c.colour};--ac:{c.accent}}}" for c in taxonomy.CATEGORIES]
    return "\n".join(rules)


CSS = """
:root{color-scheme:light;--text:@TEXT@;--muted:#4a4a4a;--line:#d0d0d0;--paper:#fff;--soft:#f5f5f3}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--soft);color:var(--text);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,
 "Helvetica Neue",Arial,sans-serif;overflow-wrap:anywhere}
a{color:#1a4fa0}
a:focus-visible,.hl:focus-visible,summary:focus-visible{outline:3px solid #1a4fa0;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5em}
.skip:focus{left:.5em;z-index:10}
.wrap{max-width:72rem;margin:0 auto;padding:1rem}
header.report{background:var(--paper);border-bottom:1px solid var(--line)}
header.report h1{font:700 1.6rem/1.25 Georgia,"Times New Roman",serif;margin:.2rem 0 .6rem}
.kicker{font-size:.8rem;letter-spacing:.06em;text-transform:uppercase;color:var(--muted);margin:0}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.15rem .9rem;margin:0;font-size:.92rem}
dl.meta dt{color:var(--muted)}
dl.meta dd{margin:0}
section{background:var(--paper);border:1px solid var(--line);border-radius:8px;padding:1rem 1.2rem;margin:1rem 0}
h2{font-size:1.1rem;margin:0 0 .6rem}
.verdict{font-weight:600;font-size:1.05rem;margin:.2rem 0 .6rem}
ul.digest{margin:0;padding-left:1.2rem}
ul.digest li{margin:.25rem 0;padding-left:.2rem}
ul.digest li::marker{color:var(--ac)}
.grid{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:1rem}
ul.legend,ul.bars,ul.chips,ul.plain{list-style:none;margin:0;padding:0}
ul.legend>li{margin:.35rem 0}
.sw{display:inline-block;width:1.1em;height:1.1em;border-radius:3px;background:var(--bg);
 box-shadow:inset 0 -3px 0 var(--ac);vertical-align:-.2em;margin-right:.4em}
.cat-name{font-weight:600}
.count{color:var(--muted);font-variant-numeric:tabular-nums}
ul.legend ul{list-style:none;margin:.1rem 0 0 1.6rem;padding:0;font-size:.9rem}
.none{color:var(--muted)}
ul.bars li{display:grid;grid-template-columns:13rem minmax(0,1fr) 2.2rem;align-items:center;gap:.5rem;margin:.2rem 0;
 font-size:.9rem}
.bar{height:.9rem;border-radius:3px;background:var(--ac);width:var(--w);min-width:3px}
.bar-count{text-align:right;font-variant-numeric:tabular-nums}
.para{display:grid;grid-template-columns:minmax(0,1fr) 12rem;gap:1rem;border-top:1px solid #eee;padding:.5rem 0}
.para:first-child{border-top:0}
.para p{margin:0;font:1.08rem/2.3 Georgia,"Times New Roman",serif;white-space:pre-wrap}
.para.title p{font-weight:700;font-size:1.25rem}
.margin{font-size:.78rem;line-height:1.3;border-left:3px solid var(--line);padding-left:.6rem}
.margin:empty{border-left-color:transparent}
.margin .pn{color:var(--muted);display:block;margin-bottom:.2rem}
ul.chips li{margin:.15rem 0}
.hl{background:var(--bg);color:var(--text);box-shadow:inset 0 -3px 0 var(--ac);border-radius:2px;padding:1px 0 10px;
 cursor:help;-webkit-box-decoration-break:clone;box-decoration-break:clone}
.hl.d1{padding-bottom:7px}.hl.d2{padding-bottom:4px}.hl.d3{padding-bottom:1px}
.hl.low{background:transparent;box-shadow:inset 0 -2px 0 var(--ac)}
.hl:hover,.hl.active{filter:saturate(1.6) brightness(.97)}
.hl.at{background:transparent;box-shadow:none;padding:1px 0;border-radius:0}
.hl.at-said{border-bottom:2px dotted var(--src)}
.hl.at-src{outline:2px dashed var(--src);outline-offset:1px}
.hl.at-cue{font-style:italic;border-bottom:1px solid var(--src)}
.hl.at:hover,.hl.at.active{filter:none;background:rgba(31,95,122,.08)}
.entity{border-bottom:1px solid #8c8c8c}
ul.entities{list-style:none;margin:0;padding:0;font-size:.92rem}
ul.entities>li{margin:.25rem 0}
.ent-type{font-weight:600;margin-right:.4rem}
.at-named{--src:#1f5f7a}.at-vague{--src:#9a4a00}.at-none{--src:#6b6b6b}
ul.sourcing{list-style:none;margin:.6rem 0 0;padding:0}
ul.sourcing li{display:grid;grid-template-columns:minmax(8rem,16rem) 7rem minmax(0,1fr);gap:.6rem;
 border-top:1px solid #eee;padding:.35rem 0;font-size:.92rem}
.kind{display:inline-block;font-size:.75rem;border:2px dashed var(--src);border-radius:3px;padding:0 .35rem;
 color:var(--src);font-weight:600}
.tip.at-tip{border-left-style:dashed;border-left-color:var(--src)}
#popover{position:absolute;z-index:20;max-width:min(24rem,calc(100vw - 1rem));background:#fff;color:var(--text);
 border:1px solid #888;border-radius:8px;box-shadow:0 6px 24px rgba(0,0,0,.18);padding:.5rem .7rem;font-size:.88rem}
#popover[hidden],.tip[hidden]{display:none}
.tip{border-left:5px solid var(--ac);padding:.15rem 0 .15rem .5rem;margin:.3rem 0}
.tip-head{font-weight:700}
.tip-cat{color:var(--muted);font-size:.82rem}
.tip p{margin:.2rem 0}
.glossary{margin-top:.8rem}
.glossary summary{cursor:pointer;font-weight:600}
.glossary dl{margin:.4rem 0 0}
.glossary dd{margin:0;font-size:.92rem}
.removed li{margin:.25rem 0;font-size:.9rem}
.reason{display:inline-block;font-size:.75rem;background:#eee;border-radius:3px;padding:0 .35rem;margin-right:.4rem;color:#333}
footer{font-size:.82rem;color:var(--muted);padding-bottom:2rem}
.index-scroll{overflow-x:auto}
table.index{width:100%;border-collapse:collapse;font-size:.92rem}
table.index th,table.index td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid var(--line);vertical-align:top;
 overflow-wrap:break-word;word-break:normal;hyphens:manual}
table.index th,table.index .nw{white-space:nowrap}
table.index th{vertical-align:bottom}
table.index td.col-article{min-width:10rem}
table.index td.col-src{overflow-wrap:anywhere;min-width:8rem;max-width:18rem}
table.index td.col-genre{white-space:nowrap}
table.index td.col-verdict{min-width:13rem}
table.index td.num,table.index th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.index th.wrap{white-space:normal}
.catbar{display:flex;height:.6rem;border-radius:3px;overflow:hidden;min-width:5rem;margin-top:.3rem}
.catbar span{background:var(--ac)}
@media (max-width:760px){
 ul.sourcing li{grid-template-columns:minmax(0,1fr)}
 .wrap{padding:.6rem}
 section{padding:.8rem}
 .grid{grid-template-columns:minmax(0,1fr)}
 .para{grid-template-columns:minmax(0,1fr);gap:.3rem}
 .margin{border-left:0;border-top:1px dashed var(--line);padding:.3rem 0 0}
 .margin:empty{display:none}
 ul.chips li{display:inline-block;margin-right:.5rem}
 ul.bars li{grid-template-columns:7.5rem minmax(0,1fr) 2rem}
}
@media (max-width:960px){
 table.index thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%)}
 table.index,table.index tbody,table.index tr{display:block}
 table.index tr{border-bottom:1px solid var(--line);padding:.5rem 0}
 table.index td[data-label]{display:grid;grid-template-columns:7.5rem minmax(0,1fr);column-gap:.6rem;
  min-width:0;max-width:none;border:0;padding:.15rem 0;white-space:normal;text-align:left}
 table.index td[data-label]::before{content:attr(data-label);color:var(--muted);font-size:.82rem;line-height:1.6;
  overflow-wrap:normal}
 table.index td[data-label]:has(> .cell:empty){display:none}
}
@media print{#popover{display:none}.hl{padding-bottom:1px}}
""".replace("@TEXT@", taxonomy.TEXT_COLOUR)

# Shows the tooltips of the marks under the pointer or keyboard focus. Static: no data is
# ever interpolated into it, so its hash can pin it in the Content-Security-Policy.
SCRIPT = """
(function () {
  "use strict";
  var pop = document.getElementById("popover");
  if (!pop) { return; }
  var active = [];
  function marksAt(node) {
    var marks = [];
    while (node && node.nodeType === 1) {
      if (node.classList.contains("hl")) { marks.push(node); }
      node = node.parentElement;
    }
    return marks;
  }
  function hide() {
    pop.hidden = true;
    active.forEach(function (m) { m.classList.remove("active"); });
    active = [];
  }
  function show(node) {
    var marks = marksAt(node);
    if (!marks.length) { hide(); return; }
    hide();
    while (pop.firstChild) { pop.removeChild(pop.firstChild); }
    marks.forEach(function (mark) {
      var tip = document.getElementById("tip-" + mark.getAttribute("data-f"));
      if (!tip) { return; }
      var copy = tip.cloneNode(true);
      copy.removeAttribute("id");
      copy.hidden = false;
      pop.appendChild(copy);
    });
    active = marks;
    marks[0].classList.add("active");
    pop.hidden = false;
    var rect = marks[0].getClientRects()[0] || marks[0].getBoundingClientRect();
    var width = pop.offsetWidth;
    var left = Math.max(8, Math.min(rect.left, document.documentElement.clientWidth - width - 8));
    pop.style.left = (left + window.scrollX) + "px";
    pop.style.top = (rect.bottom + window.scrollY + 8) + "px";
  }
  document.addEventListener("mouseover", function (event) {
    if (event.target.closest && event.target.closest(".hl")) { show(event.target); }
  });
  document.addEventListener("mouseout", function (event) {
    var next = event.relatedTarget;
    if (!(next && next.closest && (next.closest(".hl") || next.closest("#popover")))) {
      if (!(document.activeElement && document.activeElement.classList.contains("hl"))) { hide(); }
    }
  });
  document.addEventListener("focusin", function (event) {
    if (event.target.classList && event.target.classList.contains("hl")) { show(event.target); } else { hide(); }
  });
  document.addEventListener("focusout", function (event) {
    if (!(event.relatedTarget && event.relatedTarget.classList && event.relatedTarget.classList.contains("hl"))) {
      hide();
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { hide(); }
  });
})();
"""

SCRIPT_HASH = "sha256-" + base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
CONTENT_SECURITY_POLICY = (
    f"default-src 'none'; style-src 'unsafe-inline'; script-src '{SCRIPT_HASH}'; "
    "img-src 'none'; base-uri 'none'; form-action 'none'"
)


def page(title: str, body: str, *, with_script: bool = False, extra_css: str = "",
         policy: str | None = None) -> str:
    """A whole self-contained page: slant's styles (and ``extra_css``), a content-security policy
    (the report's, unless ``policy`` is given), ``body`` as given (already escaped) and, with
    ``with_script``, the report's script."""
    script = f"<script>{SCRIPT}</script>" if with_script else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(policy or CONTENT_SECURITY_POLICY)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f'<meta name="generator" content="slant">\n<title>{esc(title)}</title>\n'
        f"<style>{_category_css()}\n{CSS}\n{extra_css}</style>\n</head>\n<body>\n{body}\n{script}\n</body>\n</html>\n"
    )


# -- the article with nested highlights --------------------------------------------------------


def nest_marks(
    start: int, end: int, findings: list[tuple[int, int, int]]
) -> list[tuple[str, Any]]:
    """Events that draw ``[start, end)`` with ``findings`` (``(index, start, end)``) as properly
    nested marks: ``("open", (index, depth, first_piece))``, ``("text", (a, b))``, ``("close", index)``.

    A boundary sweep over every start and end keeps the set of findings covering each segment.
    At each boundary, open marks that stop covering are closed together with any opened inside
    them (those reopen at once as continuation pieces), then new findings are opened longest
    first, so a finding is split only where it crosses another. At most ``MAX_OPEN_MARKS`` are
    open at once: a finding that would go deeper is not drawn (it stays in the lists).
    """
    clipped = sorted(((i, max(s, start), min(e, end)) for i, s, e in findings), key=lambda f: (f[1], -f[2], f[0]))
    drawn: list[tuple[int, int, int]] = []
    open_ends: list[int] = []  # a heap of the drawn findings' ends
    for finding in clipped:
        if finding[1] >= finding[2]:
            continue
        while open_ends and open_ends[0] <= finding[1]:
            heapq.heappop(open_ends)
        if len(open_ends) < MAX_OPEN_MARKS:
            heapq.heappush(open_ends, finding[2])
            drawn.append(finding)
    span_of = {i: (s, e) for i, s, e in drawn}
    starting: dict[int, list[int]] = defaultdict(list)
    ending: dict[int, list[int]] = defaultdict(list)
    for i, s, e in drawn:
        starting[s].append(i)
        ending[e].append(i)
    bounds = sorted({start, end, *starting, *ending})
    events: list[tuple[str, Any]] = []
    stack: list[int] = []  # the open marks, outermost first: always every finding covering the last segment
    started: set[int] = set()
    for left, right in zip(bounds, bounds[1:], strict=False):
        stopping = set(ending.get(left, ()))
        keep = next((depth for depth, index in enumerate(stack) if index in stopping), len(stack))
        for index in reversed(stack[keep:]):
            events.append(("close", index))
        reopening = [index for index in stack[keep:] if index not in stopping]
        stack = stack[:keep]
        opening = sorted(reopening + starting.get(left, []), key=lambda i: (-span_of[i][1], span_of[i][0], i))
        for index in opening:
            events.append(("open", (index, len(stack), index not in started)))
            started.add(index)
            stack.append(index)
        events.append(("text", (left, right)))
    for index in reversed(stack):
        events.append(("close", index))
    return events


def _tooltip(index: int, span: Span) -> str:
    technique = taxonomy.technique(span.label)
    category = taxonomy.category(technique.category)
    return (
        f'<div class="tip c-{category.id}" id="tip-{index}" hidden>'
        f'<div class="tip-head">{esc(technique.name)}</div>'
        f'<div class="tip-cat">{esc(category.name)} \u00b7 confidence {_percent(span.score)}</div>'
        f"<p>{esc(technique.definition)}</p>"
        f"<p><em>Look for:</em> {esc(technique.look_for)}</p></div>"
    )


ATTRIBUTION_ROLE = "attribution_role"  # marks a mark span as part of a reported statement
SOURCING_QUOTE = 140
_KIND_NAMES = {"named": "named source", "vague": "vague source", "none": "no source"}


def attribution_marks(article: Article) -> list[Span]:
    """Mark spans for the reported statements (content, source and cue of each), labelled with
    the source kind; ``attrs`` carry the role, the attribution id and the linked spans' text."""
    marks = []
    for content, source, cue in reported(article):
        common = {"attribution": content.id, "confidence": content.score,
                  "source_type": content.attrs.get("source_type"),
                  "source": article.span_text(source) if source else None,
                  "cue": article.span_text(cue) if cue else None,
                  "content": article.span_text(content)}
        marks.append(Span(content.start, content.end, content.label, content.score, {ATTRIBUTION_ROLE: "said", **common}))
        if source is not None:
            marks.append(Span(source.start, source.end, content.label, content.score, {ATTRIBUTION_ROLE: "src", **common}))
        if cue is not None:
            marks.append(Span(cue.start, cue.end, content.label, content.score, {ATTRIBUTION_ROLE: "cue", **common}))
    return marks


def _quote(words: Any, limit: int = SOURCING_QUOTE) -> str:
    flat = " ".join(str(words or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1].rsplit(" ", 1)[0] + "\u2026"


def _attribution_tooltip(article: Article, index: int, span: Span) -> str:
    attrs = span.attrs
    kind = _KIND_NAMES.get(span.label or "", span.label or "")
    kind_line = kind + (f" ({attrs['source_type']})" if attrs.get("source_type") else "")
    role = attrs[ATTRIBUTION_ROLE]
    head = {"said": "Reported statement", "src": "Source of a reported statement", "cue": "Reporting cue"}[role]
    lines = []
    if role != "src":
        lines.append(
            f"<p><em>Source:</em> \u201c{esc(_quote(attrs['source']))}\u201d</p>" if attrs.get("source")
            else "<p><em>Source:</em> none named</p>"
        )
    if role != "cue" and attrs.get("cue"):
        lines.append(f"<p><em>Cue:</em> \u201c{esc(_quote(attrs['cue']))}\u201d</p>")
    if role != "said":
        lines.append(f"<p><em>Says:</em> \u201c{esc(_quote(attrs.get('content')))}\u201d</p>")
    return (
        f'<div class="tip at-tip at-{esc(span.label)}" id="tip-{index}" hidden>'
        f'<div class="tip-head">{esc(head)}</div>'
        f'<div class="tip-cat">{esc(kind_line)} \u00b7 confidence {_percent(attrs.get("confidence"))}</div>'
        f'{"".join(lines)}</div>'
    )


def _sourcing_html(article: Article, summary: dict[str, Any]) -> str:
    sourcing = summary.get("sourcing")
    if not sourcing:
        return ""
    rows = []
    for content, source, cue in reported(article):
        who = source_phrase(article, source, cue) if source is not None else (
            f"({article.span_text(cue)})" if cue is not None else "")
        number = paragraph_index_of(article, content.start)
        where = f' <a href="#p{number}" class="count">\u00b6 {number}</a>' if number is not None else ""
        kind = content.label or ""
        source_type = content.attrs.get("source_type")
        rows.append(
            f'<li class="at-{esc(kind)}"><span>{esc(_quote(who, 80))}</span>'
            f'<span><span class="kind">{esc(kind)}</span>'
            + (f' <span class="count">{esc(source_type)}</span>' if source_type else "")
            + f"</span><span>{esc(_quote(article.span_text(content)))}{where}</span></li>"
        )
    listing = f'<ul class="sourcing">{"".join(rows)}</ul>' if rows else ""
    return (
        '<section aria-labelledby="h-sourcing"><h2 id="h-sourcing">Who says so</h2>'
        f'<p>{esc(sourcing.get("text", ""))}</p>'
        '<p class="kicker">In the article: sources are outlined (dashed), statements underlined (dotted), '
        "cues in italics; vague sources in brown.</p>"
        f"{listing}</section>"
    )


ENTITY_MARK = "entity_mark"  # marks a mark span as a named entity's mention (underlined, no tooltip)
ENTITIES_SHOWN = 30  # most groups listed per type in the panel


def entity_marks(article: Article) -> list[Span]:
    """Mark spans for the mentions in the ``entities`` layer (none when the layer is absent)."""
    return [
        Span(span.start, span.end, entity_kind(span.label), span.score,
             {ENTITY_MARK: True, "group": span.attrs.get("group")})
        for span in article.layers.get("entities", [])
        if span.start < span.end
    ]


def _entities_html(article: Article) -> str:
    """The panel of named people, organisations, places and other names (only when the
    entities component ran)."""
    if not has_entities(article):
        return ""
    groups = entity_groups(article)
    rows = []
    for kind, heading in ENTITY_TYPES:
        members = groups.get(kind)
        if not members:
            continue
        names = ", ".join(
            f'{esc(g["name"])} <span class="count">({esc(g["mentions"])})</span>' for g in members[:ENTITIES_SHOWN]
        )
        if len(members) > ENTITIES_SHOWN:
            names += f' <span class="count">and {len(members) - ENTITIES_SHOWN} more</span>'
        rows.append(f'<li class="ent-{kind.lower()}"><span class="ent-type">{esc(heading)}:</span> {names}</li>')
    listing = (
        f'<ul class="entities">{"".join(rows)}</ul><p class="kicker">In the article: names are underlined in grey. '
        "Number of mentions in brackets.</p>"
        if rows
        else '<p class="none">No names found.</p>'
    )
    return (
        '<section aria-labelledby="h-entities"><h2 id="h-entities">People, organisations and places</h2>'
        f"{listing}</section>"
    )


def paragraph_index_of(article: Article, offset: int) -> int | None:
    paragraphs = article.paragraphs or [Span(0, len(article.text))]
    for number, paragraph in enumerate(paragraphs):
        if paragraph.start <= offset < paragraph.end:
            return number
    return None


def _paragraph_html(
    article: Article, number: int, paragraph: Span, findings: list[tuple[int, Span]], labels: list[str],
    is_title: bool,
) -> str:
    text = article.text
    span_of = dict(findings)
    parts: list[str] = []
    open_marks: list[int] = []
    for kind, value in nest_marks(paragraph.start, paragraph.end, [(i, s.start, s.end) for i, s in findings]):
        if kind == "text":
            parts.append(esc(text[value[0] : value[1]]))
        elif kind == "close":
            open_marks.remove(value)
            parts.append("</span>" if span_of[value].attrs.get(ENTITY_MARK) else "</mark>")
        else:
            index, _, first_piece = value
            span = span_of[index]
            # Entity underlines do not count towards a highlight's depth (its underline offset).
            depth = sum(1 for i in open_marks if not span_of[i].attrs.get(ENTITY_MARK))
            open_marks.append(index)
            if span.attrs.get(ENTITY_MARK):
                # A named entity's mention: a thin grey underline, no tooltip, not focusable.
                parts.append(
                    f'<span class="entity entity-{entity_kind(span.label).lower()}" '
                    f'data-entity="{esc(span.attrs.get("group") or "")}">'
                )
                continue
            focus = ' tabindex="0"' if first_piece else ""
            piece = "" if first_piece else " cont"
            if span.attrs.get(ATTRIBUTION_ROLE):
                # A reported statement's content, source or cue: its own outline style, not a
                # technique colour; the tooltip names the source.
                role = span.attrs[ATTRIBUTION_ROLE]
                parts.append(
                    f'<mark class="hl at at-{role} at-{esc(span.label)} d{min(depth, MAX_DEPTH_STYLE)}{piece}" '
                    f'data-f="{index}" data-attribution="{esc(span.attrs.get("attribution"))}" data-role="{role}"'
                    f'{focus} aria-describedby="tip-{index}">'
                )
                continue
            category = taxonomy.category(span.label).id
            if span.score is not None and span.score < LOW_CONFIDENCE:
                piece += " low"
            parts.append(
                f'<mark class="hl c-{category} d{min(depth, MAX_DEPTH_STYLE)}{piece}" data-f="{index}" '
                f'data-technique="{esc(span.label)}"{focus} aria-describedby="tip-{index}">'
            )
    chips = "".join(
        f'<li class="c-{taxonomy.category(label).id}"><span class="sw" aria-hidden="true"></span>'
        f"{esc(taxonomy.technique(label).name)}</li>"
        for label in labels
    )
    margin = (
        f'<aside class="margin" aria-label="Techniques in paragraph {number}">'
        f'<span class="pn">\u00b6 {number}</span><ul class="chips">{chips}</ul></aside>'
        if labels
        else '<div class="margin" aria-hidden="true"></div>'
    )
    css_class = "para title" if is_title else "para"
    return f'<div class="{css_class}" id="p{number}"><p dir="auto">{"".join(parts)}</p>{margin}</div>'


def _article_html(article: Article, findings: list[Span]) -> tuple[str, str]:
    """The paragraphs with highlights, and the hidden tooltips they refer to."""
    paragraphs = article.paragraphs or [Span(0, len(article.text))]
    paragraph_ends = [paragraph.end for paragraph in paragraphs]
    by_paragraph: dict[int, list[tuple[int, Span]]] = defaultdict(list)
    labels: dict[int, list[str]] = defaultdict(list)

    def overlapping(span: Span) -> Iterable[int]:
        # Paragraphs are sorted and disjoint: start at the first one ending after the span starts.
        number = bisect.bisect_right(paragraph_ends, span.start)
        while number < len(paragraphs) and paragraphs[number].start < span.end:
            if span.overlaps(paragraphs[number]):
                yield number
            number += 1

    for index, span in enumerate(findings):
        for number in overlapping(span):
            by_paragraph[number].append((index, span))
            if span.attrs.get(ATTRIBUTION_ROLE) or span.attrs.get(ENTITY_MARK):
                continue
            if span.label not in labels[number]:
                labels[number].append(span.label)
    for span in article.layers.get("paragraph_techniques", []):
        if taxonomy.is_technique(span.label):
            for number in overlapping(span):
                if span.label not in labels[number]:
                    labels[number].append(span.label)
    order = {technique_id: position for position, technique_id in enumerate(taxonomy.technique_ids())}
    title = article.title_span
    body = "\n".join(
        _paragraph_html(
            article, number, paragraph, by_paragraph[number], sorted(labels[number], key=order.__getitem__),
            is_title=title is not None and paragraph.start == title.start and paragraph.end == title.end,
        )
        for number, paragraph in enumerate(paragraphs)
    )
    tips = "\n".join(
        _attribution_tooltip(article, index, span) if span.attrs.get(ATTRIBUTION_ROLE) else _tooltip(index, span)
        for index, span in enumerate(findings)
        if not span.attrs.get(ENTITY_MARK)
    )
    return body, tips


# -- the surrounding sections --------------------------------------------------------------


def _header_html(article: Article, summary: dict[str, Any]) -> str:
    meta = article.metadata
    rows: list[tuple[str, str]] = [("Source", esc(article.source))]
    href = safe_href(meta.url)
    if href:
        rows.append(("URL", f'<a href="{esc(href)}" rel="noopener noreferrer nofollow">{esc(meta.url)}</a>'))
    elif meta.url:
        rows.append(("URL", esc(meta.url)))
    for name, value in (("Site", meta.site), ("Published", meta.published), ("Authors", ", ".join(meta.authors))):
        if value:
            rows.append((name, esc(value)))
    rows.append(("Language", esc(article.language or "unknown")))
    genre = summary.get("genre")
    rows.append(("Genre", esc(describe_genre(genre, capitalised=True))))
    frames = summary.get("frames") or []
    rows.append(
        ("Frames", ", ".join(f"{esc(f['name'])} ({_percent(f.get('score'))})" for f in frames) if frames else "none found")
    )
    cells = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in rows)
    title = article.title or article.source
    return (
        '<header class="report"><div class="wrap"><p class="kicker">slant analysis</p>'
        f'<h1>{esc(title)}</h1><dl class="meta">{cells}</dl></div></header>'
    )


def _digest_html(summary: dict[str, Any]) -> str:
    items = "".join(
        f'<li class="c-{esc(item["category"])}">{esc(item["text"])}</li>' for item in summary.get("digest") or []
    )
    listing = f'<ul class="digest">{items}</ul>' if items else ""
    return (
        '<section aria-labelledby="h-digest"><h2 id="h-digest">In short</h2>'
        f'<p class="verdict">{esc(summary.get("verdict", ""))}</p>{listing}</section>'
    )


def _legend_and_chart_html(summary: dict[str, Any]) -> str:
    by_technique = {row["technique"]: row for row in summary.get("techniques") or []}
    legend = []
    for category in taxonomy.CATEGORIES:
        members = [t for t in taxonomy.techniques_in(category.id) if by_technique.get(t.id, {}).get("count")]
        total = sum(by_technique[t.id]["count"] for t in members)
        inner = "".join(
            f'<li>{esc(t.name)} <span class="count">{by_technique[t.id]["count"]}</span></li>' for t in members
        )
        legend.append(
            f'<li class="c-{category.id}"><span class="sw" aria-hidden="true"></span>'
            f'<span class="cat-name">{esc(category.name)}</span> <span class="count">{total}</span>'
            + (f"<ul>{inner}</ul>" if inner else "")
            + "</li>"
        )
    rows = [row for row in summary.get("techniques") or [] if row["count"]]
    top = max((row["count"] for row in rows), default=1)
    bars = "".join(
        f'<li class="c-{esc(row["category"])}"><span>{esc(row["name"])}</span>'
        f'<span class="bar" style="--w:{100 * row["count"] / top:.1f}%" aria-hidden="true"></span>'
        f'<span class="bar-count">{row["count"]}</span></li>'
        for row in rows
    )
    chart = f'<ul class="bars">{bars}</ul>' if bars else '<p class="none">No techniques found.</p>'
    glossary = "".join(
        f'<div class="c-{esc(row["category"])} tip"><dt class="tip-head">{esc(technique.name)}</dt>'
        f"<dd><p>{esc(technique.definition)}</p><p><em>Look for:</em> {esc(technique.look_for)}</p>"
        f"<p><em>Invented example:</em> {esc(technique.example)}</p></dd></div>"
        for row in rows
        for technique in (taxonomy.technique(row["technique"]),)
    )
    glossary_html = (
        f'<details class="glossary"><summary>What these techniques mean</summary><dl>{glossary}</dl></details>'
        if glossary
        else ""
    )
    return (
        '<section aria-labelledby="h-found"><h2 id="h-found">Techniques found</h2><div class="grid">'
        f'<div><h3 class="kicker">By category</h3><ul class="legend">{"".join(legend)}</ul></div>'
        f'<div><h3 class="kicker">By technique (number of findings)</h3>{chart}</div></div>{glossary_html}</section>'
    )


def _removed_html(article: Article) -> str:
    if not article.removed:
        return ""
    items = "".join(
        f'<li><span class="reason">{esc(r.reason)}</span>{esc(r.text)}'
        + (f' <span class="count">(line {esc(r.line)})</span>' if r.line else "")
        + "</li>"
        for r in article.removed
    )
    return (
        '<section class="removed" aria-labelledby="h-removed"><details><summary id="h-removed">'
        f"<strong>Left out by extraction ({len(article.removed)})</strong></summary>"
        f'<ul class="plain">{items}</ul></details></section>'
    )


def _notes_html(notes: list[str]) -> str:
    if not notes:
        return ""
    items = "".join(f"<li>{esc(note)}</li>" for note in notes)
    return f'<section aria-labelledby="h-notes"><h2 id="h-notes">Notes</h2><ul>{items}</ul></section>'


def _footer_html(provenance: dict[str, Any]) -> str:
    models = "; ".join(f"{esc(name)}: {esc(version)}" for name, version in (provenance.get("models") or {}).items())
    return (
        f'<footer class="wrap">Made by slant {esc(provenance.get("slant_version", ""))}'
        + (f"; models: {models}" if models else "")
        + ". Findings are a model's suggestions for a reader to check, not verdicts.</footer>"
    )


def render_html(
    analysis_or_article: Any,
    notes: list[str] | None = None,
    provenance: dict[str, Any] | None = None,
    summary: dict[str, Any] | None = None,
) -> str:
    """The report of one analysed article as a self-contained HTML page (no network access).

    Takes the Analysis that :func:`slant.analyze` returns, or an Article plus optional notes,
    provenance and summary (computed when missing).
    """
    article, notes, provenance, summary = analysis_parts(analysis_or_article, notes, provenance, summary)
    findings = findings_of(article)
    article_body, tips = _article_html(article, findings + attribution_marks(article) + entity_marks(article))
    hint = (
        '<p class="kicker">Highlights are findings; hover or tab to one for what it means. '
        f"Underlined only: confidence under {LOW_CONFIDENCE:.0%}.</p>"
        if findings
        else ""
    )
    body = (
        '<a class="skip" href="#article">Skip to the article</a>\n'
        + _header_html(article, summary)
        + '\n<main class="wrap">\n'
        + _digest_html(summary)
        + _sourcing_html(article, summary)
        + _entities_html(article)
        + _legend_and_chart_html(summary)
        + f'<section id="article" aria-labelledby="h-article"><h2 id="h-article">The article</h2>{hint}'
        + f'<div class="body" lang="{esc(article.language or "und")}">'
        + f"\n{article_body}\n</div></section>\n"
        + _removed_html(article)
        + _notes_html(notes)
        + "\n</main>\n"
        + _footer_html(provenance)
        + f'\n<div id="popover" role="tooltip" hidden></div>\n<div class="tips">{tips}</div>'
    )
    return page(f"slant: {article.title or article.source}", body, with_script=True)


# -- index page ------------------------------------------------------------------------------


def index_entry(href: str, analysis_or_document: Any) -> dict[str, Any]:
    """An :func:`render_index` entry for a report at ``href`` from an Analysis, an Article or an
    analysis document (``Analysis.to_dict()``)."""
    if isinstance(analysis_or_document, Mapping) and "summary" in analysis_or_document:
        doc = analysis_or_document
        metadata = doc.get("metadata") or {}
        return {
            "href": href, "title": doc.get("title"), "source": doc.get("source"), "url": metadata.get("url"),
            "site": metadata.get("site"), "published": metadata.get("published"), "summary": doc["summary"],
        }
    article, _, _, summary = analysis_parts(analysis_or_document)
    return {
        "href": href, "title": article.title, "source": article.source, "url": article.metadata.url,
        "site": article.metadata.site, "published": article.metadata.published, "summary": summary,
    }


def _safe_link(href: Any) -> str | None:
    """Relative report paths and http(s) URLs may be linked; anything with another scheme may not."""
    if not isinstance(href, str) or not href.strip():
        return None
    parts = urlsplit(href.strip())
    if parts.scheme:
        return safe_href(href)
    return href.strip()


# (label, header class, cell class): labels head the columns, and label each cell when the table
# stacks on a narrow screen.
_INDEX_COLUMNS = (
    ("Article", "", "col-article"),
    ("Source", "", "col-src"),
    ("Genre", "", "col-genre"),
    ("Findings", "num", "num"),
    ("Paragraphs flagged", "num wrap", "num"),
    ("Verdict", "", "col-verdict"),
)


def render_index(entries: Iterable[Mapping[str, Any]], title: str = "slant reports") -> str:
    """An index page over many reports: title (linked), source, genre, counts and verdict.

    Each entry is a mapping with ``href`` (the report's path, relative to the index, or an http(s)
    URL), ``title``, ``source``, ``url``, ``site``, ``published`` and ``summary`` (a
    :func:`slant.components.summary.summarize` result); :func:`index_entry` builds one.
    On a narrow screen the table stacks: one block per report, each cell under its label.
    """
    rows = []
    for entry in entries:
        summary = entry.get("summary") or {}
        name = entry.get("title") or entry.get("source") or "untitled"
        link = _safe_link(entry.get("href"))
        heading = f'<a href="{esc(link)}">{esc(name)}</a>' if link else esc(name)
        where = " \u00b7 ".join(
            f'<span class="nw">{esc(v)}</span>' for v in (entry.get("site"), entry.get("published")) if v
        )
        source = esc(entry.get("url") or entry.get("source") or "")
        genre = summary.get("genre")
        categories = summary.get("categories") or []
        total = sum(c["count"] for c in categories) or 1
        catbar = "".join(
            f'<span class="c-{esc(c["category"])}" style="flex:{c["count"] / total:.3f}" '
            f'title="{esc(c["name"])}: {c["count"]}"></span>'
            for c in categories
        )
        flagged, paragraphs = summary.get("paragraphs_with_findings"), summary.get("paragraph_count")
        flagged_text = f"{esc(flagged)} / {esc(paragraphs)}" if flagged is not None and paragraphs is not None else ""
        cells = (
            heading + (f'<br><span class="count">{where}</span>' if where else ""),
            source,
            esc(("uncertain: " if genre.get("uncertain") else "") + genre["name"]) if genre else "",
            esc(summary.get("finding_count", "")),
            flagged_text,
            esc(summary.get("verdict", "")) + (f'<div class="catbar" aria-hidden="true">{catbar}</div>' if categories else ""),
        )
        rows.append(
            "<tr>"
            + "".join(
                f'<td class="{css}" data-label="{label}"><div class="cell">{cell}</div></td>'
                for (label, _, css), cell in zip(_INDEX_COLUMNS, cells, strict=True)
            )
            + "</tr>"
        )
    head = "".join(
        f'<th scope="col" class="{css}">{label}</th>' if css else f'<th scope="col">{label}</th>'
        for label, css, _ in _INDEX_COLUMNS
    )
    table = (
        f'<div class="index-scroll"><table class="index"><thead><tr>{head}</tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table></div>'
        if rows
        else '<p class="none">No reports.</p>'
    )
    legend = "".join(
        f'<li class="c-{c.id}" style="display:inline-block;margin-right:1rem">'
        f'<span class="sw" aria-hidden="true"></span>{esc(c.name)}</li>'
        for c in taxonomy.CATEGORIES
    )
    body = (
        f'<header class="report"><div class="wrap"><p class="kicker">slant</p><h1>{esc(title)}</h1>'
        f'<ul class="plain">{legend}</ul></div></header>'
        f'<main class="wrap"><section aria-label="Reports">{table}</section></main>'
    )
    return page(title, body)
