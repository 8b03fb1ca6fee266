"""Shared fixtures: tiny hand-built analysed articles for the summary, document and report tests.

The texts are invented for these tests; findings are placed by phrase so offsets are exact.
Tests ask for them by name::

    def test_x(bridge_article, build_article, make_analysis, payloads): ...

``bridge_article`` and ``hostile_article`` are fresh Articles per test (mutate freely);
``build_article`` is the factory they are made with; ``make_analysis`` wraps an Article in a real
:class:`slant.Analysis` with the summary the pipeline would give it. ``plain_install`` tells which
imported modules `pip install .` (no extras) would not bring.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from slant.components.summary import summarize
from slant.doc.analysis import Analysis
from slant.doc.article import Article, Metadata, Removed, Span
from slant.version import __version__

MODEL = "techniques-test"

BRIDGE_PARAGRAPHS = (
    "Bridge fury: council cronies strike again",
    "The so-called experts at the council have done it again. Everyone knows the bridge plan is a disaster.",
    "Either we stop the toll now, or the town will be ruined for ever. Wake up, neighbours!",
    "Councillor Mara Vint said the toll would pay for repairs to the old stone arches.",
    "Council cronies, council cronies: that is all this town has left.",
)

# (phrase, occurrence, technique, confidence)
BRIDGE_FINDINGS = (
    ("council cronies", 0, "Name_Calling-Labeling", 0.91),
    ("so-called experts", 0, "Doubt", 0.83),
    ("experts", 0, "Name_Calling-Labeling", 0.62),  # nested inside the Doubt span
    ("Everyone knows the bridge plan is a disaster", 0, "Appeal_to_Popularity", 0.77),
    ("is a disaster", 0, "Exaggeration-Minimisation", 0.58),  # nested at the end of the one above
    ("Either we stop the toll now, or the town will be ruined for ever", 0, "False_Dilemma-No_Choice", 0.88),
    ("Wake up, neighbours!", 0, "Slogans", 0.7),
    ("Council cronies", 0, "Name_Calling-Labeling", 0.8),
    ("council cronies", 1, "Repetition", 0.66),
)


@dataclass(frozen=True)
class Payloads:
    """Markup that must never run or render as markup in a report."""

    script: str = "<script>window.__pwned=1;alert(1)</script>"
    img: str = '<img src=x onerror="window.__pwned=2;alert(2)">'
    attr: str = '" autofocus onfocus="window.__pwned=3'


PAYLOADS = Payloads()


def _paragraphs_of(text: str) -> list[Span]:
    spans, offset = [], 0
    for block in text.split("\n\n"):
        spans.append(Span(offset, offset + len(block)))
        offset += len(block) + 2
    return spans


def _find(text: str, phrase: str, occurrence: int = 0) -> int:
    position = -1
    for _ in range(occurrence + 1):
        position = text.index(phrase, position + 1)
    return position


def _build_article(
    paragraphs: list[str] | tuple[str, ...],
    findings: list[tuple[str, int, str, float]] | tuple[tuple[str, int, str, float], ...],
    *,
    genre: dict[str, Any] | None = None,
    frames: list[tuple[str, float]] | None = None,
    removed: list[Removed] | None = None,
    metadata: Metadata | None = None,
    language: str | None = "en",
    source: str = "bridge.txt",
) -> Article:
    """An Article of ``paragraphs`` (the first is the title) with ``findings`` placed by phrase."""
    text = "\n\n".join(paragraphs)
    article = Article(
        text=text,
        source=source,
        title_span=Span(0, len(paragraphs[0])),
        language=language,
        metadata=metadata or Metadata(),
        removed=list(removed or []),
    )
    paragraph_spans = article.set_layer("paragraphs", _paragraphs_of(text))
    spans = []
    for phrase, occurrence, technique, score in findings:
        start = _find(text, phrase, occurrence)
        spans.append(Span(start, start + len(phrase), technique, score, {"model": MODEL}))
    article.set_layer("techniques", spans)
    per_paragraph: dict[tuple[int, str], float] = {}
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


def _bridge_article() -> Article:
    return _build_article(
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


def _hostile_article() -> Article:
    """Markup everywhere input can reach a report: text, title, findings, metadata, removed, labels."""
    p = PAYLOADS
    paragraphs = [
        f"Headline {p.script}",
        f"The mob {p.img} wrecked the square, said the {p.attr} spokesman.",
        "A quiet paragraph with </mark></p><p>closing tags & ampersands.",
    ]
    return _build_article(
        paragraphs,
        [("The mob", 0, "Name_Calling-Labeling", 0.9), (p.img, 0, "Loaded_Language", 0.6),
         ("</mark></p><p>closing", 0, "Obfuscation-Vagueness-Confusion", 0.5)],
        genre={"label": "reporting", "score": 0.5, "model": p.script},
        frames=[("Political", 0.9)],
        removed=[Removed(p.img, f"reason {p.script}")],
        metadata=Metadata(url="javascript:window.__pwned=4", site=p.img, published=p.attr, authors=[p.script]),
        source=f"evil{p.img}.html",
    )


def _make_analysis(article: Article, notes: list[str] | None = None,
                   provenance: dict[str, Any] | None = None) -> Analysis:
    """What the pipeline returns for ``article``: its summary, ``notes``, and ``provenance``
    (by default the pipeline's record of a run whose components name no model versions)."""
    if provenance is None:
        provenance = {"slant_version": __version__, "models": {}}
    return Analysis(article, summary=summarize(article), notes=list(notes or []), provenance=dict(provenance))


@pytest.fixture
def technique_model() -> str:
    """The model name every hand-placed finding carries."""
    return MODEL


@pytest.fixture
def payloads() -> Payloads:
    return PAYLOADS


@pytest.fixture
def bridge_paragraphs() -> list[str]:
    return list(BRIDGE_PARAGRAPHS)


@pytest.fixture
def build_article() -> Callable[..., Article]:
    """Factory: ``build_article(paragraphs, [(phrase, occurrence, technique, score), ...], **fields)``."""
    return _build_article


@pytest.fixture
def bridge_article() -> Article:
    """An opinion piece on a toll bridge: 5 paragraphs, 9 findings (two nested), genre, frames, 3 removed lines."""
    return _bridge_article()


@pytest.fixture
def hostile_article() -> Article:
    return _hostile_article()


@pytest.fixture
def make_analysis() -> Callable[..., Analysis]:
    """Factory: ``make_analysis(article, notes=None, provenance=None)`` -> a real :class:`slant.Analysis`
    as the pipeline makes it (summary from :func:`summarize`)."""
    return _make_analysis


def _installed_closure(requirements: list[str]) -> set[str]:
    """The distributions ``requirements`` install, with what they require in turn (no extras),
    as installed here: normalised names."""
    from importlib import metadata

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    seen: set[str] = set()
    todo = [Requirement(text) for text in requirements]
    while todo:
        requirement = todo.pop()
        name = canonicalize_name(requirement.name)
        if name in seen or (requirement.marker is not None and not requirement.marker.evaluate({"extra": ""})):
            continue
        seen.add(name)
        try:
            todo.extend(Requirement(text) for text in metadata.requires(name) or ())
        except metadata.PackageNotFoundError:
            continue
    return seen


@pytest.fixture(scope="session")
def plain_install() -> Callable[[list[str]], dict[str, set[str]]]:
    """A function from top-level module names to those (with their distributions) that no declared
    dependency of slant brings, directly or not: what `pip install .` without extras would lack.
    The test environment has the dev and train extras, whose torch brings more, and hides such gaps."""
    import sys
    from importlib import metadata

    pytest.importorskip("packaging.requirements")
    from packaging.utils import canonicalize_name

    distributions = metadata.packages_distributions()
    declared = _installed_closure(metadata.requires("slant") or [])

    def undeclared(modules: list[str]) -> dict[str, set[str]]:
        out = {}
        for module in modules:
            names = {canonicalize_name(name) for name in distributions.get(module, [])}
            if module not in sys.stdlib_module_names and names and not names & declared and module != "slant":
                out[module] = names
        return out

    return undeclared


@pytest.fixture
def bench_script() -> Callable[[str], Any]:
    """Load a script of bench/ by its name ("quality" for bench/quality.py), as a module."""
    folder = Path(__file__).resolve().parents[1] / "bench"

    def load(name: str) -> Any:
        spec = importlib.util.spec_from_file_location(f"bench_{name}", folder / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    return load
