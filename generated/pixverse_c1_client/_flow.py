# Copied from codegen/runtime/_flow.py by `make generate`: edit it there, not here.
"""What one client call does, written once for the sync and the async client.

Each flow is a generator that yields what it needs done (`Send` a request, `Sleep`, `Report`
progress) and is sent back the reply (an httpx.Response, the exception the I/O raised, or None);
_sdk.py's two small drivers do the I/O. So retries, waiting and parsing have one implementation.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any, Final, TypeVar

import attrs
import httpx

from ._answers import (
    Reading,
    Unreadable,
    at,
    conform,
    dotted,
    field,
    load_json,
    read,
    required_when,
    required_when_rules,
    unset_holes,
)
from ._contract import ROLES, SCHEMAS
from ._exceptions import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ClientStateError,
    InvalidArgumentError,
    MalformedResponseError,
    NotFoundError,
    PermissionDeniedError,
    PixverseError,
    ProgressCallbackError,
    parse_retry_after,
    status_error,
)
from ._polling import Waiter
from ._redact import ScrubFilter, frameless, scrub_value
from ._retries import CREATE, Operation, RetryPolicy, never_sent
from ._roles import Created, ErrorBody, Result

logger: Final = logging.getLogger("pixverse_c1_client")
# httpx logs each request's URL, which holds the task_id a server may have put the key into;
# httpcore logs each answer's headers, where a server may echo it. A logger's filter sees only
# the records logged on that logger, not those its children pass up: each logger gets one.
_SCRUBBED: Final = (
    "pixverse_c1_client", "httpx", "httpcore", "httpcore.connection", "httpcore.http11",
    "httpcore.http2", "httpcore.proxy", "httpcore.socks",
)  # fmt: skip


def scrub_logs() -> None:
    """Put a ScrubFilter on each logger that may log what a server said (again for any
    httpcore logger made since)."""
    names = set(_SCRUBBED) | {
        name for name in list(logging.root.manager.loggerDict) if name.startswith("httpcore.")
    }
    for name in names:
        found = logging.getLogger(name)
        if not any(isinstance(f, ScrubFilter) for f in found.filters):
            found.addFilter(ScrubFilter())


scrub_logs()
T = TypeVar("T")
_MAYBE_STARTED: Final = (
    ". The request reached the server, so a task may have started and be billed; it was not "
    "retried so as not to pay twice (see RetryPolicy)."
)
# Answers to a poll that no later poll can change: the wait ends on them. Any other failed
# poll (429, 5xx, 408, 409, an unreadable body, no answer) is a missed poll: the task is paid
# for, so the wait goes on until its deadline.
ENDS_WAIT: Final = (
    BadRequestError,
    AuthenticationError,
    PermissionDeniedError,
    NotFoundError,
    ClientStateError,
    InvalidArgumentError,
    ProgressCallbackError,
)


@attrs.frozen
class Sink:
    """Stream the answer's body into `path` (at most `max_bytes`), telling `on_chunk` the bytes
    written so far and the expected total, if known."""

    path: Path
    max_bytes: int
    on_chunk: Callable[[int, int | None], object] | None


@attrs.frozen
class Send:
    """Send `http.request(**kwargs)`; the whole answer must be in by `deadline` (on the
    client's clock). The flow gets the read response, or the exception, back."""

    kwargs: dict[str, Any]
    deadline: float | None
    sink: Sink | None = None


@attrs.frozen
class Sleep:
    seconds: float


@attrs.frozen
class Report:
    """Call `callback(value)` (awaiting it, in the async client); the flow gets back None, or
    the exception it raised."""

    callback: Callable[[Any], object]
    value: Any


Action = Send | Sleep | Report
Reply = httpx.Response | BaseException | None
Flow = Generator[Action, Reply, T]
# A call's value and the answer it came from (the raw answer of with_raw_response).
Answered = tuple[T, httpx.Response]


@attrs.frozen
class Budget:
    """Time for one call: the call ends by `deadline`, each attempt within `per_attempt`."""

    clock: Callable[[], float]
    deadline: float | None
    per_attempt: float | None

    def attempt_deadline(self) -> float | None:
        if self.per_attempt is None:
            return self.deadline
        own = self.clock() + self.per_attempt
        return own if self.deadline is None else min(own, self.deadline)

    def remaining(self) -> float:
        return float("inf") if self.deadline is None else self.deadline - self.clock()


def call(
    operation: Operation,
    kwargs: dict[str, Any],
    policy: RetryPolicy,
    random: Callable[[], float],
    budget: Budget,
    sink: Sink | None = None,
) -> Flow[httpx.Response]:
    """Send until a 2xx comes back, retrying as `policy` allows; raise the error otherwise.
    A retry that would start after the budget's deadline is not made."""
    attempt = 0
    while True:
        deadline = budget.attempt_deadline()
        send = kwargs if deadline is None else _capped(kwargs, deadline - budget.clock())
        reply = yield Send(send, deadline, sink)
        failure: PixverseError
        if isinstance(reply, httpx.Response):
            if reply.is_success:
                return reply
            retry_after = parse_retry_after(reply.headers)
            status = reply.status_code
            retry = policy.should_retry(operation, attempt, status=status, retry_after=retry_after)
            maybe_started = operation == CREATE and status >= 500
            note = _MAYBE_STARTED if maybe_started else ""
            failure = status_error(reply, note, error_body(reply))
            delay = policy.delay(attempt, retry_after, random)
            why = f"status {status}"
        elif isinstance(reply, httpx.RequestError):
            retry = policy.should_retry(operation, attempt, error=reply)
            failure = _connection_error(operation, reply)
            failure.__cause__ = frameless(reply)
            delay = policy.delay(attempt, None, random)
            why = type(reply).__name__
        elif isinstance(reply, PixverseError):
            if operation == CREATE and _maybe_sent(reply):
                reply.add_note(_MAYBE_STARTED.removeprefix(". "))
            raise reply
        else:
            assert isinstance(reply, BaseException)
            failure = APIConnectionError(
                f"{type(reply).__name__} while calling the API: {reply}", request=None,
                maybe_sent=True,
            )  # fmt: skip
            failure.__cause__ = frameless(reply)
            raise failure
        if not retry or delay >= budget.remaining():
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


def _maybe_sent(error: PixverseError) -> bool:
    """Whether the request of a failed exchange may have reached the server."""
    if isinstance(error, InvalidArgumentError | ClientStateError):
        return False  # refused or unsendable before anything was sent
    return not isinstance(error, APIConnectionError) or error.maybe_sent


def _capped(kwargs: dict[str, Any], seconds: float) -> dict[str, Any]:
    """`kwargs` whose timeout has no part longer than `seconds`."""
    timeout: httpx.Timeout = kwargs["timeout"]
    parts = (timeout.connect, timeout.read, timeout.write, timeout.pool)
    if None not in parts and seconds >= max(p for p in parts if p is not None) - 0.01:
        return kwargs  # no part reaches past the deadline (a call's first attempt)
    seconds = max(seconds, 0.001)

    def cap(part: float | None) -> float:
        return seconds if part is None else min(part, seconds)

    capped = httpx.Timeout(
        connect=cap(timeout.connect),
        read=cap(timeout.read),
        write=cap(timeout.write),
        pool=cap(timeout.pool),
    )
    return {**kwargs, "timeout": capped}


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


def error_body(response: httpx.Response) -> Any:
    """An error answer's body: the contract's Error when it reads as one, else the JSON, else
    the text. Scrubbed of keys before it is parsed."""
    try:
        data = scrub_value(load_json(response))
    except Unreadable:
        return response.text
    if ErrorBody is None:  # the spec gives error answers no model
        return data
    try:
        return ErrorBody.from_dict(conform(data, SCHEMAS[ROLES["error"]]))
    except Exception:
        return data


def _malformed(response: httpx.Response, problem: str) -> MalformedResponseError:
    return MalformedResponseError(problem, response=response)


# What the client acts on in each answer, read strictly. Any other required field that is
# missing or malformed is UNSET in the model (see _answers): a paid task is never lost to a
# field added to the spec, or to a server behind it.
# The fields are the spec's (_contract.ROLES): the task_id; the task's id and status, and each
# output's URL.
CREATE_NEEDS: Final = (dotted(ROLES["create_task_id"]),)
RESULT_NEEDS: Final = (
    dotted(ROLES["task_id"]),
    dotted(ROLES["status"]),
    f"{dotted(ROLES['outputs'])}[].{ROLES['output_url']}",
)


# The x-required-when rules the client acts on: those that promise a succeeded task's outputs.
_ACTED_ON: Final = (dotted(ROLES["outputs"]),)


def _needs(schema: str, needs: tuple[str, ...]) -> Reading:
    """A reading of `schema` that needs `needs` and what its x-required-when rules that the
    client acts on look at."""
    rules = required_when_rules(schema, _ACTED_ON)
    return Reading((*needs, *(r[part]["path"] for r in rules for part in ("when", "require"))))


def _model(
    from_dict: Callable[[Any], T], data: Any, reading: Reading, response: httpx.Response
) -> T:
    """The generated model of conformed `data`, its holes UNSET (and logged)."""
    if reading.holes:  # said before the model is built, which a model may refuse
        logger.warning(
            "%s %s: the answer's required %s missing or malformed; the client does not act on "
            "it, and leaves it UNSET",
            response.request.method,
            response.request.url.path,
            ", ".join(".".join(str(step) for step in hole) for hole in reading.holes),
        )
    found = from_dict(data)
    if reading.holes:
        unset_holes(found, reading.holes)
    return found


def create(
    kwargs: dict[str, Any], policy: RetryPolicy, random: Callable[[], float], budget: Budget
) -> Flow[Answered[str]]:
    """Submit a task; the task_id."""
    response = yield from call(CREATE, kwargs, policy, random, budget)
    reading = _needs(ROLES["created"], CREATE_NEEDS)
    try:
        data = read(response, ROLES["created"], reading)
    except Unreadable as unreadable:
        error = _malformed(response, str(unreadable))
    except Exception as other:
        error = _malformed(response, f"cannot be read: {type(other).__name__}: {other}")
    else:
        try:
            model = _model(Created.from_dict, data, reading, response)
            task_id = field(model, ROLES["create_task_id"])
        except Exception:  # the model cannot be built: the task_id, read above, is enough
            task_id = at(data, CREATE_NEEDS[0])
        if task_id:
            return task_id, response
        error = _malformed(response, f"{dotted(ROLES['create_task_id'])} is empty")
    error.add_note(_MAYBE_STARTED.removeprefix(". ").replace("reached", "was accepted by"))
    raise error


def read_result(task_id: str, response: httpx.Response) -> Result:
    """The task's state, if the answer says what the client needs to act on."""
    try:
        reading = _needs(ROLES["result"], RESULT_NEEDS)
        data = read(response, ROLES["result"], reading)
        broken = required_when(data, ROLES["result"], _ACTED_ON)
        if broken:
            raise _malformed(response, "; ".join([*broken, *reading.dropped]))
        found = _model(Result.from_dict, data, reading, response)
    except Unreadable as unreadable:
        raise _malformed(response, str(unreadable)) from None
    except MalformedResponseError:
        raise
    except Exception as other:
        raise _malformed(response, f"cannot be read: {type(other).__name__}: {other}") from None
    given = field(found, ROLES["task_id"])
    if given != task_id:
        raise _malformed(response, f"asked for task {task_id!r}, got task {given!r}")
    return found


def result(
    task_id: str,
    kwargs: dict[str, Any],
    policy: RetryPolicy,
    random: Callable[[], float],
    budget: Budget,
) -> Flow[Answered[Result]]:
    """Fetch a task's state once."""
    response = yield from call("result", kwargs, policy, random, budget)
    return read_result(task_id, response), response


def wait(
    waiter: Waiter,
    kwargs: dict[str, Any],
    policy: RetryPolicy,
    random: Callable[[], float],
    clock: Callable[[], float],
    per_attempt: float | None,
    on_progress: Callable[[Result], object] | None,
) -> Flow[Answered[Result]]:
    """Poll until the task succeeds (its result), ends otherwise (TaskFailedError) or time runs
    out (TaskTimeoutError). A poll that fails, or whose answer cannot be read, does not end the
    wait: the task is paid for, so it is waited for. No poll, retry or request reaches past
    the wait's deadline. Every error raised carries the task_id."""
    budget = Budget(clock, waiter.started_at + waiter.timeout, per_attempt)
    try:
        while True:
            waiter.remaining(clock())
            try:
                found, response = yield from result(waiter.task_id, kwargs, policy, random, budget)
            except ENDS_WAIT:
                raise
            except PixverseError as error:
                logger.warning("task %s: poll failed (%s); still waiting", waiter.task_id, error)
                waiter.missed(error)
            else:
                waiter.observe(found, response)
                if on_progress is not None:
                    failed = yield Report(on_progress, found)
                    if isinstance(failed, BaseException):
                        raise ProgressCallbackError(
                            f"on_progress raised {type(failed).__name__}: {failed}"
                        ) from failed
                if waiter.verdict(found):
                    return found, response
                logger.debug("task %s: %s", waiter.task_id, waiter.last_status)
            yield Sleep(waiter.next_delay(clock()))
    except PixverseError as error:
        if error.task_id is None:
            error.task_id = waiter.task_id
        raise


def download(
    url: str,
    kwargs: dict[str, Any],
    policy: RetryPolicy,
    random: Callable[[], float],
    budget: Budget,
    sink: Sink,
) -> Flow[Answered[Path]]:
    """Stream a video into sink.path; the path."""
    response = yield from call("download", {**kwargs, "url": url}, policy, random, budget, sink)
    return sink.path, response
