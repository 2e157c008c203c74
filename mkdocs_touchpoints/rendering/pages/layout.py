"""Where the generated pages live, and the links between them.

Paths here are MkDocs source paths (`journeys/phone-purchase.md`), POSIX,
relative to the docs folder. Cross-links between pages are relative `.md`
links, which MkDocs checks and rewrites; only raw HTML (descriptions, the
charts slot) needs final URLs, computed the way MkDocs computes them.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Container
from dataclasses import dataclass, field

ASSETS_DIR = "assets/touchpoints"
"""Where the plugin's JavaScript, CSS and plotly.js are served, under the site root."""


def page_path(folder: str, page_id: str) -> str:
    """`folder/<id>.md`; an id of `index` gets `folder/index/index.md`, the same URL."""
    if page_id == "index":
        return f"{folder}/index/index.md"
    return f"{folder}/{page_id}.md"


def relative_link(from_src: str, to_src: str, fragment: str = "") -> str:
    """A relative `.md` link from one source page to another (with `#fragment`)."""
    link = _relative_path(to_src, posixpath.dirname(from_src) or ".")
    return f"{link}#{fragment}" if fragment else link


@functools.lru_cache(maxsize=65536)
def _relative_path(path: str, start: str) -> str:
    """`posixpath.relpath`, remembered: pages link to the same few folders thousands of times
    (28,000 calls and 0.3 s per build at 1,000 journeys without the cache)."""
    return posixpath.relpath(path, start)


@dataclass(frozen=True, slots=True)
class SiteLayout:
    """The source folders of the generated pages and the URL style of the site."""

    journeys_dir: str = "journeys"
    """Source folder of the journey pages (from the plugin option `journeys_url`)."""
    teams_dir: str = "teams"
    """Source folder of the team pages (from `teams_url`)."""
    use_directory_urls: bool = True
    assets_dir: str = ASSETS_DIR
    source_links: bool = False
    """Links in raw HTML are written as source paths (`../teams/crm.md`), as in Markdown.

    MkDocs leaves raw HTML alone, so there a link must be the final URL
    (False). Zensical resolves and checks links in raw HTML as it does
    Markdown links, relative to the source file (True, for `generate`).
    """

    @property
    def journeys_index(self) -> str:
        """The source path of the page listing every journey."""
        return f"{self.journeys_dir}/index.md"

    @property
    def teams_index(self) -> str:
        """The source path of the page listing every team."""
        return f"{self.teams_dir}/index.md"

    def journey(self, journey_id: str) -> str:
        """The source path of a journey page (flat by id, whatever folder the file is in)."""
        return page_path(self.journeys_dir, journey_id)

    def team(self, team_id: str) -> str:
        """The source path of a team page."""
        return page_path(self.teams_dir, team_id)

    def asset(self, name: str) -> str:
        """The site path of one of the plugin's assets."""
        return f"{self.assets_dir}/{name}"

    def url(self, src: str) -> str:
        """The URL (relative to the site root) MkDocs gives a source file."""
        if not src.endswith(".md"):
            return src
        parent, name = posixpath.split(src[:-3])
        if name in ("index", "README"):
            return f"{parent}/" if parent else ""
        stem = posixpath.join(parent, name)
        return f"{stem}/" if self.use_directory_urls else f"{stem}.html"

    def page_href(self, from_src: str, to_src: str) -> str:
        """The href of a raw HTML link from one source page to another file of the site."""
        if self.source_links:
            return relative_link(from_src, to_src)
        return self.href(from_src, self.url(to_src))

    def href(self, from_src: str, to_path: str) -> str:
        """A URL relative to the page built from `from_src`, for raw HTML on that page."""
        page_url = self.url(from_src)
        base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
        link = posixpath.relpath(to_path or ".", base.rstrip("/") or ".")
        directory = not to_path or to_path.endswith("/")
        return f"{link}/" if directory and not link.endswith("/") else link


@dataclass(slots=True)
class DescriptionLinks:
    """Resolves relative links of a description shown on one page, as MkDocs would.

    A target is relative to the page's source path, as if the description were
    written in that page: `../concepts.md` from `journeys/x.md` is `concepts.md`.
    Targets not among `known` (when given) are collected in `missing`.
    """

    layout: SiteLayout
    page_src: str
    known: Container[str] | None = None
    missing: list[str] = field(default_factory=list)

    def __call__(self, target: str) -> str | None:
        path, _, fragment = target.partition("#")
        path, _, query = path.partition("?")
        if not path:
            return target
        src = posixpath.normpath(posixpath.join(posixpath.dirname(self.page_src), path))
        if src.startswith("../") or src == "..":
            self.missing.append(target)
            return target
        if self.known is not None and src not in self.known:
            self.missing.append(target)
        href = self.layout.page_href(self.page_src, src)
        if path.endswith("/") and not href.endswith("/"):
            href += "/"
        return href + (f"?{query}" if query else "") + (f"#{fragment}" if fragment else "")
