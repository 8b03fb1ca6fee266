"""Adding articles to a corpus: skip what is stored, analyse the rest, store them batch by batch.

:func:`add_articles` takes what the reader yields (Articles, and ReadFailures for inputs that
could not be read), leaves out articles whose id the store already holds (before any analysis,
so a rerun after a crash is cheap), analyses the others through an engine and writes each batch
of results, failures included, in one transaction. The store is the one writer: engines only
analyse, and their results come back to this process as they finish.

Engines (:mod:`slant.corpus.engines`): ``local`` runs in this process, or in ``workers``
processes of this machine; ``dask`` runs on the workers of a Dask cluster (``scheduler``) or of
a LocalCluster of ``workers`` processes. Whichever runs, the same articles give the same
analysis documents and the same failures.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from slant.corpus.engines import ENGINES, Engine, InProcess, ProcessPool, check_engine
from slant.corpus.store import Store
from slant.doc.analysis import Analysis
from slant.doc.article import Article
from slant.ingest.reader import ReadFailure
from slant.runtime.pipeline import Pipeline

log = logging.getLogger(__name__)

__all__ = ["ENGINES", "AddCounts", "add_articles", "check_engine"]


@dataclass
class AddCounts:
    """What a run of :func:`add_articles` did."""

    added: int = 0  # new articles stored
    stored_before: int = 0  # already in the store: skipped before analysis
    duplicates: int = 0  # analysed, but another copy was stored first (the same text twice in the inputs)
    failed: int = 0
    started: float = field(default_factory=time.monotonic)

    @property
    def seen(self) -> int:
        return self.added + self.stored_before + self.duplicates + self.failed

    def rate(self) -> float:
        """Articles analysed per second so far."""
        elapsed = time.monotonic() - self.started
        return (self.added + self.duplicates) / elapsed if elapsed > 0 else 0.0


def _unstored(store: Store, items: Iterable[Article | ReadFailure], chunk: int, counts: AddCounts,
              on_skip: Callable[[Article], None] | None) -> Iterator[Article | ReadFailure]:
    """``items`` less the articles the store holds (one query per ``chunk`` items) and less
    repeats of an article met earlier in this run."""
    seen: set[str] = set()
    pending: list[Article | ReadFailure] = []

    def flush() -> Iterator[Article | ReadFailure]:
        ids = [item.id for item in pending if isinstance(item, Article)]
        stored = store.known_ids(ids) if ids else set()
        for item in pending:
            if isinstance(item, Article):
                article_id = item.id
                if article_id in stored or article_id in seen:
                    counts.stored_before += article_id in stored
                    counts.duplicates += article_id not in stored
                    log.info("%s: already in the corpus as %s; skipped", item.source, article_id)
                    if on_skip is not None:
                        on_skip(item)
                    continue
                seen.add(article_id)
            yield item
        pending.clear()

    for item in items:
        pending.append(item)
        if len(pending) >= chunk:
            yield from flush()
    yield from flush()


@contextlib.contextmanager
def open_engine(name: str = "local", *, workers: int | None = None, scheduler: Any = None) -> Iterator[Engine]:
    """The engine ``name`` ready to analyse, closed (its workers stopped) on leaving.

    ``local``: ``workers`` processes (default 1: this process). ``dask``: the scheduler at
    ``scheduler`` (an address such as ``tcp://10.0.0.5:8786``, or a ``distributed.Client``), or
    else a LocalCluster of ``workers`` processes (default: one per core)."""
    check_engine(name, workers=workers, scheduler=scheduler)
    if name == "local":
        yield InProcess() if (workers or 1) == 1 else ProcessPool(workers or 1)
        return
    from slant.corpus.dask_engine import DaskEngine

    with DaskEngine.open(scheduler=scheduler, workers=workers) as engine:
        yield engine


def add_articles(
    store: Store,
    items: Iterable[Article | ReadFailure],
    pipeline: Pipeline,
    *,
    engine: str = "local",
    workers: int | None = None,
    scheduler: Any = None,
    batch_size: int | None = None,
    run_options: dict[str, Any] | None = None,
    on_result: Callable[[Analysis | ReadFailure | Article, AddCounts], None] | None = None,
) -> AddCounts:
    """Analyse and store ``items``; returns the counts. ``on_result`` is called for each
    analysis and failure once it is committed, and for each article skipped as stored (for a
    progress display). Failures are stored with their reason and the batch goes on.

    ``engine``, ``workers`` and ``scheduler``: where the analysis runs (see
    :func:`open_engine`); the results are the same."""
    check_engine(engine, workers=workers, scheduler=scheduler)
    size = batch_size or pipeline.batch_size
    counts = AddCounts()
    with open_engine(engine, workers=workers, scheduler=scheduler) as runner:
        options = {**(run_options or {}), "engine": runner.describe()}
        return _add(store, items, pipeline, runner, size, counts, options, on_result)


def _add(store: Store, items: Iterable[Article | ReadFailure], pipeline: Pipeline, runner: Engine, size: int,
         counts: AddCounts, options: dict[str, Any],
         on_result: Callable[[Analysis | ReadFailure | Article, AddCounts], None] | None) -> AddCounts:
    run_id = store.start_run(engine=runner.name, options=options)
    pending: list[Analysis] = []
    failed: list[ReadFailure] = []

    def commit() -> None:
        if not pending and not failed:
            return
        result = store.write_batch(pending, failed, run_id=run_id)
        counts.added += result.added
        counts.duplicates += result.duplicates
        counts.failed += result.failed
        if on_result is not None:
            for item in [*pending, *failed]:
                on_result(item, counts)
        pending.clear()
        failed.clear()

    def skipped(article: Article) -> None:
        if on_result is not None:
            on_result(article, counts)

    status = "interrupted"
    results = runner.analyse(pipeline, _unstored(store, items, size, counts, skipped), size)
    try:
        for result in results:
            if isinstance(result, ReadFailure):
                failed.append(result)
            else:
                pending.append(result)
            if len(pending) + len(failed) >= size:
                commit()
        commit()
        status = "done"
    finally:
        results.close()  # stops the engine's workers now, whatever stopped the loop
        if status == "done":
            store.finish_run(run_id, status)
        else:  # interrupted (Ctrl-C) or failed: keep the analyses already made, if the store lets us
            with contextlib.suppress(Exception):
                commit()
            with contextlib.suppress(Exception):
                store.finish_run(run_id, status)
    return counts
