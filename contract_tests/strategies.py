"""Hypothesis strategies for create-request bodies, derived from openapi.yaml.

Valid bodies are built by walking the request schema; invalid ones take a valid body and break
exactly one Rule of contract_tests.rules. Every bound, enum and default comes from the spec, so a
changed limit changes what is generated with no edit here.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass
from typing import Any

import jsonschema
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from contract_tests import rules, spec, strict_json
from contract_tests.rules import ITEMS, MENTION_KEYWORD, Path, Rule

JSON = Any
_TYPES = jsonschema.Draft202012Validator.TYPE_CHECKER


# Characters of a word: never whitespace, which ends a mention, and never a surrogate, which JSON
# cannot carry as text. Every str.isspace() character is in Zs, Zl, Zp or Cc.
_WORD_CHARS = st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp"))
_SPACES = st.sampled_from([" ", "  ", "\n", "\t", " \u3000 "])


def _names() -> tuple[str, str]:
    return spec.mention_rule().names_from


def _is_name_path(path: Path) -> bool:
    array, item = _names()
    return path == (array, ITEMS, item)


def _is_prompt_path(path: Path) -> bool:
    return path == (spec.mention_rule().field,)


def ref_names() -> SearchStrategy[str]:
    """A name an @mention can reach: a run of non-whitespace."""
    return st.text(_WORD_CHARS, min_size=1, max_size=12)


def _filler_word() -> SearchStrategy[str]:
    """A word of a prompt that is no @mention."""
    return st.text(_WORD_CHARS, min_size=1, max_size=16).filter(lambda w: not w.startswith("@"))


def _sizes(low: int, high: int) -> SearchStrategy[int]:
    """Sizes or integers in [low, high], the bounds themselves drawn often."""
    return st.one_of(st.sampled_from([low, high]), st.integers(low, high))


@functools.cache
def _value(path: Path) -> SearchStrategy[JSON]:
    """Any value the schema at `path` allows (the prompt is filled in later); built once."""
    node = rules.node_at(path)
    if "enum" in node:
        return st.sampled_from(node["enum"])
    kind = node.get("type")
    if kind == "object":
        props = node.get("properties", {})
        required = node.get("required", [])
        return st.fixed_dictionaries(
            {k: _value((*path, k)) for k in required},
            optional={k: _value((*path, k)) for k in props if k not in required},
        )
    if kind == "array":
        low, high = node.get("minItems", 0), node.get("maxItems", node.get("minItems", 0) + 3)
        return _sizes(low, high).flatmap(functools.partial(_array, path))
    if kind == "integer":
        return _sizes(node["minimum"], node["maximum"])
    if kind == "boolean":
        return st.booleans()
    if _is_name_path(path):
        return ref_names()
    return st.text(min_size=1, max_size=30).filter(lambda s: s.strip() != "")


@functools.cache
def _array(path: Path, size: int) -> SearchStrategy[list[JSON]]:
    array, item = _names()
    unique = (lambda x: x.get(item)) if path == (array,) else None
    return st.lists(_value((*path, ITEMS)), min_size=size, max_size=size, unique_by=unique)


@st.composite
def prompts(draw: st.DrawFn, names: list[str], mentions: bool = True) -> str:
    """A prompt of filler words and @mentions of `names`: none, one, many, one at the end."""
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
    return text


def _image_names(body: dict[str, JSON]) -> list[str]:
    array, item = _names()
    return [image[item] for image in body.get(array, []) if isinstance(image, dict)]


@st.composite
def _valid(draw: st.DrawFn, mentions: bool = True) -> dict[str, JSON]:
    body: dict[str, JSON] = draw(_value(()))
    body[spec.mention_rule().field] = draw(prompts(_image_names(body), mentions))
    return body


def valid_requests() -> SearchStrategy[dict[str, JSON]]:
    """Bodies the contract accepts, optional fields sometimes omitted, every bound reached."""
    return _valid()


# --- deterministic boundaries -------------------------------------------------------------


def _minimal(node: dict[str, JSON], path: Path, size: int | None = None) -> JSON:
    """The smallest value the schema at `path` allows, built without randomness."""
    if "enum" in node:
        return node["enum"][0]
    kind = node.get("type")
    if kind == "object":
        props = node.get("properties", {})
        return {k: _minimal(spec.resolve(props[k]), (*path, k)) for k in node.get("required", [])}
    if kind == "array":
        n = node.get("minItems", 0) if size is None else size
        items = [_minimal(spec.resolve(node["items"]), (*path, ITEMS)) for _ in range(n)]
        array, item = _names()
        if path == (array,):
            for i, image in enumerate(items):
                image[item] = f"ref{i}"
        return items
    if kind == "integer":
        return node["minimum"]
    if kind == "boolean":
        return False
    return "https://example.com/a.png" if not _is_prompt_path(path) else "a quiet scene"


def minimal_request(size: int | None = None) -> dict[str, JSON]:
    """The smallest valid body: required fields only, the fewest images, no @mention."""
    root = rules.node_at(())
    array, _ = _names()
    body: dict[str, JSON] = _minimal(root, ())
    body[array] = _minimal(rules.node_at((array,)), (array,), size)
    return body


def _with_prompt(body: dict[str, JSON], text: str) -> dict[str, JSON]:
    return {**body, spec.mention_rule().field: text}


def boundary_requests() -> list[dict[str, JSON]]:
    """Valid bodies at every boundary: each bound, each enum value, each optional omitted."""
    base = minimal_request()
    found = [base]
    paths = dict.fromkeys(r.path for r in rules.request_rules() if r.path)
    for path in paths:
        node = rules.node_at(path)
        if node.get("type") == "array" and len(path) == 1:
            for size in (node.get("minItems", 0), node.get("maxItems")):
                if size is not None and size > 0:
                    found.append(_set(base, path, _sized(path, size), -1))
            continue
        found += [_set(base, path, value, -1) for value in boundary_values(node)]
    names = _image_names(minimal_request(rules.node_at((_names()[0],)).get("maxItems")))
    many = minimal_request(len(names))
    found += [
        _with_prompt(many, " ".join(f"@{n} and" for n in names)),  # every image mentioned
        _with_prompt(many, "a shot of @" + names[-1]),  # a mention at the very end
        _with_prompt(many, "@" + names[0]),  # the whole prompt is one mention
        _with_prompt(base, "mail@example.com says @ alone is no mention"),
        _with_prompt(base, "ünïcödé 🎬 " * 200),  # unicode, long
    ]
    return found


def boundary_values(node: dict[str, JSON]) -> list[JSON]:
    """The values at the edges of what one field allows."""
    if "enum" in node:
        return list(node["enum"])
    kind = node.get("type")
    if kind == "integer":
        return [node["minimum"], node["maximum"]]
    if kind == "boolean":
        return [True, False]
    return []


# --- invalid bodies, one broken rule each ----------------------------------------------------


@dataclass(frozen=True)
class Noise:
    """Drawn variety for a break: how far past a bound, which text, which array item."""

    step: int = 1
    text: str = "zzz"
    item: int = -1


def _containers(body: JSON, path: Path, item: int) -> list[tuple[JSON, str | int]]:
    """The (container, key) pairs that `path` names in `body`, one array item chosen."""
    node = body
    for step in path[:-1]:
        node = node[item % len(node)] if step == ITEMS else node[step]
    last = path[-1]
    return [(node, item % len(node) if last == ITEMS else last)]


def _set(body: JSON, path: Path, value: JSON, item: int) -> JSON:
    body = copy.deepcopy(body)
    if not path:
        return value
    [(container, key)] = _containers(body, path, item)
    container[key] = value
    return body


def _wrong_types(node: dict[str, JSON]) -> list[JSON]:
    """JSON values of every type but the allowed ones, kept inside any numeric bounds."""
    low, high = node.get("minimum", 0), node.get("maximum", 10)
    half = low + 0.5 if low + 0.5 <= high else 5.5
    pool: list[JSON] = [True, False, half, "true", "1", None, [], [1], {}, {"a": 1}, 1, 0]
    allowed = node["type"] if isinstance(node["type"], list) else [node["type"]]
    return [v for v in pool if not any(_TYPES.is_type(v, t) for t in allowed)]


def _case_changes(value: JSON) -> list[JSON]:
    if not isinstance(value, str):
        return []
    return [value.upper(), value.lower(), value.swapcase(), value.title(), f" {value}", f"{value} "]


def breaks(rule: Rule, base: dict[str, JSON], noise: Noise = Noise()) -> list[JSON]:
    """Bodies that break `rule`, and only it, made from a valid mention-free `base`."""
    kw, path = rule.keyword, rule.path
    if kw == "type":
        return [_set(base, path, v, noise.item) for v in _wrong_types(rules.node_at(path))]
    if kw == "required":
        body = copy.deepcopy(base)
        [(container, key)] = _containers(body, path, noise.item)
        del container[key]
        return [body]
    if kw in ("minimum", "maximum"):
        sign = -1 if kw == "minimum" else 1
        return [_set(base, path, rule.value + sign * s, noise.item) for s in {1, noise.step}]
    if kw in ("minItems", "maxItems"):
        sizes = {rule.value - 1} if kw == "minItems" else {rule.value + 1, rule.value + noise.step}
        return [_set(base, path, _sized(path, n), noise.item) for n in sorted(sizes)]
    if kw == "enum":
        outside = [v for v in _case_changes(rule.value[0]) if v not in rule.value]
        outside += [v for v in _case_changes(rule.value[-1]) if v not in rule.value]
        outside += [v for v in [noise.text, ""] if v not in rule.value]
        return [_set(base, path, v, noise.item) for v in dict.fromkeys(outside)]
    if kw == MENTION_KEYWORD:
        return _mention_breaks(base, noise)
    raise NotImplementedError(f"no strategy breaks the {kw!r} rule {rule.id}")  # see BREAKABLE


def _sized(path: Path, size: int) -> list[JSON]:
    """A valid array of `size` items for `path` (only the top-level array has items to size)."""
    found: list[JSON] = minimal_request(size)[path[0]] if len(path) == 1 else []
    return found


def _mention_breaks(base: dict[str, JSON], noise: Noise) -> list[JSON]:
    names = set(_image_names(base))
    ghost = noise.text if noise.text not in names else noise.text + "_"
    words = base[spec.mention_rule().field].split()
    known = sorted(names)[0] if names else None
    found = [
        " ".join([*words, "@" + ghost]),  # at the very end
        " ".join(["@" + ghost, *words]),  # at the start
    ]
    if known is not None and known + "," not in names:
        found.append(" ".join([*words, f"@{known}, then"]))  # "@hero," mentions "hero,"
    return [_with_prompt(base, text) for text in found]


BREAKABLE = ("type", "required", "minimum", "maximum", "minItems", "maxItems", "enum")


def breakable(rule: Rule) -> bool:
    """Whether `breaks` knows the rule's keyword."""
    return rule.keyword in (*BREAKABLE, MENTION_KEYWORD)


def _noise() -> SearchStrategy[Noise]:
    ghost = ref_names().filter(lambda s: not s.startswith("@"))
    return st.builds(Noise, step=st.integers(1, 1000), text=ghost, item=st.integers(0, 1000))


def invalid_for(rule: Rule) -> SearchStrategy[JSON]:
    """Bodies that break `rule` and no other; NotImplementedError for a rule none can break."""
    if not breakable(rule):  # fail now, not at draw time
        raise NotImplementedError(f"no strategy breaks the {rule.keyword!r} rule {rule.id}")

    @st.composite
    def build(draw: st.DrawFn) -> JSON:
        base = draw(_valid(mentions=False))
        return draw(st.sampled_from(breaks(rule, base, draw(_noise()))))

    return build()


def breakable_rules() -> list[Rule]:
    """The rules invalid_requests() draws from: every rule a strategy knows how to break."""
    return [r for r in rules.request_rules() if breakable(r)]


def invalid_requests() -> SearchStrategy[tuple[Rule, JSON]]:
    """(rule, body) pairs: every breakable rule of the spec, each body breaking only that one."""
    return st.sampled_from(breakable_rules()).flatmap(
        lambda r: invalid_for(r).map(lambda b: (r, b))
    )


def boundary_invalid() -> list[tuple[Rule, JSON]]:
    """Deterministic breaks of every breakable rule, each bound crossed by exactly one."""
    found = []
    for rule in rules.request_rules():
        if breakable(rule):
            found += [(rule, body) for body in breaks(rule, minimal_request())]
    return found


def non_json_bodies() -> SearchStrategy[bytes]:
    """Request bodies that are not JSON: garbage, truncated JSON, bad UTF-8, NaN."""
    truncated = st.builds(
        lambda b, n: strict_json.dumps(b)[: max(1, n)], _valid(), st.integers(1, 60)
    )
    fixed = st.sampled_from([b"", b"{", b"\xff\xfe\x00", b"NaN", b'{"duration": Infinity}', b"nul"])
    return st.one_of(fixed, truncated, st.binary()).filter(lambda b: not strict_json.is_json(b))
