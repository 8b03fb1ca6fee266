"""Token-per-line named-entity files (CoNLL style): reading, writing back, entity scoring.

The layout, UTF-8, plain or gzipped (found by the file's first bytes, not its name)::

    0<TAB>West<TAB>B-MISC          index <TAB> token <TAB> tag   (the index is digits)
    1<TAB>Indian<TAB>I-MISC
                                   a blank line between sentences
    EU<TAB>B-ORG                   or token <TAB> tag
    rejects<TAB>O

Document breaks, a ``-DOCSTART-`` token line (``0<TAB>-DOCSTART-<TAB>O``) or a line without a
tab that starts with ``#`` (``#DOCSTART``, comments), are not sentences: they are kept verbatim,
with the blank lines, in :attr:`Sentence.before` of the sentence that follows them (the last
sentence's :attr:`Sentence.after` holds what ends the file), so :func:`format_conll` writes the
same file back with new tags in the last column.

Tags are IOB2 (``B-``/``I-`` plus a type such as PER, ORG, LOC, MISC; ``O``). IOB1 input (an
entity may start with ``I-``; ``B-`` only where two entities of one type touch) is normalised to
IOB2 on reading, the way conlleval reads chunks: an ``I-X`` after ``O`` or after another type
starts an entity. :func:`entities` and :func:`score` follow the same convention, so they
count what conlleval (and seqeval's default mode) count: exact-match entities, micro-averaged.

For an entity tagger that works on character spans, :func:`sentence_text` joins a sentence's
tokens with single spaces and gives each token's offsets; :func:`tags_from_spans` and
:func:`spans_from_tags` map between spans over that text and token tags.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from slant.errors import BadInputError

OUTSIDE = "O"
DOCSTART = "-DOCSTART-"
LABELS = ("PER", "ORG", "LOC", "MISC")
# The held-out split of the entity data: ~20% of each corpus file's sentences, by a fixed hash.
DEV_SALT = "slant-ner-dev-v1"
DEV_SHARE_PERCENT = 20

Chunk = tuple[int, int, str]  # (start, end, label): token or character offsets, end exclusive
Entity = tuple[int, int, int, str]  # (sentence, start token, end token (exclusive), label)


@dataclass(slots=True)
class Sentence:
    """One sentence of a CoNLL file. ``tags`` are IOB2 (normalised on reading).

    ``indices`` are the index column exactly as written (``None`` for the two-column layout);
    ``before`` the raw lines between the previous sentence and this one (the blank separator,
    document breaks, comments), ``after`` (last sentence only) the raw lines that end the file;
    ``line`` is the 1-based line of the first token, for messages.
    """

    tokens: list[str]
    tags: list[str]
    indices: list[str] | None = None
    before: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)
    line: int = 0

    def __len__(self) -> int:
        return len(self.tokens)

    @property
    def starts_document(self) -> bool:
        """Whether a document break stands before this sentence."""
        return any(_is_document_break(raw) for raw in self.before)


# A document break heads one long file now and then; slant reads at most this many sentences as
# one article, so one break does not make the whole file a single article.
MAX_DOCUMENT_SENTENCES = 100


def _opens_document(raw: str) -> bool:
    """A ``-DOCSTART-`` line (token column or bare), ``#DOCSTART`` or CoNLL-U's ``# newdoc``: a
    mark that a new document begins, unlike other comment lines."""
    stripped = raw.strip()
    if stripped.upper().startswith("#DOCSTART") or stripped.startswith("# newdoc"):
        return True
    return _is_document_break(raw) and not stripped.startswith("#")


def document_numbers(sentences: Sequence[Sentence]) -> list[int]:
    """A document number for each sentence: a new one where a document begins (``-DOCSTART-``,
    ``#DOCSTART``, ``# newdoc``; other comment lines do not count), and every
    :data:`MAX_DOCUMENT_SENTENCES` sentences within one. A file without such marks has one document
    per sentence: nothing says its sentences belong together."""
    opens = [any(_opens_document(raw) for raw in sentence.before) for sentence in sentences]
    if not any(opens):
        return list(range(len(sentences)))
    numbers: list[int] = []
    number, length = -1, 0
    for opened in opens:
        if opened or number < 0 or length >= MAX_DOCUMENT_SENTENCES:
            number, length = number + 1, 0
        numbers.append(number)
        length += 1
    return numbers


# -- tags ---------------------------------------------------------------------------------------
def split_tag(tag: str) -> tuple[str, str | None]:
    """``"B-PER"`` -> ``("B", "PER")``; ``"O"`` -> ``("O", None)``. Raises ValueError otherwise."""
    if tag == OUTSIDE:
        return OUTSIDE, None
    prefix, dash, label = tag.partition("-")
    if not dash or prefix not in ("B", "I") or not label:
        raise ValueError(f"tag {tag!r} is not O, B-<type> or I-<type>")
    return prefix, label


def sentence_chunks(tags: Sequence[str]) -> list[Chunk]:
    """The entities of one sentence's tags as ``(start, end, label)`` token ranges, end exclusive.

    conlleval's reading: ``B-X`` starts an entity, and so does ``I-X`` after ``O`` or after
    another type; ``I-X`` after ``B-X`` or ``I-X`` continues it. Works on IOB1 and IOB2 alike.
    """
    chunks: list[Chunk] = []
    start: int | None = None
    current: str | None = None
    for position, tag in enumerate(tags):
        prefix, label = split_tag(tag)
        begins = prefix == "B" or (prefix == "I" and label != current)
        if start is not None and (prefix == OUTSIDE or begins):
            chunks.append((start, position, current))  # type: ignore[arg-type]
            start, current = None, None
        if begins:
            start, current = position, label
    if start is not None:
        chunks.append((start, len(tags), current))  # type: ignore[arg-type]
    return chunks


def tags_from_chunks(length: int, chunks: Iterable[Chunk]) -> list[str]:
    """IOB2 tags of ``length`` tokens holding the given (non-overlapping) token chunks."""
    tags = [OUTSIDE] * length
    for start, end, label in chunks:
        for position in range(start, end):
            tags[position] = ("B-" if position == start else "I-") + label
    return tags


def to_iob2(tags: Sequence[str]) -> list[str]:
    """IOB1 (or loosely written IOB2) tags as strict IOB2; strict IOB2 comes back unchanged."""
    return tags_from_chunks(len(tags), sentence_chunks(tags))


def entities(tag_sequences: Sequence[Sequence[str]] | Sequence[str]) -> set[Entity]:
    """Every entity as ``(sentence, start, end, label)``, token offsets, end exclusive.

    ``tag_sequences`` holds one tag list per sentence (or :class:`Sentence` objects); a flat
    list of tag strings is taken as a single sentence, number 0.
    """
    if tag_sequences and isinstance(tag_sequences[0], str):
        tag_sequences = [tag_sequences]  # type: ignore[list-item]
    found: set[Entity] = set()
    for number, tags in enumerate(tag_sequences):
        if isinstance(tags, Sentence):
            tags = tags.tags
        for start, end, label in sentence_chunks(tags):  # type: ignore[arg-type]
            found.add((number, start, end, label))
    return found


# -- reading ------------------------------------------------------------------------------------
def _is_document_break(raw: str) -> bool:
    if "\t" not in raw:
        stripped = raw.strip()
        return stripped == DOCSTART or stripped.startswith("#")
    columns = raw.rstrip("\r\n").split("\t")
    return len(columns) in (2, 3) and columns[-2] == DOCSTART


def parse_conll(text: str, source: str = "<string>") -> list[Sentence]:
    """The sentences of a CoNLL file's text (see the module notes for the layout)."""
    sentences: list[Sentence] = []
    pending: list[str] = []  # raw lines waiting for the next sentence
    tokens: list[str] = []
    tags: list[str] = []
    indices: list[str] = []
    layout = 0  # columns of the sentence being read
    first_line = 0

    def close() -> None:
        nonlocal tokens, tags, indices, layout, pending
        if not tokens:
            return
        try:
            normalised = to_iob2(tags)
        except ValueError as exc:  # pragma: no cover - tags were checked line by line
            raise BadInputError(f"{source}: sentence at line {first_line}: {exc}") from exc
        sentences.append(
            Sentence(tokens, normalised, indices if layout == 3 else None, pending, [], first_line)
        )
        tokens, tags, indices, layout, pending = [], [], [], 0, []

    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r")
        if not line.strip() or _is_document_break(line):
            close()
            pending.append(line)
            continue
        columns = line.split("\t")
        if len(columns) == 3 and not columns[0].strip().isdigit():
            raise BadInputError(
                f"{source}: line {number}: three columns, but the first ({columns[0]!r}) is not a token "
                "index; expected index<TAB>token<TAB>tag or token<TAB>tag"
            )
        if len(columns) not in (2, 3):
            raise BadInputError(
                f"{source}: line {number}: {len(columns)} tab-separated column(s) in {line[:60]!r}; "
                "expected index<TAB>token<TAB>tag or token<TAB>tag"
            )
        if layout and len(columns) != layout:
            raise BadInputError(
                f"{source}: line {number}: {len(columns)} columns inside a sentence of {layout}-column lines"
            )
        token, tag = columns[-2], columns[-1].strip()
        if not token:
            raise BadInputError(f"{source}: line {number}: empty token")
        try:
            split_tag(tag)
        except ValueError as exc:
            raise BadInputError(
                f"{source}: line {number}: {exc}; tags are IOB (B-PER, I-ORG, O, ...)"
            ) from exc
        if not tokens:
            first_line = number
        layout = len(columns)
        tokens.append(token)
        tags.append(tag)
        if layout == 3:
            indices.append(columns[0])
    close()
    # The text's final newline leaves one empty "line" after it: not a line of its own.
    if pending and pending[-1] == "" and text.endswith("\n"):
        pending.pop()
    if sentences:
        sentences[-1].after = pending
    return sentences


def read_text(path: str | os.PathLike[str]) -> str:
    """A CoNLL file's text: UTF-8 (a byte-order mark is dropped), gunzipped when gzipped."""
    target = Path(path)
    try:
        data = target.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
    except (OSError, EOFError) as exc:  # gzip errors are OSError (BadGzipFile) or EOFError
        raise BadInputError(f"cannot read {target}: {getattr(exc, 'strerror', None) or exc}") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInputError(f"{target} is not UTF-8 (byte {exc.start}): {exc.reason}") from exc


def read_conll(path: str | os.PathLike[str]) -> list[Sentence]:
    """The sentences of a CoNLL file (``.gz`` or plain), tags normalised to IOB2."""
    sentences = parse_conll(read_text(path), source=str(path))
    if not sentences:
        raise BadInputError(f"{path}: no sentences in the file (only blank lines or document breaks, or empty)")
    return sentences


# -- writing ------------------------------------------------------------------------------------
def format_conll(sentences: Sequence[Sentence], tags: Sequence[Sequence[str]] | None = None) -> str:
    """The text of a CoNLL file holding ``sentences`` with ``tags`` (default: their own) in the
    last column, laid out as read: index column, sentence breaks and document breaks kept."""
    if tags is not None and len(tags) != len(sentences):
        raise ValueError(f"{len(tags)} tag lists for {len(sentences)} sentences")
    lines: list[str] = []
    for number, sentence in enumerate(sentences):
        sentence_tags = sentence.tags if tags is None else tags[number]
        if len(sentence_tags) != len(sentence.tokens):
            raise ValueError(
                f"sentence {number + 1}: {len(sentence_tags)} tags for {len(sentence.tokens)} tokens"
            )
        for tag in sentence_tags:
            split_tag(tag)
        lines.extend(sentence.before)
        if sentence.indices is not None:
            lines.extend(
                f"{index}\t{token}\t{tag}"
                for index, token, tag in zip(sentence.indices, sentence.tokens, sentence_tags, strict=True)
            )
        else:
            lines.extend(f"{token}\t{tag}" for token, tag in zip(sentence.tokens, sentence_tags, strict=True))
        lines.extend(sentence.after)
    return "\n".join(lines) + "\n" if lines else ""


# -- scoring ------------------------------------------------------------------------------------
def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


@dataclass(slots=True)
class EntityLabelScore:
    label: str
    precision: float
    recall: float
    f1: float
    gold: int  # gold entities of this label
    predicted: int
    correct: int  # predicted entities matching a gold one exactly (start, end and label)

    @classmethod
    def of(cls, label: str, gold: int, predicted: int, correct: int) -> EntityLabelScore:
        precision, recall = _ratio(correct, predicted), _ratio(correct, gold)
        return cls(label, precision, recall, _ratio(2 * precision * recall, precision + recall),
                   gold, predicted, correct)


@dataclass(slots=True)
class EntityScore:
    """Exact-match entity scores: ``overall`` micro-averaged over the scored labels, and per
    label. A ratio with a zero denominator is 0. ``token_accuracy`` is conlleval's accuracy
    (tags equal, ``O`` included)."""

    overall: EntityLabelScore
    per_label: dict[str, EntityLabelScore]
    sentences: int
    tokens: int
    token_accuracy: float
    labels: list[str] | None = None  # the labels scored, when restricted

    @property
    def precision(self) -> float:
        return self.overall.precision

    @property
    def recall(self) -> float:
        return self.overall.recall

    @property
    def f1(self) -> float:
        return self.overall.f1

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class AlignmentError(BadInputError):
    """The gold and predicted files do not hold the same tokens in the same sentences."""


def _tag_lists(items: Sequence[Sentence] | Sequence[Sequence[str]]) -> list[list[str]]:
    return [list(item.tags if isinstance(item, Sentence) else item) for item in items]


def check_aligned(gold: Sequence[Sentence] | Sequence[Sequence[str]],
                  pred: Sequence[Sentence] | Sequence[Sequence[str]],
                  names: tuple[str, str] = ("gold", "prediction")) -> None:
    """Raise :class:`AlignmentError` naming the first sentence where the two differ: in length
    or (where both are :class:`Sentence` objects) in a token."""
    gold_name, pred_name = names

    def where(number: int) -> str:
        lines = [
            f"{name} line {seq[number].line}"
            for name, seq in ((gold_name, gold), (pred_name, pred))
            if number < len(seq) and isinstance(seq[number], Sentence)
        ]
        return f"sentence {number + 1}" + (f" ({', '.join(lines)})" if lines else "")

    for number, (left, right) in enumerate(zip(gold, pred, strict=False)):
        left_tokens = left.tokens if isinstance(left, Sentence) else None
        right_tokens = right.tokens if isinstance(right, Sentence) else None
        if len(left) != len(right):
            raise AlignmentError(
                f"the files do not line up at {where(number)}: {len(left)} tokens in {gold_name}, "
                f"{len(right)} in {pred_name}"
            )
        if left_tokens is not None and right_tokens is not None and left_tokens != right_tokens:
            position = next(i for i, (a, b) in enumerate(zip(left_tokens, right_tokens, strict=True)) if a != b)
            raise AlignmentError(
                f"the files do not line up at {where(number)}: token {position + 1} is "
                f"{left_tokens[position]!r} in {gold_name} but {right_tokens[position]!r} in {pred_name}"
            )
    if len(gold) != len(pred):
        raise AlignmentError(
            f"the files do not line up: {len(gold)} sentences in {gold_name}, {len(pred)} in {pred_name} "
            f"(first unmatched: sentence {min(len(gold), len(pred)) + 1})"
        )


def score(gold: Sequence[Sentence] | Sequence[Sequence[str]],
          pred: Sequence[Sentence] | Sequence[Sequence[str]],
          labels: Iterable[str] | None = None,
          names: tuple[str, str] = ("gold", "prediction")) -> EntityScore:
    """Exact-match entity precision, recall and F1 of ``pred`` against ``gold`` (sentences or tag
    lists, aligned one to one), per label and micro-averaged overall, as conlleval counts them.

    ``labels`` restricts the scoring to those entity types: entities of other types, gold or
    predicted, are left out (e.g. MISC predictions on data that has no MISC).
    """
    check_aligned(gold, pred, names)
    gold_tags, pred_tags = _tag_lists(gold), _tag_lists(pred)
    wanted = set(labels) if labels is not None else None
    gold_entities = {e for e in entities(gold_tags) if wanted is None or e[3] in wanted}
    pred_entities = {e for e in entities(pred_tags) if wanted is None or e[3] in wanted}
    correct = gold_entities & pred_entities
    gold_count = Counter(e[3] for e in gold_entities)
    pred_count = Counter(e[3] for e in pred_entities)
    correct_count = Counter(e[3] for e in correct)
    names_found = sorted(set(gold_count) | set(pred_count) | (wanted or set()))
    per_label = {
        label: EntityLabelScore.of(label, gold_count[label], pred_count[label], correct_count[label])
        for label in names_found
    }
    overall = EntityLabelScore.of("overall", len(gold_entities), len(pred_entities), len(correct))
    tokens = sum(len(tags) for tags in gold_tags)
    same = sum(a == b for g, p in zip(gold_tags, pred_tags, strict=True) for a, b in zip(g, p, strict=True))
    return EntityScore(overall, per_label, len(gold_tags), tokens, _ratio(same, tokens),
                       sorted(wanted) if wanted is not None else None)


# -- tokens and character offsets ----------------------------------------------------------------
def sentence_text(tokens: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """The tokens joined with single spaces, and each token's ``(start, end)`` in that text."""
    offsets: list[tuple[int, int]] = []
    position = 0
    for token in tokens:
        offsets.append((position, position + len(token)))
        position += len(token) + 1
    return " ".join(tokens), offsets


def _span_fields(span: Any) -> Chunk:
    if hasattr(span, "start") and hasattr(span, "end"):
        start, end, label = span.start, span.end, getattr(span, "label", None)
    else:
        start, end, label = span
    if not label:
        raise ValueError(f"span [{start}, {end}) has no label")
    return int(start), int(end), str(label)


def tags_from_spans(token_offsets: Sequence[tuple[int, int]], spans: Iterable[Any]) -> list[str]:
    """IOB2 tags for tokens at ``token_offsets`` from character spans ``(start, end, label)``
    (or objects with ``start``, ``end``, ``label``, such as :class:`slant.Span`).

    A token belongs to a span that overlaps it. Where spans compete for a token, the one that
    starts first (then the longer) keeps it; a span's tokens form one entity, so two adjacent
    spans of one label stay two entities (the second starts with ``B-``).
    """
    ordered = sorted((_span_fields(s) for s in spans), key=lambda s: (s[0], -(s[1] - s[0])))
    owner: list[int | None] = [None] * len(token_offsets)
    for number, (start, end, _label) in enumerate(ordered):
        for position, (token_start, token_end) in enumerate(token_offsets):
            if owner[position] is None and token_start < end and start < token_end:
                owner[position] = number
    tags = []
    for position, number in enumerate(owner):
        if number is None:
            tags.append(OUTSIDE)
        else:
            begins = position == 0 or owner[position - 1] != number
            tags.append(("B-" if begins else "I-") + ordered[number][2])
    return tags


def spans_from_tags(token_offsets: Sequence[tuple[int, int]], tags: Sequence[str]) -> list[Chunk]:
    """The entities of ``tags`` as character spans ``(start, end, label)`` over the text the
    offsets index: from the first token's start to the last token's end."""
    if len(token_offsets) != len(tags):
        raise ValueError(f"{len(tags)} tags for {len(token_offsets)} tokens")
    return [
        (token_offsets[start][0], token_offsets[end - 1][1], label)
        for start, end, label in sentence_chunks(tags)
    ]


# -- the held-out split ---------------------------------------------------------------------------
def is_dev_sentence(corpus: str, language: str, index: int) -> bool:
    """Whether sentence ``index`` of a corpus file is in slant's held-out split (~20%).

    ``corpus`` is the data folder's name (``wikineural``, ``wikiann``, ``conll2003``, ``bsnlp``),
    ``language`` its ISO code, ``index`` the 0-based position of the sentence among
    :func:`read_conll`'s sentences of the file (document breaks are not sentences). The entity
    model's trainer leaves these sentences out; ``bench/entities.py`` scores on them.
    """
    digest = hashlib.sha256(f"{DEV_SALT}:{corpus}:{language}:{index}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % 100 < DEV_SHARE_PERCENT
