"""Read journey and teams files as an untrusted pull request may have planted them.

The one way this package opens a journey or teams file. A file is read only when it is a
regular file whose real path is inside the folders allowed for it; a symbolic link that
leads out, a dangling link, a link loop, a named pipe, a device or a socket is a located
error and is never opened. A file is opened without following a last link and without
blocking, checked again once open (it may have been swapped meanwhile), and read up to the
size limit whatever its size claims to be.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from mkdocs_touchpoints.reading.diagnostics import Diagnostic, Severity

MAX_FILE_BYTES = 1024 * 1024
"""A journey or teams file larger than this is rejected unread."""
UNSAFE = "unsafe-file"
"""Diagnostic code of a file that is not read because of what it is (link, pipe, device)."""
LINKED_FOLDER = "linked-folder"
"""Diagnostic code of a symbolic link to a folder found in the journeys folder."""

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO swapped in after the check must not block
    | getattr(os, "O_NOFOLLOW", 0)  # nor a link swapped in for the file
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
_CHUNK = 64 * 1024


@dataclass(frozen=True, slots=True)
class Scope:
    """The folders a file's real path may be in, and how messages name them."""

    roots: tuple[str, ...]
    """Real paths (links resolved) of the allowed folders."""
    name: str = "the journeys folder"

    @classmethod
    def of(cls, folders: Iterable[Path | str], name: str = "the journeys folder") -> Scope:
        """The scope of these folders (each resolved once)."""
        roots = tuple(dict.fromkeys(os.path.realpath(f) for f in folders))
        return cls(roots, name)

    def holds(self, real: str) -> bool:
        """True when the real path `real` is one of the folders or inside one."""
        return any(
            real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in self.roots
        )


def too_large_message(size: int | None, limit: int = MAX_FILE_BYTES, display: str = "") -> str:
    """The `file-too-large` message (size None: the file grew past the limit while read).

    A journey or an observations file can be split; the teams and metrics definitions files
    (`_` names of the 1 MiB limit) are one file each, and must shrink."""
    found = f"file is {size:,} bytes" if size is not None else "file is larger"
    single = limit == MAX_FILE_BYTES and os.path.basename(display).startswith("_")
    what = "journeys" if limit == MAX_FILE_BYTES else "files"
    advice = "make it smaller (it is one file)" if single else f"split it into several {what}"
    return f"{found}, over the limit of {limit:,} bytes ({limit // (1024 * 1024)} MiB); {advice}"


def too_large(display: str, size: int | None, limit: int = MAX_FILE_BYTES) -> Diagnostic:
    """The diagnostic of a file over the size limit, read no further than the limit."""
    message = too_large_message(size, limit, display)
    return Diagnostic(display, 1, 1, Severity.ERROR, "file-too-large", message)


def unsafe(display: str, message: str) -> Diagnostic:
    """The diagnostic of a file that is not opened because of what it is."""
    return Diagnostic(display, 1, 1, Severity.ERROR, UNSAFE, message)


def unreadable(display: str, error: OSError) -> Diagnostic:
    """The diagnostic of a file the system refuses to read."""
    reason = error.strerror or type(error).__name__
    return Diagnostic(display, 1, 1, Severity.ERROR, "unreadable", f"cannot read: {reason}")


def linked_folder(display: str) -> Diagnostic:
    """The warning for a symbolic link to a folder: it is not followed."""
    return Diagnostic(
        display,
        1,
        1,
        Severity.WARNING,
        LINKED_FOLDER,
        "symbolic link to a folder: not followed, its journeys are not read; "
        "move or copy the folder here instead",
    )


_KINDS = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _not_regular(display: str, mode: int) -> Diagnostic:
    return unsafe(display, f"{_kind(mode)}, not a regular file: it is not read")


def _link_problem(path: str, display: str, scope: Scope) -> tuple[str | None, Diagnostic | None]:
    """Where a symbolic link leads, or why it is not followed."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None, unsafe(display, "symbolic link loop: it is not read")
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return None, unsafe(display, "symbolic link to nothing (dangling): it is not read")
        return None, unreadable(display, exc)
    real = os.path.realpath(path)
    if not scope.holds(real):
        return None, unsafe(
            display,
            f"symbolic link that leads out of {scope.name}: it is not read; "
            "put the file itself here",
        )
    return real, None


def read_file(
    path: Path | str, display: str, scope: Scope, *, limit: int = MAX_FILE_BYTES
) -> tuple[bytes | None, list[Diagnostic]]:
    """The bytes of a journey or teams file, or None and the diagnostic that refuses it.

    Nothing is opened before `lstat` (and `stat` through a link) says it is a regular
    file inside `scope`; the open does not follow a link nor block, and `fstat` on the
    open file checks that it is still that file. At most `limit` plus one byte is read.
    """
    name = os.fspath(path)
    try:
        first = os.lstat(name)
    except OSError as exc:
        return None, [unreadable(display, exc)]
    target = name
    if stat.S_ISLNK(first.st_mode):
        real, problem = _link_problem(name, display, scope)
        if real is None:
            return None, [problem] if problem else []
        target = real
    elif not scope.holds(os.path.realpath(name)):  # a folder on the way is a link out
        return None, [unsafe(display, f"the file is outside {scope.name}: it is not read")]
    try:
        expected = os.stat(target) if target != name else first
        if not stat.S_ISREG(expected.st_mode):
            return None, [_not_regular(display, expected.st_mode)]
        if expected.st_size > limit:
            return None, [too_large(display, expected.st_size, limit)]
        descriptor = os.open(target, _OPEN_FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # swapped for a link since the check
            return None, [unsafe(display, "the file became a symbolic link: it is not read")]
        return None, [unreadable(display, exc)]
    try:
        opened = os.fstat(descriptor)
        if not stat.S_ISREG(opened.st_mode):
            return None, [_not_regular(display, opened.st_mode)]
        if (opened.st_dev, opened.st_ino) != (expected.st_dev, expected.st_ino):
            return None, [unsafe(display, "the file changed while it was read: it is not read")]
        if opened.st_size > limit:
            return None, [too_large(display, opened.st_size, limit)]
        data = _read_capped(descriptor, limit)
    except OSError as exc:
        return None, [unreadable(display, exc)]
    finally:
        os.close(descriptor)
    if len(data) > limit:
        return None, [too_large(display, None, limit)]
    return data, []


def _read_capped(descriptor: int, limit: int = MAX_FILE_BYTES) -> bytes:
    """At most `limit` plus one byte (enough to tell the file is too large)."""
    chunks: list[bytes] = []
    left = limit + 1
    while left > 0:
        chunk = os.read(descriptor, min(_CHUNK, left))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def exists(path: Path | str) -> bool:
    """True when something is at `path`, a dangling link included (it is then reported)."""
    return os.path.lexists(path)
