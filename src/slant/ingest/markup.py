"""Where a markup document's first element starts: shared by the reader's HTML sniffing and
the HTML extractor's feed check."""

from __future__ import annotations


def markup_start(text: str, *, doctype: bool = False) -> int:
    """Where a markup document's first element starts: past a byte-order mark, white space, XML
    declarations and comments (and doctypes, with ``doctype``). A scan, not a regular
    expression: a pattern that skips comments backtracks exponentially when the element after
    them is not the one it looks for, since a comment can run on to any later "-->"."""
    position = 0
    while True:
        while position < len(text) and (text[position].isspace() or text[position] == "\ufeff"):
            position += 1
        if text.startswith("<!--", position):
            closing = text.find("-->", position + 4)
            if closing < 0:
                return position
            position = closing + 3
        elif text.startswith("<?", position) or (doctype and text[position:position + 9].lower() == "<!doctype"):
            closing = text.find(">", position)
            if closing < 0:
                return position
            position = closing + 1
        else:
            return position
