"""Waiting for the result, sync and async, against a scripted task life and a fake clock: no
test sleeps. Success returns the videos, failure raises with the reason, the overall timeout
raises with the task_id, the server's eta sets the interval, progress is reported."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from pixverse_c1_client import (
    PollSchedule,
    TaskFailedError,
    TaskTimeoutError,
    status_of,
)
from pixverse_c1_client._roles import Result

from contract_tests import spec
from tests.doubles import (
    FIELDS,
    TASK_ID,
    VIDEO_URL,
    FakeClock,
    Script,
    async_client,
    error,
    life_to,
    ok,
    output_url,
    outputs_of,
    statuses,
    sync_client,
    task_body,
    task_life_script,
    valid_request,
)

LIFE = spec.task_life()


def _run(mode: str, script: Script, clock: FakeClock, method: str, *args: Any, **kw: Any) -> Any:
    """Call `method` on the sync client, or on the async one inside asyncio.run."""
    if mode == "sync":
        return getattr(sync_client(script, clock), method)(*args, **kw)

    async def go() -> Any:
        async with async_client(script, clock) as client:
            return await getattr(client, method)(*args, **kw)

    return asyncio.run(go())


MODES = pytest.mark.parametrize("mode", ["sync", "async"])


@MODES
def test_generate_submits_waits_and_returns_the_videos(mode: str) -> None:
    script, clock = task_life_script(life_to(LIFE.succeeded)), FakeClock()
    seen: list[str] = []
    found = _run(
        mode, script, clock, "generate", valid_request(),
        on_progress=lambda r: seen.append(status_of(r)),
    )  # fmt: skip
    assert isinstance(found, Result)
    assert outputs_of(found)
    assert output_url(outputs_of(found)[0]) == VIDEO_URL
    assert seen == [*statuses(), LIFE.succeeded]
    assert [r.method for r in script.requests] == ["POST"] + ["GET"] * len(seen)


@MODES
def test_a_failed_task_raises_with_its_reason(mode: str) -> None:
    # The reason is read where x-task-life's `fields` says the task gives it.
    told = "content policy" if FIELDS.reason is not None else ""
    said = {FIELDS.reason: told} if FIELDS.reason is not None else {}
    script = task_life_script(life_to(LIFE.failed, **said))
    with pytest.raises(TaskFailedError) as caught:
        _run(mode, script, FakeClock(), "wait_for_result", TASK_ID)
    assert caught.value.task_id == TASK_ID
    assert caught.value.reason == told
    assert told in str(caught.value)


@MODES
def test_the_overall_timeout_raises_with_the_task_id(mode: str) -> None:
    script, clock = task_life_script([task_body(statuses()[0])]), FakeClock()
    with pytest.raises(TaskTimeoutError) as caught:
        _run(mode, script, clock, "wait_for_result", TASK_ID, timeout=100)
    raised = caught.value
    assert raised.task_id == TASK_ID
    assert raised.last_status == statuses()[0]
    assert raised.waited == pytest.approx(100)
    assert clock.now == pytest.approx(100)
    assert f"wait_for_result({TASK_ID!r})" in str(raised)
    assert "billed" in str(raised)


@MODES
def test_the_servers_eta_sets_the_interval(mode: str) -> None:
    # The eta is read where x-task-life's `fields` says the task gives it; without one, the
    # default backoff paces the polls.
    def told(seconds: int) -> dict[str, int]:
        return {FIELDS.eta: seconds} if FIELDS.eta is not None else {}

    polls = [task_body(statuses()[0], **told(7)), task_body(statuses()[0], **told(4))]
    clock = FakeClock()
    script = task_life_script([*polls, task_body(LIFE.succeeded)])
    _run(mode, script, clock, "wait_for_result", TASK_ID)
    backoff = [PollSchedule().delay(n, None) for n in range(2)]
    assert clock.sleeps == ([7.0, 4.0] if FIELDS.eta is not None else backoff)


def test_without_eta_the_interval_backs_off_to_a_cap() -> None:
    schedule = PollSchedule(initial=2.0, maximum=10.0, factor=2.0)
    assert [schedule.delay(n, None) for n in range(5)] == [2.0, 4.0, 8.0, 10.0, 10.0]
    assert schedule.delay(3, 1) == 2.0  # an eta below the floor does not hammer the server
    assert schedule.delay(0, 600) == 10.0  # nor does a long one leave the task unwatched


def test_a_fixed_poll_interval_is_kept() -> None:
    clock = FakeClock()
    polls = [task_body(statuses()[0])] * 3 + [task_body(LIFE.succeeded)]
    sync_client(task_life_script(polls), clock).wait_for_result(TASK_ID, poll_interval=1.5)
    assert clock.sleeps == [1.5, 1.5, 1.5]


def test_the_last_sleep_never_passes_the_deadline() -> None:
    clock = FakeClock()
    script = task_life_script([task_body(statuses()[0], eta=50)])
    with pytest.raises(TaskTimeoutError):
        sync_client(script, clock).wait_for_result(TASK_ID, timeout=20)
    assert clock.now == pytest.approx(20)


@MODES
def test_polls_that_keep_failing_do_not_end_the_wait(mode: str) -> None:
    answers: list[Any] = [error(503)] * 4 + [ok(task_body(LIFE.succeeded))]
    script, clock = Script(answers), FakeClock()
    found = _run(mode, script, clock, "wait_for_result", TASK_ID)
    assert status_of(found) == LIFE.succeeded


def test_progress_callback_sees_every_poll_in_order() -> None:
    seen: list[Result] = []
    record: Callable[[Result], None] = seen.append
    sync_client(task_life_script(life_to(LIFE.succeeded))).wait_for_result(
        TASK_ID, on_progress=record
    )
    assert [status_of(r) for r in seen] == [*statuses(), LIFE.succeeded]


@MODES
def test_retries_inside_a_wait_never_sleep_past_its_deadline(mode: str) -> None:
    # Every poll is rate limited for longer than the wait has left: the wait ends on time.
    limited = httpx.Response(429, headers={"Retry-After": "30"}, json={"code": 429})
    script, clock = Script([limited]), FakeClock()
    with pytest.raises(TaskTimeoutError) as caught:
        _run(mode, script, clock, "wait_for_result", TASK_ID, timeout=20)
    assert caught.value.task_id == TASK_ID
    assert clock.now <= 20
    assert 30.0 not in clock.sleeps


@MODES
def test_no_poll_waits_for_an_answer_longer_than_the_wait_has_left(mode: str) -> None:
    script = Script([ok(task_body(statuses()[0]))])
    clock = FakeClock()
    with pytest.raises(TaskTimeoutError):
        _run(mode, script, clock, "wait_for_result", TASK_ID, timeout=5, poll_interval=2)
    read_timeouts = [r.extensions["timeout"]["read"] for r in script.requests]
    assert read_timeouts == [5.0, 3.0, 1.0]


@pytest.mark.parametrize("interval", [0, -1])
def test_a_poll_interval_that_is_not_positive_is_refused(interval: float) -> None:
    with pytest.raises(ValueError, match="poll_interval"):
        sync_client(Script([ok(task_body(statuses()[0]))])).wait_for_result(
            TASK_ID, poll_interval=interval
        )
