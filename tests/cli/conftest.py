"""Fake pipeline components for the command-line tests: the real ones load trained models.

``fake_models`` swaps the component registry's factories for three tiny components that need
no encoder: techniques marks every "hooligans" (name calling) and "shameful" (loaded
language); genre says "reporting"; frames says "Security_and_defense". ``fake_models.batches``
records the size of every batch the techniques component saw.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from slant.components.base import Component
from slant.doc.article import Span
from slant.runtime import pipeline as pipeline_module

TESTS = Path(__file__).resolve().parents[1]
ROOT = TESTS.parent
EXAMPLE = ROOT / "examples" / "port-city-unrest.txt"
FIXTURES = TESTS / "fixtures"
WORDS = {"hooligans": "Name_Calling-Labeling", "shameful": "Loaded_Language"}


class FakeTechniques(Component):
    name = "techniques"
    assigns = ("techniques", "paragraph_techniques")
    batches: list[int] = []

    def __init__(self, options) -> None:
        self.options = options

    def __call__(self, articles, states) -> None:
        FakeTechniques.batches.append(len(articles))
        for article in articles:
            spans = []
            lowered = article.text.lower()
            for word, label in WORDS.items():
                start = lowered.find(word)
                if start >= 0:
                    spans.append(Span(start, start + len(word), label, 0.9, {"model": "fake"}))
            article.set_layer("techniques", spans)
            by_paragraph = []
            for span in spans:
                index = article.paragraph_of(span.start)
                if index is not None:
                    paragraph = article.paragraphs[index]
                    by_paragraph.append(Span(paragraph.start, paragraph.end, span.label, 0.9, {"model": "fake"}))
            article.set_layer("paragraph_techniques", by_paragraph)


class FakeGenre(Component):
    name = "genre"
    requires = ("techniques",)
    assigns = ("genre",)

    def __init__(self, options) -> None:
        pass

    def __call__(self, articles, states) -> None:
        for article in articles:
            article.labels["genre"] = {"label": "reporting", "score": 0.8,
                                       "scores": {"reporting": 0.8, "opinion": 0.15, "satire": 0.05}, "model": "fake"}


class FakeFrames(Component):
    name = "frames"
    requires = ("techniques",)
    assigns = ("frames",)

    def __init__(self, options) -> None:
        pass

    def __call__(self, articles, states) -> None:
        for article in articles:
            article.labels["frames"] = {"labels": [{"label": "Security_and_defense", "score": 0.7}],
                                        "scores": {"Security_and_defense": 0.7}, "model": "fake"}


FACTORIES = {"techniques": FakeTechniques, "genre": FakeGenre, "frames": FakeFrames}


@pytest.fixture
def fake_models(monkeypatch):
    FakeTechniques.batches = []
    monkeypatch.setattr(pipeline_module, "load_factory", lambda name: FACTORIES[name])
    monkeypatch.setattr(pipeline_module, "default_components", lambda: list(FACTORIES))
    return FakeTechniques


@pytest.fixture
def umask_022():
    """Run with the usual umask, whatever the test runner's is."""
    import os

    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.fixture
def streamed_batch_sizes(monkeypatch):
    """The batch_size of every Pipeline.stream call (the one batch loop) a command makes."""
    from slant.runtime.pipeline import Pipeline

    sizes = []
    original = Pipeline.stream

    def spy(self, items, batch_size=None):
        sizes.append(batch_size)
        return original(self, items, batch_size)

    monkeypatch.setattr(Pipeline, "stream", spy)
    return sizes
