"""The billable requests of a conformance run: a covering design, cheapest first.

Every accepted create request against a real server starts a paid generation, so the suite
sends as few as cover every allowed value and boundary once: each field at any depth at each of
its boundary values (values.boundary_values: every enum value, each number bound, strings at
their length bounds, arrays at their size bounds, both booleans) and, when optional, omitted;
every pair of values of the priced fields (x-cost.priced-by) together in some row (a pairwise
design); each item field's values somewhere in an array; the prompt and the image names at each
of their length bounds (their mentions kept valid). Rows cost the same whatever their text, so
no shape of prompt and image names repeats while the spec allows one not sent yet. Cheapest rows
first (x-cost); what a budget leaves out is named. Levels and prices come from the spec, none
from here.
"""

from __future__ import annotations

import copy
import functools
import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from contract_tests import breaking, parameters, rules, spec, strategies, values
from contract_tests.rules import ITEMS, Path

OMIT = object()  # the field is left out, so the server's default applies


@dataclass(frozen=True)
class Length:
    """A level of the prompt or the image names: their text at this many characters (None: at
    whatever length the row's shape gives)."""

    size: int | None

    def __str__(self) -> str:
        return "<any length>" if self.size is None else f"<{self.size} characters>"


ANY_LENGTH = Length(None)


@dataclass(frozen=True)
class Factor:
    """One field of the request and the values the design must send at least once."""

    name: str
    cheapest: Any
    others: tuple[Any, ...]  # every level but the cheapest, in ascending cost (OMIT last)
    default: Any = OMIT  # what the server uses when the field is omitted
    path: Path = ()

    @property
    def levels(self) -> tuple[Any, ...]:
        return (self.cheapest, *self.others)

    def cost(self, level: Any) -> int:
        """A rank, not a price: 0 for the cheapest level; an omitted field costs its default."""
        if level is OMIT:
            level = self.default
        known = [each for each in self.levels if each is not OMIT]
        if any(_same(level, each) for each in known):
            return next(i for i, each in enumerate(known) if _same(level, each))
        # A default between the levels (duration 5 between 1 and 15) ranks among them.
        return sum(
            1
            for each in known
            if isinstance(each, int | float) and isinstance(level, int | float) and each < level
        )


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


@dataclass
class Design:
    rows: list[dict[str, Any]]  # field name -> level (OMIT: left out; an array: its size)
    uncovered: list[str] = field(default_factory=list)  # "field=value" the budget left out
    missing_pairs: list[str] = field(default_factory=list)  # priced pairs the budget left out

    def bodies(self) -> list[dict[str, Any]]:
        return bodies_for(self.rows)

    def parameters(self) -> list[parameters.Sent]:
        """Each row's parameters of the create call."""
        return [sent_for(row) for row in self.rows]

    def sends(self, factor: Factor, level: Any, bodies: list[Any] | None = None) -> bool:
        """Whether a row sends this level of the factor (a body field's or a parameter's)."""
        if factor.name in {f.name for f in parameter_factors()}:
            return any(s.get(factor.name, OMIT) == level for s in self.parameters())
        return sent_by(self.bodies() if bodies is None else bodies, factor, level)


def bodies_for(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows' bodies, in order, each in a shape of prompt and names no earlier row has while
    one is left."""
    used: set[str] = set()
    found = []
    for index, row in enumerate(rows):
        body = body_for(row, index, used)
        used.add(shapes(body))
        found.append(body)
    return found


def x_cost() -> dict[str, Any]:
    """The request schema's x-cost; {} where it has none (every request then costs the same)."""
    found: dict[str, Any] = spec.schema(rules.REQUEST).get("x-cost", {})
    return found


def priced_fields() -> list[str]:
    """The fields x-cost says the price depends on."""
    return list(x_cost().get("priced-by", []))


def _mention_paths() -> tuple[Path, ...]:
    """The prompt and the names it mentions, written together by the mention logic; none when
    the spec reads no mentions, and those fields are factors like any other."""
    mention = spec.mention_rule()
    if mention is None:
        return ()
    array, item = mention.names_from
    return (mention.field,), (array, ITEMS, item)


def _levels(path: Path) -> list[Any]:
    """What a row may send for the field: its boundary values, an array by its sizes."""
    node = rules.node_at(path)
    found: list[Any] = []
    for value in values.boundary_values(path):
        if isinstance(value, dict) and node.get("properties"):
            continue  # an object's fields vary as factors of their own; a map's counts do not
        level = len(value) if isinstance(value, list) else value
        if not any(_same(level, each) for each in found):
            found.append(level)
    if "array" in values.types_of(node):
        # An array is sent at its smallest size and with items, however unbounded, so that its
        # items' values go out too.
        least = node.get("minItems", 0)
        for size in (least, max(1, least)):
            if size <= node.get("maxItems", size) and not any(_same(size, f) for f in found):
                found.append(size)
    mention = _mention_paths()
    if mention and path == mention[1][:1]:
        # No more images than the names the spec allows (an enum of them): more would share a
        # name, which the contract leaves open, so no valid row of the design may.
        fewer = [f for f in found if type(f) is not int or f <= strategies.name_count()]
        found = fewer or found
    if not found and "object" not in values.types_of(node):
        found.append(values.valid(path))
    if "object" in values.types_of(node) and not found:
        found.append(_PRESENT)
    return found


_PRESENT = "<given>"  # an object field, given its plain valid value (its fields vary apart)


def factors() -> list[Factor]:
    """Every field outside the array items (and not the prompt), at any depth, as a factor."""
    return list(_factors())


@functools.cache
def _factors() -> tuple[Factor, ...]:
    cheapest_rule = x_cost().get("cheapest", {})
    prompt = _mention_paths()[:1]
    found = []
    optional = set(strategies.optional_paths())
    for path in strategies.field_paths():
        if ITEMS in path or path in prompt:
            continue
        levels = _levels(path)
        node = rules.node_at(path)
        if "enum" not in node and cheapest_rule.get("boolean") is True and True in levels:
            levels.sort(key=lambda v: v is not True)
        omitted = (OMIT,) if path in optional else ()
        default = node.get("default", OMIT)
        name = rules.field_name(path)
        found.append(Factor(name, levels[0], (*levels[1:], *omitted), default, path))
    return (*found, *text_factors())


def parameter_factors() -> list[Factor]:
    """The create call's parameters, each at its edge values (a plain one if it has none)
    and, when optional, left out: left out (or at its first edge) where a row does not say."""
    found = []
    for parameter in parameters.of(spec.CREATE_OPERATION):
        levels: list[Any] = parameters.edge_texts(parameter) or [parameters.plain_text(parameter)]
        if not parameter.required:
            levels.insert(0, OMIT)
        found.append(Factor(parameter.field, levels[0], tuple(levels[1:]), path=(parameter.field,)))
    return found


def sent_for(row: dict[str, Any]) -> parameters.Sent:
    """The create call's parameters of a row: its levels, the others as few as are valid."""
    sent = dict(parameters.valid(spec.CREATE_OPERATION))
    for factor in parameter_factors():
        level = row.get(factor.name, factor.cheapest)
        if level is OMIT:
            sent.pop(factor.name, None)
        else:
            sent[factor.name] = level
    return sent


def _with_parameters(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows, each level of each parameter placed in one of them (a row of the cheapest
    body added where a parameter has more levels than there are rows): a parameter's value
    does not change what the body may be, so any row takes any level."""
    rows = [dict(row) for row in rows]
    for factor in parameter_factors():
        for index, level in enumerate(factor.others, start=1):
            if index >= len(rows):
                rows.append({k: v for k, v in min(rows, key=_row_cost).items()})
                for other in parameter_factors():
                    rows[-1].pop(other.name, None)
            rows[index][factor.name] = level
    return rows


def text_factors() -> list[Factor]:
    """The prompt and the image names, each at its length bounds and, where optional, left
    out: written by the mention logic (valid mentions of valid names), so their levels are
    lengths, not values."""
    found = []
    optional = set(strategies.optional_paths())
    for path in _mention_paths():
        node = rules.node_at(path)
        sizes = dict.fromkeys(node[k] for k in ("minLength", "maxLength") if k in node)
        others = (*(Length(size) for size in sizes), *((OMIT,) if path in optional else ()))
        if others:
            found.append(Factor(rules.field_name(path), ANY_LENGTH, others, path=path))
    return found


def _text_length(row: dict[str, Any], path: Path) -> int | None:
    level = row.get(rules.field_name(path), ANY_LENGTH)
    return level.size if isinstance(level, Length) else None


def item_factors() -> list[Factor]:
    """The values inside array items, at any depth (an item's field, a scalar item itself, an
    item of an item): each level must appear in some item of some row."""
    found = []
    for path in strategies.field_paths():
        if ITEMS in path and path not in _mention_paths()[1:]:
            node = rules.node_at(path)
            kinds = values.types_of(node)
            if "object" in kinds or "array" in kinds or strategies.objects_in(node):
                continue  # its own fields are the factors (a choice of shapes has none here)
            levels = _levels(path)
            found.append(Factor(rules.field_name(path), levels[0], tuple(levels[1:]), path=path))
    return found


# --- pairwise rows of the priced factors ---------------------------------------------------------


def _pairs(priced: list[Factor]) -> set[tuple[int, int, int, int]]:
    return {
        (a, i, b, j)
        for a, b in itertools.combinations(range(len(priced)), 2)
        for i in range(len(priced[a].levels))
        for j in range(len(priced[b].levels))
    }


def _covers(combo: tuple[int, ...]) -> set[tuple[int, int, int, int]]:
    return {(a, combo[a], b, combo[b]) for a, b in itertools.combinations(range(len(combo)), 2)}


def _pairwise(priced: list[Factor]) -> list[tuple[int, ...]]:
    """Rows of level indexes that put every pair of levels of two priced fields together:
    greedy, each new row the one covering most pairs left, the cheaper on a tie."""
    if not priced:
        return [()]
    left = _pairs(priced)
    sizes = [range(len(f.levels)) for f in priced]
    combos = list(itertools.islice(itertools.product(*sizes), 100_000))
    cost = {c: sum(f.cost(f.levels[i]) for f, i in zip(priced, c, strict=True)) for c in combos}
    chosen: list[tuple[int, ...]] = []
    for level in range(max(len(f.levels) for f in priced)):
        # Every level of every priced field, even with one priced field and no pair.
        combo = tuple(min(level, len(f.levels) - 1) for f in priced)
        if len(priced) == 1:
            chosen.append(combo)
    while left:
        best = max(combos, key=lambda c: (len(_covers(c) & left), -cost[c]))
        if not _covers(best) & left:
            break
        chosen.append(best)
        left -= _covers(best)
    if not chosen or all(any(i for i in c) for c in chosen):
        chosen.append(tuple(0 for _ in priced))
    return sorted(dict.fromkeys(chosen), key=lambda c: (cost.get(c, 0), c))


def _full_rows() -> list[dict[str, Any]]:
    return [dict(row) for row in _rows_of_the_spec()]


@functools.cache
def _rows_of_the_spec() -> tuple[dict[str, Any], ...]:
    """Every row the whole design needs, worked out once: placing a level asks for valid
    bodies, which a spec with switches (dependentSchemas, if/then) makes costly."""
    everything = factors()
    priced = [f for f in everything if f.name in priced_fields()]
    rest = sorted(
        (f for f in everything if f.name not in priced_fields()), key=lambda f: -len(f.others)
    )
    rows = [
        {f.name: f.levels[i] for f, i in zip(priced, combo, strict=True)}
        for combo in _pairwise(priced)
    ]
    while len(rows) < max((len(f.levels) for f in rest), default=1):
        rows.append({f.name: f.cheapest for f in priced})
    for row in rows:
        row.update({f.name: f.cheapest for f in rest})
    load = [0] * len(rows)
    by_name = {f.name: f for f in everything}
    # The cells a row must keep: its priced levels and every level placed in it.
    fixed = [{f.name for f in priced} for _ in rows]
    for factor in rest:
        free = [r for r in range(len(rows)) if _parent_given(rows[r], factor, by_name)]
        for level in factor.others:
            placed = _place(rows, free, factor, level, fixed, rest, load)
            if placed is None:
                # No free row sends it validly: a fresh row of cheapest levels, or, if even
                # that cannot, the least loaded free row (the bodies then name what is left).
                rows.append({**rows[0], **{f.name: f.cheapest for f in everything}})
                load.append(0)
                fixed.append({f.name for f in priced})
                free.append(len(rows) - 1)
                placed = _place(rows, [len(rows) - 1], factor, level, fixed, rest, load)
                if placed is None:
                    if len(free) > 1:
                        free.pop()
                        rows.pop()
                        load.pop()
                        fixed.pop()
                    chosen = min(free, key=lambda r: (load[r], r))
                    placed = chosen, {**rows[chosen], factor.name: level}
            chosen, rows[chosen] = placed
            free.remove(chosen)
            fixed[chosen].add(factor.name)
            load[chosen] += 1
    _pin_item_levels(rows)
    return tuple(rows)


def _pin_item_levels(rows: list[dict[str, Any]]) -> None:
    """Pin each level of an item's value that the rows' spread items do not send (an array
    given in few rows spreads few levels) on the first item of a row that gives the array,
    under the item factor's name: _spread puts it there, whatever the row's place."""
    bodies = [_body_for(row, index, set()) for index, row in enumerate(rows)]
    for factor in item_factors():
        for level in factor.levels:
            if sent_by(bodies, factor, level):
                continue
            for index, row in enumerate(rows):
                if factor.name in row:
                    continue
                trial = {**row, factor.name: level}
                body = _body_for(trial, index, set())
                if _sends(body, factor.path, level) and not rules.broken_rules(body):
                    rows[index], bodies[index] = trial, body
                    break


def _place(
    rows: list[dict[str, Any]],
    free: list[int],
    factor: Factor,
    level: Any,
    fixed: list[set[str]],
    others: list[Factor],
    load: list[int],
) -> tuple[int, dict[str, Any]] | None:
    """The least loaded free row that sends `level` of the factor in a valid body, and that
    row with it: as it is, or with one of its unfixed cells moved to another of its levels
    (a field that another field's absence forbids is left out along with it, say)."""
    for r in sorted(free, key=lambda r: (load[r], r)):
        row = {**rows[r], factor.name: level}
        keep = {*fixed[r], factor.name}
        if _valid(row, r, keep):
            return r, row
        for other in others:
            if other.name in fixed[r] or other.name == factor.name or other.name not in row:
                continue
            for each in other.levels:
                changed = {**row, other.name: each}
                if not _same(each, row[other.name]) and _valid(changed, r, keep):
                    return r, changed
    return None


def _valid(row: dict[str, Any], index: int, keep: set[str]) -> bool:
    """Whether the row's body is valid and sends the levels of the `keep` cells as they
    stand: none changed to meet what another field switches on, no omitted field brought
    back by another that asks for it. The other cells may change so (a secret lengthened
    where a given URL asks for a long one)."""
    body = _body_for(row, index, set())
    if rules.broken_rules(body):
        return False
    by_name = {f.name: f for f in factors()}
    return all(
        _sends(body, by_name[name].path, level)
        for name, level in row.items()
        if name in keep and _parent_given(row, by_name[name], by_name)
    )


def _parent_given(row: dict[str, Any], factor: Factor, by_name: dict[str, Factor]) -> bool:
    """A nested field varies only in rows that give its object."""
    for depth in range(1, len(factor.path)):
        parent = by_name.get(rules.field_name(factor.path[:depth]))
        if parent is not None and row.get(parent.name) is OMIT:
            return False
    return True


def _row_cost(row: dict[str, Any]) -> int:
    priced = {f.name: f for f in factors() if f.name in priced_fields()}
    return sum(f.cost(row[name]) for name, f in priced.items() if name in row)


def design(budget: int) -> Design:
    """At most `budget` rows, cheapest first, that together send every level of every factor
    and every pair of levels of the priced ones, as far as the budget allows."""
    rows = sorted(_with_parameters(_full_rows()), key=_row_cost)
    kept = rows[: max(budget, 0)]
    return Design(rows=kept, uncovered=_uncovered(kept), missing_pairs=_missing_pairs(kept))


def _uncovered(rows: list[dict[str, Any]]) -> list[str]:
    bodies = bodies_for(rows)
    missing = []
    for factor in [*factors(), *item_factors()]:
        for level in factor.levels:
            if not sent_by(bodies, factor, level):
                missing.append(f"{factor.name}={show(level)}")
    sent = [sent_for(row) for row in rows]
    for factor in parameter_factors():
        for level in factor.levels:
            if not any(s.get(factor.name, OMIT) == level for s in sent):
                missing.append(f"{factor.name}={show(level)}")
    return sorted(missing)


def sent_by(bodies: list[Any], factor: Factor, level: Any) -> bool:
    """Whether any of `bodies` sends this level of the factor, by design or by the way."""
    return any(_sends(body, factor.path, level) for body in bodies)


def _sends(body: Any, path: Path, level: Any) -> bool:
    if level is OMIT:
        parents = rules.values_at(body, path[:-1])
        return any(isinstance(p, dict) and path[-1] not in p for p in parents)
    found = rules.values_at(body, path)
    if isinstance(level, Length):
        return any(isinstance(v, str) and level.size in (None, len(v)) for v in found)
    if level == _PRESENT:
        return bool(found)
    if isinstance(level, int) and "array" in values.types_of(rules.node_at(path)):
        return any(isinstance(v, list) and len(v) == level for v in found)
    return any(_same(v, level) for v in found)


def _missing_pairs(rows: list[dict[str, Any]]) -> list[str]:
    priced = [f for f in factors() if f.name in priced_fields()]
    sent = {
        (a.name, show(row[a.name]), b.name, show(row[b.name]))
        for row in rows
        for a, b in itertools.combinations(priced, 2)
    }
    return [
        f"{a.name}={show(x)} with {b.name}={show(y)}"
        for a, b in itertools.combinations(priced, 2)
        for x in a.levels
        for y in b.levels
        if (a.name, show(x), b.name, show(y)) not in sent
    ]


def show(level: Any) -> str:
    if level is OMIT:
        return "<omitted>"
    if isinstance(level, Length):
        return str(level)
    if isinstance(level, str) and len(level) > 24:
        return f"<{len(level)} characters>"
    return repr(level)


# --- the bodies ----------------------------------------------------------------------------------

# Shapes of a prompt: where the mentions stand, which whitespace, which alphabet.
PROMPT_SHAPES = (
    "a scene with {all}",
    "{first} opens the scene",
    "in the middle {first} walks home",
    "{all} {all}",
    "scène ünïcödé 🎬 avec {all}",
    "a\tscene\nwith\u3000{all}",
    "{first}",
    "{all}, then {first} again",
)
# Shapes of image names; each is checked against the spec's name field before use.
NAME_SHAPES = ("ref{n}", "名前{n}", "a-b_c.{n}", "hero{n},", "x" * 40 + "{n}", "Ü{n}")


def _shape_order(index: int) -> list[tuple[int, int]]:
    """Every (name shape, prompt shape), both changing from one to the next, from `index` on."""
    count = len(NAME_SHAPES) * len(PROMPT_SHAPES)
    diagonal = [
        (
            (k % len(PROMPT_SHAPES) + k // len(PROMPT_SHAPES)) % len(NAME_SHAPES),
            k % len(PROMPT_SHAPES),
        )
        for k in range(count)
    ]
    return [diagonal[(index + k) % count] for k in range(count)]


def _name(template: str, number: int, size: int | None) -> str | None:
    """The `number`th name of the template; at exactly `size` characters when given, its
    number kept at the end so that the names stay distinct."""
    if size is None:
        return template.format(n=number)
    suffix = str(number)
    stem = template.format(n="") or "n"
    if size < len(suffix):
        return None
    return (stem * size)[: size - len(suffix)] + suffix


def _names(count: int, shape: int, node: dict[str, Any], size: int | None) -> list[str] | None:
    listed = _listed_names(node, size)
    if listed is not None:  # the name field's own values, from the shape's place on
        if count > len(listed):
            return None  # more images than names: no body of distinct names to mention
        start = shape % len(listed) if listed else 0
        return [listed[(start + i) % len(listed)] for i in range(count)]
    template = NAME_SHAPES[shape % len(NAME_SHAPES)]
    names = [_name(template, i + 1, size) for i in range(count)]
    ok = all(
        n is not None and values.is_valid(node, n) and strategies._mentionable(n) for n in names
    )
    return [n for n in names if n is not None] if ok and len(set(names)) == count else None


def _listed_names(node: dict[str, Any], size: int | None) -> list[str] | None:
    """The names a name field with an enum or a const allows that a mention reaches (at
    exactly `size` characters when given); None for a field of free names."""
    if "enum" not in node and "const" not in node:
        return None
    allowed = node["enum"] if "enum" in node else [node["const"]]
    return [
        v
        for v in dict.fromkeys(allowed)
        if isinstance(v, str) and strategies._mentionable(v) and size in (None, len(v))
    ]


def _fit(text: str, size: int | None) -> str:
    """`text` at exactly `size` characters: cut after a whole word (a mention is kept whole or
    dropped, never cut into another name), or grown by a filler word in front."""
    if size is None:
        return text
    return strategies._pad(strategies._shorten(text, size), size)


def _prompt(names: list[str], shape: int, node: dict[str, Any], size: int | None) -> str | None:
    template = PROMPT_SHAPES[shape % len(PROMPT_SHAPES)]
    if names:
        mentioned = " and ".join(f"@{n}" for n in names)
        text = template.format(all=mentioned, first=f"@{names[0]}")
    else:
        text = template.format(all="nobody", first="someone")
    text = _fit(text, size)
    return text if values.is_valid(node, text) else None


def body_for(row: dict[str, Any], index: int = 0, used: set[str] | None = None) -> dict[str, Any]:
    """A valid request of this row: images named and mentioned in the row's own shape (one not
    in `used` while there is one). A row that two fields' levels make invalid together (an
    if/then) has one of them changed to another of its levels; the coverage reported is that of
    the bodies sent."""
    body = _body_for(row, index, used or set())
    if not rules.broken_rules(body):
        return body
    for factor in reversed(factors()):
        for level in factor.levels:
            changed = _body_for({**row, factor.name: level}, index, used or set())
            if factor.name in row and not rules.broken_rules(changed):
                return changed
    return body


def _plain_body(row: dict[str, Any], index: int) -> dict[str, Any]:
    """The row's levels set on the smallest valid request, names and prompt not yet written."""
    body: dict[str, Any] = breaking.minimal_request()
    by_name = {f.name: f for f in factors()}
    fields = [(name, level) for name, level in row.items() if name in by_name]
    for name, level in sorted(fields, key=lambda kv: len(by_name[kv[0]].path)):
        path = by_name[name].path
        if isinstance(level, Length) or not _parent_given(row, by_name[name], by_name):
            continue  # written with the mentions; or its object is left out in this row
        if level is OMIT:
            parents = rules.values_at(body, path[:-1])
            for parent in parents:
                if isinstance(parent, dict):
                    parent.pop(path[-1], None)
            continue
        body = breaking.ensure(body, path[:-1])
        if level == _PRESENT:
            body = breaking.ensure(body, path)
        elif isinstance(level, int) and "array" in values.types_of(rules.node_at(path)):
            items = _spread(values.sized(path, level, start=index), path, index, row)
            body = breaking.apply(body, path, items)
        else:
            body = breaking.apply(body, path, copy.deepcopy(level))
    return body


def _spread(
    items: list[Any], path: Path, index: int, row: dict[str, Any] | None = None
) -> list[Any]:
    """The items with the levels of their own fields (item_factors) spread over them, one
    level per item, by its place and the row's index, wherever the array stays valid: so that
    the rows together send each level of an item field, which plain items would not (a string
    at its length bounds). A level the row pins under the item factor's name goes first."""
    node = rules.node_at(path)
    pinned = row or {}
    for factor in item_factors():
        if factor.path[: len(path) + 1] != (*path, ITEMS):
            continue
        inside = factor.path[len(path) + 1 :]  # where the level stands within one item
        for place, item in enumerate(items):
            turn = (index + place) % (len(factor.levels) + 1)  # the last turn: the plain value
            level = factor.levels[turn] if turn < len(factor.levels) else None
            if place == 0 and factor.name in pinned:
                level = pinned[factor.name]
            if level is None or any(_same(v, level) for v in rules.values_at(item, inside)):
                continue
            given = _set_inside(item, inside, level)
            changed = [*items[:place], given, *items[place + 1 :]]
            if given is not _ABSENT and inside and not values.is_valid(node, changed):
                given = _without_rival(given, inside[0], (*path, ITEMS))
                changed = [*items[:place], given, *items[place + 1 :]]
            if given is not _ABSENT and values.is_valid(node, changed):
                items = changed
    return items


def _without_rival(item: Any, kept: str, path: Path) -> Any:
    """`item` without the one optional field whose presence forbids `kept`'s (an image given
    by URL or by data, not both); _ABSENT if no such field is found."""
    node = rules.node_at(path)
    if not isinstance(item, dict):
        return _ABSENT
    for name in [n for n in item if n != kept and n not in node.get("required", [])]:
        fewer = {k: v for k, v in item.items() if k != name}
        if values.is_valid(node, fewer):
            return fewer
    return _ABSENT


_ABSENT = object()


def _set_inside(item: Any, inside: Path, level: Any) -> Any:
    """A copy of `item` with `level` at `inside` (a field, or the first element of an inner
    array), where the item already has what holds it; _ABSENT where it does not."""
    if not inside:
        return copy.deepcopy(level)
    found = copy.deepcopy(item)
    holder = found
    for step in inside[:-1]:
        if step == ITEMS and isinstance(holder, list) and holder:
            holder = holder[0]
        elif step != ITEMS and isinstance(holder, dict) and step in holder:
            holder = holder[step]
        else:
            return _ABSENT
    last = inside[-1]
    if last == ITEMS and isinstance(holder, list) and holder:
        holder[0] = copy.deepcopy(level)
    elif last != ITEMS and isinstance(holder, dict):
        holder[last] = copy.deepcopy(level)
    else:
        return _ABSENT
    return found


def _body_for(row: dict[str, Any], index: int, used: set[str]) -> dict[str, Any]:
    # What the row's fields switch on (a dependentSchemas, a then) is met by the fields it
    # names: the row's levels are chosen one field at a time, the body must hold as a whole.
    body: dict[str, Any] = breaking.repaired(_plain_body(row, index))
    first = None
    for candidate in _mentioned(body, row, index):
        if shapes(candidate) not in used:
            return candidate
        first = first or candidate
    return first or body


def _mentioned(body: dict[str, Any], row: dict[str, Any], index: int) -> Iterator[dict[str, Any]]:
    """`body` with names in each shape and a prompt in each shape that mentions them, at the
    row's lengths, valid ones only: the row's own shape first. What the row leaves out (an
    optional prompt) stays out. None when the spec reads no mentions."""
    if not _mention_paths():
        return
    prompt_path, name_path = _mention_paths()
    given = [row.get(rules.field_name(path)) is not OMIT for path in (prompt_path, name_path)]
    array = name_path[0]
    images = body.get(array)
    count = len(images) if isinstance(images, list) else 0
    name_node, prompt_node = rules.node_at(name_path), rules.node_at(prompt_path)
    name_size, prompt_size = _text_length(row, name_path), _text_length(row, prompt_path)
    for name_shape, prompt_shape in _shape_order(index):
        names = _names(count, name_shape, name_node, name_size)
        if names is None:
            continue
        text = _prompt(names, prompt_shape, prompt_node, prompt_size)
        if text is None:
            continue
        candidate = copy.deepcopy(body)
        for image, name in zip(candidate.get(array, []), names, strict=True):
            if given[1]:
                image[name_path[-1]] = name
        if given[0]:
            candidate[prompt_path[0]] = text
        if not rules.broken_rules(candidate):
            yield candidate


def shape_choices(body: dict[str, Any], row: dict[str, Any]) -> set[str]:
    """Every shape of prompt and names the spec allows for this body (its other fields kept)
    at the row's lengths."""
    return {shapes(candidate) for candidate in _mentioned(body, row, 0)}


def shapes(body: dict[str, Any]) -> str:
    """The shape of a body's prompt and names, for telling rows apart."""
    if not _mention_paths():
        return ""
    prompt_path, name_path = _mention_paths()
    names = rules.values_at(body, name_path)
    return json.dumps([body.get(prompt_path[0]), names], ensure_ascii=False)
