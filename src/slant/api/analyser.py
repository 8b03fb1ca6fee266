"""One thread runs the models for every request and job, a batch at a time.

Requests that arrive together are analysed together (up to the pipeline's batch size): the
encoder fills its threads with the windows of several articles, as ``slant analyze`` does with a
folder. Running the models in one thread also means no two requests ever use a component at once.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from concurrent.futures import Future
from typing import Any

from slant.doc.analysis import Analysis
from slant.doc.article import Article
from slant.errors import BadInputError, SlantError
from slant.ingest.reader import ReadFailure
from slant.runtime.pipeline import Pipeline

log = logging.getLogger(__name__)

_STOP = object()


class Analyser:
    """Analyses articles submitted from any thread; :meth:`analyse` awaits one from async code."""

    def __init__(self, pipeline: Pipeline, batch_size: int | None = None) -> None:
        self.pipeline = pipeline
        self.batch_size = batch_size or pipeline.batch_size
        self._queue: queue.Queue = queue.Queue()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="slant-analyser", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Finish the batch in hand, refuse what is still queued, and stop the thread."""
        if self._thread is None:
            return
        self._queue.put(_STOP)
        self._thread.join()
        self._thread = None
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if item is not _STOP and item[1].set_running_or_notify_cancel():
                item[1].set_exception(SlantError("the service is stopping; send the request again once it is back"))

    def submit(self, article: Article) -> Future:
        if self._thread is None:
            raise SlantError("the analyser is not running; start the service first")
        future: Future = Future()
        self._queue.put((article, future))
        return future

    async def analyse(self, article: Article) -> Analysis:
        return await asyncio.wrap_future(self.submit(article))

    def analyse_now(self, article: Article) -> Analysis:
        """Analyse one article from a thread that may block (start-up, jobs)."""
        return self.submit(article).result()

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            batch = [item]
            stopping = False
            while len(batch) < self.batch_size:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is _STOP:
                    stopping = True
                    break
                batch.append(more)
            self._analyse([(article, future) for article, future in batch if future.set_running_or_notify_cancel()])
            if stopping:
                return

    def _analyse(self, batch: list[tuple[Article, Future]]) -> None:
        if not batch:
            return
        try:
            analyses = self.pipeline.analyse_articles([article for article, _ in batch])
        except BadInputError as exc:
            if len(batch) == 1:
                batch[0][1].set_exception(exc)
                return
            for one in batch:  # one article refused: find which, and analyse the others
                self._analyse([one])
            return
        except Exception as exc:  # a fault in a component: every request of the batch hears of it
            log.exception("analysis failed on a batch of %d articles", len(batch))
            for _, future in batch:
                future.set_exception(exc)
            return
        for (_, future), analysis in zip(batch, analyses, strict=True):
            future.set_result(analysis)


class QueuedPipeline:
    """The pipeline as :func:`slant.corpus.add.add_articles` uses it, with every analysis done by
    the :class:`Analyser`, so that jobs and requests share the one model thread. Anything else
    (``batch_size``, ``encoder``, ...) is the pipeline's own."""

    def __init__(self, analyser: Analyser) -> None:
        self.analyser = analyser

    def __getattr__(self, name: str) -> Any:
        return getattr(self.analyser.pipeline, name)

    def _results(self, articles: list[Article]) -> list[tuple[Article, Future]]:
        futures = [(article, self.analyser.submit(article)) for article in articles]
        for _, future in futures:
            future.exception()  # wait for every one, so none is left running when one fails
        return futures

    def analyse_articles(self, articles: list[Article]) -> list[Analysis]:
        """:meth:`Pipeline.analyse_articles`: every article analysed, or the first error raised."""
        return [future.result() for _, future in self._results(articles)]

    def analyse_batch(self, articles: list[Article]) -> tuple[list[Analysis], list[ReadFailure]]:
        """:meth:`Pipeline.analyse_batch`: an article the pipeline refuses is a failure and the
        others are analysed; a fault in a component is raised."""
        analyses: list[Analysis] = []
        failures: list[ReadFailure] = []
        for article, future in self._results(articles):
            error = future.exception()
            if error is None:
                analyses.append(future.result())
            elif isinstance(error, BadInputError):
                failures.append(ReadFailure(article.source or article.id, str(error)))
            else:
                raise error
        return analyses, failures
