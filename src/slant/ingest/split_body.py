"""The rest of an article that a page splits over sibling containers.

Some sites cut their article markup into several containers of one kind, with a box of links,
an advertisement or a newsletter form between them (WIRED prints its articles in ``<div
class="grid …">`` chunks with an advertisement between each two). trafilatura's main extractor
keeps the container that holds most of the text, so the rest of the article is lost.
:func:`with_sibling_parts` finds the containers the extracted lines came from and reads the
blocks of the containers of the same tag and class that follow them, a few levels up at most,
putting each container's blocks after the lines of the container before it.

A sibling is read only when it looks like more of the same article: no ``<h1>`` or
``<article>`` in it (a next article loaded below), no form (comments, newsletters, shop
reviews), links for at most 30 % of its text (related-article teasers) and at least one
paragraph of prose that is not a caption. Two list items in a row that are mostly a link end it
("More great stories"), and so does the heading of a list of other posts or of a comment thread.
The climb stops at the container that holds the page's ``<h1>``, or an ``<h2>`` above the body's
first paragraph (a blog's post title): what stands beside it stands beside the whole article (a
sidebar, an author's bio, the next post). What the siblings give still goes through the
leftover patterns, as the body does. Containers before the first one the body came from are not
read: a slideshow's covers and a page's header stand there, and a line placed above the body
would also stand above its headline.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from slant.ingest.leftovers import COMMENT, SECTION_FOOTER, is_leftover
from slant.ingest.normalize import normalize_line

# Elements read as blocks: the innermost of them, so that a list item's or a quotation's
# paragraphs are each read once.
_BLOCK_TAGS = ("p", "h2", "h3", "h4", "li", "blockquote")
# How many characters of a line identify it.
_KEY_CHARS = 60
# Only extracted lines at least this long are looked up among the page's <p> elements: a short
# line ("Photo", "Advertisement") is found in too many places to say where the body is.
_LOOKUP_MIN_CHARS = 40
# How far above the body's container a container of the same kind is looked for.
MAX_LEVELS = 3
# Teasers of other articles are mostly links; an article's own paragraphs link a few words.
MAX_LINK_SHARE = 0.3
MAX_BLOCK_LINK_SHARE = 0.5
# A list item this much linked is a headline of another article ("More great stories"); two in a
# row end the article.
MAX_ITEM_LINK_SHARE = 0.3
# A sibling must hold a paragraph of this many characters that ends a sentence.
MIN_PROSE_CHARS = 120
# More containers of one kind than this make a listing (an archive, a feed), not an article in
# parts; a slideshow article runs to about a hundred.
MAX_SIBLINGS = 200
_LINE_MARK = re.compile(r"^(?:[-•*>]\s+|#+\s+|\|\s*)")
_SENTENCE_END = re.compile(r"[.!?…][\"'»”’)]*$")
_FORM_TAGS = ("form", "input", "textarea", "select", "button")
_CAPTION_TAGS = frozenset({"figure", "figcaption", "aside"})
# Elements whose text no reader sees (an advertisement's script, a style sheet, an embed's fallback).
_UNREAD_TAGS = frozenset({"script", "style", "template", "iframe", "svg", "noscript", "object"})
# Where a sibling stops: the heading of a list of other posts, a comment thread.
_SIBLING_END = frozenset({SECTION_FOOTER, COMMENT})


def _key(text: str) -> str:
    """Comparison form of a line: no invisible characters, Markdown marks, table bars or spaces;
    case ignored."""
    return re.sub(r"[\s*_`|]+", "", normalize_line(text)).casefold()


def text_key(text: str) -> str:
    """A piece of the page's text in the form lines are compared in (see :func:`comparison_key`);
    keys of consecutive pieces join into the key of their text."""
    return _key(text)


def comparison_key(line: str) -> str:
    """A line of trafilatura's output in the form it is compared with the page's text: without
    its list, quotation or heading mark (trafilatura writes ``- `` before a list item), invisible
    characters, Markdown marks, table bars, spaces and case."""
    return _key(_LINE_MARK.sub("", line))


def element_lines(node: Any, breaks: frozenset[str] = frozenset({"br"})) -> list[str]:
    """The element's text as a reader sees it (without scripts, styles and embeds), one line per
    piece that a tag in ``breaks`` parts: by default at each ``<br>``, as trafilatura writes it."""
    pieces: list[str] = []

    def walk(element: Any) -> None:
        if element.tag in _UNREAD_TAGS:
            return
        parts = element.tag in breaks
        if parts:
            pieces.append("\n")
        if isinstance(element.tag, str) and element.text:
            pieces.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                pieces.append(child.tail)
        if parts:
            pieces.append("\n")

    walk(node)
    lines = (normalize_line(line) for line in "".join(pieces).split("\n"))
    return [line for line in lines if line]


def _short_key(text: str) -> str:
    """The first characters of ``text``'s key, from its first few hundred characters only."""
    return _key(text[:_KEY_CHARS * 5])[:_KEY_CHARS]


def _paragraph_key(paragraph: Any) -> str:
    # every paragraph of the page is keyed: lxml's own text unless a script or the like is in it
    if next(paragraph.iter(*_UNREAD_TAGS), None) is None:
        return _short_key(paragraph.text_content())
    return _short_key("".join(element_lines(paragraph)))


def _text_length(element: Any) -> int:
    return len(" ".join(element.text_content().split()))


def _link_share(element: Any) -> float:
    total = _text_length(element)
    linked = sum(_text_length(anchor) for anchor in element.iter("a"))
    return linked / total if total else 1.0


class _Body:
    """The extracted lines, for telling which of a sibling's lines the body already holds."""

    def __init__(self, lines: list[str]) -> None:
        self.keys = {_key(line) for line in lines}
        self.prefixes = {key[:_KEY_CHARS] for key in self.keys if len(key) >= _KEY_CHARS}
        # joined without a separator: trafilatura may break a paragraph into lines (at a <q>) that
        # the page writes as one
        self.joined = "".join(_key(line) for line in lines)

    def holds(self, line: str) -> bool:
        key = _key(line)
        if key in self.keys or key[:_KEY_CHARS] in self.prefixes:
            return True
        # a longer block may be a line the extraction split or trimmed; a short one ("Reaction")
        # counts only as a whole line
        return len(key) >= _LOOKUP_MIN_CHARS and key[:_KEY_CHARS] in self.joined


def _new_lines(sibling: Any, body: _Body) -> list[str]:
    """The lines of ``sibling`` that ``body`` does not hold, or none when the sibling does not
    look like more of the article."""
    if next(sibling.iter("article", "h1"), None) is not None:
        return []
    if next(sibling.iter(*_FORM_TAGS), None) is not None or _link_share(sibling) > MAX_LINK_SHARE:
        return []
    blocks = [node for node in sibling.iter(*_BLOCK_TAGS)
              if next(node.iterdescendants(*_BLOCK_TAGS), None) is None]
    if not any(node.tag == "p" and not any(a.tag in _CAPTION_TAGS for a in node.iterancestors())
               and any(len(line) >= MIN_PROSE_CHARS and _SENTENCE_END.search(line) for line in element_lines(node))
               for node in blocks):
        return []
    found: list[str] = []
    linked_run = 0
    for node in blocks:
        lines = element_lines(node)
        if any(is_leftover(line) in _SIBLING_END for line in lines):
            break
        if _link_share(node) > (MAX_ITEM_LINK_SHARE if node.tag == "li" else MAX_BLOCK_LINK_SHARE):
            linked_run += 1
            if linked_run == 2:
                break
            continue
        linked_run = 0
        found.extend(line for line in lines if not body.holds(line))
    return list(dict.fromkeys(found))


def _holds_headline(element: Any, first_paragraph: Any) -> bool:
    """Whether ``element`` holds the page's <h1>, or a heading above the body's first paragraph
    (a blog's post title in an <h2>): the containers beside it stand beside the whole article."""
    if element.find(".//h1") is not None:
        return True
    for node in element.iter("h2", "p"):
        if node is first_paragraph:
            return False
        if node.tag == "h2":
            return True
    return False


def _container_of(matched: list[Any]) -> Any | None:
    """The element holding most of the body's paragraphs, or None when no element holds two."""
    parents = Counter(paragraph.getparent() for paragraph in matched)
    if not parents:
        return None
    element, count = parents.most_common(1)[0]
    return element if count >= 2 else None


def with_sibling_parts(tree: Any, body_lines: list[str]) -> list[str] | None:
    """``body_lines`` with the lines of the article found in sibling containers put after those
    of the container before them, or None when the body has no such siblings."""
    unmarked = [_LINE_MARK.sub("", line) for line in body_lines]
    line_of_key: dict[str, int] = {}
    for index, line in enumerate(unmarked):
        if len(line) >= _LOOKUP_MIN_CHARS:
            line_of_key.setdefault(_short_key(line), index)
    # a paragraph the page prints more than once ("Story continues below …") says nothing of where
    # the body is
    keyed = [(p, _paragraph_key(p)) for p in tree.iter("p")]
    counts = Counter(key for _, key in keyed)
    in_body = [(p, key) for p, key in keyed if key in line_of_key]
    matched = [p for p, key in in_body if counts[key] == 1]
    element = _container_of(matched)
    if element is None:
        return None
    first_paragraph = matched[0]
    body = None  # built only when a container has siblings of its kind
    for _ in range(MAX_LEVELS):
        parent = element.getparent()
        if parent is None or _holds_headline(element, first_paragraph):
            return None
        kind = (element.tag, element.get("class"))
        same = [child for child in parent if child is element or (child.tag, child.get("class")) == kind] \
            if kind[1] else []
        if len(same) - 1 > MAX_SIBLINGS:
            return None
        if len(same) > 1:
            body = body or _Body(unmarked)
            merged = _merge(body_lines, same, in_body, {id(p) for p in matched}, line_of_key, body)
            if merged is not None:
                return merged
        element = parent
    return None


def _merge(body_lines: list[str], containers: list[Any], in_body: list[tuple[Any, str]], unique: set[int],
           line_of_key: dict[str, int], body: _Body) -> list[str] | None:
    """Put each container's new lines after the last body line of the nearest container before
    it that holds body lines; None when no container adds any. A container holds body lines when
    one of its paragraphs is printed once on the page and is in the body (``unique``); its last
    body line may be one the page prints again."""
    position_of = {id(container): position for position, container in enumerate(containers)}
    last_line_in: dict[int, int] = {}
    holds_body: set[int] = set()
    for paragraph, key in in_body:
        position = next((position_of[id(a)] for a in paragraph.iterancestors() if id(a) in position_of), None)
        if position is not None:
            last_line_in[position] = max(last_line_in.get(position, -1), line_of_key[key])
            if id(paragraph) in unique:
                holds_body.add(position)
    last_line_in = {position: line for position, line in last_line_in.items() if position in holds_body}
    if not last_line_in:
        return None
    insertions: dict[int, list[str]] = {}
    anchor = -1  # the last body line so far; no container before the body is read
    for position, container in enumerate(containers):
        if position in last_line_in:
            anchor = max(anchor, last_line_in[position])
            continue
        if anchor < 0:
            continue
        lines = _new_lines(container, body)
        if lines:
            insertions.setdefault(anchor, []).extend(lines)
    if not insertions:
        return None
    merged: list[str] = []
    for index, line in enumerate(body_lines):
        merged.append(line)
        merged.extend(insertions.get(index, ()))
    return merged
