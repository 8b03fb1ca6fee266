"""The ``slant`` command line: one module per command, each with ``register(subparsers)``."""

from slant.cli.main import main

__all__ = ["main"]
