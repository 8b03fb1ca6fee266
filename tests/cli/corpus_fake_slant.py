"""``slant`` with the fake components of conftest.py, for tests that run the command in a
subprocess (the corpus crash test kills one with SIGKILL). ``FAKE_SLANT_DELAY`` (seconds) slows
each article down so a test can stop the process midway.

    python tests/cli/corpus_fake_slant.py corpus add INPUTS... --db corpus.db
"""

from __future__ import annotations

import importlib.util
import os
import sys
import time
from pathlib import Path


def _fake_factories() -> dict:
    spec = importlib.util.spec_from_file_location("slant_test_fake_components", Path(__file__).with_name("conftest.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    delay = float(os.environ.get("FAKE_SLANT_DELAY") or 0)
    techniques = module.FakeTechniques

    class SlowTechniques(techniques):
        def __call__(self, articles, states) -> None:
            time.sleep(delay * len(articles))
            super().__call__(articles, states)

    return {**module.FACTORIES, "techniques": SlowTechniques}


def main() -> int:
    from slant.cli.main import main as slant_main
    from slant.runtime import pipeline

    factories = _fake_factories()
    pipeline.load_factory = lambda name: factories[name]
    pipeline.default_components = lambda: list(factories)
    return slant_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
