"""A wait keeps a paid task: an odd poll is a missed poll, not the end of the wait; every
final status of x-task-life ends it; Retry-After, trickled answers and async callbacks hold."""

from __future__ import annotations

import copy
import json
import logging
from typing import Any

import httpx
import pytest
from pixverse_c1_client import (
    APITimeoutError,
    TaskFailedError,
    TaskTimeoutError,
    _answers,
    _contract,
    _polling,
    status_of,
)
from pixverse_c1_client._answers import field
from pixverse_c1_client._contract import ATTRIBUTE_NAMES
from pixverse_c1_client._roles import Result

from contract_tests import answers, spec
from tests.doubles import (
    FIELDS,
    MODES,
    TASK_ID,
    FakeClock,
    Script,
    call,
    created,
    created_body,
    error,
    ok,
    outputs_of,
    statuses,
    task_body,
    trickled,
    valid_request,
)

LIFE = spec.task_life()
DONE = task_body(LIFE.succeeded)
FIRST = statuses()[0]


def _with_task(**fields: Any) -> dict[str, Any]:
    return task_body(FIRST, **fields)


def _failed_with(**fields: Any) -> dict[str, Any]:
    return task_body(LIFE.failed, **fields)


# Answers that today's reading must survive: each is followed by a success.
ODD_POLLS: dict[str, httpx.Response] = {
    "html-200": httpx.Response(200, text="<html><body>Bad gateway</body></html>"),
    "unknown-status": ok(task_body("TASK_STATUS_SOMETHING_NEW")),
    "truncated": httpx.Response(200, content=json.dumps(task_body(FIRST)).encode()[:20]),
    "bad-utf8": httpx.Response(
        200,
        content=json.dumps(answers.put({}, FIELDS.task, "?")).encode().replace(b"?", b"\xff\xfe"),
    ),
    "408": error(408),
    "409": error(409),
    "task-not-an-object": ok(answers.put({}, FIELDS.task, ["x"])),
}
# Answers that are readable once null means absent and only the steering fields are checked.
READABLE_POLLS: dict[str, dict[str, Any]] = {
    "eta-null": _with_task(eta=None),
    "progress-101": _with_task(progress_percent=101),
    "images-null": {**_with_task(), "images": None},
    "eta-huge": _with_task(eta=10**400),
    "eta-float": _with_task(eta=3.0),
    "reason-wrong-type": _with_task(reason=["no"]),
}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("odd", list(ODD_POLLS), ids=list(ODD_POLLS))
def test_an_odd_poll_does_not_end_the_wait(
    mode: str, odd: str, caplog: pytest.LogCaptureFixture
) -> None:
    script = Script([ODD_POLLS[odd], ok(DONE)])
    found = call(mode, script, "wait_for_result", TASK_ID, options={"max_retries": 0})
    assert isinstance(found, Result) and outputs_of(found)
    assert len(script.requests) == 2
    assert any("poll failed" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("body", list(READABLE_POLLS.values()), ids=list(READABLE_POLLS))
def test_a_poll_with_odd_unsteering_fields_is_read(mode: str, body: dict[str, Any]) -> None:
    seen: list[str] = []
    script = Script([ok(body), ok(DONE)])
    call(mode, script, "wait_for_result", TASK_ID, on_progress=lambda r: seen.append(
        status_of(r)))  # fmt: skip
    assert seen == [FIRST, LIFE.succeeded]  # the odd poll was read, not missed


@pytest.mark.parametrize("mode", MODES)
def test_a_failed_task_with_a_null_reason_raises_with_an_empty_reason(mode: str) -> None:
    with pytest.raises(TaskFailedError) as caught:
        call(mode, Script([ok(_failed_with(reason=None))]), "wait_for_result", TASK_ID)
    assert (caught.value.task_id, caught.value.status, caught.value.reason) == (
        TASK_ID,
        LIFE.failed,
        "",
    )


@pytest.mark.parametrize("mode", MODES)
def test_polls_that_never_read_end_at_the_deadline_with_the_task_id(mode: str) -> None:
    clock = FakeClock()
    script = Script([lambda request: httpx.Response(200, text="<html>busy</html>")])
    with pytest.raises(TaskTimeoutError) as caught:
        call(mode, script, "wait_for_result", TASK_ID, clock=clock, timeout=30)
    assert caught.value.task_id == TASK_ID
    assert caught.value.last_error and "not JSON" in caught.value.last_error
    assert clock.now == pytest.approx(30)


@pytest.mark.parametrize("mode", MODES)
def test_an_error_after_generate_created_the_task_carries_its_task_id(mode: str) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return created() if request.method == "POST" else error(401)

    with pytest.raises(Exception) as caught:
        call(mode, answer, "generate", valid_request())
    assert getattr(caught.value, "task_id", None) == TASK_ID


@pytest.mark.parametrize("mode", MODES)
def test_retry_after_of_a_429_poll_is_honoured_inside_a_wait(mode: str) -> None:
    limited = httpx.Response(429, headers={"Retry-After": "11"}, json={"code": 429})
    clock = FakeClock()
    script = Script([limited, ok(DONE)])
    call(mode, script, "wait_for_result", TASK_ID, clock=clock, options={"max_retries": 0})
    assert clock.sleeps == [11.0]


@pytest.mark.parametrize("mode", MODES)
def test_an_async_progress_callback_is_awaited_by_the_async_client(mode: str) -> None:
    seen: list[str] = []

    async def record(result: Result) -> None:
        seen.append(status_of(result))

    def plain(result: Result) -> None:
        seen.append(status_of(result))

    callback = record if mode == "async" else plain
    call(mode, Script([ok(task_body(FIRST)), ok(DONE)]), "wait_for_result", TASK_ID,
         on_progress=callback)  # fmt: skip
    assert seen == [FIRST, LIFE.succeeded]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("method", ["create_task", "get_task_result"])
def test_a_trickled_answer_cannot_outlast_the_calls_timeout(mode: str, method: str) -> None:
    clock = FakeClock()
    body = created_body() if method == "create_task" else DONE
    script = Script([trickled(body, clock)])
    argument = valid_request() if method == "create_task" else TASK_ID
    with pytest.raises(APITimeoutError):
        call(mode, script, method, argument, clock=clock, timeout=2, options={"max_retries": 0})
    assert clock.now <= 3  # one byte past the 2 s deadline, not the 20-odd bytes of the body


@pytest.mark.parametrize("mode", MODES)
def test_a_trickled_poll_cannot_outlast_the_wait(mode: str) -> None:
    clock = FakeClock()
    script = Script([trickled(task_body(FIRST), clock)])
    with pytest.raises(TaskTimeoutError) as caught:
        call(mode, script, "wait_for_result", TASK_ID, clock=clock, timeout=3)
    assert clock.now <= 4
    assert caught.value.task_id == TASK_ID


@pytest.mark.parametrize("mode", MODES)
def test_a_constraint_added_to_an_answer_field_does_not_make_answers_unreadable(
    mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Narrow every string property of every answer schema to what no real answer meets.
    schemas = copy.deepcopy(_contract.SCHEMAS)
    for schema in schemas.values():
        for node in schema.get("properties", {}).values():
            if isinstance(node, dict) and node.get("type") == "string":
                node.update({"maxLength": 1, "pattern": "^$", "format": "uuid"})
    monkeypatch.setattr(_answers, "SCHEMAS", schemas)
    _answers._resolved.cache_clear()
    try:
        found = call(mode, Script([ok(DONE)]), "wait_for_result", TASK_ID)
    finally:
        _answers._resolved.cache_clear()
    assert outputs_of(found)


def test_a_missed_poll_is_logged_with_the_task_id(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="pixverse_c1_client")
    call("sync", Script([error(409), ok(DONE)]), "wait_for_result", TASK_ID)
    (record,) = [r for r in caplog.records if "poll failed" in r.getMessage()]
    assert TASK_ID in record.getMessage() and "409" in record.getMessage()


def test_every_final_status_of_x_task_life_ends_the_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    # A spec whose x-task-life gains a final status (a cancellation) ends a wait on it with
    # TaskFailedError, without a code change: the Waiter reads `final` and `succeeded` only.
    life = _polling.task_life()
    new = "TASK_STATUS_CANCELED_BY_TEST"
    grown = _polling.TaskLife({**life.rank, new: 2}, life.final | {new}, life.succeeded)
    monkeypatch.setattr(_polling, "task_life", lambda: grown)
    waiter = _polling.Waiter(TASK_ID, 0.0, 60.0)
    result = Result.from_dict(task_body(FIRST))
    _set_status(result, new)
    with pytest.raises(TaskFailedError) as caught:
        waiter.verdict(result)
    assert (caught.value.task_id, caught.value.status) == (TASK_ID, new)
    for status in life.final - {life.succeeded}:
        _set_status(result, status)
        with pytest.raises(TaskFailedError):
            waiter.verdict(result)


def _set_status(result: Any, status: str) -> None:
    """Put `status` where the spec keeps the task's status (a value no enum may hold)."""
    *way, last = spec.ROLES["status"]
    setattr(field(result, way), ATTRIBUTE_NAMES.get(last, last), status)
