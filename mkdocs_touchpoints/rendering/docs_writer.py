"""Writes generated files into a docs folder, safely, and removes the ones no longer generated.

The record of what was written (path -> SHA-256 of the content) is the
manifest, a JSON file beside the site's config (outside the docs folder, so no
host publishes it). A file is written only when its content changed. Every
problem is collected before anything is written, and then nothing is: a file
that is not in the manifest (hand-written) or that changed since it was
written is never overwritten, nothing is written through a symbolic link, and
nothing outside the docs folder. Writes go to a temporary file renamed over
the target, so a host watching the folder never reads half a page.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST_NAME = ".touchpoints-generated.json"
"""The manifest's name, in the folder of the site's config file."""
MANIFEST_VERSION = 1


def digest(data: bytes) -> str:
    """The SHA-256 of `data`, as the manifest records it."""
    return hashlib.sha256(data).hexdigest()


@dataclass(slots=True)
class WriteReport:
    """What a sync did, and what it refused to do."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)
    """Files generated before, no longer generated, left in place because they were edited."""
    errors: list[str] = field(default_factory=list)

    def render_text(self) -> str:
        """Problems first (one per line), then one summary line."""
        lines = [f"error: {e}" for e in self.errors]
        lines += [
            f"warning: {path}: edited since it was generated; left in place" for path in self.left
        ]
        lines += [f"removed {path}" for path in self.removed]
        lines.append(
            f"{len(self.written)} written, {len(self.unchanged)} unchanged, "
            f"{len(self.removed)} removed"
        )
        return "\n".join(lines) + "\n"


def _is_link(path: Path) -> bool:
    try:
        return stat.S_ISLNK(path.lstat().st_mode)
    except FileNotFoundError:
        return False


def _safe_relative(rel: str) -> str | None:
    """`rel` normalised, or None when it is absolute or climbs out of its folder."""
    if not rel or rel.startswith("/") or "\\" in rel or ":" in rel.split("/")[0]:
        return None
    normal = posixpath.normpath(rel)
    if normal == "." or normal == ".." or normal.startswith("../"):
        return None
    return normal


class DocsWriter:
    """Syncs a set of generated files into `docs_dir`, recording them in `manifest`."""

    def __init__(self, docs_dir: Path, manifest: Path) -> None:
        self.docs_dir = docs_dir.resolve()
        self.base = manifest.parent.resolve()
        self.manifest = self.base / manifest.name
        """Manifest paths are relative to its folder, so a moved docs_dir is still cleaned."""

    def recorded(self) -> dict[str, str]:
        """The manifest's files (path relative to its folder -> digest); empty without one."""
        if _is_link(self.manifest) or not self.manifest.is_file():
            return {}
        try:
            data = json.loads(self.manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        files = data.get("files") if isinstance(data, dict) else None
        if not isinstance(files, dict):
            return {}
        return {k: v for k, v in files.items() if isinstance(k, str) and isinstance(v, str)}

    def generated_paths(self) -> set[str]:
        """Docs-relative paths of the files the manifest records under `docs_dir`."""
        found = set()
        for rel in self.recorded():
            target = self.base / rel
            if target.is_relative_to(self.docs_dir):
                found.add(target.relative_to(self.docs_dir).as_posix())
        return found

    def _key(self, target: Path) -> str:
        """The manifest key of a file, also how messages name it (relative to the config)."""
        return Path(os.path.relpath(target, self.base)).as_posix()

    def _check(self, rel: str, data: bytes, recorded: Mapping[str, str]) -> tuple[str, str | None]:
        """('write' | 'same', None) or ('error', message) for one file."""
        safe = _safe_relative(rel)
        if safe is None:
            return "error", f"{rel}: outside the docs folder {self.docs_dir}; not written"
        current = self.docs_dir
        for part in safe.split("/"):
            current = current / part
            if _is_link(current):
                return "error", (
                    f"{self._key(current)}: is a symbolic link; generate never writes "
                    "through one (remove it, or move the docs folder)"
                )
        target = self.docs_dir / safe
        for parent in target.parents:
            if parent == self.docs_dir:
                break
            if parent.exists() and not parent.is_dir():
                return "error", f"{self._key(parent)}: is a file where a folder is needed"
        if not target.exists():
            return "write", None
        shown = self._key(target)
        if not target.is_file():
            return "error", f"{shown}: is not a regular file; not overwritten"
        expected = recorded.get(self._key(target))
        if expected is None:
            return "error", (
                f"{shown}: exists and was not written by generate; not overwritten "
                "(rename or remove the hand-written file)"
            )
        current_digest = digest(target.read_bytes())
        if current_digest != expected:
            return "error", (
                f"{shown}: changed since generate wrote it; not overwritten "
                "(remove it to have it generated again)"
            )
        return ("same" if current_digest == digest(data) else "write"), None

    def sync(self, outputs: Mapping[str, bytes]) -> WriteReport:
        """Write `outputs` (docs-relative POSIX path -> content); remove what is gone."""
        report = WriteReport()
        recorded = self.recorded()
        if _is_link(self.manifest):
            report.errors.append(f"{self.manifest}: is a symbolic link; not written")
        plan: list[tuple[str, bytes]] = []
        for rel, data in outputs.items():
            action, problem = self._check(rel, data, recorded)
            if problem is not None:
                report.errors.append(problem)
            elif action == "same":
                report.unchanged.append(rel)
            else:
                plan.append((rel, data))
        if report.errors:
            return report
        manifest = dict(recorded)  # until the end, a failed write must not forget a file
        try:
            self.docs_dir.mkdir(parents=True, exist_ok=True)
            for rel, data in plan:
                target = self.docs_dir / posixpath.normpath(rel)
                self._write(target, data)
                manifest[self._key(target)] = digest(data)
                report.written.append(rel)
        except OSError as exc:
            report.errors.append(f"{exc.filename or self.docs_dir}: cannot write: {exc.strerror}")
            self._write_manifest(manifest)
            return report
        manifest = {}
        for rel, data in outputs.items():
            manifest[self._key(self.docs_dir / posixpath.normpath(rel))] = digest(data)
        self._remove_stale(recorded, manifest, report)
        self._write_manifest(manifest)
        return report

    def _write(self, target: Path, data: bytes) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tp-tmp")
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
        handle = os.open(temporary, flags, 0o644)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, target)  # replaces the entry, never follows a link
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise

    def _remove_stale(
        self, recorded: Mapping[str, str], current: Mapping[str, str], report: WriteReport
    ) -> None:
        for key, expected in sorted(recorded.items()):
            target = Path(os.path.normpath(self.base / key))
            # Only files in the docs folder, reached without a symbolic link, are removed.
            if key in current or not target.is_relative_to(self.docs_dir):
                continue
            inside = target.relative_to(self.docs_dir).parts
            steps = [self.docs_dir.joinpath(*inside[: i + 1]) for i in range(len(inside))]
            if any(_is_link(step) for step in steps) or not target.is_file():
                continue
            if digest(target.read_bytes()) != expected:
                report.left.append(key)
                continue
            target.unlink()
            report.removed.append(key)
            self._prune(target.parent)

    def _prune(self, folder: Path) -> None:
        """Remove folders left empty, up to (not including) the docs folder."""
        while folder != self.docs_dir and folder.is_relative_to(self.docs_dir):
            try:
                folder.rmdir()
            except OSError:
                return
            folder = folder.parent

    def _write_manifest(self, files: Mapping[str, str]) -> None:
        data = {
            "about": "Files written by `mkdocs-touchpoints generate`; it removes them when they "
            "are no longer generated. Do not edit.",
            "version": MANIFEST_VERSION,
            "files": dict(sorted(files.items())),
        }
        text = (json.dumps(data, indent=1) + "\n").encode("utf-8")
        if not self.manifest.is_file() or self.manifest.read_bytes() != text:
            self._write(self.manifest, text)
