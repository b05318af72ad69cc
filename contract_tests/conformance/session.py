"""The conformance suite's HTTP session: polite (a rate cap, 429 honoured), counted, reproducible.

Every request it sends can be shown as a curl line with the key redacted, so a report's reader
can replay a deviation without the suite.
"""

from __future__ import annotations

import json
import shlex
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from pixverse_c1_client._exceptions import parse_retry_after

from contract_tests import spec

REDACTED = "<redacted>"
MAX_RETRY_AFTER = 60.0  # seconds; a longer Retry-After ends the wait and reports the 429
MAX_429_RETRIES = 5


class BudgetExhausted(Exception):
    """Sending this create request could start paid work beyond MAX_BILLABLE."""


@dataclass
class Exchange:
    """One request and its answer (or the transport error in its place)."""

    method: str
    url: str
    headers: dict[str, str] = field(repr=False)  # they carry the key: curl() redacts it
    body: bytes | None
    response: httpx.Response | None
    error: str | None = None
    reached: bool = True  # False when the connection was never made

    @property
    def maybe_billable(self) -> bool:
        """No answer, or a 5xx, to a request that reached the server: a task may exist."""
        if self.response is None:
            return self.reached
        return self.response.status_code >= 500

    def curl(self) -> str:
        parts = ["curl", "-sS", "-X", self.method, shlex.quote(self.url)]
        for name, value in self.headers.items():
            shown = _redact(name, value)
            parts += ["-H", shlex.quote(f"{name}: {shown}")]
        if self.body is not None:
            parts += ["--data-binary", shlex.quote(self.body.decode("utf-8", "replace"))]
        return " ".join(parts)

    def json(self) -> Any:
        assert self.response is not None
        return self.response.json()


def _redact(name: str, value: str) -> str:
    if name.lower() != "authorization":
        return value
    scheme, _, key = value.partition(" ")
    return f"{scheme} {REDACTED}" if key else REDACTED


class Session:
    """A sequential client of the server under test."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        max_rps: float | None,
        max_billable: int,
        timeout: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.max_billable = max_billable
        self.billable_sent = 0  # create requests the server accepted
        self.maybe_billable = 0  # create requests answered 5xx or not at all
        self.sent = 0
        self._gap = 1.0 / max_rps if max_rps else 0.0
        self._sleep, self._clock = sleep, clock
        self._last = -float("inf")
        self._http = httpx.Client(timeout=timeout)

    def close(self) -> None:
        self._http.close()

    def auth(self, key: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api_key if key is None else key}"}

    def create(
        self,
        body: bytes | Any,
        *,
        headers: dict[str, str] | None = None,
        may_be_accepted: bool,
    ) -> Exchange:
        """POST a create request. One a server may accept counts against the budget first.

        One it must reject cannot be foreseen to cost: but once a server has accepted more than
        MAX_BILLABLE, nothing more is sent to it, so a run costs MAX_BILLABLE + 1 at most.
        """
        spent = self.billable_sent + self.maybe_billable
        if spent > self.max_billable:
            raise BudgetExhausted(
                f"not sent: the server accepted {self.billable_sent} create requests and may have "
                f"started {self.maybe_billable} more (5xx or no answer), more than "
                f"MAX_BILLABLE={self.max_billable}"
            )
        if may_be_accepted and spent >= self.max_billable:
            raise BudgetExhausted(f"not sent: MAX_BILLABLE={self.max_billable} reached")
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        sent_headers = {
            "Content-Type": "application/json",
            **(self.auth() if headers is None else headers),
        }
        exchange = self.send("POST", spec.CREATE_PATH, sent_headers, raw)
        if exchange.response is not None and exchange.response.is_success:
            self.billable_sent += 1
        elif exchange.maybe_billable:
            self.maybe_billable += 1
        return exchange

    def result(self, task_id: str, *, headers: dict[str, str] | None = None) -> Exchange:
        query = httpx.QueryParams({"task_id": task_id})
        sent_headers = self.auth() if headers is None else headers
        return self.send("GET", f"{spec.RESULT_PATH}?{query}", sent_headers, None)

    def send(self, method: str, path: str, headers: dict[str, str], body: bytes | None) -> Exchange:
        url = self.base_url + path
        for _ in range(MAX_429_RETRIES + 1):
            self._pace()
            self.sent += 1
            try:
                response = self._http.request(method, url, headers=headers, content=body)
            except httpx.HTTPError as error:
                reached = not isinstance(error, httpx.ConnectError | httpx.ConnectTimeout)
                why = f"{type(error).__name__}: {error}"
                return Exchange(method, url, headers, body, None, why, reached)
            wait = _retry_after(response)
            if response.status_code != 429 or wait is None or wait > MAX_RETRY_AFTER:
                return Exchange(method, url, headers, body, response)
            self._sleep(wait)
        return Exchange(method, url, headers, body, response)

    def _pace(self) -> None:
        wait = self._last + self._gap - self._clock()
        if wait > 0:
            self._sleep(wait)
        self._last = self._clock()


def _retry_after(response: httpx.Response) -> float | None:
    """The 429's Retry-After read as the client reads it (seconds or an HTTP date); 1 s if none."""
    if response.status_code != 429:
        return None
    found = parse_retry_after(response.headers)
    return 1.0 if found is None else found
