"""How long `slant analyze` takes on inputs shaped to hit each stage's worst case.

    python bench/hostile.py                   # every case, one `slant analyze` process each
    python bench/hostile.py --only said,names  # some of them
    python bench/hostile.py --keep /tmp/hostile  # keep the generated inputs and outputs

Broken files (empty, binary, truncated, wrongly encoded) are covered by the tests; this bench is
about texts that are valid but shaped so that a stage doing work per pair of items, or walking
to the end of a sentence for every cue, would take minutes: one run-on "sentence" of reporting
cues in several languages, news text without a line break, thousands of different names, many
nested findings in the HTML report, a page whose comments a backtracking pattern would split
every way, a feed, a text whose lines are too long to be file names, a Markdown scrape with a
line of unclosed emphasis marks, a text broken onto a new line every four words, a text browser's
dump with a line of brackets and thousands of numbered links. Each case is generated
here (no data files needed), run through the command line as a user runs it, and reported with
its exit status, wall seconds and the first line it wrote to stderr. The baseline is the bundled
example repeated to 200,000 characters, a paragraph at a time.
"""

from __future__ import annotations

import argparse
import random
import string
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "port-city-unrest.txt"
SIZE = 200_000
CHAIN = 40_000


def _names(size: int) -> str:
    rng = random.Random(2)

    def name() -> str:
        return rng.choice(string.ascii_uppercase) + "".join(
            rng.choice("aeiou" if i % 2 else "bcdfghklmnprstvz") for i in range(rng.randint(3, 8)))

    paragraphs, length = [], 0
    while length < size:
        paragraph = " ".join(f"{name()} {name()} met {name()} {name()} of the {name()} Party in {name()}."
                             for _ in range(5))
        paragraphs.append(paragraph)
        length += len(paragraph) + 2
    return "\n\n".join(paragraphs)


def _markdown(text: str) -> str:
    """The text as a Markdown scrape: a link in every paragraph, menus between them, and a line
    of stray emphasis marks that no closing mark ends."""
    parts = []
    for index, part in enumerate(text.split("\n\n")):
        words = part.split(" ")
        parts.append(f"[{' '.join(words[:3])}](https://example.org/story {index}) {' '.join(words[3:])}")
        if index % 20 == 0:
            parts.append("\n".join(f"  * [Section {index} {item}](/section/{item})" for item in range(8)))
    marks = "*a *b **c " * 5_000
    return ("# The example as Markdown\n\n" + marks + "\n\n" + "\n\n".join(parts))[:SIZE]


def _text_nodes(text: str) -> str:
    """The text as a scraper writes a page node by node, at its worst: a line every four words,
    so that each paragraph is one long run of fragments to join back together."""
    def fragments(part: str) -> str:
        words = part.split()
        chunks = [words[start : start + 4] for start in range(0, len(words), 4)]
        if len(chunks) > 1 and len(chunks[-1]) == 1:  # the paragraph's number stays with its last words
            chunks[-2:] = [chunks[-2] + chunks[-1]]
        return "\n".join(" ".join(chunk) for chunk in chunks)

    return "\n\n".join(fragments(part) for part in text.split("\n\n"))[:SIZE]


def _browser_dump(text: str) -> str:
    """The text as lynx dumps a page: a line of nothing but spaces and brackets first, then
    paragraphs indented and wrapped with a menu of bullets and form controls between them, and a
    list of numbered URLs as long as the rest at the end."""
    lines = ["   " + "[ " * 25_000, ""]
    for index, part in enumerate(text.split("\n\n")):
        lines.extend(textwrap.wrap(part, 77, initial_indent="   [1]", subsequent_indent="   ") + [""])
        if index % 10 == 0:
            lines.extend(["   (BUTTON) Menu", "   ____________________ (BUTTON) Search"]
                         + [f"     * [{index}]Section {item}" for item in range(6)] + [""])
    dump = "\n".join(lines)[: SIZE // 2]
    references = [f"{number:4d}. https://example.org/section/{number}" for number in range(1, 5_000)]
    text = dump + "\n\nReferences\n"
    for reference in references:  # whole lines, as lynx ends its list
        if len(text) + len(reference) + 1 > SIZE:
            break
        text += "\n" + reference
    return text


def cases() -> list[tuple[str, str, str, list[str]]]:
    """(name, file name, content, extra arguments) of every case."""
    example = EXAMPLE.read_text(encoding="utf-8")
    # Each copy's paragraphs end with their own number, so that no paragraph repeats (a repeated
    # one is dropped as page furniture, and the encoder would not encode it twice).
    paragraphs = [part for part in example.strip().split("\n\n") if part.strip()]
    copies = SIZE // len(example) + 1
    repeated = "\n\n".join(f"{part} ({copy * len(paragraphs) + index + 1})"
                             for copy in range(copies) for index, part in enumerate(paragraphs))
    paragraph = "<p>" + "</p><p>".join(example.split("\n\n")) + "</p>"
    feed_items = "".join(f"<item><title>Story {i}</title><description>{example[:300]}</description></item>"
                         for i in range(5))
    return [
        ("baseline", "baseline.txt", repeated[:SIZE], []),
        ("one-line", "one-line.txt", " ".join(repeated.split())[:SIZE], []),
        ("said", "said.txt", "said " * (CHAIN // 5), ["--language", "en"]),
        ("said-html", "said-html.txt", "said " * (CHAIN // 5), ["--language", "en", "-f", "html"]),
        ("according-to", "according.txt", "according to sources " * (CHAIN // 21), ["--language", "en"]),
        ("soobshchaet", "ru.txt", "как сообщает источник " * (CHAIN // 22), ["--language", "ru"]),
        ("zufolge", "de.txt", "zufolge hieß es " * (CHAIN // 16), ["--language", "de"]),
        ("wedlug", "pl.txt", "według powiedział " * (CHAIN // 18), ["--language", "pl"]),
        ("names", "names.txt", _names(SIZE), ["--language", "en"]),
        ("long-lines", "long-lines.txt", ("The port strike ended on Monday after talks with the union. " * 6 + "\n\n") * 20,
         []),
        ("comments", "comments.html",
         f"<!DOCTYPE html>\n<!-- BEGIN html -->\n<html><body><article>{paragraph}{'<!-- w -->' * 300}"
         f"{paragraph}</article></body></html>", []),
        ("comments-text", "comments.txt", "<!-- saved -->\n" * 200 + example, []),
        ("markdown", "markdown.md", _markdown(repeated), []),
        ("text-nodes", "text-nodes.txt", _text_nodes(repeated), []),
        ("browser-dump", "lynx.txt", _browser_dump(repeated), []),
        ("feed", "feed.html", f'<?xml version="1.0"?>\n<rss version="2.0"><channel>{feed_items}</channel></rss>', []),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="comma-separated case names")
    parser.add_argument("--keep", type=Path, help="write inputs and outputs here (default: a temporary folder)")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds before a case counts as hung")
    args = parser.parse_args(argv)
    chosen = set(args.only.split(",")) if args.only else None
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        print(f"{'case':14} {'chars':>9} {'exit':>4} {'seconds':>8}  first stderr line")
        for name, file_name, content, extra in cases():
            if chosen and name not in chosen:
                continue
            source = folder / file_name
            source.write_text(content, encoding="utf-8")
            output = folder / (file_name + (".html" if "html" in extra else ".json"))
            command = [sys.executable, "-m", "slant.cli", "analyze", str(source), *extra, "-o", str(output)]
            if "-f" not in extra:
                command[-2:-2] = ["-f", "json"]
            started = time.perf_counter()
            try:
                done = subprocess.run(command, capture_output=True, text=True, timeout=args.timeout)
                status, stderr = str(done.returncode), done.stderr.strip().splitlines()
            except subprocess.TimeoutExpired:
                status, stderr = "hung", [f"stopped after {args.timeout:.0f} s"]
            seconds = time.perf_counter() - started
            print(f"{name:14} {len(content):9,d} {status:>4} {seconds:8.1f}  {(stderr[0] if stderr else '')[:90]}",
                  flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
