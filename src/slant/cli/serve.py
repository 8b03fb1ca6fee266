"""``slant serve``: the HTTP API and web UI (FastAPI on uvicorn) over the pipeline and a corpus store.

The models load once, before the port opens; the store is opened (created when missing) first,
so a store that cannot be opened or a port that is taken is a one-line message and exit status
2, not a traceback.
"""

from __future__ import annotations

import errno
import ipaddress
import logging
import os
import socket

from slant.cli.common import notice
from slant.errors import ConfigError, SlantError

log = logging.getLogger(__name__)


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="run the HTTP API and web UI (analysis and a shared corpus)",
        description="Serve the analysis API (/api/v1, described at /openapi.json) and the web UI (/) over one "
        "corpus store. The models load once at start-up. Settings: SLANT_SERVE_TOKEN, SLANT_SERVE_MAX_BODY_BYTES, "
        "SLANT_CORPUS_DB (see src/slant/settings.py).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    parser.add_argument("--db", metavar="PATH_OR_URL",
                        help="the corpus store: a SQLite file or a database URL; default SLANT_CORPUS_DB or slant-corpus.db")
    parser.add_argument("--workers", type=int, default=1, metavar="N",
                        help="server processes, each with its own models (default: 1; each needs about 1.5 GB)")
    parser.add_argument("--token", metavar="TOKEN",
                        help="ask every API and web request for this token (better: set SLANT_SERVE_TOKEN, which "
                        "other users of this machine cannot read from the process list)")
    parser.set_defaults(handler=run)


def _family(host: str) -> socket.AddressFamily:
    try:
        return socket.AF_INET6 if ipaddress.ip_address(host).version == 6 else socket.AF_INET
    except ValueError:
        return socket.AF_INET


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port``, or a :class:`SlantError` that says why not."""
    if not 0 <= port <= 65535:
        raise SlantError(f"--port {port} is not a port number (0-65535)")
    try:
        sock = socket.socket(_family(host), socket.SOCK_STREAM)
    except OSError as exc:
        raise SlantError(f"cannot listen on {host}: {exc.strerror or exc}") from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except socket.gaierror:
        sock.close()
        raise SlantError(f"--host {host!r} is not an address of this machine; use 127.0.0.1 (this machine) "
                         "or 0.0.0.0 (every interface)") from None
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise SlantError(f"port {port} on {host} is taken (another slant serve, or another program); "
                             f"stop it or pick another port with --port") from None
        if exc.errno == errno.EACCES:
            raise SlantError(f"port {port} needs administrator rights; pick a port above 1023 with --port") from None
        if exc.errno == errno.EADDRNOTAVAIL:
            raise SlantError(f"--host {host} is not an address of this machine; use 127.0.0.1 or 0.0.0.0") from None
        raise SlantError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return sock


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def run(args) -> int:
    import uvicorn

    from slant.api.app import ServeOptions, Service, create_app
    from slant.settings import get_settings

    if args.workers < 1:
        raise ConfigError(f"--workers {args.workers}: give 1 or more")
    settings = get_settings()
    options = ServeOptions(db=args.db, token=args.token).resolved()
    if options.token is not None and len(options.token) < 8:
        raise ConfigError("the token is too short; give one of 8 characters or more")
    if options.token is None and not _loopback(args.host):
        log.warning("serving on %s without a token: anyone who can reach this port can use the service and its "
                    "corpus; set SLANT_SERVE_TOKEN", args.host)
    sock = bind(args.host, args.port)
    shown_host = f"[{args.host}]" if ":" in args.host else args.host
    try:
        if args.workers == 1:
            service = Service.open(options)  # a store or model that fails to load stops us here, with its message
            notice(f"ready at http://{shown_host}:{sock.getsockname()[1]}/ (corpus {service.store.name}; "
                   "stop with Ctrl-C)")
            server = uvicorn.Server(uvicorn.Config(create_app(service), log_level="info", access_log=True,
                                                   timeout_graceful_shutdown=30))
            server.run(sockets=[sock])
            return 0 if server.started else 2
        # Several processes: each builds its own application (and loads its models) from the settings.
        from slant.corpus.store import Store

        Store(options.db, create=True).close()  # a store that cannot be opened is reported once, here
        os.environ["SLANT_CORPUS_DB"] = str(options.db)
        os.environ["SLANT_SERVE_MAX_BODY_BYTES"] = str(options.max_body_bytes or settings.serve_max_body_bytes)
        if options.token is not None:
            os.environ["SLANT_SERVE_TOKEN"] = options.token
        config = uvicorn.Config("slant.api.app:create_app", factory=True, workers=args.workers, log_level="info",
                                timeout_graceful_shutdown=30)
        notice(f"starting {args.workers} workers at http://{shown_host}:{args.port}/ (each loads the models)")
        from uvicorn.supervisors import Multiprocess

        Multiprocess(config, sockets=[sock]).run()
        return 0
    finally:
        sock.close()
