# Copied from codegen/runtime/_answers.py by `make generate`: edit it there, not here.
"""Reading the server's answers: what the client needs to act on, checked; the rest tolerated.

A paid task must not be lost to a field the client does not need. So an answer is conformed to
its schema of openapi.yaml by the few keywords that say what a value *is* (type, enum,
properties, required, items, $ref, allOf): null stands for absent, an optional field of the
wrong type is dropped, a required one missing or wrong makes the answer unreadable. Keywords that
only narrow a value (format, pattern, maxLength, minimum...) are not enforced on answers, so a
constraint added to the spec can never make answers unreadable. The generated models then parse
the conformed data.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from typing import Any, Final

import httpx

from ._contract import SCHEMAS

_REF_PREFIX: Final = "#/components/schemas/"
_DEPTH_LIMIT: Final = 64


class Unreadable(Exception):
    """The answer lacks what the client needs: `path` names the field, `problem` says how."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path or '(body)'} {problem}")
        self.path = path
        self.problem = problem


def load_json(response: httpx.Response) -> Any:
    """The body as JSON; Unreadable when it is not (truncated, HTML, bad UTF-8, too deep)."""
    try:
        return response.json()
    except (ValueError, RecursionError):
        raise Unreadable("", "is not JSON") from None


@functools.cache
def _resolved(name: str) -> Mapping[str, Any]:
    return _merge(SCHEMAS[name])


def _merge(node: Mapping[str, Any]) -> Mapping[str, Any]:
    """The node with its $ref followed and its allOf parts merged into one set of keywords."""
    if "$ref" in node:
        ref = node["$ref"]
        return _resolved(ref.removeprefix(_REF_PREFIX)) if ref.startswith(_REF_PREFIX) else {}
    if "allOf" not in node:
        return node
    merged: dict[str, Any] = {k: v for k, v in node.items() if k != "allOf"}
    for part in node["allOf"]:
        for key, value in _merge(part).items():
            if key == "properties":
                merged["properties"] = {**merged.get("properties", {}), **value}
            elif key == "required":
                merged["required"] = [*merged.get("required", []), *value]
            else:
                merged.setdefault(key, value)
    return merged


def _is_type(value: Any, name: str) -> bool:
    if name == "object":
        return type(value) is dict or isinstance(value, Mapping)  # a dict first: the ABC is slow
    if name == "array":
        return isinstance(value, list)
    if name == "string":
        return isinstance(value, str)
    if name == "boolean":
        return isinstance(value, bool)
    if name == "null":
        return value is None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if name == "number":
        return isinstance(value, int) or math.isfinite(value)
    if name == "integer":
        return isinstance(value, int) or (math.isfinite(value) and value.is_integer())
    return True  # a type this reader does not know narrows nothing it relies on


def conform(value: Any, node: Mapping[str, Any], path: str = "", depth: int = 0) -> Any:
    """`value` fitted to `node` as the module docstring says; Unreadable if it cannot be."""
    if depth > _DEPTH_LIMIT:
        raise Unreadable(path, "is nested too deeply")
    node = _merge(node)
    types = node.get("type")
    names = [types] if isinstance(types, str) else list(types or [])
    if names and not any(_is_type(value, name) for name in names):
        raise Unreadable(path, f"must be of type {' or '.join(names)}, got {_kind(value)}")
    if "enum" in node and not any(
        type(value) is type(choice) and value == choice for choice in node["enum"]
    ):
        raise Unreadable(path, f"must be one of {node['enum']}, got {_short(value)}")
    if isinstance(value, float) and "integer" in names and "number" not in names:
        return int(value)
    if (type(value) is dict or isinstance(value, Mapping)) and (
        "properties" in node or "required" in node
    ):
        return _conform_object(value, node, path, depth)
    if isinstance(value, list) and "items" in node:
        return [
            conform(item, node["items"], f"{path}[{i}]", depth + 1) for i, item in enumerate(value)
        ]
    return value


def _conform_object(
    value: Mapping[str, Any], node: Mapping[str, Any], path: str, depth: int
) -> dict[str, Any]:
    required = set(node.get("required", []))
    fitted = dict(value)
    for name, sub in node.get("properties", {}).items():
        where = f"{path}.{name}" if path else name
        if name not in value or (value[name] is None and not _nullable(sub)):
            fitted.pop(name, None)
            if name in required:
                raise Unreadable(where, "is missing" if name not in value else "is null")
            continue
        try:
            fitted[name] = conform(value[name], sub, where, depth + 1)
        except Unreadable:
            if name in required:
                raise
            del fitted[name]  # an optional field the client cannot read is left out
    for name in required - set(node.get("properties", {})):
        if name not in value:
            raise Unreadable(f"{path}.{name}" if path else name, "is missing")
    return fitted


def _nullable(node: Mapping[str, Any]) -> bool:
    types = _merge(node).get("type")
    return types == "null" or (isinstance(types, list) and "null" in types)


def _kind(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def read(response: httpx.Response, schema: str) -> Any:
    """The body of `response`, conformed to components.schemas[schema]."""
    return conform(load_json(response), SCHEMAS[schema])


def at(document: Any, dotted: str) -> Any:
    """The value at a dotted path such as task.status, or None."""
    for part in dotted.split("."):
        if not isinstance(document, Mapping):
            return None
        document = document.get(part)
    return document


def required_when(data: Any, schema: str) -> list[str]:
    """The x-required-when rules of `schema` that `data` breaks, by description."""
    broken = []
    for rule in SCHEMAS[schema].get("x-required-when", []):
        if at(data, rule["when"]["path"]) != rule["when"]["equals"]:
            continue
        value = at(data, rule["require"]["path"])
        if value is None or (
            isinstance(value, list) and len(value) < rule["require"].get("min-items", 0)
        ):
            broken.append(f"x-required-when: {rule['description']}")
    return broken
