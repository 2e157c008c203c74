"""The `diff` subcommand (filled in by the diff issue)."""

from __future__ import annotations

import argparse
import sys


def add_arguments(sub: argparse._SubParsersAction) -> None:
    """Add the `diff` parser."""
    parser = sub.add_parser("diff", help="what changed in the journey maps between two revisions")
    parser.add_argument("base")
    parser.add_argument("head", nargs="?")
    parser.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    print("mkdocs-touchpoints: diff is not available yet", file=sys.stderr)
    return 2
