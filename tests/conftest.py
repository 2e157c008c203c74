"""Suite-wide settings: a fixed, bounded hypothesis profile in CI."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

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
