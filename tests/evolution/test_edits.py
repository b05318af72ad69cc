"""Every edit of edits.py makes a valid OpenAPI document that differs from today's spec, so a
failure of `make test-evolution` is about the project following the edit, never about the edit."""

from __future__ import annotations

import copy

import pytest

from codegen.spec_lint import validate
from contract_tests import spec
from tests.evolution.edits import (
    CORE,
    EDITS,
    KNOWN_GAPS,
    REFUSED,
    request,
    request_examples,
    unchanged,
)


@pytest.mark.parametrize("name", list(EDITS))
def test_an_edit_makes_a_valid_spec_that_differs_from_today(name: str) -> None:
    doc = copy.deepcopy(spec.load())
    EDITS[name](doc)
    validate(doc)
    if EDITS[name] is not unchanged:
        assert doc != spec.load()


def test_every_core_edit_is_an_edit() -> None:
    assert CORE <= set(EDITS), sorted(CORE - set(EDITS))


def test_every_known_gap_is_an_edit_outside_the_core() -> None:
    assert set(KNOWN_GAPS) <= set(EDITS) - CORE, sorted(set(KNOWN_GAPS) - (set(EDITS) - CORE))


def test_every_refused_edit_is_an_edit_outside_the_core_and_the_gaps() -> None:
    outside = set(EDITS) - CORE - set(KNOWN_GAPS)
    assert set(REFUSED) <= outside, sorted(set(REFUSED) - outside)


@pytest.mark.parametrize("name", list(EDITS))
def test_an_edit_leaves_the_request_examples_valid(name: str) -> None:
    """An edit changes the examples it would otherwise contradict, as an author would: the
    spec's examples are checked against their schemas (tests/test_spec_examples.py)."""
    doc = copy.deepcopy(spec.load())
    EDITS[name](doc)
    schema = spec.ecma_schema({**request(doc), "components": doc.get("components", {})})
    checker = spec.Validator(schema, format_checker=spec.FORMATS)
    for example in request_examples(doc):
        assert [e.message for e in checker.iter_errors(example)] == [], example
