"""Bench: genre on a language the model never saw, read the way English is read.

English genre is read without its language's prior (its SemEval articles are 88 % opinion, and
their satire labels mostly mark partisan commentary, not parody), so what it calls reporting,
opinion or satire on other outlets rests on what carries across languages and outlets. This
bench measures that carry on the SemEval articles themselves: for each language in turn, the
genre model is fitted with the shipped settings on the other five languages' articles, and the
left-out language's articles are read as the shipped model reads English (an even mix of the
language columns, the writing-style blend, English's satire discount and reporting offset).
The genuine satire of the German, French, Italian and Russian articles (Der Postillon-style
parody) is the nearest thing to the satire of English outlets the training data does not have.

Printed per left-out language: articles, macro-F1, satire found, other articles called satire,
and reporting found; and, as "all", the counts summed and the mean macro-F1. A check that looks
like new data, beside the 5-fold cross-validation of the model card (in-domain) and
`bench/genre_pages.py` (other outlets).

    python bench/genre_transfer.py          # about a minute once the features are cached; needs ../shared
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections import Counter
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

SEMEVAL = REPO.parent / "shared" / "data" / "semeval2023"
READ_AS = "en"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=SEMEVAL, help="the SemEval-2023 Task 3 folder")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    if not (args.data / "en").is_dir():
        print(f"bench/genre_transfer.py: no SemEval data at {args.data}; mount ../shared to run it", file=sys.stderr)
        return 2
    from slant.components.classifiers import FEATURE_LANGUAGES, ArticleClassifier
    from slant.formats import scorers
    from slant.settings import get_settings
    from slant.training.articles import (
        SUBTASK_FOLDER,
        article_bags,
        article_styles,
        compute_features,
        default_technique_model_dir,
        fit_article_model,
    )
    from slant.training.data import LANGUAGE_FOLDERS, load_docs

    model_dir = get_settings().models_dir / "genre"
    if not (model_dir / "config.json").is_file():
        print(f"bench/genre_transfer.py: no genre model at {model_dir}; train it with `slant train genre`",
              file=sys.stderr)
        return 2
    config = json.loads((model_dir / "config.json").read_text())
    if READ_AS not in config.get("prior_free_languages", []):
        print(f"bench/genre_transfer.py: the genre model does not read {READ_AS} without its prior; "
              "nothing to measure", file=sys.stderr)
        return 2
    labels = list(config["labels"])
    with np.load(model_dir / "weights.npz") as weights:
        read_as_offsets = weights["class_offsets"][FEATURE_LANGUAGES.index(READ_AS)].astype(float)
    # Every left-out language is decided with English's offsets, so they sit in English's row.
    class_offsets = np.zeros((len(FEATURE_LANGUAGES), len(labels)))
    class_offsets[FEATURE_LANGUAGES.index(READ_AS)] = read_as_offsets

    docs = [d for d in load_docs(args.data, list(LANGUAGE_FOLDERS), SUBTASK_FOLDER["genre"]) if d.genre is not None]
    features = compute_features(docs, default_technique_model_dir())
    bags, styles = article_bags(docs), article_styles(docs)
    figures: dict[str, dict] = {}
    totals: Counter = Counter()
    macro_f1s = []
    for language in sorted({d.language for d in docs}):
        fit_mask = np.array([d.language != language for d in docs])
        arrays, _ = fit_article_model("genre", features, docs, fit_mask, labels, args.seed, bags, styles,
                                      class_offsets)
        classifier = ArticleClassifier.from_arrays(config, arrays, f"without-{language}")
        gold, predicted = {}, {}
        for row in np.flatnonzero(~fit_mask):
            probs = classifier.predict_proba(features[row], text=docs[row].text, bag=bags[row], language=READ_AS,
                                             style=styles[row])[0]
            gold[docs[row].article_id] = docs[row].genre
            predicted[docs[row].article_id] = labels[classifier.chosen(probs, READ_AS)[0]]
        pairs = Counter((gold[key], predicted[key]) for key in gold)
        counts = {
            "articles": len(gold),
            "satire": sum(n for (g, _), n in pairs.items() if g == "satire"),
            "satire_found": pairs[("satire", "satire")],
            "others": sum(n for (g, _), n in pairs.items() if g != "satire"),
            "others_called_satire": sum(n for (g, p), n in pairs.items() if g != "satire" and p == "satire"),
            "reporting": sum(n for (g, _), n in pairs.items() if g == "reporting"),
            "reporting_found": pairs[("reporting", "reporting")],
        }
        totals.update(counts)
        macro_f1s.append(scorers.score_genres(gold, predicted).macro_f1)
        figures[language] = {**counts, "macro_f1": round(macro_f1s[-1], 3)}
    # the counts summed over the languages; macro-F1 their mean
    figures["all"] = {**totals, "macro_f1": round(float(np.mean(macro_f1s)), 3)}
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"genre of each language with the model fitted on the other five, read as {READ_AS} is read")
    print(f"{'lang':5} {'articles':>8} {'macro-F1':>9} {'satire found':>13} {'others called satire':>21} "
          f"{'reporting found':>16}")
    for language, row in figures.items():
        print(f"{language:5} {row['articles']:8d} {row['macro_f1']:9.3f} "
              f"{row['satire_found']:>6d} of {row['satire']:<4d} {row['others_called_satire']:>10d} of {row['others']:<6d} "
              f"{row['reporting_found']:>7d} of {row['reporting']:<4d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
