"""Deterministic valid values for any field of the request, read from its schema.

The boundary requests, the break cases and the conformance design are sent on every run, so
they are built without randomness: plain values first (the spec's own examples, a sample of the
format, letters), each checked by the spec's validator, and where none fits, the simplest value
hypothesis-jsonschema finds for the schema (`hypothesis.find`, derandomized). A field the spec
adds needs nothing here.
"""

from __future__ import annotations

import copy
import functools
import json
import math
from collections.abc import Callable, Iterator
from typing import Any

from hypothesis import HealthCheck, Phase, find, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument, NoSuchExample, Unsatisfiable
from hypothesis.strategies import SearchStrategy
from hypothesis_jsonschema import from_schema

from codegen.parameters import json_type
from contract_tests import rules, spec
from contract_tests.rules import ITEMS, Path

JSON = Any

SEARCH = settings(
    database=None,
    derandomize=True,
    max_examples=2000,
    phases=[Phase.generate, Phase.shrink],
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
# A value that satisfies each format the validator checks, so a formatted field needs no search.
FORMAT_SAMPLES = {
    "uri": "https://example.com/a.png",
    "uri-reference": "https://example.com/a.png",
    "iri": "https://example.com/a.png",
    "iri-reference": "https://example.com/a.png",
    "uri-template": "https://example.com/{name}",
    "email": "a@example.com",
    "idn-email": "a@example.com",
    "hostname": "example.com",
    "idn-hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "date-time": "2024-01-01T00:00:00Z",
    "date": "2024-01-01",
    "time": "00:00:00Z",
    "duration": "P1D",
    "uuid": "8f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b",
    "regex": "a+",
    "json-pointer": "/a",
    "relative-json-pointer": "0/a",
}
_TEXT_SEEDS = ("a quiet scene", "ref", "a")


class NoValue(Exception):
    """The schema at this path allows no value this module can build or find."""


def is_valid(node: dict[str, JSON], value: JSON) -> bool:
    return spec.node_validator(node).is_valid(value)


def search(strategy: SearchStrategy[JSON], condition: Callable[[JSON], bool]) -> JSON:
    """The simplest example of `strategy` meeting `condition`, the same on every run."""
    try:
        return find(strategy, condition, settings=SEARCH)
    except (NoSuchExample, Unsatisfiable, InvalidArgument):
        # InvalidArgument: a list of more unique items than the schema has values
        raise NoValue(f"no example meets the condition in {strategy!r}") from None


def schema_values(node: dict[str, JSON]) -> SearchStrategy[JSON]:
    """hypothesis-jsonschema's values of a self-contained schema, its notes left out."""
    return from_schema(_plain(node))


def _plain(node: JSON) -> JSON:
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if not isinstance(node, dict):
        return node
    return {
        k: (v if k in ("enum", "const") else _plain(v))
        for k, v in node.items()
        if not k.startswith("x-") and k not in ("example", "examples", "default", "discriminator")
    }


def types_of(node: dict[str, JSON]) -> list[str]:
    """The JSON types a schema allows, read from `type`, else from its enum or const."""
    if "type" in node:
        return node["type"] if isinstance(node["type"], list) else [node["type"]]
    if "const" in node:
        return [json_type(node["const"])]
    if "enum" in node:
        return list(dict.fromkeys(json_type(v) for v in node["enum"]))
    found = [t for t, keys in _KEYS_OF.items() if any(k in node for k in keys)]
    return found or ["string"]


_KEYS_OF = {
    "object": ("properties", "required", "additionalProperties", "minProperties"),
    "array": ("items", "minItems", "maxItems", "uniqueItems", "contains"),
    "string": ("minLength", "maxLength", "pattern", "format"),
    "number": ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"),
}


# --- examples of the spec ---------------------------------------------------------------------


@functools.cache
def example_values(path: Path) -> tuple[JSON, ...]:
    """The values the spec's request examples give at `path`, in order, without repeats."""
    found: list[JSON] = []
    for _, name, value in spec.examples():
        if name == rules.REQUEST:
            found += [v for v in rules.values_at(value, path) if v not in found]
    return tuple(found)


# --- numbers ---------------------------------------------------------------------------------


def _step(node: dict[str, JSON]) -> float | int:
    if "multipleOf" in node:
        step: float | int = node["multipleOf"]
        return step
    return 1


def on_grid(value: float, node: dict[str, JSON], up: bool) -> float | int:
    """The nearest value on the multipleOf grid at or beyond `value` (up or down)."""
    step = _step(node)
    if "multipleOf" not in node:
        if "integer" in types_of(node):
            return math.ceil(value) if up else math.floor(value)
        return value
    count = math.ceil(value / step - 1e-9) if up else math.floor(value / step + 1e-9)
    return _tidy(count * step)


def nearest_allowed(node: dict[str, JSON], keyword: str, bound: float) -> float | int | None:
    """The allowed value nearest one bound of `node`, by its type and multipleOf alone (for an
    exclusive bound, the first one beyond it): where a server that tightens the bound is seen."""
    alone = {k: v for k, v in node.items() if k in ("type", "multipleOf")}
    low, high = number_bounds({**alone, keyword: bound})
    return low if keyword in ("minimum", "exclusiveMinimum") else high


def _halving(n: int) -> float:
    """The n-th (n >= 1) of 1/2, 1/4, 3/4, 1/8, 5/8, 3/8...: distinct, each strictly between 0
    and 1 (the base-2 van der Corput sequence)."""
    found, scale = 0.0, 0.5
    while n:
        found += scale * (n & 1)
        n, scale = n >> 1, scale / 2
    return found


def _tidy(value: float) -> float | int:
    """A number as JSON writes it plainly: 3 not 3.0, 1.5 not 1.5000000000000002."""
    rounded = round(value, 9)
    return int(rounded) if float(rounded).is_integer() else rounded


def number_bounds(node: dict[str, JSON]) -> tuple[float | int | None, float | int | None]:
    """The smallest and the largest number the schema allows (None: unbounded)."""
    integral = "integer" in types_of(node) and "number" not in types_of(node)
    low = high = None
    if "minimum" in node:
        low = on_grid(node["minimum"], node, up=True)
    if "exclusiveMinimum" in node:
        edge = node["exclusiveMinimum"]
        nearest = edge + 1 if integral and "multipleOf" not in node else None
        if "multipleOf" in node:
            nearest = on_grid(edge, node, up=True)
            nearest = _tidy(nearest + _step(node)) if nearest <= edge else nearest
        elif not integral:
            nearest = math.nextafter(edge, math.inf)
        low = nearest if low is None or (nearest is not None and nearest > low) else low
    if "maximum" in node:
        high = on_grid(node["maximum"], node, up=False)
    if "exclusiveMaximum" in node:
        edge = node["exclusiveMaximum"]
        nearest = edge - 1 if integral and "multipleOf" not in node else None
        if "multipleOf" in node:
            nearest = on_grid(edge, node, up=False)
            nearest = _tidy(nearest - _step(node)) if nearest >= edge else nearest
        elif not integral:
            nearest = math.nextafter(edge, -math.inf)
        high = nearest if high is None or (nearest is not None and nearest < high) else high
    if integral:
        low = None if low is None else math.ceil(low)
        high = None if high is None else math.floor(high)
    return low, high


# --- candidates ------------------------------------------------------------------------------


def _letters(index: int) -> str:
    """a, b, ..., z, ba, bb, ...: distinct names in lowercase letters only."""
    text = ""
    while True:
        index, digit = divmod(index, 26)
        text = chr(ord("a") + digit) + text
        if index == 0:
            return text


def _fit(text: str, low: int, high: int | None) -> str:
    if len(text) < low:
        text += "a" * (low - len(text))
    return text if high is None else text[:high]


def _string_candidates(node: dict[str, JSON], path: Path, index: int) -> Iterator[str]:
    """Plain strings for the schema at `path`; a name an @mention reaches only where "@name"
    mentions exactly it, so that a prompt can mention every image."""
    mention = spec.mention_rule()
    found = _texts(node, path, index)
    if mention is not None and path == (mention.names_from[0], ITEMS, mention.names_from[1]):
        found = (text for text in found if mention.mentions("@" + text) == [text])
    yield from found


def _texts(node: dict[str, JSON], path: Path, index: int) -> Iterator[str]:
    low, high = node.get("minLength", 1), node.get("maxLength")
    mention = spec.mention_rule()
    seeds = [
        v
        for v in example_values(path)
        if isinstance(v, str)
        and not (mention is not None and path == (mention.field,) and mention.mentions(v))
    ]
    if index < len(seeds):
        yield _fit(seeds[index], low, high)
    seeds += [FORMAT_SAMPLES[node["format"]]] if node.get("format") in FORMAT_SAMPLES else []
    seeds += list(_TEXT_SEEDS)
    for seed in seeds:
        if index == 0:
            yield _fit(seed, low, high)
        stem, dot, ext = seed.rpartition(".")
        if dot and "/" in stem:
            yield _fit(f"{stem}-{index + 1}.{ext}", low, high)
        yield _fit(f"{seed}{index + 1}", low, high)
        yield _fit(f"{seed}{_letters(index)}", low, high)
    yield _fit(_letters(index), low, high)


def _candidates(node: dict[str, JSON], path: Path, index: int) -> Iterator[JSON]:
    """Plain values for the schema at `path`; `index` picks among distinct ones."""
    if "const" in node:
        yield node["const"]
    if "enum" in node:
        yield node["enum"][index % len(node["enum"])]
        yield from node["enum"]
    for kind in types_of(node):
        if kind == "object":
            yield _object(node, path, index)
        elif kind == "array":
            yield _try(lambda: distinct((*path, ITEMS), node.get("minItems", 0), index))
            if "prefixItems" in node:
                yield _picked(node, path, node.get("minItems", 0), index) or _MISSING
        elif kind in ("integer", "number"):
            low, high = number_bounds(node)
            start = low if low is not None else (0 if high is None or high >= 0 else high)
            offset = index
            if low is not None and high is not None:  # as many values as the bounds hold
                on_steps = math.floor((high - low) / _step(node) + 1e-9) + 1
                offset = index % on_steps
                if kind == "number" and "multipleOf" not in node and index >= on_steps:
                    # past the whole steps, fractions of each gap between two: 1/2, 1/4...
                    gaps = max(1, math.ceil(high - low))
                    turn, place = divmod(index - on_steps, gaps)
                    width = min(1, high - low - place)
                    yield _tidy(low + place + width * _halving(turn + 1))
            yield _tidy(start + offset * _step(node))
        elif kind == "boolean":
            yield bool(index % 2)
        elif kind == "null":
            yield None
        elif kind == "string":
            yield from _string_candidates(node, path, index)
    rest = {k: v for k, v in node.items() if k not in ("anyOf", "oneOf")}
    for key in ("anyOf", "oneOf"):  # a value of each branch, with the node's other keywords
        for branch in node.get(key, []):
            if isinstance(branch, dict):
                yield from _candidates(joined(rest, branch), path, index)


def joined(node: dict[str, JSON], branch: dict[str, JSON]) -> dict[str, JSON]:
    """The keywords of `node` and of one branch of its anyOf or oneOf together: the required
    names of both, the properties of both (a property both name, as both say it)."""
    found = {**node, **branch}
    if "required" in node and "required" in branch:
        found["required"] = list(dict.fromkeys([*node["required"], *branch["required"]]))
    if "properties" in node and "properties" in branch:
        mine = node["properties"]
        found["properties"] = {
            **mine,
            **{
                k: {"allOf": [mine[k], v]} if k in mine else v
                for k, v in branch["properties"].items()
            },
        }
    return found


def _object(node: dict[str, JSON], path: Path, index: int) -> dict[str, JSON]:
    """The object's required fields, then as many more as its minProperties asks for: its
    other properties first, then entries of names its patterns and propertyNames allow."""
    wanted = list(node.get("required", []))
    extra = [n for n in node.get("properties", {}) if n not in wanted]
    wanted += extra[: max(0, node.get("minProperties", 0) - len(wanted))]
    found = {name: _field(node, path, name, index) for name in wanted}
    return _filled(found, node, path, node.get("minProperties", 0))


def _field(node: dict[str, JSON], path: Path, name: str, index: int) -> JSON:
    """A plain value of the field `name` of the object schema `node` at `path`: the field's
    own at its path where `node` allows that, else one of the schema `node` gives it (a
    branch of an anyOf names fields that no path of the request reaches)."""
    schema = node.get("properties", {}).get(name, {})
    try:
        value = valid((*path, name), index)
    except (KeyError, TypeError, NoValue):
        value = _MISSING
    if value is not _MISSING and is_valid(schema, value):
        return value
    found = (v for v in _candidates(schema, (*path, name), index) if v is not _MISSING)
    return next((v for v in found if is_valid(schema, v)), _MISSING)


def plain(
    node: dict[str, JSON], index: int = 0, fits: Callable[[JSON], bool] | None = None
) -> JSON:
    """A plain valid value of a schema that is no field of the request (a parameter's), for
    which `fits` holds too; different indexes give different values where the schema allows
    that many. NoValue if none is found."""
    fit = fits or (lambda value: True)
    for value in _candidates(node, (), index):
        if value is not _MISSING and is_valid(node, value) and fit(value):
            return value
    many = st.lists(schema_values(node).filter(fit), min_size=index + 1, max_size=index + 1)
    return search(many.filter(lambda v: len({_key(x) for x in v}) == len(v)), bool)[index]


@functools.cache
def valid(path: Path, index: int = 0) -> JSON:
    """A plain valid value of the field at `path`; different indexes give different values
    where the schema allows that many (distinct items, distinct names)."""
    node = rules.node_at(path)
    if node.get("not") == {}:  # a false schema: no value, and no search for one
        raise NoValue(f"the schema at {rules.field_name(path)} allows no value")
    for value in _candidates(node, path, index):
        if value is not _MISSING and is_valid(node, value):
            return value
    return search(schema_values(node), lambda v: True) if index == 0 else _distinct(path, index)


def _distinct(path: Path, index: int) -> JSON:
    node = rules.node_at(path)
    many = st.lists(schema_values(node), min_size=index + 1, max_size=index + 1, unique_by=_key)
    return search(many, lambda v: True)[index]


def _key(value: JSON) -> str:
    return json.dumps(value, sort_keys=True)


def distinct(path: Path, count: int, start: int = 0) -> list[JSON]:
    """`count` valid values of the field at `path`, no two equal (as uniqueItems counts)."""
    found: list[JSON] = []
    index = start
    while len(found) < count:
        value = valid(path, index)
        if all(_key(value) != _key(v) for v in found):
            found.append(value)
        index += 1
        if index > start + 3 * count + 30:
            node = rules.node_at(path)
            many = st.lists(schema_values(node), min_size=count, max_size=count, unique_by=_key)
            return list(search(many, lambda v: True))
    return found


def sized(path: Path, count: int, start: int = 0) -> list[JSON]:
    """A valid array for the field at `path` of exactly `count` distinct items, starting from
    the `start`th plain item where the array's own keywords (contains, ...) allow that."""
    node = rules.node_at(path)
    for first in range(start, start + 10):
        items = _try(functools.partial(distinct, (*path, ITEMS), count, first))
        if items is not _MISSING and is_valid(node, items):
            found: list[JSON] = items
            return found
    picked = _picked(node, path, count, start)
    if picked is not None:
        return picked
    exact = {**node, "minItems": count, "maxItems": count}
    found = search(schema_values(exact), lambda v: True)
    return found


def _picked(
    node: dict[str, JSON], path: Path, count: int, start: int, without: tuple[str, ...] = ()
) -> list[JSON] | None:
    """`count` plain items picked one by one, each kept only where the array's upper limits
    (maxContains, uniqueItems, prefixItems, ...) still hold with it; None if no array valid
    by the array's keywords but `without` comes of it."""
    node = {k: v for k, v in node.items() if k not in without}
    upper = {k: v for k, v in node.items() if k not in ("minItems", "minContains")}
    if "contains" in node:
        upper["minContains"] = 0
    found: list[JSON] = []
    for index in range(start, start + 3 * count + 30):
        if len(found) == count:
            break
        item = _item(node, path, len(found), index)
        if item is not _MISSING and is_valid(upper, [*found, item]):
            found.append(item)
    return found if len(found) == count and is_valid(node, found) else None


def positional(path: Path, count: int, without: tuple[str, ...] = ()) -> list[JSON]:
    """`count` plain items for the array at `path`, each valid for its place (its prefixItems
    schema, else items), picked so that the array's keywords but `without` hold if they can
    (maxContains, uniqueItems...): the items of a break of one size bound alone."""
    node = rules.node_at(path)
    picked = _picked(node, path, count, 0, without)
    if picked is not None:
        return picked
    found = [_item(node, path, position, position) for position in range(count)]
    return [item for item in found if item is not _MISSING]


def _item(node: dict[str, JSON], path: Path, position: int, index: int) -> JSON:
    """A plain valid item for `position` of the array at `path`: one of its prefixItems
    schema there, else of its items."""
    prefix = node.get("prefixItems", [])
    if position >= len(prefix):
        return _try(functools.partial(valid, (*path, ITEMS), index))
    schema = prefix[position]
    found = (v for v in _candidates(schema, (*path, ITEMS), index) if v is not _MISSING)
    return next((v for v in found if is_valid(schema, v)), _MISSING)


def with_fields(node: dict[str, JSON], path: Path, count: int) -> JSON:
    """A valid object of exactly `count` fields for the schema at `path`: its required ones,
    then its other properties, then fields of names its patternProperties, propertyNames and
    additionalProperties allow; _MISSING if none is found."""
    found = _filled(_object(node, path, 0), node, path, count)
    return found if len(found) == count and is_valid(node, found) else _MISSING


def _filled(
    found: dict[str, JSON], node: dict[str, JSON], path: Path, count: int
) -> dict[str, JSON]:
    """`found` with more fields (see _more_fields) until it has `count`, each kept only where
    the object's other keywords (maxProperties, propertyNames...) still hold with it."""
    if len(found) >= count:
        return found
    found = dict(found)
    upper = {k: v for k, v in node.items() if k not in ("minProperties", "required")}
    for name, value in _more_fields(node, path):
        if len(found) >= count:
            break
        if name not in found and value is not _MISSING and is_valid(upper, {**found, name: value}):
            found[name] = value
    return found


def allows_name(node: dict[str, JSON], name: str) -> bool:
    """Whether the object takes an entry of this name (see rules.takes_entries): not one of its
    properties, allowed by its propertyNames, and matching one of its patterns or taken by
    its additionalProperties."""
    if name in node.get("properties", {}) or not is_valid(node.get("propertyNames", {}), name):
        return False
    if any(spec.ecma_pattern(p).search(name) for p in node.get("patternProperties", {})):
        return True
    extra = node.get("additionalProperties")
    return extra is not False and (extra is not None or "properties" not in node)


def entry_names(node: dict[str, JSON]) -> Iterator[str]:
    """Names of fields the object may have besides its properties (see allows_name), each
    once: some of each of its patterns, plain ones, then (searched only when still wanted)
    some its propertyNames allow."""
    seen: set[str] = set()
    for name in _name_candidates(node):
        if name not in seen and allows_name(node, name):
            seen.add(name)
            yield name


def _name_candidates(node: dict[str, JSON]) -> Iterator[str]:
    for pattern in node.get("patternProperties", {}):
        yield from _drawn(_key({"pattern": pattern}))
    yield from (_letters(i) for i in range(40))
    names = node.get("propertyNames", {})
    if isinstance(names, dict) and names:
        yield from _drawn(_key(names))


def string_values(node: dict[str, JSON]) -> SearchStrategy[str]:
    """Strings of a schema (as for a field name): a lone pattern drawn by hypothesis itself,
    which starts faster than hypothesis-jsonschema."""
    if set(node) == {"pattern"}:
        return st.from_regex(spec.ecma_pattern(node["pattern"]))
    strings: SearchStrategy[str] = schema_values({**node, "type": "string"})
    return strings


@functools.cache
def _drawn(schema: str) -> tuple[str, ...]:
    """Eight distinct strings of a schema (as JSON), the same on every run; none if it has
    none."""
    strings = string_values(json.loads(schema))
    try:
        found: list[str] = search(st.lists(strings, min_size=8, unique=True), bool)
    except NoValue:
        return ()
    return tuple(found)


def entry_schema(node: dict[str, JSON], name: str) -> JSON:
    """The schema a field of this name gets in the object: its property's, else those of the
    patterns it matches, else additionalProperties."""
    if name in node.get("properties", {}):
        return node["properties"][name]
    matched = [
        schema
        for pattern, schema in node.get("patternProperties", {}).items()
        if spec.ecma_pattern(pattern).search(name)
    ]
    if matched:
        return matched[0] if len(matched) == 1 else {"allOf": matched}
    return node.get("additionalProperties", {})


def entry_value(node: dict[str, JSON], path: Path, name: str, index: int = 0) -> JSON:
    """A plain valid value for the field `name` of the object at `path` (_MISSING: none)."""
    return _field({"properties": {name: entry_schema(node, name)}}, path, name, index)


def _more_fields(node: dict[str, JSON], path: Path) -> Iterator[tuple[str, JSON]]:
    """Fields an object of the schema may have besides its required ones: its properties,
    then entries of names its patterns, propertyNames and additionalProperties allow."""
    for name in node.get("properties", {}):
        yield name, _field(node, path, name, 0)
    for index, name in enumerate(entry_names(node)):
        yield name, entry_value(node, path, name, index)


def with_length(node: dict[str, JSON], path: Path, size: int) -> str:
    """A valid string of exactly `size` characters for the schema at `path`."""
    exact = {**node, "minLength": size, "maxLength": size}
    for index in range(3):
        for text in _string_candidates(exact, path, index):
            if is_valid(exact, text):
                return text
    found: str = search(schema_values(exact), lambda v: True)
    return found


def boundary_values(path: Path) -> list[JSON]:
    """The values at the edges of what one field allows: every enum value, each number bound
    (exclusive ones as the nearest value inside), strings at their length bounds, arrays at
    their size bounds, objects at their counts (a map with an entry), both booleans. Each is
    valid for the field."""
    return copy.deepcopy(list(_boundary_values(path)))


@functools.cache
def _boundary_values(path: Path) -> tuple[JSON, ...]:
    return tuple(edges(rules.node_at(path), path))


def edges(node: dict[str, JSON], path: Path = ()) -> list[JSON]:
    """boundary_values of a schema (`path`, where it is a field of the request, for its
    examples and items)."""
    kinds = types_of(node)
    found: list[JSON] = []
    if "enum" in node or "const" in node:
        found += list(node.get("enum", [])) + ([node["const"]] if "const" in node else [])
    elif "boolean" in kinds:
        found += [False, True]
    if ("integer" in kinds or "number" in kinds) and "enum" not in node:
        low, high = number_bounds(node)
        found += [b for b in (low, high) if b is not None]
        if "number" in kinds and low is not None and high is not None and high - low >= 1:
            found.append(on_grid(low + 0.5, node, up=True))  # a fraction where one fits
    if "string" in kinds and "enum" not in node:
        for key in ("minLength", "maxLength"):
            if key in node:
                found.append(_try(functools.partial(with_length, node, path, node[key])))
    if "array" in kinds:
        for key in ("minItems", "maxItems"):
            if key in node:
                found.append(_try(functools.partial(sized, path, node[key])))
    if "object" in kinds:
        for key in ("minProperties", "maxProperties"):
            if key in node:
                found.append(with_fields(node, path, node[key]))
        if rules.takes_entries(node) and any(k in node for k in _MAP_KEYS):
            # a map: given one entry more than it needs, within its maxProperties
            least = len(_object(node, path, 0)) + 1
            if least <= node.get("maxProperties", least):
                found.append(with_fields(node, path, least))
    unique = {_key(v): v for v in found if v is not _MISSING and is_valid(node, v)}
    return list(unique.values())


_MISSING = object()
# Keywords that make an object a map, whose entries a value must show.
_MAP_KEYS = ("additionalProperties", "patternProperties", "propertyNames")


def _try(build: Callable[[], JSON]) -> JSON:
    try:
        return build()
    except NoValue:
        return _MISSING
