"""Main-text extraction benchmark: slant.ingest.html against plain trafilatura, same pages, same run.

Data: ``../shared/data/trafilatura-eval`` (``html/`` pages and ``evaldata.json``, which for
each page lists snippets the extracted body must contain, ``with``, and must not contain,
``without``). Scores follow trafilatura's own evaluation: a found ``with`` snippet is a true
positive, a missing one a false negative, a found ``without`` snippet a false positive.

    python bench/extraction.py [--limit N] [--json OUT] [--data DIR]

Systems run interleaved, page by page, and are timed in CPU seconds of this process, so
that other load on the machine does not skew the comparison. Prints, per system, snippet recall (``with`` found), rejection (``without`` absent),
precision, F1, and pages/s, then slant's throughput as a share of trafilatura's.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "trafilatura-eval"


def load_cases(data_dir: Path, limit: int | None) -> list[dict]:
    evaldata = json.loads((data_dir / "evaldata.json").read_text(encoding="utf-8"))
    cases = []
    for url, item in sorted(evaldata.items(), key=lambda kv: kv[1]["file"]):
        path = data_dir / "html" / item["file"]
        if not path.is_file():
            continue
        cases.append({"url": url, "bytes": path.read_bytes(), "with": item.get("with", []),
                      "without": item.get("without", []), "file": item["file"]})
        if limit and len(cases) >= limit:
            break
    return cases


def slant_extractor() -> Callable[[bytes, str], str]:
    from slant.errors import SlantError
    from slant.ingest.html import extract

    def run(data: bytes, url: str) -> str:
        try:
            page = extract(data, url)
        except SlantError:
            return ""
        return "\n".join(page.paragraphs)

    return run


def trafilatura_extractor(**options) -> Callable[[bytes, str], str]:
    import trafilatura

    def run(data: bytes, url: str) -> str:
        return trafilatura.extract(data, url=url, include_comments=False, **options) or ""

    return run


def score(outputs: list[str], cases: list[dict]) -> dict:
    tp = fn = fp = tn = 0
    for text, case in zip(outputs, cases, strict=True):
        for snippet in case["with"]:
            if snippet in text:
                tp += 1
            else:
                fn += 1
        for snippet in case["without"]:
            if snippet in text:
                fp += 1
            else:
                tn += 1
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"with_recall": recall, "without_rejection": tn / (tn + fp) if tn + fp else 0.0,
            "precision": precision, "f1": f1, "tp": tp, "fn": fn, "fp": fp, "tn": tn}


def run_systems(systems: list[tuple[str, Callable[[bytes, str], str]]], cases: list[dict]) -> tuple[list[dict], list[list[str]]]:
    """Run every system on every page, interleaved page by page so that load from other
    processes on the machine falls on all systems alike; time each system separately, in CPU
    seconds of this process (wall-clock time on a shared machine measures the neighbours)."""
    outputs: list[list[str]] = [[] for _ in systems]
    seconds = [0.0 for _ in systems]
    for case in cases:
        for index, (_, extractor) in enumerate(systems):
            start = time.process_time()
            outputs[index].append(extractor(case["bytes"], case["url"]))
            seconds[index] += time.process_time() - start
    results = []
    for (name, _), texts, spent in zip(systems, outputs, seconds, strict=True):
        result = score(texts, cases)
        result.update({"system": name, "pages": len(cases), "cpu_seconds": spent, "pages_per_s": len(cases) / spent})
        results.append(result)
    return results, outputs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="trafilatura-eval folder")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages (sorted by file name)")
    parser.add_argument("--json", type=Path, default=None, help="write the figures as JSON here")
    parser.add_argument("--misses", type=Path, default=None, help="write slant's per-page misses here (JSONL)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    if not (args.data / "evaldata.json").is_file():
        print(f"no evaldata.json under {args.data}; pass --data", file=sys.stderr)
        return 2
    cases = load_cases(args.data, args.limit)
    systems = [
        ("trafilatura default", trafilatura_extractor()),
        ("trafilatura precision", trafilatura_extractor(favor_precision=True)),
        ("slant", slant_extractor()),
    ]
    # Warm up every system on a few pages so imports and caches do not count as throughput.
    for _, extractor in systems:
        for case in cases[:3]:
            extractor(case["bytes"], case["url"])
    results, outputs = run_systems(systems, cases)
    slant_outputs = outputs[-1]
    baseline = results[0]["pages_per_s"]
    for result in results:
        result["throughput_vs_trafilatura_default"] = result["pages_per_s"] / baseline

    header = f"{'system':<24}{'with-recall':>12}{'rejection':>11}{'precision':>11}{'F1':>8}{'pages/cpu-s':>12}{'ratio':>7}"
    print(f"{len(cases)} pages from {args.data}")
    print(header)
    print("-" * len(header))
    for r in results:
        print(f"{r['system']:<24}{r['with_recall']:>12.4f}{r['without_rejection']:>11.4f}{r['precision']:>11.4f}"
              f"{r['f1']:>8.4f}{r['pages_per_s']:>12.2f}{r['throughput_vs_trafilatura_default']:>7.2f}")
    if args.json:
        args.json.write_text(json.dumps({"pages": len(cases), "results": results}, indent=2) + "\n")
    if args.misses:
        with args.misses.open("w", encoding="utf-8") as out:
            for text, case in zip(slant_outputs, cases, strict=True):
                missing = [s for s in case["with"] if s not in text]
                leaked = [s for s in case["without"] if s in text]
                if missing or leaked:
                    out.write(json.dumps({"file": case["file"], "missing": missing, "leaked": leaked,
                                          "chars": len(text)}, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
