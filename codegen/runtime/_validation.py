"""Check a request against openapi.yaml before anything is sent, and say every rule it breaks.

No rule is copied here. The spec's schemas (`_contract.SCHEMAS`, as they were when the client
was generated) are one JSON Schema 2020-12 document, compiled once by `_json_schema`; the
spec's `x-mention-rule` and the refusal of fields the spec does not name are this module's own.
A schema keyword the validator cannot enforce fails `make generate` (`audit`), never a call.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Final

import attrs

from ._contract import ROLES, SCHEMAS
from ._ecma_regex import compile_pattern
from ._exceptions import PixverseError
from ._json_schema import (
    DOCUMENT_URI,
    Node,
    SchemaDocument,
    UnresolvableRef,
    compile_schema,
    pointer_step,
)
from ._json_values import is_array, is_object, name_text
from ._violations import MISSING as MISSING
from ._violations import Check, Out, join, ok
from ._violations import UnsupportedSchemaError as UnsupportedSchemaError
from ._violations import Violation as Violation

__all__ = [
    "MISSING",
    "REQUEST_SCHEMA",
    "RequestValidationError",
    "UnsupportedSchemaError",
    "Validator",
    "Violation",
    "audit",
    "check_request",
    "check_schema",
    "compile_schema",
    "resolve",
    "validate_request",
]

REQUEST_SCHEMA: Final = ROLES["request"]
_SCHEMAS_AT: Final = "/components/schemas/"
_MENTION_KEYS: Final = frozenset({"description", "field", "pattern", "names-from"})
# The keywords whose subschemas apply to the very value their schema applies to.
_IN_PLACE: Final = ("allOf", "anyOf", "oneOf", "if", "then", "else")


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


class Validator:
    """A JSON Schema 2020-12 schema, compiled (and audited) once: a whole document, or the
    schema at a JSON pointer inside one (`/components/schemas/Video` of an OpenAPI document).

    Raises UnsupportedSchemaError on creation if the schema uses what cannot be enforced.
    """

    def __init__(self, document: Any, pointer: str = "") -> None:
        try:
            self._check = SchemaDocument(document, roots=(pointer,)).check(pointer)
        except UnresolvableRef as error:
            raise UnsupportedSchemaError(str(error)) from None

    def violations(self, value: Any) -> list[Violation]:
        out: Out = []
        self._check(value, "", out)
        return out

    def is_valid(self, value: Any) -> bool:
        return not self.violations(value)


@functools.cache
def _document() -> SchemaDocument:
    """The spec's schemas as one document, so that `#/components/schemas/...` refs resolve."""
    roots = tuple(_SCHEMAS_AT + pointer_step(name) for name in SCHEMAS)
    return SchemaDocument({"components": {"schemas": SCHEMAS}}, roots=roots)


def _node(ref: str, base: str) -> Node:
    try:
        return _document().target(ref, base)
    except UnresolvableRef as error:
        raise UnsupportedSchemaError(str(error)) from None


def resolve(node: Mapping[str, Any]) -> Mapping[str, Any]:
    """Follow a local $ref, or a lone allOf around one, to the schema that has the keywords."""
    base = DOCUMENT_URI
    while "$ref" in node or (len(node.get("allOf", [])) == 1 and "properties" not in node):
        if "$ref" in node:
            found = _node(node["$ref"], base)
            node, base = found.schema, found.base
        else:
            node = node["allOf"][0]
    return node


# ---------------------------------------------------------------------------- unknown fields


def _in_place(nodes: list[Node]) -> Iterator[Node]:
    """Each node and every schema that applies to the same value ($ref, allOf, if, ...)."""
    seen: set[int] = set()
    todo = list(nodes)
    while todo:
        node = todo.pop()
        schema = node.schema
        if id(schema) in seen or not isinstance(schema, Mapping):
            continue
        seen.add(id(schema))
        yield node
        if "$ref" in schema:
            todo.append(_node(schema["$ref"], node.base))
        for keyword in _IN_PLACE:
            arg = schema.get(keyword)
            todo += [node.child(keyword, s) for s in (arg if isinstance(arg, list) else [arg])]
        dependent = schema.get("dependentSchemas", {})
        todo += [node.child("dependentSchemas", s) for s in dependent.values()]


def _closed(nodes: list[Node], building: dict[frozenset[int], list[Check]]) -> Check:
    """A check that refuses fields no schema of `nodes` names, in objects and their children.

    The contract leaves open whether a server ignores such a field, and a typo ("durration")
    ignored is a video billed at the default. A field that `patternProperties` allows is
    known; where a schema says `additionalProperties` (or `unevaluatedProperties`) itself, that
    rule of the schema decides and this check says nothing of that object.
    """
    expanded = list(_in_place(nodes))
    if not expanded:
        return ok
    key = frozenset(id(n.schema) for n in expanded)
    if key in building:
        cell = building[key]
        if cell:
            return cell[0]
        return lambda value, path, out: cell[0](value, path, out)  # a schema inside itself
    cell_: list[Check] = []
    building[key] = cell_
    schemas = [n.schema for n in expanded]
    members: dict[str, list[Node]] = {}
    for n in expanded:
        for name, sub in n.schema.get("properties", {}).items():
            members.setdefault(name, []).append(n.child("properties", sub))
    patterns = [p for s in schemas for p in s.get("patternProperties", {})]
    searches = [compile_pattern(p).search for p in patterns]
    decided = any("additionalProperties" in s or "unevaluatedProperties" in s for s in schemas)
    closed = bool(members or patterns) and not decided
    children = {name: _closed(subs, building) for name, subs in members.items()}
    children = {name: child for name, child in children.items() if child is not ok}
    says = f"is not a field of the spec (fields: {', '.join(members)})"
    prefix = max((len(s.get("prefixItems", [])) for s in schemas), default=0)
    positions = [
        _closed([item for n in expanded if (item := _item(n, i)) is not None], building)
        for i in range(prefix + 1)
    ]

    def check(value: Any, path: str, out: Out) -> None:
        # is_object and join inlined: this runs once per object of every request.
        if type(value) is dict or is_object(value):
            for name, item in value.items():
                if name in children:
                    children[name](item, f"{path}.{name}" if path else name, out)
                elif closed and name not in members and not _matches(searches, name):
                    out.append(Violation(join(path, name), "unknown field", item, says))
        elif is_array(value):
            for i, item in enumerate(value):
                positions[min(i, prefix)](item, f"{path}[{i}]", out)

    useful = closed or children or any(p is not ok for p in positions)
    built = check if useful else ok
    cell_.append(built)
    return built


def _matches(searches: Sequence[Callable[[str], object]], name: Any) -> bool:
    return any(search(name_text(name)) for search in searches)


def _item(node: Node, i: int) -> Node | None:
    """The schema of node's items that applies at index i (prefixItems first, then items)."""
    prefix = node.schema.get("prefixItems", [])
    if i < len(prefix):
        return node.child(f"prefixItems/{i}", prefix[i])
    return node.child("items", node.schema["items"]) if "items" in node.schema else None


# ---------------------------------------------------------------------------- the mention rule


@attrs.frozen
class MentionRule:
    """x-mention-rule: every match of `pattern` in `field` must name an `array[].item`."""

    field: str
    pattern: re.Pattern[str]
    names_from: str
    array: str
    item: str

    def check(self, body: Mapping[str, Any], out: Out) -> None:
        text, items = body.get(self.field), body.get(self.array)
        if not isinstance(text, str):
            return
        items = items if isinstance(items, list | tuple) else []
        named = [item.get(self.item) for item in items if is_object(item)]
        names = {str.__str__(name) for name in named if isinstance(name, str)}
        for match in self.pattern.finditer(text):
            if match.group(1) not in names:
                out.append(
                    Violation(
                        self.field,
                        f"x-mention-rule: every mention names one of {self.names_from}",
                        match.group(1),
                        f"mentions {match.group(0)!r}, but no {self.names_from} is "
                        f"{match.group(1)!r}",
                    )
                )


def _mention_rule() -> MentionRule | None:
    """The request schema's x-mention-rule; None where the spec has none."""
    raw = SCHEMAS[REQUEST_SCHEMA].get("x-mention-rule")
    if raw is None:
        return None
    unknown = {k for k in raw if not k.startswith("x-")} - _MENTION_KEYS
    if unknown:
        raise UnsupportedSchemaError(
            f"x-mention-rule has keys the client does not implement: {sorted(unknown)}"
        )
    array, sep, item = raw["names-from"].partition("[].")
    if not sep:
        raise UnsupportedSchemaError(f"x-mention-rule names-from {raw['names-from']!r}")
    try:  # read in ECMA-262, as every other pattern of the spec is
        pattern = compile_pattern(raw["pattern"])
    except (re.error, ValueError) as error:
        raise UnsupportedSchemaError(f"x-mention-rule pattern: {error}") from None
    return MentionRule(raw["field"], pattern, raw["names-from"], array, item)


# ---------------------------------------------------------------------------- entry points


@attrs.frozen
class _Ready:
    checks: Mapping[str, Check]
    request_fields: Check
    mention: MentionRule | None


@functools.cache
def _ready() -> _Ready:
    """Compile (and so audit) every schema once, and read the mention rule; raises if either
    holds what the client cannot enforce."""
    document = _document()
    try:
        checks = {name: document.check(_SCHEMAS_AT + pointer_step(name)) for name in SCHEMAS}
        request = _node("#" + _SCHEMAS_AT + pointer_step(REQUEST_SCHEMA), DOCUMENT_URI)
        fields = _closed([request], {})
    except UnresolvableRef as error:
        raise UnsupportedSchemaError(str(error)) from None
    return _Ready(checks, fields, _mention_rule())


def audit() -> None:
    """Raise UnsupportedSchemaError if the spec holds a rule this module cannot enforce.

    `make generate` calls it, so such a spec fails generation instead of a user's first call.
    """
    from . import _parameters

    _ready()
    _parameters.audit()


def check_schema(value: Any, schema: str) -> list[Violation]:
    """Every rule of components.schemas[schema] that `value` breaks (x- extensions aside)."""
    out: Out = []
    _ready().checks[schema](value, "", out)
    return out


def check_request(body: Mapping[str, Any]) -> list[Violation]:
    """Every rule of openapi.yaml that a create request body breaks, and every field it names
    that the spec does not; [] when it is valid."""
    ready = _ready()
    out: Out = []
    ready.checks[REQUEST_SCHEMA](body, "", out)
    ready.request_fields(body, "", out)
    if ready.mention is not None and is_object(body):
        ready.mention.check(body, out)
    return out


def validate_request(body: Mapping[str, Any]) -> None:
    """Raise RequestValidationError listing every broken rule, or return if there is none."""
    violations = check_request(body)
    if violations:
        raise RequestValidationError(violations)
