"""Clean a whole plain-text scrape down to the article's title and body paragraphs.

:func:`clean_text` scores every line for how much it reads like prose (length, final
punctuation, share of function words, list shape, repetition across the page), finds the
densest contiguous run of prose (the body block, found as a maximum-sum segment, in the spirit
of jusText and boilerpipe) and drops what lies outside it, plus pattern leftovers inside it
(:func:`slant.ingest.leftovers.is_leftover`) and related-article headlines trailing it. A short,
clean scrape is one body block, so its body survives whole; a full-page dump (menus, footers,
comments, related lists) comes out as the article body.

Every dropped line is recorded as :class:`~slant.doc.article.Removed` with a reason and its
1-based line number in the input. A dump wrapped at a fixed width is first read one paragraph a
line, and so is one written a text node a line (a sentence broken at its links): a wrapped
paragraph or a joined sentence is kept or removed whole, under the number of its first line.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import chain
from typing import TypeVar

from slant.doc.article import Removed
from slant.errors import SlantError
from slant.ingest.leftover_patterns import (
    CJK,
    COMMENT_INVITATION,
    DATE_NAME,
    DATE_WORD,
    DAY_DATE,
    LETTER,
    READ_MORE_LINK,
    RELATED_BOX_HEADING,
    TERMINAL,
    WORD,
)
from slant.ingest.leftovers import (
    ADVERTISEMENT,
    AUTHOR_BOX,
    BOILERPLATE,
    CALL_TO_ACTION,
    CAPTION,
    COMMENT,
    COOKIE_NOTICE,
    COPYRIGHT,
    METADATA,
    NAVIGATION,
    RELATED_HEADLINE,
    REPEATED,
    SECTION_FOOTER,
    SHARE_WIDGET,
    SUBSCRIPTION,
    TAGS,
    body_removals,
    classify_line,
    is_bare_date,
    is_cut_teaser,
    is_leftover,
    is_truncated_headline,
    trailing_author_boxes,
    without_trailing_pictographs,
)
from slant.ingest.markdown import MarkdownLines, looks_like_markdown, strip_markdown
from slant.ingest.normalize import normalize_line, split_lines
from slant.ingest.stopwords import guess_stopwords
from slant.ingest.text_browser import strip_browser_marks

log = logging.getLogger(__name__)

_Item = TypeVar("_Item")


@dataclass(slots=True)
class CleanedText:
    """The body of a scrape: its title (when one was found), paragraphs, and what was dropped."""

    title: str | None
    paragraphs: list[str]
    removed: list[Removed] = field(default_factory=list)
    # 1-based input line numbers: of the title, and of the first line of each paragraph.
    title_line: int | None = None
    paragraph_lines: list[int] = field(default_factory=list)
    # the page's address, where the text names it (a reader service's "URL Source:")
    url: str | None = None

    @property
    def text(self) -> str:
        """Title and paragraphs joined by blank lines, as readers store them."""
        parts = ([self.title] if self.title else []) + self.paragraphs
        return "\n\n".join(parts)


@dataclass(slots=True)
class _Line:
    number: int  # 1-based input line
    text: str
    words: int
    stop_share: float
    terminal: bool
    pattern: str | None
    repeated: bool = False
    # a comment heading followed by a share widget: a toolbar button, not the start of the thread
    toolbar: bool = False
    weight: float = 0.0
    kind: str = "short"  # good | near | short | bad
    heading: int = 0  # a Markdown heading's level


# Barrier reasons: a comment section or a "related" heading ends the article when only
# non-prose follows it, and its lines after are comments or headlines, not body.
_END_MARKERS = {COMMENT, SECTION_FOOTER}


def clean_text(raw: str, *, language: str | None = None) -> CleanedText:
    """Split a plain-text scrape into title, body paragraphs and removed leftovers.

    ``raw`` is decoded text, one visible block per line (blank lines between paragraphs are
    fine). ``language`` (ISO 639-1) sharpens the prose test; None guesses it from the text.
    """
    if not isinstance(raw, str):
        raise SlantError(f"clean_text needs decoded text (str), got {type(raw).__name__}; decode bytes first")
    if language is not None:
        is_leftover("", language)  # validates the code, with the same message
    raw_lines = split_lines(raw)
    markdown = strip_markdown(raw_lines) if looks_like_markdown("\n".join(raw_lines)) else None
    if markdown is not None:
        log.debug("clean_text: read as Markdown")
        raw_lines = markdown.lines
    else:  # a Markdown list nests its items by indentation as lynx does
        raw_lines = strip_browser_marks(raw_lines)
    texts = [normalize_line(line) for line in raw_lines]
    patterns: dict[str, str | None] = {}

    def pattern_of(text: str) -> str | None:
        if text not in patterns:
            patterns[text] = classify_line(text)
        return patterns[text]

    per_line_tokens = [[word.lower() for word in WORD.findall(text)] for text in texts]
    code, stopwords = guess_stopwords(Counter(chain.from_iterable(per_line_tokens)), language)
    if markdown is None:  # Markdown's paragraphs were joined by its own rules
        # the code it was told, else the stop list's guess (which names a two-letter code)
        told = language if language is not None and len(language) == 2 else None
        joined = _rejoin_fragments(_unwrap(texts), pattern_of, told or code)
        per_line_tokens = [tokens if new == old else [word.lower() for word in WORD.findall(new)]
                           for old, new, tokens in zip(texts, joined, per_line_tokens, strict=True)]
        texts = joined
    log.debug("clean_text: %d lines, stop list %s", len(raw_lines), code)

    occurrences = Counter(text.casefold() for text in texts if text)
    lines: list[_Line] = []
    for index, text in enumerate(texts):
        if not text:
            continue
        words = per_line_tokens[index]
        stop_share = (sum(1 for w in words if w in stopwords) / len(words)) if (words and stopwords) else 0.0
        line = _Line(
            number=index + 1,
            text=text,
            words=_word_count(text),
            stop_share=stop_share,
            terminal=bool(TERMINAL.search(text)),
            pattern=pattern_of(text) or _link_line_pattern(markdown, index, text),
            repeated=occurrences[text.casefold()] > 1 and len(text) < 200,
            heading=markdown.heading_levels[index] if markdown is not None else 0,
        )
        lines.append(line)
    _mark_comment_toolbars(lines)
    _mark_teasers(lines)
    _mark_truncated_headlines(lines)
    _mark_dated_teasers(lines)
    _mark_long_cut_excerpts(lines)
    bar = _thresholds(lines, bool(stopwords))
    for line in lines:
        _score(line, bar)
    _escalate_gaps(lines)

    removed: list[Removed] = []
    if not lines:
        return CleanedText(None, [], removed)

    clean_block = _clean_scrape_block(lines)
    blocks = [clean_block] if clean_block else _body_blocks(lines)
    start, end = blocks[0][0], blocks[-1][1]
    start = _extend_backward(lines, start)
    end = _extend_forward(lines, end)
    end = _trim_trailing_headlines(lines, start, end)
    in_body = [False] * len(lines)
    for block_start, block_end in blocks:
        for position in range(max(start, block_start), min(end, block_end) + 1):
            in_body[position] = True
    if blocks[0][0] <= blocks[-1][1]:  # an empty block (nothing but leftovers) takes nothing in
        for position in range(start, blocks[0][0] + 1):
            in_body[position] = True
        for position in range(blocks[-1][1], end + 1):
            in_body[position] = True

    kept: list[_Line] = []
    seen_end_marker = False
    for position, line in enumerate(lines):
        inside = in_body[position]
        # A repeated short line inside the body is page furniture; above it, it is the title
        # (which pages repeat in breadcrumbs and share texts).
        head = position < blocks[0][0]
        if inside and line.pattern is None and not (line.repeated and line.kind != "good" and not head):
            kept.append(line)
            continue
        reason = line.pattern
        if reason in _END_MARKERS and position > end and not line.toolbar:
            seen_end_marker = reason == COMMENT
        if reason is None:
            reason = _outside_reason(line, before=position < start, after_comments=seen_end_marker)
        removed.append(Removed(line.text, reason, line.number))

    wrapped = _looks_hard_wrapped(kept, texts)
    title, body = _split_title(kept, lines, start, texts, wrapped)
    if title is None and markdown is not None and markdown.header_title:
        title = _header_title(lines, markdown)
    title_number = title.number if title is not None else None
    if title is not None and not any(title is line for line in kept):
        # a headline found above the body had been removed with the lines around it
        removed = [entry for entry in removed if entry.line != title_number]
    # Every line is accounted for: a kept line that became neither title nor body is a breadcrumb
    # trail, recorded as navigation (without the headline it ends in, when that is the title).
    in_body = {id(line) for line in body}
    for line in kept:
        if line is title or id(line) in in_body:
            continue
        trail = line.text[: -len(title.text)] if line.number == title_number else line.text
        removed.append(Removed(trail.rstrip(" »›>"), NAVIGATION, line.number))
    paragraphs, paragraph_lines = _paragraphs(body, wrapped)
    # Paragraphs joined from hard-wrapped lines here (not by _unwrap) stand for several input
    # lines, and Removed has one line number; their copies are left as they are.
    for index, reason in body_removals(paragraphs, repeats=not wrapped):
        removed.append(Removed(paragraphs.pop(index), reason, paragraph_lines.pop(index)))
    for _ in range(trailing_author_boxes(paragraphs)):
        removed.append(Removed(paragraphs.pop(), AUTHOR_BOX, paragraph_lines.pop()))
    removed.sort(key=lambda entry: entry.line or 0)
    return CleanedText(title.text if title else None, paragraphs, removed, title.number if title else None,
                       paragraph_lines, markdown.header_url if markdown is not None else None)


# A Markdown line that is all link text is a menu entry, or a teaser when it reads as a headline;
# a reader service's header lines are metadata.
LINK_LINE_MIN_SHARE = 0.8


def _link_line_pattern(markdown: MarkdownLines | None, index: int, text: str) -> str | None:
    if markdown is None:
        return None
    if index in markdown.header_lines:
        return METADATA
    if markdown.link_shares[index] < LINK_LINE_MIN_SHARE or markdown.heading_levels[index] == 1:
        return None
    return RELATED_HEADLINE if len(text.split()) >= 5 else NAVIGATION


# Widgets that sit inside articles (captions, "Read also", share buttons, bylines): they are
# dropped by pattern, but must not split the body block around them.
_IN_ARTICLE = {CAPTION, CALL_TO_ACTION, SUBSCRIPTION, SHARE_WIDGET, METADATA, ADVERTISEMENT, TAGS, RELATED_HEADLINE}


@dataclass(slots=True)
class _Thresholds:
    prose: float  # stop-word share of running text
    weak: float  # stop-word share of text that may still be prose


def _thresholds(lines: list[_Line], have_stopwords: bool) -> _Thresholds | None:
    """Stop-word shares differ by language and stop list (Russian prose has far fewer function
    words than English), so the bar is set from the page's own long lines where there are any."""
    if not have_stopwords:
        return None
    shares = sorted(line.stop_share for line in lines if line.words >= 12 and line.pattern is None)
    if len(shares) >= 3:
        reference = shares[(len(shares) * 2) // 3]
        if reference < 0.05:
            # The stop list does not fit the text (a wrong language hint): judge by shape.
            return None
        return _Thresholds(min(0.25, 0.7 * reference), min(0.12, 0.35 * reference))
    return _Thresholds(0.22, 0.1)


def _word_count(text: str) -> int:
    cjk = len(CJK.findall(text))
    if cjk:
        return len(text.split()) + cjk // 2
    return len(text.split())


def _effective_length(text: str) -> int:
    return len(text) + 2 * len(CJK.findall(text))


def _score(line: _Line, bar: _Thresholds | None) -> None:
    """Classify one line as good/near/short/bad prose and give it a block weight."""
    length = _effective_length(line.text)
    if line.pattern is not None:
        line.kind = "bad"
        if _is_barrier(line):
            line.weight = -250.0
        elif line.pattern == CAPTION:
            # Captions stand between an article's paragraphs, a figure after each step of a
            # tutorial: they neither end the article nor count against it.
            line.weight = -2.0
        elif line.pattern in _IN_ARTICLE or line.pattern == COMMENT:
            line.weight = -15.0
        else:
            line.weight = -40.0 - 0.5 * length
        return
    sentence_like = line.terminal or (line.words >= 25)
    if bar is not None:
        prose = line.stop_share >= bar.prose
        weak_prose = line.stop_share >= bar.weak
    else:
        # No stop list (unknown language): fall back to punctuation and length alone.
        prose = sentence_like and line.words >= 8
        weak_prose = sentence_like
    if length >= 70 and prose and (sentence_like or length >= 150):
        line.kind = "good"
        line.weight = float(length)
    elif length >= 40 and (prose or (weak_prose and sentence_like)):
        line.kind = "near"
        line.weight = 0.3 * length
    elif length < 40 or line.words < 5:
        line.kind = "short"
        line.weight = -8.0 - 0.3 * length
    else:
        line.kind = "bad"
        line.weight = -0.6 * length
    if line.repeated:
        line.weight = min(line.weight, -30.0) if line.kind != "good" else line.weight


def _clean_scrape_block(lines: list[_Line]) -> tuple[int, int] | None:
    """For a short scrape that is already just the article (no menus, no link lists), the body
    runs from the first line no pattern rejects to the last sentence before any comment
    section; density scoring would only risk dropping a short paragraph. A "Related" or "Most read"
    heading says the scrape holds link lists after all."""
    if len(lines) > 120 or any(line.pattern == SECTION_FOOTER and _is_barrier(line) for line in lines):
        return None
    unmatched = [line for line in lines if line.pattern is None]
    non_prose = [line for line in unmatched if line.kind in ("short", "bad")]
    if len(non_prose) > max(3, len(unmatched) // 4):
        return None
    run = 0
    for line in lines:
        run = run + 1 if line.pattern is None and line.kind in ("short", "bad") else 0
        if run >= 3:
            return None
    prose = [i for i, line in enumerate(lines) if line.pattern is None and (line.kind == "good" or (line.terminal and line.words >= 4))]
    if not prose:
        return None
    comment_start = next((i for i, line in enumerate(lines) if line.pattern == COMMENT and _is_barrier(line) and i > prose[0]),
                         None)
    if comment_start is not None:
        prose = [i for i in prose if i < comment_start]
    start = next(i for i, line in enumerate(lines) if line.pattern is None)
    return start, prose[-1]


def _best_segment(lines: list[_Line], low: int, high: int) -> tuple[int, int, float]:
    """The contiguous run in ``lines[low:high]`` with the highest total weight (Kadane)."""
    best_sum = float("-inf")
    best = (low, low - 1)
    running = 0.0
    run_start = low
    for position in range(low, high):
        if running <= 0:
            running = 0.0
            run_start = position
        running += lines[position].weight
        if running > best_sum:
            best_sum = running
            best = (run_start, position)
    return best[0], best[1], best_sum


# How much a prose block after a comment heading counts, when choosing the main block: a long
# comment thread must not win over the article it comments on.
_AFTER_COMMENTS_SHARE = 0.35


def _main_segment(lines: list[_Line]) -> tuple[int, int, float]:
    """The heaviest block, never running across a comment-section or "Related" heading.

    Blocks after a comment heading count for less when choosing, so that a long thread does
    not win over the article it follows.
    """
    barriers = [p for p, line in enumerate(lines) if _is_barrier(line)]
    # A comment or "Most read" heading with no sentence of prose above it is a menu item or the
    # article's comment counter, not the end of an article: it splits blocks but discounts none.
    first_sentence = next((p for p, line in enumerate(lines) if line.kind in ("good", "near") and line.terminal),
                          len(lines))
    first_comment = next((p for p in barriers if lines[p].pattern == COMMENT and p > first_sentence), len(lines))
    first_related = next((p for p in barriers if lines[p].pattern == SECTION_FOOTER and p > first_sentence), len(lines))
    bounds = [-1, *barriers, len(lines)]
    scored: list[tuple[float, tuple[int, int, float]]] = []
    for low, high in zip(bounds, bounds[1:], strict=False):
        if high - low <= 1:
            continue
        seg_start, seg_end, weight = _best_segment(lines, low + 1, high)
        score = weight * _AFTER_COMMENTS_SHARE if low >= first_comment else weight
        if low >= first_related:
            score *= _AFTER_RELATED_SHARE
        scored.append((score, (seg_start, seg_end, weight)))
    if not scored:
        return 0, -1, float("-inf")
    # The article comes before what follows it (threads, teasers): of the blocks nearly as
    # heavy as the heaviest, take the first.
    top = max(score for score, _ in scored)
    if top <= 0:  # no prose anywhere; the caller falls back to what no pattern rejects
        return max(scored)[1]
    return next(segment for score, segment in scored if score >= _EARLIEST_SHARE * top)


_EARLIEST_SHARE = 0.5
_AFTER_RELATED_SHARE = 0.8


# One-word buttons of a share/comment toolbar ("Comment", "Reply"): removed, but they do not
# announce a comment section, so they neither bound nor split the body.
_COMMENT_BUTTON = re.compile(
    r"^(?:comment|discussion|kommentar|kommentieren|diskussion|commenter|réagir|commenta|commento|"
    r"skomentuj|komentarz|комментировать|комментарий|обсуждение)$",
    re.IGNORECASE,
)


def _is_barrier(line: _Line) -> bool:
    text = without_trailing_pictographs(line.text)
    return (line.pattern in _END_MARKERS and not line.toolbar
            and not _COMMENT_BUTTON.match(text) and not COMMENT_INVITATION.match(text))


def _mark_comment_toolbars(lines: list[_Line]) -> None:
    """Mark comment headings followed by a share widget: "Write a comment", then "Share this
    article", is a toolbar above the article, not the start of the thread (a share widget just
    before a comment heading is the article's end)."""
    for position, line in enumerate(lines[:-1]):
        if line.pattern == COMMENT and lines[position + 1].pattern == SHARE_WIDGET:
            line.toolbar = True


# A paragraph before a "read more" link is another article's excerpt only when it reads as one,
# under a headline of a few words: a headline-length line before a lone link is a related
# headline's, found by other patterns, and a time stamp over a live blog's entry is no headline.
_TEASER_MIN_CHARS = 60
_TEASER_HEADLINE_WORDS = (3, 25)
# One "read more" under a paragraph may close the article's own first part (a paywall's
# "Continue reading"); the same link two or more times makes a list of excerpts.
_TEASERS_MIN = 2
# What must be left when the excerpts are set aside: a line of prose with a sentence end in it
# (where a dump is wrapped at a fixed width, or a credit joined to the last line, few lines end one).
# A page of nothing but excerpts (a listing) is read as it is.
_PROSE_LEFT_MIN_WORDS = 8
_SENTENCE_END_ANYWHERE = re.compile(r"[.!?…][\"'»”’)]*(?:\s|$)")
# A headline may ask or exclaim; a line ending in a full stop is a sentence.
_ENDS_IN_FULL_STOP = re.compile(r"(?<!\.)\.[\"'»”’)]*$")
# Longer than a line of a dump wrapped at a fixed width.
_PARTING_PROSE_MIN_CHARS = 100
# "Posted at 10:02": a live blog's entry label, not a teaser's headline.
_CLOCK_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\b")


def _group_runs(items: list[_Item], joins: Callable[[list[_Item], _Item], bool]) -> list[list[_Item]]:
    """Split items, in order, into runs: each item joins the run before it when joins(run, item)."""
    runs: list[list[_Item]] = []
    for item in items:
        if runs and joins(runs[-1], item):
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


def _is_teaser_headline(line: _Line) -> bool:
    """A short line that ends in no full stop and names no clock time: a teaser's headline (a live
    blog's "Posted at 10:02" is an entry's label)."""
    return (line.pattern in (None, RELATED_HEADLINE) and not _ENDS_IN_FULL_STOP.search(line.text)
            and not _CLOCK_TIME.search(line.text)
            and _TEASER_HEADLINE_WORDS[0] <= line.words <= _TEASER_HEADLINE_WORDS[1])


def _mark_teasers(lines: list[_Line]) -> None:
    """Mark as related headlines the excerpts of other articles: paragraphs under a short
    headline that the same "read more" link follows, two or more times in a row (a blog's next
    posts, a section's teasers). Read as prose, they outweigh a short article. An article's own
    paragraph under its title, or under a paragraph, is no excerpt, nor are excerpts parted by
    prose (a paywall's "Continue reading" under the lead, then one teaser)."""
    def is_prose(line: _Line) -> bool:
        return line.pattern is None and line.words >= _PROSE_LEFT_MIN_WORDS and bool(_SENTENCE_END_ANYWHERE.search(line.text))

    candidates: dict[int, str] = {}
    for position in range(2, len(lines)):
        link, excerpt = lines[position], lines[position - 1]
        # A text browser may put the teaser's image ("[patti]") between its headline and excerpt.
        if (READ_MORE_LINK.match(link.text) and excerpt.pattern is None and len(excerpt.text) >= _TEASER_MIN_CHARS
                and any(_is_teaser_headline(line) for line in lines[max(0, position - 3):position - 1])):
            candidates[position - 1] = " ".join(WORD.findall(link.text.casefold()))

    def parted_by_prose(previous: int, position: int) -> bool:
        # Headlines, images, links and dates stand between excerpts, and in a dump wrapped at a fixed
        # width the excerpt's own first lines; a paragraph of prose parts them.
        return any(is_prose(line) and len(line.text) >= _PARTING_PROSE_MIN_CHARS for line in lines[previous + 1:position])

    runs = _group_runs(sorted(candidates), lambda run, position: (
        candidates[run[0]] == candidates[position] and not parted_by_prose(run[-1], position)))
    excerpts = {position for run in runs if len(run) >= _TEASERS_MIN for position in run}
    if not excerpts or not any(is_prose(line) for position, line in enumerate(lines) if position not in excerpts):
        return
    for position in excerpts:
        lines[position].pattern = RELATED_HEADLINE


# Headlines cut short with an ellipsis, three or more in a row: a list of teasers. Two alike may be
# a dialogue's lines or a song's; lines between two of them (a section label, a date, a picture's
# caption) are no sentence of prose.
_TRUNCATED_HEADLINES_MIN = 3
_TRUNCATED_HEADLINES_GAP_LINES = 4


def _mark_truncated_headlines(lines: list[_Line]) -> None:
    """Mark as related headlines the teasers' headlines cut to fit their boxes ("Nate Paul, Austin
    investor tied to AG Paxton, facing …") that stand in a list: each a few lines from the next,
    no sentence between them. One alone, or each between sentences (an interviewer's questions
    trailing off, "Das müssen Sie erklären …", and the answers), is the article's own. Such a line
    ends in an ellipsis, which reads as a sentence end, so it would otherwise count as prose."""
    candidates = [position for position, line in enumerate(lines)
                  if line.pattern is None and is_truncated_headline(line.text)]

    def follows_closely(run: list[int], position: int) -> bool:
        between = lines[run[-1] + 1:position]
        return len(between) < _TRUNCATED_HEADLINES_GAP_LINES and not any(
            line.pattern is None and line.terminal for line in between)

    for run in _group_runs(candidates, follows_closely):
        if len(run) >= _TRUNCATED_HEADLINES_MIN:
            for position in run:
                lines[position].pattern = RELATED_HEADLINE


_LONG_CUT_EXCERPTS_MIN = 2


def _mark_long_cut_excerpts(lines: list[_Line]) -> None:
    """Mark as related headlines the excerpts cut short with their link run on ("… verkläre die
    Vorfälle, sagte...Mehr lesen") when a page has two or more: a newsticker's list. classify_line
    marks such lines only up to 220 characters, since one longer may be the article's own lead over
    a paywall."""
    excerpts = [line for line in lines if line.pattern in (None, RELATED_HEADLINE) and is_cut_teaser(line.text)]
    if len(excerpts) >= _LONG_CUT_EXCERPTS_MIN:
        for line in excerpts:
            line.pattern = RELATED_HEADLINE


# A label between two teasers ("Kommentar", "Analyse") is a word or two.
_TEASER_LABEL_MAX_WORDS = 2
_DATED_TEASERS_MIN = 2
_DATELINE_MAX_WORDS = 15


def _mark_dated_teasers(lines: list[_Line]) -> None:
    """Mark as related headlines the teasers that each close with their byline and date ("Johnsons
    EU-Abkommen belastet die Briten", an excerpt, "Benjamin Triebe, London 18.10.2019, 19:33"), two
    or more in a row. An article dates itself once; an embedded post ("Jane Doe (@jane) January 6,
    2020") under the line that introduces it ("Goldstein tweeted:") is the article's own; so are a
    chronology's entries, each under a bare date, and a run of entries that outweighs the rest of
    the page's prose (a list of books, each closing with its publisher and date)."""
    def is_headline(line: _Line) -> bool:
        return _is_teaser_headline(line) and not line.text.endswith(":") and not DAY_DATE.search(line.text)

    def is_excerpt(line: _Line) -> bool:
        return (line.pattern in (None, RELATED_HEADLINE) and line.words >= _PROSE_LEFT_MIN_WORDS
                and bool(_SENTENCE_END_ANYWHERE.search(line.text)))

    def is_dateline(line: _Line) -> bool:
        # a byline names someone before its date; a line opening with a weekday or a month dates an event
        first = line.text.split()[0].rstrip(".,") if line.text.split() else ""
        return (line.pattern in (None, METADATA) and line.words <= _DATELINE_MAX_WORDS and line.text[:1].isalnum()
                and not DATE_NAME.match(first)
                and bool(DAY_DATE.search(line.text)) and not _ENDS_IN_FULL_STOP.search(line.text))

    teasers: list[tuple[int, int]] = []  # (headline position, position after the teaser)
    position = 0
    while position < len(lines) - 2:
        headline, excerpt, dateline = lines[position:position + 3]
        # under a date of its own, a headline opens a chronology's entry (unless that date closed a teaser)
        dated_above = position > 0 and is_dateline(lines[position - 1]) and not (teasers and teasers[-1][1] == position)
        if not (is_headline(headline) and is_excerpt(excerpt) and is_dateline(dateline)) or dated_above:
            position += 1
            continue
        after = position + 3
        if after < len(lines) and lines[after].words <= _TEASER_LABEL_MAX_WORDS:
            after += 1
        teasers.append((position, after))
        position = after

    def is_prose(line: _Line) -> bool:
        return line.pattern is None and line.terminal and line.words >= _PROSE_LEFT_MIN_WORDS

    page_prose = sum(len(line.text) for line in lines if is_prose(line))
    for run in _group_runs(teasers, lambda run, teaser: run[-1][1] == teaser[0]):
        if len(run) < _DATED_TEASERS_MIN:
            continue
        inside = [lines[p] for start, stop in run for p in range(start, stop)]
        prose_inside = sum(len(line.text) for line in inside if is_excerpt(line))
        prose_outside = page_prose - sum(len(line.text) for line in inside if is_prose(line))
        if prose_outside >= prose_inside:
            for headline_position, _ in run:
                lines[headline_position].pattern = RELATED_HEADLINE
                lines[headline_position + 1].pattern = RELATED_HEADLINE


def _escalate_gaps(lines: list[_Line]) -> None:
    """Make each further non-prose line in a row cost more: one subheading or caption inside
    the body is cheap, a run of menu items, tags or job ads separates blocks."""
    run = 0
    for line in lines:
        if line.pattern == CAPTION:
            continue  # a figure's caption neither lengthens nor ends a run
        if line.weight < 0 and not _is_barrier(line):
            run += 1
            line.weight *= min(run, 6)
        elif line.weight >= 0:
            run = 0


# A second body block (an article split by an advert block or a job list) must weigh at
# least this share of the main block, so that a sidebar teaser does not join the body.
_SECONDARY_SHARE = 0.3
_CROSS_HEADING_SHARE = 0.5
_LEAD_SHARE = 0.03
_LEAD_GAP_LINES = 9
_LEAD_MIN_WEIGHT = 150.0  # about one sentence of prose


def _body_blocks(lines: list[_Line]) -> list[tuple[int, int]]:
    """The main body block, plus blocks split off it by widgets, in reading order."""
    start, end, weight = _main_segment(lines)
    if weight <= 0:
        # Nothing reads like prose (a one-line scrape, a list): keep what no pattern rejects.
        candidates = [i for i, line in enumerate(lines) if line.pattern is None]
        if not candidates:
            return [(0, -1)]
        return [(candidates[0], candidates[-1])]
    blocks = [(start, end)]
    # Before the main block: any earlier block that is heavy enough (the lead, the opening).
    low = 0
    while True:
        first = blocks[0][0]
        seg_start, seg_end, seg_weight = _best_segment(lines, low, first)
        if seg_end < seg_start:
            break
        # A lead paragraph a few widget lines above the body (date, share buttons, caption)
        # belongs to it even when short; a block further up must be heavy.
        close = first - seg_end - 1 <= _LEAD_GAP_LINES
        needed = min(_LEAD_SHARE * weight, _LEAD_MIN_WEIGHT) if close else _SECONDARY_SHARE * weight
        if seg_weight < needed:
            break
        # A "Related" box a few lines long sits inside articles, between their halves; a comment
        # heading, or a "Related" heading further from the body, parts the page's blocks.
        if any(_is_barrier(lines[p]) and not (close and lines[p].pattern == SECTION_FOOTER
                                             and RELATED_BOX_HEADING.match(without_trailing_pictographs(lines[p].text)))
               for p in range(seg_end + 1, first)):
            break
        blocks.insert(0, (seg_start, seg_end))
    # After it: never past a comment section; past a "Related"/"Most read" heading only for a
    # block heavy enough to be the article going on after a box of links.
    while True:
        last = blocks[-1][1]
        high = next(
            (p for p in range(last + 1, len(lines)) if lines[p].pattern == COMMENT and _is_barrier(lines[p])), len(lines)
        )
        seg_start, seg_end, seg_weight = _best_segment(lines, last + 1, high)
        if seg_end < seg_start:
            break
        crosses_heading = any(lines[p].pattern == SECTION_FOOTER for p in range(last + 1, seg_start))
        needed = _CROSS_HEADING_SHARE if crosses_heading else _SECONDARY_SHARE
        if seg_weight < needed * weight:
            break
        blocks.append((seg_start, seg_end))
    return [block for block in _fill_gaps(lines, blocks) if block[0] <= end or _reads_as_prose(lines, block)]


# A block after the main one is the article going on only if enough of its weight lies in lines that
# end a sentence: a wall of headlines (a tabloid's sidebar of hundreds of teasers, a list of other
# stories) weighs as much, in lines that end none.
_AFTER_MAIN_MIN_SENTENCE_SHARE = 0.3
_AFTER_MAIN_MIN_LINES = 6


def _reads_as_prose(lines: list[_Line], block: tuple[int, int]) -> bool:
    weighed = [line for line in lines[block[0]:block[1] + 1] if line.weight > 0]
    if len(weighed) < _AFTER_MAIN_MIN_LINES:
        return True
    in_sentences = sum(line.weight for line in weighed if line.terminal)
    return in_sentences >= _AFTER_MAIN_MIN_SENTENCE_SHARE * sum(line.weight for line in weighed)


# A run of prose between two body blocks (an article's section between two tables whose cells
# come one per line, which the escalating gap cost cuts off) joins the body when it weighs this
# much: about two sentences.
_BETWEEN_BLOCKS_MIN_WEIGHT = 300.0


def _fill_gaps(lines: list[_Line], blocks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Add the heavy enough prose runs lying between consecutive body blocks, in reading order;
    never one with a comment or "Related" heading between it and the block before."""
    filled = list(blocks)
    for (_, previous_end), (next_start, _) in zip(blocks, blocks[1:], strict=False):
        # Past a barrier nothing in this gap joins; the stretches on both sides of a run taken
        # are searched in turn, so a lighter run before a heavier one is not skipped.
        barrier = next((p for p in range(previous_end + 1, next_start) if _is_barrier(lines[p])), next_start)
        if _introduced_list(lines, previous_end, next_start):
            filled.append((previous_end + 1, next_start - 1))
            continue
        stretches = [(previous_end + 1, barrier)]
        while stretches:
            low, high = stretches.pop()
            seg_start, seg_end, seg_weight = _best_segment(lines, low, high) if low < high else (0, -1, 0.0)
            if seg_end < seg_start or seg_weight < _BETWEEN_BLOCKS_MIN_WEIGHT:
                continue
            filled.append((seg_start, seg_end))
            stretches += [(low, seg_start), (seg_end + 1, high)]
    return sorted(filled)


# The most lines a list the article introduces with a colon may run to between two body blocks.
_INTRODUCED_LIST_MAX_LINES = 60


def _introduced_list(lines: list[_Line], previous_end: int, next_start: int) -> bool:
    """Whether the lines between two body blocks are a list the article itself introduces ("…
    are not on the list:", then the items): a line of the body ending in a colon, then at most
    60 lines that no pattern marks as furniture and that the page does not repeat elsewhere, then
    the body again."""
    gap = lines[previous_end + 1:next_start]
    return (0 < len(gap) <= _INTRODUCED_LIST_MAX_LINES and lines[previous_end].text.rstrip().endswith(":")
            and all(line.pattern is None and not line.repeated for line in gap))


def _extend_backward(lines: list[_Line], start: int) -> int:
    """Take in the title and lead lines just above the block: up to three clean lines.

    Widget lines between them (a menu, a date, a caption) are stepped over, since scrapes
    often put the title and subtitle above the site menu; they stay removed by their pattern.
    """
    taken = 0
    skipped = 0
    position = start - 1
    while position >= 0 and taken < 3:
        line = lines[position]
        if line.pattern is not None:
            if (line.pattern in _END_MARKERS and not line.toolbar) or line.pattern in (COOKIE_NOTICE, COPYRIGHT) \
                    or skipped >= 2:
                break
            skipped += 1
            position -= 1
            continue
        if (line.repeated and (taken or line.words < 3)) or line.words < 2:
            break
        if line.kind in ("good", "near") or (line.words >= 3 and not _looks_like_list_item(line)):
            start = position
            taken += 1
            position -= 1
            continue
        break
    return start


# A sentence may end in the address it points to ("Infos unter http://www.example.de/"); a
# related headline does not, and the words before the address must read as prose.
_ENDS_IN_ADDRESS = re.compile(r"\s(?:https?://|www\.)\S+$")
_ADDRESS_SENTENCE_MIN_WORDS = 6


def _ends_as_sentence(line: _Line) -> bool:
    return line.terminal or (line.words >= _ADDRESS_SENTENCE_MIN_WORDS and line.kind in ("good", "near")
                             and bool(_ENDS_IN_ADDRESS.search(line.text)))


def _extend_forward(lines: list[_Line], end: int) -> int:
    """Take in sentence-like lines just below the block (a short closing paragraph)."""
    position = end + 1
    while position < len(lines):
        line = lines[position]
        if line.pattern is not None or line.repeated or not _ends_as_sentence(line) or line.words < 4:
            break
        if line.kind not in ("good", "near") and line.stop_share < 0.15:
            break
        end = position
        position += 1
    return end


def _trim_trailing_headlines(lines: list[_Line], start: int, end: int) -> int:
    """Drop headline-like lines (no final punctuation) that close the block: related links."""
    while end > start:
        line = lines[end]
        if line.pattern is None and (_ends_as_sentence(line) or line.words >= 30):
            break
        end -= 1
    return end


def _looks_like_list_item(line: _Line) -> bool:
    return line.words <= 3 and not line.terminal


def _outside_reason(line: _Line, *, before: bool, after_comments: bool) -> str:
    if line.repeated:
        return REPEATED
    if after_comments and line.kind in ("good", "near"):
        return COMMENT
    if not before and not line.terminal and 3 <= line.words <= 25:
        return RELATED_HEADLINE
    if line.words <= 4 and not line.terminal:
        return NAVIGATION
    return BOILERPLATE


# A headline does not end as a sentence or a label does (closing quotes and brackets aside); it
# may end in "?", "!" or "…".
_SENTENCE_OR_LABEL_END = re.compile(r"[.:;,][\"'»”’)\]]*$")
# "… Photo: Jonathan Nackstrand/AFP": a caption with its credit inside, not a headline. (A line that
# starts with the credit is a caption by its own pattern.)
_CREDIT_INSIDE = re.compile(
    r"\s(?:photos?|foto|bild|image|fot\.|фото|zdjęcie)\s*:|(?:[.!?]\s+|\b(?:photo|image)\s+)cr[ée]dits?\s*:", re.I
)
# "Home » News » Title": a breadcrumb trail; with one separator, the part before it is a menu
# entry of three words at most. French quotes (« … ») are masked first, since their closing mark
# is the same character.
_BREADCRUMB_SEPARATOR = re.compile(r"\s[»›>]\s")
_FRENCH_QUOTE = re.compile(r"«[^«»]*»")
_DATE_TOKEN = re.compile(r"[^\W_]+")
# How many lines that no pattern marks may lie between the headline and the first body line: pages
# put a byline, a date, share buttons, an ad label and a caption between them, and a dump has each
# on a line of its own.
TITLE_SEARCH_LINES = 12
# Lines a pattern marks (a row of share buttons, one a line) do not count towards it, up to this
# many lines in all.
TITLE_SEARCH_MAX_LINES = 24
# A standfirst is a sentence or two; a longer line above the body is a paragraph of something else.
STANDFIRST_MAX_WORDS = 40


def _is_headline(line: _Line) -> bool:
    return (
        2 <= line.words <= 25
        and len(line.text) <= 200
        and not _SENTENCE_OR_LABEL_END.search(line.text)
        and not _CREDIT_INSIDE.search(line.text)
        and not _is_breadcrumb(line.text)
        and not _is_date(line.text)
    )


def _trail_separators(text: str) -> list[re.Match[str]]:
    """The breadcrumb separators of ``text`` outside French quotes; none when it is no trail."""
    masked = _FRENCH_QUOTE.sub(lambda quote: "x" * len(quote.group()), text)
    separators = list(_BREADCRUMB_SEPARATOR.finditer(masked))
    if len(separators) == 1 and _word_count(text[: separators[0].start()]) > 3:
        return []
    return separators


def _is_breadcrumb(text: str) -> bool:
    return bool(_trail_separators(text))


def _is_date(text: str) -> bool:
    """A date and nothing else, numeric ("22.04.2022") or written out ("Viernes 22 abril, 2022",
    "The 5th of May")."""
    if is_bare_date(text):
        return True
    words = _DATE_TOKEN.findall(text)
    return (any(DATE_NAME.match(word) for word in words)
            and all(DATE_NAME.match(word) or DATE_WORD.match(word) for word in words))


def _split_title(
    kept: list[_Line], lines: list[_Line], start: int, texts: list[str], wrapped: bool
) -> tuple[_Line | None, list[_Line]]:
    """The article's headline, and the body lines without it.

    A breadcrumb trail opening the body ends in the headline: the line after it, when that
    repeats the trail's end, or else the end itself. Otherwise the first kept line is the
    headline when it reads like one and body follows it (in hard-wrapped text it must stand
    alone, with a blank line after it; otherwise it is the first line of a paragraph broken
    across lines). Otherwise, in text that is not hard-wrapped, the headline is looked for just
    above the body (see ``_headline_above``).
    """
    if not kept:
        return None, kept
    first = kept[0]
    trail_end = _breadcrumb_end(first)
    if trail_end is not None and len(kept) >= 3 and kept[1].text.casefold() == trail_end.text.casefold():
        return kept[1], kept[2:]
    if trail_end is not None and len(kept) >= 2:
        return trail_end, kept[1:]
    if len(kept) >= 2 and first is lines[start] and _is_headline(first):
        next_index = first.number  # 0-based index of the input line after it
        if not (wrapped and next_index < len(texts) and texts[next_index]):
            return first, kept[1:]
    if wrapped:
        return None, kept
    first_body = lines.index(first)
    marked = _marked_headline(lines, first_body)
    if marked is first:
        return first, kept[1:]
    return marked or _headline_above(lines, first_body), kept


def _breadcrumb_end(line: _Line) -> _Line | None:
    """The headline that ends a breadcrumb trail ("Home » News » Council closes the bridge"),
    when it reads like one."""
    separators = _trail_separators(line.text)
    if not separators:
        return None
    last = line.text[separators[-1].end() :].strip()
    end = replace(line, text=last, words=_word_count(last))
    return end if end.words >= 4 and _is_headline(end) else None


# Lines shorter than this between the headline and the body are stepped over: an author's name,
# an agency ("JIJI"), a link to the article's history.
HEADLINE_MIN_WORDS_ABOVE = 3


def _headline_above(lines: list[_Line], first_body: int) -> _Line | None:
    """The headline just above the body, within TITLE_SEARCH_LINES lines that no pattern marks
    (TITLE_SEARCH_MAX_LINES in all), or None.

    Lines a pattern marks (bylines, dates, share buttons, captions, ad labels) and lines of one
    or two words (an author's name, an agency, a comment count, "Article history") are stepped
    over, and so are a sentence right above a caption's credit (the caption) and one other
    sentence (a standfirst under the headline). The first other line is the
    headline if it reads like one and is long or prose-like enough (six words, or the weight of
    a "good" or "near" line): shorter lines there are mostly menu entries, section names and
    buttons. A comment section, a footer, a cookie notice or a copyright line ends the search.
    """
    budget = TITLE_SEARCH_LINES + 1  # the headline's own line and the lines between it and the body
    dek_passed = False
    for position in range(first_body - 1, max(-1, first_body - 1 - TITLE_SEARCH_MAX_LINES), -1):
        line = lines[position]
        if _ends_headline_search(line):
            return None
        if line.pattern is None:
            budget -= 1
            if budget < 0:
                return None
        if line.pattern is not None or line.words < HEADLINE_MIN_WORDS_ABOVE:
            continue
        if (line.words >= 6 or line.kind in ("good", "near")) and _is_headline(line):
            return line
        if line.terminal and lines[position + 1].pattern == CAPTION:
            continue  # a photo's caption above its credit line ("… last week." / "(Jane Doe / Agency)")
        if line.terminal and not dek_passed and line.words <= STANDFIRST_MAX_WORDS:
            dek_passed = True  # a standfirst under the headline: one sentence, stepped over once
            continue
        return None
    return None


def _ends_headline_search(line: _Line) -> bool:
    """A comment section, a footer, a cookie notice or a copyright line: no headline above it
    belongs to the body below."""
    return line.pattern in _END_MARKERS or line.pattern in (COOKIE_NOTICE, COPYRIGHT)


# Markdown marks the headline as a first-level heading; menus and teasers above it are many lines.
MARKED_HEADLINE_SEARCH_LINES = 60


def _marked_headline(lines: list[_Line], first_body: int) -> _Line | None:
    """The first-level heading nearest above the body (or opening it), when it reads like a
    headline; a comment section, footer or cookie notice ends the search."""
    for position in range(first_body, max(-1, first_body - 1 - MARKED_HEADLINE_SEARCH_LINES), -1):
        line = lines[position]
        if _ends_headline_search(line):
            return None
        if line.heading == 1:
            return line if _is_headline(line) else None
    return None


def _header_title(lines: list[_Line], markdown: MarkdownLines) -> _Line | None:
    """The title a reader service's header gives, on its own line, when the page shows none."""
    for line in lines:
        if line.number - 1 in markdown.header_lines and line.text.startswith("Title:"):
            title = normalize_line(markdown.header_title)
            return replace(line, text=title, words=_word_count(title)) if title else None
    return None


def _paragraphs(body: list[_Line], wrapped: bool) -> tuple[list[str], list[int]]:
    """One paragraph per line, except that hard-wrapped prose (a paragraph broken over several
    consecutive lines, blank lines between paragraphs) is joined back together."""
    if not body:
        return [], []
    paragraphs: list[str] = []
    numbers: list[int] = []
    previous: _Line | None = None
    for line in body:
        joins = (
            wrapped
            and previous is not None
            and line.number == previous.number + 1
            and not previous.terminal
        )
        if joins:
            paragraphs[-1] = f"{paragraphs[-1]} {line.text}"
        else:
            paragraphs.append(line.text)
            numbers.append(line.number)
        previous = line
    return paragraphs, numbers


# A dump wrapped at a fixed width (a text browser's, a mail's) has no line longer than the width,
# and most of its lines of running text end just short of it: the word that would have passed it
# went to the next line.
WRAP_MAX_WIDTH = 100
WRAP_SLACK = 20  # about the longest word a wrap moves down
WRAP_MIN_FULL_SHARE = 0.5  # of the lines of 30 characters or more
WRAP_MIN_FULL_LINES = 5
WRAP_MIN_LOWER_SHARE = 0.25  # of the lines after a full line
WRAP_BLANK_PARTED_SHARE = 0.2  # of the non-blank lines that a blank line follows


def _unwrap(texts: list[str]) -> list[str]:
    """Join the lines of each paragraph of a dump wrapped at a fixed width into one line, so that
    lines are a page's blocks as in any other dump. The joined line takes the place of the
    paragraph's first line and its other lines become blank, so line numbers stay the input's."""
    long_lengths = sorted(len(text) for text in texts if len(text) >= 30)
    if len(long_lengths) < WRAP_MIN_FULL_LINES:
        return texts
    width = long_lengths[int(0.95 * (len(long_lengths) - 1))]
    if not 50 <= width <= WRAP_MAX_WIDTH:
        return texts
    full = [width - WRAP_SLACK <= len(text) <= width + 10 for text in texts]
    if sum(full) < max(WRAP_MIN_FULL_LINES, WRAP_MIN_FULL_SHARE * len(long_lengths)):
        return texts
    # Wrapping breaks sentences: many full lines go on in lower case. A list of headlines or menu
    # entries of one length starts each line anew.
    continued = [texts[index + 1] for index in range(len(texts) - 1) if full[index] and texts[index + 1]]
    if sum(1 for text in continued if text[:1].islower()) < WRAP_MIN_LOWER_SHARE * len(continued):
        return texts
    # Where blank lines part the paragraphs, every full line runs on; where they do not, a full
    # line that ends a sentence before a capital may end its paragraph.
    ends = [bool(text) and (index + 1 == len(texts) or not texts[index + 1]) for index, text in enumerate(texts)]
    blank_parted = sum(ends) >= WRAP_BLANK_PARTED_SHARE * sum(1 for text in texts if text)
    unwrapped = list(texts)
    head = None  # index of the line the current paragraph is being joined onto
    for index, text in enumerate(texts):
        if head is not None and text:
            # a word broken at its hyphen ("well-" / "known") is joined back without a space
            glue = "" if unwrapped[head].endswith("-") and unwrapped[head][-2:-1].isalpha() else " "
            unwrapped[head] = f"{unwrapped[head]}{glue}{text}"
            unwrapped[index] = ""
        else:
            head = index if text else None
        following = texts[index + 1] if index + 1 < len(texts) else ""
        runs_on = full[index] and (blank_parted or not (TERMINAL.search(text) and following[:1].isupper()))
        if not (text and runs_on):
            head = None
    return unwrapped


# A scraper that writes a page's text node by node (BeautifulSoup's get_text("\n"), many crawlers)
# breaks a sentence at every link and emphasis: "researchers at" / "OpenAI" / "in San Francisco
# revealed …" / ". It also …". Read line by line, such fragments look like menu entries and the
# body falls apart. Two marks give such a text away: lines that open with the punctuation closing
# a link's sentence, right after a line cut mid-sentence; and many lines that run on, in lower
# case, from a line cut mid-sentence. Most rendered dumps (one block a line) show neither; those
# of code and preformatted text do, and their lines are joined too.
FRAGMENT_MIN_PUNCTUATION_OPENINGS = 2
FRAGMENT_MIN_RUN_ONS = 5
FRAGMENT_MIN_RUN_ON_SHARE = 0.1  # of the non-blank lines
FRAGMENT_MIN_HEAD_WORDS = 3  # a lower-case run starts from a line of this many words: not from a menu entry
FRAGMENT_MAX_NAME_WORDS = 6  # a fragment in capitals (a linked name) inside a sentence
FRAGMENT_MAX_LIST_ITEM_WORDS = 8
# Inside a line, a sentence ends at a dot after a word of two letters or more that is not an
# abbreviation, or at "!", "?" or "…", before a capital: the dots of "U.S. officials", "e.g. the",
# "Mr. Smith", "12. September" and "3.5 per cent" end none.
_SENTENCE_END_INSIDE = re.compile(r"(?:\b([^\W\d_]{2,})\.|[!?…])[\"'»«”’“‘)\]]*\s+[\"'“„«»‘‚(\[]*([^\W\d_])")
_ABBREVIATIONS = frozenset([
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "prof", "gen", "gov", "rep", "rev", "lt", "col", "capt",
    "sgt", "mt", "ft", "vs", "vol", "fig", "approx", "dept", "univ", "bzw", "nr", "ca", "vgl", "evtl",
    "inkl", "hr", "fr", "str", "geb", "mme", "mlle", "dott", "sig", "sigg", "pag", "np", "tzw", "dz", "ul",
    "św", "wg", "płk", "mgr", "inż", "ул", "проф", "акад",
])
_UNCASED_LOWER = re.compile(r"[\u10d0-\u10ff]")  # Georgian: lower-case letters, no capitals in running text
_CLOSING_PUNCTUATION = ",.;:!?)]%"
_CLOSING_BRACKETS = ")]」』"
_ALWAYS_OPENING = "„‚([「『"
_BEFORE_OPENING_QUOTE = ":—–-/"  # 'AFP:"' / "We will …": a straight quote opening after a colon or dash
# single quotes that open (after a space) and close (after a sentence's punctuation, or alone):
# elsewhere ‘ and ’ are as often apostrophes
_SINGLE_OPENING = re.compile(r"(?:^|(?<=[\s(\[]))‘(?=[^\W\d_]|$)")  # not "the ‘90s"
_SINGLE_CLOSING_AFTER_SENTENCE = re.compile(r"(?<=[.!?,;…])’")
_SINGLE_CLOSING_AFTER_WORD = re.compile(r"(?<![.!?,;…])’(?=[\s:)\]”»]|$)")  # or a plural's apostrophe
_QUOTED_AT_END = re.compile(r"‘[^‘’]*’$|(?:^|\s)'[^']*'$")
_OPENS_WITH_QUOTE = re.compile(r"[\"'“„«»‘‚]")
_LEADING_MARKS = re.compile(r"[^\w\s]+")
_CAMEL_CASE = re.compile(r"[a-z]+[A-Z]")  # "iPhone", "macOS": a menu's names, not a sentence running on
_POSSESSIVE = re.compile(r"['’]s\b(?!-)")  # "’s data desk", not Dutch "'s-Hertogenbosch"
_CJK_PUNCTUATION = "，、。،"
# A sentence ends at its punctuation, before any closing marks: TERMINAL without its quote-only ending.
_SENTENCE_END = re.compile(r"[.!?…;。！？][\"'»«”’“‘)\]」』）]*$")
_LOW_QUOTE_LANGUAGES = frozenset(["de", "pl", "cs", "sk", "hu", "ro", "bg", "lt", "hr", "sl", "et", "nl"])
# "l'" / "Italia": the elided article takes no space before its word
_ELISION = re.compile(
    r"(?:^|[\s(«“\"])(?:[cdjlmnst]|qu|un|dell|nell|sull|dall|all|coll|quell|quest|bell|sant|nessun|tutt)['’]$",
    re.IGNORECASE)
_ELIDING_LANGUAGES = frozenset(["fr", "it"])
_INWARD_GUILLEMETS = re.compile(r"»[^\W\d_]|[^\W\d_]«")  # German »Wort«
_OUTWARD_GUILLEMETS = re.compile(r"«[^\W\d_]|[^\W\d_]»")  # «parola», «слово»
# "first-" / "and second-class": a hyphen that waits for the rest of a compound keeps its space
_SUSPENDED_COMPOUND_JOINS = frozenset([
    "and", "or", "nor", "und", "oder", "bzw", "bis", "sowie", "et", "ou", "e", "o", "ed", "i", "lub", "albo",
    "oraz", "или", "и", "либо",
])


class _SentenceMarks:
    """Where a text's sentences end, and which of its marks open a quote or a bracket and which
    close one. Where a text opens more quotes with „ than it closes with ” (German; on a tie, a
    text in a language that quotes so), “ and ‘ close quotes; elsewhere they open them. Where
    guillemets point inwards (»Wort«), » opens and « closes; elsewhere « opens. A straight quote
    opens after a space when an odd count of them ends with it."""

    def __init__(self, texts: list[str], language: str | None = None) -> None:
        text = "\n".join(texts)
        low, high = text.count("„") + text.count("‚"), text.count("”")
        self.low_quotes = low > high or (0 < low == high and language in _LOW_QUOTE_LANGUAGES)
        inward = len(_INWARD_GUILLEMETS.findall(text)) > len(_OUTWARD_GUILLEMETS.findall(text))
        self.opening = _ALWAYS_OPENING + ("" if self.low_quotes else "“‘") + ("»" if inward else "«")
        self.closing = "”’" + ("“‘" if self.low_quotes else "") + ("«" if inward else "»")
        # marks counted to tell whether a run has a quote or bracket open: single quotes apart
        self.counted_opening = self.opening.replace("‘", "").replace("‚", "")
        self.counted_closing = (self.closing + _CLOSING_BRACKETS).replace("’", "").replace("‘", "")
        # a line ending in one of these after its words ends in a quote (see ends_in_quote)
        self.sentence_closing = self.closing.replace("’", "").replace("‘", "") + '"」』'
        self.elides = language in _ELIDING_LANGUAGES

    def opens_with_punctuation(self, text: str) -> bool:
        """"," / ". It also …" / "’s data desk" / "”, she said": the rest of a sentence after a link."""
        if text and text[0] in _CJK_PUNCTUATION:
            return True
        if _POSSESSIVE.match(text):
            return True
        marks = _LEADING_MARKS.match(text)
        if marks is None or not (marks.end() == len(text) or text[marks.end()].isspace()):
            return False
        if not marks.group().strip("\"'"):  # straight quotes alone: they close only before the rest
            return marks.end() < len(text)
        return all(char in _CLOSING_PUNCTUATION + self.closing + "\"'" for char in marks.group())

    def ends_with_opening(self, tail: str, quote_open: bool) -> bool:
        """Whether text ending in ``tail`` ends with a mark that opens what comes next;
        ``quote_open``: an odd count of straight quotes ends with ``tail``. A straight quote opens
        only after a space (an inch mark follows a digit, a closing quote a word)."""
        last = tail[-1:]
        if not last:
            return False
        if last in self.opening:
            return True
        return (last == '"' and quote_open
                and (len(tail) == 1 or tail[-2].isspace() or tail[-2] in self.opening + _BEFORE_OPENING_QUOTE))

    def line_ends_with_opening(self, text: str) -> bool:
        return self.ends_with_opening(text[-2:], text.count('"') % 2 == 1)

    def open_marks(self, text: str) -> int:
        """Quotes and brackets ``text`` opens, less those it closes (straight quotes aside)."""
        count = (sum(1 for char in text if char in self.counted_opening)
                 - sum(1 for char in text if char in self.counted_closing))
        if not self.low_quotes:
            opened = len(_SINGLE_OPENING.findall(text))
            # "the students’ union": a ’ after a word closes only a quote the same text opened
            closed = len(_SINGLE_CLOSING_AFTER_SENTENCE.findall(text)) + (
                1 if text == "’" else min(opened, len(_SINGLE_CLOSING_AFTER_WORD.findall(text))))
            count += opened - closed
        return count

    def closing_marks_only(self, text: str) -> bool:
        return bool(text) and all(char in self.closing + _CLOSING_BRACKETS for char in text)

    def marks_only(self, text: str) -> bool:
        """Quotation marks and brackets alone (not the apostrophe-like straight single quote)."""
        return bool(text) and all(char in self.opening + self.closing + _CLOSING_BRACKETS + '"' for char in text)

    def ends_sentence(self, text: str) -> bool:
        # a quotation mark alone closes a quote, not necessarily the sentence
        if self.marks_only(text) or self.line_ends_with_opening(text):
            return False
        return bool(_SENTENCE_END.search(text))

    def ends_in_quote(self, text: str) -> bool:
        """A line ending in a quote after its words, as a headline may ("… calls report “fake
        news”"): the sentence may go on in lower case, but a name after it starts a new one.
        Not a line the quote fills (a quoted name cut out by its link), nor an inch mark."""
        last = text[-1:]
        if not last or _OPENS_WITH_QUOTE.match(text):
            return False
        if last in self.sentence_closing:
            return last != '"' or text.count('"') % 2 == 0
        return last in "’'" and _QUOTED_AT_END.search(text) is not None

    def holds_sentence_end(self, text: str) -> bool:
        if self.ends_sentence(text):
            return True
        for match in _SENTENCE_END_INSIDE.finditer(text):
            word, following = match.group(1), match.group(2)
            if word is not None and word.casefold() in _ABBREVIATIONS:
                continue
            if following.isupper() or _UNCASED_LOWER.match(following):
                return True
        return False

    def continues(self, text: str) -> bool:
        """Whether a line reads as the rest of a sentence: lower case, or the punctuation after a link."""
        if self.opens_with_punctuation(text):
            return True
        return text[:1].islower() and not text.startswith(("http:", "https:", "www."))

    def glue(self, run: _Run, text: str, punctuated: bool) -> str:
        """The fragment as it goes after the ``run`` so far: punctuation (``punctuated``: the
        fragment opens with it), a possessive, a straight quote that closes one the run opened,
        and text after an opening mark or an elided article ("l'") take no space, nor do CJK text
        and the rest of a word broken at its hyphen ("well-" / "known", as in text taken from a
        PDF)."""
        tail = run.tail
        last = tail[-1:]
        if (punctuated or self.ends_with_opening(tail, run.quote_open)
                or (run.quote_open and text[:1] == '"' and not text[1:2].isalnum())
                or (CJK.match(last) and CJK.match(text[:1]))
                or (self.elides and _ELISION.search(run.pieces[-1]) is not None)
                or (last == "-" and tail[-2:-1].isalpha() and text[:1].isalpha()
                    and text.split(maxsplit=1)[0].rstrip(".").casefold() not in _SUSPENDED_COMPOUND_JOINS)):
            return text
        return f" {text}"


def _looks_fragmented(texts: list[str], marks: _SentenceMarks, is_furniture: Callable[[int], bool]) -> bool:
    """Whether the text reads as written one text node a line (see above)."""
    openings = 0
    run_ons = 0
    for index in range(len(texts) - 1):
        text, following = texts[index], texts[index + 1]
        if not text or not following or marks.ends_sentence(text):
            continue
        if marks.opens_with_punctuation(following):
            openings += 1
        # a run-on counts when it could join: two short lines in a row, or a name such as
        # "iPhone", are a menu's entries, whatever their case
        elif (marks.continues(following) and not _CAMEL_CASE.match(following) and not is_furniture(index + 1)
              and max(len(text.split()), len(following.split())) >= FRAGMENT_MIN_HEAD_WORDS):
            run_ons += 1
    if openings >= FRAGMENT_MIN_PUNCTUATION_OPENINGS:
        return True
    nonblank = sum(1 for text in texts if text)
    return run_ons + openings >= max(FRAGMENT_MIN_RUN_ONS, FRAGMENT_MIN_RUN_ON_SHARE * nonblank)


@dataclass
class _Run:
    """Fragments joined so far: their line indexes, the joined text's pieces and what gluing
    the next one needs to know."""

    indexes: list[int]
    pieces: list[str]
    words: int
    punctuated: bool = False  # took in a line opening with the punctuation after a link
    quote_open: bool = False  # an odd count of straight quotes so far
    open_marks: int = 0  # quotes and brackets opened and not closed so far
    tail: str = ""  # the last two characters so far

    @classmethod
    def start(cls, index: int, text: str, marks: _SentenceMarks) -> _Run:
        return cls([index], [text], len(text.split()), quote_open=text.count('"') % 2 == 1,
                   open_marks=max(0, marks.open_marks(text)), tail=text[-2:])

    def add(self, index: int, piece: str, marks: _SentenceMarks, punctuated: bool) -> None:
        self.indexes.append(index)
        self.pieces.append(piece)
        self.words += len(piece.split())
        self.punctuated = self.punctuated or punctuated
        self.quote_open ^= piece.count('"') % 2 == 1
        self.open_marks = max(0, self.open_marks + marks.open_marks(piece))
        self.tail = (self.tail + piece)[-2:]


def _rejoin_fragments(texts: list[str], pattern_of: Callable[[str], str | None] = classify_line,
                      language: str | None = None) -> list[str]:
    """Join the fragments of each sentence of a dump written node by node back into one line.
    The joined line takes the place of its first fragment and the others become blank, so line
    numbers stay the input's. Leftover lines (a byline, a date, a share button) are never joined
    on, and short lines none of which ends a sentence (a list) stay apart unless punctuation
    after a link joined them. ``pattern_of`` names a line's leftover pattern (``classify_line``);
    ``language`` (ISO 639-1, or None) settles how the text quotes when its marks do not."""
    marks = _SentenceMarks(texts, language)

    def is_furniture(index: int) -> bool:
        text = texts[index]
        return bool(LETTER.search(text)) and pattern_of(text) is not None

    if not _looks_fragmented(texts, marks, is_furniture):
        return texts
    log.debug("clean_text: read as written one text node a line")

    def runs_on(run: _Run, index: int) -> bool:
        text = texts[index]
        # a closing mark alone closes what the run opened, even after the end of a sentence
        if (marks.closing_marks_only(text) and run.open_marks > 0) or (text == '"' and run.quote_open):
            return True
        if marks.ends_sentence(texts[index - 1]):
            return False
        if marks.opens_with_punctuation(text) or marks.marks_only(text):
            return True
        # "Weiterlesen »" ends with a mark that opens nothing
        if marks.ends_with_opening(run.tail, run.quote_open) and not is_furniture(run.indexes[-1]):
            return True
        if run.words < FRAGMENT_MIN_HEAD_WORDS or is_furniture(index):
            return False
        # "… calls EU fine “absurd”" / "iPhone maker Apple …": a headline, then a lead opening on a name
        if marks.continues(text) and not (_CAMEL_CASE.match(text) and marks.ends_in_quote(texts[index - 1])):
            return True
        following = texts[index + 1] if index + 1 < len(texts) else ""
        return (len(text.split()) <= FRAGMENT_MAX_NAME_WORDS and LETTER.search(text) is not None
                and bool(following) and not marks.ends_sentence(text) and not marks.ends_in_quote(texts[index - 1])
                and marks.continues(following) and not is_furniture(index + 1))

    joined = list(texts)

    def close(run: _Run | None) -> None:
        # Short lines none of which ends a sentence are a list (ingredients, options, a poem's
        # lines), not a sentence cut at its links.
        if run is None or len(run.indexes) < 2 or (
                not run.punctuated and all(len(texts[index].split()) <= FRAGMENT_MAX_LIST_ITEM_WORDS
                                           and not marks.holds_sentence_end(texts[index])
                                           for index in run.indexes)):
            return
        for index in run.indexes[1:]:
            joined[index] = ""
        joined[run.indexes[0]] = "".join(run.pieces)

    run: _Run | None = None
    for index, text in enumerate(texts):
        if run is not None and text and runs_on(run, index):
            punctuated = marks.opens_with_punctuation(text)
            run.add(index, marks.glue(run, text, punctuated), marks, punctuated)
            continue
        close(run)
        run = _Run.start(index, text, marks) if text else None
    close(run)
    return joined


def _looks_hard_wrapped(body: list[_Line], texts: list[str]) -> bool:
    """Most lines run on into the next one without final punctuation, at a similar width."""
    followed = 0
    run_on = 0
    for line in body:
        nxt = line.number  # index of the next input line (0-based == 1-based number)
        if nxt < len(texts) and texts[nxt]:
            followed += 1
            if not line.terminal and 40 <= len(line.text) <= 100:
                run_on += 1
    return followed >= 3 and run_on / max(1, len(body)) >= 0.4 and any(not t for t in texts)
