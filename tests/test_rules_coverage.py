"""No rule of the spec goes untested: each is computed, broken by a strategy, and has a broken
variant of the fake; a keyword the suite does not understand fails here instead of being ignored."""

from __future__ import annotations

from typing import Any

import pytest

from contract_tests import rules, spec, strategies
from contract_tests.fake import BROKEN_VARIANTS
from contract_tests.variants import IGNORE, REQUIRE, TIGHTEN, TIGHTENABLE, optional_fields

RULES = rules.request_rules()


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_rule_of_the_spec_is_broken_by_a_strategy(rule: rules.Rule) -> None:
    assert strategies.breakable(rule), f"no strategy breaks {rule.id}: teach strategies.breaks"
    bodies = strategies.breaks(rule, strategies.minimal_request())
    assert bodies, f"strategies.breaks gives no body for {rule.id}"
    for body in bodies:
        assert rules.broken_rules(body) == [rule]


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_rule_has_broken_variants(rule: rules.Rule) -> None:
    assert IGNORE + rule.id in BROKEN_VARIANTS
    if rule.keyword in TIGHTENABLE:
        assert TIGHTEN + rule.id in BROKEN_VARIANTS


def test_every_optional_field_has_a_require_variant() -> None:
    assert optional_fields()
    assert all(REQUIRE + name in BROKEN_VARIANTS for name in optional_fields())


def _walk_ids(node: dict[str, Any]) -> list[str]:
    return [r.id for r in rules._walk(node, ("field",))]


def test_an_unknown_constraint_keyword_becomes_a_rule_no_strategy_can_break() -> None:
    found = list(rules._walk({"type": "string", "minLength": 1}, ("field",)))
    assert [r.id for r in found] == ["field.type", "field.minLength"]
    assert not strategies.breakable(found[1])
    with pytest.raises(NotImplementedError):
        strategies.invalid_for(found[1])


def test_an_unknown_x_rule_is_a_rule_and_other_extensions_are_notes() -> None:
    node = {"type": "string", "x-length-rule": {}, "x-interpretation": "a note"}
    assert _walk_ids(node) == ["field.type", "field.x-length-rule"]


def test_the_rule_values_come_from_the_spec() -> None:
    duration = spec.resolve(spec.schema(rules.REQUEST)["properties"]["duration"])
    assert rules.rule("duration.maximum").value == duration["maximum"]
    assert str(duration["maximum"]) in rules.rule("duration.maximum").description


def test_the_mention_rule_is_a_rule() -> None:
    assert rules.mention_rule().field == spec.mention_rule().field
