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

from contract_tests import spec

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


@pytest.fixture(scope="session")
def mention_rule() -> spec.MentionRule:
    """The spec's x-mention-rule, for a test of it: a spec that sets none has nothing such a
    test could check, and the test is skipped, saying so."""
    rule = spec.mention_rule()
    if rule is None:
        pytest.skip(f"the spec sets no {spec.MENTION_RULE}")
    return rule


@pytest.fixture
def url_lifetime() -> str:
    """The output field telling how long its URL lasts: a spec without one skips a test of
    expiry, saying so."""
    ttl: str | None = spec.ROLES["output_ttl"]
    if ttl is None:
        pytest.skip("the spec's outputs tell no lifetime of their URL")
    return ttl


_SUITE_CASE = "tests/test_validator_suite.py::test_suite_case["


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The JSON Schema Test Suite's counts, read from the test reports, so that they are whole
    whichever processes ran the cases (pytest -n)."""
    from tests import json_schema_suite
    from tests.test_validator_suite import REFUSED_MARK

    counts = {"passed": 0, "refused": 0, "not run": 0, "failed": 0}
    for outcome in ("passed", "skipped", "failed"):
        for report in terminalreporter.stats.get(outcome, []):
            if (
                not getattr(report, "nodeid", "").startswith(_SUITE_CASE)
                or report.when == "teardown"
            ):
                continue
            if outcome == "skipped":
                reason = str(report.longrepr[-1]) if isinstance(report.longrepr, tuple) else ""
                kind = "refused" if reason.startswith(f"Skipped: {REFUSED_MARK}") else "not run"
                counts[kind] += 1
            else:
                counts[outcome] += 1
    if any(counts.values()):
        terminalreporter.write_line(
            f"JSON Schema Test Suite (jsonschema {json_schema_suite.VERSION}, draft 2020-12), "
            f"{sum(counts.values())} cases: {counts['passed']} passed, {counts['failed']} failed, "
            f"{counts['refused']} skipped as refused (they fail to compile), "
            f"{counts['not run']} skipped as not run"
        )
