"""Scrape leftovers, line by line: tell a line of page furniture from a line of article text.

:func:`is_leftover` classifies one line on its own, by pattern, in English, Russian, German,
French, Italian and Polish ("Photo: …", "Читайте также", "Lesen Sie auch", cookie banners,
copyright lines, menus like "Home | World | Politics", tag lists, date lines, bylines…) and
names the kind it found (one of the reasons below, as they appear in
:class:`~slant.doc.article.Removed`). Readers run it over the paragraphs an HTML extractor
returns; :mod:`slant.ingest.scrape_cleaner` runs it over every line of a plain-text scrape.
The patterns themselves are in :mod:`slant.ingest.leftover_patterns`.
"""

from __future__ import annotations

import re

from slant.errors import SlantError
from slant.ingest import leftover_patterns as p
from slant.ingest.normalize import normalize_line
from slant.ingest.stopwords import any_language_stopwords

SUPPORTED_LANGUAGES = ("en", "ru", "de", "fr", "it", "pl")

# Reasons, as they appear in ``Removed.reason``.
CAPTION = "caption"
CALL_TO_ACTION = "call to action"
RELATED_HEADLINE = "related headline"
SECTION_FOOTER = "section footer"
NAVIGATION = "navigation"
COOKIE_NOTICE = "cookie notice"
SHARE_WIDGET = "share widget"
COMMENT = "comment"
BOILERPLATE = "boilerplate"
METADATA = "metadata"
TAGS = "tags"
COPYRIGHT = "copyright"
ADVERTISEMENT = "advertisement"
SUBSCRIPTION = "subscription"
REPEATED = "repeated line"
PULL_QUOTE = "pull quote"
REFERENCE_LIST = "reference list"
AUTHOR_BOX = "author box"


def is_leftover(line: str, language: str | None = None) -> str | None:
    """Return why ``line`` is page furniture rather than article text, or None if it may be text.

    ``line`` is one line (or one extracted paragraph); it is normalised here. ``language`` is
    an ISO 639-1 code; the patterns of all six supported languages are tried whatever it is,
    because scrapes mix languages (English widgets on a Russian page), but an unsupported code
    is an error so that typos do not silently change behaviour.
    """
    if language is not None and language not in SUPPORTED_LANGUAGES and not re.fullmatch(r"[a-z]{2,3}", language):
        raise SlantError(
            f"language {language!r} is not an ISO 639-1 code; pass e.g. 'en', 'ru', 'de', or None to guess"
        )
    text = normalize_line(line)
    if not text:
        return None
    return classify_line(text)


# Sites end their widget lines with emoji and arrows ("Keep Reading 🚀", "Wir brauchen dich! 💜",
# "Next ❯"); the patterns read the words before them. Ticks, crosses and stars stay: they carry
# meaning ("Reply ✓", a rating "★★★☆☆").
# Matched on the reversed line, from its start: searching the line for a run at its end would
# try every position of a long run of spaces and symbols again.
_PICTOGRAPHS_REVERSED = re.compile(r"(?:[\u2190-\u21ff\u2300-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff\ufe0f\u200d]\s*)+")
_MEANINGFUL_SYMBOLS = frozenset("✓✔✅☑❌❎✗✘✖✕★☆⭐🌟")


def without_trailing_pictographs(text: str) -> str:
    """``text`` without the emoji and arrows that end it, unless nothing else is left."""
    if not text or len(text) > 400 or text[-1].isascii():
        return text
    match = _PICTOGRAPHS_REVERSED.match(text[::-1])
    if match is None or _MEANINGFUL_SYMBOLS.intersection(match.group()):
        return text
    words = text[:len(text) - match.end()].rstrip()
    return words if p.LETTER.search(words) else text


def _is_comment_rules(text: str) -> bool:
    """A comment thread's rules: a heading, or a note to the reader about its moderation."""
    if p.COMMENT_RULES_HEADING.match(text):
        return True
    return bool(p.COMMENT_RULES_NOTE.match(text)) and not p.REPORTING_CLAUSE.search(text) and (
        len(text) <= p.COMMENT_NOTE_SHORT_CHARS or bool(p.ADDRESSES_READER.search(text)))


def is_cut_teaser(text: str) -> bool:
    """Whether a line is a teaser's excerpt cut short, its link after the ellipsis ("… Yet, the... more")."""
    return ("…" in text or ".." in text) and bool(p.TEASER_ELLIPSIS.match(text))


def _is_form_reply(text: str) -> bool:
    match = p.FORM_REPLY.match(text)
    if match is None or p.REPORTING_CLAUSE.search(text):
        return False
    after = match.group("after")
    return after is None or bool(p.ADDRESSES_READER.search(after))


def classify_line(text: str) -> str | None:
    """:func:`is_leftover` for a line that is already normalised (and a language already checked)."""
    text = without_trailing_pictographs(text)
    length = len(text)
    # Long lines are prose unless they are a cookie banner or a copyright footer: the other
    # patterns are for short widget lines and would only misfire on a paragraph.
    if length > 400:
        return COOKIE_NOTICE if _is_cookie_notice(text) else None
    if p.SERVER_ERROR.match(text):
        return BOILERPLATE
    if p.WIKI_REFERENCE.match(text):
        return REFERENCE_LIST
    if not p.LETTER.search(text):
        # Separators, counters, "***", "1 2 3 >" — nothing a reader reads as text.
        return BOILERPLATE if not re.fullmatch(r"[\d\s.,:;%$€£₽-]{1,40}", text) or length < 6 else None
    if _is_cookie_notice(text):
        return COOKIE_NOTICE
    if length <= 300 and p.COPYRIGHT_MARK.search(text) and (length < 160 or not p.TERMINAL.search(text[:-1] or "")):
        return COPYRIGHT
    if length <= 300 and p.LICENCE_LINE.match(text):
        return COPYRIGHT
    lowered = text.lower()
    if any(word in lowered for word in p.DISCLOSURE_WORDS) and p.ADVERTISER_DISCLOSURE.match(text):
        return ADVERTISEMENT
    if p.AGENCY_CAPTION.search(text):
        return CAPTION
    if length > 220:
        return None
    if (p.CAPTION_LINE.match(text) or (length < 80 and p.CAPTION_BARE.match(text)) or p.CAPTION_CREDIT_TAIL.match(text)
            or p.CAPTION_LABEL.match(text) or p.CAPTION_COURTESY.match(text) or p.FIGURE_CAPTION.match(text)
            or p.CAPTION_TAG.match(text) or p.GALLERY_LABEL.match(text) or ("/" in text and p.CAPTION_AGENCY_TAIL.match(text))
            or _has_trailing_credit(text)):
        return CAPTION
    if p.COMMENT_HEADING.match(text) or p.COMMENT_INVITATION.match(text) or _is_comment_rules(text) or (length < 60 and _is_comment_author(text)):
        return COMMENT
    if (p.SECTION_HEADING.match(text) and not text.endswith(".")) or p.WIKI_SECTION_END.match(text):
        return SECTION_FOOTER
    unbulleted = p.LIST_MARKER.sub("", text)
    # a teaser set in brackets between paragraphs: "(Le puede interesar: …)", "[Read more: …]"; a
    # sentence in brackets ("(See also the table below.)") is the article's own cross-reference
    inner = text[1:-1].strip()
    bracketed = (text[0] + text[-1] in ("()", "[]") and not p.TERMINAL.search(inner)
                 and p.CALL_TO_ACTION_LINE.match(inner))
    if bracketed or p.CALL_TO_ACTION_LINE.match(unbulleted) or (p.SUPPORT_APPEAL.match(unbulleted)
                                                     and not p.REPORTING_CLAUSE.search(unbulleted)):
        return CALL_TO_ACTION
    if p.SUBSCRIPTION_LINE.match(unbulleted) or p.NEWSLETTER_PITCH.match(unbulleted) or p.NEWSLETTER_SELF.match(unbulleted) \
            or (p.NEWSLETTER_OWN.match(unbulleted) and p.READER_ADDRESS.search(unbulleted)
                and not p.REPORTING_CLAUSE.search(unbulleted)) \
            or (p.MEMBERSHIP_PITCH.match(unbulleted) and p.ADDRESSES_READER.search(unbulleted)
                and not p.REPORTING_CLAUSE.search(unbulleted)):
        return SUBSCRIPTION
    if p.SHARE_WIDGET_LINE.match(text) or _is_social_list(text):
        return SHARE_WIDGET
    if p.TAGS_LINE.match(text) or p.POST_FILED.match(text):
        return TAGS
    if p.REPORTER_CONTACT.match(text):
        return AUTHOR_BOX
    if p.WIDGET_CONTROL.match(text):
        return BOILERPLATE
    if p.ADVERTISEMENT_LINE.match(text):
        return ADVERTISEMENT
    if p.BOILERPLATE_LINE.match(text):
        return BOILERPLATE
    if p.CONSENT_BUTTON.match(text):
        return COOKIE_NOTICE
    if p.FORM_LINE.match(text) or _is_form_reply(text):
        return SUBSCRIPTION
    if length < 120 and (p.DATE_LINE.match(text) or (text.endswith(".") and p.DATE_LINE.match(text[:-1])) or p.READING_META.match(text)):
        return METADATA
    if length < 200 and p.DOWNLOAD_LINE.search(text) and not p.TERMINAL.search(text):
        return BOILERPLATE
    if p.GALLERY_COUNTER.match(text):
        return BOILERPLATE
    if _is_metadata(text, length):
        return METADATA
    if p.NAVIGATION_SINGLE.match(text) or _is_menu(text):
        return NAVIGATION
    if ((p.RELATED_SUFFIX.fullmatch(text) and not p.TERMINAL.search(text)) or p.TEASER_SUFFIX.match(text)
            or p.DATED_TEASER.match(text) or is_cut_teaser(text) or (p.PREV_NEXT_TEASER.match(text) and not p.TERMINAL.search(text))):
        return RELATED_HEADLINE
    return None


def is_truncated_headline(text: str) -> bool:
    """Whether a line reads as a teaser's headline cut to fit its box ("Biden goes to Illinois auto
    plant saved by union …"). One such line may as well be a sentence trailing off, so the dump
    cleaner takes them only in a list (:func:`slant.ingest.scrape_cleaner.clean_text`)."""
    if not text.endswith(("…", "...")) or not (text[0].isupper() or text[0].isdigit()) \
            or not p.TRUNCATED_HEADLINE.match(text):
        return False
    low, high = p.TRUNCATED_HEADLINE_WORDS
    return low <= len(text.split()) - 1 <= high


# A line that opens with one of these leads into a quotation ("Here is what he wrote:"), where a
# commenter's name would stand.
_QUOTATION_LEAD_IN = frozenset({
    "what", "here", "here's", "this", "that", "how", "why", "who", "so", "and", "but", "as",
    "was", "wie", "hier", "das", "dies", "und", "voici", "voilà", "ce", "ecco", "ciò", "così",
    "oto", "tak", "co", "вот", "что", "так", "как",
})


def _is_comment_author(text: str) -> bool:
    """"Jane Doe says:" over a comment; not "Here is what he wrote:", a lead-in to a quotation, nor a
    subheading without the colon, "What the minister said", whose words are function words."""
    if not p.COMMENT_AUTHOR.match(text):
        return False
    words = text.lower().replace("’", "'").split()[:-1]
    if text.endswith(":"):
        return words[0] not in _QUOTATION_LEAD_IN
    function_words = any_language_stopwords()
    return not any(word in function_words for word in words)


def _has_trailing_credit(text: str) -> bool:
    match = p.CAPTION_TRAILING_CREDIT.search(text)
    return match is not None and match.start() >= 10


def _is_metadata(text: str, length: int) -> bool:
    """Bylines, agency sign-offs, date labels and stamps, author-and-date lines, contact lines, blog post
    meta lines."""
    if length < 90 and (p.BYLINE.match(text) or p.BYLINE_OF_PARTS.match(text)) and not p.TERMINAL.search(text):
        return True
    if p.AGENCY_SIGNOFF.match(text) or p.DATE_LABEL.match(text) or p.RELATIVE_TIME.match(text):
        return True
    if length < 120 and (p.CONTRIBUTOR_LINE.match(text) or p.NAME_DATE_LINE.match(text) or p.CONTACT_LINE.match(text)):
        return True
    if length >= 160:
        return False
    if p.DATE_STAMP.match(text):
        return True
    # A post meta line ends in its permalink, or carries a whole date and is no sentence.
    return bool(p.POST_META.match(text) and (p.PERMALINK_END.search(text) or (
        p.DAY_DATE.search(text) and not p.TERMINAL.search(text))))


def _is_cookie_notice(text: str) -> bool:
    return bool(p.COOKIE_WORD.search(text) and (len(text) < 60 or p.COOKIE_CONTEXT.search(text))
                or p.CONSENT_PURPOSE.match(text))


def _is_social_list(text: str) -> bool:
    """"Facebook Twitter WhatsApp E-Mail" and the like: only network names and separators."""
    if len(text) > 120:
        return False
    rest = p.SOCIAL_NAMES.sub(" ", text)
    names = len(p.SOCIAL_NAMES.findall(text))
    return ((names >= 2 or (names == 1 and len(text) < 20)) and not p.LETTER.search(rest)) \
        or bool(p.SOCIAL_NAMES_RUN.match(text) and p.SOCIAL_NETWORK_NAME.search(text))


def _is_menu(text: str) -> bool:
    """"Home | World | Politics", "News › Europe › France": three or more short items."""
    if len(text) > 200 or p.TERMINAL.search(text) or "://" in text:
        return False
    items = [item for item in p.NAV_SEPARATORS.split(text) if item.strip()]
    if len(items) < 3 and not (len(items) == 2 and re.search(r"[|›»>]", text)):
        return False
    return all(len(item.split()) <= 4 for item in items)


def is_author_box(line: str) -> bool:
    """Whether ``line`` reads as the author's box a page prints under its article ("Jane Doe is a
    senior reporter at …"). Callers ask it only of an article's last lines: inside a story the same
    shape is reporting."""
    text = normalize_line(line)
    return len(text) <= 600 and bool(p.AUTHOR_BIO.match(text)) and bool(p.BIO_MARKER.search(text))


# An article ends with at most this many author boxes (a co-author's).
MAX_TRAILING_AUTHOR_BOXES = 2


def trailing_author_boxes(paragraphs: list[str]) -> int:
    """How many of the last paragraphs of an article body are author boxes (:func:`is_author_box`),
    at most :data:`MAX_TRAILING_AUTHOR_BOXES`, and never the first paragraph."""
    count = 0
    while (count < MAX_TRAILING_AUTHOR_BOXES and len(paragraphs) - count > 1
           and is_author_box(paragraphs[-1 - count])):
        count += 1
    return count


def is_contents_heading(line: str) -> bool:
    """Whether ``line`` heads a table of contents or a source list ("Inhaltsverzeichnis",
    "Quellenangaben:"). An extracted article body drops it; a plain-text dump keeps it, because
    there the lead paragraph above a contents list would read as part of a block of furniture."""
    return bool(p.CONTENTS_HEADING.match(normalize_line(line)))


def is_bare_date(line: str) -> bool:
    """Whether ``line`` is a date and nothing else ("23.10.2018", "2021-11-10 - 2021-11-12"). It is
    no leftover of its own: in a plain-text dump it parts a page's blocks (classed as furniture,
    it joined teaser blocks to the body), and once a body is chosen :func:`body_removals` drops
    it at the body's edges only, since inside it may head a chronology's entry."""
    return bool(p.BARE_DATE.match(normalize_line(line)))


# A paragraph this short may well come back in an article ("Why?", a refrain); a repeat this long
# is the page printing the same text twice.
REPEAT_MIN_WORDS = 8
# Only the first paragraphs are looked at: the standfirst, the summary box, the lead photo's caption.
REPEAT_REACH = 3
# Share of a first paragraph that later paragraphs, quoted whole, must cover for it to be a copy.
REPEAT_QUOTED_SHARE = 0.8
# A pull quote is a sentence or two, set within this many paragraphs of the one it comes from.
PULL_QUOTE_MAX_WORDS = 60
PULL_QUOTE_REACH = 10


def repeated_lead_paragraphs(paragraphs: list[str]) -> list[int]:
    """Indices of the first paragraphs that the article prints again further down: a standfirst
    or summary repeated as its first paragraph, or a caption that strings together whole
    paragraphs of it (one quoted paragraph with a word of attribution is the article quoting).
    The later copy, in the running text, is the one to keep."""
    keys = [" ".join(paragraph.casefold().split()) for paragraph in paragraphs]
    repeated = []
    for index in range(min(REPEAT_REACH, len(keys))):
        key = keys[index]
        if len(key.split()) < REPEAT_MIN_WORDS:
            continue
        later = keys[index + 1:]
        # A caption or summary that strings together later paragraphs adds at most a credit to them.
        quoted = [other for other in set(later) if len(other.split()) >= REPEAT_MIN_WORDS and other in key]
        # a pull quote taken from one of them is not a second paragraph quoted
        quoted = [other for other in quoted if not any(other != outer and other in outer for outer in quoted)]
        if key in later or (len(quoted) >= 2 and sum(map(len, quoted)) >= REPEAT_QUOTED_SHARE * len(key)):
            repeated.append(index)
    return repeated


def pull_quotes(paragraphs: list[str]) -> list[int]:
    """Indices of paragraphs that repeat, word for word, part of a longer paragraph of the same
    article: pull quotes, set in large type beside the paragraph they come from."""
    keys = [" ".join(paragraph.casefold().strip("\"'“”„«»‘’ ").split()) for paragraph in paragraphs]
    contained = []
    for index, key in enumerate(keys):
        if not REPEAT_MIN_WORDS <= len(key.split()) <= PULL_QUOTE_MAX_WORDS:
            contained.append(False)
            continue
        # Only the paragraphs around it are searched, which keeps a long text's check linear.
        # "\n" never occurs in a key (its whitespace is collapsed to spaces), so a match never
        # spans two paragraphs.
        around = keys[max(0, index - PULL_QUOTE_REACH):index] + keys[index + 1:index + 1 + PULL_QUOTE_REACH]
        contained.append(key in "\n".join(other for other in around if other != key))
    # A pull quote stands alone; a run of such paragraphs is a statement the article quotes and
    # then prints in full, which is body twice over.
    return [index for index, inside in enumerate(contained)
            if inside and not (index > 0 and contained[index - 1])
            and not (index + 1 < len(contained) and contained[index + 1])]


# A bare date this close to either end of a body is the article's date line.
DATE_LINE_REACH = 3


# A newspaper's sign-off under the last paragraph: the desk's city ("MEDELLÍN"), the paper's name
# ("LA NACION"), the writer's initials ("DS"): one or two words of capital letters. Digits, a
# table's bars or a third word make it data or text ("COVID-19", "| EU |", "TO BE CONTINUED").
_CAPITALS_SIGNOFF = re.compile(r"[^\W\d_]+(?:[ .'’-][^\W\d_]+)?")
SIGNOFF_MAX_CHARS = 30


def is_capitals_signoff(text: str) -> bool:
    """Whether ``text`` is a word or two in capitals: a sign-off, when it closes a body."""
    text = text.strip()
    return len(text) <= SIGNOFF_MAX_CHARS and text.isupper() and bool(_CAPITALS_SIGNOFF.fullmatch(text))


def body_removals(paragraphs: list[str], *, repeats: bool = True) -> list[tuple[int, str]]:
    """What leaves a chosen body, as (index into ``paragraphs``, reason) pairs in descending
    index order, so that popping them one by one keeps the other indices right: date lines at
    its edges, a sign-off in capitals closing it and, with ``repeats``, repeated lead paragraphs
    and pull quotes (each looked for in what the earlier steps left)."""
    alive = list(range(len(paragraphs)))
    removals: list[tuple[int, str]] = []

    def drop(positions: list[int], reason: str) -> None:
        for position in reversed(positions):
            removals.append((alive.pop(position), reason))

    drop([i for i, text in enumerate(paragraphs)
          if (i < DATE_LINE_REACH or i >= len(paragraphs) - DATE_LINE_REACH) and is_bare_date(text)], METADATA)
    if len(alive) > 1 and is_capitals_signoff(paragraphs[alive[-1]]):
        drop([len(alive) - 1], METADATA)
    if repeats:
        drop(repeated_lead_paragraphs([paragraphs[i] for i in alive]), REPEATED)
        drop(pull_quotes([paragraphs[i] for i in alive]), PULL_QUOTE)
    return sorted(removals, reverse=True)
