"""The parameters of each operation of openapi.yaml, read once for `_contract.OPERATIONS`.

OpenAPI spreads a parameter over three places: the path item (for every method), the operation
(which overrides a path item's parameter of the same name and location), and
components.parameters (reached by `$ref`). This module merges them into one list per
operation, so that the client's validation and serialization read a parameter as one dict.
A parameter the client cannot send is named here, with where it stands, and fails
`make generate` rather than a user's call.
"""

from __future__ import annotations

import re
from typing import Any

JSON = Any
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
TASK_LIFE = "x-task-life"
# The answers of an operation that carry its result, the first the spec declares in this order.
SUCCESS = ("200", "201", "202", "2XX")
# OpenAPI 3.1: a header parameter of these names "SHALL be ignored".
IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})
# Where a parameter is sent, and the one style the client writes it in (a scalar value reads
# the same in every style's explode form, so explode does not matter).
STYLES = {"query": "form", "header": "simple", "path": "simple"}
_TEMPLATE_NAME = re.compile(r"\{([^{}]*)\}")
SCALARS = frozenset({"string", "integer", "number", "boolean"})
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")


def _pointer(document: JSON, ref: str) -> JSON:
    node = document
    for part in ref.removeprefix("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def _followed(document: JSON, node: JSON, where: str) -> tuple[JSON, str]:
    """A parameter object with its local $refs followed, and where it was found."""
    seen = 0
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        if not isinstance(ref, str) or not ref.startswith("#/"):
            raise ValueError(f"{where}: $ref {ref!r} is not local")
        where = f"{ref.removeprefix('#/').replace('/', '.')} (from {where})"
        node = _pointer(document, ref)
        seen += 1
        if seen > 50:
            raise ValueError(f"{where}: a $ref cycle")
    return node, where


def _declared(document: JSON) -> list[tuple[str, str, str, JSON, list[tuple[JSON, str]]]]:
    """(operationId, method, path, operation, [(parameter, where)]) of every operation."""
    found = []
    for path, item in document.get("paths", {}).items():
        shared = [
            _followed(document, p, f"paths.{path}.parameters[{i}]")
            for i, p in enumerate(item.get("parameters", []))
        ]
        for method in METHODS:
            operation = item.get(method)
            if not isinstance(operation, dict) or "operationId" not in operation:
                continue
            own = [
                _followed(document, p, f"paths.{path}.{method}.parameters[{i}]")
                for i, p in enumerate(operation.get("parameters", []))
            ]
            keys = {(p.get("name"), p.get("in")) for p, _ in own}
            merged = [(p, w) for p, w in shared if (p.get("name"), p.get("in")) not in keys]
            found.append((operation["operationId"], method, path, operation, merged + own))
    return found


def _ignored(parameter: JSON) -> bool:
    name = parameter.get("name")
    return (
        parameter.get("in") == "header"
        and isinstance(name, str)
        and name.lower() in IGNORED_HEADERS
    )


def operations(document: JSON) -> dict[str, JSON]:
    """Every operation by operationId: its method, path and parameters (name, in, required,
    schema, as the spec gives them; ignored headers left out)."""
    found: dict[str, JSON] = {}
    for operation_id, method, path, _, declared in _declared(document):
        kept = []
        for parameter, _ in declared:
            if _ignored(parameter):
                continue
            kept.append(
                {
                    "name": parameter["name"],
                    "in": parameter["in"],
                    "required": bool(parameter.get("required", False)),
                    "schema": parameter.get("schema", {}),
                }
            )
        found[operation_id] = {"method": method, "path": path, "parameters": kept}
    return found


def scalar_types(document: JSON, schema: JSON) -> list[str]:
    """The JSON types a parameter's schema allows ("null" aside), read from its type, enum or
    const, its local $refs and allOf parts followed; ["string"] when it says none."""
    schema, _ = _followed(document, schema, "")
    if not isinstance(schema, dict):
        return ["string"]
    kinds: list[str] = []
    if "type" in schema:
        kinds = [schema["type"]] if isinstance(schema["type"], str) else list(schema["type"])
    elif "const" in schema or "enum" in schema:
        values = [schema["const"]] if "const" in schema else schema["enum"]
        kinds = list(dict.fromkeys(json_type(v) for v in values))
    for part in schema.get("allOf", []):
        inner = scalar_types(document, part)
        if inner != ["string"] or "type" in _followed(document, part, "")[0]:
            kinds = [k for k in kinds if k in inner] if kinds else inner
    kinds = [k for k in kinds if k != "null"]
    return kinds or ["string"]


def json_type(value: JSON) -> str:
    """The JSON type of a value read from JSON or YAML."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    return {float: "number", str: "string", list: "array"}.get(type(value), "object")


def problems(document: JSON) -> list[str]:
    """What the client cannot send, each named with where it stands in the spec."""
    found = []
    try:
        declared = _declared(document)
    except (ValueError, KeyError, TypeError) as error:
        return [f"a parameter $ref cannot be followed: {error}"]
    for operation_id, _, path, _, parameters in declared:
        names: dict[str, str] = {}
        for parameter, where in parameters:
            if not isinstance(parameter, dict) or _ignored(parameter):
                continue
            name, place = parameter.get("name"), parameter.get("in")
            said = f"{place} parameter {name!r} of {operation_id} at {where}"
            if place not in STYLES:
                found.append(
                    f"{said}: in: {place} cannot be sent; the client sends path, query and "
                    "header parameters"
                )
                continue
            if not isinstance(name, str) or not name:
                found.append(f"{said}: a parameter needs a name")
                continue
            if place == "header" and not _TOKEN.fullmatch(name):
                found.append(f"{said}: {name!r} is not a valid header name")
            if place == "path" and not parameter.get("required"):
                found.append(f"{said}: a path parameter must be required (OpenAPI 3.1)")
            if place == "path" and f"{{{name}}}" not in path:
                found.append(f"{said}: the path {path!r} has no {{{name}}} to put it in")
            if name in names:
                found.append(
                    f"{said}: the client takes parameters by name, and {operation_id} has "
                    f"another {name!r} ({names[name]})"
                )
            names[name] = str(place)
            if "schema" not in parameter:
                found.append(f"{said}: a parameter given by `content` cannot be serialized")
                continue
            style = parameter.get("style", STYLES[place])
            if style != STYLES[place]:
                found.append(f"{said}: style {style!r} cannot be serialized")
            kinds = scalar_types(document, parameter["schema"])
            if len(kinds) != 1 or kinds[0] not in SCALARS:
                found.append(
                    f"{said}: a schema of type {' or '.join(kinds)} cannot be serialized; the "
                    "client sends one string, integer, number or boolean"
                )
        unfilled = [n for n in _TEMPLATE_NAME.findall(path) if names.get(n) != "path"]
        found += [
            f"the path {path!r} of {operation_id} holds {{{n}}}, which no path parameter fills"
            for n in unfilled
        ]
    if not found:
        ops = operations(document)
        _, result = task_operations(document)
        if result in ops and task_parameter(document, ops) is None:
            found.append(
                f"{result} has no parameter for the task_id: neither one named as "
                "the create answer's required field, nor a single required one"
            )
    return found


def task_operations(document: JSON) -> tuple[str | None, str | None]:
    """The operationIds of the create call (the one operation with a request body) and of the
    task-result call (the one operation without a body whose 2xx answer is the schema holding
    x-task-life, or holds it in a property); None for one the spec does not have."""
    created, results = [], []
    for operation_id, _, _, operation, _ in _declared(document):
        if "requestBody" in operation:
            created.append(operation_id)
        elif _answers_a_task(document, operation):
            results.append(operation_id)
    return (
        created[0] if len(created) == 1 else None,
        results[0] if len(results) == 1 else None,
    )


def _answers_a_task(document: JSON, operation: JSON) -> bool:
    try:
        answers = operation["responses"]
        answer = next(answers[s] for s in SUCCESS if s in answers)
        answer, _ = _followed(document, answer, "")
        schema = _parts(document, answer["content"]["application/json"]["schema"])
    except (KeyError, TypeError, ValueError, StopIteration):
        return False
    if any(TASK_LIFE in part for part in schema):
        return True
    fields = [f for part in schema for f in part.get("properties", {}).values()]
    return any(TASK_LIFE in part for f in fields for part in _parts(document, f))


def _parts(document: JSON, node: JSON) -> list[JSON]:
    """A schema and its allOf parts, local $refs followed."""
    node, _ = _followed(document, node, "")
    if not isinstance(node, dict):
        return []
    return [node, *(p for part in node.get("allOf", []) for p in _parts(document, part))]


def task_parameter(document: JSON, found: dict[str, JSON]) -> tuple[str, str] | None:
    """(operationId, name) of the task-result call's parameter that carries the task id: the
    one named as the create answer's required field, else its only required parameter."""
    _, result_id = task_operations(document)
    result = found.get(result_id) if result_id is not None else None
    if result_id is None or result is None:
        return None
    declared = result["parameters"]
    fields = _answer_fields(document)
    named = [p["name"] for p in declared if p["name"] in fields]
    required = [p["name"] for p in declared if p["required"]]
    chosen = named[:1] or (required if len(required) == 1 else [])
    return (result_id, chosen[0]) if chosen else None


def _answer_fields(document: JSON) -> list[str]:
    """The required fields of the create call's 200 answer (the call with a request body)."""
    for item in document.get("paths", {}).values():
        for method in METHODS:
            operation = item.get(method)
            if isinstance(operation, dict) and "requestBody" in operation:
                try:
                    answer, _ = _followed(document, operation["responses"]["200"], "")
                    schema, _ = _followed(
                        document, answer["content"]["application/json"]["schema"], ""
                    )
                except (KeyError, TypeError, ValueError):
                    return []
                return list(schema.get("required", []))
    return []
