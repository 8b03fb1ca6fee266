"""``slant train {techniques,technique-spans,genre,frames,entities,attributions}``: rebuild a model folder from its training data."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from slant.errors import SlantError


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "train",
        help="train a model folder from the SemEval-2023 Task 3 data",
        description="Train a model folder (weights, labels, thresholds, meta.json, MODEL_CARD.md). "
        "Reproducible with --seed; checkpoints every epoch and resumes an interrupted run.",
    )
    parser.add_argument("model", choices=["techniques", "technique-spans", "genre", "frames", "entities", "attributions"])
    parser.add_argument("--data", type=Path, required=True, help="the semeval2023 folder (e.g. ../shared/data/semeval2023); for entities the entity data folder (../shared/data/entities); for attributions the PolNeAR folder (../shared/data/attribution/polnear)")
    parser.add_argument("--out", type=Path, required=True, help="model folder to write (e.g. src/slant/models/techniques)")
    parser.add_argument("--languages", default="en,fr,de,it,pl,ru", help="comma-separated ISO codes")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--epochs", type=int, default=None, help="training epochs (techniques: default 6; technique-spans, entities, attributions: 4)")
    parser.add_argument("--layers", type=int, default=9, help="techniques: encoder layers kept (of 12; fewer is faster)")
    parser.add_argument("--device", default="auto", help="techniques: torch device (auto: cuda if available)")
    parser.add_argument("--techniques-model", type=Path, default=None,
                        help="genre, frames, technique-spans, entities, attributions: the technique model whose encoder "
                             "gives the features (default: the bundled one)")
    parser.add_argument("--final-fit", choices=["all", "train"], default=None,
                        help="fit the weights on all articles or on the train split only. genre/frames default to "
                        "all (their figures come from a train-split fit and cross-validation); techniques default "
                        "to train (all needs --thresholds-from)")
    parser.add_argument("--thresholds-from", type=Path, default=None,
                        help="techniques with --final-fit all: the train-split model whose thresholds and dev "
                        "figures carry over (same --layers)")
    parser.add_argument("--heads-from", type=Path, default=None,
                        help="techniques, on a CPU in minutes: keep the first --layers layers of this trained model "
                        "and refit its heads on them (a faster, shallower model)")
    parser.add_argument("--limit-docs", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--calibrate-only", action="store_true",
                        help="techniques: only refit thresholds and dev figures of --out on the int8 ONNX encoder")
    parser.add_argument("--no-onnx-calibration", action="store_true",
                        help="techniques: keep the float model's thresholds (skips building the ONNX encoder)")
    parser.add_argument("--language-balance", type=float, default=0.0,
                        help="techniques: weigh each window's loss by (all windows / its language's windows) ** this, "
                             "0-1 (default 0: every window alike; an experiment, not how the shipped model was trained)")
    parser.add_argument("--teacher", type=Path, action="append", default=[], metavar="MODEL_DIR",
                        help="techniques: distil from this technique model folder (repeat for several; their mean "
                             "probabilities are mixed into the gold targets)")
    parser.add_argument("--distill-weight", type=float, default=None,
                        help="techniques, with --teacher: share of the teachers' probabilities in the targets, 0-1 "
                             "(default 0.5)")
    parser.add_argument("--no-resume", action="store_true", help="start over instead of resuming a checkpoint")
    parser.set_defaults(handler=run)


def run(args) -> int:
    if not args.data.is_dir():
        raise SlantError(f"--data {args.data} is not a folder: point it at the semeval2023 data folder")
    logging.getLogger("slant").setLevel(logging.INFO)
    languages = tuple(code.strip() for code in args.languages.split(",") if code.strip())
    if args.thresholds_from and (args.model != "techniques" or args.final_fit != "all"):
        raise SlantError("--thresholds-from is only for `slant train techniques --final-fit all`")
    if (args.teacher or args.distill_weight is not None) and (args.model != "techniques" or args.heads_from
                                                               or args.calibrate_only):
        raise SlantError("--teacher and --distill-weight are for training a technique model (`slant train techniques` "
                         "without --heads-from or --calibrate-only)")
    if args.distill_weight is not None and not args.teacher:
        raise SlantError("--distill-weight mixes in the teachers' probabilities: pass --teacher MODEL_DIR too")
    # The heads over the technique encoder's vectors read the bundled model unless told otherwise.
    technique_model = args.techniques_model or Path(__file__).resolve().parents[1] / "models" / "techniques"
    options = {"epochs": args.epochs} if args.epochs else {}
    if args.model == "attributions":
        from slant.training.attributions import train_attributions

        train_attributions(args.data, args.out, technique_model, seed=args.seed, **options)
        print(f"wrote {args.out}")
        return 0
    if args.model == "technique-spans":
        from slant.training.technique_spans import train_technique_spans

        train_technique_spans(args.data, args.out, technique_model, languages, seed=args.seed,
                              limit_docs=args.limit_docs, **options)
        print(f"wrote {args.out}")
        return 0
    if args.model == "entities":
        from slant.training.entities import train_entities, write_entity_card

        train_entities(args.data, args.out, technique_model, seed=args.seed, **options)
        write_entity_card(args.out)
        print(f"wrote {args.out}")
        return 0
    if args.model == "techniques":
        from slant.training.model_card import write_model_card
        from slant.training.techniques import TrainConfig, train

        if args.heads_from:
            from slant.training.heads import refit_heads

            if args.final_fit == "all" or args.calibrate_only:
                raise SlantError("--heads-from refits a train-split model: it takes neither --final-fit all "
                                 "nor --calibrate-only")
            out = refit_heads(args.heads_from, args.data, args.out, args.layers, languages, args.seed,
                              limit_docs=args.limit_docs, calibrate=not args.no_onnx_calibration)
            write_model_card(out)
            print(f"wrote {out}")
            return 0
        if args.calibrate_only:
            from slant.training.dev_scoring import calibrate_onnx

            calibrate_onnx(args.out, args.data)
            write_model_card(args.out)
            print(f"calibrated {args.out}")
            return 0
        config = TrainConfig(data=args.data, out=args.out, languages=languages, seed=args.seed, device=args.device,
                             limit_docs=args.limit_docs, resume=not args.no_resume, layers=args.layers,
                             calibrate_onnx=not args.no_onnx_calibration, final_fit=args.final_fit or "train",
                             thresholds_from=args.thresholds_from, language_balance=args.language_balance,
                             teachers=tuple(args.teacher))
        if args.distill_weight is not None:
            config.distill_weight = args.distill_weight
        if args.epochs:
            config.epochs = args.epochs
        out = train(config)
        write_model_card(out)
    else:
        from slant.training.articles import train_article_classifier
        from slant.training.model_card import write_model_card

        out = train_article_classifier(args.model, args.data, args.out, languages, args.seed, args.techniques_model,
                                       final_fit=args.final_fit or "all")
        write_model_card(out)
    print(f"wrote {out}")
    return 0
