"""The ``dask`` engine: batches of articles analysed as tasks on Dask distributed workers.

The process that runs ``slant corpus add`` is the Dask client: it reads the inputs, leaves out
the stored articles, submits batches as tasks (a few per worker at a time) and writes each
result to the store as its task finishes; the workers only analyse. Each worker receives the
pipeline once, through a worker plugin (a worker that joins later receives it as it joins), and
loads its models on its first batch; its batches then run one at a time on that one copy.

Where the workers come from: a running cluster (``scheduler``: ``tcp://HOST:8786`` after
``dask scheduler`` there and ``dask worker tcp://HOST:8786`` on each machine), or a LocalCluster
of N processes (one thread each) started here for the run. Each worker process runs as many
encoder windows at once as its machine's cores, shared among the workers on that machine
(``SLANT_THREADS`` set on a worker overrides). Workers need slant installed, at the same version,
and the model folders the client's pipeline names.

:func:`dask_map` runs any per-item function over a stream in chunked tasks, results in order:
syndication's MinHash sketches are computed that way.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
import uuid
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import distributed
from distributed import Client, KilledWorker, LocalCluster, WorkerPlugin, get_worker

from slant.corpus.engines import (
    BATCHES_PER_WORKER,
    Backend,
    BatchResult,
    Engine,
    Result,
    analyse_isolated,
    run_bounded,
    set_threads,
    worker_threads,
)
from slant.doc.article import Article
from slant.errors import ConfigError, ModelError
from slant.ingest.reader import ReadFailure
from slant.runtime.pipeline import Pipeline

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 20  # to reach a scheduler
WORKERS_TIMEOUT_S = 60  # for a scheduler without workers to get one
SLOTS_REFRESH_S = 5.0  # how often the number of workers is read again


class PipelinePlugin(WorkerPlugin):
    """The pipeline on a worker: one copy per worker process, its batches one at a time."""

    idempotent = False

    def __init__(self, name: str, pipeline: Pipeline, workers_per_host: dict[str, int]) -> None:
        self.name = name
        self.pipeline = pipeline
        self.workers_per_host = workers_per_host
        self.lock = threading.Lock()
        self.missing_models: str | None = None

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        del state["lock"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.lock = threading.Lock()

    def setup(self, worker: Any) -> None:
        here = self.workers_per_host.get(_host(worker.address), 1)
        set_threads(self.pipeline, worker_threads(here))
        self.missing_models = None if Path(self.pipeline.models).is_dir() else (
            f"the Dask worker {worker.address} has no model folder at {self.pipeline.models}, where the "
            "pipeline names it: install slant at the same path on every machine (the same image or virtual "
            "environment), or set SLANT_MODELS_DIR to one shared folder")

    def analyse(self, articles: list[Article]) -> BatchResult:
        if self.missing_models:  # every article would fail alike: the run stops with this message
            raise ModelError(self.missing_models)
        # a worker with several threads still runs one batch at a time: the pipeline's encoder
        # already spreads a batch over the cores
        with self.lock:
            return analyse_isolated(self.pipeline, articles)


@contextlib.contextmanager
def _quiet_distributed() -> Iterator[None]:
    """distributed logs every start and stop of a cluster at INFO, by its own configuration: a
    run shows its warnings only, unless more was asked for (``slant -v``)."""
    logger = logging.getLogger("distributed")
    before = logger.level
    if not log.isEnabledFor(logging.INFO):
        logger.setLevel(max(before, logging.WARNING))
    try:
        yield
    finally:
        logger.setLevel(before)


def _analyse_on_worker(plugin_name: str, articles: list[Article]) -> BatchResult:
    return get_worker().plugins[plugin_name].analyse(articles)


def _host(address: str) -> str:
    return urlsplit(address).hostname or address


class DaskEngine(Engine, Backend):
    """Analysis on the workers of a Dask cluster, through ``client``."""

    name = "dask"

    def __init__(self, client: Client, *, local_workers: int | None = None) -> None:
        self.client = client
        self.local_workers = local_workers
        self.plugin_name = ""
        self._slots = BATCHES_PER_WORKER
        self._slots_read_at = float("-inf")

    @classmethod
    @contextlib.contextmanager
    def open(cls, *, scheduler: str | Client | None = None, workers: int | None = None) -> Iterator[DaskEngine]:
        """Connected to the scheduler at ``scheduler`` (or through a given Client, left open), or
        to a LocalCluster of ``workers`` processes (default: one per core) that stops on leaving."""
        if isinstance(scheduler, Client):
            yield cls(scheduler)
            return
        with contextlib.ExitStack() as stack:
            stack.enter_context(_quiet_distributed())
            if scheduler is None:
                count = workers or os.cpu_count() or 1
                cluster = stack.enter_context(LocalCluster(
                    n_workers=count, threads_per_worker=1, processes=True, dashboard_address=None,
                    silence_logs=logging.CRITICAL))  # a worker's death is recorded against its article instead
                client = stack.enter_context(Client(cluster))
                yield cls(client, local_workers=count)
                return
            try:
                client = stack.enter_context(Client(scheduler, timeout=CONNECT_TIMEOUT_S))
            except (OSError, TimeoutError, ValueError) as exc:
                raise ConfigError(f"cannot reach the Dask scheduler at {scheduler} ({exc}); start one with "
                                  "`dask scheduler` and workers with `dask worker ADDRESS`, or use --workers N "
                                  "for a cluster on this machine") from None
            yield cls(client)

    @property
    def address(self) -> str:
        return self.client.scheduler.address or "?"

    def describe(self) -> dict[str, Any]:
        workers = self.client.scheduler_info(n_workers=-1).get("workers", {})
        described: dict[str, Any] = {"engine": self.name, "workers": len(workers)}
        if self.local_workers is None:
            described["scheduler"] = self.address
        return described

    # -- Backend ----------------------------------------------------------------------------------
    @property
    def slots(self) -> int:
        # read again every few seconds: workers may join or leave during a run
        now = time.monotonic()
        if now - self._slots_read_at > SLOTS_REFRESH_S:
            self._slots = max(1, len(self.client.nthreads())) * BATCHES_PER_WORKER
            self._slots_read_at = now
        return self._slots

    def submit(self, articles: list[Article]) -> distributed.Future:
        return self.client.submit(_analyse_on_worker, self.plugin_name, articles, pure=False)

    def wait(self, futures: list[Any]) -> Iterable[Any]:
        return distributed.wait(futures, return_when="FIRST_COMPLETED").done

    def lost(self, exc: BaseException) -> str | None:
        if isinstance(exc, CancelledError) or self.client.status not in ("running", "connecting"):
            return (f"lost the Dask scheduler at {self.address} ({type(exc).__name__}: {exc}); the articles "
                    "stored so far are kept: rerun the same command to resume")
        return None

    def died(self, exc: BaseException) -> str:
        if isinstance(exc, KilledWorker):
            return "every Dask worker that analysed it died (killed, out of memory or crashed)"
        return super().died(exc)

    # -- Engine -----------------------------------------------------------------------------------
    def analyse(self, pipeline: Pipeline, items: Iterable[Article | ReadFailure],
                batch_size: int) -> Iterator[Result]:
        try:
            self.client.wait_for_workers(1, timeout=WORKERS_TIMEOUT_S)
        except TimeoutError:
            raise ConfigError(f"the Dask scheduler at {self.address} has no workers after {WORKERS_TIMEOUT_S} s; "
                              f"start some with `dask worker {self.address}`") from None
        workers = self.client.scheduler_info(n_workers=-1).get("workers", {})
        per_host = Counter(_host(address) for address in workers)
        self.plugin_name = f"slant-pipeline-{uuid.uuid4().hex[:12]}"
        self.client.register_plugin(PipelinePlugin(self.plugin_name, pipeline, dict(per_host)), name=self.plugin_name)
        log.info("analysing on %d Dask workers at %s", len(workers), self.address)
        try:
            yield from run_bounded(self, items, batch_size)
        finally:
            if self.client.status == "running":
                with contextlib.suppress(Exception):
                    self.client.unregister_worker_plugin(self.plugin_name)


def _apply(function: Callable[[Any], Any], chunk: list[Any]) -> list[Any]:
    return [function(item) for item in chunk]


def dask_map(client: Client, function: Callable[[Any], Any], items: Iterable[Any], *,
             chunk_size: int = 200, in_flight: int | None = None) -> Iterator[Any]:
    """``function(item)`` for every item, computed on the Dask workers ``chunk_size`` items per
    task and yielded in the order of ``items``; at most ``in_flight`` tasks at once (default two
    per worker), so ``items`` is read as the workers keep up. ``function`` must pickle (a
    module-level function, or a functools.partial of one)."""
    if chunk_size < 1:
        raise ConfigError(f"chunk_size must be 1 or more, not {chunk_size}")
    if in_flight is None:
        in_flight = max(1, len(client.nthreads())) * BATCHES_PER_WORKER
    pending: deque[distributed.Future] = deque()
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= chunk_size:
            pending.append(client.submit(_apply, function, chunk, pure=False))
            chunk = []
            if len(pending) >= in_flight:
                yield from pending.popleft().result()
    if chunk:
        pending.append(client.submit(_apply, function, chunk, pure=False))
    while pending:
        yield from pending.popleft().result()


def sketch_map(client: Client, *, chunk_size: int = 200) -> Callable[[Iterable[Any], Callable[[Any], Any]], Iterator[Any]]:
    """A ``map_sketches`` for syndication's candidate search: ``(documents, sketch_one)`` to each
    document's sketch, computed on the Dask workers in tasks of ``chunk_size`` documents and
    yielded in order (see :func:`dask_map`)."""

    def mapped(documents: Iterable[Any], sketch_one: Callable[[Any], Any]) -> Iterator[Any]:
        return dask_map(client, sketch_one, documents, chunk_size=chunk_size)

    return mapped
