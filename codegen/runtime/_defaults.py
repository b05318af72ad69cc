"""The spec's defaults for a request given as a dict, so that it is sent like a model is.

A CreateTaskRequest built in Python carries every default (the generator writes them into the
model); a dict would otherwise leave them to the server, whose defaults may change and with
them the bill. Read from the spec at generation time (_contract.SCHEMAS).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any

from ._contract import SCHEMAS
from ._validation import resolve


def _default(node: Any) -> Any:
    """A property's default: beside it, or in the schema it refers to; KeyError if none (a
    boolean schema has none)."""
    if isinstance(node, Mapping) and "default" in node:
        return node["default"]
    resolved = resolve(node) if isinstance(node, Mapping) else node
    if not isinstance(resolved, Mapping):
        raise KeyError("default")
    return resolved["default"]


@functools.cache
def defaults(schema: str) -> Mapping[str, Any]:
    """Every optional property of `schema` that has a default, with that default."""
    found = {}
    for name, node in SCHEMAS[schema].get("properties", {}).items():
        try:
            found[name] = _default(node)
        except KeyError:
            continue
    return MappingProxyType(found)


def with_defaults(body: Mapping[str, Any], schema: str) -> dict[str, Any]:
    """`body` with the spec's default for every field it leaves out."""
    return {**defaults(schema), **body}


def fitted(
    body: Mapping[str, Any],
    added: Iterable[str],
    schema: str,
    allows: Callable[[Mapping[str, Any]], bool],
) -> dict[str, Any] | None:
    """`body` without those of its `added` defaults that the spec forbids beside the rest (a
    maxProperties, a dependentRequired or a `not` they switch on), which the server applies
    anyway; None if it breaks a rule even without them. Each default is kept, in the spec's
    order, where the body with it is still allowed."""
    optional = set(added) & set(defaults(schema))
    own = {k: v for k, v in body.items() if k not in optional}
    if not allows(own):
        return None
    kept: dict[str, Any] = {}
    for name in defaults(schema):
        if name in optional and allows({**kept, name: body[name], **own}):
            kept[name] = body[name]
    return {**kept, **own}
