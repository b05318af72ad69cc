"""openapi.yaml, read once, for the fake, the strategies and the tests.

Everything the test side knows about the contract comes through here, so that a limit changed
in the spec reaches every test with no edit in Python.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "openapi.yaml"
# The operationIds the generated client names its endpoint modules by (api.default.<id>).
CREATE_OPERATION = "create_task"
RESULT_OPERATION = "get_task_result"
_SPEC_URI = "urn:pixverse-c1:openapi.yaml"

JSON = Any


@functools.cache
def load() -> dict[str, JSON]:
    spec: dict[str, JSON] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    return spec


def operation_path(operation_id: str) -> str:
    """The path of the operation with this operationId, wherever the spec puts it."""
    for path, item in load()["paths"].items():
        if any(op.get("operationId") == operation_id for op in item.values()):
            return str(path)
    raise KeyError(f"openapi.yaml has no operation {operation_id!r}")


CREATE_PATH = operation_path(CREATE_OPERATION)
RESULT_PATH = operation_path(RESULT_OPERATION)


def schemas() -> dict[str, JSON]:
    found: dict[str, JSON] = load()["components"]["schemas"]
    return found


def schema(name: str) -> dict[str, JSON]:
    found: dict[str, JSON] = schemas()[name]
    return found


def resolve(node: JSON) -> JSON:
    """Follow a local `$ref` (and a lone `allOf` around one) to the schema it names."""
    while isinstance(node, dict):
        if "$ref" in node:
            node = _pointer(node["$ref"])
        elif list(node.get("allOf", [])) and len(node["allOf"]) == 1 and "type" not in node:
            merged = {k: v for k, v in node.items() if k != "allOf"}
            return {**resolve(node["allOf"][0]), **merged}
        else:
            return node
    return node


def _pointer(ref: str) -> JSON:
    if not ref.startswith("#/"):
        raise ValueError(f"only local $refs are supported, got {ref!r}")
    node: JSON = load()
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


@functools.cache
def _registry() -> Registry[JSON]:
    resource: Resource[JSON] = DRAFT202012.create_resource(load())
    registry: Registry[JSON] = Registry().with_resource(_SPEC_URI, resource)
    return registry


@functools.cache
def validator(name: str) -> jsonschema.protocols.Validator:
    """A draft 2020-12 validator of components.schemas[name], $refs resolved in the spec."""
    return jsonschema.Draft202012Validator(
        {"$ref": f"{_SPEC_URI}#/components/schemas/{name}"}, registry=_registry()
    )


def operation(path: str, method: str) -> dict[str, JSON]:
    found: dict[str, JSON] = load()["paths"][path][method]
    return found


def response_schema_name(path: str, method: str, status: int) -> str:
    """The components.schemas name of the body the spec declares for this answer."""
    responses = operation(path, method)["responses"]
    declared = responses.get(str(status)) or responses.get(f"{str(status)[0]}XX")
    if declared is None:
        raise KeyError(f"{method.upper()} {path} declares no {status} answer")
    declared = resolve(declared)
    ref: str = declared["content"]["application/json"]["schema"]["$ref"]
    return ref.rsplit("/", 1)[-1]


def declared_statuses(path: str, method: str) -> list[str]:
    return list(operation(path, method)["responses"])


@dataclass(frozen=True)
class MentionRule:
    """x-mention-rule of CreateTaskRequest: what JSON Schema cannot say about @mentions."""

    field: str
    pattern: re.Pattern[str]
    names_from: tuple[str, str]  # (array field, item field), from "images[].ref_name"

    def mentions(self, text: str) -> list[str]:
        return [m.group(1) for m in self.pattern.finditer(text)]

    def unknown_mentions(self, body: JSON) -> list[str]:
        """The @mentions of the prompt that name no image, when the body is shaped enough to
        tell (an object whose prompt is a string and whose images, if any, are a list)."""
        array, item = self.names_from
        if not isinstance(body, dict) or not isinstance(body.get(self.field), str):
            return []
        images = body.get(array, [])
        if not isinstance(images, list):
            return []
        names = {
            i.get(item) for i in images if isinstance(i, dict) and isinstance(i.get(item), str)
        }
        return [name for name in self.mentions(body[self.field]) if name not in names]


@functools.cache
def mention_rule() -> MentionRule:
    raw = schema("CreateTaskRequest")["x-mention-rule"]
    array, _, item = raw["names-from"].partition("[].")
    return MentionRule(
        field=raw["field"], pattern=re.compile(raw["pattern"]), names_from=(array, item)
    )


@dataclass(frozen=True)
class TaskLife:
    """x-task-life of Task: statuses move forward only, final ones never change."""

    rank: dict[str, int]
    final: frozenset[str]
    succeeded: str
    failed: str

    def allowed(self, before: str, after: str) -> bool:
        if before in self.final:
            return after == before
        return self.rank[after] >= self.rank[before]


@functools.cache
def task_life() -> TaskLife:
    raw = schema("Task")["x-task-life"]
    return TaskLife(
        rank=dict(raw["rank"]),
        final=frozenset(raw["final"]),
        succeeded=raw["succeeded"],
        failed=raw["failed"],
    )


def required_when(result: dict[str, JSON]) -> list[str]:
    """The x-required-when rules of TaskResult that `result` breaks, by description."""
    broken = []
    for rule in schema("TaskResult")["x-required-when"]:
        if _at(result, rule["when"]["path"]) != rule["when"]["equals"]:
            continue
        value = _at(result, rule["require"]["path"])
        if not isinstance(value, list) or len(value) < rule["require"].get("min-items", 0):
            broken.append(rule["description"])
    return broken


def _at(document: JSON, dotted: str) -> JSON:
    for part in dotted.split("."):
        if not isinstance(document, dict):
            return None
        document = document.get(part)
    return document


def defaults(name: str) -> dict[str, JSON]:
    """The default of every optional property of an object schema that declares one."""
    found = {}
    for prop, node in schema(name)["properties"].items():
        resolved = resolve(node)
        if "default" in resolved:
            found[prop] = resolved["default"]
    return found


def examples() -> list[tuple[str, str, JSON]]:
    """Every example in the spec: (where, schema name, value)."""
    found: list[tuple[str, str, JSON]] = []
    for path, item in load()["paths"].items():
        for method, op in item.items():
            body = op.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                found += _media_examples(f"{method.upper()} {path} request", body)
            for status, response in op["responses"].items():
                media = resolve(response).get("content", {}).get("application/json")
                if media:
                    found += _media_examples(f"{method.upper()} {path} {status}", media)
    for name, node in schemas().items():
        if "example" in node:
            found.append((f"components.schemas.{name}", name, node["example"]))
    return found


def _media_examples(where: str, media: dict[str, JSON]) -> list[tuple[str, str, JSON]]:
    name = media["schema"]["$ref"].rsplit("/", 1)[-1]
    found = [(where, name, media["example"])] if "example" in media else []
    found += [
        (f"{where} {key}", name, ex["value"]) for key, ex in media.get("examples", {}).items()
    ]
    return found
