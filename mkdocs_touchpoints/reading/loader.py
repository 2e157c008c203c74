"""Read journey and team files into a validated handbook, with every diagnostic located.

The functions here take plain paths or bytes; they never import MkDocs. A
content-hash cache lets a rebuild re-read only the files that changed.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import os
import posixpath
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple

from mkdocs_touchpoints.reading.checks import check_handbook, owning_metrics
from mkdocs_touchpoints.reading.diagnostics import Diagnostic, Severity, SourceError
from mkdocs_touchpoints.reading.files import Scope, exists, linked_folder, read_file
from mkdocs_touchpoints.reading.handbook import Handbook, JourneyFile, SourceFile, TeamsSource
from mkdocs_touchpoints.reading.metrics_read import (
    METRICS_DIR_NAME,
    METRICS_FILE_NAME,
    Background,
    MetricsFiles,
    ObservationCache,
    Sketch,
    find_metrics_files,
    load_metrics,
    sketch_observations,
)
from mkdocs_touchpoints.reading.model import Journey, TeamsFile
from mkdocs_touchpoints.reading.quoting import quote
from mkdocs_touchpoints.reading.salvage import salvage
from mkdocs_touchpoints.reading.slug import is_slug, slugify
from mkdocs_touchpoints.reading.text import MAX_ID_LENGTH, describe, forbidden_in_path
from mkdocs_touchpoints.reading.validation import validate
from mkdocs_touchpoints.reading.yamlsource import LocDict, YamlProblem, decode, parse
from mkdocs_touchpoints.sinks.terminal import escape

JOURNEY_SUFFIXES = (".yml", ".yaml")
MAX_JOURNEYS = 20_000
"""Journey files in one folder; past it the folder is rejected rather than half built."""
TEAMS_FILE_NAME = "_teams.yml"


class ParseCache:
    """Parsed journey files by content hash, so a rebuild re-reads only what changed; and
    `observations`, the rows of the metrics' observation files, likewise."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, str], tuple[Any, list[Diagnostic]]] = {}
        self.observations = ObservationCache()

    def get(self, key: tuple[str, str]) -> tuple[Any, list[Diagnostic]] | None:
        """A cached result."""
        return self._entries.get(key)

    def put(self, key: tuple[str, str], value: tuple[Any, list[Diagnostic]]) -> None:
        """Remember a result."""
        self._entries[key] = value

    def keep_only(self, keys: Iterable[tuple[str, str]]) -> None:
        """Forget the entries of files that are gone or changed."""
        wanted = set(keys)
        self._entries = {k: v for k, v in self._entries.items() if k in wanted}

    def __len__(self) -> int:
        return len(self._entries)


def _problem(display: str, problem: YamlProblem) -> Diagnostic:
    return Diagnostic(
        display,
        problem.mark.line,
        problem.mark.column,
        Severity.ERROR,
        problem.code,
        problem.message,
    )


def read_tree(data: bytes, display: str) -> tuple[Any, list[Diagnostic]]:
    """The YAML tree of a file, or None and the diagnostic that rejects it."""
    try:
        tree = parse(decode(data))
    except YamlProblem as problem:
        return None, [_problem(display, problem)]
    if tree is None:
        return None, [Diagnostic(display, 1, 1, Severity.ERROR, "empty-file", "the file is empty")]
    return tree, []


def load_journey(source: SourceFile) -> tuple[JourneyFile | None, list[Diagnostic]]:
    """One journey file on its own: its model, or the diagnostics that stop it."""
    tree, diagnostics = read_tree(source.data, source.display)
    if tree is None:
        return None, diagnostics
    default_id = PurePosixPath(source.rel).name
    for suffix in JOURNEY_SUFFIXES:
        default_id = default_id.removesuffix(suffix)
    context = {"default_id": default_id}
    model, diagnostics = validate(tree, Journey, source.display, context)
    digest = hashlib.sha256(source.data).hexdigest()
    if model is None:
        if not isinstance(tree, LocDict):
            return None, diagnostics
        partial, unchecked, positions = salvage(tree, default_id)
        file = JourneyFile(
            partial, source.display, source.rel, tree, digest, True, unchecked, positions
        )
        return file, diagnostics
    assert isinstance(model, Journey)
    if "id" not in tree and len(default_id) > MAX_ID_LENGTH:
        return JourneyFile(model, source.display, source.rel, tree, digest, True), [
            Diagnostic(
                source.display,
                1,
                1,
                Severity.ERROR,
                "id-too-long",
                f"the file name gives a journey id of {len(default_id):,} characters, over "
                f"the limit of {MAX_ID_LENGTH}; rename the file or add a shorter 'id'",
            )
        ]
    if "id" not in tree and not is_slug(default_id):
        # The file's stem is the id by default, so it must be a slug like any written id.
        return JourneyFile(model, source.display, source.rel, tree, digest, True), [
            _file_name_not_a_slug(source.display, default_id)
        ]
    return JourneyFile(model, source.display, source.rel, tree, digest), []


def _file_name_not_a_slug(display: str, default_id: str) -> Diagnostic:
    suggestion = slugify(default_id) or "my-journey"
    message = (
        f"the file name gives the journey id {quote(default_id)}, which is not a slug "
        "(lowercase letters, digits and single hyphens); "
        f"rename the file to '{suggestion}.yml' or add 'id: {suggestion}'"
    )
    return Diagnostic(display, 1, 1, Severity.ERROR, "invalid-id", message)


def load_teams(data: bytes, display: str) -> tuple[TeamsSource, list[Diagnostic]]:
    """The teams file: its teams, or the diagnostics that stop it."""
    tree, diagnostics = read_tree(data, display)
    if tree is None:
        return TeamsSource(display, None, None), diagnostics
    model, diagnostics = validate(tree, TeamsFile, display)
    if model is None:
        return TeamsSource(display, tree if isinstance(tree, LocDict) else None, None), diagnostics
    assert isinstance(model, TeamsFile)
    return TeamsSource(display, tree, list(model.teams)), []


def build_handbook(
    sources: Iterable[SourceFile],
    teams: TeamsSource,
    teams_diagnostics: Iterable[Diagnostic] = (),
    *,
    whole_folder: bool = True,
    cache: ParseCache | None = None,
    metrics: MetricsFiles | None = None,
    observations_later: Sketch | None = None,
) -> Handbook:
    """Validate every journey, then check references and uniqueness across them.

    With `metrics`, the metrics files are read and checked against the journeys too (with
    `observations_later`, the observation files are only sketched: see `load_metrics`).
    """
    with gc_paused():
        return _build_handbook(
            sources, teams, teams_diagnostics, whole_folder, cache, metrics, observations_later
        )


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: loading makes many objects and no cycles.

    Without the pause, each collection walks every tree loaded so far, and
    loading 1,000 journeys takes about 2.5 times as long.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _build_handbook(
    sources: Iterable[SourceFile],
    teams: TeamsSource,
    teams_diagnostics: Iterable[Diagnostic],
    whole_folder: bool,
    cache: ParseCache | None,
    metrics: MetricsFiles | None = None,
    observations_later: Sketch | None = None,
) -> Handbook:
    ordered = sorted(sources, key=lambda s: PurePosixPath(s.rel).parts)
    journeys: list[JourneyFile] = []
    diagnostics: list[Diagnostic] = list(teams_diagnostics)
    keys = []
    for source in ordered:
        key = (source.display, hashlib.sha256(source.data).hexdigest())
        keys.append(key)
        cached = cache.get(key) if cache is not None else None
        if cached is None:
            cached = load_journey(source)
            if cache is not None:
                cache.put(key, cached)
        loaded, found = cached
        diagnostics.extend(found)
        if loaded is not None:
            journeys.append(loaded)
    if cache is not None:
        cache.keep_only(keys)
    handbook = check_handbook(journeys, teams, diagnostics, whole_folder=whole_folder)
    if metrics is not None:
        rows = cache.observations if cache is not None else None
        _add_metrics(handbook, metrics, journeys, ordered, rows, later=observations_later)
    return handbook


def _add_metrics(
    handbook: Handbook,
    files: MetricsFiles,
    journeys: list[JourneyFile],
    sources: list[SourceFile],
    cache: ObservationCache | None = None,
    *,
    later: Sketch | None = None,
) -> None:
    """The metrics, checked against every journey read (the valid parts of invalid ones)."""
    loaded = {f.rel for f in journeys if f.id}
    unread = frozenset(
        PurePosixPath(s.rel).stem for s in sources if s.rel not in loaded
    )  # a journey that could not be read: its default id is not reported as unknown
    metrics, found = load_metrics(
        files,
        journeys,
        handbook.teams_source,
        handbook.teams,
        unchecked_journeys=unread,
        cache=cache,
        later=later,
    )
    handbook.metrics = metrics
    owners = {d.owner for d in metrics.definitions if d.owner}
    handbook.diagnostics = owning_metrics(handbook.diagnostics, handbook.teams_source, owners)
    if found:
        every = set(handbook.diagnostics).union(found)
        handbook.diagnostics = sorted(every, key=lambda d: (d.path, d.line, d.column, d.message))


def _is_hidden(name: str) -> bool:
    return name.startswith(("_", "."))


class FolderScan(NamedTuple):
    """What a walk of the journeys folder finds."""

    files: list[str]
    """POSIX paths of the journey files, relative to the folder, in walk order."""
    linked_folders: list[str]
    """POSIX paths of the symbolic links to folders: reported, not followed."""
    bad_names: list[str]
    """POSIX paths of the files and folders whose names are not UTF-8 or hold a control
    character: reported, neither read nor walked into."""


def scan_folder(folder: Path) -> FolderScan:
    """The journey files under `folder`, leaving out `_` and `.` names and folder links."""
    found: list[str] = []
    linked: list[str] = []
    bad: list[str] = []
    for current, dirs, files in os.walk(folder, followlinks=False):
        rel_dir = Path(current).relative_to(folder).as_posix()
        prefix = "" if rel_dir == "." else f"{rel_dir}/"
        visible = sorted(d for d in dirs if not _is_hidden(d))
        bad.extend(prefix + d for d in visible if forbidden_in_path(d))
        visible = [d for d in visible if not forbidden_in_path(d)]
        linked.extend(prefix + d for d in visible if os.path.islink(os.path.join(current, d)))
        dirs[:] = [d for d in visible if not os.path.islink(os.path.join(current, d))]
        for name in sorted(files):
            if not _is_hidden(name) and name.endswith(JOURNEY_SUFFIXES):
                (bad if forbidden_in_path(name) else found).append(prefix + name)
    return FolderScan(found, linked, sorted(bad))


def bad_name(display: str) -> Diagnostic:
    """The error of a file or folder whose name is not UTF-8 or holds a control character
    (`display` is shown escaped: the name never reaches a log as it is)."""
    char = forbidden_in_path(display) or ""
    what = (
        "bytes that are not UTF-8"
        if 0xD800 <= ord(char or " ") <= 0xDFFF
        else f"the control character {describe(char)}"
    )
    return Diagnostic(
        escape(display),
        1,
        1,
        Severity.ERROR,
        "bad-file-name",
        f"the name holds {what}: it is not read; rename it "
        "(letters, digits, spaces and punctuation only)",
    )


def _clash_key(rel: str) -> tuple[tuple[str, ...], str]:
    """What must differ between two journey files: their folders' section ids on the index
    (the slug of each folder name) and their paths in any case."""
    parts = PurePosixPath(rel).parts
    return tuple(slugify(p) or p.casefold() for p in parts[:-1]), rel.casefold()


def case_clashes(files: Iterable[str], base: str) -> tuple[list[str], list[Diagnostic]]:
    """The files to read, and an error for each file whose folder gives the same section id
    as another folder (`Sales/` and `sales/`) or whose path differs from another only in
    case: the later one in path order is left out."""
    folders: dict[tuple[str, ...], str] = {}
    paths: dict[str, str] = {}
    keep: list[str] = []
    problems: list[Diagnostic] = []
    for rel in sorted(files, key=lambda r: PurePosixPath(r).parts):
        folder_key, path_key = _clash_key(rel)
        folder = PurePosixPath(rel).parent.as_posix()
        earlier_folder = folders.setdefault(folder_key, folder)
        earlier_path = paths.setdefault(path_key, rel)
        if earlier_path != rel:
            message = f"differs from {quote(earlier_path)} only in case"
        elif earlier_folder != folder:
            message = (
                f"is in folder {quote(folder)}, which gives the same section id on the "
                f"journeys index as folder {quote(earlier_folder)}"
            )
        else:
            keep.append(rel)
            continue
        problems.append(
            Diagnostic(
                _joined(base, rel),
                1,
                1,
                Severity.ERROR,
                "case-clash",
                f"this file {message}; rename one of them (the later one is not read)",
            )
        )
    return keep, problems


def _joined(base: str, rel: str) -> str:
    return posixpath.join(base, rel) if base else rel


def read_journey_files(folder: Path, base: str) -> tuple[list[SourceFile], list[Diagnostic]]:
    """Every journey file under `folder`, read safely, and the diagnostics of those refused.

    `base` is how diagnostics name the folder. Raises SourceError past `MAX_JOURNEYS` files.
    """
    scan = scan_folder(folder)
    if len(scan.files) > MAX_JOURNEYS:
        raise SourceError(
            f"{base}: {len(scan.files):,} journey files, over the limit of {MAX_JOURNEYS:,}; "
            "split the handbook"
        )
    scope = Scope.of([folder])
    problems = [linked_folder(_joined(base, rel)) for rel in scan.linked_folders]
    problems.extend(bad_name(_joined(base, rel)) for rel in scan.bad_names)
    files, clashes = case_clashes(scan.files, base)
    problems.extend(clashes)
    sources = []
    for rel in files:
        display = _joined(base, rel)
        data, refused = read_file(folder / rel, display, scope)
        problems.extend(refused)
        if data is not None:
            sources.append(SourceFile(display, rel, data))
    return sources, problems


def read_teams_file(
    path: Path | None, display: str | None, scope: Scope
) -> tuple[TeamsSource, list[Diagnostic]]:
    """The teams file at `path` if its real path is in `scope`, or implied teams when absent."""
    if path is None or not exists(path):
        return TeamsSource(), []
    shown = display or str(path)
    data, problems = read_file(path, shown, scope)
    if data is None:
        return TeamsSource(shown, None, None), problems
    return load_teams(data, shown)


SITE_TEAMS_SCOPE = "the journeys folder and the site's folder"
"""How messages name where a site's teams file may be (the folder of its config too)."""


def teams_scope(journeys: Path, *others: Path, name: str = "") -> Scope:
    """Where a teams file may be: the journeys folder, and the other folders given."""
    return Scope.of([journeys, *others], name or "the journeys folder")


def load_folder(
    folder: Path,
    teams_file: Path | None = None,
    *,
    display_base: str | None = None,
    teams_display: str | None = None,
    cache: ParseCache | None = None,
    teams_in: Scope | None = None,
    metrics_file: str = METRICS_FILE_NAME,
    metrics_dir: str = METRICS_DIR_NAME,
    observations_later: bool = False,
    background: Background | None = None,
) -> Handbook:
    """Every journey under `folder`, with the teams file (default `folder/_teams.yml`)
    and the measured metrics (`metrics_file` and `metrics_dir`, relative to `folder`).

    With `observations_later`, the observation files are only sketched (see
    `load_metrics`); `background` makes the sketch elsewhere while the journeys load.

    `teams_in` is where the teams file may be (default: the journeys folder).
    """
    if not folder.is_dir():
        raise SourceError(f"journeys folder not found: {display_base or folder}")
    base = display_base if display_base is not None else str(folder)
    teams_path = teams_file if teams_file is not None else folder / TEAMS_FILE_NAME
    if teams_display is None:
        teams_display = (
            posixpath.join(base, TEAMS_FILE_NAME) if teams_file is None else str(teams_file)
        )
    scope = teams_in or teams_scope(folder)
    teams, problems = read_teams_file(teams_path, teams_display, scope)
    sources, refused = read_journey_files(folder, base)
    metrics = find_metrics_files(folder, base, metrics_file, metrics_dir)
    sketch: Sketch | None = None
    if observations_later:
        sketch = functools.partial(sketch_observations, metrics)
        if background is not None and metrics.observations:
            sketch = background(sketch)
    return build_handbook(
        sources,
        teams,
        problems + refused,
        whole_folder=True,
        cache=cache,
        metrics=metrics,
        observations_later=sketch,
    )


def load_file(
    path: Path,
    teams_file: Path | None = None,
    *,
    display: str | None = None,
    teams_in: Scope | None = None,
) -> Handbook:
    """One journey file, with the teams file beside it (or the one given).

    The file's folder is its journeys folder: a link in it must not lead out of it.
    """
    if not exists(path):
        raise SourceError(f"journey file not found: {display or path}")
    shown = display or str(path)
    teams_path = teams_file if teams_file is not None else path.parent / TEAMS_FILE_NAME
    teams_display = (
        os.path.join(os.path.dirname(shown), TEAMS_FILE_NAME)
        if teams_file is None
        else str(teams_file)
    )
    teams, problems = read_teams_file(
        teams_path, teams_display, teams_in or teams_scope(path.parent)
    )
    data, refused = read_file(path, shown, Scope.of([path.parent]))
    problems.extend(refused)
    sources = [SourceFile(shown, path.name, data)] if data is not None else []
    return build_handbook(sources, teams, problems, whole_folder=False)
