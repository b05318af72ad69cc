"""The answers of the API as the spec shapes them, for the fake, the client's test doubles and
the evolution probe alike: a transport-free response, the contract's error body, and the 200
answers of both calls, built from what they mean (a task_id, a status, a video) and fitted to
the spec's response schemas, so that a field the spec adds or retypes is there with no edit."""

from __future__ import annotations

import copy
import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from contract_tests import spec, strict_json, values

Path = tuple[str, ...]  # JSON names from a document's root

JSON_TYPE = "application/json"


@dataclass
class FakeResponse:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return strict_json.loads(self.body)


def json_answer(status: int, body: Any, headers: Mapping[str, str] | None = None) -> FakeResponse:
    return FakeResponse(
        status, {"Content-Type": JSON_TYPE, **(headers or {})}, strict_json.dumps(body)
    )


def spec_reason(status: int) -> str:
    """The error `reason` the spec's own example gives for this status (INVALID_REQUEST_BODY...)."""
    try:
        declared = spec.response(spec.CREATE_PATH, "post", status)
    except KeyError:  # a status no operation declares (405 to an unknown method)
        return HTTPStatus(status).name
    example = declared.get("content", {}).get(JSON_TYPE, {}).get("example")
    reason = example.get("reason") if isinstance(example, dict) else None
    return reason if isinstance(reason, str) else HTTPStatus(status).name


def error_body(status: int, message: str, **metadata: str) -> dict[str, Any]:
    """The fake's error answer, in the provider's words, fitted to the spec's error schema."""
    body = {"code": status, "reason": spec_reason(status), "message": message, "metadata": metadata}
    schema = spec.ROLES["error"]
    found: dict[str, Any] = fitted(body, spec.schema(schema)) if schema else body
    return found


def fitted(value: Any, node: Any) -> Any:
    """`value` made to fit the spec's schema `node`, changed no more than that asks: a field the
    schema requires and `value` lacks is given a plain value, a value the schema refuses is
    spelled in a type it allows ("3600" as 3600) or else replaced by a plain one; every other
    field is kept as given. The fake's answers say what they mean
    (the task_id, the status, the video); a spec that asks more of an answer gets it."""
    inlined = spec.inline(node)  # a no-op on an inlined schema
    if values.is_valid(inlined, value):
        return value
    kinds = values.types_of(inlined)
    if isinstance(value, dict) and "object" in kinds:
        fields = inlined.get("properties", {})
        found = {k: fitted(v, fields[k]) if k in fields else v for k, v in value.items()}
        for name in inlined.get("required", []):
            if name not in found:
                found[name] = plain(fields.get(name, {}))
        return found
    if isinstance(value, list) and "array" in kinds and isinstance(inlined.get("items"), dict):
        return [fitted(item, inlined["items"]) for item in value]
    same = [v for v in _respelled(value) if values.is_valid(inlined, v)]
    return same[0] if same else plain(inlined)


def _respelled(value: Any) -> list[Any]:
    """The same number or text in the other JSON types: "3600" as 3600, 3600 as "3600"."""
    if isinstance(value, bool):
        return []
    if isinstance(value, str) and len(value) < 100:
        found: list[Any] = []
        for read in (int, float):
            try:
                number = read(value)
            except ValueError:
                continue
            if math.isfinite(number):
                found.append(number)
        return found
    if isinstance(value, int | float):
        return [str(value), *([int(value)] if float(value).is_integer() else [])]
    return []


def plain(node: Any) -> Any:
    """The simplest value of a self-contained schema: its const or first enum value, its
    required fields, its fewest items, its lowest number, a sample of its format."""
    if not isinstance(node, dict):
        return None
    if "const" in node:
        return node["const"]
    if "enum" in node:
        return node["enum"][0]
    for kind in values.types_of(node):
        found = _plain_of(kind, node)
        if values.is_valid(node, found):
            return found
    return values.search(values.schema_values(node), lambda v: values.is_valid(node, v))


def _plain_of(kind: str, node: dict[str, Any]) -> Any:
    if kind == "object":
        fields = node.get("properties", {})
        return {name: plain(fields.get(name, {})) for name in node.get("required", [])}
    if kind == "array":
        return [plain(node.get("items", {})) for _ in range(node.get("minItems", 0))]
    if kind in ("integer", "number"):
        low, high = values.number_bounds(node)
        return low if low is not None else (0 if high is None or high >= 0 else high)
    if kind == "string":
        sample = values.FORMAT_SAMPLES.get(node.get("format", ""), "a")
        return sample + "a" * max(0, node.get("minLength", 0) - len(sample))
    return {"boolean": False, "null": None}.get(kind)


# --- the success answers of both calls ---------------------------------------------------------


@functools.cache
def answer_schema(path: str, method: str) -> Any:
    """The schema of the operation's success answer, self-contained."""
    status = spec.success_status(path, method)
    return spec.inline(spec.schema(spec.response_schema_name(path, method, status)))


@dataclass(frozen=True)
class Fields:
    """Where the answers say what a client acts on, found in the spec by what each field is,
    not by its name."""

    created_id: str  # the create answer's field holding the task id
    task_id: str  # the task's field holding its id
    task: Path  # where the task result holds the task, the schema with x-task-life (): itself
    status: str  # the task's field whose enum holds the statuses of x-task-life
    outputs: Path  # where the task result holds what x-required-when asks of a succeeded task
    output_url: str  # the first required string field of an output (a video's URL)
    reason: str | None  # the task's field saying why it failed (x-task-life fields)
    eta: str | None  # the task's field estimating the seconds left (x-task-life fields)

    def in_task(self, name: str) -> str:
        """The dotted path of a field of the task, from the task result ("task.status")."""
        return ".".join((*self.task, name))

    @property
    def status_path(self) -> str:
        return self.in_task(self.status)


@functools.cache
def fields() -> Fields:
    """The client's own reading of the spec (codegen/roles.py, as spec.ROLES), so that the fake
    answers where the client reads."""
    found = spec.ROLES
    return Fields(
        found["create_task_id"][-1],
        found["task_id"][-1],
        tuple(found["task"]),
        found["status"][-1],
        tuple(found["outputs"]),
        found["output_url"],
        found["reason"] and found["reason"][-1],
        found["eta"] and found["eta"][-1],
    )


def at(document: Any, path: Path) -> Any:
    """The value at `path` of a JSON document; None where an object on the way is missing."""
    for step in path:
        if not isinstance(document, dict):
            return None
        document = document.get(step)
    return document


def put(document: Any, path: Path, value: Any) -> Any:
    """A copy of `document` with `value` at `path`, the objects on the way copied (made where
    missing); `value` itself for the empty path."""
    if not path:
        return value
    holder = document if isinstance(document, dict) else {}
    head, rest = path[0], path[1:]
    return {**holder, head: put(holder.get(head), rest, value)}


def without(document: Any, path: Path) -> Any:
    """A copy of `document` without the field at `path` (unchanged where it has none)."""
    parent = at(document, path[:-1])
    if not path or not isinstance(parent, dict) or path[-1] not in parent:
        return document
    return put(document, path[:-1], {k: v for k, v in parent.items() if k != path[-1]})


def task_schema() -> dict[str, Any]:
    """The task's schema in the task result's, self-contained."""
    node: dict[str, Any] = answer_schema(spec.RESULT_PATH, "get")
    for step in fields().task:
        node = node["properties"][step]
    return node


def declared_answer(path: str, method: str) -> Any:
    """The plainest body of the operation's success answer (None where it declares none)."""
    media = spec.response(path, method, spec.success_status(path, method)).get("content", {})
    schema = media.get(JSON_TYPE, {}).get("schema")
    return None if schema is None else plain(spec.inline(schema))


def created(task_id: str) -> dict[str, Any]:
    """A create answer that gives `task_id`, fitted to the spec."""
    found: dict[str, Any] = fitted(
        {fields().created_id: task_id}, answer_schema(spec.CREATE_PATH, "post")
    )
    return found


URL_LIFETIME = 3600  # the seconds an output's URL lasts, where the spec's example tells none


def task_result(
    task_id: str, status: str, output_url: str | None = None, **task: Any
) -> dict[str, Any]:
    """A task-result answer: the task `task_id` in `status` (with the `task` fields given),
    and when it succeeded one output, the spec example's first (its URL `output_url` when
    given); fitted to the spec."""
    names = fields()
    body = put({}, names.task, {names.task_id: task_id, names.status: status, **task})
    if status == spec.task_life().succeeded:
        output = example_output()
        if output_url is not None:
            output[names.output_url] = output_url
        ttl = spec.ROLES["output_ttl"]
        if ttl is not None:
            output.setdefault(ttl, URL_LIFETIME)
        body = put(body, names.outputs, [output])
    found: dict[str, Any] = fitted(body, answer_schema(spec.RESULT_PATH, "get"))
    return found


def example_output() -> dict[str, Any]:
    """A copy of the first output of the spec's task-result examples ({} if none has one)."""
    media = spec.response(spec.RESULT_PATH, "get", spec.RESULT_OK)["content"][JSON_TYPE]
    found = [value for _, value in spec.media_examples(media)]
    outputs = [at(ex, fields().outputs) for ex in found]
    first: Any = next((each[0] for each in outputs if isinstance(each, list) and each), {})
    return copy.deepcopy(first) if isinstance(first, dict) else {}


def required_paths(value: Any, node: Any, at: tuple[str | int, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of each field of the answer `value` that its inlined schema `node` requires,
    at any depth (an item of an array by its index)."""
    found: list[tuple[Any, ...]] = []
    if isinstance(value, dict) and isinstance(node, dict):
        fields = node.get("properties", {})
        for name, child in value.items():
            if name in node.get("required", []):
                found.append((*at, name))
            found += required_paths(child, fields.get(name, {}), (*at, name))
    elif isinstance(value, list) and isinstance(node, dict):
        for i, item in enumerate(value):
            found += required_paths(item, node.get("items", {}), (*at, i))
    return found
