"""slant: show how a news article works on its reader.

Public API::

    import slant
    analysis = slant.analyze(html_or_text)              # a str or bytes is the document itself
    analysis = slant.analyze(pathlib.Path("page.html"))  # a Path is a file to read
    pipeline = slant.load_pipeline()                     # reuse loaded models over many inputs
    same = slant.Analysis.from_dict(analysis.to_dict())  # the one JSON form, round-trip
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from slant.doc.analysis import Analysis
from slant.doc.article import Article, Metadata, Removed, Span
from slant.errors import BadInputError, ConfigError, InputTooLargeError, ModelError, SlantError
from slant.version import __version__

__all__ = [
    "Analysis",
    "Article",
    "BadInputError",
    "ConfigError",
    "InputTooLargeError",
    "Metadata",
    "ModelError",
    "Removed",
    "SlantError",
    "Span",
    "__version__",
    "analyze",
    "load_pipeline",
    "read",
    "read_file",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())


def read(document: str | bytes | Path | Article, **kwargs: Any) -> Article:
    """Read one document into a normalised, segmented Article: a ``str`` or ``bytes`` is the
    document's content (HTML or text), a :class:`pathlib.Path` a file to read."""
    from slant.ingest.reader import read as _read

    return _read(document, **kwargs)


def read_file(path: str | Path, **kwargs: Any) -> Article:
    """Read the file at ``path`` (HTML, text, one-record JSON; gzip too) into an Article."""
    from slant.ingest.reader import read as _read

    return _read(Path(path), **kwargs)


def load_pipeline(**kwargs: Any):
    """Build the analysis pipeline once (models load lazily, on first use) for reuse."""
    from slant.runtime.pipeline import load_pipeline as _load

    return _load(**kwargs)


def analyze(document: str | bytes | Path | Article, **kwargs: Any) -> Analysis:
    """Read and analyse one document (see :func:`read` for what ``document`` may be)."""
    from slant.runtime.pipeline import analyze as _analyze

    return _analyze(document, **kwargs)
