"""Measured figures as text and as HTML marks: the one place a score, an interval, a change,
a target status and a stale mark are written, for every page that shows them.

Every state is a word and a symbol (never a colour alone), and the symbol is hidden from
screen readers, which read the word: a low sample is `◔ low n` with the class `tp-low-n`, a
hidden figure is `n = 7` (`tp-hidden`), a significant change ends in `(significant)`
(`tp-significant`), a target is `✓ met` or `✗ missed` (`tp-target-met`, `tp-target-missed`)
and stale data is `⏱ stale` (`tp-stale`). docs/metrics.md shows how to read each.
"""

from __future__ import annotations

from collections.abc import Mapping

from mkdocs_touchpoints.measures.measured import Definition, JourneyMeasure
from mkdocs_touchpoints.measures.scores import (
    AT_MOST,
    COUNT,
    CSAT,
    MEAN,
    MET,
    NPS,
    RATIO,
    Change,
    Figure,
)
from mkdocs_touchpoints.rendering.markup import escape_html
from mkdocs_touchpoints.rendering.pages.common import format_number

PERCENT_TYPES = frozenset({CSAT, RATIO})
"""Scores in % (the others are points, means or counts)."""
MINUS = "−"


def decimals(metric_type: str) -> int:
    """How many decimals a score of this type shows (a count: none when it is whole, up to
    two when it is not, so a count of 10.5 never shows as a 10 that misses `≤ 10`)."""
    if metric_type == COUNT:
        return 2
    if metric_type in (NPS, CSAT, RATIO):
        return 1
    return 2


def number(
    value: float, metric_type: str, labels: Mapping[str, str], *, signed: bool = False
) -> str:
    """A score's number in the labels' style, with a true minus sign (`+38.2`, `−4`)."""
    text = format_number(abs(value), labels, decimals(metric_type), fixed=metric_type != COUNT)
    if value < 0 and any(char in "123456789" for char in text):  # not a rounded −0
        return MINUS + text
    if signed and value > 0:
        return "+" + text
    return text


def score_text(value: float, definition: Definition, labels: Mapping[str, str]) -> str:
    """A score with its unit: `81.5 %`, `+38.2`, `5.84`, `1,204 calls`, `3.40 min`."""
    metric_type = definition.type
    text = number(value, metric_type, labels, signed=metric_type == NPS)
    if metric_type in PERCENT_TYPES:
        return labels["percent"].format(value=text)
    if metric_type in (COUNT, MEAN) and definition.unit:
        return f"{text} {definition.unit}"
    return text


def interval_text(figure: Figure, definition: Definition, labels: Mapping[str, str]) -> str:
    """The 95 % interval (`75.1–86.7 %`), or '' when the figure has none."""
    if figure.interval is None or not figure.shown:
        return ""
    return bounds_text(figure.interval, definition, labels)


def bounds_text(
    interval: tuple[float, float], definition: Definition, labels: Mapping[str, str]
) -> str:
    """An interval's bounds in the score's style: `75.1 – 86.7 %`, `−14.3 – −4.5`."""
    low, high = (number(v, definition.type, labels) for v in interval)
    text = f"{low} – {high}"
    return labels["percent"].format(value=text) if definition.type in PERCENT_TYPES else text


def change_text(found: Change, definition: Definition, labels: Mapping[str, str]) -> str:
    """`▲ +4.1`, `▼ −6.0` or `= 0` (points for NPS, percentage points for shares)."""
    difference = found.difference
    symbol = "▲" if difference > 0 else "▼" if difference < 0 else "="
    return f"{symbol} {number(difference, definition.type, labels, signed=True)}"


def _mark(css: str, symbol: str, word: str, note: str = "") -> str:
    title = f' title="{escape_html(note)}"' if note else ""
    return (
        f'<span class="tp-mark {css}"{title}><span aria-hidden="true">{symbol}</span> '
        f"{escape_html(word)}</span>"
    )


def figure_html(figure: Figure | None, definition: Definition, labels: Mapping[str, str]) -> str:
    """A figure as the tables show it: the score (with the low-sample mark), or `n = …`."""
    if figure is None:
        return escape_html(labels["no_value"])
    if figure.hidden:
        note = labels["hidden_note"].format(limit=definition.hide_below)
        text = labels["hidden_score"].format(n=figure.n)
        return f'<span class="tp-score tp-hidden" title="{escape_html(note)}">{text}</span>'
    if figure.score is None:
        return escape_html(labels["no_value"])
    text = escape_html(score_text(figure.score, definition, labels))
    if figure.low_sample:
        note = labels["low_n_note"].format(limit=definition.min_n)
        mark = _mark("tp-low-n__mark", "◔", labels["low_n"], note)
        return f'<span class="tp-score tp-low-n">{text} {mark}</span>'
    return f'<span class="tp-score">{text}</span>'


def n_html(figure: Figure | None, labels: Mapping[str, str]) -> str:
    """Σn of a figure, or a dash for a figure without n."""
    if figure is None or figure.n is None:
        return escape_html(labels["no_value"])
    return escape_html(format_number(figure.n, labels, 0))


def change_html(
    measure: JourneyMeasure,
    definition: Definition,
    labels: Mapping[str, str],
    *,
    beside_shown: bool = False,
) -> str:
    """The change of the latest shown score against the shown one before it: in a row that
    shows the latest period, only when that period is the one shown; in a row that shows the
    latest shown score (`beside_shown`, the insights ranking), always."""
    found = measure.change
    if found is None or (measure.shown is not measure.latest and not beside_shown):
        return escape_html(labels["no_value"])
    text = escape_html(change_text(found, definition, labels))
    if found.significant:
        word = escape_html(labels["significant"])
        return f'<span class="tp-change tp-significant">{text} <strong>({word})</strong></span>'
    return f'<span class="tp-change">{text}</span>'


def target_goal(definition: Definition, labels: Mapping[str, str]) -> str:
    """The target as a bound: `≥ 80 %`, `≤ 3.00 min` ('' without a target)."""
    target = definition.target
    if target is None:
        return ""
    key = "target_at_most" if target.direction == AT_MOST else "target_at_least"
    # Up to four decimals, trailing zeros dropped: the bound as written (`≥ 30.25`), so that
    # a verdict never seems to contradict it.
    value = format_number(float(target.value), labels, max(4, decimals(definition.type)))
    if definition.type in PERCENT_TYPES:
        value = labels["percent"].format(value=value)
    elif definition.type in (COUNT, MEAN) and definition.unit:
        value = f"{value} {definition.unit}"
    return labels[key].format(value=value)


def target_html(status: str | None, definition: Definition, labels: Mapping[str, str]) -> str:
    """`✓ met (≥ 80 %)` or `✗ missed (≥ 80 %)`; a dash without a target or a shown score."""
    if status is None:
        return escape_html(labels["no_value"])
    goal = target_goal(definition, labels)
    if status == MET:
        mark = _mark("tp-target-met", "✓", labels["target_met"])
    else:
        mark = _mark("tp-target-missed", "✗", labels["target_missed"])
    return f'{mark} <span class="tp-goal">({escape_html(goal)})</span>'


def stale_html(measure: JourneyMeasure, labels: Mapping[str, str]) -> str:
    """`⏱ stale` when the latest data is older than the metric allows, else ''."""
    if not measure.stale:
        return ""
    note = labels["stale_note"].format(period=measure.latest.period)
    return _mark("tp-stale", "⏱", labels["stale"], note)
