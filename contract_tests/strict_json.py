"""JSON as the wire carries it: strict parsing shared by the fake and the strategies.

Python's json module accepts NaN and Infinity, which are not JSON; a body carrying them must be
a 400 like any other body that is not JSON.
"""

from __future__ import annotations

import json
from typing import Any, NoReturn


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not JSON")


class TooDeep(ValueError, RecursionError):
    """JSON nested deeper than the parser's recursion limit: a ValueError like any body it
    cannot read, and still the RecursionError that callers telling the two apart catch."""


def loads(body: bytes) -> Any:
    """Parse a body; ValueError when it is not JSON (bad UTF-8 included) or nested too deeply."""
    try:
        return json.loads(body.decode("utf-8"), parse_constant=_reject_constant)
    except RecursionError:
        raise TooDeep("nested too deeply") from None


def is_json(body: bytes) -> bool:
    try:
        loads(body)
    except ValueError:
        return False
    return True


def dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")
