"""Render examples/port-city-unrest.txt to docs/report.html and screenshot it to docs/report.png.

    python docs/make_screenshot.py               # findings from slant's trained models
    python docs/make_screenshot.py --hand-built  # findings placed by hand (no models needed)

The hand-built variant exists so the report's look can be checked before the models are
trained; its page says so in its notes. Screenshots come from headless Chromium
(``apt-get install -y chromium``).
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import slant
from slant.components.summary import summarize
from slant.doc.article import Span
from slant.doc.document import validate_document
from slant.output.html import render_html

log = logging.getLogger("make_screenshot")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "port-city-unrest.txt"
DOCS = ROOT / "docs"

# (phrase, technique, confidence) for the hand-built variant; each phrase is found in the text.
HAND_BUILT_FINDINGS = [
    ("radicals", "Name_Calling-Labeling", 0.86),
    ("storm the port", "Loaded_Language", 0.64),
    ("an orgy of violence", "Loaded_Language", 0.88),
    ("orgy of violence", "Exaggeration-Minimisation", 0.52),
    ("Gangs of hooligans and looters", "Name_Calling-Labeling", 0.91),
    ('so-called "peaceful activists"', "Doubt", 0.79),
    ("According to sources", "Appeal_to_Authority", 0.71),
    ("Information comes in", "Obfuscation-Vagueness-Confusion", 0.74),
    ("Everyone in the city already knows who is behind this", "Appeal_to_Popularity", 0.82),
    ("who is behind this", "Obfuscation-Vagueness-Confusion", 0.55),
    ("the same scenario played out in the Maidan days of 2014", "Guilt_by_Association", 0.77),
    ("Either the authorities restore order now, or the country will slide into the abyss",
     "False_Dilemma-No_Choice", 0.9),
    ("slide into the abyss", "Appeal_to_Fear-Prejudice", 0.68),
    ("a handful of provocateurs", "Name_Calling-Labeling", 0.61),
    ("Experts believe", "Appeal_to_Authority", 0.66),
    ("the unrest could spread to other cities", "Appeal_to_Fear-Prejudice", 0.58),
]
HAND_BUILT_LABELS = {
    "genre": {"label": "opinion", "score": 0.64, "scores": {"opinion": 0.64, "reporting": 0.33, "satire": 0.03},
              "model": "hand-built"},
    "frames": {"labels": [{"label": "Security_and_defense", "score": 0.81},
                          {"label": "Crime_and_punishment", "score": 0.74},
                          {"label": "Political", "score": 0.52}],
               "scores": {}, "model": "hand-built"},
}


def hand_built_analysis():
    """The example read by slant, with the findings above put on it by hand."""
    article = slant.read_file(EXAMPLE.relative_to(ROOT))
    spans = []
    for phrase, technique, score in HAND_BUILT_FINDINGS:
        start = article.text.find(phrase)
        if start < 0:
            raise SystemExit(f"hand-built finding {phrase!r} is not in the example text any more; update the list")
        spans.append(Span(start, start + len(phrase), technique, score, {"model": "hand-built"}))
    article.set_layer("techniques", spans)
    by_paragraph: dict[tuple[int, str], float] = {}
    for span in spans:
        index = article.paragraph_of(span.start)
        by_paragraph[(index, span.label)] = max(by_paragraph.get((index, span.label), 0.0), span.score)
    article.set_layer(
        "paragraph_techniques",
        [Span(article.paragraphs[i].start, article.paragraphs[i].end, label, score, {"model": "hand-built"})
         for (i, label), score in by_paragraph.items()],
    )
    article.labels.update(HAND_BUILT_LABELS)
    notes = ["Demonstration: these findings, genre and frames were placed by hand (docs/make_screenshot.py), "
             "not produced by slant's models."]
    return slant.Analysis(article, summarize(article), notes,
                          {"slant_version": slant.__version__, "models": {"hand-built": "demo"}})


def screenshot(page: Path, png: Path, width: int, height: int) -> None:
    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("Chromium is not installed: apt-get install -y chromium")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", f"--user-data-dir={profile}",
             f"--screenshot={png}", f"--window-size={width},{height}", page.as_uri()],
            check=True, capture_output=True, timeout=120,
        )
    log.info("wrote %s", png)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hand-built", action="store_true", help="place findings by hand instead of running models")
    parser.add_argument("--phone", action="store_true", help="also write docs/report-phone.png (390 px wide)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    os.chdir(ROOT)  # the report names its source relative to the repository, not this machine
    analysis = hand_built_analysis() if args.hand_built else slant.analyze(EXAMPLE.relative_to(ROOT))
    validate_document(analysis.to_dict())
    page = DOCS / "report.html"
    page.write_text(render_html(analysis), encoding="utf-8")
    log.info("wrote %s (%s)", page, "hand-built findings" if args.hand_built else "model findings")
    screenshot(page, DOCS / "report.png", 1200, 1600)
    if args.phone:
        screenshot(page, DOCS / "report-phone.png", 390, 2400)
    return 0


if __name__ == "__main__":
    sys.exit(main())
