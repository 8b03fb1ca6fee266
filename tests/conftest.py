"""Tiny hand-built analysed articles for the summary, report and renderer tests.

The texts are invented for these tests; findings are placed by phrase so offsets are exact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from slant.doc.article import Article, Metadata, Removed, Span

MODEL = "techniques-test"

BRIDGE_PARAGRAPHS = [
    "Bridge fury: council cronies strike again",
    "The so-called experts at the council have done it again. Everyone knows the bridge plan is a disaster.",
    "Either we stop the toll now, or the town will be ruined for ever. Wake up, neighbours!",
    "Councillor Mara Vint said the toll would pay for repairs to the old stone arches.",
    "Council cronies, council cronies: that is all this town has left.",
]

# (phrase, occurrence, technique, confidence)
BRIDGE_FINDINGS = [
    ("council cronies", 0, "Name_Calling-Labeling", 0.91),
    ("so-called experts", 0, "Doubt", 0.83),
    ("experts", 0, "Name_Calling-Labeling", 0.62),  # nested inside the Doubt span
    ("Everyone knows the bridge plan is a disaster", 0, "Appeal_to_Popularity", 0.77),
    ("is a disaster", 0, "Exaggeration-Minimisation", 0.58),  # nested at the end of the one above
    ("Either we stop the toll now, or the town will be ruined for ever", 0, "False_Dilemma-No_Choice", 0.88),
    ("Wake up, neighbours!", 0, "Slogans", 0.7),
    ("Council cronies", 0, "Name_Calling-Labeling", 0.8),
    ("council cronies", 1, "Repetition", 0.66),
]


def paragraphs_of(text: str) -> list[Span]:
    spans, offset = [], 0
    for block in text.split("\n\n"):
        spans.append(Span(offset, offset + len(block)))
        offset += len(block) + 2
    return spans


def find(text: str, phrase: str, occurrence: int = 0) -> int:
    position = -1
    for _ in range(occurrence + 1):
        position = text.index(phrase, position + 1)
    return position


def build_article(
    paragraphs: list[str],
    findings: list[tuple[str, int, str, float]],
    *,
    genre: dict[str, Any] | None = None,
    frames: list[tuple[str, float]] | None = None,
    removed: list[Removed] | None = None,
    metadata: Metadata | None = None,
    language: str | None = "en",
    source: str = "bridge.txt",
) -> Article:
    text = "\n\n".join(paragraphs)
    article = Article(
        text=text,
        source=source,
        title_span=Span(0, len(paragraphs[0])),
        language=language,
        metadata=metadata or Metadata(),
        removed=list(removed or []),
    )
    paragraph_spans = article.set_layer("paragraphs", paragraphs_of(text))
    spans = []
    for phrase, occurrence, technique, score in findings:
        start = find(text, phrase, occurrence)
        spans.append(Span(start, start + len(phrase), technique, score, {"model": MODEL}))
    article.set_layer("techniques", spans)
    per_paragraph = {}
    for span in spans:
        index = next(i for i, p in enumerate(paragraph_spans) if p.start <= span.start < p.end)
        key = (index, span.label)
        per_paragraph[key] = max(per_paragraph.get(key, 0.0), span.score)
    article.set_layer(
        "paragraph_techniques",
        [
            Span(paragraph_spans[i].start, paragraph_spans[i].end, label, score, {"model": MODEL})
            for (i, label), score in per_paragraph.items()
        ],
    )
    if genre is not None:
        article.labels["genre"] = genre
    if frames is not None:
        article.labels["frames"] = {
            "labels": [{"label": label, "score": score} for label, score in frames],
            "scores": dict(frames),
            "model": "frames-test",
        }
    return article


def bridge_article() -> Article:
    return build_article(
        BRIDGE_PARAGRAPHS,
        BRIDGE_FINDINGS,
        genre={"label": "opinion", "score": 0.71, "scores": {"opinion": 0.71, "reporting": 0.2, "satire": 0.09},
               "model": "genre-test"},
        frames=[("Economic", 0.8), ("Political", 0.6)],
        removed=[
            Removed("Home | News | Local", "navigation", 1),
            Removed("Share this story", "share widget", 9),
            Removed("Share on the network", "share widget", 10),
        ],
        metadata=Metadata(url="https://news.example/bridge", site="news.example", published="2026-03-02",
                          authors=["A. Writer"]),
    )


PAYLOAD_SCRIPT = "<script>window.__pwned=1;alert(1)</script>"
PAYLOAD_IMG = '<img src=x onerror="window.__pwned=2;alert(2)">'
PAYLOAD_ATTR = '" autofocus onfocus="window.__pwned=3'


def hostile_article() -> Article:
    """Markup everywhere input can reach a report: text, title, findings, metadata, removed, labels."""
    paragraphs = [
        f"Headline {PAYLOAD_SCRIPT}",
        f"The mob {PAYLOAD_IMG} wrecked the square, said the {PAYLOAD_ATTR} spokesman.",
        "A quiet paragraph with </mark></p><p>closing tags & ampersands.",
    ]
    return build_article(
        paragraphs,
        [("The mob", 0, "Name_Calling-Labeling", 0.9), (PAYLOAD_IMG, 0, "Loaded_Language", 0.6),
         ("</mark></p><p>closing", 0, "Obfuscation-Vagueness-Confusion", 0.5)],
        genre={"label": "reporting", "score": 0.5, "model": PAYLOAD_SCRIPT},
        frames=[("Political", 0.9)],
        removed=[Removed(PAYLOAD_IMG, f"reason {PAYLOAD_SCRIPT}")],
        metadata=Metadata(url="javascript:window.__pwned=4", site=PAYLOAD_IMG, published=PAYLOAD_ATTR,
                          authors=[PAYLOAD_SCRIPT]),
        source=f"evil{PAYLOAD_IMG}.html",
    )


@dataclass
class FakeAnalysis:
    """Stands in for slant.runtime.pipeline.Analysis: the attributes the reports read."""

    article: Article
    notes: list[str] = field(default_factory=list)
    provenance: dict[str, Any] = field(default_factory=dict)
    summary: dict[str, Any] | None = None
