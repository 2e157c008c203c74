"""`mkdocs build` reads the metrics files with the journeys and stops on their errors."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from mkdocs.exceptions import Abort

from .conftest import Site, build_site, journey_yaml

DEFINITIONS = "metrics:\n  - {id: calls, name: Calls, type: count}\n"


def test_metrics_errors_stop_the_build(
    new_site: Callable[..., Site], build_log: pytest.LogCaptureFixture
) -> None:
    site = new_site(
        {
            "a.yml": journey_yaml(),
            "_metrics.yml": DEFINITIONS,
            "_metrics/calls.csv": "metric,period,journey,value\ncalls,2024-13,a,1\n",
        }
    )
    with pytest.raises(Abort):
        build_site(site)
    errors = "\n".join(r.getMessage() for r in build_log.records if r.levelno == logging.ERROR)
    assert "journeys/_metrics/calls.csv:2:7: error: '2024-13' is not a period" in errors


def test_the_options_name_the_metrics_files(new_site: Callable[..., Site]) -> None:
    site = new_site(
        {
            "a.yml": journey_yaml(),
            "_defs.yml": DEFINITIONS,
            "_obs/calls.csv": "metric,period,journey,value\ncalls,2024-01,a,1\n",
            "_metrics/ignored.csv": "not,read\n",
        },
        options={"metrics_file": "_defs.yml", "metrics_dir": "_obs"},
    )
    build_site(site)
    assert (site.site_dir / "journeys" / "a" / "index.html").is_file()
