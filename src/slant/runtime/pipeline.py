"""The analysis pipeline: read -> (encoder pass) -> components in order -> summary.

Components come from the registry (:mod:`slant.components.base`); the pipeline builds them,
checks that each one's requirements are met by the reader, the encoder or an earlier
component, and runs the encoder once per window for all components that read it. Models load
lazily, once per :class:`Pipeline`; a pipeline pickles, so worker processes can hold one each.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from slant.components.base import (
    BUILTIN_COMPONENTS,
    ENCODER,
    TOKEN_VECTORS,
    ComponentOptions,
    check_order,
    default_components,
    load_factory,
)
from slant.components.encoded import ArticleState
from slant.components.summary import summarize
from slant.doc.analysis import Analysis
from slant.doc.article import Article
from slant.errors import BadInputError, ConfigError, InputTooLargeError, SlantError
from slant.ingest.language import MIN_LETTERS
from slant.ingest.reader import ReadFailure, read
from slant.ingest.segment import resegment_sentences, segment
from slant.runtime.encoder import Encoder
from slant.settings import get_settings
from slant.version import __version__

log = logging.getLogger(__name__)


class Pipeline:
    """Reusable analysis pipeline. ``pipeline(document)`` analyses one input;
    :meth:`pipe` streams many; :meth:`stream` is the batch loop that records failures."""

    def __init__(
        self,
        components: Iterable[str] | None = None,
        *,
        models: Path | None = None,
        precision_first: bool = False,
        min_confidence: float = 0.0,
        language: str | None = None,
        max_chars: int | None = None,
        threads: int | None = None,
        with_components: Iterable[str] = (),
        without_components: Iterable[str] = (),
    ) -> None:
        """``components``: the components to run, in order (default: :func:`default_components`);
        ``with_components``: registered components to run besides those (e.g. a plugin's);
        ``without_components``: components to leave out (e.g. ``entities``, for speed)."""
        settings = get_settings()
        self.component_names = list(components) if components is not None else default_components()
        unknown = sorted(set(without_components) - set(BUILTIN_COMPONENTS) - set(with_components)
                         - set(self.component_names))
        if unknown:
            raise ConfigError(f"cannot leave out {', '.join(unknown)}: the components are "
                              f"{', '.join(self.component_names)}")
        self.component_names = [name for name in self.component_names if name not in set(without_components)]
        extra = [name for name in with_components if name not in self.component_names]
        if extra:  # named components take their registry place (entities before attributions)
            order = {name: index for index, name in enumerate(BUILTIN_COMPONENTS)}
            names = self.component_names + extra
            self.component_names = sorted(names, key=lambda name: (order.get(name, len(order)), names.index(name)))
        self.models = Path(models) if models else settings.models_dir
        self.options = ComponentOptions(self.models, precision_first=precision_first)
        self.components = [load_factory(name)(self.options) for name in self.component_names]
        check_order(self.components)
        encoder_models = {c.encoder_model for c in self.components if ENCODER in c.requires}
        # whether a component reads token-level encoder outputs (its head's, or the vectors)
        self.token_vectors = any(TOKEN_VECTORS in c.requires for c in self.components)
        if len(encoder_models) > 1:
            raise ConfigError(f"components read different encoders ({', '.join(sorted(encoder_models))}); "
                              "one pipeline runs one encoder")
        self.encoder = Encoder(self.models / encoder_models.pop(), threads) if encoder_models else None
        self.min_confidence = min_confidence
        self.language = language if language and language != "auto" else None
        self.max_chars = max_chars or settings.max_chars
        self.batch_size = settings.batch_size

    def _token_heads(self) -> tuple[dict, bool]:
        """The token heads the encoder runs as it goes (by component name), and whether it must
        keep the token vectors too, for a component without a head it can run so."""
        heads, keep_vectors = {}, False
        for component in self.components:
            if TOKEN_VECTORS not in component.requires:
                continue
            head = component.token_head()
            if head is not None and head.reads_padded_vectors:
                heads[component.name] = head
            else:
                keep_vectors = True
        return heads, keep_vectors

    def component(self, name: str):
        for component in self.components:
            if component.name == name:
                return component
        raise ConfigError(f"this pipeline has no component {name!r}; it has {', '.join(self.component_names)}")

    def model_versions(self) -> dict[str, str]:
        versions = {}
        for component in self.components:
            version = component.model_version()
            if version:
                versions[component.name] = version
        return versions

    # -- reading ---------------------------------------------------------------------------------
    def read(self, document: Any) -> Article:
        """An Article from an Article, a :class:`pathlib.Path` (a file), or ``str``/``bytes``
        content (HTML or text; a string is never taken for a file name)."""
        if isinstance(document, Article):
            if not document.paragraphs:
                segment(document)
            return document
        return read(document, language=self.language)

    # -- running ---------------------------------------------------------------------------------
    def __call__(self, document: Any) -> Analysis:
        return self.analyse_articles([self.read(document)])[0]

    def pipe(self, documents: Iterable[Any], batch_size: int | None = None) -> Iterator[Analysis]:
        """Analyse many inputs; raises on the first input that cannot be read or analysed (use
        :meth:`stream` to record failures and go on)."""
        def articles() -> Iterator[Article]:
            for document in documents:
                yield self.read(document)

        for result in self.stream(articles(), batch_size):
            if isinstance(result, ReadFailure):
                raise SlantError(result.error)
            yield result

    def stream(self, items: Iterable[Article | ReadFailure], batch_size: int | None = None
               ) -> Iterator[Analysis | ReadFailure]:
        """The batch loop: articles are analysed ``batch_size`` at a time; a failure (one read
        that failed, or an article the pipeline refuses) is yielded as a :class:`ReadFailure` in
        its place and the rest go on."""
        for batch in batches(items, batch_size or self.batch_size):
            if isinstance(batch, ReadFailure):
                yield batch
            else:
                yield from self._analyse_or_record(batch)

    def _analyse_or_record(self, articles: list[Article]) -> Iterator[Analysis | ReadFailure]:
        analyses, failures = self.analyse_batch(articles)
        yield from analyses
        yield from failures

    def analyse_batch(self, articles: list[Article]) -> tuple[list[Analysis], list[ReadFailure]]:
        """:meth:`analyse_articles`, except that an article the pipeline refuses (one over the
        size limit) is returned as a failure and the others are analysed, together unless
        another refusal makes it one at a time."""
        failures: list[ReadFailure] = []
        accepted: list[Article] = []
        for article in articles:
            try:
                self._check_size(article)
            except SlantError as exc:
                failures.append(ReadFailure(article.source or article.id, str(exc)))
            else:
                accepted.append(article)
        try:
            return (self.analyse_articles(accepted) if accepted else []), failures
        except BadInputError as exc:  # refused for another reason: find which article, keep the rest
            log.debug("batch fell back to single articles: %s", exc)
        analyses: list[Analysis] = []
        for article in accepted:
            try:
                analyses.extend(self.analyse_articles([article]))
            except BadInputError as exc:
                failures.append(ReadFailure(article.source or article.id, str(exc)))
        return analyses, failures

    def _check_size(self, article: Article) -> None:
        if len(article.text) > self.max_chars:
            raise InputTooLargeError(
                f"{article.source}: {len(article.text):,} characters is over the analysis limit of "
                f"{self.max_chars:,}; raise it with --max-chars (Python: max_chars=, or SLANT_MAX_CHARS) "
                "or split the input"
            )

    def analyse_articles(self, articles: list[Article]) -> list[Analysis]:
        states = [ArticleState() for _ in articles]
        runnable: list[int] = []
        for index, article in enumerate(articles):
            if self.language:
                article.language = self.language
            self._check_size(article)
            resegment_sentences(article)  # a text over the default limit, which this pipeline's allows
            if not article.text.strip():
                states[index].notes.append("the article has no text to analyse")
                continue
            runnable.append(index)
        if self.encoder is not None:
            encodable = []
            for index in runnable:
                article = articles[index]
                if self.encoder.supports(article):
                    encodable.append(index)
                elif article.language is None and (letters := sum(ch.isalpha() for ch in article.text)) < MIN_LETTERS:
                    states[index].notes.append(
                        f"not analysed: the text is too short to tell its language ({letters} letters); pass "
                        f"--language (Python: language=) if it is one of {', '.join(sorted(self.encoder.languages))}"
                    )
                else:
                    states[index].notes.append(
                        f"not analysed for language {article.language or 'unknown'}: the models cover "
                        f"{', '.join(sorted(self.encoder.languages))} (use --language to override detection)"
                    )
            heads, keep_vectors = self._token_heads()
            encoded_articles = self.encoder.encode([articles[i] for i in encodable], keep_vectors, heads)
            for index, encoded in zip(encodable, encoded_articles, strict=True):
                states[index].encoded = encoded
        batch = [articles[i] for i in runnable]
        batch_states = [states[i] for i in runnable]
        with _one_blas_thread():
            for component in self.components:
                if batch:
                    component(batch, batch_states)
        if self.min_confidence > 0:
            for article in batch:
                for layer in ("techniques", "paragraph_techniques"):
                    if layer in article.layers:
                        article.set_layer(
                            layer, [s for s in article.layers[layer] if (s.score or 0) >= self.min_confidence]
                        )
        provenance = {"slant_version": __version__, "models": self.model_versions()}
        return [
            Analysis(article, summarize(article), state.notes, dict(provenance))
            for article, state in zip(articles, states, strict=True)
        ]


_default_pipeline: Pipeline | None = None


def load_pipeline(**kwargs: Any) -> Pipeline:
    """A pipeline whose models load on first use; with no arguments, one shared per process."""
    global _default_pipeline
    if kwargs:
        return Pipeline(**kwargs)
    if _default_pipeline is None:
        _default_pipeline = Pipeline()
    return _default_pipeline


def analyze(document: Any, **kwargs: Any) -> Analysis:
    """Analyse one input: ``str``/``bytes`` content, a :class:`pathlib.Path`, or an Article."""
    return load_pipeline(**kwargs)(document)


def batches(items: Iterable[Article | ReadFailure], size: int) -> Iterator[list[Article] | ReadFailure]:
    """The articles of ``items`` in lists of ``size`` (the last may be shorter), each failure
    on its own as it comes: the batches :meth:`Pipeline.stream` makes."""
    batch: list[Article] = []
    for item in items:
        if isinstance(item, ReadFailure):
            yield item
            continue
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _one_blas_thread():
    """The components' matrix products (entity and classifier heads: a few hundred rows at a time)
    run on one BLAS thread. OpenBLAS's own threads cost more than they give at these sizes and,
    on a busy machine, wait on each other: on 2 shared cores the entity head of a 40-token window
    took 61 ms with them and 1.6 ms on one thread, with the same result."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")
