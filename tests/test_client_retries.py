"""Retries that never pay twice: task-result GETs are retried on 429, 5xx and transport errors;
the create POST only when no task can have started (429, or the connection was never made)."""

from __future__ import annotations

import email.utils

import httpx
import pytest
from pixverse_c1_client import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RetryPolicy,
)
from pixverse_c1_client._exceptions import parse_retry_after

from contract_tests import spec
from tests.doubles import (
    KEY,
    TASK_ID,
    FakeClock,
    Script,
    created,
    error,
    ok,
    sync_client,
    task_body,
    task_id_of,
    valid_request,
)

DONE = task_body(spec.task_life().succeeded)


def _connect_error() -> Exception:
    return httpx.ConnectError("connection refused")


def _read_timeout() -> Exception:
    return httpx.ReadTimeout("read timed out")


@pytest.mark.parametrize(
    "failure",
    [
        lambda: error(429),
        lambda: error(500),
        lambda: error(503),
        _connect_error,
        _read_timeout,
        lambda: httpx.RemoteProtocolError("server hung up"),
    ],
    ids=["429", "500", "503", "connect-error", "read-timeout", "protocol-error"],
)
def test_a_result_poll_is_retried_then_succeeds(failure: object) -> None:
    assert callable(failure)
    script = Script([failure(), failure(), ok(DONE)])
    clock = FakeClock()
    found = sync_client(script, clock, max_retries=2).get_task_result(TASK_ID)
    assert task_id_of(found) == TASK_ID
    assert len(script.requests) == 3
    assert len(clock.sleeps) == 2


def test_retry_after_is_honoured() -> None:
    limited = httpx.Response(429, headers={"Retry-After": "3"}, json={})
    clock = FakeClock()
    sync_client(Script([limited, ok(DONE)]), clock).get_task_result(TASK_ID)
    assert clock.sleeps == [3.0]


@pytest.mark.parametrize(
    ("answers", "kind"),
    [
        ([error(429)], RateLimitError),
        ([error(502)], InternalServerError),
        ([httpx.ConnectError("refused")], APIConnectionError),
        ([httpx.ReadTimeout("slow")], APITimeoutError),
    ],
    ids=["429", "502", "connect-error", "read-timeout"],
)
@pytest.mark.parametrize("max_retries", [0, 1, 3])
def test_max_retries_bounds_the_attempts(
    answers: list[object], kind: type[Exception], max_retries: int
) -> None:
    script = Script(answers)  # type: ignore[arg-type]
    with pytest.raises(kind):
        sync_client(script, max_retries=max_retries).get_task_result(TASK_ID)
    assert len(script.requests) == 1 + max_retries


@pytest.mark.parametrize(
    "failure",
    [lambda: error(429), _connect_error, lambda: httpx.ConnectTimeout("no connection")],
    ids=["429", "connect-error", "connect-timeout"],
)
def test_a_create_is_retried_when_no_task_can_have_started(failure: object) -> None:
    assert callable(failure)
    script = Script([failure(), created()])
    assert sync_client(script).create_task(valid_request()) == TASK_ID
    assert len(script.requests) == 2


@pytest.mark.parametrize(
    ("failure", "kind"),
    [
        (error(500), InternalServerError),
        (error(503), InternalServerError),
        (httpx.ReadTimeout("slow"), APITimeoutError),
        (httpx.WriteTimeout("slow"), APITimeoutError),
        (httpx.RemoteProtocolError("hung up"), APIConnectionError),
        (httpx.ReadError("reset"), APIConnectionError),
    ],
    ids=["500", "503", "read-timeout", "write-timeout", "protocol-error", "read-error"],
)
def test_a_create_that_may_have_started_a_task_is_not_retried(
    failure: httpx.Response | Exception, kind: type[Exception]
) -> None:
    script = Script([failure, created()])
    with pytest.raises(kind) as caught:
        sync_client(script, max_retries=5).create_task(valid_request())
    assert len(script.requests) == 1
    assert "a task may have started and be billed" in str(caught.value)
    if isinstance(caught.value, APIConnectionError):
        assert caught.value.maybe_sent


@pytest.mark.parametrize(
    ("policy", "failure"),
    [
        (RetryPolicy(retry_create_on_server_error=True), error(500)),
        (RetryPolicy(retry_create_on_timeout=True), httpx.ReadTimeout("slow")),
    ],
    ids=["server-error", "timeout"],
)
def test_create_retries_on_maybe_started_are_opt_in(
    policy: RetryPolicy, failure: httpx.Response | Exception
) -> None:
    script = Script([failure, created()])
    assert sync_client(script, retry_policy=policy).create_task(valid_request()) == TASK_ID
    assert len(script.requests) == 2


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, APIStatusError),
    ],
)
@pytest.mark.parametrize("call", ["create_task", "get_task_result"])
def test_client_errors_are_never_retried(status: int, kind: type[Exception], call: str) -> None:
    script = Script([error(status), created(), ok(DONE)])
    client = sync_client(script, max_retries=5)
    with pytest.raises(kind):
        getattr(client, call)(valid_request() if call == "create_task" else TASK_ID)
    assert len(script.requests) == 1


def test_backoff_grows_exponentially_and_is_capped() -> None:
    policy = RetryPolicy(initial_delay=0.5, max_delay=4.0, jitter=0.0)
    delays = [policy.delay(attempt, None, lambda: 0.0) for attempt in range(6)]
    assert delays == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]


def test_jitter_only_shortens_the_delay_by_its_fraction() -> None:
    policy = RetryPolicy(initial_delay=1.0, max_delay=8.0, jitter=0.25)
    assert policy.delay(1, None, lambda: 0.0) == 2.0
    assert policy.delay(1, None, lambda: 1.0) == 1.5


def test_a_retry_after_longer_than_the_cap_is_raised_not_retried_early() -> None:
    limited = httpx.Response(429, headers={"Retry-After": "3600"}, json={})
    clock = FakeClock()
    script = Script([limited, ok(DONE)])
    client = sync_client(script, clock, retry_policy=RetryPolicy(max_retry_after=60))
    with pytest.raises(RateLimitError) as caught:
        client.get_task_result(TASK_ID)
    assert caught.value.retry_after == 3600.0
    assert len(script.requests) == 1 and clock.sleeps == []


def test_a_body_that_cannot_be_decoded_is_a_typed_error_that_says_a_task_may_exist() -> None:
    def broken_gzip(request: httpx.Request) -> httpx.Response:
        headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
        return httpx.Response(200, headers=headers, content=b"not gzip at all")

    script = Script([broken_gzip])
    with pytest.raises(APIConnectionError) as caught:
        sync_client(script).create_task(valid_request())
    assert caught.value.maybe_sent
    assert "task may have started" in str(caught.value)
    assert len(script.requests) == 1  # a create is not sent twice


def test_retries_are_logged_without_headers(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("DEBUG", logger="pixverse_c1_client")
    sync_client(Script([error(503), ok(DONE)])).get_task_result(TASK_ID)
    assert "status 503, retry 1 of 2" in caplog.text
    presentation = spec.key_presentation("get", spec.RESULT_PATH)
    assert presentation is None or presentation.name not in caplog.text
    assert KEY not in caplog.text


def test_retry_after_as_an_http_date_is_read_as_the_seconds_until_then() -> None:
    now = 1_800_000_000.0
    later = email.utils.formatdate(now + 42, usegmt=True)
    assert parse_retry_after(httpx.Headers({"Retry-After": later}), now=now) == 42.0
    earlier = email.utils.formatdate(now - 5, usegmt=True)
    assert parse_retry_after(httpx.Headers({"Retry-After": earlier}), now=now) == 0.0
    assert parse_retry_after(httpx.Headers({"Retry-After": "soon"}), now=now) is None
