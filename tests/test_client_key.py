"""The key: refused when it cannot be a key, scrubbed when the server echoes it, and never in
an error's pickle or copy."""

from __future__ import annotations

import copy
import logging
import pickle
from typing import Any

import httpx
import pixverse_c1_client
import pytest
from pixverse_c1_client import (
    AsyncPixverseC1,
    PixverseC1,
    PixverseError,
    TaskFailedError,
    TaskTimeoutError,
)

from contract_tests import spec
from tests.doubles import (
    KEY,
    MODES,
    TASK_ID,
    Script,
    call,
    key_sent,
    ok,
    statuses,
    task_body,
    valid_request,
)

LIFE = spec.task_life()
BAD_KEYS = {
    "newline": "sk-abc\n",
    "inner-newline": "sk-a\r\nX-Evil: 1",
    "control": "sk-\x00abc",
    "tab": "sk-\tabc",
    "leading-space": " sk-abc",
    "trailing-space": "sk-abc ",
    "non-ascii": "sk-ключ",
}


@pytest.mark.parametrize("kind", [PixverseC1, AsyncPixverseC1])
@pytest.mark.parametrize("key", list(BAD_KEYS.values()), ids=list(BAD_KEYS))
def test_a_key_that_cannot_be_sent_is_refused_without_being_repeated(
    kind: type[Any], key: str
) -> None:
    with pytest.raises(PixverseError) as caught:
        kind(api_key=key, base_url="https://api.test.invalid")
    said = str(caught.value) + repr(caught.value)
    assert key.strip() not in said and "abc" not in said


def _echo_everything(request: httpx.Request) -> httpx.Response:
    """A server that puts the key it was sent into everything it says."""
    sent = key_sent(request) or KEY
    if request.method == "POST":
        return httpx.Response(
            500,
            headers={"x-request-id": f"req-{sent}"},
            json={"code": 500, "reason": f"BAD_{sent}", "message": f"your key {sent} is odd"},
        )
    return httpx.Response(401, text=f"<html><p>Key {sent} unknown</p></html>")


def _said(error: BaseException) -> str:
    parts = [str(error), repr(error), *getattr(error, "__notes__", [])]
    for name, value in vars(error).items():
        parts.append(f"{name}={value!r}")
    response = getattr(error, "response", None)
    if isinstance(response, httpx.Response):
        parts += [response.text, repr(response.headers), repr(response.request.headers)]
    return "\n".join(parts)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("method", ["create_task", "get_task_result"])
def test_a_key_echoed_by_the_server_is_scrubbed_from_errors_and_logs(
    mode: str, method: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    argument = valid_request() if method == "create_task" else TASK_ID
    with pytest.raises(PixverseError) as caught:
        call(mode, _echo_everything, method, argument)
    said = _said(caught.value) + caplog.text + pickle.dumps(caught.value).decode("latin-1")
    assert KEY not in said
    response: Any = getattr(caught.value, "response", None)
    assert "<redacted>" in str(caught.value) + (response.text if response is not None else "")


@pytest.mark.parametrize("mode", MODES)
def test_a_key_echoed_in_a_task_id_is_scrubbed_from_the_wait_error_and_logs(
    mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    task_id = f"task-{KEY}"
    script = Script([ok(task_body(statuses()[0], task_id=task_id))])
    with pytest.raises(TaskTimeoutError) as caught:
        # The id as a server gave it out, whatever the spec's task parameter says of it.
        options = {"max_retries": 0, "validate": False}
        call(mode, script, "wait_for_result", task_id, timeout=20, options=options)
    assert KEY not in _said(caught.value) + caplog.text
    assert KEY not in pickle.dumps(caught.value).decode("latin-1")


@pytest.mark.parametrize("mode", MODES)
def test_a_key_echoed_in_a_failure_reason_is_scrubbed(mode: str) -> None:
    body = task_body(LIFE.failed, reason=f"the key {KEY} may not do this")
    with pytest.raises(TaskFailedError) as caught:
        call(mode, Script([ok(body)]), "wait_for_result", TASK_ID)
    assert KEY not in str(caught.value) and KEY not in caught.value.reason
    assert KEY not in pickle.dumps(caught.value).decode("latin-1")


def _every_error_class() -> list[type[PixverseError]]:
    exported = [getattr(pixverse_c1_client, n) for n in pixverse_c1_client.__all__]
    return [e for e in exported if isinstance(e, type) and issubclass(e, PixverseError)]


def _raised(error_class: type[PixverseError]) -> PixverseError:
    """An instance of each error class, raised the way the client raises it."""
    request = httpx.Request("GET", "https://api.test.invalid/x")
    for presentation in spec.key_presentations().values():
        if presentation is not None:  # the key in each place the spec presents it
            presentation.present(request, KEY)
    response = httpx.Response(503, json={"code": 503, "reason": "R", "message": "m"},
                              headers={"x-request-id": "req-1"}, request=request)  # fmt: skip
    made: dict[str, PixverseError] = {}
    from pixverse_c1_client import _exceptions as ex
    from pixverse_c1_client import _validation as va

    made = {
        "TaskTimeoutError": ex.TaskTimeoutError(TASK_ID, "QUEUED", 12.5, "it broke"),
        "TaskFailedError": ex.TaskFailedError(TASK_ID, "policy", None, "FAILED"),
        "APIConnectionError": ex.APIConnectionError("no", request=request, maybe_sent=True),
        "APITimeoutError": ex.APITimeoutError("slow", request=request, maybe_sent=False),
        "MalformedResponseError": ex.MalformedResponseError("bad", response=response),
        "ResponseTooLargeError": ex.ResponseTooLargeError("big", limit=5, status_code=200),
        "RequestValidationError": va.RequestValidationError(
            [va.Violation("duration", "maximum 15", 16, "must be at most 15")]
        ),
    }
    if error_class.__name__ in made:
        return made[error_class.__name__]
    if issubclass(error_class, ex.APIStatusError):
        return error_class(response, {"reason": "R", "message": "m"})
    return error_class("something happened")


@pytest.mark.parametrize("error_class", _every_error_class(), ids=lambda c: c.__name__)
def test_every_error_pickles_and_copies_with_its_fields_and_without_the_key(
    error_class: type[PixverseError],
) -> None:
    error = _raised(error_class)
    error.task_id = TASK_ID
    error.add_note("a note")
    for twin in (pickle.loads(pickle.dumps(error)), copy.copy(error), copy.deepcopy(error)):
        assert type(twin) is type(error)
        assert str(twin) == str(error)
        assert twin.task_id == TASK_ID
        assert getattr(twin, "__notes__", None) == ["a note"]
        for name in ("status_code", "reason", "last_status", "waited", "maybe_sent", "limit"):
            assert getattr(twin, name, None) == getattr(error, name, None)
    assert KEY.encode() not in pickle.dumps(error)
