"""The strategies generate what they claim: valid bodies are valid and reach every boundary,
invalid ones break exactly the rule they name (every kind of break of every rule), non-JSON
bodies are not JSON. Nothing here names a field of today's spec."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from contract_tests import breaking, rules, spec, strategies, strict_json, values
from contract_tests.rules import ITEMS, Rule

# Enough derandomized examples to meet every goal; a fixed seed, so no flakiness.
SURVEY = settings(
    max_examples=400,
    phases=[Phase.generate],
    database=None,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
CASES = [
    (rule, kind, body)
    for rule in strategies.breakable_rules()
    for kind, body in strategies.break_cases(rule)
]


@given(strategies.valid_requests())
def test_valid_requests_break_no_rule(body: dict[str, Any]) -> None:
    assert [r.id for r in rules.broken_rules(body)] == []


@given(strategies.invalid_requests())
def test_invalid_requests_break_exactly_their_rule(case: tuple[Rule, Any]) -> None:
    rule, body = case
    assert [r.id for r in rules.broken_rules(body)] == [rule.id]


@pytest.mark.parametrize(("rule", "kind", "body"), CASES, ids=[f"{r.id}:{k}" for r, k, _ in CASES])
def test_each_break_case_breaks_exactly_its_rule(rule: Rule, kind: str, body: Any) -> None:
    assert [r.id for r in rules.broken_rules(body)] == [rule.id], kind


def test_break_cases_are_the_same_on_every_call() -> None:
    for rule in strategies.breakable_rules():
        assert strategies.break_cases(rule) == strategies.break_cases(rule)


def test_boundary_requests_are_valid() -> None:
    found = strategies.boundary_requests()
    assert found
    for body in found:
        assert rules.broken_rules(body) == [], body


def test_minimal_request_is_valid_and_gives_only_required_fields() -> None:
    body = strategies.minimal_request()
    assert rules.broken_rules(body) == []
    root = rules.node_at(())
    mention = spec.mention_rule()
    assert set(body) == set(root.get("required", [])) | ({mention.field} if mention else set())


@given(strategies.non_json_bodies())
def test_non_json_bodies_are_not_json(body: bytes) -> None:
    assert not strict_json.is_json(body)


# --- every boundary and value is reached ---------------------------------------------------


Goal = tuple[str, Callable[[dict[str, Any]], bool]]


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def _omitted(path: rules.Path, body: dict[str, Any]) -> bool:
    parents = rules.values_at(body, path[:-1])
    return any(isinstance(p, dict) and path[-1] not in p for p in parents)


def _given(path: rules.Path, body: dict[str, Any]) -> bool:
    return bool(rules.values_at(body, path))


def _reached(path: rules.Path, edge: Any, body: dict[str, Any]) -> bool:
    """An edge value is met exactly; a string, array or object edge by its size."""
    found = rules.values_at(body, path)
    if isinstance(edge, str | list | dict):
        return any(type(v) is type(edge) and len(v) == len(edge) for v in found)
    return any(_same(v, edge) for v in found)


def _goals() -> list[Goal]:
    """Every boundary and value the valid strategy must reach, read from the spec."""
    goals: list[Goal] = []
    for path in strategies.optional_paths():
        name = rules.field_name(path)
        goals.append((f"{name} omitted", functools.partial(_omitted, path)))
        goals.append((f"{name} given", functools.partial(_given, path)))
    mention = spec.mention_rule()
    for path in strategies.field_paths():
        if mention is not None and path == (mention.field,):
            continue  # the prompt's goals are the mention rule's, below
        for edge in strategies.boundary_values(path):
            shown = f"length {len(edge)}" if isinstance(edge, str | list | dict) else repr(edge)
            goals.append(
                (f"{rules.field_name(path)} {shown}", functools.partial(_reached, path, edge))
            )
    return goals if mention is None else [*goals, *_mention_goals(mention)]


def _mention_goals(mention: spec.MentionRule) -> list[Goal]:
    """The prompt's goals: mentions none, one, many and at the very end; unicode; length."""
    goals: list[Goal] = []
    prompt = rules.node_at((mention.field,))

    def mentions(body: dict[str, Any]) -> int:
        return len(mention.mentions(_prompt(body)))

    def ends_with_mention(body: dict[str, Any]) -> bool:
        text = _prompt(body)
        return any(m.end() == len(text) for m in mention.pattern.finditer(text))

    if values.is_valid(prompt, "a @b @c @d e"):
        goals += [
            ("no mention", lambda b: mentions(b) == 0),
            ("one mention", lambda b: mentions(b) == 1),
            ("many mentions", lambda b: mentions(b) >= 3),
            ("a mention at the very end", ends_with_mention),
        ]
    if values.is_valid(prompt, "ünï"):
        goals.append(("non-ASCII prompt", lambda b: not _prompt(b).isascii()))
    if prompt.get("maxLength", math.inf) >= 200:
        goals.append(("long prompt", lambda b: len(_prompt(b)) >= 200))
    for edge in strategies.boundary_values((mention.field,)):
        goals.append((f"prompt of length {len(edge)}", functools.partial(_prompt_of, len(edge))))
    return goals


def _prompt(body: dict[str, Any]) -> str:
    """The body's prompt; an optional one left out reads as no text."""
    text = body.get(spec.known_mention_rule().field)
    return text if isinstance(text, str) else ""


def _prompt_of(size: int, body: dict[str, Any]) -> bool:
    return spec.known_mention_rule().field in body and len(_prompt(body)) == size


def test_valid_requests_reach_every_boundary_and_value() -> None:
    goals = _goals()
    unmet = {name for name, _ in goals}

    @SURVEY
    @given(strategies.valid_requests())
    def survey(body: dict[str, Any]) -> None:
        unmet.difference_update(name for name, met in goals if name in unmet and met(body))

    survey()
    assert unmet == set()


def test_boundary_requests_reach_every_boundary_and_value() -> None:
    bodies = strategies.boundary_requests()
    unmet = [name for name, met in _goals() if not any(met(b) for b in bodies)]
    assert unmet == []


def test_invalid_requests_draw_from_every_breakable_rule() -> None:
    """Coverage by construction (random draws favour some rules; boundary_invalid, sent by the
    properties and the conformance runner, breaks every rule deterministically)."""
    expected = [r for r in rules.request_rules() if strategies.breakable(r)]
    assert strategies.breakable_rules() == expected
    assert {case[0] for case in strategies.boundary_invalid()} == set(expected)


# --- each kind of break does what its name says ----------------------------------------------


def _edits(keyword: str) -> list[tuple[Rule, breaking.Edit]]:
    return [
        (rule, edit)
        for rule in strategies.breakable_rules()
        if rule.keyword == keyword
        for edit in breaking.edits(rule)
    ]


def _step(rule: Rule) -> Any:
    return rules.node_at(rule.path).get("multipleOf", 1)


def test_every_type_rule_is_broken_with_every_json_type_it_does_not_allow() -> None:
    checker = strategies._TYPES
    for rule in strategies.breakable_rules():
        if rule.keyword != "type":
            continue
        allowed = values.types_of(rules.node_at(rule.path))
        got = {e.kind: e.value for e in breaking.edits(rule)}
        for kind in ("null", "boolean", "integer", "number", "string", "array", "object"):
            if kind in allowed or (kind == "integer" and "number" in allowed):
                continue
            assert checker.is_type(got[f"wrong type: {kind}"], kind), (rule.id, kind)
            assert not any(checker.is_type(got[f"wrong type: {kind}"], t) for t in allowed)


def test_enum_breaks_include_case_changes() -> None:
    for rule, edit in _edits("enum"):
        if any(isinstance(v, str) and v.upper() != v.lower() for v in rule.value):
            kinds = {e.kind for e in breaking.edits(rule)}
            assert "case changed" in kinds, rule.id
        if edit.kind == "case changed":
            assert edit.value not in rule.value
            assert any(edit.value.lower() == v.lower() for v in rule.value if isinstance(v, str))


def test_bound_breaks_cross_by_at_most_one_step_and_exclusive_ones_hit_the_bound() -> None:
    """One step past: the nearest value of the grid (the type's, a multipleOf's) past the
    bound, which is the bound plus a step where the bound is on the grid."""
    for keyword, sign in (("minimum", -1), ("maximum", 1)):
        for rule, edit in _edits(keyword):
            if edit.kind == "one step past":
                crossed = sign * (edit.value - rule.value)
                assert 0 < crossed <= _step(rule) + 1e-9, rule.id
    for keyword in ("exclusiveMinimum", "exclusiveMaximum"):
        for rule, edit in _edits(keyword):
            if edit.kind == "at the bound":
                assert edit.value == rule.value, rule.id


def test_length_and_size_breaks_cross_by_exactly_one() -> None:
    for keyword, sign in (("minLength", -1), ("maxLength", 1), ("minItems", -1), ("maxItems", 1)):
        for rule, edit in _edits(keyword):
            if edit.kind in ("one short", "one past"):
                assert len(edit.value) == rule.value + sign, rule.id


def test_every_bound_rule_has_its_one_step_break() -> None:
    wanted = {
        "minimum": "one step past",
        "maximum": "one step past",
        "exclusiveMinimum": "at the bound",
        "exclusiveMaximum": "at the bound",
        "minLength": "one short",
        "maxLength": "one past",
        "minItems": "one short",
        "maxItems": "one past",
    }
    for rule in strategies.breakable_rules():
        if rule.keyword in wanted:
            assert wanted[rule.keyword] in {e.kind for e in breaking.edits(rule)}, rule.id


def test_pattern_format_multiple_unique_const_and_extra_field_breaks_are_what_they_say() -> None:
    for rule, edit in _edits("pattern"):
        assert spec.ecma_pattern(rule.value).search(edit.value) is None, rule.id
    for rule, edit in _edits("format"):
        assert not spec.FORMATS.conforms(edit.value, rule.value), rule.id
    for rule, edit in _edits("multipleOf"):  # in the decimals the JSON text says
        assert (Fraction(repr(edit.value)) / Fraction(repr(rule.value))).denominator != 1, rule.id
    for rule, edit in _edits("uniqueItems"):
        assert len({repr(v) for v in edit.value}) < len(edit.value), rule.id
    for rule, edit in _edits("const"):
        assert edit.value != rule.value, rule.id
    for rule, edit in _edits("additionalProperties"):
        assert set(edit.value) - set(rules.node_at(rule.path).get("properties", {})), rule.id
    for rule, edit in _edits("required"):
        assert edit.value is breaking.DELETE, rule.id


def test_a_missing_required_field_inside_an_optional_object_is_sent_with_the_object() -> None:
    for rule in strategies.breakable_rules():
        if rule.keyword == "required" and len(rule.path) > 1:
            for _, body in strategies.break_cases(rule):
                parents = rules.values_at(body, rule.path[:-1])
                assert parents, rule.id
                assert any(isinstance(p, dict) and rule.path[-1] not in p for p in parents)


def test_breaks_made_on_drawn_bodies_reach_items_of_any_index() -> None:
    """An edit of an array item applies to the item the draw picks, not always the last."""
    body = {"a": [{"x": 1}, {"x": 2}, {"x": 3}]}
    moved = breaking.apply(body, ("a", ITEMS, "x"), 9, item=4)
    assert moved == {"a": [{"x": 1}, {"x": 9}, {"x": 3}]}
    assert body["a"][1] == {"x": 2}


def test_hypothesis_jsonschema_draws_objects_with_optional_fields() -> None:
    """It draws them through hypothesis internals that some hypothesis releases lack (the
    pin in pyproject.toml says which): a oneOf of objects, say, is searched through it."""
    choice = {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "integer"}}}
    found = values.search(values.schema_values(choice), lambda v: "a" in v and "b" in v)
    assert values.is_valid(choice, found)
