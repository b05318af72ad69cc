"""What a conformance check finds: exactly one verdict per result, keyed by a stable id."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass


class Verdict(enum.Enum):
    PASSED = "PASS"
    FAILED = "FAIL"
    SKIPPED = "SKIP"


@dataclass(frozen=True)
class CheckResult:
    """One finding of a registered check.

    `check` is the check's registered id; `case` says which instance of it (a rule id, a task
    id, an auth case), empty when the check has one. `title` is the line people read.
    """

    check: str
    case: str
    title: str
    rule: str
    verdict: Verdict
    detail: str = ""
    reproducer: str = ""
    # Skipped because the server kept the check from being made (a 403, a 429 beyond the
    # wait budget, RUN_TIMEOUT): the run could not test it, which CI must not read as green.
    blocked: bool = False

    def __post_init__(self) -> None:
        if self.blocked and self.verdict is not Verdict.SKIPPED:
            raise ValueError("only a skipped result can be blocked")

    @property
    def id(self) -> str:
        return f"{self.check}[{self.case}]" if self.case else self.check

    @property
    def failed(self) -> bool:
        return self.verdict is Verdict.FAILED

    @property
    def skipped(self) -> bool:
        return self.verdict is Verdict.SKIPPED


def failures(results: Iterable[CheckResult]) -> list[CheckResult]:
    return [r for r in results if r.failed]


def skips(results: Iterable[CheckResult]) -> list[CheckResult]:
    return [r for r in results if r.skipped]


def blocked(results: Iterable[CheckResult]) -> list[CheckResult]:
    return [r for r in results if r.blocked]


class Exit(enum.IntEnum):
    """The run's exit status, for CI: 0 conforms, 1 deviations, 2 could not test."""

    CONFORMS = 0
    DEVIATIONS = 1
    UNTESTED = 2


def exit_status(results: list[CheckResult]) -> Exit:
    """Deviations first: a run that found one has shown what it must; then whatever the server
    kept the run from testing (a blocked result)."""
    if failures(results):
        return Exit.DEVIATIONS
    if blocked(results):
        return Exit.UNTESTED
    return Exit.CONFORMS
