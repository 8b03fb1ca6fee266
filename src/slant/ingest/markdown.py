"""Markdown scrapes: the text a reader sees, line by line, and which of it was link text.

Scrapers and "reader" services increasingly hand over a page as Markdown (html2text, Jina
Reader, Firecrawl and the like): menus become lists of ``[Home](/)`` links, images ``![alt](src)``
and headlines ``# …``. Read as plain text, that syntax would reach the models and the report
(URLs inside sentences, ``**`` around words). ``strip_markdown`` turns each input line into the
text it shows, so line numbers stay the input's, and measures how much of each line was link
text: a line that is nothing but links is a menu entry or a teaser, which is what a plain dump
cannot tell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A link target: a path, an anchor, a URL or <anything>, with an optional "title". Converters
# leave spaces in URLs and wrap lines inside them; a blank line ends any inline construct.
_TARGET = r"(?:[^()\n]|\n(?![ \t]*\n)|\([^()\n]*\)){0,2000}"
# Link text may hold one level of brackets and run over lines: converters write a link around
# block elements (a teaser's picture, headline and source) with blank lines inside it.
_LINK_TEXT = r"(?:[^\[\]\\]|\\.|\[[^\[\]\n]*\]){0,1000}"
_INLINE = re.compile(
    r"(?P<image>!\[" + _LINK_TEXT + r"\]\(" + _TARGET + r"\))"
    r"|\[(?P<link>" + _LINK_TEXT + r")\](?:\(" + _TARGET + r"\)|\[[^\[\]\n]*\])"
    r"|<(?P<auto>(?:https?://|mailto:|www\.)[^<>\s]+)>"
)

# What marks a text as Markdown rather than prose that happens to hold a bracket: links with a
# target, and "#" headings; a dump of a page with shell code has "# comments" too, so at least
# one link is asked for.
_LINK_EVIDENCE = re.compile(r"\]\((?:https?://|/|#|mailto:|\.{0,2}/)[^\s()]*\)")
_HEADING_EVIDENCE = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+\S", re.MULTILINE)
MIN_EVIDENCE = 3
MIN_EVIDENCE_SHARE = 0.02  # of the non-blank lines

_REFERENCE_DEFINITION = re.compile(r"^\s{0,3}\[[^\]\n]+\]:\s*\S+.*$")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_SETEXT_UNDERLINE = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")
_RULE = re.compile(r"^\s{0,3}(?:(?:[-*_=]\s*){3,}|[=-]+)\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_FENCE = re.compile(r"^\s*(?:```|~~~)[\w+-]*\s*$")
_BLOCK_PREFIX = re.compile(r"^\s*(?:>\s?)+|^\s*(?:[*+-]|\d{1,3}[.)])\s+(?:\[[ xX]\]\s+)?")
# Emphasis runs a few hundred characters at most, which also keeps a line of stray asterisks
# from being searched to its end from every one of them.
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.{1,300}?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![\w*\\])\*(?=[^\s*])(.{1,300}?)(?<=[^\s*\\])\*(?![\w*])"
                       r"|(?<![\w\\])_(?=[^\s_])(.{1,300}?)(?<=[^\s_\\])_(?!\w)")
_CODE = re.compile(r"`+([^`\n]+?)`+")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<])")
_TABLE_CELL_BAR = re.compile(r"\s*\|\s*")
_MARKUP_CHARACTERS = re.compile(r"[\s*_`]")
_MARKUP_ONLY = re.compile(r"^[\s*_`~]*$")


@dataclass(slots=True)
class MarkdownLines:
    """One entry per input line: the text it shows, its share of link text and its heading level.

    A paragraph written over several lines is shown on its first line; its other lines are empty.
    """

    lines: list[str]
    link_shares: list[float]
    heading_levels: list[int]
    # A reader service's header ("Title: …", "URL Source: …", "Markdown Content:"): its title,
    # and the indices of its lines, which are metadata.
    header_title: str | None = None
    header_lines: frozenset[int] = frozenset()


def looks_like_markdown(text: str) -> bool:
    """Links with targets, and ``#`` headings, on enough lines that the text is Markdown; or a
    reader service's header above it."""
    if _reader_header(text.split("\n", HEADER_SEARCH_LINES)[:HEADER_SEARCH_LINES])[1]:
        return True
    if _LINK_EVIDENCE.search(text) is None:
        return False
    evidence = len(_LINK_EVIDENCE.findall(text)) + len(_HEADING_EVIDENCE.findall(text))
    non_blank = text.count("\n") + 1 - len(re.findall(r"^[ \t]*$", text, re.MULTILINE))
    return evidence >= max(MIN_EVIDENCE, MIN_EVIDENCE_SHARE * non_blank)


# Markdown joins the lines of a paragraph; where the writer did not part blocks by blank lines
# (a dump with a few links in it), every line is taken as a block of its own.
MIN_BLANK_PARTED_SHARE = 0.2  # of the non-blank lines that a blank line follows


def strip_markdown(lines: list[str]) -> MarkdownLines:
    """The visible text of each Markdown line; links keep their text, images and rules go."""
    heading_levels = [0] * len(lines)
    # whether a line may carry on the paragraph of the line above (it starts no block of its
    # own), and whether the paragraph may go on after it (no heading, hard break or code)
    continues = [False] * len(lines)
    open_after = [False] * len(lines)
    list_items = [False] * len(lines)
    prefixed: list[str] = []
    in_fence = in_indented_code = in_item = False
    for index, line in enumerate(lines):
        if _FENCE.match(line):
            in_fence = not in_fence
            prefixed.append("")
            continue
        blank_before = index == 0 or not lines[index - 1].strip()
        if line.startswith(("    ", "\t")) and (blank_before or in_indented_code):
            in_indented_code = True  # a code block: its lines stay apart
            prefixed.append(line)
            continue
        in_indented_code = False
        if in_fence or not line.strip():
            prefixed.append(line if in_fence else "")
            in_item = in_item and in_fence
            continue
        if _REFERENCE_DEFINITION.match(line) or _RULE.match(line) or _TABLE_RULE.match(line):
            prefixed.append("")
            continue
        stripped = _BLOCK_PREFIX.sub("", line, count=1)
        starts_block = stripped != line
        list_items[index] = starts_block and not line.lstrip().startswith(">")
        heading = _HEADING.match(stripped)
        if heading:
            heading_levels[index] = len(heading.group(1))
            stripped = heading.group(2)
        elif not starts_block and index + 1 < len(lines) and _SETEXT_UNDERLINE.match(lines[index + 1]):
            heading = _SETEXT_UNDERLINE.match(lines[index + 1])
            heading_levels[index] = 1 if heading.group(0).strip()[0] == "=" else 2
        table_row = "|" in stripped and (stripped.lstrip().startswith("|") or stripped.rstrip().endswith("|"))
        if table_row:
            stripped = _TABLE_CELL_BAR.sub(" | ", stripped.strip().strip("|")).strip()
        # a list item goes on only on indented lines; a paragraph takes any line
        continues[index] = not (starts_block or heading or table_row) and (not in_item or line[:1].isspace())
        if not continues[index]:
            in_item = list_items[index]
        open_after[index] = not (heading or table_row or line.endswith(("  ", "\\")))
        prefixed.append(stripped)

    header_title, header_lines = _reader_header(lines)
    texts, link_shares = _shown_lines(prefixed)
    non_blank = [index for index, text in enumerate(prefixed) if text.strip()]
    parted = sum(1 for index in non_blank if index + 1 == len(prefixed) or not prefixed[index + 1].strip())
    if non_blank and parted >= MIN_BLANK_PARTED_SHARE * len(non_blank):
        _join_paragraphs(texts, link_shares, continues, open_after)
    return MarkdownLines(texts, link_shares, heading_levels, header_title, header_lines)


_HEADER_FIELD = re.compile(r"^(Title|URL Source|Published Time|Description|Warning|Markdown Content):[ \t]*(.*)$")
HEADER_SEARCH_LINES = 12


def _reader_header(lines: list[str]) -> tuple[str | None, frozenset[int]]:
    """The header a reader service writes above the page's Markdown: "Title:", "URL Source:",
    "Published Time:" and "Markdown Content:" lines, the last one ending it."""
    fields: dict[str, str] = {}
    found: list[int] = []
    for index, line in enumerate(lines[:HEADER_SEARCH_LINES]):
        if not line.strip():
            continue
        match = _HEADER_FIELD.match(line.strip())
        if match is None:
            break
        fields[match.group(1)] = match.group(2).strip()
        found.append(index)
        if match.group(1) == "Markdown Content":
            break
    if "URL Source" not in fields or "Markdown Content" not in fields:
        return None, frozenset()
    return fields.get("Title") or None, frozenset(found)


def _shown_lines(lines: list[str]) -> tuple[list[str], list[float]]:
    """Each line with its links, images and inline markup replaced by what they show."""
    # Links may run over a wrapped line, so they are replaced in the whole text; a mask marks
    # the characters that were link text, and newlines survive, so lines still line up.
    joined = "\n".join(lines)
    pieces: list[str] = []
    in_link: list[bool] = []
    position = 0
    for match in _INLINE.finditer(joined):
        pieces.append(joined[position:match.start()])
        in_link.extend([False] * (match.start() - position))
        if match.group("image") is not None:
            shown = "\n" * match.group(0).count("\n")
        elif match.group("auto") is not None:
            shown = match.group("auto")
        else:  # a linked image shows nothing of its own
            shown = _INLINE.sub(lambda inner: "\n" * inner.group(0).count("\n") if inner.group("image") else
                                inner.group(0), match.group("link"))
            shown += "\n" * (match.group(0).count("\n") - shown.count("\n"))  # a wrapped target
        pieces.append(shown)
        in_link.extend([not character.isspace() for character in shown])
        position = match.end()
    pieces.append(joined[position:])
    in_link.extend([False] * (len(joined) - position))

    texts: list[str] = []
    link_shares: list[float] = []
    start = 0
    for line in "".join(pieces).split("\n"):
        mask = in_link[start:start + len(line)]
        start += len(line) + 1
        visible = [not _MARKUP_CHARACTERS.match(character) for character in line]
        total = sum(visible)
        linked = sum(1 for shown, is_link in zip(visible, mask, strict=True) if shown and is_link)
        link_shares.append(linked / total if total else 0.0)
        texts.append(_plain(line).strip())
    return texts, link_shares


def _join_paragraphs(texts: list[str], link_shares: list[float], continues: list[bool],
                     open_after: list[bool]) -> None:
    """Lines of one paragraph, joined onto its first line, as Markdown renders them."""
    head: int | None = None
    for index in range(len(texts)):
        if head is not None and continues[index] and open_after[index - 1]:
            text = texts[index]
            if text:
                head_length, length = len(texts[head]), len(text)
                link_shares[head] = (link_shares[head] * head_length + link_shares[index] * length) / (head_length + length)
                texts[head] = f"{texts[head]} {text}" if texts[head] else text
                texts[index] = ""
                link_shares[index] = 0.0
        else:
            head = index
        if not open_after[index]:
            head = None


def _plain(line: str) -> str:
    """Inline emphasis, code and escapes of one line, removed."""
    if "`" in line:
        line = _CODE.sub(r"\1", line)
    if "*" in line or "_" in line:
        line = _STRONG.sub(r"\2", line)
        line = _EMPHASIS.sub(lambda match: match.group(1) or match.group(2), line)
    if "\\" in line:
        line = _ESCAPE.sub(r"\1", line)
    return "" if _MARKUP_ONLY.match(line) else line
