"""The conformance checks, registered under stable ids in the order they run.

A check is a function of the run's state that yields its results; `@check(id, summary)`
registers it. Reports, the broken variants' expectations and CI all name checks by these ids.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from contract_tests.conformance.results import CheckResult

if TYPE_CHECKING:
    from contract_tests.conformance.runner import RunState

CheckFunction = Callable[["RunState"], Iterator[CheckResult]]


@dataclass(frozen=True)
class Check:
    id: str
    summary: str
    run: CheckFunction


CHECKS: dict[str, Check] = {}


def check(check_id: str, summary: str) -> Callable[[CheckFunction], CheckFunction]:
    def register(function: CheckFunction) -> CheckFunction:
        if check_id in CHECKS:
            raise ValueError(f"check {check_id!r} is registered twice")
        CHECKS[check_id] = Check(check_id, summary, function)
        return function

    return register
