"""Cross-validated genre macro-F1 of fixed classifier settings (why training fixes them).

    python bench/genre_settings.py                 # three 5-fold splits, all languages
    python bench/genre_settings.py --top 30

Every article of subtask 1 (all six languages) is predicted by models fitted without it, over
5-fold splits stratified by language and genre, for each setting of: the encoder-feature
model's C, the word model's C and their blend (arithmetic mean of class probabilities, weight
on the encoder model), with no class offsets. The table gives the macro-F1 per language and
its mean, averaged over the splits. `slant train genre` uses training.articles.GENRE_DENSE_C,
GENRE_WORDS_C and GENRE_BLEND. Features come from the shipped technique model (cached after
the first run, as `slant train genre` caches them).
"""

from __future__ import annotations

import argparse
import itertools
import logging
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from slant.formats import semeval  # noqa: E402
from slant.training import articles  # noqa: E402
from slant.training.data import load_docs  # noqa: E402

LANGUAGES = ["en", "fr", "de", "it", "pl", "ru"]
DENSE_CS = (0.01, 0.03, 0.1)
WORDS_CS = (3.0, 10.0, 30.0)
BLENDS = (0.25, 0.5, 0.75, 1.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data" / "semeval2023")
    parser.add_argument("--splits", type=int, nargs="+", default=[13, 14, 15], help="seeds of the 5-fold splits")
    parser.add_argument("--top", type=int, default=12)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    import warnings

    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    warnings.filterwarnings("ignore", category=UserWarning)
    docs = [d for d in load_docs(args.data, LANGUAGES, articles.SUBTASK_FOLDER["genre"]) if d.genre]
    features = articles.compute_features(docs, articles.default_technique_model_dir())
    labels = list(semeval.genres())
    y = np.array([labels.index(d.genre) for d in docs])
    languages = np.array([d.language for d in docs])
    bags = articles.article_bags(docs)
    strata = [f"{d.language}:{d.genre}" for d in docs]
    scores: dict[tuple, list[dict[str, float]]] = {}
    for split_seed in args.splits:
        oof: dict[tuple, np.ndarray] = {}
        for fit_rows, held_rows in StratifiedKFold(5, shuffle=True, random_state=split_seed).split(docs, strata):
            fit = np.zeros(len(docs), dtype=bool)
            fit[fit_rows] = True
            x = (features - features[fit].mean(0)) / (features[fit].std(0) + 1e-6)
            bow, _ = articles.bag_of_words_matrix(bags, fit)
            for kind, matrix, cs in (("dense", x, DENSE_CS), ("words", bow, WORDS_CS)):
                for c in cs:
                    model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced", random_state=13)
                    model.fit(matrix[fit], y[fit])
                    oof.setdefault((kind, c), np.zeros((len(docs), len(labels))))[held_rows] = \
                        model.predict_proba(matrix[held_rows])
        for dense_c, words_c, blend in itertools.product(DENSE_CS, WORDS_CS, BLENDS):
            predicted = (blend * oof[("dense", dense_c)] + (1 - blend) * oof[("words", words_c)]).argmax(1)
            scores.setdefault((dense_c, words_c, blend), []).append(
                {lang: f1_score(y[languages == lang], predicted[languages == lang], average="macro")
                 for lang in LANGUAGES})
    rows = []
    for setting, per_split in scores.items():
        by_language = {lang: float(np.mean([s[lang] for s in per_split])) for lang in LANGUAGES}
        rows.append((float(np.mean(list(by_language.values()))), setting, by_language))
    rows.sort(key=lambda row: -row[0])
    shipped = (articles.GENRE_DENSE_C, articles.GENRE_WORDS_C, articles.GENRE_BLEND)
    print(f"genre macro-F1, out-of-fold, mean of {len(args.splits)} 5-fold splits ({len(docs)} articles)")
    print("| dense C | words C | blend | " + " | ".join(LANGUAGES) + " | mean |")
    print("|---" * (len(LANGUAGES) + 4) + "|")
    for mean, setting, by_language in rows[: args.top] + [r for r in rows[args.top:] if r[1] == shipped]:
        mark = " (shipped)" if setting == shipped else ""
        print(f"| {setting[0]} | {setting[1]} | {setting[2]}{mark} | "
              + " | ".join(f"{by_language[lang]:.3f}" for lang in LANGUAGES) + f" | {mean:.4f} |")


if __name__ == "__main__":
    main()
