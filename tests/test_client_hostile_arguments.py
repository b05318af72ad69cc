"""Arguments and keys a hostile review found mishandled: timeouts no clock can take, the
generated endpoints' parameters and client, keys in pytest's tracebacks and in echoed bodies,
expired videos, and the mention rule's dialect."""

from __future__ import annotations

import asyncio
import html
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from pixverse_c1_client import (
    AuthenticatedClient,
    DownloadError,
    InvalidArgumentError,
    MalformedResponseError,
    PixverseC1,
    PixverseError,
    RetryPolicy,
    TaskFailedError,
    check_request,
)
from pixverse_c1_client._routes import result_route

from contract_tests import parameters, spec
from tests.doubles import (
    BASE_URL,
    KEY,
    MODES,
    TASK_ID,
    Script,
    call,
    created,
    key_sent,
    ok,
    outputs_of,
    sync_client,
    task_body,
    valid_request,
)

LIFE = spec.task_life()
BAD_TIMEOUTS = {
    "huge": 1e308,
    "nan-part": httpx.Timeout(float("nan")),
    "negative-part": httpx.Timeout(-1.0),
    "infinite-part": httpx.Timeout(float("inf")),
    "zero-read": httpx.Timeout(5.0, read=0),
}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("timeout", list(BAD_TIMEOUTS.values()), ids=list(BAD_TIMEOUTS))
def test_a_timeout_no_clock_can_take_is_refused_before_sending(mode: str, timeout: Any) -> None:
    script = Script([created()])
    with pytest.raises(InvalidArgumentError):
        call(mode, script, "create_task", valid_request(), timeout=timeout)
    assert script.requests == []


@pytest.mark.parametrize(
    "policy",
    [
        {"max_retries": -1},
        {"initial_delay": float("nan")},
        {"max_delay": -1.0},
        {"jitter": 2.0},
        {"max_retry_after": float("inf")},
    ],
)
def test_a_retry_policy_that_cannot_be_slept_on_is_refused(policy: dict[str, Any]) -> None:
    with pytest.raises(InvalidArgumentError):
        RetryPolicy(**policy)


def _door(handler: Any, **options: Any) -> AuthenticatedClient:
    options = {"base_url": BASE_URL, "token": KEY, **options}
    return AuthenticatedClient(**options, httpx_args={"transport": httpx.MockTransport(handler)})


def _run_door(mode: str, client: Any, task_id: Any) -> Any:
    if mode == "sync":
        return result_route.sync_detailed(client=client, **_arguments(task_id))
    return asyncio.run(result_route.asyncio_detailed(client=client, **_arguments(task_id)))


def _arguments(task_id: Any) -> dict[str, Any]:
    return parameters.result_arguments(result_route, task_id)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("task_id", [123, ["a", "b"], "", True], ids=repr)
def test_the_generated_endpoint_refuses_a_task_id_the_client_refuses(
    mode: str, task_id: Any
) -> None:
    script = Script([ok(task_body(LIFE.succeeded))])
    with pytest.raises(InvalidArgumentError):
        _run_door(mode, _door(script), task_id)
    assert script.requests == []


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "client",
    [
        lambda s: _door(s, token=KEY + "é"),
        lambda s: _door(s, timeout=httpx.Timeout(float("nan"))),
        lambda s: None,
        lambda s: _door(s, base_url="htp:/\x00x"),
    ],
    ids=["non-ascii-token", "nan-timeout", "no-client", "bad-base-url"],
)
def test_the_generated_endpoint_raises_only_typed_errors_without_the_key(
    mode: str, client: Any
) -> None:
    script = Script([ok(task_body(LIFE.succeeded))])
    with pytest.raises(PixverseError) as caught:
        _run_door(mode, client(script), TASK_ID)
    assert KEY not in str(caught.value.args) and KEY not in repr(caught.value)
    assert script.requests == []


@pytest.mark.parametrize("mode", MODES)
def test_a_token_echoed_by_the_server_is_scrubbed_from_the_generated_endpoints_errors(
    mode: str,
) -> None:
    token = "sk-door-ECHO-5d1c0b"

    def echo(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text=f"<html>bad key {key_sent(request) or token}")

    with pytest.raises(MalformedResponseError) as caught:
        _run_door(mode, _door(echo, token=token), TASK_ID)
    assert token not in str(caught.value)
    assert token.encode() not in pickle.dumps(caught.value)


HTML_KEY = "sk-a&b<c>d-HTML-3e9f"


@pytest.mark.parametrize(
    ("key", "echo"),
    [
        (HTML_KEY, "<p>the key &quot;" + html.escape(HTML_KEY) + "&quot; is unknown</p>"),
        (KEY, '{"message": "' + "".join(f"\\u{ord(c):04x}" for c in KEY) + '"}'),
    ],
    ids=["html-escaped", "json-u-escaped"],
)
def test_an_escaped_echo_of_the_key_is_scrubbed_from_the_body_kept(key: str, echo: str) -> None:
    answer = httpx.Response(500, text=echo)
    http = httpx.Client(transport=httpx.MockTransport(Script([answer])))
    client = PixverseC1(api_key=key, base_url=BASE_URL, http_client=http, max_retries=0)
    with pytest.raises(PixverseError) as caught:
        client.get_task_result(TASK_ID)
    kept = getattr(caught.value, "response", None)
    assert kept is not None and echo not in kept.text
    assert echo.encode() not in pickle.dumps(caught.value)


def test_a_failed_tasks_result_holds_no_echoed_key() -> None:
    failed = ok(task_body(LIFE.failed, reason=f"bad key {KEY}"))
    with pytest.raises(TaskFailedError) as caught:
        sync_client(Script([failed])).wait_for_result(TASK_ID)
    assert KEY not in repr(caught.value.result)


def test_a_one_letter_key_does_not_mangle_the_words_of_messages() -> None:
    answer = httpx.Response(404, json={"code": 404, "reason": "NOT_FOUND", "message": "no task"})
    client = sync_client(Script([answer]), max_retries=0)
    client2 = type(client)(api_key="k", http_client=client._http, base_url=BASE_URL)
    with pytest.raises(PixverseError) as caught:
        client2.get_task_result(TASK_ID)
    assert "no task" in str(caught.value) and "<redacted>" not in str(caught.value)


def test_a_video_taken_from_get_task_result_is_checked_for_expiry(
    tmp_path: Path, url_lifetime: str
) -> None:
    now = [0.0]
    script = Script([ok(task_body(LIFE.succeeded))])
    client = sync_client(script, clock=None)
    client._clock = lambda: now[0]
    videos = outputs_of(client.get_task_result(TASK_ID))
    assert isinstance(videos, list)
    video = videos[0]
    now[0] += 10**6  # far past its URL's lifetime
    with pytest.raises(DownloadError, match="run out"):
        client.download(video, tmp_path / "v.mp4")
    assert len(script.requests) == 1  # the expired URL was not fetched


def _request(prompt: str) -> dict[str, Any]:
    body = valid_request()
    rule = spec.known_mention_rule()
    array, item = rule.names_from
    names = [image[item] for image in body[array]]
    body[rule.field] = prompt.replace("NAME", names[0])
    return body


@pytest.mark.parametrize(
    ("prompt", "valid"),
    [("@NAME\x1c", False), ("@NAME\ufeff", True), ("@NAME\x85", False)],
    ids=["x1c-is-no-space-in-ecma", "feff-is-space-in-ecma", "x85-is-no-space-in-ecma"],
)
def test_the_mention_rule_reads_its_pattern_as_ecma_262(
    prompt: str, valid: bool, schemas: dict[str, Any], mention_rule: spec.MentionRule
) -> None:
    # The pattern of today's spec, set here: the verdicts above are ECMA-262's reading of its
    # \s and \S, whatever pattern the spec moves to.
    rule = next(s[spec.MENTION_RULE] for s in schemas.values() if spec.MENTION_RULE in s)
    rule["pattern"] = r"(?:^|(?<=\s))@(\S+)"
    found = check_request(_request(prompt))
    # Only the mention rule's verdict: a short prompt may break the text's own bounds too.
    assert (not [v for v in found if v.rule.startswith(spec.MENTION_RULE)]) is valid


_FAILING = """
from pixverse_c1_client import PixverseC1

def test_malformed_key():
    PixverseC1(api_key=KEY[:6] + " " + KEY[6:])

def test_bad_timeout():
    PixverseC1(api_key=KEY, timeout="900")

def test_bad_base_url():
    PixverseC1(api_key=KEY, base_url=5)
"""


def test_a_failing_construction_shows_no_key_in_pytests_long_traceback(tmp_path: Path) -> None:
    test_file = tmp_path / "test_construct.py"
    test_file.write_text(f"KEY = {KEY[::-1]!r}[::-1]\n" + _FAILING)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--tb=long", "-l",
         str(test_file)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert "3 failed" in done.stdout
    said = done.stdout + done.stderr
    assert KEY not in said and KEY[6:] not in said
