"""The `touchpoints` MkDocs plugin: thin hooks that delegate to `site_builder.SiteBuilder`,
which calls the one site pipeline (`mkdocs_touchpoints.rendering.pipeline`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from mkdocs_touchpoints.plugin.options import TouchpointsConfig
from mkdocs_touchpoints.plugin.site_builder import SiteBuilder

if TYPE_CHECKING:  # MkDocs' own dependency, used here for a type only
    from jinja2 import Environment


class TouchpointsPlugin(BasePlugin[TouchpointsConfig]):
    """Adds a page per journey and per team, the two index pages, and their nav sections."""

    def __init__(self) -> None:
        super().__init__()
        self.builder = SiteBuilder()

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        # Defining on_startup also keeps this instance (and its caches) across serve rebuilds.
        self.builder.startup(command, dirty=dirty)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if self.config.enabled:
            self.builder.configure(self.config, config)
        return config

    @event_priority(-50)  # after other plugins added their pages, so collisions are seen
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        return self.builder.add_files(files, config) if self.config.enabled else files

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        return self.builder.read_source(page) if self.config.enabled else None

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        # Every page is converted by now, none written yet: the measured parts go in.
        if self.config.enabled:
            self.builder.fill_late(files)
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.config.enabled:
            self.builder.finish()

    def on_build_error(self, *, error: Exception) -> None:
        self.builder.abort()

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        return self.builder.shape_nav(nav, files) if self.config.enabled else nav

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: object
    ) -> LiveReloadServer:
        return self.builder.watch(server) if self.config.enabled else server
