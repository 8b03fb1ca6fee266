"""slant: show how a news article works on its reader.

Public API::

    import slant
    article = slant.read("page.html")          # any news input -> Article
    analysis = slant.analyze("page.html")      # read + techniques, genre, frames, summary
    pipeline = slant.load_pipeline()           # reuse loaded models over many inputs
"""

from __future__ import annotations

import logging
from typing import Any

from .article import Article, Metadata, Removed, SlantError, Span

__version__ = "0.1.0"
__all__ = ["Article", "Metadata", "Removed", "SlantError", "Span", "analyze", "load_pipeline", "read", "__version__"]

logging.getLogger(__name__).addHandler(logging.NullHandler())


def read(source: Any, **kwargs: Any) -> Article:
    """Read one document (path, bytes, HTML or text string) into a normalised, segmented Article."""
    from .reader import read as _read

    return _read(source, **kwargs)


def load_pipeline(**kwargs: Any):
    """Build the analysis pipeline once (models load lazily, on first use) for reuse."""
    from .pipeline import load_pipeline as _load

    return _load(**kwargs)


def analyze(source: Any, **kwargs: Any):
    """Read and analyse one document; returns an :class:`slant.pipeline.Analysis`."""
    from .pipeline import analyze as _analyze

    return _analyze(source, **kwargs)
