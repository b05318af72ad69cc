"""What the generated endpoint functions (api/<tag>/<operationId>.py) run, so that this door
is as safe as the client's: a request known invalid never reaches the network, and nothing but
PixverseError subclasses comes out (a status Python's HTTPStatus does not know, a 2xx body that
cannot be read, a connection that broke).

The functions stay thin: no retries, no waiting; the answer is returned as the generated
`Response`, its `parsed` None when an error answer's body does not read as the spec's Error.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from http import HTTPStatus
from typing import Any, TypeVar, cast

import attrs
import httpx

from . import _arguments as check
from . import _parameters
from ._auth import KeyAuth, Presentation, send_options
from ._contract import MODEL_SCHEMAS
from ._exceptions import (
    ClientStateError,
    InvalidArgumentError,
    MalformedResponseError,
    PixverseError,
)
from ._flow import _connection_error
from ._redact import Secret, remember
from ._requests import _tolerant, encode, plain
from ._retries import CREATE, RESULT, Operation
from ._validation import (
    REQUEST_SCHEMA,
    RequestValidationError,
    Violation,
    check_schema,
    validate_request,
)
from .client import AuthenticatedClient, Client
from .types import UNSET, Response

T = TypeVar("T")


def prepare(
    get_kwargs: Callable[..., dict[str, Any]],
    arguments: dict[str, Any],
    required: tuple[str, ...],
    body_schema: str | None,
    kinds: dict[str, str] | None = None,
    operation: str | None = None,
    spec_names: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The request's kwargs, checked: required arguments given, parameters of their type and
    valid by their schemas in openapi.yaml (`spec_names`: argument -> the spec's name), the
    body valid and sendable."""
    for name in required:
        if arguments[name] is None:
            raise InvalidArgumentError(f"{name} is required, got None")
    for name, kind in (kinds or {}).items():
        _check_parameter(name, kind, arguments[name], name in required)
    if operation is not None:
        values = {
            spec_name: arguments[name]
            for name, spec_name in (spec_names or {}).items()
            if arguments[name] is not UNSET
        }
        broken = _parameters.violations(operation, values)
        if broken:
            raise RequestValidationError(broken)
    tolerant = {
        k: _tolerant(v) if attrs.has(type(v)) else _Text(v) if type(v) is str else v
        for k, v in arguments.items()
    }
    try:
        kwargs = get_kwargs(**tolerant)
    except Exception as error:
        raise RequestValidationError(
            [Violation("", "the spec's types", arguments, f"cannot be sent: {error}")]
        ) from None
    if "json" in kwargs:
        body = plain(kwargs.pop("json"))
        # The endpoint names the body's model class; the spec's schema may be spelt otherwise.
        body_schema = MODEL_SCHEMAS.get(body_schema or "", body_schema)
        if body_schema == REQUEST_SCHEMA:
            validate_request(body)
        elif body_schema is not None:
            broken = check_schema(body, body_schema)
            if broken:
                raise RequestValidationError(broken)
        kwargs["content"] = encode(body)
    return kwargs


class _Text(str):
    """A string where the endpoint expects one of the spec's enum classes: it gives its
    `.value` as the enum member would, so a parameter's plain value of the enum is sent."""

    @property
    def value(self) -> str:
        return str.__str__(self)


_KINDS: dict[str, tuple[type, ...]] = {"str": (str,), "int": (int,), "float": (int, float)}


def _check_parameter(name: str, kind: str, value: Any, required: bool) -> None:
    """A parameter as the front door takes it: of the spec's type (never a bool for a
    number, never a list), and a required string not empty."""
    if value is None or value is UNSET or kind not in _KINDS:
        return
    if isinstance(value, bool) or not isinstance(value, _KINDS[kind]):
        raise InvalidArgumentError(f"{name} must be a {kind}, got {type(value).__name__}")
    if kind == "str" and required and value == "":
        raise InvalidArgumentError(f"{name} must not be empty")
    if kind == "float" and not math.isfinite(cast(float, value)):
        raise InvalidArgumentError(f"{name} must be a finite number, got {value!r}")


def _client(client: Any) -> AuthenticatedClient | Client:
    """The generated client, checked where sending would fail untyped: its token and its
    timeout."""
    if not isinstance(client, AuthenticatedClient | Client):
        raise InvalidArgumentError(
            f"client must be an AuthenticatedClient or a Client, got {type(client).__name__}"
        )
    if isinstance(client, AuthenticatedClient):
        problem = check.key_problem(Secret(client.token))
        if problem:
            raise InvalidArgumentError(
                "the AuthenticatedClient's token: " + problem.replace("{env}", "token=...")
            )
    return client


def _key_auth(
    client: AuthenticatedClient | Client, presentation: Presentation | None
) -> KeyAuth | None:
    """The key of an AuthenticatedClient, put where the spec says for this operation; None for
    an operation that needs no key, or a Client."""
    if presentation is None or not isinstance(client, AuthenticatedClient):
        return None
    secret = Secret(client.token)
    problem = presentation.problem(client.token)
    if problem:
        raise InvalidArgumentError("the AuthenticatedClient's token: " + problem)
    return KeyAuth(presentation, secret)


def _http(made: Callable[[], T]) -> T:
    try:
        http = made()
    except PixverseError:
        raise
    except Exception as error:
        raise InvalidArgumentError(
            f"the HTTP client cannot be made: {type(error).__name__}: {error}"
        ) from None
    check.timeout("the client's timeout", getattr(http, "timeout", None))
    # A key set in the client's own headers (set_httpx_client, Client(headers=...)) is
    # scrubbed as the token is.
    authorization = getattr(http, "headers", {}).get("authorization")
    if isinstance(authorization, str):
        remember(authorization.split(" ", 1)[-1])
    return http


def _failure(kwargs: dict[str, Any], error: Exception) -> Exception:
    if isinstance(error, httpx.RequestError):
        operation: Operation = CREATE if kwargs["method"].lower() == "post" else RESULT
        failure = _connection_error(operation, error)
        failure.__cause__ = error
        return failure
    return ClientStateError(f"the HTTP client cannot send ({error}); nothing was sent")


def _request(http: httpx.Client | httpx.AsyncClient, kwargs: dict[str, Any]) -> httpx.Request:
    try:
        return http.build_request(**kwargs)
    except Exception as error:  # a URL or header httpx cannot write: nothing was sent
        raise InvalidArgumentError(f"the request could not be built: {error}") from None


def send_sync(
    client: Any, kwargs: dict[str, Any], presentation: Presentation | None
) -> httpx.Response:
    checked = _client(client)
    auth = _key_auth(checked, presentation)
    http = _http(checked.get_httpx_client)
    request = _request(http, kwargs)
    try:
        return http.send(request, **send_options(auth))
    except (httpx.RequestError, RuntimeError) as error:
        raise _failure(kwargs, error) from None


async def send_async(
    client: Any, kwargs: dict[str, Any], presentation: Presentation | None
) -> httpx.Response:
    checked = _client(client)
    auth = _key_auth(checked, presentation)
    http = _http(checked.get_async_httpx_client)
    request = _request(http, kwargs)
    try:
        return await http.send(request, **send_options(auth))
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
