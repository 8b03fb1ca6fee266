"""The genre/frames training procedure on synthetic articles: no shared data, no encoder."""

import numpy as np
import pytest

pytest.importorskip("sklearn")

from slant.components.classifiers import FEATURE_LANGUAGES, ArticleClassifier  # noqa: E402
from slant.training.articles import (  # noqa: E402
    GENRE_BLEND,
    GENRE_DENSE_C,
    GENRE_WORDS_C,
    cross_validated_scores,
    fit_article_model,
    predict_article_labels,
)
from slant.training.data import TrainingDoc  # noqa: E402

LANGUAGES = ("en", "de")
CUES = {"reporting": "said officials told reporters on tuesday",
        "opinion": "we must shameful outrage in my view",
        "satire": "fictional squirrel elected emperor of bananas"}


def _synthetic(kind: str, per_class: int = 14, seed: int = 0):
    rng = np.random.default_rng(seed)
    docs, rows = [], []
    genres = list(CUES)
    for language in LANGUAGES:
        for genre_index, genre in enumerate(genres):
            for n in range(per_class):
                text = f"{CUES[genre]} filler{rng.integers(1000)} words{n} {language}"
                frames = ["Economic"] if genre_index == 0 else ["Political", "Morality"]
                docs.append(TrainingDoc(article_id=f"{language}{genre}{n}", language=language, text=text,
                                        paragraphs=[(0, len(text), 1)], genre=genre, frames=frames))
                vector = rng.normal(size=8)
                vector[genre_index] += 5.0  # an encoder feature that separates the genres (genre reads no words)
                # laid out as article_features lays them out: the language columns last
                rows.append(np.concatenate([vector, [1.0 if language == code else 0.0 for code in FEATURE_LANGUAGES]]))
    labels = genres if kind == "genre" else ["Economic", "Political", "Morality"]
    config = {"kind": kind, "labels": labels, "multi_label": kind == "frames"}
    return docs, np.array(rows, dtype=np.float32), labels, config


@pytest.mark.parametrize("kind", ["genre", "frames"])
def test_fit_learns_separable_labels_and_predicts_through_the_inference_class(kind):
    docs, features, labels, config = _synthetic(kind)
    fit_mask = np.array([i % 4 != 0 for i in range(len(docs))])
    arrays, hyper = fit_article_model(kind, features, docs, fit_mask, labels, seed=13)
    assert hyper  # the chosen hyperparameters are recorded
    classifier = ArticleClassifier.from_arrays(config, arrays, "synthetic")
    held = [d for d, keep in zip(docs, fit_mask, strict=True) if not keep]
    predictions = predict_article_labels(classifier, features[~fit_mask], held)
    expected = {d.article_id: (d.genre if kind == "genre" else d.frames) for d in held}
    correct = sum(sorted(predictions[k]) == sorted(v) if kind == "frames" else predictions[k] == v
                  for k, v in expected.items())
    assert correct / len(held) >= 0.9


def test_cross_validation_scores_every_language_on_out_of_fold_predictions():
    docs, features, labels, config = _synthetic("genre", per_class=10)
    scores = cross_validated_scores("genre", features, docs, labels, config, seed=13, folds=3)
    assert set(scores) == set(LANGUAGES)
    assert all(result["articles"] == 3 * 10 for result in scores.values())
    assert all(result["score"] >= 0.9 for result in scores.values())


def test_cross_validation_of_random_labels_scores_near_chance():
    docs, features, labels, config = _synthetic("genre", per_class=10)
    rng = np.random.default_rng(1)
    for doc in docs:  # labels no feature can predict: out-of-fold scores must not look good
        doc.genre = labels[int(rng.integers(3))]
    features = rng.normal(size=features.shape).astype(np.float32)
    for doc in docs:
        doc.text = f"filler{rng.integers(10**6)}"
    scores = cross_validated_scores("genre", features, docs, labels, config, seed=13, folds=3)
    assert max(result["score"] for result in scores.values()) < 0.6


def test_genre_fits_with_its_fixed_settings_whatever_the_data():
    docs, features, labels, _ = _synthetic("genre")
    arrays, hyper = fit_article_model("genre", features, docs, np.ones(len(docs), dtype=bool), labels, seed=13)
    assert (hyper["C"], hyper["C_words"], hyper["blend"]) == (GENRE_DENSE_C, GENRE_WORDS_C, GENRE_BLEND)
    assert float(arrays["blend"]) == GENRE_BLEND
    assert not arrays["class_offsets"].any()
    from slant.components.writing_style import STYLE_FEATURES

    assert arrays["style_coef"].shape == (len(labels), len(STYLE_FEATURES))  # the writing-style model
    assert arrays["style_mean"].shape == arrays["style_scale"].shape == (len(STYLE_FEATURES),)


def test_a_language_mostly_of_one_genre_is_read_without_its_prior():
    from slant.training.articles import prior_free_languages

    docs, _, _, _ = _synthetic("genre", per_class=10)
    assert prior_free_languages(docs) == []  # an even mix everywhere
    for doc in docs:
        if doc.language == "en" and doc.genre != "opinion" and int(doc.article_id[-1]) < 9:
            doc.genre = "opinion"  # English: 28 of 30 opinion
    assert prior_free_languages(docs) == ["en"]


def test_the_shortest_usual_length_is_a_low_percentile_of_the_training_articles():
    from slant.training.articles import shortest_usual_length

    docs, _, _, _ = _synthetic("genre", per_class=10)
    for index, doc in enumerate(docs):
        doc.text = " ".join(["word"] * (100 + index))  # 100 to 159 words
    assert 100 <= shortest_usual_length(docs) <= 102


def test_satire_is_discounted_only_as_far_as_the_articles_allow():
    from slant.training.articles import (
        GENRE_SATIRE_DISCOUNT_TOLERANCE,
        GENRE_SATIRE_DISCOUNTS,
        article_bags,
        article_styles,
        satire_discounts,
    )

    def check(offsets, figures):
        assert offsets.shape == (len(FEATURE_LANGUAGES), len(labels))
        assert not np.delete(offsets, satire, axis=1).any()
        assert offsets[FEATURE_LANGUAGES.index("fr"), satire] == 0  # no French articles: left alone
        for language in LANGUAGES:
            by_discount = figures[language]["macro_f1_by_discount"]
            chosen = figures[language]["discount"]
            assert offsets[FEATURE_LANGUAGES.index(language), satire] == -chosen
            floor = by_discount["0.0"] - GENRE_SATIRE_DISCOUNT_TOLERANCE
            # every discount up to the chosen one within the tolerance, the next one not
            assert all(by_discount[str(d)] >= floor for d in GENRE_SATIRE_DISCOUNTS if d <= chosen)
            larger = [d for d in GENRE_SATIRE_DISCOUNTS if d > chosen]
            assert not larger or by_discount[str(larger[0])] < floor
        return sum(figures[language]["discount"] for language in LANGUAGES)

    docs, features, labels, config = _synthetic("genre", per_class=15)
    satire = labels.index("satire")
    clear = check(*satire_discounts(features, docs, labels, config, 13, article_bags(docs), article_styles(docs)))
    assert clear > 0  # satire stands well apart: some discount costs nothing
    rng = np.random.default_rng(3)
    for row, doc in zip(features, docs, strict=True):
        if doc.genre == "satire":  # satire now barely apart from opinion: a discount costs calls
            row[satire] -= 4.6
            row[labels.index("opinion")] += rng.normal(0.3, 0.3)
            doc.text = doc.text.replace(CUES["satire"], CUES["opinion"])
    close = check(*satire_discounts(features, docs, labels, config, 13, article_bags(docs), article_styles(docs)))
    assert close < clear


def test_a_fitted_genre_model_applies_its_language_offsets():
    docs, features, labels, config = _synthetic("genre")
    offsets = np.zeros((len(FEATURE_LANGUAGES), len(labels)))
    offsets[FEATURE_LANGUAGES.index("de"), labels.index("satire")] = -50.0
    arrays, hyper = fit_article_model("genre", features, docs, np.ones(len(docs), dtype=bool), labels, seed=13,
                                      class_offsets=offsets)
    assert hyper["class_offsets"][FEATURE_LANGUAGES.index("de")][labels.index("satire")] == -50.0
    classifier = ArticleClassifier.from_arrays(config, arrays, "synthetic")
    probs = np.array([0.1, 0.1, 0.8])  # opinion, reporting, satire
    assert labels[classifier.chosen(probs, "en")[0]] == "satire"
    assert labels[classifier.chosen(probs, "de")[0]] != "satire"
