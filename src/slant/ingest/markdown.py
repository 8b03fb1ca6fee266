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
# block elements (a teaser's picture, headline and source) with blank lines inside it. An
# escaped bracket ("\[") is text, and starts nothing.
_LINK_TEXT = r"(?:[^\[\]\\]|\\.|\[[^\[\]\n]*\]){0,500}"
_IMAGE_OR_LINK = (r"(?<!\\)(?P<image>!\[" + _LINK_TEXT + r"\]\(" + _TARGET + r"\))"
                  r"|(?<![\\!])\[(?P<link>" + _LINK_TEXT + r")\](?:\(" + _TARGET + r"\)")
_AUTOLINK = r"|<(?P<auto>(?:https?://|mailto:|www\.)[^<>\s]+)>"
_INLINE = re.compile(_IMAGE_OR_LINK + ")" + _AUTOLINK)
# "[text][label]" is a link only where the text defines its labels; "[1][2]" is prose otherwise.
_INLINE_WITH_REFERENCES = re.compile(_IMAGE_OR_LINK + r"|\[[^\[\]\n]*\])" + _AUTOLINK)

# What marks a text as Markdown rather than prose that happens to hold a bracket: lines with a
# link target, and "#" headings; a dump of a page with shell code has "# comments" too, and a
# comment section may hold a few links readers typed, so links on two lines are asked for.
_LINK_EVIDENCE = re.compile(r"\]\((?:https?://|/|#|mailto:|\.{0,2}/)[^\s()]*\)")
_HEADING_EVIDENCE = re.compile(r"[ \t]{0,3}#{1,6}[ \t]+\S")
MIN_EVIDENCE_LINES = 3
MIN_LINK_LINES = 2
MIN_EVIDENCE_SHARE = 0.02  # of the non-blank lines

# These run on stripped lines: a pattern with a space run on both sides of an optional part
# would try every split of a long run of spaces.
_REFERENCE_DEFINITION = re.compile(
    r"^\[[^\]\n]+\]:[ \t]*<?(?:https?://|/|#|mailto:|www\.)\S*>?(?:[ \t]+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?$")
_HEADING = re.compile(r"^(#{1,6})(?:[ \t]+(.*))?$")
_SETEXT_UNDERLINE = re.compile(r"^(?:={2,}|-{2,})$")
_RULE = re.compile(r"^(?:[-*_][ \t]*){3,}$|^(?:={2,}|-{2,})$")
_TABLE_RULE = re.compile(r"^\|?[ \t]*:?-{2,}:?[ \t]*(?:\|[ \t]*:?-{2,}:?[ \t]*)*\|?$")
_FENCE = re.compile(r"^(`{3,}|~{3,})")
_BLOCK_PREFIX = re.compile(r"^(?:>[ \t]?)+|^(?:[*+-]|\d{1,3}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?")
# Emphasis runs a few hundred characters at most, which also keeps a line of stray asterisks
# from being searched to its end from every one of them; "__init__" and "2**10" are not emphasis.
_STRONG = re.compile(r"(?<![\w\\])(\*\*|__)(?=\S)(.{1,300}?)(?<=\S)\1(?!\w)")
_EMPHASIS = re.compile(r"(?<![\w*\\])\*(?=[^\s*])(.{1,300}?)(?<=[^\s*\\])\*(?![\w*])"
                       r"|(?<![\w\\])_(?=[^\s_])(.{1,300}?)(?<=[^\s_\\])_(?!\w)")
# A code span opens and closes on runs of backticks of one length; backticks used as quotes or
# apostrophes ("don`t", "``Hello''") are left alone.
_CODE = re.compile(r"(?<![`\w])(`+)(?!`)([^`\n]{1,300}?)(?<!`)\1(?![`\w])")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<])")
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
    header_url: str | None = None


def looks_like_markdown(text: str) -> bool:
    """Links with targets, and ``#`` headings, on enough lines that the text is Markdown; or a
    reader service's header above it. ``text`` has ``\\n`` line ends."""
    if _reader_header(text.split("\n", HEADER_SEARCH_LINES)[:HEADER_SEARCH_LINES])[1]:
        return True
    if _LINK_EVIDENCE.search(text) is None:
        return False
    link_lines = evidence_lines = non_blank = 0
    for line in text.split("\n"):
        if not line.strip():
            continue
        non_blank += 1
        if "](" in line and _LINK_EVIDENCE.search(line):
            link_lines += 1
            evidence_lines += 1
        elif "#" in line and _HEADING_EVIDENCE.match(line):
            evidence_lines += 1
    return link_lines >= MIN_LINK_LINES and evidence_lines >= max(MIN_EVIDENCE_LINES, MIN_EVIDENCE_SHARE * non_blank)


# Markdown joins the lines of a paragraph; where the writer did not part blocks by blank lines
# (a dump with a few links in it), every line is taken as a block of its own.
MIN_BLANK_PARTED_SHARE = 0.2  # of the non-blank lines that a blank line follows


def strip_markdown(lines: list[str]) -> MarkdownLines:
    """The visible text of each Markdown line; links keep their text, images and rules go."""
    count = len(lines)
    if not count:
        return MarkdownLines([], [], [])
    heading_levels = [0] * count
    # whether a line may carry on the paragraph of the line above (it starts no block of its
    # own), and whether the paragraph may go on after it (no heading, hard break or code)
    continues = [False] * count
    open_after = [False] * count
    code = [False] * count  # shown as written, markup and all
    header_title, header_lines, header_url = _reader_header(lines)
    references = any(_REFERENCE_DEFINITION.match(line.strip()) for line in lines if "]:" in line)
    prefixed: list[str] = []
    fence: str | None = None
    in_indented_code = in_item = in_quote = False
    for index, line in enumerate(lines):
        stripped = line.strip()
        fence_mark = _FENCE.match(stripped)
        if fence is not None:
            # a fence closes on a run of its own character at least as long, and nothing else
            if fence_mark and fence_mark.group(1)[0] == fence[0] and len(fence_mark.group(1)) >= len(fence) \
                    and stripped == fence_mark.group(1):
                fence = None
                prefixed.append("")
            else:
                code[index] = True
                prefixed.append(line)
            continue
        if fence_mark:
            fence = fence_mark.group(1)
            in_item = in_quote = False
            prefixed.append("")
            continue
        blank_before = index == 0 or not lines[index - 1].strip()
        if line.startswith(("    ", "\t")) and (blank_before or in_indented_code) and not in_item:
            in_indented_code = code[index] = True
            prefixed.append(line)
            continue
        in_indented_code = False
        if not stripped or index in header_lines:
            in_item = in_quote = False
            prefixed.append(stripped)
            continue
        if _RULE.match(stripped) or _TABLE_RULE.match(stripped) or (
                references and "]:" in stripped and _REFERENCE_DEFINITION.match(stripped)):
            prefixed.append("")
            continue
        shown = _BLOCK_PREFIX.sub("", stripped, count=1)
        quote = stripped.startswith(">")
        starts_block = shown != stripped and not (quote and in_quote)
        heading = _HEADING.match(shown) if shown.startswith("#") else None
        if heading:
            heading_levels[index] = len(heading.group(1))
            shown = _without_closing_hashes(heading.group(2) or "")
        elif not starts_block and index + 1 < count and _SETEXT_UNDERLINE.match(lines[index + 1].strip()):
            heading_levels[index] = 1 if lines[index + 1].strip()[0] == "=" else 2
        table_row = "|" in shown and (shown.startswith("|") or shown.endswith("|"))
        if table_row:
            shown = " | ".join(cell.strip() for cell in shown.strip("|").split("|"))
        # a list item goes on only on indented lines; a paragraph or a quote takes any line
        continues[index] = not (starts_block or heading_levels[index] or table_row) and (
            not in_item or line[:1].isspace())
        if not continues[index]:
            in_item = shown != stripped and not quote
        in_quote = quote
        open_after[index] = not (heading_levels[index] or table_row or line.endswith(("  ", "\\")))
        prefixed.append(shown)

    texts, link_shares = _shown_lines(prefixed, _INLINE_WITH_REFERENCES if references else _INLINE)
    non_blank = [index for index, text in enumerate(prefixed) if text.strip()]
    parted = sum(1 for index in non_blank if index + 1 == len(prefixed) or not prefixed[index + 1].strip())
    if non_blank and parted >= MIN_BLANK_PARTED_SHARE * len(non_blank):
        _join_paragraphs(texts, link_shares, continues, open_after)
    # emphasis and code marks may open on one line of a paragraph and close on the next
    texts = [text if code[index] else _plain(text) for index, text in enumerate(texts)]
    if header_title:
        header_title = _plain(header_title) or None
    return MarkdownLines(texts, link_shares, heading_levels, header_title, header_lines, header_url)


_HEADER_FIELD = re.compile(r"^(Title|URL Source|Published Time|Description|Warning|Markdown Content):[ \t]*(.*)$")
HEADER_SEARCH_LINES = 12


def _reader_header(lines: list[str]) -> tuple[str | None, frozenset[int], str | None]:
    """The header a reader service writes above the page's Markdown: "Title:", "URL Source:",
    "Published Time:" and "Markdown Content:" lines, the last one ending it. Its title, line
    indices and the page's URL (when it is a web address)."""
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
        return None, frozenset(), None
    url = fields["URL Source"] if re.match(r"https?://\S+$", fields["URL Source"]) else None
    return fields.get("Title") or None, frozenset(found), url


def _shown_lines(lines: list[str], inline: re.Pattern[str]) -> tuple[list[str], list[float]]:
    """Each line with its links and images replaced by what they show, and its share of link text."""
    # Links may run over a wrapped line, so they are replaced in the whole text; a mask marks
    # the characters that were link text, and newlines survive, so lines still line up.
    joined = "\n".join(lines)
    pieces: list[str] = []
    in_link: list[bool] = []
    position = 0
    for match in inline.finditer(joined):
        pieces.append(joined[position:match.start()])
        in_link.extend([False] * (match.start() - position))
        if match.group("image") is not None:
            shown = "\n" * match.group(0).count("\n")
        elif match.group("auto") is not None:
            shown = match.group("auto")
        else:  # a linked image shows nothing of its own
            shown = inline.sub(lambda inner: "\n" * inner.group(0).count("\n") if inner.group("image") else
                               inner.group(0), match.group("link"))
            # newlines of a target wrapped over lines, so that the lines after it keep their place
            shown += "\n" * (match.group(0).count("\n") - shown.count("\n"))
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
        texts.append(line.strip())
    return texts, link_shares


def _join_paragraphs(texts: list[str], link_shares: list[float], continues: list[bool],
                     open_after: list[bool]) -> None:
    """Lines of one paragraph, joined onto its first line, as Markdown renders them."""
    parts: dict[int, list[tuple[str, float]]] = {}
    head: int | None = None
    for index in range(len(texts)):
        if head is not None and continues[index] and open_after[index - 1]:
            if texts[index]:
                parts.setdefault(head, [(texts[head], link_shares[head])]).append((texts[index], link_shares[index]))
                texts[index] = ""
                link_shares[index] = 0.0
        else:
            head = index
        if not open_after[index]:
            head = None
    for head, lines in parts.items():
        shown = [(text, share) for text, share in lines if text]
        texts[head] = " ".join(text for text, _ in shown)
        length = sum(len(text) for text, _ in shown)
        link_shares[head] = sum(len(text) * share for text, share in shown) / length if length else 0.0


def _without_closing_hashes(text: str) -> str:
    """"Title ##" -> "Title" (string methods: a pattern would try every split of a run of spaces)."""
    bare = text.rstrip("#")
    return bare.rstrip() if bare != text and (not bare or bare[-1] in " \t") else text


def _plain(line: str) -> str:
    """Inline emphasis, code and escapes of one line, removed."""
    if "`" in line:
        line = _CODE.sub(r"\2", line)
    if "*" in line or "_" in line:
        line = _STRONG.sub(r"\2", line)
        line = _EMPHASIS.sub(lambda match: match.group(1) or match.group(2), line)
    if "\\" in line:
        line = _ESCAPE.sub(r"\1", line)
    return "" if _MARKUP_ONLY.match(line) else line.strip()
