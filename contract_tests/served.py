"""The fake API over real HTTP: the same FakeAPI as behind respx, under a stdlib WSGI server.

Used by `make mock-server`, by `make conformance` without a BASE_URL, and by the self-check
tests, so the suite is proven over a real socket and not only through respx.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from http import HTTPStatus
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import parse_qsl
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from contract_tests.fake import FakeAPI


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Requests carry the API key in a header; wsgiref's log line is not needed."""


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Status"


def wsgi_app(fake: FakeAPI) -> Any:
    lock = threading.Lock()

    def app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        headers = {
            key[5:].replace("_", "-").title(): value
            for key, value in environ.items()
            if key.startswith("HTTP_")
        }
        if environ.get("CONTENT_TYPE"):
            headers["Content-Type"] = environ["CONTENT_TYPE"]
        query = dict(parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True))
        with lock:
            answer = fake.handle(
                environ["REQUEST_METHOD"], environ["PATH_INFO"], query, headers, body
            )
        status = f"{answer.status} {_phrase(answer.status)}"
        out_headers = [*answer.headers.items(), ("Content-Length", str(len(answer.body)))]
        start_response(status, out_headers)
        return [answer.body]

    return app


@contextmanager
def serve(fake: FakeAPI, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve `fake` in a background thread; yields its base URL (port 0: a free one)."""
    server = make_server(
        host, port, wsgi_app(fake), server_class=_Server, handler_class=_QuietHandler
    )
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
