import json

import numpy as np
import pytest

from slant.components.classifiers import ArticleClassifier, article_features
from slant.components.encoded import ArticleState, EncodedArticle
from slant.doc.article import Article
from slant.errors import SlantError


def _write_model(folder, kind, labels, multi_label, coef, intercept, thresholds=None, **config):
    folder.mkdir()
    n_features = coef.shape[1]
    arrays = {"mean": np.zeros(n_features), "scale": np.ones(n_features), "coef": coef, "intercept": intercept}
    if thresholds is not None:
        arrays["thresholds"] = thresholds
    np.savez(folder / "weights.npz", **arrays)
    (folder / "config.json").write_text(json.dumps({"kind": kind, "labels": labels, "multi_label": multi_label,
                                                    **config}))
    return ArticleClassifier(folder)


def _state(article_vector, technique_probs):
    """What the encoder pass and the technique tagger leave for the article classifiers."""
    encoded = EncodedArticle(windows=[], paragraph_probs=[], token_probs=[], pooled=[article_vector])
    return ArticleState(encoded=encoded, technique_probs=technique_probs)


def test_features_combine_vector_technique_shares_and_language():
    features = article_features(np.ones(4), np.array([[0.2, 0.8], [0.4, 0.0]]), "de")
    assert features.shape == (4 + 2 + 2 + 6,)
    assert features[4:6].tolist() == pytest.approx([0.3, 0.4])
    assert features[6:8].tolist() == pytest.approx([0.4, 0.8])
    assert features[-6:].tolist() == [0, 0, 1, 0, 0, 0]


def test_single_label_classifier_labels_the_article(tmp_path):
    n = len(article_features(np.zeros(3), np.zeros((1, 2)), "en"))
    coef = np.zeros((3, n))
    coef[1, 0] = 5.0  # the first vector dimension pushes towards "opinion"
    model = _write_model(tmp_path / "genre", "genre", ["reporting", "opinion", "satire"], False, coef, np.zeros(3))
    article = Article("Some text.")
    model([article], [_state(np.array([1.0, 0, 0]), np.zeros((1, 2)))])
    genre = article.labels["genre"]
    assert genre["label"] == "opinion" and genre["score"] > 0.9 and genre["uncertain"] is False
    assert sum(genre["scores"].values()) == pytest.approx(1.0, abs=1e-3)


def test_a_label_under_one_half_is_marked_uncertain(tmp_path):
    n = len(article_features(np.zeros(3), np.zeros((1, 2)), "en"))
    coef = np.zeros((3, n))
    coef[1, 0] = 0.5  # a weak push towards "opinion": about 0.45 against 0.27 each
    model = _write_model(tmp_path / "genre", "genre", ["reporting", "opinion", "satire"], False, coef, np.zeros(3))
    article = Article("Some text.")
    model([article], [_state(np.array([1.0, 0, 0]), np.zeros((1, 2)))])
    genre = article.labels["genre"]
    assert genre["label"] == "opinion" and 0.4 < genre["score"] < 0.5 and genre["uncertain"] is True


@pytest.mark.parametrize(("push", "uncertain"), [(2.0, True), (4.0, False)])
def test_a_label_with_its_own_bar_is_uncertain_under_it(tmp_path, push, uncertain):
    n = len(article_features(np.zeros(3), np.zeros((1, 2)), "en"))
    coef = np.zeros((3, n))
    coef[2, 0] = push  # towards "satire": about 0.79 (push 2) or 0.96 (push 4)
    model = _write_model(tmp_path / "genre", "genre", ["reporting", "opinion", "satire"], False, coef, np.zeros(3),
                         uncertain_below_by_label={"satire": 0.8})
    article = Article("Some text.")
    model([article], [_state(np.array([1.0, 0, 0]), np.zeros((1, 2)))])
    genre = article.labels["genre"]
    assert genre["label"] == "satire" and genre["score"] > 0.5 and genre["uncertain"] is uncertain


def test_an_article_shorter_than_the_training_articles_gets_an_uncertain_genre(tmp_path):
    n = len(article_features(np.zeros(3), np.zeros((1, 2)), "en"))
    coef = np.zeros((3, n))
    coef[2, 0] = 5.0  # a sure satire call
    model = _write_model(tmp_path / "genre", "genre", ["reporting", "opinion", "satire"], False, coef, np.zeros(3),
                         uncertain_under_words=20)
    short, longer = Article("The minister said on Tuesday that prices will rise."), Article("Prices rose. " * 10)
    model([short, longer], [_state(np.array([1.0, 0, 0]), np.zeros((1, 2))),
                            _state(np.array([1.0, 0, 0]), np.zeros((1, 2)))])
    assert short.labels["genre"]["label"] == "satire" and short.labels["genre"]["score"] > 0.95
    assert short.labels["genre"]["uncertain"] is True  # nine words: nothing like what the model learnt from
    assert longer.labels["genre"]["uncertain"] is False


def test_per_language_offsets_choose_the_label_and_are_reported(tmp_path):
    from slant.components.classifiers import FEATURE_LANGUAGES

    n = len(article_features(np.zeros(3), np.zeros((1, 2)), "en"))
    coef = np.zeros((3, n))
    coef[1, 0] = 0.5  # a weak push towards "opinion": about 0.45 against 0.27 each
    model = _write_model(tmp_path / "genre", "genre", ["reporting", "opinion", "satire"], False, coef, np.zeros(3))
    offsets = np.zeros((len(FEATURE_LANGUAGES), 3))
    offsets[FEATURE_LANGUAGES.index("en"), 0] = 0.6  # reporting raised in English only
    with np.load(tmp_path / "genre" / "weights.npz") as stored:
        np.savez(tmp_path / "genre" / "weights.npz", **dict(stored), class_offsets=offsets)
    english, german = Article("Some text.", language="en"), Article("Etwas Text.", language="de")
    model([english, german], [_state(np.array([1.0, 0, 0]), np.zeros((1, 2))),
                              _state(np.array([1.0, 0, 0]), np.zeros((1, 2)))])
    assert english.labels["genre"]["label"] == "reporting" and english.labels["genre"]["offsets"] == {"reporting": 0.6}
    assert english.labels["genre"]["scores"]["opinion"] > english.labels["genre"]["score"]  # the model's own
    assert german.labels["genre"]["label"] == "opinion" and "offsets" not in german.labels["genre"]


def test_the_shipped_genre_model_asks_more_of_satire():
    from slant.settings import get_settings

    config = json.loads((get_settings().models_dir / "genre" / "config.json").read_text())
    assert config["uncertain_below_by_label"]["satire"] > 0.5
    assert config["uncertain_under_words"] > 50


def test_a_prior_free_language_is_read_without_its_language_column(tmp_path):
    n = len(article_features(np.zeros(3), np.zeros((1, 2)), "en"))
    coef = np.zeros((3, n))
    coef[1, n - 6] = 5.0  # the English column pushes towards "opinion"
    labels = ["reporting", "opinion", "satire"]
    with_prior = _write_model(tmp_path / "a", "genre", labels, False, coef, np.zeros(3))
    without = _write_model(tmp_path / "b", "genre", labels, False, coef, np.zeros(3), prior_free_languages=["en"])
    english = article_features(np.zeros(3), np.zeros((1, 2)), "en")
    assert with_prior.predict_proba(english, language="en")[0].argmax() == 1
    even = without.predict_proba(english, language="en")[0]
    assert even[1] == pytest.approx(np.exp(5 / 6) / (2 + np.exp(5 / 6)))  # an even sixth of the English push
    assert without.predict_proba(english, language="de")[0].argmax() == 1  # other languages keep their prior


def _style_model(folder, languages, blend):
    """A genre model whose encoder-feature part is undecided and whose writing-style part says
    "opinion" in proportion to the first person singular."""
    from slant.components.writing_style import STYLE_FEATURES

    n = len(article_features(np.zeros(3), np.zeros((1, 2)), "en"))
    model = _write_model(folder, "genre", ["reporting", "opinion", "satire"], False, np.zeros((3, n)), np.zeros(3),
                         prior_free_languages=languages, style_blend=blend)
    with np.load(folder / "weights.npz") as stored:
        arrays = dict(stored)
    style_coef = np.zeros((3, len(STYLE_FEATURES)))
    style_coef[1, STYLE_FEATURES.index("first_person_singular")] = 10.0
    arrays.update(style_mean=np.zeros(len(STYLE_FEATURES)), style_scale=np.ones(len(STYLE_FEATURES)),
                  style_coef=style_coef, style_intercept=np.zeros(3))
    np.savez(folder / "weights.npz", **arrays)
    return model


def test_a_prior_free_language_is_read_partly_by_its_writing_style(tmp_path):
    model = _style_model(tmp_path / "genre", ["en"], 0.5)
    first_person = "I saw it myself and I can tell my readers what I think of it."
    english, german = Article(first_person, language="en"), Article(first_person, language="de")
    state = _state(np.zeros(3), np.zeros((1, 2)))
    model([english, german], [state, _state(np.zeros(3), np.zeros((1, 2)))])
    assert english.labels["genre"]["label"] == "opinion"
    assert english.labels["genre"]["score"] == pytest.approx(0.5 / 3 + 0.5, abs=0.01)  # half undecided, half sure
    assert german.labels["genre"]["scores"]["opinion"] == pytest.approx(1 / 3, abs=1e-3)  # not prior-free: no style
    unblended = _style_model(tmp_path / "unblended", ["en"], 0.0)
    article = Article(first_person, language="en")
    unblended([article], [_state(np.zeros(3), np.zeros((1, 2)))])
    assert article.labels["genre"]["scores"]["opinion"] == pytest.approx(1 / 3, abs=1e-3)


def test_the_shipped_genre_model_reads_english_partly_by_writing_style():
    from slant.settings import get_settings

    folder = get_settings().models_dir / "genre"
    config = json.loads((folder / "config.json").read_text())
    assert "en" in config["prior_free_languages"] and 0 < config["style_blend"] < 1
    with np.load(folder / "weights.npz") as weights:
        assert weights["style_coef"].shape[0] == len(config["labels"])


def test_multi_label_classifier_uses_per_label_thresholds(tmp_path):
    n = len(article_features(np.zeros(2), np.zeros((1, 2)), "en"))
    model = _write_model(tmp_path / "frames", "frames", ["Economic", "Political"], True, np.zeros((2, n)),
                         np.array([2.0, -2.0]), thresholds=np.array([0.5, 0.05]))
    article = Article("Text.")
    model([article], [_state(np.zeros(2), np.zeros((1, 2)))])
    assert [f["label"] for f in article.labels["frames"]["labels"]] == ["Economic", "Political"]


def test_missing_model_folder_says_how_to_fix(tmp_path):
    with pytest.raises(SlantError, match="slant train"):
        ArticleClassifier(tmp_path / "nowhere")


def test_an_article_without_encoder_output_gets_no_label(tmp_path):
    n = len(article_features(np.zeros(2), np.zeros((1, 2)), "en"))
    model = _write_model(tmp_path / "genre", "genre", ["reporting", "opinion"], False, np.zeros((2, n)), np.zeros(2))
    article = Article("Text.")
    model([article], [ArticleState()])  # not encoded (e.g. a language the models do not cover)
    model([article], [ArticleState(encoded=EncodedArticle([], [], [], []), technique_probs=None)])
    assert "genre" not in article.labels


def test_the_classifier_declares_what_it_needs_and_assigns(tmp_path):
    n = len(article_features(np.zeros(2), np.zeros((1, 2)), "en"))
    model = _write_model(tmp_path / "frames", "frames", ["Economic"], True, np.zeros((1, n)), np.zeros(1))
    assert model.name == "frames" and model.assigns == ("frames",)
    assert "technique_probs" in model.requires and "encoder" in model.requires


def test_a_language_without_offsets_of_its_own_takes_the_median(tmp_path):
    from slant.components.classifiers import FEATURE_LANGUAGES

    n = len(article_features(np.zeros(3), np.zeros((1, 2)), "en"))
    model = _write_model(tmp_path / "genre", "genre", ["reporting", "opinion", "satire"], False, np.zeros((3, n)),
                         np.zeros(3))
    offsets = np.zeros((len(FEATURE_LANGUAGES), 3))
    offsets[FEATURE_LANGUAGES.index("en"), 0] = 0.7  # one language's own raise
    offsets[:, 2] = -0.5  # a discount every language shares
    with np.load(tmp_path / "genre" / "weights.npz") as stored:
        np.savez(tmp_path / "genre" / "weights.npz", **dict(stored), class_offsets=offsets)
    assert model.offsets_for("es").tolist() == [0.0, 0.0, -0.5]
    assert model.offsets_for(None).tolist() == [0.0, 0.0, -0.5]
    assert model.offsets_for("en").tolist() == [0.7, 0.0, -0.5]
