"""JSON semantics over the Python values a request is made of.

`True` is no integer and `1.0` is one; 1 and 1.0 are equal, True and 1 are not, key order does
not matter; a member of a str-based enum (the package's own `Resolution.P360`) is the string it
stands for; a number is the exact decimal its JSON text says.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any, Final


def is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def is_integer(v: Any) -> bool:
    return (isinstance(v, int) and not isinstance(v, bool)) or (
        isinstance(v, float) and v.is_integer()
    )


def is_object(v: Any) -> bool:
    return type(v) is dict or isinstance(v, Mapping)  # a dict first: the ABC check is slow


def is_array(v: Any) -> bool:
    return isinstance(v, list | tuple)


def is_string(v: Any) -> bool:
    return isinstance(v, str)


TYPES: Final[dict[str, Callable[[Any], bool]]] = {
    "object": is_object,
    "array": is_array,
    "string": is_string,
    "integer": is_integer,
    "number": is_number,
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def json_key(v: Any) -> Any:
    """A hashable stand-in, equal for JSON-equal values and only for them."""
    if isinstance(v, bool):
        return ("b", v)
    if isinstance(v, int | float):
        return ("n", v)
    if isinstance(v, str):
        return ("s", str.__str__(v))
    if v is None:
        return ("z",)
    if isinstance(v, Mapping):
        return ("o", frozenset((name_text(k), json_key(x)) for k, x in v.items()))
    if isinstance(v, list | tuple):
        return ("a", tuple(json_key(x) for x in v))
    return ("?", id(v))


def name_text(name: Any) -> str:
    """The member name a key becomes in JSON: `1` is "1", `True` is "true", as json.dumps does."""
    if isinstance(name, str):
        return str.__str__(name)
    if isinstance(name, bool) or name is None:
        return "true" if name is True else "false" if name is False else "null"
    return repr(name) if isinstance(name, float) else str(name)


def exact(number: int | float) -> Fraction | None:
    """The exact decimal a JSON number stands for (a float's shortest repr); None for inf, nan."""
    if isinstance(number, float):
        return Fraction(repr(number)) if math.isfinite(number) else None
    return Fraction(number)
