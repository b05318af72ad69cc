"""The spec's defaults for a request given as a dict, so that it is sent like a model is.

A CreateTaskRequest built in Python carries every default (the generator writes them into the
model); a dict would otherwise leave them to the server, whose defaults may change and with
them the bill. Read from the spec at generation time (_contract.SCHEMAS).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from ._contract import SCHEMAS
from ._validation import resolve


def _default(node: Mapping[str, Any]) -> Any:
    """A property's default: beside it, or in the schema it refers to; KeyError if none."""
    return node["default"] if "default" in node else resolve(node)["default"]


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
