"""Quality of the shipped model stack per language on our dev split of the SemEval-2023 data.

    python bench/quality.py                 # all six languages
    python bench/quality.py --languages en  # one
    python bench/quality.py --per-technique # and F1 per technique, languages together

Runs the same path as `slant semeval predict` (the int8 encoder as shipped, the bundled
thresholds) over the held-out dev articles (20% of each language, a fixed hash of the id: the
articles no shipped model was trained on) and scores with slant.formats.scorers:
subtask 3 paragraph micro-F1, spans (partial overlap; binary and labeled), subtask 1 genre
macro-F1 and subtask 2 frames micro-F1.

The shipped genre and frames weights are refit on every article, dev split included (see their
meta.json "final_fit"), so scoring them on the dev split would be scoring training data: for
those models the table shows the figures their training run measured instead, the dev split
scored by a fit on the train split and 5-fold cross-validation over every article.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from slant.cli.semeval_predict import prepare_article  # noqa: E402
from slant.formats import scorers, semeval  # noqa: E402
from slant.formats.semeval import techniques  # noqa: E402
from slant.runtime.pipeline import Pipeline  # noqa: E402
from slant.training.data import LANGUAGE_FOLDERS, is_dev  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "data" / "semeval2023"


@functools.cache  # read each model's meta.json once, not per language
def trained_on_dev(pipeline: Pipeline, name: str) -> dict | None:
    """The model's meta.json when its shipped weights saw the dev split, else None."""
    model_dir = pipeline.component(name).model_dir
    meta = json.loads((model_dir / "meta.json").read_text())
    return meta if meta.get("final_fit", {}).get("articles", "").startswith("all") else None


def _cell(row: dict, column: str) -> str:
    if column in row:
        return str(row[column])
    recorded = [row.get(f"{column}_{split}") for split in ("dev", "cv")]
    return " / ".join("n/a" if value is None else str(value) for value in recorded) + " (dev / cv)"


def evaluate_language(pipeline: Pipeline, data: Path, language: str, pooled: dict | None = None) -> dict:
    """The language's figures; with ``pooled``, its paragraph and span gold and predictions are
    added there too (keys prefixed by the language: article ids repeat across languages)."""
    gold = semeval.load_language(data, LANGUAGE_FOLDERS[language])
    results: dict = {}
    # Subtask 3 articles carry the paragraph and span gold; subtasks 1-2 have their own folders.
    articles = [a for a in gold.articles(3).values() if is_dev(semeval.semeval_id(a))]
    paragraph_pred: dict = {}
    span_pred: dict = {}
    for first in range(0, len(articles), 16):
        batch = [prepare_article(a, language) for a in articles[first : first + 16]]
        for analysis in pipeline.analyse_articles(batch):
            article = analysis.article
            article_id = semeval.semeval_id(article)
            by_line = {p.attrs["paragraph"]: [] for p in article.paragraphs}
            for finding in analysis.paragraph_findings:
                by_line[article.paragraphs[article.paragraph_of(finding.start)].attrs["paragraph"]].append(finding.label)
            paragraph_pred[article_id] = by_line
            span_pred[article_id] = list(analysis.findings)
    dev_ids = set(paragraph_pred)
    paragraph_gold = {k: v for k, v in gold.paragraph_labels.items() if k in dev_ids}
    span_gold = {k: v for k, v in gold.span_labels.items() if k in dev_ids}
    subtask3 = scorers.score_paragraphs(paragraph_gold, paragraph_pred)
    results["articles"] = len(dev_ids)
    results["subtask3_micro_f1"] = round(subtask3.micro_f1, 4)
    results["subtask3_macro_f1"] = round(subtask3.macro_f1, 4)
    for binary in (True, False):
        spans = scorers.score_spans(span_gold, span_pred, binary=binary)
        results["spans_binary_f1" if binary else "spans_labeled_f1"] = round(spans.f1, 4)
    if pooled is not None:
        for key, values in (("paragraph_gold", paragraph_gold), ("paragraph_pred", paragraph_pred),
                            ("span_gold", span_gold), ("span_pred", span_pred)):
            pooled.setdefault(key, {}).update({f"{language}:{k}": v for k, v in values.items()})

    for subtask, key in (("1", "genre"), ("2", "frames")):
        recorded = trained_on_dev(pipeline, key)
        if recorded is not None:
            metric = "genre_macro_f1" if key == "genre" else "frames_micro_f1"
            for split in ("dev", "cv"):
                results[f"{metric}_{split}"] = recorded.get(f"{split}_scores", {}).get(language, {}).get("score")
            continue
        docs = [a for a in gold.articles(subtask).values() if is_dev(semeval.semeval_id(a))]
        predicted: dict = {}
        for first in range(0, len(docs), 16):
            batch = [prepare_article(a, language) for a in docs[first : first + 16]]
            for analysis in pipeline.analyse_articles(batch):
                label = analysis.article.labels.get(key)
                article_id = semeval.semeval_id(analysis.article)
                if key == "genre":
                    predicted[article_id] = label["label"] if label else "reporting"
                else:
                    predicted[article_id] = [f["label"] for f in label["labels"]] if label else []
        ids = set(predicted)
        if key == "genre":
            score = scorers.score_genres({k: v for k, v in gold.genres.items() if k in ids}, predicted)
            results["genre_macro_f1"] = round(score.macro_f1, 4)
        else:
            score = scorers.score_frames({k: v for k, v in gold.frames.items() if k in ids}, predicted)
            results["frames_micro_f1"] = round(score.micro_f1, 4)
    return results


def print_per_technique(pooled: dict) -> None:
    """Per technique over every language's dev articles: paragraph F1 (support, predicted) and
    labelled span F1, then the techniques never predicted."""
    paragraphs = scorers.score_paragraphs(pooled["paragraph_gold"], pooled["paragraph_pred"])
    spans = scorers.score_spans(pooled["span_gold"], pooled["span_pred"])
    print("\n| technique | paragraphs (gold) | predicted | paragraph F1 | span F1 |")
    print("|---|---|---|---|---|")
    for label, score in sorted(paragraphs.per_label.items(), key=lambda item: -item[1].support):
        span = spans.per_label.get(label)
        print(f"| {label} | {score.support} | {score.predicted} | {score.f1:.3f} | "
              f"{span.f1 if span else 0.0:.3f} |")
    known = [label for label in techniques() if label in paragraphs.per_label]
    never = [label for label in known if not paragraphs.per_label[label].predicted]
    seldom = [label for label in known if 0 < paragraphs.per_label[label].predicted < 10]
    unknown = sorted(set(paragraphs.per_label) - set(techniques()))
    print(f"\nnever predicted: {', '.join(never) or 'none'}; predicted in fewer than 10 paragraphs: "
          f"{', '.join(seldom) or 'none'}")
    if unknown:
        print(f"gold labels outside the taxonomy (typos in the data), left in the table: {', '.join(unknown)}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--languages", default="en,fr,de,it,pl,ru")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--per-technique", action="store_true",
                        help="also print paragraph and labelled span F1 per technique, over the languages together")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        raise SystemExit(f"{args.data} not found: pass --data pointing at the semeval2023 folder")
    pipeline = Pipeline(["techniques", "genre", "frames"])
    if trained_on_dev(pipeline, "techniques"):
        print("warning: the technique model was trained on the dev split too (meta.json final_fit); its subtask-3 "
              "and span figures below score training articles", file=sys.stderr)
    started = time.time()
    table = {}
    pooled: dict = {}
    for language in args.languages.split(","):
        table[language] = evaluate_language(pipeline, args.data, language, pooled)
        print(language, json.dumps(table[language]), flush=True)
    columns = ["articles", "subtask3_micro_f1", "spans_binary_f1", "spans_labeled_f1", "genre_macro_f1", "frames_micro_f1"]
    print("\n| language | " + " | ".join(columns) + " |")
    print("|---" * (len(columns) + 1) + "|")
    for language, row in table.items():
        print(f"| {language} | " + " | ".join(_cell(row, c) for c in columns) + " |")
    if any(trained_on_dev(pipeline, key) for key in ("genre", "frames")):
        print("\ngenre / frames: recorded by their training run (dev split, fit on the train split / "
              "5-fold cross-validation over every article); the shipped weights were refit on all articles")
    if args.per_technique:
        print_per_technique(pooled)
    print(f"\n{time.time() - started:.0f} s")
    if args.json:
        args.json.write_text(json.dumps(table, indent=1))


if __name__ == "__main__":
    main()
