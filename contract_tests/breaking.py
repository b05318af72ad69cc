"""Bodies that break exactly one rule of the request, each break named by its kind.

For every keyword the rules module computes, `KINDS` says how it can be broken ("one past",
"at the bound", "duplicate item", "unknown field", ...). Each kind offers plain candidate
values first and, where those cannot fit the field's other keywords, a derandomized search; a
candidate counts only if the whole body then breaks that rule and no other
(rules.broken_rules), so the cases are right by construction and the same on every run. A kind
that finds no such body is reported by `missing_kinds`, which the coverage test requires empty.
"""

from __future__ import annotations

import copy
import functools
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from contract_tests import rules, spec, values
from contract_tests.rules import ITEMS, MENTION_KEYWORD, Path, Rule

JSON = Any
DELETE = object()  # the edit removes the field instead of setting it


@dataclass(frozen=True)
class Edit:
    """One break: set the value at `path` (or remove the field) in one array item."""

    kind: str
    path: Path
    value: JSON


@dataclass(frozen=True)
class Kind:
    """A way to break a rule: plain candidates, then (if none fits) values from a search."""

    name: str
    candidates: Callable[[], Iterator[JSON]]
    search: Callable[[], SearchStrategy[JSON]] | None = None
    at: Path | None = None  # where the value goes, when not at the rule's own path


# --- bodies ------------------------------------------------------------------------------------


def minimal_request() -> dict[str, JSON]:
    """The smallest valid body: required fields only, no @mention."""
    body: dict[str, JSON] = copy.deepcopy(values.valid(()))
    mention = spec.mention_rule()
    body[mention.field] = values.valid((mention.field,))
    return body


def ensure(body: JSON, path: Path) -> JSON:
    """`body` with every object and array along `path` present (an optional nested object
    given its plain valid value, an empty array given one item), so a rule deep inside can be
    reached; the value at `path` itself is left as it is when present."""
    body = copy.deepcopy(body)
    for depth in range(1, len(path) + 1):
        prefix = path[:depth]
        if rules.values_at(body, prefix):
            continue
        parent = rules.values_at(body, prefix[:-1])
        if not parent:
            return body
        container = parent[-1]
        fresh = copy.deepcopy(values.valid(prefix))
        if prefix[-1] == ITEMS and isinstance(container, list):
            container.append(fresh)
        elif isinstance(container, dict):
            container[prefix[-1]] = fresh
    return body


def apply(body: JSON, path: Path, value: JSON, item: int = -1) -> JSON:
    """`body` with the value at `path` set (or removed: DELETE), in one chosen array item."""
    body = ensure(body, path[:-1]) if path else body
    if not path:
        return copy.deepcopy(value)
    node = body
    for step in path[:-1]:
        node = node[item % len(node)] if step == ITEMS else node[step]
    last: str | int = item % len(node) if path[-1] == ITEMS else path[-1]
    if value is DELETE:
        del node[last]
    else:
        node[last] = copy.deepcopy(value)
    return body


def breaks_only(rule: Rule, body: JSON) -> bool:
    return [r.id for r in rules.broken_rules(body)] == [rule.id]


# --- the kinds of each keyword -------------------------------------------------------------------


def _node(rule: Rule) -> dict[str, JSON]:
    return rules.node_at(rule.path)


def _without(node: dict[str, JSON], *keys: str) -> dict[str, JSON]:
    return {k: v for k, v in node.items() if k not in keys}


def _present(rule: Rule) -> JSON:
    """The plain valid value at the rule's path, the one a break starts from."""
    return values.valid(rule.path)


def _type_kinds(rule: Rule) -> list[Kind]:
    allowed = values.types_of(_node(rule))
    low, _ = values.number_bounds(_node(rule))
    half = (low if low is not None else 5) + 0.5
    pool: dict[str, list[JSON]] = {
        "boolean": [True, False],
        "integer": [1, 0],
        "number": [half, 5.5, 0.5],
        "string": ["true", "1", "a"],
        "null": [None],
        "array": [[], [1]],
        "object": [{}, {"a": 1}],
    }
    wrong = [t for t in pool if t not in allowed]
    if "number" in allowed:
        wrong = [t for t in wrong if t != "integer"]
    return [Kind(f"wrong type: {t}", functools.partial(iter, pool[t])) for t in wrong]


def _case_changes(value: JSON) -> list[JSON]:
    if not isinstance(value, str):
        return []
    return [value.upper(), value.lower(), value.swapcase(), value.title()]


def _enum_kinds(rule: Rule) -> list[Kind]:
    allowed: list[JSON] = list(rule.value)
    texts = [v for v in allowed if isinstance(v, str)]
    numbers = [v for v in allowed if isinstance(v, int | float) and not isinstance(v, bool)]
    kinds = [
        Kind("unknown value", lambda: iter(["zzz", "", *(max(numbers) + 1 for _ in numbers[:1])]))
    ]
    if any(v not in allowed for t in texts for v in _case_changes(t)):
        kinds.append(Kind("case changed", lambda: (v for t in texts for v in _case_changes(t))))
    if texts:
        kinds.append(Kind("padded", lambda: (p for t in texts for p in (f" {t}", f"{t} "))))
    return kinds


def _const_kinds(rule: Rule) -> list[Kind]:
    value = rule.value

    def others() -> Iterator[JSON]:
        yield from _case_changes(value)
        if isinstance(value, bool):
            yield not value
        elif isinstance(value, int | float):
            yield value + 1
        yield from ["zzz", 0, False, None]

    return [Kind("other value", others)]


def _step(rule: Rule) -> float | int:
    node = _node(rule)
    if "multipleOf" in node:
        step: float | int = node["multipleOf"]
        return step
    return 1


def _numbers(*found: float) -> Iterator[JSON]:
    for value in found:
        yield values._tidy(value) if math.isfinite(value) else value


def _bound_kinds(rule: Rule) -> list[Kind]:
    """minimum/maximum: one step past, the nearest number past, far past; exclusive ones: the
    bound itself, and one step past it."""
    bound, step = rule.value, _step(rule)
    down = rule.keyword in ("minimum", "exclusiveMinimum")
    sign = -1 if down else 1
    whole = "number" not in values.types_of(_node(rule))
    kinds = []
    if rule.keyword.startswith("exclusive"):
        kinds.append(Kind("at the bound", lambda: _numbers(bound)))
    kinds.append(Kind("one step past", lambda: _numbers(bound + sign * step)))
    if not whole and "multipleOf" not in _node(rule):
        kinds.append(Kind("just past", lambda: _numbers(math.nextafter(bound, sign * math.inf))))
    kinds.append(Kind("far past", lambda: _numbers(bound + sign * 1000 * step)))
    return kinds


def _multiple_kinds(rule: Rule) -> list[Kind]:
    step = rule.value
    node = _node(rule)
    low, high = values.number_bounds(node)
    start = low if low is not None else 0

    def off_grid() -> Iterator[JSON]:
        for offset in (step / 2, step / 3, 1, 0.5, 0.1):
            if high is None or start + offset <= high:
                yield from _numbers(start + offset)

    return [Kind("off the grid", off_grid)]


def _text_kind(name: str, node: dict[str, JSON], path: Path, size: int) -> Kind:
    def build() -> Iterator[JSON]:
        yield values.with_length(node, path, size)

    return Kind(name, build)


def _length_kinds(rule: Rule) -> list[Kind]:
    node, n = _without(_node(rule), rule.keyword), rule.value
    if rule.keyword == "minLength":
        kinds = [_text_kind("one short", node, rule.path, n - 1)]
        return kinds + ([Kind("empty", lambda: iter([""]))] if n > 1 else [])
    far = max(2 * n, n + 100)
    return [
        _text_kind("one past", node, rule.path, n + 1),
        _text_kind("far past", node, rule.path, far),
    ]


def _pattern_kinds(rule: Rule) -> list[Kind]:
    node = _without(_node(rule), "pattern")

    def near() -> Iterator[JSON]:
        text = _present(rule)
        if isinstance(text, str):
            yield from [text.upper(), f"{text} {text}", f"{text}!", f"0{text}", text[:-1]]
        yield from ["", " ", "!", "A", "0", "é", "a b"]

    return [Kind("no match", near, lambda: values.schema_values({**node, "type": "string"}))]


BAD_FORMATS = (
    "not a {}",
    "",
    "://",
    "http://",
    "example.com/a b",
    "2024-13-45T25:61:00",
    "999.1.1.1",
    "@@",
    "a:b:c:d",
    "[",
)


def _format_kinds(rule: Rule) -> list[Kind]:
    node = _without(_node(rule), "format")
    bad = [b.format(rule.value) for b in BAD_FORMATS]
    return [
        Kind(
            "malformed",
            lambda: iter(bad),
            lambda: values.schema_values({**node, "type": "string"}),
        )
    ]


def _items_path(rule: Rule) -> Path:
    return (*rule.path, ITEMS)


def _sized(rule: Rule, size: int) -> Callable[[], Iterator[JSON]]:
    def build() -> Iterator[JSON]:
        if size >= 0:
            yield values.distinct(_items_path(rule), size)

    return build


def _items_kinds(rule: Rule) -> list[Kind]:
    n = rule.value
    if rule.keyword == "minItems":
        return [Kind("one short", _sized(rule, n - 1))] + (
            [Kind("empty", _sized(rule, 0))] if n > 1 else []
        )
    return [Kind("one past", _sized(rule, n + 1)), Kind("far past", _sized(rule, n + 10))]


def _unique_kinds(rule: Rule) -> list[Kind]:
    node = _node(rule)

    def duplicated() -> Iterator[JSON]:
        size = max(node.get("minItems", 0), 2)
        items = values.distinct(_items_path(rule), size - 1)
        yield [*items, items[0]]

    return [Kind("duplicate item", duplicated)]


def _contains_kinds(rule: Rule) -> list[Kind]:
    """contains, read with minContains and maxContains: too few matching items, too many."""
    node = _node(rule)
    matches = spec.node_validator(node.get("contains", {})).is_valid
    items = st.lists(values.schema_values(node.get("items", {})), max_size=8)
    kinds = [
        Kind(
            "too few match",
            lambda: iter([[]]),
            lambda: items.filter(lambda v: sum(map(matches, v)) < node.get("minContains", 1)),
        )
    ]
    if "maxContains" in node:
        too_many = items.filter(lambda v: sum(map(matches, v)) > node["maxContains"])
        kinds.append(Kind("too many match", lambda: iter([]), lambda: too_many))
    return kinds


def _property_count_kinds(rule: Rule) -> list[Kind]:
    node = _without(_node(rule), rule.keyword)
    n = rule.value
    names = list(node.get("properties", {}))

    def fewer() -> Iterator[JSON]:
        yield {k: values.valid((*rule.path, k)) for k in node.get("required", [])[: n - 1]}
        yield {}

    def more() -> Iterator[JSON]:
        full = {k: values.valid((*rule.path, k)) for k in names}
        yield full
        yield {**full, **{f"extra_{i}": "a" for i in range(n + 1)}}

    if rule.keyword == "minProperties":
        return [Kind("too few fields", fewer)]
    return [Kind("too many fields", more)]


def _object_at(rule: Rule) -> dict[str, JSON]:
    found: dict[str, JSON] = copy.deepcopy(values.valid(rule.path))
    return found


def _additional_kinds(rule: Rule) -> list[Kind]:
    def extra() -> Iterator[JSON]:
        for name in ("unexpected_field", "x", "extra"):
            if name not in rule.value:
                yield {**_object_at(rule), name: "a"}
                yield {**_object_at(rule), name: 1}

    return [Kind("unknown field", extra)]


def _property_name_kinds(rule: Rule) -> list[Kind]:
    def named() -> Iterator[JSON]:
        for name in ("", "A", "0", "a b", "é", "unexpected_field", "-"):
            yield {**_object_at(rule), name: "a"}

    return [Kind("bad field name", named)]


def _dependent_kinds(rule: Rule) -> list[Kind]:
    kinds = []
    for given, needed in rule.value.items():
        for missing in needed:

            def without(given: str = given, missing: str = missing) -> Iterator[JSON]:
                whole = _object_at(rule)
                whole[given] = values.valid((*rule.path, given))
                whole.pop(missing, None)
                yield whole

            kinds.append(Kind(f"{given} without {missing}", without))
    return kinds


def _required_kinds(rule: Rule) -> list[Kind]:
    return [Kind("missing", lambda: iter([DELETE]))]


def _mention_kinds(rule: Rule) -> list[Kind]:
    mention = spec.mention_rule()
    base = minimal_request()
    words = base[mention.field].split()
    names = [
        n for n in rules.values_at(base, (mention.names_from[0], ITEMS, mention.names_from[1]))
    ]
    known = next((n for n in names if isinstance(n, str)), None)
    ghost = next(g for g in ("zzz", "ghost", "nobody_here") if g not in names)
    kinds = [
        Kind("unknown at the end", lambda: iter([" ".join([*words, "@" + ghost])])),
        Kind("unknown at the start", lambda: iter([" ".join(["@" + ghost, *words])])),
    ]
    if known is not None and known + "," not in names:
        text = " ".join([*words, f"@{known}, then"])
        kinds.append(Kind("known name with punctuation", lambda: iter([text])))
    return kinds


KINDS: dict[str, Callable[[Rule], list[Kind]]] = {
    "type": _type_kinds,
    "enum": _enum_kinds,
    "const": _const_kinds,
    "minimum": _bound_kinds,
    "maximum": _bound_kinds,
    "exclusiveMinimum": _bound_kinds,
    "exclusiveMaximum": _bound_kinds,
    "multipleOf": _multiple_kinds,
    "minLength": _length_kinds,
    "maxLength": _length_kinds,
    "pattern": _pattern_kinds,
    "format": _format_kinds,
    "minItems": _items_kinds,
    "maxItems": _items_kinds,
    "uniqueItems": _unique_kinds,
    "contains": _contains_kinds,
    "minProperties": _property_count_kinds,
    "maxProperties": _property_count_kinds,
    "additionalProperties": _additional_kinds,
    "propertyNames": _property_name_kinds,
    "dependentRequired": _dependent_kinds,
    "required": _required_kinds,
    MENTION_KEYWORD: _mention_kinds,
}


def breakable(rule: Rule) -> bool:
    """Whether a kind of break is known for the rule's keyword."""
    return rule.keyword in KINDS


def kinds(rule: Rule) -> list[Kind]:
    if not breakable(rule):
        raise NotImplementedError(f"no strategy breaks the {rule.keyword!r} rule {rule.id}")
    return KINDS[rule.keyword](rule)


# --- the cases ---------------------------------------------------------------------------------


def _base(rule: Rule) -> JSON:
    """The minimal request with the rule's field reachable (its containers present)."""
    return ensure(minimal_request(), rule.path[:-1] if rule.path else ())


def _first_fit(rule: Rule, kind: Kind) -> Edit | None:
    base = _base(rule)
    path = rule.path if kind.at is None else kind.at
    for value in kind.candidates():
        if breaks_only(rule, apply(base, path, value)):
            return Edit(kind.name, path, value)
    if kind.search is None:
        return None
    try:
        strategy = kind.search()
        value = values.search(strategy, lambda v: breaks_only(rule, apply(base, path, v)))
    except values.NoValue:
        return None
    except Exception:  # hypothesis-jsonschema cannot read the schema: no searched value
        return None
    return Edit(kind.name, path, value)


@functools.cache
def edits(rule: Rule) -> tuple[Edit, ...]:
    """One edit per kind of break of `rule` that fits this spec, the same on every run."""
    found = [_first_fit(rule, kind) for kind in kinds(rule)]
    return tuple(edit for edit in found if edit is not None)


def missing_kinds(rule: Rule) -> list[str]:
    """The kinds of break of `rule` for which no body breaking it alone was found."""
    made = {edit.kind for edit in edits(rule)}
    return [kind.name for kind in kinds(rule) if kind.name not in made]


def break_cases(rule: Rule) -> list[tuple[str, JSON]]:
    """(kind, body) for every kind of break of `rule`: each body breaks that rule alone."""
    base = _base(rule)
    return [(edit.kind, apply(base, edit.path, edit.value)) for edit in edits(rule)]
