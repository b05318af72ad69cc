"""A wall-clock deadline on every socket operation of a request, headers and body alike.

httpx's timeouts bound each read, not the request: a server sending a byte a second never
trips them. This network backend gives each read, write and connect the time left before the
request's deadline at most, so that no request outlives it.
"""

from __future__ import annotations

import functools
import socket
import ssl
import time
import typing

import httpcore
import httpx


class _Stream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream, backend: DeadlineBackend) -> None:
        self._inner, self._backend = inner, backend

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._backend.left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._backend.left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        left = self._backend.left(timeout, httpcore.ConnectTimeout)
        return _Stream(self._inner.start_tls(ssl_context, server_hostname, left), self._backend)

    def get_extra_info(self, info: str) -> typing.Any:
        return self._inner.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's own sockets, each operation cut short at `deadline` (time.monotonic)."""

    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()
        self.deadline = float("inf")

    def left(self, timeout: float | None, error: type[Exception]) -> float:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise error("the request's deadline passed")
        return remaining if timeout is None else min(timeout, remaining)

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        left = self.left(timeout, httpcore.ConnectTimeout)
        stream = self._inner.connect_tcp(host, port, left, local_address, socket_options)
        return _Stream(stream, self)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        left = self.left(timeout, httpcore.ConnectTimeout)
        return _Stream(self._inner.connect_unix_socket(path, left, socket_options), self)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    """Loading the CA bundle takes a tenth of a second: once per process is enough."""
    return httpx.create_ssl_context()


def client(backend: DeadlineBackend) -> httpx.Client:
    """An httpx client whose every connection goes through `backend`; no redirect followed.

    TCP_NODELAY: a request's headers and body leave as two writes, and the second must not wait
    for the server to acknowledge the first.
    """
    transport = httpx.HTTPTransport(verify=_ssl_context())
    transport._pool = httpcore.ConnectionPool(  # the one way to give httpx a network backend
        ssl_context=_ssl_context(),
        network_backend=backend,
        socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)],
    )
    return httpx.Client(transport=transport, follow_redirects=False, trust_env=False)
