# Copied from codegen/runtime/_validation.py by `make generate`: edit it there, not here.
"""Check a request against openapi.yaml before anything is sent, and say every rule it breaks.

No rule is copied here. This is a small JSON Schema interpreter over `_contract.SCHEMAS` (the
spec's schemas as they were when the client was generated) plus the spec's `x-mention-rule`.
It knows a fixed set of keywords and refuses to run on a schema that uses another one, so a
constraint added to the spec can never be skipped in silence: regenerate, and if that fails,
teach this module the new keyword.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from typing import Any, Final

import attrs

from ._contract import SCHEMAS
from ._exceptions import PixverseError

REQUEST_SCHEMA: Final = "CreateTaskRequest"
_REF_PREFIX: Final = "#/components/schemas/"
_ANNOTATIONS: Final = frozenset(
    {"description", "default", "example", "examples", "title", "deprecated", "$comment"}
)
_MENTION_KEYS: Final = frozenset({"description", "field", "pattern", "names-from"})
_VALUE_REPR_LIMIT: Final = 60


class UnsupportedSchemaError(PixverseError):
    """openapi.yaml uses a keyword this validator does not implement; regenerate or extend it."""


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


MISSING: Final = _Missing()


@attrs.frozen
class Violation:
    """One broken rule: where (`images[7].ref_name`), which rule (`maximum 15`), what value."""

    path: str
    rule: str
    value: Any
    message: str

    def __str__(self) -> str:
        where = self.path or "(body)"
        return f"{where}: {self.message} [rule: {self.rule}; got {_short(self.value)}]"


class RequestValidationError(PixverseError, ValueError):
    """The request breaks rules of openapi.yaml; nothing was sent, nothing was billed."""

    def __init__(self, violations: list[Violation]) -> None:
        self.violations = tuple(violations)
        lines = "\n".join(f"  - {v}" for v in self.violations)
        super().__init__(
            f"the request breaks {len(self.violations)} rule(s) of openapi.yaml and was not "
            f"sent:\n{lines}\nFix the request; if the server is known to accept it although "
            "the spec does not, pass validate=False."
        )


def _short(value: Any) -> str:
    text = repr(value)
    if len(text) > _VALUE_REPR_LIMIT:
        text = text[: _VALUE_REPR_LIMIT - 3] + "..."
    return text


def _is_integer(v: Any) -> bool:
    return (isinstance(v, int) and not isinstance(v, bool)) or (
        isinstance(v, float) and v.is_integer()
    )


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


_TYPES: Final[dict[str, Callable[[Any], bool]]] = {
    "object": lambda v: isinstance(v, Mapping),
    "array": lambda v: isinstance(v, list | tuple),
    "string": lambda v: isinstance(v, str),
    "integer": _is_integer,
    "number": _is_number,
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}

_Out = list[Violation]
# A schema is compiled once into nested closures (value, path, out) -> None: a request is
# checked on every call, so the keywords are not looked up again each time.
_Validator = Callable[[Any, str, _Out], None]


def _type(arg: Any) -> _Validator:
    names = arg if isinstance(arg, list) else [arg]
    tests = [_TYPES[name] for name in names]
    shown = " or ".join(names)

    def check(value: Any, path: str, out: _Out) -> None:
        for test in tests:
            if test(value):
                return
        out.append(Violation(path, f"type {shown}", value, f"must be of type {shown}"))

    return check


def _required(arg: Any) -> _Validator:
    def check(value: Any, path: str, out: _Out) -> None:
        if isinstance(value, Mapping):
            for name in arg:
                if name not in value:
                    out.append(Violation(_join(path, name), "required", MISSING, "is required"))

    return check


def _properties(arg: Any) -> _Validator:
    children = [(name, _compile(node)) for name, node in arg.items()]

    def check(value: Any, path: str, out: _Out) -> None:
        if isinstance(value, Mapping):
            for name, child in children:
                if name in value:
                    child(value[name], _join(path, name), out)

    return check


def _items(arg: Any) -> _Validator:
    child = _compile(arg)

    def check(value: Any, path: str, out: _Out) -> None:
        if isinstance(value, list | tuple):
            for i, item in enumerate(value):
                child(item, f"{path}[{i}]", out)

    return check


def _bound(
    keyword: str, ok: Callable[[Any, Any], bool], says: str, counts: bool
) -> Callable[[Any], _Validator]:
    def compile_bound(arg: Any) -> _Validator:
        def check(value: Any, path: str, out: _Out) -> None:
            applies = isinstance(value, list | tuple) if counts else _is_number(value)
            if applies and not ok(len(value) if counts else value, arg):
                out.append(Violation(path, f"{keyword} {arg}", value, says.format(arg)))

        return check

    return compile_bound


def _enum(arg: Any) -> _Validator:
    def check(value: Any, path: str, out: _Out) -> None:
        for choice in arg:
            if type(value) is type(choice) and value == choice:
                return
        out.append(Violation(path, f"enum {arg}", value, f"must be one of {arg}"))

    return check


def _all_of(arg: Any) -> _Validator:
    return _sequence([_compile(node) for node in arg])


def _ref(arg: Any) -> _Validator:
    name = arg.removeprefix(_REF_PREFIX)

    def check(value: Any, path: str, out: _Out) -> None:
        _compiled(name)(value, path, out)  # looked up late: schemas may refer to themselves

    return check


_KEYWORDS: Final[dict[str, Callable[[Any], _Validator]]] = {
    "type": _type,
    "required": _required,
    "properties": _properties,
    "items": _items,
    "minItems": _bound("minItems", lambda n, a: n >= a, "must have at least {} item(s)", True),
    "maxItems": _bound("maxItems", lambda n, a: n <= a, "must have at most {} item(s)", True),
    "minimum": _bound("minimum", lambda n, a: n >= a, "must be at least {}", False),
    "maximum": _bound("maximum", lambda n, a: n <= a, "must be at most {}", False),
    "enum": _enum,
    "allOf": _all_of,
    "$ref": _ref,
}


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _sequence(checks: list[_Validator]) -> _Validator:
    if len(checks) == 1:
        return checks[0]

    def check(value: Any, path: str, out: _Out) -> None:
        for each in checks:
            each(value, path, out)

    return check


def _compile(node: Mapping[str, Any]) -> _Validator:
    return _sequence([_KEYWORDS[k](arg) for k, arg in node.items() if k in _KEYWORDS])


def resolve(node: Mapping[str, Any]) -> Mapping[str, Any]:
    """Follow a local $ref, or a lone allOf around one, to the schema that has the keywords."""
    while "$ref" in node or (len(node.get("allOf", [])) == 1 and "properties" not in node):
        node = (
            SCHEMAS[node["$ref"].removeprefix(_REF_PREFIX)] if "$ref" in node else node["allOf"][0]
        )
    return node


def _closed(node: Mapping[str, Any]) -> _Validator | None:
    """A check that refuses fields the spec does not name, or None where none can occur.

    The contract leaves open whether a server ignores such a field, and a typo ("durration")
    ignored is a video billed at the default.
    """
    node = resolve(node)
    if "properties" in node:
        known: Mapping[str, Any] = node["properties"]
        children = {name: c for name, sub in known.items() if (c := _closed(sub)) is not None}
        says = f"is not a field of the spec (fields: {', '.join(known)})"

        def check_object(value: Any, path: str, out: _Out) -> None:
            if isinstance(value, Mapping):
                for name, child in value.items():
                    if name not in known:
                        out.append(Violation(_join(path, name), "unknown field", child, says))
                    elif name in children:
                        children[name](child, _join(path, name), out)

        return check_object
    item = _closed(node["items"]) if "items" in node else None
    if item is None:
        return None

    def check_array(value: Any, path: str, out: _Out) -> None:
        if isinstance(value, list | tuple):
            for i, each in enumerate(value):
                item(each, f"{path}[{i}]", out)

    return check_array


@functools.cache
def _unknown_fields(name: str) -> _Validator:
    return _closed(SCHEMAS[name]) or (lambda value, path, out: None)


@functools.cache
def _compiled(name: str) -> _Validator:
    return _compile(SCHEMAS[name])


def _audit(node: Any, where: str) -> None:
    """Refuse any schema keyword that the compiled checks would not enforce."""
    if not isinstance(node, Mapping):
        raise UnsupportedSchemaError(f"{where}: a schema must be an object, got {node!r}")
    for keyword, arg in node.items():
        if keyword.startswith("x-") or keyword in _ANNOTATIONS:
            continue
        if keyword not in _KEYWORDS:
            raise UnsupportedSchemaError(
                f"{where} uses the keyword {keyword!r}, which the client's validator does not "
                f"implement; add it to codegen/runtime/validation.py and regenerate"
            )
        if keyword == "type":
            for name in arg if isinstance(arg, list) else [arg]:
                if name not in _TYPES:
                    raise UnsupportedSchemaError(f"{where}: unknown type {name!r}")
        elif keyword == "properties":
            for name, sub in arg.items():
                _audit(sub, f"{where}.properties.{name}")
        elif keyword == "items":
            _audit(arg, f"{where}.items")
        elif keyword == "allOf":
            for i, sub in enumerate(arg):
                _audit(sub, f"{where}.allOf[{i}]")
        elif keyword == "$ref" and (
            not arg.startswith(_REF_PREFIX) or arg.removeprefix(_REF_PREFIX) not in SCHEMAS
        ):
            raise UnsupportedSchemaError(f"{where}: only local schema $refs work, got {arg!r}")


@attrs.frozen
class MentionRule:
    """x-mention-rule: every match of `pattern` in `field` must name an `array[].item`."""

    field: str
    pattern: re.Pattern[str]
    names_from: str
    array: str
    item: str

    def check(self, body: Mapping[str, Any], out: _Out) -> None:
        text, images = body.get(self.field), body.get(self.array)
        if not isinstance(text, str):
            return
        images = images if isinstance(images, list | tuple) else []
        named = [image.get(self.item) for image in images if isinstance(image, Mapping)]
        names = {name for name in named if isinstance(name, str)}
        for match in self.pattern.finditer(text):
            if match.group(1) not in names:
                out.append(
                    Violation(
                        self.field,
                        f"x-mention-rule: every mention names one of {self.names_from}",
                        match.group(1),
                        f"mentions {match.group(0)!r}, but no image has ref_name "
                        f"{match.group(1)!r}",
                    )
                )


@functools.cache
def _ready() -> MentionRule:
    """Audit every schema once, and read the mention rule; raises if either is not understood."""
    for name, node in SCHEMAS.items():
        _audit(node, f"components.schemas.{name}")
    raw = SCHEMAS[REQUEST_SCHEMA]["x-mention-rule"]
    unknown = {k for k in raw if not k.startswith("x-")} - _MENTION_KEYS
    if unknown:
        raise UnsupportedSchemaError(
            f"x-mention-rule has keys the client does not implement: {sorted(unknown)}"
        )
    array, sep, item = raw["names-from"].partition("[].")
    if not sep:
        raise UnsupportedSchemaError(f"x-mention-rule names-from {raw['names-from']!r}")
    return MentionRule(raw["field"], re.compile(raw["pattern"]), raw["names-from"], array, item)


def audit() -> None:
    """Raise UnsupportedSchemaError if the spec holds a rule this module cannot enforce.

    `make generate` calls it, so such a spec fails generation instead of a user's first call.
    """
    _ready()


def check_schema(value: Any, schema: str) -> list[Violation]:
    """Every rule of components.schemas[schema] that `value` breaks (x- extensions aside)."""
    _ready()
    out: _Out = []
    _compiled(schema)(value, "", out)
    return out


def check_request(body: Mapping[str, Any]) -> list[Violation]:
    """Every rule of openapi.yaml that a create request body breaks, and every field it names
    that the spec does not; [] when it is valid."""
    rule = _ready()
    out: _Out = []
    _compiled(REQUEST_SCHEMA)(body, "", out)
    _unknown_fields(REQUEST_SCHEMA)(body, "", out)
    if isinstance(body, Mapping):
        rule.check(body, out)
    return out


def validate_request(body: Mapping[str, Any]) -> None:
    """Raise RequestValidationError listing every broken rule, or return if there is none."""
    violations = check_request(body)
    if violations:
        raise RequestValidationError(violations)
