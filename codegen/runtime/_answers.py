"""Reading the server's answers: what the client needs to act on, checked; the rest tolerated.

A paid task must not be lost to a field the client does not need. So an answer is conformed to
its schema of openapi.yaml by the few keywords that say what a value *is* (type, enum, const,
properties, required, items, $ref, allOf, anyOf, oneOf), as the generated models read it:
null stands for absent, an optional field of the wrong type is dropped. A field the client acts
on (a `Reading`'s needs: the task_id, the status...) missing or wrong makes the answer
unreadable; any other required field missing or wrong is a hole: it is given a stand-in so that
the generated model can be built, and is UNSET in the model the caller gets. Keywords that only
narrow a value (format, pattern, maxLength, minimum...) are not enforced on answers. So a field
or constraint added to the spec, or a server lagging behind it, never makes an answer
unreadable for what the client does not need.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from typing import Any, Final

import httpx

from ._choices import picks_fields
from ._contract import ATTRIBUTE_NAMES, SCHEMAS
from .types import UNSET

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


def _merge(node: Mapping[str, Any] | bool) -> Mapping[str, Any]:
    """The node with its $ref followed and its allOf parts merged into one set of keywords; a
    boolean schema as no keywords (conform refuses what `false` forbids first)."""
    if not isinstance(node, Mapping):
        return {}
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


Step = str | int  # a field's name, or an item's index
_ITEM: Final = "[]"  # in a need, any item of an array


class Reading:
    """One answer being read. `needs` are the dotted paths of the fields the client acts on
    ("task.status", "videos[].video_url"), read strictly with every field on the way to them;
    `holes` collects the paths of the other required fields that were missing or malformed;
    `dropped` why each optional field on the way to a need was left out, the diagnosis of a
    rule that then finds it absent. With needs=None every required field is needed."""

    def __init__(self, needs: tuple[str, ...] | None = None) -> None:
        self.needs = None if needs is None else [_steps(need) for need in needs]
        self.holes: list[tuple[Step, ...]] = []
        self.dropped: list[str] = []

    def needed(self, at: tuple[Step, ...]) -> bool:
        if self.needs is None:
            return True
        shape = tuple(_ITEM if isinstance(step, int) else step for step in at)
        return any(need[: len(shape)] == shape for need in self.needs)


def _steps(dotted: str) -> tuple[str, ...]:
    steps: list[str] = []
    for part in dotted.split("."):
        name, items = part, 0
        while name.endswith(_ITEM):
            name, items = name[: -len(_ITEM)], items + 1
        steps += [name, *[_ITEM] * items]
    return tuple(steps)


def conform(
    value: Any,
    node: Mapping[str, Any] | bool,
    path: str = "",
    depth: int = 0,
    reading: Reading | None = None,
    at: tuple[Step, ...] = (),
) -> Any:
    """`value` fitted to `node` as the module docstring says; Unreadable if it cannot be."""
    if depth > _DEPTH_LIMIT:
        raise Unreadable(path, "is nested too deeply")
    if node is False:
        raise Unreadable(path, "is given where the spec allows no value")
    node = _merge(node)
    types = node.get("type")
    names = [types] if isinstance(types, str) else list(types or [])
    if names and not any(_is_type(value, name) for name in names):
        raise Unreadable(path, f"must be of type {' or '.join(names)}, got {_kind(value)}")
    if "enum" in node and not any(
        type(value) is type(choice) and value == choice for choice in node["enum"]
    ):
        raise Unreadable(path, f"must be one of {node['enum']}, got {_short(value)}")
    if "const" in node and not (type(value) is type(node["const"]) and value == node["const"]):
        raise Unreadable(path, f"must be {_short(node['const'])}, got {_short(value)}")
    key, choices = _alternatives(node)
    if choices:
        if not picks_fields(node, key):
            return _conform_choice(value, choices, path, depth)
        # An object of its own fields, whose choice only says which of them it gives: read as
        # the object (its model is), the choice left to the validators.
        node = {k: v for k, v in node.items() if k != key}
    if isinstance(value, float) and "integer" in names and "number" not in names:
        return int(value)
    if (type(value) is dict or isinstance(value, Mapping)) and (
        "properties" in node or "required" in node
    ):
        return _conform_object(value, node, path, depth, reading or Reading(), at)
    if isinstance(value, list) and "items" in node:
        return [
            conform(item, node["items"], f"{path}[{i}]", depth + 1, reading, (*at, i))
            for i, item in enumerate(value)
        ]
    return value


def _alternatives(node: Mapping[str, Any]) -> tuple[str, list[Any]]:
    """The node's choice (its anyOf where given, else its oneOf) and the alternatives it lists,
    none where it has no choice."""
    key = "anyOf" if node.get("anyOf") else "oneOf"
    choices = node.get(key)
    return key, choices if isinstance(choices, list) else []


def _conform_choice(value: Any, choices: list[Any], path: str, depth: int) -> Any:
    """`value` conformed to the first alternative it fits whole (the generated model's union
    is read by trying each the same way); Unreadable if it fits none."""
    for choice in choices:
        try:
            return conform(value, choice, path, depth + 1)
        except Unreadable:
            continue
    raise Unreadable(path, f"fits none of the {len(choices)} alternatives")


def _conform_object(
    value: Mapping[str, Any],
    node: Mapping[str, Any],
    path: str,
    depth: int,
    reading: Reading,
    at: tuple[Step, ...],
) -> dict[str, Any]:
    required = set(node.get("required", []))
    fitted = dict(value)
    for name, sub in node.get("properties", {}).items():
        where, here = f"{path}.{name}" if path else name, (*at, name)
        holes = len(reading.holes)
        try:
            if name not in value or (value[name] is None and not _nullable(sub)):
                fitted.pop(name, None)
                if name in required:
                    raise Unreadable(where, "is missing" if name not in value else "is null")
                continue
            fitted[name] = conform(value[name], sub, where, depth + 1, reading, here)
        except Unreadable as unreadable:
            del reading.holes[holes:]  # the holes of a value that is not kept
            if name not in required:
                fitted.pop(name, None)  # an optional field the client cannot read is left out
                if reading.needed(here):
                    reading.dropped.append(str(unreadable))
            elif reading.needed(here):
                raise
            else:
                fitted[name] = stand_in(sub)
                reading.holes.append(here)
    for name in required - set(node.get("properties", {})):
        # A required name with no schema is no attribute of the model: only a need can miss it.
        if name not in value and reading.needed((*at, name)):
            raise Unreadable(f"{path}.{name}" if path else name, "is missing")
    return fitted


def stand_in(node: Mapping[str, Any] | bool, depth: int = 0) -> Any:
    """The simplest value a generated model reads for `node` (its const or first enum value,
    its required fields, no items): it fills a hole only until the model is built."""
    node = _merge(node)
    if depth > _DEPTH_LIMIT:
        return None
    if "const" in node:
        return node["const"]
    if node.get("enum"):
        return node["enum"][0]
    key, choices = _alternatives(node)
    if choices and not picks_fields(node, key):
        # Its first alternative, with what the node says beside the choice (a type, say).
        rest = {k: v for k, v in node.items() if k != key}
        return stand_in({**rest, "allOf": [choices[0]]}, depth + 1)
    types = node.get("type")
    kind = types if isinstance(types, str) else next(iter(types or []), None)
    if kind == "object" or (kind is None and ("properties" in node or "required" in node)):
        fields = node.get("properties", {})
        return {
            name: stand_in(fields[name], depth + 1)
            for name in node.get("required", [])
            if name in fields
        }
    return {"array": [], "string": "", "integer": 0, "number": 0, "boolean": False}.get(str(kind))


def unset_holes(model: Any, holes: list[tuple[Step, ...]]) -> None:
    """Put UNSET where each hole's stand-in went into the built `model`. A field's attribute is
    its JSON name, or the name the generator gave it (ATTRIBUTE_NAMES: videoURL, video_url)."""
    for *way, last in holes:
        parent = model
        for step in way:
            parent = _child(parent, step)
        kept = getattr(parent, "additional_properties", None)
        if hasattr(parent, _attribute(str(last))):
            setattr(parent, _attribute(str(last)), UNSET)
        elif isinstance(kept, dict):  # a field with no attribute, kept as an unknown one
            kept.pop(last, None)
        elif isinstance(parent, dict):  # a part no model describes, held as plain JSON
            parent.pop(last, None)
        # else: a model of a closed schema, which kept no stand-in


def _child(parent: Any, step: Step) -> Any:
    """The part of a built model at one step of a hole's way; None where there is none."""
    if isinstance(step, int):
        return parent[step] if isinstance(parent, list) and step < len(parent) else None
    if isinstance(parent, Mapping):
        return parent.get(step)
    if hasattr(parent, _attribute(step)):
        return getattr(parent, _attribute(step))
    kept = getattr(parent, "additional_properties", None)
    return kept.get(step) if isinstance(kept, dict) else None


def _attribute(name: str) -> str:
    return ATTRIBUTE_NAMES.get(name, name)


def field(model: Any, path: Sequence[str] | None) -> Any:
    """The value at `path` (JSON names, as _contract.ROLES gives them) in a built model; None
    where the path is None or a step is absent or UNSET."""
    if path is None:
        return None
    for name in path:
        if model is None or model is UNSET:
            return None
        attribute = _attribute(name)
        if isinstance(model, Mapping):  # a field no schema describes, kept as plain JSON
            model = model.get(name)
        elif hasattr(model, attribute):
            model = getattr(model, attribute)
        else:  # a field the model has no attribute for: from_dict kept it as an unknown one
            extra = getattr(model, "additional_properties", None)
            model = extra.get(name) if isinstance(extra, dict) else None
    return None if model is UNSET else model


def dotted(path: Sequence[str]) -> str:
    """A field path as a Reading's need spells it: task.status."""
    return ".".join(path)


def _nullable(node: Mapping[str, Any] | bool) -> bool:
    if node is True:
        return True
    types = _merge(node).get("type")
    return types == "null" or (isinstance(types, list) and "null" in types)


def _kind(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def read(response: httpx.Response, schema: str, reading: Reading | None = None) -> Any:
    """The body of `response`, conformed to components.schemas[schema]."""
    return conform(load_json(response), SCHEMAS[schema], reading=reading)


def at(document: Any, dotted: str) -> Any:
    """The value at a dotted path such as task.status, or None."""
    for part in dotted.split("."):
        if not isinstance(document, Mapping):
            return None
        document = document.get(part)
    return document


def required_when_rules(schema: str, requiring: Sequence[str]) -> list[dict[str, Any]]:
    """The x-required-when rules of `schema` that require one of the dotted paths
    `requiring`: those the client acts on. Any other such rule is the server's to keep, which
    the contract suite checks; the client does not refuse an answer over it."""
    rules: list[dict[str, Any]] = SCHEMAS[schema].get("x-required-when", [])
    return [rule for rule in rules if rule["require"]["path"] in requiring]


def rule_description(rule: Mapping[str, Any]) -> str:
    """An x-required-when rule as its description says it, or as its paths do."""
    when, require = rule["when"], rule["require"]
    said = f"{require['path']} is required when {when['path']} is {when['equals']!r}"
    return str(rule.get("description") or said)


def required_when(data: Any, schema: str, requiring: Sequence[str]) -> list[str]:
    """The x-required-when rules of `schema` requiring one of `requiring` that `data` breaks,
    by description."""
    broken = []
    for rule in required_when_rules(schema, requiring):
        if at(data, rule["when"]["path"]) != rule["when"]["equals"]:
            continue
        value = at(data, rule["require"]["path"])
        if value is None or (
            isinstance(value, list) and len(value) < rule["require"].get("min-items", 0)
        ):
            broken.append(f"x-required-when: {rule_description(rule)}")
    return broken
