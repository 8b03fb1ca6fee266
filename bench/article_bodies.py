r"""Bench: word-level body extraction against article bodies labelled line by line (bench/bodies/).

The set labels, line by line, the article body of English and German news and blog pages from
``../shared/data/trafilatura-eval`` (one page a site; see bench/bodies/README.md). A page is
rendered to its visible lines as ``bench/plaintext.py`` renders it; the gold body is the labelled
lines. Only line numbers are stored, with a SHA-256 of the rendered lines, so a change in the
renderer is caught instead of scoring against the wrong lines.

Systems, all scored against the same gold body (the headline is not part of it):

* ``slant html``         ``slant.ingest.html.extract`` of the page (its paragraphs);
* ``slant extract --text`` what ``slant extract --text`` writes: ``Article.body`` of the page read
  by ``slant.ingest.reader.read`` (normalised text, headline left out);
* ``slant "text" field`` the document form's ``text`` of the same read, which starts with the
  headline (analysed with the body), so a harness that scores it counts the headline as extra;
* ``trafilatura``        ``trafilatura.extract`` of the page, default settings;
* ``traf. precision``    the same with ``favor_precision=True``;
* ``slant plain-text``   ``slant.ingest.scrape_cleaner.clean_text`` of the rendered lines (its
  paragraphs): the full-page dump case;
* ``plain-text, wrapped`` the same of the dump a text browser writes: each rendered line wrapped
  at 78 characters, blank lines between them;
* ``text-node dump``     the same of the page written one text node a line (``render_text_nodes``
  in ``bench/plaintext.py``, as BeautifulSoup's ``get_text("\\n")`` writes it): sentences break at
  every link and emphasis;
* ``Markdown dump``      the same of the page converted to Markdown by ``markdownify`` (as scrapers
  and reader services hand pages over: menus as lists of links, ``#`` or underlined headings);
  Markdown converters also write out text the page hides, which the gold body leaves out;
* ``lynx -dump``, ``lynx -dump, links``, ``w3m -dump``  the same of the page as the text browsers
  write it (``lynx -dump -nolist -width=80``, lynx's default with numbered links and their list of
  URLs, ``w3m -dump -cols 80``): wrapped and indented, list bullets by depth, form controls and
  image placeholders shown. Text browsers apply no style sheets, so they also show text the page
  hides, which the gold body (the rendered lines) leaves out. Run only where ``lynx`` and ``w3m``
  are installed (``apt-get install lynx w3m``); without them these rows are left out, saying so;
* ``keep-all lines``     every rendered line (the floor for dumps).

Two measures, for all pages, per language, and per batch (batch 3 was labelled after the changes
it checks, from the page text alone; batches 1 and 2 before them):

* words: precision, recall and F1 of the bag of lower-cased words of a system's body against the
  gold body's, per page, then averaged over the pages (macro);
* shingles: as the Zyte (Scrapinghub) article-extraction benchmark counts them: runs of four
  ``\w+`` tokens, case kept, matched as bags; each page's true positives, false positives and
  false negatives are divided by their sum, precision and recall are averaged over the pages, and
  F1 is the harmonic mean of the two averages. Word order and case count here, and a page's
  headline kept in the body costs precision.

    python bench/article_bodies.py            # about 10 s
    python bench/article_bodies.py --pages    # with per-page F1
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections import Counter
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from plaintext import _XML_DECLARATION, EVAL_DIR, render_text_nodes, render_visible_lines  # noqa: E402

LABELS = BENCH / "bodies" / "pages.jsonl"
_WORD = re.compile(r"\w+")
# Characters a reader does not see (those slant.ingest.normalize drops); left in, a soft hyphen
# splits "réac\u00adtion" into two words, so a body whose extractor dropped them (as slant does)
# would miss every such word.
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def words(text: str) -> list[str]:
    return _WORD.findall(_INVISIBLE.sub("", text))


def lines_digest(lines: list[str]) -> str:
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def shingle_counts(found: str, gold: str, size: int = 4) -> tuple[float, float, float]:
    """A page's shingle true positives, false positives and false negatives, summing to 1."""
    def shingles(text: str) -> Counter:
        tokens = words(text)
        return Counter(tuple(tokens[i:i + size]) for i in range(max(1, len(tokens) - size + 1)) if tokens[i:i + size])

    found_shingles, gold_shingles = shingles(found), shingles(gold)
    true_positives = sum((found_shingles & gold_shingles).values())
    false_positives = sum((found_shingles - gold_shingles).values())
    false_negatives = sum((gold_shingles - found_shingles).values())
    total = true_positives + false_positives + false_negatives
    if not total:
        return 0.0, 0.0, 0.0
    return true_positives / total, false_positives / total, false_negatives / total


def shingle_summary(counts: list[tuple[float, float, float]]) -> dict[str, float]:
    """Precision and recall averaged over pages, F1 of the averages (the Zyte benchmark's order)."""
    def ratio(hits: float, misses: float, other: float) -> float:
        if misses == other == 0:
            return 1.0
        return hits / (hits + misses) if hits + misses else 0.0

    precisions = [ratio(tp, fp, fn) for tp, fp, fn in counts if tp + fp > 0]
    recalls = [ratio(tp, fn, fp) for tp, fp, fn in counts if tp + fn > 0]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def _batch_group(row: dict) -> str:
    """Batches 1 and 2 were labelled together; batches 3 and 4 later, each scored on its own."""
    return f"batch {row['batch']}" if row.get("batch") else "batches 1-2"


def word_prf(found: str, gold: str) -> tuple[float, float, float]:
    found_words = Counter(word.lower() for word in words(found))
    gold_words = Counter(word.lower() for word in words(gold))
    overlap = sum((found_words & gold_words).values())
    precision = overlap / sum(found_words.values()) if found_words else 0.0
    recall = overlap / sum(gold_words.values()) if gold_words else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def wrapped_dump(lines: list[str], width: int = 78) -> str:
    """The dump as a text browser writes it: each block wrapped at ``width``, blank lines between."""
    return "\n\n".join(textwrap.fill(line, width) for line in lines)


def decoded_page(data: bytes) -> str:
    """The page decoded as trafilatura decodes it, without an XML declaration (which lxml refuses
    in a decoded string)."""
    from trafilatura.utils import decode_file

    return _XML_DECLARATION.sub("", decode_file(data), count=1)


def markdown_dump(data: bytes) -> str:
    """The page as a Markdown converter writes it (headings underlined, links inline)."""
    from markdownify import markdownify

    return markdownify(decoded_page(data))


# The page is handed to the text browsers decoded, as UTF-8, with its charset declaration taken out
# so that they do not decode it again.
_CHARSET_META = re.compile(r"<meta[^>]*charset[^>]*>", re.IGNORECASE)
BROWSER_COMMANDS = {
    "lynx -dump": ["lynx", "-dump", "-stdin", "-nolist", "-width=80", "-assume_charset=utf-8",
                   "-display_charset=utf-8"],
    "lynx -dump, links": ["lynx", "-dump", "-stdin", "-width=80", "-assume_charset=utf-8", "-display_charset=utf-8"],
    "w3m -dump": ["w3m", "-dump", "-T", "text/html", "-I", "utf-8", "-O", "utf-8", "-cols", "80"],
}


def browser_dump(data: bytes, command: list[str]) -> str:
    """The page as a text browser dumps it."""
    page = _CHARSET_META.sub("", decoded_page(data))
    done = subprocess.run(command, input=page.encode("utf-8"), capture_output=True, timeout=60, check=False)
    return done.stdout.decode("utf-8", "replace")


def systems() -> list[tuple[str, object]]:
    import trafilatura

    from slant.errors import SlantError
    from slant.ingest.html import extract
    from slant.ingest.reader import read
    from slant.ingest.scrape_cleaner import clean_text

    def slant_html(data: bytes, url: str, lines: list[str]) -> str:
        try:
            return "\n".join(extract(data, url).paragraphs)
        except SlantError:
            return ""

    def slant_article(field: str):
        def run(data: bytes, url: str, lines: list[str]) -> str:
            with tempfile.TemporaryDirectory() as folder:
                page = Path(folder) / "page.html"
                page.write_bytes(data)
                try:
                    return getattr(read(page, url=url), field)
                except SlantError:
                    return ""
        return run

    def traf(**options):
        return lambda data, url, lines: trafilatura.extract(data, url=url, include_comments=False, **options) or ""

    def through_browser(command: list[str]):
        return lambda data, url, lines: "\n".join(clean_text(browser_dump(data, command)).paragraphs)

    browsers = []
    for name, command in BROWSER_COMMANDS.items():
        if shutil.which(command[0]):
            browsers.append((name, through_browser(command)))
        else:
            print(f"bench/article_bodies.py: {command[0]} is not installed; the {name!r} row is left out "
                  "(apt-get install lynx w3m)", file=sys.stderr)
    return [
        ("slant html", slant_html),
        ("slant extract --text", slant_article("body")),
        ("slant \"text\" field", slant_article("text")),
        ("trafilatura", traf()),
        ("traf. precision", traf(favor_precision=True)),
        ("slant plain-text", lambda data, url, lines: "\n".join(clean_text("\n".join(lines)).paragraphs)),
        ("plain-text, wrapped", lambda data, url, lines: "\n".join(clean_text(wrapped_dump(lines)).paragraphs)),
        ("text-node dump", lambda data, url, lines: "\n".join(clean_text("\n".join(render_text_nodes(data))).paragraphs)),
        ("Markdown dump", lambda data, url, lines: "\n".join(clean_text(markdown_dump(data)).paragraphs)),
        *browsers,
        ("keep-all lines", lambda data, url, lines: "\n".join(lines)),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=EVAL_DIR, help="the trafilatura-eval folder")
    parser.add_argument("--pages", action="store_true", help="print each page's F1 per system")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    if not (args.data / "html").is_dir():
        print(f"bench/article_bodies.py: no pages at {args.data}/html; mount ../shared to run this bench",
              file=sys.stderr)
        return 2
    rows = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [row for row in rows if not row.get("skip")]
    named = systems()
    scores: dict[str, dict[str, list[tuple[float, float, float]]]] = {}
    shingles: dict[str, dict[str, list[tuple[float, float, float]]]] = {}
    per_page = []
    for row in rows:
        data = (args.data / "html" / row["file"]).read_bytes()
        lines = render_visible_lines(data)
        if lines_digest(lines) != row["lines_sha256"]:
            print(f"bench/article_bodies.py: {row['file']} renders to other lines than were labelled; "
                  "the renderer in bench/plaintext.py changed, so relabel or restore it", file=sys.stderr)
            return 3
        gold = "\n".join(lines[index] for index in row["body"])
        page_scores = {}
        for name, run in named:
            body = run(data, row.get("url"), lines)
            score = word_prf(body, gold)
            counts = shingle_counts(body, gold)
            for group in ("all", row["language"], _batch_group(row)):
                scores.setdefault(group, {}).setdefault(name, []).append(score)
                shingles.setdefault(group, {}).setdefault(name, []).append(counts)
            page_scores[name] = round(score[2], 3)
        per_page.append((row["file"], page_scores))
    summary = {group: {name: {"pages": len(values),
                              "precision": sum(s[0] for s in values) / len(values),
                              "recall": sum(s[1] for s in values) / len(values),
                              "f1": sum(s[2] for s in values) / len(values),
                              "shingles": shingle_summary(shingles[group][name])}
                       for name, values in by_system.items()}
               for group, by_system in scores.items()}
    if args.json:
        print(json.dumps({"pages": len(rows), "systems": summary["all"],
                          "by_language": {k: v for k, v in summary.items() if k != "all"}}, indent=2))
        return 0
    print(f"pages: {len(rows)} (macro average over pages; words: bags of lower-cased words; "
          "shingles: four-token runs, as the Zyte benchmark counts them)")
    print(f"{'':<28} {'------ words ------':>25} {'----- shingles -----':>25}")
    print(f"{'system':<22} {'pages':>5} {'precision':>9} {'recall':>7} {'F1':>7} {'precision':>9} {'recall':>7} {'F1':>7}")
    for group, by_system in summary.items():
        print(f"[{group}]")
        for name, row in by_system.items():
            shingle = row["shingles"]
            print(f"{name:<22} {row['pages']:>5} {row['precision']:>9.3f} {row['recall']:>7.3f} {row['f1']:>7.3f} "
                  f"{shingle['precision']:>9.3f} {shingle['recall']:>7.3f} {shingle['f1']:>7.3f}")
    if args.pages:
        for file, page_scores in per_page:
            print(f"  {file[:48]:<48} " + " ".join(f"{value:.2f}" for value in page_scores.values()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
