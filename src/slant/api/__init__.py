"""``slant serve``: the HTTP API and web UI over the analysis pipeline and the corpus store.

:func:`create_app` builds the FastAPI application; :class:`Service` is what it runs on (the
store, the loaded models, the analyser thread and the jobs). See ``docs/serve.md``.
"""

from slant.api.app import ServeOptions, Service, create_app

__all__ = ["ServeOptions", "Service", "create_app"]
