"""Where the client finds what it acts on, read from openapi.yaml for `_contract.ROLES` and the
package's `_roles.py`.

The client acts on a few things: the create request's schema, the task_id in the create
answer, and in the task result the task's id, its status, its outputs and each output's URL.
They are found by what the spec says of them, never by their names: the create call is the
operation with a request body; the task-result call is the operation without one whose 2xx
answer holds the schema with x-task-life (codegen/parameters.py); the task is that schema, its
status the property whose enum holds every status x-task-life ranks; the outputs are what the
x-required-when rule of a succeeded task asks for, and an output's URL its one uri string (else
its one required string).
What cannot be found fails `make generate` with the reason, never a user's call.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import Any

from openapi_python_client.strings import ClassName, PythonIdentifier

from codegen import parameters

JSON = Any
TASK_LIFE = parameters.TASK_LIFE
REQUIRED_WHEN = "x-required-when"
JSON_TYPE = "application/json"
# How this provider names an output URL's lifetime: the URL field's name and this suffix.
TTL_SUFFIX = "_ttl"


class RoleError(ValueError):
    """openapi.yaml does not say where the client finds something it acts on."""


def _ref_name(node: JSON, where: str) -> str:
    ref = node.get("$ref") if isinstance(node, dict) else None
    if not isinstance(ref, str) or not ref.startswith("#/components/schemas/"):
        raise RoleError(f"{where}: must be a $ref to components.schemas, to be a model")
    return ref.rsplit("/", 1)[-1]


def _body_schema(document: JSON, holder: JSON, where: str) -> str:
    """The components.schemas name of a request body's or response's JSON schema."""
    found, where = parameters._followed(document, holder, where)
    try:
        schema = found["content"][JSON_TYPE]["schema"]
    except (KeyError, TypeError):
        raise RoleError(f"{where}: has no {JSON_TYPE} schema") from None
    return _ref_name(schema, f"{where}.content.{JSON_TYPE}.schema")


def _schema(document: JSON, node: JSON, where: str) -> JSON:
    found, _ = parameters._followed(document, node, where)
    merged = dict(found) if isinstance(found, dict) else {}
    for part in merged.pop("allOf", None) or []:  # {allOf: [$ref]} with siblings, as for enums
        part = _schema(document, part, where)
        merged = {**part, **merged, "properties": {**part.get("properties", {}),
                                                   **merged.get("properties", {})}}  # fmt: skip
    return merged


def _success(responses: JSON, where: str) -> JSON:
    for status in parameters.SUCCESS:
        if status in responses:
            return responses[status]
    raise RoleError(f"{where}.responses: no 2xx answer")


def _operations(document: JSON) -> tuple[tuple[str, JSON], tuple[str, JSON]]:
    """(where, operation) of the create call and of the task-result call."""
    create_id, result_id = parameters.task_operations(document)
    if create_id is None:
        raise RoleError("exactly one operation with an operationId must take a request body")
    if result_id is None:
        raise RoleError(
            "exactly one operation without a request body must answer with the schema holding "
            f"{TASK_LIFE} (or one with a property of it): the task-result call"
        )
    found = {}
    for path, item in document.get("paths", {}).items():
        for method in parameters.METHODS:
            operation = item.get(method) if isinstance(item, dict) else None
            named = operation.get("operationId") if isinstance(operation, dict) else None
            if named in (create_id, result_id):
                found[named] = (f"paths.{path}.{method}", operation)
    return found[create_id], found[result_id]


def _holder(document: JSON, result: JSON, where: str) -> tuple[list[str], JSON]:
    """The path from the task result to the schema holding x-task-life, and that schema."""
    if TASK_LIFE in result:
        return [], result
    for name, node in result.get("properties", {}).items():
        found = _schema(document, node, f"{where}.properties.{name}")
        if TASK_LIFE in found:
            return [name], found
    raise RoleError(f"{where}: no property of the task result holds {TASK_LIFE}")


# What an x-required-when rule may say: when the value at `when.path` equals `when.equals`,
# the value at `require.path` is given (not null) and, with `min-items`, an array that long.
_RULE_KEYS = {"description": False, "when": True, "require": True}
_PART_KEYS = {"when": {"path": True, "equals": True}, "require": {"path": True, "min-items": False}}


def _audit_required_when(rules: JSON, where: str) -> None:
    """Refuse an x-required-when rule that says what the client and the contract suite cannot
    read (a key of its own, a missing path), naming the key: read as it is, it would be
    checked as some other rule, or not at all."""
    if not isinstance(rules, list):
        raise RoleError(f"{where}: a list of rules is expected")
    for index, rule in enumerate(rules):
        _audit_keys(rule, _RULE_KEYS, f"{where}[{index}]")
        for part, keys in _PART_KEYS.items():
            _audit_keys(rule[part], keys, f"{where}[{index}].{part}")
            if not isinstance(rule[part]["path"], str) or not rule[part]["path"]:
                raise RoleError(f"{where}[{index}].{part}.path: a dotted path is expected")
        least = rule["require"].get("min-items", 0)
        if not isinstance(least, int) or isinstance(least, bool) or least < 0:
            raise RoleError(f"{where}[{index}].require.min-items: a count is expected")


def _audit_keys(node: JSON, keys: dict[str, bool], where: str) -> None:
    if not isinstance(node, dict):
        raise RoleError(f"{where}: an object is expected")
    unknown = sorted(k for k in set(node) - set(keys) if not str(k).startswith("x-"))  # x-: notes
    if unknown:
        raise RoleError(
            f"{where}: {', '.join(unknown)} cannot be read; it may say {', '.join(keys)}"
        )
    missing = [k for k, needed in keys.items() if needed and k not in node]
    if missing:
        raise RoleError(f"{where}: {', '.join(missing)} is missing")


def _one(found: list[str], what: str, where: str) -> str:
    if len(found) != 1:
        raise RoleError(f"{where}: {what}: found {found or 'none'}")
    return found[0]


def roles(document: JSON) -> dict[str, Any]:
    """The schema names and the field paths (lists of JSON names) the client acts on."""
    (create_at, create), (result_at, result_operation) = _operations(document)
    schemas = document.get("components", {}).get("schemas", {})
    request = _body_schema(document, create["requestBody"], f"{create_at}.requestBody")
    created = _body_schema(document, _success(create["responses"], create_at), create_at)
    result_name = _body_schema(
        document, _success(result_operation["responses"], result_at), result_at
    )
    errors = []
    for status, answer in create["responses"].items():
        # An error answer with no model is read as JSON or text.
        with contextlib.suppress(RoleError):
            if str(status)[0] in "45" or str(status) == "default":
                errors.append(_body_schema(document, answer, f"{create_at}.responses.{status}"))
    task_parameter = parameters.task_parameter(document, parameters.operations(document))
    id_name = task_parameter[1] if task_parameter else None

    created_schema = _schema(document, schemas[created], f"components.schemas.{created}")
    create_id = _id_field(document, created_schema, id_name, f"components.schemas.{created}")

    where = f"components.schemas.{result_name}"
    result = _schema(document, schemas[result_name], where)
    task_path, task = _holder(document, result, where)
    life = task[TASK_LIFE]
    fields = task.get("properties", {})
    statuses = set(life.get("rank", {})) | set(life.get("final", []))
    status = _one(
        [n for n, node in fields.items() if statuses <= _enum(document, node, where)],
        f"the status: the property whose enum holds every status of {TASK_LIFE}",
        f"{where} ({TASK_LIFE})",
    )
    task_id = _id_field(document, task, id_name, f"{where} ({TASK_LIFE})", status)
    named = life.get("fields", {})
    for role, name in named.items():
        if name not in fields:
            raise RoleError(f"{where}: {TASK_LIFE}.fields.{role} names {name!r}, no property")

    _audit_required_when(result.get(REQUIRED_WHEN, []), f"{where}.{REQUIRED_WHEN}")
    status_path = ".".join([*task_path, status])
    outputs = [
        rule["require"]["path"]
        for rule in result.get(REQUIRED_WHEN, [])
        if rule.get("when") == {"path": status_path, "equals": life.get("succeeded")}
        and "min-items" in rule.get("require", {})
    ]
    if not outputs:
        raise RoleError(
            f"{where}: no {REQUIRED_WHEN} rule asks for the outputs (min-items) when "
            f"{status_path} equals {life.get('succeeded')!r}: the client cannot find the videos"
        )
    output_path = outputs[0].split(".")
    node: JSON = result
    model = result_name  # the model that holds `node`, as the model generator names it
    for step in output_path:
        declared = node.get("properties", {}).get(step, {})
        ref = declared.get("$ref") if isinstance(declared, dict) else None
        model = ref.rsplit("/", 1)[-1] if isinstance(ref, str) else f"{model}_{step}"
        node = _schema(document, declared, where)
    items = node.get("items", {})
    item = _schema(document, items, where)
    if isinstance(items, dict) and isinstance(items.get("$ref"), str):
        output: str | None = _ref_name(items, f"{where}.{outputs[0]}.items")
    elif item.get("properties"):
        output = f"{model}_item"  # the model generator's name for items written in place
    else:
        output = None
    url = _url_field(document, item, f"{where}.{outputs[0]}.items")
    ttl = f"{url}{TTL_SUFFIX}" if f"{url}{TTL_SUFFIX}" in item.get("properties", {}) else None
    return {
        "create_operation": create["operationId"],
        "result_operation": result_operation["operationId"],
        "create_tag": (create.get("tags") or ["default"])[0],
        "result_tag": (result_operation.get("tags") or ["default"])[0],
        "request": request,
        "created": created,
        "result": result_name,
        "error": errors[0] if errors else None,
        "output": output,
        "create_task_id": [create_id],
        "task": task_path,
        "task_id": [*task_path, task_id],
        "status": [*task_path, status],
        "reason": [*task_path, named["reason"]] if "reason" in named else None,
        "eta": [*task_path, named["eta"]] if "eta" in named else None,
        "outputs": output_path,
        "output_url": url,
        "output_ttl": ttl,
    }


def _id_field(
    document: JSON, schema: JSON, id_name: str | None, where: str, status: str = ""
) -> str:
    """The field holding a task's id: the one named as the task-result call's parameter, else
    the one required string field (the status aside)."""
    fields = schema.get("properties", {})
    if id_name is not None and id_name in fields:
        if not _is_string(document, fields[id_name]):
            raise RoleError(f"{where}: {id_name}, the task id, must be a string")
        return id_name
    strings = [
        n for n in schema.get("required", []) if n != status and _is_string(document, fields.get(n))
    ]
    what = "the task id: no field named as the task-result parameter, nor one required string"
    return _one(strings, what, where)


# How a link's name usually reads (`video_url`, `uri`, `href`, `download_link`): a hint used
# only among required fields, below what the schema itself says (`format: uri`).
_LINK_NAME = re.compile(r"ur[li]|href|link", re.IGNORECASE)


def _url_field(document: JSON, item: JSON, where: str) -> str:
    """An output's URL: the first of these that holds exactly one field: its required string
    fields of `format: uri`; its required plain string fields named like a link; where no
    field says `format: uri`, its required plain string fields; its fields of `format: uri`.
    An optional link beside the video's (a thumbnail's) is no video, and neither is a required
    `mime_type` beside an optional URL; anything else ambiguous fails generation."""
    fields = item.get("properties", {})
    required = item.get("required", [])
    formats = {
        n: _schema(document, fields[n], where).get("format")
        for n in fields
        if _is_string(document, fields[n])
    }
    plain = [
        n
        for n in formats
        if formats[n] in (None, "uri")
        and not {"enum", "const"} & set(_schema(document, fields[n], where))
    ]
    uris = [n for n in formats if formats[n] == "uri"]
    tiers = (
        [n for n in uris if n in required],
        [n for n in plain if n in required and _LINK_NAME.search(n)],
        [] if uris else [n for n in plain if n in required],
        uris,
    )
    found = next((tier for tier in tiers if len(tier) == 1), [])
    what = "the URL: no one required string field (of format uri), nor one of format uri"
    return _one(found, what, where)


def _enum(document: JSON, node: JSON, where: str) -> set[Any]:
    """The values an enum schema allows, its anyOf/oneOf branches included (a nullable enum,
    an enum said as a oneOf of consts)."""
    found = _schema(document, node, where)
    values = set(found.get("enum", []))
    if "const" in found:
        values.add(found["const"])
    for key in ("anyOf", "oneOf"):
        for branch in found.get(key, []):
            values |= _enum(document, branch, where)
    return values


def _is_string(document: JSON, node: JSON) -> bool:
    if node is None:
        return False
    kinds = _schema(document, node, "").get("type")
    return kinds == "string" or (isinstance(kinds, list) and "string" in kinds)


def roles_module(found: dict[str, Any], prefix: str) -> str:
    """The package's `_roles.py`: the generated model of each role, under the role's name."""
    lines = [
        '"""The generated models the client acts on, by their role in the contract',
        "(codegen/roles.py).",
        "",
        "Written by scripts/generate.py from openapi.yaml; do not edit.",
        '"""',
        "",
        "from typing import Any",
        "",
    ]
    for role, alias in (("request", "Request"), ("created", "Created"), ("result", "Result")):
        lines.append(_import(found[role], alias, prefix))
    if found["error"] is None:  # error answers are read as JSON or text
        lines.append("ErrorBody: Any = None")
    else:
        lines.append(_import(found["error"], "ErrorBody", prefix))
    if found["output"] is None:  # outputs with no model of their own (or none at all)
        lines += ["Output = Any", "OUTPUT_MODELS: tuple[type[Any], ...] = ()"]
    else:
        lines.append(_import(found["output"], "Output", prefix))
        lines.append("OUTPUT_MODELS: tuple[type[Any], ...] = (Output,)")
    names = ["Request", "Created", "Result", "ErrorBody", "Output", "OUTPUT_MODELS"]
    lines += ["", f"__all__ = {names!r}"]
    return "\n".join(lines) + "\n"


def routes_module(found: dict[str, Any], prefix: str) -> str:
    """The package's `_routes.py`: the generated endpoint module of the create and of the
    task-result call, wherever the operationIds and tags put them (api/<tag>/<operationId>)."""
    lines = [
        '"""The generated endpoint modules the client calls, by their role in the contract',
        "(codegen/roles.py). Apart from _roles.py: the endpoint modules import the runtime.",
        "",
        "Written by scripts/generate.py from openapi.yaml; do not edit.",
        '"""',
        "",
    ]
    for role, alias in (("create", "create_route"), ("result", "result_route")):
        tag = PythonIdentifier(found[f"{role}_tag"], "tag")
        module = PythonIdentifier(found[f"{role}_operation"], prefix)
        lines.append(f"from .api.{tag} import {module} as {alias}")
    lines += ["", '__all__ = ["create_route", "result_route"]']
    return "\n".join(lines) + "\n"


def _import(schema: str, alias: str, prefix: str) -> str:
    name = ClassName(schema, prefix)
    return f"from .models.{model_module(schema, prefix)} import {name} as {alias}"


def model_module(schema: str, prefix: str) -> str:
    """The module of models/ that holds the model of `schema` (a component's name, or the name
    the model generator gives a schema written in place)."""
    return PythonIdentifier(ClassName(schema, prefix), prefix)


def with_models(found: dict[str, Any], models: Path, prefix: str) -> dict[str, Any]:
    """`found` with no output or error model where the model generator made none of that
    name (for a schema that is a choice of shapes, say): outputs and error bodies are then
    read as JSON, and the package never imports a missing module."""
    return {
        **found,
        **{
            role: None
            for role in ("output", "error")
            if found[role] is not None
            and not (models / f"{model_module(found[role], prefix)}.py").exists()
        },
    }
