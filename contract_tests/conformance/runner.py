"""One conformance run: the preflight, then every registered check, in order, against one server.

Each result is handed to `on_result` as it is found, so a long run shows where it is. The run
stops early in two ways, each with a report: the preflight fails (nothing can be tested), or
RUN_TIMEOUT is reached (every check not finished is skipped with that reason). A check that
found nothing to check (no task was created to poll) is reported skipped with that reason, never
left out; one that fails on an answer it cannot handle is reported not tested, and the run goes
on with the next.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import contract_tests.conformance.checks  # noqa: F401  (registers the checks)
from contract_tests.conformance import preflight
from contract_tests.conformance.registry import CHECKS
from contract_tests.conformance.results import CheckResult, Verdict
from contract_tests.conformance.session import Exchange, Limits, RunTimedOut, Session

DEFAULT_LIMITS = Limits()


@dataclass
class Options:
    poll_timeout: float = 600.0
    poll_interval: float = 5.0
    progress_every: float = 10.0  # seconds between progress lines while polling


@dataclass
class ErrorTally:
    """The 4xx answers seen: how many, how many broke the error shape, and the first that did
    (only that one is kept, so that a run's memory does not grow with its error answers)."""

    checked: int = 0
    bad: int = 0
    first_bad: tuple[Exchange, str] | None = None


def _quiet(line: str) -> None:
    """No progress lines."""


@dataclass
class RunState:
    """What the checks share: the session, the options, the tasks created, the 4xx seen."""

    session: Session
    options: Options
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    progress: Callable[[str], None] = _quiet
    tasks: list[str] = field(default_factory=list)  # every task_id received, repeats kept
    errors: ErrorTally = field(default_factory=ErrorTally)
    design_bodies: list[Any] = field(default_factory=list)
    # The preflight's create of a body that is not JSON, if it sent one: a request of
    # rejects-not-json already made, judged there and not sent again.
    not_json_probe: Exchange | None = None

    def note_error(self, exchange: Exchange) -> None:
        """Judge a 4xx answer's shape now, by the oracle; other answers are not errors."""
        response = exchange.response
        if response is None or not 400 <= response.status_code < 500:
            return
        problems = exchange.problems()
        self.errors.checked += 1
        if problems:
            self.errors.bad += 1
            if self.errors.first_bad is None:
                self.errors.first_bad = (exchange, "; ".join(problems))


def run_checks(
    base_url: str,
    api_key: str,
    *,
    max_billable: int,
    max_rps: float | None,
    options: Options,
    limits: Limits = DEFAULT_LIMITS,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    on_result: Callable[[CheckResult], None] = lambda result: None,
    progress: Callable[[str], None] = _quiet,
) -> tuple[list[CheckResult], Session]:
    """The preflight and every registered check against `base_url`; the results and counts."""
    session = Session(
        base_url,
        api_key,
        max_rps=max_rps,
        max_billable=max_billable,
        limits=limits,
        sleep=sleep,
        clock=clock,
    )

    def bounded_sleep(seconds: float) -> None:
        """A check's wait (between polls) ends at RUN_TIMEOUT at the latest."""
        sleep(min(seconds, max(session.time_left(), 0.0)))

    state = RunState(session, options, bounded_sleep, clock, progress)
    results: list[CheckResult] = []
    ids: set[str] = set()

    def found(result: CheckResult) -> None:
        results.append(_unique(result, ids))
        on_result(results[-1])

    try:
        try:
            first, state.not_json_probe = preflight.run(session)
        except RunTimedOut as stop:
            first = CheckResult(
                preflight.CHECK,
                "",
                preflight.TITLE,
                preflight.RULE,
                Verdict.SKIPPED,
                str(stop),
                blocked=True,
            )
        found(first)
        if first.blocked:
            return results, session
        registered = list(CHECKS.values())
        for index, each in enumerate(registered):
            before = len(results)
            try:
                for result in each.run(state):
                    found(result)
            except RunTimedOut as stop:
                for skipped in registered[index:]:
                    found(
                        CheckResult(
                            skipped.id,
                            "not-run",
                            skipped.summary,
                            "RUN_TIMEOUT",
                            Verdict.SKIPPED,
                            f"not run, or not to the end: {stop}",
                            blocked=True,
                        )
                    )
                break
            except Exception as error:  # an answer no check foresaw must not lose the report
                found(_not_run(each.id, each.summary, error))
                continue
            if len(results) == before:
                found(_nothing_to_check(each.id, each.summary, state))
    finally:
        session.close()
    return results, session


def _not_run(check_id: str, summary: str, error: Exception) -> CheckResult:
    """A check that stopped on what it did not foresee: not tested, with where and why."""
    frames = traceback.extract_tb(error.__traceback__)
    where = f" (at {Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
    why = f"the check stopped: {type(error).__name__}: {str(error)[:300]}{where}"
    return CheckResult(check_id, "", summary, summary, Verdict.SKIPPED, why, blocked=True)


def _nothing_to_check(check_id: str, summary: str, state: RunState) -> CheckResult:
    why = "nothing to check in this run"
    if not state.tasks:
        why += (
            f": no task_id was received (MAX_BILLABLE={state.session.max_billable}, "
            f"{state.session.billable_sent} create requests accepted)"
        )
    return CheckResult(check_id, "", summary, summary, Verdict.SKIPPED, why)


def _unique(result: CheckResult, ids: set[str]) -> CheckResult:
    """The result, its case numbered when its id was seen already, so every id is unique."""
    case, number = result.case, 1
    while (f"{result.check}[{case}]" if case else result.check) in ids:
        number += 1
        case = f"{result.case}#{number}"
    if case != result.case:
        result = CheckResult(
            result.check,
            case,
            result.title,
            result.rule,
            result.verdict,
            result.detail,
            result.reproducer,
            result.blocked,
        )
    ids.add(result.id)
    return result
