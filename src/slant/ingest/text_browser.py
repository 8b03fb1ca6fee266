"""Dumps of text browsers: the page as ``lynx -dump`` or ``w3m -dump`` writes it.

A text browser lays a page out for a terminal and marks what a terminal cannot show: list items
get a bullet for their depth (lynx ``*``, ``+``, ``o``, ``#``, ``@``, indented; w3m ``•``,
``□``, ``◦``), form controls become ``(BUTTON)``, ``[ ]`` and ``____`` fields, frames an
``IFRAME: url`` line, and by default lynx numbers every link (``[12]Home``) and lists their URLs
under "References" at the end. Left in, the bullets hide which lines are list items of the same
shape as the rendered page's, the controls make menu lines look like text, and the numbered URLs
are hundreds of lines that are no part of the page.

``strip_browser_marks`` takes these marks off, one output line per input line (a line that was
only marks is left blank), so line numbers stay the input's. It changes nothing in a text that
does not carry them.
"""

from __future__ import annotations

import re

# lynx indents list items by depth (five, ten, fifteen spaces) and paragraph text by three, so an
# indented "o " or "* " of four spaces and more is a bullet, while "   o meglio …" in Italian
# body text is not; w3m indents its bullet characters (a bullet at the start of a line is left to
# the cleaner, as in any scrape).
_LYNX_BULLET = re.compile(r"^( {4,})[*+o#@] (?=\S)")
_W3M_BULLET = re.compile(r"^( {1,})[•◦▪□■●○‣] (?=\S)")
# lynx right-aligns the numbers of an ordered list so that item text starts at column 7 and
# more ("    1. ", "   10. "); a paragraph, at column 3, may start with "1. Juni".
_LYNX_NUMBER = re.compile(r"^( {3,})\d{1,3}\. (?=\S)")
LYNX_ITEM_COLUMN = 7
_BUTTON = re.compile(r"\(BUTTON[_ ]{0,200}\)[ ]?")
# a checkbox or radio button ("[ ]", "[X]", "( )", "(*)") at the start of a line, and text
# fields: runs of underscores, or w3m's "[          ]"
_CONTROL = re.compile(r"^[ ]*(?:\[[ xX]\]|\([ *xX]\))(?= |$)|_{4,}|\[[ _]{4,200}\]")
_IFRAME = re.compile(r"^[ ]*(?:IFRAME: \S|\[IFRAME\]|\[INLINE\]$)")
# lynx's link list: a heading line, then "1. https://…" lines
_REFERENCES_HEADING = re.compile(r"^[ ]*(?:References|Visible links:?|Hidden links:)[ ]*$")
# (a URL as the page wrote it may hold spaces: "…&utm_campaign=VIP Footer Credit")
_REFERENCE_LINE = re.compile(r"^[ ]*\d{1,6}\. (?:[a-z][a-z0-9+.-]{1,20}:|www\.)")
# a long URL that lynx wrapped onto the next line
_URL_CONTINUATION = re.compile(r"^[ ]*\S{1,2000}[ ]*$")
# lynx's link number in front of each link's text ("[12]Home"); only taken off where the text
# has lynx's link list, so "[1]" citations in other texts stay
_LINK_NUMBER = re.compile(r"\[\d{1,6}\](?=\S)")

# How many lines must carry lynx's or w3m's marks before a text is read as their dump: list
# bullets of a menu, or controls, or frames.
MIN_MARKED_LINES = 3


def _references_start(lines: list[str]) -> int | None:
    """Index of the heading of lynx's link list ("References", then "Hidden links:" and the like):
    the first such heading after which every line to the end is a heading, a numbered URL or blank,
    with at least one numbered URL."""
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
        elif has_reference and _URL_CONTINUATION.match(line):
            continue
        else:
            break
    return start


def _marked(line: str) -> bool:
    return bool(_LYNX_BULLET.match(line) or _W3M_BULLET.match(line) or "(BUTTON" in line
                or _IFRAME.match(line) or ("[" in line and _CONTROL.search(line)))


def looks_like_browser_dump(lines: list[str]) -> bool:
    """Whether ``lines`` carry lynx's link list, or its or w3m's marks on enough lines."""
    if _references_start(lines) is not None:
        return True
    marked = 0
    for line in lines:
        if (line.startswith(" ") or "(BUTTON" in line or "IFRAME" in line) and _marked(line):
            marked += 1
            if marked >= MIN_MARKED_LINES:
                return True
    return False


def strip_browser_marks(lines: list[str]) -> list[str]:
    """``lines`` without a text browser's marks (see the module docstring): bullets, form
    controls and frame lines taken off, lynx's link list blanked and its link numbers removed.
    Returns ``lines`` itself when they do not read as such a dump."""
    if not looks_like_browser_dump(lines):
        return lines
    references = _references_start(lines)
    out: list[str] = []
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
        bullet = _LYNX_BULLET.match(line) or _W3M_BULLET.match(line)
        if bullet is None:
            bullet = _LYNX_NUMBER.match(line)
            if bullet is not None and bullet.end() < LYNX_ITEM_COLUMN:
                bullet = None
        if bullet:
            line = bullet.group(1) + line[bullet.end():]
        out.append(line if line.strip() or not had_text else "")
    return out


__all__ = ["looks_like_browser_dump", "strip_browser_marks"]
