"""The ``slant`` command. Each subcommand lives in ``slant.cli.<name>`` and exposes
``register(subparsers)``; modules are imported only when listed here, to keep start-up fast."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from slant.errors import SlantError
from slant.version import __version__

COMMANDS = ["extract", "analyze", "corpus", "serve", "semeval", "conll", "train"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="slant", description="Show how a news article works on its reader.")
    parser.add_argument("--version", action="version", version=f"slant {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more logging on stderr (-vv: debug)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"slant.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.endswith(f"cli.{name}"):
                continue  # command not built in this checkout
            raise
        module.register(subparsers)
    return parser


class _CliFormatter(logging.Formatter):
    """``slant: <message>`` for what every user sees (warnings and errors); at -v and -vv, the
    level and logger name too, for tracing where a message came from."""

    def __init__(self, verbose: int = 0) -> None:
        super().__init__("%(levelname)s %(name)s: %(message)s" if verbose else "slant: %(message)s")


def log_handler(verbose: int = 0, stream=None) -> logging.Handler:
    """The stderr handler of the ``slant`` command."""
    handler = logging.StreamHandler(stream if stream is not None else sys.stderr)
    handler.setFormatter(_CliFormatter(verbose))
    return handler


# Libraries whose warnings and errors are about their own internals ("discarding data: None"
# when trafilatura finds no body; "parsed tree length: 1, wrong data type or not valid HTML" on
# a feed saved as .html): slant reports the failure itself, with what to do. Shown from -v on.
QUIET_LIBRARIES = ("trafilatura", "htmldate", "courlan", "justext")


def configure_logging(verbose: int = 0) -> None:
    """Log WARNING and above as ``slant: <message>`` (-v: INFO, -vv: DEBUG, with level and name);
    of the QUIET_LIBRARIES, only CRITICAL below -v. The handler is left alone when the application
    (or a test runner) has set one up already; the libraries' levels are set either way."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, handlers=[log_handler(verbose)])
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(logging.NOTSET if verbose else logging.CRITICAL)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging(args.verbose)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.handler(args) or 0)
    except SlantError as exc:
        print(f"slant: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("slant: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
