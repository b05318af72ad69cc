"""When each result was fetched, so that download() knows whether a video URL's lifetime
(`_contract.ROLES["output_ttl"]`) has run out without adding fields to the generated models."""

from __future__ import annotations

import weakref
from typing import Any

_times: dict[int, tuple[weakref.ref[Any], float]] = {}


def record(obj: Any, when: float) -> None:
    key = id(obj)

    def forget(_: object) -> None:
        _times.pop(key, None)

    try:
        _times[key] = (weakref.ref(obj, forget), when)
    except TypeError:
        return


def fetched_at(obj: Any) -> float | None:
    found = _times.get(id(obj))
    if found is None or found[0]() is not obj:
        return None
    return found[1]


def ttl_seconds(value: Any) -> float | None:
    """An output URL's lifetime as seconds: given as a string or an integer; None if unreadable."""
    if isinstance(value, bool):
        return None
    try:
        seconds = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return seconds if seconds >= 0 else None
