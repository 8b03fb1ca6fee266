"""The analysis document: one JSON-able dict per analysed article, validated by
``schema/analysis.schema.json`` (JSON Schema 2020-12, ``schema_version`` 1.0).

The text is stored once; findings are offsets into it plus technique, category, confidence,
model and paragraph index, never a copy of the words. Readers recover the words with
``doc["text"][f["start"]:f["end"]]``.
"""

from __future__ import annotations

import json
import logging
from functools import cache
from importlib import resources
from typing import Any

from . import taxonomy
from .article import Article, SlantError, Span
from .summary import paragraph_index, summarize

log = logging.getLogger(__name__)

SCHEMA_VERSION = "1.0"
SCHEMA_FILE = "analysis.schema.json"
DOCUMENT_KIND = "slant.analysis"
# Layers stored as findings rather than as plain span layers.
FINDING_LAYERS = ("techniques", "paragraph_techniques")


def analysis_parts(
    analysis_or_article: Any,
    notes: list[str] | None = None,
    provenance: dict[str, Any] | None = None,
    summary: dict[str, Any] | None = None,
) -> tuple[Article, list[str], dict[str, Any], dict[str, Any]]:
    """``(article, notes, provenance, summary)`` from an Analysis-like object or an Article.

    Anything with an ``.article`` attribute is read duck-typed (``.notes``, ``.provenance``,
    ``.summary``); explicit arguments win. Missing parts are filled in: no notes, provenance
    from the slant version and the model names on the findings, the summary computed.
    """
    if isinstance(analysis_or_article, Article):
        article = analysis_or_article
    elif isinstance(getattr(analysis_or_article, "article", None), Article):
        article = analysis_or_article.article
        notes = notes if notes is not None else getattr(analysis_or_article, "notes", None)
        provenance = provenance if provenance is not None else getattr(analysis_or_article, "provenance", None)
        summary = summary if summary is not None else getattr(analysis_or_article, "summary", None)
    else:
        raise SlantError(
            f"cannot report on a {type(analysis_or_article).__name__}: pass an Article or the Analysis "
            "that slant.analyze() returns"
        )
    return article, list(notes or []), _provenance(article, provenance), summary or summarize(article)


def _provenance(article: Article, provenance: dict[str, Any] | None) -> dict[str, Any]:
    from . import __version__

    out = dict(provenance or {})
    out.setdefault("slant_version", __version__)
    models = dict(out.get("models") or {})
    if not models:  # no pipeline record: name the models the findings and labels came from
        for name in FINDING_LAYERS:
            for span in article.layers.get(name, []):
                if span.attrs.get("model"):
                    models.setdefault(str(span.attrs["model"]), "unknown")
        for label in article.labels.values():
            if isinstance(label, dict) and label.get("model"):
                models.setdefault(str(label["model"]), "unknown")
    out["models"] = {str(k): str(v) for k, v in models.items()}
    if article.provenance and "reader" not in out:
        out["reader"] = dict(article.provenance)
    return out


def _finding(article: Article, span: Span) -> dict[str, Any]:
    return {
        "start": span.start,
        "end": span.end,
        "technique": span.label,
        "category": taxonomy.category(span.label).id,
        "confidence": round(float(span.score), 4) if span.score is not None else None,
        "model": span.attrs.get("model"),
        "paragraph": paragraph_index(article, span.start),
    }


def analysis_document(
    analysis_or_article: Any,
    notes: list[str] | None = None,
    provenance: dict[str, Any] | None = None,
    summary: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The analysis document of one article (see the module docstring and the schema)."""
    article, notes, provenance, summary = analysis_parts(analysis_or_article, notes, provenance, summary)
    findings = {name: [] for name in FINDING_LAYERS}
    for name in FINDING_LAYERS:
        for span in article.layers.get(name, []):
            if taxonomy.is_technique(span.label):
                findings[name].append(_finding(article, span))
            else:
                log.warning("%s: leaving out a %s span with unknown technique %r", article.source, name, span.label)
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": DOCUMENT_KIND,
        "id": article.id,
        "source": article.source,
        "title": article.title,
        "title_span": article.title_span.to_dict() if article.title_span else None,
        "language": article.language,
        "metadata": article.metadata.to_dict(),
        "text": article.text,
        "layers": {
            name: [s.to_dict() for s in spans] for name, spans in article.layers.items() if name not in FINDING_LAYERS
        },
        "findings": findings["techniques"],
        "paragraph_findings": findings["paragraph_techniques"],
        "labels": _json_safe(article.labels),
        "summary": _json_safe(summary),
        "removed": [r.to_dict() for r in article.removed],
        "provenance": provenance,
        "notes": notes,
    }


def _json_safe(value: Any) -> Any:
    """A deep copy that JSON can write (NumPy scalars and tuples from models become plain)."""
    return json.loads(json.dumps(value, default=lambda o: o.item() if hasattr(o, "item") else str(o)))


@cache
def schema() -> dict[str, Any]:
    """The analysis document JSON Schema."""
    text = resources.files("slant").joinpath("schema", SCHEMA_FILE).read_text(encoding="utf-8")
    return json.loads(text)


def document_errors(doc: Any) -> list[str]:
    """Every problem with ``doc``: schema violations, then offsets outside the text."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema())
    errors = []
    for error in sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path))):
        where = "/".join(str(part) for part in error.absolute_path) or "(document)"
        errors.append(f"{where}: {error.message}")
    if errors or not isinstance(doc, dict):
        return errors
    limit = len(doc["text"])
    spans: list[tuple[str, dict[str, Any]]] = [("findings", f) for f in doc["findings"]]
    spans += [("paragraph_findings", f) for f in doc["paragraph_findings"]]
    spans += [(f"layers/{name}", s) for name, layer in doc["layers"].items() for s in layer]
    for where, span in spans:
        if not span["start"] < span["end"] <= limit and not (where.startswith("layers") and span["start"] == span["end"]):
            errors.append(f"{where}: span [{span['start']}, {span['end']}) is empty or past the text end ({limit})")
    paragraphs = len(doc["layers"].get("paragraphs", []))
    for index, finding in enumerate(doc["findings"]):
        if finding["paragraph"] is not None and finding["paragraph"] >= paragraphs:
            errors.append(f"findings/{index}/paragraph: {finding['paragraph']} but there are {paragraphs} paragraphs")
        if taxonomy.category(finding["technique"]).id != finding["category"]:
            errors.append(f"findings/{index}/category: {finding['category']!r} is not the category of {finding['technique']}")
    return errors


def validate_document(doc: Any) -> dict[str, Any]:
    """Return ``doc`` if it is a valid analysis document; raise :class:`SlantError` listing why not."""
    errors = document_errors(doc)
    if errors:
        shown = "\n  ".join(errors[:20]) + (f"\n  … and {len(errors) - 20} more" if len(errors) > 20 else "")
        raise SlantError(
            f"not a valid slant analysis document (schema {SCHEMA_VERSION}):\n  {shown}\n"
            "Regenerate it with this version of slant (slant.analyze(...).to_dict())."
        )
    return doc
