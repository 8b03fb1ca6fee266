"""``python -m slant.training MODEL --data ... --out ...``: the same as ``slant train``, without
importing the rest of the command line (useful on a bare training machine)."""

import argparse
import logging
import sys

from ..commands import train as train_command

parser = argparse.ArgumentParser(prog="python -m slant.training")
train_command.register(parser.add_subparsers(dest="command"))
logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s", stream=sys.stderr)
args = parser.parse_args(["train", *sys.argv[1:]])
sys.exit(args.handler(args))
