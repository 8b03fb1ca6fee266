"""The analysis pipeline: read -> normalise -> segment -> language -> techniques (paragraphs and
spans) -> genre and frames -> summary.

Components are declared once in :data:`COMPONENTS`; each adds a layer or labels to the Article.
Models load lazily, once per :class:`Pipeline`, and :meth:`Pipeline.pipe` batches many articles
through one encoder run.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .article import Article, SlantError, Span

log = logging.getLogger(__name__)

MODELS_DIR = Path(__file__).resolve().parent / "models"
# Analysis cost grows with the text; beyond this a run would take minutes and hold every window in memory.
DEFAULT_MAX_CHARS = 1_000_000


def models_dir() -> Path:
    return Path(os.environ.get("SLANT_MODELS_DIR") or MODELS_DIR)


def _technique_component(models: Path, options: dict):
    from .techniques import TechniqueTagger

    return TechniqueTagger(models / "techniques", precision_first=options.get("precision_first", False))


def _genre_component(models: Path, options: dict):
    from .classifiers import ArticleClassifier

    return ArticleClassifier(models / "genre")


def _frames_component(models: Path, options: dict):
    from .classifiers import ArticleClassifier

    return ArticleClassifier(models / "frames")


# name -> factory(models_dir, options); order is execution order. Later components read what
# earlier ones left in the batch context (the encoder's features serve genre and frames).
COMPONENTS: dict[str, Callable[[Path, dict], Any]] = {
    "techniques": _technique_component,
    "genre": _genre_component,
    "frames": _frames_component,
}


@dataclass
class Analysis:
    """One analysed article: the Article with its layers and labels, notes and provenance."""

    article: Article
    notes: list[str] = field(default_factory=list)
    provenance: dict[str, Any] = field(default_factory=dict)
    _summary: dict | None = field(default=None, repr=False)

    @property
    def findings(self) -> list[Span]:
        return self.article.layers.get("techniques", [])

    @property
    def paragraph_findings(self) -> list[Span]:
        return self.article.layers.get("paragraph_techniques", [])

    @property
    def summary(self) -> dict:
        if self._summary is None:
            from .summary import summarize

            self._summary = summarize(self.article)
        return self._summary

    def to_dict(self) -> dict[str, Any]:
        from .report import analysis_document

        return analysis_document(self.article, self.notes, self.provenance, self.summary)

    def to_json(self, **kwargs: Any) -> str:
        kwargs.setdefault("ensure_ascii", False)
        return json.dumps(self.to_dict(), **kwargs)

    def to_html(self) -> str:
        from .render.html import render_html

        return render_html(self)

    def to_text(self, width: int | None = None) -> str:
        from .render.terminal import render_text

        return render_text(self, width=width) if width else render_text(self)


class Pipeline:
    """Reusable analysis pipeline. ``pipeline(source)`` analyses one input; ``pipeline.pipe(...)``
    streams many (sources or Articles) in batches."""

    def __init__(
        self,
        components: Iterable[str] | None = None,
        *,
        models: Path | None = None,
        precision_first: bool = False,
        min_confidence: float = 0.0,
        language: str | None = None,
        max_chars: int = DEFAULT_MAX_CHARS,
    ) -> None:
        self.component_names = list(components or COMPONENTS)
        unknown = [name for name in self.component_names if name not in COMPONENTS]
        if unknown:
            raise SlantError(f"unknown pipeline component(s) {unknown}; available: {', '.join(COMPONENTS)}")
        self.models = Path(models) if models else models_dir()
        self.options = {"precision_first": precision_first}
        self.min_confidence = min_confidence
        self.language = language if language and language != "auto" else None
        self.max_chars = max_chars
        self._components: dict[str, Any] = {}
        self._model_versions: dict[str, str] | None = None

    def component(self, name: str):
        if name not in self._components:
            self._components[name] = COMPONENTS[name](self.models, self.options)
        return self._components[name]

    def model_versions(self) -> dict[str, str]:
        if self._model_versions is not None:
            return self._model_versions
        versions = {}
        for name in self.component_names:
            folder = self.models / name
            meta = folder / "meta.json"
            if meta.exists():
                data = json.loads(meta.read_text())
                versions[name] = f"{data.get('name', name)} (trained {data.get('trained_at', '?')})"
        self._model_versions = versions
        return versions

    # -- running ---------------------------------------------------------------------------------
    def read(self, source: Any) -> Article:
        if isinstance(source, Article):
            article = source
            if not article.paragraphs:
                from .segment import segment

                segment(article)
            return article
        from .reader import read

        if isinstance(source, str) and source[:8].lower().startswith(("http://", "https://")) and "\n" not in source:
            raise SlantError(
                f"{source}: slant works offline and does not fetch pages; save the page "
                "(e.g. `curl -o page.html URL`) and analyse the file"
            )
        if isinstance(source, str) and source.startswith("file://") and "\n" not in source:
            from urllib.parse import unquote, urlparse

            source = Path(unquote(urlparse(source).path))
        return read(source, language=self.language)

    def __call__(self, source: Any) -> Analysis:
        return next(iter(self.pipe([source])))

    def pipe(self, sources: Iterable[Any], batch_size: int = 8) -> Iterator[Analysis]:
        """Analyse many inputs; raises on the first input that cannot be read or analysed (batches
        that must go on read each input themselves and use :meth:`analyse_batch`)."""
        batch: list[Article] = []
        for source in sources:
            batch.append(self.read(source))
            if len(batch) >= batch_size:
                yield from self.analyse_articles(batch)
                batch = []
        if batch:
            yield from self.analyse_articles(batch)

    def analyse_batch(self, articles: list[Article]) -> tuple[list[Analysis], list[dict[str, str]]]:
        """:meth:`analyse_articles`, except that an article the pipeline refuses (one over the
        size limit) is returned as a failure, ``{"source", "error"}``, and the others are
        analysed, together unless another refusal makes it one at a time."""
        failures: list[dict[str, str]] = []
        accepted: list[Article] = []
        for article in articles:
            try:
                self._check_size(article)
            except SlantError as exc:
                failures.append({"source": article.source or article.id, "error": str(exc)})
            else:
                accepted.append(article)
        try:
            return (self.analyse_articles(accepted) if accepted else []), failures
        except SlantError as exc:  # refused for another reason: find which article, keep the rest
            log.debug("batch fell back to single articles: %s", exc)
        analyses: list[Analysis] = []
        for article in accepted:
            try:
                analyses.extend(self.analyse_articles([article]))
            except SlantError as exc:
                failures.append({"source": article.source or article.id, "error": str(exc)})
        return analyses, failures

    def _check_size(self, article: Article) -> None:
        if len(article.text) > self.max_chars:
            raise SlantError(
                f"{article.source}: {len(article.text):,} characters is over the analysis limit of "
                f"{self.max_chars:,}; raise it with --max-chars (Python: max_chars=) or split the input"
            )

    def analyse_articles(self, articles: list[Article]) -> list[Analysis]:
        notes: dict[str, list[str]] = {article.id: [] for article in articles}
        runnable: list[Article] = []
        for article in articles:
            if self.language:
                article.language = self.language
            self._check_size(article)
            if not article.text.strip():
                notes[article.id].append("the article has no text to analyse")
                continue
            runnable.append(article)
        context: dict[str, Any] = {}
        for name in self.component_names:
            if runnable:
                self.component(name)(runnable, context)
        for article_id, message in context.get("skipped", {}).items():
            notes.setdefault(article_id, []).append(message)
        if self.min_confidence > 0:
            for article in runnable:
                for layer in ("techniques", "paragraph_techniques"):
                    if layer in article.layers:
                        article.set_layer(
                            layer, [s for s in article.layers[layer] if (s.score or 0) >= self.min_confidence]
                        )
        provenance = {"slant_version": __version__, "models": self.model_versions()}
        return [Analysis(article, notes.get(article.id, []), dict(provenance)) for article in articles]


_default_pipeline: Pipeline | None = None


def load_pipeline(**kwargs: Any) -> Pipeline:
    """A pipeline whose models load on first use; with no arguments, one shared per process."""
    global _default_pipeline
    if kwargs:
        return Pipeline(**kwargs)
    if _default_pipeline is None:
        _default_pipeline = Pipeline()
    return _default_pipeline


def analyze(source: Any, **kwargs: Any) -> Analysis:
    """Analyse one input: a path, an HTML or text string, bytes, or an Article."""
    return load_pipeline(**kwargs)(source)
