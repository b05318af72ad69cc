"""codegen/roles.py finds what the client acts on by what the spec says of it, and fails
`make generate` with the reason where the spec does not say it."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from pixverse_c1_client import _roles

from codegen import roles
from contract_tests import spec
from tests.evolution import edits


def _spec() -> Any:
    return copy.deepcopy(spec.load())


def _at(document: Any, schema: str, path: list[str]) -> Any:
    """The schema of the field at `path` in components.schemas[schema], $refs followed."""
    node = edits.deref(document, document["components"]["schemas"][schema])
    for step in path:
        node = edits.deref(document, node["properties"][step])
    return node


def test_todays_roles_name_schemas_and_fields_the_spec_has() -> None:
    document = _spec()
    found = roles.roles(document)
    schemas = document["components"]["schemas"]
    for role in ("request", "created", "result"):
        assert found[role] in schemas, role
    # None: read as JSON (no model of its own); an output written in place has a model the
    # model generator names, which the package imports.
    assert found["error"] is None or found["error"] in schemas
    assert found["output"] is None or found["output"] in schemas or _roles.OUTPUT_MODELS
    assert _at(document, found["created"], found["create_task_id"])["type"] == "string"
    for role in ("task_id", "status", "reason", "eta", "outputs"):
        if found[role] is not None:  # x-task-life may name no reason or eta field
            _at(document, found["result"], found[role])
    item = edits.deref(document, _at(document, found["result"], found["outputs"])["items"])
    assert found["output_url"] in item["required"]


def test_a_nullable_status_is_still_the_status() -> None:
    document = _spec()
    task = edits._task_life_schema(document)
    status = roles.roles(document)["status"][-1]
    task["properties"][status] = {"anyOf": [task["properties"][status], {"type": "null"}]}
    assert roles.roles(document)["status"][-1] == status


def test_a_uri_field_is_the_url_whatever_the_order() -> None:
    document = _spec()
    _, item = edits._outputs(document)
    text = {"type": "string"}
    item["properties"] = {"poster": dict(text), "cover": dict(text)}
    item["required"] = ["poster", "cover"]
    with pytest.raises(roles.RoleError, match="the URL"):  # two required strings: ambiguous
        roles.roles(document)
    item["properties"]["cover"]["format"] = "uri"
    assert roles.roles(document)["output_url"] == "cover"


def test_a_required_link_named_string_is_the_url_beside_a_plain_one() -> None:
    document = _spec()
    _, item = edits._outputs(document)
    text = {"type": "string"}
    item["properties"] = {"mime_type": dict(text), "download_link": dict(text)}
    item["required"] = ["mime_type", "download_link"]
    assert roles.roles(document)["output_url"] == "download_link"


def test_a_required_string_beside_an_optional_uri_is_not_the_url() -> None:
    document = _spec()
    _, item = edits._outputs(document)
    item["properties"] = {
        "mime_type": {"type": "string"},
        "src": {"type": "string", "format": "uri"},
    }
    item["required"] = ["mime_type"]
    assert roles.roles(document)["output_url"] == "src"


def test_outputs_that_no_rule_asks_for_fail_generation() -> None:
    document = _spec()
    result = edits._result_schema(document)
    result.pop("x-required-when")
    with pytest.raises(roles.RoleError, match="outputs"):
        roles.roles(document)


@pytest.mark.parametrize(
    ("part", "change", "named"),
    [
        ("require", {"min-length": 1}, "min-length cannot be read"),
        ("when", {"one-of": ["a"]}, "one-of cannot be read"),
        ("require", {"min-items": "one"}, "min-items: a count"),
        ("when", {"path": None}, "when.path: a dotted path"),
    ],
)
def test_an_x_required_when_rule_the_client_cannot_read_fails_generation(
    part: str, change: dict[str, Any], named: str
) -> None:
    document = _spec()
    rules = edits._result_schema(document)["x-required-when"]
    rules.append(copy.deepcopy(rules[0]))
    rules[-1][part].update(change)
    with pytest.raises(roles.RoleError, match=f"x-required-when\\[{len(rules) - 1}\\].*{named}"):
        roles.roles(document)


def test_an_x_required_when_rule_on_another_field_is_read() -> None:
    document = _spec()
    edits.required_when_failed_reason(document)
    rule = edits._result_schema(document)["x-required-when"][-1]
    rule["x-interpretation"] = rule["when"]["x-note"] = "a note, read by no code"
    assert roles.roles(document) == roles.roles(_spec())


def test_a_task_id_that_is_no_string_fails_generation() -> None:
    document = _spec()
    found = roles.roles(document)
    created = document["components"]["schemas"][found["created"]]
    created["properties"][found["create_task_id"][0]] = {"type": "integer"}
    with pytest.raises(roles.RoleError, match="the task id"):
        roles.roles(document)


def test_a_status_x_task_life_ranks_that_no_enum_holds_fails_generation() -> None:
    document = _spec()
    edits._task_life_schema(document)["x-task-life"]["rank"]["TASK_STATUS_UNHEARD_OF"] = 1
    with pytest.raises(roles.RoleError, match="the status"):
        roles.roles(document)


def test_an_optional_link_beside_the_video_is_not_taken_for_its_url() -> None:
    document = _spec()
    before = roles.roles(document)["output_url"]
    edits.output_new_optional_uri_field(document)
    assert roles.roles(document)["output_url"] == before
    edits.response_output_url_format_uri(document)  # the video's URL says format uri too
    assert roles.roles(document)["output_url"] == before


def test_a_status_said_as_a_one_of_of_consts_is_still_the_status() -> None:
    document = _spec()
    status = roles.roles(document)["status"][-1]
    edits.status_as_one_of_consts(document)
    assert roles.roles(document)["status"][-1] == status


def test_an_error_or_output_schema_without_a_model_is_read_as_json(tmp_path: Path) -> None:
    found = {**roles.roles(_spec()), "error": "ChoiceOfErrors", "output": "Clip"}
    (tmp_path / f"{roles.model_module('Clip', '')}.py").write_text("")
    kept = roles.with_models(found, tmp_path, "")
    assert kept == {**found, "error": None}
