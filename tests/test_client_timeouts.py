"""Timeouts: a sensible default, overridable per client and per call."""

from __future__ import annotations

import httpx
import pytest
from pixverse_c1_client import PixverseC1
from pixverse_c1_client._sdk import DEFAULT_TIMEOUT

from contract_tests import spec
from tests.doubles import (
    KEY,
    TASK_ID,
    Script,
    created,
    ok,
    sync_client,
    task_body,
    valid_request,
)


def _timeout_of(request: httpx.Request) -> dict[str, float | None]:
    found: dict[str, float | None] = request.extensions["timeout"]
    return found


def test_the_default_is_the_documented_connect_10_s_and_read_write_60_s() -> None:
    assert (DEFAULT_TIMEOUT.connect, DEFAULT_TIMEOUT.read, DEFAULT_TIMEOUT.write) == (10, 60, 60)
    readme = (spec.ROOT / "README.md").read_text(encoding="utf-8")
    assert "Connect 10 s, read and write 60 s by default" in readme
    script = Script([created()])
    sync_client(script).create_task(valid_request())
    assert _timeout_of(script.requests[0]) == DEFAULT_TIMEOUT.as_dict()


@pytest.mark.parametrize("call", ["create_task", "get_task_result", "wait_for_result", "generate"])
def test_a_client_timeout_applies_to_every_call(call: str) -> None:
    done = task_body(spec.task_life().succeeded)
    answers = {"create_task": [created()], "generate": [created(), ok(done)]}
    script = Script(answers.get(call, [ok(done)]))
    client = sync_client(script, timeout=httpx.Timeout(5.0, connect=1.0))
    argument = valid_request() if call in ("create_task", "generate") else TASK_ID
    getattr(client, call)(argument)
    assert script.requests
    for request in script.requests:
        assert _timeout_of(request)["connect"] == 1.0
        assert _timeout_of(request)["read"] == 5.0


def test_a_call_timeout_overrides_the_clients() -> None:
    script = Script([ok(task_body(spec.task_life().succeeded))])
    client = sync_client(script, timeout=30.0)
    client.get_task_result(TASK_ID, timeout=2.5)
    assert _timeout_of(script.requests[0])["read"] == 2.5


def test_a_client_made_without_http_client_has_the_default() -> None:
    with PixverseC1(api_key=KEY) as client:
        assert client.timeout == DEFAULT_TIMEOUT
