# Copied from codegen/runtime/_polling.py by `make generate`: edit it there, not here.
"""Waiting for a task to finish. Sans-IO: it is told the time and says how long to sleep.

The statuses come from the spec's `x-task-life` on Task (which are final, which succeeded),
so nothing here names a status.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Final

import attrs
import httpx

from ._contract import SCHEMAS
from ._exceptions import MalformedResponseError, TaskFailedError, TaskTimeoutError
from .models.task_result import TaskResult
from .types import Unset

DEFAULT_WAIT_TIMEOUT: Final = 900.0


@attrs.frozen
class TaskLife:
    """x-task-life of Task: the rank of each status, the final ones, success and failure."""

    rank: dict[str, int]
    final: frozenset[str]
    succeeded: str
    failed: str


@functools.cache
def task_life() -> TaskLife:
    raw = SCHEMAS["Task"]["x-task-life"]
    return TaskLife(dict(raw["rank"]), frozenset(raw["final"]), raw["succeeded"], raw["failed"])


@attrs.frozen
class PollSchedule:
    """Poll every `initial` seconds, growing by `factor` up to `maximum`; the server's eta, when
    it gives one, replaces the backoff (still kept within initial..maximum)."""

    initial: float = 2.0
    maximum: float = 15.0
    factor: float = 1.5

    @classmethod
    def fixed(cls, interval: float) -> PollSchedule:
        if not interval > 0:
            raise ValueError(f"poll_interval must be more than 0 seconds, got {interval!r}")
        return cls(initial=interval, maximum=interval, factor=1.0)

    def delay(self, polls: int, eta: int | None) -> float:
        if eta is not None and eta > 0:
            return min(self.maximum, max(self.initial, float(eta)))
        return min(self.maximum, self.initial * self.factor**polls)


@attrs.define
class Waiter:
    """The state of one wait: call observe() with each result, sleep what next_delay() says."""

    task_id: str
    started_at: float
    timeout: float
    schedule: PollSchedule = PollSchedule()
    on_progress: Callable[[TaskResult], None] | None = None
    check_order: bool = False
    polls: int = 0
    last_status: str | None = None
    last_eta: int | None = None

    def observe(self, result: TaskResult, response: httpx.Response) -> bool:
        """True when the task succeeded; raises TaskFailedError when it failed."""
        life = task_life()
        status = str(result.task.status)
        if self.check_order and self.last_status is not None:
            before, after = life.rank[self.last_status], life.rank[status]
            if after < before or (self.last_status in life.final and status != self.last_status):
                raise MalformedResponseError(
                    f"task status went from {self.last_status} to {status}, against x-task-life",
                    response=response,
                )
        self.polls += 1
        self.last_status = status
        eta = result.task.eta
        self.last_eta = None if isinstance(eta, Unset) else eta
        if self.on_progress is not None:
            self.on_progress(result)
        if status == life.failed:
            reason = result.task.reason
            raise TaskFailedError(self.task_id, "" if isinstance(reason, Unset) else reason, result)
        return status == life.succeeded

    def missed(self) -> None:
        """A poll failed (after its own retries); waiting goes on with the backoff."""
        self.polls += 1
        self.last_eta = None

    def remaining(self, now: float) -> float:
        """Seconds left of the wait; raises TaskTimeoutError when there are none."""
        left = self.started_at + self.timeout - now
        if left <= 0:
            raise TaskTimeoutError(self.task_id, self.last_status, now - self.started_at)
        return left

    def next_delay(self, now: float) -> float:
        """Seconds to sleep before the next poll; raises TaskTimeoutError when time is up."""
        return min(self.remaining(now), self.schedule.delay(self.polls - 1, self.last_eta))
