"""Every schema the client reads an operation's body by, as a component of its own.

A request body or an answer may give its JSON schema in place instead of as a `$ref` to
`components.schemas`. The client knows its schemas by component name (the validator's
`_contract.SCHEMAS`, the roles, the models), so each such schema is moved there, under the
name the model generator gives a body or an answer written in place (`<operationId>_body`,
`<operationId>_response_<status>`), and referred to. The generator and the contract suite read
openapi.yaml through this one function, so they agree on the names.
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
        for status, answer in (operation.get("responses") or {}).items():
            answer = _followed(found, answer)
            _name(answer, f"{operation_id}_response_{str(status).lower()}", schemas)
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
    media = (holder.get("content") or {}).get(JSON_TYPE)
    if not isinstance(media, dict):
        return
    schema = media.get("schema")
    if not isinstance(schema, dict) or "$ref" in schema:
        return
    unique, number = name, 1
    while unique in schemas:
        number += 1
        unique = f"{name}_{number}"
    schemas[unique] = schema
    media["schema"] = {"$ref": f"#/components/schemas/{unique}"}
