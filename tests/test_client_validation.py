"""Fail fast: the client refuses a request that breaks openapi.yaml before any traffic.

Every invalid body of the contract suite's strategies is refused with the broken rule named, and
the transport sees no request; valid bodies pass; the client's own validator agrees with the
jsonschema library (plus the mention rule) on arbitrary near-valid bodies; a keyword added to
the spec is enforced with no code; a field the spec does not name is refused unless the schema
itself allows it (patternProperties, additionalProperties).
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import respx
from hypothesis import given
from hypothesis import strategies as st
from pixverse_c1_client import (
    PixverseC1,
    RequestValidationError,
    check_request,
)
from pixverse_c1_client import _validation as client_validation
from pixverse_c1_client._roles import Request
from pixverse_c1_client._violations import Violation, short

from contract_tests import answers, rules, spec, strategies
from contract_tests.rules import MENTION_KEYWORD, REQUEST, Rule
from tests.doubles import BASE_URL, DEFAULTS, KEY, valid_request


@pytest.fixture(scope="module")
def mocked() -> Any:
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as router:
        router.post(spec.CREATE_PATH).respond(spec.CREATE_OK, json=answers.created("t"))
        yield router


@functools.cache
def _client() -> PixverseC1:
    """One client for the module: making an httpx.Client (its TLS context) is slow."""
    return PixverseC1(api_key=KEY, base_url=BASE_URL, **DEFAULTS)


def _named(rule: Rule, error: RequestValidationError) -> bool:
    """Whether one violation names the rule's keyword at its field or at a field inside it (an
    object's rule about one of its fields, dependentRequired, may be told at that field); item
    indexes aside."""
    for v in error.violations:
        field = re.sub(r"\[\d+\]", "[]", v.path) or "body"
        keyword = MENTION_KEYWORD if v.rule.startswith(MENTION_KEYWORD) else v.rule.split()[0]
        told = keyword == rule.keyword or keyword in _keywords_in(rule.value)
        if told and _within(field, rule.field):
            return True
    return False


def _keywords_in(value: Any) -> set[str]:
    """The keywords of a rule's subschemas (a then's maximum): a validator may tell those."""
    if isinstance(value, list):
        return set().union(*map(_keywords_in, value)) if value else set()
    if not isinstance(value, dict):
        return set()
    return set(value).union(*map(_keywords_in, value.values()))


def _within(field: str, outer: str) -> bool:
    return outer in (field, "body") or field.startswith((f"{outer}.", f"{outer}[]"))


def _refused(body: Any, rule: Rule, mocked: Any) -> None:
    mocked.reset()
    with pytest.raises(RequestValidationError) as caught:
        _client().create_task(body)
    assert _named(rule, caught.value), (rule.id, [str(v) for v in caught.value.violations])
    assert mocked.calls.call_count == 0


@pytest.mark.parametrize(
    ("rule", "body"),
    strategies.refused_breaks(),
    ids=lambda x: x.id if isinstance(x, Rule) else "",
)
def test_every_boundary_break_is_refused_before_sending(rule: Rule, body: Any, mocked: Any) -> None:
    _refused(body, rule, mocked)


@given(case=strategies.refused_requests())
def test_every_invalid_strategy_body_is_refused_before_sending(
    case: tuple[Rule, Any], mocked: Any
) -> None:
    _refused(case[1], case[0], mocked)


@given(strategies.valid_requests())
def test_valid_bodies_have_no_violations(body: dict[str, Any]) -> None:
    assert check_request(body) == []


def _oracle(body: Any) -> bool:
    """Valid by jsonschema on the spec (asserting the formats the client asserts, each by draft
    2020-12's check) and by the test side's reading of the mention rule."""
    if not spec.validator(REQUEST).is_valid(body):
        return False
    mention = spec.mention_rule()
    return mention is None or not mention.unknown_mentions(body)


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-20, 20) | st.floats(-20, 20) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=6,
)


@st.composite
def _near_valid(draw: st.DrawFn) -> Any:
    """A valid body with one to three fields, at any depth, removed or given any JSON value."""
    body = copy.deepcopy(draw(strategies.valid_requests()))
    for _ in range(draw(st.integers(1, 3))):
        target: Any = body
        while draw(st.booleans()):
            inner = [v for v in _children(target) if isinstance(v, dict | list) and v]
            if not inner:
                break
            target = draw(st.sampled_from(inner))
        keys = list(target) if isinstance(target, dict) else list(range(len(target)))
        if not keys:
            continue
        key = draw(st.sampled_from(keys))
        if draw(st.booleans()):
            target.pop(key)
        else:
            target[key] = draw(_json_values)
    return body


def _children(node: Any) -> list[Any]:
    return list(node.values()) if isinstance(node, dict) else list(node)


@given(_near_valid())
def test_own_validator_agrees_with_jsonschema_and_mention_rule(body: Any) -> None:
    assert (check_request(body) == []) == _oracle(body)


def _one_break_per_field() -> list[tuple[Rule, Any]]:
    """Boundary breaks of the spec's rules, at most one per top-level field."""
    chosen: dict[str, tuple[Rule, Any]] = {}
    for rule, body in strategies.refused_breaks():
        if rule.path and rule.keyword != MENTION_KEYWORD:
            chosen.setdefault(rule.path[0], (rule, body))
    return list(chosen.values())


def test_message_lists_every_violation_with_path_rule_and_value() -> None:
    body = valid_request()
    broken = _one_break_per_field()
    assert len(broken) >= 2
    for rule, bad in broken:
        top = rule.path[0]
        if top in bad:
            body[top] = copy.deepcopy(bad[top])
        else:
            body.pop(top, None)
    with pytest.raises(RequestValidationError) as caught:
        _client().create_task(body)
    text = str(caught.value)
    for rule, _ in broken:
        assert _named(rule, caught.value), (rule.id, text)
    for v in caught.value.violations:
        assert f"{v.path or '(body)'}: {v.message} [rule: {v.rule}; got {short(v.value)}]" in text
    assert "validate=False" in text


def test_a_long_value_is_cut_short_in_the_message() -> None:
    text = str(Violation("field", "maxLength 3", "x" * 500, "must be short"))
    assert "x" * 100 not in text
    assert "field: must be short [rule: maxLength 3; got 'xxx" in text


def test_a_model_request_is_checked_too(mocked: Any) -> None:
    models = []
    for _, body in strategies.boundary_invalid():
        try:
            model = Request.from_dict(body)
        except (KeyError, TypeError, ValueError):
            continue  # a break the model cannot even hold
        sent = model.to_dict()
        # A field at its default may be left to the server (README, "Defaults are sent"): a
        # break that the model's defaults mend, or that leaving those out mends, is no break.
        at_default = rules.at_default(sent)
        without = {k: v for k, v in sent.items() if k not in at_default}
        if check_request(sent) and check_request(without):
            models.append(model)
    assert models
    for model in models:
        mocked.reset()
        with pytest.raises(RequestValidationError):
            _client().create_task(model)
        assert mocked.calls.call_count == 0


def _objects(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path of every object in `value`, itself included."""
    if isinstance(value, dict):
        yield path
        for key, sub in value.items():
            yield from _objects(sub, (*path, key))
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            yield from _objects(sub, (*path, i))


def _schema_at(path: tuple[Any, ...]) -> Any:
    """The request schema, inlined, of the value at `path` (by prefixItems or items, by
    properties or additionalProperties); {} where none says."""
    node = spec.inline(spec.schema(spec.ROLES["request"]))
    for step in path:
        if isinstance(step, int):
            prefix = node.get("prefixItems", [])
            node = prefix[step] if step < len(prefix) else node.get("items", {})
        else:
            node = node.get("properties", {}).get(step, node.get("additionalProperties", {}))
        node = node if isinstance(node, dict) else {}
    return node


def _parts(node: Any) -> list[Any]:
    """The schema and the branches of its allOf, anyOf and oneOf, at any depth."""
    found = [node]
    for key in ("allOf", "anyOf", "oneOf"):
        for branch in node.get(key, []):
            found += _parts(branch) if isinstance(branch, dict) else []
    return found


def _at(value: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        value = value[step]
    return value


@pytest.mark.parametrize("where", list(_objects(valid_request())), ids=str)
def test_a_field_the_spec_does_not_name_is_refused_before_sending(
    where: tuple[Any, ...], mocked: Any
) -> None:
    """In every object of a valid request; where the schema lets any name in (a map, an open
    object: the jsonschema library says which), the request is sent instead."""
    mocked.reset()
    body = valid_request()
    target = _at(body, where)
    typo = next(iter(target), "field")[::-1] + "_typo"  # a misspelt field, not in the spec
    target[typo] = 1
    parts = _parts(_schema_at(where))  # an object of several shapes names fields in each
    known = ("properties", "patternProperties")
    says_itself = ("additionalProperties", "unevaluatedProperties")
    closed = any(part.get(k) for part in parts for k in known) and not any(
        k in part for part in parts for k in says_itself
    )
    if not closed and spec.validator(spec.ROLES["request"]).is_valid(body):
        _client().create_task(body)
        assert mocked.calls.call_count == 1
        return
    with pytest.raises(RequestValidationError) as caught:
        _client().create_task(body)
    at_typo = [v for v in caught.value.violations if v.path.endswith(typo)]
    assert at_typo and (not closed or at_typo[0].rule == "unknown field"), caught.value
    assert typo in str(caught.value)
    assert mocked.calls.call_count == 0


@pytest.mark.parametrize("where", ["client", "call"])
def test_the_opt_out_sends_what_the_spec_forbids(where: str, mocked: Any) -> None:
    mocked.reset()
    _, body = strategies.boundary_invalid()[0]
    assert check_request(body)
    client = PixverseC1(api_key=KEY, base_url=BASE_URL, validate=where != "client", **DEFAULTS)
    options: dict[str, Any] = {"validate": False} if where == "call" else {}
    assert client.create_task(body, **options) == "t"
    sent = mocked.calls.last.request
    assert httpx.Response(200, content=sent.content).json() == body


# ---------------------------------------------------------------------------- spec edits


@pytest.mark.parametrize(
    ("keywords", "allowed", "refused"),
    [
        ({"maxLength": 8}, "abc", "abcdefghi"),
        ({"pattern": "^[a-z ]+$"}, "abc def", "abc1"),
        ({"format": "uri"}, "https://example.com/a", "not a uri"),
        ({"not": {"const": "forbidden"}}, "allowed", "forbidden"),
    ],
    ids=["maxLength", "pattern", "format", "not"],
)
def test_a_keyword_added_to_the_spec_is_enforced_with_no_code(
    keywords: dict[str, Any], allowed: str, refused: str, schemas: dict[str, Any]
) -> None:
    # A field of its own: the spec's rules on today's fields (a minLength, the mention rule)
    # would otherwise judge `allowed` too.
    body = strategies.minimal_request()
    name = _new_name(schemas, "caption")
    schemas[REQUEST]["properties"][name] = {"type": "string", **keywords}
    body[name] = allowed
    assert [v for v in check_request(body) if v.path == name] == []
    body[name] = refused
    broken = [v for v in check_request(body) if v.path == name]
    assert [v.rule.split()[0] for v in broken] == [next(iter(keywords))]


def _new_name(schemas: dict[str, Any], stem: str) -> str:
    """A field name the request does not declare, so that a new field of the spec never
    collides with the one a test adds."""
    taken = schemas[REQUEST].get("properties", {})
    return next(f"{stem}{n or ''}" for n in range(100) if f"{stem}{n or ''}" not in taken)


def test_a_field_patternproperties_allows_is_not_unknown(schemas: dict[str, Any]) -> None:
    prefix = _new_name(schemas, "zmeta") + "_"
    note, count, other = prefix + "note", prefix + "count", _new_name(schemas, "other")
    for keyword in ("additionalProperties", "unevaluatedProperties"):
        schemas[REQUEST].pop(keyword, None)  # what no pattern allows is then unknown
    schemas[REQUEST]["patternProperties"] = {f"^{prefix}": {"type": "string"}}
    body = strategies.minimal_request()
    body[note] = "ok"
    assert check_request(body) == []
    body[count] = 3
    body[other] = 1
    found = {(v.path, v.rule.split()[0]) for v in check_request(body)}
    assert found == {(count, "type"), (other, "unknown")}


def test_additional_properties_of_the_schema_decide_and_nothing_is_said_twice(
    schemas: dict[str, Any],
) -> None:
    body = strategies.minimal_request()
    extra = _new_name(schemas, "extra")
    body[extra] = 1
    schemas[REQUEST]["additionalProperties"] = False
    (violation,) = check_request(body)
    assert (violation.path, violation.rule) == (extra, "additionalProperties false")
    schemas[REQUEST]["additionalProperties"] = {"type": "integer"}
    client_validation._ready.cache_clear()
    client_validation._document.cache_clear()
    assert check_request(body) == []


def test_a_field_named_in_an_allof_branch_is_not_unknown(schemas: dict[str, Any]) -> None:
    seed = _new_name(schemas, "seed")
    # The client's own unknown-field rule is at work where the spec does not close the object
    # itself (were it closed, JSON Schema would refuse a field its allOf branch names).
    for closing in ("additionalProperties", "unevaluatedProperties"):
        schemas[REQUEST].pop(closing, None)
    schemas[REQUEST]["allOf"] = [{"properties": {seed: {"type": "integer"}}}]
    body = strategies.minimal_request()
    body[seed] = 7
    assert check_request(body) == []
    body[seed] = "7"
    assert [v.path for v in check_request(body)] == [seed]
