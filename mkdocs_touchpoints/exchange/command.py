"""The `export`, `import mermaid` and `codeowners` subcommands.

Invalid input exits 1 with its diagnostics on stdout (as `validate` prints them) and
nothing else there; a path that does not exist or cannot be written exits 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mkdocs_touchpoints.cli.report import as_text
from mkdocs_touchpoints.cli.target import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    load_target,
    report_problems,
    report_warnings,
    write_output,
)
from mkdocs_touchpoints.exchange.codeowners import CodeownersBlock, repository_root
from mkdocs_touchpoints.exchange.export import FORMATS, HandbookExport
from mkdocs_touchpoints.reading.handbook import Handbook


def _checked(handbook: Handbook) -> int | None:
    """The exit code when the handbook has errors (after reporting them), else None."""
    if handbook.errors:
        return report_problems(handbook.diagnostics, len(handbook.journeys))
    if handbook.warnings:
        report_warnings(handbook.warnings)
    return None


def _add_path_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", default="journeys", help="journeys folder or file")
    parser.add_argument("--teams", help="teams file (default: _teams.yml beside the journeys)")


# --- export ---------------------------------------------------------------------------------


def run_export(args: argparse.Namespace) -> int:
    """Print the handbook as CSV, JSON or Mermaid."""
    handbook = load_target(args.path, args.teams)
    stop = _checked(handbook)
    if stop is not None:
        return stop
    export = HandbookExport.of(handbook)
    if args.format == "csv":
        write_output(export.as_csv(bom=args.bom))
    elif args.format == "json":
        write_output(export.as_json())
    else:
        write_output(export.as_mermaid())
    return EXIT_OK


def add_export(sub: argparse._SubParsersAction) -> None:
    """Add the `export` parser."""
    parser = sub.add_parser(
        "export",
        help="print the journeys as CSV, JSON or Mermaid diagrams",
        description="Print every journey as CSV (a row per step), JSON (the whole handbook, "
        "defaults applied) or Mermaid journey diagrams.",
    )
    _add_path_arguments(parser)
    parser.add_argument("--format", choices=FORMATS, required=True)
    parser.add_argument(
        "--bom",
        action="store_true",
        help="CSV: start with a UTF-8 byte-order mark (for spreadsheet programs that need it)",
    )
    parser.set_defaults(run=run_export)


# --- codeowners -----------------------------------------------------------------------------


def run_codeowners(args: argparse.Namespace) -> int:
    """Print the CODEOWNERS block, or check that a file holds it."""
    handbook = load_target(args.path, args.teams)
    stop = _checked(handbook)
    if stop is not None:
        return stop
    target = Path(args.path)
    folder = target if target.is_dir() else target.parent
    root = repository_root(folder) or Path.cwd()
    block = CodeownersBlock.of(handbook, folder, root)
    if args.check is None:
        write_output(block.as_text())
        return EXIT_OK
    check = Path(args.check)
    try:  # a missing file holds no block: stale, not a usage error
        text = check.read_text(encoding="utf-8-sig") if check.exists() else ""
    except (OSError, UnicodeDecodeError) as exc:
        print(f"mkdocs-touchpoints: cannot read {args.check}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    problems = block.check(text, args.check)
    if problems:
        sys.stdout.write(as_text(problems))
        sys.stderr.write("expected block:\n" + block.as_text())
        return EXIT_PROBLEMS
    return EXIT_OK


def add_codeowners(sub: argparse._SubParsersAction) -> None:
    """Add the `codeowners` parser."""
    parser = sub.add_parser(
        "codeowners",
        help="print the CODEOWNERS block that asks the owning teams to review each journey",
        description="Print a CODEOWNERS block: one line per journey file with the GitHub "
        "handles of its owner and touchpoint owners. With --check FILE, exit 1 when FILE "
        "does not hold exactly that block.",
    )
    _add_path_arguments(parser)
    parser.add_argument(
        "--check", metavar="FILE", help="exit 1 when FILE's block differs (for CI and pre-commit)"
    )
    parser.set_defaults(run=run_codeowners)
