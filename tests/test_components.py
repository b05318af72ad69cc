"""codegen/components.py: a body's or an answer's schema written in place is read as a
component, under the model generator's name for it, and the roles find it there; other ways of
saying the same are read as one."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from codegen import components, roles
from contract_tests import spec
from tests.evolution import edits


def _raw() -> Any:
    """openapi.yaml as written, not as read (spec.load names the schemas)."""
    return yaml.safe_load(spec.SPEC_PATH.read_text(encoding="utf-8"))


def _plain() -> Any:
    """openapi.yaml as read: the request an object of its own properties, however written."""
    return components.named(_raw())


def test_naming_leaves_every_body_a_ref_and_twice_is_once() -> None:
    named = components.named(_raw())
    assert components.named(named) == named
    for _, _, operation in edits._operations(named):
        holders = [operation.get("requestBody", {}), *operation["responses"].values()]
        for holder in holders:
            schema = holder.get("content", {}).get("application/json", {}).get("schema")
            assert schema is None or "$ref" in schema, schema


def test_a_request_schema_written_in_place_becomes_the_request_component() -> None:
    document = _raw()
    edits.request_schema_inlined(document)
    operation_id = spec.CREATE_OPERATION
    named = components.named(document)
    assert roles.roles(named)["request"] == f"{operation_id}_body"
    assert "$ref" not in _request_media(document)["schema"]  # left as it was
    assert _request_media(named)["schema"] == {"$ref": f"#/components/schemas/{operation_id}_body"}


def test_a_name_taken_already_gets_a_number() -> None:
    document = _raw()
    edits.request_schema_inlined(document)
    taken = f"{spec.CREATE_OPERATION}_body"
    document["components"]["schemas"][taken] = {"type": "string"}
    named = components.named(document)
    assert named["components"]["schemas"][taken] == {"type": "string"}
    assert roles.roles(named)["request"] == f"{taken}_2"


def test_answers_written_in_place_keep_their_roles() -> None:
    document = _raw()
    before = roles.roles(components.named(document))
    edits.answer_schemas_inlined(document)
    after = roles.roles(components.named(document))
    for role in ("create_task_id", "task", "task_id", "status", "outputs", "output_url"):
        assert after[role] == before[role], role


def _request_media(document: Any) -> Any:
    operation = edits.create_operation(document)
    return edits.json_media(operation["requestBody"]["content"])


def test_a_json_media_type_with_parameters_is_read_as_application_json() -> None:
    document = _raw()
    before = copy.deepcopy(_request_media(components.named(document)))
    edits.media_type_with_charset(document)
    assert _request_media(components.named(document)) == before


def test_a_request_body_also_taken_in_other_media_types_is_read_as_its_json() -> None:
    document = _raw()
    before = components.named(document)
    edits.request_multipart_alternative(document)
    named = components.named(document)
    operation = edits.create_operation(named)
    assert list(operation["requestBody"]["content"]) == ["application/json"]
    assert named == before


def test_an_object_said_as_an_all_of_of_parts_is_read_as_that_object() -> None:
    document = _plain()
    request = edits.request(document)
    # Only what a merge may carry: a rule beside the allOf (a dependentRequired, an if) that
    # sees the parts' fields would be read otherwise once they are merged, so it stays an allOf.
    words = {"type", "properties", "required", "title", "description"}
    for key in [k for k in request if k not in words and not k.startswith("x-")]:
        del request[key]
    before = (request["properties"], set(request.get("required", [])))
    edits.request_all_of_split(document)
    named = components.named(document)
    merged = edits.request(named)
    assert "allOf" not in merged
    assert (merged["properties"], set(merged.get("required", []))) == before


@pytest.mark.parametrize(
    "part",
    [
        {"type": "object", "additionalProperties": False},  # sees only its own properties
        {"type": "string"},  # no object
        {"not": {"required": ["x"]}},  # asserts more than properties
    ],
)
def test_parts_that_say_more_than_properties_are_left_as_an_all_of(part: Any) -> None:
    document = _plain()
    edits.request_all_of_split(document)
    edits.request(document)["allOf"].append(part)
    assert "allOf" in edits.request(components.named(document))


def test_parts_that_declare_one_property_twice_are_left_as_an_all_of() -> None:
    document = _plain()
    edits.request_all_of_split(document)
    first, second = edits.request(document)["allOf"]
    name = next(iter(first["properties"]))
    second["properties"][name] = {"type": "string"}
    assert "allOf" in edits.request(components.named(document))


def test_what_a_ref_part_says_beside_its_ref_is_kept() -> None:
    document = _plain()
    edits.request_all_of_split(document)
    first, second = edits.request(document)["allOf"]
    document["components"]["schemas"]["Base"] = first
    name = next(iter(second["properties"]))
    edits.request(document)["allOf"][0] = {"$ref": "#/components/schemas/Base", "required": [name]}
    merged = edits.request(components.named(document))
    assert "allOf" in merged or name in merged["required"]


def test_values_are_not_read_as_schemas() -> None:
    document = _plain()
    parts: dict[str, Any] = {"allOf": [{"properties": {}}, {"properties": {}}]}
    edits.add_field(document, "fixed", {"const": parts})
    named = components.named(document)
    assert edits.request(named)["properties"]["fixed"] == {"const": parts}


def test_a_body_that_refers_to_an_alias_is_read_as_the_schema_the_alias_stands_for() -> None:
    document = _raw()
    before = roles.roles(components.named(document))["request"]
    edits.request_alias_ref(document)
    alias = _request_media(document)["schema"]["$ref"]
    named = components.named(document)
    assert roles.roles(named)["request"] == before
    assert _request_media(named)["schema"] == {"$ref": f"#/components/schemas/{before}"}
    assert _request_media(document)["schema"]["$ref"] == alias  # left as it was
