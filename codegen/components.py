"""openapi.yaml as the client and the contract suite read it: one spelling for what a spec
may say in several ways, each meaning the same.

- A request body or an answer may give its JSON schema in place instead of as a `$ref` to
  `components.schemas`. The client knows its schemas by component name (the validator's
  `_contract.SCHEMAS`, the roles, the models), so each such schema is moved there, under the
  name the model generator gives a body or an answer written in place (`<operationId>_body`,
  `<operationId>_response_<status>`), and referred to.
- A JSON media type with parameters (`application/json; charset=utf-8`) is `application/json`.
- A request body that may also be sent in other media types (`multipart/form-data`) besides
  JSON is the JSON one: the client sends JSON, and so does the contract suite.
- An object said as an `allOf` of object parts (a base schema and its extension) is said as
  the one object they make, where that means the same: each part only declares properties
  and requires some, and no two parts declare the same property.

The generator and the contract suite read openapi.yaml through `named`, so they agree.
"""

from __future__ import annotations

import copy
from typing import Any

from codegen import parameters

JSON = Any
JSON_TYPE = "application/json"


def named(document: JSON) -> JSON:
    """`document` with each body's and answer's JSON schema written in place moved to
    components.schemas (a copy; `document` itself is left as it is)."""
    found = copy.deepcopy(document)
    schemas = found.setdefault("components", {}).setdefault("schemas", {})
    for _, _, operation_id, operation in _operations(found):
        body = _followed(found, operation.get("requestBody"))
        _name(body, f"{operation_id}_body", schemas)
        if isinstance(body, dict) and JSON_TYPE in (body.get("content") or {}):
            body["content"] = {JSON_TYPE: body["content"][JSON_TYPE]}
        for status, answer in (operation.get("responses") or {}).items():
            answer = _followed(found, answer)
            _name(answer, f"{operation_id}_response_{str(status).lower()}", schemas)
    if not _points_into_all_of(found):  # a merge would leave such a $ref pointing nowhere
        for schema in schemas.values():
            _merge_object_parts(found, schema)
    if not schemas:
        del found["components"]["schemas"]
    return found


def _operations(document: JSON) -> list[tuple[str, str, str, JSON]]:
    found = []
    for path, item in (document.get("paths") or {}).items():
        for method, operation in (item or {}).items():
            if method in parameters.METHODS and isinstance(operation, dict):
                operation_id = operation.get("operationId") or f"{method}_{path}"
                found.append((path, method, str(operation_id), operation))
    return found


def _followed(document: JSON, holder: JSON) -> JSON:
    """A body or an answer, its local $refs (to components.requestBodies, .responses) followed."""
    for _ in range(20):
        ref = holder.get("$ref") if isinstance(holder, dict) else None
        if not isinstance(ref, str) or not ref.startswith("#/"):
            return holder
        holder = document
        for part in ref[2:].split("/"):
            step = part.replace("~1", "/").replace("~0", "~")
            holder = holder.get(step) if isinstance(holder, dict) else None
    return holder


def _name(holder: JSON, name: str, schemas: dict[str, JSON]) -> None:
    """Move the JSON schema of a body or an answer written in place to `schemas`."""
    if not isinstance(holder, dict):
        return
    content = holder.get("content")
    if isinstance(content, dict) and JSON_TYPE not in content:
        spelt = [t for t in content if str(t).split(";")[0].strip().lower() == JSON_TYPE]
        if spelt:
            holder["content"] = {(JSON_TYPE if t == spelt[0] else t): m for t, m in content.items()}
    media = (holder.get("content") or {}).get(JSON_TYPE)
    if not isinstance(media, dict):
        return
    schema = media.get("schema")
    if not isinstance(schema, dict):
        return
    if "$ref" in schema:
        media["schema"] = _unaliased(schema, schemas)
        return
    unique, number = name, 1
    while unique in schemas:
        number += 1
        unique = f"{name}_{number}"
    schemas[unique] = schema
    media["schema"] = {"$ref": f"#/components/schemas/{unique}"}


_COMPONENT = "#/components/schemas/"


def _unaliased(schema: JSON, schemas: dict[str, JSON]) -> JSON:
    """A body's or an answer's $ref to a component that is only a $ref to another (a
    versioned alias), pointed at the component it stands for: the one that is read."""
    for _ in range(20):
        ref = schema.get("$ref")
        if set(schema) != {"$ref"} or not isinstance(ref, str) or not ref.startswith(_COMPONENT):
            return schema
        target = schemas.get(ref.removeprefix(_COMPONENT).replace("~1", "/").replace("~0", "~"))
        if not isinstance(target, dict) or set(target) != {"$ref"}:
            return schema
        schema = dict(target)
    return schema


# What an allOf part may say for the parts to be one object: properties and which are required
# (and words that assert nothing: annotations, and extensions, which the object keeps).
_PART_KEYWORDS = frozenset(
    {"type", "properties", "required", "title", "description", "$comment", "example", "examples"}
)
# What the schema holding the allOf may say besides: `additionalProperties` or
# `patternProperties` there would see only its own properties, so merging would change them.
_HOLDER_KEYWORDS = _PART_KEYWORDS | {"allOf", "unevaluatedProperties", "default", "deprecated"}
_WORDS = ("title", "description", "$comment", "example", "examples")
_OWN = ("allOf", "properties", "required", "type", *_WORDS)


def _merge_object_parts(document: JSON, node: JSON, depth: int = 0) -> None:
    """Say each `allOf` of object parts under `node` (itself included) as one object."""
    if depth > 64:
        return
    if isinstance(node, list):
        for each in node:
            _merge_object_parts(document, each, depth + 1)
        return
    if not isinstance(node, dict):
        return
    parts = node.get("allOf")
    merged = _merged(document, node, parts) if isinstance(parts, list) else None
    if merged is not None:
        node.clear()
        node.update(merged)
    for key, value in node.items():
        if key not in _DATA and not str(key).startswith("x-"):  # values, not schemas
            _merge_object_parts(document, value, depth + 1)


_DATA = frozenset({"const", "enum", "default", "example", "examples"})


def _points_into_all_of(node: JSON) -> bool:
    """Whether some $ref of the document points inside an allOf."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and "/allOf/" in ref:
            return True
        return any(_points_into_all_of(v) for v in node.values())
    if isinstance(node, list):
        return any(_points_into_all_of(v) for v in node)
    return False


def _says_only(schema: JSON, keywords: frozenset[str]) -> bool:
    return all(k in keywords or str(k).startswith("x-") for k in schema)


def _merged(document: JSON, node: JSON, parts: list[JSON]) -> JSON | None:
    """The one object that `node` and its allOf parts make, or None where merging would say
    something else (a part that is no plain object, a property declared twice)."""
    if len(parts) < 2 or not _says_only(node, _HOLDER_KEYWORDS):
        return None
    pieces = [node]
    for part in parts:
        if not isinstance(part, dict):
            return None
        # A $ref's target, and what is said beside the $ref (which applies too, in 3.1).
        beside = {k: v for k, v in part.items() if k != "$ref"}
        found = [_followed(document, part), beside] if "$ref" in part else [part]
        for piece in found:
            if not isinstance(piece, dict) or not _says_only(piece, _PART_KEYWORDS):
                return None
        pieces += found
    if any(p.get("type", "object") != "object" for p in pieces):
        return None
    merged: JSON = {"type": "object"} if any("type" in p for p in pieces) else {}
    properties: dict[str, JSON] = {}
    required: list[str] = []
    for piece in pieces:
        declared = piece.get("properties", {})
        if not isinstance(declared, dict) or set(declared) & set(properties):
            return None
        properties.update(copy.deepcopy(declared))
        required += [n for n in piece.get("required", []) if n not in required]
        for key, value in piece.items():
            if key not in _OWN and merged.setdefault(key, value) != value:
                return None  # two parts that say one extension differently
    for key in _WORDS:
        if key in node:
            merged[key] = node[key]  # the object's own words, not its parts'
    merged["properties"] = properties
    return {**merged, "required": required} if required else merged
