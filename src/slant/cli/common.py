"""What the commands share: one-line messages on stderr, and the sentence that sums up a batch."""

from __future__ import annotations

import sys
from typing import Any


def notice(message: str, progress: Any = None) -> None:
    """Print ``slant: message`` on stderr once, above the progress bar when one is showing."""
    line = f"slant: {message}"
    if progress is not None:
        progress.console.print(line, markup=False, highlight=False, soft_wrap=True)
    else:
        print(line, file=sys.stderr, flush=True)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def failure_summary(failed: int, total: int, *, noun: str = "input", failed_as: str = "failed",
                    done_as: str = "analysed") -> str:
    """``1 input failed; none analysed``, ``2 of 5 inputs failed; the other 3 were analysed``."""
    if failed >= total:
        return f"{_count(failed, noun)} {failed_as}; none {done_as}"
    others = total - failed
    rest = f"the other one was {done_as}" if others == 1 else f"the other {others} were {done_as}"
    return f"{failed} of {_count(total, noun)} {failed_as}; {rest}"
