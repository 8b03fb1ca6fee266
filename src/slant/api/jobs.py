"""Jobs: batches of documents added to the corpus in the background, one job at a time.

A job reads its documents, leaves out those already stored, analyses the rest through the
service's analyser and writes them batch by batch with :func:`slant.corpus.add.add_articles`
(one ``runs`` row per job). Its progress and per-document failures are kept in memory by the
process that runs it; the run row (its options carry the job id) lets another worker process
answer for it too, with the counts the store keeps.
"""

from __future__ import annotations

import itertools
import logging
import shutil
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from slant.api.analyser import Analyser, QueuedPipeline
from slant.corpus.add import add_articles
from slant.corpus.store import Store
from slant.doc.article import Article
from slant.ingest.reader import ReadFailure

log = logging.getLogger(__name__)

KEPT_JOBS = 200  # finished jobs remembered in memory, newest first
FAILURES_SHOWN = 1000  # per-document failures a job lists (all are counted)


class JobStopped(Exception):
    """Raised into a running job's inputs when the service stops."""


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Job:
    id: str
    total: int | None
    description: str
    status: str = "queued"  # queued, running, done, failed, interrupted
    processed: int = 0
    added: int = 0
    skipped: int = 0
    failed: int = 0
    failures: list[dict[str, str]] = field(default_factory=list)
    created_at: datetime = field(default_factory=_now)
    started_at: datetime | None = None
    finished_at: datetime | None = None
    message: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed", "interrupted")

    def to_dict(self) -> dict[str, Any]:
        with self.lock:
            return {
                "id": self.id, "status": self.status, "total": self.total, "processed": self.processed,
                "added": self.added, "skipped": self.skipped, "failed": self.failed,
                "failures": list(self.failures), "created_at": self.created_at, "started_at": self.started_at,
                "finished_at": self.finished_at, "message": self.message,
            }


class Jobs:
    """Runs jobs one after another in a background thread, writing through ``store``."""

    def __init__(self, store: Store, analyser: Analyser, write_lock: threading.Lock) -> None:
        self.store = store
        self.analyser = analyser
        self.write_lock = write_lock
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._guard = threading.Lock()
        self._stopping = threading.Event()
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="slant-job")

    def submit(self, items: Callable[[], Iterable[Article | ReadFailure]], *, total: int | None,
               description: str, cleanup: Path | None = None) -> Job:
        """Queue a job over the documents ``items()`` yields; ``cleanup`` (a folder of uploaded
        files) is removed when the job ends."""
        job = Job(uuid.uuid4().hex, total, description)
        with self._guard:
            self._jobs[job.id] = job
            self._jobs.move_to_end(job.id, last=False)
            finished = [key for key, kept in self._jobs.items() if kept.finished]
            for key in finished[KEPT_JOBS:]:
                del self._jobs[key]
        self._executor.submit(self._run, job, items, cleanup)
        return job

    def get(self, job_id: str) -> dict[str, Any] | None:
        """A job's state: from memory when this process runs it, else from the store's run row."""
        with self._guard:
            job = self._jobs.get(job_id)
        if job is not None:
            return job.to_dict()
        return self.store.job_run(job_id)

    def list(self) -> list[dict[str, Any]]:
        with self._guard:
            jobs = list(self._jobs.values())
        return [job.to_dict() for job in jobs]

    def stop(self) -> None:
        """Stop the running job after the batch in hand (its run is marked interrupted) and drop queued ones."""
        self._stopping.set()
        self._executor.shutdown(wait=True, cancel_futures=True)
        with self._guard:
            for job in self._jobs.values():
                if job.status == "queued":
                    job.status, job.message = "interrupted", "the service stopped before the job started"

    def _inputs(self, job: Job, items: Iterable[Article | ReadFailure]) -> Iterator[Article | ReadFailure]:
        for item in items:
            if self._stopping.is_set():
                raise JobStopped("the service stopped during the job; add the rest again (stored documents are skipped)")
            yield item

    def _run(self, job: Job, items: Callable[[], Iterable[Article | ReadFailure]], cleanup: Path | None) -> None:
        with job.lock:
            job.status, job.started_at = "running", _now()

        def on_result(item: Any, counts) -> None:
            with job.lock:
                job.added = counts.added
                job.skipped = counts.stored_before + counts.duplicates
                job.failed = counts.failed
                job.processed = counts.seen
                if isinstance(item, ReadFailure) and len(job.failures) < FAILURES_SHOWN:
                    job.failures.append(item.to_dict())

        try:
            add_articles(_SerialWrites(self.store, self.write_lock), self._inputs(job, items()),
                         QueuedPipeline(self.analyser), run_options={"job": job.id, "total": job.total,
                                                                      "inputs": job.description},
                         on_result=on_result)
            status, message = "done", None
        except JobStopped as exc:
            status, message = "interrupted", str(exc)
        except Exception as exc:  # the store went away, or a fault in slant: the job says so
            log.exception("job %s failed", job.id)
            status, message = "failed", f"the job stopped: {exc}"
        finally:
            if cleanup is not None:
                shutil.rmtree(cleanup, ignore_errors=True)
        with job.lock:
            job.status, job.message, job.finished_at = status, message, _now()
            if job.total is None:  # uploaded files: known once read
                job.total = job.processed


class _SerialWrites:
    """The store, with every write taken under the service's write lock (the store is the one
    writer: requests that add one article and jobs take turns)."""

    def __init__(self, store: Store, lock: threading.Lock) -> None:
        self._store = store
        self._lock = lock

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def start_run(self, **kwargs: Any) -> int:
        with self._lock:
            return self._store.start_run(**kwargs)

    def finish_run(self, run_id: int, status: str = "done") -> None:
        with self._lock:
            self._store.finish_run(run_id, status)

    def write_batch(self, *args: Any, **kwargs: Any):
        with self._lock:
            return self._store.write_batch(*args, **kwargs)


def numbered(documents: Iterable[Any], read_one: Callable[[Any, str], Article], prefix: str
             ) -> Iterator[Article | ReadFailure]:
    """``read_one(document, source)`` for each document, sources ``PREFIX#1``, ``PREFIX#2``, …;
    a document that cannot be read becomes a :class:`ReadFailure` and the rest go on."""
    from slant.api.errors import ApiError
    from slant.errors import SlantError

    for number, document in zip(itertools.count(1), documents, strict=False):
        source = f"{prefix}#{number}"
        try:
            yield read_one(document, source)
        except ApiError as exc:
            message = exc.message if exc.message.startswith(source) else f"{source}: {exc.message}"
            yield ReadFailure(source, message)
        except SlantError as exc:
            yield ReadFailure(source, str(exc))


def uploaded_files(files: list[tuple[Path, str]], folder: Path, language: str | None) -> Iterator[Article | ReadFailure]:
    """The documents of uploaded files saved in ``folder`` (each ``(path, name as uploaded)``),
    read as ``slant corpus add`` reads files, with the uploaded names as their sources."""
    from slant.ingest.reader import iter_file

    for path, name in files:
        saved = str(path)
        for item in iter_file(path, language=language):
            if isinstance(item, ReadFailure):
                yield ReadFailure(item.source.replace(saved, name, 1), item.error.replace(saved, name))
            else:
                item.source = item.source.replace(saved, name, 1)
                yield item
