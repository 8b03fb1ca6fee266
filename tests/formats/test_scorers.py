"""Scorers on small hand-made cases; every expected figure is worked out by hand in the comments."""

from __future__ import annotations

import pytest

from slant.doc.article import Span
from slant.errors import SlantError
from slant.formats.scorers import merge_overlapping, score_frames, score_genres, score_paragraphs, score_spans


def D(start: int, end: int) -> Span:
    return Span(start, end, "Doubt")


def S(start: int, end: int) -> Span:
    return Span(start, end, "Slogans")


def L(start: int, end: int) -> Span:
    return Span(start, end, "Loaded_Language")


# -- subtask 1 --------------------------------------------------------------------------------
def test_genres_macro_f1_accuracy_and_missing():
    gold = {"1": "opinion", "2": "opinion", "3": "satire", "4": "reporting"}
    pred = {"1": "opinion", "2": "satire", "3": "satire", "9": "opinion"}  # 4 missing, 9 extra
    result = score_genres(gold, pred)
    # opinion: tp 1, predicted 1, gold 2 -> P 1, R 1/2, F1 2/3
    # satire: tp 1, predicted 2, gold 1 -> P 1/2, R 1, F1 2/3
    # reporting: tp 0, never predicted -> F1 0
    assert result.per_label["opinion"].f1 == pytest.approx(2 / 3)
    assert result.per_label["satire"].precision == pytest.approx(0.5)
    assert result.per_label["reporting"].f1 == 0
    assert result.macro_f1 == pytest.approx(4 / 9)
    assert result.official == "macro_f1" and result.official_score == pytest.approx(4 / 9)
    assert result.accuracy == pytest.approx(2 / 4)  # the missing article counts as wrong
    assert (result.items, result.missing, result.extra) == (4, 1, 1)


def test_genres_macro_averages_only_genres_seen():
    result = score_genres({"1": "opinion", "2": "opinion"}, {"1": "opinion", "2": "opinion"})
    assert result.macro_f1 == 1.0 and result.accuracy == 1.0


def test_genres_reject_unknown_predictions():
    with pytest.raises(SlantError, match="unknown genre 'news'"):
        score_genres({"1": "opinion"}, {"1": "news"})


# -- subtask 2 --------------------------------------------------------------------------------
def test_frames_micro_and_macro():
    gold = {"1": ["Economic", "Morality"], "2": ["Political"]}
    pred = {"1": ["Economic"], "2": ["Political", "Morality"]}
    result = score_frames(gold, pred)
    # pairs: gold 3, predicted 3, correct 2 -> P = R = F1 = 2/3
    assert result.micro_precision == pytest.approx(2 / 3)
    assert result.micro_recall == pytest.approx(2 / 3)
    assert result.micro_f1 == pytest.approx(2 / 3)
    # per frame F1: Economic 1, Political 1, Morality 0, the 11 others 0 -> 2/14
    assert result.macro_f1 == pytest.approx(2 / 14)
    assert result.official_score == result.micro_f1


def test_frames_empty_predictions_score_zero():
    result = score_frames({"1": ["Economic"]}, {})
    assert (result.micro_f1, result.macro_f1, result.missing) == (0.0, 0.0, 1)


# -- subtask 3 --------------------------------------------------------------------------------
def test_paragraphs_micro_macro_with_missing_paragraphs():
    gold = {
        "a": {1: ["Doubt"], 3: [], 5: ["Slogans", "Doubt"]},
        "b": {1: ["Loaded_Language"]},
    }
    pred = {
        "a": {1: ["Doubt"], 5: ["Slogans", "Loaded_Language"]},  # paragraph 3 missing
        "c": {1: ["Doubt"]},  # not in gold: left out
    }  # article b missing entirely
    result = score_paragraphs(gold, pred)
    # correct triples: (a,1,Doubt), (a,5,Slogans) = 2; predicted 3; gold 4
    assert result.micro_precision == pytest.approx(2 / 3)
    assert result.micro_recall == pytest.approx(2 / 4)
    assert result.micro_f1 == pytest.approx(4 / 7)  # 2 * 2/3 * 1/2 / (2/3 + 1/2)
    # Doubt F1 2/3 (P 1, R 1/2), Slogans 1, Loaded_Language 0, 20 others 0 -> (5/3) / 23
    assert result.per_label["Doubt"].f1 == pytest.approx(2 / 3)
    assert result.macro_f1 == pytest.approx(5 / 69)
    assert (result.items, result.missing, result.extra) == (4, 2, 1)


def test_paragraphs_perfect_and_empty():
    gold = {"a": {1: ["Doubt"], 2: []}}
    assert score_paragraphs(gold, gold).micro_f1 == 1.0
    empty = score_paragraphs(gold, {})
    assert (empty.micro_f1, empty.missing) == (0.0, 2)


# -- spans ------------------------------------------------------------------------------------
def test_merge_overlapping_per_label():
    merged = merge_overlapping([D(0, 6), D(4, 10), D(10, 12), S(5, 7), D(3, 3)])
    # D(0,6)+D(4,10) overlap; D(10,12) only touches; S stays apart; the empty span goes
    assert merged == [D(0, 10), S(5, 7), D(10, 12)]
    assert merge_overlapping([D(0, 5), S(3, 8)], ignore_labels=True) == [Span(0, 8)]


def test_spans_perfect_match():
    gold = {"a": [D(0, 10), S(20, 30)]}
    result = score_spans(gold, gold)
    assert (result.precision, result.recall, result.f1) == (1.0, 1.0, 1.0)


def test_spans_empty_predictions():
    result = score_spans({"a": [D(0, 10)], "b": []}, {})
    assert (result.precision, result.recall, result.f1) == (0.0, 0.0, 0.0)
    assert (result.gold_spans, result.predicted_spans, result.missing) == (1, 0, 2)


def test_spans_partial_overlap():
    # |s ∩ t| = 5: P = 5/10, R = 5/10
    result = score_spans({"a": [D(0, 10)]}, {"a": [D(5, 15)]})
    assert (result.precision, result.recall, result.f1) == (0.5, 0.5, 0.5)


def test_spans_one_prediction_over_two_gold_spans():
    # s = [0,10) covers t1 = [0,4) and t2 = [6,10): P = (4 + 4)/10 = 0.8; R = (4/4 + 4/4)/2 = 1
    result = score_spans({"a": [D(0, 4), D(6, 10)]}, {"a": [D(0, 10)]})
    assert result.precision == pytest.approx(0.8)
    assert result.recall == pytest.approx(1.0)
    assert result.f1 == pytest.approx(2 * 0.8 / 1.8)


def test_spans_overlapping_predictions_are_merged_first():
    # [0,6) and [4,10) merge into [0,10) = the gold span. Unmerged, recall would be 6/10 + 6/10 = 1.2.
    result = score_spans({"a": [D(0, 10)]}, {"a": [D(0, 6), D(4, 10)]})
    assert (result.precision, result.recall, result.predicted_spans) == (1.0, 1.0, 1)


def test_spans_need_the_same_technique_unless_binary():
    gold = {"a": [D(0, 5), S(3, 8)]}
    pred = {"a": [L(0, 8)]}
    assert score_spans(gold, pred).f1 == 0.0
    binary = score_spans(gold, pred, binary=True)
    # binary: gold merges into [0,8) whatever the labels -> exact match
    assert (binary.precision, binary.recall, binary.gold_spans) == (1.0, 1.0, 1)
    assert list(binary.per_label) == ["any"]


def test_spans_micro_over_techniques_with_per_label_details():
    gold = {"a": [D(0, 10), S(20, 30)], "empty": []}
    pred = {"a": [D(0, 10), S(20, 25), S(40, 50)], "empty": [L(0, 4)], "other": [D(0, 3)]}
    result = score_spans(gold, pred)
    # P credit: D 1 + S 5/5 + S 0 + L 0 = 2 over 4 predicted spans ("other" is not gold: left out)
    # R credit: D 10/10 + S 5/10 = 1.5 over 2 gold spans
    assert result.precision == pytest.approx(2 / 4)
    assert result.recall == pytest.approx(1.5 / 2)
    assert result.f1 == pytest.approx(2 * 0.5 * 0.75 / 1.25)
    slogans = result.per_label["Slogans"]
    assert (slogans.precision, slogans.recall, slogans.support, slogans.predicted) == (0.5, 0.5, 1, 2)
    assert result.per_label["Loaded_Language"].support == 0
    assert (result.extra, result.missing) == (1, 0)


def test_spans_reject_unknown_techniques():
    with pytest.raises(SlantError, match="unknown technique 'Lies'"):
        score_spans({"a": [D(0, 1)]}, {"a": [Span(0, 1, "Lies")]})


def test_results_serialise_with_official_score():
    data = score_spans({"a": [D(0, 10)]}, {"a": [D(5, 15)]}).to_dict()
    assert data["official_score"] == 0.5 and data["per_label"]["Doubt"]["true_positive"] == 0.5
