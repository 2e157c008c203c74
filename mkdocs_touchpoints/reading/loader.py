"""Read journey and team files into a validated handbook, with every diagnostic located.

The functions here take plain paths or bytes; they never import MkDocs. A
content-hash cache lets a rebuild re-read only the files that changed.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import posixpath
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from mkdocs_touchpoints.reading.checks import check_handbook
from mkdocs_touchpoints.reading.diagnostics import Diagnostic, Severity, SourceError
from mkdocs_touchpoints.reading.handbook import Handbook, JourneyFile, SourceFile, TeamsSource
from mkdocs_touchpoints.reading.model import Journey, TeamsFile
from mkdocs_touchpoints.reading.salvage import salvage
from mkdocs_touchpoints.reading.validation import validate
from mkdocs_touchpoints.reading.yamlsource import LocDict, YamlProblem, decode, parse

JOURNEY_SUFFIXES = (".yml", ".yaml")
MAX_JOURNEYS = 20_000
"""Journey files in one folder; past it the folder is rejected rather than half built."""
TEAMS_FILE_NAME = "_teams.yml"


class ParseCache:
    """Parsed journey files by content hash, so a rebuild re-reads only what changed."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, str], tuple[Any, list[Diagnostic]]] = {}

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
    return JourneyFile(model, source.display, source.rel, tree, digest), []


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
) -> Handbook:
    """Validate every journey, then check references and uniqueness across them."""
    with gc_paused():
        return _build_handbook(sources, teams, teams_diagnostics, whole_folder, cache)


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
    return check_handbook(journeys, teams, diagnostics, whole_folder=whole_folder)


def _is_hidden(name: str) -> bool:
    return name.startswith(("_", "."))


def scan_folder(folder: Path) -> list[str]:
    """POSIX paths of the journey files under `folder`, leaving out `_` and `.` names."""
    found: list[str] = []
    for current, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not _is_hidden(d))
        rel_dir = Path(current).relative_to(folder).as_posix()
        for name in sorted(files):
            if not _is_hidden(name) and name.endswith(JOURNEY_SUFFIXES):
                found.append(name if rel_dir == "." else f"{rel_dir}/{name}")
    return found


def _read(path: Path, display: str) -> tuple[bytes | None, list[Diagnostic]]:
    try:
        size = path.stat().st_size
        if size > 1024 * 1024:  # do not read a huge file to reject it
            with path.open("rb") as handle:
                return handle.read(1024 * 1024 + 1), []
        return path.read_bytes(), []
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return None, [
            Diagnostic(display, 1, 1, Severity.ERROR, "unreadable", f"cannot read: {reason}")
        ]


def read_teams_file(path: Path | None, display: str | None) -> tuple[TeamsSource, list[Diagnostic]]:
    """The teams file at `path`, or implied teams when it does not exist."""
    if path is None or not path.is_file():
        return TeamsSource(), []
    shown = display or str(path)
    data, problems = _read(path, shown)
    if data is None:
        return TeamsSource(shown, None, None), problems
    return load_teams(data, shown)


def load_folder(
    folder: Path,
    teams_file: Path | None = None,
    *,
    display_base: str | None = None,
    teams_display: str | None = None,
    cache: ParseCache | None = None,
) -> Handbook:
    """Every journey under `folder`, with the teams file (default `folder/_teams.yml`)."""
    if not folder.is_dir():
        raise SourceError(f"journeys folder not found: {display_base or folder}")
    base = display_base if display_base is not None else str(folder)
    teams_path = teams_file if teams_file is not None else folder / TEAMS_FILE_NAME
    if teams_display is None:
        teams_display = (
            posixpath.join(base, TEAMS_FILE_NAME) if teams_file is None else str(teams_file)
        )
    teams, teams_problems = read_teams_file(teams_path, teams_display)
    sources, problems = [], list(teams_problems)
    found = scan_folder(folder)
    if len(found) > MAX_JOURNEYS:
        raise SourceError(
            f"{base}: {len(found):,} journey files, over the limit of {MAX_JOURNEYS:,}; "
            "split the handbook"
        )
    for rel in found:
        display = posixpath.join(base, rel) if base else rel
        data, unreadable = _read(folder / rel, display)
        problems.extend(unreadable)
        if data is not None:
            sources.append(SourceFile(display, rel, data))
    return build_handbook(sources, teams, problems, whole_folder=True, cache=cache)


def load_file(
    path: Path, teams_file: Path | None = None, *, display: str | None = None
) -> Handbook:
    """One journey file, with the teams file beside it (or the one given)."""
    if not path.is_file():
        raise SourceError(f"journey file not found: {display or path}")
    shown = display or str(path)
    teams_path = teams_file if teams_file is not None else path.parent / TEAMS_FILE_NAME
    teams_display = (
        os.path.join(os.path.dirname(shown), TEAMS_FILE_NAME)
        if teams_file is None
        else str(teams_file)
    )
    teams, problems = read_teams_file(teams_path, teams_display)
    data, unreadable = _read(path, shown)
    problems.extend(unreadable)
    sources = [SourceFile(shown, path.name, data)] if data is not None else []
    return build_handbook(sources, teams, problems, whole_folder=False)
