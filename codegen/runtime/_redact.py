"""Keep API keys out of everything the client says: messages, notes, body excerpts, logs, pickles.

A server may echo the key back (in an error message, an HTML page, even a task_id), so hiding the
Authorization header is not enough: every text the client makes is scrubbed of every key a
client of this process was given. Errors keep copies of their request and response without the
Authorization header, so that pickling or printing one cannot carry the key either.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Mapping
from typing import Any, Final
from urllib.parse import quote, quote_plus

import httpx

HIDDEN: Final = "<redacted>"
_SECRET_HEADERS: Final = frozenset({"authorization", "proxy-authorization", "cookie"})
_lock = threading.Lock()
_forms: tuple[str, ...] = ()


def remember(key: str) -> None:
    """Scrub `key`, in each form a server may echo it in, from all the client says from now on."""
    global _forms
    forms = {key, json.dumps(key)[1:-1], quote(key, safe=""), quote_plus(key)}
    forms.add(json.dumps(key)[1:-1].replace("/", "\\/"))
    with _lock:
        _forms = tuple(sorted(set(_forms) | forms, key=len, reverse=True))


def scrub(text: str) -> str:
    for form in _forms:
        if form in text:
            text = text.replace(form, HIDDEN)
    return text


def scrub_bytes(data: bytes) -> bytes:
    for form in _forms:
        raw = form.encode("utf-8", "surrogatepass")
        if raw in data:
            data = data.replace(raw, HIDDEN.encode())
    return data


def scrub_value(value: Any, depth: int = 0) -> Any:
    """A copy of a JSON-like value with every string scrubbed (anything deeper than 100 levels
    is dropped rather than walked)."""
    if depth > 100:
        return None
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, Mapping):
        return {scrub(str(k)): scrub_value(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrub_value(v, depth + 1) for v in value]
    return value


def safe_headers(headers: httpx.Headers) -> httpx.Headers:
    return httpx.Headers(
        [
            (name, HIDDEN if name.lower() in _SECRET_HEADERS else scrub(value))
            for name, value in headers.items()
        ]
    )


def safe_request(request: httpx.Request) -> httpx.Request:
    """The request without its credentials, and without its body (the caller has it)."""
    return httpx.Request(
        request.method, scrub(str(request.url)), headers=safe_headers(request.headers)
    )


def safe_response(response: httpx.Response) -> httpx.Response:
    """A read copy of `response` that holds no key: fit to keep in an error, print or pickle."""
    try:
        request: httpx.Request | None = safe_request(response.request)
    except RuntimeError:
        request = None
    try:
        content = response.content
    except httpx.ResponseNotRead:
        content = b""
    headers = safe_headers(response.headers)
    # The content is already decoded: a Content-Encoding left in place would decode it twice.
    for name in ("content-encoding", "content-length", "transfer-encoding"):
        headers.pop(name, None)
    copy = httpx.Response(
        response.status_code, headers=headers, content=scrub_bytes(content), request=request
    )
    return copy


class ScrubFilter(logging.Filter):
    """Scrubs the client's log records: the message is rendered, then cleaned, args dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        if _forms:
            try:
                text = record.getMessage()
            except Exception:  # a record whose args do not fit its message: keep the template
                text = str(record.msg)
            record.msg, record.args = scrub(text), None
        return True
