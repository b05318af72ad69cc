"""Every way openapi.yaml may present the key, read by the one reading (pixverse_c1_client._auth):
the client sends it there and nowhere else, never to the video's host, and shows it nowhere, in
a header of any name, in the query (where it sits in URLs) or in a cookie.

The presentations are read from small security documents by the same function the client runs
on `_contract.SECURITY`, and put in place of the generated endpoint modules' `AUTH`, so that the
client is tried with each whatever the committed spec says.
"""

from __future__ import annotations

import logging
import pickle
import subprocess
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pixverse_c1_client import (
    AuthenticatedClient,
    InvalidArgumentError,
    PixverseC1,
    PixverseError,
    _auth,
)
from pixverse_c1_client._routes import create_route, result_route

from contract_tests import parameters, spec, strategies
from tests.doubles import (
    BASE_URL,
    FIELDS,
    KEY,
    TASK_ID,
    VIDEO_URL,
    FakeClock,
    Script,
    error,
    ok,
    sync_client,
    task_body,
    task_life_script,
    valid_request,
)

LIFE = spec.task_life()
ROUTES = {"POST": create_route, "GET": result_route}
SCHEMES: dict[str, dict[str, Any]] = {
    "http-bearer": {"type": "http", "scheme": "bearer"},
    "http-token": {"type": "http", "scheme": "token"},
    "header": {"type": "apiKey", "in": "header", "name": "X-Api-Key"},
    "query": {"type": "apiKey", "in": "query", "name": "api_key"},
    "cookie": {"type": "apiKey", "in": "cookie", "name": "hw_session"},
}


def _read(scheme: dict[str, Any]) -> _auth.Presentation:
    """The presentation the one reading finds in a document holding only this scheme."""
    document = {
        "security": [{"key": []}],
        "components": {"securitySchemes": {"key": scheme}},
        "paths": {"/x": {"post": {}}},
    }
    found = _auth.presentation(document, "post", "/x")
    assert found is not None
    return found


@pytest.fixture(params=list(SCHEMES))
def presentation(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Both operations present the key as this scheme says."""
    found = _read(SCHEMES[request.param])
    for module in ROUTES.values():
        monkeypatch.setattr(module, "AUTH", found)
    yield found


def _sent(request: httpx.Request, presentation: _auth.Presentation) -> tuple[str, str] | None:
    return presentation.presented(request.headers, request.url.params)


def _everywhere(request: httpx.Request) -> str:
    """All a request carries but its body: the URL, every header."""
    return str(request.url) + repr(request.headers.raw)


def test_the_key_is_sent_where_the_spec_says_and_nowhere_else(presentation: Any) -> None:
    script = task_life_script([task_body(LIFE.succeeded)])
    client = sync_client(script)
    client.create_task(valid_request())
    client.get_task_result(TASK_ID)
    for request in script.requests:
        assert _sent(request, presentation) == (presentation.auth_scheme, KEY)
        assert _everywhere(request).count(KEY) == 1


def test_the_key_never_goes_to_the_video_host(presentation: Any, tmp_path: Path) -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.host == httpx.URL(VIDEO_URL).host:
            return httpx.Response(200, content=b"video")
        return ok(task_body(LIFE.succeeded))

    client = sync_client(answer)
    client.download(client.get_task_result(TASK_ID), tmp_path / "v.mp4")
    download = seen[-1]
    assert download.url.host == httpx.URL(VIDEO_URL).host
    assert KEY not in _everywhere(download)


def test_a_request_with_the_key_is_not_redirected_elsewhere(presentation: Any) -> None:
    """httpx would carry a key in a header of its own to the host a Location names."""
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.host == httpx.URL(BASE_URL).host:
            return httpx.Response(307, headers={"Location": "https://elsewhere.invalid/x"})
        return ok(task_body(LIFE.succeeded))

    http = httpx.Client(transport=httpx.MockTransport(answer), follow_redirects=True)
    client = PixverseC1(api_key=KEY, base_url=BASE_URL, http_client=http, max_retries=0)
    with pytest.raises(PixverseError):
        client.get_task_result(TASK_ID)
    door = AuthenticatedClient(base_url=BASE_URL, token=KEY, follow_redirects=True,
                               httpx_args={"transport": httpx.MockTransport(answer)})  # fmt: skip
    result_route.sync_detailed(client=door, **parameters.result_arguments(result_route, TASK_ID))
    assert [r.url.host for r in seen] == [httpx.URL(BASE_URL).host] * 2


def test_the_generated_endpoints_send_the_key_where_the_spec_says(presentation: Any) -> None:
    script = Script([ok(task_body(LIFE.succeeded))])
    transport = httpx.MockTransport(script)
    client = AuthenticatedClient(base_url="https://api.test.invalid", token=KEY,
                                 httpx_args={"transport": transport})  # fmt: skip
    result_route.sync_detailed(client=client, **parameters.result_arguments(result_route, TASK_ID))
    assert _sent(script.requests[0], presentation) == (presentation.auth_scheme, KEY)
    assert KEY not in repr(client) + repr(client.get_httpx_client().headers)


# (name, answers, call) for the ways a call fails, each on a request that carries the key.
FAILURES: list[tuple[str, list[Any], Any]] = [
    ("status-401", [error(401, message="no")], lambda c: c.get_task_result(TASK_ID)),
    ("status-500", [error(500)], lambda c: c.create_task(valid_request())),
    ("connect-error", [httpx.ConnectError("refused")], lambda c: c.get_task_result(TASK_ID)),
    ("read-timeout", [httpx.ReadTimeout("slow")], lambda c: c.create_task(valid_request())),
    ("malformed", [ok({FIELDS.created_id: 5})], lambda c: c.create_task(valid_request())),
]


def _said(raised: BaseException) -> str:
    parts = [str(raised), repr(raised), "".join(traceback.format_exception(raised))]
    for value in vars(raised).values():
        parts.append(repr(value))
    for name in ("request", "response"):
        found = getattr(raised, name, None)
        if isinstance(found, httpx.Response):
            found = found.request
        if isinstance(found, httpx.Request):
            parts.append(_everywhere(found))
    cause = raised.__cause__
    if cause is not None:
        parts += [repr(cause), "".join(traceback.format_exception(cause))]
    parts.append(pickle.dumps(raised).decode("latin-1"))
    return "\n".join(parts)


@pytest.mark.parametrize(("name", "answers", "call"), FAILURES, ids=[f[0] for f in FAILURES])
def test_no_error_or_log_shows_the_key(
    presentation: Any,
    name: str,
    answers: list[Any],
    call: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)  # httpx logs each request's URL, a query key included
    client = sync_client(Script(answers), FakeClock(), max_retries=1)
    with pytest.raises(PixverseError) as caught:
        call(client)
    said = _said(caught.value) + caplog.text + repr(client)
    said += "".join(str(r.__dict__) for r in caplog.records)
    assert KEY not in said


def test_a_key_a_cookie_cannot_carry_is_refused_without_being_repeated(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(create_route, "AUTH", _read(SCHEMES["cookie"]))
    key = "sk-semi;colon-9a8b"
    with pytest.raises(InvalidArgumentError) as caught:
        PixverseC1(api_key=key, base_url="https://api.test.invalid")
    assert key not in str(caught.value) + repr(caught.value)
    assert "cookie" in str(caught.value)


_FAILING_CALLS = """
import httpx
import pytest
from pixverse_c1_client import PixverseC1, _auth
from pixverse_c1_client._routes import create_route, result_route


@pytest.fixture(params=SCHEMES)
def scheme(request, monkeypatch):
    document = {
        "security": [{"key": []}],
        "components": {"securitySchemes": {"key": request.param}},
        "paths": {"/x": {"get": {}}},
    }
    for module in (create_route, result_route):
        monkeypatch.setattr(module, "AUTH", _auth.presentation(document, "get", "/x"))


def refuse(request):
    raise httpx.ConnectError("refused")


def fail(request):
    return httpx.Response(401, json={"code": 401, "reason": "UNAUTHORIZED", "message": "no"})


def client(handler):
    http = httpx.Client(transport=httpx.MockTransport(handler))
    return PixverseC1(
        api_key=KEY,
        base_url="https://api.test.invalid",
        http_client=http,
        max_retries=0,
        default_parameters=PARAMETERS,
    )


def test_poll_refused(scheme):
    client(refuse).get_task_result(TASK_ID)


def test_create_refused(scheme):
    client(fail).create_task(REQUEST)
"""


def test_a_failing_pytest_report_does_not_show_the_key(tmp_path: Path) -> None:
    """pytest prints the arguments of every frame of a failing call and of its cause, and the
    log records (httpx logs each URL)."""
    test_file = tmp_path / "test_uses_client.py"
    given = f"KEY = {KEY!r}\nSCHEMES = {list(SCHEMES.values())!r}\n"
    given += f"REQUEST = {strategies.minimal_request()!r}\nTASK_ID = {TASK_ID!r}\n"
    given += f"PARAMETERS = {parameters.client_defaults()!r}\n"  # what the spec requires
    test_file.write_text(given + _FAILING_CALLS)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rA", "--tb=long",
         "--log-level=DEBUG", str(test_file)],
        capture_output=True, text=True, cwd=tmp_path, check=False,
    )  # fmt: skip
    report = done.stdout + done.stderr
    assert f"{2 * len(SCHEMES)} failed" in report, report
    assert "APIConnectionError" in report and "AuthenticationError" in report
    assert KEY not in report
