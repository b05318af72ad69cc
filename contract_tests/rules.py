"""Every rule of the create request's schema, computed from openapi.yaml, and which of them a
body breaks.

The fake rejects by these rules and the strategies break them one at a time, so both follow a
changed spec with no edit here. Every assertion keyword of JSON Schema 2020-12 at every path of
the request (nested objects, arrays of arrays, $ref and allOf resolved) is a Rule, and so is a
keyword this module does not know (or an `x-...-rule` extension): if no strategy can break it,
the coverage test fails instead of the rule going unchecked.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from pixverse_c1_client._json_values import json_key

from contract_tests import spec

REQUEST = spec.ROLES["request"]
ITEMS = "[]"  # the path step "every item of this array"
MENTION_KEYWORD = spec.MENTION_RULE

# Keywords that say nothing about validity, or that this module descends into itself.
ANNOTATIONS = frozenset(
    {
        "$ref",
        "$id",
        "$schema",
        "$anchor",
        "$defs",
        "$comment",
        "definitions",
        "properties",
        "items",
        "description",
        "title",
        "default",
        "example",
        "examples",
        "deprecated",
        "readOnly",
        "writeOnly",
        "contentMediaType",
        "contentEncoding",
        "contentSchema",
        "discriminator",
        "externalDocs",
        "xml",
        "minContains",  # read with "contains"
        "maxContains",  # read with "contains"
        "if",  # asserts nothing: read with "then" and "else"
        MENTION_KEYWORD,
    }
)
# A value of these keywords that constrains nothing.
_NO_CONSTRAINT: dict[str, tuple[Any, ...]] = {
    "minItems": (0,),
    "minLength": (0,),
    "minProperties": (0,),
    "uniqueItems": (False,),
    "additionalProperties": (True, {}),
    "propertyNames": (True, {}),
    "dependentRequired": ({},),
}


def _is_annotation(keyword: str, value: Any) -> bool:
    """x- extensions are notes for people and tools unless named as a rule (x-...-rule); a
    format the checker does not know (int32, binary) is a note too, as JSON Schema says."""
    if keyword in ANNOTATIONS or value in _NO_CONSTRAINT.get(keyword, ()):
        return True
    if keyword == "format":
        return value not in spec.FORMATS.checkers
    return keyword.startswith("x-") and not keyword.endswith("-rule")


Path = tuple[str, ...]


@dataclass(frozen=True)
class Rule:
    """One constraint of the request: where it applies, which keyword, with what value."""

    id: str
    path: Path
    keyword: str
    value: Any = field(compare=False, hash=False)
    description: str = field(compare=False, hash=False)
    # A parameter's rule: its operation, and the schema of the parameter (the request body's
    # rules have none: their schema is the request's at `path`).
    operation: str = ""
    node: Any = field(default=None, compare=False, hash=False, repr=False)

    @property
    def field(self) -> str:
        """The dotted field the rule is about, as the fake names it in a 400 ("images[].type")."""
        return field_name(self.path)


def field_name(path: Path) -> str:
    text = ""
    for step in path:
        text += step if step == ITEMS else (f".{step}" if text else step)
    return text or "body"


_SAYS = {
    "type": "must be of JSON type {}",
    "required": "is required",
    "enum": "must be one of {}",
    "const": "must be {!r}",
    "multipleOf": "must be a multiple of {}",
    "minimum": "must be at least {}",
    "maximum": "must be at most {}",
    "exclusiveMinimum": "must be more than {}",
    "exclusiveMaximum": "must be less than {}",
    "minLength": "must have at least {} characters",
    "maxLength": "must have at most {} characters",
    "pattern": "must match the pattern {!r}",
    "format": "must be a valid {}",
    "minItems": "must have at least {} items",
    "maxItems": "must have at most {} items",
    "uniqueItems": "must not repeat an item",
    "contains": "must contain an item of {}",
    "minProperties": "must have at least {} properties",
    "maxProperties": "must have at most {} properties",
    "dependentRequired": "must give the fields each given field depends on: {}",
    "additionalProperties": "must have no field but {}",
    "propertyNames": "must have field names of {}",
    "anyOf": "must match one of {}",
    "oneOf": "must match exactly one of {}",
    "not": "must not match {}",
    "then": "must match {} where the if holds",
    "else": "must match {} where the if fails",
    "dependentSchemas": "must match the schema of each given field: {}",
    "prefixItems": "must have items of {}, in that order",
}


def _describe(path: Path, keyword: str, value: Any) -> str:
    name = field_name(path)
    if keyword == MENTION_KEYWORD:
        array, item = spec.known_mention_rule().names_from
        return f"every @mention in {name} must name the {item} of one of the {array}"
    says = _SAYS.get(keyword)
    if says is None:
        return f"{name} must satisfy {keyword}: {value!r}"
    return f"{name} {says.format(value)}"


def _rule(path: Path, keyword: str, value: Any) -> Rule:
    return Rule(
        f"{field_name(path)}.{keyword}", path, keyword, value, _describe(path, keyword, value)
    )


def _walk(node: Any, path: Path, refs: frozenset[str] = frozenset()) -> Iterator[Rule]:
    """The rules of `node` at `path` and of its fields and items; a schema that refers to
    itself (a shot holding the next shot) is walked once, its rules named at its first
    place, as every deeper place has the same."""
    if isinstance(node, dict) and isinstance(node.get("$ref"), str):
        if node["$ref"] in refs:
            return
        refs = refs | {node["$ref"]}
    node = spec.resolve(node)
    if not isinstance(node, dict):
        if node is False:
            yield _rule(path, "false", node)
        return
    for keyword, value in node.items():
        if _is_annotation(keyword, value) or keyword == "required":
            continue
        value = _tightening(node, keyword, value)
        if value is None:
            continue
        if keyword == "additionalProperties" and value is False:
            value = sorted(node.get("properties", {}))
        if keyword == "contains":
            value = {k: node[k] for k in ("contains", "minContains", "maxContains") if k in node}
        found = _rule(path, keyword, value)  # described as the spec writes it, $refs and all
        if keyword in _SCHEMA_VALUED or keyword == "contains":
            found = replace(found, value=_inlined_where_finite(value))
        yield found
    for name in node.get("required", []):
        yield _rule((*path, name), "required", name)
    for name, child in node.get("properties", {}).items():
        yield from _walk(child, (*path, name), refs)
    if isinstance(node.get("items"), dict):
        yield from _walk(node["items"], (*path, ITEMS), refs)


# Keywords whose value is a schema, or schemas: a rule's value holds them with every $ref
# replaced, so that a tool reading the value alone (a validator, a generator) can.
_SCHEMA_VALUED = frozenset(
    {"allOf", "anyOf", "oneOf", "not", "if", "then", "else", "items", "prefixItems", "contains",
     "additionalProperties", "propertyNames", "dependentSchemas", "patternProperties",
     "unevaluatedProperties", "unevaluatedItems"}
)  # fmt: skip


def _inlined_where_finite(value: Any) -> Any:
    """`value` with its $refs replaced, or as it is where they recurse."""
    try:
        return spec.inline(value)
    except ValueError:
        return value


# Keywords whose schema applies to the object itself only at times: a part that adds nothing to
# what the object's own keywords already say is no rule (no body could break it alone), and
# neither is a keyword that the node's other keywords imply.
_CONDITIONAL = ("then", "else")


def _tightening(node: dict[str, Any], keyword: str, value: Any) -> Any:
    """The part of a conditional keyword's value that constrains more than `node` does, None
    when nothing does; any other keyword's value as it is."""
    if keyword in _CONDITIONAL:
        return None if adds_nothing(node, value) else value
    if _every_choice_meets(node, keyword, value):
        return None  # a maxLength beside an enum of short values: the enum decides
    if keyword == "dependentSchemas" and isinstance(value, dict):
        kept = {k: v for k, v in value.items() if not adds_nothing(node, v)}
        return kept or None
    if keyword == "contains" and node.get("minContains", 1) == 0 and "maxContains" not in node:
        return None  # any number of matches, none included, is allowed: nothing to break
    lengths = _FORMAT_LENGTHS.get(node.get("format"))
    if lengths and keyword in ("minLength", "maxLength"):
        low, high = lengths
        if (keyword == "minLength" and value <= low) or (keyword == "maxLength" and value >= high):
            return None  # a maxLength of 10 beside format date: every date is 10 long
    closed = not takes_entries(node) and not _IN_PLACE & set(node)
    if keyword == "maxProperties" and closed and len(node.get("properties", {})) <= value:
        return None  # no more fields than it names: the client sends no others
    if keyword == "minItems" and "contains" in node and node.get("minContains", 1) >= value:
        return None  # fewer items than that cannot hold the matches contains asks for
    return value


def takes_entries(node: dict[str, Any]) -> bool:
    """Whether the object allows fields of names its properties do not list (a map): names
    its patternProperties match, or any name where additionalProperties says so, or where it
    names no field at all. The client refuses a field no schema names, so an object with
    properties and no additionalProperties takes none."""
    extra = node.get("additionalProperties")
    if "patternProperties" in node:
        return True
    return extra is not False and (extra is not None or "properties" not in node)


# Keywords whose schemas may name more fields of the object in place (the client knows a field
# any of them names).
_IN_PLACE = frozenset(
    {"allOf", "anyOf", "oneOf", "if", "then", "else", "dependentSchemas", "unevaluatedProperties"}
)
# The lengths (in characters) of every string a format allows, where they are bounded, by the
# client's checks and by the draft 2020-12 checks of jsonschema alike.
_FORMAT_LENGTHS: dict[Any, tuple[int, int]] = {
    "date": (10, 10),  # 2026-12-03
    "ipv4": (7, 15),  # 0.0.0.0 to 255.255.255.255
    "ipv6": (2, 45),  # :: to a full address with an IPv4 tail
}


def _every_choice_meets(node: dict[str, Any], keyword: str, value: Any) -> bool:
    """Whether `node` allows a few values only (an enum, a const) and each meets `keyword`."""
    if keyword in ("enum", "const", "type") or not ("enum" in node or "const" in node):
        return False
    choices = [*node.get("enum", []), *([node["const"]] if "const" in node else [])]
    try:
        check = spec.node_validator(spec.inline({keyword: value}))
        return all(check.is_valid(choice) for choice in choices)
    except Exception:  # a value no validator reads alone: kept as a rule
        return False


def adds_nothing(node: Any, sub: Any) -> bool:
    """Whether every value `node` allows is allowed by `sub` too, as far as comparing them
    keyword by keyword can tell (False when unsure)."""
    node, sub = spec.inline(node), spec.inline(sub)
    if sub is True or sub == {}:
        return True
    if not isinstance(sub, dict) or not isinstance(node, dict):
        return False
    for keyword, value in sub.items():
        if keyword == "properties":
            own = node.get("properties", {})
            if not all(adds_nothing(own.get(k, {}), v) for k, v in value.items()):
                return False
        elif keyword == "items":
            if not adds_nothing(node.get("items", {}), value):
                return False
        elif keyword == "required":
            if not set(value) <= set(node.get("required", [])):
                return False
        elif _is_annotation(keyword, value):
            continue
        elif spec.merge(node, {keyword: value}) != node:
            return False
    return True


@functools.cache
def _rules() -> tuple[Rule, ...]:
    found = list(_walk(spec.schema(REQUEST), ()))
    mention = spec.mention_rule()
    if mention is not None:
        raw = spec.schema(REQUEST)[MENTION_KEYWORD]
        found.append(_rule((mention.field,), MENTION_KEYWORD, raw))
    return tuple(found)


def request_rules() -> list[Rule]:
    """Every rule of the request, in the order the fake reports them."""
    return list(_rules())


def rule(rule_id: str) -> Rule:
    return {r.id: r for r in _rules()}[rule_id]


@functools.cache
def _inlined(path: Path) -> dict[str, Any]:
    node: dict[str, Any] = spec.inline(spec.schema(REQUEST))
    for step in path:
        node = _object_schema(node.get("items", {}) if step == ITEMS else _field_schema(node, step))
    return node


def _field_schema(node: dict[str, Any], name: str) -> Any:
    """The schema of the field `name` of an object schema: its property, or where the object
    is a choice of shapes (a oneOf of components), the property of each shape that has one,
    as their anyOf; KeyError if none names it."""
    if name in node.get("properties", {}):
        return node["properties"][name]
    found: list[Any] = []
    for key in ("allOf", "anyOf", "oneOf"):
        for branch in node.get(key, []):
            try:
                schema = _field_schema(_object_schema(branch), name)
            except KeyError:
                continue
            if schema not in found:
                found.append(schema)
    if not found:
        raise KeyError(name)
    return found[0] if len(found) == 1 else {"anyOf": found}


def _object_schema(node: Any) -> dict[str, Any]:
    """A boolean schema as the object schema that means the same."""
    if node is True:
        return {}
    if node is False:
        return {"not": {}}
    found: dict[str, Any] = node
    return found


def schema_of(rule: Rule) -> dict[str, Any]:
    """The self-contained schema of the field a rule is about (a parameter's, or the
    request's at the rule's path)."""
    if rule.node is not None:
        found: dict[str, Any] = rule.node
        return found
    return node_at(rule.path)


def node_at(path: Path) -> dict[str, Any]:
    """The schema of the request at a rule's path, self-contained ($refs and allOf resolved)."""
    return _inlined(tuple(path))


def values_at(body: Any, path: Path) -> list[Any]:
    """Every value at a rule's path in `body` (one per array item for an items path)."""
    nodes = [body]
    for step in path:
        if step == ITEMS:
            nodes = [item for node in nodes if isinstance(node, list) for item in node]
        else:
            nodes = [node[step] for node in nodes if isinstance(node, dict) and step in node]
    return nodes


_CONTAINS = ("minContains", "maxContains")


def _rule_key(error: Any) -> tuple[Path, str, Any]:
    """Where the rule an error breaks sits, its keyword and the keyword's step below it.

    Read from the error's schema path: the walk of the rules goes into properties, items and
    allOf, so the first other keyword on the way down is the rule (an error deep inside an
    anyOf, a then or a prefixItems breaks that keyword's rule, not the keyword that failed).
    minContains and maxContains are read with contains; a false schema is the rule "false".
    """
    steps = list(error.relative_schema_path)
    path: list[str] = []
    index = 0
    while index < len(steps):
        step = steps[index]
        following = steps[index + 1] if index + 1 < len(steps) else None
        if step == "properties" and following is None:
            return tuple(path), "false", None  # a false schema, its field not named
        if step == "properties":
            path.append(str(following))
            index += 2
        elif step == "items" and (following is not None or error.validator is not None):
            path.append(ITEMS)
            index += 1
        elif step == "allOf" and following is not None:
            index += 2
        else:
            keyword = "contains" if step in _CONTAINS else str(step)
            return tuple(path), keyword, following
    return tuple(path), "false", None


def schema_broken(body: Any) -> list[Rule]:
    """The rules of the JSON schema that `body` breaks, by the spec's own validator.

    A value of the wrong JSON type breaks no other rule at or below its path (a string where an
    enum of strings belongs breaks the enum too: one mistake, reported as the type rule). An
    error no computed rule explains is reported as a rule of its own, never dropped.
    """
    by_key = {(r.path, r.keyword): r for r in _rules()}
    found: list[Rule] = []
    for error in spec.validator(REQUEST).iter_errors(body):
        path, keyword, below = _rule_key(error)
        if keyword == "required":
            wanted: list[str] = list(error.validator_value)  # type: ignore[arg-type]
            instance: dict[str, Any] = error.instance  # type: ignore[assignment]
            keys = [((*path, name), "required") for name in wanted if name not in instance]
        elif keyword == "false":
            given = [r for r in _rules() if r.keyword == "false" and r.path[:-1] == path]
            keys = [(r.path, "false") for r in given if values_at(body, r.path)]
        elif _implied(path, keyword, below):
            continue  # the object's own keywords say it too, and report it
        else:
            keys = [(path, keyword)]
        for key in keys:
            found.append(by_key.get(key) or _rule(*key, error.validator_value))
    typed = [r.path for r in found if r.keyword == "type"]
    found = [r for r in found if r.keyword == "type" or not any(_under(r.path, t) for t in typed)]
    order = {r: i for i, r in enumerate(_rules())}
    return sorted(set(found), key=lambda r: (order.get(r, len(order)), r.id))


def _implied(path: Path, keyword: str, below: Any) -> bool:
    """Whether an error comes from a keyword that no rule holds, as the node's other keywords
    say it too (and report it)."""
    try:
        node = node_at(path)
    except (KeyError, TypeError):
        return False
    if keyword not in node or _is_annotation(keyword, node[keyword]):
        return False
    if keyword == "dependentSchemas":
        return adds_nothing(node, node[keyword].get(below, False))
    return _tightening(node, keyword, node[keyword]) is None


def _under(path: Path, prefix: Path) -> bool:
    return path[: len(prefix)] == prefix


def broken_rules(body: Any) -> list[Rule]:
    """Every rule `body` breaks: the schema's, then the mention rule."""
    found = schema_broken(body)
    mention = spec.mention_rule()
    if mention is not None and mention.unknown_mentions(body):
        found.append(mention_rule())
    return found


def as_sent(body: dict[str, Any]) -> dict[str, Any]:
    """What the client sends for `body`, if anything: the spec's defaults for what it leaves
    out, but for those the spec forbids beside the rest (a maxProperties, a dependentRequired
    they switch on); each kept, in the spec's order, where the body with it is still valid."""
    added = {k: v for k, v in spec.defaults(REQUEST).items() if k not in body}
    if not broken_rules({**added, **body}):
        return {**added, **body}
    if broken_rules(body):
        return dict(body)  # broken with its defaults and without: refused as it is
    kept: dict[str, Any] = {}
    for name, value in added.items():
        if not broken_rules({**kept, name: value, **body}):
            kept[name] = value
    return {**kept, **body}


def refused(body: Any) -> bool:
    """Whether the client refuses `body`: it breaks a rule both with the spec's defaults for
    what it leaves out and without them. A body that lacks only a required field with a
    default is sent with the default, and breaks no rule on the wire."""
    return bool(broken_rules(as_sent(body) if isinstance(body, dict) else body))


def at_default(body: dict[str, Any]) -> set[str]:
    """The fields of a model's body that hold the spec's default: a model cannot tell them from
    fields left out, so the client may leave them to the server as it does a dict's defaults.
    Equal as JSON is equal (True is not 1), as the client compares them."""
    return {
        k
        for k, v in spec.defaults(REQUEST).items()
        if k in body and json_key(body[k]) == json_key(v)
    }


def mention_rule() -> Rule:
    """The mention rule as a rule of the request; only asked for when the spec sets one."""
    return next(r for r in _rules() if r.keyword == MENTION_KEYWORD)
