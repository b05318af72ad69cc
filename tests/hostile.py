"""Small hostile HTTP servers on raw sockets, each started by the test that needs it.

Each connection carries one request; `behave(connection, number)` answers it its own way (hang,
trickle, flood, rate-limit), `number` counting requests from 1. stop() ends every connection.
`replying(reply)` answers each request with `reply(head, number)`, for a server that echoes what
it was sent.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Behaviour = Callable[[socket.socket, int, threading.Event], None]
_request = threading.local()  # the head of the request the connection's thread is answering


def read_request(connection: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length" and value.strip().isdigit():
            length = int(value)
    while len(body) < length:
        chunk = connection.recv(65536)
        if not chunk:
            break
        body += chunk
    return head


def answer(status: str, body: bytes, *headers: str) -> bytes:
    lines = [f"HTTP/1.1 {status}", "Content-Type: application/json", "Connection: close"]
    lines += [*headers, f"Content-Length: {len(body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


NOT_FOUND = answer("404 Not Found", b'{"code": 404, "message": "no such task"}')


def hang(connection: socket.socket, number: int, stop: threading.Event) -> None:
    stop.wait()


def trickle(connection: socket.socket, number: int, stop: threading.Event) -> None:
    """A byte of the status line every 50 ms, forever."""
    for byte in iter(lambda: b"H", None):
        if stop.wait(0.05):
            return
        connection.sendall(byte)


def flood(connection: socket.socket, number: int, stop: threading.Event) -> None:
    """A 404 whose body never ends."""
    connection.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n\r\n")
    chunk = b"x" * 65536
    while not stop.is_set():
        connection.sendall(chunk)


def rate_limit(connection: socket.socket, number: int, stop: threading.Event) -> None:
    connection.sendall(answer("429 Too Many Requests", b"{}", "Retry-After: 1"))


def empty_200(connection: socket.socket, number: int, stop: threading.Event) -> None:
    connection.sendall(answer("200 OK", b""))


def replying(reply: Callable[[bytes, int], bytes]) -> Behaviour:
    """Each request answered with `reply(head, number)`, the head being its request line and
    header lines."""

    def behave(connection: socket.socket, number: int, stop: threading.Event) -> None:
        connection.sendall(reply(current_head(), number))

    return behave


def current_head() -> bytes:
    """The head of the request this connection's thread is answering."""
    head: bytes = _request.head
    return head


def header(head: bytes, name: str) -> str:
    """The value of the request header `name` in `head`, or ""."""
    for line in head.split(b"\r\n")[1:]:
        found, _, value = line.partition(b":")
        if found.strip().lower() == name.lower().encode():
            return value.strip().decode("latin-1")
    return ""


def first_then(then: Behaviour, first: int = 1) -> Behaviour:
    """The `first` requests get a 404 (the preflight's: it passes), every later one `then`."""

    def behave(connection: socket.socket, number: int, stop: threading.Event) -> None:
        if number <= first:
            connection.sendall(NOT_FOUND)
        else:
            then(connection, number, stop)

    return behave


@contextmanager
def hostile(behave: Behaviour) -> Iterator[str]:
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.05)
    stop = threading.Event()
    count = [0]
    lock = threading.Lock()

    def one(connection: socket.socket) -> None:
        with connection:
            try:
                head = read_request(connection)
                if not head:
                    return
                _request.head = head
                with lock:
                    count[0] += 1
                    number = count[0]
                behave(connection, number, stop)
            except OSError:
                pass  # the client hung up: what a deadline does

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            threading.Thread(target=one, args=(connection,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join()
        listener.close()
