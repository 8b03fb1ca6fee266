"""The corpus report: one self-contained HTML page over a whole corpus (``slant corpus report``).

Sections: the techniques found across the corpus (a bar chart per technique and per category),
the outlets (:mod:`slant.corpus.outlets`) with their technique profiles, the stories
(:mod:`slant.corpus.stories`) with a timeline each, the syndication graph (who copies whom,
from :func:`slant.corpus.syndication.store_syndication`) and every article, linked to its
highlighted report. Charts and the graph are inline SVG; the page runs no script and loads
nothing (its Content-Security-Policy forbids both), so it works offline and from a file.

:func:`write_corpus_report` writes the page and, in a folder beside it named after it
(``corpus.html`` -> ``corpus_files/``), one report per article (:func:`slant.output.html.render_html`
from the stored analysis), which the page links to.

Everything from the corpus (titles, sites, URLs, labels) is untrusted and written only through
:func:`slant.output.html.esc`; only http(s) URLs become links.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from slant.corpus.facts import ArticleFacts, by_key, per_1000, store_facts
from slant.corpus.outlets import OutletProfile, direction, profiles_from
from slant.corpus.stories import Embed, Story, find_stories
from slant.doc import taxonomy
from slant.errors import SlantError
from slant.output.html import esc, page, safe_href

log = logging.getLogger(__name__)

GRAPH_OUTLETS = 40  # the busiest syndicating outlets drawn in the graph; all are in its table
CHART_WIDTH = 640
_ARTICLE_ID = re.compile(r"^[0-9a-zA-Z_-]{1,64}$")

CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'none'"

CORPUS_CSS = """
.wrap{max-width:96rem}
nav.toc{font-size:.92rem}nav.toc a{margin-right:1rem}
.figures{display:flex;flex-wrap:wrap;gap:.4rem 1.6rem;margin:.4rem 0 0;padding:0;list-style:none}
.figures strong{font-size:1.3rem;display:block}
svg.chart,svg.graph{max-width:100%;height:auto;display:block}
svg text{font:12px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;fill:#151515}
svg .axis{stroke:#888;stroke-width:1}
svg .muted{fill:#4a4a4a}
.story{border-top:1px solid var(--line);padding:.6rem 0}
.story:first-of-type{border-top:0}
.story h3{margin:.1rem 0 .3rem;font-size:1rem}
.story ol{margin:.3rem 0 0;padding-left:1.4rem;font-size:.92rem}
.pill{display:inline-block;font-size:.75rem;background:#eee;border-radius:3px;padding:0 .35rem;margin:0 .3rem .2rem 0}
"""


@dataclass
class CorpusView:
    """Everything the report shows, read from the store once."""

    name: str
    facts: list[ArticleFacts]
    pairs: list[Any]
    outlets: list[OutletProfile]
    stories: list[Story]
    reports: dict[str, str] = field(default_factory=dict)  # article id -> report href


def corpus_view(store: Any, *, embed: Embed | None = None) -> CorpusView:
    from slant.corpus.syndication import store_syndication

    facts = store_facts(store)
    pairs = store_syndication(store)
    return CorpusView(str(getattr(store, "name", "corpus")), facts, pairs, profiles_from(facts, pairs),
                      find_stories(store, facts=facts, embed=embed))


def report_href(folder: str, article_id: str) -> str | None:
    """The relative link of an article's report, or None for an id unfit for a file name."""
    return f"{folder}/{article_id}.html" if _ARTICLE_ID.match(article_id or "") else None


# -- charts ------------------------------------------------------------------------------------


def _number(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def bar_chart(rows: Sequence[tuple[str, float, str, str]], *, unit: str, label: str) -> str:
    """Horizontal bars: (name, value, colour, shown value) each, as an inline SVG."""
    if not rows:
        return '<p class="none">Nothing to show.</p>'
    top = max(value for _, value, _, _ in rows) or 1.0
    name_width, value_width, row_height = 230, 110, 22
    bar_space = CHART_WIDTH - name_width - value_width
    parts = []
    for index, (name, value, colour, shown) in enumerate(rows):
        y = index * row_height
        width = max(2.0, bar_space * value / top) if value else 0.0
        parts.append(
            f'<g><title>{esc(name)}: {esc(shown)} {esc(unit)}</title>'
            f'<text x="{name_width - 8}" y="{y + 15}" text-anchor="end">{esc(_clip(name, 34))}</text>'
            f'<rect x="{name_width}" y="{y + 4}" width="{width:.1f}" height="{row_height - 8}" rx="2" fill="{esc(colour)}"/>'
            f'<text x="{name_width + width + 6:.1f}" y="{y + 15}" class="muted">{esc(shown)}</text></g>'
        )
    height = len(rows) * row_height
    return (f'<svg class="chart" role="img" aria-label="{esc(label)}" viewBox="0 0 {CHART_WIDTH} {height}" '
            f'width="{CHART_WIDTH}" height="{height}" xmlns="http://www.w3.org/2000/svg">{"".join(parts)}</svg>')


def _clip(text: Any, limit: int) -> str:
    flat = " ".join(str(text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "\u2026"


def _accent(technique_or_category: str) -> str:
    try:
        return taxonomy.category(technique_or_category).accent
    except SlantError:
        return "#6b6b6b"


def timeline_chart(story: Story, *, width: int = 420, height: int = 60) -> str:
    """Articles per day (per week or month over long spans) from the first to the last date."""
    days = [date.fromisoformat(row["date"]) for row in story.timeline for _ in range(row["count"])]
    if not days:
        return '<p class="none">No publication dates.</p>'
    first, last = min(days), max(days)
    span = (last - first).days + 1
    step = 1 if span <= 90 else 7 if span <= 730 else 30
    bins = Counter((day - first).days // step for day in days)
    count = (span + step - 1) // step
    top = max(bins.values())
    slot = width / count
    unit = {1: "day", 7: "week", 30: "30 days"}[step]
    bars = []
    for index, number in sorted(bins.items()):
        start = first + timedelta(days=index * step)
        bar = (height - 18) * number / top
        thickness = max(1.0, min(slot - 1, 14.0))
        bars.append(
            f'<rect x="{index * slot + (slot - thickness) / 2:.1f}" y="{height - 16 - bar:.1f}" width="{thickness:.1f}" '
            f'height="{bar:.1f}" fill="#1a4fa0"><title>{start.isoformat()}'
            f'{"" if step == 1 else " (" + unit + ")"}: {number} article{"" if number == 1 else "s"}</title></rect>'
        )
    axis = (f'<line class="axis" x1="0" y1="{height - 15.5}" x2="{width}" y2="{height - 15.5}"/>'
            f'<text x="0" y="{height - 2}" class="muted">{first.isoformat()}</text>'
            + (f'<text x="{width}" y="{height - 2}" text-anchor="end" class="muted">{last.isoformat()}</text>'
               if last != first else ""))
    label = f"Articles per {unit} from {first.isoformat()} to {last.isoformat()}"
    return (f'<svg class="chart" role="img" aria-label="{esc(label)}" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" xmlns="http://www.w3.org/2000/svg">{"".join(bars)}{axis}</svg>')


@dataclass(frozen=True)
class Edge:
    original: str  # outlet (for an unknown direction: the first in name order)
    copy: str
    pairs: int
    known: bool  # whether the dates told which is the original


def syndication_edges(facts: Sequence[ArticleFacts], pairs: Sequence[Any]) -> list[Edge]:
    """Outlet-to-outlet edges: original -> copy, with the number of syndicated article pairs."""
    named = by_key(facts)
    names: dict[str, Counter[str]] = {}
    for item in facts:
        names.setdefault(item.site, Counter())[item.site_name] += 1
    counts: Counter[tuple[str, str, bool]] = Counter()
    for pair in pairs:
        first, second = named.get(pair.a), named.get(pair.b)
        if first is None or second is None or first.site == second.site:
            continue
        way = direction(first, second)
        if way.original is not None and way.copy is not None:
            counts[(way.original.site, way.copy.site, True)] += 1
        else:
            low, high = sorted((first.site, second.site))
            counts[(low, high, False)] += 1

    def name(site: str) -> str:
        return names[site].most_common(1)[0][0]

    edges = [Edge(name(a), name(b), number, known) for (a, b, known), number in counts.items()]
    return sorted(edges, key=lambda edge: (-edge.pairs, edge.original.casefold(), edge.copy.casefold(), not edge.known))


def syndication_graph(edges: Sequence[Edge], *, size: int = 560) -> str:
    """Outlets on a circle; an arrow from the original's outlet to the copier's, as thick as
    the number of pairs; a dashed line where the direction is unknown."""
    if not edges:
        return '<p class="none">No syndicated articles.</p>'
    weight: Counter[str] = Counter()
    for edge in edges:
        weight[edge.original] += edge.pairs
        weight[edge.copy] += edge.pairs
    shown = sorted(weight, key=lambda site: (-weight[site], site.casefold()))[:GRAPH_OUTLETS]
    order = sorted(shown, key=str.casefold)
    centre, radius = size / 2, size / 2 - 110
    where = {site: (centre + radius * math.cos(2 * math.pi * i / len(order) - math.pi / 2),
                    centre + radius * math.sin(2 * math.pi * i / len(order) - math.pi / 2))
             for i, site in enumerate(order)}
    top = max(edge.pairs for edge in edges)
    lines = []
    for edge in edges:
        if edge.original not in where or edge.copy not in where:
            continue
        (x1, y1), (x2, y2) = where[edge.original], where[edge.copy]
        length = math.hypot(x2 - x1, y2 - y1) or 1.0
        # stop short of the nodes so the arrowhead shows
        x1, y1 = x1 + (x2 - x1) * 9 / length, y1 + (y2 - y1) * 9 / length
        x2, y2 = x2 - (x2 - x1) * 11 / length, y2 - (y2 - y1) * 11 / length
        stroke = 1 + 4 * edge.pairs / top
        what = (f"{edge.copy} copied {edge.original}" if edge.known
                else f"{edge.original} and {edge.copy} share articles (direction unknown)")
        style = 'marker-end="url(#arrow)"' if edge.known else 'stroke-dasharray="5 4"'
        lines.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#1a4fa0" stroke-opacity=".7" '
            f'stroke-width="{stroke:.1f}" {style}><title>{esc(what)}: {edge.pairs} '
            f'pair{"" if edge.pairs == 1 else "s"}</title></line>'
        )
    nodes = []
    for site, (x, y) in where.items():
        anchor = "start" if x > centre + 1 else "end" if x < centre - 1 else "middle"
        dx = 10 if anchor == "start" else -10 if anchor == "end" else 0
        dy = 4 if anchor != "middle" else (-10 if y < centre else 18)
        nodes.append(f'<g><title>{esc(site)}</title><circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="#9a4a00"/>'
                     f'<text x="{x + dx:.1f}" y="{y + dy:.1f}" text-anchor="{anchor}">{esc(_clip(site, 24))}</text></g>')
    defs = ('<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" '
            'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#1a4fa0"/></marker></defs>')
    return (f'<svg class="graph" role="img" aria-label="Syndication between outlets: arrows point from the '
            f'original to the outlet that republished it" viewBox="0 0 {size} {size}" width="{size}" height="{size}" '
            f'xmlns="http://www.w3.org/2000/svg">{defs}{"".join(lines)}{"".join(nodes)}</svg>')


# -- sections ------------------------------------------------------------------------------------


def _article_link(item: ArticleFacts, reports: dict[str, str]) -> str:
    name = esc(_clip(item.title or item.source or item.id, 140))
    href = reports.get(item.id)
    return f'<a href="{esc(href)}">{name}</a>' if href else name


def _counts(mapping: dict[str, int], names: bool = False, limit: int = 4) -> str:
    items = list(mapping.items())
    shown = ", ".join(f"{esc(taxonomy.display_name(k) if names else k)} {v}" for k, v in items[:limit])
    return shown + (f", +{len(items) - limit}" if len(items) > limit else "")


def _links(links: Sequence[Any]) -> str:
    return ", ".join(f"{esc(link.site)} ({link.pairs})" for link in links[:5]) + (
        f", +{len(links) - 5}" if len(links) > 5 else "")


def _techniques_section(view: CorpusView) -> str:
    analysed = [item for item in view.facts if item.analysed]
    words = sum(item.words for item in analysed)
    counts: Counter[str] = Counter()
    for item in analysed:
        counts.update(item.techniques)
    ranked = sorted(counts.items(), key=lambda row: (-row[1], row[0]))
    rows = [(taxonomy.display_name(t), per_1000(c, words) or 0.0, _accent(t), f"{per_1000(c, words):.2f} ({c})")
            for t, c in ranked]
    by_category: Counter[str] = Counter()
    for technique, count in counts.items():
        try:
            by_category[taxonomy.category(technique).id] += count
        except SlantError:
            by_category["other"] += count
    category_rows = [(taxonomy.display_name(c) if c != "other" else "Other", per_1000(n, words) or 0.0, _accent(c),
                      f"{per_1000(n, words):.2f} ({n})")
                     for c, n in sorted(by_category.items(), key=lambda row: (-row[1], row[0]))]
    genres = Counter(item.genre or "not classified" for item in view.facts)
    genre_rows = [(taxonomy.display_name(g), n, "#6b6b6b", str(n)) for g, n in sorted(genres.items(), key=lambda r: (-r[1], r[0]))]
    return (
        '<section aria-labelledby="h-techniques"><h2 id="h-techniques">Techniques across the corpus</h2>'
        f'<p>{len(analysed)} of {len(view.facts)} articles analysed for techniques, {words:,} words, '
        f'{sum(counts.values()):,} findings: {_number(per_1000(sum(counts.values()), words), 2)} per 1,000 words.</p>'
        '<h3 class="kicker">By technique: findings per 1,000 words (findings)</h3>'
        + bar_chart(rows, unit="per 1,000 words", label="Findings per 1,000 words by technique")
        + '<h3 class="kicker">By category: findings per 1,000 words (findings)</h3>'
        + bar_chart(category_rows, unit="per 1,000 words", label="Findings per 1,000 words by category")
        + '<h3 class="kicker">Genres: articles</h3>'
        + bar_chart(genre_rows, unit="articles", label="Articles by genre")
        + "</section>"
    )


def _syndication_cell(profile: OutletProfile) -> str:
    lines = [(what, links) for what, links in (("copies", profile.copies), ("copied by", profile.copied_by),
                                                ("shares with (direction unknown)", profile.shares_with)) if links]
    return "<br>".join(f'<span class="count">{what}:</span> {_links(links)}' for what, links in lines)


def _outlets_section(view: CorpusView) -> str:
    head = ("Outlet", "Articles", "Languages", "Genres", "Per 1,000 words", "Most used techniques", "Frames",
            "Sources: named / vague / none", "Syndication")
    numeric = ' class="num"'
    rows = []
    for profile in view.outlets:
        techniques = ", ".join(f"{esc(row['name'])} {_number(row['per_1000_words'], 2)}" for row in profile.top_techniques)
        frames = ", ".join(f"{esc(row['name'])} {row['articles']}" for row in profile.frames[:3])
        sourcing = profile.sourcing
        sources = (f"{sourcing['named']} / {sourcing['vague']} / {sourcing['none']}" if sourcing else "not audited")
        cells = (esc(profile.site), str(profile.articles), _counts(profile.languages), _counts(profile.genres, True),
                 _number(profile.per_1000_words, 2), techniques, frames, sources, _syndication_cell(profile))
        rows.append("<tr>" + "".join(
            f'<td data-label="{label}"{numeric if label in ("Articles", "Per 1,000 words") else ""}>'
            f'<div class="cell">{cell}</div></td>' for label, cell in zip(head, cells, strict=True)) + "</tr>")
    header = "".join(f'<th scope="col">{label}</th>' for label in head)
    table = (f'<div class="index-scroll"><table class="index"><thead><tr>{header}</tr></thead>'
             f'<tbody>{"".join(rows)}</tbody></table></div>') if rows else '<p class="none">No outlets.</p>'
    return ('<section aria-labelledby="h-outlets"><h2 id="h-outlets">Outlets</h2>'
            '<p class="kicker">Techniques per 1,000 words count the articles the technique models ran on. '
            'Of two syndicated articles, the one published first counts as the original.</p>'
            f"{table}</section>")


def _stories_section(view: CorpusView) -> str:
    if not view.stories:
        return ('<section aria-labelledby="h-stories"><h2 id="h-stories">Stories</h2>'
                '<p class="none">No two articles report the same story.</p></section>')
    blocks = []
    in_stories = sum(len(story.articles) for story in view.stories)
    for story in view.stories:
        ordered = sorted(story.articles, key=lambda item: (item.when is None, item.when.when if item.when else None,
                                                           item.title or ""))
        items = "".join(
            f"<li>{_article_link(item, view.reports)} <span class=\"count\">"
            f"{esc(' · '.join(v for v in (item.site_name, item.language or '', item.published or '') if v))}</span></li>"
            for item in ordered)
        techniques = ", ".join(f"{esc(row['name'])} {row['count']}" for row in story.techniques[:3])
        outlets = "".join(f'<span class="pill">{esc(site)} {n}</span>' for site, n in story.outlets.items())
        languages = ", ".join(f"{esc(code)} {n}" for code, n in story.languages.items())
        blocks.append(
            f'<div class="story" id="story-{esc(story.id)}"><h3>{esc(story.id)}: {esc(story.label)}</h3>'
            f'<p class="count">{len(story.articles)} articles · languages {languages}'
            + (f" · {story.undated} undated" if story.undated else "")
            + (f" · techniques: {techniques}" if techniques else "")
            + f"</p><div>{outlets}</div>{timeline_chart(story)}<ol>{items}</ol></div>"
        )
    return ('<section aria-labelledby="h-stories"><h2 id="h-stories">Stories</h2>'
            f'<p>{len(view.stories)} stories hold {in_stories} of {len(view.facts)} articles; the others '
            'resemble no other article closely enough.</p>' + "".join(blocks) + "</section>")


def _syndication_section(view: CorpusView) -> str:
    edges = syndication_edges(view.facts, view.pairs)
    rows = "".join(
        f"<tr><td>{esc(edge.original)}</td>"
        f"<td>{'was republished by' if edge.known else 'shares articles with (which came first is unknown)'}</td>"
        f'<td>{esc(edge.copy)}</td><td class="num">{edge.pairs}</td></tr>'
        for edge in edges)
    table = (f'<div class="index-scroll"><table class="index"><thead><tr><th scope="col">Outlet</th>'
             f'<th scope="col"></th><th scope="col">Outlet</th><th scope="col" class="num">Article pairs</th>'
             f"</tr></thead><tbody>{rows}</tbody></table></div>") if edges else ""
    relations = ", ".join(f"{count} {relation}" for relation, count in
                          sorted(Counter(pair.relation for pair in view.pairs).items()))
    return ('<section aria-labelledby="h-syndication"><h2 id="h-syndication">Who copies whom</h2>'
            f'<p>{len(view.pairs)} syndicated article pairs{f" ({esc(relations)})" if relations else ""}. Arrows '
            'point from the outlet that published first to the one that republished; dashed lines join outlets '
            f"whose shared articles carry no dates that tell.</p>{syndication_graph(edges)}{table}</section>")


def _articles_section(view: CorpusView) -> str:
    story_of = {item.id: story.id for story in view.stories for item in story.articles}
    rows = []
    for item in view.facts:
        story = story_of.get(item.id)
        story_cell = f'<a href="#story-{esc(story)}">{esc(story)}</a>' if story else ""
        url = safe_href(item.url)
        original = f' <a href="{esc(url)}" rel="noopener noreferrer nofollow">(original)</a>' if url else ""
        cells = (_article_link(item, view.reports) + original, esc(item.site_name), esc(item.language or ""),
                 esc(item.published or ""), esc(taxonomy.display_name(item.genre)) if item.genre else "",
                 _number(per_1000(item.findings, item.words), 1) if item.analysed else "not analysed", story_cell)
        labels = ("Article", "Outlet", "Language", "Published", "Genre", "Per 1,000 words", "Story")
        rows.append("<tr>" + "".join(f'<td data-label="{label}"><div class="cell">{cell}</div></td>'
                                     for label, cell in zip(labels, cells, strict=True)) + "</tr>")
    header = "".join(f'<th scope="col">{label}</th>' for label in
                     ("Article", "Outlet", "Language", "Published", "Genre", "Per 1,000 words", "Story"))
    return ('<section aria-labelledby="h-articles"><h2 id="h-articles">Articles</h2>'
            f'<div class="index-scroll"><table class="index"><thead><tr>{header}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div></section>')


def render_view(view: CorpusView) -> str:
    """The page of a :class:`CorpusView`."""
    dated = sorted(item.when.when for item in view.facts if item.when is not None)
    span = f"{dated[0].date().isoformat()} to {dated[-1].date().isoformat()}" if dated else "no dates"
    figures = "".join(f"<li><strong>{value}</strong>{label}</li>" for value, label in (
        (f"{len(view.facts):,}", "articles"), (f"{len(view.outlets):,}", "outlets"),
        (f"{len(view.stories):,}", "stories"), (f"{len(view.pairs):,}", "syndicated pairs"), (esc(span), "published")))
    body = (
        f'<header class="report"><div class="wrap"><p class="kicker">slant corpus report</p>'
        f'<h1>{esc(view.name)}</h1><ul class="figures">{figures}</ul>'
        '<nav class="toc" aria-label="Sections"><a href="#h-techniques">Techniques</a><a href="#h-outlets">Outlets</a>'
        '<a href="#h-stories">Stories</a><a href="#h-syndication">Who copies whom</a><a href="#h-articles">Articles</a>'
        '</nav></div></header>\n<main class="wrap">\n'
        + _techniques_section(view) + "\n" + _outlets_section(view) + "\n" + _stories_section(view) + "\n"
        + _syndication_section(view) + "\n" + _articles_section(view)
        + '\n</main>\n<footer class="wrap">Made by slant. Findings are a model\'s suggestions for a reader to check, '
        "not verdicts; stories and syndication are found automatically.</footer>"
    )
    return page(f"slant corpus: {view.name}", body, extra_css=CORPUS_CSS, policy=CONTENT_SECURITY_POLICY)


def render_corpus_report(store: Any, *, reports_folder: str | None = None, embed: Embed | None = None,
                         linked: Collection[str] | None = None) -> str:
    """The corpus report of a :class:`slant.corpus.Store` as one HTML page. With
    ``reports_folder``, each article links to ``reports_folder/<id>.html`` (only those in
    ``linked``, when given); :func:`write_corpus_report` writes those reports."""
    view = corpus_view(store, embed=embed)
    if reports_folder is not None:
        for item in view.facts:
            href = report_href(reports_folder, item.id)
            if href and (linked is None or item.id in linked):
                view.reports[item.id] = href
    return render_view(view)


@dataclass(frozen=True)
class WrittenReport:
    path: Path
    folder: Path
    articles: int  # article reports written
    failed: int  # articles whose report could not be made (logged)


def write_corpus_report(store: Any, path: str | Path, *, embed: Embed | None = None) -> WrittenReport:
    """Write the corpus report to ``path`` (all or nothing) and each article's report to the
    folder beside it, ``<name>_files/<id>.html``, which the page links to."""
    from slant.doc.analysis import Analysis
    from slant.output.files import write_text_atomic
    from slant.output.html import render_html

    target = Path(path)
    if target.is_dir():
        raise SlantError(f"{target} is a folder; give a file name (e.g. {target / 'corpus.html'})")
    folder = target.with_name(f"{target.stem}_files")
    written: set[str] = set()
    failed = 0
    for text in store.iter_documents():
        document: dict[str, Any] = {}
        try:
            document = json.loads(text)
            href = report_href(folder.name, str(document.get("id") or ""))
            if href is None:
                raise SlantError(f"its id {document.get('id')!r} is not fit for a file name")
            page = render_html(Analysis.from_dict(document))
        except (SlantError, ValueError, KeyError, TypeError) as exc:
            failed += 1
            log.warning("no report for article %s: %s", document.get("id", "?"), exc)
            continue
        write_text_atomic(target.parent / href, page)
        written.add(document["id"])
    write_text_atomic(target, render_corpus_report(store, reports_folder=folder.name, embed=embed, linked=written))
    return WrittenReport(target, folder, len(written), failed)
