r"""Bench: plain-text dumps of pages nobody labelled, scored against what two HTML extractors agree on.

The labelled pages of ``bench/bodies/`` were read while the plain-text cleaner was written, so
its figures there flatter it. This bench takes the pages of ``../shared/data/trafilatura-eval/``
that ``bench/bodies/pages.jsonl`` does not list (labelled or skipped), from hundreds of other
sites, and builds a reference body for each from its HTML: ``slant.ingest.html.extract``'s body,
kept only where trafilatura's ``favor_precision`` body agrees with it (word F1 at least
``--agree``, 0.9 by default). Two extractors built differently seldom keep the same furniture,
so where they agree the body is likely the article's. A page is left out where they disagree
(most such pages are shops, forums, wikis or home pages with no single article), where slant
finds no body, or where the page renders no visible line.

Each kept page is rendered to its visible lines (``bench/plaintext.py``'s renderer, one block a
line, the same dumps as the labelled bench's full-page dumps) and to one text node a line (its
text-node dumps), and the body that ``slant.ingest.scrape_cleaner.clean_text`` finds in each is
scored against the reference with the word measure of ``bench/article_bodies.py``; figures are
macro averages over pages. The
reference carries slant's own HTML extraction, so this measures how far the dump cleaner falls
short of the HTML extractor on new sites, not either one's absolute quality.

    python bench/dump_agreement.py             # all unlabelled pages (about two minutes)
    python bench/dump_agreement.py --pages 20  # also list the 20 pages that score lowest
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from article_bodies import LABELS, word_prf  # noqa: E402
from plaintext import EVAL_DIR, render_text_nodes, render_visible_lines  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=EVAL_DIR, help="the trafilatura-eval folder")
    parser.add_argument("--agree", type=float, default=0.9,
                        help="the word F1 between the two HTML bodies a page needs to be kept")
    parser.add_argument("--pages", type=int, default=0, help="list this many of the lowest-scoring pages")
    parser.add_argument("--limit", type=int, default=0, help="read only the first N unlabelled pages (0: all)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    if not (args.data / "evaldata.json").is_file():
        print(f"bench/dump_agreement.py: no evaldata.json at {args.data}; mount ../shared to run this bench",
              file=sys.stderr)
        return 2
    import trafilatura

    from slant.errors import SlantError
    from slant.ingest.html import extract
    from slant.ingest.scrape_cleaner import clean_text

    labelled = {json.loads(line)["file"] for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()}
    entries = json.loads((args.data / "evaldata.json").read_text(encoding="utf-8"))
    seen = skipped = 0
    scores: dict[str, list[tuple[float, float, float]]] = {"full-page dump": [], "text-node dump": []}
    per_page: list[tuple[float, str]] = []
    for url, entry in entries.items():
        page = args.data / "html" / entry["file"]
        if entry["file"] in labelled or not page.is_file():
            continue
        if args.limit and seen == args.limit:
            break
        seen += 1
        data = page.read_bytes()
        page_url = url if "://" in url else None
        try:
            reference = "\n".join(extract(data, page_url).paragraphs)
        except SlantError:
            reference = ""
        other = trafilatura.extract(data, url=page_url, include_comments=False, favor_precision=True) or ""
        lines = render_visible_lines(data)
        if not reference or not lines or word_prf(reference, other)[2] < args.agree:
            skipped += 1
            continue
        full = word_prf("\n".join(clean_text("\n".join(lines)).paragraphs), reference)
        nodes = word_prf("\n".join(clean_text("\n".join(render_text_nodes(data))).paragraphs), reference)
        scores["full-page dump"].append(full)
        scores["text-node dump"].append(nodes)
        per_page.append((full[2], entry["file"]))
    summary = {name: {"pages": len(values),
                      "precision": sum(s[0] for s in values) / len(values),
                      "recall": sum(s[1] for s in values) / len(values),
                      "f1": sum(s[2] for s in values) / len(values)}
               for name, values in scores.items() if values}
    if args.json:
        print(json.dumps({"unlabelled_pages": seen, "left_out": skipped, "systems": summary}, indent=2))
        return 0
    print(f"unlabelled pages: {seen}; kept where the two HTML bodies agree (word F1 >= {args.agree}): "
          f"{seen - skipped}; macro average over pages, word measure")
    print(f"{'dump':<16} {'pages':>5} {'precision':>9} {'recall':>7} {'F1':>7}")
    for name, row in summary.items():
        print(f"{name:<16} {row['pages']:>5} {row['precision']:>9.3f} {row['recall']:>7.3f} {row['f1']:>7.3f}")
    for f1, file in sorted(per_page)[:args.pages]:
        print(f"  {f1:.2f}  {file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
