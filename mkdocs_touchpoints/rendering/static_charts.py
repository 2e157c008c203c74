"""Any chart figure (a plain Plotly figure dict) drawn at build time as static SVG.

The page shows this drawing from its first paint, with JavaScript off and on paper;
`assets/touchpoints.js` swaps the interactive Plotly chart in later, over the same
reserved height. One generic renderer reads the figure dicts of `figures.py` as Plotly
would: `heatmap` traces (cells coloured along the trace's `colorscale`, values written
with its `texttemplate`), `bar` traces (vertical or `orientation: h`, stacked or
grouped) and `scatter` traces (lines and markers, gaps at null). A trace of any other
type is left out of the drawing (the interactive chart still shows it).

The drawing is approximate (text widths are estimated), never a second source of truth:
names and values come from the same dict Plotly gets. Text and grid lines take Material's
colour variables, so they follow the palette; a heatmap given `dark` colour scales marks
each cell with its dark colour too (`--tp-dark`, used under `.tp-charts[data-tp-palette=dark]`).

The drawing is kept light (it is in every journey page, and each tag costs the host's HTML
parser): whole-pixel coordinates, texts centred unless told (`text-anchor` on the root),
their colour inherited from the root (`touchpoints.css`), and the areas of one colour (the
heatmap cells of one value, one trace's bars, the phase bands, the grid lines) drawn as one
`<path>`.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import unescape
from typing import Any

from mkdocs_touchpoints.rendering.markup import escape_text

Figure = Mapping[str, Any]

DEFAULT_HEIGHT = 450
"""Plotly's default figure height."""
DRAWING_WIDTH = 720
"""The width a drawing is laid out for unless told; narrower boxes scale it down."""
CHAR_WIDTH = 0.58
"""Estimated mean character width, in font sizes (the real widths need a browser)."""
LEGEND_ROW = 24
COLOURBAR_WIDTH = 70
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]*>")
_SI = ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k"))
_FORMAT = re.compile(r"%\{z(?::([^}]*))?\}")


def plain(text: object) -> str:
    """Plotly rich text as the plain text it shows: tags dropped, entities resolved, a line
    break (`<br>`) kept as a newline."""
    lines = _BREAK.split(str(text))
    return "\n".join(" ".join(unescape(_TAGS.sub("", line)).split()) for line in lines)


def _n(value: float) -> str:
    """A coordinate, in whole pixels (the drawing is laid out for a 720-pixel box or less)."""
    return str(round(value))


def _r(value: float) -> str:
    """A length finer than a pixel matters for (a radius, a stroke width), short."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _box_path(boxes: Sequence[tuple[float, float, float, float]]) -> str:
    """Rectangles `(x, y, width, height)` as the `d` of one path (empty ones left out)."""
    parts = []
    for x, y, w, h in boxes:
        left, top, right, bottom = round(x), round(y), round(x + w), round(y + h)
        if right > left and bottom > top:
            parts.append(f"M{left} {top}H{right}V{bottom}H{left}z")
    return "".join(parts)


def short_colour(colour: str) -> str:
    """`#rrggbb` as `#rgb` when that is the same colour; any other colour as it is."""
    if len(colour) == 7 and colour.startswith("#") and colour[1::2] == colour[2::2]:
        return "#" + colour[1::2]
    return colour


def text_width(text: str, size: float) -> float:
    """Estimated rendered width of `text` (its longest line) at font size `size`."""
    return max(len(line) for line in text.split("\n")) * size * CHAR_WIDTH


# --- numbers --------------------------------------------------------------------------------


def format_value(value: float, spec: str, separators: str = ".,") -> str:
    """`value` in a d3-format subset: `d`, `[,][.N][~]f`, `[.N][~]s`; anything else as is."""
    decimal = separators[0] if separators else "."
    thousands = separators[1] if len(separators) > 1 else ","
    match = re.fullmatch(r"(,)?(?:\.(\d+))?(~)?([dfs])?", spec or "")
    if not match:
        return _localise(_shortest(value), decimal, thousands, grouped=False)
    group, digits, trim, kind = match.groups()
    if kind == "d":
        text = f"{round(value):d}"
    elif kind == "s":
        return _si(value, int(digits or 3), decimal)
    elif kind == "f" and digits is not None:
        text = f"{value:.{int(digits)}f}"
        if trim and "." in text:
            text = text.rstrip("0").rstrip(".")
    else:
        text = _shortest(value)
    return _localise(text, decimal, thousands, grouped=bool(group))


def _shortest(value: float) -> str:
    return f"{value:d}" if isinstance(value, int) else f"{value:.6g}"


def _localise(text: str, decimal: str, thousands: str, grouped: bool) -> str:
    sign, body = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, _, fraction = body.partition(".")
    if grouped and whole.isdigit():
        whole = f"{int(whole):,}".replace(",", thousands)
    return sign + whole + (decimal + fraction if fraction else "")


def _si(value: float, digits: int, decimal: str) -> str:
    for size, suffix in _SI:
        if abs(value) >= size:
            return f"{value / size:.{digits}g}".replace(".", decimal) + suffix
    return f"{value:.{digits}g}".replace(".", decimal)


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering `low`..`high` (steps of 1, 2 or 5 times a power of ten)."""
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(f * magnitude for f in (1, 2, 5, 10) if f * magnitude >= raw)
    first = math.ceil(low / step - 1e-9) * step
    return [first + i * step for i in range(int((high - first) / step + 1e-9) + 1)]


def axis_ticks(axis: Mapping[str, Any], low: float, high: float) -> list[float]:
    """The ticks of a value axis: `tick0`/`dtick` when linear, else round ones."""
    if axis.get("tickmode") == "linear" and axis.get("dtick"):
        step, start = float(axis["dtick"]), float(axis.get("tick0", 0))
        first = start + math.ceil((low - start) / step - 1e-9) * step
        return [first + i * step for i in range(int((high - first) / step + 1e-9) + 1)]
    return nice_ticks(low, high)


# --- colours --------------------------------------------------------------------------------


def _rgb(colour: str) -> tuple[float, float, float]:
    colour = colour.strip()
    if colour.startswith("#") and len(colour) == 7:
        return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]
    if colour.startswith("#") and len(colour) == 4:
        return tuple(int(c * 2, 16) for c in colour[1:])  # type: ignore[return-value]
    parts = re.findall(r"[\d.]+", colour)
    return (float(parts[0]), float(parts[1]), float(parts[2])) if len(parts) >= 3 else (0, 0, 0)


def scale_colour(scale: Sequence[Sequence[Any]], share: float) -> str:
    """The colour at `share` (0..1) along a Plotly colour scale, as `#rrggbb`."""
    share = min(max(share, 0.0), 1.0)
    stops = [(float(stop), _rgb(str(colour))) for stop, colour in scale]
    for (left, a), (right, b) in itertools.pairwise(stops):
        if share <= right:
            t = (share - left) / (right - left) if right > left else 0.0
            mixed = (round(x + (y - x) * t) for x, y in zip(a, b, strict=True))
            return "#" + "".join(f"{c:02x}" for c in mixed)
    return "#" + "".join(f"{round(c):02x}" for c in stops[-1][1])


def contrast_text(fill: str) -> str:
    """Black or white, whichever reads better on `fill` (as Plotly picks cell text)."""
    red, green, blue = _rgb(fill)
    return "#000000" if 0.299 * red + 0.587 * green + 0.114 * blue > 140 else "#ffffff"


# --- frame ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Box:
    """The plot area inside the drawing."""

    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height


def _labels(axis: Mapping[str, Any], values: Sequence[Any]) -> list[str]:
    """The tick texts of a category axis: its `ticktext` when given, else the values."""
    texts = axis.get("ticktext")
    if axis.get("tickmode") == "array" and texts and len(texts) == len(values):
        return [plain(t) for t in texts]
    return [plain(v) for v in values]


def _category_positions(count: int, start: float, length: float) -> list[float]:
    step = length / max(count, 1)
    return [start + step * (i + 0.5) for i in range(count)]


class _Canvas:
    """SVG elements, collected. Texts are centred (the root's `text-anchor`) unless told."""

    def __init__(self, size: float, width: float) -> None:
        self.size = size
        self.width = width
        self.parts: list[str] = []

    def text(
        self,
        x: float,
        y: float,
        text: str,
        anchor: str | None = "middle",
        cls: str = "",
        **extra: str,
    ) -> None:
        """A text at `x, y`; anchor None takes the enclosing group's (see `anchored`)."""
        extra = {"class": cls, **extra} if cls else extra
        if anchor is not None and anchor != "middle":
            extra = {"text-anchor": anchor, **extra}
        attrs = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in extra.items())
        lines = text.split("\n")
        y -= (len(lines) - 1) * self.size * 0.6  # several lines stay centred on `y`
        where = f'x="{_n(x)}" y="{_n(y)}"'
        if len(lines) == 1:
            self.parts.append(f"<text {where}{attrs}>{escape_text(text)}</text>")
            return
        below = ' dy="1.2em"'
        spans = "".join(
            f'<tspan x="{_n(x)}"{below if i else ""}>{escape_text(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        self.parts.append(f"<text {where}{attrs}>{spans}</text>")

    def anchored(self, anchor: str) -> _Group:
        """A group whose texts (drawn with anchor None) share `anchor`."""
        return _Group(self, "" if anchor == "middle" else f'<g text-anchor="{anchor}">')

    def grid(self, lines: Sequence[tuple[float, float, float, float]]) -> None:
        """Grid lines `(x1, y1, x2, y2)`, each horizontal or vertical, as one path."""
        d = "".join(
            f"M{_n(x1)} {_n(y1)}" + (f"H{_n(x2)}" if _n(y1) == _n(y2) else f"V{_n(y2)}")
            for x1, y1, x2, y2 in lines
        )
        if d:
            self.parts.append(f'<path class="tp-grid" d="{d}"/>')

    def rect(self, x: float, y: float, w: float, h: float, fill: str, extra: str = "") -> None:
        self.parts.append(
            f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(max(w, 0))}" height="{_n(max(h, 0))}"'
            f' fill="{short_colour(fill)}"{extra}/>'
        )

    def boxes(
        self, boxes: Sequence[tuple[float, float, float, float]], fill: str, extra: str = ""
    ) -> None:
        """Rectangles of one colour as one path."""
        d = _box_path(boxes)
        if d:
            self.parts.append(f'<path d="{d}" fill="{short_colour(fill)}"{extra}/>')


class _Group:
    """`with canvas.anchored(...)`: the elements drawn inside go into one `<g>`."""

    def __init__(self, canvas: _Canvas, start: str) -> None:
        self._canvas, self._start = canvas, start

    def __enter__(self) -> None:
        if self._start:
            self._canvas.parts.append(self._start)

    def __exit__(self, *_: object) -> None:
        if self._start:
            self._canvas.parts.append("</g>")


def render_static(
    figure: Figure, dark_scales: Mapping[str, Any] | None = None, width: int = DRAWING_WIDTH
) -> str:
    """The static SVG of a figure: one `<svg class="tp-static">`, or "" for no known trace.

    `width` is the width the drawing is laid out for (a box narrower than that shows it
    scaled down, a wider one at its size); `dark_scales` are the heatmap's colour scales
    per metric, `{"light": ..., "dark": ...}`.
    """
    layout = figure.get("layout", {})
    traces = [t for t in figure.get("data", []) if t.get("type", "scatter") in _DRAWERS]
    if not traces:
        return ""
    height = float(layout.get("height") or DEFAULT_HEIGHT)
    size = float(layout.get("font", {}).get("size", 12))
    canvas = _Canvas(size, width)
    kind = traces[0].get("type", "scatter")
    _DRAWERS[kind](canvas, traces, layout, height, dark_scales)
    return (
        f'<svg class="tp-static tp-static--{kind}" xmlns="http://www.w3.org/2000/svg"'
        f' width="100%" height="{_n(height)}" viewBox="0 0 {width} {_n(height)}"'
        f' preserveAspectRatio="xMinYMin meet" font-size="{_r(size)}" text-anchor="middle"'
        ' focusable="false">' + "".join(canvas.parts) + "</svg>"
    )


def _margin(layout: Mapping[str, Any]) -> dict[str, float]:
    margin = {"l": 80.0, "r": 80.0, "t": 100.0, "b": 80.0, "pad": 0.0}  # Plotly's defaults
    margin.update({k: float(v) for k, v in layout.get("margin", {}).items()})
    return margin


# --- heatmap --------------------------------------------------------------------------------


def _heatmap(
    canvas: _Canvas,
    traces: list[Mapping[str, Any]],
    layout: Mapping[str, Any],
    height: float,
    dark_scales: Mapping[str, Any] | None,
) -> None:
    trace = traces[0]
    size, margin = canvas.size, _margin(layout)
    xaxis, yaxis = layout.get("xaxis", {}), layout.get("yaxis", {})
    columns, rows = list(trace.get("x") or []), list(trace.get("y") or [])
    z = trace.get("z") or []
    column_names, row_names = _labels(xaxis, columns), _labels(yaxis, rows)
    label_width = max((text_width(t, size) for t in row_names), default=0) + margin["pad"] + 4
    top_axis = xaxis.get("side") == "top"
    x_lines = max((name.count("\n") + 1 for name in column_names), default=1)
    label_band = size * (0.4 + 1.2 * x_lines)
    box = Box(
        margin["l"] + label_width,
        margin["t"] + (label_band if top_axis else 0),
        canvas.width - margin["l"] - label_width - margin["r"] - COLOURBAR_WIDTH,
        height - margin["t"] - margin["b"] - label_band,
    )
    reversed_rows = yaxis.get("autorange") == "reversed"
    xs = _category_positions(len(columns), box.left, box.width)
    ys = _category_positions(len(rows), box.top, box.height)
    if not reversed_rows:
        ys.reverse()
    cell_w, cell_h = box.width / max(len(columns), 1), box.height / max(len(rows), 1)
    gap_x, gap_y = float(trace.get("xgap", 0)), float(trace.get("ygap", 0))
    low, high = float(trace.get("zmin", 0)), float(trace.get("zmax", 1))
    scale = trace.get("colorscale") or [[0, "#ffffff"], [1, "#000000"]]
    dark = _dark_scale(scale, dark_scales)
    template = str(trace.get("texttemplate", ""))
    found = _FORMAT.search(template)
    number_format = (found.group(1) or "") if found else None
    separators = str(layout.get("separators", ".,"))
    label_y = box.top - margin["pad"] - size * 0.5 if top_axis else box.bottom + size * 1.3
    for x, name in zip(xs, column_names, strict=True):
        lift = name.count("\n") * size * 0.6 if top_axis else -name.count("\n") * size * 0.6
        canvas.text(x, label_y - lift, name, "middle", cls="xtick")
    with canvas.anchored("end"):
        for y, name in zip(ys, row_names, strict=True):
            canvas.text(box.left - 4 - margin["pad"], y + size * 0.35, name, None, cls="ytick")
    # The cells of one colour are one group: their boxes one path, then their values.
    cells: dict[float, list[tuple[float, float, Any]]] = {}
    for row, y in zip(z, ys, strict=False):
        for value, x in zip(row, xs, strict=False):
            if value is not None:
                share = (float(value) - low) / (high - low) if high > low else 0.5
                cells.setdefault(share, []).append((x, y, value))
    for share, members in cells.items():
        fill = scale_colour(scale, share)
        style = ""
        if dark is not None:
            dark_fill = scale_colour(dark, share)
            dark_text = short_colour(contrast_text(dark_fill))
            style = f' style="--tp-dark:{short_colour(dark_fill)};--tp-dark-text:{dark_text}"'
        text_fill = short_colour(contrast_text(fill))
        canvas.parts.append(f'<g class="tp-cell" fill="{text_fill}"{style}>')
        boxes = [
            (x - cell_w / 2 + gap_x / 2, y - cell_h / 2 + gap_y / 2, cell_w - gap_x, cell_h - gap_y)
            for x, y, _ in members
        ]
        canvas.boxes(boxes, fill)
        if number_format is not None:
            for x, y, value in members:
                number = format_value(value, number_format, separators)
                canvas.text(x, y + size * 0.35, _FORMAT.sub(number, template))
        canvas.parts.append("</g>")
    _colourbar(canvas, trace, box, scale, dark, separators)


def _dark_scale(scale: Any, dark_scales: Mapping[str, Any] | None) -> Any:
    """The dark variant of `scale` among `dark_scales` (`{metric: {light, dark}}`), if any."""
    for variant in (dark_scales or {}).values():
        if variant.get("light") == scale:
            return variant.get("dark")
    return None


def _colourbar(
    canvas: _Canvas,
    trace: Mapping[str, Any],
    box: Box,
    scale: Sequence[Sequence[Any]],
    dark: Any,
    separators: str,
) -> None:
    low, high = float(trace.get("zmin", 0)), float(trace.get("zmax", 1))
    bar = trace.get("colorbar", {})
    x = box.right + 12
    thickness = float(bar.get("thickness", 30))
    steps = 12
    for i in range(steps):
        share_top, share = 1 - i / steps, 1 - (i + 0.5) / steps
        y = box.top + box.height * (1 - share_top)
        fill = scale_colour(scale, share)
        extra = f' style="--tp-dark:{short_colour(scale_colour(dark, share))}"' if dark else ""
        canvas.boxes([(x, y, thickness, box.height / steps + 0.5)], fill, extra)
    axis = dict(bar)
    if axis.get("tickmode") == "auto":
        axis.pop("tickmode")
    spec = str(bar.get("tickformat", ""))
    for tick in axis_ticks(axis, low, high)[:12]:
        share = (tick - low) / (high - low) if high > low else 0
        y = box.bottom - share * box.height
        label = format_value(tick, spec, separators)
        canvas.text(x + thickness + 4, y + canvas.size * 0.35, label, "start")


# --- bars and lines ------------------------------------------------------------------------


def _value_range(
    traces: Sequence[Mapping[str, Any]], key: str, stacked: bool
) -> tuple[float, float]:
    if stacked:
        length = max((len(t.get(key) or []) for t in traces), default=0)
        totals = [
            sum(float(t[key][i] or 0) for t in traces if i < len(t.get(key) or []))
            for i in range(length)
        ]
        values = totals
    else:
        values = [float(v) for t in traces for v in t.get(key) or [] if v is not None]
    return min([0.0, *values]), max([0.0, *values]) or 1.0


def _legend(canvas: _Canvas, traces: Sequence[Mapping[str, Any]], left: float, top: float) -> None:
    x = left
    for trace in traces:
        name = plain(trace.get("name", ""))
        colour = str(trace.get("marker", {}).get("color") or trace.get("line", {}).get("color"))
        canvas.rect(x, top + 4, 12, 12, colour if colour != "None" else "#1f77b4")
        canvas.text(x + 16, top + 14, name, "start", cls="legendtext")
        x += 36 + text_width(name, canvas.size)


def _frame(
    canvas: _Canvas,
    traces: Sequence[Mapping[str, Any]],
    layout: Mapping[str, Any],
    height: float,
    category_labels: list[str],
    horizontal: bool,
) -> Box:
    size, margin = canvas.size, _margin(layout)
    legend = len(traces) > 1 and layout.get("showlegend", True) is not False
    value_axis = layout.get("xaxis" if horizontal else "yaxis", {})
    title = plain(value_axis.get("title", {}).get("text", ""))
    if horizontal:
        label_width = max((text_width(t, size) for t in category_labels), default=0) + 6
        left, bottom = margin["l"] + label_width, margin["b"] + size * 1.6
        bottom += size * 1.4 if title else 0
    else:
        left = margin["l"] + text_width("0000", size) + (size * 1.6 if title else 0)
        bottom = margin["b"] + size * 1.6
    top = margin["t"] + (LEGEND_ROW if legend else 0)
    box = Box(left, top, canvas.width - left - margin["r"], height - top - bottom)
    if legend:
        _legend(canvas, traces, box.left, margin["t"])
    if title and horizontal:
        canvas.text(box.left + box.width / 2, height - margin["b"], title, "middle")
    elif title:
        y = box.top + box.height / 2
        x = margin["l"] + size
        canvas.text(x, y, title, "middle", transform=f"rotate(-90 {_n(x)} {_n(y)})")
    return box


def _bars(
    canvas: _Canvas,
    traces: list[Mapping[str, Any]],
    layout: Mapping[str, Any],
    height: float,
    _dark: Mapping[str, Any] | None,
) -> None:
    bars = [t for t in traces if t.get("type") == "bar"]
    horizontal = bars[0].get("orientation") == "h"
    cat_key, val_key = ("y", "x") if horizontal else ("x", "y")
    categories = list(bars[0].get(cat_key) or [])
    cat_axis = layout.get("yaxis" if horizontal else "xaxis", {})
    val_axis = layout.get("xaxis" if horizontal else "yaxis", {})
    names = _labels(cat_axis, categories)
    stacked = layout.get("barmode") in ("stack", "relative")
    low, high = _value_range(bars, val_key, stacked)
    box = _frame(canvas, bars, layout, height, names, horizontal)
    separators = str(layout.get("separators", ".,"))
    ticks = labelled_ticks(val_axis, low, high, separators)
    high = max(high, float(ticks[-1][0]) if ticks else high)
    span = (high - low) or 1.0

    def scaled(value: float) -> float:
        share = (value - low) / span
        return box.left + share * box.width if horizontal else box.bottom - share * box.height

    grid = []
    with canvas.anchored("middle" if horizontal else "end"):
        for tick, label in ticks:
            where = scaled(tick)
            if horizontal:
                grid.append((where, box.top, where, box.bottom))
                canvas.text(where, box.bottom + canvas.size * 1.3, label, None)
            else:
                grid.append((box.left, where, box.right, where))
                canvas.text(box.left - 4, where + canvas.size * 0.35, label, None)
    canvas.grid(grid)
    reverse = cat_axis.get("autorange") == "reversed"
    length = box.height if horizontal else box.width
    start = box.top if horizontal else box.left
    centres = _category_positions(len(categories), start, length)
    if horizontal != reverse:  # horizontal bars list the first category at the bottom
        centres.reverse()
    band = length / max(len(categories), 1) * 0.8
    groups = 1 if stacked else len(bars)
    with canvas.anchored("end" if horizontal else "middle"):
        for index, centre in enumerate(centres):
            if horizontal:
                canvas.text(box.left - 6, centre + canvas.size * 0.35, names[index], None)
            else:
                drop = names[index].count("\n") * canvas.size * 0.6  # lines hang below the axis
                canvas.text(centre, box.bottom + canvas.size * 1.3 + drop, names[index], None)
    base = [0.0] * len(categories)
    for number, trace in enumerate(bars):
        colour = str(trace.get("marker", {}).get("color") or "#1f77b4")
        values = list(trace.get(val_key) or [])
        boxes = []
        for index, value in enumerate(values[: len(categories)]):
            if value is None:
                continue
            start_value = base[index] if stacked else 0.0
            end_value = start_value + float(value)
            if stacked:
                base[index] = end_value
            width = band / groups
            offset = centres[index] - band / 2 + (0 if stacked else number * width)
            a, b = scaled(start_value), scaled(end_value)
            if horizontal:
                boxes.append((min(a, b), offset, abs(b - a), width))
            else:
                boxes.append((offset, min(a, b), width, abs(b - a)))
        canvas.boxes(boxes, colour)


def _lines(
    canvas: _Canvas,
    traces: list[Mapping[str, Any]],
    layout: Mapping[str, Any],
    height: float,
    _dark: Mapping[str, Any] | None,
) -> None:
    lines = [t for t in traces if t.get("type", "scatter") == "scatter"]
    xaxis, yaxis = layout.get("xaxis", {}), layout.get("yaxis", {})
    xs = [x for t in lines for x in t.get("x") or []]
    numeric_x = all(isinstance(x, int | float) for x in xs)
    categories = [] if numeric_x else list(dict.fromkeys(xs))
    box = _frame(canvas, lines, layout, height, [], horizontal=False)
    if numeric_x:
        x_low, x_high = _range(xaxis, [float(x) for x in xs] or [0.0, 1.0])
    else:
        x_low, x_high = -0.5, len(categories) - 0.5
    y_values = [float(y) for t in lines for y in t.get("y") or [] if y is not None]
    y_low, y_high = _range(yaxis, y_values or [0.0, 1.0])
    separators = str(layout.get("separators", ".,"))

    def px(x: Any) -> float:
        value = float(x) if numeric_x else float(categories.index(x))
        return box.left + (value - x_low) / ((x_high - x_low) or 1) * box.width

    def py(y: float) -> float:
        return box.bottom - (y - y_low) / ((y_high - y_low) or 1) * box.height

    _shapes(canvas, layout, box, px)
    y_ticks = labelled_ticks(yaxis, y_low, y_high, separators)
    canvas.grid([(box.left, py(tick), box.right, py(tick)) for tick, _ in y_ticks])
    with canvas.anchored("end"):
        for tick, label in y_ticks:
            canvas.text(box.left - 4, py(tick) + canvas.size * 0.35, label, None)
    if numeric_x:
        x_ticks = labelled_ticks(xaxis, x_low, x_high, separators)
    else:
        x_ticks = list(zip(categories, _labels(xaxis, categories), strict=True))
    for tick, label in x_ticks:
        canvas.text(px(tick), box.bottom + canvas.size * 1.3, label, "middle")
    for trace in lines:
        line, marker = trace.get("line", {}), trace.get("marker", {})
        colour = str(line.get("color") or _first(marker.get("color")) or "#1f77b4")
        mode = str(trace.get("mode", "lines+markers"))
        points = [
            None if y is None else (px(x), py(float(y)))
            for x, y in zip(trace.get("x") or [], trace.get("y") or [], strict=False)
        ]
        if "lines" in mode:
            width = _r(float(line.get("width", 2)))
            for run in _runs(points):
                coords = " ".join(f"{_n(x)},{_n(y)}" for x, y in run)
                canvas.parts.append(
                    f'<polyline points="{coords}" fill="none" stroke="{short_colour(colour)}"'
                    f' stroke-width="{width}"/>'
                )
        if "markers" in mode:
            for index, point in enumerate(points):
                if point is None:
                    continue
                fill = _nth(marker.get("color"), index) or colour
                radius = float(_nth(marker.get("size"), index) or 6) / 2
                canvas.parts.append(
                    f'<circle cx="{_n(point[0])}" cy="{_n(point[1])}" r="{_r(radius)}"'
                    f' fill="{escape_text(short_colour(fill))}"/>'
                )


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def _nth(value: Any, index: int) -> Any:
    """A per-point attribute (a list) at `index`, or the one value all points share."""
    if isinstance(value, list):
        return value[index] if index < len(value) else None
    return value


def labelled_ticks(
    axis: Mapping[str, Any], low: float, high: float, separators: str
) -> list[tuple[Any, str]]:
    """(value, text) of each tick of a value axis: its `tickvals`/`ticktext` when it gives
    them, else the ticks of `axis_ticks` in the axis's `tickformat`."""
    values = axis.get("tickvals")
    if axis.get("tickmode") == "array" and values:
        return list(zip(values, _labels(axis, values), strict=True))
    spec = str(axis.get("tickformat", ""))
    return [(tick, format_value(tick, spec, separators)) for tick in axis_ticks(axis, low, high)]


def _shapes(canvas: _Canvas, layout: Mapping[str, Any], box: Box, px: Any) -> None:
    """Bands (`rect` shapes on x, across the plot's height) and their labels (annotations on
    x above the plot), as the experience curve marks its phases."""
    bands: dict[str, list[tuple[float, float, float, float]]] = {}
    for shape in layout.get("shapes", []):
        if shape.get("type") == "rect" and shape.get("xref") == "x":
            left, right = px(shape.get("x0", 0)), px(shape.get("x1", 0))
            fill = escape_text(str(shape.get("fillcolor", "rgba(128,128,128,0.1)")))
            bands.setdefault(fill, []).append(
                (min(left, right), box.top, abs(right - left), box.height)
            )
    for fill, boxes in bands.items():
        canvas.boxes(boxes, fill)
    for note in layout.get("annotations", []):
        if note.get("xref") == "x" and note.get("yref") == "paper" and note.get("text"):
            text = plain(note["text"])
            canvas.text(px(note.get("x", 0)), box.top - 4, text, "middle", cls="annotation")


def _range(axis: Mapping[str, Any], values: list[float]) -> tuple[float, float]:
    given = axis.get("range")
    if given and len(given) == 2 and all(isinstance(v, int | float) for v in given):
        return float(given[0]), float(given[1])
    low, high = min(values), max(values)
    pad = (high - low) * 0.06 or 0.5
    return low - pad, high + pad


def _runs(points: list[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
    """The stretches of consecutive points (a line breaks at a missing value)."""
    runs: list[list[tuple[float, float]]] = [[]]
    for point in points:
        if point is None:
            runs.append([])
        else:
            runs[-1].append(point)
    return [run for run in runs if len(run) > 1]


_DRAWERS = {"heatmap": _heatmap, "bar": _bars, "scatter": _lines}
