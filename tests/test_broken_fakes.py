"""The suite can fail: every broken variant of the fake is caught by one of the properties.

The very properties of test_properties.py run against `FakeAPI(broken=name)`, few examples each
(the spec's boundary examples first), until one of them fails for a contract reason.
"""

from __future__ import annotations

import functools

import pytest
from hypothesis import HealthCheck, Phase, settings

from contract_tests import parameters, properties, spec, strategies, strict_json, variants
from contract_tests.fake import BROKEN_VARIANTS, FakeAPI
from contract_tests.properties import (
    PROPERTIES,
    Property,
    by_name,
    valid_parameter_sets,
    valid_parameters_are_accepted,
)
from contract_tests.variants import IGNORE, REQUIRE, TIGHTEN

QUICK = settings(
    max_examples=25,
    phases=[Phase.explicit, Phase.generate],
    derandomize=True,
    database=None,
    deadline=None,
    report_multiple_bugs=False,
    suppress_health_check=list(HealthCheck),
)


def expected_property(name: str) -> Property:
    """The property whose rule the variant breaks: the one that must catch it."""
    return by_name(variants.variant(name).caught_by_property)


def test_there_are_variants_of_every_kind() -> None:
    for prefix in (IGNORE, TIGHTEN, REQUIRE):
        assert any(name.startswith(prefix) for name in BROKEN_VARIANTS), prefix


def with_a_property() -> list[str]:
    """The variants a single generated request can show; the rest (a task_id given twice, a
    lazy @mention reading) are a whole server's doing, caught by the conformance run."""
    return sorted(name for name in BROKEN_VARIANTS if variants.variant(name).caught_by_property)


def test_a_variant_no_property_catches_is_one_the_conformance_run_catches() -> None:
    """Or one this spec gives no request to show (test_conformance.py checks that nothing
    flags it)."""
    for name in set(BROKEN_VARIANTS) - set(with_a_property()) - variants.unshowable():
        assert variants.variant(name).caught_by, name


@pytest.mark.parametrize("variant", with_a_property())
def test_the_property_of_the_broken_rule_catches_the_variant(variant: str) -> None:
    prop = expected_property(variant)
    with pytest.raises(AssertionError):
        prop.run(functools.partial(FakeAPI, broken=variant), QUICK)


@pytest.mark.parametrize("prop", PROPERTIES, ids=lambda p: p.name)
def test_every_property_holds_against_the_faithful_fake_at_these_settings(prop: Property) -> None:
    prop.run(FakeAPI, QUICK)  # so that a catch above is the variant's doing


def _answer(fake: FakeAPI, body: object, sent: parameters.Sent | None = None) -> int:
    """The status of a create request of `body`, with the call's valid parameters or `sent`,
    and the fake's key as the spec presents it."""
    key = properties.credentials("post", spec.CREATE_PATH, fake.api_key)
    given = parameters.valid(spec.CREATE_OPERATION) if sent is None else sent
    path, query, headers = parameters.split(spec.CREATE_OPERATION, given)
    raw = strict_json.dumps(body)
    return fake.handle(
        "POST", path, {**query, **key.params}, {**headers, **key.headers}, raw
    ).status


@pytest.mark.parametrize("variant", sorted(v for v in BROKEN_VARIANTS if v.startswith(IGNORE)))
def test_an_ignore_variant_breaks_its_rule_and_no_other(variant: str) -> None:
    """A single-rule break: every other rule is still enforced, every valid body accepted."""
    fake = FakeAPI(broken=variant)
    ignored = variant.removeprefix(IGNORE)
    for rule, body in strategies.boundary_invalid():
        expected = spec.CREATE_OK if rule.id == ignored else 400
        assert _answer(fake, body) == expected, (rule.id, body)
    assert all(_answer(fake, body) == spec.CREATE_OK for body in strategies.boundary_requests())


@pytest.mark.parametrize(
    "variant", sorted(v for v in BROKEN_VARIANTS if v.startswith((TIGHTEN, REQUIRE)))
)
def test_a_tighten_or_require_variant_still_rejects_every_invalid_body(variant: str) -> None:
    fake = FakeAPI(broken=variant)
    for rule, body in strategies.boundary_invalid():
        assert _answer(fake, body) == 400, (rule.id, body)
    refused: list[object] = [b for b in strategies.boundary_requests() if _answer(fake, b) != 200]
    refused += [case for case in valid_parameter_sets() if _refuses(variant, case)]
    assert refused, "the variant refuses no valid boundary body or parameters"


def _refuses(variant: str, case: tuple[str, parameters.Sent]) -> bool:
    """Whether the variant refuses valid parameters at their edges (a create's, or a
    task-result's of a task it created)."""
    try:
        valid_parameters_are_accepted(FakeAPI(broken=variant), case)
    except AssertionError:
        return True
    return False
