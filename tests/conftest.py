"""Hypothesis profiles: `dev` (fast), `ci` (the default of `make test`), `thorough`."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# No deadline in any profile: a loaded machine must not turn a slow example into a failure.
settings.register_profile("dev", max_examples=20, deadline=None)
settings.register_profile(
    "ci",
    max_examples=150,
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
