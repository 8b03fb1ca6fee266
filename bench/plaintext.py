"""Bench: body extraction from full-page plain-text dumps (every visible line of a web page).

Builds a development set from the trafilatura evaluation pages in ``../shared``: each HTML
page is rendered to its visible text, one block per line, with lxml. Then three systems pick
the body out of those lines:

* ``keep-all``     every line (the floor);
* ``trafilatura``  trafilatura run over the lines wrapped as ``<p>`` elements of a page;
* ``clean_text``   slant's :func:`slant.ingest.scrape_cleaner.clean_text`.

Scores:

* snippet scores from ``evaldata.json``: ``with`` snippets the body must contain (recall),
  ``without`` snippets it must not (rejection), and F1 over both as trafilatura's own
  evaluation counts them (a found ``with`` is a true positive, a found ``without`` a false one);
* a shingle proxy: word 4-gram shingle precision/recall/F1 against a silver body, trafilatura's
  ``favor_precision`` extraction of the original HTML (macro average over pages);
* with ``--titles``, the headline ``clean_text`` picks against the page's own titles (its
  ``og:title`` and ``twitter:title``, its ``<title>`` whole and cut at " | ", " - ", " – ", " — ",
  " : ", " :: " and " » ", and its ``<h1>`` texts), on the pages where one of those is a rendered line: the
  share where the pick is one of them (same words, or one holding the other at 70 % of its
  length or more, or a difflib ratio over 0.88), where it is another line, and where there is
  none. A page title can be the site's name, so "another line" is an upper bound on wrong picks.

Run (about two minutes on two cores for 200 pages)::

    python bench/plaintext.py --limit 200
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.utils import decode_file

from slant.ingest.scrape_cleaner import clean_text

SHARED = Path(__file__).resolve().parents[2] / "shared"
EVAL_DIR = SHARED / "data" / "trafilatura-eval"

# Elements whose content a browser never shows as text.
_INVISIBLE_TAGS = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object", "canvas", "select"}
# Elements after which a browser starts a new line.
_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details", "dialog", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hgroup", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "ul", "option", "button", "label", "legend", "menu", "center",
}
_SPACE = re.compile(r"\s+")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def render_visible_lines(html: str | bytes) -> list[str]:
    """The visible text of a page, one block element per line, whitespace collapsed."""
    return _visible_text(html, every_node=False)


def render_text_nodes(html: str | bytes) -> list[str]:
    """The visible text of a page one text node a line, as a scraper that writes a page node by
    node writes it (BeautifulSoup's ``get_text("\\n")``, stripped, without blank lines): a sentence
    breaks at every link and emphasis."""
    return _visible_text(html, every_node=True)


def _visible_text(html: str | bytes, *, every_node: bool) -> list[str]:
    """The page's visible text, a line break around every block element (``every_node``: around
    every element, so each text node is a line of its own)."""
    if isinstance(html, bytes):
        # Decode as trafilatura does (declared charset, then detection), so the rendered lines
        # and the silver body read the same characters; lxml alone falls back to Latin-1.
        html = decode_file(html)
    html = _XML_DECLARATION.sub("", html, count=1)
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    parts: list[str] = []
    # one line a text node, whatever line breaks the page's source has inside it
    node_text = (lambda text: _SPACE.sub(" ", text)) if every_node else (lambda text: text)

    def walk(element: etree._Element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        tag = tag.lower()
        hidden = (
            tag in _INVISIBLE_TAGS
            or not isinstance(element.tag, str)  # comments, processing instructions
            or element.get("hidden") is not None
            or element.get("aria-hidden") == "true"
            or "display:none" in (element.get("style") or "").replace(" ", "")
        )
        if not hidden:
            breaks = every_node or tag in _BLOCK_TAGS
            if breaks:
                parts.append("\n")
            if element.text:
                parts.append(node_text(element.text))
            for child in element:
                walk(child)
            if breaks:
                parts.append("\n")
        if element.tail:
            if every_node:
                parts.append("\n")  # the text after a hidden element is a node of its own too
            parts.append(node_text(element.tail))

    walk(root)
    lines = (_SPACE.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return [line for line in lines if line]


def trafilatura_over_lines(lines: list[str]) -> str:
    from html import escape

    page = "<html><body>" + "".join(f"<p>{escape(line)}</p>" for line in lines) + "</body></html>"
    return trafilatura.extract(page, include_comments=False, include_tables=True) or ""


def shingles(text: str, size: int = 4) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    if len(words) < size:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


_TITLE_CUTS = re.compile(r"\s+[|–—:-]\s+|\s+::\s+|\s+»\s+")


def page_titles(html: bytes) -> list[str]:
    """What the page itself calls its title: og:title, twitter:title, <title> (whole and cut at
    its separators) and the <h1> texts."""
    try:
        tree = lxml.html.fromstring(decode_file(html))
    except (etree.ParserError, ValueError):
        return []
    found = list(tree.xpath('//meta[@property="og:title"]/@content | //meta[@name="twitter:title"]/@content'))
    for title in tree.xpath("//title/text()"):
        found += [title, *_TITLE_CUTS.split(title)]
    found += [heading.text_content() for heading in tree.xpath("//h1")]
    return [_SPACE.sub(" ", text).strip() for text in found if text and len(text.strip()) > 5]


def _title_key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def same_title(a: str, b: str) -> bool:
    from difflib import SequenceMatcher

    a, b = _title_key(a), _title_key(b)
    if len(a) < 6 or len(b) < 6:
        return False
    if a == b or (min(len(a), len(b)) > 0.7 * max(len(a), len(b)) and (a in b or b in a)):
        return True
    return SequenceMatcher(None, a, b).ratio() > 0.88


def prf(found: set, gold: set) -> tuple[float, float, float]:
    if not found and not gold:
        return 1.0, 1.0, 1.0
    overlap = len(found & gold)
    precision = overlap / len(found) if found else 0.0
    recall = overlap / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score_title(picked: str | None, lines: list[str], titles: list[str]) -> str:
    """found / other / none for a picked headline; "unscored" when no page title is a line."""
    if not any(same_title(line, title) for line in lines[:500] for title in titles):
        return "unscored"
    if picked is None:
        return "none"
    return "found" if any(same_title(picked, title) for title in titles) else "other"


@dataclass
class Tally:
    true_pos: int = 0
    false_neg: int = 0
    false_pos: int = 0
    true_neg: int = 0
    shingle: list[tuple[float, float, float]] = field(default_factory=list)
    seconds: float = 0.0

    def add_snippets(self, body: str, with_snippets: list[str], without_snippets: list[str]) -> None:
        flat = _SPACE.sub(" ", body)
        for snippet in with_snippets:
            if _SPACE.sub(" ", snippet).strip() in flat:
                self.true_pos += 1
            else:
                self.false_neg += 1
        for snippet in without_snippets:
            if _SPACE.sub(" ", snippet).strip() in flat:
                self.false_pos += 1
            else:
                self.true_neg += 1

    def row(self) -> dict[str, float]:
        recall = self.true_pos / max(1, self.true_pos + self.false_neg)
        rejection = self.true_neg / max(1, self.true_neg + self.false_pos)
        precision = self.true_pos / max(1, self.true_pos + self.false_pos)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        n = max(1, len(self.shingle))
        return {
            "with_recall": recall,
            "without_rejection": rejection,
            "snippet_precision": precision,
            "snippet_f1": f1,
            "shingle_p": sum(s[0] for s in self.shingle) / n,
            "shingle_r": sum(s[1] for s in self.shingle) / n,
            "shingle_f1": sum(s[2] for s in self.shingle) / n,
            "seconds": self.seconds,
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=200, help="pages to use (a fixed random sample; 0 = all)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--offset", type=int, default=0, help="skip this many pages of the sample (held-out slices)")
    parser.add_argument("--systems", default="keep-all,trafilatura,clean_text")
    parser.add_argument("--no-silver", action="store_true", help="skip the shingle proxy (faster)")
    parser.add_argument("--dump", type=Path, help="write per-page outputs of clean_text here (for inspection)")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument("--cache", type=Path, help="keep rendered lines and silver bodies here between runs")
    parser.add_argument("--worst", type=int, default=0, help="list the N pages where clean_text scores lowest")
    parser.add_argument("--titles", action="store_true",
                        help="also score clean_text's headline against the page's own titles")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    if args.titles and "clean_text" not in args.systems.split(","):
        parser.error("--titles scores clean_text's headline: keep clean_text in --systems")

    evaldata_path = EVAL_DIR / "evaldata.json"
    if not evaldata_path.exists():
        print(f"bench/plaintext.py: {evaldata_path} is absent; mount ../shared to run this bench", file=sys.stderr)
        return 2
    evaldata = json.loads(evaldata_path.read_text(encoding="utf-8"))
    items = sorted(evaldata.items())
    random.Random(args.seed).shuffle(items)
    if args.limit:
        items = items[args.offset : args.offset + args.limit]
    systems = [s for s in args.systems.split(",") if s]
    tallies = {name: Tally() for name in systems}
    titles: Counter[str] = Counter()
    pages = 0
    per_page: list[tuple[float, float, float, str]] = []
    if args.dump:
        args.dump.mkdir(parents=True, exist_ok=True)

    for url, entry in items:
        path = EVAL_DIR / "html" / entry["file"]
        if not path.exists():
            continue
        cached = args.cache / (entry["file"] + ".json") if args.cache else None
        if cached and cached.exists():
            record = json.loads(cached.read_text(encoding="utf-8"))
        else:
            html = path.read_bytes()
            record = {"lines": render_visible_lines(html), "silver": None}
            if not args.no_silver:
                record["silver"] = trafilatura.extract(html, favor_precision=True, include_comments=False) or ""
            if cached:
                args.cache.mkdir(parents=True, exist_ok=True)
                cached.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        lines = record["lines"]
        if not lines:
            continue
        pages += 1
        silver = set()
        if not args.no_silver and record["silver"] is not None:
            silver = shingles(record["silver"])
        for name in systems:
            started = time.perf_counter()
            if name == "keep-all":
                body = "\n".join(lines)
            elif name == "trafilatura":
                body = trafilatura_over_lines(lines)
            elif name == "clean_text":
                cleaned = clean_text("\n".join(lines))
                body = cleaned.text
                if args.dump:
                    out = [f"# {url}", "## KEPT", body, "## REMOVED"]
                    out += [f"{r.line}\t{r.reason}\t{r.text}" for r in cleaned.removed]
                    (args.dump / (entry["file"] + ".txt")).write_text("\n".join(out), encoding="utf-8")
            else:
                parser.error(f"unknown system {name!r}; choose from keep-all, trafilatura, clean_text")
            tallies[name].seconds += time.perf_counter() - started
            if name == "clean_text" and args.titles:
                titles[score_title(cleaned.title, lines, page_titles(path.read_bytes()))] += 1
            tallies[name].add_snippets(body, entry.get("with") or [], entry.get("without") or [])
            if silver:
                scores = prf(shingles(body), silver)
                tallies[name].shingle.append(scores)
                if name == "clean_text":
                    per_page.append((scores[2], scores[0], scores[1], entry["file"]))

    summary = {name: tally.row() for name, tally in tallies.items()}
    title_pages = sum(titles[key] for key in ("found", "other", "none"))
    title_summary = {key: titles[key] / title_pages for key in ("found", "other", "none")} if title_pages else {}
    if args.json:
        report = {"pages": pages, "systems": summary}
        if args.titles:
            report["titles"] = {"pages": title_pages, **title_summary}
        print(json.dumps(report, indent=2))
        return 0
    print(f"pages: {pages} (seed {args.seed}, offset {args.offset}, limit {args.limit})")
    header = f"{'system':<12} {'with-rec':>8} {'w/o-rej':>8} {'snip-P':>7} {'snip-F1':>7} {'sh-P':>6} {'sh-R':>6} {'sh-F1':>6} {'sec':>6}"
    print(header)
    for name, row in summary.items():
        print(
            f"{name:<12} {row['with_recall']:>8.3f} {row['without_rejection']:>8.3f} {row['snippet_precision']:>7.3f} "
            f"{row['snippet_f1']:>7.3f} {row['shingle_p']:>6.3f} {row['shingle_r']:>6.3f} {row['shingle_f1']:>6.3f} "
            f"{row['seconds']:>6.1f}"
        )
    if args.titles and title_pages:
        print(f"clean_text headline, {title_pages} pages with a page title among their lines: "
              + ", ".join(f"{key} {share:.3f}" for key, share in title_summary.items()))
    for f1, precision, recall, file in sorted(per_page)[: args.worst]:
        print(f"  worst: sh-F1 {f1:.2f} P {precision:.2f} R {recall:.2f}  {file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
