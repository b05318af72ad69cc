"""Every rule of CreateTaskRequest, computed from openapi.yaml, and which of them a body breaks.

The fake rejects by these rules and the strategies break them one at a time, so both follow a
changed spec with no edit here. A keyword this module does not know (a JSON Schema keyword, or
an `x-...-rule` extension) becomes a Rule too: no strategy can break it, and the coverage test
fails instead of the rule going unchecked.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from contract_tests import spec

REQUEST = "CreateTaskRequest"
ITEMS = "[]"  # the path step "every item of this array"
MENTION_KEYWORD = "x-mention-rule"

# Keywords that constrain an instance and that the strategies know how to break.
CONSTRAINTS = ("type", "required", "minItems", "maxItems", "minimum", "maximum", "enum")
# Keywords that say nothing about validity, or that this module descends into itself.
ANNOTATIONS = frozenset(
    {
        "$ref",
        "allOf",
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
        "$comment",
        MENTION_KEYWORD,
    }
)


def _is_annotation(keyword: str) -> bool:
    """x- extensions are notes for people and tools unless named as a rule (x-...-rule)."""
    if keyword in ANNOTATIONS:
        return True
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

    @property
    def field(self) -> str:
        """The dotted field the rule is about, as the fake names it in a 400 ("images[].type")."""
        return field_name(self.path)


def field_name(path: Path) -> str:
    text = ""
    for step in path:
        text += step if step == ITEMS else (f".{step}" if text else step)
    return text or "body"


def _describe(path: Path, keyword: str, value: Any) -> str:
    name = field_name(path)
    return {
        "type": f"{name} must be of JSON type {value}",
        "required": f"{name} is required",
        "minItems": f"{name} must have at least {value} items",
        "maxItems": f"{name} must have at most {value} items",
        "minimum": f"{name} must be at least {value}",
        "maximum": f"{name} must be at most {value}",
        "enum": f"{name} must be one of {value}",
        MENTION_KEYWORD: f"every @mention in {name} must name an image's ref_name",
    }.get(keyword, f"{name} must satisfy {keyword}: {value!r}")


def _rule(path: Path, keyword: str, value: Any) -> Rule:
    return Rule(
        f"{field_name(path)}.{keyword}", path, keyword, value, _describe(path, keyword, value)
    )


def _walk(node: Any, path: Path) -> Iterator[Rule]:
    node = spec.resolve(node)
    for keyword, value in node.items():
        if _is_annotation(keyword) or keyword == "required":
            continue
        if keyword in ("minItems",) and value == 0:
            continue  # constrains nothing
        yield _rule(path, keyword, value)
    for name in node.get("required", []):
        yield _rule((*path, name), "required", name)
    for name, child in node.get("properties", {}).items():
        yield from _walk(child, (*path, name))
    if "items" in node:
        yield from _walk(node["items"], (*path, ITEMS))


@functools.cache
def _rules() -> tuple[Rule, ...]:
    found = list(_walk(spec.schema(REQUEST), ()))
    mention = spec.mention_rule()
    found.append(_rule((mention.field,), MENTION_KEYWORD, spec.schema(REQUEST)[MENTION_KEYWORD]))
    return tuple(found)


def request_rules() -> list[Rule]:
    """Every rule of the request, in the order the fake reports them."""
    return list(_rules())


def rule(rule_id: str) -> Rule:
    return {r.id: r for r in _rules()}[rule_id]


def node_at(path: Path) -> dict[str, Any]:
    """The resolved schema of the request at a rule's path."""
    node: dict[str, Any] = spec.resolve(spec.schema(REQUEST))
    for step in path:
        node = spec.resolve(node["items"] if step == ITEMS else node["properties"][step])
    return node


def values_at(body: Any, path: Path) -> list[Any]:
    """Every value at a rule's path in `body` (one per array item for an items path)."""
    nodes = [body]
    for step in path:
        if step == ITEMS:
            nodes = [item for node in nodes if isinstance(node, list) for item in node]
        else:
            nodes = [node[step] for node in nodes if isinstance(node, dict) and step in node]
    return nodes


def _path_of(instance_path: Iterator[Any]) -> Path:
    return tuple(ITEMS if isinstance(step, int) else str(step) for step in instance_path)


def schema_broken(body: Any) -> list[Rule]:
    """The rules of the JSON schema that `body` breaks, by the spec's own validator.

    A wrong JSON type where an enum belongs breaks the enum too; that is one mistake, reported
    as the type rule.
    """
    by_key = {(r.path, r.keyword): r for r in _rules()}
    found: list[Rule] = []
    for error in spec.validator(REQUEST).iter_errors(body):
        path = _path_of(iter(error.absolute_path))
        if error.validator == "required":
            wanted: list[str] = list(error.schema.get("required", []))  # type: ignore[union-attr]
            instance: dict[str, Any] = error.instance  # type: ignore[assignment]
            missing = [n for n in wanted if n not in instance]
            found += [by_key[((*path, name), "required")] for name in missing]
        else:
            found.append(by_key[(path, str(error.validator))])
    typed = {r.path for r in found if r.keyword == "type"}
    found = [r for r in found if not (r.keyword == "enum" and r.path in typed)]
    order = {r: i for i, r in enumerate(_rules())}
    return sorted(set(found), key=order.__getitem__)


def broken_rules(body: Any) -> list[Rule]:
    """Every rule `body` breaks: the schema's, then the mention rule."""
    found = schema_broken(body)
    if spec.mention_rule().unknown_mentions(body):
        found.append(mention_rule())
    return found


def mention_rule() -> Rule:
    return next(r for r in _rules() if r.keyword == MENTION_KEYWORD)
