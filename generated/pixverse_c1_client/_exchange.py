# Copied from codegen/runtime/_exchange.py by `make generate`: edit it there, not here.
"""How far one request got, as httpcore's `trace` extension tells it: whether the whole request
was written (so that an error can say exactly whether a task may have started), and the socket
it travels on (so that the sync client can cut an exchange at the call's deadline: httpx's own
timeouts bound each read, and a server sending a header line every half second never trips
them)."""

from __future__ import annotations

import contextlib
import socket
import sys
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any

import httpx

from ._retries import UnsentTimeout

_WRITTEN = "http11.send_request_body.complete"
_CONNECTED = frozenset(
    {
        "connection.connect_tcp.complete",
        "connection.connect_unix_socket.complete",
        "connection.start_tls.complete",
    }
)
_REUSED = "http11.send_request_headers.started"


class Exchange:
    """One request's progress. `traced` is False when the transport tells nothing (a mock
    transport): then nothing is known of what was sent."""

    def __init__(self, clock: Callable[[], float], deadline: float | None) -> None:
        self.clock, self.deadline = clock, deadline
        self.traced = False
        self.written = False
        self.cut = False
        self._socket: socket.socket | None = None
        self._timer: threading.Timer | None = None
        self._lock: threading.Lock | None = None  # made with the timer, its only other user
        self._over = False

    @property
    def unsent(self) -> bool:
        """Known not to have reached the server whole: no task can have started."""
        return self.traced and not self.written

    def trace(self, name: str, info: dict[str, Any]) -> None:
        """The sync trace callback: notes the phase, and watches the socket once it is known."""
        self._note(name)
        try:
            if name in _CONNECTED:
                self._watch(_socket_of(info.get("return_value")))
            elif name == _REUSED and self._socket is None:
                self._watch(_socket_of(_caller_stream()))
        except Exception:
            pass

    async def atrace(self, name: str, info: dict[str, Any]) -> None:
        """The async trace callback: the phase only (asyncio cuts the exchange itself)."""
        self._note(name)

    def _note(self, name: str) -> None:
        self.traced = True
        if name == _WRITTEN:
            self.written = True

    def _watch(self, found: socket.socket | None) -> None:
        if found is None or self.deadline is None:
            return
        if self._lock is None:
            self._lock = threading.Lock()
        with self._lock:
            self._socket = found
            if self._timer is not None or self._over:
                return
            self._timer = threading.Timer(max(self.deadline - self.clock(), 0.0), self._cut)
            self._timer.daemon = True
            self._timer.start()

    def _cut(self) -> None:
        assert self._lock is not None
        with self._lock:
            if self._over or self._socket is None:
                return
            self.cut = True
            # socket.socket's own shutdown, also on a TLS socket: it ends the blocked read
            # at once, whatever state the TLS layer is in.
            with contextlib.suppress(OSError):
                socket.socket.shutdown(self._socket, socket.SHUT_RDWR)

    def finish(self) -> None:
        """The exchange is over: the socket is no longer watched (and the watch has ended)."""
        if self._lock is None:  # never watched: no other thread knows this exchange
            self._over = True
            return
        with self._lock:
            self._over = True
            timer = self._timer
        if timer is not None:
            timer.cancel()
            timer.join()

    def late(self, request: httpx.Request | None) -> httpx.TimeoutException:
        """The error of an exchange the deadline ended."""
        if self.unsent:
            return UnsentTimeout(
                "the request could not be sent within the call's timeout; nothing reached the "
                "server",
                request=request,
            )
        return httpx.ReadTimeout(
            "the whole answer did not arrive within the call's timeout", request=request
        )


def _socket_of(stream: Any) -> socket.socket | None:
    get = getattr(stream, "get_extra_info", None)
    found = get("socket") if callable(get) else None
    return found if isinstance(found, socket.socket) else None


def _caller_stream() -> Any:
    """The network stream of the HTTP/1.1 connection whose trace is being told: a reused
    connection tells no connect event, so the stream is read off the connection itself."""
    frame: FrameType | None = sys._getframe(2)
    for _ in range(6):
        if frame is None:
            return None
        stream = getattr(frame.f_locals.get("self"), "_network_stream", None)
        if stream is not None:
            return stream
        frame = frame.f_back
    return None
