"""Dumps of text browsers: the page as ``lynx -dump`` or ``w3m -dump`` writes it.

A text browser lays a page out for a terminal and marks what a terminal cannot show: list items
get a bullet for their depth (lynx ``*``, ``+``, ``o``, ``#``, ``@`` at columns 5, 10, 15 …;
w3m ``•``, ``□``, ``☆``, ``○``, ``■``, ``★``, indented), form controls become ``(BUTTON)``,
``[ ]`` and ``____`` fields, frames an ``IFRAME: url`` line, and by default lynx numbers every
link (``[12]Home``) and lists their URLs under "References" at the end. Left in, the bullets hide
which lines are list items of the same shape as the rendered page's, the controls make menu
lines look like text, and the URL list is hundreds of lines that are no part of the page.

``strip_browser_marks`` takes these marks off, one output line per input line (a line that was
only marks is left blank), so line numbers stay the input's. It runs only on a text that carries
lynx's URL list, or such marks where the text browsers put them on three lines or more.
"""

from __future__ import annotations

import re

# lynx puts paragraph text at column 3 and list items at columns 5, 10, 15 and 20 by depth, so
# "   o meglio …" in Italian body text is no bullet; w3m indents its bullet characters (a
# bullet at the start of a line is left to the cleaner, as in any scrape).
_LYNX_BULLET = re.compile(r"^( {5,})[*+o#@] (?=\S)")
LYNX_LIST_STEP = 5
_W3M_BULLET = re.compile(r"^( {1,})[•◦▪□■●○‣☆★] (?=\S)")
# lynx right-aligns the numbers of an ordered list so that item text starts at column 7
# ("    1. ", "   10. "); a paragraph at column 3 may start "23. Juni" too, so a number is taken
# off as an item's only where it starts a list (1) or follows the list's last item.
_LYNX_NUMBER = re.compile(r"^( {3,4})(\d{1,3})\. (?=\S)")
LYNX_ITEM_COLUMN = 7
_BUTTON = re.compile(r"\(BUTTON[_ ]{0,200}\)[ ]?")
# a checkbox or radio button ("[ ]", "[X]", "( )", "(*)") at the start of a line, and text
# fields: runs of underscores, or w3m's "[          ]"
_CONTROL = re.compile(r"^[ ]*(?:\[[ xX]\]|\([ *xX]\))(?= |$)|_{4,}|\[[ _]{4,200}\]")
_IFRAME = re.compile(r"^[ ]*(?:IFRAME: \S|\[IFRAME\]|\[INLINE\]$)")
# lynx's link list: a heading line, then the URLs, numbered ("  12. https://…",
# "javascript:void(0)") or bare (``-nonumbers``); an address the page wrote with a line break in
# it goes on, bare, on the next line. The page's own spaces stay in a URL ("…&utm_campaign=VIP
# Footer Credit"). A scheme is followed by no space: "1. note: see above" is no URL.
_REFERENCES_HEADING = re.compile(r"^[ ]*(?:References|Visible links:?|Hidden links:)[ ]*$")
_REFERENCE_LINE = re.compile(r"^[ ]*(?:\d{1,6}\. )?(?:[a-z][a-z0-9+.-]{1,20}:[^\s:]|www\.)")
# lynx's link number in front of each link's text ("[12]Home", or alone for a link without
# text); only taken off where the text has lynx's link list, so "[1]" citations elsewhere stay
_LINK_NUMBER = re.compile(r"\[\d{1,6}\](?=\S|$)")

# How many lines must carry lynx's or w3m's marks before a text is read as their dump: list
# bullets of a menu, or controls, or frames.
MIN_MARKED_LINES = 3


def _references_start(lines: list[str]) -> int | None:
    """Index of the heading of lynx's link list ("References", then "Hidden links:" and the like):
    the first such heading after which every line to the end is a heading, a URL or blank, with at
    least one URL."""
    start = None
    has_reference = False
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index]
        if not line.strip():
            continue
        if _REFERENCE_LINE.match(line):
            has_reference = True
        elif _REFERENCES_HEADING.match(line):
            if has_reference:
                start = index
        else:
            break
    return start


def _lynx_bullet(line: str) -> re.Match[str] | None:
    bullet = _LYNX_BULLET.match(line)
    return bullet if bullet is not None and len(bullet.group(1)) % LYNX_LIST_STEP == 0 else None


def _text_column(line: str) -> int:
    """The column where a line's text starts, after its bullet or number if it has one."""
    mark = _lynx_bullet(line) or _W3M_BULLET.match(line) or _LYNX_NUMBER.match(line)
    return mark.end() if mark else len(line) - len(line.lstrip(" "))


def _continues(previous: str, line: str) -> bool:
    """Whether ``line`` is the wrapped rest of ``previous``: it starts where the text of
    ``previous`` does ("   …am" / "   23. Juni", "     * a prize for" / "       o un premio")."""
    return bool(previous.strip()) and _text_column(previous) == len(line) - len(line.lstrip(" "))


def _marked(line: str) -> bool:
    return bool(_lynx_bullet(line) or _W3M_BULLET.match(line) or "(BUTTON" in line
                or _IFRAME.match(line) or ("[" in line and _CONTROL.search(line)))


def _has_marked_lines(lines: list[str]) -> bool:
    marked = 0
    for line in lines:
        if (line.startswith(" ") or "(BUTTON" in line or "IFRAME" in line) and _marked(line):
            marked += 1
            if marked >= MIN_MARKED_LINES:
                return True
    return False


def looks_like_browser_dump(lines: list[str]) -> bool:
    """Whether ``lines`` carry lynx's link list, or its or w3m's marks on enough lines."""
    return _references_start(lines) is not None or _has_marked_lines(lines)


def strip_browser_marks(lines: list[str]) -> list[str]:
    """``lines`` without a text browser's marks (see the module docstring): bullets, form
    controls and frame lines taken off, lynx's link list blanked and its link numbers removed.
    Returns ``lines`` itself when they do not read as such a dump."""
    references = _references_start(lines)
    if references is None and not _has_marked_lines(lines):
        return lines
    out: list[str] = []
    last_item = 0  # the number of the last ordered-list item taken off
    for index, line in enumerate(lines):
        if references is not None and index >= references:
            out.append("")
            continue
        if references is not None and "[" in line:
            line = _LINK_NUMBER.sub("", line)
        if _IFRAME.match(line):
            out.append("")
            continue
        had_text = bool(line.strip())
        if "(BUTTON" in line:
            line = _BUTTON.sub("", line)
        if "[" in line or "(" in line or "___" in line:
            line = _CONTROL.sub("", line)
        mark = None
        if not (index and _continues(lines[index - 1], lines[index])):
            mark = _lynx_bullet(line) or _W3M_BULLET.match(line)
            number = _LYNX_NUMBER.match(line) if mark is None else None
            if number is not None and number.end() == LYNX_ITEM_COLUMN:
                value = int(number.group(2))
                if value in (1, last_item + 1):
                    mark, last_item = number, value
        if mark:
            line = mark.group(1) + line[mark.end():]
        out.append(line if line.strip() or not had_text else "")
    return out


__all__ = ["looks_like_browser_dump", "strip_browser_marks"]
