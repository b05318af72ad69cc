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
