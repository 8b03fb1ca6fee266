"""Paragraph and sentence segmentation into half-open character spans of ``Article.text``.

Paragraphs are lines: each maximal non-blank line (split on ``"\\n"``), trimmed of surrounding
whitespace, is one paragraph. This is the SemEval-2023 Task 3 layout, where every line of an
article is a paragraph and blank lines are skipped.

Sentences come from pysbd, run on one paragraph at a time (pysbd's rules are regex passes
over the whole input, so it slows down badly on long texts; paragraphs keep inputs short), with
one cached ``Segmenter`` per language. pysbd's own output is then repaired:

* splits right after a known abbreviation ("Dr.", "m.in.", "т.е.", "z.B.", "ecc.", ...) are
  merged back;
* an opening quote mark that pysbd left at the end of a sentence moves to the sentence it opens.

Offsets are found by locating pysbd's sentence strings in the paragraph in order, rather than
trusting pysbd's ``char_span`` search (which looks each sentence up from the paragraph start and
so can land on an earlier repeat of the same words). Boundaries are only ever cut between two
sentences, so a paragraph's sentences always cover all of its non-space characters.

A text longer than the analysis limit (``max_chars``) is first split at sentence punctuation
alone: pysbd needs minutes for a text of several megabytes, and the pipeline refuses such a text
unless the limit was raised, in which case it finds the sentences again with pysbd.
"""

from __future__ import annotations

import logging
import re
from functools import cache, lru_cache

import pysbd
from pysbd.abbreviation_replacer import AbbreviationReplacer

from slant.doc.article import Article, Span
from slant.settings import get_settings

log = logging.getLogger(__name__)

# Languages pysbd 0.3.4 has rules for that slant meets in practice; anything else uses English
# rules, which are a fair default for Latin-script punctuation.
PYSBD_LANGUAGES = frozenset(
    {
        "en",
        "ru",
        "de",
        "fr",
        "it",
        "pl",
        "es",
        "nl",
        "da",
        "el",
        "bg",
        "ar",
        "fa",
        "ur",
        "hi",
        "mr",
        "hy",
        "am",
        "my",
        "zh",
        "ja",
        "kk",
        "sk",
    }
)


def _word_set(listing: str) -> frozenset[str]:
    return frozenset(listing.split())


# Abbreviations that come right before a name: a split after them is always wrong ("Dr. Kowalski",
# "prof. Rossi", "ul. Marszałkowska"). Lower-cased, with the final dot. Words that are also
# ordinary sentence-final words in another language ("on.", "pan.") are left out on purpose.
TITLE_ABBREVIATIONS = _word_set(
    """
    dr. drs. prof. mr. mrs. ms. mme. mlle. mgr. inż. hr. fr. frau. herr. st. sr. jr. gen. col. lt. sgt.
    capt. gov. sen. rep. rev. hon. pres. sig. sig.ra dott. dott.ssa avv. ing. ks. płk. ul. św.
    ул. им. тов. проф. акад. ген. св.
    """
)

# Abbreviations that may also end a sentence ("... и т.д."): merge only when the next piece does
# not start like a new sentence (it starts with a lower-case letter, a digit or punctuation).
CONTINUING_ABBREVIATIONS = _word_set(
    """
    e.g. i.e. etc. vs. approx. incl. cf. ca. a.m. p.m. al. no. nos. nr. art. vol. p. pp. tel. fig.
    z.b. u.a. usw. bzw. vgl. ggf. d.h. z.t. u.u. s.o. s.u. evtl. inkl. v.a. o.ä. sog. zzgl. abs. str.
    ecc. pag. cit. es. sec.
    m.in. np. tzn. tj. itd. itp. tys. mln. mld. godz. r. w. wg. pt. zł. im. pl. ok. proc. tzw. ds. ub. ws. woj.
    pow. gm. jw. nt. br. cdn. dot. zob. ang. łac. ros. niem. ukr. red.
    т.е. т.д. т.п. т.к. т.н. и.о. др. пр. тыс. млн. млрд. руб. долл. ст. с. гл. н.э. т.ч. т.о. г. гг. д. см.
    env. p.ex. c.-à-d. av. apr. j.-c. mm.
    """
)

OPENING_QUOTES = frozenset("“«„\"'‘‚‹")
# A run of quote marks at a sentence start that is followed by a space, punctuation or the end
# closes the previous sentence's quotation: pysbd splits "„Dlaczego?” – zapytał." after the "?".
_CLOSING_QUOTE_RUN = re.compile(r"[\"'”»’“‘›]+(?=[\s,.;:!?…)\]–—-]|$)")
# German (and Danish) print »quotes« the other way round: there « and ‹ close.
_CLOSING_QUOTE_RUN_REVERSED = re.compile(r"[\"'”»’“‘›«‹]+(?=[\s,.;:!?…)\]–—-]|$)")
_REVERSED_GUILLEMET_LANGUAGES = frozenset({"de", "da"})
_DASHES = "–—-"

# The last "word" of a piece: what precedes it is whitespace, an opening bracket or quote.
_LAST_TOKEN = re.compile(r"(?:^|[\s(\[«„“\"'‘])([^\s(\[«„“\"'‘]+)$")


def paragraph_spans(text: str) -> list[Span]:
    """One span per non-blank line of ``text``, trimmed of surrounding whitespace."""
    spans: list[Span] = []
    line_start = 0
    for line in text.split("\n"):
        stripped_left = len(line) - len(line.lstrip())
        content = line.strip()
        if content:
            start = line_start + stripped_left
            spans.append(Span(start, start + len(content)))
        line_start += len(line) + 1
    return spans


def pysbd_language(language: str | None) -> str:
    """The pysbd rule set for an ISO 639-1 code (English for anything pysbd lacks)."""
    code = (language or "en").lower().split("-")[0].split("_")[0]
    return code if code in PYSBD_LANGUAGES else "en"


@lru_cache(maxsize=16384)
def _compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(pattern, flags)


# pysbd builds a regex per abbreviation on every call (Italian has 2,225 abbreviations), far more
# distinct patterns than the 512 the ``re`` module caches, so most calls recompiled them: 85% of
# the time on Italian text. These are pysbd's own AbbreviationReplacer methods, with the same
# patterns and flags, compiled once; a language's replacer that defines its own keeps it.


def _search_for_abbreviations_in_string(self, text):  # type: ignore[no-untyped-def]
    lowered = text.lower()
    for abbr in self.lang.Abbreviation.ABBREVIATIONS:
        stripped = abbr.strip()
        if stripped not in lowered:
            continue
        abbrev_match = _compiled(rf"(?:^|\s|\r|\n){stripped}", re.IGNORECASE).findall(text)
        if not abbrev_match:
            continue
        next_word_start = r"(?<={" + str(re.escape(stripped)) + "} ).{1}"
        char_array = _compiled(next_word_start).findall(text)
        for index, match in enumerate(abbrev_match):
            text = self.scan_for_replacements(text, match, index, char_array)
    return text


def _scan_for_replacements(self, txt, am, ind, char_array):  # type: ignore[no-untyped-def]
    try:
        char = char_array[ind]
    except IndexError:
        char = ""
    prepositive = self.lang.Abbreviation.PREPOSITIVE_ABBREVIATIONS
    number_abbr = self.lang.Abbreviation.NUMBER_ABBREVIATIONS
    upper = str(char).isupper()
    if not upper or am.strip().lower() in prepositive:
        if am.strip().lower() in prepositive:
            pattern = rf"(?<=\s{am.strip()})\.(?=(\s|:\d+))"
            txt = _compiled(pattern).sub("∯", " " + txt)[1:]
        elif am.strip().lower() in number_abbr:
            pattern = rf"(?<=\s{am.strip()})\.(?=(\s\d|\s+\())"
            txt = _compiled(pattern).sub("∯", " " + txt)[1:]
        else:
            txt = self.replace_period_of_abbr(txt, am)
    return txt


def _replace_period_of_abbr(self, txt, abbr):  # type: ignore[no-untyped-def]
    pattern = rf"(?<=\s{re.escape(abbr.strip())})\.(?=((\.|\:|-|\?|,)|(\s([a-z]|I\s|I'm|I'll|\d|\())))"
    return _compiled(pattern).sub("∯", " " + txt)[1:]


_CACHED_METHODS = {
    "search_for_abbreviations_in_string": _search_for_abbreviations_in_string,
    "scan_for_replacements": _scan_for_replacements,
    "replace_period_of_abbr": _replace_period_of_abbr,
}


def _language_with_cached_regexes(language_class: type) -> type:
    """A subclass of a pysbd language whose abbreviation replacer compiles its regexes once."""
    base = getattr(language_class, "AbbreviationReplacer", AbbreviationReplacer)
    overrides = {name: method for name, method in _CACHED_METHODS.items()
                 if getattr(base, name) is getattr(AbbreviationReplacer, name)}
    replacer = type(base.__name__, (base,), overrides)
    return type(language_class.__name__, (language_class,), {"AbbreviationReplacer": replacer})


@cache
def _segmenter(language: str) -> pysbd.Segmenter:
    # clean=False: cleaning rewrites the text, and we need offsets into the original.
    segmenter = pysbd.Segmenter(language=language, clean=False, char_span=False)
    segmenter.language_module = _language_with_cached_regexes(segmenter.language_module)
    return segmenter


# pysbd's time per character grows with input length past a few thousand characters (a 200 kB
# one-line paragraph took over half a minute), so long paragraphs go to pysbd in pieces of about
# this size, cut where a sentence very probably ends anyway.
CHUNK_CHARS = 1500
_LIKELY_SENTENCE_END = re.compile(r"[.!?…][\"'”»)\]]*\s+(?=\S)")


def _chunk_starts(piece: str) -> list[int]:
    """Offsets where to cut a long paragraph before handing it to pysbd (always includes 0)."""
    starts = [0]
    while len(piece) - starts[-1] > CHUNK_CHARS:
        window_start = starts[-1]
        window_end = window_start + CHUNK_CHARS
        cut = None
        for match in _LIKELY_SENTENCE_END.finditer(piece, window_start + CHUNK_CHARS // 3, window_end):
            cut = match.end()
        if cut is None:  # no sentence end in sight: cut at the last space, else anywhere
            space = piece.rfind(" ", window_start + 1, window_end)
            cut = space + 1 if space > window_start else window_end
        starts.append(cut)
    return starts


# Characters that can end a sentence in the languages pysbd handles. A paragraph with none of
# them before its final punctuation is one sentence; skipping pysbd for it (titles, bylines,
# captions: about 40% of the SemEval paragraphs) saves pysbd's sizeable cost per call.
_SENTENCE_END_CHARS = re.compile(r"[.!?…;。！？؟।]")
_TRAILING_CLOSERS = "\"'”»“«’)]›‹ \t"


def _pysbd_starts(piece: str, language: str) -> list[int]:
    """Offsets in ``piece`` where pysbd (or the chunking) starts a sentence (always includes 0)."""
    if not _SENTENCE_END_CHARS.search(piece.rstrip(_TRAILING_CLOSERS)[:-1]):
        return [0]
    if len(piece) <= CHUNK_CHARS:
        return _pysbd_starts_short(piece, language)
    chunk_starts = _chunk_starts(piece)
    starts: list[int] = []
    for chunk_start, chunk_end in zip(chunk_starts, [*chunk_starts[1:], len(piece)], strict=True):
        starts.extend(
            chunk_start + offset for offset in _pysbd_starts_short(piece[chunk_start:chunk_end], language)
        )
    return starts


def _pysbd_sentences(piece: str, language: str) -> list[str]:
    segmenter = _segmenter(language)
    # Segmenter.segment() ends by searching every sentence back in the text with a freshly
    # compiled regex (its char_span step, run even when char_span=False); that costs ~40% of the
    # time and evicts pysbd's own patterns from the re cache. We locate sentences ourselves, so
    # ask the processor for the sentences directly (same output, pysbd 0.3.4).
    processor = getattr(segmenter, "processor", None)
    if processor is None:
        return list(segmenter.segment(piece))
    return list(processor(piece).process())


def _pysbd_starts_short(piece: str, language: str) -> list[int]:
    starts = [0]
    cursor = 0
    for sentence in _pysbd_sentences(piece, language):
        needle = sentence.strip()
        if not needle:
            continue
        found = piece.find(needle, cursor)
        if found < 0:
            # pysbd changed the text it returned; skipping the boundary only merges two
            # sentences, never loses characters.
            log.debug("pysbd sentence not found verbatim in paragraph: %r", needle[:60])
            continue
        if found > 0:
            starts.append(found)
        cursor = found + len(needle)
    return sorted(set(starts))


def _last_token(piece: str) -> str:
    match = _LAST_TOKEN.search(piece.rstrip())
    return match.group(1).lower() if match else ""


def _joins_previous(previous: str, following: str) -> bool:
    """Whether the cut between ``previous`` and ``following`` falls right after an abbreviation."""
    token = _last_token(previous)
    if not token.endswith("."):
        return False
    if token in TITLE_ABBREVIATIONS:
        return True
    if token in CONTINUING_ABBREVIATIONS or _is_dotted_initials(token):
        first = following.lstrip()[:1]
        return bool(first) and not first.isupper() and first not in OPENING_QUOTES
    return False


def _is_dotted_initials(token: str) -> bool:
    # "т.е.", "z.b.", "m.in." and the like not in the lists: letters separated by inner dots.
    # A single letter ("A.") is left alone: it is as likely a sentence-final initial.
    parts = token[:-1].split(".")
    return len(parts) >= 2 and all(0 < len(part) <= 3 and part.isalpha() for part in parts)


def _move_opening_quotes(piece: str, starts: list[int]) -> list[int]:
    """Pull each sentence start back over opening quote marks left at the end of the previous one."""
    moved = [starts[0]]
    for start in starts[1:]:
        new_start = start
        # Walk back over trailing whitespace, then over quote marks that directly precede
        # the sentence text and are themselves preceded by whitespace (so they open, not close).
        probe = start
        while probe > moved[-1] and piece[probe - 1].isspace():
            probe -= 1
        quote_start = probe
        while quote_start > moved[-1] and piece[quote_start - 1] in OPENING_QUOTES:
            quote_start -= 1
        if quote_start < probe and probe == start and (quote_start == 0 or piece[quote_start - 1].isspace()):
            new_start = quote_start
        if new_start > moved[-1]:
            moved.append(new_start)
    return moved


def _attach_closing_quotes(piece: str, starts: list[int], language: str = "en") -> list[int]:
    """Give a closing quote that pysbd put at a sentence start back to the previous sentence.

    When what follows the quote does not look like a new sentence (lower case, a dash, more
    punctuation: "” – zapytał."), the two pieces are one sentence and the cut goes entirely.
    """
    closing_run = (
        _CLOSING_QUOTE_RUN_REVERSED if language in _REVERSED_GUILLEMET_LANGUAGES else _CLOSING_QUOTE_RUN
    )
    kept = [starts[0]]
    for start in starts[1:]:
        match = closing_run.match(piece, start)
        if not match:
            kept.append(start)
            continue
        rest = piece[match.end() :].lstrip()
        if not rest or not (rest[0].isupper() or rest[0].isdigit() or rest[0] in OPENING_QUOTES):
            continue  # "?” – said he." / "?”, he said": same sentence
        new_start = len(piece) - len(rest)
        if new_start > kept[-1]:
            kept.append(new_start)
    return kept


def _split_paragraph(piece: str, language: str) -> list[tuple[int, int]]:
    """Sentence ranges within one paragraph string, trimmed of whitespace, covering its content."""
    starts = _pysbd_starts(piece, language)
    starts = _attach_closing_quotes(piece, starts, language)
    starts = _move_opening_quotes(piece, starts)
    merged = [starts[0]]
    bounds = [*starts, len(piece)]
    for index in range(1, len(starts)):
        previous = piece[merged[-1] : starts[index]]
        following = piece[starts[index] : bounds[index + 1]]
        if not _joins_previous(previous, following):
            merged.append(starts[index])
    return _trimmed_ranges(piece, merged)


def _trimmed_ranges(piece: str, starts: list[int]) -> list[tuple[int, int]]:
    """The pieces between consecutive ``starts``, trimmed of whitespace, empty ones left out."""
    ranges: list[tuple[int, int]] = []
    for start, end in zip(starts, [*starts[1:], len(piece)], strict=True):
        chunk = piece[start:end]
        content = chunk.strip()
        if content:
            lead = len(chunk) - len(chunk.lstrip())
            ranges.append((start + lead, start + lead + len(content)))
    return ranges


# A sentence end for texts too long for pysbd: end punctuation (matched from the first mark of a
# run only: retried inside a long run of dots the search turns quadratic), closing marks, space.
_PUNCTUATION_BOUNDARY = re.compile(r"(?<![.!?…。！？])[.!?…。！？]+[\"'”»’)\]]*\s+")
_OPENING_MARKS_AT_START = "\"'“«„‘(["
# Provenance key saying how an article's sentences were found, when not by pysbd.
SENTENCES_PROVENANCE = "sentences"
PUNCTUATION_SENTENCES = "split at punctuation alone (the text is over the analysis limit)"


def _split_at_punctuation(piece: str) -> list[tuple[int, int]]:
    """Sentence ranges of one paragraph from punctuation alone, trimmed, covering its content: a
    sentence ends at end punctuation followed by space and a word that is not lower case."""
    starts = [0]
    for match in _PUNCTUATION_BOUNDARY.finditer(piece):
        following = piece[match.end() : match.end() + 8].lstrip(_OPENING_MARKS_AT_START)
        if following and not following[0].islower():
            starts.append(match.end())
    return _trimmed_ranges(piece, starts)


def sentence_spans(text: str, paragraphs: list[Span], language: str | None = None,
                   punctuation_only: bool = False) -> list[Span]:
    """Sentence spans of ``text``, found paragraph by paragraph; none crosses a paragraph.
    ``punctuation_only``: split at end punctuation alone, without pysbd (for huge texts)."""
    rules = pysbd_language(language)
    spans: list[Span] = []
    for paragraph in paragraphs:
        piece = text[paragraph.start : paragraph.end]
        ranges = _split_at_punctuation(piece) if punctuation_only else _split_paragraph(piece, rules)
        for start, end in ranges:
            spans.append(Span(paragraph.start + start, paragraph.start + end))
    return spans


def segment(article: Article) -> Article:
    """Set the ``paragraphs`` and ``sentences`` layers of ``article`` (in place; returned too).
    A text over the analysis limit (``max_chars``) gets sentences split at punctuation alone, and
    its provenance says so: the pipeline refuses it, or, where the limit was raised, finds its
    sentences again with pysbd (:func:`resegment_sentences`)."""
    paragraphs = article.set_layer("paragraphs", paragraph_spans(article.text))
    rough = len(article.text) > get_settings().max_chars
    if rough:
        log.info("%s: %s characters is over the analysis limit: sentences split at punctuation for now",
                 article.source, f"{len(article.text):,}")
        article.provenance[SENTENCES_PROVENANCE] = PUNCTUATION_SENTENCES
    article.set_layer("sentences", sentence_spans(article.text, paragraphs, article.language, punctuation_only=rough))
    return article


def resegment_sentences(article: Article) -> Article:
    """Find again with pysbd the sentences of an article :func:`segment` split at punctuation."""
    if article.provenance.get(SENTENCES_PROVENANCE) == PUNCTUATION_SENTENCES:
        article.set_layer("sentences", sentence_spans(article.text, article.paragraphs, article.language))
        del article.provenance[SENTENCES_PROVENANCE]
    return article
