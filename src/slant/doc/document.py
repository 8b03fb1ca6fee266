"""The published JSON Schema of slant documents (``doc/schema/analysis.schema.json``, JSON
Schema 2020-12) and the checks a document must pass beyond it (offsets inside the text, a
finding's category matching its technique).

The schema is open to new layers: a document of a newer minor version (more keys) validates.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from slant.doc import taxonomy
from slant.doc.article import SCHEMA_VERSION, layer_codecs
from slant.errors import BadInputError

SCHEMA_FILE = "analysis.schema.json"


@cache
def schema() -> dict[str, Any]:
    """The analysis document JSON Schema."""
    text = resources.files("slant.doc").joinpath("schema", SCHEMA_FILE).read_text(encoding="utf-8")
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
    spans: list[tuple[str, dict[str, Any]]] = []
    for codec in layer_codecs():  # findings, paragraph_findings and every registered layer
        for item in doc.get(codec.key) or []:
            if not isinstance(item, dict):
                continue
            spans += [(codec.key, part) for part in (item, *item.values()) if _is_span(part)]
    spans += [(f"layers/{name}", s) for name, layer in doc["layers"].items() for s in layer]
    for where, span in spans:
        if not span["start"] < span["end"] <= limit and not (where.startswith("layers") and span["start"] == span["end"]):
            errors.append(f"{where}: span [{span['start']}, {span['end']}) is empty or past the text end ({limit})")
    paragraphs = len(doc["layers"].get("paragraphs", []))
    for index, finding in enumerate(doc.get("findings", [])):
        if finding["paragraph"] is not None and finding["paragraph"] >= paragraphs:
            errors.append(f"findings/{index}/paragraph: {finding['paragraph']} but there are {paragraphs} paragraphs")
        if taxonomy.category(finding["technique"]).id != finding["category"]:
            errors.append(f"findings/{index}/category: {finding['category']!r} is not the category of {finding['technique']}")
        focus = finding.get("focus")
        if focus and not finding["start"] <= focus["start"] < focus["end"] <= finding["end"]:
            errors.append(f"findings/{index}/focus: [{focus['start']}, {focus['end']}) is not inside the finding "
                          f"[{finding['start']}, {finding['end']})")
    return errors


def _is_span(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("start"), int) and isinstance(value.get("end"), int)


def validate_document(doc: Any) -> dict[str, Any]:
    """Return ``doc`` if it is a valid analysis document; raise :class:`SlantError` listing why not."""
    errors = document_errors(doc)
    if errors:
        shown = "\n  ".join(errors[:20]) + (f"\n  … and {len(errors) - 20} more" if len(errors) > 20 else "")
        raise BadInputError(
            f"not a valid slant analysis document (schema {SCHEMA_VERSION}):\n  {shown}\n"
            "Regenerate it with this version of slant (slant.analyze(...).to_dict())."
        )
    return doc
