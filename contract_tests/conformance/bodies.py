"""The request bodies of the free checks and of the cases the contract leaves open.

All deterministic, all derived from openapi.yaml through rules, strategies and the mention
rule: the same requests on every run, and a changed spec changes them with no edit here.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from typing import Any

from contract_tests import breaking, rules, spec, strategies, values
from contract_tests.rules import ITEMS, Rule

JSON = Any
BOM = "\ufeff".encode()
UNKNOWN_FIELD = "an_unknown_field"  # no spec names it: a field the server has never heard of
NOT_JSON = (b"{", b"not json", b'{"' + UNKNOWN_FIELD.encode() + b'": [}')  # no parser reads them


def rule_breaks(rule: Rule) -> list[tuple[str, JSON]]:
    """(kind, body) pairs that break `rule` alone: every kind of break the strategies know,
    and for a type rule the valid value in the disguises a lax server reads kindly."""
    found = list(strategies.break_cases(rule)) if strategies.breakable(rule) else []
    return found + _disguises(rule)


def _disguises(rule: Rule) -> list[tuple[str, JSON]]:
    """A number or boolean field's valid value as a string ("5" for 5), a boolean's as 1 or 0:
    each breaks the type rule, and a server that coerces types accepts it."""
    if rule.keyword != "type" or not _kinds(rule) & {"integer", "number", "boolean"}:
        return []
    if "string" in _kinds(rule):
        return []  # "5" is allowed as it is
    value = values.valid(rule.path)
    if isinstance(value, bool):
        shown = [json.dumps(value), int(value)]
    elif isinstance(value, int | float):
        shown = [str(value), f" {value}"]
    else:
        return []
    base = strategies.minimal_request()
    found = []
    for disguise in shown:
        body = _set(base, rule.path, disguise)
        if rules.broken_rules(body) == [rule]:
            found.append((f"disguised: {disguise!r}", body))
    return found


def _kinds(rule: Rule) -> set[str]:
    """The JSON types a type rule allows (its value a name, or a list: [integer, "null"])."""
    return {rule.value} if isinstance(rule.value, str) else set(rule.value)


def sized_request(size: int) -> dict[str, JSON]:
    """The smallest valid body, with `size` images of distinct values (names included)."""
    body = strategies.minimal_request()
    array, _ = spec.known_mention_rule().names_from
    body[array] = [copy.deepcopy(values.valid((array, ITEMS), index)) for index in range(size)]
    return body


def _raw(body: JSON) -> bytes:
    return json.dumps(body, ensure_ascii=False).encode()


def _duplicate_keys() -> list[tuple[str, bytes]]:
    """A top-level field twice, with a wrong type each time: invalid whichever one a server
    keeps (first, last or both), so the case is free and its answer must be a 400."""
    for typed in rules.request_rules():
        if typed.keyword != "type" or len(typed.path) != 1:
            continue
        name = typed.path[0]
        breaks = [body for _, body in rule_breaks(typed) if isinstance(body, dict)]
        wrong = [body[name] for body in breaks if name in body]
        if len(wrong) < 2:
            continue
        rest = {k: v for k, v in strategies.minimal_request().items() if k != name}
        head = _raw(rest)[:-1].decode()
        separator = ", " if rest else ""
        text = (
            f'{head}{separator}"{name}": {json.dumps(wrong[0])}, '
            f'"{name}": {json.dumps(wrong[-1])}}}'
        )
        return [("duplicate-keys", text.encode())]
    return []


def degenerate() -> list[tuple[str, bytes]]:
    """Bodies a lax server may read kindly: JSON that is no object, a valid body wrapped in an
    array, duplicate keys; each must get a 400."""
    valid = strategies.minimal_request()
    cases = [
        ("empty", b""),
        ("null", b"null"),
        ("empty-array", b"[]"),
        ("string", _raw("{}")),
        ("number", b"1"),
        ("array-of-a-valid-body", _raw([valid])),
        ("bom-before-an-invalid-body", BOM + b"[]"),
    ]
    return cases + _duplicate_keys()


@dataclass(frozen=True)
class OpenCase:
    """A request whose answer the contract leaves open: accepted (and billed) or rejected."""

    name: str
    question: str
    body: bytes
    headers: dict[str, str | None] = field(default_factory=dict)
    # Left open down to the status: only an accepted request's answer (a task_id) is judged.
    any_status: bool = False


def _string_paths() -> list[rules.Path]:
    """Paths of free-text strings (no enum), at the top level and in the first array item."""
    return [
        r.path
        for r in rules.request_rules()
        if r.keyword == "type" and r.value == "string" and "enum" not in rules.node_at(r.path)
    ]


def _set(body: JSON, path: rules.Path, value: JSON) -> JSON:
    """`body` with `value` at `path` (in the first item of an array), the optional objects and
    arrays on the way there given."""
    return breaking.apply(body, path, value, item=0)


def _valid(body: JSON) -> bool:
    return not rules.broken_rules(body)


def left_open() -> list[OpenCase]:
    """One request per question CONTRACT.md leaves open, each valid by the spec's own rules."""
    base = strategies.minimal_request()
    found = [
        OpenCase(
            "unknown-field", "unknown fields ignored or rejected", _raw({**base, UNKNOWN_FIELD: 1})
        ),
        OpenCase(
            "other-content-type",
            "a JSON body with another Content-Type",
            _raw(base),
            {"Content-Type": "text/plain"},
            any_status=True,
        ),
        OpenCase(
            "bom",
            "a UTF-8 byte order mark before JSON (RFC 8259: may be ignored)",
            BOM + _raw(base),
        ),
    ]
    for rule in rules.request_rules():
        if rule.keyword != "type" or not rule.path:
            continue
        if _kinds(rule) & {"integer", "number"} == {"integer"}:
            node = rules.node_at(rule.path)
            whole = float(node.get("minimum", node.get("maximum", 1)))
            body = _set(base, rule.path, whole)
            found.append(OpenCase(f"{rule.field}-as-float", f"{whole} as {rule.field}", _raw(body)))
    for path in _string_paths():
        name = rules.field_name(path)
        found.append(OpenCase(f"{name}-empty", f"an empty {name}", _raw(_set(base, path, ""))))
    mention = spec.mention_rule()
    pair = sized_request(2) if mention is not None else {}
    if mention is not None and len(pair.get(mention.names_from[0], [])) == 2:
        array, item = mention.names_from
        pair[array][1][item] = pair[array][0][item]
        found.append(OpenCase("shared-name", f"two {array} sharing a {item}", _raw(pair)))
    return [case for case in found if _valid(_parsed(case.body))]


def _parsed(raw: bytes) -> JSON:
    return json.loads(raw.removeprefix(BOM))
