"""Timeouts: a sensible default, overridable per client and per call."""

from __future__ import annotations

import httpx
from pixverse_c1_client import PixverseC1
from pixverse_c1_client.sdk import DEFAULT_TIMEOUT

from contract_tests import spec
from contract_tests.client_doubles import (
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


def test_the_default_bounds_connect_and_read() -> None:
    assert DEFAULT_TIMEOUT.connect is not None and DEFAULT_TIMEOUT.connect <= 30
    assert DEFAULT_TIMEOUT.read is not None and DEFAULT_TIMEOUT.read <= 300
    script = Script([created()])
    sync_client(script).create_task(valid_request())
    assert _timeout_of(script.requests[0]) == DEFAULT_TIMEOUT.as_dict()


def test_a_client_timeout_applies_to_every_call() -> None:
    script = Script([created()])
    sync_client(script, timeout=httpx.Timeout(5.0, connect=1.0)).create_task(valid_request())
    assert _timeout_of(script.requests[0])["connect"] == 1.0
    assert _timeout_of(script.requests[0])["read"] == 5.0


def test_a_call_timeout_overrides_the_clients() -> None:
    script = Script([ok(task_body(spec.task_life().succeeded))])
    client = sync_client(script, timeout=30.0)
    client.get_task_result(TASK_ID, timeout=2.5)
    assert _timeout_of(script.requests[0])["read"] == 2.5


def test_a_client_made_without_http_client_has_the_default() -> None:
    with PixverseC1(api_key=KEY) as client:
        assert client.timeout == DEFAULT_TIMEOUT
