"""No rule of the spec goes untested: each is computed, broken by a strategy, and has a broken
variant of the fake; a keyword the suite does not understand fails here instead of being ignored."""

from __future__ import annotations

from typing import Any

import pytest

from contract_tests import rules, spec, strategies
from contract_tests.fake import BROKEN_VARIANTS
from contract_tests.variants import (
    IGNORE,
    REQUIRE,
    TIGHTEN,
    TIGHTENABLE,
    optional_fields,
    tightenable,
)

RULES = rules.request_rules()


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_rule_of_the_spec_is_broken_by_a_strategy(rule: rules.Rule) -> None:
    assert strategies.breakable(rule), f"no strategy breaks {rule.id}: teach breaking.KINDS"
    assert strategies.missing_kinds(rule) == [], f"kinds of break that fit no body: {rule.id}"
    cases = strategies.break_cases(rule)
    assert cases, f"no body breaks {rule.id}"
    for _, body in cases:
        assert rules.broken_rules(body) == [rule]


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_rule_has_broken_variants(rule: rules.Rule) -> None:
    assert IGNORE + rule.id in BROKEN_VARIANTS
    if rule.keyword in TIGHTENABLE and tightenable(rule):  # a bound a valid request reaches
        assert TIGHTEN + rule.id in BROKEN_VARIANTS


def test_every_optional_field_has_a_require_variant() -> None:
    assert optional_fields()
    assert all(REQUIRE + name in BROKEN_VARIANTS for name in optional_fields())


def _walk_ids(node: dict[str, Any]) -> list[str]:
    return [r.id for r in rules._walk(node, ("field",))]


def test_an_unknown_constraint_keyword_becomes_a_rule_no_strategy_can_break() -> None:
    found = list(rules._walk({"type": "string", "evenLength": True}, ("field",)))
    assert [r.id for r in found] == ["field.type", "field.evenLength"]
    assert not strategies.breakable(found[1])
    with pytest.raises(NotImplementedError):
        strategies.invalid_for(found[1])


def test_an_unknown_x_rule_is_a_rule_and_other_extensions_are_notes() -> None:
    node = {"type": "string", "x-length-rule": {}, "x-interpretation": "a note"}
    assert _walk_ids(node) == ["field.type", "field.x-length-rule"]


# Every assertion keyword of JSON Schema 2020-12, each with a value that constrains.
ASSERTIONS: dict[str, Any] = {
    "type": "object",
    "enum": [{}],
    "const": {},
    "multipleOf": 2,
    "minimum": 1,
    "maximum": 9,
    "exclusiveMinimum": 0,
    "exclusiveMaximum": 10,
    "minLength": 1,
    "maxLength": 9,
    "pattern": "^a",
    "format": "uri",
    "minItems": 2,  # 1 would be implied by contains
    "maxItems": 9,
    "uniqueItems": True,
    "contains": {"type": "string"},
    "minProperties": 1,
    "maxProperties": 9,
    "dependentRequired": {"a": ["b"]},
    "additionalProperties": False,
    "propertyNames": {"maxLength": 3},
    "anyOf": [{"minimum": 3}, {"maximum": 1}],
    "oneOf": [{"minimum": 3}, {"maximum": 1}],
    "not": {"const": 2},
    "then": {"minimum": 5},
    "else": {"maximum": 5},
    "dependentSchemas": {"a": {"required": ["b"]}},
    "prefixItems": [{"type": "string"}],
    "patternProperties": {"^x": {"type": "string"}},
    "unevaluatedProperties": False,
    "unevaluatedItems": False,
}


def test_every_assertion_keyword_is_a_rule_and_every_one_is_breakable() -> None:
    choices = ("enum", "const")  # each on its own: beside the others they decide every value
    rest = {k: v for k, v in ASSERTIONS.items() if k not in choices}
    found = {r.keyword: r for r in rules._walk(rest, ("field",))}
    for keyword in choices:
        found |= {r.keyword: r for r in rules._walk({keyword: ASSERTIONS[keyword]}, ("field",))}
    assert set(found) == set(ASSERTIONS)
    assert all(strategies.breakable(rule) for rule in found.values())


def test_required_and_nested_objects_and_arrays_of_arrays_are_walked_at_any_depth() -> None:
    node = {
        "type": "object",
        "required": ["a"],
        "properties": {
            "a": {"type": "array", "items": {"type": "array", "items": {"minimum": 1}}},
            "o": {"allOf": [{"required": ["p"]}, {"properties": {"p": {"maxLength": 2}}}]},
        },
    }
    ids = _walk_ids(node)
    assert "field.a.required" in ids
    assert "field.a[][].minimum" in ids
    assert "field.o.p.required" in ids and "field.o.p.maxLength" in ids


def test_a_keyword_every_enum_value_meets_is_no_rule_and_one_a_value_breaks_is() -> None:
    assert _walk_ids({"type": "string", "enum": ["a", "bb"], "maxLength": 2}) == [
        "field.type",
        "field.enum",
    ]
    assert "field.maxLength" in _walk_ids({"type": "string", "enum": ["a", "bbb"], "maxLength": 2})


def test_no_constraint_values_and_unchecked_formats_are_no_rules() -> None:
    node = {"type": "string", "minLength": 0, "format": "int64"}
    assert _walk_ids(node) == ["field.type"]


def test_contains_that_any_count_of_matches_meets_is_no_rule() -> None:
    wanted = {"type": "string"}
    assert _walk_ids({"type": "array", "contains": wanted, "minContains": 0}) == ["field.type"]
    at_most = {"type": "array", "contains": wanted, "minContains": 0, "maxContains": 2}
    assert "field.contains" in _walk_ids(at_most)


def test_a_bound_the_object_or_its_format_already_keeps_is_no_rule() -> None:
    assert "field.maxLength" not in _walk_ids({"type": "string", "format": "date", "maxLength": 10})
    assert "field.maxLength" in _walk_ids({"type": "string", "format": "date", "maxLength": 9})
    closed = {"type": "object", "properties": {"a": {}, "b": {}}, "maxProperties": 2}
    assert "field.maxProperties" not in _walk_ids(closed)
    more = {**closed, "if": {"required": ["a"]}, "then": {"properties": {"c": {}}}}
    assert "field.maxProperties" in _walk_ids(more)  # a field `then` names may be a third


def test_the_spec_validator_checks_formats() -> None:
    assert spec.validator(rules.REQUEST).format_checker is spec.FORMATS  # type: ignore[attr-defined]
    assert not spec.node_validator({"type": "string", "format": "uri"}).is_valid("not a uri")


def test_the_rule_values_come_from_the_spec() -> None:
    for rule in RULES:
        if rule.keyword in ("required", rules.MENTION_KEYWORD, "additionalProperties", "contains"):
            continue
        node = rules.node_at(rule.path)
        if rule.keyword == "false":  # a schema of `false`: no keyword holds its value
            assert node == {"not": {}}, rule.id
            continue
        assert rule.value == node[rule.keyword], rule.id
        assert rule.field in rule.description


def test_the_mention_rule_is_a_rule(mention_rule: spec.MentionRule) -> None:
    assert rules.mention_rule().field == mention_rule.field


def test_a_schema_that_refers_to_itself_is_unrolled_to_what_the_spec_allows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`inline` gives every reader of one self-contained schema a finite one: the recursion
    unrolled spec.RECURSION deep, `false` below, so every value it allows the spec allows."""
    shot = {
        "type": "object",
        "required": ["text"],
        "properties": {"text": {"type": "string"}, "next": {"$ref": "#/components/schemas/S"}},
    }
    monkeypatch.setattr(spec, "load", lambda: {"components": {"schemas": {"S": shot}}})
    inlined = spec.inline({"$ref": "#/components/schemas/S"})
    chain: Any = inlined
    for _ in range(spec.RECURSION - 1):
        chain = chain["properties"]["next"]
        assert chain["properties"]["text"] == {"type": "string"}
    assert chain["properties"]["next"] is False
    check = spec.node_validator(inlined)
    deep: dict[str, Any] = {"text": "last"}
    for depth in range(spec.RECURSION + 1):
        assert check.is_valid(deep) == (depth < spec.RECURSION), deep
        deep = {"text": "shot", "next": deep}
