"""Reports for people: a self-contained HTML page (:mod:`.html`) and terminal text (:mod:`.terminal`).

Both take the Analysis that :func:`slant.analyze` returns, or an Article with optional notes,
provenance and summary.
"""

from __future__ import annotations

from typing import Any

__all__ = ["index_entry", "render_html", "render_index", "render_text"]


def render_html(analysis_or_article: Any, *args: Any, **kwargs: Any) -> str:
    from slant.output.html import render_html as _render

    return _render(analysis_or_article, *args, **kwargs)


def render_index(entries: Any, *args: Any, **kwargs: Any) -> str:
    from slant.output.html import render_index as _render

    return _render(entries, *args, **kwargs)


def index_entry(href: str, analysis_or_document: Any) -> dict[str, Any]:
    from slant.output.html import index_entry as _entry

    return _entry(href, analysis_or_document)


def render_text(analysis_or_article: Any, *args: Any, **kwargs: Any) -> str:
    from slant.output.terminal import render_text as _render

    return _render(analysis_or_article, *args, **kwargs)
