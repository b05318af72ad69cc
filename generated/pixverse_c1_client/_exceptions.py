# Copied from codegen/runtime/_exceptions.py by `make generate`: edit it there, not here.
"""Every error the client raises, by what the caller can do about it.

Modelled on openai-python's `_exceptions.py`: one base class, a status error per HTTP status
family carrying the contract's `reason` and `message`, connection errors kept apart from status
errors (a create that timed out may still have started a paid task; one that got a 400 did not).
"""

from __future__ import annotations

import email.utils
import time
from typing import Any

import httpx

from .models.error import Error
from .types import Unset

_SNIPPET = 200


class PixverseError(Exception):
    """The base of every error this client raises."""


class APIConnectionError(PixverseError):
    """The API could not be reached, or the connection broke before an answer came.

    `maybe_sent` is True when the request may have reached the server: for a create call this
    means a task may exist and be billed.
    """

    def __init__(self, message: str, *, request: httpx.Request | None, maybe_sent: bool) -> None:
        super().__init__(message)
        self.request = request
        self.maybe_sent = maybe_sent


class APITimeoutError(APIConnectionError):
    """The connect, write or read timeout ran out."""


class APIStatusError(PixverseError):
    """The server answered with a non-2xx status."""

    status_code: int

    def __init__(self, response: httpx.Response, body: Error | Any, note: str = "") -> None:
        self.response = response
        self.status_code = response.status_code
        self.body = body
        reason = body.reason if isinstance(body, Error) else None
        message = body.message if isinstance(body, Error) else None
        self.reason: str | None = None if isinstance(reason, Unset) else reason
        self.message: str | None = None if isinstance(message, Unset) else message
        request = response.request
        text = f"{request.method} {request.url.path} answered {self.status_code}"
        if self.reason:
            text += f" {self.reason}"
        if self.message:
            text += f": {self.message}"
        super().__init__(text + self._hint() + note)

    def _hint(self) -> str:
        return ""


class BadRequestError(APIStatusError):
    """400: the request breaks a rule of the API. Nothing was started or billed."""

    def _hint(self) -> str:
        return " (the request was rejected and cost nothing; fix it and send it again)"


class AuthenticationError(APIStatusError):
    """401: the API key is missing or wrong."""

    def _hint(self) -> str:
        return " (check the API key: pass api_key=... or set HIGHWAY_API_KEY)"


class PermissionDeniedError(APIStatusError):
    """403: the key may not use this endpoint, or the balance is too low."""


class NotFoundError(APIStatusError):
    """404: unknown task_id or unknown route."""


class RateLimitError(APIStatusError):
    """429: too many requests. `retry_after` is the server's Retry-After, in seconds, if any."""

    def __init__(self, response: httpx.Response, body: Error | Any, note: str = "") -> None:
        super().__init__(response, body, note)
        self.retry_after = parse_retry_after(response.headers)


class InternalServerError(APIStatusError):
    """5xx: the provider failed."""


class MalformedResponseError(PixverseError):
    """A 2xx answer whose body does not match openapi.yaml (not JSON, a field missing or of the
    wrong type). The call may still have had its effect on the server."""

    def __init__(self, problem: str, *, response: httpx.Response) -> None:
        self.response = response
        self.problem = problem
        snippet = response.text[:_SNIPPET]
        request = response.request
        super().__init__(
            f"{request.method} {request.url.path} answered {response.status_code} with a body "
            f"that does not match openapi.yaml: {problem}; the body starts {snippet!r}"
        )


class TaskFailedError(PixverseError):
    """The task ended with the failed status; `reason` says why (it may be empty)."""

    def __init__(self, task_id: str, reason: str, result: Any) -> None:
        self.task_id = task_id
        self.reason = reason
        self.result = result
        super().__init__(f"task {task_id} failed: {reason or '(the server gave no reason)'}")


class TaskTimeoutError(PixverseError):
    """The wait gave up. The task itself goes on, may still finish, and is billed."""

    def __init__(self, task_id: str, last_status: str | None, waited: float) -> None:
        self.task_id = task_id
        self.last_status = last_status
        self.waited = waited
        super().__init__(
            f"task {task_id} was not finished after {waited:.1f} s (last status: "
            f"{last_status or 'unknown'}). The task may still finish and is billed either way: "
            f"resume with wait_for_result({task_id!r}) instead of submitting it again."
        )


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    429: RateLimitError,
}


def status_error(response: httpx.Response, note: str = "") -> APIStatusError:
    """The exception for a non-2xx response; its body parsed as the contract's Error if it is."""
    body: Error | Any
    try:
        raw = response.json()
    except ValueError:
        body = response.text
    else:
        try:
            body = Error.from_dict(raw) if isinstance(raw, dict) else raw
        except (KeyError, TypeError, ValueError):
            body = raw
    if isinstance(body, Error) and not _all_strings(body):
        body = response.json()
    if response.status_code >= 500:
        return InternalServerError(response, body, note)
    return _BY_STATUS.get(response.status_code, APIStatusError)(response, body, note)


def _all_strings(body: Error) -> bool:
    return all(isinstance(v, str | Unset) for v in (body.reason, body.message))


def parse_retry_after(headers: httpx.Headers, now: float | None = None) -> float | None:
    """Retry-After in seconds, given as seconds or as an HTTP date (RFC 9110); None if absent
    or unreadable. `now` is the wall-clock time (time.time()) a date is measured from."""
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
        return max(0.0, seconds)
    return seconds if seconds >= 0 else None
