"""``slant semeval {template,score,predict}``: work with the SemEval-2023 Task 3 file formats."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

from slant.cli.common import missing_subcommand
from slant.errors import SlantError

SUBTASK_CHOICES = ["1", "2", "3", "spans"]


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "semeval",
        help="SemEval-2023 Task 3: paragraph templates, scoring, prediction files",
        description="Tools for the SemEval-2023 Task 3 data layout (articles as article<ID>.txt files).",
    )
    commands = parser.add_subparsers(dest="semeval_command", metavar="SUBCOMMAND")
    parser.set_defaults(handler=lambda args: missing_subcommand(parser))

    template = commands.add_parser(
        "template",
        help="print the official paragraph template of a folder of articles",
        description="Print 'article_id<TAB>paragraph<TAB>text' for every non-blank line of every article, "
        "articles in id order as in the official .template files.",
    )
    template.add_argument("articles_dir", type=Path, metavar="ARTICLES_DIR")
    template.set_defaults(handler=run_template)

    score = commands.add_parser(
        "score",
        help="score a prediction file against gold labels",
        description="Score predictions: subtask 1 macro-F1, subtask 2 and 3 micro-F1, spans F1 with "
        "partial-overlap credit. A gold item without a prediction counts as predicting nothing.",
    )
    score.add_argument("--subtask", required=True, choices=SUBTASK_CHOICES)
    score.add_argument(
        "--binary", action="store_true", help="spans: ignore the technique (any overlap counts)"
    )
    score.add_argument("--json", action="store_true", help="print the full result as JSON")
    score.add_argument("--per-label", action="store_true", help="also print figures per label")
    score.add_argument("gold", type=Path, metavar="GOLD", help="gold file (or folder of per-article files)")
    score.add_argument(
        "pred", type=Path, metavar="PRED", help="prediction file (or folder of per-article files)"
    )
    score.set_defaults(handler=run_score)

    # Hook: the predictor itself lives in slant.cli.semeval_predict (written separately); this command
    # only fixes its interface. Its run(args) reads args.subtask, args.articles_dir, args.output,
    # args.language and args.model.
    predict = commands.add_parser(
        "predict",
        help="write a prediction file for a folder of articles",
        description="Run slant's models over article<ID>.txt files and write a prediction file in the "
        "official format of the chosen subtask. An article that cannot be read or analysed is reported "
        "on stderr and left out, the others are predicted, and the exit status is 1.",
    )
    predict.add_argument("--subtask", required=True, choices=SUBTASK_CHOICES)
    predict.add_argument("articles_dir", type=Path, metavar="ARTICLES_DIR")
    predict.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE", help="prediction file to write"
    )
    predict.add_argument(
        "--language", default=None, help="ISO code of the articles (default: from the folder name)"
    )
    predict.add_argument("--model", type=Path, default=None, help="model folder (default: the bundled one)")
    predict.set_defaults(handler=run_predict)



def run_template(args) -> int:
    from slant.formats.semeval import article_template_rows, iter_articles, render_template

    out = sys.stdout
    for article in iter_articles(args.articles_dir):
        out.write(render_template(article_template_rows(article)))
    return 0


def run_score(args) -> int:
    from slant.formats import scorers
    from slant.formats import semeval as io

    for path, role in ((args.gold, "gold"), (args.pred, "prediction")):
        if not path.exists():
            raise SlantError(f"{role} path {str(path)!r} does not exist")
    if args.binary and args.subtask != "spans":
        raise SlantError("--binary applies to --subtask spans only")
    if args.subtask == "1":
        result = scorers.score_genres(io.read_genre_labels(args.gold), io.read_genre_labels(args.pred))
    elif args.subtask == "2":
        result = scorers.score_frames(io.read_frame_labels(args.gold), io.read_frame_labels(args.pred))
    elif args.subtask == "3":
        result = scorers.score_paragraphs(
            io.read_paragraph_labels(args.gold), io.read_paragraph_labels(args.pred)
        )
    else:
        result = scorers.score_spans(
            io.read_span_labels(args.gold), io.read_span_labels(args.pred), binary=args.binary
        )
    if args.json:
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(_format_result(result, args.subtask, per_label=args.per_label))
    return 0


def _format_result(result, subtask: str, per_label: bool) -> str:
    from slant.formats.scorers import SpanScore

    lines = []
    if isinstance(result, SpanScore):
        kind = "binary (techniques ignored)" if result.binary else "per technique"
        lines.append(
            f"spans, {kind}: F1 {result.f1:.5f}  precision {result.precision:.5f}  recall {result.recall:.5f}"
        )
        lines.append(
            f"gold spans {result.gold_spans}  predicted spans {result.predicted_spans}  (overlapping spans merged)"
        )
        lines.append(
            f"gold articles {result.articles}  without predictions {result.missing}  extra {result.extra}"
        )
    else:
        lines.append(f"subtask {subtask}: official {result.official} {result.official_score:.5f}")
        lines.append(
            f"micro-F1 {result.micro_f1:.5f}  (P {result.micro_precision:.5f}  R {result.micro_recall:.5f})  "
            f"macro-F1 {result.macro_f1:.5f}"
            + (f"  accuracy {result.accuracy:.5f}" if result.accuracy is not None else "")
        )
        unit = "paragraphs" if subtask == "3" else "articles"
        lines.append(
            f"gold {unit} {result.items}  missing from predictions {result.missing} (scored as no labels)  "
            f"extra {result.extra} (ignored)"
        )
    if per_label:
        lines.append(f"{'label':40s} {'P':>7s} {'R':>7s} {'F1':>7s} {'gold':>6s} {'pred':>6s}")
        for score in result.per_label.values():
            lines.append(
                f"{score.label:40s} {score.precision:7.4f} {score.recall:7.4f} {score.f1:7.4f} "
                f"{score.support:6d} {score.predicted:6d}"
            )
    return "\n".join(lines)


def run_predict(args) -> int:
    try:
        predictor = importlib.import_module("slant.cli.semeval_predict")
    except ModuleNotFoundError as exc:
        if exc.name == "slant.cli.semeval_predict":
            raise SlantError(
                "`slant semeval predict` is not available in this build (module slant.cli.semeval_predict is missing); "
                "install a slant with the prediction models"
            ) from exc
        raise
    return int(predictor.run(args) or 0)
