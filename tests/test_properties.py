"""The contract's properties against the faithful fake, through the generated client."""

from __future__ import annotations

import json

import pytest

from contract_tests import strategies
from contract_tests.properties import (
    CORPUS,
    PROPERTIES,
    Property,
    _corpus,
    applies,
    by_name,
)


@pytest.mark.parametrize("prop", PROPERTIES, ids=[p.name for p in PROPERTIES])
def test_property_holds_against_the_fake(prop: Property) -> None:
    prop.run()


def test_every_pinned_regression_is_replayed_by_a_property() -> None:
    """A corpus entry naming no property would silently never run."""
    entries = json.loads(CORPUS.read_text(encoding="utf-8"))
    names = {p.name for p in PROPERTIES}
    assert entries and all(entry["property"] in names for entry in entries)
    for name in {entry["property"] for entry in entries}:
        pinned = _corpus(name)
        assert all(value in by_name(name).examples() for value in pinned)


def test_a_pin_that_no_longer_states_its_case_is_not_replayed() -> None:
    """A spec edit may make a pinned valid body invalid (or an invalid one break two rules);
    such a pin is left out rather than reported as a false failure."""
    assert not applies("valid_request_is_accepted", {})
    assert applies("valid_request_is_accepted", strategies.minimal_request())
    rule, body = strategies.boundary_invalid()[0]
    assert applies("invalid_request_is_rejected", (rule, body))
    assert not applies("invalid_request_is_rejected", (rule, strategies.minimal_request()))
