"""Fixtures of the service tests: the application over a fresh corpus with the command-line
tests' fake models (no trained model loads), an in-process client, and a real uvicorn server
on a free port for the browser and the property-based tests.

``hooligans`` (name calling) and ``shameful`` (loaded language) are the words the fake
techniques component finds; see tests/cli/conftest.py.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from cli.conftest import FACTORIES
from slant.runtime import pipeline as pipeline_module

ARTICLE = ("Hooligans wreck the square\n\n"
           "Shameful hooligans wrecked the market square on Saturday night, the police said.\n\n"
           "Traders counted the damage on Sunday morning and asked the council for help.")


@contextlib.contextmanager
def fake_models_patched() -> Iterator[None]:
    """The fake components in place of the trained ones, for as long as the context lasts."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline_module, "load_factory", lambda name: FACTORIES[name])
        patch.setattr(pipeline_module, "default_components", lambda: list(FACTORIES))
        yield


@pytest.fixture
def fake_models():
    with fake_models_patched():
        yield


def open_service(db, **options):
    from slant.api.app import ServeOptions, Service

    return Service.open(ServeOptions(db=str(db), **options))


@pytest.fixture
def service(tmp_path, fake_models):
    running = open_service(tmp_path / "corpus.db")
    yield running
    running.close()


@pytest.fixture
def client(service):
    from fastapi.testclient import TestClient

    from slant.api.app import create_app

    with TestClient(create_app(service)) as test_client:
        yield test_client


def wait_for_job(client, location: str, timeout: float = 30.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(location).json()
        if job["status"] in ("done", "failed", "interrupted"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"the job at {location} did not finish in {timeout} s: {job}")


class LiveServer:
    """uvicorn serving the application in a thread, on a socket bound to a free port."""

    def __init__(self, app) -> None:
        import uvicorn

        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc_info) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
        self.socket.close()


@pytest.fixture(scope="module")
def live_service(tmp_path_factory):
    """A service over a fresh corpus, with the fake models, for one test module."""
    with fake_models_patched():
        running = open_service(tmp_path_factory.mktemp("served") / "corpus.db")
        yield running


@pytest.fixture(scope="module")
def live_server(live_service):
    from slant.api.app import create_app

    with fake_models_patched(), LiveServer(create_app(live_service)) as server:
        yield server
