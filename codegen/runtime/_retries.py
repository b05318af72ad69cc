"""When to send a request again, and after how long. Sans-IO: no clock, no sleeping here.

The rule that matters: a create call starts a paid task, so it is retried only when no task can
have started, that is on a 429 or when the connection was never made. A 5xx or a timeout after
the request went out may mean the task exists; retrying would pay twice, so by default the
error is raised instead (`retry_create_on_server_error`, `retry_create_on_timeout` opt in).
Task-result calls and downloads are free and are retried on 429, 5xx and transport errors.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Final, Literal

import attrs
import httpx

from ._exceptions import InvalidArgumentError

Operation = Literal["create", "result", "download"]
CREATE: Final = "create"
RESULT: Final = "result"
DOWNLOAD: Final = "download"

# Transport errors worth another try; anything else (a bad URL, say) would fail the same way.
RETRYABLE_ERRORS: Final = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)


class UnsentTimeout(httpx.TimeoutException):
    """The call's deadline came before the whole request was written: no task can have
    started."""


# Errors raised before the whole request reached the server: no task can have started. A
# proxy that refused the tunnel, a URL scheme httpx cannot speak and a header h11 refuses to
# write all fail before the request is on the wire.
NEVER_SENT_ERRORS: Final = (
    UnsentTimeout,
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.ProxyError,
    httpx.UnsupportedProtocol,
    httpx.LocalProtocolError,
)


def never_sent(error: Exception) -> bool:
    return isinstance(error, NEVER_SENT_ERRORS)


@attrs.frozen
class RetryPolicy:
    """How often and how long to retry; see the module docstring for what is retried."""

    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    jitter: float = 0.25  # the delay is shortened by up to this fraction, at random
    max_retry_after: float = 60.0  # a longer Retry-After is not waited for: the 429 is raised
    retry_create_on_server_error: bool = False
    retry_create_on_timeout: bool = False

    def __attrs_post_init__(self) -> None:
        _check_policy(self)

    def should_retry(
        self,
        operation: Operation,
        attempt: int,
        *,
        status: int | None = None,
        error: Exception | None = None,
        retry_after: float | None = None,
    ) -> bool:
        """Whether to send again after `attempt` retries (0 for the first answer)."""
        if attempt >= self.max_retries:
            return False
        if error is not None:
            if not isinstance(error, RETRYABLE_ERRORS):
                return False
            return operation != CREATE or never_sent(error) or self.retry_create_on_timeout
        if status == 429:
            # Honoured or not at all: retrying sooner than the server asked would be refused.
            return retry_after is None or retry_after <= self.max_retry_after
        if status is not None and status >= 500:
            return operation != CREATE or self.retry_create_on_server_error
        return False

    def delay(self, attempt: int, retry_after: float | None, random: Callable[[], float]) -> float:
        """Seconds to wait before retry number `attempt` + 1: Retry-After, else capped backoff."""
        if retry_after is not None and 0 <= retry_after <= self.max_retry_after:
            return retry_after
        backoff = min(self.max_delay, self.initial_delay * 2.0**attempt)
        return backoff * (1.0 - self.jitter * random())


def _check_policy(policy: RetryPolicy) -> None:
    """A policy whose numbers could not be slept on or compared is refused when it is made."""
    count = policy.max_retries
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise InvalidArgumentError(f"max_retries must be an integer of at least 0, got {count!r}")
    for name in ("initial_delay", "max_delay", "max_retry_after"):
        value = getattr(policy, name)
        if not _seconds(value):
            raise InvalidArgumentError(
                f"{name} must be a number of seconds from 0 to {_MAX_SECONDS:.0f}, got {value!r}"
            )
    jitter = policy.jitter
    if not _seconds(jitter) or jitter > 1:
        raise InvalidArgumentError(f"jitter must be a number from 0 to 1, got {jitter!r}")
    for name in ("retry_create_on_server_error", "retry_create_on_timeout"):
        if not isinstance(getattr(policy, name), bool):
            raise InvalidArgumentError(f"{name} must be True or False")


_MAX_SECONDS: Final = 10_000_000.0


def _seconds(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return math.isfinite(value) and 0 <= value <= _MAX_SECONDS
    except OverflowError:
        return False
