"""The measured parts of a late build's pages: which pages have which (`LatePlan`), the
markers a page's Markdown holds where their bodies go, and putting the bodies in (`fill`).

See `rendering.late` for the build they serve. Nothing here imports MkDocs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from mkdocs_touchpoints.reading.metrics_model import MetricDefinition, ObservedOutline

MARKER_PREFIX = "<!--tp-late:"
MARKER_SUFFIX = "-->"
CHARTS = "charts"
"""The charts block of a journey whose heatmap has measured layers."""
MEASURED = "measured"
"""The body of a journey's Measured section (its table and trend charts)."""
TOUCHPOINTS = "touchpoints"
"""The touchpoint table of a journey with measured columns."""
TEAM_METRICS = "teammetrics"
"""The metrics table of a team page (a row per journey)."""
_MARKER = re.compile(r"<!--tp-late:([a-z]+)-->")
_IDS = re.compile(r"""\s(?:id|name)=["']([^"']+)["']""")


def marker(slot: str) -> str:
    """Where the body of `slot` goes; an HTML comment, which Python-Markdown passes as is."""
    return f"{MARKER_PREFIX}{slot}{MARKER_SUFFIX}"


def fill(html: str, bodies: Mapping[str, str]) -> str:
    """`html` with the first marker of each body replaced by the body (a page has one of
    each), then any other marker removed."""
    for slot, body in bodies.items():
        html = html.replace(marker(slot), body, 1)
    if MARKER_PREFIX in html:  # a part the late work did not render: nothing to show
        html = _MARKER.sub("", html)
    return html


def anchor_ids(html: str) -> set[str]:
    """The ids (and names) in a body: the anchors a host may check links against."""
    return set(_IDS.findall(html))


@dataclass(frozen=True, slots=True)
class LatePlan:
    """Which pages have which measured parts, known before the observation files are read."""

    measured: frozenset[str] = frozenset()
    """Journeys with rows: their Measured section."""
    charts: frozenset[str] = frozenset()
    """Journeys with cell-level rows: their heatmap offers measured layers."""
    touchpoints: frozenset[str] = frozenset()
    """Journeys with touchpoint- or cell-level rows of a metric with `estimate`: measured
    columns in their touchpoint table."""
    teams: frozenset[str] = frozenset()
    """Teams that own a metric with rows: their page's metrics section."""

    def slots(self, journey_id: str) -> frozenset[str]:
        """The measured parts of a journey page left to fill."""
        found = set()
        if journey_id in self.measured:
            found.add(MEASURED)
        if journey_id in self.charts:
            found.add(CHARTS)
        if journey_id in self.touchpoints:
            found.add(TOUCHPOINTS)
        return frozenset(found)


def late_plan(outline: ObservedOutline, definitions: Iterable[MetricDefinition]) -> LatePlan:
    """The plan of a handbook whose observation files were only sketched.

    A row naming an unknown metric or journey is an error the full read reports (and the
    build stops on), so the sketch can take every row at its word.
    """
    known = {d.id: d for d in definitions}
    measured, charts, touchpoints, metrics = set(), set(), set(), set()
    for metric_id, journey_id, phase, touchpoint in outline:
        definition = known.get(metric_id)
        if definition is None:
            continue
        metrics.add(metric_id)
        measured.add(journey_id)
        if phase and touchpoint:
            charts.add(journey_id)
        if touchpoint and definition.estimate is not None:
            touchpoints.add(journey_id)
    teams = {d.owner for d in known.values() if d.owner and d.id in metrics}
    return LatePlan(
        frozenset(measured), frozenset(charts), frozenset(touchpoints), frozenset(teams)
    )
