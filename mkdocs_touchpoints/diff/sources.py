"""Read one side of a diff: a journeys folder, one journey file, or a folder in a git revision.

A revision is read with git itself (`git ls-tree` and `git cat-file --batch`): no
checkout, no temporary files, one process for the listing and one for the contents.
"""

from __future__ import annotations

import posixpath
import subprocess
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from mkdocs_touchpoints.reading.diagnostics import Diagnostic, SourceError
from mkdocs_touchpoints.reading.files import (
    MAX_FILE_BYTES,
    Scope,
    exists,
    read_file,
    too_large,
    unsafe,
)
from mkdocs_touchpoints.reading.handbook import Handbook, SourceFile, TeamsSource
from mkdocs_touchpoints.reading.loader import (
    JOURNEY_SUFFIXES,
    TEAMS_FILE_NAME,
    bad_name,
    build_handbook,
    case_clashes,
    load_teams,
    read_journey_files,
    read_teams_file,
)
from mkdocs_touchpoints.reading.metrics_read import (
    METRICS_DIR_NAME,
    METRICS_FILE_NAME,
    OBSERVATION_SUFFIX,
    MetricsFiles,
    find_metrics_files,
)
from mkdocs_touchpoints.reading.model import Team
from mkdocs_touchpoints.reading.observations import MAX_OBSERVATIONS_BYTES, sorted_paths
from mkdocs_touchpoints.reading.text import forbidden_in_path

REGULAR_MODES = ("100644", "100755")
LINK_MODE = "120000"
"""The git mode of a symbolic link."""
LINK_IN_REVISION = "symbolic link: it is not followed; commit the file itself"
NULL_FILE = "/dev/null"
"""What git passes an external diff driver for the missing side of an added or deleted file."""


@dataclass(slots=True)
class Side:
    """One side of a diff, read and validated."""

    label: str
    """How messages name it: `BASE (main)`, `HEAD (working tree)`."""
    handbook: Handbook
    sources: list[SourceFile] = field(default_factory=list)
    extra: list[Diagnostic] = field(default_factory=list)
    """Diagnostics found while reading (teams file, unreadable or oversized files)."""
    whole_folder: bool = True
    compare_teams: bool = True
    """False for a single journey file: it has no teams of its own to compare."""
    metrics: MetricsFiles | None = None
    """The measured metrics files read with the journeys (a whole folder only)."""


def _build(
    label: str,
    sources: list[SourceFile],
    teams: TeamsSource,
    extra: list[Diagnostic],
    *,
    whole_folder: bool = True,
    compare_teams: bool = True,
    metrics: MetricsFiles | None = None,
) -> Side:
    handbook = build_handbook(sources, teams, extra, whole_folder=whole_folder, metrics=metrics)
    return Side(label, handbook, sources, extra, whole_folder, compare_teams, metrics)


def read_folder(folder: Path, display_base: str, label: str, *, metrics: bool = True) -> Side:
    """Every journey under a folder, with its `_teams.yml` and (with `metrics`) its measured
    metrics (`_metrics.yml`, `_metrics/**/*.csv`)."""
    if not folder.is_dir():
        raise SourceError(f"no such journeys folder: {display_base}")
    teams_display = posixpath.join(display_base, TEAMS_FILE_NAME)
    teams, extra = read_teams_file(folder / TEAMS_FILE_NAME, teams_display, Scope.of([folder]))
    sources, refused = read_journey_files(folder, display_base)
    found = find_metrics_files(folder, display_base) if metrics else None
    return _build(label, sources, teams, extra + refused, metrics=found)


def read_journey_file(path: Path, display: str, label: str, *, name: str | None = None) -> Side:
    """One journey file on its own (teams are not checked nor compared).

    `name` is the file name the journey id defaults from, when the file read is a
    temporary copy (git's external diff driver); `/dev/null` stands for no journey.
    """
    rel = PurePosixPath(name or display).name
    if str(path) == NULL_FILE:
        return _build(label, [], TeamsSource(), [], whole_folder=False, compare_teams=False)
    if not exists(path):
        raise SourceError(f"no such journey file: {display}")
    data, extra = read_file(path, display, Scope.of([path.parent]))
    sources = [SourceFile(display, rel, data)] if data is not None else []
    return _build(label, sources, TeamsSource(), extra, whole_folder=False, compare_teams=False)


def read_teams_only(path: Path, display: str, label: str) -> Side:
    """A teams file on its own (`/dev/null` for none), to compare teams alone."""
    extra: list[Diagnostic]
    if str(path) == NULL_FILE:
        teams, extra = TeamsSource(display, None, []), []
    else:
        data, extra = read_file(path, display, Scope.of([path.parent]))
        if data is None:
            teams = TeamsSource(display, None, None)
        else:
            teams, extra = load_teams(data, display)
    return _build(label, [], teams, extra, whole_folder=False)


def is_journey_path(rel: str) -> bool:
    """True for a journey file name (no `_` or `.` part, a .yml or .yaml suffix)."""
    parts = rel.split("/")
    if any(part.startswith(("_", ".")) for part in parts):
        return False
    return parts[-1].endswith(JOURNEY_SUFFIXES)


# --- git ------------------------------------------------------------------------------------


class Git:
    """A git repository, driven through the git command."""

    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd
        top = self._run(["rev-parse", "--show-toplevel"], cwd=cwd, what="a git repository")
        self.top = Path(top.decode().strip())
        self.prefix = self._run(["rev-parse", "--show-prefix"], cwd=cwd).decode().strip()

    @staticmethod
    def _run(args: list[str], *, cwd: Path, what: str = "", data: bytes | None = None) -> bytes:
        try:
            done = subprocess.run(
                ["git", *args],
                cwd=cwd,
                input=data,
                capture_output=True,
                check=False,
            )
        except FileNotFoundError:
            raise SourceError("git is not installed (needed to read a revision)") from None
        except OSError as exc:
            raise SourceError(f"cannot run git: {exc.strerror or exc}") from None
        if done.returncode != 0:
            reason = done.stderr.decode(errors="replace").strip().splitlines()
            detail = reason[-1] if reason else f"git {args[0]} failed"
            raise SourceError(f"not {what}: {detail}" if what else detail)
        return done.stdout

    def run(self, *args: str, data: bytes | None = None) -> bytes:
        """Run git at the top of the work tree."""
        return self._run(list(args), cwd=self.top, data=data)

    def commit(self, revision: str) -> str:
        """The commit a revision names; SourceError when it names none."""
        if revision.startswith("-"):
            raise SourceError(f"not a folder nor a git revision: {revision}")
        try:
            out = self.run("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
        except SourceError:
            raise SourceError(f"not a folder nor a git revision: {revision}") from None
        return out.decode().strip()

    def repo_path(self, path: str) -> str:
        """A path given relative to the current folder, as a path from the top of the repo."""
        joined = posixpath.normpath(posixpath.join(self.prefix, Path(path).as_posix()))
        if joined == ".." or joined.startswith("../") or posixpath.isabs(joined):
            raise SourceError(f"--path must be inside the repository: {path}")
        return "" if joined == "." else joined

    def list_tree(self, commit: str, folder: str) -> list[tuple[str, str, int, str]]:
        """(mode, object id, size, path) of every file under `folder` in the commit.

        Regular files have the mode `100644` or `100755`; a symbolic link is a blob of mode
        `120000` whose content is its target (never followed: see `read_revision`).
        """
        args = ["ls-tree", "-r", "-l", "-z", "--full-tree", commit]
        if folder:
            args += ["--", folder]
        entries = []
        for record in self.run(*args).split(b"\0"):
            if not record:
                continue
            meta, _, raw_path = record.partition(b"\t")
            mode, kind, object_id, size = meta.decode().split()
            path = raw_path.decode("utf-8", errors="surrogateescape")
            inside = not folder or path.startswith(folder + "/")
            if kind == "blob" and mode in (*REGULAR_MODES, LINK_MODE) and inside:
                entries.append((mode, object_id, int(size), path))
        return entries

    def is_folder(self, commit: str, folder: str) -> bool:
        """True when `folder` is a folder (tree) in the commit."""
        if not folder:
            return True
        try:
            return self.run("cat-file", "-t", f"{commit}:{folder}").strip() == b"tree"
        except SourceError:
            return False

    def read_blobs(self, object_ids: list[str]) -> dict[str, bytes]:
        """The contents of several blobs, through one `git cat-file --batch`."""
        if not object_ids:
            return {}
        unique = list(dict.fromkeys(object_ids))
        out = self.run("cat-file", "--batch", data="".join(f"{o}\n" for o in unique).encode())
        blobs: dict[str, bytes] = {}
        position = 0
        for object_id in unique:
            end = out.index(b"\n", position)
            header = out[position:end].decode().split()
            if len(header) != 3:
                raise SourceError(f"git cannot read object {object_id}")
            size = int(header[2])
            blobs[object_id] = out[end + 1 : end + 1 + size]
            position = end + 1 + size + 1
        return blobs


def read_revision(git: Git, revision: str, path: str, label: str, *, metrics: bool = False) -> Side:
    """The journeys folder `path` as it is in a git revision; with `metrics`, its measured
    metrics too (`_metrics.yml` and `_metrics/**/*.csv`, read as blobs, never checked out)."""
    commit = git.commit(revision)
    folder = git.repo_path(path)
    if not git.is_folder(commit, folder):
        raise SourceError(f"no folder '{folder or '.'}' in revision {revision}")
    entries = git.list_tree(commit, folder)
    start = len(folder) + 1 if folder else 0
    extra: list[Diagnostic] = []
    wanted: list[tuple[str, str, str]] = []
    teams_entry = None
    metric_entries: list[tuple[str, str, str]] = []
    found = MetricsFiles(git.top / folder, posixpath.join(folder, METRICS_FILE_NAME))
    for mode, object_id, size, repo_path in entries:
        rel = repo_path[start:]
        kind = _metrics_kind(rel) if metrics else None
        if kind is not None:
            limit = MAX_FILE_BYTES if kind == "definitions" else MAX_OBSERVATIONS_BYTES
            if mode == LINK_MODE:
                extra.append(unsafe(repo_path, LINK_IN_REVISION))
            elif size > limit:
                extra.append(too_large(repo_path, size, limit))
            else:
                metric_entries.append((object_id, kind, repo_path))
            continue
        if (rel == TEAMS_FILE_NAME or is_journey_path(rel)) and forbidden_in_path(rel):
            extra.append(bad_name(repo_path))
        elif mode == LINK_MODE:
            if rel == TEAMS_FILE_NAME or is_journey_path(rel):
                extra.append(unsafe(repo_path, LINK_IN_REVISION))
        elif rel == TEAMS_FILE_NAME:
            teams_entry = (object_id, size, repo_path)
        elif is_journey_path(rel):
            if size > MAX_FILE_BYTES:
                extra.append(too_large(repo_path, size))
            else:
                wanted.append((object_id, rel, repo_path))
    teams_ok = teams_entry is not None and teams_entry[1] <= MAX_FILE_BYTES
    teams_blob = [teams_entry[0]] if teams_ok and teams_entry is not None else []
    blobs = git.read_blobs(
        [o for o, _, _ in wanted] + teams_blob + [o for o, _, _ in metric_entries]
    )
    teams = TeamsSource()
    if teams_entry is not None:
        if teams_ok:
            teams, problems = load_teams(blobs[teams_entry[0]], teams_entry[2])
            extra = problems + extra
        else:
            teams = TeamsSource(teams_entry[2], None, None)
            extra.insert(0, too_large(teams_entry[2], teams_entry[1]))
    kept, clashes = case_clashes([rel for _, rel, _ in wanted], folder)
    extra.extend(clashes)
    readable = set(kept)
    sources = [SourceFile(shown, rel, blobs[o]) for o, rel, shown in wanted if rel in readable]
    if not metrics:
        return _build(label, sources, teams, extra)
    observations: list[tuple[str, str]] = []
    for object_id, kind, repo_path in metric_entries:
        found.blobs[repo_path] = blobs[object_id]
        if kind == "definitions":
            found.definitions = (git.top / repo_path, repo_path)
        else:
            observations.append((object_id, repo_path))
    found.observations = [
        (git.top / shown, shown) for shown in sorted_paths([p for _, p in observations])
    ]
    return _build(label, sources, teams, extra, metrics=found)


def _metrics_kind(rel: str) -> str | None:
    """`definitions` for `_metrics.yml`, `observations` for `_metrics/**/*.csv`, else None."""
    if rel == METRICS_FILE_NAME:
        return "definitions"
    parts = rel.split("/")
    if (
        len(parts) > 1
        and parts[0] == METRICS_DIR_NAME
        and rel.endswith(OBSERVATION_SUFFIX)
        and not any(p.startswith(".") for p in parts[1:])
    ):
        return "observations"
    return None


# --- choosing how to read a side ------------------------------------------------------------


def read_side(spec: str | None, path: str, role: str, *, cwd: Path | None = None) -> Side:
    """BASE or HEAD as given on the command line.

    None means the working tree (the `path` folder); an existing folder is a journeys
    folder; an existing file is one journey; anything else must be a git revision, whose
    `path` folder is read.
    """
    here = cwd or Path.cwd()
    if spec is None:
        return read_folder(here / path, _shown(path), f"{role} (working tree)")
    target = here / spec
    if target.is_dir() or target.is_file():
        _refuse_ambiguous(spec, here)
    if target.is_dir():
        return read_folder(target, _shown(spec), f"{role} ({spec})")
    if target.is_file():
        return read_journey_file(target, spec, f"{role} ({spec})")
    try:
        git = Git(here)
    except SourceError:
        raise SourceError(
            f"not a folder nor a git revision: {spec} (not in a git repository)"
        ) from None
    return read_revision(git, spec, path, f"{role} ({spec})", metrics=True)


def _refuse_ambiguous(spec: str, here: Path) -> None:
    """Refuse a name that is both a path and a git revision, as git does: a pull request
    could otherwise add a folder `HEAD` (or `origin/main`) that stands in for the revision."""
    if spec.startswith(("./", "../", "/")) or Path(spec).is_absolute():
        return  # written as a path
    try:
        Git(here).commit(spec)
    except SourceError:
        return
    raise AmbiguousSource(
        f"ambiguous argument {spec!r}: both a path and a git revision; "
        f"write './{spec}' for the path, or '{spec}^{{commit}}' (or its full name, "
        "'refs/heads/...', 'refs/remotes/...') for the revision"
    )


class AmbiguousSource(SourceError):
    """A name that is both a path and a git revision (exit 2)."""


def _shown(path: str) -> str:
    return Path(path).as_posix().rstrip("/") or "."


# --- invalid input --------------------------------------------------------------------------


def usable(base: Side, head: Side) -> tuple[Handbook, list[tuple[str, list[Diagnostic]]]]:
    """HEAD to compare, and per side (label, errors) the errors that forbid comparing.

    A team removed from the teams file while a HEAD journey still names it makes
    that journey invalid; the diff still compares it, so that the removal is reported
    as a warning (TP-W007) rather than hidden behind an error.
    """
    head_book = head.handbook
    blocked = [(base.label, base.handbook.errors)] if base.handbook.errors else []
    if not head_book.errors:
        return head_book, blocked
    declared = head_book.teams_source.declared
    removed = _removed_teams(base.handbook.teams, head_book.teams)
    if declared is not None and removed and head.compare_teams:
        source = head_book.teams_source
        widened = TeamsSource(source.display, source.tree, [*declared, *removed])
        rebuilt = build_handbook(
            head.sources,
            widened,
            head.extra,
            whole_folder=head.whole_folder,
            metrics=head.metrics,
        )
        if not rebuilt.errors:
            return Handbook(
                rebuilt.journeys, head_book.teams, source, head_book.diagnostics, rebuilt.metrics
            ), blocked
    return head_book, [*blocked, (head.label, head_book.errors)]


def _removed_teams(before: list[Team], after: list[Team]) -> list[Team]:
    present = {t.id for t in after}
    return [t for t in before if t.id not in present]
