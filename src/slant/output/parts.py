"""What every report reads from its input: the Article, notes, provenance and summary, from an
Analysis, an analysis document (dict), or a bare Article (its summary then computed here)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slant.components.summary import summarize
from slant.doc.analysis import Analysis
from slant.doc.article import Article
from slant.errors import SlantError
from slant.version import __version__


def analysis_parts(
    analysis_or_article: Any,
    notes: list[str] | None = None,
    provenance: dict[str, Any] | None = None,
    summary: dict[str, Any] | None = None,
) -> tuple[Article, list[str], dict[str, Any], dict[str, Any]]:
    """``(article, notes, provenance, summary)``; explicit arguments win over the input's own."""
    if isinstance(analysis_or_article, Mapping):
        analysis_or_article = Analysis.from_dict(dict(analysis_or_article))
    if isinstance(analysis_or_article, Analysis):
        article = analysis_or_article.article
        notes = notes if notes is not None else analysis_or_article.notes
        provenance = provenance if provenance is not None else analysis_or_article.provenance
        summary = summary if summary is not None else (analysis_or_article.summary or None)
    elif isinstance(analysis_or_article, Article):
        article = analysis_or_article
    else:
        raise SlantError(
            f"cannot report on a {type(analysis_or_article).__name__}: pass the Analysis that slant.analyze() "
            "returns, its to_dict(), or an Article"
        )
    out = dict(provenance or {})
    out.setdefault("slant_version", __version__)
    models = dict(out.get("models") or {})
    if not models:  # no pipeline record: name the models the findings and labels came from
        for name in ("techniques", "paragraph_techniques"):
            for span in article.layers.get(name, []):
                if span.attrs.get("model"):
                    models.setdefault(str(span.attrs["model"]), "unknown")
        for label in article.labels.values():
            if isinstance(label, dict) and label.get("model"):
                models.setdefault(str(label["model"]), "unknown")
    out["models"] = {str(k): str(v) for k, v in models.items()}
    if article.provenance and "reader" not in out:
        out["reader"] = dict(article.provenance)
    return article, list(notes or []), out, summary or summarize(article)
