"""Applicator keywords (anyOf, not, then, prefixItems, ...) as rules: an error deep inside one is
that keyword's rule, a part that restates the node's own keywords is no rule, and the values the
breaks start from meet or miss a subschema as they claim. The nodes here are made up, so these
hold whatever the spec says today."""

from __future__ import annotations

import itertools
from typing import Any

import jsonschema
import pytest

from contract_tests import breaking, rules, values
from contract_tests.rules import ITEMS

NODE: dict[str, Any] = {
    "type": "object",
    "properties": {
        "n": {"type": "integer", "minimum": 0, "maximum": 9},
        "flag": {"type": "boolean"},
        "a": {"anyOf": [{"type": "integer", "maximum": 3}, {"enum": ["x"]}]},
        "t": {"prefixItems": [{"type": "string"}, {"type": "integer"}]},
        "m": {"type": "object", "additionalProperties": {"type": "integer"}},
        "gone": False,
        "list": {"type": "array", "items": {"not": {"const": 0}}},
    },
    "if": {"properties": {"flag": {"const": True}}, "required": ["flag"]},
    "then": {"properties": {"n": {"maximum": 5}}},
    "else": {"properties": {"n": {"maximum": 9}}},
}


def _keys(body: Any) -> set[tuple[rules.Path, str]]:
    errors = jsonschema.Draft202012Validator(NODE).iter_errors(body)
    return {rules._rule_key(error)[:2] for error in errors}


@pytest.mark.parametrize(
    ("body", "key"),
    [
        ({"a": 7}, (("a",), "anyOf")),
        ({"a": "y"}, (("a",), "anyOf")),
        ({"flag": True, "n": 7}, ((), "then")),
        ({"t": ["a", "b"]}, (("t",), "prefixItems")),
        ({"m": {"k": "v"}}, (("m",), "additionalProperties")),
        ({"gone": 1}, ((), "false")),  # the field is told by the node's false rules
        ({"list": [1, 0]}, (("list", ITEMS), "not")),
        ({"n": 10}, (("n",), "maximum")),
    ],
)
def test_an_error_is_the_rule_of_the_first_keyword_the_walk_does_not_enter(
    body: Any, key: tuple[rules.Path, str]
) -> None:
    assert key in _keys(body)


def test_a_then_or_else_that_restates_the_nodes_own_keywords_is_no_rule() -> None:
    ids = [r.id for r in rules._walk(NODE, ())]
    assert "body.then" in ids
    assert "body.else" not in ids  # n's own maximum says it already
    assert "body.if" not in ids  # asserts nothing by itself
    assert rules.adds_nothing(NODE, NODE["else"])
    assert not rules.adds_nothing(NODE, NODE["then"])


def test_a_min_items_that_contains_implies_is_no_rule() -> None:
    node = {"type": "array", "minItems": 1, "contains": {"const": 1}}
    assert [r.keyword for r in rules._walk(node, ())] == ["type", "contains"]
    kept = {**node, "minItems": 2}
    assert "minItems" in [r.keyword for r in rules._walk(kept, ())]


SUBSCHEMAS: list[Any] = [
    {"anyOf": [{"type": "integer", "maximum": 3}, {"enum": ["x"]}]},
    {"oneOf": [{"type": "string"}, {"type": "integer", "minimum": 2}]},
    {"not": {"enum": ["", "a"]}},
    {"properties": {"k": {"const": True}}, "required": ["k"]},
    {"type": "number", "exclusiveMaximum": 1.5},
]


@pytest.mark.parametrize("schema", SUBSCHEMAS)
def test_meeting_and_missing_values_meet_and_miss_the_subschema(schema: Any) -> None:
    start = {"k": False, "other": 1}
    met = list(itertools.islice(breaking.meeting(schema, start, None), 5))
    missed = list(itertools.islice(breaking.missing(schema, start, None), 5))
    assert any(values.is_valid(schema, v) for v in met)
    assert missed and not any(values.is_valid(schema, v) for v in missed)
