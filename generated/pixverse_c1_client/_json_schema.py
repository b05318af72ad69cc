# Copied from codegen/runtime/_json_schema.py by `make generate`: edit it there, not here.
"""JSON Schema 2020-12 documents, compiled once into closures.

A compiled check appends a Violation for every keyword a value breaks, so a request is checked
on every call without looking its keywords up again. Compiling is also the audit: a keyword
this module cannot enforce (a $ref that leaves the document, $dynamicRef, an assertion keyword
it does not know, a pattern `re` cannot run faithfully) raises UnsupportedSchemaError naming
the keyword and its JSON pointer, so a spec that uses one fails `make generate` instead of
being half-checked. Annotations (title, default, an unknown format name, ...) are accepted and
ignored, as 2020-12 says.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Final, Literal
from urllib.parse import unquote, urljoin

import attrs

from . import _keywords
from ._violations import Check, Out, UnsupportedSchemaError, ok, short

DOCUMENT_URI: Final = "https://document.invalid/schema.json"

# Keywords that say nothing about validity (2020-12's core, meta-data and content keywords,
# and the OpenAPI 3.1 dialect's own), accepted and ignored.
ANNOTATIONS: Final = frozenset(
    {
        "$schema",
        "$id",
        "$anchor",
        "$dynamicAnchor",
        "$comment",
        "$vocabulary",
        "title",
        "description",
        "default",
        "examples",
        "example",
        "deprecated",
        "readOnly",
        "writeOnly",
        "contentMediaType",
        "contentEncoding",
        "contentSchema",
        "discriminator",
        "xml",
        "externalDocs",
    }
)
# Keywords known and refused, with the reason.
_REFUSED: Final = {
    "$dynamicRef": "dynamic scopes are not implemented",
    "$recursiveRef": "a draft 2019-09 keyword; 2020-12 has $dynamicRef",
    "$recursiveAnchor": "a draft 2019-09 keyword",
    "dependencies": "a draft 7 keyword; 2020-12 has dependentRequired and dependentSchemas",
    "nullable": "an OpenAPI 3.0 keyword; in 3.1 write type: [..., 'null']",
}
# The keywords whose subschemas apply to the very value of their schema.
_IN_PLACE: Final = frozenset(
    {"allOf", "anyOf", "oneOf", "not", "if", "then", "else", "dependentSchemas"}
)
_DIALECTS: Final = frozenset(
    {
        "https://json-schema.org/draft/2020-12/schema",
        "https://json-schema.org/draft/2020-12/schema#",
        "https://spec.openapis.org/oas/3.1/dialect/base",
    }
)

# Where subschemas stand: keyword -> how its value holds them.
_ONE, _LIST, _MAP = "one", "list", "map"
_SUBSCHEMAS: Final[dict[str, str]] = {
    "items": _ONE,
    "additionalProperties": _ONE,
    "propertyNames": _ONE,
    "contains": _ONE,
    "not": _ONE,
    "if": _ONE,
    "then": _ONE,
    "else": _ONE,
    "unevaluatedItems": _ONE,
    "unevaluatedProperties": _ONE,
    "contentSchema": _ONE,
    "prefixItems": _LIST,
    "allOf": _LIST,
    "anyOf": _LIST,
    "oneOf": _LIST,
    "properties": _MAP,
    "patternProperties": _MAP,
    "dependentSchemas": _MAP,
    "$defs": _MAP,
    "definitions": _MAP,
}


def subschemas(schema: Mapping[str, Any]) -> Iterator[Any]:
    """Every subschema directly inside `schema`."""
    for keyword, how in _SUBSCHEMAS.items():
        arg = schema.get(keyword)
        if how == _ONE and keyword in schema:
            yield arg
        elif how == _LIST and isinstance(arg, list):
            yield from arg
        elif how == _MAP and isinstance(arg, Mapping):
            yield from arg.values()


def pointer_step(name: str) -> str:
    """One step of a JSON pointer (RFC 6901 escapes)."""
    return name.replace("~", "~0").replace("/", "~1")


def join_uri(base: str, ref: str) -> str:
    """`ref` resolved against `base`, for hierarchical and URN bases alike."""
    if ref.startswith("#"):
        return base.partition("#")[0] + ref
    if re.match(r"[A-Za-z][A-Za-z0-9+.\-]*:", ref):
        return ref
    return urljoin(base, ref)


@attrs.frozen
class Node:
    """A schema as the compiler meets it: its value, its base URI, its JSON pointer."""

    schema: Any
    base: str
    where: str

    def child(self, step: str, schema: Any) -> Node:
        return Node(schema, self.base, f"{self.where}/{step}")


# What a schema evaluated of an object (names) or array (indexes); True for all of it.
Collect = Callable[[Any], "set[Any] | Literal[True]"]


class UnresolvableRef(ValueError):
    """A $ref (or pointer) that names nothing inside the document."""


class EndlessSchema(ValueError):
    """A schema that applies itself to the very value it is checking."""


class SchemaDocument:
    """A JSON document holding schemas; each schema in it compiled once, on first use.

    `roots` are JSON pointers to the schemas it holds (the document itself by default; for an
    OpenAPI document, each of components.schemas). Their $id and $anchor are indexed so that
    every $ref that stays inside the document resolves.
    """

    def __init__(
        self, document: Any, roots: tuple[str, ...] = ("",), base: str = DOCUMENT_URI
    ) -> None:
        self.document = document
        self._base = base
        self._resources: dict[str, Any] = {base: document}
        self._anchors: dict[tuple[str, str], Any] = {}
        self._bases: dict[int, str] = {}
        self._checks: dict[int, Check] = {}
        self._collectors: dict[tuple[int, bool], Collect] = {}
        # The schemas being compiled, innermost last, each with whether it applies to the same
        # value as the one before it (allOf, $ref, ...) rather than to a part of it.
        self._stack: list[tuple[int, bool]] = []
        for root in roots:
            self._index(self.node(root), base)

    # ---------------------------------------------------------------- $id, $anchor, $ref

    def _index(self, schema: Any, base: str) -> None:
        if not isinstance(schema, Mapping):
            return
        if isinstance(schema.get("$id"), str):
            base = join_uri(base, schema["$id"]).partition("#")[0]
            self._resources.setdefault(base, schema)
        self._bases[id(schema)] = base
        for key in ("$anchor", "$dynamicAnchor"):
            if isinstance(schema.get(key), str):
                self._anchors.setdefault((base, schema[key]), schema)
        for sub in subschemas(schema):
            self._index(sub, base)

    @staticmethod
    def _walk(value: Any, pointer: str, ref: str) -> Any:
        for raw in pointer.split("/")[1:] if pointer else []:
            step = unquote(raw).replace("~1", "/").replace("~0", "~")
            try:
                value = value[int(step)] if isinstance(value, list) else value[step]
            except (KeyError, IndexError, ValueError, TypeError):
                raise UnresolvableRef(f"{ref!r} points at nothing in the document") from None
        return value

    def node(self, pointer: str) -> Any:
        """The value at a JSON pointer of the document."""
        return self._walk(self.document, pointer, f"#{pointer}")

    def target(self, ref: str, base: str) -> Node:
        """The schema a $ref names; UnresolvableRef if it is not in the document."""
        uri = join_uri(base, ref)
        resource, _, fragment = uri.partition("#")
        if resource not in self._resources:
            raise UnresolvableRef(
                f"$ref {ref!r} names {resource!r}, a schema outside the document; only refs "
                "within the document are followed"
            )
        if not fragment or fragment.startswith("/"):
            found = self._walk(self._resources[resource], fragment, ref)
        elif (resource, fragment) in self._anchors:
            found = self._anchors[(resource, fragment)]
        else:
            raise UnresolvableRef(f"$ref {ref!r}: no anchor {fragment!r} in the document")
        where = f"#{fragment}" if resource == self._base else uri
        return Node(found, self._bases.get(id(found), resource), where)

    # ---------------------------------------------------------------- compiling

    def check(self, pointer: str = "") -> Check:
        """The compiled check of the schema at `pointer`; compiling it audits it."""
        schema = self.node(pointer)
        return self.compile(Node(schema, self._bases.get(id(schema), self._base), f"#{pointer}"))

    def compile(self, node: Node, in_place: bool = True) -> Check:
        """`node` compiled, once: a schema that refers to itself gets a forwarding check.

        A schema that reaches itself without descending into the value (`{"$ref": "#"}`)
        would never end: refused.
        """
        key = id(node.schema)
        if key in self._checks:
            if in_place:
                for frame, frame_in_place in reversed(self._stack):
                    if frame == key:
                        raise EndlessSchema(
                            f"it applies {node.where} to the value {node.where} applies to "
                            "(a cycle through no property or item), which never ends"
                        )
                    if not frame_in_place:
                        break
            return self._checks[key]
        cell: list[Check] = []

        def forward(value: Any, path: str, out: Out) -> None:
            cell[0](value, path, out)

        self._checks[key] = forward
        self._stack.append((key, in_place))
        try:
            built = self._build(node)
        except BaseException:
            del self._checks[key]
            raise
        finally:
            self._stack.pop()
        cell.append(built)
        self._checks[key] = built
        return built

    def sub(self, node: Node, step: str, schema: Any) -> Check:
        """The compiled check of a subschema of `node`, `step` being its pointer step."""
        in_place = step.partition("/")[0] in _IN_PLACE
        return self.compile(node.child(step, schema), in_place)

    def _build(self, node: Node) -> Check:
        schema = node.schema
        if schema is True:
            return ok
        if schema is False:
            return _keywords.false_schema
        if not isinstance(schema, Mapping):
            raise UnsupportedSchemaError(f"{node.where}: a schema is an object or a boolean")
        node = attrs.evolve(node, base=self._bases.get(id(schema), node.base))
        checks: list[Check] = []
        for keyword, arg in schema.items():
            if keyword.startswith("x-") or keyword in ANNOTATIONS:
                if keyword == "$schema" and arg not in _DIALECTS:
                    raise unsupported(node, keyword, f"the dialect {arg!r} is not 2020-12")
                continue
            if keyword in _REFUSED:
                raise unsupported(node, keyword, _REFUSED[keyword])
            if keyword not in _keywords.WELL_FORMED:
                raise unsupported(node, keyword, "an assertion keyword it does not know")
            if not _keywords.WELL_FORMED[keyword](arg):
                raise unsupported(node, keyword, f"a malformed value {short(arg)}")
            build = _keywords.KEYWORDS.get(keyword)
            if build is None:
                continue  # read by a sibling (then, else, minContains, ...), or a container
            try:
                made = build(self, node, arg)
            except (
                ValueError,
                re.error,
            ) as error:  # the keyword's own; a subschema's is raised as is
                raise unsupported(node, keyword, str(error)) from None
            if made is not None:
                checks.append(made)
        return _keywords.every(checks)

    # ---------------------------------------------------------------- evaluated names

    def collector(self, node: Node, own: bool = True) -> Collect:
        """What `node` evaluates of an instance, for unevaluated*; compiled once.

        `own=False` leaves out the node's own unevaluated* keywords (which evaluate the rest).
        """
        key = (id(node.schema), own)
        if key not in self._collectors:
            cell: list[Collect] = []
            self._collectors[key] = lambda value: cell[0](value)
            cell.append(_keywords.collector(self, node, own))
            self._collectors[key] = cell[0]
        return self._collectors[key]


def unsupported(node: Node, keyword: str, why: str) -> UnsupportedSchemaError:
    return UnsupportedSchemaError(
        f"the keyword {keyword!r} at {node.where}/{pointer_step(keyword)} is not enforced by "
        f"the client's validator: {why}"
    )


def compile_schema(schema: Any) -> Check:
    """A standalone 2020-12 schema compiled (and audited) into one check."""
    return SchemaDocument(schema).check()
