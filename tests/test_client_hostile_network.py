"""Servers no HTTP library would be: header lines trickled forever, gzip bombs, TLS that never
starts, keys echoed into headers. Each runs on loopback; every timeout is short."""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import json
import logging
import socket
import threading
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pixverse_c1_client import (
    APIConnectionError,
    APITimeoutError,
    AsyncPixverseC1,
    PixverseC1,
    PixverseError,
    ProgressCallbackError,
    ResponseTooLargeError,
    TaskTimeoutError,
)

from contract_tests import spec
from tests.doubles import (
    DEFAULTS,
    KEY,
    MODES,
    TASK_ID,
    RawServer,
    call,
    http_answer,
    task_body,
    task_id_of,
    valid_request,
)

DONE_BODY = task_body(spec.task_life().succeeded)


def _run(mode: str, url: str, method: str, *args: Any, **kwargs: Any) -> Any:
    """`method` on a real client of `url` (no retries), sync or in its own event loop."""
    options: dict[str, Any] = {"api_key": KEY, "base_url": url, "max_retries": 0, **DEFAULTS}
    if mode == "sync":
        with PixverseC1(**options) as client:
            return getattr(client, method)(*args, **kwargs)

    async def go() -> Any:
        async with AsyncPixverseC1(**options) as client:
            return await getattr(client, method)(*args, **kwargs)

    return asyncio.run(go())


def _trickle_headers(connection: socket.socket, request: bytes, n: int) -> None:
    """The first request gets a header line every 0.1 s, for 10 s; later ones an answer."""
    if n > 1:
        connection.sendall(http_answer(200, _done_json(), "Content-Type: application/json"))
        return
    connection.sendall(b"HTTP/1.1 200 OK\r\n")
    for _ in range(100):
        connection.sendall(b"X-Slow: yes\r\n")
        time.sleep(0.1)


def _done_json() -> bytes:
    return json.dumps(DONE_BODY).encode()


@pytest.mark.parametrize("mode", MODES)
def test_header_lines_trickled_forever_cannot_hold_a_call_past_its_timeout(mode: str) -> None:
    threads = threading.active_count()
    with RawServer(_trickle_headers) as server:
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            _run(mode, server.url, "get_task_result", TASK_ID, timeout=0.5)
        took = time.monotonic() - started
    # The server would talk for 10 s; the call ends near its 0.5 s (a margin for slow CI).
    assert took < 3.0
    assert threading.active_count() <= threads  # the watch on the socket has ended


def test_a_pooled_connection_is_cut_at_the_deadline_too_and_the_client_calls_again() -> None:
    def second_trickles(connection: socket.socket, request: bytes, n: int) -> None:
        if n == 2:  # on the connection the first answer came on
            _trickle_headers(connection, request, 1)
        else:
            connection.sendall(http_answer(200, _done_json()))

    with (
        RawServer(second_trickles) as server,
        PixverseC1(api_key=KEY, base_url=server.url, max_retries=0, **DEFAULTS) as client,
    ):
        assert task_id_of(client.get_task_result(TASK_ID, timeout=5)) == TASK_ID
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            client.get_task_result(TASK_ID, timeout=0.5)
        assert time.monotonic() - started < 3.0
        assert task_id_of(client.get_task_result(TASK_ID, timeout=5)) == TASK_ID
        assert task_id_of(client.get_task_result(TASK_ID, timeout=5)) == TASK_ID


def test_a_wait_ends_by_its_timeout_when_every_poll_trickles() -> None:
    def always_trickle(connection: socket.socket, request: bytes, n: int) -> None:
        _trickle_headers(connection, request, 1)

    with RawServer(always_trickle) as server:
        started = time.monotonic()
        with pytest.raises(TaskTimeoutError) as caught:
            _run("sync", server.url, "wait_for_result", TASK_ID, timeout=1.0)
        took = time.monotonic() - started
    assert caught.value.task_id == TASK_ID
    assert took < 3.5


def _bomb(inflated: int) -> bytes:
    """`inflated` zero bytes, gzipped twice: a few kilobytes on the wire."""
    inner = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(1 << 20)
    once = b"".join(inner.compress(block) for _ in range(inflated >> 20)) + inner.flush()
    return gzip.compress(once, 9)


@pytest.mark.parametrize("mode", MODES)
def test_a_gzip_bomb_is_refused_before_it_is_inflated(mode: str) -> None:
    bomb = _bomb(64 << 20)
    answer = http_answer(200, bomb, "Content-Encoding: gzip, gzip")

    def serve(connection: socket.socket, request: bytes, n: int) -> None:
        connection.sendall(answer)

    with RawServer(serve) as server:
        tracemalloc.start()
        try:
            with pytest.raises(ResponseTooLargeError):
                _run(mode, server.url, "get_task_result", TASK_ID)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    # 64 MiB inflated at once before; now at most the 4 MiB cap and a few pieces.
    assert peak < 16 << 20


@pytest.mark.parametrize("mode", MODES)
def test_a_gzipped_answer_still_reads(mode: str) -> None:
    answer = http_answer(200, gzip.compress(_done_json()), "Content-Encoding: gzip")

    def serve(connection: socket.socket, request: bytes, n: int) -> None:
        connection.sendall(answer)

    with RawServer(serve) as server:
        assert task_id_of(_run(mode, server.url, "get_task_result", TASK_ID)) == TASK_ID


class _Breaks(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body whose reading fails with something other than an httpx error."""

    def __iter__(self) -> Iterator[bytes]:
        yield b"{"
        raise MemoryError("the answer does not fit")

    async def __aiter__(self) -> Any:
        for chunk in self:
            yield chunk


@pytest.mark.parametrize("mode", MODES)
def test_a_body_that_fails_to_read_is_no_callback_failure_and_does_not_end_a_wait(
    mode: str,
) -> None:
    answers = iter([httpx.Response(200, stream=_Breaks())])

    def answer(request: httpx.Request) -> httpx.Response:
        return next(answers, httpx.Response(200, json=DONE_BODY))

    found = call(mode, answer, "wait_for_result", TASK_ID, timeout=60)
    assert task_id_of(found) == TASK_ID
    with pytest.raises(APIConnectionError) as caught:
        call(mode, lambda r: httpx.Response(200, stream=_Breaks()), "get_task_result", TASK_ID)
    assert not isinstance(caught.value, ProgressCallbackError)


@pytest.mark.parametrize("mode", MODES)
def test_a_create_whose_tls_never_starts_says_nothing_was_sent(mode: str) -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    url = f"https://127.0.0.1:{listener.getsockname()[1]}"
    try:
        with pytest.raises(APITimeoutError) as caught:
            _run(mode, url, "create_task", valid_request(), timeout=0.5)
    finally:
        stop.set()
        with contextlib.suppress(OSError):
            listener.shutdown(socket.SHUT_RDWR)
        listener.close()
        thread.join(timeout=5)
        for connection in held:
            connection.close()
    assert caught.value.maybe_sent is False
    assert "may have started" not in str(caught.value)


@pytest.mark.parametrize("mode", MODES)
def test_a_download_cut_off_by_its_timeout_leaves_no_partial_file(
    mode: str, tmp_path: Path
) -> None:
    def trickle(connection: socket.socket, request: bytes, n: int) -> None:
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")
        for _ in range(100):
            connection.sendall(b"x")
            time.sleep(0.05)

    with RawServer(trickle) as server, pytest.raises(PixverseError):
        _run(mode, "https://api.test.invalid", "download", server.url + "/v.mp4",
             tmp_path / "v.mp4", timeout=0.5)  # fmt: skip
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("mode", MODES)
def test_httpcore_logs_show_no_key_a_server_echoed_in_a_header(
    mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    body = b'{"code": 404, "reason": "NOT_FOUND", "message": "no"}'
    answer = http_answer(404, body, f"Location: https://evil.invalid/?k={KEY}")

    def serve(connection: socket.socket, request: bytes, n: int) -> None:
        connection.sendall(answer)

    caplog.set_level(logging.DEBUG)
    with RawServer(serve) as server, pytest.raises(PixverseError):
        _run(mode, server.url, "get_task_result", TASK_ID)
    assert any(r.name.startswith("httpcore") for r in caplog.records)
    assert KEY not in caplog.text
    assert not [r for r in caplog.records if KEY in r.getMessage()]
