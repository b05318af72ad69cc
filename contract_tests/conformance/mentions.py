"""The @mention rule, met and broken in each way a server can read it wrong.

Each sentence of the rule's x-interpretation names a way to get it wrong (the end of the prompt
ends a mention; a mention starts the prompt or follows any whitespace; the name runs to the
next whitespace, punctuation included; an "@" inside a word or alone is no mention), and lazy
readings add more (only the first mention checked, names compared without case or by prefix,
only spaces taken for whitespace). Each case below is a prompt shape over the images' names;
whether it is valid is not written here but asked of the spec's own reading
(spec.mention_rule), so a changed rule reclassifies the cases, and the punctuation the shapes
put after a name is the one the pattern keeps in a name, or ends one with.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from contract_tests import rules, spec
from contract_tests.conformance import bodies

JSON = Any
Shape = Callable[[str, str, str], str]  # (first name, last name, a name no image has) -> prompt


@dataclass(frozen=True)
class MentionCase:
    name: str
    catches: str  # the wrong reading this case tells apart
    body: dict[str, JSON]

    @property
    def prompt(self) -> str:
        text: str = self.body[spec.known_mention_rule().field]
        return text

    @property
    def valid(self) -> bool:
        return not spec.known_mention_rule().unknown_mentions(self.body)


_PROBE_NAME = "name"

# name, what it catches, the prompt, how many images it needs at least
ShapeRow = tuple[str, str, Shape, int]
FIXED: tuple[ShapeRow, ...] = (
    ("alone", "a mention that is the whole prompt", lambda n, m, g: f"@{n}", 1),
    ("at-end", "a mention ended by the end of the prompt", lambda n, m, g: f"a shot of @{n}", 1),
    ("after-newline", "a newline before a mention", lambda n, m, g: f"a shot\n@{n} walks", 1),
    ("after-tab", "a tab before a mention", lambda n, m, g: f"a shot\t@{n} walks", 1),
    ("at-in-word", "an @ inside a word taken for a mention", lambda n, m, g: f"mail@{g}.com", 1),
    ("lone-at", "a lone @ taken for a mention", lambda n, m, g: "a lone @ here and @", 1),
    ("one-unmentioned", "an image that need not be mentioned", lambda n, m, g: f"@{n} waits", 2),
    ("two-mentions", "every mention checked", lambda n, m, g: f"@{n} meets @{m} here", 2),
    ("unknown-second", "only the first mention checked", lambda n, m, g: f"@{n} meets @{g}", 1),
    ("unknown-at-end", "a mention at the very end ignored", lambda n, m, g: f"a shot of @{g}", 1),
    ("unknown-alone", "a prompt that is one unknown mention", lambda n, m, g: f"@{g}", 1),
    (
        "unknown-after-newline",
        "a mention after a newline ignored",
        lambda n, m, g: f"a shot\n@{g} walks",
        1,
    ),
    (
        "unknown-after-tab",
        "a mention after a tab ignored",
        lambda n, m, g: f"a shot\t@{g} walks",
        1,
    ),
)
NAMES: tuple[ShapeRow, ...] = (
    ("name-case", "names compared without case", lambda n, m, g: f"@{n.swapcase()} walks", 1),
    ("name-prefix", "a prefix of a name taken for it", lambda n, m, g: f"@{n[:-1]} walks", 1),
    ("name-longer", "a name taken for its prefix", lambda n, m, g: f"@{n}x walks", 1),
)


def _after(text: str) -> Shape:
    return lambda n, m, g: f"@{n}{text} walks"


def _at_end(text: str) -> Shape:
    return lambda n, m, g: f"a shot of @{n}{text}"


@functools.cache
def shapes() -> tuple[ShapeRow, ...]:
    """Every prompt shape: the fixed ones, and those of the punctuation the spec's pattern
    keeps in a name (a server stripping it is caught) or ends a name with (a server reading
    the name on to the next whitespace is caught)."""
    rule = spec.known_mention_rule()
    kept = rule.kept_in_name(_PROBE_NAME, spec.PUNCTUATION)
    ending = rule.ending_name(_PROBE_NAME, spec.PUNCTUATION)
    found: list[ShapeRow] = list(FIXED)
    if kept:
        found.append(("punctuation", "punctuation stripped from a name", _after(kept[0]), 1))
        last = kept[1] if len(kept) > 1 else kept[0]
        found.append(("punctuation-at-end", "a final punctuation stripped", _at_end(last), 1))
    if ending:
        found.append(
            ("punctuation-ends-name", "punctuation read into a name", _after(ending[0]), 1)
        )
    return (*found, *NAMES)


def _names(body: dict[str, JSON]) -> list[str]:
    array, item = spec.known_mention_rule().names_from
    return [image[item] for image in body.get(array, [])]


def _ghost(names: list[str]) -> str:
    ghost = "nobody"
    while any(ghost in name or name in ghost for name in names):
        ghost += "x"
    return ghost


def with_shape(body: dict[str, JSON], shape: Shape) -> dict[str, JSON] | None:
    """`body` with its prompt made of `shape` over its own images' names; None for a body
    without images, which no shape can mention."""
    names = _names(body)
    if not names:
        return None
    prompt = shape(names[0], names[-1], _ghost(names))
    return {**body, spec.known_mention_rule().field: prompt}


@functools.cache
def cases() -> tuple[MentionCase, ...]:
    """Every shape the spec's bounds allow on the smallest valid body, each a distinct prompt
    that breaks no rule of the schema (the mention rule aside); none when the spec reads no
    mentions."""
    mention = spec.mention_rule()
    if mention is None:
        return ()
    array, _ = mention.names_from
    node = spec.resolve(spec.holding(spec.MENTION_RULE)["properties"][array])
    low, high = max(node.get("minItems", 1), 1), node.get("maxItems", 2)
    found: dict[str, MentionCase] = {}
    for name, catches, shape, size in shapes():
        if size > high:
            continue
        body = with_shape(bodies.sized_request(max(size, low)), shape)
        if body is None:
            continue
        case = MentionCase(name, catches, body)
        if rules.schema_broken(body):
            continue  # a prompt the text's own rules forbid (too short, say) tells nothing
        if case.prompt.strip() and case.prompt not in {c.prompt for c in found.values()}:
            found[name] = case
    return tuple(found.values())


def valid_cases() -> list[MentionCase]:
    return [case for case in cases() if case.valid]


def invalid_cases() -> list[MentionCase]:
    return [case for case in cases() if not case.valid]


def valid_shapes() -> list[tuple[str, Shape]]:
    """The valid prompt shapes, for a covering design that folds them into its rows."""
    valid = {case.name for case in valid_cases()}
    if not valid:
        return []
    return [(name, shape) for name, _, shape, _ in shapes() if name in valid]
