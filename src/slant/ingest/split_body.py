"""The rest of an article that a page splits over sibling containers.

Some sites cut their article markup into several containers of one kind, with a box of links,
an advertisement or a newsletter form between them (``<div class="body__inner-container">``
twice, a newsletter's numbered stories, a slideshow's slides). trafilatura's main extractor
keeps the container that holds most of the text, so the rest of the article is lost.
:func:`sibling_parts` finds the container the extracted paragraphs came from and reads the
paragraphs of its siblings of the same tag and class, a few levels up at most.

A sibling is read only when it looks like more of the same article: no headline of its own
(a next article loaded below), no form (comments, newsletters, shop reviews), links for at
most a third of its text (related-article teasers), and at least one paragraph of prose. What
it gives still goes through the leftover patterns, as the body does.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

# Elements read as one block each; a <p> inside a list item is read with the item.
_BLOCK_TAGS = frozenset({"p", "h2", "h3", "h4", "li", "blockquote"})
# How many characters of a paragraph identify it.
_KEY_CHARS = 60
# Only extracted lines at least this long are looked up among the page's <p> elements: a short
# line ("Photo", "Advertisement") is found in too many places to say where the body is.
_LOOKUP_MIN_CHARS = 40
# How far above the body's container a container of the same kind is looked for.
MAX_LEVELS = 3
MAX_LINK_SHARE = 0.3
# More containers of one kind than this make a listing (an archive, a feed), not an article in
# parts; a slideshow article runs to about a hundred.
MAX_SIBLINGS = 200
# A sibling must hold at least one paragraph of this many characters that ends a sentence.
MIN_PROSE_CHARS = 120
_LINE_MARK = re.compile(r"^(?:[-•*>]\s+|#+\s+|\|\s*)")
_SENTENCE_END = re.compile(r"[.!?…][\"'»”’)]*$")
_FORM_TAGS = ("form", "input", "textarea", "select", "button")


def _spaced(text: str) -> str:
    return " ".join(text.split())


def _flat(text: str) -> str:
    """Comparison form: no Markdown marks or table bars, spacing and case ignored."""
    return _spaced(re.sub(r"[*_`|]", " ", text)).casefold()


def _blocks(element: Any) -> list[tuple[str, str]]:
    """(tag, text) of each block in ``element``, in document order."""
    found = []
    for node in element.iter(*_BLOCK_TAGS):
        if node.tag == "li" and node.find(".//p") is not None:
            continue
        if node.tag != "li" and any(ancestor.tag == "li" for ancestor in node.iterancestors()):
            continue
        text = _spaced(node.text_content())
        if text:
            found.append((node.tag, text))
    return found


def _link_share(element: Any) -> float:
    total = len(_spaced(element.text_content()))
    linked = sum(len(_spaced(anchor.text_content())) for anchor in element.iter("a"))
    return linked / total if total else 1.0


def _new_blocks(sibling: Any, body: str) -> list[str]:
    """The blocks of ``sibling`` that are not already in ``body``, or none when the sibling
    does not look like more of the article."""
    if sibling.find(".//h1") is not None or next(sibling.iter(*_FORM_TAGS), None) is not None:
        return []
    if _link_share(sibling) > MAX_LINK_SHARE:
        return []
    found = [(tag, text) for tag, text in _blocks(sibling) if _flat(text)[:_KEY_CHARS] not in body]
    if not any(tag == "p" and len(text) >= MIN_PROSE_CHARS and _SENTENCE_END.search(text) for tag, text in found):
        return []
    return list(dict.fromkeys(text for _, text in found))


def sibling_parts(tree: Any, body_lines: list[str]) -> tuple[list[str], list[str]] | None:
    """Blocks of the article found in sibling containers of the body's, as (those before the
    body, those after it), or None when the body has no such siblings."""
    body_lines = [_LINE_MARK.sub("", line) for line in body_lines]
    keys = {_flat(line)[:_KEY_CHARS] for line in body_lines if len(line) >= _LOOKUP_MIN_CHARS}
    if len(keys) < 2:
        return None
    matched = [p for p in tree.iter("p") if _flat(p.text_content())[:_KEY_CHARS] in keys]
    parents = Counter(p.getparent() for p in matched)
    if not parents:
        return None
    element, count = parents.most_common(1)[0]
    if element is None or count < 2:
        return None
    body = _flat("\n".join(body_lines))
    for _ in range(MAX_LEVELS):
        parent = element.getparent()
        if parent is None:
            return None
        kind = (element.tag, element.get("class"))
        if kind[1]:
            children = list(parent)
            position = children.index(element)
            same = [(index, sibling) for index, sibling in enumerate(children)
                    if sibling is not element and (sibling.tag, sibling.get("class")) == kind]
            if len(same) > MAX_SIBLINGS:
                return None
            before: list[str] = []
            after: list[str] = []
            for index, sibling in same:
                (before if index < position else after).extend(_new_blocks(sibling, body))
            if before or after:
                return before, after
        element = parent
    return None
