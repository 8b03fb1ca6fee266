"""An analysed article: the Article with its layers and labels, the summary the pipeline drew
from them, notes for the reader, and which models produced it.

``Analysis.to_dict()`` is the analysis document (``kind`` ``slant.analysis``), the JSON that
``slant analyze --format json`` writes and the schema in ``doc/schema`` describes;
``Analysis.from_dict`` reads it back so that ``from_dict(d).to_dict() == d``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from slant.doc.article import ANALYSIS_KIND, Article, Span, check_version, document, json_safe
from slant.version import __version__

# Keys of an analysis document that this version writes itself; others (from a newer minor
# version) are kept as they were read and written back unchanged.
_ANALYSIS_KEYS = ("summary", "notes")


@dataclass
class Analysis:
    article: Article
    summary: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    # slant_version and models (name -> version); the reader's record stays on the Article.
    provenance: dict[str, Any] = field(default_factory=dict)
    # Document keys of a newer minor schema version, kept for a faithful round trip.
    extra: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def findings(self) -> list[Span]:
        return self.article.layers.get("techniques", [])

    @property
    def paragraph_findings(self) -> list[Span]:
        return self.article.layers.get("paragraph_techniques", [])

    def to_dict(self) -> dict[str, Any]:
        out = document(self.article, ANALYSIS_KIND)
        provenance = out.pop("provenance")
        out["summary"] = json_safe(self.summary)
        out["provenance"] = {"slant_version": __version__, "models": {}, **json_safe(self.provenance), **provenance}
        out["notes"] = list(self.notes)
        for key, value in self.extra.items():
            out.setdefault(key, value)
        return out

    def to_json(self, **kwargs: Any) -> str:
        kwargs.setdefault("ensure_ascii", False)
        return json.dumps(self.to_dict(), **kwargs)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Analysis:
        check_version(data)
        article = Article.from_dict(data)
        known = set(document(article, ANALYSIS_KIND)) | set(_ANALYSIS_KEYS)
        provenance = {k: v for k, v in (data.get("provenance") or {}).items() if k != "reader"}
        return cls(
            article,
            summary=dict(data.get("summary") or {}),
            notes=list(data.get("notes") or []),
            provenance=provenance,
            extra={k: v for k, v in data.items() if k not in known},
        )

    @classmethod
    def from_json(cls, payload: str) -> Analysis:
        return cls.from_dict(json.loads(payload))
