# Copied from codegen/runtime/_choices.py by `make generate`: edit it there, not here.
"""Which `oneOf` or `anyOf` beside an object's own properties only picks which of its fields are
given (`oneOf: [{required: [url]}, {required: [data]}]`): such an object is its own fields.

The generator reads this to keep the object's model (the model generator would otherwise drop
it for the choice), and the answer reader to read the object by its fields, so that both take
the same schemas for one object. The validator enforces the choice itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

# Keywords that only say which of an object's fields it must or must not give, and notes.
PRESENCE: Final = frozenset(
    {"required", "not", "minProperties", "maxProperties", "dependentRequired"}
    | {"title", "description", "$comment", "deprecated", "examples"}
)


def picks_fields(node: Mapping[str, Any], key: str) -> bool:
    """Whether `node[key]` (a oneOf or an anyOf) stands beside the node's own properties and
    each of its branches only picks fields."""
    branches = node.get(key)
    return (
        "properties" in node
        and isinstance(branches, list)
        and bool(branches)
        and all(isinstance(b, Mapping) and set(b) <= PRESENCE for b in branches)
    )
