"""Text normalisation shared by every reader: one canonical form for spans to point into.

Readers hand us text from HTML extractors, scrapes, WARC records and files in any encoding;
offsets stay stable only if the same visible text always becomes the same string. The rules:
Unicode NFC, ``\\n`` line ends, every Unicode space as a plain space, invisible characters
(zero-width, soft hyphen, BOM, controls) dropped, runs of spaces collapsed, lines stripped and
at most one blank line in a row.
"""

from __future__ import annotations

import re
import unicodedata

# Invisible characters that scrapes carry along but that no reader sees: zero-width space,
# joiners, word joiner, soft hyphen, BOM, bidi marks, Mongolian vowel separator, invisible
# operators.  Deleting them (rather than turning them into spaces) keeps words whole.
_INVISIBLE = "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"

# Every Unicode space separator (Zs) other than the ASCII space, plus tab-like controls
# that act as spaces inside a line.
_SPACES = "\t\u000b\u000c\u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"

_CONTROLS = "".join(chr(c) for c in [*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F, *range(0x80, 0x85), *range(0x86, 0xA0)])

_SPACES = _SPACES.replace("\u2028", "").replace("\u2029", "")  # those two are line breaks, below
_DROP = re.compile("[" + re.escape(_INVISIBLE + _CONTROLS) + "]+")
_SPACE_RUN = re.compile("[ " + re.escape(_SPACES) + "]{2,}|[" + re.escape(_SPACES) + "]")


def normalize_line(line: str) -> str:
    """Normalise one line (no newlines expected): NFC, spaces, invisibles, stripped."""
    # Inside one line, Unicode line/paragraph separators can only act as spaces.
    line = line.replace("\u2028", " ").replace("\u2029", " ")
    line = _SPACE_RUN.sub(" ", _DROP.sub("", line))
    if not line.isascii():
        line = unicodedata.normalize("NFC", line)
    return line.strip()


def split_lines(raw: str) -> list[str]:
    """Split decoded input into lines the way readers number them (``\\r\\n``, ``\\r``, ``\\n``)."""
    return raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def normalize_text(text: str) -> str:
    """Return the canonical form of ``text`` (see the module docstring for the rules).

    Idempotent: ``normalize_text(normalize_text(s)) == normalize_text(s)``. Built from
    ``str.replace`` passes guarded by ``in`` checks, which run at C speed (hundreds of MB/s);
    regular expressions and translate tables are several times slower on a 50 MB text.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for line_break in "\u2028\u2029":  # Unicode line/paragraph separators
        if line_break in text:
            text = text.replace(line_break, "\n")
    # Invisibles go first, so that a combining mark they separated from its letter composes.
    for char in _INVISIBLE + _CONTROLS:
        if char in text:
            text = text.replace(char, "")
    # NFC only where needed: the quick check is much cheaper than normalising ASCII-heavy text.
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    for char in _SPACES:
        if char in text:
            text = text.replace(char, " ")
    while "  " in text:
        text = text.replace("  ", " ")
    text = "\n".join(line.strip(" ") for line in text.split("\n"))
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip("\n")
