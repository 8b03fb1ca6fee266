"""Named entities (people, organisations, places, other names) as character spans, read from the
technique encoder's own pass: a small head over each token's vectors (``TokenHead``: a GELU
layer and convolutions over the window's tokens), decoded with IOB2 constraints, then the
mentions of one entity grouped within the article ("Алма-Аты" / "Алма-Ата", "Kazachstanu" /
"Kazachstan", "Tokayev" / "Kassym-Jomart Tokayev") under a canonical name.

The head is a model folder (``config.json`` with the labels, ``weights.npz``), trained by
``slant train entities`` on the encoder's int8 outputs, so it reads exactly what it was fitted on.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from slant.components.base import ENCODER, TOKEN_VECTORS, Component, ComponentOptions, read_model_config
from slant.components.encoded import ArticleState, Window
from slant.components.techniques import expand_to_words, model_version
from slant.components.token_head import TokenHead, head_probabilities
from slant.doc.article import Article, Span
from slant.ingest.stopwords import any_language_stopwords, language_stopwords

log = logging.getLogger(__name__)

ENTITY_TYPES = ("PER", "ORG", "LOC", "MISC")
# Languages whose words inflect at the end: mentions are grouped by a shared word prefix.
_SHORTEST_STEM = 3


class EntityHead(TokenHead):
    """IOB2 tag probabilities (a softmax over the tags) per token, with the tags' allowed steps."""

    def __init__(self, labels: Sequence[str], arrays: dict[str, np.ndarray], neighbours: bool = True) -> None:
        super().__init__(labels, arrays, output="softmax", neighbours=neighbours)
        self.allowed = transition_mask(self.labels)


def transition_mask(labels: Sequence[str]) -> np.ndarray:
    """(from, to) True where IOB2 allows ``to`` after ``from``: I-X only after B-X or I-X."""
    allowed = np.ones((len(labels), len(labels)), dtype=bool)
    for to, label in enumerate(labels):
        if label.startswith("I-"):
            kind = label[2:]
            for source, previous in enumerate(labels):
                allowed[source, to] = previous in (f"B-{kind}", f"I-{kind}")
    return allowed


# Windows whose best tags break IOB2 are decoded together, this many at a time, sorted by length.
VITERBI_BATCH = 64


def best_paths(sequences: Sequence[np.ndarray], allowed: np.ndarray, labels: Sequence[str]) -> list[np.ndarray]:
    """The most probable tag sequence that IOB2 allows (none starts with I-X) for each of many
    (tokens, labels) probability arrays. The tags' scores add up with no transition
    scores, only forbidden steps: when each token's most probable tag already makes an allowed
    sequence (most windows), it is the best one. The others run one dynamic programme per batch,
    position by position over all of the batch's windows."""
    inside = np.array([label.startswith("I-") for label in labels])
    paths: list[np.ndarray | None] = [None] * len(sequences)
    repair: list[int] = []
    for index, probs in enumerate(sequences):
        best = probs.argmax(axis=1)
        if not len(best) or (not inside[best[0]] and bool(allowed[best[:-1], best[1:]].all())):
            paths[index] = best
        else:
            repair.append(index)
    repair.sort(key=lambda i: len(sequences[i]))
    penalty = np.where(allowed, 0.0, -1e9)
    start_scores = np.where(inside, -1e9, 0.0)
    identity = np.arange(len(labels))
    for first in range(0, len(repair), VITERBI_BATCH):
        batch = repair[first:first + VITERBI_BATCH]
        lengths = np.array([len(sequences[i]) for i in batch])
        longest = int(lengths.max())
        log_probs = np.zeros((len(batch), longest, len(labels)), dtype=np.float32)
        for row, index in enumerate(batch):
            log_probs[row, : lengths[row]] = np.log(np.clip(sequences[index], 1e-9, 1.0))
        score = log_probs[:, 0] + start_scores
        back = np.empty((longest, len(batch), len(labels)), dtype=np.int64)
        back[0] = identity
        for position in range(1, longest):
            candidates = score[:, :, None] + penalty
            step_back = candidates.argmax(axis=1)
            step_score = candidates.max(axis=1) + log_probs[:, position]
            # A window that has ended keeps its score, and its back pointers lead to itself.
            active = (position < lengths)[:, None]
            back[position] = np.where(active, step_back, identity)
            score = np.where(active, step_score, score)
        tags = score.argmax(axis=1)
        path = np.empty((longest, len(batch)), dtype=np.int64)
        path[-1] = tags
        rows = np.arange(len(batch))
        for position in range(longest - 1, 0, -1):
            tags = back[position, rows, tags]
            path[position - 1] = tags
        for row, index in enumerate(batch):
            paths[index] = path[: lengths[row], row]
    return paths  # type: ignore[return-value]


_CLOSERS = {")": "(", "]": "[", "»": "«", "”": "“", "’": "‘", '"': '"', "'": "'"}
# Words a name ends on with their dot ("Apple Inc.", "Martin Luther King Jr.").
_DOTTED_ENDINGS = frozenset({"Inc", "Ltd", "Co", "Corp", "Bros", "Jr", "Sr", "St"})
# A German regnal number is written with its dot ("Ludwig IX.", "Papst Paul VI.").
_ROMAN = re.compile(r"[IVXL]+")


def _owns_its_dot(word: str) -> bool:
    return "." in word or (len(word) == 1 and word.isupper()) or word in _DOTTED_ENDINGS or bool(_ROMAN.fullmatch(word))


def trim_punctuation(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without the punctuation and spaces a tagged subword carried in at its
    end ("Indien.", "ARD).", "Reuters ,"): a name keeps a closing bracket or quote it opened and
    the final dot of an abbreviation or a regnal number ("U.S.", "J.", "Inc.", "Ludwig IX.")."""
    while end > start:
        last = text[end - 1]
        if last.isspace() or last in ",;:!?":
            end -= 1
        elif last == ".":
            words = text[start:end - 1].split()
            if words and _owns_its_dot(words[-1]):
                break
            end -= 1
        elif last in _CLOSERS:
            before = text[start:end - 1]
            opened = before.count(last) % 2 == 1 if _CLOSERS[last] == last else _CLOSERS[last] in before
            if opened:
                break
            end -= 1
        else:
            break
    return start, end


def decode_window(text: str, window: Window, probs: np.ndarray, labels: Sequence[str],
                  allowed: np.ndarray, path: np.ndarray | None = None) -> list[Span]:
    """Entity spans of one window: its content tokens' best IOB2 path (``path``, when decoded
    already with its neighbours by :func:`best_paths`), as word-aligned spans."""
    content = probs[1:-1]
    if not len(content):
        return []
    if path is None:
        path = best_paths([content], allowed, labels)[0]
    tags = [labels[tag] for tag in path.tolist()]
    chosen = content[np.arange(len(path)), path].tolist()
    starts, ends = window.char_starts[1:-1], window.char_ends[1:-1]
    spans: list[Span] = []
    position = 0
    while position < len(tags):
        label = tags[position]
        if not label.startswith("B-"):
            position += 1
            continue
        kind, first = label[2:], position
        inside = f"I-{kind}"
        position += 1
        while position < len(tags) and tags[position] == inside:
            position += 1
        start, end = trim_punctuation(text, *expand_to_words(text, int(starts[first]), int(ends[position - 1]),
                                                             0, len(text)))
        if end > start:
            confidence = sum(chosen[first:position]) / (position - first)
            spans.append(Span(start, end, kind, round(confidence, 4)))
    return spans


# -- grouping mentions ---------------------------------------------------------------------


def _words(surface: str) -> list[str]:
    return [word for word in surface.casefold().replace("’", "'").split() if word]


def _same_word(a: str, b: str) -> bool:
    """Equal, or the same word inflected: a shared prefix that leaves at most three letters."""
    if a == b:
        return True
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return common >= max(_SHORTEST_STEM, min(len(a), len(b)) - 3) and abs(len(a) - len(b)) <= 3


def _same_entity(a: Sequence[str], b: Sequence[str], label: str) -> bool:
    if len(a) == len(b):
        return all(_same_word(x, y) for x, y in zip(a, b, strict=True))
    if label == "PER":  # a surname alone refers to the full name
        shorter, longer = (a, b) if len(a) < len(b) else (b, a)
        return len(shorter) == 1 and _same_word(shorter[0], longer[-1])
    return False


def _stem(word: str) -> str:
    """What two words :func:`_same_word` calls the same always share."""
    return word[:_SHORTEST_STEM]


def _stems(label: str | None, words: Sequence[str]) -> list[tuple]:
    """The keys a form is filed under for :func:`group_mentions`' lookup."""
    stems: list[tuple] = [("first", label, len(words), _stem(words[0]) if words else "")]
    if label == "PER" and words:
        stems.append(("surname", _stem(words[-1])))
        if len(words) == 1:
            stems.append(("alone", _stem(words[0])))
    return stems


def _lookup_stems(label: str | None, words: Sequence[str]) -> list[tuple]:
    """The keys under which the forms :func:`_same_entity` may match ``words`` are filed."""
    stems: list[tuple] = [("first", label, len(words), _stem(words[0]) if words else "")]
    if label == "PER" and words:
        # a surname alone against full names ending in it, and a full name against surnames alone
        stems.append(("surname", _stem(words[0])) if len(words) == 1 else ("alone", _stem(words[-1])))
    return stems


# A mention tagged with less confidence than this may take the label of the same form's other
# mentions; surer ones keep their own ("Washington said Washington": a person and a place).
RELABEL_BELOW = 0.6
# A mention whose tags the head chose with less mean probability than this is left out. Over the
# 14 held-out entity files (500 sentences each) floors of 0, 0.4, 0.5 and 0.6 scored a mean F1 of
# 0.774, 0.778, 0.776 and 0.772; on the next 1,000 held-out sentences of the 12 larger files, 0.822
# without a floor and 0.825 at 0.4 (docs/experiments.md, "A confidence floor for entity mentions").
MIN_MENTION_CONFIDENCE = 0.4


def sure_mentions(text: str, spans: Sequence[Span]) -> list[Span]:
    """The spans at or over :data:`MIN_MENTION_CONFIDENCE`, and unsure ones whose form the article
    also has as a sure mention (those :func:`consistent_labels` then labels like it)."""
    sure_forms = {tuple(_words(text[s.start:s.end])) for s in spans if (s.score or 0.0) >= MIN_MENTION_CONFIDENCE}
    return [s for s in spans if (s.score or 0.0) >= MIN_MENTION_CONFIDENCE
            or tuple(_words(text[s.start:s.end])) in sure_forms]


_EDGE_PUNCTUATION = ".,;:!?\"'()[]«»“”„‘’‹›"


def without_function_words(text: str, spans: Sequence[Span], language: str | None) -> list[Span]:
    """The spans, less mentions made only of function words written in lower case ("there",
    "out there"): no name in these languages is written so, but "US", "IT" or "the G7" stays.
    The article's language's function words, or all six languages' when it is not known."""
    stopwords = language_stopwords(language) or any_language_stopwords()

    def is_function_words(span: Span) -> bool:
        # split on spaces, not on letters: "G7" or "15-M" is a token a function word cannot be
        words = [token.strip(_EDGE_PUNCTUATION) for token in text[span.start:span.end].split()]
        words = [word for word in words if word]
        return bool(words) and all(word.isalpha() and word.islower() and word in stopwords for word in words)

    return [span for span in spans if not is_function_words(span)]


# Languages that capitalise every noun: a capital at a sentence start says nothing there either,
# but the same word in lower case elsewhere is then another part of speech, not the same word.
CAPITALISED_NOUN_LANGUAGES = frozenset({"de", "lb"})
_LEADING_MARKS = "\"'“”„«»‘’‹›([-–— "


def sentence_initial_common_words(text: str, spans: Sequence[Span], sentence_starts: Iterable[int],
                                  language: str | None) -> list[Span]:
    """The spans, less one-word mentions that open a sentence (a capital there is no sign of a
    name) when the article also writes that word in lower case and never with a capital inside a
    sentence: "Firearms used in Almaty" above "the use of firearms", "Police said" beside "the
    police"; but "Bush said" stays where the article has "met Bush" as well as "bush fires"."""
    if language in CAPITALISED_NOUN_LANGUAGES:
        return list(spans)
    starts = set()
    for start in sentence_starts:
        while start < len(text) and text[start] in _LEADING_MARKS:
            start += 1
        starts.add(start)
    candidates = [s for s in spans if s.start in starts and _is_capitalised_word(text[s.start:s.end])]
    if not candidates:
        return list(spans)
    lower_case_words: set[str] = set()
    capitalised_inside: set[str] = set()  # forms written with a capital away from a sentence start
    for match in _WORD.finditer(text):
        word = match.group()
        if word.islower():
            lower_case_words.add(word)
        elif match.start() not in starts:
            capitalised_inside.add(word)
    drop = set()
    for span in candidates:
        surface = text[span.start:span.end]
        if surface.lower() in lower_case_words and surface not in capitalised_inside:
            drop.add(id(span))
    return [s for s in spans if id(s) not in drop]


_WORD = re.compile(r"(?<![\w-])[^\W\d_]+(?![\w-])")


def _is_capitalised_word(surface: str) -> bool:
    return len(surface) > 1 and surface.isalpha() and surface[0].isupper() and surface[1:].islower()


def consistent_labels(text: str, spans: Iterable[Span]) -> list[Span]:
    """The spans, where a form is tagged with different labels in one article, its unsure
    mentions (under :data:`RELABEL_BELOW`) under the label with the most confidence summed over
    the form's mentions: a name usually names one thing in one article, and "then Alma-Ata,
    despite …" tagged a person at 0.53 takes the place its surer mentions agree on."""
    spans = list(spans)
    votes: dict[tuple[str, ...], dict[str | None, float]] = {}
    forms = []
    for span in spans:
        form = tuple(_words(text[span.start:span.end]))
        forms.append(form)
        by_label = votes.setdefault(form, {})
        by_label[span.label] = by_label.get(span.label, 0.0) + (span.score or 0.0)
    out = []
    for span, form in zip(spans, forms, strict=True):
        by_label = votes[form]
        label = span.label
        if len(by_label) > 1 and (span.score or 0.0) < RELABEL_BELOW:
            best = max(by_label, key=lambda candidate: by_label[candidate])
            label = best if by_label[best] > by_label[span.label] else span.label
        out.append(span if label == span.label else Span(span.start, span.end, label, span.score, dict(span.attrs)))
    return out


def group_mentions(text: str, spans: Iterable[Span]) -> tuple[list[Span], list[dict[str, Any]]]:
    """Spans with ``attrs["group"]`` set, and the groups: id, label, canonical name, mentions.
    The canonical name is the most frequent surface form among the mentions with most words.
    A form tagged with different labels first takes one (:func:`consistent_labels`)."""
    groups: list[dict[str, Any]] = []
    grouped: list[Span] = []
    # A form seen before joins the group it joined then, without comparing it again.
    joined: dict[tuple[str | None, tuple[str, ...]], dict[str, Any]] = {}
    # Forms that can be the same entity share the stem of their first word (at equal length) or,
    # for people, of their surname: groups are looked up by those stems, not all compared.
    by_stem: dict[tuple, set[int]] = defaultdict(set)
    for span in sorted(consistent_labels(text, spans), key=lambda s: (s.start, s.end)):
        surface = " ".join(text[span.start:span.end].split())
        words = _words(surface)
        key = (span.label, tuple(words))
        group = joined.get(key)
        if group is None:
            candidates = set().union(*(by_stem.get(stem, ()) for stem in _lookup_stems(span.label, words)))
            for index in sorted(candidates):
                if any(_same_entity(words, other, span.label) for other in groups[index]["distinct"]):
                    group = groups[index]
                    break
            else:
                index = len(groups)
                group = {"id": f"e{index + 1}", "label": span.label, "forms": [], "surfaces": [],
                         "distinct": set()}
                groups.append(group)
            joined[key] = group
            group["distinct"].add(key[1])
            for stem in _stems(span.label, words):
                by_stem[stem].add(index)
        group["forms"].append(words)
        group["surfaces"].append(surface)
        grouped.append(Span(span.start, span.end, span.label, span.score, {**span.attrs, "group": group["id"]}))
    summary = []
    for group in groups:
        longest = max(len(form) for form in group["forms"])
        candidates = [s for s, form in zip(group["surfaces"], group["forms"], strict=True) if len(form) == longest]
        counts = Counter(candidates)
        first_seen: dict[str, int] = {}
        for position, surface in enumerate(candidates):
            first_seen.setdefault(surface, position)
        # most frequent, then shortest (inflected forms add endings), then first seen
        name = max(counts, key=lambda s: (counts[s], -len(s), -first_seen[s]))
        summary.append({"id": group["id"], "label": group["label"], "name": name, "mentions": len(group["surfaces"])})
    return grouped, summary


class EntityTagger(Component):
    """Adds the ``entities`` layer (PER, ORG, LOC, MISC spans with a confidence and a group) and
    ``labels["entities"]`` (the groups with their canonical names)."""

    name = "entities"
    requires = ("paragraphs", "language", ENCODER, TOKEN_VECTORS)
    assigns = ("entities",)
    # whether sentence_initial_common_words applies (`bench/entities.py --keep-sentence-openers`
    # turns it off on an instance, to measure what it does)
    drop_sentence_openers = True

    def __init__(self, model_dir: Path, encoder_model: str = "techniques") -> None:
        self.model_dir = Path(model_dir)
        self.config = read_model_config(self.model_dir, "entities")
        self.labels: list[str] = list(self.config["labels"])
        self.encoder_model = self.config.get("encoder_model", encoder_model)
        self._head: EntityHead | None = None

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_head"] = None  # read again from the folder where it is unpickled
        return state

    def model_version(self) -> str | None:
        return model_version(self.model_dir)

    @property
    def head(self) -> EntityHead:
        if self._head is None:
            with np.load(self.model_dir / "weights.npz") as weights:
                self._head = EntityHead(self.labels, {name: weights[name] for name in weights.files},
                                        neighbours=self.config.get("neighbours", True))
        return self._head

    def token_head(self) -> EntityHead:
        return self.head

    def spans_of_articles(
        self, encoded: Sequence[tuple[str, Sequence[Window], Sequence[np.ndarray]]]
    ) -> list[list[Span]]:
        """Entity spans of each (text, windows, the head's probabilities of each window); the
        windows of all of them go through the decoder together."""
        head = self.head
        every_window = [window for _, windows, _ in encoded for window in windows]
        owners = [owner for owner, (_, windows, _) in enumerate(encoded) for _ in windows]
        probabilities = [probs for _, _, article in encoded for probs in article]
        paths = best_paths([probs[1:-1] for probs in probabilities], head.allowed, self.labels)
        found: list[list[Span]] = [[] for _ in encoded]
        for owner, window, probs, path in zip(owners, every_window, probabilities, paths, strict=True):
            found[owner].extend(decode_window(encoded[owner][0], window, probs, self.labels, head.allowed, path))
        return found

    def __call__(self, articles: Sequence[Article], states: Sequence[ArticleState]) -> None:
        tagged = [(article, state.encoded) for article, state in zip(articles, states, strict=True)
                  if state.encoded is not None
                  and (self.name in state.encoded.head_probs or state.encoded.token_vectors is not None)]
        probabilities = head_probabilities(self.name, [encoded for _, encoded in tagged], lambda: self.head)
        found = self.spans_of_articles([(article.text, encoded.windows, probs)
                                        for (article, encoded), probs in zip(tagged, probabilities, strict=True)])
        model_tag = self.model_dir.name
        for (article, _), spans in zip(tagged, found, strict=True):
            sentence_starts = [s.start for s in article.layers.get("sentences", [])]
            if article.title_span is not None:
                sentence_starts.append(article.title_span.start)
            kept = without_function_words(article.text, sure_mentions(article.text, spans), article.language)
            if self.drop_sentence_openers:
                kept = sentence_initial_common_words(article.text, kept, sentence_starts, article.language)
            grouped, groups = group_mentions(article.text, (
                Span(s.start, s.end, s.label, s.score, {"model": model_tag}) for s in kept))
            article.set_layer("entities", grouped)
            article.labels["entities"] = {"groups": groups, "model": model_tag}


def create(options: ComponentOptions) -> EntityTagger:
    return EntityTagger(options.models_dir / "entities")
