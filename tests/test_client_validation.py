"""Fail fast: the client refuses a request that breaks openapi.yaml before any traffic.

Every invalid body of the contract suite's strategies is refused with the broken rule named, and
the transport sees no request; valid bodies pass; the client's own small validator agrees with
the jsonschema library (plus the mention rule) on arbitrary near-valid bodies.
"""

from __future__ import annotations

import copy
import functools
import re
from typing import Any

import httpx
import pytest
import respx
from hypothesis import given
from hypothesis import strategies as st
from pixverse_c1_client import (
    CreateTaskRequest,
    PixverseC1,
    RequestValidationError,
    UnsupportedSchemaError,
    check_request,
)
from pixverse_c1_client import _validation as client_validation
from pixverse_c1_client._contract import SCHEMAS

from contract_tests import spec, strategies
from contract_tests.rules import MENTION_KEYWORD, Rule
from tests.doubles import BASE_URL, KEY, valid_request


@pytest.fixture(scope="module")
def mocked() -> Any:
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as router:
        router.post(spec.CREATE_PATH).respond(200, json={"task_id": "t"})
        yield router


@functools.cache
def _client() -> PixverseC1:
    """One client for the module: making an httpx.Client (its TLS context) is slow."""
    return PixverseC1(api_key=KEY, base_url=BASE_URL)


def _named(rule: Rule, error: RequestValidationError) -> bool:
    """Whether one violation is at the rule's field (item indexes aside) and names its keyword."""
    for v in error.violations:
        field = re.sub(r"\[\d+\]", "[]", v.path) or "body"
        keyword = MENTION_KEYWORD if v.rule.startswith(MENTION_KEYWORD) else v.rule.split()[0]
        if field == rule.field and keyword == rule.keyword:
            return True
    return False


def _refused(body: Any, rule: Rule, mocked: Any) -> None:
    mocked.reset()
    with pytest.raises(RequestValidationError) as caught:
        _client().create_task(body)
    assert _named(rule, caught.value), (rule.id, [str(v) for v in caught.value.violations])
    assert mocked.calls.call_count == 0


@pytest.mark.parametrize(
    ("rule", "body"),
    strategies.boundary_invalid(),
    ids=lambda x: x.id if isinstance(x, Rule) else "",
)
def test_every_boundary_break_is_refused_before_sending(rule: Rule, body: Any, mocked: Any) -> None:
    _refused(body, rule, mocked)


@given(case=strategies.invalid_requests())
def test_every_invalid_strategy_body_is_refused_before_sending(
    case: tuple[Rule, Any], mocked: Any
) -> None:
    _refused(case[1], case[0], mocked)


@given(strategies.valid_requests())
def test_valid_bodies_have_no_violations(body: dict[str, Any]) -> None:
    assert check_request(body) == []


def _oracle(body: Any) -> bool:
    """Valid by jsonschema on the spec and by the test side's reading of the mention rule."""
    if list(spec.validator("CreateTaskRequest").iter_errors(body)):
        return False
    return not spec.mention_rule().unknown_mentions(body)


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-20, 20) | st.floats(-20, 20) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=6,
)


@st.composite
def _near_valid(draw: st.DrawFn) -> Any:
    body = copy.deepcopy(draw(strategies.valid_requests()))
    for _ in range(draw(st.integers(1, 3))):
        target: Any = body
        keys = list(target)
        key = draw(st.sampled_from(keys))
        images = target.get("images")
        if isinstance(images, list) and images and draw(st.booleans()):
            target = images[draw(st.integers(0, len(images) - 1))]
            if not isinstance(target, dict) or not target:
                continue
            key = draw(st.sampled_from(list(target)))
        if draw(st.booleans()):
            target.pop(key)
        else:
            target[key] = draw(_json_values)
    return body


@given(_near_valid())
def test_own_validator_agrees_with_jsonschema_and_mention_rule(body: Any) -> None:
    assert (check_request(body) == []) == _oracle(body)


def test_message_lists_every_violation_with_path_rule_and_value() -> None:
    body = valid_request()
    limits = spec.resolve(spec.schema("CreateTaskRequest")["properties"]["duration"])
    body["duration"] = limits["maximum"] + 1
    body["images"][0]["ref_name"] = 7
    body["aspect_ratio"] = "x" * 500
    with pytest.raises(RequestValidationError) as caught:
        _client().create_task(body)
    text = str(caught.value)
    assert f"duration: must be at most {limits['maximum']}" in text
    assert f"maximum {limits['maximum']}; got {limits['maximum'] + 1}" in text
    assert "images[0].ref_name: must be of type string" in text
    assert "aspect_ratio: must be one of" in text
    assert "validate=False" in text
    assert "x" * 100 not in text  # long values are cut short
    assert len(caught.value.violations) >= 3


def test_a_model_request_is_checked_too(mocked: Any) -> None:
    mocked.reset()
    body = valid_request()
    body["duration"] = (
        spec.resolve(spec.schema("CreateTaskRequest")["properties"]["duration"])["maximum"] + 1
    )
    with pytest.raises(RequestValidationError):
        _client().create_task(CreateTaskRequest.from_dict(body))
    assert mocked.calls.call_count == 0


@pytest.mark.parametrize("at", ["body", "image"])
def test_a_field_the_spec_does_not_name_is_refused_before_sending(at: str, mocked: Any) -> None:
    mocked.reset()
    body = valid_request()
    target = body if at == "body" else body["images"][0]
    typo = next(iter(target))[::-1] + "_typo"  # a misspelt field, not in the spec
    target[typo] = 1
    with pytest.raises(RequestValidationError) as caught:
        _client().create_task(body)
    (violation,) = caught.value.violations
    assert violation.path.endswith(typo) and violation.rule == "unknown field"
    assert typo in str(caught.value)
    assert mocked.calls.call_count == 0


@pytest.mark.parametrize("where", ["client", "call"])
def test_the_opt_out_sends_what_the_spec_forbids(where: str, mocked: Any) -> None:
    mocked.reset()
    body = valid_request()
    body["resolution"] = "4320p"
    client = PixverseC1(api_key=KEY, base_url=BASE_URL, validate=where != "client")
    options = {"validate": False} if where == "call" else {}
    assert client.create_task(body, **options) == "t"
    sent = mocked.calls.last.request
    assert httpx.Response(200, content=sent.content).json() == body


def test_an_unknown_schema_keyword_is_refused_not_skipped() -> None:
    with pytest.raises(UnsupportedSchemaError, match="'pattern'"):
        client_validation._audit({"type": "string", "pattern": "^a"}, "here")
    with pytest.raises(UnsupportedSchemaError, match="'multipleOf'"):
        client_validation._audit({"properties": {"n": {"multipleOf": 2}}}, "here")


def test_a_new_constraint_in_the_spec_stops_the_client_at_first_use(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    prompt = SCHEMAS["CreateTaskRequest"]["properties"]["prompt"]
    monkeypatch.setitem(prompt, "maxLength", 2000)
    client_validation._ready.cache_clear()
    client_validation._compiled.cache_clear()
    try:
        with pytest.raises(UnsupportedSchemaError, match="'maxLength'"):
            check_request(valid_request())
    finally:
        monkeypatch.undo()
        client_validation._ready.cache_clear()
        client_validation._compiled.cache_clear()
    assert check_request(valid_request()) == []
