"""The entity component's decoding and mention grouping (no model needed)."""

import numpy as np
import pytest

import slant
from slant.components.encoded import Window
from slant.components.entities import (
    EntityHead,
    best_paths,
    decode_window,
    group_mentions,
    transition_mask,
    trim_punctuation,
)
from slant.components.token_head import token_features
from slant.doc.article import Span

LABELS = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC"]


def test_iob2_transitions_allow_inside_only_after_its_own_type():
    allowed = transition_mask(LABELS)
    assert allowed[LABELS.index("B-PER"), LABELS.index("I-PER")]
    assert allowed[LABELS.index("I-PER"), LABELS.index("I-PER")]
    assert not allowed[LABELS.index("O"), LABELS.index("I-PER")]
    assert not allowed[LABELS.index("B-LOC"), LABELS.index("I-PER")]


def test_best_path_repairs_an_inside_tag_with_no_beginning():
    probs = np.array([[0.2, 0.1, 0.6, 0.05, 0.05],   # I-PER most probable, but nothing precedes it
                      [0.1, 0.1, 0.7, 0.05, 0.05]])
    path = [LABELS[i] for i in best_paths([probs], transition_mask(LABELS), LABELS)[0]]
    assert path[0] != "I-PER"
    assert path == ["B-PER", "I-PER"] or path[1] != "I-PER"


def test_best_path_keeps_the_most_probable_tags_when_they_are_allowed():
    probs = np.array([[0.1, 0.8, 0.05, 0.03, 0.02], [0.1, 0.05, 0.8, 0.03, 0.02], [0.9, 0.02, 0.03, 0.03, 0.02]])
    assert [LABELS[i] for i in best_paths([probs], transition_mask(LABELS), LABELS)[0]] == ["B-PER", "I-PER", "O"]
    # a forbidden step (O then I-LOC) is repaired by the full search
    probs = np.array([[0.9, 0.02, 0.03, 0.03, 0.02], [0.3, 0.02, 0.03, 0.05, 0.6]])
    assert [LABELS[i] for i in best_paths([probs], transition_mask(LABELS), LABELS)[0]] != ["O", "I-LOC"]


def _exhaustive_best(probs: np.ndarray, allowed: np.ndarray) -> list[int]:
    import itertools

    def score(path):
        if LABELS[path[0]].startswith("I-") or not all(allowed[a, b] for a, b in zip(path[:-1], path[1:], strict=True)):
            return -np.inf
        return sum(np.log(probs[i, tag]) for i, tag in enumerate(path))

    return list(max(itertools.product(range(len(LABELS)), repeat=len(probs)), key=score))


def test_windows_decoded_together_get_each_its_own_best_allowed_path():
    allowed = transition_mask(LABELS)
    generator = np.random.default_rng(3)
    # Lengths differ, so shorter windows sit in the batch padded; inside tags are made likely,
    # so most windows need the search.
    windows = []
    for length in (1, 2, 5, 3, 6, 4, 2, 5):
        logits = generator.normal(size=(length, len(LABELS)))
        logits[:, [2, 4]] += 1.0
        windows.append(np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True))
    paths = best_paths(windows, allowed, LABELS)
    assert [len(path) for path in paths] == [len(w) for w in windows]
    for probs, path in zip(windows, paths, strict=True):
        assert list(path) == _exhaustive_best(probs, allowed)


def test_the_head_scores_as_its_numpy_reference():
    rng = np.random.default_rng(3)
    head = EntityHead(LABELS, {"w1": rng.normal(0, 0.05, (16, 3 * 8)), "b1": rng.normal(0, 0.1, 16),
                               "w2": rng.normal(0, 0.3, (len(LABELS), 16)), "b2": rng.normal(0, 0.1, len(LABELS))})
    features = token_features(rng.normal(size=(11, 8)).astype(np.float16))
    fast = head.probabilities(features)
    assert fast.shape == (11, len(LABELS))
    assert np.allclose(fast, head.probabilities_numpy(features), atol=1e-5)
    assert np.allclose(fast.sum(axis=1), 1.0, atol=1e-5)


def test_the_convolution_head_scores_as_its_numpy_reference():
    rng = np.random.default_rng(4)
    arrays = {"w1": rng.normal(0, 0.05, (16, 3 * 8)), "b1": rng.normal(0, 0.1, 16),
              "w2": rng.normal(0, 0.3, (len(LABELS), 16)), "b2": rng.normal(0, 0.1, len(LABELS))}
    for index in range(2):
        arrays[f"conv{index}_w"] = rng.normal(0, 0.1, (16, 16, 5))
        arrays[f"conv{index}_b"] = rng.normal(0, 0.1, 16)
    head = EntityHead(LABELS, arrays)
    assert len(head.convs) == 2
    for tokens in (1, 3, 11):  # shorter and longer than the convolution's width
        features = token_features(rng.normal(size=(tokens, 8)).astype(np.float16))
        fast = head.probabilities(features)
        assert fast.shape == (tokens, len(LABELS))
        assert np.allclose(fast, head.probabilities_numpy(features), atol=1e-5)
    # a token's tags depend on its neighbours two places away, not only the adjacent ones
    features = token_features(rng.normal(size=(7, 8)).astype(np.float16))
    moved = features.copy()
    moved[5] += 1.0
    assert not np.allclose(head.probabilities_numpy(features)[2], head.probabilities_numpy(moved)[2])


def window_over(text: str, pieces: list[tuple[int, int]]) -> Window:
    starts = np.array([-1, *[s for s, _ in pieces], -1])
    ends = np.array([-1, *[e for _, e in pieces], -1])
    return Window(paragraph=0, ids=np.arange(len(pieces) + 2), char_starts=starts, char_ends=ends)


def test_decoded_spans_are_whole_words_with_a_confidence():
    text = "Kassym-Jomart Tokayev visited Almaty"
    pieces = [(0, 6), (6, 13), (14, 17), (17, 21), (22, 29), (30, 33), (33, 36)]  # subword pieces
    probs = np.full((len(pieces) + 2, len(LABELS)), 0.01)
    for position, label in enumerate(["B-PER", "I-PER", "I-PER", "I-PER", "O", "B-LOC", "I-LOC"], start=1):
        probs[position, LABELS.index(label)] = 0.96
    spans = decode_window(text, window_over(text, pieces), probs, LABELS, transition_mask(LABELS))
    assert [(text[s.start:s.end], s.label) for s in spans] == [("Kassym-Jomart Tokayev", "PER"), ("Almaty", "LOC")]
    assert all(0.9 < s.score <= 1.0 for s in spans)


def test_a_decoded_span_leaves_out_the_punctuation_its_last_subword_carried():
    text = "Es sprach Indien. Dann kam Kohl)."
    pieces = [(0, 2), (3, 9), (10, 16), (16, 17), (18, 22), (23, 26), (27, 31), (31, 33)]
    probs = np.full((len(pieces) + 2, len(LABELS)), 0.01)
    tags = ["O", "O", "B-LOC", "I-LOC", "O", "O", "B-PER", "I-PER"]
    for position, label in enumerate(tags, start=1):
        probs[position, LABELS.index(label)] = 0.96
    spans = decode_window(text, window_over(text, pieces), probs, LABELS, transition_mask(LABELS))
    assert [(text[s.start:s.end], s.label) for s in spans] == [("Indien", "LOC"), ("Kohl", "PER")]


@pytest.mark.parametrize(("surface", "kept"), [
    ("Barack Obama.", "Barack Obama"), ("Reuters ,", "Reuters"), ("Iran!", "Iran"), ("EU.", "EU"),
    ("U.S.", "U.S."), ("W.", "W."), ("Apple Inc.", "Apple Inc."), ("Ludwig IX.", "Ludwig IX."),
    ("(ARD)", "(ARD)"), ("«Суть времени»", "«Суть времени»"), ("Norwegen )", "Norwegen"), ("there.", "there"),
])
def test_trailing_punctuation_goes_unless_the_name_owns_it(surface, kept):
    start, end = trim_punctuation(surface, 0, len(surface))
    assert (start, surface[start:end]) == (0, kept)


def test_a_form_takes_the_label_its_surer_mentions_agree_on():
    text = "Then Alma-Ata held. In Alma-Ata it is calm. Paris and Paris."
    spans = [Span(5, 13, "PER", 0.53), Span(23, 31, "LOC", 0.93),
             Span(44, 49, "LOC", 0.55), Span(54, 59, "ORG", 0.5)]
    grouped, groups = group_mentions(text, spans)
    assert [(text[s.start:s.end], s.label) for s in grouped] == [
        ("Alma-Ata", "LOC"), ("Alma-Ata", "LOC"), ("Paris", "LOC"), ("Paris", "LOC")]
    assert grouped[0].score == 0.53  # the mention keeps its own confidence
    assert [(g["name"], g["label"], g["mentions"]) for g in groups] == [("Alma-Ata", "LOC", 2), ("Paris", "LOC", 2)]
    # a sure mention keeps its label, whatever the others say
    grouped, _ = group_mentions(text, [Span(5, 13, "PER", 0.7), Span(23, 31, "LOC", 0.93)])
    assert [s.label for s in grouped] == ["PER", "LOC"]


def test_features_are_the_token_and_its_neighbours():
    vectors = np.arange(6, dtype=np.float16).reshape(3, 2)
    features = token_features(vectors)
    assert features.shape == (3, 6)
    assert features[1].tolist() == [2, 3, 0, 1, 4, 5]
    assert features[0, 2:4].tolist() == [0, 0] and features[2, 4:].tolist() == [0, 0]


@pytest.mark.parametrize(("first", "second", "label"), [
    ("Алма-Аты", "Алма-Ата", "LOC"),
    ("Kazachstanu", "Kazachstan", "LOC"),
    ("Kassym-Jomart Tokayev", "Tokayev", "PER"),
])
def test_inflected_and_shortened_mentions_share_a_group(first, second, label):
    text = f"{first} and then {second}, but not Berlin."
    at = text.rindex(second)
    spans = [Span(0, len(first), label, 0.9), Span(at, at + len(second), label, 0.8),
             Span(text.index("Berlin"), text.index("Berlin") + 6, "LOC", 0.9)]
    grouped, groups = group_mentions(text, spans)
    assert grouped[0].attrs["group"] == grouped[1].attrs["group"] != grouped[2].attrs["group"]
    named = {g["id"]: g for g in groups}[grouped[0].attrs["group"]]
    most_words = [form for form in (first, second) if len(form.split()) == max(len(first.split()), len(second.split()))]
    assert named["mentions"] == 2 and named["name"] == min(most_words, key=len)


def test_a_full_name_joins_an_earlier_surname_and_the_first_group_that_fits():
    text = "Tokayev spoke. Smith and Kassym-Jomart Tokayev and Tokayeva and Jan Smith met."
    names = ["Tokayev", "Smith", "Kassym-Jomart Tokayev", "Tokayeva", "Jan Smith"]
    spans = []
    for name in names:
        at = text.index(name, spans[-1].end if spans else 0)
        spans.append(Span(at, at + len(name), "PER", 0.9))
    grouped, groups = group_mentions(text, spans)
    assert [span.attrs["group"] for span in grouped] == ["e1", "e2", "e1", "e1", "e2"]
    assert [(g["name"], g["mentions"]) for g in groups] == [("Kassym-Jomart Tokayev", 3), ("Jan Smith", 2)]


def test_thousands_of_distinct_names_are_grouped_apart():
    # each form is compared only with groups that share its stems, not with every group
    names = [f"{a}{b}{c}ski" for a in "BCDFGHKLMN" for b in "aeiou" for c in "bdgkmnprstvz"][:600]
    text = ", ".join(names)
    spans, at = [], 0
    for name in names:
        spans.append(Span(at, at + len(name), "PER", 0.9))
        at += len(name) + 2
    grouped, groups = group_mentions(text, spans)
    assert len(groups) == len({name[:3] for name in names}) == 600
    assert len({span.attrs["group"] for span in grouped}) == 600


def test_different_types_never_share_a_group():
    text = "Washington said Washington"
    grouped, groups = group_mentions(text, [Span(0, 10, "PER", 0.9), Span(16, 26, "LOC", 0.9)])
    assert grouped[0].attrs["group"] != grouped[1].attrs["group"] and len(groups) == 2


def test_entities_round_trip_in_the_document():
    article = slant.Article("Tokayev spoke in Almaty.")
    article.set_layer("paragraphs", [Span(0, len(article.text))])
    grouped, groups = group_mentions(article.text, [Span(0, 7, "PER", 0.91, {"model": "entities"}),
                                                    Span(17, 23, "LOC", 0.88, {"model": "entities"})])
    article.set_layer("entities", grouped)
    article.labels["entities"] = {"groups": groups, "model": "entities"}
    document = slant.Analysis(article).to_dict()
    assert document["entities"] == [
        {"start": 0, "end": 7, "label": "PER", "confidence": 0.91, "group": "e1", "model": "entities"},
        {"start": 17, "end": 23, "label": "LOC", "confidence": 0.88, "group": "e2", "model": "entities"},
    ]
    assert "entities" not in document["layers"]
    assert slant.Analysis.from_dict(document).to_dict() == document


def test_mentions_the_head_was_unsure_of_are_left_out_unless_the_form_is_sure_elsewhere(tmp_path):
    from slant.components.encoded import ArticleState, EncodedArticle
    from slant.components.entities import MIN_MENTION_CONFIDENCE, EntityTagger

    text = "Chaos rules in Alma-Ata. Then Alma-Ata was calm."
    unsure = MIN_MENTION_CONFIDENCE - 0.01
    tagger = EntityTagger.__new__(EntityTagger)
    tagger.model_dir = tmp_path / "entities"
    tagger.spans_of_articles = lambda encoded: [[Span(0, 5, "ORG", unsure), Span(15, 23, "LOC", 0.93),
                                                 Span(30, 38, "PER", unsure)]]
    article = slant.Article(text, language="en")
    encoded = EncodedArticle(windows=[], paragraph_probs=[], token_probs=[], pooled=[], token_vectors=[])
    tagger([article], [ArticleState(encoded=encoded)])
    # "Chaos" goes; the unsure second "Alma-Ata" stays, labelled as its sure mention is
    assert [(text[s.start:s.end], s.label) for s in article.layers["entities"]] == [
        ("Alma-Ata", "LOC"), ("Alma-Ata", "LOC")]
    assert [(group["name"], group["mentions"]) for group in article.labels["entities"]["groups"]] == [("Alma-Ata", 2)]


def test_a_sentence_opening_word_the_article_also_writes_in_lower_case_is_not_a_name():
    from slant.components.entities import sentence_initial_common_words

    text = "Firearms used in Almaty\n\nPolice said the use of firearms grew. “Almaty is calm,” the police said. Apple rose."
    def mention(word, label, occurrence=0):
        start = -1
        for _ in range(occurrence + 1):
            start = text.index(word, start + 1)
        return Span(start, start + len(word), label, 0.5)
    spans = [mention("Firearms", "ORG"), mention("Almaty", "LOC"), mention("Police", "ORG"),
             mention("Almaty", "LOC", 1), mention("Apple", "ORG")]
    sentence_starts = [0, text.index("Police"), text.index("“Almaty"), text.index("Apple")]
    kept = sentence_initial_common_words(text, spans, sentence_starts, "en")
    # "firearms" and "police" are written in lower case too; "Almaty" after a quote mark and
    # "Apple" never are.
    assert [text[s.start:s.end] for s in kept] == ["Almaty", "Almaty", "Apple"]
    # German writes every noun with a capital: a lower-case twin is another word there.
    assert sentence_initial_common_words(text, spans, sentence_starts, "de") == spans

    text = "Ministers met Bush on Monday. Bush said the bush fires were out."
    bush = Span(text.index("Bush said"), text.index("Bush said") + 4, "PER", 0.5)
    kept = sentence_initial_common_words(text, [bush], [0, text.index("Bush said")], "en")
    assert kept == [bush]  # written with a capital inside a sentence too: a name


def test_a_mention_of_lower_case_function_words_alone_is_not_a_name():
    from slant.components.entities import without_function_words

    text = "They set up camps there. The US and IT teams were out there with the Who, die Linke and the G7, all of them."
    def mention(surface, occurrence=0):
        start = -1
        for _ in range(occurrence + 1):
            start = text.index(surface, start + 1)
        return Span(start, start + len(surface), "MISC", 0.5)
    spans = [mention("there"), mention("US"), mention("IT"), mention("out there"), mention("the Who"),
             mention("die Linke"), mention("the G7"), mention("teams"), mention("all of them")]
    kept = [text[s.start:s.end] for s in without_function_words(text, spans, "en")]
    assert kept == ["US", "IT", "the Who", "die Linke", "the G7", "teams"]
    assert [text[s.start:s.end] for s in without_function_words(text, spans, None)] == kept
    # the article's language decides: "die" is a German function word, "there" no German one
    die = mention("die")
    assert without_function_words(text, [die, mention("there")], "de") == [mention("there")]
    assert without_function_words(text, [die], "en") == [die]


def test_the_tagger_drops_a_title_opening_common_word_unless_told_not_to(tmp_path):
    from slant.components.encoded import ArticleState, EncodedArticle
    from slant.components.entities import EntityTagger

    text = "Firearms used in Almaty\n\nThe use of firearms grew in Almaty."
    tagger = EntityTagger.__new__(EntityTagger)
    tagger.model_dir = tmp_path / "entities"
    tagger.spans_of_articles = lambda encoded: [[Span(0, 8, "ORG", 0.9), Span(17, 23, "LOC", 0.9)]]

    def tagged() -> list[str]:
        article = slant.Article(text, language="en", title_span=Span(0, 23))
        article.set_layer("sentences", [Span(25, len(text))])
        encoded = EncodedArticle(windows=[], paragraph_probs=[], token_probs=[], pooled=[], token_vectors=[])
        tagger([article], [ArticleState(encoded=encoded)])
        return [text[s.start:s.end] for s in article.layers["entities"]]

    assert tagged() == ["Almaty"]
    tagger.drop_sentence_openers = False
    assert tagged() == ["Firearms", "Almaty"]
