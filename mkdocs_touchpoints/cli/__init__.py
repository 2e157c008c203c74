"""The `mkdocs-touchpoints` command: `main(argv) -> int` over a table of subcommands."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from mkdocs_touchpoints import __version__
from mkdocs_touchpoints.cli.diff_command import add_arguments as add_diff
from mkdocs_touchpoints.cli.exchange_command import add_codeowners, add_export, add_import
from mkdocs_touchpoints.cli.generate import add_arguments as add_generate
from mkdocs_touchpoints.cli.target import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, load_target
from mkdocs_touchpoints.reading.diagnostics import Severity, TouchpointsError
from mkdocs_touchpoints.reading.report import FORMATS, RENDERERS, summary
from mkdocs_touchpoints.reading.schema import dump, journey_schema, metrics_schema, teams_schema


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so `main` returns its code."""

    def error(self, message: str) -> None:  # type: ignore[override]
        # The usage of the (sub)command that failed, not the top level's.
        raise _UsageError(f"{self.format_usage().rstrip()}\n{self.prog}: error: {message}")


class _UsageError(Exception):
    pass


def _validate(args: argparse.Namespace) -> int:
    handbook = load_target(args.path, args.teams)
    diagnostics = handbook.diagnostics
    sys.stdout.write(RENDERERS[args.format](diagnostics))
    if args.format == "text":
        print(summary(diagnostics, len(handbook.journeys)), file=sys.stderr)
    if handbook.errors:
        return EXIT_PROBLEMS
    if args.strict and any(d.severity is Severity.WARNING for d in diagnostics):
        return EXIT_PROBLEMS
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    if args.metrics:
        sys.stdout.write(dump(metrics_schema()))
        return EXIT_OK
    sys.stdout.write(dump(teams_schema() if args.teams else journey_schema()))
    return EXIT_OK


def _add_validate(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("validate", help="check journey files and report every problem")
    parser.add_argument("path", nargs="?", default="journeys", help="journeys folder or file")
    parser.add_argument("--teams", help="teams file (default: _teams.yml beside the journeys)")
    parser.add_argument("--format", choices=FORMATS, default="text")
    parser.add_argument("--strict", action="store_true", help="fail on warnings too")
    parser.set_defaults(run=_validate)


def _add_schema(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("schema", help="print the JSON Schema of a journey file")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--teams", action="store_true", help="the teams file's schema instead")
    which.add_argument(
        "--metrics", action="store_true", help="the metrics definitions' schema (_metrics.yml)"
    )
    parser.set_defaults(run=_schema)


SUBCOMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [
    _add_validate,
    add_diff,
    _add_schema,
    add_export,
    add_import,
    add_codeowners,
    add_generate,
]
"""One function per subcommand; each adds its parser and sets `run`."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = _Parser(
        prog="mkdocs-touchpoints",
        description="Validate, diff and describe customer-journey map files.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for add in SUBCOMMANDS:
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 1 problems found, 2 usage or I/O)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except _UsageError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    except SystemExit as exc:  # --help and --version
        return int(exc.code or 0)
    try:
        return int(args.run(args))
    except TouchpointsError as exc:
        print(f"mkdocs-touchpoints: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
