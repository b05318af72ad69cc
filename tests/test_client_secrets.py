"""The API key never shows: every error path is driven with a distinctive key, and every repr,
str, traceback, log record and hypothesis report is searched for it."""

from __future__ import annotations

import logging
import subprocess
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from pixverse_c1_client import PixverseC1, PixverseError

from contract_tests import parameters, spec, strategies
from tests.doubles import (
    KEY,
    TASK_ID,
    FakeClock,
    Script,
    created,
    error,
    key_sent,
    ok,
    sync_client,
    task_body,
    task_life_script,
    valid_request,
)

LIFE = spec.task_life()


def _invalid() -> dict[str, Any]:
    """A request the client refuses before the network: one rule of the spec broken."""
    broken: dict[str, Any] = next(
        body for _, body in strategies.refused_breaks() if isinstance(body, dict)
    )
    return broken


# (name, answers, call) for every way a call can fail.
PATHS: list[tuple[str, list[Any], Callable[[PixverseC1], Any]]] = [
    ("validation", [ok({})], lambda c: c.create_task(_invalid())),
    *[
        (f"status-{s}", [error(s, message="echo")], lambda c: c.create_task(valid_request()))
        for s in (400, 401, 403, 404, 429, 500)
    ],
    ("connect-error", [httpx.ConnectError("refused")], lambda c: c.get_task_result(TASK_ID)),
    ("read-timeout", [httpx.ReadTimeout("slow")], lambda c: c.create_task(valid_request())),
    ("malformed", [created(5)], lambda c: c.create_task(valid_request())),
    (
        "task-failed",
        [ok(task_body(LIFE.failed, reason="nope"))],
        lambda c: c.wait_for_result(TASK_ID),
    ),
    (
        "task-timeout",
        [ok(task_body(sorted(LIFE.rank, key=LIFE.rank.__getitem__)[0]))],
        lambda c: c.wait_for_result(TASK_ID, timeout=10),
    ),
]


def _everything_said(raised: BaseException) -> str:
    parts = [str(raised), repr(raised), "".join(traceback.format_exception(raised))]
    for name in ("response", "request", "body", "result"):
        value = getattr(raised, name, None)
        parts.append(repr(value))
    response = getattr(raised, "response", None)
    if isinstance(response, httpx.Response):
        parts += [repr(response.request), repr(response.request.headers), response.text]
    return "\n".join(parts)


@pytest.mark.parametrize(("name", "answers", "call"), PATHS, ids=[p[0] for p in PATHS])
def test_no_error_path_shows_the_key(
    name: str,
    answers: list[Any],
    call: Callable[[PixverseC1], Any],
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    client = sync_client(Script(answers), FakeClock())
    with pytest.raises(PixverseError) as caught:
        call(client)
    said = _everything_said(caught.value) + repr(client) + str(client)
    out = capsys.readouterr()
    said += caplog.text + out.out + out.err
    said += "".join(str(r.__dict__) for r in caplog.records)
    assert KEY not in said
    assert caught.value.__cause__ is None or KEY not in repr(caught.value.__cause__)


def test_the_key_is_sent_but_not_shown() -> None:
    script = task_life_script([task_body(LIFE.succeeded)])
    client = sync_client(script)
    client.create_task(valid_request())
    assert key_sent(script.requests[0]) == KEY
    assert KEY not in repr(client) and KEY not in str(client)


PYTEST = [sys.executable, "-m", "pytest"]
_FAILING_PROPERTY = """
import httpx
from hypothesis import given, settings, strategies as st
from pixverse_c1_client import PixverseC1

def answer(request):
    return httpx.Response(401, json={"code": 401, "reason": "UNAUTHORIZED", "message": "no"})

@settings(max_examples=3, database=None)
@given(st.sampled_from([1, 2]))
def test_create(attempt):
    client = PixverseC1(
        api_key=KEY,
        base_url="https://api.test.invalid",
        http_client=httpx.Client(transport=httpx.MockTransport(answer)),
        default_parameters=PARAMETERS,
    )
    print(repr(client))
    client.create_task(REQUEST)


def test_construction_fails(monkeypatch):
    def broken_client(*args, **kwargs):
        raise RuntimeError("no HTTP client today")

    monkeypatch.setattr(httpx, "Client", broken_client)
    PixverseC1(api_key=KEY, base_url="https://api.test.invalid")
"""


def test_a_failing_pytest_and_hypothesis_report_does_not_show_the_key(tmp_path: Path) -> None:
    test_file = tmp_path / "test_uses_client.py"
    request = strategies.minimal_request()
    given = f"REQUEST = {request!r}\n"
    given += f"PARAMETERS = {parameters.client_defaults()!r}\n"  # what the spec requires
    test_file.write_text(f"KEY = {KEY!r}\n{given}" + _FAILING_PROPERTY)
    done = subprocess.run(
        [*PYTEST, "-p", "no:cacheprovider", "-rA", "-s", "--tb=long", str(test_file)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    report = done.stdout + done.stderr
    assert done.returncode == 1, report
    assert "AuthenticationError" in report and "Failing test case: test_create(" in report
    assert "no HTTP client today" in report and "2 failed" in report
    assert "PixverseC1(" in report  # the client was printed, with its key hidden
    assert KEY not in report


def test_no_key_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HIGHWAY_API_KEY", raising=False)
    with pytest.raises(PixverseError, match="HIGHWAY_API_KEY"):
        PixverseC1()


def test_the_key_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HIGHWAY_API_KEY", KEY)
    client = PixverseC1(http_client=httpx.Client())
    assert KEY not in repr(client)
