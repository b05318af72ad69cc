"""Hypothesis strategies for create-request bodies, derived from openapi.yaml.

Valid bodies: the request schema walked field by field, each field's boundary values
(contract_tests.values) drawn often and hypothesis-jsonschema's `from_schema` for the rest; the
prompt and the image names follow x-mention-rule. Invalid bodies break exactly one Rule, by one
of its kinds of break (contract_tests.breaking). Every bound, enum and default comes from the
spec, so a changed or added field changes what is generated with no edit here.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import string
from collections.abc import Callable
from typing import Any

import jsonschema
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from contract_tests import breaking, rules, spec, strict_json, values
from contract_tests.breaking import break_cases, breakable, minimal_request, missing_kinds
from contract_tests.rules import ITEMS, Path, Rule

JSON = Any
_TYPES = jsonschema.Draft202012Validator.TYPE_CHECKER

__all__ = [
    "boundary_invalid",
    "boundary_requests",
    "boundary_values",
    "break_cases",
    "breakable",
    "breakable_rules",
    "invalid_for",
    "invalid_requests",
    "minimal_request",
    "missing_kinds",
    "non_json_bodies",
    "prompts",
    "ref_names",
    "valid_requests",
]

# Characters of a word: never whitespace, which ends a mention, and never a surrogate, which JSON
# cannot carry as text. ECMA-262's whitespace is in Zs, Zl, Zp or Cc, or is U+FEFF.
_WORD_CHARS = st.characters(
    blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp"), blacklist_characters="\ufeff"
)
_SPACES = st.sampled_from([" ", "  ", "\n", "\t", " \u3000 "])


def _name_path() -> Path:
    array, item = spec.known_mention_rule().names_from
    return (array, ITEMS, item)


def _prompt_path() -> Path:
    return (spec.known_mention_rule().field,)


def _mentionable(name: JSON) -> bool:
    """Whether "@name" in a prompt mentions exactly `name` (any string, when the spec reads no
    mentions)."""
    mention = spec.mention_rule()
    return isinstance(name, str) and (mention is None or mention.mentions("@" + name) == [name])


def ref_names() -> SearchStrategy[str]:
    """A name an @mention can reach, valid for the name field of the spec: words of the ASCII
    characters the mention pattern reads as a name (so that a narrow pattern still leaves
    many distinct names to draw), the name schema's own values, and, where the pattern reads
    them, words of any characters."""
    node = rules.node_at(_name_path())
    if "enum" in node or "const" in node:  # a fixed list of names: those
        return values.schema_values(node).filter(_mentionable)
    low = max(1, node.get("minLength", 1))
    high = max(low, min(node.get("maxLength", low + 11), low + 11))  # its length bounds met
    plain = st.text(st.sampled_from(_name_chars()), min_size=low, max_size=high)
    sources = [plain, plain, plain, values.schema_values(node)]  # one in four of the schema
    if _mentionable("é") or _mentionable("名"):  # a pattern that reads beyond ASCII
        sources.append(st.text(_WORD_CHARS, min_size=1, max_size=12))
    drawn = st.one_of(sources)
    return drawn.filter(lambda s: _mentionable(s) and values.is_valid(node, s))


@functools.cache
def _name_chars() -> str:
    """The printable ASCII characters the mention pattern reads as a name, alone or after a
    letter, or the letters when it reads none of them."""
    printable = string.ascii_letters + string.digits + string.punctuation
    kept = "".join(c for c in printable if _mentionable(c) or _mentionable("a" + c))
    return kept or string.ascii_letters


def _filler_word() -> SearchStrategy[str]:
    """A word of a prompt that is no @mention."""
    return st.text(_WORD_CHARS, min_size=1, max_size=16).filter(lambda w: not w.startswith("@"))


def _shorten(text: str, high: int) -> str:
    """The longest run of whole words of `text` that fits `high` characters."""
    if len(text) <= high:
        return text
    cut = text[: high + 1]
    for index in range(len(cut) - 1, -1, -1):
        if cut[index].isspace():
            return cut[:index]
    return ""


def _pad(text: str, low: int) -> str:
    """`text` grown to `low` characters by a filler word in front (a mention stays whole)."""
    need = low - len(text)
    if need <= 0:
        return text
    return ("x" * (need - 1) + " " if need > 1 else " ") + text


@st.composite
def prompts(draw: st.DrawFn, names: list[str], mentions: bool = True) -> str:
    """A prompt of filler words and @mentions of `names`: none, one, many, one at the end; long
    or not, within the prompt's length bounds."""
    node = rules.node_at(_prompt_path())
    words = draw(st.lists(_filler_word(), min_size=1, max_size=8))
    if mentions and names:
        mentioned = draw(st.lists(st.sampled_from(names), max_size=6))
        for name in mentioned:
            words.insert(draw(st.integers(0, len(words))), "@" + name)
        if draw(st.booleans()):
            words.append("@" + draw(st.sampled_from(names)))
    if draw(st.integers(0, 9)) == 0:
        words.append(draw(_filler_word()) * draw(st.integers(20, 80)))  # a long prompt
    text = words[0]
    for word in words[1:]:
        text += draw(_SPACES) + word
    if "maxLength" in node:
        text = _shorten(text, node["maxLength"])
    return _pad(text, node.get("minLength", 0))


def _prompt_for(names: list[str], mentions: bool) -> SearchStrategy[str]:
    node = rules.node_at(_prompt_path())
    plain = values.boundary_values(_prompt_path())
    drawn = st.one_of(prompts(names, mentions), st.sampled_from(plain or [""]))
    return drawn.filter(lambda t: values.is_valid(node, t))


# --- valid bodies -----------------------------------------------------------------------------


def _leaf(path: Path) -> SearchStrategy[JSON]:
    node = rules.node_at(path)
    edges = values.boundary_values(path) or [values.valid(path)]
    if "enum" in node or "const" in node:
        return st.sampled_from(edges)
    if objects_in(node):
        return st.sampled_from(_with_distinct(edges, path))
    return st.one_of(st.sampled_from(edges), values.schema_values(node))


def _with_distinct(edges: list[JSON], path: Path) -> list[JSON]:
    """`edges`, and for the items of an array as many more distinct plain values as the array
    may hold (its items drawn distinct, by name or whole, need that many)."""
    if path[-1:] != (ITEMS,):
        return edges
    holder = rules.node_at(path[:-1])
    found = list(edges)
    for index in range(min(holder.get("maxItems", holder.get("minItems", 0) + 3), _POOL)):
        try:
            value = values.valid(path, index)
        except values.NoValue:
            break
        if value not in found:
            found.append(value)
    return found


_POOL = 32  # plain values at most, each found once: an array of more draws repeats


def objects_in(node: JSON) -> bool:
    """Whether the schema, or a branch of it, stands for objects: such a field keeps to its
    plain values (a oneOf of two objects, say), as objects drawn by hypothesis-jsonschema are
    mostly thrown away by the filters of the request's other rules."""
    if not isinstance(node, dict):
        return False
    kinds = node.get("type", [])
    if "object" in ([kinds] if isinstance(kinds, str) else kinds) or "properties" in node:
        return True
    return any(objects_in(b) for k in ("anyOf", "oneOf", "allOf") for b in node.get(k, []))


def _sizes(low: int, high: int) -> SearchStrategy[int]:
    """Sizes in [low, high], the bounds themselves drawn often."""
    return st.one_of(st.sampled_from([low, high]), st.integers(low, high))


@functools.cache
def _value(path: Path) -> SearchStrategy[JSON]:
    """Any value the schema at `path` allows (the prompt is filled in later); built once."""
    node = rules.node_at(path)
    kinds = values.types_of(node)
    mentioned = spec.mention_rule() is not None
    if mentioned and path == _prompt_path():
        return st.just(values.valid(path))  # a valid placeholder: the object is checked whole
    if mentioned and path == _name_path():
        edges = st.sampled_from(values.boundary_values(path) or [values.valid(path)])
        return st.one_of(edges, ref_names()).filter(_mentionable)
    if kinds == ["object"] and "enum" not in node and "const" not in node:
        props = {k: v for k, v in node.get("properties", {}).items() if v is not False}
        required = [k for k in node.get("required", []) if k in props]
        built: SearchStrategy[JSON] = st.fixed_dictionaries(
            {k: _value((*path, k)) for k in required},
            optional={k: _value((*path, k)) for k in props if k not in required},
        )
        if rules.takes_entries(node) and any(k in node for k in _MAP_KEYS):
            built = built.flatmap(functools.partial(_with_entries, path))
        built = built.map(functools.partial(breaking.met_switches, path))
    elif kinds == ["array"] and isinstance(node.get("items"), dict) and "enum" not in node:
        low = node.get("minItems", 0)
        high = node.get("maxItems", low + 3)
        item = _value((*path, ITEMS))
        key = _item_key(path) if not node.get("uniqueItems") else _json_key
        # More images than the name field has names (an enum) share some: the contract leaves
        # that open, and the array's bounds are to be reached.
        names = name_count() if path == _names_array() and not node.get("uniqueItems") else high
        built = _sizes(low, high).flatmap(
            lambda n: st.lists(item, min_size=n, max_size=n, unique_by=key if n <= names else None)
        )
    else:
        return _leaf(path)
    return built.filter(lambda v: values.is_valid(node, v))


# Keywords that make an object a map, whose entries the strategies draw.
_MAP_KEYS = ("additionalProperties", "patternProperties", "propertyNames", "minProperties")


def _with_entries(path: Path, given: dict[str, JSON]) -> SearchStrategy[JSON]:
    """`given` with entries added up to a drawn size within the map's minProperties and
    maxProperties (the bounds drawn often): names its patterns and propertyNames allow, each
    with a value of the schema that name gets."""
    node = rules.node_at(path)
    low = max(node.get("minProperties", 0), len(given))
    high = node.get("maxProperties", low + 3)
    if high < low:
        return st.just(given)
    names = _entry_names(path).filter(lambda n: n not in given)

    def add(count: int) -> SearchStrategy[JSON]:
        keys = st.lists(names, min_size=count, max_size=count, unique=True)
        fixed = {k: st.just(v) for k, v in given.items()}
        return keys.flatmap(
            lambda ks: st.fixed_dictionaries(fixed | {k: _entry(path, k) for k in ks})
        )

    return _sizes(low, high).flatmap(lambda size: add(size - len(given)))


@functools.cache
def _entry_names(path: Path) -> SearchStrategy[str]:
    """Names of a map's entries: the plain ones of values.entry_names, and drawn ones that
    its patterns or its propertyNames allow."""
    node = rules.node_at(path)
    plain = list(itertools.islice(values.entry_names(node), 40))
    drawn = [values.string_values({"pattern": p}) for p in node.get("patternProperties", {})]
    names = node.get("propertyNames", {})
    if isinstance(names, dict):
        drawn.append(values.string_values(names) if names else st.text(_WORD_CHARS, min_size=1))
    choices = [st.sampled_from(plain)] if plain else []
    return st.one_of(*choices, *drawn).filter(functools.partial(values.allows_name, node))


@functools.cache
def _entry(path: Path, name: str) -> SearchStrategy[JSON]:
    """A value of the schema a map's entry of this name gets: a plain one, or any."""
    node = rules.node_at(path)
    schema = values.entry_schema(node, name)
    plain = values.entry_value(node, path, name)
    found = [st.just(plain)] if plain is not values._MISSING else []
    if not objects_in(schema):
        found.append(values.schema_values(schema))
    return st.one_of(*found).filter(functools.partial(values.is_valid, schema))


def _json_key(value: JSON) -> str:
    return json.dumps(value, sort_keys=True)


def _item_key(path: Path) -> Any:
    """The images carry distinct names (whether two may share one is left open)."""
    mention = spec.mention_rule()
    if mention is None:
        return None
    array, item = mention.names_from
    if path == (array,):
        return lambda image: json.dumps(image.get(item) if isinstance(image, dict) else image)
    return None


def _names_array() -> Path | None:
    mention = spec.mention_rule()
    return None if mention is None else (mention.names_from[0],)


def name_count() -> float:
    """How many distinct names the name field allows: its enum's or const's, else no limit."""
    node = rules.node_at(_name_path())
    if "const" in node:
        return 1
    return len(node["enum"]) if "enum" in node else math.inf


def _image_names(body: JSON) -> list[str]:
    found = rules.values_at(body, _name_path())
    return [n for n in found if isinstance(n, str)]


@st.composite
def _valid(draw: st.DrawFn, mentions: bool = True) -> dict[str, JSON]:
    body: dict[str, JSON] = draw(_value(()))
    mention = spec.mention_rule()
    if mention is not None and mention.field in body:  # an optional prompt is sometimes left out
        body[mention.field] = draw(_prompt_for(_image_names(body), mentions))
    return body


def valid_requests() -> SearchStrategy[dict[str, JSON]]:
    """Bodies the contract accepts, optional fields sometimes omitted, every bound reached."""
    return _valid().filter(lambda b: not rules.broken_rules(b))


# --- deterministic boundaries -----------------------------------------------------------------


def boundary_values(path: Path) -> list[JSON]:
    """The values at the edges of what the field at `path` allows (see values.boundary_values)."""
    return values.boundary_values(path)


def field_paths(path: Path = ()) -> list[Path]:
    """Every field of the request at any depth that a valid body may give: properties (but
    those of a `false` schema), and the items of arrays."""
    node = rules.node_at(path)
    found: list[Path] = []
    for name, sub in node.get("properties", {}).items():
        if spec.resolve(sub) is not False:
            found += [(*path, name), *field_paths((*path, name))]
    if isinstance(node.get("items"), dict):
        found += [(*path, ITEMS), *field_paths((*path, ITEMS))]
    return found


def optional_paths() -> list[Path]:
    """Every field that a valid body may leave out, at any depth."""
    found = []
    for path in field_paths():
        if path[-1] == ITEMS:
            continue
        parent = rules.node_at(path[:-1])
        if path[-1] not in parent.get("required", []):
            found.append(path)
    return found


def _with_prompt(body: dict[str, JSON], text: str) -> dict[str, JSON]:
    return {**body, spec.known_mention_rule().field: text}


def _fitting(names: list[str], render: Callable[[list[str]], str]) -> str:
    """The prompt mentioning as many of `names` (the first ones) as the prompt's own rules
    (a maxLength, a pattern) allow: every image when they fit, else as many as do."""
    node = rules.node_at(_prompt_path())
    for count in range(len(names), 1, -1):
        if values.is_valid(node, text := render(names[:count])):
            return text
    return render(names[:1])


def boundary_requests() -> list[dict[str, JSON]]:
    """Valid bodies at every boundary: each bound, each enum value, each optional field given
    and omitted (nested optional objects too), the mention rule's edges."""
    base = minimal_request()
    found = [base, *(b for b in boundary_values(()) if isinstance(b, dict))]  # the body's own
    for path in field_paths():
        reached = breaking.ensure(base, path[:-1])
        found += [breaking.apply(reached, path, v) for v in boundary_values(path)]
        if path in optional_paths():
            found.append(breaking.ensure(base, path))
            found.append(breaking.omit(base, path))  # its object given, the field left out
    if spec.mention_rule() is not None:
        found += _mention_requests(base)
    # A value a switch reads (an if, a dependentSchemas) brings what the switch asks for.
    found = [breaking.repaired(b) if rules.broken_rules(b) else b for b in found]
    unique = {_json_key(b): b for b in found if not rules.broken_rules(b)}
    return list(unique.values())


def _mention_requests(base: dict[str, JSON]) -> list[dict[str, JSON]]:
    """The mention rule's edges: every image mentioned, one at the very end, one alone, one
    three times; an @ that is no mention; unicode prompts, long and short."""
    found = []
    array, _ = spec.known_mention_rule().names_from
    biggest = max(
        (v for v in boundary_values((array,)) if isinstance(v, list)), key=len, default=[]
    )
    many = {**base, array: biggest} if biggest else base
    names = [n for n in _image_names(many) if _mentionable(n)]
    if names:

        def bare(some: list[str]) -> str:
            return " ".join(f"@{n}" for n in some)

        found += [
            _with_prompt(many, _fitting(names, lambda some: " ".join(f"@{n} and" for n in some))),
            _with_prompt(many, "a shot of @" + names[-1]),  # a mention at the very end
            _with_prompt(many, "@" + names[0]),  # the whole prompt is one mention
            _with_prompt(many, _fitting(names, bare)),
            _with_prompt(many, _fitting([names[0]] * 3, bare)),  # one image, mentioned again
        ]
    found += [
        _with_prompt(base, "mail@example.com says @ alone is no mention"),
        _with_prompt(base, "ünïcödé 🎬 " * 200),  # unicode, long
        _with_prompt(base, "ünï 🎬"),  # unicode, short
    ]
    return found


# --- invalid bodies, one broken rule each -----------------------------------------------------


def breakable_rules() -> list[Rule]:
    """The rules invalid_requests() draws from: every rule a strategy knows how to break."""
    return [r for r in rules.request_rules() if breakable(r) and breaking.edits(r)]


def invalid_for(rule: Rule) -> SearchStrategy[JSON]:
    """Bodies that break `rule` and no other: its deterministic cases, and each kind's edit
    made on a drawn valid body; NotImplementedError for a rule none can break."""
    edits = breaking.edits(rule)  # computed now, never inside a draw; raises if unbreakable
    if not edits:
        raise NotImplementedError(f"no kind of break fits {rule.id}: {missing_kinds(rule)}")
    fixed = st.sampled_from([body for _, body in break_cases(rule)])

    @st.composite
    def moved(draw: st.DrawFn) -> JSON:
        edit = draw(st.sampled_from(edits))
        base = draw(_valid(mentions=False))
        item = draw(st.integers(0, 1000))
        return breaking.apply(base, edit.path, edit.value, item)

    return st.one_of(fixed, moved().filter(lambda b: breaking.breaks_only(rule, b)))


def invalid_requests() -> SearchStrategy[tuple[Rule, JSON]]:
    """(rule, body) pairs: every breakable rule of the spec, each body breaking only that one."""
    return st.one_of([invalid_for(r).map(functools.partial(_pair, r)) for r in breakable_rules()])


def _pair(rule: Rule, body: JSON) -> tuple[Rule, JSON]:
    return rule, body


def boundary_invalid() -> list[tuple[Rule, JSON]]:
    """Deterministic breaks of every breakable rule, every kind of break of each."""
    return [(rule, body) for rule in breakable_rules() for _, body in break_cases(rule)]


def refused_breaks() -> list[tuple[Rule, JSON]]:
    """The boundary breaks the client refuses before the network: all of them but those the
    spec's defaults mend (a required field with a default, left out, is sent with it)."""
    return [(rule, body) for rule, body in boundary_invalid() if rules.refused(body)]


def refused_requests() -> SearchStrategy[tuple[Rule, JSON]]:
    """invalid_requests that the client refuses before the network (see refused_breaks)."""
    return invalid_requests().filter(lambda case: rules.refused(case[1]))


def non_json_bodies() -> SearchStrategy[bytes]:
    """Request bodies that are not JSON: garbage, truncated JSON, bad UTF-8, NaN."""
    truncated = st.builds(
        lambda b, n: strict_json.dumps(b)[: max(1, n)], _valid(), st.integers(1, 60)
    )
    fixed = st.sampled_from([b"", b"{", b"\xff\xfe\x00", b"NaN", b'{"n": Infinity}', b"nul"])
    return st.one_of(fixed, truncated, st.binary()).filter(lambda b: not strict_json.is_json(b))
