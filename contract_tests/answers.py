"""The fake's answers: a transport-free response, and the contract's error body."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from contract_tests import spec, strict_json, values

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
    responses = spec.operation(spec.CREATE_PATH, "post")["responses"]
    declared = responses.get(str(status)) or responses.get(f"{str(status)[0]}XX")
    if declared is None:  # a status no operation declares (405 to an unknown method)
        return HTTPStatus(status).name
    declared = spec.resolve(declared)
    reason: str = declared["content"][JSON_TYPE]["example"]["reason"]
    return reason


def error_body(status: int, message: str, **metadata: str) -> dict[str, Any]:
    return {"code": status, "reason": spec_reason(status), "message": message, "metadata": metadata}


def fitted(value: Any, node: Any) -> Any:
    """`value` made to fit the spec's schema `node`, changed no more than that asks: a field the
    schema requires and `value` lacks is given a plain value, a value the schema refuses is
    replaced by one; every other field is kept as given. The fake's answers say what they mean
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
    return plain(inlined)


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
