"""Read a handbook's measured metrics: `_metrics.yml` and `_metrics/**/*.csv`.

`find_metrics_files` walks the journeys folder (no file is opened); `load_metrics` reads
the files with the same rules as journeys (regular files inside the journeys folder,
bounded reads), validates the definitions with the located-YAML machinery and checks every
observation row against them and the journeys, and returns `Metrics` and the diagnostics.
The loader calls both when it reads a whole folder (`loader.load_folder`).
"""

from __future__ import annotations

import functools
import hashlib
import os
import posixpath
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import ValidationError

from mkdocs_touchpoints.reading.diagnostics import Diagnostic, Severity
from mkdocs_touchpoints.reading.files import MAX_FILE_BYTES, Scope, exists, read_file
from mkdocs_touchpoints.reading.handbook import JourneyFile, TeamsSource
from mkdocs_touchpoints.reading.locate import has_key, locate
from mkdocs_touchpoints.reading.metrics_model import (
    MetricDefinition,
    Metrics,
    MetricsFile,
    Observation,
    ObservedOutline,
)
from mkdocs_touchpoints.reading.model import Team
from mkdocs_touchpoints.reading.observations import (
    MAX_OBSERVATIONS_BYTES,
    MetricIndex,
    ObservationChecker,
    outline,
)
from mkdocs_touchpoints.reading.quoting import quote
from mkdocs_touchpoints.reading.slug import is_slug
from mkdocs_touchpoints.reading.suggest import did_you_mean
from mkdocs_touchpoints.reading.validation import validate
from mkdocs_touchpoints.reading.yamlsource import LocDict, Mark, YamlProblem, decode, parse

METRICS_FILE_NAME = "_metrics.yml"
"""The definitions file, relative to the journeys folder (plugin option `metrics_file`)."""
METRICS_DIR_NAME = "_metrics"
"""The folder of observation files, relative to the journeys folder (option `metrics_dir`)."""
OBSERVATION_SUFFIX = ".csv"
MAX_OBSERVATION_FILES = 10_000
"""Observation files in the metrics folder; past it the folder is not read."""


@dataclass(slots=True)
class MetricsFiles:
    """Where a handbook's metrics files are (found by a walk, none opened yet)."""

    folder: Path
    """The journeys folder: every metrics file's real path must be inside it."""
    definitions_display: str = METRICS_FILE_NAME
    """How diagnostics name the definitions file, there or not."""
    definitions: tuple[Path, str] | None = None
    """The definitions file and its display path, when something is there."""
    observations: list[tuple[Path, str]] = field(default_factory=list)
    """Observation files and their display paths, in sorted path order."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """Folder links not followed, or a metrics folder that is not a folder."""
    blobs: dict[str, bytes] = field(default_factory=dict)
    """Contents already read, by display path (a git revision's files): not read again."""

    def read(self, path: Path, display: str, limit: int) -> tuple[bytes | None, list[Diagnostic]]:
        """The bytes of one metrics file: its blob, or the file read as journeys are."""
        if display in self.blobs:
            return self.blobs[display], []
        return read_file(path, display, Scope.of([self.folder]), limit=limit)


def _joined(base: str, rel: str) -> str:
    return posixpath.join(base, rel) if base else rel


def find_metrics_files(
    folder: Path,
    base: str,
    metrics_file: str = METRICS_FILE_NAME,
    metrics_dir: str = METRICS_DIR_NAME,
) -> MetricsFiles:
    """The definitions file and the observation files of the journeys folder `folder`.

    `base` is how diagnostics name the folder. A symbolic link to a folder is not followed
    (a warning); the files themselves are checked when read.
    """
    found = MetricsFiles(folder, _joined(base, PurePosixPath(metrics_file).as_posix()))
    definitions = folder / metrics_file
    if exists(definitions):
        found.definitions = (definitions, found.definitions_display)
    root = folder / metrics_dir
    root_display = _joined(base, PurePosixPath(metrics_dir).as_posix())
    if os.path.islink(root) and os.path.isdir(root):
        found.diagnostics.append(_linked_folder(root_display))
        return found
    if not os.path.isdir(root):
        if exists(root):
            found.diagnostics.append(
                Diagnostic(
                    root_display,
                    1,
                    1,
                    Severity.ERROR,
                    "not-a-folder",
                    "the metrics folder is not a folder; put the observation files (*.csv) in one",
                )
            )
        return found
    files: list[tuple[tuple[str, ...], str]] = []
    for current, dirs, names in os.walk(root, followlinks=False):
        rel_dir = Path(current).relative_to(root).as_posix()
        prefix = "" if rel_dir == "." else f"{rel_dir}/"
        visible = sorted(d for d in dirs if not d.startswith("."))
        for name in visible:
            if os.path.islink(os.path.join(current, name)):
                found.diagnostics.append(_linked_folder(_joined(root_display, prefix + name)))
        dirs[:] = [d for d in visible if not os.path.islink(os.path.join(current, d))]
        for name in names:
            if name.endswith(OBSERVATION_SUFFIX) and not name.startswith("."):
                rel = prefix + name
                files.append((PurePosixPath(rel).parts, rel))
    if len(files) > MAX_OBSERVATION_FILES:
        found.diagnostics.append(
            Diagnostic(
                root_display,
                1,
                1,
                Severity.ERROR,
                "too-many-files",
                f"{len(files):,} observation files, over the limit of "
                f"{MAX_OBSERVATION_FILES:,}; put more rows in each",
            )
        )
        return found
    for _, rel in sorted(files):
        found.observations.append((root / rel, _joined(root_display, rel)))
    return found


def _linked_folder(display: str) -> Diagnostic:
    return Diagnostic(
        display,
        1,
        1,
        Severity.WARNING,
        "linked-folder",
        "symbolic link to a folder: not followed, its observation files are not read; "
        "move or copy the folder here instead",
    )


# -- definitions ---------------------------------------------------------------------------


@dataclass(slots=True)
class Definitions:
    """The definitions file as read: the valid definitions and what could not be read."""

    display: str
    tree: Any = None
    metrics: list[MetricDefinition] = field(default_factory=list)
    """Valid definitions in file order, first of each id only."""
    places: list[int] = field(default_factory=list)
    """The index in the file of each valid definition."""
    unchecked: set[str] = field(default_factory=set)
    """Ids of invalid definitions: rows naming them are not reported as unknown."""
    unchecked_all: bool = False
    """The file, or a definition whose id cannot be told, is invalid."""
    ids: list[tuple[int, str]] = field(default_factory=list)
    """(index, id) of every entry whose id can be told, valid or not: a duplicate id is
    reported even when one of the two entries has other errors."""


def read_definitions(data: bytes, display: str) -> tuple[Definitions, list[Diagnostic]]:
    """The definitions of `_metrics.yml`, salvaging the valid ones when some are invalid."""
    found = Definitions(display)
    try:
        tree = parse(decode(data))
    except YamlProblem as problem:
        found.unchecked_all = True
        mark = problem.mark
        return found, [
            Diagnostic(
                display, mark.line, mark.column, Severity.ERROR, problem.code, problem.message
            )
        ]
    if tree is None:
        found.unchecked_all = True
        return found, [Diagnostic(display, 1, 1, Severity.ERROR, "empty-file", "the file is empty")]
    found.tree = tree
    model, diagnostics = validate(tree, MetricsFile, display)
    if isinstance(model, MetricsFile):
        found.metrics = list(model.metrics)
        found.places = list(range(len(found.metrics)))
        found.ids = [(index, m.id) for index, m in enumerate(found.metrics)]
        return found, diagnostics
    items = tree.get("metrics") if isinstance(tree, LocDict) else None
    if not isinstance(items, list):
        found.unchecked_all = True
        return found, diagnostics
    for index, item in enumerate(items):
        try:
            definition = MetricDefinition.model_validate(item)
        except ValidationError:
            metric_id = item.get("id") if isinstance(item, dict) else None
            if isinstance(metric_id, str):
                found.unchecked.add(metric_id)
                if is_slug(metric_id):
                    found.ids.append((index, metric_id))
            else:
                found.unchecked_all = True
            continue
        found.metrics.append(definition)
        found.places.append(index)
        found.ids.append((index, definition.id))
    return found, diagnostics


def definition_problems(found: Definitions, team_ids: set[str] | None) -> Iterator[Diagnostic]:
    """Duplicate ids, unknown owner teams and `hide_below` over `min_n`; drops duplicates."""
    first: dict[str, int] = {}
    kept: list[MetricDefinition] = []
    kept_places: list[int] = []

    def error(path: tuple[str | int, ...], code: str, message: str) -> Diagnostic:
        mark = locate(found.tree, path)
        return Diagnostic(found.display, mark.line, mark.column, Severity.ERROR, code, message)

    duplicates: dict[int, str] = {}
    for index, metric_id in found.ids:
        if metric_id in first:
            duplicates[index] = metric_id
        else:
            first[metric_id] = index
    valid = dict(zip(found.places, found.metrics, strict=True))
    for index in sorted(valid.keys() | duplicates.keys()):  # the file's order
        where: tuple[str | int, ...] = ("metrics", index)
        if index in duplicates:
            metric_id = duplicates[index]
            line = locate(found.tree, ("metrics", first[metric_id], "id")).line
            yield error(
                (*where, "id"),
                "duplicate-id",
                f"duplicate metric id {quote(metric_id)} (first at line {line})",
            )
            continue
        definition = valid[index]
        kept.append(definition)
        kept_places.append(index)
        owner = definition.owner
        if owner is not None and team_ids is not None and owner not in team_ids:
            yield error(
                (*where, "owner"),
                "unknown-team",
                f"unknown team {quote(owner)}{did_you_mean(owner, team_ids)}",
            )
        if has_key(found.tree, (*where, "hide_below")) and definition.hide_below > definition.min_n:
            yield error(
                (*where, "hide_below"),
                "out-of-range",
                f"'hide_below' ({definition.hide_below}) must be at most min_n "
                f"({definition.min_n})",
            )
    found.metrics, found.places = kept, kept_places


def _mark(mark: Mark) -> tuple[int, int]:
    return (mark.line, mark.column)


def _team_ids(teams: TeamsSource, listed: list[Team]) -> set[str] | None:
    """The team ids an owner may name: the declared teams, the implied ones without a teams
    file, or None (not checked) when the teams file is invalid."""
    if teams.declared is not None:
        return {t.id for t in teams.declared}
    if teams.display is None:
        return {t.id for t in listed}
    return None


# -- the whole ---------------------------------------------------------------------------

_RowsKey = tuple[str, str, tuple[tuple[str, str], ...]]


class ObservationCache:
    """The rows of valid observation files by display path, content hash and the metrics'
    ids and types, so a rebuild (`mkdocs serve`) parses only the files that changed.

    A file is kept only when its read found nothing wrong; its rows are then taken again
    without parsing, and only the lookups and the checks across files run on them
    (`ObservationChecker.replay`): duplicates, levels and journeys depend on other files.
    """

    def __init__(self) -> None:
        self._entries: dict[_RowsKey, list[Observation]] = {}
        self.parses = 0
        """Observation files parsed through this cache (for tests and benchmarks)."""

    def get(self, key: _RowsKey) -> list[Observation] | None:
        """The rows of a file read before, if any."""
        return self._entries.get(key)

    def put(self, key: _RowsKey, rows: list[Observation]) -> None:
        """Remember the rows of a valid file."""
        self._entries[key] = rows

    def keep_only(self, keys: list[_RowsKey]) -> None:
        """Forget the files that are gone or changed."""
        wanted = set(keys)
        self._entries = {k: v for k, v in self._entries.items() if k in wanted}

    def __len__(self) -> int:
        return len(self._entries)


def _read_observations(
    checker: ObservationChecker,
    data: bytes,
    display: str,
    cache: ObservationCache | None,
    kinds: tuple[tuple[str, str], ...],
    keys: list[_RowsKey],
) -> None:
    """One observation file: its rows taken again from `cache` when its bytes (and the
    metrics' ids and types) are unchanged and they still fit, else parsed and checked."""
    if cache is None:
        checker.read(data, display)
        return
    key = (display, hashlib.sha256(data).hexdigest(), kinds)
    keys.append(key)
    rows = cache.get(key)
    if rows is not None and checker.replay(rows):
        return
    cache.parses += 1
    before_rows, before_diagnostics = len(checker.observations), len(checker.diagnostics)
    checker.read(data, display)
    if len(checker.diagnostics) == before_diagnostics:
        cache.put(key, checker.observations[before_rows:])


def load_metrics(
    files: MetricsFiles,
    journeys: list[JourneyFile],
    teams: TeamsSource,
    listed_teams: list[Team],
    *,
    unchecked_journeys: frozenset[str] = frozenset(),
    cache: ObservationCache | None = None,
    later: Sketch | None = None,
) -> tuple[Metrics, list[Diagnostic]]:
    """Read and check the metrics files against the journeys (invalid ones included, for
    their valid parts) and the teams; the diagnostics in file then line order.

    With `cache`, an observation file whose bytes are unchanged since the last call is not
    parsed again (see `ObservationCache`). With `later` (which gives the sketch of the
    observation files, `sketch_observations`), the files are only sketched
    (`Metrics.outline`) and `Metrics.pending` reads them when called."""
    diagnostics = list(files.diagnostics)
    metrics = Metrics()
    index: MetricIndex
    if files.definitions is not None:
        path, display = files.definitions
        metrics.definitions_path = display
        data, refused = files.read(path, display, MAX_FILE_BYTES)
        diagnostics.extend(refused)
        if data is None:
            index = MetricIndex({}, unchecked_all=True)
        else:
            found, problems = read_definitions(data, display)
            diagnostics.extend(problems)
            diagnostics.extend(definition_problems(found, _team_ids(teams, listed_teams)))
            metrics.definitions = found.metrics
            metrics.marks = {
                d.id: _mark(locate(found.tree, ("metrics", place, "id")))
                for d, place in zip(found.metrics, found.places, strict=True)
            }
            index = MetricIndex(
                {d.id: d for d in found.metrics}, frozenset(found.unchecked), found.unchecked_all
            )
    else:
        index = MetricIndex(None)
        for _, display in files.observations:
            diagnostics.append(
                Diagnostic(
                    display,
                    1,
                    1,
                    Severity.ERROR,
                    "no-definitions",
                    "observations without a definitions file; declare the metrics in "
                    f"{quote(files.definitions_display)}",
                )
            )
    if later is not None and files.observations:
        metrics.outline = later()
        metrics.pending = functools.partial(
            _observations, files, ObservationChecker(index, journeys, unchecked_journeys)
        )
        return metrics, diagnostics
    checker = ObservationChecker(index, journeys, unchecked_journeys)
    found_rows, problems = _observations(files, checker, cache)
    diagnostics.extend(problems)
    metrics.observations = found_rows
    return metrics, diagnostics


def _observations(
    files: MetricsFiles, checker: ObservationChecker, cache: ObservationCache | None = None
) -> tuple[list[Observation], list[Diagnostic]]:
    """Every observation file read and checked: the valid rows, and the diagnostics."""
    diagnostics: list[Diagnostic] = []
    kinds = tuple((d.id, d.type) for d in (checker.metrics.definitions or {}).values())
    keys: list[_RowsKey] = []
    for path, display in files.observations:
        data, refused = files.read(path, display, MAX_OBSERVATIONS_BYTES)
        diagnostics.extend(refused)
        if data is not None:
            _read_observations(checker, data, display, cache, kinds, keys)
            del data
    if cache is not None:
        cache.keep_only(keys)
    diagnostics.extend(checker.diagnostics)
    return checker.observations, diagnostics


Sketch = Callable[[], ObservedOutline]
"""Gives the sketch of a handbook's observation files (made here or elsewhere meanwhile)."""
Background = Callable[[Sketch], Sketch]
"""Starts a sketch elsewhere (a forked process) and gives what waits for its result."""


def sketch_observations(files: MetricsFiles) -> ObservedOutline:
    """The sketch of every observation file (a file that cannot be read adds nothing: the
    full read reports it). About 1.3 s for 1.8 million rows."""
    found: set[tuple[str, str, bool, bool]] = set()
    for path, display in files.observations:
        data, _ = files.read(path, display, MAX_OBSERVATIONS_BYTES)
        if data is not None:
            found.update(outline(data))
            del data
    return frozenset(found)
