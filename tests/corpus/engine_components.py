"""Fake components for the engine tests, importable by worker processes (a pool, Dask workers):
they unpickle the pipeline the test built, so its components must live in a module, not a test.

``TroubledTechniques`` is the fake techniques component of tests/cli/conftest.py that also
misbehaves on purpose, by a word in the article: ``refuseme`` (BadInputError), ``breakme`` (a
RuntimeError, as a bug would) and ``crashme`` (the worker process exits at once, as on a crash
in native code or the out-of-memory killer; in the process that built the pipeline it raises
instead, so a test can never stop itself). With ``journal`` set, it appends ``pid<TAB>id`` per
article it analyses, so a test sees which process analysed what.
"""

from __future__ import annotations

import os

from cli.conftest import FACTORIES, FakeTechniques
from slant.errors import BadInputError
from slant.runtime.pipeline import Pipeline


class TroubledTechniques(FakeTechniques):
    journal: str | None = None
    home_pid: int = 0

    def __init__(self, options) -> None:
        super().__init__(options)
        self.home_pid = os.getpid()

    def __call__(self, articles, states) -> None:
        for article in articles:
            if self.journal:
                with open(self.journal, "a", encoding="utf-8") as journal:
                    journal.write(f"{os.getpid()}\t{article.id}\n")
            if "refuseme" in article.text:
                raise BadInputError(f"{article.source}: refused by the test component")
            if "breakme" in article.text:
                raise RuntimeError("the test component broke")
            if "crashme" in article.text:
                if os.getpid() != self.home_pid:
                    os._exit(70)
                raise RuntimeError("the test component would have crashed its worker")
        super().__call__(articles, states)


TROUBLED = {**FACTORIES, "techniques": TroubledTechniques}


def troubled_pipeline(journal: str | None = None, **options) -> Pipeline:
    """A pipeline of the fake components with TroubledTechniques, built without the registry."""
    from slant.runtime import pipeline as pipeline_module

    original = pipeline_module.load_factory
    pipeline_module.load_factory = TROUBLED.__getitem__
    try:
        pipeline = Pipeline(list(TROUBLED), **options)
    finally:
        pipeline_module.load_factory = original
    pipeline.component("techniques").journal = journal
    return pipeline
