"""Keep API keys out of everything the client says: messages, notes, body excerpts, logs, pickles.

A server may echo the key back (in an error message, an HTML page, even a task_id), so hiding the
Authorization header is not enough: every text the client makes is scrubbed of every key a
client of this process was given. Errors keep copies of their request and response without the
Authorization header, so that pickling or printing one cannot carry the key either.
"""

from __future__ import annotations

import contextlib
import html
import json
import logging
import re
import threading
from collections.abc import Mapping
from typing import Any, Final
from urllib.parse import quote, quote_plus

import httpx

from . import _auth
from ._contract import SECURITY

HIDDEN: Final = "<redacted>"
# Where the spec presents the key (_auth.py), besides the headers that always carry secrets.
_PRESENTED: Final = [p for p in _auth.presentations(SECURITY).values() if p is not None]
_SECRET_HEADERS: Final = frozenset(
    {"authorization", "proxy-authorization", "cookie"}
    | {p.name.lower() for p in _PRESENTED if p.place == "header"}
)
_SECRET_PARAMS: Final = frozenset(p.name for p in _PRESENTED if p.place == "query")
# A form this short would match inside ordinary words ("k" in "task"): it is scrubbed only
# where it stands alone, not glued to letters or digits.
_SHORT: Final = 8
_lock = threading.Lock()
_keys: set[str] = set()
_forms: tuple[str, ...] = ()
_short: tuple[re.Pattern[str], ...] = ()
_short_bytes: tuple[re.Pattern[bytes], ...] = ()


class Secret:
    """A key as given, held so that no repr, str, pickle or traceback frame shows it: the
    clients wrap the key in one before anything that can fail sees it."""

    __slots__ = ("_value",)

    def __init__(self, value: object) -> None:
        self._value = value

    def __repr__(self) -> str:
        return "<hidden>"

    __str__ = __repr__

    def __reduce__(self) -> Any:
        raise TypeError("an API key cannot be pickled")

    def given(self) -> bool:
        return self._value is not None

    def reveal(self) -> Any:
        return self._value


def _echoed_forms(key: str) -> set[str]:
    """`key` as a server may echo it: plain, JSON-escaped (ASCII or not, slashes escaped or
    not), URL-encoded, HTML-escaped."""
    forms = {key, json.dumps(key)[1:-1], json.dumps(key, ensure_ascii=False)[1:-1]}
    forms.add(json.dumps(key)[1:-1].replace("/", "\\/"))
    forms.add(html.escape(key, quote=True))
    forms.add(html.escape(key, quote=False))
    forms.add(key.replace("&", "&amp;"))
    forms.add("".join(f"\\u{ord(c):04x}" for c in key))
    forms.add("".join(f"\\u{ord(c):04X}" for c in key))
    raw = key.encode("utf-8", "surrogatepass")
    forms |= {quote(raw, safe=""), quote_plus(raw), quote(raw, safe="/:=+")}
    # As httpx writes it into a URL's query (a key presented in the query; httpx logs URLs).
    with contextlib.suppress(UnicodeEncodeError):  # a lone surrogate: no URL holds it
        forms.add(str(httpx.QueryParams({"k": key}))[2:])
    return {form for form in forms if form}


def remember(key: object) -> None:
    """Scrub `key`, in each form a server may echo it in, from all the client says from now on.
    Never fails: it runs where the key is held, before it is checked."""
    global _forms, _short, _short_bytes
    if isinstance(key, Secret):
        key = key.reveal()
    if not isinstance(key, str) or not key or key in _keys:
        return
    forms = _echoed_forms(key)
    with _lock:
        _keys.add(key)
        every = sorted(set(_forms) | forms, key=len, reverse=True)
        _forms = tuple(f for f in every if len(f) >= _SHORT)
        short = [f for f in every if len(f) < _SHORT]
        _short = tuple(re.compile(_alone(re.escape(f))) for f in short)
        _short_bytes = tuple(
            re.compile(_alone(re.escape(f)).encode("utf-8", "surrogatepass")) for f in short
        )


def _alone(pattern: str) -> str:
    return f"(?<![0-9A-Za-z]){pattern}(?![0-9A-Za-z])"


def scrub(text: str) -> str:
    for form in _forms:
        if form in text:
            text = text.replace(form, HIDDEN)
    for short in _short:
        text = short.sub(HIDDEN, text)
    return text


def scrub_bytes(data: bytes) -> bytes:
    for form in _forms:
        raw = form.encode("utf-8", "surrogatepass")
        if raw in data:
            data = data.replace(raw, HIDDEN.encode())
    for short in _short_bytes:
        data = short.sub(HIDDEN.encode(), data)
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


def safe_url(url: httpx.URL) -> httpx.URL:
    """`url` without a key the spec presents in the query, nor any it echoes."""
    hidden = {name: HIDDEN for name in _SECRET_PARAMS if name in url.params}
    return httpx.URL(scrub(str(url.copy_merge_params(hidden) if hidden else url)))


def safe_request(request: httpx.Request) -> httpx.Request:
    """The request without its credentials, and without its body (the caller has it)."""
    return httpx.Request(
        request.method, safe_url(request.url), headers=safe_headers(request.headers)
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


def frameless(error: BaseException) -> BaseException:
    """`error` without its frames, to be the cause of one of ours: it keeps its type and
    message, but httpx's frames hold the request as sent, whose URL carries a key presented in
    the query, and pytest prints the arguments of every frame of a cause too."""
    return error.with_traceback(None)


class ScrubFilter(logging.Filter):
    """Scrubs the client's log records: the message is rendered, then cleaned, args dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        if _forms or _short:
            try:
                text = record.getMessage()
            except Exception:  # a record whose args do not fit its message: keep the template
                text = str(record.msg)
            record.msg, record.args = scrub(text), None
        return True
