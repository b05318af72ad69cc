"""The strategies generate what they claim: valid bodies are valid and reach every boundary,
invalid ones break exactly the rule they name, non-JSON bodies are not JSON."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from contract_tests import rules, spec, strategies, strict_json
from contract_tests.rules import Rule

# Enough derandomized examples to meet every goal; a fixed seed, so no flakiness.
SURVEY = settings(
    max_examples=400,
    phases=[Phase.generate],
    database=None,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


@given(strategies.valid_requests())
def test_valid_requests_break_no_rule(body: dict[str, Any]) -> None:
    assert [r.id for r in rules.broken_rules(body)] == []


@given(strategies.invalid_requests())
def test_invalid_requests_break_exactly_their_rule(case: tuple[Rule, Any]) -> None:
    rule, body = case
    assert [r.id for r in rules.broken_rules(body)] == [rule.id]


@pytest.mark.parametrize(("rule", "body"), strategies.boundary_invalid())
def test_boundary_breaks_break_exactly_their_rule(rule: Rule, body: Any) -> None:
    assert [r.id for r in rules.broken_rules(body)] == [rule.id]


def test_boundary_requests_are_valid() -> None:
    for body in strategies.boundary_requests():
        assert rules.broken_rules(body) == [], body


@given(strategies.non_json_bodies())
def test_non_json_bodies_are_not_json(body: bytes) -> None:
    assert not strict_json.is_json(body)


def _goals() -> list[tuple[str, Callable[[dict[str, Any]], bool]]]:
    """Every boundary and value the valid strategy must reach, read from the spec."""
    root = rules.node_at(())
    goals: list[tuple[str, Callable[[dict[str, Any]], bool]]] = []
    for name, raw in root["properties"].items():
        node = spec.resolve(raw)
        if name not in root["required"]:
            goals.append((f"{name} omitted", functools.partial(_omitted, name)))
        if node.get("type") == "array":
            for size in (node["minItems"], node["maxItems"]):
                goals.append((f"{name} of {size}", functools.partial(_sized, name, size)))
        for value in strategies.boundary_values(node):
            goals.append((f"{name}={value!r}", functools.partial(_valued, name, value)))
    for path in dict.fromkeys(r.path for r in rules.request_rules() if rules.ITEMS in r.path):
        for value in strategies.boundary_values(rules.node_at(path)):
            field = rules.field_name(path)
            goals.append((f"{field}={value!r}", functools.partial(_somewhere, path, value)))
    mention = spec.mention_rule()

    def mentions(body: dict[str, Any]) -> int:
        return len(mention.mentions(body[mention.field]))

    def ends_with_mention(body: dict[str, Any]) -> bool:
        text = body[mention.field]
        return any(m.end() == len(text) for m in mention.pattern.finditer(text))

    goals += [
        ("no mention", lambda b: mentions(b) == 0),
        ("one mention", lambda b: mentions(b) == 1),
        ("many mentions", lambda b: mentions(b) >= 3),
        ("a mention at the very end", ends_with_mention),
        ("non-ASCII prompt", lambda b: not b[mention.field].isascii()),
        ("long prompt", lambda b: len(b[mention.field]) >= 200),
    ]
    return goals


def _omitted(name: str, body: dict[str, Any]) -> bool:
    return name not in body


def _sized(name: str, size: int, body: dict[str, Any]) -> bool:
    return len(body[name]) == size


def _valued(name: str, value: Any, body: dict[str, Any]) -> bool:
    return _same(body.get(name), value)


def _somewhere(path: rules.Path, value: Any, body: dict[str, Any]) -> bool:
    return any(_same(v, value) for v in rules.values_at(body, path))


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def test_valid_requests_reach_every_boundary_and_value() -> None:
    goals = _goals()
    unmet = {name for name, _ in goals}

    @SURVEY
    @given(strategies.valid_requests())
    def survey(body: dict[str, Any]) -> None:
        unmet.difference_update(name for name, met in goals if name in unmet and met(body))

    survey()
    assert unmet == set()


def test_invalid_requests_draw_from_every_breakable_rule() -> None:
    """Coverage by construction (random draws favour some rules; the boundary examples of
    test_properties break every rule deterministically)."""
    expected = [r for r in rules.request_rules() if strategies.breakable(r)]
    assert strategies.breakable_rules() == expected
    assert {case[0] for case in strategies.boundary_invalid()} == set(expected)


CLASSIC_WRONG_TYPES: dict[str, Callable[[Any], bool]] = {
    "true": lambda v: v is True,
    "a non-integral number such as 5.5": lambda v: isinstance(v, float) and not v.is_integer(),
    "the string 'true'": lambda v: v == "true",
    "null": lambda v: v is None,
    "an array": lambda v: isinstance(v, list),
    "an object": lambda v: isinstance(v, dict),
}


@pytest.mark.parametrize("kind", CLASSIC_WRONG_TYPES)
def test_every_type_rule_is_broken_with_each_classic_wrong_type_not_of_its_type(kind: str) -> None:
    is_kind = CLASSIC_WRONG_TYPES[kind]
    for rule in rules.request_rules():
        if rule.keyword != "type":
            continue
        node = rules.node_at(rule.path)
        pool: list[Any] = [True, 5.5, "true", None, [], {}]
        samples = [v for v in pool if is_kind(v)]
        if any(strategies._TYPES.is_type(v, rule.value) for v in samples):
            continue  # that kind is the rule's own type
        bodies = strategies.breaks(rule, strategies.minimal_request())
        values = [strategies._containers(b, rule.path, -1)[0] for b in bodies if rule.path]
        got = [c[k] for c, k in values] if rule.path else bodies
        assert any(is_kind(v) for v in got), f"{rule.id} never gets {kind} ({node})"


def test_enum_breaks_include_case_changes() -> None:
    for rule in rules.request_rules():
        if rule.keyword == "enum" and any(
            isinstance(v, str) and v.upper() != v for v in rule.value
        ):
            broken = strategies.breaks(rule, strategies.minimal_request())
            values = [strategies._containers(b, rule.path, -1)[0] for b in broken]
            cased = {c[k] for c, k in values}
            assert any(v.upper() in cased for v in rule.value if v.upper() not in rule.value)


def test_bound_breaks_cross_by_exactly_one() -> None:
    for rule in rules.request_rules():
        if rule.keyword in ("minimum", "maximum"):
            sign = -1 if rule.keyword == "minimum" else 1
            bodies = strategies.breaks(rule, strategies.minimal_request())
            assert any(b[rule.path[0]] == rule.value + sign for b in bodies), rule.id
        if rule.keyword in ("minItems", "maxItems"):
            sign = -1 if rule.keyword == "minItems" else 1
            bodies = strategies.breaks(rule, strategies.minimal_request())
            assert any(len(b[rule.path[0]]) == rule.value + sign for b in bodies), rule.id
