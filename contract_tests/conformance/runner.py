"""One conformance run: every registered check, in order, against one server."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import contract_tests.conformance.checks  # noqa: F401  (registers the checks)
from contract_tests.conformance.registry import CHECKS
from contract_tests.conformance.results import CheckResult
from contract_tests.conformance.session import Exchange, Session


@dataclass
class Options:
    examples_per_rule: int = 5
    poll_timeout: float = 600.0
    poll_interval: float = 5.0


@dataclass
class RunState:
    """What the checks share: the session, the options, the tasks created, the 4xx seen."""

    session: Session
    options: Options
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    tasks: list[str] = field(default_factory=list)
    error_answers: list[Exchange] = field(default_factory=list)


def run_checks(
    base_url: str,
    api_key: str,
    *,
    max_billable: int,
    max_rps: float | None,
    options: Options,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> tuple[list[CheckResult], Session]:
    """Every registered check against `base_url`; the results and the session's counts."""
    session = Session(
        base_url, api_key, max_rps=max_rps, max_billable=max_billable, sleep=sleep, clock=clock
    )
    state = RunState(session, options, sleep, clock)
    results: list[CheckResult] = []
    try:
        for registered in CHECKS.values():
            results.extend(registered.run(state))
    finally:
        session.close()
    return results, session
