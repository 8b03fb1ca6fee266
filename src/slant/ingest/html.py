"""Main text and metadata of a news HTML page, via trafilatura, plus slant's own clean-up.

trafilatura does the heavy lifting (boilerplate removal, metadata). On top of it:

* precision first: ``favor_precision=True`` keeps related-article teasers and widgets out,
  and ``fast=True`` runs only trafilatura's main extractor, at half the cost of the full
  cascade; when that leaves too little text for the page, one balanced-mode run (the full
  cascade) on the same parsed tree rescues the body. About one page in ten needs it, so
  extraction is more accurate than one plain trafilatura run at about its cost. When the body
  is a modest share of the page's text outside links (an article written in ``<div>`` rather
  than ``<p>``, where the main extractor often keeps only the lead), the full cascade runs
  in precision mode, which compares the body with readability's and jusText's. A second run
  whose longer text is mostly the page's link texts (menus, related headlines) is set aside;
  whichever body is chosen, the other stands in when it holds nothing once cleaned;
* an article the page splits over sibling containers of one kind (a box of links or an
  advertisement between its parts) is read whole: :mod:`slant.ingest.split_body` adds what the
  containers after the chosen body's hold;
* the standfirst the page prints under its headline, outside the article's container, goes
  before the body (:mod:`slant.ingest.standfirst`), found by the page's own description;
* lines trafilatura keeps but that are scrape leftovers (captions, calls to action, "read
  more" headlines, cookie notes) are dropped with ``slant.ingest.leftovers.is_leftover`` and
  recorded in ``removed``;
* lines that are each a whole link of the page, two or more in a row, are a list of links
  (related articles, a section menu, a tag cloud), not prose, and are dropped;
* the title is kept out of the body: a first paragraph repeating it is dropped;
* a sign-up or paywall line followed only by a few short lines (its offers and buttons) closes
  the body with them.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from copy import deepcopy
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from lxml.etree import XPath, iterwalk

from slant.doc.article import Metadata, Removed
from slant.errors import BadInputError
from slant.ingest.leftovers import (
    AUTHOR_BOX,
    NAVIGATION,
    SUBSCRIPTION,
    body_removals,
    is_contents_heading,
    is_leftover,
    trailing_author_boxes,
)
from slant.ingest.markup import markup_start
from slant.ingest.split_body import comparison_key, text_key, with_sibling_parts
from slant.ingest.standfirst import loose_key, with_standfirst

logger = logging.getLogger(__name__)

# Precision output shorter than this (characters) triggers the balanced-mode rescue...
RESCUE_BELOW_CHARS = 400
# ...as does output covering less than this share of the page's paragraph text (precision
# mode sometimes keeps only the lead of a long article)...
RESCUE_PAGE_SHARE = 0.3
# ...when it is shorter than this. A body this long is a short report, not a fragment: sized
# against the page's paragraph text it would call for the rescue wherever the page prints other
# text in paragraphs, and the rescue takes that in (teasers, a menu, a paywall's box: on the
# labelled pages of bench/bodies/, each of the five pages with such a body on which the rescue
# ran lost by it; docs/experiments.md). Such a body may still get the full cascade below.
RESCUE_SIZED_BELOW_CHARS = 1000
# Outputs at least this long never get the full cascade (nor, being over the limit above, the rescue).
SECOND_RUN_BELOW_CHARS = 3000
# A precision output under this share of the page's text outside links gets the full
# precision cascade (trafilatura's comparison with readability and jusText).
FULL_CASCADE_PAGE_SHARE = 0.3
# A body that cleans down to fewer characters than this (about two sentences) after every other
# run is nearly nothing, so trafilatura's recall mode gets a last run. Of the 1,033 pages of the
# extraction set it fires on one (whose runs kept only a footer slogan, twice); a limit of 800
# would also take it on a paywalled report whose 631-character standfirst is its body, so the
# limit rests on two pages (docs/experiments.md, "The recall run as a last resort").
RECALL_BELOW_CHARS = 300
# ...and its body replaces theirs only when more than this many times as long.
RECALL_MIN_GAIN = 2.0
# A second run's result replaces the fast precision one only when it is clearly longer...
SECOND_RUN_MIN_GAIN = 1.2
# ...and only when links make up at most this share of it: a longer text that is mostly the
# page's link texts took in menus and related headlines, not the rest of a short article.
SECOND_RUN_MAX_LINK_SHARE = 0.5
# A sign-up or paywall line followed only by this many lines or fewer, each shorter than this
# many words, closes the body with its box: the lines are its offers, buttons and prompts.
SIGN_UP_BOX_MAX_LINES = 12
SIGN_UP_BOX_MAX_WORDS = 15


_PARAGRAPH_TEXT = XPath("//p//text()")
# Containers a page names as standing beside its article: a sidebar, the next posts' teasers,
# related or recommended stories. The precision run leaves them out; the balanced rescue's last
# resort (every <p> of the page) reads them in, so the rescue runs on a copy of the page without
# them. Whole class tokens or ids only: "sidebar_right" on a layout wrapper, "post-related" on
# an article's own box and Next.js's "__next" root are not such containers.
_SIDE_CONTAINER_NAME = re.compile(
    r"side-?bar|aside(?:-?content)?|next-?(?:posts?|stor(?:y|ies)|articles?)(?:-?thumbnails)?|read-?next|"
    r"(?:jp-|yarpp-|crp-)?related(?:-?(?:posts?|stories|articles?|news|content|links|items))?|"
    r"recommended(?:-?(?:posts?|stories|articles?|news|content|reading))?|"
    r"more-?(?:stories|posts|articles|news)|most-?(?:read|popular)|(?:most-?)?popular-?(?:posts|stories|articles)"
)
_NAMED_ELEMENTS = XPath("//body//*[@class or @id]")
_FIRST_HEADLINE = XPath("(//body//h1)[1]")
# A container holding the body found so far is the article's, whatever its name: it is known by
# the first characters of the body's longest line (compared as split_body compares lines), when
# that line is long enough to be the page's own and the page holds it...
_ANCHOR_CHARS = 60
_ANCHOR_MIN_CHARS = 30
# ...and otherwise by holding more than this share of the page's <p> text.
SIDE_CONTAINER_MAX_SHARE = 0.5
_OWN_PARAGRAPH_TEXT = XPath(".//p//text()")
# Text a reader sees outside links and page chrome: the page's size when its article is not in <p>.
_UNLINKED_TEXT = XPath(
    "//body//text()[not(ancestor::script or ancestor::style or ancestor::*[@href] or ancestor::nav "
    "or ancestor::header or ancestor::footer)]"
)
# Links are <a> elements, and custom elements (web components) that carry an href.
_LINKS = XPath("//body//*[@href]")
_LIST_MARK = re.compile(r"^[-•*]\s+")
LINK_LIST = "link list"
# libxml2 stops at 256 nested elements and drops the rest of the page; broken pages reach that
# with tags that never close (a <div> or <font> per item). Such a page is parsed again with
# its layout and inline-format tags removed, which keeps their text.
MAX_PARSED_DEPTH = 250
_FEED_ROOT = re.compile(r"<(?:rss|rdf:RDF|feed)\b", re.IGNORECASE)
# How far into a document its root element is looked for.
_PROLOG_SCAN_CHARS = 65536


def _is_feed(html: str) -> bool:
    """Whether the document's root element is an RSS, RDF or Atom feed's."""
    head = html[:_PROLOG_SCAN_CHARS]
    return bool(_FEED_ROOT.match(head, markup_start(head, doctype=True)))


_TOO_DEEP = XPath(f"boolean(//*[count(ancestor::*) >= {MAX_PARSED_DEPTH}])")
_LAYOUT_TAGS = re.compile(r"</?(?:div|span|font|center|b|i|u|em|strong|small|big)\b[^>]*>", re.IGNORECASE)
# "<script …/>": browsers ignore the slash and read what follows as the script up to its
# "</script>"; libxml2 closes the element there and would print the code as text.
# Only where plain code follows up to a "</script>": a page saved as XML or XHTML, or an SVG
# inside the page, closes its scripts with the slash and goes on with markup.
_SELF_CLOSED_SCRIPT = re.compile(r"<script\b([^<>]*?)/>(?=(?:[^<]|<(?![a-zA-Z/!?]))*</script>)", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"\s*<\?xml\b")


@dataclass(slots=True)
class ExtractedPage:
    """What :func:`extract` found on a page: title, body paragraphs, metadata, dropped lines."""

    title: str | None
    paragraphs: list[str]
    metadata: Metadata = field(default_factory=Metadata)
    removed: list[Removed] = field(default_factory=list)
    # Which trafilatura run produced the body: "precision", "full-precision", "balanced-rescue" or "recall".
    mode: str = "precision"


def _lines(text: str | None) -> list[str]:
    if not text:
        return []
    return [line.strip() for line in text.split("\n") if line.strip()]


def _paragraph_text_length(tree: Any) -> int:
    """Rough size of the page's running text, to judge whether the extraction is too short.

    The text inside ``<p>`` elements, by one XPath query: a fiftieth of the cost of
    trafilatura's ``html2txt``, and on news pages it tracks the article size as well.
    """
    try:
        return sum(len(piece) for piece in _PARAGRAPH_TEXT(tree))
    except Exception:  # a sizing heuristic must never fail the extraction
        return 0


def _looks_short(body_text: str, tree: Any) -> bool:
    """Whether the precision output is too short for the page, so a rescue run is worth it."""
    if len(body_text) < RESCUE_BELOW_CHARS:
        return True
    # Only modest outputs are worth sizing the page for.
    if len(body_text) >= RESCUE_SIZED_BELOW_CHARS:
        return False
    return len(body_text) < RESCUE_PAGE_SHARE * _paragraph_text_length(tree)


def _looks_partial(body_text: str, tree: Any) -> bool:
    """Whether a precision output that did not call for the rescue (:func:`_looks_short`) still
    covers little of the text outside links (an article laid out in ``<div>`` elements)."""
    if len(body_text) >= SECOND_RUN_BELOW_CHARS:
        return False
    try:
        unlinked = sum(len(piece.strip()) for piece in _UNLINKED_TEXT(tree))
    except Exception:  # a sizing heuristic must never fail the extraction
        return False
    return len(body_text) < FULL_CASCADE_PAGE_SHARE * unlinked


def link_texts(tree: Any) -> set[str]:
    """The page's link texts, as :func:`_link_key` compares lines with them."""
    texts = set()
    for anchor in _LINKS(tree):
        try:
            key = _link_key(anchor.text_content())
        except ValueError:  # lxml refuses text it cannot decode; such a link cannot match a line
            continue
        if key:
            texts.add(key)
    return texts


def _link_key(text: str) -> str:
    return " ".join(_LIST_MARK.sub("", text.strip()).split()).casefold()


def _authors(value: str | None) -> list[str]:
    if not value:
        return []
    return [name.strip() for name in re.split(r";|\n", value) if name.strip()]


def _is_side_container(element: Any) -> bool:
    names = [*(element.get("class") or "").split(), element.get("id") or ""]
    return any(_SIDE_CONTAINER_NAME.fullmatch(name.replace("_", "-").casefold()) for name in names if name)


def without_side_containers(tree: Any, body_text: str) -> Any:
    """A copy of the page without the containers it names as beside its article
    (:data:`_SIDE_CONTAINER_NAME`), or the page itself when it names none. A container that holds
    the page's first ``<h1>`` or the longest line of ``body_text`` (the body found so far) stays;
    where that line is not found on the page, one that holds most of its paragraph text does.
    Teaser cards are often ``<article>`` elements, so holding one says nothing."""
    side = [element for element in _NAMED_ELEMENTS(tree) if _is_side_container(element)]
    if not side:
        return tree
    headlines = _FIRST_HEADLINE(tree)
    holders = set(headlines[0].iterancestors()) if headlines else set()
    lines = _lines(body_text)
    anchor = comparison_key(max(lines, key=len))[:_ANCHOR_CHARS] if lines else ""
    try:
        anchor_element = _element_holding(tree.find("body"), anchor) if len(anchor) >= _ANCHOR_MIN_CHARS else None
    except Exception:  # lxml refuses text it cannot decode: the page's size decides instead
        anchor_element = None
    if anchor_element is not None:
        holders |= {anchor_element, *anchor_element.iterancestors()}
    else:
        page_text = _paragraph_text_length(tree)

        def holds_most_text(element: Any) -> bool:
            try:
                return sum(len(piece) for piece in _OWN_PARAGRAPH_TEXT(element)) > SIDE_CONTAINER_MAX_SHARE * page_text
            except Exception:  # lxml refuses text it cannot decode: such a container stays
                return True

        holders |= {element for element in side if holds_most_text(element)}
    marked = {element for element in side if element not in holders}
    if not marked:
        return tree
    copy = deepcopy(tree)
    # A deep copy lists its elements in the page's document order, so the two walks pair up.
    for element in [copied for original, copied in zip(tree.iter(), copy.iter(), strict=True) if original in marked]:
        element.drop_tree()
    return copy


def _element_holding(body: Any, anchor: str) -> Any:
    """The innermost element whose text holds the start of ``anchor`` (a
    :func:`~slant.ingest.split_body.comparison_key`), or None when the page's text does not hold
    it. One pass over the page's text pieces, so that nested containers cost no more than flat ones."""
    if body is None or not anchor:
        return None
    keys: list[str] = []
    owners: list[Any] = []
    for event, element in iterwalk(body, events=("start", "end")):
        is_element = isinstance(element.tag, str)
        piece, owner = ((element.text if is_element else None), element) if event == "start" else \
            (element.tail if element is not body else None, element.getparent())
        if piece:
            keys.append(text_key(piece))
            owners.append(owner)
    starts = list(accumulate((len(key) for key in keys), initial=0))
    found = "".join(keys).find(anchor)
    if found < 0:
        return None
    return owners[bisect_right(starts, found) - 1]


def _run(tree: Any, url: str | None, *, precision: bool, fast: bool = True, recall: bool = False) -> Any:
    """One trafilatura run: fast precision mode (main extractor only), the full precision
    cascade (``fast=False``: the comparison with readability and jusText), the full balanced
    cascade (with recall escalation) for the rescue, or (``recall=True``) the recall mode's full
    cascade, a last resort."""
    from trafilatura import bare_extraction

    if recall and precision:
        raise ValueError("a trafilatura run favours precision or recall, not both")

    return bare_extraction(
        tree,
        url=url,
        fast=precision and fast,
        favor_precision=precision,
        favor_recall=recall,
        include_comments=False,
        include_tables=True,
        with_metadata=False,  # page_metadata does it once, without the fields slant has no use for
        deduplicate=False,
    )


def page_metadata(tree: Any, url: str | None) -> tuple[str | None, Metadata]:
    """Title and metadata of a parsed page: trafilatura's ``extract_metadata`` steps, minus the
    categories, tags and licence slant does not use, and with htmldate's quick date search.

    Extensive date search runs dateparser over the page text and costs more than the whole
    extraction; on news pages the markup (meta tags, JSON-LD, ``<time>``, URL) has the date.
    """
    from trafilatura.metadata import (
        META_URL,
        examine_meta,
        extract_domain,
        extract_meta_json,
        extract_sitename,
        extract_title,
        extract_url,
        find_date,
    )
    from trafilatura.settings import set_date_params

    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None  # a single token is a handle or a site name, not a byline
    try:
        metadata = extract_meta_json(tree, metadata)
    except Exception as exc:  # trafilatura's JSON-LD reader trips over odd markup
        logger.debug("JSON-LD metadata unreadable: %s", exc)
    if not metadata.title:
        metadata.title = extract_title(tree)
    # No byline search in the page body when the markup names no author: trafilatura's
    # extract_author costs more than the rest of the metadata together (about 20 ms a page).
    if url:
        metadata.url = url  # the caller's URL wins; no need to look for a canonical link
    elif not metadata.url:
        metadata.url = extract_url(tree, url)
    page_url = url or metadata.url
    if metadata.url:
        metadata.hostname = extract_domain(metadata.url, fast=True)
    date_params = set_date_params(extensive=False)
    date_params["url"] = page_url
    try:
        published = find_date(tree, **date_params)
    except Exception as exc:  # htmldate is best effort
        logger.debug("date search failed: %s", exc)
        published = None
    if not metadata.sitename:
        metadata.sitename = extract_sitename(tree)
    site = metadata.sitename.lstrip("@") if metadata.sitename else None
    if not site and page_url:
        match = META_URL.match(page_url)
        site = match[1] if match else None
    metadata.clean_and_trim()
    title = (metadata.title or "").strip() or None
    return title, Metadata(
        url=url or metadata.url,
        site=site or metadata.hostname,
        published=published,
        authors=_authors(metadata.author),
    )


# A <noscript> holding more text than this is not a notice: it is the page's own fallback copy
# of the article (blog platforms that render with JavaScript put the post there), or an unclosed
# tag inside it has swallowed the rest of the page.
NOSCRIPT_NOTICE_MAX_CHARS = 1000


def _drop_noscript(tree: Any) -> None:
    """Drop <noscript> notices ("enable JavaScript") and tracking pixels, never the article:
    left in, they become the "body" of script-rendered pages. A <noscript> that holds a long
    text is unwrapped instead, and its text is read with the rest of the page."""
    for element in list(tree.iter("noscript")):
        if len(element.text_content()) > NOSCRIPT_NOTICE_MAX_CHARS:
            element.drop_tag()
        else:
            element.drop_tree()


def _in_link_runs(lines: list[str], links: set[str]) -> list[bool]:
    """Which lines are a whole link of the page next to another such line: a link list, which
    :func:`clean_paragraphs` drops."""
    is_link = [bool(links) and _link_key(line) in links for line in lines]
    return [link and ((index > 0 and is_link[index - 1]) or (index + 1 < len(lines) and is_link[index + 1]))
            for index, link in enumerate(is_link)]


_MIN_LINK_KEY_CHARS = 4  # "Top", "1", "in": link texts too short to tell a menu from prose


def _link_share(text: str, links: set[str]) -> float:
    """The share of ``text``'s characters in whole words of the page's link texts
    (:func:`link_texts`), leaving out the link lists the cleaning drops; 1.0 when nothing else
    is left."""
    lines = _lines(text)
    flat = _link_key(" ".join(line for line, listed in zip(lines, _in_link_runs(lines, links), strict=True)
                              if not listed))
    if not flat:
        return 1.0
    covered = bytearray(len(flat))
    for link in links:
        if len(link) < _MIN_LINK_KEY_CHARS or link not in flat:
            continue
        for match in re.finditer(rf"(?<!\w){re.escape(link)}(?!\w)", flat):
            covered[match.start():match.end()] = b"\x01" * len(link)
    return sum(covered) / len(flat)


def _glues_the_same_lines(second_text: str, body_text: str) -> bool:
    """Whether a second run found no line the fast precision run lacks, only the same lines run
    together with what stands around them: on a post whose text holds no block elements, the
    balanced run gives the post's title, date, share buttons and author line in one line with
    its sentences. Fewer lines, not as many: a first run of one line inside a second run's one
    line may be a caption inside a whole article written without paragraphs."""
    first_lines, second_lines = _lines(body_text), _lines(second_text)
    return (bool(first_lines) and len(second_lines) < len(first_lines)
            and all(line in second_text for line in first_lines))


def _recall_body(tree: Any, precision_text: str, url: str | None, paragraphs: list[str], title: str | None,
                 language: str | None, links: set[str]) -> tuple[list[str], list[Removed]] | None:
    """The cleaned body of trafilatura's recall mode over the page without its side containers,
    when the other runs left next to nothing (:data:`RECALL_BELOW_CHARS`): taken when it is more
    than twice the kept body and at least that limit long, not mostly links, and not merely those
    lines run together with their surroundings. It is not joined with sibling containers or a
    standfirst as the other bodies are: the recall mode reads widely enough on its own."""
    document = _run(without_side_containers(tree, precision_text), url, precision=False, recall=True)
    text = (document.text if document is not None else "") or ""
    if not text or _link_share(text, links) > SECOND_RUN_MAX_LINK_SHARE or _glues_the_same_lines(text, "\n".join(paragraphs)):
        return None
    recalled, removed = clean_paragraphs(_lines(text), title, language=language, links=links)
    kept = sum(len(line) for line in paragraphs)
    if sum(len(line) for line in recalled) <= max(RECALL_MIN_GAIN * kept, RECALL_BELOW_CHARS):
        return None
    logger.debug("the other runs kept %d characters; using the recall run's body", kept)
    return recalled, removed


def _bodies(body_text: str, mode: str, document: Any, second_mode: str, links: set[str]) -> list[tuple[str, str]]:
    """The bodies to try, best first, with their modes: the second run's when it is clearly
    longer than the first's and not mostly links, else the first's; the other one after it, for
    a page whose chosen body cleans down to nothing."""
    second_text = (document.text if document is not None else "") or ""
    if len(second_text) <= SECOND_RUN_MIN_GAIN * len(body_text) + 20:
        return [(body_text, mode)]
    if _glues_the_same_lines(second_text, body_text):
        logger.debug("the %s run runs the fast precision body's lines together with their surroundings; "
                     "keeping the fast precision body", second_mode)
        return [(body_text, mode), (second_text, second_mode)]
    if _link_share(second_text, links) > SECOND_RUN_MAX_LINK_SHARE:
        logger.debug("the %s run's body is mostly link texts; keeping the fast precision body", second_mode)
        return [(body_text, mode), (second_text, second_mode)]
    logger.debug("fast precision body %d chars; using the %s run's (%d)", len(body_text), second_mode,
                 len(second_text))
    return [(second_text, second_mode), (body_text, mode)]


def extract(html: str | bytes, url: str | None = None, *, language: str | None = None) -> ExtractedPage:
    """Extract title, body paragraphs, metadata and removed lines from one HTML page.

    Raises :class:`SlantError` when the input is not HTML or holds no readable text.
    """
    from trafilatura import load_html

    if isinstance(html, bytes):
        from slant.ingest.encoding import decode

        html, _ = decode(html)
    if not html or not html.strip():
        raise BadInputError("the HTML page is empty; check that the file was saved completely")
    if _is_feed(html):
        raise BadInputError("this is a news feed (RSS or Atom), not an article page; pass the pages its "
                            "items link to, or their text")
    if not _XML_DECLARATION.match(html):
        html = _SELF_CLOSED_SCRIPT.sub(r"<script\1>", html)
    try:
        tree = load_html(html)
    except Exception as exc:  # lxml can raise on pathological markup
        raise BadInputError(f"could not parse the HTML ({exc}); check that it is an HTML page") from exc
    if tree is None:
        raise BadInputError("could not parse the input as HTML; check that it is an HTML page, not another format")
    if _TOO_DEEP(tree):
        logger.warning("the page nests elements over %d deep (unclosed tags); parsing it again without "
                       "its <div>, <span> and inline-format tags", MAX_PARSED_DEPTH)
        flattened = load_html(_LAYOUT_TAGS.sub(" ", html))
        if flattened is not None:
            tree = flattened

    _drop_noscript(tree)
    # bare_extraction copies a parsed tree before pruning it, so one parse serves every run.
    document = _run(tree, url, precision=True)
    body_text = precision_text = (document.text if document is not None else "") or ""
    links = link_texts(tree)
    bodies = [(body_text, "precision")]
    if _looks_short(body_text, tree):
        bodies = _bodies(body_text, "precision", _run(without_side_containers(tree, body_text), url, precision=False),
                         "balanced-rescue", links)
    elif _looks_partial(body_text, tree):
        bodies = _bodies(body_text, "precision", _run(tree, url, precision=True, fast=False), "full-precision",
                         links)

    title, metadata = page_metadata(tree, url)
    for body_text, body_mode in bodies:
        body_lines = _lines(body_text)
        try:
            whole = with_sibling_parts(tree, body_lines)
        except ValueError:  # lxml refuses text it cannot decode; the body stays as trafilatura gave it
            whole = None
        if whole is not None:
            logger.debug("the article goes on in sibling containers: %d more lines", len(whole) - len(body_lines))
            body_lines = whole
        try:
            standfirst = with_standfirst(tree, body_lines, title)
        except ValueError:  # lxml refuses text it cannot decode; the body goes on without it
            standfirst = None
        if standfirst is not None:
            logger.debug("the page prints a standfirst above the body")
            body_lines = standfirst
        paragraphs, removed = clean_paragraphs(body_lines, title, language=language, links=links)
        mode = body_mode
        if paragraphs:
            break
    if sum(len(paragraph) for paragraph in paragraphs) < RECALL_BELOW_CHARS:
        recalled = _recall_body(tree, precision_text, url, paragraphs, title, language, links)
        if recalled is not None:
            paragraphs, removed = recalled
            mode = "recall"
    if not paragraphs:
        raise BadInputError(
            "found no article text in the HTML page (it may be empty, script-rendered or not an article); "
            "save the page after it has rendered, or pass its text as a .txt file"
        )
    return ExtractedPage(title=title, paragraphs=paragraphs, metadata=metadata, removed=removed, mode=mode)


def _is_sign_up_box(lines: list[str]) -> bool:
    """Whether the lines after a sign-up or paywall line that closes the body are the rest of its
    box: a few short lines ("créez votre compte", "Ou si vous avez déjà un compte,", "1€"), none
    of them a sentence of prose."""
    return 0 < len(lines) <= SIGN_UP_BOX_MAX_LINES and all(len(line.split()) < SIGN_UP_BOX_MAX_WORDS for line in lines)


# "Headline | Site", "Headline - Section - Site": the parts of a page's <title>.
_TITLE_SEPARATORS = re.compile(r" (?:\||-|–|—|::|·|») ")
# A part with fewer letters is the site's or the section's name, not the headline.
_TITLE_PART_MIN_CHARS = 15


def _title_keys(title: str | None) -> set[str]:
    """The letters-only keys a copy of the headline may have: the whole title and each of its
    long parts (the title without the site's name)."""
    if not title:
        return set()
    keys = {loose_key(part) for part in _TITLE_SEPARATORS.split(" ".join(title.split()))}
    return {key for key in keys if len(key) >= _TITLE_PART_MIN_CHARS} | ({loose_key(title)} - {""})


def clean_paragraphs(lines: list[str], title: str | None, *, language: str | None = None,
                     links: set[str] | None = None) -> tuple[list[str], list[Removed]]:
    """Drop a copy of the title among the first lines, runs of lines that are each a whole link of the page
    (``links``: :func:`link_texts`), and scrape-leftover lines; say why each went."""
    removed: list[Removed] = []
    kept: list[str] = []
    title_keys = _title_keys(title)
    in_link_run = _in_link_runs(lines, links or set())
    kept_before_sign_up: int | None = None  # how many lines were kept when the first sign-up line came
    for index, line in enumerate(lines):
        if title_keys and index < 3 and loose_key(line) in title_keys:
            removed.append(Removed(line, "title repeated in body"))
            continue
        # On its own a link line may be a sentence that is all link; in a run it is a link list.
        if in_link_run[index]:
            removed.append(Removed(line, LINK_LIST))
            continue
        # trafilatura renders table rows as "| a | b |"; they are data, never page furniture.
        is_table_row = line.startswith("|") and line.endswith("|")
        reason = is_leftover(line, language) if not is_table_row else None
        if reason is None and not is_table_row and is_contents_heading(line):
            reason = NAVIGATION
        if reason:
            removed.append(Removed(line, reason))
            if reason == SUBSCRIPTION and kept_before_sign_up is None:
                kept_before_sign_up = len(kept)
            continue
        kept.append(line)
    if kept_before_sign_up and _is_sign_up_box(kept[kept_before_sign_up:]):
        removed.extend(Removed(line, SUBSCRIPTION) for line in kept[kept_before_sign_up:])
        del kept[kept_before_sign_up:]
    for index, reason in body_removals(kept):
        removed.append(Removed(kept.pop(index), reason))
    for _ in range(trailing_author_boxes(kept)):
        removed.append(Removed(kept.pop(), AUTHOR_BOX))
    return kept, removed
