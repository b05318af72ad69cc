"""Every example of openapi.yaml is valid, parses into the generated models and serialises back."""

from __future__ import annotations

import json
from typing import Any

import attrs
import httpx
import pytest
from pixverse_c1_client import PixverseC1
from pixverse_c1_client._contract import ATTRIBUTE_NAMES

from contract_tests import answers, rules, spec, strategies
from tests.doubles import DEFAULTS, model_of

EXAMPLES = spec.examples()


@pytest.mark.parametrize(("where", "name", "value"), EXAMPLES, ids=[w for w, _, _ in EXAMPLES])
def test_example_is_valid_against_its_schema(where: str, name: str, value: Any) -> None:
    errors = [e.message for e in spec.validator(name).iter_errors(value)]
    assert errors == [], f"{where}: {errors}"


MODELLED = [example for example in EXAMPLES if model_of(example[1]) is not None]


@pytest.mark.parametrize(("where", "name", "value"), MODELLED, ids=[w for w, _, _ in MODELLED])
def test_example_round_trips_through_the_generated_model(where: str, name: str, value: Any) -> None:
    assert model_of(name).from_dict(value).to_dict() == value


def test_a_request_built_in_python_sends_every_default_of_the_spec() -> None:
    """Built from its required fields only, the model is sent with each declared default and
    without an optional field that has none."""
    body = strategies.minimal_request()
    model = model_of(rules.REQUEST)
    parsed = model.from_dict(body)
    required = {
        f.name: getattr(parsed, f.name)
        for f in attrs.fields(model)
        if f.init and f.default is attrs.NOTHING
    }
    request = model(**required)
    sent: list[Any] = []

    def answer(http_request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(http_request.content))
        return httpx.Response(200, json=answers.created("t"))

    transport = httpx.Client(transport=httpx.MockTransport(answer))
    with PixverseC1(api_key="sk-test-key", http_client=transport, **DEFAULTS) as client:
        client.create_task(request)
    # What the model was given: its fields without a default (a required field with a default
    # in the spec has one in the model too, and is sent with it).
    given = {k: v for k, v in body.items() if ATTRIBUTE_NAMES.get(k, k) in required}
    assert sent == [rules.as_sent(given)]


def test_an_example_is_read_from_its_value_or_its_component_and_not_from_a_url(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shared = {"value": {"n": 2}}
    monkeypatch.setattr(spec, "load", lambda: {"components": {"examples": {"Two": shared}}})
    media = {
        "example": {"n": 0},
        "examples": {
            "own": {"value": {"n": 1}},
            "shared": {"$ref": "#/components/examples/Two"},
            "elsewhere": {"externalValue": "https://example.com/three.json"},
        },
    }
    assert spec.media_examples(media) == [
        ("", {"n": 0}),
        ("own", {"n": 1}),
        ("shared", {"n": 2}),
    ]
