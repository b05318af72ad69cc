"""The fake API over real HTTP: the same FakeAPI as behind respx, under a stdlib HTTP/1.1 server.

Used by `make mock-server`, by `make conformance` without a BASE_URL, and by the self-check
tests, so the suite is proven over a real socket and not only through respx. Connections are
kept alive (a conformance run sends hundreds of requests), and a request the HTTP layer cannot
read (a malformed Content-Length) gets a 400, never a 500.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from contract_tests.answers import FakeResponse, error_body, json_answer
from contract_tests.fake import FakeAPI, FakeTransportError

MAX_REQUEST_BODY = 16 * 1024 * 1024


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeAPI
    lock: threading.Lock


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # One write per answer, sent at once: no small segments waiting on a delayed ACK.
    wbufsize = 64 * 1024
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Requests carry the API key in a header; no log line is needed."""

    def _body(self) -> bytes | None:
        """The request body, or None when its Content-Length cannot be read."""
        length = self.headers.get("Content-Length")
        if length is None:
            return b""
        if not length.strip().isdigit() or int(length) > MAX_REQUEST_BODY:
            return None
        return self.rfile.read(int(length))

    def _send(self, answer: FakeResponse, close: bool = False) -> None:
        self.send_response(answer.status, _phrase(answer.status))
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(answer.body)))
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(answer.body)

    def _handle(self) -> None:
        body = self._body()
        if body is None:
            message = "Content-Length: not a length this server reads"
            self._send(json_answer(400, error_body(400, message)), close=True)
            return
        url = urlsplit(self.path)
        query = dict(parse_qsl(url.query, keep_blank_values=True))
        headers = {name.title(): value for name, value in self.headers.items()}
        try:
            with self.server.lock:
                answer = self.server.fake.handle(self.command, url.path, query, headers, body)
        except FakeTransportError:
            self.close_connection = True  # no answer at all, as a dropped connection
            return
        self._send(answer)

    def __getattr__(self, name: str) -> Any:
        """Every method goes to the fake, which answers 405 to one a route does not take
        (http.server would answer 501 to a method it has no do_ handler for)."""
        if name.startswith("do_"):
            return self._handle
        raise AttributeError(name)


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Status"


@contextmanager
def serve(fake: FakeAPI, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve `fake` in a background thread; yields its base URL (port 0: a free one)."""
    server = _Server((host, port), _Handler)
    server.fake, server.lock = fake, threading.Lock()
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-api", daemon=True
    )
    thread.start()
    try:
        yield f"http://{host}:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
