"""The client's validator and jsonschema's agree on valid/invalid, for the spec's request schema
and for that schema with each JSON Schema keyword added where its kind of value stands.

Instances are drawn near the schema (hypothesis-jsonschema's `from_schema` for each leaf; the
objects and arrays around them are composed here, so that each branch of a choice and each map
is drawn on its own) and then mutated. Schema validity only: the mention rule and the unknown-field
check are the client's extras, tested in test_client_validation.py.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from typing import Any, Final

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy
from hypothesis_jsonschema import from_schema
from pixverse_c1_client._validation import Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from contract_tests import rules, spec, values

JSON = Any
_URI: Final = "urn:pixverse-c1:differential"
_SCHEMAS_AT: Final = "/components/schemas/"
_ADDED: Final = "added_by_the_test"
_KIND_TYPES: Final = {
    "string": {"type": "string"},
    "number": {"type": "integer"},
    "array": {"type": "array", "items": {"type": "integer"}},
    "object": {
        "type": "object",
        "properties": {"p": {"type": "integer"}, "q": {"type": "string"}},
        "required": ["p"],
    },
}
_FORMATS: Final = ("date-time", "date", "time", "uri", "uri-reference", "uuid", "ipv4", "ipv6")
# email and hostname are left out: jsonschema's email check is only `"@" in value` and its
# hostname check accepts what RFC 1123 does not; the client follows the RFCs, which the
# official suite's optional/format cases prove (test_validator_suite.py).
# Formats of _FORMATS that from_schema does not know, and would ignore, drawing any text.
_UNKNOWN_TO_FROM_SCHEMA: Final = {"uuid": st.uuids().map(str)}


def _names(node: JSON) -> list[str]:
    return list(node.get("properties", {}))


def _format(name: str) -> Callable[[JSON], JSON]:
    return lambda node: {"format": name}


# Each edit: the kind of schema it goes into, and the keywords it adds there (the values are
# the test's own, chosen so that near-valid instances fall on both sides).
EDITS: Final[dict[str, tuple[str, Callable[[JSON], JSON]]]] = {
    # Bounds the string's own keep room for: a maxLength above its minLength, and back.
    "maxLength": ("string", lambda n: {"maxLength": max(5, n.get("minLength", 0) + 3)}),
    "minLength": ("string", lambda n: {"minLength": min(3, n.get("maxLength", 3))}),
    # The end is `(?![\s\S])`, not `$`: jsonschema runs `pattern` with Python's re, whose `$`
    # also matches before a final newline; ECMA-262's (and the client's) does not.
    "pattern": ("string", lambda n: {"pattern": "^[a-z][a-z0-9_]{0,7}(?![\\s\\S])"}),
    **{f"format {name}": ("string", _format(name)) for name in _FORMATS},
    "const": ("string", lambda n: {"const": "abc"}),
    "enum": ("string", lambda n: {"enum": ["abc", 1, 1.5, None, True]}),
    "multipleOf": ("number", lambda n: {"multipleOf": 2}),
    # jsonschema divides floats; the client takes exact decimals (0.3 is a multiple of 0.1).
    # They agree on a power-of-two divisor, where float division is exact.
    "number multipleOf 0.5": ("number", lambda n: {"type": "number", "multipleOf": 0.5}),
    "exclusive bounds": (
        "number",
        lambda n: {
            "exclusiveMinimum": n.get("minimum", 0),
            "exclusiveMaximum": n.get("maximum", 10),
        },
    ),
    "uniqueItems": ("array", lambda n: {"uniqueItems": True}),
    "contains": ("array", lambda n: {"contains": n.get("items", True), "maxContains": 2}),
    "prefixItems": ("array", lambda n: {"prefixItems": [n.get("items", True), {"type": "null"}]}),
    "items false": ("array", lambda n: {"prefixItems": [n.get("items", True)], "items": False}),
    "maxProperties": ("object", lambda n: {"maxProperties": len(n.get("required", [])) + 1}),
    "minProperties": ("object", lambda n: {"minProperties": len(n.get("required", [])) + 1}),
    "additionalProperties false": ("object", lambda n: {"additionalProperties": False}),
    "patternProperties": (
        "object",
        lambda n: {"patternProperties": {"^[a-c]": {"type": "integer"}}},
    ),
    "additionalProperties schema": ("object", lambda n: {"additionalProperties": {"type": "null"}}),
    "propertyNames": ("object", lambda n: {"propertyNames": {"maxLength": 8}}),
    "dependentRequired": (
        "object",
        lambda n: {"dependentRequired": {_names(n)[-1]: _names(n)[:1]}} if _names(n) else {},
    ),
    "dependentSchemas": (
        "object",
        lambda n: {"dependentSchemas": {_names(n)[-1]: {"maxProperties": 3}}} if _names(n) else {},
    ),
    "not": ("object", lambda n: {"not": {"required": _names(n)[-1:]}}),
    "anyOf": ("object", lambda n: {"anyOf": [{"required": [p]} for p in _names(n)[-2:]]}),
    "oneOf": ("object", lambda n: {"oneOf": [{"required": [p]} for p in _names(n)[-2:]]}),
    "if-then-else": (
        "object",
        lambda n: {
            "if": {"required": _names(n)[-1:]},
            "then": {"required": _names(n)[:1]},
            "else": {"maxProperties": 3},
        },
    ),
    "unevaluatedProperties": (
        "object",
        lambda n: {
            "allOf": [{"properties": {p: True for p in _names(n)[1:]}}],
            "unevaluatedProperties": False,
        },
    ),
    "nested object": (
        "object",
        lambda n: {
            "properties": {
                **n.get("properties", {}),
                _ADDED: {
                    "type": "object",
                    "properties": {"a": {"type": "integer", "minimum": 0}},
                    "required": ["a"],
                    "additionalProperties": False,
                },
            }
        },
    ),
}


def _kind(node: JSON) -> str | None:
    kind = {"integer": "number", "number": "number", "string": "string", "array": "array"}
    if "properties" in node:
        return "object"
    if "enum" in node:
        return None
    return kind.get(node.get("type")) if isinstance(node.get("type"), str) else None


def _targets(schemas: JSON) -> dict[str, list[str]]:
    """JSON pointers of the request's schemas, by kind (the request and what it holds)."""
    found: dict[str, list[str]] = {kind: [] for kind in _KIND_TYPES}

    def walk(pointer: str, seen: frozenset[str]) -> None:
        if pointer in seen:
            return
        node = _at(schemas, pointer)
        if not isinstance(node, dict):
            return  # a boolean schema: no keyword is added to it
        if "$ref" in node:
            walk(node["$ref"].removeprefix("#"), seen | {pointer})
            return
        if len(node.get("allOf", [])) == 1:
            walk(f"{pointer}/allOf/0", seen | {pointer})
        kind = _kind(node)
        if kind is not None and pointer not in found[kind]:
            found[kind].append(pointer)
        for name in node.get("properties", {}):
            walk(f"{pointer}/properties/{name}", seen | {pointer})
        if isinstance(node.get("items"), dict):
            walk(f"{pointer}/items", seen | {pointer})

    walk(_SCHEMAS_AT + rules.REQUEST, frozenset())
    return found


def _at(document: JSON, pointer: str) -> JSON:
    node = {"components": {"schemas": document}}
    for step in pointer.split("/")[1:]:
        node = node[int(step)] if isinstance(node, list) else node[step]
    return node


@functools.cache
def _variants(edit: str) -> list[tuple[str, JSON]]:
    """(where, edited components.schemas) for each place the edit can go, plus a new field."""
    kind, keywords = EDITS[edit]
    base = spec.schemas()
    request = _SCHEMAS_AT + rules.REQUEST
    out = []
    for pointer in [*_targets(base)[kind], f"{request}/properties/{_ADDED}"]:
        schemas = copy.deepcopy(base)
        if pointer.endswith(_ADDED):
            _at(schemas, request)["properties"][_ADDED] = copy.deepcopy(_KIND_TYPES[kind])
        node = _at(schemas, pointer)
        before = copy.deepcopy(node)
        node.update(copy.deepcopy(keywords(node)))
        # Where the spec already says what the edit would add, the spec's own test judges it.
        if node != before:
            out.append((pointer, schemas))
    return out


# ---------------------------------------------------------------------------- the two judges


@functools.cache
def _judges(edit: str | None, index: int) -> tuple[Validator, jsonschema.protocols.Validator]:
    schemas = spec.schemas() if edit is None else _variants(edit)[index][1]
    document = {"components": {"schemas": schemas}}
    pointer = _SCHEMAS_AT + rules.REQUEST
    # The spec's patterns as ECMA-262 reads them (JSON Schema's dialect), not as Python's re
    # would, whose `$` also matches before a final newline; the translation is checked on its
    # own against the JSON Schema Test Suite.
    resource: Resource[JSON] = DRAFT202012.create_resource(spec.ecma_schema(document))
    registry: Registry[JSON] = Registry().with_resource(_URI, resource)
    # jsonschema asserts the formats the client asserts; any other (a duration, a regex) is a
    # note to both, as JSON Schema 2020-12 has it by default. Its multipleOf reads numbers as
    # the decimals their JSON text says (spec.Validator): jsonschema's own divides floats, and
    # would call 0.3 no multiple of 0.1.
    oracle = spec.Validator(
        {"$ref": f"{_URI}#{pointer}"}, registry=registry, format_checker=spec.FORMATS
    )
    return Validator(document, pointer), oracle


# ---------------------------------------------------------------------------- instances


def _inline(node: JSON, schemas: JSON, depth: int = 0) -> JSON:
    """`node` with every local $ref replaced by its target, and no x- extensions."""
    if isinstance(node, list):
        return [_inline(n, schemas, depth) for n in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node and depth < 8:
        target = _inline(_at(schemas, node["$ref"].removeprefix("#")), schemas, depth + 1)
        rest = {k: v for k, v in node.items() if k != "$ref"}
        return {**target, **_inline(rest, schemas, depth)} if rest else target
    return {k: _inline(v, schemas, depth) for k, v in node.items() if not k.startswith("x-")}


def _instances(node: JSON) -> SearchStrategy[JSON]:
    """Values near `node`: objects and arrays of objects composed here, leaves from_schema."""
    if not isinstance(node, dict):
        return from_schema(node, custom_formats=_UNKNOWN_TO_FROM_SCHEMA)
    if len(node.get("allOf", [])) == 1 and "properties" not in node:
        merged = {k: v for k, v in node.items() if k != "allOf"}
        return _instances({**node["allOf"][0], **merged})
    for key in ("anyOf", "oneOf"):  # each branch drawn as a schema of its own
        if key in node and all(isinstance(branch, dict) for branch in node[key]):
            rest = {k: v for k, v in node.items() if k != key}
            return st.one_of(*[_instances(values.joined(rest, branch)) for branch in node[key]])
    if "properties" in node:
        props = node["properties"]
        required = [name for name in node.get("required", []) if name in props]
        return st.fixed_dictionaries(
            {name: _instances(props[name]) for name in required},
            optional={name: _instances(sub) for name, sub in props.items() if name not in required},
        )
    if node.get("type") == "object" or _MAP_KEYWORDS & set(node):
        return _maps(node)
    items = node.get("items")
    if isinstance(items, dict) and ("properties" in items or "allOf" in items):
        least = node.get("minItems", 0)
        return st.lists(_instances(items), min_size=least, max_size=node.get("maxItems", least + 3))
    leaf = {k: v for k, v in node.items() if k not in ("default", "description")}
    return from_schema(leaf, custom_formats=_UNKNOWN_TO_FROM_SCHEMA)


_MAP_KEYWORDS: Final = frozenset({"additionalProperties", "patternProperties", "propertyNames"})


def _maps(node: JSON) -> SearchStrategy[JSON]:
    """Objects without properties (a map): half of them of names its patterns or propertyNames
    allow and values of the schemas those names get, as many as its bounds allow; the others
    mixed with any name and value, and of any size near the bounds."""
    patterns = node.get("patternProperties", {})
    names = [st.from_regex(p, fullmatch=False) for p in patterns]
    if isinstance(node.get("propertyNames"), dict):
        names.append(from_schema({"type": "string", **node["propertyNames"]}))
    subs = [*patterns.values(), node.get("additionalProperties")]
    found = [_instances(sub) for sub in subs if isinstance(sub, dict) and sub]
    least, most = node.get("minProperties", 0), node.get("maxProperties", 3)
    fitting = st.dictionaries(
        st.one_of(*names) if names else st.text(max_size=5),
        st.one_of(*found) if found else _JSON_VALUES,
        min_size=least,
        max_size=max(least, most),
    )
    mixed = st.dictionaries(
        st.one_of(*names, st.text(max_size=5)),
        st.one_of(*found, _JSON_VALUES),
        min_size=max(least - 1, 0),
        max_size=max(least, most) + 1,
    )
    return st.one_of(fitting, mixed)


_JSON_VALUES: Final = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-20, 20)
    | st.sampled_from([0.5, 1.0, 2.5, -1.5, 1e300])
    | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=5,
)


def _locations(value: JSON, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, sub in value.items():
            found += _locations(sub, (*path, key))
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            found += _locations(sub, (*path, i))
    return found


def _mutated(draw: st.DrawFn, value: JSON) -> JSON:
    """`value` with one change at a random place: removed, replaced, nudged, grown, repeated."""
    path = draw(st.sampled_from(_locations(value)))
    if not path:
        return draw(_JSON_VALUES) if draw(st.integers(0, 9)) == 0 else value
    parent = value
    for step in path[:-1]:
        parent = parent[step]
    key, old = path[-1], parent[path[-1]]
    change = draw(st.sampled_from(["drop", "replace", "nudge", "grow", "repeat", "add"]))
    if change == "drop":
        parent.pop(key)
    elif change == "replace":
        parent[key] = draw(_JSON_VALUES)
    elif change == "nudge" and isinstance(old, int | float) and not isinstance(old, bool):
        parent[key] = old + draw(st.sampled_from([-1, 1, 0.5, -0.5, 2, old]))
    elif change == "nudge" and isinstance(old, str):
        cut = draw(st.integers(0, len(old)))
        parent[key] = old[:cut] + draw(st.text(max_size=3)) + old[cut + 1 :]
    elif change == "grow" and isinstance(old, list):
        again = bool(old) and draw(st.booleans())
        old.append(copy.deepcopy(old[0]) if again else draw(_JSON_VALUES))
    elif change == "repeat" and isinstance(old, list) and old:
        old.append(copy.deepcopy(draw(st.sampled_from(old))))
    elif change == "add" and isinstance(old, dict):
        name = draw(st.sampled_from([*old, "a", "b_", "c1", "zz_long_name", _ADDED]))
        old[name] = draw(_JSON_VALUES)
    return value


@functools.cache
def _drawn(edit: str | None, index: int) -> SearchStrategy[JSON]:
    """Instances of the edited schema twice as often as of the spec's own."""
    schemas = spec.schemas() if edit is None else _variants(edit)[index][1]
    # Drawn with the patterns spelt for Python's re (from_schema's), as ECMA-262 reads them.
    request = _instances(
        spec.ecma_schema(_inline(_at(schemas, _SCHEMAS_AT + rules.REQUEST), schemas))
    )
    plain = _instances(spec.ecma_schema(_inline(spec.schema(rules.REQUEST), spec.schemas())))
    return st.one_of(request, request, plain)


@st.composite
def _near(draw: st.DrawFn, edit: str | None) -> tuple[int, JSON]:
    index = 0 if edit is None else draw(st.integers(0, len(_variants(edit)) - 1))
    value = copy.deepcopy(draw(_drawn(edit, index)))
    # No change in two draws of five, so that valid instances are common whatever the edit.
    for _ in range(draw(st.sampled_from([0, 0, 1, 2, 3]))):
        value = _mutated(draw, value)
    return index, value


# rfc3986-validator, jsonschema's checker of uri and uri-reference, anchors its patterns with
# Python's `$`, which also matches before a final newline ("\n" passes as a uri-reference).
# RFC 3986 allows no control character, so where only that differs the client's refusal is the
# right reading, and is asserted as such.
_DOLLAR_QUIRK: Final = ("format uri", "format uri-reference")


def _newline_ended(value: JSON) -> bool:
    if isinstance(value, str):
        return value.endswith("\n")
    if isinstance(value, dict):
        return any(_newline_ended(v) for v in value.values())
    if isinstance(value, list):
        return any(_newline_ended(v) for v in value)
    return False


def _refused_by_rfc_3986_only(client: Any, value: JSON) -> bool:
    rules = {v.rule for v in client.violations(value)}
    return _newline_ended(value) and bool(rules) and rules <= set(_DOLLAR_QUIRK)


def _agree(edit: str | None, case: tuple[int, JSON]) -> bool:
    """Assert that both judge `case` alike; return their verdict."""
    index, value = case
    client, oracle = _judges(edit, index)
    where = "" if edit is None else _variants(edit)[index][0]
    verdict = client.is_valid(value)
    if _refused_by_rfc_3986_only(client, value):
        assert not verdict
        return verdict
    assert verdict == oracle.is_valid(value), (
        where,
        client.violations(value),
        [e.message for e in oracle.iter_errors(value)],
    )
    return verdict


# Each verdict comes in about one instance in eight or more, for every edit; this many makes
# missing one of them unlikely for a spec yet to come.
_FEW: Final = max(100, settings().max_examples // 2)


def _judged_both_ways(edit: str | None, examples: int) -> None:
    """Run the differential; it says nothing unless it saw valid and invalid instances alike."""
    verdicts: set[bool] = set()

    # Derandomized, so that "saw both verdicts" is a fact of the code, never of a seed.
    @settings(max_examples=examples, derandomize=True)
    @given(_near(edit))
    def agree(case: tuple[int, JSON]) -> None:
        verdicts.add(_agree(edit, case))

    agree()
    assert verdicts == {True, False}


def test_agrees_with_jsonschema_on_the_spec_request_schema() -> None:
    _judged_both_ways(None, max(_FEW, settings().max_examples))


@pytest.mark.parametrize("edit", list(EDITS))
def test_agrees_with_jsonschema_with_a_keyword_added(edit: str) -> None:
    _judged_both_ways(edit, _FEW)


def test_every_edit_changes_the_schema_it_is_judged_on() -> None:
    for edit in EDITS:
        kind, keywords = EDITS[edit]
        own: JSON = copy.deepcopy(_KIND_TYPES[kind])
        assert {**own, **keywords(own)} != own, edit  # the new field is more than a new field
        variants = _variants(edit)
        assert variants[-1][0].endswith(_ADDED), edit
        assert all(schemas != spec.schemas() for _, schemas in variants), edit
