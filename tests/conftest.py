"""Hypothesis profiles (`dev` fast, `ci` the default of `make test`, `thorough`), and the
fixture that edits the generated package's schemas for one test."""

from __future__ import annotations

import copy
import os
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from pixverse_c1_client import _contract
from pixverse_c1_client import _validation as client_validation

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


@pytest.fixture
def schemas(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """The generated package's SCHEMAS, editable for one test, as a regenerated spec would be."""
    edited = copy.deepcopy(_contract.SCHEMAS)
    for module in (_contract, client_validation):
        monkeypatch.setattr(module, "SCHEMAS", edited)
    client_validation._ready.cache_clear()
    client_validation._document.cache_clear()
    yield edited
    monkeypatch.undo()
    client_validation._ready.cache_clear()
    client_validation._document.cache_clear()
