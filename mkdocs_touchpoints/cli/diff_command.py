"""The `diff` subcommand: read BASE and HEAD, compare them, render, and choose the exit code.

Exit codes follow diff(1): 0 when no change reaches `--fail-on` (always 0 without it),
1 when one does, 2 when the comparison cannot be made (usage error, bad revision or
path, or journeys with errors on either side, whose diagnostics are printed).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path, PurePosixPath

from mkdocs_touchpoints.diff.compare import compare
from mkdocs_touchpoints.diff.model import HandbookDiff, Level
from mkdocs_touchpoints.diff.outline import outline
from mkdocs_touchpoints.diff.render import (
    COMMENT_MARKER,
    FORMATS,
    RENDERERS,
    as_text,
    with_diagrams,
)
from mkdocs_touchpoints.diff.sources import (
    LINK_IN_REVISION,
    LINK_MODE,
    is_journey_path,
    read_journey_file,
    read_side,
    read_teams_only,
    usable,
)
from mkdocs_touchpoints.exchange.mermaid import journey_diagram
from mkdocs_touchpoints.reading.diagnostics import Diagnostic
from mkdocs_touchpoints.reading.files import Scope, read_file, unsafe
from mkdocs_touchpoints.reading.handbook import Handbook
from mkdocs_touchpoints.reading.loader import TEAMS_FILE_NAME
from mkdocs_touchpoints.reading.report import as_github
from mkdocs_touchpoints.sinks.markdown import fence_for

EXIT_OK, EXIT_CHANGES, EXIT_TROUBLE = 0, 1, 2
DRIVER_ARGUMENTS = "PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE"

Blocked = list[tuple[str, list[Diagnostic]]]


def add_arguments(sub: argparse._SubParsersAction) -> None:
    """Add the `diff` parser."""
    parser = sub.add_parser(
        "diff",
        help="what changed in the journey maps between two revisions",
        description="Compare the journey maps of BASE and HEAD: journeys, phases, touchpoints "
        "and teams by id, steps by alignment. Exit 0, or 1 when a change reaches --fail-on, "
        "or 2 when the comparison cannot be made.",
    )
    parser.add_argument(
        "base",
        nargs="?",
        metavar="BASE",
        help="a git revision (its --path folder is read) or a journeys folder",
    )
    parser.add_argument(
        "head",
        nargs="?",
        metavar="HEAD",
        help="a git revision or a journeys folder; default: the working tree",
    )
    parser.add_argument(
        "--path",
        default="journeys",
        help="the journeys folder inside a revision and in the working tree (default: journeys)",
    )
    parser.add_argument(
        "--format", choices=FORMATS, default=None, help="output format (default: markdown)"
    )
    parser.add_argument(
        "--fail-on",
        choices=("breaking", "warning"),
        help="exit 1 when a change of this level or above is found",
    )
    parser.add_argument(
        "--mermaid",
        action="store_true",
        help="markdown: add HEAD's Mermaid journey diagram of each changed journey, collapsed",
    )
    parser.add_argument(
        "--git-external-diff",
        nargs="+",
        metavar="ARG",
        help=f"run as git's external diff driver, which passes {DRIVER_ARGUMENTS} "
        "(see docs/diff.md); prints text and always exits 0",
    )
    parser.add_argument(
        "--textconv",
        metavar="FILE",
        help="print FILE as a one-fact-per-line outline, for git's textconv (see docs/diff.md)",
    )
    parser.set_defaults(run=run, diff_usage=parser.format_usage())


def run(args: argparse.Namespace) -> int:
    """Run `diff` with parsed arguments; return the exit code."""
    if args.textconv is not None:
        return _run_textconv(args.textconv)
    if args.git_external_diff is not None:
        return _run_driver(args.git_external_diff, args.format or "text")
    if args.base is None:
        sys.stderr.write(args.diff_usage)
        print("mkdocs-touchpoints diff: error: BASE is required", file=sys.stderr)
        return EXIT_TROUBLE
    output = args.format or "markdown"
    if args.mermaid and output != "markdown":
        sys.stderr.write(args.diff_usage)
        print("mkdocs-touchpoints diff: error: --mermaid needs --format markdown", file=sys.stderr)
        return EXIT_TROUBLE
    base = read_side(args.base, args.path, "BASE")
    head = read_side(args.head, args.path, "HEAD")
    head_book, blocked = usable(base, head)
    if blocked:
        _report_blocked(blocked, output)
        return EXIT_TROUBLE
    diff = compare(
        base.handbook,
        head_book,
        teams=base.compare_teams and head.compare_teams,
        metrics=True,
    )
    if output == "text":
        sys.stdout.write(as_text(diff, colour=_colour(sys.stdout)))
    elif args.mermaid:
        sys.stdout.write(with_diagrams(RENDERERS[output](diff), _head_diagrams(diff, head_book)))
    else:
        sys.stdout.write(RENDERERS[output](diff))
    threshold = Level(args.fail_on) if args.fail_on else None
    return EXIT_CHANGES if diff.fails(threshold) else EXIT_OK


def _head_diagrams(diff: HandbookDiff, head: Handbook) -> list[tuple[str, str, str]]:
    """(id, title, Mermaid diagram) of each journey that changed and is still in HEAD."""
    changed = dict.fromkeys(c.journey for c in diff.changes if c.journey)
    journeys = {file.id: file.journey for file in head.journeys}
    return [
        (journey_id, journeys[journey_id].title, journey_diagram(journeys[journey_id]))
        for journey_id in changed
        if journey_id in journeys
    ]


def _colour(stream: object) -> bool:
    """ANSI colour only on a terminal, and never with NO_COLOR set or TERM=dumb."""
    isatty = getattr(stream, "isatty", None)
    if "NO_COLOR" in os.environ or os.environ.get("TERM") == "dumb":
        return False
    return bool(isatty and isatty())


def _count_errors(blocked: Blocked) -> str:
    return ", ".join(f"{len(errors)} in {label}" for label, errors in blocked)


def _report_blocked(blocked: Blocked, output: str) -> None:
    """The diagnostics that stop the diff: on stderr always, and in the requested format."""
    for label, errors in blocked:
        print(f"{label}:", file=sys.stderr)
        for diagnostic in errors:
            print(diagnostic.format(), file=sys.stderr)
    summary = f"cannot compare, the journeys have errors ({_count_errors(blocked)})"
    print(f"mkdocs-touchpoints: {summary}", file=sys.stderr)
    everything = [d for _, errors in blocked for d in errors]
    if output == "json":
        data = {"error": summary, "diagnostics": [d.as_dict() for d in everything]}
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    elif output == "github":
        sys.stdout.write(as_github(everything))
    elif output == "markdown":
        heading = f"**Cannot compare: the journeys have errors ({_count_errors(blocked)}).**"
        lines = [COMMENT_MARKER, "### Journey map changes", "", heading]
        for label, errors in blocked:
            found = [d.format() for d in errors]
            fence = fence_for(found)
            lines += ["", f"{label}:", "", f"{fence}text", *found, fence]
        sys.stdout.write("\n".join(lines) + "\n")


def _run_textconv(name: str) -> int:
    """git's textconv: the outline of one file on stdout (its text when it is not valid)."""
    path = Path(name)
    data, refused = read_file(path, name, Scope.of([path.parent]))
    if data is None:
        problem = refused[0]
        if problem.code == "unreadable":
            reason = problem.message.removeprefix("cannot read: ")
            print(f"mkdocs-touchpoints: cannot read {name}: {reason}", file=sys.stderr)
            return EXIT_TROUBLE
        print(f"({problem.message}: not shown)")
        return EXIT_OK
    sys.stdout.write(outline(data, path.name))
    return EXIT_OK


def _run_driver(arguments: list[str], output: str) -> int:
    """git's external diff driver: print the semantic diff of one file, never fail git."""
    if len(arguments) not in (1, 7, 9):
        print(
            f"mkdocs-touchpoints diff: --git-external-diff expects {DRIVER_ARGUMENTS}",
            file=sys.stderr,
        )
        return EXIT_TROUBLE
    path = arguments[0]
    if len(arguments) == 1:
        print(f"touchpoints diff {path}: unmerged, nothing to compare")
        return EXIT_OK
    old_file, new_file = arguments[1], arguments[4]
    new_path = arguments[7] if len(arguments) == 9 else path
    print(f"touchpoints diff a/{path} b/{new_path}")
    name = PurePosixPath(new_path).name
    links = [
        shown
        for shown, mode in ((path, arguments[3]), (new_path, arguments[6]))
        if mode == LINK_MODE
    ]
    if links and (name == TEAMS_FILE_NAME or is_journey_path(name)):
        for shown in links:
            print(unsafe(shown, LINK_IN_REVISION).format())
        return EXIT_OK
    if name == TEAMS_FILE_NAME:
        base = read_teams_only(Path(old_file), path, f"a/{path}")
        head = read_teams_only(Path(new_file), new_path, f"b/{new_path}")
    elif is_journey_path(name):
        base = read_journey_file(Path(old_file), path, f"a/{path}", name=path)
        head = read_journey_file(Path(new_file), new_path, f"b/{new_path}", name=new_path)
    else:
        print("not a journey or teams file; no semantic diff")
        return EXIT_OK
    head_book, blocked = usable(base, head)
    if blocked:
        for label, errors in blocked:
            print(f"{label} has errors; no semantic diff:")
            for diagnostic in errors:
                print(f"  {diagnostic.format()}")
        return EXIT_OK
    diff = compare(base.handbook, head_book, teams=name == TEAMS_FILE_NAME)
    if output == "text":
        sys.stdout.write(as_text(diff, colour=_colour(sys.stdout)))
    else:
        sys.stdout.write(RENDERERS[output](diff))
    return EXIT_OK
