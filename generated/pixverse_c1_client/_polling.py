# Copied from codegen/runtime/_polling.py by `make generate`: edit it there, not here.
"""Waiting for a task to finish. Sans-IO: it is told the time and says how long to sleep.

The statuses come from the spec's `x-task-life` on the task's schema: every status in `final`
ends a wait, `succeeded` with the result and any other with TaskFailedError. Nothing here names a
status or the schema, and nothing assumes how many final statuses there are.
"""

from __future__ import annotations

import functools
import math
from typing import Any, Final

import attrs
import httpx

from ._answers import field
from ._contract import ROLES, SCHEMAS
from ._exceptions import (
    InvalidArgumentError,
    MalformedResponseError,
    PixverseError,
    RateLimitError,
    TaskFailedError,
    TaskTimeoutError,
)
from ._roles import Result

DEFAULT_WAIT_TIMEOUT: Final = 900.0
_TASK_LIFE: Final = "x-task-life"


@attrs.frozen
class TaskLife:
    """x-task-life: the rank of each status, the final ones, the one that succeeded."""

    rank: dict[str, int]
    final: frozenset[str]
    succeeded: str


@functools.cache
def task_life() -> TaskLife:
    # Found by what it holds, so that the task's schema may be renamed.
    [raw] = [node[_TASK_LIFE] for node in SCHEMAS.values() if _TASK_LIFE in node]
    return TaskLife(dict(raw.get("rank", {})), frozenset(raw["final"]), raw["succeeded"])


def status_of(result: Result) -> str:
    """A task result's status as the string the spec spells (x-task-life), read where
    openapi.yaml puts it: code that reads it so keeps working when a regeneration renames the
    field or its enum."""
    if not isinstance(result, Result):
        got = type(result).__name__
        raise InvalidArgumentError(f"status_of needs a {Result.__name__}, got {got}")
    status: Any = field(result, ROLES["status"])
    return str(getattr(status, "value", status))


@attrs.frozen
class PollSchedule:
    """Poll every `initial` seconds, growing by `factor` up to `maximum`; the server's eta, when
    it gives one, replaces the backoff (still kept within initial..maximum)."""

    initial: float = 2.0
    maximum: float = 15.0
    factor: float = 1.5

    @classmethod
    def fixed(cls, interval: float) -> PollSchedule:
        return cls(initial=interval, maximum=interval, factor=1.0)

    def delay(self, polls: int, eta: int | None) -> float:
        # eta is compared, never converted first: an enormous integer stays exact.
        if eta is not None and eta > 0:
            return float(min(self.maximum, max(self.initial, eta)))
        try:
            backoff = self.initial * self.factor ** min(polls, 1000)
        except OverflowError:
            backoff = math.inf
        return min(self.maximum, backoff)


@attrs.define
class Waiter:
    """The state of one wait: observe() each result or missed() each failed poll, and sleep
    what next_delay() says."""

    task_id: str
    started_at: float
    timeout: float
    schedule: PollSchedule = PollSchedule()
    check_order: bool = False
    polls: int = 0
    last_status: str | None = None
    last_eta: int | None = None
    last_error: str | None = None
    last_failure: PixverseError | None = None
    retry_after: float | None = None

    def observe(self, result: Result, response: httpx.Response) -> None:
        """Record a poll's answer; with check_order, refuse a status that goes back."""
        life = task_life()
        status = status_of(result)
        if self.check_order and self.last_status is not None:
            before, after = life.rank.get(self.last_status), life.rank.get(status)
            back = before is not None and after is not None and after < before
            if back or (self.last_status in life.final and status != self.last_status):
                raise MalformedResponseError(
                    f"task status went from {self.last_status} to {status}, against x-task-life",
                    response=response,
                )
        self.polls += 1
        self.last_status = status
        self.last_error = self.last_failure = self.retry_after = None
        eta = field(result, ROLES["eta"])
        self.last_eta = eta if isinstance(eta, int) and not isinstance(eta, bool) else None

    def verdict(self, result: Result) -> bool:
        """True when the task succeeded; raises TaskFailedError when it ended otherwise."""
        life = task_life()
        status = status_of(result)
        if status in life.final and status != life.succeeded:
            reason = field(result, ROLES["reason"])
            text = reason if isinstance(reason, str) else ""
            raise TaskFailedError(self.task_id, text, result, status)
        return status == life.succeeded

    def missed(self, error: PixverseError) -> None:
        """A poll failed (after its own retries); waiting goes on with the backoff, or after
        the server's Retry-After when it gave one."""
        self.polls += 1
        self.last_eta = None
        self.last_error = str(error)
        self.last_failure = error
        self.retry_after = error.retry_after if isinstance(error, RateLimitError) else None

    def remaining(self, now: float) -> float:
        """Seconds left of the wait; raises TaskTimeoutError when there are none."""
        left = self.started_at + self.timeout - now
        if left <= 0:
            late = TaskTimeoutError(
                self.task_id, self.last_status, now - self.started_at, self.last_error
            )
            late.__cause__ = self.last_failure
            raise late
        return left

    def next_delay(self, now: float) -> float:
        """Seconds to sleep before the next poll; raises TaskTimeoutError when time is up."""
        delay = self.schedule.delay(self.polls - 1, self.last_eta)
        if self.retry_after is not None:
            delay = max(delay, self.retry_after)
        return min(self.remaining(now), delay)
