"""Who says so: a sourcing audit. Every reported statement in an article, as its cue ("said",
"according to", "сообщает", "zufolge", "selon", "secondo", "według"), its source (who says
it; none where the text leaves it implicit) and its content (the quote or paraphrase).

The analysis is rule- and lexicon-based, sentence by sentence, with the per-language lexicons
in ``data/sourcing/*.tsv`` (their format is described at the top of each file):

* a prepositional cue takes the noun phrase after it as its source and the rest of the
  sentence as content ("according to X, CONTENT"; "CONTENT, according to X");
* a postposed cue takes the noun phrase before it ("Berichten zufolge CONTENT");
* a reporting verb takes its subject as source: the words before it back to a clause boundary
  ("X said (that) CONTENT"), or after it where a quote or clause ends just before the verb
  ("“CONTENT,” said X"; "«CONTENT», — заявил X"); content is the clause on the other side;
* an impersonal construction ("it is reported", "информация поступает", "es heißt",
  "on dit", "si apprende", "podobno") is a cue whose source is vague (a bracketed part of
  the pattern, where it has one, is the source words: "[information] comes in");
* a verb after an anaphor takes the sentence before as content ("Об этом сообщил X");
  a short name before a colon opening a sentence is a speaker ("Lavrov: …", "CLINTON: …");
* a quotation that runs over several sentences is followed to its closing mark, and one that
  goes on right after "“…,” X said." is the same speaker's;
* a cue inside a quotation is the speaker's own words and is passed over; a stance verb in the
  passive or with no one holding it ("… and attacked the police") is kept below
  REPORT_CONFIDENCE, which the summary and the reports count from.

English rules were developed on the PolNeAR training texts (``bench/attribution.py`` scores
them on its dev split); the other languages share the rules, with their own lexicons.

Each attribution's ``source_kind`` is ``named`` (an identifiable person, organisation or
outlet; a pronoun counts as named, with lower confidence), ``vague`` ("sources", "experts",
"reports", "a video appeared on social networks", unnamed officials) or ``none`` (a reporting
cue with no source); ``source_type`` is person, organisation, government, media, social media,
document or anonymous where the source's words tell it. Where the article has an ``entities``
layer (spans labelled PER/ORG/LOC/MISC with ``attrs["group"]``), a source overlapping an entity
takes that entity's group.

Where the ``attributions`` model folder is installed and the article went through the encoder, a
learned head (trained on PolNeAR's English training texts, read through the multilingual
technique encoder's token vectors) tags source, cue and content tokens too. A cue it finds that
no rule found becomes an attribution of its own, with the head's nearest content span (in its
sentence or the next or previous one) and nearest source span (in its sentence); the rules'
attributions stay as they are.

The layers: ``attributions`` holds the content spans (ids ``a1``, ``a2`` …; label the
source kind; score the confidence; attrs ``source_type`` and ``entity``; links ``source`` and
``cue``), ``attribution_sources`` and ``attribution_cues`` the linked spans (``s1``, ``c1`` …,
numbered as their attribution). The document writes them together under ``attributions``.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from slant.components.base import ENCODER, TOKEN_VECTORS, Component, ComponentOptions, read_model_config
from slant.components.encoded import ArticleState, Window
from slant.components.techniques import expand_to_words, model_version
from slant.components.token_head import TokenHead, head_probabilities, window_probabilities
from slant.doc.article import Article, Link, Span, paragraph_index

log = logging.getLogger(__name__)

LANGUAGES = ("en", "ru", "de", "fr", "it", "pl")
# What each lexicon line's kind means; see the head of data/sourcing/en.tsv.
KINDS = frozenset({
    "verb", "prep", "post", "impersonal", "vague", "type", "pronoun", "anaphor", "passive", "agent", "locative",
    "that", "aux",
    "adv", "particle", "time", "det", "inf", "stop", "rstop", "label", "event", "opinion",
})
CUE_KINDS = ("impersonal", "prep", "post", "verb")
SOURCE_KINDS = ("named", "vague", "none")
SOURCE_TYPES = ("person", "organisation", "government", "media", "social media", "document", "anonymous")
ENTITY_TYPES = {"PER": "person", "ORG": "organisation"}

# Attributions below REPORT_CONFIDENCE are kept in the layer but left out of the summary's
# counts and the reports' highlights; WEAK_CONFIDENCE marks a stance verb with no holder or in the
# passive ("… and attacked the police", "are attacked by a crowd"), rarely a reported statement.
REPORT_CONFIDENCE = 0.3
WEAK_CONFIDENCE = 0.2
MAX_SOURCE_WORDS = 12  # a longer run before a verb is not taken as its subject
LEFT_WALK_TOKENS = 80  # how far left of a cue its subject, or an auxiliary before it, is looked for
QUOTE_SENTENCES = 6  # how far a quotation may run on past its sentence
OPENING_QUOTES = "\"“„«‘‹'"
CLOSING_QUOTES = "\"”»’›'“"
OPEN_Q = set(OPENING_QUOTES) | {"''", "``"}
CLOSE_Q = set(CLOSING_QUOTES) | {"''"}
QUOTES = OPEN_Q | CLOSE_Q
DASHES = {"—", "–", "-", "―"}
# Punctuation that ends a noun phrase (a clause boundary) when walking from a cue.
BOUNDARY = {",", ";", ":", "(", ")", "[", "]", "!", "?", *QUOTES, *DASHES}

_WORD = re.compile(r"\w+(?:[.'’\-]\w+)*|''|``|[^\w\s]", re.UNICODE)
# A full stop that belongs to its word: an initial ("J."), a dotted abbreviation ("U.S.") or a
# short capitalised title ("Mr.", "Sen.", "Gov.", "Dr.").
_ABBREVIATION = re.compile(r"[A-ZА-Я]|\w+\.\w+|[A-ZА-ЯÀ-Ý][a-zа-яà-ÿ]{0,3}", re.UNICODE)


# -- the lexicons ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    kind: str
    pattern: str
    value: str
    example: str
    regex: re.Pattern[str]
    has_source: bool  # the pattern brackets its source words


def compile_pattern(pattern: str) -> tuple[re.Pattern[str], bool]:
    """A lexicon pattern as a regex: words separated by spaces (any whitespace in the text), a
    ``*`` inside a word matches any letters ("заявил*": заявил, заявила, заявили; a lone ``*`` is
    any one word), and ``[...]`` marks source words (group 1: "[information] come* in",
    "по [его] словам", "dit-[il]"). Matching ignores case and needs word boundaries at both ends."""
    if pattern.count("[") != pattern.count("]") or pattern.count("[") > 1:
        raise ValueError(f"lexicon pattern {pattern!r}: at most one [source] part, closed")
    words = []
    for word in pattern.split():
        piece = ""
        for char in word:
            if char == "[":
                piece += "("
            elif char == "]":
                piece += ")"
            elif char == "*":
                piece += r"\w*"
            elif char in "'’":
                piece += "['’]"
            else:
                piece += re.escape(char)
        words.append(piece)
    body = r"[\s\u00a0]+".join(words)
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE), "[" in pattern


def _alternation(regexes: Iterable[re.Pattern[str]], flags: int = 0) -> re.Pattern[str]:
    """One regex matching any of ``regexes`` (each compiled by :func:`compile_pattern`), tried in
    order, with the word boundaries once around the whole."""
    alternatives = "|".join(f"(?:{regex.pattern})" for regex in regexes)
    alternatives = alternatives.replace("(?<!\\w)", "").replace("(?!\\w)", "")
    # Captures inside the alternatives are made non-capturing: only the whole match counts here.
    alternatives = re.sub(r"(?<!\\)\((?!\?)", "(?:", alternatives)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", flags)


@dataclass
class Lexicon:
    language: str
    entries: list[Entry]
    by_kind: dict[str, list[Entry]] = field(default_factory=dict)
    combined: dict[str, re.Pattern[str]] = field(default_factory=dict)
    # The same alternations over lowercased patterns, matched case-sensitively against lowercased
    # text: re skips a branch that starts with a plain letter on its first character, which it
    # cannot do under IGNORECASE, and a long cue list is tried at every word.
    lowered: dict[str, re.Pattern[str]] = field(default_factory=dict)
    words: dict[str, frozenset[str]] = field(default_factory=dict)  # single-word kinds, lowercased
    _entry_cache: dict[tuple[str, str], Entry | None] = field(default_factory=dict, repr=False)
    _last_lowered: tuple[str, str | None] = field(default=("", ""), repr=False)

    def __post_init__(self) -> None:
        for entry in self.entries:
            self.by_kind.setdefault(entry.kind, []).append(entry)
        for kind, entries in self.by_kind.items():
            # Longest patterns first, so the alternation prefers "said in a statement" to "said".
            ordered = sorted(entries, key=lambda e: -len(e.pattern))
            self.by_kind[kind] = ordered
            self.combined[kind] = _alternation((e.regex for e in ordered), re.IGNORECASE)
            self.lowered[kind] = _alternation(compile_pattern(e.pattern.lower())[0] for e in ordered)
            self.words[kind] = frozenset(e.pattern.lower() for e in entries if " " not in e.pattern and "*" not in e.pattern)

    def entry_for(self, kind: str, matched: str) -> Entry | None:
        key = (kind, matched)
        if key not in self._entry_cache:  # a few hundred distinct matches recur across articles
            self._entry_cache[key] = next(
                (entry for entry in self.by_kind.get(kind, ()) if entry.regex.fullmatch(matched)), None)  # longest first
        return self._entry_cache[key]

    def _lowercased(self, text: str) -> str | None:
        """``text`` lowercased when that keeps every offset (not so for "İ"), else None; the last
        text's is kept, since one article's sentences are searched one after another."""
        last = self._last_lowered
        if last[0] is not text:
            lowered = text.lower()
            last = self._last_lowered = (text, lowered if len(lowered) == len(text) else None)
        return last[1]

    def finditer(self, kind: str, text: str, start: int = 0, end: int | None = None) -> Iterable[tuple[int, int, Entry]]:
        regex = self.combined.get(kind)
        if regex is None:
            return
        lowered = self._lowercased(text)
        if lowered is not None:
            regex, searched = self.lowered[kind], lowered
        else:
            searched = text
        for match in regex.finditer(searched, start, len(text) if end is None else end):
            entry = self.entry_for(kind, text[match.start():match.end()])
            if entry is not None:
                yield match.start(), match.end(), entry

    def has(self, kind: str, word: str) -> bool:
        lowered = word.lower()
        if lowered in self.words.get(kind, ()):
            return True
        regex = self.combined.get(kind)
        return bool(regex is not None and regex.fullmatch(word))


def parse_lexicon(text: str, language: str) -> list[Entry]:
    """The entries of one lexicon file; raises ValueError naming a bad line."""
    entries = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.rstrip("\n").split("\t")
        if len(fields) < 2 or len(fields) > 4:
            raise ValueError(f"sourcing/{language}.tsv line {number}: expected 2 to 4 tab-separated fields")
        kind, pattern = fields[0].strip(), fields[1].strip()
        value = fields[2].strip() if len(fields) > 2 else ""
        example = fields[3].strip() if len(fields) > 3 else ""
        if kind not in KINDS:
            raise ValueError(f"sourcing/{language}.tsv line {number}: unknown kind {kind!r}")
        if kind in ("vague", "type", "impersonal") and value and value not in SOURCE_TYPES:
            raise ValueError(f"sourcing/{language}.tsv line {number}: unknown source type {value!r}")
        regex, has_source = compile_pattern(pattern)
        entries.append(Entry(kind, pattern, value, example, regex, has_source))
    return entries


@cache
def load_lexicon(language: str | None) -> Lexicon | None:
    """The sourcing lexicon of ``language`` (None where slant has none)."""
    if language not in LANGUAGES:
        return None
    text = resources.files("slant").joinpath(f"data/sourcing/{language}.tsv").read_text(encoding="utf-8")
    return Lexicon(language, parse_lexicon(text, language))


# -- tokens -----------------------------------------------------------------------------------


class Token:
    """One word or punctuation mark of a sentence, as a character range and its text. A plain
    class: a sentence's tokens are made by the thousand, and a frozen dataclass is slower."""

    __slots__ = ("start", "end", "text", "is_word")

    def __init__(self, start: int, end: int, text: str) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.is_word = text[:1].isalnum() or text[:1] == "_"

    def __repr__(self) -> str:
        return f"Token({self.start}, {self.end}, {self.text!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Token) and (self.start, self.end, self.text) == (other.start, other.end, other.text)

    def __hash__(self) -> int:
        return hash((self.start, self.end, self.text))

    @property
    def lower(self) -> str:
        return self.text.lower().rstrip(".")


def tokenize(text: str, start: int, end: int) -> list[Token]:
    tokens: list[Token] = []
    for match in _WORD.finditer(text, start, end):
        word = match.group(0)
        if word == "." and tokens and tokens[-1].end == match.start() and match.end() < end \
                and _ABBREVIATION.fullmatch(tokens[-1].text):
            # "Mr." / "U.S." inside the sentence: the full stop stays with its word.
            previous = tokens.pop()
            tokens.append(Token(previous.start, match.end(), previous.text + "."))
            continue
        if word in ("’", "'") and tokens and tokens[-1].end == match.start() and tokens[-1].text[-1:] in "sS" \
                and _PLURAL_POSSESSIVE_NEXT.match(text, match.end(), end) \
                and not _OPENING_SINGLE[word].search(text, start, match.start()):
            # "the Colleges Employers’ Association": a plural's possessive, not a closing quote (no
            # single quotation was opened before it)
            previous = tokens.pop()
            tokens.append(Token(previous.start, match.end(), previous.text + word))
            continue
        tokens.append(Token(match.start(), match.end(), word))
    return tokens


_PLURAL_POSSESSIVE_NEXT = re.compile(r"\s+\w")
_OPENING_SINGLE = {"’": re.compile("‘"), "'": re.compile(r"(?:^|(?<=\s))'")}


# -- finding attributions ---------------------------------------------------------------------


@dataclass
class Found:
    """One attribution, as character ranges of the article text."""

    content: tuple[int, int]
    source: tuple[int, int] | None
    cue: tuple[int, int] | None
    source_kind: str
    source_type: str | None
    confidence: float
    entity: Any = None


@dataclass
class _Hit:
    first: int  # token indices, inclusive
    last: int
    kind: str
    entry: Entry
    source: tuple[int, int] | None = None  # token range of bracketed source words
    source_chars: tuple[int, int] | None = None  # their characters (a part of one token: "dit-[il]")
    match_chars: tuple[int, int] = (0, 0)


class _Sentence:
    """The tokens of one sentence and the helpers the rules share."""

    def __init__(self, text: str, span: Span, lexicon: Lexicon, quoted: Sequence[tuple[int, int]] = ()) -> None:
        self.text = text
        self.span = span
        self.lex = lexicon
        self.tokens = tokenize(text, span.start, span.end)
        self.quoted = [(a, b) for a, b in quoted if a < span.end and span.start < b]
        self.previous: tuple[int, int] | None = None  # the sentence before, for anaphoric cues
        self._word_counts: list[int] | None = None
        self._ends: list[int] | None = None

    def in_quote(self, index: int) -> bool:
        """Whether token ``index`` stands inside a quotation (the speaker's own words)."""
        offset = self.tokens[index].start
        return any(a < offset < b - 1 for a, b in self.quoted)

    def index_at(self, offset: int) -> int | None:
        """The first token that ends after character ``offset``."""
        if self._ends is None:
            self._ends = [token.end for token in self.tokens]
        index = bisect.bisect_right(self._ends, offset)
        return index if index < len(self.tokens) else None

    def is_boundary(self, index: int) -> bool:
        token = self.tokens[index]
        return token.text in BOUNDARY or (not token.is_word and token.text in QUOTES)

    def is_word(self, index: int, kind: str) -> bool:
        token = self.tokens[index]
        return token.is_word and self.lex.has(kind, token.text)

    def chars(self, first: int, last: int) -> tuple[int, int]:
        return self.tokens[first].start, self.tokens[last].end

    def words_between(self, first: int, last: int) -> int:
        if first < 0 or last < 0:  # as the slice tokens[first:last + 1] reads them
            return sum(1 for t in self.tokens[first : last + 1] if t.is_word)
        counts = self._word_counts
        if counts is None:  # words before each token, counted once per sentence
            counts = [0]
            for token in self.tokens:
                counts.append(counts[-1] + token.is_word)
            self._word_counts = counts
        last = min(last, len(self.tokens) - 1)
        return counts[last + 1] - counts[first] if last >= first else 0


def _find_hits(sentence: _Sentence) -> list[_Hit]:
    lex = sentence.lex
    text = sentence.text
    raw: list[tuple[int, int, str, Entry, tuple[int, int] | None]] = []
    priority = {kind: rank for rank, kind in enumerate(CUE_KINDS)}
    for kind in CUE_KINDS:
        for start, end, entry in lex.finditer(kind, text, sentence.span.start, sentence.span.end):
            source = None
            if entry.has_source:
                match = entry.regex.match(text, start, end)
                if match and match.group(1):
                    source = (match.start(1), match.end(1))
            raw.append((start, end, kind, entry, source))
    raw.sort(key=lambda r: (priority[r[2]], -(r[1] - r[0]), r[0]))
    taken: list[tuple[int, int, str, Entry, tuple[int, int] | None]] = []
    # The taken hits never overlap, so ordered by start their ends are ordered too: an item
    # overlaps one of them iff it overlaps the last that starts before it ends.
    taken_starts: list[int] = []
    taken_ends: list[int] = []
    for item in raw:
        before = bisect.bisect_left(taken_starts, item[1]) - 1
        if before >= 0 and taken_ends[before] > item[0]:
            continue
        taken.append(item)
        taken_starts.insert(before + 1, item[0])
        taken_ends.insert(before + 1, item[1])
    hits = []
    for start, end, kind, entry, source in sorted(taken, key=lambda r: r[0]):
        first = sentence.index_at(start)
        last = sentence.index_at(end - 1)
        if first is None or last is None:
            continue
        source_tokens = None
        if source is not None:
            s_first, s_last = sentence.index_at(source[0]), sentence.index_at(source[1] - 1)
            if s_first is not None and s_last is not None:
                source_tokens = (s_first, s_last)
        hits.append(_Hit(first, last, kind, entry, source_tokens, source, (start, end)))
    return hits


PARENTHESIS_WORDS = 6  # "(R-Texas)", "(D-N.Y.)": a short parenthesis inside a name


def _matching_open(s: _Sentence, close: int, floor: int) -> int | None:
    for index in range(close - 1, max(floor, close - PARENTHESIS_WORDS - 2) - 1, -1):
        if s.tokens[index].text == "(":
            return index
        if s.tokens[index].text in (")", ",", ";", ":"):
            return None
    return None


def _matching_close(s: _Sentence, open_: int, ceiling: int) -> int | None:
    for index in range(open_ + 1, min(ceiling, open_ + PARENTHESIS_WORDS + 2) + 1):
        if s.tokens[index].text == ")":
            return index
        if s.tokens[index].text in ("(", ",", ";", ":"):
            return None
    return None


def _left_phrase(s: _Sentence, end: int, floor: int) -> tuple[int, int] | None:
    """The noun phrase that ends at token ``end`` (inclusive), walking left to a boundary
    (punctuation other than a short parenthesis, a clause word, ``floor``)."""
    if end < floor:
        return None
    index = end
    first = None
    # A subject is at most MAX_SOURCE_WORDS words, but an auxiliary further left can still
    # point to one ("hat … gesagt"); past this many tokens neither is looked for, so a run-on
    # "sentence" of thousands of words costs a bounded walk per cue.
    floor = max(floor, end - LEFT_WALK_TOKENS)
    while index >= floor:
        token = s.tokens[index]
        if token.text == ")":
            opening = _matching_open(s, index, floor)
            if opening is None or index == end and first is None and opening == floor:
                break
            first = opening
            index = opening - 1
            continue
        if s.is_boundary(index):
            break
        if token.is_word and s.is_word(index, "stop"):
            break
        if token.is_word and index < end and s.is_word(index, "aux"):
            # "he was currently only supporting", "Der Minister hat am Montag gesagt": the subject
            # stands before the auxiliary.
            return _left_phrase(s, index - 1, floor) if index - 1 >= floor and s.tokens[index - 1].is_word else None
        if token.is_word and _relative(s, index):
            if index == end:
                return index, index  # "…, who said": the relative pronoun stands for its antecedent
            break
        first = index
        index -= 1
    if first is None:
        return None
    while first <= end and not s.tokens[first].is_word and s.tokens[first].text != "(":
        first += 1
    if first > end or s.words_between(first, end) == 0 or s.words_between(first, end) > MAX_SOURCE_WORDS:
        return None
    return first, end


def _appositive_subject(s: _Sentence, comma: int, floor: int) -> tuple[int, int] | None:
    """The subject of a verb right after a comma that closes an appositive or a relative clause:
    "Htay Oo, its acting chairman, told …" (both parts), "Small, who attended the rally, said …"
    (the name). None where the words before the comma are no such subject."""
    inner = _left_phrase_loose(s, comma - 1, floor)
    if inner is None:
        return None
    before = inner[0] - 1
    if before < floor or s.tokens[before].text != ",":
        return inner if _relative(s, inner[0]) is False and s.words_between(*inner) <= 8 and inner[0] == _first_word(s, floor) else None
    head = _left_phrase(s, before - 1, floor)
    if head is None:
        return None
    if _relative(s, inner[0]):
        return head
    return head[0], inner[1]


def _choose_content(s: _Sentence, lead: int, after: TokenRange | None) -> TokenRange | None:
    """The content of a verb whose subject starts at token ``lead``: the words after the verb,
    unless they are only an adverbial ("in an interview", "on Sunday") and a quotation or clause
    ends with punctuation just before the subject ("CONTENT," X said in an interview)."""
    mark = lead - 1
    marked = mark > 0 and s.tokens[mark].text in BOUNDARY | DASHES
    trailing = after is None or s.words_between(after[0], after[1]) <= 2 or (
        s.tokens[after[0]].is_word and s.is_word(after[0], "rstop") and not s.is_word(after[0], "that"))
    if marked and trailing:
        return _content_before(s, _skip_comma_left(s, mark)) or after
    if after is None:
        # "…, current and former officials said.": a boundary a few words before the subject.
        for index in range(mark, max(-1, mark - 4), -1):
            if s.tokens[index].text in BOUNDARY | DASHES:
                return _content_before(s, _skip_comma_left(s, index)) if index > 0 else None
            if not s.tokens[index].is_word:
                break
    return after


def _prefer_appositive(s: _Sentence, comma: int, floor: int, right_words: int) -> bool:
    """After "Name, appositive," a verb's subject is the name, not the words after the verb;
    after a quotation ("“…,” said X") it is those words."""
    if s.tokens[comma].text != "," or right_words < 2 or comma - 1 < 0 or s.tokens[comma - 1].text in CLOSE_Q:
        return False
    subject = _appositive_subject(s, comma, floor)
    return subject is not None and any(s.tokens[i].text == "," for i in range(subject[0], subject[1] + 1))


def _left_phrase_loose(s: _Sentence, end: int, floor: int) -> tuple[int, int] | None:
    """Like :func:`_left_phrase`, but through the verbs and clause words of a relative clause
    or an appositive, up to the previous comma."""
    index = end
    first = None
    while index >= floor:
        token = s.tokens[index]
        if token.text == ")":
            opening = _matching_open(s, index, floor)
            if opening is None:
                break
            first, index = opening, opening - 1
            continue
        if s.is_boundary(index):
            break
        first = index
        if s.words_between(first, end) > MAX_SOURCE_WORDS:
            return None  # only grows from here; walking on is quadratic in a run-on sentence
        index -= 1
    if first is None:
        return None
    return first, end


def _relative(s: _Sentence, index: int) -> bool:
    token = s.tokens[index]
    if not token.is_word:
        return False
    return any(e.value == "relative" and e.regex.fullmatch(token.text) for e in s.lex.by_kind.get("pronoun", ()))


def _right_phrase(s: _Sentence, start: int, ceiling: int) -> tuple[int, int] | None:
    """The noun phrase that starts at token ``start``, walking right to punctuation (a short
    parenthesis is kept), a clause word, a word that opens an adverbial (``rstop``) or ``ceiling``."""
    index = start
    last = None
    while index <= ceiling:
        token = s.tokens[index]
        if token.text == "(" and last is not None:
            closing = _matching_close(s, index, ceiling)
            if closing is None:
                break
            last = closing
            index = closing + 1
            continue
        if not token.is_word:
            break
        if s.is_word(index, "stop") or s.is_word(index, "rstop") or s.is_word(index, "that"):
            break
        last = index
        if s.words_between(start, last) > MAX_SOURCE_WORDS:
            return None  # only grows from here; walking on is quadratic in a run-on sentence
        index += 1
    if last is None:
        return None
    return start, last


def _trimmed(s: _Sentence, first: int, last: int) -> tuple[int, int] | None:
    """Tokens ``first..last`` without punctuation at either end (opening quotes stay at the
    start, closing quotes at the end); None when no word is left."""
    while first <= last and not s.tokens[first].is_word and s.tokens[first].text not in OPEN_Q:
        first += 1
    while last >= first and not s.tokens[last].is_word and s.tokens[last].text not in CLOSE_Q:
        last -= 1
    if last < first or s.words_between(first, last) == 0:
        return None
    return first, last


def _content_after(s: _Sentence, start: int, stop: int | None = None) -> tuple[int, int] | None:
    """The content after a cue: from token ``start`` to the sentence end (or ``stop``)."""
    return _trimmed(s, start, len(s.tokens) - 1 if stop is None else stop)


def _content_before(s: _Sentence, end: int, floor: int = 0) -> tuple[int, int] | None:
    """The content before a cue: from the sentence start (or ``floor``) to token ``end``."""
    return _trimmed(s, floor, end)


def _skip_left(s: _Sentence, index: int, kinds: tuple[str, ...]) -> int:
    """Walk left from token ``index`` over words of ``kinds`` (auxiliaries, adverbs)."""
    while index >= 0 and s.tokens[index].is_word and any(s.is_word(index, kind) for kind in kinds):
        index -= 1
    return index


def _is_adverb(s: _Sentence, index: int) -> bool:
    token = s.tokens[index]
    if not token.is_word:
        return False
    if s.is_word(index, "adv"):
        return True
    return s.lex.language == "en" and token.lower.endswith("ly") and len(token.text) > 4 and token.text[0].islower() \
        and not any(s.is_word(index, kind) for kind in ("type", "vague", "time"))  # "the US daily reported"


def _skip_object(s: _Sentence, start: int, last: int) -> int:
    """After a verb that takes an addressee ("told reporters that", "сообщил журналистам"),
    where the content starts: after a complementizer, a colon or a comma within a few words, else
    after one short noun phrase."""
    for index in range(start, min(last + 1, start + 7)):
        token = s.tokens[index]
        if token.is_word and s.is_word(index, "that"):
            return index
        if token.text in (":", ",") or token.text in OPEN_Q:
            return index
    # "told reporters he would", "told the Times the plan": skip a determiner and one word.
    index = start
    if index <= last and s.tokens[index].is_word and len(s.tokens[index].text) <= 4 and s.tokens[index].text.islower():
        index += 1
    return index + 1


def _first_word(s: _Sentence, floor: int = 0) -> int:
    index = floor
    while index < len(s.tokens) and not s.tokens[index].is_word:
        index += 1
    return index


TokenRange = tuple[int, int]


def _after_stop(s: _Sentence, hits: list[_Hit], position: int) -> int:
    """Where content after hit ``position`` must stop: before a later cue that a comma or dash
    introduces (", adding that"; ", sources said"; ", — заявил он"), or at the sentence end."""
    last_token = len(s.tokens) - 1
    if position + 1 >= len(hits):
        return last_token
    following = hits[position + 1]
    before = _skip_left(s, following.first - 1, ("adv", "aux"))
    stop = None
    if before > hits[position].last and s.tokens[before].text in BOUNDARY | DASHES:
        stop = before - 1
    else:
        phrase = _left_phrase(s, before, hits[position].last + 1) if before > hits[position].last else None
        if phrase is not None and phrase[0] - 1 > hits[position].last and s.tokens[phrase[0] - 1].text in BOUNDARY | DASHES:
            stop = phrase[0] - 2
    if stop is None:
        return last_token
    # "said that, according to witnesses, three men fled": a bare "that" is no content; the
    # statement runs on past the inserted cue
    words = [i for i in range(hits[position].last + 1, stop + 1) if s.tokens[i].is_word]
    if all(s.is_word(i, "that") for i in words):
        return last_token
    return stop


# Words that may follow an inverted pronoun source: "…,” said they all".
_PRONOUN_QUANTIFIERS = frozenset({"all", "both", "himself", "herself", "themselves", "too"})


def _can_invert(s: _Sentence, phrase: TokenRange) -> bool:
    """Whether the words after a verb can be its source ("…,” said Smith"). In English that
    needs a name, a determiner or a pronoun first ("said there are" is no inversion)."""
    token = s.tokens[phrase[0]]
    if s.is_word(phrase[0], "that"):
        return False
    if s.lex.language != "en":
        return True
    if any(s.tokens[i].is_word and s.is_word(i, "aux") for i in range(phrase[0], phrase[1] + 1)):
        return False  # "said his plane was a …": a clause, not a speaker
    if s.is_word(phrase[0], "pronoun") and s.words_between(*phrase) > 1 and not (
            s.words_between(*phrase) == 2 and s.tokens[phrase[1]].lower in _PRONOUN_QUANTIFIERS):
        return False  # "said it showed …": the pronoun is the subject of a clause; "…,” said he" stands alone
    return token.text[:1].isupper() or s.is_word(phrase[0], "det") or s.is_word(phrase[0], "pronoun") \
        or s.is_word(phrase[0], "vague")


def _complement_start(s: _Sentence, start: int, stop: int) -> int:
    """Content after a verb starts at a complementizer a few words on ("said Tuesday that …")."""
    for index in range(start, min(stop + 1, start + 5)):
        token = s.tokens[index]
        if not token.is_word:
            break
        if s.is_word(index, "that"):
            return index
    return start


CharRange = tuple[int, int]


def _sentence_attributions(s: _Sentence) -> list[tuple[_Hit, CharRange | None, CharRange | None, CharRange, float]]:
    """(hit, cue, source, content, confidence) per cue in the sentence, as character ranges."""
    out = []
    for hit, cue, source, content, confidence in _token_attributions(s):
        cue_chars = s.chars(*cue) if cue else None
        source_chars = s.chars(*source) if source else None
        if hit.source_chars is not None and hit.kind != "impersonal":
            # "по [его] словам", "dit-[il]", "teilte [die Polizei] mit": the pattern names the source;
            # the cue is the pattern's words before it (or all of them, where it is part of a word).
            if source_chars is None and hit.kind == "verb":
                confidence += 0.15  # the source-less penalty does not apply: the pattern has one
            source_chars = hit.source_chars
            start, end = hit.match_chars
            if source_chars[0] > start and s.text[start:source_chars[0]].rstrip()[-1:].isalnum() and \
                    s.text[source_chars[0] - 1].isspace():
                end = source_chars[0]
            elif source_chars[0] == start and source_chars[1] < end and s.text[source_chars[1]].isspace():
                start = source_chars[1]
            cue_chars = (start, end)
        content_chars = s.previous if content in (ANAPHORIC, ORPHAN) else s.chars(*content)
        if content_chars is None:
            continue
        out.append((hit, cue_chars, source_chars, content_chars, confidence))
    return out


ANAPHORIC = (-1, -1)  # content: the sentence before ("Об этом заявил министр", "Das teilte die Polizei mit")
ORPHAN = (-2, -2)  # content: the quotation the sentence before was ("“… hands?” | Trump said.")


def _token_attributions(s: _Sentence) -> list[tuple[_Hit, TokenRange | None, TokenRange | None, TokenRange, float]]:
    """(hit, cue tokens, source tokens, content tokens, confidence) per cue in the sentence."""
    # A cue inside a quotation is the speaker's own words ("I said ‘are you sure?’"), not the
    # article's attribution.
    hits = [h for h in _find_hits(s)
            if not _is_noun_use(s, h) and _complement_ok(s, h) and _subject_ok(s, h) and not s.in_quote(h.first)]
    colon = _colon_hit(s)
    if colon is not None and not any(h.first <= colon.first for h in hits):
        hits.insert(0, colon)
    out = []
    for position, hit in enumerate(hits):
        previous_end = hits[position - 1].last + 1 if position else 0
        after_stop = _after_stop(s, hits, position)
        cue: TokenRange | None = (hit.first, hit.last)
        source: TokenRange | None = None
        content: TokenRange | None = None
        lead_words = s.words_between(previous_end, hit.first - 1) if hit.first > previous_end else 0
        if hit.kind == "impersonal":
            confidence = 0.75
            if hit.source is not None:
                source = hit.source
                if hit.source[0] == hit.first and hit.source[1] < hit.last:
                    cue = (hit.source[1] + 1, hit.last)
                elif hit.source[1] == hit.last and hit.source[0] > hit.first:
                    cue = (hit.first, hit.source[0] - 1)
                elif hit.source[1] < hit.last:
                    cue = (hit.source[1] + 1, hit.last)  # "в [соцсетях] появилось": the verb after it
            after = _content_after(s, hit.last + 1, after_stop) if hit.last < after_stop else None
            before = _content_before(s, _skip_comma_left(s, hit.first - 1)) if hit.first > 0 else None
            if before is not None and (after is None or (lead_words >= 3 and s.tokens[hit.first - 1].text in BOUNDARY)):
                content = before
            else:
                content = after or before
        elif hit.kind == "prep":
            confidence = 0.85
            if "comma" in hit.entry.value.split(",") and (hit.first == 0 or s.tokens[hit.first - 1].text not in BOUNDARY | DASHES):
                continue  # "so" as in "…, so der Sprecher" only after a comma or a quote
            if hit.first > 0 and (s.is_word(hit.first - 1, "det") or s.is_word(hit.first - 1, "rstop")):
                continue  # "il secondo tempo", "nel secondo": an ordinal, not "according to"
            last_token = len(s.tokens) - 1
            source = _prep_source(s, hit.last + 1, last_token)
            if source is not None and (s.is_word(source[0], "that") or s.is_word(source[0], "stop")
                                       or s.is_word(source[0], "rstop")):
                continue  # "…, so dass …", "arrivato secondo alle elezioni": no source follows
            if source is None and hit.source_chars is None:
                continue  # "Die Kritik wurde laut.": nobody follows the cue
            if hit.source_chars is not None:
                source = None
            if lead_words >= 3:
                content = _content_before(s, _skip_comma_left(s, hit.first - 1), previous_end)
                if content is None and out and out[-1][0].first < hit.first:
                    content = out[-1][3]  # "“…,” Sanders said, according to CNN": the same words
            else:
                resume = (source[1] + 1) if source else hit.last + 1
                # "According to X, Y said …": the prepositional cue covers the whole clause.
                stop = after_stop if after_stop > resume + 1 else last_token
                content = _content_after(s, resume, stop) if resume <= stop else None
                if content is None and out and out[-1][0].first < hit.first:
                    content = out[-1][3]  # "“…,” Sanders said, according to CNN": the same words
        elif hit.kind == "colon":
            confidence = 0.55
            source = (_first_word(s), hit.first - 1)
            content = _content_after(s, hit.last + 1, after_stop)
        elif hit.kind == "post":
            confidence = 0.8
            source = _left_phrase(s, hit.first - 1, previous_end)
            content = _content_after(s, hit.last + 1, after_stop) if hit.last < after_stop else None
            if content is None and source is not None:
                content = _content_before(s, _skip_comma_left(s, source[0] - 1), previous_end)
        elif _anaphor_before(s, hit, previous_end) and s.previous is not None:
            # "Об этом сообщил министр", "Das teilte die Polizei mit", "Lo ha detto il ministro":
            # the statement is the sentence before; the speaker follows the verb.
            confidence = 0.7
            last = hit.last
            while last + 1 < len(s.tokens) and s.tokens[last + 1].is_word and s.is_word(last + 1, "particle"):
                last += 1
            cue = (hit.first, last)
            source = _right_phrase(s, last + 1, after_stop) if last < after_stop else None
            content = ANAPHORIC
        else:
            cue, source, content, confidence = _verb_attribution(s, hit, previous_end, after_stop)
            if "part" in hit.entry.value.split(","):
                # ", adding that …", ", saying …": the speaker is the one the clause already has.
                source = out[-1][2] if out and out[-1][2] is not None else None
        if content is None and hit.kind == "verb" and source is not None and _is_orphan(s, source, cue):
            content = ORPHAN
        if content is None:
            continue
        if source is not None and content[0] <= source[0] and source[1] <= content[1] and hit.kind != "impersonal":
            continue
        out.append((hit, cue, source, content, confidence))
    return out


def _is_orphan(s: _Sentence, source: TokenRange, cue: TokenRange | None) -> bool:
    """A sentence that is only "X said." right after a quotation the segmenter cut off at its
    closing mark ("“Are they small hands?” | Trump said.")."""
    if s.previous is None or cue is None:
        return False
    words = [t for t in s.tokens if t.is_word]
    spanned = {i for i in range(min(source[0], cue[0]), max(source[1], cue[1]) + 1)}
    if any(i not in spanned for i, t in enumerate(s.tokens) if t.is_word):
        return False
    previous = s.text[s.previous[0] : s.previous[1]].rstrip()
    return bool(words) and previous[-1:] in CLOSING_QUOTES and previous[:1] in OPENING_QUOTES


def _anaphor_before(s: _Sentence, hit: _Hit, previous_end: int) -> bool:
    """Whether the words before a verb (in its clause) are an ``anaphor`` ("об этом", "dies")."""
    if hit.kind != "verb" or hit.first == previous_end:
        return False
    first = _first_word(s, previous_end)
    if first >= hit.first:
        return False
    start, end = s.tokens[first].start, s.tokens[hit.first - 1].end
    return any(a == start and b == end for a, b, _ in s.lex.finditer("anaphor", s.text, start, end))


def _subject_ok(s: _Sentence, hit: _Hit) -> bool:
    """A verb flagged ``subj`` counts only after what can be its speaker: a name (capitalised), a
    pronoun, an auxiliary or adverb ("has repeatedly called"), or a closing quote or comma. After
    a common noun it names something: "a company called Sansun", "a film called …"."""
    if hit.kind != "verb" or "subj" not in hit.entry.value.split(",") or hit.first == 0:
        return True
    before = hit.first - 1
    token = s.tokens[before]
    if not token.is_word:
        return True
    return token.text[:1].isupper() or any(s.is_word(before, kind) for kind in ("pronoun", "aux", "adv"))


def _document_subject(s: _Sentence, hit: _Hit) -> bool:
    """Whether a document noun ("poll", "survey", "report") stands within the three words before
    the verb: "a survey by the organisation in March found Clinton with a lead"."""
    for index in range(max(0, hit.first - 3), hit.first):
        token = s.tokens[index]
        if token.is_word:
            entry = s.lex.entry_for("type", token.text.lower())
            if entry is not None and entry.value == "document":
                return True
    return False


def _complement_ok(s: _Sentence, hit: _Hit) -> bool:
    """A verb flagged ``comp`` counts only with a complementizer or colon right after it
    ("report that", "считают, что"), or, flagged ``doc`` too, after a document noun ("the poll
    found"): alone it is too often a noun or an aside ("I think")."""
    flags = hit.entry.value.split(",")
    if hit.kind != "verb" or "comp" not in flags:
        return True
    if "doc" in flags and _document_subject(s, hit):
        return True
    for index in range(hit.last + 1, min(len(s.tokens), hit.last + 3)):
        token = s.tokens[index]
        if token.text == ":" or (token.is_word and s.is_word(index, "that")):
            return True
        if token.text != ",":
            return False
    return False


_COLON = Entry("colon", ":", "", "", re.compile(":"), False)
COLON_SPEAKER_WORDS = 5


def _colon_hit(s: _Sentence) -> _Hit | None:
    """"Lavrov: NATO is …", "CLINTON: Honestly, …": a short name-like phrase opening the sentence,
    then a colon, is a speaker and a cue (not a label such as "Photo:" — lexicon kind ``label``)."""
    first = _first_word(s)
    for index in range(first + 1, min(len(s.tokens) - 2, first + COLON_SPEAKER_WORDS + 1)):
        token = s.tokens[index]
        if token.text == ":":
            words = s.tokens[first:index]
            if not all(w.text[:1].isupper() or w.is_word and w.text.islower() and len(w.text) <= 3 or w.text in ".-'’"
                       for w in words):
                return None  # a speaker's name ("Lavrov", "NY Post", "Secretary of State"), not a phrase
            if any(s.is_word(i, kind) for i in range(first, index) for kind in ("label", "aux", "stop", "that", "verb")
                   if s.tokens[i].is_word):
                return None
            if s.words_between(index + 1, len(s.tokens) - 1) < 2:
                return None
            if index + 1 < len(s.tokens) and s.tokens[index + 1].text[:1].isdigit():
                return None  # a table row ("Sanders: 1,501"), not a speaker
            return _Hit(index, index, "colon", _COLON)
        if not token.is_word and token.text not in ".-'’":
            return None
    return None


def _is_noun_use(s: _Sentence, hit: _Hit) -> bool:
    """A verb form right after a determiner is a noun ("the report", "die Meldung"); one right
    after an infinitive marker is no report ("to say")."""
    if hit.kind != "verb" or hit.first == 0 or not s.tokens[hit.first - 1].is_word:
        return False
    if s.lex.language == "de":  # German nouns are capitalised: "das Sagen", but "Das teilte … mit"
        return s.tokens[hit.first].text[:1].isupper() and s.is_word(hit.first - 1, "det")
    if s.lex.language == "en" and s.tokens[hit.first - 1].text.lower().endswith(("'s", "’s")):
        return True  # "Carrier's calls"
    if s.lex.language == "en" and s.is_word(hit.first - 1, "particle") and \
            not s.tokens[hit.first].lower.endswith(("ing", "ed")):
        return True  # "read out notes", "spoke about claims": the object of another verb ("came out saying" reports)
    return s.is_word(hit.first - 1, "det") or s.is_word(hit.first - 1, "inf")


# Quote marks by family: a quotation opened by one mark closes at the next mark of its family
# (typographic and straight double quotes mix freely in scraped text, so they are one family).
_QUOTE_FAMILY = {"“": "double", "”": "double", "\"": "double", "„": "double", "«": "guillemet", "»": "guillemet",
                 "‹": "single", "›": "single", "''": "tex", "``": "tex"}
_QUOTE_MARK = re.compile(r"''|``|[“”\"„«»‹›]")


def quoted_regions(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Quotations in ``text[start:end]`` (a paragraph) as ``(opening, after closing)`` ranges; one
    that does not close runs to ``end`` (a quote may go on into the next paragraph). Marks of
    other families inside a quotation are nested quotes and are passed over."""
    regions = []
    opened: tuple[int, str] | None = None
    for match in _QUOTE_MARK.finditer(text, start, end):
        mark = match.group(0)
        family = _QUOTE_FAMILY[mark]
        if opened is None:
            if mark == "»" and text.find("«", match.end(), end) < 0:
                continue  # a closing guillemet with no opening one before it
            if mark == "›":
                continue
            opened = (match.start(), family)
        elif family == opened[1] and mark != "„":
            regions.append((opened[0], match.end()))
            opened = None
    if opened is not None:
        regions.append((opened[0], end))
    return regions


def _passive_attribution(s: _Sentence, hit: _Hit, cue: TokenRange, after_stop: int, confidence: float
                         ) -> tuple[TokenRange, TokenRange | None, TokenRange | None, float]:
    weak = "weak" in hit.entry.value.split(",")
    by = hit.last + 1
    if by <= after_stop and s.tokens[by].is_word and s.is_word(by, "agent"):
        source = _right_phrase(s, by + 1, after_stop) if by < after_stop else None
        if source is not None:
            content = _content_before(s, cue[0] - 1) if cue[0] > 0 else None
            # "was criticized by libertarians" is a stance; "are attacked by a crowd" an act: weak
            # verbs in the passive stay below the report threshold.
            return cue, source, content, WEAK_CONFIDENCE if weak else confidence
    if weak:
        return cue, None, None, confidence
    # "Trump was asked about …", "he was told that …": a statement with no source named.
    content = _content_after(s, _complement_start(s, hit.last + 1, after_stop), after_stop) if hit.last < after_stop else None
    return cue, None, content, confidence - 0.15


def _verb_attribution(s: _Sentence, hit: _Hit, previous_end: int, after_stop: int
                      ) -> tuple[TokenRange, TokenRange | None, TokenRange | None, float]:
    flags = set(hit.entry.value.split(","))
    confidence = 0.5 if "weak" in flags else 0.75
    # Auxiliaries before the verb belong to the cue ("has said", "a déclaré", "ha detto").
    first = hit.first
    while first - 1 >= previous_end and s.tokens[first - 1].is_word and s.is_word(first - 1, "aux"):
        first -= 1
    if any(s.is_word(i, "passive") for i in range(first, hit.first)) and hit.first == hit.last:
        # "They are attacked by a crowd", "he was criticized by libertarians": the subject is no
        # speaker; the source, if any, is the by-phrase.
        return _passive_attribution(s, hit, (first, hit.last), after_stop, confidence)
    # So do adverbs between the subject and the verb ("also said", "has repeatedly said"), and a
    # colon right after it ("said:").
    while first - 1 >= previous_end and (_is_adverb(s, first - 1) or s.is_word(first - 1, "aux")):
        first -= 1
    last = hit.last
    # A particle or a time word right after the verb belongs to it too ("spoke about", "said of",
    # "said Tuesday"): lexicon kinds ``particle`` and ``time``.
    while last + 1 < len(s.tokens) and s.tokens[last + 1].is_word and (
            s.is_word(last + 1, "particle") or s.is_word(last + 1, "time")):
        last += 1
    if last + 1 < len(s.tokens) and s.tokens[last + 1].text == ":":
        last += 1
    cue = (first, last)
    subject_end = first - 1
    right_start = hit.last + 1
    right_words = s.words_between(right_start, after_stop) if right_start <= after_stop else 0
    source: TokenRange | None = None
    content: TokenRange | None = None
    before_text = s.tokens[subject_end].text if subject_end >= 0 else ""
    if before_text == ")" and _matching_open(s, subject_end, previous_end) is not None:
        before_text = "(…)"  # "Sen. John Cornyn (R-Texas) told": the parenthesis ends the subject
    if "part" in flags and before_text in BOUNDARY | DASHES:
        start = _skip_object(s, right_start, after_stop) if "obj" in flags else _complement_start(s, right_start, after_stop)
        content = _content_after(s, start, after_stop) if start <= after_stop else None
        return cue, None, content, confidence
    place_start = right_start
    while place_start + 1 < after_stop and s.is_word(place_start, "locative") and s.is_word(place_start + 1, "time"):
        place_start += 2  # "сообщили во вторник в МЧС": a day, not the place
    if before_text == "," and place_start < after_stop and s.is_word(place_start, "locative"):
        # "…, сообщили в пресс-службе МВД", "…, poinformowano w komendzie": a plural or impersonal
        # verb with no subject of its own; the office it names is the source.
        place = _right_phrase(s, place_start + 1, after_stop)
        before = _content_before(s, _skip_comma_left(s, subject_end), previous_end)
        if place is not None and before is not None:
            return cue, place, before, confidence
    right_start = place_start  # the speaker or the content comes after the day
    introducer = subject_end >= previous_end and _introduces_inversion(s, subject_end)
    if subject_end < previous_end or before_text in BOUNDARY | DASHES or introducer:
        # Nothing before the verb in its clause: the source follows it ("“…,” said X",
        # "«…», — заявил X", "Как сообщил X, …"), and the content is on the other side.
        phrase = _right_phrase(s, right_start, after_stop) if right_start <= after_stop else None
        if phrase is not None and not _can_invert(s, phrase):
            phrase = None
        before = None
        if subject_end >= 0 and not introducer and before_text not in ("(", "["):
            before = _content_before(s, _skip_comma_left(s, subject_end))
        if introducer:
            source = phrase
            resume = phrase[1] + 1 if phrase else right_start
            content = _content_after(s, resume, after_stop) if resume <= after_stop else None
        elif before is not None and phrase is not None and not _prefer_appositive(s, subject_end, previous_end, right_words):
            source, content = phrase, before
        elif before is not None and before_text == "," and right_words >= 2 and \
                _appositive_subject(s, subject_end, previous_end) is not None:
            # "X, an adviser to the campaign, said that …": the subject has an appositive.
            source = _appositive_subject(s, subject_end, previous_end)
            start = _skip_object(s, right_start, after_stop) if "obj" in flags else _complement_start(s, right_start, after_stop)
            content = _choose_content(s, source[0] if source else subject_end, _content_after(s, start, after_stop))
        elif before is not None:
            content = before
        elif phrase is not None:
            source = phrase
            content = _content_after(s, phrase[1] + 1, after_stop) if phrase[1] < after_stop else None
        elif right_words:
            content = _content_after(s, right_start, after_stop)
    else:
        source = _left_phrase(s, subject_end, previous_end)
        start = right_start
        if start <= after_stop:
            start = _skip_object(s, start, after_stop) if "obj" in flags else _complement_start(s, start, after_stop)
        after = _content_after(s, start, after_stop) if start <= after_stop else None
        content = _choose_content(s, source[0] if source else subject_end, after)
    if source is not None and "weak" in flags and s.lex.language == "en" and \
            s.tokens[source[0]].lower in ("a", "an", "another") and s.words_between(*source) <= 3:
        # "a group called Black Votes Matter", "a website called …": naming, not a stance
        return cue, source, content, WEAK_CONFIDENCE
    if source is None:
        if "weak" in flags and "part" not in flags:
            # A stance with no one holding it ("… and attacked the police") is kept for
            # completeness, below the report threshold.
            return cue, None, content, WEAK_CONFIDENCE
        confidence -= 0.15
    return cue, source, content, confidence


def _introduces_inversion(s: _Sentence, index: int) -> bool:
    """"As", "как", "wie", "comme", "come", "jak" right before a verb: "As X said, …"."""
    word = s.tokens[index].lower
    return word in {"as", "как", "wie", "comme", "come", "jak", "так", "como"}


def _skip_comma_left(s: _Sentence, index: int) -> int:
    while index >= 0 and not s.tokens[index].is_word and s.tokens[index].text not in CLOSE_Q:
        index -= 1
    return index


VERB_SECOND_LANGUAGES = frozenset({"de"})


def _prep_source(s: _Sentence, start: int, ceiling: int) -> tuple[int, int] | None:
    """The source after a prepositional cue: up to the next comma, colon or dash; where no
    punctuation ends it ("Laut Polizei wurden …", "По данным МВД погибли …"), the words up to
    the last capitalised one in a run of determiners, capitalised words and words before one,
    else the determiners and the word after them."""
    phrase = _right_phrase_until_comma(s, start, ceiling)
    if phrase is None:
        return None
    end = phrase[1]
    reaches_end = end + 1 > ceiling or s.tokens[end + 1].text in (".", "!", "?") or end + 1 >= len(s.tokens)
    # German puts the verb right after a fronted "Laut Polizei", so a phrase that runs on to a
    # clause word or a comma ("Nach Angaben der Feuerwehr brannten mehrere Autos, wie …") runs
    # past the source too.
    if not (reaches_end or s.lex.language in VERB_SECOND_LANGUAGES):
        return phrase
    last_capital = None
    index = start
    while index <= end and s.words_between(start, index) <= 8:
        token = s.tokens[index]
        if not token.is_word:
            break
        following = s.tokens[index + 1] if index + 1 <= end else None
        if token.text[:1].isupper():
            last_capital = index
        elif not (s.is_word(index, "det") or (following is not None and following.is_word and
                                               (following.text[:1].isupper() or s.is_word(index + 1, "det")))):
            break
        index += 1
    if last_capital is not None:
        return start, last_capital
    # no name: the determiners and the word after them ("la polizia", "the police")
    index = start
    while index < end and s.is_word(index, "det") and s.tokens[index + 1].is_word:
        index += 1
    return start, index


def _right_phrase_until_comma(s: _Sentence, start: int, ceiling: int) -> tuple[int, int] | None:
    """The source after a prepositional cue: up to the next comma, colon or dash."""
    last = None
    index = start
    while index <= ceiling:
        token = s.tokens[index]
        if not token.is_word and (token.text in BOUNDARY or token.text == "."):
            if token.text in QUOTES and last is None:
                index += 1
                continue
            break
        if token.is_word and (s.is_word(index, "that") or s.is_word(index, "stop")) and last is not None:
            break
        last = index
        if s.words_between(start, last) > MAX_SOURCE_WORDS:
            return None  # only grows from here
        index += 1
    if last is None:
        return None
    return start, last


# -- quotations over several sentences ---------------------------------------------------------


def _quote_balance(text: str) -> int:
    """Opening minus closing quote marks (typographic pairs; straight quotes count by parity)."""
    balance = 0
    for char in text:
        if char in "“«„‹":
            balance += 1
        elif char in "”»›":
            balance -= 1
    if text.count('"') % 2:
        balance += 1 if text.lstrip().startswith('"') or text.count('"') == 1 else 0
    return balance


def _extend_quote(text: str, content: tuple[int, int], sentences: Sequence[Span], index: int,
                  paragraph: Span | None) -> tuple[int, int]:
    """A content that opens a quotation its sentence does not close runs on to the closing
    mark, in the sentences that follow (same paragraph, a few at most); one that closes a
    quotation its sentence did not open starts back at the opening mark."""
    start, end = content
    words = text[start:end]
    limit_end = paragraph.end if paragraph else len(text)
    limit_start = paragraph.start if paragraph else 0
    if words[:1] in "“«„\"" and _quote_balance(words) > 0:
        closing = {"“": "”", "«": "»", "„": "“", "\"": "\""}[words[0]]
        for following in sentences[index + 1 : index + 1 + QUOTE_SENTENCES]:
            if following.start >= limit_end:
                break
            position = text.find(closing, following.start, following.end)
            if closing == "“" and position < 0:
                position = text.find("”", following.start, following.end)
            if position >= 0:
                return start, position + 1
    if words[-1:] in "”»\"" and text[max(start - 1, 0)] not in "“«„\"" and not any(c in "“«„" for c in words):
        opening = {"”": "“", "»": "«", "\"": "\""}[words[-1]]
        for previous in reversed(sentences[max(0, index - QUOTE_SENTENCES) : index]):
            if previous.end <= limit_start:
                break
            position = text.rfind(opening, previous.start, previous.end)
            if opening == "“" and position < 0:
                position = text.rfind("„", previous.start, previous.end)
            if position >= 0:
                return position, end
    return start, end


# -- what a source is --------------------------------------------------------------------------


def classify_source(text: str, source: tuple[int, int] | None, lexicon: Lexicon, sentence_start: int,
                    impersonal: Entry | None = None) -> tuple[str, str | None, float]:
    """(source_kind, source_type, confidence adjustment) of a source's words."""
    if source is None:
        if impersonal is not None:
            return "vague", impersonal.value or "anonymous", 0.0
        return "none", None, 0.0
    words = text[source[0] : source[1]]
    stripped = words.strip(" ,\u00a0")
    type_hits = list(lexicon.finditer("type", words))
    source_type = type_hits[-1][2].value if type_hits else None
    if lexicon.has("pronoun", stripped):
        entry = lexicon.entry_for("pronoun", stripped)
        if impersonal is not None:
            return "vague", impersonal.value or "anonymous", 0.0
        pronoun_type = entry.value if entry and entry.value in SOURCE_TYPES else "person"
        return "named", source_type or pronoun_type, -0.15
    vague = list(lexicon.finditer("vague", words))
    if impersonal is not None or vague:
        names = _name_words(words, source[0] == sentence_start, lexicon)
        if impersonal is not None or names < 2:
            vague_type = (vague[-1][2].value if vague else "") or (impersonal.value if impersonal else "") or "anonymous"
            return "vague", source_type or vague_type, 0.0
    if source_type is None and _name_words(words, source[0] == sentence_start, lexicon) >= 1:
        source_type = None  # a name without a hint: left to the entity layer
    return "named", source_type, 0.0


def _name_words(words: str, at_sentence_start: bool, lexicon: Lexicon) -> int:
    """Capitalised words that are neither the sentence's first word nor lexicon words."""
    count = 0
    for index, match in enumerate(re.finditer(r"\w[\w'’.\-]*", words)):
        word = match.group(0)
        if not word[:1].isupper() or (index == 0 and at_sentence_start):
            continue
        if lexicon.has("vague", word) or lexicon.has("type", word) or lexicon.has("pronoun", word):
            continue
        count += 1
    return count


def _entity_of(article: Article, source: tuple[int, int] | None) -> tuple[Any, str | None]:
    if source is None:
        return None, None
    for entity in article.layers.get("entities", []):
        if entity.start < source[1] and source[0] < entity.end:
            group = entity.attrs.get("group") if entity.attrs else None
            return group, ENTITY_TYPES.get(entity.label or "")
    return None, None


def find_attributions(article: Article, language: str | None = None,
                      learned: dict[str, list[tuple[int, int, float]]] | None = None) -> list[Found]:
    """The attributions of ``article`` (its ``sentences`` layer; segmented text), in text order;
    with ``learned`` (:func:`learned_spans`), also those built on cues only the head found."""
    lexicon = load_lexicon(language or article.language)
    if lexicon is None:
        return []
    text = article.text
    sentences = article.sentences or [Span(0, len(text))]
    paragraphs = article.paragraphs
    found: list[Found] = []
    seen: set[tuple[tuple[int, int], tuple[int, int] | None]] = set()
    quoted_by_paragraph: dict[int | None, list[tuple[int, int]]] = {}
    for index, span in enumerate(sentences):
        number = paragraph_index(article, span.start) if paragraphs else None
        paragraph = paragraphs[number] if number is not None else None
        if number not in quoted_by_paragraph:
            bounds = paragraph or Span(0, len(text))
            quoted_by_paragraph[number] = quoted_regions(text, bounds.start, bounds.end)
        sentence = _Sentence(text, span, lexicon, quoted_by_paragraph[number])
        if not sentence.tokens:
            continue
        sentence_start = sentence.tokens[_first_word(sentence)].start if _first_word(sentence) < len(sentence.tokens) else span.start
        if index > 0 and sentences[index - 1].end <= span.start:
            sentence.previous = (sentences[index - 1].start, sentences[index - 1].end)
        for hit, cue, source, content, confidence in _sentence_attributions(sentence):
            content_chars = _extend_quote(text, content, sentences, index, paragraph)
            content_chars = _trim(text, *content_chars, ".;:")
            source_chars = _trim(text, *source) if source else None
            cue_chars = _trim(text, *cue) if cue else None
            source_chars = source_chars if source_chars and source_chars[1] > source_chars[0] else None
            cue_chars = cue_chars if cue_chars and cue_chars[1] > cue_chars[0] else None
            impersonal = hit.entry if hit.kind == "impersonal" else None
            kind, source_type, adjustment = classify_source(text, source_chars, lexicon, sentence_start, impersonal)
            entity, entity_type = _entity_of(article, source_chars)
            if source_type is None:
                source_type = entity_type
            if kind == "none" and hit.kind in ("prep", "post"):
                confidence -= 0.1
            key = (content_chars, cue_chars)
            if key in seen or content_chars[1] <= content_chars[0]:
                continue
            seen.add(key)
            item = Found(content_chars, source_chars, cue_chars, kind, source_type,
                         round(max(0.05, min(0.99, confidence + adjustment)), 2), entity)
            found.append(item)
            following = _continued_quote(text, item, span, paragraph, quoted_by_paragraph[number])
            if following is not None and (following, cue_chars) not in seen:
                seen.add((following, cue_chars))
                found.append(Found(following, source_chars, cue_chars, kind, source_type,
                                   round(max(0.05, item.confidence - 0.1), 2), entity))
    found = _nested_cues_merged(text, found)
    if learned:
        found.extend(_learned_attributions(article, learned, found, lexicon))
    found.sort(key=lambda f: (f.content[0], f.content[1]))
    return found


def _nested_cues_merged(text: str, found: list[Found]) -> list[Found]:
    """One attribution where a cue's content holds a second, sourceless cue right after the first
    cue and its source, and all of that cue's content: "Aus Sicherheitskreisen hieß es, …" or
    "Nieoficjalnie mówi się o …" report one statement. The inner cue stays (it governs the
    content), with the outer one's source."""
    dropped: set[int] = set()
    merged = list(found)
    # An inner cue starts where its outer cue (or source) ends, past spaces and punctuation only:
    # candidates are looked up by where their cue starts, not paired with every attribution.
    inner_by_start: dict[int, list[int]] = defaultdict(list)
    for index, item in enumerate(found):
        if item.cue is not None and item.source is None:  # one with its own source is a second statement
            inner_by_start[item.cue[0]].append(index)
    for outer_index, outer in enumerate(found):
        if outer.cue is None and outer.source is None:
            continue
        outer_end = max(part[1] for part in (outer.cue, outer.source) if part is not None)
        candidates: list[int] = []
        position = outer_end
        while position < len(text):
            candidates.extend(inner_by_start.get(position, ()))
            if text[position].isalnum():
                break
            position += 1
        for inner_index in sorted(candidates):
            inner = found[inner_index]  # never the outer one: its own cue starts before outer_end
            if inner_index in dropped:
                continue
            holds = outer.content[0] <= inner.cue[0] and inner.content[1] <= outer.content[1] \
                and outer.content[0] <= inner.content[0]
            if holds:
                if outer.source is not None:
                    merged[inner_index] = Found(inner.content, outer.source, inner.cue, outer.source_kind,
                                                outer.source_type or inner.source_type,
                                                max(inner.confidence, outer.confidence), outer.entity)
                dropped.add(outer_index)
                break
    return [item for index, item in enumerate(merged) if index not in dropped]


# -- the learned head --------------------------------------------------------------------------

HEAD_LABELS = ("source", "cue", "content")
# A content span this many sentences before or after its cue's is still its content.
CONTENT_REACH = 1


def learned_spans(text: str, windows: Sequence[Window], token_vectors: Sequence[np.ndarray], head: TokenHead,
                  thresholds: dict[str, float]) -> dict[str, list[tuple[int, int, float]]]:
    """Per label of the head: runs of tokens at or over its threshold, as whole-word character
    ranges with their mean probability, in text order, overlapping runs merged."""
    return spans_over_thresholds(text, windows, window_probabilities(head, token_vectors), head.labels, thresholds)


def spans_over_thresholds(text: str, windows: Sequence[Window], probabilities: Sequence[np.ndarray],
                          labels: Sequence[str], thresholds: dict[str, float]) -> dict[str, list[tuple[int, int, float]]]:
    """:func:`learned_spans` from the head's probabilities of each window."""
    found: dict[str, list[tuple[int, int, float]]] = {label: [] for label in labels}
    bars = np.array([thresholds[label] for label in labels])
    for window, probs in zip(windows, probabilities, strict=True):
        content = probs[1:-1]
        on = content >= bars
        if not on.any():
            continue
        starts, ends = window.char_starts[1:-1], window.char_ends[1:-1]
        # Where each label's run of positions over its bar begins and ends, all labels at once.
        padded = np.zeros((len(content) + 2, len(labels)), dtype=bool)
        padded[1:-1] = on
        positions, columns = np.nonzero(padded[1:] != padded[:-1])
        for column, label in enumerate(labels):
            edges = positions[columns == column]
            for first, last in zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True):
                start, end = expand_to_words(text, int(starts[first]), int(ends[last - 1]), 0, len(text))
                if end > start:
                    found[label].append((start, end, float(content[first:last, column].mean())))
    for label, spans in found.items():
        spans.sort()
        merged: list[tuple[int, int, float]] = []
        for start, end, score in spans:
            if merged and start < merged[-1][1]:
                previous = merged[-1]
                merged[-1] = (previous[0], max(previous[1], end), max(previous[2], score))
            else:
                merged.append((start, end, score))
        found[label] = merged
    return found


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, a[0] - b[1], b[0] - a[1])


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _one_space_apart(text: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether one span ends a single space before the other begins (either order). Only the one
    character between them is read: slicing the gap of every pair is quadratic in a long text."""
    gap_start, gap_end = min(a[1], b[1]), max(a[0], b[0])
    return gap_end - gap_start == 1 and text[gap_start] in (" ", "\u00a0")


def _learned_attributions(article: Article, learned: dict[str, list[tuple[int, int, float]]],
                          by_rules: Sequence[Found], lexicon: Lexicon) -> list[Found]:
    """Attributions for the head's cues that overlap no rule's cue or source, nor run on from a
    rule's cue across a single space ("comes in | about": the head's run goes one word further)."""
    text = article.text
    sentences = article.sentences or [Span(0, len(text))]
    sentence_starts = [s.start for s in sentences]
    rule_cues = [f.cue for f in by_rules if f.cue]
    taken = rule_cues + [f.source for f in by_rules if f.source]
    found: list[Found] = []
    for start, end, score in learned.get("cue", []):
        cue = (start, end)
        if any(_overlaps(cue, other) for other in taken) or any(_one_space_apart(text, cue, other) for other in rule_cues):
            continue
        index = max(0, bisect.bisect_right(sentence_starts, start) - 1)
        sentence = sentences[index]
        low = sentences[max(0, index - CONTENT_REACH)].start
        high = sentences[min(len(sentences) - 1, index + CONTENT_REACH)].end
        number = paragraph_index(article, start) if article.paragraphs else None
        if number is not None:
            paragraph = article.paragraphs[number]
            low, high = max(low, paragraph.start), min(high, paragraph.end)
        contents = [(a, b) for a, b, _ in learned.get("content", []) if a < high and low < b and not _overlaps((a, b), cue)]
        if not contents:
            continue
        content = _trim(text, *min(contents, key=lambda span: _gap(span, cue)), ".;:")
        if content[1] <= content[0]:
            continue
        sources = [(a, b) for a, b, _ in learned.get("source", [])
                   if a < sentence.end and sentence.start < b and not _overlaps((a, b), cue)
                   and not _overlaps((a, b), content)]
        source = _trim(text, *min(sources, key=lambda span: _gap(span, cue))) if sources else None
        source = source if source and source[1] > source[0] else None
        kind, source_type, adjustment = classify_source(text, source, lexicon, sentence.start)
        entity, entity_type = _entity_of(article, source)
        found.append(Found(content, source, cue, kind, source_type or entity_type,
                           round(max(0.05, min(0.9, score + adjustment)), 2), entity))
        taken.append(cue)
    return found


def _continued_quote(text: str, item: Found, sentence: Span, paragraph: Span | None,
                     quoted: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    """A quotation that goes on right after a sentence ending in its attribution
    ("“…,” Smith said. “More words.”") is the same speaker's: its range, else None."""
    if paragraph is None or item.cue is None or item.content[1] > item.cue[0]:
        return None
    if text[item.content[0]] not in OPENING_QUOTES and text[item.content[0]:item.content[0] + 2] not in ("''", "``"):
        return None
    if text[item.cue[1]:sentence.end].strip(" .,;:!?\u00a0") and (item.source is None or text[
            max(item.cue[1], item.source[1]):sentence.end].strip(" .,;:!?\u00a0")):
        return None  # the sentence goes on after its attribution
    position = sentence.end
    while position < paragraph.end and text[position].isspace():
        position += 1
    for start, end in quoted:
        if start == position and end <= paragraph.end:
            return start, end
    return None


def _trim(text: str, start: int, end: int, also: str = "") -> tuple[int, int]:
    """Without surrounding spaces and commas (and trailing ``also`` characters)."""
    while start < end and text[start] in " ,\u00a0\n":
        start += 1
    while end > start and (text[end - 1] in " ,\u00a0\n" or text[end - 1] in also):
        end -= 1
    return start, end


# -- the component and the document form -------------------------------------------------------


def attribution_layers(article: Article, found: Sequence[Found]) -> tuple[list[Span], list[Span], list[Span]]:
    """The ``attributions``, ``attribution_sources`` and ``attribution_cues`` spans of ``found``."""
    contents, sources, cues = [], [], []
    for number, item in enumerate(found, 1):
        links = []
        if item.source is not None:
            sources.append(Span(*item.source, "source", id=f"s{number}"))
            links.append(Link("source", f"s{number}"))
        if item.cue is not None:
            cues.append(Span(*item.cue, "cue", id=f"c{number}"))
            links.append(Link("cue", f"c{number}"))
        contents.append(
            Span(*item.content, item.source_kind, item.confidence,
                 {"source_type": item.source_type, "entity": item.entity}, id=f"a{number}", links=tuple(links))
        )
    return contents, sources, cues


class AttributionFinder(Component):
    """Adds the ``attributions``, ``attribution_sources`` and ``attribution_cues`` layers: the
    rules, and with a model folder, the learned head on the encoder's token vectors."""

    name = "attributions"
    assigns = ("attributions",)

    def __init__(self, model_dir: Path | None = None, encoder_model: str = "techniques") -> None:
        self.model_dir = Path(model_dir) if model_dir is not None else None
        self.requires: tuple[str, ...] = ("sentences", "language")
        self._head: TokenHead | None = None
        if self.model_dir is not None:
            self.config = read_model_config(self.model_dir, "attributions")
            self.encoder_model = self.config.get("encoder_model", encoder_model)
            self.thresholds: dict[str, float] = {label: float(value)
                                                 for label, value in self.config["thresholds"].items()}
            self.requires = ("sentences", "language", ENCODER, TOKEN_VECTORS)

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_head"] = None  # read again from the folder where it is unpickled
        return state

    def model_version(self) -> str | None:
        return model_version(self.model_dir) if self.model_dir is not None else None

    @property
    def head(self) -> TokenHead:
        if self._head is None:
            assert self.model_dir is not None
            with np.load(self.model_dir / "weights.npz") as weights:
                self._head = TokenHead(self.config["labels"], {name: weights[name] for name in weights.files},
                                       output="sigmoid", neighbours=self.config.get("neighbours", True))
        return self._head

    def token_head(self) -> TokenHead | None:
        return self.head if self.model_dir is not None else None

    def __call__(self, articles: Sequence[Article], states: Sequence[ArticleState]) -> None:
        encoded = [state.encoded if self.model_dir is not None and state.encoded is not None
                   and (self.name in state.encoded.head_probs or state.encoded.token_vectors is not None)
                   else None for state in states]
        present = [one for one in encoded if one is not None]
        probabilities = iter(head_probabilities(self.name, present, lambda: self.head))
        for article, one in zip(articles, encoded, strict=True):
            learned = None
            if one is not None:
                learned = spans_over_thresholds(article.text, one.windows, next(probabilities),
                                                self.head.labels, self.thresholds)
            annotate(article, learned=learned)


def annotate(article: Article, language: str | None = None,
             learned: dict[str, list[tuple[int, int, float]]] | None = None) -> Article:
    """Set the three attribution layers of ``article`` (in place; returned too)."""
    contents, sources, cues = attribution_layers(article, find_attributions(article, language, learned))
    article.set_layer("attribution_sources", sources)
    article.set_layer("attribution_cues", cues)
    article.set_layer("attributions", contents)
    return article


def create(options: ComponentOptions) -> AttributionFinder:
    model_dir = options.models_dir / "attributions"
    return AttributionFinder(model_dir if (model_dir / "config.json").exists() else None)


def attributions_of(article: Article) -> list[tuple[Span, Span | None, Span | None]]:
    """(content, source, cue) per attribution of ``article``, in text order."""
    sources = {s.id: s for s in article.layers.get("attribution_sources", [])}
    cues = {c.id: c for c in article.layers.get("attribution_cues", [])}
    out = []
    for span in article.layers.get("attributions", []):
        source_ids, cue_ids = span.linked("source"), span.linked("cue")
        out.append((span, sources.get(source_ids[0]) if source_ids else None, cues.get(cue_ids[0]) if cue_ids else None))
    return out
