"""codegen.generator.model_spec: what the model generator is given in place of what it cannot
read. Only the models' typing changes; the validator reads the spec itself."""

from __future__ import annotations

from typing import Any

import pytest

from codegen.generator import model_spec


def _field(schema: Any) -> Any:
    document = {"components": {"schemas": {"S": {"type": "object", "properties": {"f": schema}}}}}
    return model_spec(document)["components"]["schemas"]["S"]["properties"]["f"]


@pytest.mark.parametrize("key", ["oneOf", "anyOf"])
def test_a_choice_of_consts_is_given_as_their_enum(key: str) -> None:
    consts = [{"const": "a", "title": "the a"}, {"const": "b", "description": "the b"}]
    assert _field({"type": "string", key: consts}) == {"type": "string", "enum": ["a", "b"]}


def test_a_choice_of_more_than_consts_is_left_as_it_is() -> None:
    choice = [{"const": "a"}, {"type": "integer"}]
    assert _field({"oneOf": choice}) == {"oneOf": choice}


@pytest.mark.parametrize("flag", [True, False])
def test_a_boolean_schema_where_a_schema_object_is_read_is_given_as_any(flag: bool) -> None:
    array = {"type": "array", "prefixItems": [flag, {"type": "string"}], "items": flag}
    assert _field(array) == {"type": "array", "prefixItems": [{}, {"type": "string"}], "items": {}}


def test_additional_properties_keeps_its_boolean() -> None:
    closed = {"type": "object", "additionalProperties": False}
    assert _field(closed) == closed


def test_schema_titles_are_dropped_so_that_names_come_from_components_and_paths() -> None:
    titled = {
        "type": "object",
        "title": "Camera Settings",
        "properties": {"title": {"type": "string"}},
    }
    document = {"info": {"title": "The API"}, "components": {"schemas": {"S": titled}}}
    made = model_spec(document)
    assert made["components"]["schemas"]["S"] == {
        "type": "object",
        "properties": {"title": {"type": "string"}},  # a field named `title` stays
    }
    assert made["info"] == {"title": "The API"}


def test_extensions_are_data_kept_as_they_are() -> None:
    extension = {"fields": {"title": "title", "format": "uuid"}, "items": False}
    assert _field({"type": "string", "x-task-life": extension})["x-task-life"] == extension


@pytest.mark.parametrize("key", ["oneOf", "anyOf"])
def test_a_choice_of_which_fields_are_given_leaves_the_object_typed_by_its_properties(
    key: str,
) -> None:
    fields = {"url": {"type": "string"}, "data": {"type": "string"}}
    choice = [{"required": ["url"]}, {"required": ["data"], "not": {"required": ["url"]}}]
    made = _field({"type": "object", "properties": fields, key: choice})
    assert made == {"type": "object", "properties": fields}
    typed = [{"properties": {"url": {"format": "uri"}}}, {"required": ["data"]}]
    assert key in _field({"type": "object", "properties": fields, key: typed})
