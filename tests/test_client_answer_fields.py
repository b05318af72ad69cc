"""A paid task is never lost to an answer field the client does not act on: a required field
the spec adds anywhere in an answer, of any type, that a server leaves out or sends malformed,
leaves the task_id and the result readable, and is UNSET in the model, not made up. What the
client acts on (the task_id, the status, the videos' URLs) is still required."""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from pixverse_c1_client import MalformedResponseError, _answers, _flow
from pixverse_c1_client._contract import ATTRIBUTE_NAMES, SCHEMAS
from pixverse_c1_client._roles import Result
from pixverse_c1_client.types import UNSET

from contract_tests import answers, spec
from tests.doubles import (
    FIELDS,
    TASK_ID,
    Script,
    created,
    model_of,
    ok,
    output_url,
    outputs_of,
    sync_client,
    task_body,
    task_id_of,
    valid_request,
)

LIFE = spec.task_life()
ADDED = "added_field"
# A new required field of each kind a spec may add.
KINDS: dict[str, dict[str, Any]] = {
    "string": {"type": "string", "format": "date-time"},
    "integer": {"type": "integer", "minimum": 1},
    "number": {"type": "number", "exclusiveMinimum": 0},
    "boolean": {"type": "boolean"},
    "array": {"type": "array", "items": {"type": "string"}, "minItems": 1},
    "object": {
        "type": "object",
        "required": ["id", "plan"],
        "properties": {"id": {"type": "string"}, "plan": {"enum": ["free", "pro"]}},
    },
    "enum": {"type": "string", "enum": ["low", "high"]},
    "const": {"const": 1},
    "type-list": {"type": ["integer", "null"]},
}


def _answer_schemas(call: str) -> list[str]:
    """The component schemas an answer of `call` is made of: its body's and those it holds."""
    path, method = (spec.CREATE_PATH, "post") if call == "create" else (spec.RESULT_PATH, "get")
    found, todo = [], [spec.response_schema_name(path, method, spec.success_status(path, method))]
    while todo:
        name = todo.pop(0)
        if name in found:
            continue
        found.append(name)
        schema = SCHEMAS[name]
        for node in schema.get("properties", {}).values():
            if not isinstance(node, dict):
                continue  # a boolean schema refers to none
            node = node.get("items", node)
            refs = [node, *node.get("allOf", [])]
            todo += [r["$ref"].rsplit("/", 1)[-1] for r in refs if "$ref" in r]
    return found


CASES = [
    (call, name, kind)
    for call in ("create", "result")
    for name in _answer_schemas(call)
    if "properties" in SCHEMAS[name]
    for kind in KINDS
]


@pytest.fixture
def grown(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """The client's schemas, to grow for one test as a regenerated client's would be."""
    edited = copy.deepcopy(SCHEMAS)
    for module in (_answers, _flow):
        monkeypatch.setattr(module, "SCHEMAS", edited)
    _answers._resolved.cache_clear()
    yield edited
    monkeypatch.undo()
    _answers._resolved.cache_clear()


def _spoiled(kind: str) -> Any:
    return "not this" if KINDS[kind].get("type") == "object" else {"not": "this"}


@pytest.mark.parametrize(("call", "schema", "kind"), CASES, ids=["-".join(c) for c in CASES])
def test_a_required_field_added_anywhere_and_left_out_loses_nothing(
    grown: dict[str, Any], call: str, schema: str, kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    grown[schema]["properties"][ADDED] = KINDS[kind]
    grown[schema]["required"] = [*grown[schema].get("required", []), ADDED]
    caplog.set_level(logging.WARNING, logger="pixverse_c1_client")
    # Today's answers lack the field; the same answers with it malformed wherever it goes.
    for spoil in (None, _spoiled(kind)):
        if call == "create":
            body: dict[str, Any] = {**answers.created(TASK_ID)}
            if spoil is not None:
                body[ADDED] = spoil
            assert sync_client(Script([ok(body)])).create_task(valid_request()) == TASK_ID
            continue
        body = task_body(LIFE.succeeded)
        if spoil is not None:
            _put_everywhere(body, schema, spoil)
        found = sync_client(Script([ok(body)])).wait_for_result(TASK_ID)
        assert outputs_of(found) and task_id_of(found) == TASK_ID
        assert ADDED not in json.dumps(found.to_dict())  # UNSET: neither made up nor kept
    if call == "create" or _present(schema):  # an optional object the answers leave out: no word
        assert any(ADDED in record.getMessage() for record in caplog.records)


def _present(schema: str) -> bool:
    """Whether the task result of a succeeded task holds an object that `schema` shapes."""
    body = task_body(LIFE.succeeded)
    marked = copy.deepcopy(body)
    _put_everywhere(marked, schema, "marked")
    return marked != body


def _put_everywhere(body: dict[str, Any], schema: str, value: Any) -> None:
    """Give every object of the task result that `schema` shapes the field, as `value`."""
    name = spec.ROLES["result"]
    if schema == name:
        body[ADDED] = value
        return
    for field, node in SCHEMAS[name]["properties"].items():
        if not isinstance(node, dict):
            continue
        ref = node.get("items", node).get("$ref", "")
        if ref.endswith("/" + schema) and isinstance(body.get(field), dict):
            body[field][ADDED] = value
        elif ref.endswith("/" + schema) and isinstance(body.get(field), list):
            for item in body[field]:
                item[ADDED] = value


@pytest.mark.parametrize(
    "acted_on", [FIELDS.task_id, FIELDS.status, FIELDS.output_url], ids=lambda f: f
)
def test_a_field_the_client_acts_on_is_still_required(acted_on: str) -> None:
    body = task_body(LIFE.succeeded)
    for holder in (answers.at(body, FIELDS.task), *answers.at(body, FIELDS.outputs)):
        holder.pop(acted_on, None)
    with pytest.raises(MalformedResponseError) as caught:
        sync_client(Script([ok(body)])).get_task_result(TASK_ID)
    assert acted_on in caught.value.problem  # the diagnosis, not the body quoted after it


def test_a_created_task_id_is_returned_whatever_else_the_answer_lacks(
    grown: dict[str, Any],
) -> None:
    name = spec.ROLES["created"]
    for n, kind in enumerate(KINDS):
        grown[name]["properties"][f"{ADDED}_{n}"] = KINDS[kind]
        grown[name]["required"] = [*grown[name]["required"], f"{ADDED}_{n}"]
    assert sync_client(Script([created()])).create_task(valid_request()) == TASK_ID


def test_a_hole_in_a_field_of_the_model_is_unset_and_the_model_serializes() -> None:
    # With nothing needed, every required field is a hole: the real models' attributes.
    body = task_body(LIFE.succeeded)
    del answers.at(body, FIELDS.task)[FIELDS.status]
    answers.at(body, FIELDS.outputs)[0][FIELDS.output_url] = 5
    reading = _answers.Reading(())
    found = Result.from_dict(_answers.conform(body, SCHEMAS[spec.ROLES["result"]], reading=reading))
    _answers.unset_holes(found, reading.holes)
    assert _answers.field(found, spec.ROLES["status"]) is None  # UNSET
    assert output_url(outputs_of(found)[0]) is None  # UNSET
    serialized = found.to_dict()
    assert FIELDS.status not in answers.at(serialized, FIELDS.task)
    assert FIELDS.output_url not in answers.at(serialized, FIELDS.outputs)[0]


def test_a_hole_in_a_field_the_generator_renamed_is_unset() -> None:
    # A required property whose JSON name is no Python name as it is ("type", a builtin).
    found = [
        (n, field)
        for n, schema in SCHEMAS.items()
        for field in schema.get("required", [])
        if field in ATTRIBUTE_NAMES
    ]
    if not found:
        pytest.skip("no required property of the spec has a name the generator changes")
    name, renamed = found[0]
    value = answers.plain(spec.inline(spec.schema(name)))
    del value[renamed]
    reading = _answers.Reading(())
    model = model_of(name).from_dict(_answers.conform(value, SCHEMAS[name], reading=reading))
    _answers.unset_holes(model, reading.holes)
    assert getattr(model, ATTRIBUTE_NAMES[renamed]) is UNSET
    assert renamed not in model.to_dict()


def test_boolean_schemas_read_any_value_and_no_value() -> None:
    """`true` takes any value (null too); `false` takes none: an optional field given against it
    is left out, a required one makes the answer unreadable."""
    node: dict[str, Any] = {"type": "object", "properties": {"any": True, "none": False}}
    given = {"any": None, "none": 1}
    assert _answers.conform(given, node) == {"any": None}
    with pytest.raises(_answers.Unreadable, match="none"):
        _answers.conform(given, {**node, "required": ["none"]})
    assert _answers.stand_in(True) is None and _answers.stand_in(False) is None


def test_an_object_whose_choice_only_picks_fields_is_read_by_its_fields() -> None:
    """As its model is made (codegen: _choices.picks_fields); a choice of typed shapes is still
    read shape by shape."""
    fields = {"kind": {"type": "string"}, "url": {"type": "string"}}
    picking: dict[str, Any] = {"properties": fields, "required": ["kind"]}
    picking["oneOf"] = [{"required": ["url"]}, {"not": {"required": ["url"]}}]
    assert _answers.stand_in(picking) == {"kind": ""}
    assert _answers.conform({"kind": "a", "url": "u"}, picking) == {"kind": "a", "url": "u"}
    typed = {
        **picking,
        "oneOf": [{"properties": {"url": {"type": "integer"}}, "required": ["url"]}],
    }
    with pytest.raises(_answers.Unreadable, match="alternatives"):
        _answers.conform({"kind": "a", "url": "u"}, typed)
