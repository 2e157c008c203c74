"""The `export`, `import mermaid` and `codeowners` subcommands.

Invalid input exits 1 with its diagnostics on stdout (as `validate` prints them) and
nothing else there; a path that does not exist or cannot be written exits 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mkdocs_touchpoints.cli.metrics_import import add_responses, add_theydo
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
from mkdocs_touchpoints.exchange.export import FORMATS, RENDERERS, HandbookExport
from mkdocs_touchpoints.exchange.mermaid_import import build_skeleton
from mkdocs_touchpoints.exchange.mermaid_reader import read_mermaid
from mkdocs_touchpoints.reading.diagnostics import Diagnostic, Severity, SourceError
from mkdocs_touchpoints.reading.files import Scope, exists, read_file
from mkdocs_touchpoints.reading.handbook import Handbook
from mkdocs_touchpoints.reading.report import as_text
from mkdocs_touchpoints.reading.slug import is_slug, slugify
from mkdocs_touchpoints.reading.yamlsource import YamlProblem, decode


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
    else:
        write_output(RENDERERS[args.format](export))
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
    text = ""  # a missing file holds no block: stale, not a usage error
    if exists(check):  # read as a journey is: no link out, no FIFO, bounded
        data, refused = read_file(check, args.check, Scope.of([check.parent]))
        if data is None:
            sys.stdout.write(as_text(refused))
            return EXIT_USAGE if refused[0].code == "unreadable" else EXIT_PROBLEMS
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
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


# --- import mermaid -------------------------------------------------------------------------


def _read_diagram(path: Path, display: str) -> tuple[str | None, list[Diagnostic]]:
    """The text of a diagram file: a regular file (read as journeys are), at most 1 MiB, UTF-8."""
    if not exists(path):
        raise SourceError(f"no such file: {display}")
    data, refused = read_file(path, display, Scope.of([path.parent]))
    if data is None:
        return None, refused
    try:
        return decode(data), []
    except YamlProblem as problem:
        mark = problem.mark
        return None, [
            Diagnostic(display, mark.line, mark.column, Severity.ERROR, problem.code, str(problem))
        ]


def run_import(args: argparse.Namespace) -> int:
    """Write the journey skeleton of a Mermaid diagram to stdout or OUT."""
    if not is_slug(args.owner):
        hint = slugify(args.owner)
        print(
            f"mkdocs-touchpoints import: --owner must be a team id (a slug), found "
            f"'{args.owner}'" + (f"; try '{hint}'" if hint else ""),
            file=sys.stderr,
        )
        return EXIT_USAGE
    path = Path(args.file)
    text, problems = _read_diagram(path, args.file)
    diagram = skeleton = None
    if text is not None:
        diagram, problems = read_mermaid(text, args.file)
    if diagram is not None and not problems:
        skeleton, problems = build_skeleton(diagram, args.owner, path.stem, args.file)
    if problems or skeleton is None:
        return report_problems(problems)
    output = skeleton.as_yaml()
    if args.output is None:
        write_output(output)
        return EXIT_OK
    try:
        Path(args.output).write_text(output, encoding="utf-8", newline="\n")
    except OSError as exc:
        print(
            f"mkdocs-touchpoints: cannot write {args.output}: {exc.strerror or exc}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    return EXIT_OK


def add_import(sub: argparse._SubParsersAction) -> None:
    """Add the `import` parser: `import mermaid`, `import responses`, `import theydo`."""
    parser = sub.add_parser(
        "import",
        help="make journeys or metrics from other tools' files (mermaid, responses, theydo)",
        description="Turn another tool's file into handbook files: a Mermaid journey diagram "
        "into a journey skeleton, a survey export or a TheyDo metrics file into observation "
        "rows.",
    )
    formats = parser.add_subparsers(
        dest="source_format", required=True, metavar="{mermaid,responses,theydo}"
    )
    mermaid = formats.add_parser(
        "mermaid",
        help="write a journey YAML skeleton from a Mermaid journey diagram",
        description="Turn a Mermaid journey diagram into a journey file: sections become "
        "phases, tasks steps (sentiment = score - 3), first actors touchpoints.",
    )
    mermaid.add_argument("file", metavar="FILE", help="the Mermaid diagram (.mmd)")
    mermaid.add_argument("--owner", required=True, metavar="TEAM", help="the owning team's id")
    mermaid.add_argument(
        "-o", "--output", metavar="OUT", help="write the journey here (default: stdout)"
    )
    mermaid.set_defaults(run=run_import)
    add_responses(formats)
    add_theydo(formats)
