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


ENTITY_TYPES = (("PER", "People"), ("ORG", "Organisations"), ("LOC", "Places"), ("MISC", "Other names"))
_ENTITY_KINDS = {label for label, _ in ENTITY_TYPES}


def entity_kind(label: Any) -> str:
    """One of PER, ORG, LOC, MISC: any other (or missing) label counts as MISC."""
    kind = str(label or "").upper()
    return kind if kind in _ENTITY_KINDS else "MISC"


def has_entities(article: Article) -> bool:
    """Whether the entities component ran on ``article`` (its label or its layer is there)."""
    return isinstance(article.labels.get("entities"), Mapping) or "entities" in article.layers


def entity_groups(article: Article) -> dict[str, list[dict[str, Any]]]:
    """The named entities by type (PER, ORG, LOC, MISC, only types with any), each a list of
    ``{"id", "name", "mentions"}``, most-mentioned first. Read from ``labels["entities"]``;
    without it, grouped from the ``entities`` layer (by ``attrs["group"]``, else by surface)."""
    label = article.labels.get("entities")
    raw: list[dict[str, Any]] = []
    if isinstance(label, Mapping) and isinstance(label.get("groups"), list):
        counted: dict[Any, int] = {}
        for span in article.layers.get("entities", []):
            counted[span.attrs.get("group")] = counted.get(span.attrs.get("group"), 0) + 1
        for group in label["groups"]:
            if not isinstance(group, Mapping) or not str(group.get("name") or "").strip():
                continue
            mentions = group.get("mentions")
            if isinstance(mentions, list):
                mentions = len(mentions)
            if not isinstance(mentions, int) or isinstance(mentions, bool):
                mentions = counted.get(group.get("id"), 0)
            raw.append({"id": group.get("id"), "label": group.get("label"), "name": str(group["name"]),
                        "mentions": mentions})
    else:
        by_key: dict[Any, dict[str, Any]] = {}
        for span in article.layers.get("entities", []):
            surface = " ".join(article.span_text(span).split())
            if not surface:
                continue
            key = span.attrs.get("group") or (entity_kind(span.label), surface)
            group = by_key.setdefault(key, {"id": span.attrs.get("group"), "label": span.label, "surfaces": []})
            group["surfaces"].append(surface)
        for group in by_key.values():
            surfaces = group.pop("surfaces")
            # As the component names a group: the most frequent form among those with most words.
            group["name"] = max(surfaces, key=lambda s: (len(s.split()), surfaces.count(s)))
            group["mentions"] = len(surfaces)
            raw.append(group)
    out: dict[str, list[dict[str, Any]]] = {}
    for group in sorted(raw, key=lambda g: (-g["mentions"], g["name"].casefold())):
        out.setdefault(entity_kind(group["label"]), []).append(
            {"id": group["id"], "name": group["name"], "mentions": group["mentions"]})
    return {kind: out[kind] for kind, _ in ENTITY_TYPES if kind in out}
