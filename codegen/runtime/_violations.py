"""What the validator reports: one Violation per broken keyword, and its two errors.

A Violation says where (`images[7].ref_name`), which rule (`maximum 15`) and what value, so a
user can fix the request without reading the spec.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

import attrs

from ._exceptions import PixverseError

_VALUE_REPR_LIMIT: Final = 60


class UnsupportedSchemaError(PixverseError):
    """The schema uses a keyword this validator does not implement; regenerate or extend it."""


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


MISSING: Final = _Missing()


def short(value: Any) -> str:
    """repr(value), cut to a length that keeps one violation on one line."""
    text = repr(value)
    if len(text) > _VALUE_REPR_LIMIT:
        text = text[: _VALUE_REPR_LIMIT - 3] + "..."
    return text


@attrs.frozen
class Violation:
    """One broken rule: where (`images[7].ref_name`), which rule (`maximum 15`), what value."""

    path: str
    rule: str
    value: Any
    message: str

    def __str__(self) -> str:
        where = self.path or "(body)"
        return f"{where}: {self.message} [rule: {self.rule}; got {short(self.value)}]"


Out = list[Violation]
# A compiled schema: appends to `out` a Violation for every keyword `value` breaks.
Check = Callable[[Any, str, Out], None]


def join(path: str, name: str) -> str:
    """The path of a property: `images[0].ref_name`."""
    return f"{path}.{name}" if path else name


def ok(value: Any, path: str, out: Out) -> None:
    """The check of a schema that allows everything."""


def passes(check: Check, value: Any) -> bool:
    """Whether `value` breaks nothing that `check` checks (for anyOf, oneOf, not, if)."""
    scratch: Out = []
    check(value, "", scratch)
    return not scratch
