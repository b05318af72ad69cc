"""A create request as the bytes to send: from a dict or a model, with the spec's defaults,
checked against openapi.yaml, and refused before the network if it cannot be sent as JSON.

A dict may hold the package's own enums (Resolution.P360) and a model may hold a plain string
where an enum is declared: both become the plain JSON value, so that the validator judges the
value and not its Python type.
"""

from __future__ import annotations

import copy
import enum
import json
from collections.abc import Mapping
from typing import Any, Final

import attrs

from ._defaults import defaults, fitted, with_defaults
from ._json_values import json_key
from ._validation import (
    REQUEST_SCHEMA,
    RequestValidationError,
    Violation,
    check_request,
    validate_request,
)

_DEPTH_LIMIT: Final = 100
# JSON as httpx writes it; one encoder made once, as json.dumps makes one per call.
_ENCODER: Final = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


class _Raw(str):
    """A plain string standing where a generated model expects an enum (which has .value)."""

    @property
    def value(self) -> str:
        return str.__str__(self)


_PLAIN_TYPES: Final = frozenset({str, int, float, bool, type(None)})


def plain(value: Any, depth: int = 0) -> Any:
    """`value` as plain JSON types: enums by their value, str subclasses as str, tuples as
    lists, generated models by their to_dict()."""
    kind = type(value)
    if kind in _PLAIN_TYPES or depth > _DEPTH_LIMIT:
        return value
    if kind is dict:
        return {
            k if type(k) is str else plain(k, depth + 1): v
            if type(v) in _PLAIN_TYPES
            else plain(v, depth + 1)
            for k, v in value.items()
        }
    if kind is list:
        return [v if type(v) in _PLAIN_TYPES else plain(v, depth + 1) for v in value]
    if isinstance(value, enum.Enum):
        return plain(value.value, depth + 1)
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, Mapping):
        return {plain(k, depth + 1): plain(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v, depth + 1) for v in value]
    if attrs.has(type(value)) and hasattr(value, "to_dict"):
        return model_json(value)
    return value


def _tolerant(model: Any, depth: int = 0) -> Any:
    """A copy of a generated model whose plain strings answer .value like an enum does."""
    if depth > _DEPTH_LIMIT:
        return model
    if isinstance(model, str) and not isinstance(model, enum.Enum):
        return _Raw(model)
    if isinstance(model, list):
        return [_tolerant(v, depth + 1) for v in model]
    if not attrs.has(type(model)):
        return model
    twin = copy.copy(model)
    for field in attrs.fields(type(model)):
        if field.name != "additional_properties":
            setattr(twin, field.name, _tolerant(getattr(model, field.name), depth + 1))
    return twin


def model_json(model: Any) -> Any:
    """The JSON of a generated model, even one holding a plain string for an enum."""
    try:
        return plain(model.to_dict())
    except Exception:
        pass
    try:
        return plain(_tolerant(model).to_dict())
    except Exception as error:
        name = type(model).__name__
        raise RequestValidationError(
            [
                Violation(
                    "",
                    f"a {name} of the spec's types",
                    model,
                    f"cannot be turned into JSON ({type(error).__name__}: {error})",
                )
            ]
        ) from None


def body_of(request: Any) -> Any:
    """The JSON body of a request given as a dict or a model, with the spec's defaults. A
    non-object is returned as given, for the validator to name."""
    if attrs.has(type(request)) and hasattr(request, "to_dict"):
        return with_defaults(model_json(request), REQUEST_SCHEMA)
    if isinstance(request, Mapping):
        return with_defaults(plain(request), REQUEST_SCHEMA)
    return plain(request)


def added_defaults(request: Any, body: Mapping[str, Any]) -> list[str]:
    """The fields of `body` (made by body_of) that hold a default the caller did not give: for
    a dict, those added; for a model, which fills in its defaults itself, those at theirs (the
    server reads a default left out the same)."""
    spec_defaults = defaults(REQUEST_SCHEMA)
    if isinstance(request, Mapping):
        return [name for name in spec_defaults if name not in request]
    return [
        name
        for name, value in spec_defaults.items()
        if name in body and json_key(body[name]) == json_key(value)
    ]


def checked(request: Any, body: Any) -> Any:
    """`body`, checked against openapi.yaml; where it breaks a rule only with defaults the
    caller did not give, the body without those the spec forbids beside the rest (see
    _defaults.fitted). RequestValidationError with every broken rule otherwise."""
    try:
        validate_request(body)
    except RequestValidationError:
        if not isinstance(body, Mapping):
            raise
        added = added_defaults(request, body)
        found = fitted(body, added, REQUEST_SCHEMA, lambda b: not check_request(b))
        if found is None:
            raise
        return found
    return body


def encode(body: Any) -> bytes:
    """The UTF-8 JSON of `body`, as httpx would write it; RequestValidationError naming the
    value if it has none (a lone surrogate, NaN, an object JSON cannot hold)."""
    try:
        return _ENCODER.encode(body).encode("utf-8")
    except UnicodeEncodeError:
        path, value = _unencodable(body, "")
        raise RequestValidationError(
            [Violation(path, "UTF-8", value, "cannot be sent: a lone surrogate is not UTF-8")]
        ) from None
    except (TypeError, ValueError, RecursionError) as error:
        raise RequestValidationError(
            [Violation("", "JSON", body, f"cannot be sent as JSON: {error}")]
        ) from None


def _unencodable(value: Any, path: str) -> tuple[str, Any]:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return path, value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            found = _unencodable(key, path) if isinstance(key, str) else ("", None)
            if found[1] is not None:
                return found
            found = _unencodable(item, f"{path}.{key}" if path else str(key))
            if found[1] is not None:
                return found
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            found = _unencodable(item, f"{path}[{i}]")
            if found[1] is not None:
                return found
    return path, None
