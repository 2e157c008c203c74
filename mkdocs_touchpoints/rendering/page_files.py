"""Generated pages backed by files, so `mkdocs serve --dirty` rebuilds only the pages that changed.

MkDocs' dirty build skips a page whose source file is older than its built HTML. A
generated page has no source file, so MkDocs treats every one as changed and a dirty
rebuild is as slow as a full one. `PageFiles` gives each generated page a file in a
cache folder outside the docs folder (`.cache/touchpoints/pages/` beside mkdocs.yml),
and rewrites that file only when the page's Markdown changed: MkDocs' own modification
check then rebuilds exactly the pages whose Markdown changed.

The detection is by output, not by input: an edit to a journey, to the teams file, or to
any input a later version reads (measured metrics files, for instance) rebuilds the pages
whose Markdown it changes, and no other, with nothing to add here. Nothing here imports
MkDocs or logs.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

CACHE_DIR = Path(".cache") / "touchpoints" / "pages"
"""The cache folder of the page files, relative to the folder of mkdocs.yml."""


class PageFiles:
    """One file per generated page under `folder`, written only when its Markdown changes."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._written: dict[str, str] = {}
        """Markdown of each page as last written (or found on disk) by this process."""
        self.rewritten: list[str] = []
        """Pages whose file was (re)written since the last `begin`."""

    def begin(self) -> None:
        """Start a build."""
        self.rewritten = []

    def path(self, src_uri: str) -> Path:
        """The file backing the page at `src_uri`."""
        return self.folder / src_uri

    def write(self, src_uri: str, markdown: str) -> Path:
        """The file of the page at `src_uri`, rewritten only if its Markdown differs."""
        path = self.path(src_uri)
        if self._written.get(src_uri) == markdown:
            return path
        if src_uri not in self._written and _read(path) == markdown:
            self._written[src_uri] = markdown  # a file of an earlier session, still right
            return path
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_bytes(markdown.encode("utf-8"))
        os.replace(temporary, path)  # a reader never sees half a page
        self._written[src_uri] = markdown
        self.rewritten.append(src_uri)
        return path

    def keep_only(self, src_uris: Iterable[str]) -> None:
        """Delete the files of pages no longer generated (a journey deleted or renamed)."""
        keep = set(src_uris)
        for src_uri in [s for s in self._written if s not in keep]:
            del self._written[src_uri]
            self.path(src_uri).unlink(missing_ok=True)


def _read(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
