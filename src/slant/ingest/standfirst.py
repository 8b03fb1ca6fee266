"""The standfirst: the summary a page prints between its headline and its article.

News pages print a sentence or two under the headline ("Mit Schnellzugtrassen durch Europa will
die FDP zum Klimaschutz beitragen …"), set apart from the article's paragraphs in the page's
header. trafilatura reads the article's container and leaves it out. Sites write the same
summary into the page's description (``<meta name="description">``, ``og:description``,
``twitter:description``), which says which of the page's elements it is.

:func:`with_standfirst` puts the element's text before the body when

* a description of at least :data:`MIN_CHARS` characters is printed on the page as an element of
  its own (compared without case, spaces or punctuation, so that ' and ’ are one), holding little
  else; a description cut short with an ellipsis is the start of an element that holds no
  paragraphs or other blocks of its own;
* that element comes before the body's first line in the page, outside a link, a menu, a form,
  a footer, an aside or a caption (a lead video's summary is printed in its player's caption),
  and it is not the headline (an ``<h1>``, or a heading that repeats the page's title);
* the body does not already hold it: a lead the page prints twice, or a summary that repeats
  the article's first sentence, is left to the body.

A site's own description ("The latest news from …") is not printed above an article, and a
teaser card of this article elsewhere on the page is a link; neither is taken.
"""

from __future__ import annotations

import re
from typing import Any

from lxml.etree import XPath

# Shorter descriptions are found in too many places (a kicker, a section name) to say which is it.
MIN_CHARS = 40
# How many characters of a key say that the body holds the description.
_ANCHOR_CHARS = 60
# The page's elements are found by a run of plain words (libxml2 looks for it, as the page may be
# large): at least this long, and at most this much of it is looked for.
_SNIPPET_MIN_CHARS = 20
_SNIPPET_CHARS = 80
_FIRST_LINES_LOOKED_UP = 3
_PLAIN_RUN = re.compile(r"\w+(?: \w+)+")
_TEXT_HOLDING = XPath("//body//text()[contains(normalize-space(translate(., '\u00a0', ' ')), $snippet)]")
# The element may hold a little more than the description (a "Lead:" label, a date), not a
# whole container of the page.
MAX_EXTRA_SHARE = 0.3
_DESCRIPTIONS = XPath(
    "//head/meta[@name='description' or @property='og:description' or @name='twitter:description' "
    "or @property='twitter:description']/@content"
)
_ELLIPSIS = re.compile(r"\s*[(\[]?(?:\.{3}|…)[)\]]?\s*$")
# Blocks a standfirst does not hold: an element holding one of them is a container of the page.
_INNER_BLOCKS = XPath(".//*[self::p or self::div or self::li or self::section or self::article or self::h2 or self::h3]")
# Where a summary of this article is not its standfirst: a teaser linking to it, a menu, a form.
_OUTSIDE_TAGS = frozenset({"a", "nav", "footer", "aside", "form", "button", "label", "select", "option",
                           "figure", "figcaption", "script", "style", "noscript", "template", "title", "head"})
# ...or a caption: a lead video's summary is printed in its player's caption.
_CAPTION_NAME = re.compile(r"caption", re.IGNORECASE)


_NOT_LETTERS = re.compile(r"[\W_]+")


def loose_key(text: str) -> str:
    """Letters and digits only, case ignored: the page writes ’ where its description writes '
    (invisible characters such as the soft hyphen are not letters either)."""
    return _NOT_LETTERS.sub("", text).casefold()


def _element_text(element: Any) -> str:
    return " ".join("".join(element.itertext()).split())


def _snippets(text: str) -> list[str]:
    """Stretches of the text to look for on the page: the start and the end of its longest runs
    of words with single spaces between them (no quote, apostrophe or dash, which the page and
    its description may write differently; a bold word or a link in the standfirst parts its
    text, so one of them may not be in a single text piece)."""
    runs = sorted(_PLAIN_RUN.findall(" ".join(text.split())), key=len, reverse=True)[:2]
    snippets = [piece for run in runs for piece in (run[:_SNIPPET_CHARS], run[-_SNIPPET_MIN_CHARS * 2:])]
    return list(dict.fromkeys(piece for piece in snippets if len(piece) >= _SNIPPET_MIN_CHARS))


def _elements_holding(body: Any, text: str) -> list[Any]:
    """The elements whose own text (not a child's) holds a stretch of ``text``, in the page's order."""
    for snippet in _snippets(text):
        owners = []
        for node in _TEXT_HOLDING(body, snippet=snippet):
            owner = node.getparent()
            if owner is not None and node.is_tail:
                owner = owner.getparent()
            if owner is not None:
                owners.append(owner)
        if owners:
            return owners
    return []


def with_standfirst(tree: Any, body_lines: list[str], title: str | None = None) -> list[str] | None:
    """``body_lines`` with the page's standfirst before them, or None when the page prints none
    that the body lacks (see the module's docstring). A description that only repeats ``title``
    (the page's headline, printed again as a heading) is not one."""
    if not body_lines:
        return None
    body = tree.find("body")
    if body is None:
        return None
    descriptions = [text for text in _DESCRIPTIONS(tree) if len(loose_key(text)) >= MIN_CHARS]
    if not descriptions:
        return None
    # the body's first line of prose: short lines before it (a copy of the headline, a kicker, a
    # date) stay before the standfirst, as they stand on the page
    first = next((index for index, line in enumerate(body_lines) if len(loose_key(line)) >= MIN_CHARS), None)
    if first is None:
        return None
    # lines joined without a mark between them: a description matching across two lines is in the body too
    body_key = loose_key("".join(body_lines))
    title_key = loose_key(title) if title else ""
    first_elements: list[Any] | None = None  # looked up once a description is printed on the page
    seen: set[str] = set()
    for description in descriptions:
        # a description cut short may be the start of a long standfirst
        cut_short = bool(_ELLIPSIS.search(description))
        key = loose_key(_ELLIPSIS.sub("", description))
        if len(key) < MIN_CHARS or key in seen:
            continue
        seen.add(key)
        if key[:_ANCHOR_CHARS] in body_key:
            return None
        for element in _elements_holding(body, _ELLIPSIS.sub("", description)):
            # the owner of the run may be a <b> or <span> inside the standfirst
            while len(loose_key(_element_text(element))) < len(key) and element.getparent() is not None:
                element = element.getparent()
            text = _element_text(element)
            text_key = loose_key(text)
            if cut_short:
                if not text_key.startswith(key) or _INNER_BLOCKS(element):
                    continue
            elif key not in text_key or len(text_key) > (1 + MAX_EXTRA_SHARE) * len(key) + 20:
                continue
            if (title_key and text_key in title_key) or element.tag == "h1" or \
                    any(_outside_article(node) for node in (element, *element.iterancestors())):
                continue
            if first_elements is None:
                # the first of the body's first few lines of prose found on the page (a line
                # may be a run of links and bold words no single text piece holds)
                prose = [line for line in body_lines[first:] if len(loose_key(line)) >= MIN_CHARS][:_FIRST_LINES_LOOKED_UP]
                first_elements = next((found for line in prose if (found := _elements_holding(body, line))), [])
            if first_elements and _comes_before(body, element, first_elements[0]):
                return [*body_lines[:first], text, *body_lines[first:]]
    return None


def _outside_article(node: Any) -> bool:
    if not isinstance(node.tag, str):
        return False
    return node.tag.lower() in _OUTSIDE_TAGS or bool(_CAPTION_NAME.search(f"{node.get('class') or ''} {node.get('id') or ''}"))


def _comes_before(body: Any, element: Any, other: Any) -> bool:
    """Whether ``element`` starts before ``other`` in the page and does not hold it."""
    if element is other or any(ancestor is element for ancestor in other.iterancestors()):
        return False
    for node in body.iter():
        if node is element:
            return True
        if node is other:
            return False
    return False
