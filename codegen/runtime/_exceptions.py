"""Every error the client raises, by what the caller can do about it.

Modelled on openai-python's `_exceptions.py`: one base class, a status error per HTTP status
family carrying the contract's `reason` and `message`, connection errors kept apart from status
errors (a create that timed out may still have started a paid task; one that got a 400 did not).

Every error can be pickled and copied (for Celery or multiprocessing) and holds no API key: its
texts are scrubbed when it is made, and it keeps copies of the request and response without the
Authorization header.
"""

from __future__ import annotations

import email.utils
import json
import math
import pickle
import time
from typing import Any, Final

import httpx

from ._redact import safe_request, safe_response, scrub, scrub_value

_SNIPPET: Final = 200
_MESSAGE_LIMIT: Final = 500
# Where providers put the id of a request, to quote when asking them about it.
REQUEST_ID_HEADERS: Final = ("x-request-id", "request-id", "x-amzn-requestid", "x-correlation-id")


def request_id_of(headers: httpx.Headers) -> str | None:
    for name in REQUEST_ID_HEADERS:
        value = headers.get(name)
        if value:
            return scrub(value)[:_MESSAGE_LIMIT]
    return None


def _shorten(text: str, limit: int = _MESSAGE_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _as_json(body: Any) -> Any:
    """An error body as JSON values: a model's through its to_dict (None where it cannot say
    itself), anything else as it is."""
    if isinstance(body, dict | list | str) or not hasattr(body, "to_dict"):
        return body
    try:
        return body.to_dict()
    except Exception:  # a model that cannot say itself: nothing to read or quote
        return None


def _shown(body: Any) -> str:
    """An error body (as scrubbed JSON values) as the error's text quotes it: a string as it
    is, JSON compactly; "" for no body."""
    if isinstance(body, str):
        return body
    if not isinstance(body, dict | list) or not body:
        return ""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), default=str)


def _rebuild(kind: type[PixverseError], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    error = kind.__new__(kind)
    error.args = args
    error.__dict__.update(state)
    return error


def _picklable(value: Any) -> tuple[bool, Any]:
    """(keep it, the value to keep): requests and responses without credentials, generated
    models scrubbed, and nothing that would not pickle."""
    if isinstance(value, httpx.Response):
        return True, safe_response(value)
    if isinstance(value, httpx.Request):
        return True, safe_request(value)
    if hasattr(value, "to_dict") and hasattr(type(value), "from_dict"):
        try:
            value = type(value).from_dict(scrub_value(value.to_dict()))
        except Exception:
            return False, None
    elif isinstance(value, str | list | tuple | dict):
        value = scrub_value(value)
    try:
        pickle.dumps(value)
    except Exception:
        return False, None
    return True, value


class PixverseError(Exception):
    """The base of every error this client raises.

    `task_id` is set on every error raised after a task was created (the task is billed:
    resume it with wait_for_result(task_id)); `request_id` is the provider's id of the request
    when its answer carried one.
    """

    request_id: str | None = None

    @property
    def task_id(self) -> str | None:
        found: str | None = self.__dict__.get("_task_id")
        return found

    @task_id.setter
    def task_id(self, value: str | None) -> None:
        # A server may echo the key even into a task_id: what an error holds is scrubbed.
        self.__dict__["_task_id"] = None if value is None else scrub(str(value))

    def __init__(self, message: str = "") -> None:
        super().__init__(scrub(message))

    def add_note(self, note: str) -> None:
        super().add_note(scrub(note))

    def __reduce__(self) -> tuple[Any, ...]:
        state = {}
        for name, value in self.__dict__.items():
            keep, safe = _picklable(value)
            if keep:
                state[name] = safe
        return (_rebuild, (type(self), tuple(scrub_value(list(self.args))), state))


class InvalidArgumentError(PixverseError, ValueError):
    """A call was given an argument it cannot use (a wrong type, an empty task_id, a bad key or
    header); nothing was sent."""


class ClientStateError(PixverseError, RuntimeError):
    """The client cannot send now: it was closed, or its HTTP client belongs to another event
    loop. Nothing was sent."""


class UnexpectedClientError(PixverseError):
    """A failure inside the client that none of the other errors describes; its __cause__ is
    the original exception."""


class ProgressCallbackError(PixverseError):
    """The on_progress callback raised (the __cause__); the wait stopped, the task goes on."""


class APIConnectionError(PixverseError):
    """The API could not be reached, or the connection broke before an answer came.

    `maybe_sent` is True when the request may have reached the server: for a create call this
    means a task may exist and be billed.
    """

    def __init__(self, message: str, *, request: httpx.Request | None, maybe_sent: bool) -> None:
        super().__init__(message)
        self.request = None if request is None else safe_request(request)
        self.maybe_sent = maybe_sent


class APITimeoutError(APIConnectionError):
    """The call's timeout ran out before the whole answer came."""


class ResponseTooLargeError(PixverseError):
    """The answer was larger than the client's `max_response_bytes`; it was not read."""

    def __init__(self, message: str, *, limit: int, status_code: int) -> None:
        super().__init__(message)
        self.limit = limit
        self.status_code = status_code


def _error_fields(body: Any) -> tuple[str | None, str | None]:
    """The provider's reason and message, where the body (as JSON values) has them: as fields
    of its model or among the unknown fields it keeps (an error schema that names them
    otherwise)."""
    if not isinstance(body, dict):
        return None, None
    reason, message = body.get("reason"), body.get("message")
    return (
        reason if isinstance(reason, str) else None,
        message if isinstance(message, str) else None,
    )


class APIStatusError(PixverseError):
    """The server answered with a non-2xx status."""

    status_code: int

    def __init__(self, response: httpx.Response, body: Any, note: str = "") -> None:
        self.response = safe_response(response)
        self.status_code = response.status_code
        self.request_id = request_id_of(response.headers)
        values = scrub_value(_as_json(body))
        self.reason, self.message = _error_fields(values)
        self.body = scrub_value(body) if isinstance(body, str | dict | list) else body
        request = self.response.request
        text = f"{request.method} {request.url.path} answered {self.status_code}"
        if self.reason:
            text += f" {_shorten(self.reason)}"
        if self.message:
            text += f": {_shorten(self.message)}"
        elif not self.reason and (shown := _shown(values)):
            text += f": {_shorten(shown)}"  # an error shape of other field names
        if self.request_id:
            text += f" (request id {self.request_id})"
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

    def __init__(self, response: httpx.Response, body: Any, note: str = "") -> None:
        super().__init__(response, body, note)
        self.retry_after = parse_retry_after(response.headers)


class InternalServerError(APIStatusError):
    """5xx: the provider failed."""


class MalformedResponseError(PixverseError):
    """A 2xx answer the client cannot act on (not JSON, no task_id, a status it does not know,
    no videos on success). The call may still have had its effect on the server."""

    def __init__(self, problem: str, *, response: httpx.Response) -> None:
        self.response = safe_response(response)
        self.problem = scrub(problem)
        self.request_id = request_id_of(response.headers)
        snippet = self.response.text[:_SNIPPET]
        request = self.response.request
        said = f" (request id {self.request_id})" if self.request_id else ""
        super().__init__(
            f"{request.method} {request.url.path} answered {response.status_code} with a body "
            f"the client cannot act on: {_shorten(self.problem)}; the body starts "
            f"{snippet!r}{said}"
        )


class TaskFailedError(PixverseError):
    """The task ended in a final status other than success (`status`: the failed status, or
    another final one of x-task-life, such as a cancellation); `reason` says why (may be '')."""

    def __init__(self, task_id: str, reason: str, result: Any, status: str = "") -> None:
        self.task_id = task_id
        self.reason = scrub(reason)
        keep, scrubbed = _picklable(result)  # its repr would show a key echoed in the reason
        self.result = scrubbed if keep else result
        self.status = status
        super().__init__(
            f"task {task_id} ended {status or 'failed'}: "
            f"{_shorten(self.reason) or '(the server gave no reason)'}"
        )


class TaskTimeoutError(PixverseError):
    """The wait gave up. The task itself goes on, may still finish, and is billed."""

    def __init__(
        self, task_id: str, last_status: str | None, waited: float, last_error: str | None = None
    ) -> None:
        self.task_id = task_id
        self.last_status = last_status
        self.waited = waited
        self.last_error = None if last_error is None else scrub(last_error)
        failed = f"; the last poll failed: {_shorten(self.last_error)}" if self.last_error else ""
        super().__init__(
            f"task {task_id} was not finished after {waited:.1f} s (last status: "
            f"{last_status or 'unknown'}{failed}). The task may still finish and is billed "
            f"either way: resume with wait_for_result({task_id!r}) instead of submitting it again."
        )


class DownloadError(PixverseError):
    """A video could not be downloaded: the result has no video, its URL ran out, or the file
    is larger than `max_bytes`. Status and connection errors of a download raise their own
    classes, with the task_id."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    429: RateLimitError,
}


def status_error(response: httpx.Response, note: str = "", body: Any = None) -> APIStatusError:
    """The exception for a non-2xx response; `body` is its parsed error body, if any."""
    if body is None:
        body = response.text
    if response.status_code >= 500:
        return InternalServerError(response, body, note)
    return _BY_STATUS.get(response.status_code, APIStatusError)(response, body, note)


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
        except (TypeError, ValueError, OverflowError, IndexError):
            return None
        if when.tzinfo is None:
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
        return max(0.0, seconds)
    return seconds if seconds >= 0 and not math.isnan(seconds) else None
