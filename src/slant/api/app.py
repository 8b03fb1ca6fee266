"""The web application of ``slant serve``: the API under ``/api/v1``, the web UI at ``/``.

:class:`Service` holds what every request shares: the corpus store, the pipeline (its models
loaded and warmed up once, at start-up), the analyser thread and the jobs. :func:`create_app`
builds the FastAPI application over one; ``uvicorn --factory slant.api.app:create_app`` builds
one from the settings (``SLANT_CORPUS_DB``, ``SLANT_SERVE_TOKEN``, ``SLANT_SERVE_MAX_BODY_BYTES``).
"""

from __future__ import annotations

import contextlib
import copy
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from slant.api import errors
from slant.api.analyser import Analyser
from slant.api.guards import BodyLimit, SameOrigin, SecurityHeaders, TokenGate
from slant.corpus.store import Store
from slant.runtime.pipeline import Pipeline
from slant.settings import get_settings
from slant.version import __version__

log = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent / "static"
WARM_UP_TEXT = ("Bridge vote delayed\n\nThe council delayed its vote on the new bridge toll on Tuesday, "
                "a spokesperson said.")


@dataclass
class ServeOptions:
    """What ``slant serve`` is told; None takes the setting (see :mod:`slant.settings`)."""

    db: str | None = None
    token: str | None = None
    max_body_bytes: int | None = None

    def resolved(self) -> ServeOptions:
        settings = get_settings()
        return ServeOptions(
            db=self.db or settings.corpus_db,
            token=self.token if self.token is not None else settings.serve_token,
            max_body_bytes=self.max_body_bytes or settings.serve_max_body_bytes,
        )


class Service:
    """The store, the loaded pipeline, the analyser thread and the jobs of one process."""

    def __init__(self, options: ServeOptions, store: Store, pipeline: Pipeline) -> None:
        from slant.api.jobs import Jobs

        self.options = options
        self.store = store
        self.pipeline = pipeline
        self.analyser = Analyser(pipeline)
        self.write_lock = threading.Lock()
        self.jobs = Jobs(store, self.analyser, self.write_lock)
        self.started = False

    @classmethod
    def open(cls, options: ServeOptions | None = None, pipeline_factory: Callable[[], Pipeline] = Pipeline) -> Service:
        """Open the store (creating it when missing), load the models and warm them up."""
        options = (options or ServeOptions()).resolved()
        store = Store(options.db, create=True)
        try:
            began = time.monotonic()
            service = cls(options, store, pipeline_factory())
            service.start()
        except BaseException:
            store.close()
            raise
        log.info("models loaded and warmed up in %.1f s; corpus %s (%d articles)",
                 time.monotonic() - began, store.name, store.count())
        return service

    def start(self) -> None:
        if self.started:
            return
        self.analyser.start()
        self.started = True
        try:
            from slant.ingest.reader import read

            self.analyser.analyse_now(read(WARM_UP_TEXT, language="en"))  # every model loads now, not on a request
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        self.jobs.stop()
        self.analyser.stop()
        self.store.close()
        self.started = False


def create_app(service: Service | None = None, options: ServeOptions | None = None,
               pipeline_factory: Callable[[], Pipeline] = Pipeline) -> FastAPI:
    """The application over ``service`` (opened at start-up from ``options`` when not given).
    A service passed in is closed when the application shuts down."""
    options = (service.options if service is not None else (options or ServeOptions())).resolved()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        opened = service if service is not None else Service.open(options, pipeline_factory)
        app.state.service = opened
        try:
            yield
        finally:
            opened.close()

    app = FastAPI(
        title="slant",
        version=__version__,
        summary="Show how a news article works on its reader: persuasion techniques, genre, frames, sourcing.",
        description="The analysis API of `slant serve`. Every error is JSON with a `message` that says what to "
        "fix. When the service has a token, send `Authorization: Bearer TOKEN`.",
        lifespan=lifespan,
        docs_url=None,  # the interactive pages load scripts from the internet; the service works offline
        redoc_url=None,
    )
    from slant.api import routes, ui

    errors.install(app, ui.error_page)
    if service is not None:  # usable before start-up too (a test client that skips the lifespan)
        app.state.service = service

    app.include_router(routes.router)
    app.include_router(ui.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    # The last added runs first: headers on every answer, then the size limit before anything
    # reads the body, then the token, then the origin of form posts.
    app.add_middleware(SameOrigin)
    app.add_middleware(TokenGate, token=options.token)
    app.add_middleware(BodyLimit, max_bytes=options.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document plus the analysis document's JSON Schema (its ``$defs`` as components)."""
    if app.openapi_schema is not None:
        return app.openapi_schema
    from fastapi.openapi.utils import get_openapi

    from slant.api.routes import openapi_additions

    document = get_openapi(title=app.title, version=app.version, summary=app.summary, description=app.description,
                           routes=app.routes)
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(analysis_schemas())
    schemas.update(openapi_additions())
    app.openapi_schema = document
    return document


def analysis_schemas() -> dict[str, Any]:
    """The analysis document's JSON Schema as OpenAPI components: ``Analysis`` and one
    ``Analysis_<name>`` per definition, with the references rewritten to match."""
    text = resources.files("slant.doc").joinpath("schema/analysis.schema.json").read_text(encoding="utf-8")
    schema = json.loads(text)
    definitions = schema.pop("$defs", {})
    for key in ("$schema", "$id"):
        schema.pop(key, None)

    def rewrite(node: Any) -> Any:
        if isinstance(node, dict):
            return {key: (value.replace("#/$defs/", "#/components/schemas/Analysis_")
                          if key == "$ref" and isinstance(value, str) else rewrite(value))
                    for key, value in node.items()}
        if isinstance(node, list):
            return [rewrite(item) for item in node]
        return node

    components = {"Analysis": rewrite(copy.deepcopy(schema))}
    for name, definition in definitions.items():
        components[f"Analysis_{name}"] = rewrite(definition)
    return components
