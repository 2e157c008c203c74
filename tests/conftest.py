"""Suite-wide settings: a fixed, bounded hypothesis profile in CI; the golden-file checker."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from tests.goldens import Golden

# CI runs the same examples every time (derandomize) and writes no example database.
settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "dev"))

# Staleness of measured metrics is judged against the build date: the suite builds as of
# 2026-12-01 (and so does every build it starts), so the goldens do not age.
BUILD_DATE_EPOCH = "1796083200"
os.environ.setdefault("SOURCE_DATE_EPOCH", BUILD_DATE_EPOCH)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite the golden files of the page and diagnostics tests (review the diff)",
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    """The golden-file checker (`pytest --update-goldens` rewrites the files)."""
    return Golden(bool(request.config.getoption("--update-goldens")))
