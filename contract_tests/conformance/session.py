"""The conformance suite's HTTP session: polite, counted, bounded, reproducible.

Polite: a rate cap, and a 429 waited out for its Retry-After, within a total wait budget.
Counted: every create request a server accepted (or may have acted on) is counted against
MAX_BILLABLE before the next is sent. Bounded: each request has a wall-clock deadline, the run
has one (RUN_TIMEOUT), and an answer is read up to a size cap, the rest left unread. Every
request can be shown as a curl line with the key redacted, so a report's reader can replay a
deviation without the suite.
"""

from __future__ import annotations

import json
import shlex
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from pixverse_c1_client._auth import Credentials, Presentation
from pixverse_c1_client._exceptions import parse_retry_after

from contract_tests import oracle, parameters, spec, strict_json
from contract_tests.conformance.deadline import DeadlineBackend, client

REDACTED = "<redacted>"
MAX_RETRY_AFTER = 60.0  # seconds; a longer Retry-After ends the wait and reports the 429
MAX_429_RETRIES = 5
MAX_BODY = 256 * 1024  # bytes of an answer kept; a report needs far less


class BudgetExhausted(Exception):
    """Sending this create request could start paid work beyond MAX_BILLABLE."""


class RunTimedOut(Exception):
    """RUN_TIMEOUT is reached: nothing more is sent."""


@dataclass(frozen=True)
class Key:
    """The key as one request carries it (`sent`), and as a report shows it (`shown`: the same
    places, the key itself redacted)."""

    sent: Credentials = field(repr=False)
    shown: Credentials

    @classmethod
    def of(cls, presentation: Presentation | None, key: str) -> Key:
        if presentation is None:
            return NO_KEY
        return cls(presentation.credentials(key), presentation.credentials(REDACTED))


NO_KEY = Key(Credentials({}, {}), Credentials({}, {}))


@dataclass(frozen=True)
class Answer:
    """What the server answered, its body cut at MAX_BODY bytes."""

    status_code: int
    headers: httpx.Headers
    content: bytes
    truncated: bool = False  # the body went on past MAX_BODY; the rest was not read

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")

    @property
    def is_success(self) -> bool:
        return 200 <= self.status_code < 300

    @property
    def is_redirect(self) -> bool:
        return 300 <= self.status_code < 400

    def json(self) -> Any:
        """The body as strict JSON; ValueError when it is none (nested too deeply included)."""
        return strict_json.loads(self.content)


@dataclass
class Exchange:
    """One request and its answer (or the transport error in its place)."""

    method: str
    url: str  # without the key, which `key` holds
    headers: dict[str, str]  # without the key
    body: bytes | None
    response: Answer | None
    error: str | None = None
    reached: bool = True  # False when the connection was never made
    key: Key = NO_KEY  # how the request carried the key: curl() shows it redacted

    @property
    def path(self) -> str:
        """The URL's path as sent, still percent-encoded."""
        return httpx.URL(self.url).raw_path.decode("ascii").partition("?")[0]

    def problems(self) -> list[str]:
        """What the oracle finds wrong with the answer, for its route and status."""
        if self.response is None:
            return [f"no answer: {self.error}"]
        found, _ = oracle.answer_problems(
            self.method,
            self.path,
            self.response.status_code,
            self.response.headers.get("content-type", ""),
            self.response.content,
        )
        return found

    @property
    def maybe_billable(self) -> bool:
        """No answer, or a 5xx, to a request that reached the server: a task may exist."""
        if self.response is None:
            return self.reached
        return self.response.status_code >= 500

    def curl(self) -> str:
        shown = "&".join(f"{urllib.parse.quote(k)}={v}" for k, v in self.key.shown.params.items())
        url = self.url + ("&" if "?" in self.url else "?") + shown if shown else self.url
        parts = ["curl", "-sS", "-X", self.method, shlex.quote(url)]
        for name, value in {**self.headers, **self.key.shown.headers}.items():
            parts += ["-H", shlex.quote(f"{name}: {value}")]
        if self.body is not None:
            parts += ["--data-binary", shlex.quote(self.body.decode("utf-8", "replace"))]
        return " ".join(parts)

    def json(self) -> Any:
        assert self.response is not None
        return self.response.json()


@dataclass(frozen=True)
class Limits:
    """How long and how much: per request, per run, and for Retry-After waits in total."""

    request_timeout: float = 30.0
    run_timeout: float | None = None
    retry_wait: float = 120.0
    max_body: int = MAX_BODY


class Session:
    """A sequential client of the server under test."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        max_rps: float | None,
        max_billable: int,
        limits: Limits | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.max_billable = max_billable
        self.limits = limits = limits or Limits()
        self.billable_sent = 0  # create requests the server accepted
        self.maybe_billable = 0  # create requests answered 5xx or not at all
        self.wrongly_accepted = 0  # of those, requests the server had to reject
        self.sent = 0
        self.retry_waited = 0.0  # seconds spent honouring Retry-After
        self._gap = 1.0 / max_rps if max_rps else 0.0
        self._sleep, self._clock = sleep, clock
        self._last = -float("inf")
        self._deadline = (
            None if limits.run_timeout is None else clock() + max(limits.run_timeout, 0.0)
        )
        self._backend = DeadlineBackend()
        self._http = client(self._backend)

    def close(self) -> None:
        self._http.close()

    def key(
        self, method: str, path: str, key: str | None = None, spelled: str | None = None
    ) -> Key:
        """The key (`key`, else the session's) as the spec says this operation's request carries
        it, the HTTP scheme name written `spelled` when given; NO_KEY when it needs none."""
        presentation = spec.key_presentation(method, path)
        if presentation is not None and spelled is not None:
            presentation = presentation.spelled(spelled)
        return Key.of(presentation, self.api_key if key is None else key)

    def time_left(self) -> float:
        return float("inf") if self._deadline is None else self._deadline - self._clock()

    def create(
        self,
        body: bytes | Any,
        *,
        headers: dict[str, str | None] | None = None,
        key: Key | None = None,
        sent: parameters.Sent | None = None,
        may_be_accepted: bool,
    ) -> Exchange:
        """POST a create request. One a server may accept counts against the budget first.

        One it must reject cannot be foreseen to cost: but once a server has accepted more than
        MAX_BILLABLE, nothing more is sent to it, so a run costs MAX_BILLABLE + 1 at most.
        `sent` are the create call's parameters (its required ones at plain values if None);
        `headers` replace the default ones (the JSON content type, the parameters) name by name,
        None leaving one out; `key` replaces the session's key as the spec presents it (NO_KEY:
        none).
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
        values = parameters.valid(spec.CREATE_OPERATION) if sent is None else sent
        path, query, own = parameters.split(spec.CREATE_OPERATION, values)
        defaults = {"Content-Type": "application/json", **own}
        path = f"{path}?{httpx.QueryParams(query)}" if query else path
        given = self.key("post", spec.CREATE_PATH) if key is None else key
        exchange = self.send("POST", path, _merged(defaults, headers), raw, given)
        if exchange.response is not None and exchange.response.is_success:
            self.billable_sent += 1
            self.wrongly_accepted += not may_be_accepted
        elif exchange.maybe_billable:
            self.maybe_billable += 1
        return exchange

    def result(
        self,
        task_id: str | None,
        *,
        headers: dict[str, str | None] | None = None,
        key: Key | None = None,
        sent: parameters.Sent | None = None,
    ) -> Exchange:
        """GET the task-result of `task_id` (None: the task id `sent` has, if any), with the
        call's parameters `sent` (its required ones at plain values if None) and `key` in
        place of the session's key as the spec presents it (NO_KEY: none)."""
        values = dict(parameters.valid(spec.RESULT_OPERATION) if sent is None else sent)
        task = parameters.task_parameter()
        if task_id is not None:
            values[task.field] = task_id
        given = self.key("get", spec.RESULT_PATH) if key is None else key
        try:
            path, query, own = parameters.split(spec.RESULT_OPERATION, values)
            encoded = str(httpx.QueryParams(query))
        except UnicodeEncodeError:
            # A lone surrogate (JSON allows "\ud800") has no UTF-8: no URL can carry the id.
            shown = urllib.parse.urlencode(values, encoding="utf-8", errors="surrogatepass")
            url = f"{self.base_url}{spec.RESULT_PATH} ({shown})"
            why = "not sent: the task_id is not valid Unicode (a lone surrogate): no URL holds it"
            return Exchange("GET", url, _merged({}, headers), None, None, why, False, given)
        sent_headers = _merged(own, headers)
        path = f"{path}?{encoded}" if encoded else path
        return self.send("GET", path, sent_headers, None, given)

    def send(
        self,
        method: str,
        path: str,
        headers: dict[str, str],
        body: bytes | None,
        key: Key = NO_KEY,
    ) -> Exchange:
        """One request, a 429 retried after its Retry-After while the wait budget lasts."""
        url = self.base_url + path
        exchange = Exchange(method, url, headers, body, None, "not sent", key=key)
        for _ in range(MAX_429_RETRIES + 1):
            self._pace()
            self.sent += 1
            exchange = self._exchange(method, url, headers, body, key)
            wait = _retry_after(exchange.response)
            if wait is None or not self._may_wait(wait):
                return exchange
            self.retry_waited += wait
            self._sleep(wait)
        return exchange

    def _may_wait(self, wait: float) -> bool:
        budget_left = self.limits.retry_wait - self.retry_waited
        return wait <= MAX_RETRY_AFTER and wait <= budget_left and wait < self.time_left()

    def _exchange(
        self, method: str, url: str, headers: dict[str, str], body: bytes | None, key: Key
    ) -> Exchange:
        left = self.time_left()
        if left <= 0:
            raise RunTimedOut(f"RUN_TIMEOUT={self.limits.run_timeout:g}s reached")
        allowed = min(self.limits.request_timeout, left)
        self._backend.deadline = time.monotonic() + allowed
        try:
            with self._http.stream(
                method,
                _with_params(url, key.sent.params),
                headers={**headers, **key.sent.headers},
                content=body,
                timeout=allowed,
            ) as response:
                kept, truncated = self._read(response)
        except httpx.HTTPError as error:
            reached = not isinstance(error, httpx.ConnectError | httpx.ConnectTimeout)
            why = f"{type(error).__name__}: {error}"
            if isinstance(error, httpx.TimeoutException):
                why = f"no complete answer within {allowed:g}s ({type(error).__name__})"
            return Exchange(method, url, headers, body, None, why, reached, key)
        finally:
            self._backend.deadline = float("inf")
        answer = Answer(response.status_code, response.headers, kept, truncated)
        return Exchange(method, url, headers, body, answer, key=key)

    def _read(self, response: httpx.Response) -> tuple[bytes, bool]:
        """The body up to max_body bytes; beyond that the connection is dropped unread."""
        kept = bytearray()
        for chunk in response.iter_bytes():
            kept += chunk
            if len(kept) > self.limits.max_body:
                return bytes(kept[: self.limits.max_body]), True
        return bytes(kept), False

    def _pace(self) -> None:
        wait = min(self._last + self._gap - self._clock(), self.time_left())
        if wait > 0:
            self._sleep(wait)
        self._last = self._clock()


def _with_params(url: str, params: dict[str, str]) -> str:
    """`url` with `params` added to its query, what it holds left as written."""
    if not params:
        return url
    return url + ("&" if "?" in url else "?") + str(httpx.QueryParams(params))


def _merged(defaults: dict[str, str], changes: dict[str, str | None] | None) -> dict[str, str]:
    merged: dict[str, str | None] = {**defaults, **(changes or {})}
    return {name: value for name, value in merged.items() if value is not None}


def _retry_after(response: Answer | None) -> float | None:
    """The 429's Retry-After read as the client reads it (seconds or an HTTP date); 1 s if none."""
    if response is None or response.status_code != 429:
        return None
    found = parse_retry_after(response.headers)
    return 1.0 if found is None else max(found, 0.0)
