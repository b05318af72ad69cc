"""What the generated endpoint functions (api.default.*) run, so that this door is as safe as
the client's: a request known invalid never reaches the network, and nothing but PixverseError
subclasses comes out (a status Python's HTTPStatus does not know, a 2xx body that cannot be
read, a connection that broke).

The functions stay thin: no retries, no waiting; the answer is returned as the generated
`Response`, its `parsed` None when an error answer's body does not read as the spec's Error.
"""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus
from typing import Any, TypeVar

import attrs
import httpx

from ._exceptions import ClientStateError, InvalidArgumentError, MalformedResponseError
from ._flow import _connection_error
from ._requests import _tolerant, encode, plain
from ._retries import CREATE, RESULT, Operation
from ._validation import (
    REQUEST_SCHEMA,
    RequestValidationError,
    Violation,
    check_schema,
    validate_request,
)
from .types import Response

T = TypeVar("T")


def prepare(
    get_kwargs: Callable[..., dict[str, Any]],
    arguments: dict[str, Any],
    required: tuple[str, ...],
    body_schema: str | None,
) -> dict[str, Any]:
    """The request's kwargs, checked: required arguments given, the body valid and sendable."""
    for name in required:
        if arguments[name] is None:
            raise InvalidArgumentError(f"{name} is required, got None")
    tolerant = {k: _tolerant(v) if attrs.has(type(v)) else v for k, v in arguments.items()}
    try:
        kwargs = get_kwargs(**tolerant)
    except Exception as error:
        raise RequestValidationError(
            [Violation("", "the spec's types", arguments, f"cannot be sent: {error}")]
        ) from None
    if "json" in kwargs:
        body = plain(kwargs.pop("json"))
        if body_schema == REQUEST_SCHEMA:
            validate_request(body)
        elif body_schema is not None:
            broken = check_schema(body, body_schema)
            if broken:
                raise RequestValidationError(broken)
        kwargs["content"] = encode(body)
    return kwargs


def _failure(kwargs: dict[str, Any], error: Exception) -> Exception:
    if isinstance(error, httpx.RequestError):
        operation: Operation = CREATE if kwargs["method"].lower() == "post" else RESULT
        failure = _connection_error(operation, error)
        failure.__cause__ = error
        return failure
    return ClientStateError(f"the HTTP client cannot send ({error}); nothing was sent")


def send_sync(http: httpx.Client, kwargs: dict[str, Any]) -> httpx.Response:
    try:
        return http.request(**kwargs)
    except (httpx.RequestError, RuntimeError) as error:
        raise _failure(kwargs, error) from None


async def send_async(http: httpx.AsyncClient, kwargs: dict[str, Any]) -> httpx.Response:
    try:
        return await http.request(**kwargs)
    except (httpx.RequestError, RuntimeError) as error:
        raise _failure(kwargs, error) from None


def status(code: int) -> HTTPStatus | int:
    """The status as an HTTPStatus when Python knows it, else the plain number (299, 520)."""
    try:
        return HTTPStatus(code)
    except ValueError:
        return code


def build(response: httpx.Response, parse: Callable[[], T | None]) -> Response[T]:
    try:
        parsed = parse()
    except MalformedResponseError:
        raise
    except Exception as error:
        if response.is_success:
            raise MalformedResponseError(
                f"cannot be read: {type(error).__name__}: {error}", response=response
            ) from None
        parsed = None
    return Response(
        status_code=status(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=parsed,
    )
