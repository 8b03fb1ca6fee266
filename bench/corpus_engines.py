"""Articles per second of `slant corpus add` on each engine, the same inputs, in one run.

    python bench/corpus_engines.py                        # 40 English dev articles of SemEval-2023
    python bench/corpus_engines.py --limit 90 --json out.json
    python bench/corpus_engines.py --articles DIR         # any folder of .txt/.html articles
    python bench/corpus_engines.py --scheduler tcp://HOST:8786   # also a running Dask cluster

Configurations, each a fresh `slant corpus add FILES --db NEW.db` (real models):
  local 1  : this process (the default)
  local 2  : --workers 2 (two processes)
  dask 1   : --engine dask --workers 1 (a LocalCluster of one worker process)
  dask 2   : --engine dask --workers 2
  (dask cluster: --engine dask --scheduler ADDRESS, when --scheduler is given)
Two rates per configuration: over the whole command (process start, imports, cluster start,
model loads, reading, analysis, storing) and over the run alone (from the store's run record:
the engine is up, the models load in each worker on its first batch). The stored analysis
documents of every configuration are compared with those of the first, byte for byte (a warning
says when slant's source changed during the run, which would explain a difference).
The ONNX encoder is built once before timing (a one-off per install).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "semeval2023"
CONFIGS = {
    "local 1": [],
    "local 2": ["--workers", "2"],
    "dask 1": ["--engine", "dask", "--workers", "1"],
    "dask 2": ["--engine", "dask", "--workers", "2"],
}


def pick_articles(args) -> list[Path]:
    if args.articles:
        files = sorted(p for p in Path(args.articles).rglob("*") if p.suffix in {".txt", ".html", ".htm"})
        return files[: args.limit]
    sys.path.insert(0, str(REPO / "src"))
    from slant.training.data import is_dev

    folder = args.data / "en" / "train-articles-subtask-3"
    files = [p for p in sorted(folder.glob("article*.txt")) if is_dev(p.stem.removeprefix("article"))]
    return files[: args.limit]


def run_record(db: Path) -> tuple[float, dict]:
    """Seconds from the run's start to its end, and its counts, from the store."""
    sys.path.insert(0, str(REPO / "src"))
    from slant.corpus.store import Store

    with Store(db, create=False) as store:
        run = store.runs()[-1]
    seconds = (run["finished_at"] - run["started_at"]).total_seconds()
    return seconds, {"status": run["status"], "added": run["added"], "failed": run["failed"]}


def source_digest() -> str:
    """A digest of slant's source files: the comparison means something only if no configuration
    ran on other code than the first (an edit to a component changes its documents)."""
    digest = hashlib.sha256()
    for path in sorted((REPO / "src" / "slant").rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def documents(db: Path) -> set[str]:
    from slant.corpus.store import Store

    with Store(db, create=False) as store:
        return set(store.iter_documents())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--articles", type=Path, help="a folder of articles instead of the English dev split")
    parser.add_argument("--limit", type=int, default=40, help="articles (default 40)")
    parser.add_argument("--scheduler", help="also measure a running Dask cluster at this address")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="only these configurations (e.g. 'local 1' 'dask 2')")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="keep the stores in DIR (default: a temporary folder)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    files = pick_articles(args)
    if not files:
        raise SystemExit("no articles found: pass --data or --articles")
    configs = dict(CONFIGS)
    if args.scheduler:
        configs["dask cluster"] = ["--engine", "dask", "--scheduler", args.scheduler]
    if args.only:
        configs = {name: configs[name] for name in args.only}
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO / "src") + os.pathsep + env.get("PYTHONPATH", "")
    subprocess.run([sys.executable, "-c", "from slant.runtime.pipeline import Pipeline; "
                    "Pipeline(['techniques']).encoder.session()"], check=True, env=env)

    results: dict = {"cpu_count": os.cpu_count(), "articles": len(files), "load_average_before": os.getloadavg(),
                     "configurations": {}}
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    with (contextlib.nullcontext(str(args.keep)) if args.keep else tempfile.TemporaryDirectory()) as tmp:
        reference: set[str] | None = None
        for name, options in configs.items():
            db = Path(tmp) / f"{name.replace(' ', '-')}.db"
            db.unlink(missing_ok=True)
            command = [sys.executable, "-m", "slant.cli", "corpus", "add", *map(str, files), "--db", str(db), *options]
            code_before = source_digest()
            started = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True, env=env)
            wall = time.perf_counter() - started
            code_after = source_digest()
            if done.returncode not in (0, 1):
                raise SystemExit(f"{name} failed ({done.returncode}):\n{done.stderr[-2000:]}")
            run_seconds, counts = run_record(db)
            stored = documents(db)
            reference = stored if reference is None else reference
            row = {"options": " ".join(options) or "(none)", "wall_s": round(wall, 2), "run_s": round(run_seconds, 2),
                   "articles_per_s": round(len(files) / wall, 3), "run_articles_per_s": round(len(files) / run_seconds, 3),
                   "same_documents_as_first": stored == reference, "source": code_before, **counts}
            if code_after != code_before or code_before != next(iter(results["configurations"].values()), row)["source"]:
                print(f"warning: slant's source changed during {name}: its documents may differ for that reason",
                      flush=True)
            results["configurations"][name] = row
            print(f"{name:13} {row['wall_s']:7.1f} s  {row['articles_per_s']:5.2f} articles/s   run {row['run_s']:6.1f} s  "
                  f"{row['run_articles_per_s']:5.2f} articles/s   added {counts['added']}, failed {counts['failed']}, "
                  f"same documents: {row['same_documents_as_first']}", flush=True)
    results["load_average_after"] = os.getloadavg()

    print(f"\n{len(files)} articles, {os.cpu_count()} cores, load average before {results['load_average_before'][0]:.2f}\n")
    print("| engine | options | whole command s | articles/s | run s | articles/s (run) | same documents |")
    print("| --- | --- | ---: | ---: | ---: | ---: | --- |")
    for name, row in results["configurations"].items():
        print(f"| {name} | `{row['options']}` | {row['wall_s']} | {row['articles_per_s']} | {row['run_s']} | "
              f"{row['run_articles_per_s']} | {'yes' if row['same_documents_as_first'] else 'NO'} |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str))


if __name__ == "__main__":
    main()
