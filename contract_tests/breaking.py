"""Bodies that break exactly one rule of the request, each break named by its kind.

For every keyword the rules module computes, `KINDS` says how it can be broken ("one past",
"at the bound", "duplicate item", "unknown field", ...). Each kind offers plain candidate
values first and, where those cannot fit the field's other keywords, a derandomized search; a
candidate counts only if the whole body then breaks that rule and no other
(rules.broken_rules), so the cases are right by construction and the same on every run. A kind
that finds no such body is reported by `missing_kinds`, which the coverage test requires empty.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import itertools
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
    roomy: bool = False  # made on the base whose arrays have one item more (see _roomier)


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
    if mention is not None:
        body[mention.field] = values.valid((mention.field,))
    return body


def ensure(body: JSON, path: Path) -> JSON:
    """`body` with every object and array along `path` present (an optional nested object
    given its plain valid value, an empty array given one item), so a rule deep inside can be
    reached; the value at `path` itself is left as it is when present. A field whose presence
    asks for others (dependentRequired, a then) brings the other fields of its object along."""
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
            valid = not rules.broken_rules(body)
            container[prefix[-1]] = fresh
            if valid:
                _complete(body, container, prefix[:-1], keep=prefix[-1])
    return body


def omit(body: JSON, path: Path) -> JSON:
    """`body` with the object holding `path` present (see ensure) but the field itself left
    out; when the object then asks for more (minProperties, anyOf of required fields, ...), its
    other fields are given one by one until `body` is valid again."""
    body = ensure(body, path[:-1])
    parents = rules.values_at(body, path[:-1])
    if not parents or not isinstance(parents[-1], dict):
        return body
    container = parents[-1]
    container.pop(path[-1], None)
    _complete(body, container, path[:-1], skip=path[-1])
    return body


def _complete(
    body: JSON,
    container: dict[str, JSON],
    path: Path,
    skip: str | None = None,
    keep: str | None = None,
) -> None:
    """Give the object at `path` its other fields (but `skip`), one by one, until `body` is
    valid again; then, if a schema that its given fields switch on (dependentSchemas, a then)
    asks more of them than their own schemas do, change them to meet it; then, if one of its
    optional fields (but `keep`) is what forbids the rest (a oneOf of one field or another),
    leave that one out."""
    node = rules.node_at(path)
    for name in node.get("properties", {}):
        if not rules.broken_rules(body):
            return
        if name not in container and name != skip:
            container[name] = copy.deepcopy(values.valid((*path, name)))
    for schema in switched_on(node, container):
        if not rules.broken_rules(body):
            return
        met = next(meeting(schema, container, path), None)
        if isinstance(met, dict) and skip not in met:
            container.update(met)
    required = node.get("required", [])
    for name in [n for n in container if n not in required and n != keep]:
        if not rules.broken_rules(body):
            return
        held = container.pop(name)
        if rules.broken_rules(body):
            container[name] = held


def switched_on(node: dict[str, JSON], container: dict[str, JSON]) -> list[JSON]:
    """The schemas that an object's own fields switch on: the dependentRequired and the
    dependentSchemas of its given fields, its then where its if holds, its else where not."""
    found: list[JSON] = [
        {"required": list(needed)}
        for name, needed in node.get("dependentRequired", {}).items()
        if name in container
    ]
    found += [s for k, s in node.get("dependentSchemas", {}).items() if k in container]
    if "if" in node:
        branch = "then" if _ok(node["if"], container) else "else"
        found += [node[branch]] if branch in node else []
    return found


def repaired(body: JSON) -> JSON:
    """`body` changed to meet what its objects' own fields switch on (see switched_on): the
    fields that a switched-on schema names get values that meet it, and the switch stays as
    it is (the field that asks is kept, the if keeps its outcome). So a body built field by
    field, each at a level of its own, becomes one that the whole schema allows; a demand
    nothing here can meet is left unmet."""
    body = copy.deepcopy(body)
    for path in _switching_objects():
        node = rules.node_at(path)
        for container in rules.values_at(body, path):
            if isinstance(container, dict):
                _meet_switched(node, container, path)
    return body


def met_switches(path: Path, value: JSON) -> JSON:
    """The object `value` at `path` changed to meet what its own fields switch on, as
    `repaired` changes a whole body: a drawn object whose switch rarely holds by chance
    (a long secret wherever a URL is given) then holds it."""
    if not isinstance(value, dict) or path not in _switching_objects():
        return value
    value = copy.deepcopy(value)
    _meet_switched(rules.node_at(path), value, path)
    return value


def _meet_switched(node: dict[str, JSON], container: dict[str, JSON], path: Path) -> None:
    for _ in range(len(switched_on(node, container)) + 2):  # a met demand may switch on more
        unmet = [s for s in switched_on(node, container) if not _ok(s, container)]
        if not unmet:
            return
        schema = unmet[0]
        met = next(
            (
                m
                for m in itertools.islice(meeting(schema, container, path), _LIMIT)
                if isinstance(m, dict) and _ok(schema, m) and schema in switched_on(node, m)
            ),
            None,
        )
        if met is None:
            return
        container.clear()
        container.update(met)


@functools.cache
def _switching_objects(path: Path = ()) -> tuple[Path, ...]:
    """The paths of the request's objects that have a switch (dependentRequired,
    dependentSchemas, if), outer ones first."""
    node = rules.node_at(path)
    found = (
        [path] if any(k in node for k in ("dependentRequired", "dependentSchemas", "if")) else []
    )
    for name in node.get("properties", {}):
        found += _switching_objects((*path, name))
    if isinstance(node.get("items"), dict):
        found += _switching_objects((*path, ITEMS))
    return tuple(found)


def apply(body: JSON, path: Path, value: JSON, item: int = -1) -> JSON:
    """`body` with the value at `path` set (or removed: DELETE), in one chosen array item."""
    if not path:
        return copy.deepcopy(value)
    try:
        body = ensure(body, path if value is not DELETE else path[:-1])
    except values.NoValue:  # no value may stand at `path` (a false schema): its holder only
        body = ensure(body, path[:-1])
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
    return rules.schema_of(rule)


def _without(node: dict[str, JSON], *keys: str) -> dict[str, JSON]:
    return {k: v for k, v in node.items() if k not in keys}


def _present(rule: Rule) -> JSON:
    """The plain valid value at the rule's path, the one a break starts from."""
    if rule.node is not None:
        return values._try(functools.partial(values.plain, rule.node))
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

    def unknown() -> Iterator[JSON]:
        yield from ("zzz", "")
        if numbers:
            yield from (max(numbers) + 1, min(numbers) - 1)
        yield from (False, True, None, 0)  # for an enum of booleans, or one with a null

    kinds = [Kind("unknown value", unknown)]
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
    # Past the bound on the value grid (the type's, a multipleOf's), so that nothing but the
    # bound is broken: below a minimum of 1 in steps of 5 lies 0, not -4.
    past = values.on_grid(bound, _node(rule), up=not down)
    past = past + sign * step if past == bound else past
    kinds.append(Kind("one step past", lambda: _numbers(past)))
    if not whole and "multipleOf" not in _node(rule):
        # not tidied: rounding would take the nearest float past the bound back onto it
        kinds.append(Kind("just past", lambda: iter([math.nextafter(bound, sign * math.inf)])))
    kinds.append(Kind("far past", lambda: _numbers(past + sign * 1000 * step)))
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
            with contextlib.suppress(values.NoValue):  # none fits past prefixItems (items: false)
                yield values.distinct(_items_path(rule), size)
            # items each fit for its place (prefixItems), the array's other limits kept
            yield values.positional(rule.path, size, without=(rule.keyword,))

    return build


def _items_kinds(rule: Rule) -> list[Kind]:
    n = rule.value
    if rule.keyword == "minItems":
        return [Kind("one short", _sized(rule, n - 1))] + (
            [Kind("empty", _sized(rule, 0))] if n > 1 else []
        )
    far = min(n + 10, _distinct_items(rule) or n + 10)  # unique items of an enum run out
    kinds = [Kind("one past", _sized(rule, n + 1))]
    return kinds + ([Kind("far past", _sized(rule, far))] if far > n + 1 else [])


def _distinct_items(rule: Rule) -> int | None:
    """How many items an array of unique items can hold, where its items' schema allows only
    so many values (an enum, a const, booleans); None where it is not so bounded."""
    if not _node(rule).get("uniqueItems"):
        return None
    item = rules.node_at(_items_path(rule))
    if "const" in item:
        return 1
    if isinstance(item.get("enum"), list):
        return len(item["enum"])
    return 2 if values.types_of(item) == ["boolean"] else None


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
    wanted = node.get("contains", {})
    matches = spec.node_validator(wanted).is_valid
    items = st.lists(values.schema_values(node.get("items", {})), max_size=8)
    path = _items_path(rule)

    def fewer() -> Iterator[JSON]:
        yield []
        start = _start(rule)
        if isinstance(start, list):
            yield [
                item if not matches(item) else next(missing(wanted, item, path), item)
                for item in start
            ]

    def more() -> Iterator[JSON]:
        start = _start(rule)
        found = list(start) if isinstance(start, list) else []
        extra = values.distinct(path, node["maxContains"] + len(found) + 1)
        fitting = [v for v in extra if matches(v)] or [next(meeting(wanted, _ABSENT, path), None)]
        for item in itertools.islice(itertools.cycle(fitting), node["maxContains"] + 1):
            found.append(item)
        yield found

    kinds: list[Kind] = []
    if node.get("minContains", 1) > 0:  # minContains 0: no array has too few
        kinds.append(
            Kind(
                "too few match",
                fewer,
                lambda: items.filter(lambda v: sum(map(matches, v)) < node.get("minContains", 1)),
            )
        )
    if "maxContains" in node:
        too_many = items.filter(lambda v: sum(map(matches, v)) > node["maxContains"])
        kinds.append(Kind("too many match", more, lambda: too_many))
    return kinds


def _property_count_kinds(rule: Rule) -> list[Kind]:
    node = _without(_node(rule), rule.keyword)
    n = rule.value
    names = list(node.get("properties", {}))

    def fewer() -> Iterator[JSON]:
        yield {k: values.valid((*rule.path, k)) for k in node.get("required", [])[: n - 1]}
        yield {}

    def more() -> Iterator[JSON]:
        many = values.with_fields(node, rule.path, n + 1)  # a map's entries, one too many
        if many is not values._MISSING:
            yield many
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
    node = _node(rule)

    def named() -> Iterator[JSON]:
        for name in ("", "A", "0", "a b", "é", "unexpected_field", "-"):
            # the value one of a good name would have, so that only the name is wrong
            for value in (values.entry_value(node, rule.path, name), "a"):
                if value is not values._MISSING:
                    yield {**_object_at(rule), name: value}

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
    mention = spec.known_mention_rule()
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
    # punctuation the pattern reads into a name: a known name with it names no image
    kept = mention.kept_in_name(known, spec.PUNCTUATION) if known is not None else ""
    if known is not None and kept and known + kept[0] not in names:
        text = " ".join([*words, f"@{known}{kept[0]} then"])
        kinds.append(Kind("known name with punctuation", lambda: iter([text])))
    return kinds


# --- values that meet or miss a subschema (for the applicators) --------------------------------

_ABSENT = object()
# Plain values of every JSON type, tried when nothing nearer fits.
_ANY: tuple[JSON, ...] = (None, True, False, 0, -1, 1, 0.5, "", "zzz", [], ["a"], {}, {"a": 1})
_LIMIT = 60  # candidates tried per subschema, so that a search never runs away


def _ok(schema: JSON, value: JSON) -> bool:
    return value is not _ABSENT and values.is_valid(schema, value)


def _field_node(path: Path | None) -> dict[str, JSON]:
    """The schema of the field at `path` ({} where the path names no field of the spec)."""
    if path is None:
        return {}
    try:
        return rules.node_at(path)
    except (KeyError, TypeError):
        return {}


def _child(path: Path | None, name: str) -> Path | None:
    if path is None or name not in _field_node(path).get("properties", {}):
        return None
    return (*path, name)


def _past(schema: JSON) -> Iterator[JSON]:
    """Values just outside a subschema's own keywords (one past a bound, an unknown value)."""
    if not isinstance(schema, dict):
        return
    for key, sign in (("maximum", 1), ("minimum", -1)):
        if key in schema:
            yield from _numbers(schema[key] + sign, schema[key] + sign * 0.5)
    for key in ("exclusiveMaximum", "exclusiveMinimum"):
        if key in schema:
            yield from _numbers(schema[key])
    if "multipleOf" in schema:
        yield from _numbers(schema["multipleOf"] / 2)
    if "maxLength" in schema:
        yield "a" * (schema["maxLength"] + 1)
    if schema.get("minLength", 0) > 0:
        yield "a" * (schema["minLength"] - 1)
    if "const" in schema or "enum" in schema:
        yield from ["zzz", ""]
    if "not" in schema:
        yield from _plain_values(schema["not"], _ABSENT, None)
    for key in ("anyOf", "oneOf", "allOf"):
        for branch in schema.get(key, []):
            yield from _past(branch)


def _plain_values(schema: JSON, start: JSON, path: Path | None) -> Iterator[JSON]:
    """Plain values to try for a subschema: the value there now, the subschema's own values,
    the field's edges and plain values, values just past its keywords, one of each type."""
    if start is not _ABSENT:
        yield start
    if isinstance(schema, dict):
        if "const" in schema:
            yield schema["const"]
        yield from schema.get("enum", [])
        low, high = values.number_bounds(schema)
        yield from (b for b in (low, high) if b is not None)
        for key in ("anyOf", "oneOf", "allOf"):
            for branch in schema.get(key, []):
                yield from _plain_values(branch, _ABSENT, None)
    if path is not None and _field_node(path):
        yield from values.boundary_values(path)
        for index in range(3):
            yield values._try(functools.partial(values.valid, path, index))
    yield from _past(schema)
    yield from _ANY


def meeting(schema: JSON, start: JSON, path: Path | None) -> Iterator[JSON]:
    """Values that meet `schema` and the field's own schema, `start` changed as little as
    possible: an object keeps its other fields and gets the ones `schema` asks for."""
    own = _field_node(path)
    both = {"allOf": [own, schema]}
    if isinstance(start, dict) and isinstance(schema, dict):
        changed = copy.deepcopy(start)
        for name in [*schema.get("required", []), *schema.get("properties", {})]:
            wanted = schema.get("properties", {}).get(name, {})
            sub = _child(path, name)
            here = changed.get(name, _ABSENT)
            if here is _ABSENT and sub is not None:
                here = values._try(functools.partial(values.valid, sub))
            if not _ok({"allOf": [_field_node(sub), wanted]}, here):
                here = next(meeting(wanted, here, sub), _ABSENT)
            if here is not _ABSENT:
                changed[name] = here
        yield changed
    tried = itertools.islice(_plain_values(schema, start, path), _LIMIT)
    yield from (v for v in tried if _ok(both, v))
    try:
        yield values.search(values.schema_values(both), lambda v: True)
    except Exception:  # no value, or a schema hypothesis-jsonschema cannot read
        return


def missing(schema: JSON, start: JSON, path: Path | None) -> Iterator[JSON]:
    """Values that the field's own schema allows and `schema` does not, `start` changed as
    little as possible: an object keeps its other fields and has one of them changed."""
    own = _field_node(path)
    if start is not _ABSENT and not _ok(schema, start):
        yield start
    if isinstance(start, dict) and isinstance(schema, dict):
        for name, wanted in schema.get("properties", {}).items():
            sub = _child(path, name)
            here = start.get(name, _ABSENT)
            if here is _ABSENT and sub is not None:
                here = values._try(functools.partial(values.valid, sub))
            for value in itertools.islice(missing(wanted, here, sub), 3):
                yield {**start, name: value}
        for name in schema.get("required", []):
            if name in start:
                yield {k: v for k, v in start.items() if k != name}
    tried = itertools.islice(_plain_values(schema, start, path), _LIMIT)
    yield from (v for v in tried if _ok(own, v) and not _ok(schema, v))


def _start(rule: Rule) -> JSON:
    """The value at the rule's path in the body its breaks start from."""
    if rule.node is not None:
        return _present(rule)
    found = rules.values_at(_base(rule), rule.path)
    return copy.deepcopy(found[-1]) if found else _present(rule)


def _then_each(
    first: Callable[[], Iterator[JSON]], then: Callable[[JSON], Iterator[JSON]]
) -> Callable[[], Iterator[JSON]]:
    """Candidates made in two steps: each of a few first values, changed by `then`."""

    def build() -> Iterator[JSON]:
        for value in itertools.islice(first(), 5):
            yield from itertools.islice(then(value), _LIMIT)

    return build


def _search_for(rule: Rule, schema: JSON) -> Callable[[], SearchStrategy[JSON]]:
    return lambda: values.schema_values({"allOf": [_without(_node(rule), rule.keyword), schema]})


def _any_of_kinds(rule: Rule) -> list[Kind]:
    """anyOf, oneOf: a value that matches no branch; oneOf also one that matches two."""
    branches = {"anyOf": rule.value}
    kinds = [
        Kind(
            "matches no branch",
            lambda: missing(branches, _start(rule), rule.path),
            _search_for(rule, {"not": branches}),
        )
    ]
    if rule.keyword == "oneOf" and _overlap(rule) is not None:
        kinds.append(Kind("matches two branches", lambda: iter([_overlap(rule)])))
    return kinds


@functools.cache
def _overlap(rule: Rule) -> JSON:
    """A value that two branches of a oneOf both match and breaks no other rule, if any."""
    if rule.node is not None:
        return _overlap_alone(rule)
    base = _base(rule)
    for first, second in itertools.combinations(rule.value, 2):
        for value in itertools.islice(
            meeting({"allOf": [first, second]}, _start(rule), rule.path), 20
        ):
            if _ok({"allOf": [first, second]}, value) and breaks_only(
                rule, apply(base, rule.path, value)
            ):
                return value
    return None


def _overlap_alone(rule: Rule) -> JSON:
    """A parameter's value that two branches of its oneOf both match (whether it breaks the
    parameter's other rules is for the caller to judge)."""
    for first, second in itertools.combinations(rule.value, 2):
        both = {"allOf": [first, second]}
        for value in itertools.islice(meeting(both, _start(rule), None), 20):
            if _ok(both, value):
                return value
    return None


def _not_kinds(rule: Rule) -> list[Kind]:
    return [
        Kind(
            "matches the negated schema",
            lambda: meeting(rule.value, _start(rule), rule.path),
            _search_for(rule, rule.value),
        )
    ]


def _condition(rule: Rule) -> JSON:
    return _node(rule).get("if", True)


def _then_kinds(rule: Rule) -> list[Kind]:
    """then: the if holds and the then is broken; else: the if fails and the else is broken."""
    holds = rule.keyword == "then"
    chosen = meeting if holds else missing

    def first() -> Iterator[JSON]:
        return chosen(_condition(rule), _start(rule), rule.path)

    def then(value: JSON) -> Iterator[JSON]:
        return missing(rule.value, value, rule.path)

    name = "if holds, then broken" if holds else "if fails, else broken"
    return [Kind(name, _then_each(first, then))]


def _dependent_schema_kinds(rule: Rule) -> list[Kind]:
    kinds = []
    for given, schema in rule.value.items():

        def first(given: str = given) -> Iterator[JSON]:
            return meeting({"required": [given]}, _start(rule), rule.path)

        def then(value: JSON, schema: JSON = schema) -> Iterator[JSON]:
            return missing(schema, value, rule.path)

        kinds.append(Kind(f"{given} given, its schema broken", _then_each(first, then)))
    return kinds


def _prefix_kinds(rule: Rule) -> list[Kind]:
    """prefixItems: the item at one position wrong, the items before it right."""
    kinds = []
    for position, schema in enumerate(rule.value):

        def wrong(position: int = position, schema: JSON = schema) -> Iterator[JSON]:
            start = _start(rule)
            items = list(start) if isinstance(start, list) else []
            for index in range(len(items), position + 1):
                items.append(next(meeting(rule.value[index], _ABSENT, None), None))
            for value in itertools.islice(missing(schema, items[position], None), _LIMIT):
                yield [*items[:position], value, *items[position + 1 :]]

        kinds.append(Kind(f"wrong item at {position}", wrong))
    return kinds


def _extra_name(rule: Rule) -> Iterator[str]:
    node = _node(rule)
    for name in ("unexpected_field", "x", "extra", "zzz_extra"):
        taken = name in node.get("properties", {})
        patterns = node.get("patternProperties", {})
        if not taken and not any(spec.ecma_pattern(p).search(name) for p in patterns):
            yield name


def _extra_field_kinds(rule: Rule) -> list[Kind]:
    """additionalProperties or unevaluatedProperties as a schema: an extra field breaking it."""
    if not isinstance(rule.value, dict | bool):
        return _additional_kinds(rule)

    def extra() -> Iterator[JSON]:
        start = _start(rule)
        base = start if isinstance(start, dict) else {}
        for name in _extra_name(rule):
            for value in itertools.islice(missing(rule.value, _ABSENT, None), _LIMIT):
                yield {**base, name: value}

    return [Kind("extra field breaking it", extra)]


def _extra_item_kinds(rule: Rule) -> list[Kind]:
    """unevaluatedItems: one more item that breaks it."""

    def extra() -> Iterator[JSON]:
        start = _start(rule)
        items = list(start) if isinstance(start, list) else []
        for value in itertools.islice(missing(rule.value, _ABSENT, None), _LIMIT):
            yield [*items, value]

    return [Kind("extra item breaking it", extra)]


def _pattern_property_kinds(rule: Rule) -> list[Kind]:
    """patternProperties: a field whose name matches a pattern, its value breaking it."""
    kinds = []
    node = _node(rule)
    for pattern, schema in rule.value.items():

        def named(pattern: str = pattern, schema: JSON = schema) -> Iterator[JSON]:
            start = _start(rule)
            base = start if isinstance(start, dict) else {}
            try:
                name = values.search(
                    st.from_regex(pattern), lambda n: n not in node.get("properties", {})
                )
            except values.NoValue:
                return
            for value in itertools.islice(missing(schema, _ABSENT, None), _LIMIT):
                yield {**base, name: value}

        kinds.append(Kind(f"field matching {pattern} broken", named))
    return kinds


def _false_kinds(rule: Rule) -> list[Kind]:
    return [Kind("given at all", lambda: iter(_ANY))]


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
    "additionalProperties": _extra_field_kinds,
    "propertyNames": _property_name_kinds,
    "dependentRequired": _dependent_kinds,
    "required": _required_kinds,
    "anyOf": _any_of_kinds,
    "oneOf": _any_of_kinds,
    "not": _not_kinds,
    "then": _then_kinds,
    "else": _then_kinds,
    "dependentSchemas": _dependent_schema_kinds,
    "prefixItems": _prefix_kinds,
    "unevaluatedProperties": _extra_field_kinds,
    "unevaluatedItems": _extra_item_kinds,
    "patternProperties": _pattern_property_kinds,
    "false": _false_kinds,
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
    """The minimal request with the rule's field present (and what it needs besides); for a
    field no value may take (a `false` schema), the object that would hold it."""
    if rule.keyword == "false":
        return ensure(minimal_request(), rule.path[:-1])
    return ensure(minimal_request(), rule.path)


def _roomier(body: JSON, path: Path) -> JSON:
    """`body` with one more item at the end of each array along `path`, where the body stays
    valid: an edit of the last item then leaves the others as they were (an array that must
    contain a match keeps one)."""
    body = copy.deepcopy(body)
    for depth, step in enumerate(path):
        arrays = rules.values_at(body, path[:depth])
        if step != ITEMS or not arrays or not isinstance(arrays[-1], list):
            continue
        array = arrays[-1]
        for index in range(1, 6):
            item = values._try(functools.partial(values.valid, (*path[:depth], ITEMS), index))
            array.append(copy.deepcopy(item))
            if item is not values._MISSING and not rules.broken_rules(body):
                break
            array.pop()
    return body


def _first_fit(rule: Rule, kind: Kind) -> Edit | None:
    path = rule.path if kind.at is None else kind.at
    for roomy in (False, True):
        base = _roomier(_base(rule), rule.path) if roomy else _base(rule)
        for value in kind.candidates():
            if breaks_only(rule, apply(base, path, value)):
                return Edit(kind.name, path, value, roomy)
        if ITEMS not in rule.path:
            break
    if kind.search is None:
        return None
    base = _base(rule)
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
    roomy = _roomier(base, rule.path)
    return [
        (edit.kind, apply(roomy if edit.roomy else base, edit.path, edit.value))
        for edit in edits(rule)
    ]
