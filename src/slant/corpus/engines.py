"""Where ``slant corpus add`` analyses: the engines.

An engine takes the articles to analyse (the stored ones were left out before, by
:func:`slant.corpus.add.add_articles`), analyses them ``batch_size`` at a time and yields each
:class:`~slant.doc.analysis.Analysis` and each failure as it is ready; only the caller writes
them to the store. Reading stays with the caller too: an engine receives Articles.

* ``local`` with one worker (the default): this process, batch after batch.
* ``local`` with N workers: a pool of N processes on this machine; each holds a copy of the
  pipeline and loads its models once, on its first batch.
* ``dask``: tasks on Dask distributed workers (:mod:`slant.corpus.dask_engine`).

The failure rules are the same in every engine, so a corpus comes out the same whichever ran it:

* an article the pipeline refuses, or on which a component raises, is a failure with its reason
  and the other articles of its batch are analysed (:func:`analyse_isolated`);
* a batch whose task fails as a whole (its worker process was killed, ran out of memory or
  crashed in native code) is run again one article at a time, with nothing else in flight, so
  that only the article that stops a worker is recorded as failed;
* a broken install or setting (:class:`ModelError`, :class:`ConfigError`) stops the run: it
  would fail every article the same way.

At most a few batches per worker are in flight at once (back-pressure): the inputs are read as
the analysis keeps up, never all into memory.
"""

from __future__ import annotations

import concurrent.futures
import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from slant.doc.analysis import Analysis
from slant.doc.article import Article
from slant.errors import ConfigError, ModelError, SlantError
from slant.ingest.reader import ReadFailure
from slant.runtime.pipeline import Pipeline, batches
from slant.settings import get_settings

log = logging.getLogger(__name__)

ENGINES = ("local", "dask")
# A broken install or setting fails every article alike: it stops the run instead of being recorded.
STOPPING_ERRORS = (ModelError, ConfigError)
# Batches in flight per worker: one running, one waiting, so a worker never idles between batches.
BATCHES_PER_WORKER = 2

Result = Analysis | ReadFailure
BatchResult = tuple[list[Analysis], list[ReadFailure]]


def check_engine(name: str, *, workers: int | None = None, scheduler: Any = None) -> str:
    """``name`` if it is an engine this slant runs with these options; a :class:`ConfigError`
    saying why not otherwise."""
    if name not in ENGINES:
        raise ConfigError(f"unknown engine {name!r}; the engines are: {', '.join(ENGINES)}")
    if workers is not None and workers < 1:
        raise ConfigError(f"--workers must be 1 or more, not {workers}")
    if name == "local" and scheduler is not None:
        raise ConfigError("--scheduler names a Dask scheduler: use it with --engine dask")
    if name == "dask":
        if scheduler is not None and workers is not None:
            raise ConfigError("give --scheduler (a running Dask cluster) or --workers (a cluster on this machine), "
                              "not both")
        try:
            import distributed  # noqa: F401
        except ImportError:
            raise ConfigError("the dask engine needs Dask: pip install 'slant[dask]' "
                              "(or 'dask[distributed]'), or use --engine local") from None
    return name


# -- one batch, wherever it runs ------------------------------------------------------------------


def analyse_isolated(pipeline: Pipeline, articles: list[Article]) -> BatchResult:
    """:meth:`Pipeline.analyse_batch`, except that an article on which a component raises is a
    failure too (with the error as its reason) and the other articles are analysed, one at a time
    once the batch has failed. :data:`STOPPING_ERRORS` propagate."""
    saved = [(dict(article.layers), dict(article.labels), article.language) for article in articles]
    try:
        return pipeline.analyse_batch(articles)
    except STOPPING_ERRORS:
        raise
    except Exception as exc:
        if len(articles) == 1:
            return [], [_failure(articles[0], exc)]
        log.debug("a batch of %d raised (%s: %s); analysing its articles one at a time",
                  len(articles), type(exc).__name__, exc)
    analyses: list[Analysis] = []
    failures: list[ReadFailure] = []
    for article, (layers, labels, language) in zip(articles, saved, strict=True):
        # what the failed batch run wrote on the article goes: it is analysed as if for the first time
        article.layers, article.labels, article.language = dict(layers), dict(labels), language
        try:
            done, refused = pipeline.analyse_batch([article])
        except STOPPING_ERRORS:
            raise
        except Exception as exc:
            failures.append(_failure(article, exc))
            continue
        analyses.extend(done)
        failures.extend(refused)
    return analyses, failures


def _failure(article: Article, exc: BaseException) -> ReadFailure:
    source = article.source or article.id
    if isinstance(exc, SlantError):
        return ReadFailure(source, str(exc))
    return ReadFailure(source, f"{source}: analysis failed ({type(exc).__name__}: {exc}); "
                               "the other articles went on")


def worker_threads(workers_here: int) -> int:
    """Encoder windows one worker process runs at once when ``workers_here`` processes share this
    machine: ``SLANT_THREADS`` when set, else the machine's cores shared out (1 to 4 each)."""
    settings = get_settings()
    if settings.threads:
        return settings.threads
    return max(1, min(4, (os.cpu_count() or 1) // max(1, workers_here)))


def set_threads(pipeline: Pipeline, threads: int) -> None:
    """Run ``threads`` encoder windows at once in ``pipeline`` (a copy a worker holds, before its first batch)."""
    if pipeline.encoder is not None:
        pipeline.encoder.threads = threads


# -- the engines ----------------------------------------------------------------------------------


class Engine:
    """Analyses batches of articles somewhere; :meth:`analyse` yields the results as they come."""

    name = "local"

    def describe(self) -> dict[str, Any]:
        """What the run record says about where the analysis ran."""
        return {"engine": self.name}

    def analyse(self, pipeline: Pipeline, items: Iterable[Article | ReadFailure],
                batch_size: int) -> Iterator[Result]:
        raise NotImplementedError


class InProcess(Engine):
    """``local`` with one worker: this process, batch after batch."""

    def describe(self) -> dict[str, Any]:
        return {"engine": self.name, "workers": 1}

    def analyse(self, pipeline: Pipeline, items: Iterable[Article | ReadFailure],
                batch_size: int) -> Iterator[Result]:
        for batch in batches(items, batch_size):
            if isinstance(batch, ReadFailure):
                yield batch
                continue
            analyses, failures = analyse_isolated(pipeline, batch)
            yield from analyses
            yield from failures


class Backend:
    """What :func:`run_bounded` needs from a pool of workers: submit a batch, wait for some."""

    slots: int = 1  # batches in flight at once

    def submit(self, articles: list[Article]) -> Any:
        """A future whose result is a :data:`BatchResult`."""
        raise NotImplementedError

    def wait(self, futures: list[Any]) -> Iterable[Any]:
        """Block until at least one of ``futures`` is done; those done."""
        raise NotImplementedError

    def lost(self, exc: BaseException) -> str | None:
        """Why the engine itself is gone (not just one task), when ``exc`` says so; the run stops."""
        return None

    def died(self, exc: BaseException) -> str:
        """The reason recorded for an article whose task failed as a whole."""
        return f"its worker failed ({type(exc).__name__}: {exc})"


def run_bounded(backend: Backend, items: Iterable[Article | ReadFailure], batch_size: int) -> Iterator[Result]:
    """Analyse ``items`` on ``backend`` with at most ``backend.slots`` batches in flight; yield
    results as batches finish. A batch whose task fails as a whole is run again article by
    article, each alone, so only an article that fails alone is recorded as failed."""
    in_flight: dict[Any, list[Article]] = {}
    suspects: deque[Article] = deque()

    def outcome(future: Any) -> BatchResult | BaseException:
        try:
            return future.result()
        except STOPPING_ERRORS:
            raise
        except Exception as exc:
            reason = backend.lost(exc)
            if reason is not None:
                raise SlantError(reason) from exc
            return exc

    def settle(limit: int) -> Iterator[Result]:
        """Collect finished batches until fewer than ``limit`` are in flight (``limit`` 1: none)."""
        while len(in_flight) >= limit and in_flight:
            for future in list(backend.wait(list(in_flight))):
                batch = in_flight.pop(future)
                result = outcome(future)
                if isinstance(result, BaseException):
                    log.warning("a batch of %d failed as a whole (%s); its articles run again one at a time",
                                len(batch), result)
                    suspects.extend(batch)
                    continue
                yield from result[0]
                yield from result[1]

    def run_suspects() -> Iterator[Result]:
        yield from settle(1)  # nothing else in flight: a failure now is the suspect's own
        while suspects:
            article = suspects.popleft()
            future = backend.submit([article])
            backend.wait([future])
            result = outcome(future)
            if isinstance(result, BaseException):
                source = article.source or article.id
                yield ReadFailure(source, f"{source}: not analysed: {backend.died(result)}; the other articles went on")
                continue
            yield from result[0]
            yield from result[1]

    for batch in batches(items, batch_size):
        if isinstance(batch, ReadFailure):
            yield batch
            continue
        in_flight[backend.submit(batch)] = batch
        yield from settle(max(1, backend.slots))
        if suspects:
            yield from run_suspects()
    yield from settle(1)
    if suspects:
        yield from run_suspects()


# -- local: a pool of processes -------------------------------------------------------------------

_process_pipeline: Pipeline | None = None


def _install_pipeline(pipeline: Pipeline, workers_here: int) -> None:
    global _process_pipeline
    set_threads(pipeline, worker_threads(workers_here))
    _process_pipeline = pipeline


def _analyse_in_process(articles: list[Article]) -> BatchResult:
    if _process_pipeline is None:  # the initializer always ran first; this is a pool misuse
        raise ConfigError("this process has no pipeline; it must be started by ProcessPool")
    return analyse_isolated(_process_pipeline, articles)


class ProcessPool(Engine, Backend):
    """``local`` with N workers: N processes on this machine, each holding a copy of the
    pipeline (sent once, when it starts). A process that dies is replaced."""

    def __init__(self, workers: int) -> None:
        if workers < 1:
            raise ConfigError(f"--workers must be 1 or more, not {workers}")
        self.workers = workers
        self.slots = workers * BATCHES_PER_WORKER
        self.pipeline: Pipeline | None = None
        self.executor: concurrent.futures.ProcessPoolExecutor | None = None

    def describe(self) -> dict[str, Any]:
        return {"engine": self.name, "workers": self.workers}

    def _start(self) -> concurrent.futures.ProcessPoolExecutor:
        # spawn: a fresh interpreter per worker, so no lock or thread of this process is inherited
        return concurrent.futures.ProcessPoolExecutor(
            self.workers, mp_context=multiprocessing.get_context("spawn"),
            initializer=_install_pipeline, initargs=(self.pipeline, self.workers))

    def submit(self, articles: list[Article]) -> concurrent.futures.Future:
        if self.executor is None:
            self.executor = self._start()
        try:
            return self.executor.submit(_analyse_in_process, articles)
        except BrokenProcessPool:  # a worker died: the pool is replaced, the batches in it run again
            self.executor.shutdown(wait=False, cancel_futures=True)
            self.executor = self._start()
            return self.executor.submit(_analyse_in_process, articles)

    def wait(self, futures: list[Any]) -> Iterable[Any]:
        return concurrent.futures.wait(futures, return_when=concurrent.futures.FIRST_COMPLETED).done

    def died(self, exc: BaseException) -> str:
        if isinstance(exc, BrokenProcessPool):
            return "the process analysing it stopped (killed, out of memory or crashed)"
        return super().died(exc)

    def analyse(self, pipeline: Pipeline, items: Iterable[Article | ReadFailure],
                batch_size: int) -> Iterator[Result]:
        self.pipeline = pipeline
        try:
            yield from run_bounded(self, items, batch_size)
        finally:
            if self.executor is not None:
                self.executor.shutdown(wait=True, cancel_futures=True)
                self.executor = None
