"""Speed of the model stack and of `slant analyze`, from a cold process, on 2 cores.

    python bench/speed.py                      # our dev split of English SemEval articles
    python bench/speed.py --language all       # all six languages' dev articles
    python bench/speed.py --articles DIR       # any folder of .txt/.html articles
    python bench/speed.py --scaling            # encoder alone vs whole pipeline, per core count and length

Two measurements, each in a fresh Python process (imports, model load and all included):
  models : SemEval article files (their paragraphs, sentences found as `slant analyze` finds
           them) -> techniques (paragraphs + spans), genre, frames
  analyze: `slant analyze DIR --format json -o OUT` (reading, segmentation, models, JSON files)
The ONNX encoder is built once before timing (a one-off per install, cached in ~/.cache/slant).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "semeval2023"
FOLDERS = {"en": "en", "fr": "fr", "de": "ge", "it": "it", "pl": "po", "ru": "ru"}

# Both children read articles alike: SemEval's paragraphs, sentences as `slant analyze` finds them.
READ_ARTICLE = r"""
from slant.ingest.segment import sentence_spans
def read(path):
    article = prepare_article(semeval.read_article(path), None)
    article.set_layer("sentences", sentence_spans(article.text, article.paragraphs, article.language))
    return article
"""

MODELS_CHILD = r"""
import json, sys, time
from pathlib import Path
from slant.formats import semeval
from slant.cli.semeval_predict import prepare_article
from slant.runtime.pipeline import Pipeline
paths = [Path(p) for p in json.loads(sys.argv[1])]
pipeline = Pipeline(sys.argv[2].split(",") if len(sys.argv) > 2 else ["techniques", "genre", "frames"])
{READ_ARTICLE}
articles = [read(p) for p in paths]
paragraphs = sum(len(a.paragraphs) for a in articles)
findings = 0
for first in range(0, len(articles), 16):
    for analysis in pipeline.analyse_articles(articles[first:first + 16]):
        findings += len(analysis.findings)
print(json.dumps({"articles": len(articles), "paragraphs": paragraphs, "findings": findings}))
"""

# In one process with SLANT_THREADS set: the articles' windows through the bare encoder, then the
# same articles through the whole default pipeline, then the pipeline over each third of the
# articles by length. The encoder's window cache is emptied before each timing.
SCALING_CHILD = r"""
import json, sys, time
from pathlib import Path
from slant.formats import semeval
from slant.cli.semeval_predict import prepare_article
from slant.runtime.encoder import WindowCache
from slant.runtime.pipeline import Pipeline
from slant.runtime.windows import cut_windows
paths = [Path(p) for p in json.loads(sys.argv[1])]
pipeline = Pipeline()
encoder = pipeline.encoder
{READ_ARTICLE}
def fresh():
    return [read(p) for p in paths]
def run_pipeline(articles):
    encoder.window_cache = WindowCache()
    started = time.perf_counter()
    for first in range(0, len(articles), 16):
        pipeline.analyse_articles(articles[first:first + 16])
    return time.perf_counter() - started
run_pipeline(fresh()[:2])  # loads every model
articles = fresh()
paragraphs = [len(a.paragraphs) for a in articles]
windows = [w for a in articles for w in cut_windows(a.text, [(p.start, p.end) for p in a.paragraphs])]
encoder.window_cache = WindowCache()
started = time.perf_counter()
encoder.run_windows(windows)  # the encoder's own outputs; the heads are the pipeline's work
bare = time.perf_counter() - started
whole = run_pipeline(fresh())
order = sorted(range(len(articles)), key=lambda i: len(articles[i].text))
thirds = []
for part in range(3):
    chosen = order[part * len(order) // 3:(part + 1) * len(order) // 3]
    subset = [fresh_one for i, fresh_one in enumerate(fresh()) if i in set(chosen)]
    seconds = run_pipeline(subset)
    thirds.append({"articles": len(subset), "mean_chars": round(sum(len(a.text) for a in subset) / len(subset)),
                   "paragraphs": sum(len(a.paragraphs) for a in subset), "seconds": round(seconds, 2)})
print(json.dumps({"articles": len(articles), "paragraphs": sum(paragraphs), "windows": len(windows),
                  "tokens": int(sum(len(w.ids) for w in windows)), "encoder_seconds": round(bare, 2),
                  "pipeline_seconds": round(whole, 2), "by_length": thirds}))
"""
MODELS_CHILD, SCALING_CHILD = (child.replace("{READ_ARTICLE}", READ_ARTICLE) for child in (MODELS_CHILD, SCALING_CHILD))


def scaling(files: list[Path], env: dict) -> dict:
    """Encoder alone against the whole pipeline per core count, and the pipeline per length third."""
    cores = [n for n in (1, 2, 4) if n <= (os.cpu_count() or 1)]
    rows = {}
    print(f"{len(files)} articles; in-process after the models load; window cache emptied before each timing")
    print(f"{'threads':>7} {'encoder paragraphs/s':>21} {'pipeline paragraphs/s':>22} {'pipeline/encoder':>17} "
          f"{'pipeline articles/s':>20}")
    for threads in cores:
        _, out = timed([sys.executable, "-c", SCALING_CHILD, json.dumps([str(p) for p in files])],
                       {**env, "SLANT_THREADS": str(threads)})
        row = json.loads(out.strip().splitlines()[-1])
        rows[threads] = row
        encoder_rate = row["paragraphs"] / row["encoder_seconds"]
        pipeline_rate = row["paragraphs"] / row["pipeline_seconds"]
        print(f"{threads:7d} {encoder_rate:21.1f} {pipeline_rate:22.1f} {pipeline_rate / encoder_rate:17.2f} "
              f"{row['articles'] / row['pipeline_seconds']:20.2f}")
    widest = rows[max(rows)]
    print(f"by article length ({max(rows)} threads, whole pipeline):")
    print(f"{'third':>7} {'articles':>8} {'mean chars':>10} {'articles/s':>10} {'paragraphs/s':>12} {'chars/s':>8}")
    for number, third in enumerate(widest["by_length"], start=1):
        print(f"{number:7d} {third['articles']:8d} {third['mean_chars']:10d} {third['articles'] / third['seconds']:10.2f} "
              f"{third['paragraphs'] / third['seconds']:12.1f} "
              f"{third['articles'] * third['mean_chars'] / third['seconds']:8.0f}")
    return {str(threads): row for threads, row in rows.items()}


def pick_articles(args) -> list[Path]:
    if args.articles:
        files = sorted(p for p in Path(args.articles).rglob("*") if p.suffix in {".txt", ".html", ".htm"})
        return files[: args.limit] if args.limit else files
    sys.path.insert(0, str(REPO / "src"))
    from slant.training.data import is_dev

    languages = list(FOLDERS) if args.language == "all" else [args.language]
    files = []
    for language in languages:
        folder = args.data / FOLDERS[language] / "train-articles-subtask-3"
        files += [p for p in sorted(folder.glob("article*.txt")) if is_dev(p.stem.removeprefix("article"))]
    return files[: args.limit] if args.limit else files


def timed(command: list[str], env: dict) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - started
    if result.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command[:4])}… failed ({result.returncode}):\n{result.stderr[-2000:]}")
    return elapsed, result.stdout


BASE = "techniques,genre,frames"
WITH_SOURCING = "techniques,genre,frames,entities,attributions"


def overhead(files: list[Path], env: dict, rounds: int) -> None:
    """The models path with and without the entity and sourcing components, run alternately so
    that the shared machine's drift falls on both."""
    times: dict[str, list[float]] = {BASE: [], WITH_SOURCING: []}
    for _ in range(rounds):
        for components in times:
            elapsed, _ = timed([sys.executable, "-c", MODELS_CHILD, json.dumps([str(p) for p in files]), components], env)
            times[components].append(elapsed)
    base, full = sorted(times[BASE]), sorted(times[WITH_SOURCING])
    print(f"models path, {len(files)} articles, {rounds} interleaved rounds (cold processes)")
    print(f"  {BASE}: {', '.join(f'{t:.1f}' for t in times[BASE])} s")
    print(f"  {WITH_SOURCING}: {', '.join(f'{t:.1f}' for t in times[WITH_SOURCING])} s")
    ratios = [f / b for b, f in zip(times[BASE], times[WITH_SOURCING], strict=True)]
    print(f"  entities + attributions add {100 * (sum(full) / sum(base) - 1):.1f} % to the total "
          f"(per round {', '.join(f'{100 * (r - 1):.0f}' for r in ratios)} %; "
          f"median {100 * (statistics.median(ratios) - 1):.1f} %)")


def processor() -> str:
    """The processor's model name and the int8 instructions onnxruntime can use (Linux only)."""
    try:
        info = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return platform.processor() or platform.machine()
    name = next((line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("model name")),
                platform.machine())
    if platform.machine().lower() not in ("x86_64", "amd64", "i686", "x86"):
        return name
    flags = set(next((line.split(":", 1)[1].split() for line in info.splitlines() if line.startswith("flags")), []))
    int8 = [label for flag, label in (("avx2", "AVX2"), ("avx_vnni", "AVX-VNNI"), ("avx512_vnni", "AVX-512 VNNI"),
                                      ("amx_int8", "AMX")) if flag in flags]
    return f"{name} ({', '.join(int8) or 'no AVX2'})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--language", default="en", help="dev-split language, or 'all'")
    parser.add_argument("--articles", type=Path, help="a folder of articles instead of the dev split")
    parser.add_argument("--limit", type=int, default=90, help="articles (default 90, the size of the English dev set)")
    parser.add_argument("--skip-analyze", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--scaling", action="store_true",
                        help="instead: the bare encoder against the whole pipeline per core count (1, 2, 4 where "
                        "there are as many), and the pipeline per length third")
    parser.add_argument("--overhead", type=int, default=0, metavar="ROUNDS",
                        help="instead: the models path without and with entities and attributions, interleaved "
                        "ROUNDS times, and what they add")
    args = parser.parse_args()
    files = pick_articles(args)
    if not files:
        raise SystemExit("no articles found: pass --data or --articles")
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO / "src") + os.pathsep + env.get("PYTHONPATH", "")

    # Build (or find) the cached int8 encoder first: a one-off per install, not per run.
    subprocess.run([sys.executable, "-c", "from slant.runtime.pipeline import Pipeline; Pipeline(['techniques']).encoder.session()"],
                   check=True, env=env)
    results: dict = {"cpu_count": os.cpu_count(), "processor": processor(), "articles": len(files)}
    # int8 speed depends on the processor's integer instructions, several times over
    print(f"processor: {results['processor']}, {results['cpu_count']} cores")
    if args.overhead:
        overhead(files, env, args.overhead)
        return
    if args.scaling:
        results["scaling"] = scaling(files, env)
        if args.json:
            args.json.write_text(json.dumps(results, indent=1))
        return
    if not args.articles:
        elapsed, out = timed([sys.executable, "-c", MODELS_CHILD, json.dumps([str(p) for p in files])], env)
        counts = json.loads(out.strip().splitlines()[-1])
        results["models"] = {
            **counts,
            "seconds": round(elapsed, 2),
            "paragraphs_per_s": round(counts["paragraphs"] / elapsed, 1),
            "articles_per_s": round(counts["articles"] / elapsed, 2),
        }
        print(f"models : {counts['articles']} articles, {counts['paragraphs']} paragraphs in {elapsed:.1f} s "
              f"(cold process) -> {counts['paragraphs'] / elapsed:.1f} paragraphs/s, {counts['articles'] / elapsed:.2f} articles/s")
    if not args.skip_analyze:
        with tempfile.TemporaryDirectory() as tmp:
            inputs = Path(tmp) / "in"
            inputs.mkdir()
            for path in files:
                shutil.copy(path, inputs / path.name)
            out_dir = Path(tmp) / "out"
            elapsed, _ = timed([sys.executable, "-m", "slant.cli", "analyze", str(inputs), "--format", "json",
                                "-o", str(out_dir)], env)
            written = len(list(out_dir.glob("*.json")))
        results["analyze"] = {"seconds": round(elapsed, 2), "json_files": written,
                              "articles_per_s": round(len(files) / elapsed, 2)}
        print(f"analyze: slant analyze {len(files)} files --format json in {elapsed:.1f} s (cold process) "
              f"-> {len(files) / elapsed:.2f} articles/s, {written} JSON files")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
