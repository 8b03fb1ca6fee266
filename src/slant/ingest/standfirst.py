"""The standfirst: the summary a page prints between its headline and its article.

News pages print a sentence or two under the headline ("Mit Schnellzugtrassen durch Europa will
die FDP zum Klimaschutz beitragen …"), set apart from the article's paragraphs in the page's
header. trafilatura reads the article's container and leaves it out. Sites write the same
summary into the page's description (``<meta name="description">``, ``og:description``,
``twitter:description``), which says which of the page's elements it is.

:func:`with_standfirst` puts the element's text before the body's first line of prose when

* a description of at least :data:`MIN_CHARS` letters is printed on the page as an element of
  its own (compared as letters and digits only, so that ' and ’ are one), holding little else,
  or the description edited inside (a word changed, the same start and end);
  a description cut short (with an ellipsis, or as search-engine plugins cut them) is the start
  or the end of an element that holds no paragraphs or other blocks of its own;
* that element comes after the page's ``<h1>`` and before the body's first line (a site's
  tagline, an app banner or a slider of top stories stands above the headline), outside a link,
  a menu, a footer, an aside, a figure, a caption or a form that does not also hold the article
  (a lead video's summary is printed in its player's caption), and is not the headline (an
  ``<h1>``, or a heading that repeats the page's title);
* the body does not already hold it: a lead printed twice, or a summary that repeats the
  article's first sentence, is left to the body, and so is a variant of it (cut short, edited)
  that another description gives; a different summary in another description is still looked for.

At most :data:`MAX_DESCRIPTIONS` descriptions and :data:`MAX_CANDIDATES` places on the page for
each are looked at, so a page built to repeat them costs no more than a real one.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import islice
from typing import Any

from lxml.etree import XPath

from slant.ingest.split_body import element_lines

# Shorter descriptions are found in too many places (a kicker, a section name) to say which it is.
MIN_CHARS = 40
# A line of the body with this many letters that is not the headline is prose: the standfirst
# goes before the first such line.
MIN_PROSE_CHARS = 40
# How many characters of a description's key say that the body already holds it.
_HELD_KEY_CHARS = 60
# Two summaries that open or close with this many letters alike are one summary; the page's text
# and its description may differ by an edit inside (a word changed) of at most MAX_EDITED_SHARE of
# their length.
_ALIKE_CHARS = 40
MAX_EDITED_SHARE = 0.1
# The element may hold a little more than the description (a "Lead:" label, a date), not a
# whole container of the page.
MAX_EXTRA_SHARE = 0.3
MAX_EXTRA_CHARS = 20
# A real page has a description, an og: and a twitter: one; and its standfirst is printed once
# or twice (a mobile and a desktop header).
MAX_DESCRIPTIONS = 3
MAX_CANDIDATES = 8
# The page's elements are found by runs of plain words (libxml2 looks for them, as the page may
# be large): the start of a description's longest runs, at most _SNIPPET_CHARS long, and their
# last _SNIPPET_END_CHARS characters (a bold word or a link in the standfirst parts its text).
_SNIPPET_MIN_CHARS = 20
_SNIPPET_CHARS = 80
_SNIPPET_END_CHARS = 40
# The body's first line may be a run of links and bold words no single text piece holds: the
# first of its first few lines of prose that the page holds in one piece marks where it starts.
_FIRST_LINES_LOOKED_UP = 3
_PLAIN_RUN = re.compile(r"\w+(?: \w+)+")
# Text a reader sees, non-breaking spaces read as spaces and invisible characters (the soft
# hyphen inside "Zusammen&shy;arbeit") left out; not the page's scripts and styles, which also
# hold the article as data.
# A piece shorter than the snippet cannot hold it (reading a piece as a reader sees it only
# shortens it), and its length is cheaper to read than its text is to compare.
_TEXT_HOLDING = XPath(
    ".//text()[string-length(.) >= $length][not(parent::script or parent::style or parent::template)]"
    "[contains(normalize-space(translate(., '\u00a0\u00ad\u200b\u200c\u200d\u2060\ufeff', ' ')), $snippet)]"
)
_DESCRIPTIONS = XPath(
    "//meta[translate(@name, 'DESCRIPTONW', 'descriptonw')='description' or @property='og:description' "
    "or translate(@name, 'DESCRIPTONW', 'descriptonw')='twitter:description' or @property='twitter:description']"
    "/@content"
)
_FIRST_HEADLINE = XPath("(.//h1)[1]")
_ELLIPSIS = re.compile(r"\s*[(\[]?(?:\.{3}|…)[)\]]?\s*$")
# Blocks a standfirst does not hold: an element holding one of them is a container of the page.
_INNER_BLOCKS = XPath(".//*[self::p or self::div or self::li or self::section or self::article or self::h2 or self::h3]")
# Where a summary of this article is not its standfirst: a teaser linking to it, a menu, a footer.
_OUTSIDE_TAGS = frozenset({"a", "nav", "footer", "aside", "button", "label", "select", "option",
                           "figure", "figcaption", "script", "style", "noscript", "template", "title"})
# ...or a caption, named by a whole class token ("wp-caption", "media__caption"), not by a
# modifier that mentions one ("content-header__caption-style--default") or a plugin's switch on <body>.
_CAPTION_TOKEN = re.compile(r"(?:[\w-]*[-_])?(?:fig)?caption", re.IGNORECASE)
# Where the element's text breaks into words.
_BREAK_TAGS = frozenset({"br", "p", "div", "li", "ul", "ol", "h2", "h3", "h4", "h5", "h6", "blockquote", "section",
                         "header", "tr", "td", "th"})
_NOT_LETTERS = re.compile(r"[\W_]+")


def loose_key(text: str) -> str:
    """Letters and digits only, case ignored: the page writes ’ where its description writes '
    (invisible characters such as the soft hyphen are not letters either)."""
    return _NOT_LETTERS.sub("", unicodedata.normalize("NFKC", text)).casefold()


def _element_text(element: Any) -> str:
    """What a reader sees of the element, with a space where a line break or a block parts it."""
    return " ".join(element_lines(element, breaks=_BREAK_TAGS))


def _snippets(text: str) -> list[str]:
    """Stretches of the text to look for on the page: the start and the end of its two longest
    runs of words with single spaces between them (no quote, apostrophe or dash, which the page
    and its description may write differently)."""
    runs = sorted(_PLAIN_RUN.findall(" ".join(text.split())), key=len, reverse=True)[:2]
    snippets = [piece for run in runs for piece in (run[:_SNIPPET_CHARS], run[-_SNIPPET_END_CHARS:])]
    return list(dict.fromkeys(piece for piece in snippets if len(piece) >= _SNIPPET_MIN_CHARS))


def _elements_holding(body: Any, text: str) -> list[Any]:
    """The elements whose own text (not a child's) holds the first of ``text``'s snippets that
    the page holds, in the page's order, at most :data:`MAX_CANDIDATES` of them."""
    for snippet in _snippets(text):
        owners: list[Any] = []
        for node in _TEXT_HOLDING(body, snippet=snippet, length=len(snippet)):
            owner = node.getparent()
            if owner is not None and node.is_tail:
                owner = owner.getparent()
            if owner is not None and (not owners or owners[-1] is not owner):
                owners.append(owner)
            if len(owners) >= MAX_CANDIDATES:
                break
        if owners:
            return owners
    return []


def with_standfirst(tree: Any, body_lines: list[str], title: str | None = None) -> list[str] | None:
    """``body_lines`` with the page's standfirst before their first line of prose, or None when
    the page prints none that the body lacks (see the module's docstring). ``title`` is the
    page's headline: a heading that repeats it is not a standfirst, nor is a copy of it in the
    body the body's first line of prose."""
    if not body_lines:
        return None
    body = tree.find("body")
    if body is None:
        return None
    descriptions = [text for text in _DESCRIPTIONS(tree) if len(loose_key(text)) >= MIN_CHARS]
    if not descriptions:
        return None
    title_key = loose_key(title) if title else ""
    prose = list(islice((index for index, line in enumerate(body_lines) if _is_prose(loose_key(line), title_key)),
                        _FIRST_LINES_LOOKED_UP))
    if not prose:
        return None
    first = prose[0]
    # lines joined without a mark between them: a description matching across two lines is in the body too
    body_key = loose_key("".join(body_lines))
    layout: _Layout | None = None  # read once a description is printed on the page
    seen: set[str] = set()
    held: list[str] = []  # descriptions the body already holds
    for description in descriptions:
        key = loose_key(_ELLIPSIS.sub("", description))
        if key in seen:
            continue
        if len(seen) == MAX_DESCRIPTIONS:
            break
        seen.add(key)
        if key[:_HELD_KEY_CHARS] in body_key:
            held.append(key)
            continue
        # a variant of a description the body holds (cut short, edited) says the same
        if any(_same_summary(key, other) for other in held):
            continue
        for owner in _elements_holding(body, _ELLIPSIS.sub("", description)):
            # the owner of the run may be a <b> or <span> inside the standfirst: the innermost
            # element around it that holds the description (or an edit of it, maybe shorter) is
            found = _holder(owner, body, key)
            if found is None:
                continue
            element, text, text_key = found
            if element.tag == "h1" or (title_key and text_key in title_key):
                continue
            if layout is None:
                layout = _Layout(body, [body_lines[index] for index in prose])
                if layout.first is None:
                    return None
            if layout.stands_between_headline_and_article(element) and not layout.outside_article(element):
                return [*body_lines[:first], text, *body_lines[first:]]
    return None


def _holder(owner: Any, body: Any, key: str) -> tuple[Any, str, str] | None:
    """The innermost element from ``owner`` up that holds the description whose key is ``key``,
    with its text and the text's key; None when none does before an element's text is as long as
    the description."""
    element = owner
    while True:
        text = _element_text(element)
        text_key = loose_key(text)
        if _holds_description(element, text_key, key):
            return element, text, text_key
        if len(text_key) >= len(key) or element.getparent() in (None, body):
            return None
        element = element.getparent()


def _same_summary(key: str, other: str) -> bool:
    """Whether two descriptions' keys open or close alike: one summary, cut or edited."""
    return key[:_ALIKE_CHARS] == other[:_ALIKE_CHARS] or key[-_ALIKE_CHARS:] == other[-_ALIKE_CHARS:]


def _edited(text_key: str, key: str) -> bool:
    """Whether the element's text is the description edited inside (a word changed): the same
    start and end, and about its length."""
    return (len(key) >= 2 * _ALIKE_CHARS and abs(len(text_key) - len(key)) <= MAX_EDITED_SHARE * len(key)
            and text_key[:_ALIKE_CHARS] == key[:_ALIKE_CHARS] and text_key[-_ALIKE_CHARS:] == key[-_ALIKE_CHARS:])


def _is_prose(key: str, title_key: str) -> bool:
    return len(key) >= MIN_PROSE_CHARS and not (title_key and (key in title_key or title_key in key))


def _holds_description(element: Any, text_key: str, key: str) -> bool:
    """Whether the element says the description and little else, or is a standfirst of its own
    that the description gives the start or the end of (a description cut short)."""
    if key not in text_key:
        return _edited(text_key, key)
    if len(text_key) <= (1 + MAX_EXTRA_SHARE) * len(key) + MAX_EXTRA_CHARS:
        return True
    return (text_key.startswith(key) or text_key.endswith(key)) and not _INNER_BLOCKS(element)


class _Layout:
    """Where the page's headline and the body's first line stand, and every element's place."""

    def __init__(self, body: Any, prose_lines: list[str]) -> None:
        self.body = body
        self.first = next((found[0] for line in prose_lines if (found := _elements_holding(body, line))), None)
        self._places: dict[Any, int] | None = None

    def place(self, element: Any) -> int:
        if self._places is None:
            self._places = {node: index for index, node in enumerate(self.body.iter())}
        return self._places.get(element, -1)

    def stands_between_headline_and_article(self, element: Any) -> bool:
        """After the page's ``<h1>`` (when that stands before the article) and before the body's
        first line, without holding it."""
        first_place = self.place(self.first)
        place = self.place(element)
        if not 0 <= place < first_place or any(ancestor is element for ancestor in self.first.iterancestors()):
            return False
        headlines = _FIRST_HEADLINE(self.body)
        headline_place = self.place(headlines[0]) if headlines else -1
        return not 0 <= headline_place < first_place or place > headline_place

    def outside_article(self, element: Any) -> bool:
        """Whether the element stands in a link, a menu, a caption … or a form that does not
        also hold the article (ASP.NET pages are one form)."""
        for node in (element, *element.iterancestors()):
            if node is self.body:
                return False
            tag = node.tag.lower() if isinstance(node.tag, str) else ""
            if tag in _OUTSIDE_TAGS or any(_CAPTION_TOKEN.fullmatch(token) for token in (node.get("class") or "").split()):
                return True
            if tag == "form" and not any(ancestor is node for ancestor in self.first.iterancestors()):
                return True
        return False
