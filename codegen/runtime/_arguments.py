"""The checks of what a caller passes, so that a wrong argument is a typed error that names it
and is raised before anything is sent (never a TypeError from deep inside httpx)."""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Mapping
from typing import Any, Final

import httpx

from ._exceptions import InvalidArgumentError

# RFC 9110 token characters: what a header name may hold.
_TOKEN: Final = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
# A key travels in a header: visible ASCII only, no spaces, no control characters.
_KEY: Final = re.compile(r"[\x21-\x7e]+")
_HEADER_VALUE: Final = re.compile(r"[\x20-\x7e\t]*")
_NUMBER: Final = (int, float)


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def seconds(name: str, value: Any, *, optional: bool = False) -> float | None:
    """A positive, finite number of seconds."""
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, _NUMBER):
        raise InvalidArgumentError(
            f"{name} must be a number of seconds, got {type(value).__name__} {_shown(value)}"
        )
    if not (math.isfinite(value) and value > 0):
        raise InvalidArgumentError(f"{name} must be more than 0 seconds, got {value!r}")
    return float(value)


def timeout(name: str, value: Any) -> httpx.Timeout | None:
    """None, a number of seconds (a total bound), or an httpx.Timeout."""
    if value is None or isinstance(value, httpx.Timeout):
        return value
    return httpx.Timeout(seconds(name, value))


def total(value: httpx.Timeout) -> float | None:
    """The whole call's bound: the longest part of the timeout; None when a part is None."""
    parts = (value.connect, value.read, value.write, value.pool)
    if any(part is None for part in parts):
        return None
    return max(part for part in parts if part is not None)


def flag(name: str, value: Any, *, optional: bool = True) -> bool | None:
    if (value is None and optional) or isinstance(value, bool):
        return value
    raise InvalidArgumentError(f"{name} must be True or False, got {_shown(value)}")


def count(name: str, value: Any, *, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InvalidArgumentError(f"{name} must be an integer of at least {minimum}")
    return value


def callback(name: str, value: Any) -> Callable[..., Any] | None:
    if value is not None and not callable(value):
        raise InvalidArgumentError(f"{name} must be callable, got {type(value).__name__}")
    return value  # type: ignore[no-any-return]


def task_id(value: Any) -> str:
    """A task_id as create_task returns it: a non-empty string."""
    if not isinstance(value, str):
        raise InvalidArgumentError(f"task_id must be a string, got {type(value).__name__}")
    if not value:
        raise InvalidArgumentError("task_id must not be empty")
    return value


def api_key(value: Any, env: str) -> str:
    """The key, or an error that never repeats it."""
    key = value if value is not None else os.environ.get(env)
    if not key:
        raise InvalidArgumentError(f"no API key: pass api_key=... or set {env}")
    if not isinstance(key, str):
        raise InvalidArgumentError(f"the API key must be a string, got {type(key).__name__}")
    if not _KEY.fullmatch(key):
        raise InvalidArgumentError(
            "the API key holds whitespace, a control character or a non-ASCII character "
            f"({len(key)} characters given); pass the key exactly as issued"
        )
    return key


def headers(value: Any) -> dict[str, str]:
    """default_headers: names that are tokens, values of visible ASCII; no credentials."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidArgumentError(f"default_headers must be a mapping, got {type(value)}")
    found = {}
    for name, text in value.items():
        if not isinstance(name, str) or not _TOKEN.fullmatch(name):
            raise InvalidArgumentError(f"default_headers: {_shown(name)} is not a header name")
        if name.lower() == "authorization":
            raise InvalidArgumentError("default_headers: pass the key as api_key, not a header")
        if not isinstance(text, str) or not _HEADER_VALUE.fullmatch(text):
            raise InvalidArgumentError(
                f"default_headers: the value of {name} must be a string of visible ASCII "
                "characters (no line breaks)"
            )
        found[name] = text
    return found


def path(value: Any) -> str:
    if not isinstance(value, str | os.PathLike):
        raise InvalidArgumentError(f"path must be a str or a path, got {type(value).__name__}")
    return os.fspath(value)
