"""The ``slant`` command. Each subcommand lives in ``slant.cli.<name>`` and exposes
``register(subparsers)``; modules are imported only when listed here, to keep start-up fast."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from slant.version import __version__
from slant.errors import SlantError

COMMANDS = ["extract", "analyze", "semeval", "train"]


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


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    level = logging.WARNING - 10 * min(args.verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
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
