"""The conformance session is polite (a rate cap, Retry-After) and counts what it spends."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from contract_tests import parameters, spec, strategies
from contract_tests.conformance.session import MAX_RETRY_AFTER, BudgetExhausted, Key, Session
from contract_tests.fake import FakeAPI
from contract_tests.served import serve
from tests.doubles import FakeClock as Clock

KEY = "sk-wire-test"
NO_SUCH_TASK = parameters.unknown_task_id("no-such-task")


@pytest.fixture
def fake() -> FakeAPI:
    return FakeAPI(api_key=KEY)


@pytest.fixture
def url(fake: FakeAPI) -> Iterator[str]:
    with serve(fake) as base_url:
        yield base_url


def session(url: str, clock: Clock, max_rps: float | None = None, max_billable: int = 0) -> Session:
    return Session(
        url, KEY, max_rps=max_rps, max_billable=max_billable, sleep=clock.sleep, clock=clock
    )


def test_requests_are_paced_to_max_rps(url: str) -> None:
    clock = Clock()
    polite = session(url, clock, max_rps=4)
    for _ in range(5):
        polite.result(NO_SUCH_TASK)
    assert polite.sent == 5
    assert clock.sleeps == [0.25] * 4  # no wait before the first; a quarter second after


def test_a_429_is_waited_out_for_its_retry_after_then_retried(url: str, fake: FakeAPI) -> None:
    fake.misbehave("rate_limit", times=2, retry_after=3)
    clock = Clock()
    exchange = session(url, clock).result(NO_SUCH_TASK)
    assert exchange.response is not None and exchange.response.status_code == 404
    assert clock.sleeps == [3.0, 3.0]


def test_a_retry_after_too_long_is_reported_not_waited(url: str, fake: FakeAPI) -> None:
    fake.misbehave("rate_limit", retry_after=int(MAX_RETRY_AFTER) + 1)
    clock = Clock()
    exchange = session(url, clock).result(NO_SUCH_TASK)
    assert exchange.response is not None and exchange.response.status_code == 429
    assert clock.sleeps == []


def test_accepted_creates_are_counted_and_stop_at_the_budget(url: str) -> None:
    clock = Clock()
    budgeted = session(url, clock, max_billable=1)
    body = strategies.minimal_request()
    assert budgeted.create(body, may_be_accepted=True).response is not None
    assert budgeted.billable_sent == 1
    with pytest.raises(BudgetExhausted):
        budgeted.create(body, may_be_accepted=True)
    assert budgeted.sent == 1


def test_the_curl_line_reproduces_the_request_with_the_key_redacted(url: str) -> None:
    exchange = session(url, Clock()).create(b"{", may_be_accepted=False)
    assert KEY not in repr(exchange)
    line = exchange.curl()
    assert line.startswith("curl -sS -X POST ")
    assert KEY not in line
    shown = Key.of(spec.key_presentation("post", spec.CREATE_PATH), KEY).shown
    for name, value in shown.headers.items():  # the key where the spec presents it, redacted
        assert f"{name}: {value}" in line
    for name, value in shown.params.items():
        assert f"{name}={value}" in line
    assert "--data-binary '{'" in line
