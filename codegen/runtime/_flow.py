"""What one client call does, written once for the sync and the async client.

Each flow is a generator that yields what it needs done (`Send` a request, `Sleep`) and is sent
back the outcome (an httpx.Response, an httpx.RequestError, or None after a sleep); sdk.py's
two small drivers do the I/O. So retries, waiting and parsing have one implementation.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator, Mapping
from typing import Any, Final, TypeVar

import attrs
import httpx

from ._contract import SCHEMAS
from ._exceptions import (
    APIConnectionError,
    APITimeoutError,
    InternalServerError,
    MalformedResponseError,
    PixverseError,
    RateLimitError,
    parse_retry_after,
    status_error,
)
from ._polling import Waiter
from ._retries import CREATE, RESULT, Operation, RetryPolicy, never_sent
from ._validation import check_schema
from .models.create_task_response import CreateTaskResponse
from .models.task_result import TaskResult

logger: Final = logging.getLogger("pixverse_c1_client")
T = TypeVar("T")
_MAYBE_STARTED: Final = (
    ". The request reached the server, so a task may have started and be billed; it was not "
    "retried so as not to pay twice (see RetryPolicy)."
)


@attrs.frozen
class Send:
    """Send `http.request(**kwargs)`; the flow gets the response or the RequestError back."""

    kwargs: dict[str, Any]


@attrs.frozen
class Sleep:
    seconds: float


Action = Send | Sleep
# A RequestError, not only a TransportError: a body that cannot be decoded (DecodingError) comes
# after the request was sent, and must become a typed error too.
Outcome = httpx.Response | httpx.RequestError | None
Flow = Generator[Action, Outcome, T]


def call(
    operation: Operation,
    kwargs: dict[str, Any],
    policy: RetryPolicy,
    random: Callable[[], float],
    remaining: Callable[[], float] | None = None,
) -> Flow[httpx.Response]:
    """Send until a 2xx comes back, retrying as `policy` allows; raise the error otherwise.

    `remaining`, when given, is the time left to a caller's deadline: a retry that would start
    after it is not made.
    """
    attempt = 0
    while True:
        outcome = yield Send(kwargs)
        failure: PixverseError
        if isinstance(outcome, httpx.Response):
            if outcome.is_success:
                return outcome
            retry_after = parse_retry_after(outcome.headers)
            status = outcome.status_code
            retry = policy.should_retry(operation, attempt, status=status, retry_after=retry_after)
            maybe_started = operation == CREATE and status >= 500
            failure = status_error(outcome, _MAYBE_STARTED if maybe_started else "")
            delay = policy.delay(attempt, retry_after, random)
            why = f"status {status}"
        else:
            assert isinstance(outcome, httpx.RequestError)
            retry = policy.should_retry(operation, attempt, error=outcome)
            failure = _connection_error(operation, outcome)
            failure.__cause__ = outcome
            delay = policy.delay(attempt, None, random)
            why = type(outcome).__name__
        if not retry or (remaining is not None and delay >= remaining()):
            raise failure
        attempt += 1
        logger.info(
            "%s %s: %s, retry %d of %d in %.2f s",
            kwargs["method"].upper(),
            kwargs["url"],
            why,
            attempt,
            policy.max_retries,
            delay,
        )
        yield Sleep(delay)


def _connection_error(operation: Operation, error: httpx.RequestError) -> APIConnectionError:
    maybe_sent = not never_sent(error)
    kind = APITimeoutError if isinstance(error, httpx.TimeoutException) else APIConnectionError
    text = f"{type(error).__name__} while calling the API: {error}"
    if operation == CREATE and maybe_sent:
        text += _MAYBE_STARTED.replace("reached", "may have reached")
    try:
        request: httpx.Request | None = error.request
    except RuntimeError:
        request = None
    return kind(text, request=request, maybe_sent=maybe_sent)


def _json(response: httpx.Response, schema: str) -> Any:
    try:
        data = response.json()
    except ValueError:
        raise MalformedResponseError("the body is not JSON", response=response) from None
    broken = check_schema(data, schema)
    if broken:
        problem = "; ".join(str(v) for v in broken)
        raise MalformedResponseError(f"{schema}: {problem}", response=response)
    return data


def create(kwargs: dict[str, Any], policy: RetryPolicy, random: Callable[[], float]) -> Flow[str]:
    """Submit a task; the task_id."""
    response = yield from call(CREATE, kwargs, policy, random)
    return CreateTaskResponse.from_dict(_json(response, "CreateTaskResponse")).task_id


def result(
    task_id: str,
    kwargs: dict[str, Any],
    policy: RetryPolicy,
    random: Callable[[], float],
    remaining: Callable[[], float] | None = None,
) -> Flow[tuple[TaskResult, httpx.Response]]:
    """Fetch a task's state once, checked against the spec."""
    response = yield from call(RESULT, kwargs, policy, random, remaining)
    data = _json(response, "TaskResult")
    found = TaskResult.from_dict(data)
    if found.task.task_id != task_id:
        raise MalformedResponseError(
            f"asked for task {task_id!r}, got task {found.task.task_id!r}", response=response
        )
    broken = required_when(data)
    if broken:
        raise MalformedResponseError("; ".join(broken), response=response)
    return found, response


def wait(
    waiter: Waiter,
    kwargs: dict[str, Any],
    policy: RetryPolicy,
    random: Callable[[], float],
    clock: Callable[[], float],
) -> Flow[TaskResult]:
    """Poll until the task succeeds (its result), fails (TaskFailedError) or time runs out
    (TaskTimeoutError). Polls that keep failing with 429, 5xx or a broken connection after
    their retries do not end the wait: the task is paid for, so it is waited for. No poll,
    retry or request timeout reaches past the wait's deadline."""

    def remaining() -> float:
        return waiter.remaining(clock())

    while True:
        poll = {**kwargs, "timeout": _at_most(kwargs["timeout"], remaining())}
        try:
            found, response = yield from result(waiter.task_id, poll, policy, random, remaining)
        except (RateLimitError, InternalServerError, APIConnectionError) as error:
            logger.warning("task %s: poll failed (%s); still waiting", waiter.task_id, error)
            waiter.missed()
        else:
            if waiter.observe(found, response):
                return found
            logger.debug("task %s: %s", waiter.task_id, waiter.last_status)
        yield Sleep(waiter.next_delay(clock()))


def _at_most(timeout: httpx.Timeout, seconds: float) -> httpx.Timeout:
    """`timeout`, with no part longer than `seconds`."""

    def cap(part: float | None) -> float:
        return seconds if part is None else min(part, seconds)

    return httpx.Timeout(
        connect=cap(timeout.connect),
        read=cap(timeout.read),
        write=cap(timeout.write),
        pool=cap(timeout.pool),
    )


def required_when(data: Mapping[str, Any]) -> list[str]:
    """The x-required-when rules of TaskResult that `data` breaks, by description."""
    broken = []
    for rule in SCHEMAS["TaskResult"].get("x-required-when", []):
        if _at(data, rule["when"]["path"]) != rule["when"]["equals"]:
            continue
        value = _at(data, rule["require"]["path"])
        if not isinstance(value, list) or len(value) < rule["require"].get("min-items", 0):
            broken.append(f"x-required-when: {rule['description']}")
    return broken


def _at(document: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        if not isinstance(document, Mapping):
            return None
        document = document.get(part)
    return document
