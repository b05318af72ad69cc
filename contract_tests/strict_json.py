"""JSON as the wire carries it: strict parsing shared by the fake and the strategies.

Python's json module accepts NaN and Infinity, which are not JSON; a body carrying them must be
a 400 like any other body that is not JSON.
"""

from __future__ import annotations

import json
from typing import Any, NoReturn


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not JSON")


def loads(body: bytes) -> Any:
    """Parse a request body; ValueError when it is not JSON (bad UTF-8 included)."""
    return json.loads(body.decode("utf-8"), parse_constant=_reject_constant)


def is_json(body: bytes) -> bool:
    try:
        loads(body)
    except ValueError:
        return False
    return True


def dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")
