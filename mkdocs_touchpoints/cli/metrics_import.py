"""`import responses` and `import theydo`: numbers from a survey export or TheyDo into
observation rows (or, for TheyDo, `_metrics.yml` definitions).

Problems in the input are located diagnostics on stdout, exit 1, and nothing else is
printed there; a usage error (an option, a missing column, a file that cannot be read)
exits 2 with its message on stderr. A one-line count goes to stderr on success.
"""

from __future__ import annotations

import argparse
import os
import stat
import sys
from pathlib import Path

from mkdocs_touchpoints.cli.target import EXIT_OK, EXIT_USAGE, report_problems, write_output
from mkdocs_touchpoints.exchange.observation_rows import as_csv
from mkdocs_touchpoints.exchange.responses import ResponsesSpec, Source, read_responses
from mkdocs_touchpoints.exchange.theydo import MAX_THEYDO_BYTES, TheydoSpec, read_theydo
from mkdocs_touchpoints.reading.diagnostics import SourceError
from mkdocs_touchpoints.reading.files import Scope, exists, read_file
from mkdocs_touchpoints.reading.metrics_model import MetricDefinition
from mkdocs_touchpoints.reading.metrics_read import (
    METRICS_FILE_NAME,
    definition_problems,
    read_definitions,
)
from mkdocs_touchpoints.reading.periods import GRANULARITIES, MONTH
from mkdocs_touchpoints.reading.slug import is_slug
from mkdocs_touchpoints.reading.suggest import did_you_mean

DEFAULT_METRICS = f"journeys/{METRICS_FILE_NAME}"


def _usage(message: str) -> int:
    print(f"mkdocs-touchpoints import: {message}", file=sys.stderr)
    return EXIT_USAGE


def _slug_options(args: argparse.Namespace, names: tuple[str, ...]) -> str | None:
    """The message of the first option among `names` that is given and not a slug."""
    for name in names:
        value = getattr(args, name, None)
        if value is not None and not is_slug(value):
            return f"--{name.replace('_', '-')} must be an id (a slug), found '{value}'"
    return None


def _regular_file(path: str) -> None:
    """SourceError unless `path` is a regular file (after links)."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise SourceError(f"cannot read {path}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise SourceError(f"not a regular file: {path}")


def load_definitions(path: str) -> tuple[list[MetricDefinition] | None, int | None]:
    """The definitions of the metrics file, or (None, exit code) after reporting why not."""
    target = Path(path)
    if not exists(target):
        raise SourceError(f"no such metrics definitions file: {path} (give --metrics PATH)")
    _regular_file(path)  # a folder is a usage error, as a missing file is
    data, refused = read_file(target, path, Scope.of([target.parent]))
    if data is None:
        return None, report_problems(refused)
    found, problems = read_definitions(data, path)
    problems += list(definition_problems(found, None))
    if problems:
        return None, report_problems(problems)
    return found.metrics, None


# --- import responses -----------------------------------------------------------------------


def _source(value: str | None, column: str | None) -> Source | None:
    if value is None and column is None:
        return None
    return Source(value, column)


def run_responses(args: argparse.Namespace) -> int:
    """Aggregate a survey export into observation rows on stdout."""
    bad = _slug_options(args, ("metric", "journey", "phase", "touchpoint"))
    if bad:
        return _usage(bad)
    definitions, stop = load_definitions(args.metrics)
    if definitions is None:
        return stop or EXIT_USAGE
    by_id = {d.id: d for d in definitions}
    definition = by_id.get(args.metric)
    if definition is None:
        hint = did_you_mean(args.metric, by_id)
        return _usage(f"no metric '{args.metric}' in {args.metrics}{hint}")
    journey = _source(args.journey, args.journey_column)
    assert journey is not None  # argparse requires one of the two
    spec = ResponsesSpec(
        metric=definition.id,
        metric_type=definition.type,
        journey=journey,
        score=args.score,
        date=args.date,
        phase=_source(args.phase, args.phase_column),
        touchpoint=_source(args.touchpoint, args.touchpoint_column),
        period=args.period,
    )
    _regular_file(args.file)
    try:
        with open(args.file, encoding="utf-8-sig", newline="") as lines:
            result = read_responses(lines, args.file, spec)
    except OSError as exc:
        raise SourceError(f"cannot read {args.file}: {exc.strerror or exc}") from None
    if result.diagnostics:
        return report_problems(result.diagnostics)
    write_output(as_csv(result.rows, [definition.type]))
    layout = "Qualtrics layout, " if result.qualtrics else ""
    print(
        f"{result.answers:,} answers in {len(result.rows):,} rows ({layout}"
        f"{result.empty:,} empty scores and {result.unfinished:,} unfinished answers skipped)",
        file=sys.stderr,
    )
    return EXIT_OK


def _add_scope(parser: argparse.ArgumentParser, name: str, *, required: bool) -> None:
    group = parser.add_mutually_exclusive_group(required=required)
    group.add_argument(f"--{name}", metavar="ID", help=f"the {name} id of every answer")
    group.add_argument(
        f"--{name}-column", metavar="COL", help=f"the column that holds each answer's {name} id"
    )


def add_responses(sub: argparse._SubParsersAction) -> None:
    """Add `import responses`."""
    parser = sub.add_parser(
        "responses",
        help="aggregate a survey export (one answer per row) into observation rows",
        description="Read a CSV export with one answer per row (plain, or the Qualtrics "
        "layout) and print observation rows for one metric: one per period and scope. Only "
        "the columns named here are read.",
    )
    parser.add_argument("file", metavar="FILE", help="the CSV export")
    parser.add_argument("--metric", required=True, metavar="ID", help="the metric's id")
    _add_scope(parser, "journey", required=True)
    _add_scope(parser, "phase", required=False)
    _add_scope(parser, "touchpoint", required=False)
    parser.add_argument("--score", required=True, metavar="COL", help="the score column")
    parser.add_argument("--date", required=True, metavar="COL", help="the date column")
    parser.add_argument("--period", choices=GRANULARITIES, default=MONTH)
    parser.add_argument(
        "--metrics",
        default=DEFAULT_METRICS,
        metavar="PATH",
        help=f"the metrics definitions file (default: {DEFAULT_METRICS})",
    )
    parser.set_defaults(run=run_responses)


# --- import theydo --------------------------------------------------------------------------


def run_theydo(args: argparse.Namespace) -> int:
    """Print a TheyDo metrics file as observation rows or as `_metrics.yml`."""
    bad = _slug_options(args, ("journey", "phase", "touchpoint"))
    if bad:
        return _usage(bad)
    target = Path(args.file)
    if not exists(target):
        raise SourceError(f"no such file: {args.file}")
    _regular_file(args.file)  # exit 2 for a folder, as `import responses`
    data, refused = read_file(target, args.file, Scope.of([target.parent]), limit=MAX_THEYDO_BYTES)
    if data is None:
        if refused and refused[0].code == "unreadable":
            raise SourceError(refused[0].message)
        return report_problems(refused)
    spec = TheydoSpec(args.journey, args.phase, args.touchpoint, args.period)
    result = read_theydo(data, args.file, spec, definitions=args.definitions)
    if result.diagnostics:
        return report_problems(result.diagnostics)
    if args.definitions:
        write_output(result.definitions_yaml())
    else:
        write_output(as_csv(result.rows, result.types))
    rows = "" if args.definitions else f", {len(result.rows):,} rows"
    print(f"{len(result.metrics):,} metrics, {result.points:,} data points{rows}", file=sys.stderr)
    return EXIT_OK


def add_theydo(sub: argparse._SubParsersAction) -> None:
    """Add `import theydo`."""
    parser = sub.add_parser(
        "theydo",
        help="turn a TheyDo THEYDO_METRICS_V1 file into observation rows or definitions",
        description="Read a THEYDO_METRICS_V1 JSON file and print observation rows (one CSV), "
        "or with --definitions the _metrics.yml that declares its metrics.",
    )
    parser.add_argument("file", metavar="FILE", help="the TheyDo metrics file (.json)")
    parser.add_argument("--journey", metavar="ID", help="journey of data points without one")
    parser.add_argument("--phase", metavar="ID", help="phase of data points without one")
    parser.add_argument("--touchpoint", metavar="ID", help="touchpoint of data points without one")
    parser.add_argument("--period", choices=GRANULARITIES, default=MONTH)
    parser.add_argument(
        "--definitions", action="store_true", help="print _metrics.yml instead of the rows"
    )
    parser.set_defaults(run=run_theydo)
