"""A journey's charts in any page: the body of a ```` ```touchpoints ```` fence, rendered.

The fence names a journey and, optionally, its charts:

    journey: phone-purchase
    charts: [heatmap, breakdown, experience]

The charts are the journey page's (`charts.render_charts`), with element ids
made unique per fence. What the fence shows comes from an `EmbedSource`: the
one the MkDocs plugin registered for its journeys folder when the plugin runs
(no second parse), else the folder read once through the loader and kept
until a file in it changes. Problems (unknown journey or chart, a journey with
errors) are returned as messages naming the closest valid choice, and shown in
place of the charts. Nothing here imports MkDocs or logs.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from mkdocs_touchpoints.measures.measured import MeasuredHandbook, measure_handbook
from mkdocs_touchpoints.reading.diagnostics import Diagnostic, TouchpointsError
from mkdocs_touchpoints.reading.handbook import Handbook, JourneyFile
from mkdocs_touchpoints.reading.loader import load_folder, scan_folder
from mkdocs_touchpoints.reading.model import Journey
from mkdocs_touchpoints.reading.suggest import closest
from mkdocs_touchpoints.rendering.charts import DEFAULT_DARK_SCHEMES, render_charts
from mkdocs_touchpoints.rendering.i18n import labels_for
from mkdocs_touchpoints.rendering.pages.common import PageContext
from mkdocs_touchpoints.rendering.pages.measured import heatmap_layers, measured_html

FENCE_NAME = "touchpoints"
"""The info string of the fence."""
FENCE_CHARTS: tuple[str, ...] = ("heatmap", "breakdown", "experience")
"""The charts a fence shows by default, in order (a journey without one leaves it out)."""
MEASURED_CHART = "measured"
"""The journey's Measured table and trend charts (docs/metrics.md), on request."""
CHART_NAMES: tuple[str, ...] = (*FENCE_CHARTS, "channels", MEASURED_CHART)
"""Every chart name a fence accepts."""
_ID_ATTRIBUTE = re.compile(r'\b(id|aria-labelledby|aria-describedby)="([^"]*)"')


@dataclass(slots=True)
class EmbedSource:
    """The journeys a fence can show, and how to label and colour them."""

    journeys: Mapping[str, Journey]
    failed: Mapping[str, list[Diagnostic]] = field(default_factory=dict)
    """Journey id (file stem) -> the errors of its file, for journeys that did not load."""
    language: str = "en"
    dark_schemes: tuple[str, ...] = DEFAULT_DARK_SCHEMES
    measured: MeasuredHandbook | None = None
    """The handbook's measured metrics (the heatmap's measured layers, the `measured` chart)."""
    measured_later: Callable[[], MeasuredHandbook | None] | None = None
    """In a late build (`rendering.late`), gives `measured` when a fence first needs it."""

    def metrics(self) -> MeasuredHandbook | None:
        """The measured metrics, fetched once from `measured_later` when it is set."""
        if self.measured_later is not None:
            self.measured, self.measured_later = self.measured_later(), None
        return self.measured


_UNSET: Any = object()


def source_of(
    handbook: Handbook,
    journeys: Sequence[JourneyFile] | None = None,
    *,
    measured: MeasuredHandbook | None = _UNSET,
    **kw: Any,
) -> EmbedSource:
    """The fence's view of a loaded handbook (`journeys`: the ones published, if not all;
    `measured`: its measured metrics when the caller has them already)."""
    files = handbook.journeys if journeys is None else journeys
    failed: dict[str, list[Diagnostic]] = {}
    for diagnostic in handbook.errors:
        failed.setdefault(PurePosixPath(diagnostic.path).stem, []).append(diagnostic)
    if measured is _UNSET:
        metrics = handbook.metrics
        measured = measure_handbook(metrics.definitions, metrics.observations) if metrics else None
    return EmbedSource({f.id: f.journey for f in files}, failed, measured=measured, **kw)


_registered: dict[Path, EmbedSource] = {}
_loaded: dict[Path, tuple[tuple[Any, ...], EmbedSource]] = {}
_lock = threading.Lock()


def register(journeys_dir: Path, source: EmbedSource) -> None:
    """Called by the plugin each build: fences naming this folder use `source`."""
    with _lock:
        _registered[journeys_dir.resolve()] = source


def _signature(folder: Path) -> tuple[Any, ...]:
    """Names, sizes and times of the folder's journey files (a change means a reload)."""
    entries = []
    metrics = sorted(p.relative_to(folder).as_posix() for p in (folder / "_metrics").rglob("*.csv"))
    for rel in [*scan_folder(folder).files, "_teams.yml", "_metrics.yml", *metrics]:
        try:
            info = (folder / rel).stat()
        except OSError:
            continue
        entries.append((rel, info.st_size, info.st_mtime_ns))
    return tuple(entries)


def source_for(journeys_dir: Path, **kw: Any) -> EmbedSource:
    """The plugin's source for `journeys_dir`, else the folder read by the loader (cached)."""
    folder = journeys_dir.resolve()
    with _lock:
        if folder in _registered:
            return _registered[folder]
        if not folder.is_dir():
            # Built from another folder (`mkdocs build -f site/mkdocs.yml`): the plugin's
            # folder of the same relative name, the one registered last.
            parts = journeys_dir.parts
            for registered in reversed(list(_registered)):
                if not journeys_dir.is_absolute() and registered.parts[-len(parts) :] == parts:
                    return _registered[registered]
            raise TouchpointsError(f"journeys folder not found: {journeys_dir}")
        signature = (_signature(folder), tuple(sorted(kw.items())))
        cached = _loaded.get(folder)
        if cached is not None and cached[0] == signature:
            return cached[1]
        handbook = load_folder(folder, display_base=journeys_dir.as_posix())
        source = source_of(handbook, **kw)
        _loaded[folder] = (signature, source)
        return source


@dataclass(slots=True)
class Fence:
    """One rendered fence: its HTML, and the errors to log (empty when it drew)."""

    html: str
    errors: list[str] = field(default_factory=list)


def _unique_ids(html: str, prefix: str) -> str:
    """Every `tpc-` id (and the references to it) renamed `<prefix>-`; no dangling reference."""

    def rename(match: re.Match[str]) -> str:
        tokens = [
            f"{prefix}-{token[4:]}" if token.startswith("tpc-") else token
            for token in match.group(2).split()
        ]
        kept = [t for t in tokens if match.group(1) == "id" or t.startswith(f"{prefix}-")]
        return f'{match.group(1)}="{" ".join(kept)}"'

    return _ID_ATTRIBUTE.sub(rename, html)


def problem_block(messages: list[str], details: Sequence[str] = ()) -> str:
    """What a fence shows instead of charts: the problems, and the journey's diagnostics."""
    items = "".join(f"<li><code>{escape(line)}</code></li>" for line in details)
    listing = f"<ul>{items}</ul>" if items else ""
    text = "".join(f"<p>{escape(message)}</p>" for message in messages)
    title = '<p class="admonition-title">touchpoints</p>'
    return f'<div class="tp-fence-error admonition failure">{title}{text}{listing}</div>'


def _read_body(body: str) -> tuple[str | None, list[str], list[str]]:
    """(journey id, chart names, errors) of a fence body."""
    try:
        data = yaml.safe_load(body) if body.strip() else None
    except yaml.YAMLError as exc:
        return None, [], [f"touchpoints fence: not valid YAML: {exc}".splitlines()[0]]
    if not isinstance(data, dict) or not isinstance(data.get("journey"), str):
        return None, [], ["touchpoints fence: give the journey to show, as 'journey: <id>'"]
    unknown = sorted(str(key) for key in data if key not in ("journey", "charts"))
    errors = [f"touchpoints fence: unknown key '{key}' (keys: journey, charts)" for key in unknown]
    charts = data.get("charts", list(FENCE_CHARTS))
    if isinstance(charts, str):
        charts = [charts]
    if not isinstance(charts, list) or not all(isinstance(c, str) for c in charts):
        errors.append("touchpoints fence: 'charts' is a list of chart names")
        charts = []
    return data["journey"], charts, errors


def render_fence(body: str, source: EmbedSource, number: int) -> Fence:
    """The HTML of fence number `number` on its page (1, 2, ...): charts, or the problems."""
    journey_id, charts, errors = _read_body(body)
    if journey_id is not None:
        for name in charts:
            if name not in CHART_NAMES:
                nearest = closest(name, CHART_NAMES, cutoff=0) or CHART_NAMES[0]
                errors.append(
                    f"touchpoints fence, journey '{journey_id}': unknown chart '{name}'; "
                    f"did you mean '{nearest}'? (charts: {', '.join(CHART_NAMES)})"
                )
    details: list[str] = []
    journey = source.journeys.get(journey_id) if journey_id is not None else None
    if journey_id is not None and journey is None:
        if journey_id in source.failed:
            details = [d.format() for d in source.failed[journey_id]]
            errors.append(
                f"touchpoints fence: journey '{journey_id}' has errors; fix them to show its charts"
            )
        else:
            suggestion = closest(journey_id, source.journeys, cutoff=0)
            hint = f"; did you mean '{suggestion}'?" if suggestion else " (there are no journeys)"
            errors.append(f"touchpoints fence: unknown journey '{journey_id}'{hint}")
    if errors or journey is None:
        return Fence(problem_block(errors, details), errors)
    labels = labels_for(source.language)
    html = render_charts(
        journey,
        labels,
        dark_schemes=source.dark_schemes,
        table_id="",
        charts=charts,
        measured=heatmap_layers(source.metrics(), journey.id or ""),
    )
    if MEASURED_CHART in charts:
        ctx = PageContext(labels, measured=source.metrics(), dark_schemes=source.dark_schemes)
        html += "\n" + measured_html(journey.id or "", ctx, table_id="")
    return Fence(_unique_ids(html, f"tpf{number}"))
