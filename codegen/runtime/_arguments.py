"""The checks of what a caller passes, so that a wrong argument is a typed error that names it
and is raised before anything is sent (never a TypeError from deep inside httpx)."""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Mapping
from typing import Any, Final, cast

import httpx

from ._exceptions import InvalidArgumentError
from ._redact import Secret

# RFC 9110 token characters: what a header name may hold.
_TOKEN: Final = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
# A key travels in a header: visible ASCII only, no spaces, no control characters.
_KEY: Final = re.compile(r"[\x21-\x7e]+")
_HEADER_VALUE: Final = re.compile(r"[\x20-\x7e\t]*")
_NUMBER: Final = (int, float)
# Longer than any call or wait should take (about 115 days), and short enough for every clock
# and socket call to take: a longer value is a mistake, refused before anything is sent.
MAX_SECONDS: Final = 10_000_000.0


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
    try:
        fits = math.isfinite(value) and 0 < value <= MAX_SECONDS
    except OverflowError:  # an int too large for a float
        fits = False
    if not fits:
        raise InvalidArgumentError(
            f"{name} must be more than 0 and at most {MAX_SECONDS:.0f} seconds, got {_shown(value)}"
        )
    return float(value)


def timeout(name: str, value: Any) -> httpx.Timeout | None:
    """None, a number of seconds (a total bound), or an httpx.Timeout whose every part is None
    (no bound) or such a number."""
    if value is None:
        return None
    if isinstance(value, httpx.Timeout):
        for part in ("connect", "read", "write", "pool"):
            seconds(f"{name}.{part}", getattr(value, part), optional=True)
        return value
    return httpx.Timeout(seconds(name, value))


def visible(text: str) -> bool:
    """Whether `text` can go in a header: visible ASCII and spaces."""
    return _HEADER_VALUE.fullmatch(text) is not None


def total(value: httpx.Timeout) -> float | None:
    """The whole call's bound: the longest part of the timeout; None when a part is None."""
    parts = (value.connect, value.read, value.write, value.pool)
    if None in parts:
        return None
    return max(cast("tuple[float, ...]", parts))


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


def api_key(given: Secret, env: str) -> Secret:
    """The key (from `given`, else the environment), or an error that never repeats it. The
    key stays inside a Secret: no frame here holds it where a traceback would print it."""
    secret = given if given.given() else Secret(os.environ.get(env))
    problem = key_problem(secret)
    if problem:
        raise InvalidArgumentError(problem.replace("{env}", env))
    return secret


def key_problem(secret: Secret) -> str | None:
    """Why the key in `secret` cannot be sent (in a header, a query or a cookie), or None."""
    if secret.reveal() is None or (isinstance(secret.reveal(), str) and not secret.reveal()):
        return "no API key: pass api_key=... or set {env}"
    if not isinstance(secret.reveal(), str):
        return f"the API key must be a string, got {type(secret.reveal()).__name__}"
    if not _KEY.fullmatch(secret.reveal()):
        return (
            "the API key holds whitespace, a control character or a non-ASCII character "
            f"({len(secret.reveal())} characters given); pass the key exactly as issued"
        )
    return None


def headers(value: Any, reserved: set[str]) -> dict[str, str]:
    """default_headers: names that are tokens, values of visible ASCII; none of `reserved`
    (lower-case), the headers that carry the key."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidArgumentError(f"default_headers must be a mapping, got {type(value)}")
    found = {}
    for name, text in value.items():
        if not isinstance(name, str) or not _TOKEN.fullmatch(name):
            raise InvalidArgumentError(f"default_headers: {_shown(name)} is not a header name")
        if name.lower() in reserved:
            raise InvalidArgumentError(
                f"default_headers: {name} carries the key: pass the key as api_key"
            )
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
