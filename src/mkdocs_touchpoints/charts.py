"""The charts block of a journey page (placeholder until the charts issue fills it)."""

from __future__ import annotations

from mkdocs_touchpoints.i18n import Labels
from mkdocs_touchpoints.model import Journey


def render_charts(journey: Journey, labels: Labels) -> str:
    """HTML for the charts of one journey: a block the page embeds as raw HTML."""
    return '<div class="tp-charts" data-tp-journey="' + (journey.id or "") + '"></div>'
