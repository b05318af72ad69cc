"""What the best SDKs give their users: a version and a User-Agent, the raw answer, request
ids on errors, per-call options, default headers, and a download call."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pixverse_c1_client
import pytest
from pixverse_c1_client import (
    DownloadError,
    InternalServerError,
    PermissionDeniedError,
    ResponseTooLargeError,
    _contract,
)
from pixverse_c1_client._roles import Result

from contract_tests import spec
from tests.doubles import (
    KEY,
    MODES,
    TASK_ID,
    VIDEO_URL,
    FakeClock,
    Script,
    async_client,
    call,
    created,
    created_body,
    error,
    key_sent,
    ok,
    outputs_of,
    sync_client,
    task_body,
    valid_request,
)

LIFE = spec.task_life()
VIDEO = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 40


def test_the_user_agent_names_the_package_its_version_and_the_spec_version() -> None:
    script = Script([created()])
    sync_client(script).create_task(valid_request())
    agent = script.requests[0].headers["User-Agent"]
    assert f"pixverse-c1-client/{pixverse_c1_client.__version__}" in agent
    assert _contract.SPEC_VERSION in agent


@pytest.mark.parametrize("mode", MODES)
def test_the_raw_answer_of_a_successful_call_is_available(mode: str) -> None:
    answer = httpx.Response(spec.CREATE_OK, json=created_body(), headers={"x-request-id": "req-7"})

    def go(client: Any) -> Any:
        return client.with_raw_response.create_task(valid_request())

    if mode == "sync":
        raw = go(sync_client(Script([answer])))
    else:

        async def run() -> Any:
            async with async_client(Script([answer])) as client:
                return await go(client)

        raw = asyncio.run(run())
    assert raw.parse() == TASK_ID
    assert (raw.status_code, raw.request_id) == (spec.CREATE_OK, "req-7")


@pytest.mark.parametrize("mode", MODES)
def test_errors_carry_the_providers_request_id(mode: str) -> None:
    answer = httpx.Response(503, json={"code": 503}, headers={"X-Request-Id": "req-42"})
    with pytest.raises(InternalServerError) as caught:
        call(mode, Script([answer]), "get_task_result", TASK_ID, options={"max_retries": 0})
    assert caught.value.request_id == "req-42"
    assert "req-42" in str(caught.value)


def test_with_options_changes_settings_for_some_calls_only() -> None:
    script = Script([error(503)])
    client = sync_client(script, max_retries=3)
    with pytest.raises(InternalServerError):
        client.with_options(max_retries=0, default_headers={"X-Trace": "t1"}).get_task_result(
            TASK_ID
        )
    assert len(script.requests) == 1
    assert script.requests[0].headers["X-Trace"] == "t1"
    with pytest.raises(InternalServerError):
        client.get_task_result(TASK_ID)
    assert len(script.requests) == 1 + 4
    assert "X-Trace" not in script.requests[-1].headers


def _key_headers() -> dict[str, str]:
    """A header in each place a key travels in a header: Authorization, and wherever the spec
    presents it (a header of its own, a cookie)."""
    found = {"Authorization": "other"}
    for presentation in spec.key_presentations().values():
        if presentation is not None:
            found.update(presentation.credentials("other").headers)
    return found


def test_default_headers_go_with_every_api_request_and_cannot_replace_the_key() -> None:
    script = Script([created()])
    sync_client(script, default_headers={"X-Team": "video"}).create_task(valid_request())
    assert script.requests[0].headers["X-Team"] == "video"
    assert key_sent(script.requests[0]) == KEY
    for name, value in _key_headers().items():
        with pytest.raises(pixverse_c1_client.InvalidArgumentError):
            sync_client(script, default_headers={name: value})
    with pytest.raises(pixverse_c1_client.InvalidArgumentError):
        sync_client(script, default_headers={"X-Bad": "a\r\nb"})


def _cdn(video: bytes = VIDEO, status: int = 200) -> Any:
    """The API answers a succeeded task; the CDN host serves the video (and must not get the
    key)."""
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.host == httpx.URL(VIDEO_URL).host:
            return httpx.Response(status, content=video)
        return ok(task_body(LIFE.succeeded))

    answer.seen = seen  # type: ignore[attr-defined]
    return answer


@pytest.mark.parametrize("mode", MODES)
def test_download_streams_the_video_to_the_path_with_progress(mode: str, tmp_path: Path) -> None:
    target = tmp_path / "out.mp4"
    progress: list[tuple[int, int | None]] = []
    cdn = _cdn()

    def record(done: int, total: int | None) -> None:
        progress.append((done, total))

    if mode == "sync":
        client = sync_client(cdn)
        result = client.get_task_result(TASK_ID)
        written = client.download(result, target, on_progress=record)
    else:

        async def run() -> Path:
            async with async_client(cdn) as client:
                result = await client.get_task_result(TASK_ID)

                async def arecord(done: int, total: int | None) -> None:
                    record(done, total)

                written: Path = await client.download(result, target, on_progress=arecord)
                return written

        written = asyncio.run(run())
    assert written == target and target.read_bytes() == VIDEO
    assert progress and progress[-1] == (len(VIDEO), len(VIDEO))
    download = cdn.seen[-1]
    # The key never goes to the CDN: in no header (Authorization, a cookie...), not in the URL.
    assert KEY not in str(download.url) + repr(download.headers.raw)


@pytest.mark.parametrize("mode", MODES)
def test_download_refuses_a_file_over_its_cap_and_leaves_nothing(mode: str, tmp_path: Path) -> None:
    target = tmp_path / "out.mp4"
    with pytest.raises(ResponseTooLargeError):
        call(mode, _cdn(), "download", VIDEO_URL, target, max_bytes=100)
    assert list(tmp_path.iterdir()) == []


def test_download_after_the_ttl_fetches_a_fresh_url_first(tmp_path: Path) -> None:
    clock = FakeClock()
    cdn = _cdn()
    client = sync_client(cdn, clock)
    result = client.get_task_result(TASK_ID)
    clock.now += 3600  # the spec example's video_url_ttl
    client.download(result, tmp_path / "v.mp4")
    hosts = [r.url.host for r in cdn.seen]
    assert hosts[-2] != httpx.URL(VIDEO_URL).host  # fetched the result again
    assert hosts[-1] == httpx.URL(VIDEO_URL).host


def test_download_of_an_expired_video_alone_is_a_typed_error(
    tmp_path: Path, url_lifetime: str
) -> None:
    clock = FakeClock()
    client = sync_client(_cdn(), clock)
    result = client.wait_for_result(TASK_ID)
    assert outputs_of(result)
    clock.now += 10**6
    with pytest.raises(DownloadError, match="run out"):
        client.download(outputs_of(result)[0], tmp_path / "v.mp4")


@pytest.mark.parametrize("mode", MODES)
def test_a_refused_download_is_a_typed_error_with_the_task_id(mode: str, tmp_path: Path) -> None:
    def go(client: Any, result: Result) -> Any:
        return client.download(result, tmp_path / "v.mp4")

    cdn = _cdn(status=403)
    result = sync_client(cdn).get_task_result(TASK_ID)
    with pytest.raises(PermissionDeniedError) as caught:
        if mode == "sync":
            go(sync_client(cdn), result)
        else:

            async def run() -> Any:
                async with async_client(cdn) as client:
                    return await go(client, result)

            asyncio.run(run())
    assert caught.value.task_id == TASK_ID
    assert not (tmp_path / "v.mp4").exists()
