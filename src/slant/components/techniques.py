"""Persuasion-technique tagging: one encoder pass per paragraph window gives paragraph labels
and character spans for the 23 SemEval-2023 techniques, plus a pooled vector per window that
the article classifiers (genre, frames) reuse.

The encoder pass itself is the runtime's (:mod:`slant.runtime.encoder`); this component turns
its technique-head probabilities into paragraph labels and word-aligned spans. Where the models
folder holds a span head (``technique-spans``, a :class:`slant.components.token_head.TokenHead`
over the encoder's token vectors), span extents come from it; the encoder's own token head then
gives the lexicon's check and the scale of a span's confidence.
"""

from __future__ import annotations

import bisect
import json
import logging
import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from slant.components.base import (
    ENCODER,
    TOKEN_VECTORS,
    Component,
    ComponentOptions,
    adapter_digest,
    read_model_config,
)
from slant.components.encoded import ArticleState, Window, paragraph_max
from slant.components.paragraph_context import load_context_head, paragraph_lengths
from slant.components.token_head import TokenHead, head_probabilities
from slant.doc.article import Article, Span
from slant.errors import ConfigError
from slant.ingest.segment import sentence_spans
from slant.ingest.stopwords import language_stopwords

log = logging.getLogger(__name__)


# A lexicon hit counts only where the model's own token probability for that technique is at
# least LEXICON_FLOOR; it then raises the words (and their paragraph) to LEXICON_PROBABILITY.
LEXICON_FLOOR = 0.15
LEXICON_PROBABILITY = 0.6


@lru_cache(maxsize=1)
def load_lexicon() -> dict[str, tuple[re.Pattern[str], dict[str, str]]]:
    """language -> (a pattern matching words that start with a listed prefix, prefix -> technique),
    from data/labels_lexicon.tsv."""
    by_language: dict[str, dict[str, str]] = {}
    text = resources.files("slant").joinpath("data/labels_lexicon.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        language, technique, prefix = line.split("\t")
        by_language.setdefault(language, {})[prefix] = technique
    compiled = {}
    for language, prefixes in by_language.items():
        alternatives = "|".join(re.escape(p) for p in sorted(prefixes, key=len, reverse=True))
        compiled[language] = (re.compile(rf"(?<!\w)({alternatives})[\w-]*", re.IGNORECASE), prefixes)
    return compiled


def lexicon_hits(text: str, start: int, end: int, language: str | None) -> list[tuple[int, int, str]]:
    entry = load_lexicon().get(language or "")
    if entry is None:
        return []
    pattern, prefixes = entry
    return [(m.start(), m.end(), prefixes[m.group(1).lower()]) for m in pattern.finditer(text, start, end)]


def apply_lexicon(
    text: str,
    paragraphs: Sequence[tuple[int, int]],
    windows: Sequence[Window],
    token_probs: list[np.ndarray],
    paragraph_probs: np.ndarray,
    labels: Sequence[str],
    language: str | None,
) -> list[tuple[int, int, str]]:
    """Raise model scores on lexicon words the model already leans towards; returns the hits used."""
    index_of = {label: i for i, label in enumerate(labels)}
    used = []
    for position, window in enumerate(windows):
        para_start, para_end = paragraphs[window.paragraph]
        for hit_start, hit_end, technique in lexicon_hits(text, max(para_start, window.start), min(para_end, window.end), language):
            label = index_of.get(technique)
            if label is None:
                continue
            tokens = (window.char_starts < hit_end) & (window.char_ends > hit_start) & (window.char_starts >= 0)
            if not tokens.any() or token_probs[position][tokens, label].max() < LEXICON_FLOOR:
                continue
            token_probs[position] = token_probs[position].copy()
            token_probs[position][tokens, label] = np.maximum(token_probs[position][tokens, label], LEXICON_PROBABILITY)
            paragraph_probs[window.paragraph, label] = max(paragraph_probs[window.paragraph, label], LEXICON_PROBABILITY)
            used.append((hit_start, hit_end, technique))
    return used


def raise_lexicon_hits(windows: Sequence[Window], token_probs: list[np.ndarray], hits: Sequence[tuple[int, int, str]],
                       labels: Sequence[str]) -> None:
    """Raise the tokens of lexicon ``hits`` (as :func:`apply_lexicon` found them on the encoder's
    token head) to LEXICON_PROBABILITY in other token probabilities, the span head's."""
    index_of = {label: i for i, label in enumerate(labels)}
    for position, window in enumerate(windows):
        for hit_start, hit_end, technique in hits:
            if hit_end <= window.start or hit_start >= window.end:
                continue
            tokens = (window.char_starts < hit_end) & (window.char_ends > hit_start) & (window.char_starts >= 0)
            if tokens.any():
                label = index_of[technique]
                token_probs[position] = token_probs[position].copy()
                token_probs[position][tokens, label] = np.maximum(token_probs[position][tokens, label],
                                                                  LEXICON_PROBABILITY)


_OPENING_MARKS = "“\"«„‘'(‹"


# An apostrophe or hyphen between two letters joins them into one word as a reader sees it:
# "n’exige", "l’Anses", "don’t", "Gilles-Eric".
_WORD_JOINERS = "'’-\u2010\u2011"


def expand_to_words(text: str, start: int, end: int, lower: int, upper: int,
                    joined_words: bool = False) -> tuple[int, int]:
    """``[start, end)`` widened to whole words within ``[lower, upper)``, without an opening quote
    that a subword token carried in but the span does not close. With ``joined_words`` a word runs
    on over an apostrophe or hyphen between letters (a technique span should not end on "n" of
    "n’exige"; an entity ends before the "’s" of a possessive, so entities leave it off)."""
    def joins(index: int) -> bool:
        return (joined_words and text[index] in _WORD_JOINERS and lower < index < upper - 1
                and text[index - 1].isalnum() and text[index + 1].isalnum())

    while start > lower and (text[start - 1].isalnum() or joins(start - 1)):
        start -= 1
    while end < upper and (text[end].isalnum() or joins(end)):
        end += 1
    while start < end and text[start] in _OPENING_MARKS and not any(
            c in "”\"»“’')›" for c in _IN_WORD_APOSTROPHE.sub("", text[start + 1 : end])):
        start += 1
    return start, end


_IN_WORD_APOSTROPHE = re.compile(r"(?<=\w)['’](?=\w)")  # "n’exige" closes no quotation


# What a span does not end on besides function words: spaces, commas, dashes, and the typographic
# opening marks of a quotation it does not close. Straight quotes close as often as they open
# ("called them "traitors""), so they stay.
_TRAILING_MARKS = " \t\n,;:(–—-“«„‘‹"
_LAST_WORD = re.compile(r"(?:^|(?<=\W))\w[\w'’-]*$")
_FIRST_WORD = re.compile(r"\w[\w'’-]*")
# Function words that carry the sense of what comes before them (negations, "without", degree), on
# which a span may end: "… does not", "… is too much", "… agissent sans".
_KEPT_AT_SPAN_END = {
    "en": "no not nor never nothing none more most very too so such few only all",
    "ru": "не нет ни без очень только все всё всего даже",
    "de": "nicht nichts kein keine ohne sehr nur alle alles zu viel so",
    "fr": "ne pas non sans plus très tout tous toutes",
    "it": "non senza più molto solo tutto tutti",
    "pl": "nie bez bardzo tylko",
}


# Elided articles and prepositions ("dell’", "nell’", "un’"), looked up without their apostrophe.
_ELIDED = {"it": "dell nell all dall sull quell un", "fr": "qu jusqu lorsqu puisqu"}


@lru_cache(maxsize=32)
def span_end_words(language: str | None) -> frozenset[str]:
    """The function words of ``language`` ("fr", "en-GB", "RU") a technique span does not end on
    (none for a language slant has no list for)."""
    code = (language or "").lower().replace("_", "-").split("-")[0]
    return (language_stopwords(code) | frozenset(_ELIDED.get(code, "").split())) - frozenset(
        _KEPT_AT_SPAN_END.get(code, "").split())


def trim_function_words(text: str, start: int, end: int, function_words: frozenset[str]) -> tuple[int, int]:
    """``[start, end)`` without the ``function_words`` (:func:`span_end_words`: "de", "the", "est"),
    commas and unclosed opening marks it ends on: a span that stops on "multinationale de" marks
    "multinationale". The span keeps its first word."""
    first = _FIRST_WORD.search(text, start, end)
    if first is None:
        return start, end
    while True:
        while end > first.end() and (text[end - 1] in _TRAILING_MARKS or (
                text[end - 1] in "\"'" and text[end - 2].isspace())):  # a straight quote that opens
            end -= 1
        match = _LAST_WORD.search(text, start, end)
        if match is None or match.start() <= first.start():
            break
        if match.group().lower().rstrip("'’") not in function_words:
            break
        end = match.start()
    return start, end


# Runs of one technique in one paragraph this close (characters) are one span, when spans are read
# from the encoder's token head (a span head's folder sets its own gap). Annotators mark a
# technique as one stretch of text; the token head lights up its loaded words, and the words
# between them are part of the same rhetorical move. On the dev split (2026-12-01) binary span F1
# rose in all six languages, and was flat for gaps from 200 characters to the whole paragraph.
RUN_GAP_CHARS = 400


def decode_spans(
    text: str,
    paragraphs: Sequence[tuple[int, int]],
    windows: Sequence[Window],
    token_probs: Sequence[np.ndarray],
    paragraph_probs: np.ndarray,
    labels: Sequence[str],
    paragraph_thresholds: np.ndarray,
    token_thresholds: np.ndarray,
    run_gap: int | None = RUN_GAP_CHARS,
    score_probs: Sequence[np.ndarray] | None = None,
    function_words: frozenset[str] = frozenset(),
) -> list[Span]:
    """Spans for each (paragraph, technique) the paragraph head accepts, so spans and paragraph
    labels always agree: token runs above the token threshold (runs at most ``run_gap``
    characters apart joined; None: every run of the technique in the paragraph), or else the
    strongest run. A span joined from several runs carries the words of its strongest one as
    ``attrs["focus"]`` (offsets), what a short quote of it should show. A span's score is the
    geometric mean of its paragraph's probability and its tokens' highest probability in
    ``score_probs`` (default: ``token_probs``), the same windows' token probabilities."""
    findings: list[Span] = []
    by_paragraph: dict[int, list[int]] = {}
    for index, window in enumerate(windows):
        by_paragraph.setdefault(window.paragraph, []).append(index)
    for paragraph_index, (para_start, para_end) in enumerate(paragraphs):
        accepted = np.nonzero(paragraph_probs[paragraph_index] >= paragraph_thresholds)[0]
        if not len(accepted):
            continue
        window_indices = by_paragraph.get(paragraph_index, [])
        if not window_indices:
            continue
        starts = np.concatenate([windows[i].char_starts[1:-1] for i in window_indices])
        ends = np.concatenate([windows[i].char_ends[1:-1] for i in window_indices])
        probs = np.concatenate([token_probs[i][1:-1] for i in window_indices])
        scores = probs if score_probs is None else np.concatenate([score_probs[i][1:-1] for i in window_indices])
        for label in accepted:
            column = probs[:, label]
            selected = column >= token_thresholds[label]
            if not selected.any():
                # The paragraph head is confident but no token passed: keep the strongest run.
                peak = float(column.max())
                selected = column >= peak * 0.6
            runs: list[tuple[int, int, int, int]] = []  # joined first, last; its strongest raw run
            position = 0
            count = len(column)
            while position < count:
                if not selected[position]:
                    position += 1
                    continue
                run_start = position
                while position + 1 < count and selected[position + 1]:
                    position += 1
                if runs and (run_gap is None or starts[run_start] - ends[runs[-1][1]] <= run_gap):
                    first, _, peak_first, peak_last = runs[-1]
                    if column[run_start : position + 1].max() > column[peak_first : peak_last + 1].max():
                        peak_first, peak_last = run_start, position
                    runs[-1] = (first, position, peak_first, peak_last)
                else:
                    runs.append((run_start, position, run_start, position))
                position += 1
            paragraph_score = float(paragraph_probs[paragraph_index, label])
            for first, last, peak_first, peak_last in runs:
                start, end = expand_to_words(text, int(starts[first]), int(ends[last]), para_start, para_end,
                                             joined_words=True)
                start, end = trim_function_words(text, start, end, function_words)
                if end <= start:
                    continue
                token_score = float(scores[first : last + 1, label].max())
                attrs = {}
                if (peak_first, peak_last) != (first, last):
                    focus = trim_function_words(text, *expand_to_words(text, int(starts[peak_first]), int(ends[peak_last]),
                                                                       start, end, joined_words=True), function_words)
                    if focus[0] < focus[1] and focus != (start, end):
                        attrs["focus"] = focus
                findings.append(
                    Span(start, end, str(labels[label]), round(float(np.sqrt(paragraph_score * token_score)), 4), attrs)
                )
    return _merge_touching(text, findings)


def _merge_touching(text: str, spans: list[Span]) -> list[Span]:
    """Merge spans of one technique that overlap or are separated only by spaces/punctuation."""
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.label or "", s.start, s.end)):
        if merged and merged[-1].label == span.label:
            previous = merged[-1]
            gap = text[previous.end : span.start]
            if span.start <= previous.end or (len(gap) <= 2 and not any(ch.isalnum() for ch in gap) and "\n" not in gap):
                stronger = span if (span.score or 0) > (previous.score or 0) else previous
                end = max(previous.end, span.end)
                focus = stronger.attrs.get("focus", (stronger.start, stronger.end))
                attrs = {"focus": focus} if focus != (previous.start, end) else {}
                merged[-1] = Span(previous.start, end, previous.label, max(previous.score or 0, span.score or 0), attrs)
                continue
        merged.append(span)
    return sorted(merged, key=lambda s: (s.start, s.end, s.label or ""))


_SPAN_WORD = re.compile(r"\w+")


def span_words(text: str) -> int:
    """Words in a span's text, as :func:`widen_short_spans` and the span head's trainer count them."""
    return len(_SPAN_WORD.findall(text))


def widen_short_spans(text: str, spans: Sequence[Span], sentences: Sequence[tuple[int, int]],
                      min_words: dict[str, int]) -> list[Span]:
    """The spans, those of a technique shorter than its annotators ever mark it (fewer words than
    ``min_words[technique]``) widened to the sentences they lie in. An appeal to hypocrisy or a
    causal oversimplification is an argument: one word of it ("neighbours") shows the reader
    nothing, its sentence does. Spans of one technique that then touch are merged. A longer span's
    focus (what a short quote of it shows) that is this short is widened the same way, within
    the span. A span or focus in no sentence (sentences given for part of the text) stays."""
    if not min_words or not sentences:
        return list(spans)
    ordered = sorted(sentences)
    starts = [start for start, _ in ordered]

    def sentences_around(start: int, end: int) -> tuple[int, int] | None:
        # the sentences overlapping [start, end): from the last one starting before its end, back
        last = bisect.bisect_left(starts, end) - 1
        first = last
        while first >= 0 and ordered[first][1] > start:
            first -= 1
        if first == last:
            return None
        return min(start, ordered[first + 1][0]), max(end, max(e for _, e in ordered[first + 1:last + 1]))

    widened = []
    for span in spans:
        floor = min_words.get(span.label or "", 0)
        focus = span.attrs.get("focus")
        if floor <= 1:
            widened.append(span)
        elif span_words(text[span.start:span.end]) < floor:
            around = sentences_around(span.start, span.end)
            if around is None:
                widened.append(span)
                continue
            attrs = {key: value for key, value in span.attrs.items() if key != "focus"}
            widened.append(Span(*around, span.label, span.score, attrs))
        elif focus and span.start <= focus[0] < focus[1] <= span.end and span_words(text[focus[0]:focus[1]]) < floor:
            around = sentences_around(*focus)
            attrs = {key: value for key, value in span.attrs.items() if key != "focus"}
            if around is not None:
                focus = (max(around[0], span.start), min(around[1], span.end))
            if focus != (span.start, span.end):
                attrs["focus"] = focus
            widened.append(Span(span.start, span.end, span.label, span.score, attrs))
        else:
            widened.append(span)
    return _merge_touching(text, widened)


class TechniqueTagger(Component):
    """Adds the ``techniques`` (spans) and ``paragraph_techniques`` layers from the encoder's
    technique heads, and the paragraph probabilities the article classifiers read."""

    name = "techniques"
    requires = ("paragraphs", "language", ENCODER)
    assigns = ("techniques", "paragraph_techniques", "technique_probs")

    def __init__(self, model_dir: Path, precision_first: bool = False, use_lexicon: bool = True,
                 span_head_dir: Path | None = None) -> None:
        self.model_dir = Path(model_dir)
        config = read_model_config(self.model_dir, "techniques")
        self.encoder_model = self.model_dir.name
        self.model_name = self.model_dir.name
        self.labels: list[str] = list(config["labels"])
        self.paragraph_thresholds = np.array(config["paragraph_thresholds"], dtype=np.float32)
        self.precision_thresholds = np.array(config["precision_thresholds"], dtype=np.float32)
        self.token_thresholds = np.array(config["token_thresholds"], dtype=np.float32)
        self.context_head = load_context_head(self.model_dir)  # None: paragraphs scored on their own
        self.precision_first = precision_first
        self.use_lexicon = use_lexicon
        self.requires: tuple[str, ...] = ("paragraphs", "language", ENCODER)
        self.span_head_dir = Path(span_head_dir) if span_head_dir is not None else None
        self._span_head: TokenHead | None = None
        # set from the span head's config; absent from heads fitted before it was measured, whose
        # spans are then shown as decoded
        self.span_min_words: dict[str, int] = {}
        if self.span_head_dir is not None and not reads_this_encoder(self.span_head_dir, self.model_dir):
            log.warning("the span head in %s was fitted on another technique encoder than %s's; spans come "
                        "from the encoder's own token head until it is refit with `slant train technique-spans`",
                        self.span_head_dir, self.model_dir)
            self.span_head_dir = None
        if self.span_head_dir is not None:
            span_config = read_model_config(self.span_head_dir, "technique-spans")
            if list(span_config["labels"]) != self.labels:
                raise ConfigError(f"the span head in {self.span_head_dir} has other technique labels than "
                                  f"{self.model_dir}: retrain it with `slant train technique-spans`")
            self.span_config = span_config
            self.span_thresholds = np.full(len(self.labels), float(span_config["threshold"]), dtype=np.float32)
            self.span_run_gap: int | None = span_config["run_gap_chars"]  # None: the whole paragraph
            self.span_min_words = dict(span_config.get("min_span_words", {}))
            self.requires = ("paragraphs", "language", ENCODER, TOKEN_VECTORS)

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_span_head"] = None  # read again from the folder where it is unpickled
        return state

    def model_version(self) -> str | None:
        version = model_version(self.model_dir)
        if self.span_head_dir is not None:
            version = f"{version}; spans: {model_version(self.span_head_dir)}"
        return version

    @property
    def span_head(self) -> TokenHead | None:
        if self._span_head is None and self.span_head_dir is not None:
            with np.load(self.span_head_dir / "weights.npz") as weights:
                self._span_head = TokenHead(self.labels, {name: weights[name] for name in weights.files},
                                            output="sigmoid", neighbours=self.span_config["neighbours"])
        return self._span_head

    def token_head(self) -> TokenHead | None:
        return self.span_head

    def __call__(self, articles: Sequence[Article], states: Sequence[ArticleState]) -> None:
        thresholds = self.precision_thresholds if self.precision_first else self.paragraph_thresholds
        read = [(article, state) for article, state in zip(articles, states, strict=True) if state.encoded is not None]
        span_probs: list[list[np.ndarray] | None] = [None] * len(read)
        if self.span_head_dir is not None:
            readable = [index for index, (_, state) in enumerate(read)
                        if self.name in state.encoded.head_probs or state.encoded.token_vectors is not None]
            computed = head_probabilities(self.name, [read[index][1].encoded for index in readable],
                                          lambda: self.span_head)
            for index, probs in zip(readable, computed, strict=True):
                span_probs[index] = list(probs)
            if len(readable) < len(read):
                log.warning("%d of %d articles were encoded without the span head's input; their spans come from "
                            "the encoder's own token head", len(read) - len(readable), len(read))
        for (article, state), article_span_probs in zip(read, span_probs, strict=True):
            encoded = state.encoded
            windows = encoded.windows
            paragraphs = [(p.start, p.end) for p in article.paragraphs]
            probs = paragraph_max([w.paragraph for w in windows], encoded.paragraph_probs, len(paragraphs), len(self.labels))
            state.technique_probs = probs.copy()  # before context and lexicon: what the article classifiers see
            if self.context_head is not None:
                probs = self.context_head.apply(probs, paragraph_lengths(paragraphs))
            token_probs = list(encoded.token_probs)
            hits = apply_lexicon(article.text, paragraphs, windows, token_probs, probs, self.labels,
                                 article.language) if self.use_lexicon else []
            token_thresholds, run_gap, encoded_token_probs = self.token_thresholds, RUN_GAP_CHARS, token_probs
            if article_span_probs is not None:
                # The lexicon reads the encoder's token head, as its floor was set with it, so
                # paragraph labels are the same with or without the span head.
                raise_lexicon_hits(windows, article_span_probs, hits, self.labels)
                token_probs, token_thresholds, run_gap = article_span_probs, self.span_thresholds, self.span_run_gap
            # Confidence still reads the encoder's token head, on whose scale --min-confidence was set.
            spans = decode_spans(article.text, paragraphs, windows, token_probs, probs, self.labels, thresholds,
                                 token_thresholds, run_gap, score_probs=encoded_token_probs,
                                 function_words=span_end_words(article.language))
            # The lexicon's evidence is the decoded span's, not the sentence it may be widened to.
            with_evidence = [(span.start, span.end, span.label) for span in spans
                             if any(t == span.label and s < span.end and span.start < e for s, e, t in hits)]
            if article_span_probs is not None and self.span_min_words:
                sentences = [(span.start, span.end) for span in article.layers.get("sentences", [])] or [
                    (span.start, span.end) for span in sentence_spans(article.text, article.paragraphs, article.language)]
                spans = widen_short_spans(article.text, spans, sentences, self.span_min_words)
            findings = []
            for span in spans:
                attrs = {"model": self.model_name, **span.attrs}
                if any(t == span.label and s < span.end and span.start < e for s, e, t in with_evidence):
                    attrs["evidence"] = "model+lexicon"
                findings.append(Span(span.start, span.end, span.label, span.score, attrs))
            article.set_layer("techniques", findings)
            model_tag = {"model": self.model_name}
            paragraph_findings = []
            for index, (start, end) in enumerate(paragraphs):
                for label in np.nonzero(probs[index] >= thresholds)[0]:
                    paragraph_findings.append(
                        Span(start, end, self.labels[label], round(float(probs[index, label]), 4), model_tag)
                    )
            article.set_layer("paragraph_techniques", paragraph_findings)


def reads_this_encoder(head_dir: Path, technique_model: Path) -> bool:
    """Whether the head in ``head_dir`` was fitted on ``technique_model``'s encoder (its meta.json
    records the adapter's hash); a folder that records none is taken as it is."""
    try:
        recorded = json.loads((head_dir / "meta.json").read_text(encoding="utf-8"))["encoder"]["adapter_sha256_16"]
    except (OSError, ValueError, KeyError, TypeError):
        return True
    if not (technique_model / "adapter.safetensors").is_file():
        return True
    return adapter_digest(technique_model) == recorded


def model_version(model_dir: Path) -> str | None:
    """``name (trained <date>)`` from a model folder's meta.json, for provenance."""
    meta = model_dir / "meta.json"
    if not meta.exists():
        return None
    data = json.loads(meta.read_text())
    return f"{data.get('name', model_dir.name)} (trained {data.get('trained_at', '?')})"


def create(options: ComponentOptions) -> TechniqueTagger:
    span_head_dir = options.models_dir / "technique-spans"
    return TechniqueTagger(options.models_dir / "techniques", precision_first=options.precision_first,
                           span_head_dir=span_head_dir if (span_head_dir / "config.json").is_file() else None)
