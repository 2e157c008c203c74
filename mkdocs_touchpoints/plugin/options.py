"""The options of the `touchpoints` plugin in `mkdocs.yml`.

```yaml
plugins:
  - touchpoints:
      journeys_dir: journeys
      nav:
        threshold: 50
```
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from mkdocs_touchpoints.measures.insights import DEFAULT_TOP
from mkdocs_touchpoints.reading.loader import TEAMS_FILE_NAME
from mkdocs_touchpoints.rendering.pipeline import SiteSettings


class _Count(c.Type[int]):
    """A whole number, 0 or more."""

    def __init__(self, default: int) -> None:
        super().__init__(int, default=default)

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool):
            raise c.ValidationError(f"Expected a whole number but received: {value!r}")
        number = super().run_validation(value)
        if number < 0:
            raise c.ValidationError(f"Expected 0 or more but received: {number}")
        return number


class _UrlFolder(c.Type[str]):
    """A folder of the site, relative to its root: `journeys/`, `handbook/teams/`."""

    def __init__(self, default: str) -> None:
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        text = super().run_validation(value).strip()
        parts = text.strip("/").split("/")
        if text.startswith("/") or "://" in text or not all(parts):
            raise c.ValidationError(
                f"Expected a folder relative to the site root, such as 'journeys/', "
                f"but received: {value!r}"
            )
        if any(p.startswith(".") for p in parts):
            raise c.ValidationError(f"Folder names cannot start with '.': {value!r}")
        return "/".join(parts) + "/"


class NavOptions(Config):
    """How the generated pages appear in the site navigation."""

    threshold = _Count(default=50)
    """Most journeys the sidebar lists one by one (grouped by folder). Past it, the Journeys
    section holds the journeys index and one link per folder, and each journey is reached
    from the index, so page weight does not grow with the number of journeys. The same
    limit applies to teams (past it, only the teams index is in the sidebar). 0 never lists
    them one by one."""

    max_folders = _Count(default=50)
    """Past `threshold` journeys, the most folder links the Journeys section lists. With more
    folders than this, the section holds only the journeys index (which lists every folder),
    so the sidebar has a fixed bound however the handbook grows."""

    append = c.Type(bool, default=True)
    """Append the Journeys and Teams sections to the nav, also to a `nav` written in
    mkdocs.yml. A section is not appended when that `nav` already names its index page
    (`journeys/index.md`, `teams/index.md`). With `false`, the generated pages are in no
    nav section unless your `nav` names them."""


class InsightsOptions(Config):
    """The insights page (`insights/`): hot spots, channels, team load, opportunities."""

    top = _Count(default=DEFAULT_TOP)
    """Most rows, bars or journeys each list, table and chart of the insights page shows
    (each says how many there are in all), so its weight does not grow with the number of
    journeys."""


class TouchpointsConfig(Config):
    """Options of the `touchpoints` plugin."""

    enabled = c.Type(bool, default=True)
    """Set to `false` to build the site without the journey and team pages."""

    journeys_dir = c.Type(str, default="journeys")
    """The folder of journey files (`*.yml`, `*.yaml`, searched recursively), relative to
    mkdocs.yml."""

    teams_file = c.Optional(c.Type(str))
    """The teams file, relative to mkdocs.yml. Default: `_teams.yml` in `journeys_dir`
    (`journeys/_teams.yml`)."""

    metrics_file = c.Type(str, default="_metrics.yml")
    """The measured metrics' definitions file, relative to `journeys_dir`."""

    metrics_dir = c.Type(str, default="_metrics")
    """The folder of measured observations (`*.csv`, searched recursively), relative to
    `journeys_dir`."""

    journeys_url = _UrlFolder(default="journeys/")
    """Where the journey pages go in the site: the index at `journeys/`, each journey at
    `journeys/<journey-id>/`."""

    teams_url = _UrlFolder(default="teams/")
    """Where the team pages go: the index at `teams/`, each team at `teams/<team-id>/`."""

    nav = c.SubConfig(NavOptions)
    """Navigation of the generated pages (see `NavOptions`)."""

    insights = c.SubConfig(InsightsOptions)
    """The insights page across all journeys (see `InsightsOptions`)."""

    dark_schemes = c.ListOfItems(c.Type(str), default=["slate"])
    """Material colour schemes (`theme.palette.scheme`) that get the dark chart colours. The
    charts follow the palette toggle live; list your own dark scheme here if you define one."""

    compare_to = c.Optional(c.Type(str))
    """A git revision (`origin/main`, a tag, a commit). When set, the site gets a Changes page
    at `changes/` listing what changed in the journey maps since that revision, with each
    changed journey's heatmap before and after, and the journeys index marks the changed
    journeys. Meant for pull-request preview deployments; the site must be in a git
    repository."""

    parallel = c.Type(bool, default=True)
    """Render the journey pages in a second process while MkDocs converts the pages, in a
    one-off build (`mkdocs build`) of 16 journeys or more on Linux with two CPUs or more,
    and read the measured metrics' observation files in a third one, filling the measured
    parts in after the conversion. The pages are the same either way; `false` renders them
    in the build process, as MkDocs reads each one, after reading the metrics."""

    language = c.Optional(c.Type(str))
    """Language of the labels of the generated pages (`en`, `es`). Default: the theme's
    `language` (Material) or `locale` (MkDocs' theme); other languages fall back to
    English. Journey content is never translated."""


def site_settings(
    options: TouchpointsConfig,
    config_file: Path,
    *,
    use_directory_urls: bool = True,
    theme_language: str | None = None,
    nav: Any = None,
) -> SiteSettings:
    """The frozen settings the pipeline takes, from the validated options and the site's config.

    `config_file` is mkdocs.yml (paths in the options are relative to its folder);
    `theme_language` is the theme's `language` (Material) or `locale` (MkDocs' theme).
    """
    config_dir = config_file.resolve().parent
    journeys_dir = config_dir / options.journeys_dir
    teams_file = (
        config_dir / options.teams_file if options.teams_file else journeys_dir / TEAMS_FILE_NAME
    )
    return SiteSettings(
        journeys_url=options.journeys_url,
        teams_url=options.teams_url,
        use_directory_urls=use_directory_urls,
        language=options.language or theme_language or "en",
        dark_schemes=tuple(options.dark_schemes),
        nav_threshold=options.nav.threshold,
        nav_max_folders=options.nav.max_folders,
        nav_append=options.nav.append,
        user_nav=nav,
        compare_to=options.compare_to or None,
        insights_top=options.insights.top,
        config_dir=config_dir,
        journeys_dir=journeys_dir,
        teams_file=teams_file,
        teams_file_given=bool(options.teams_file),
        metrics_file=options.metrics_file,
        metrics_dir=options.metrics_dir,
    )
