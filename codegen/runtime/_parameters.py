"""The path, query and header parameters of openapi.yaml: checked, then written to the wire.

A caller names a parameter as the spec does (`{"Idempotency-Key": "..."}`). Each value is
checked against its parameter's schema (`_contract.OPERATIONS`, compiled by `_json_schema` in
the same document as the spec's schemas, so its `$ref`s resolve), a required one must be given,
and a value that no header or URL can carry as it is (a line break in a header, a lone
surrogate) is refused: a Violation names `header Idempotency-Key`, the rule and the value, and
nothing is sent. `make generate` has refused every parameter the client cannot write (a cookie,
a style of its own, a non-scalar schema), so every parameter here is one string on the wire: a
path parameter percent-encoded into its segment (RFC 6570 simple expansion), the others as
they are.
"""

from __future__ import annotations

import functools
import inspect
import json
import math
from collections.abc import Callable, Mapping
from typing import Any, Final, NamedTuple
from urllib.parse import quote

from ._contract import OPERATIONS, SCHEMAS, TASK_PARAMETER
from ._exceptions import InvalidArgumentError
from ._json_schema import SchemaDocument, UnresolvableRef, pointer_step
from ._violations import MISSING, Check, Out, UnsupportedSchemaError, Violation

__all__ = [
    "TASK_PARAMETER",
    "Wire",
    "audit",
    "declared",
    "field",
    "fixed_route",
    "given",
    "violations",
    "wire",
]

Values = Mapping[str, Any]
# Visible ASCII, spaces and tabs inside: what a header value carries unchanged (RFC 9110).
_HEADER_TEXT: Final = frozenset(chr(c) for c in range(0x20, 0x7F)) | {"\t"}


def declared(operation: str) -> list[dict[str, Any]]:
    """The operation's parameters: name, in, required, schema."""
    found: list[dict[str, Any]] = OPERATIONS.get(operation, {}).get("parameters", [])
    return found


def field(parameter: Mapping[str, Any]) -> str:
    """How errors name a parameter: `header Idempotency-Key`, `query task_id`."""
    return f"{parameter['in']} {parameter['name']}"


@functools.cache
def _checks() -> dict[tuple[str, str], Check]:
    """Every parameter's schema, compiled once (and so audited)."""
    document = SchemaDocument({"components": {"schemas": SCHEMAS}, "operations": OPERATIONS})
    found: dict[tuple[str, str], Check] = {}
    for operation, spec in OPERATIONS.items():
        for index, parameter in enumerate(spec["parameters"]):
            pointer = f"/operations/{pointer_step(operation)}/parameters/{index}/schema"
            try:
                found[operation, parameter["name"]] = document.check(pointer)
            except UnresolvableRef as error:
                raise UnsupportedSchemaError(
                    f"{field(parameter)} of {operation}: {error}"
                ) from None
    return found


def audit() -> None:
    """Raise UnsupportedSchemaError if a parameter's schema holds what cannot be enforced."""
    _checks()


def given(
    name: str, value: Any, operations: tuple[str, ...], reserved: tuple[str, ...] = ()
) -> dict[str, Any]:
    """`parameters=` of a call: a mapping of names that the call's operations declare (but
    `reserved`, which the call takes as arguments of its own); InvalidArgumentError if not."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidArgumentError(f"{name} must be a mapping, got {type(value).__name__}")
    known = {p["name"] for operation in operations for p in declared(operation)}
    found = {}
    for key, item in value.items():
        if key in reserved:
            raise InvalidArgumentError(f"{name}: {key!r} is given as the call's own argument")
        if not isinstance(key, str) or key not in known:
            names = ", ".join(sorted(repr(k) for k in known - set(reserved))) or "none"
            raise InvalidArgumentError(
                f"{name}: {key!r} is no parameter of this call in openapi.yaml (its "
                f"parameters: {names})"
            )
        found[key] = item
    return found


def violations(operation: str, values: Values, *, skip: tuple[str, ...] = ()) -> list[Violation]:
    """Every rule of the operation's parameters that `values` breaks: a required one missing,
    a value its schema refuses, one no request can carry. `skip` names those checked apart."""
    out: Out = []
    checks = _checks()
    for parameter in declared(operation):
        name = parameter["name"]
        if name in skip:
            continue
        where = field(parameter)
        value = values.get(name)
        if value is None:
            if parameter["required"]:
                out.append(Violation(where, "required", MISSING, "is required"))
            continue
        before = len(out)
        checks[operation, name](value, where, out)
        if len(out) == before:
            problem = _unsendable(parameter, value)
            if problem:
                out.append(Violation(where, "sendable", value, problem))
    return out


def _text(value: Any) -> str | None:
    """The value as the one string a parameter carries; None for a value of no such kind."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return json.dumps(value) if math.isfinite(value) else None
    if isinstance(value, str):
        return str.__str__(value)
    return None


def _unsendable(parameter: Mapping[str, Any], value: Any) -> str | None:
    text = _text(value)
    if text is None:
        return "cannot be sent: a parameter is a string, a finite number or a boolean"
    if parameter["in"] == "path" and text in _NO_SEGMENT:
        return "cannot be sent in a path: an empty segment, '.' or '..' names no segment"
    if parameter["in"] == "header":
        if not set(text) <= _HEADER_TEXT or text != text.strip(" \t"):
            return (
                "cannot be sent in a header: visible ASCII only, no line breaks, no "
                "whitespace at either end"
            )
    elif not _encodable(text):
        return "cannot be sent in a URL: not valid Unicode (a lone surrogate)"
    return None


# Path segments a URL reader drops or resolves away (RFC 3986, 5.2.4): no value of its own.
_NO_SEGMENT: Final = frozenset({"", ".", ".."})


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class Wire(NamedTuple):
    """An operation's parameters as a request carries them."""

    path: str  # the operation's path, each path parameter's value in its place
    query: dict[str, str]
    headers: dict[str, str]


def wire(operation: str, values: Values) -> Wire:
    """The operation's parameters in `values` (None: not sent) on the wire.

    Raises RequestValidationError for a value no request can carry, checked or not, and for
    a path parameter left out, without which there is no path to send to."""
    from ._validation import RequestValidationError

    path: str = OPERATIONS[operation]["path"]
    query: dict[str, str] = {}
    headers: dict[str, str] = {}
    for parameter in declared(operation):
        value = values.get(parameter["name"])
        if value is None:
            if parameter["in"] == "path":
                raise RequestValidationError(
                    [
                        Violation(
                            field(parameter), "required", MISSING, "is required: a path holds it"
                        )
                    ]
                )
            continue
        problem = _unsendable(parameter, value)
        if problem:
            raise RequestValidationError([Violation(field(parameter), "sendable", value, problem)])
        text = _text(value)
        assert text is not None
        if parameter["in"] == "path":
            path = path.replace(f"{{{parameter['name']}}}", quote(text, safe=""))
        else:
            (headers if parameter["in"] == "header" else query)[parameter["name"]] = text
    return Wire(path, query, headers)


class _Blank:
    """Stands in for every argument of a generated `_get_kwargs` whose route alone is wanted:
    whatever it is asked for is itself, so no parameter or body field is named here."""

    def __getattr__(self, name: str) -> _Blank:
        return self

    def __call__(self, *args: Any, **kwargs: Any) -> _Blank:
        return self

    def __str__(self) -> str:
        return ""


def fixed_route(get_kwargs: Callable[..., dict[str, Any]], operation: str) -> dict[str, Any]:
    """The method and own headers (Content-Type) that the generated endpoint builds, without
    its body or parameters, and the spec's path for its URL (`wire` fills in its parameters):
    built once with a stand-in for every argument, so that a parameter the spec adds,
    required or not, changes nothing here."""
    arguments = {name: _Blank() for name in inspect.signature(get_kwargs).parameters}
    built = get_kwargs(**arguments)
    headers_of_parameters = {p["name"].lower() for p in declared(operation) if p["in"] == "header"}
    headers = {
        name: value
        for name, value in (built.get("headers") or {}).items()
        if name.lower() not in headers_of_parameters
    }
    route = {"method": built["method"], "url": OPERATIONS[operation]["path"]}
    return {**route, "headers": headers} if headers else route
