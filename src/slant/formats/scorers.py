"""Scorers for SemEval-2023 Task 3, written from the task's published definitions.

* Subtask 1 (genre, one label per article): macro-F1 over the genres (official), and accuracy.
* Subtask 2 (frames, many per article): micro-F1 over (article, frame) pairs (official), and macro-F1.
* Subtask 3 (techniques per paragraph): micro-F1 over (article, paragraph, technique) triples
  (official), and macro-F1.
* Technique spans: precision and recall with partial-overlap credit (Da San Martino et al.,
  EMNLP 2019, the PTC / SemEval-2020 Task 11 measure), per technique or ``binary`` (labels ignored).

Conventions, so that edge cases are decided once:

* The items are those of the gold data. A gold item with no prediction counts as predicting
  nothing (reported as ``missing``); a predicted item absent from the gold data is left out of the
  score (reported as ``extra``), so that a run on part of a data set can be scored.
* A ratio with a zero denominator is 0 (no predictions: precision 0; F1 0 when P + R = 0).
* Multi-label macro-F1 (subtasks 2 and 3) averages over the whole label list, as a multi-label
  binarizer fitted on the official list does; labels never seen in gold or predictions count 0.
  Subtask 1 macro-F1 averages over the genres found in gold or predictions.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from slant.doc.article import Span
from slant.errors import SlantError
from slant.formats.semeval import GENRES, frames, techniques

log = logging.getLogger(__name__)


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


def _f1(precision: float, recall: float) -> float:
    return _ratio(2 * precision * recall, precision + recall)


@dataclass(slots=True)
class LabelScore:
    """Figures for one label. For spans, ``true_positive`` is fractional credit, split into the
    precision side (sum of |s∩t|/|s|) and the recall side (sum of |s∩t|/|t|)."""

    label: str
    precision: float
    recall: float
    f1: float
    support: int  # gold items (or gold spans, after merging) with this label
    predicted: int  # predicted items (or spans) with this label
    true_positive: float = 0.0
    true_positive_recall: float | None = None  # spans only: credit on the recall side


@dataclass(slots=True)
class ClassificationScore:
    """Result of subtasks 1, 2 and 3. ``official`` names the task's official figure."""

    subtask: str
    official: str
    micro_precision: float
    micro_recall: float
    micro_f1: float
    macro_f1: float
    accuracy: float | None  # subtask 1 only (equals micro-F1 when nothing is missing)
    items: int  # gold articles (subtasks 1, 2) or gold paragraphs (subtask 3)
    missing: int  # gold items without a prediction, scored as predicting nothing
    extra: int  # predicted items not in gold, left out
    per_label: dict[str, LabelScore] = field(default_factory=dict)

    @property
    def official_score(self) -> float:
        return float(getattr(self, self.official))

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["official_score"] = self.official_score
        return out


@dataclass(slots=True)
class SpanScore:
    """Result of span scoring: precision, recall and F1 with partial-overlap credit."""

    binary: bool
    precision: float
    recall: float
    f1: float
    gold_spans: int  # after merging overlapping spans of one technique (of any, when binary)
    predicted_spans: int
    articles: int  # gold articles
    missing: int  # gold articles without any prediction line
    extra: int  # predicted articles not in gold, left out
    per_label: dict[str, LabelScore] = field(default_factory=dict)

    official = "f1"

    @property
    def official_score(self) -> float:
        return self.f1

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["official_score"] = self.official_score
        return out


def _check_known(predicted: Iterable[str], allowed: Sequence[str], what: str) -> None:
    unknown = sorted(set(predicted) - set(allowed))
    if unknown:
        raise SlantError(
            f"predictions use unknown {what} {', '.join(map(repr, unknown))}; "
            f"use the official names: {', '.join(allowed)}"
        )


def _multilabel_score(
    subtask: str,
    gold: Mapping[Any, Iterable[str]],
    predicted: Mapping[Any, Iterable[str]],
    labels: Sequence[str],
    what: str,
) -> ClassificationScore:
    gold_sets = {key: set(values) for key, values in gold.items()}
    pred_sets = {key: set(values) for key, values in predicted.items() if key in gold_sets}
    _check_known((label for values in pred_sets.values() for label in values), labels, what)
    missing = sum(1 for key in gold_sets if key not in pred_sets)
    extra = sum(1 for key in predicted if key not in gold_sets)
    label_list = list(labels) + sorted({lab for v in gold_sets.values() for lab in v} - set(labels))
    true_pos: dict[str, int] = defaultdict(int)
    support: dict[str, int] = defaultdict(int)
    pred_count: dict[str, int] = defaultdict(int)
    for key, gold_labels in gold_sets.items():
        pred_labels = pred_sets.get(key, set())
        for label in gold_labels:
            support[label] += 1
        for label in pred_labels:
            pred_count[label] += 1
        for label in gold_labels & pred_labels:
            true_pos[label] += 1
    per_label = {}
    for label in label_list:
        precision = _ratio(true_pos[label], pred_count[label])
        recall = _ratio(true_pos[label], support[label])
        per_label[label] = LabelScore(
            label,
            precision,
            recall,
            _f1(precision, recall),
            support[label],
            pred_count[label],
            true_pos[label],
        )
    micro_p = _ratio(sum(true_pos.values()), sum(pred_count.values()))
    micro_r = _ratio(sum(true_pos.values()), sum(support.values()))
    macro = _ratio(sum(score.f1 for score in per_label.values()), len(per_label))
    if missing:
        log.warning(
            "subtask %s: %d of %d gold items have no prediction; scored as predicting nothing",
            subtask,
            missing,
            len(gold_sets),
        )
    return ClassificationScore(
        subtask=subtask,
        official="micro_f1",
        micro_precision=micro_p,
        micro_recall=micro_r,
        micro_f1=_f1(micro_p, micro_r),
        macro_f1=macro,
        accuracy=None,
        items=len(gold_sets),
        missing=missing,
        extra=extra,
        per_label=per_label,
    )


def score_genres(
    gold: Mapping[str, str], predicted: Mapping[str, str], labels: Sequence[str] = GENRES
) -> ClassificationScore:
    """Subtask 1: macro-F1 over the genres present in gold or predictions (official), accuracy."""
    pred = {key: value for key, value in predicted.items() if key in gold}
    _check_known(pred.values(), labels, "genre")
    missing = sum(1 for key in gold if key not in pred)
    extra = sum(1 for key in predicted if key not in gold)
    per_label = {}
    for label in list(labels) + sorted(set(gold.values()) - set(labels)):
        support = sum(1 for value in gold.values() if value == label)
        predicted_n = sum(1 for value in pred.values() if value == label)
        true_pos = sum(1 for key, value in gold.items() if value == label and pred.get(key) == label)
        precision, recall = _ratio(true_pos, predicted_n), _ratio(true_pos, support)
        per_label[label] = LabelScore(
            label, precision, recall, _f1(precision, recall), support, predicted_n, true_pos
        )
    seen = [score for score in per_label.values() if score.support or score.predicted]
    correct = sum(1 for key, value in gold.items() if pred.get(key) == value)
    micro_p = _ratio(correct, len(pred))
    micro_r = _ratio(correct, len(gold))
    if missing:
        log.warning(
            "subtask 1: %d of %d gold articles have no prediction; scored as wrong", missing, len(gold)
        )
    return ClassificationScore(
        subtask="1",
        official="macro_f1",
        micro_precision=micro_p,
        micro_recall=micro_r,
        micro_f1=_f1(micro_p, micro_r),
        macro_f1=_ratio(sum(score.f1 for score in seen), len(seen)),
        accuracy=_ratio(correct, len(gold)),
        items=len(gold),
        missing=missing,
        extra=extra,
        per_label=per_label,
    )


def score_frames(
    gold: Mapping[str, Iterable[str]],
    predicted: Mapping[str, Iterable[str]],
    labels: Sequence[str] | None = None,
) -> ClassificationScore:
    """Subtask 2: micro-F1 over (article, frame) pairs (official), macro-F1 over the frame list."""
    return _multilabel_score("2", gold, predicted, labels or frames(), "frame")


def score_paragraphs(
    gold: Mapping[str, Mapping[int, Iterable[str]]],
    predicted: Mapping[str, Mapping[int, Iterable[str]]],
    labels: Sequence[str] | None = None,
) -> ClassificationScore:
    """Subtask 3: micro-F1 over (article, paragraph, technique) triples (official), macro-F1.

    Items are the gold paragraphs; ``missing`` counts gold paragraphs absent from the predictions.
    """
    gold_flat = {
        (aid, number): values for aid, paragraphs in gold.items() for number, values in paragraphs.items()
    }
    pred_flat = {
        (aid, number): values
        for aid, paragraphs in predicted.items()
        for number, values in paragraphs.items()
    }
    return _multilabel_score("3", gold_flat, pred_flat, labels or techniques(), "technique")


# -- spans ------------------------------------------------------------------------------------
def merge_overlapping(spans: Iterable[Span], ignore_labels: bool = False) -> list[Span]:
    """Merge spans that overlap (share at least one character) and carry the same label.

    With ``ignore_labels`` every span is merged with every overlapping one and labelled ``None``.
    Empty spans are dropped: they cover nothing and can earn no credit. Touching spans
    (``a.end == b.start``) do not overlap and stay apart.
    """
    by_label: dict[str | None, list[Span]] = defaultdict(list)
    for span in spans:
        if span.end > span.start:
            by_label[None if ignore_labels else span.label].append(span)
    merged: list[Span] = []
    for label, group in by_label.items():
        group.sort(key=lambda s: (s.start, s.end))
        start, end = group[0].start, group[0].end
        for span in group[1:]:
            if span.start < end:
                end = max(end, span.end)
            else:
                merged.append(Span(start, end, label))
                start, end = span.start, span.end
        merged.append(Span(start, end, label))
    merged.sort(key=lambda s: (s.start, s.end, s.label or ""))
    return merged


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def score_spans(
    gold: Mapping[str, Iterable[Span]],
    predicted: Mapping[str, Iterable[Span]],
    binary: bool = False,
    labels: Sequence[str] | None = None,
) -> SpanScore:
    """Span precision, recall and F1 with partial-overlap credit (Da San Martino et al., 2019).

    Per article, overlapping spans of one technique are merged first (in gold and predictions).
    Then P = Σ_s Σ_t |s∩t| / |s|, over predicted spans s and gold spans t of the same technique,
    divided by the number of predicted spans; R = Σ_t Σ_s |s∩t| / |t| divided by the number of
    gold spans; F1 is their harmonic mean. ``binary`` ignores techniques: all spans of an article
    are merged whatever their label, and any overlap earns credit.
    """
    if not binary:
        _check_known(
            (s.label or "" for aid, spans in predicted.items() if aid in gold for s in spans),
            labels or techniques(),
            "technique",
        )
    missing = sum(1 for aid in gold if aid not in predicted)
    extra = sum(1 for aid in predicted if aid not in gold)
    credit_p: dict[str | None, float] = defaultdict(float)
    credit_r: dict[str | None, float] = defaultdict(float)
    n_gold: dict[str | None, int] = defaultdict(int)
    n_pred: dict[str | None, int] = defaultdict(int)
    for aid, gold_spans in gold.items():
        gold_merged = merge_overlapping(gold_spans, ignore_labels=binary)
        pred_merged = merge_overlapping(predicted.get(aid, ()), ignore_labels=binary)
        for span in gold_merged:
            n_gold[span.label] += 1
        for span in pred_merged:
            n_pred[span.label] += 1
        gold_by_label: dict[str | None, list[Span]] = defaultdict(list)
        for span in gold_merged:
            gold_by_label[span.label].append(span)
        for s in pred_merged:
            for t in gold_by_label.get(s.label, ()):
                shared = _overlap(s, t)
                if shared:
                    credit_p[s.label] += shared / len(s)
                    credit_r[s.label] += shared / len(t)
    label_names = sorted(set(n_gold) | set(n_pred), key=lambda lab: lab or "")
    per_label: dict[str, LabelScore] = {}
    for label in label_names:
        precision = _ratio(credit_p[label], n_pred[label])
        recall = _ratio(credit_r[label], n_gold[label])
        name = label if label is not None else "any"
        per_label[name] = LabelScore(
            name,
            precision,
            recall,
            _f1(precision, recall),
            n_gold[label],
            n_pred[label],
            credit_p[label],
            credit_r[label],
        )
    precision = _ratio(sum(credit_p.values()), sum(n_pred.values()))
    recall = _ratio(sum(credit_r.values()), sum(n_gold.values()))
    if missing:
        log.info("spans: %d of %d gold articles have no predicted span", missing, len(gold))
    return SpanScore(
        binary=binary,
        precision=precision,
        recall=recall,
        f1=_f1(precision, recall),
        gold_spans=sum(n_gold.values()),
        predicted_spans=sum(n_pred.values()),
        articles=len(gold),
        missing=missing,
        extra=extra,
        per_label=per_label,
    )
