# Copied from codegen/runtime/_keywords.py by `make generate`: edit it there, not here.
"""Each JSON Schema 2020-12 keyword, compiled into a check that reports what it forbids.

A builder gets the document (to compile subschemas and follow $refs), the schema node (to read
the keywords that qualify it: prefixItems for items, contains for minContains, ...) and the
keyword's value, and returns a check, or None where the keyword constrains nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sized
from operator import ge, gt, le, lt
from typing import TYPE_CHECKING, Any, Final, Literal, cast

from ._ecma_regex import compile_pattern
from ._formats import FORMATS
from ._json_values import (
    TYPES,
    exact,
    is_array,
    is_integer,
    is_number,
    is_object,
    is_string,
    json_key,
    name_text,
)
from ._violations import MISSING, Check, Out, Violation, join, ok, passes, short

if TYPE_CHECKING:
    from ._json_schema import Collect, Node, SchemaDocument

Builder = Callable[["SchemaDocument", "Node", Any], "Check | None"]


def every(checks: list[Check]) -> Check:
    """One check running all of `checks`."""
    if not checks:
        return ok
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks

        def both(value: Any, path: str, out: Out) -> None:
            first(value, path, out)
            second(value, path, out)

        return both
    frozen = tuple(checks)

    def each(value: Any, path: str, out: Out) -> None:
        for check in frozen:
            check(value, path, out)

    return each


def false_schema(value: Any, path: str, out: Out) -> None:
    out.append(Violation(path, "false schema", value, "is not allowed here (the schema is false)"))


def _step(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")


# ------------------------------------------------------------------------ any instance


# Single types that one isinstance decides (the others need JSON's integer and boolean rules).
_PLAIN_TYPES: Final[dict[str, type | tuple[type, ...]]] = {
    "string": str,
    "boolean": bool,
    "array": (list, tuple),
    "object": Mapping,
}
# The class a value of that type usually has exactly: one identity test before isinstance.
_USUAL_CLASS: Final[dict[str, type]] = {
    "string": str,
    "boolean": bool,
    "array": list,
    "object": dict,
}


def _type(doc: SchemaDocument, node: Node, arg: Any) -> Check:
    names = arg if isinstance(arg, list) else [arg]
    shown = " or ".join(names)
    rule, says = f"type {shown}", f"must be of type {shown}"
    if len(names) == 1 and names[0] in _PLAIN_TYPES:
        kind, usual = _PLAIN_TYPES[names[0]], _USUAL_CLASS[names[0]]

        def check_one(value: Any, path: str, out: Out) -> None:
            if type(value) is not usual and not isinstance(value, kind):
                out.append(Violation(path, rule, value, says))

        return check_one
    tests = tuple(TYPES[name] for name in names)

    def check(value: Any, path: str, out: Out) -> None:
        for test in tests:
            if test(value):
                return
        out.append(Violation(path, rule, value, says))

    return check


def _enum(doc: SchemaDocument, node: Node, arg: Any) -> Check:
    keys = frozenset(json_key(choice) for choice in arg)
    strings = frozenset(choice for choice in arg if isinstance(choice, str))
    rule, says = f"enum {arg}", f"must be one of {arg}"

    def check(value: Any, path: str, out: Out) -> None:
        if type(value) is str and value in strings:
            return  # the usual case, decided without a stand-in
        if json_key(value) not in keys:
            out.append(Violation(path, rule, value, says))

    return check


def _const(doc: SchemaDocument, node: Node, arg: Any) -> Check:
    key = json_key(arg)
    rule, says = f"const {short(arg)}", f"must be {short(arg)}"

    def check(value: Any, path: str, out: Out) -> None:
        if json_key(value) != key:
            out.append(Violation(path, rule, value, says))

    return check


# ------------------------------------------------------------------------ numbers


def _multiple_of(doc: SchemaDocument, node: Node, arg: Any) -> Check:
    divisor = exact(arg)
    rule, says = f"multipleOf {arg}", f"must be a multiple of {arg}"

    def check(value: Any, path: str, out: Out) -> None:
        if not is_number(value):
            return
        if isinstance(value, int) and isinstance(arg, int):
            if value % arg == 0:
                return
        else:
            number = exact(value)  # exact decimals: 0.3 is a multiple of 0.1
            if number is not None and divisor and (number / divisor).denominator == 1:
                return
        out.append(Violation(path, rule, value, says))

    return check


def _bound(keyword: str, holds: Callable[[Any, Any], bool], says: str, of: str) -> Builder:
    """minimum, maxLength, minItems, ...: a comparison of a number, or of a length."""
    sized: dict[str, type | tuple[type, ...]] = {"string": str, "array": (list, tuple)}
    kind = sized.get(of, Mapping)

    def build(doc: SchemaDocument, node: Node, arg: Any) -> Check:
        rule, message = f"{keyword} {arg}", says.format(arg)

        def check_number(value: Any, path: str, out: Out) -> None:
            if (
                isinstance(value, int | float)
                and not isinstance(value, bool)
                and not holds(value, arg)
            ):
                out.append(Violation(path, rule, value, message))

        def check_size(value: Any, path: str, out: Out) -> None:
            if isinstance(value, kind) and not holds(len(cast("Sized", value)), arg):
                out.append(Violation(path, rule, value, message))

        return check_number if of == "number" else check_size

    return build


# ------------------------------------------------------------------------ strings


def _pattern(doc: SchemaDocument, node: Node, arg: Any) -> Check:
    search = compile_pattern(arg).search
    rule, says = f"pattern {arg}", f"must match the pattern {arg!r}"

    def check(value: Any, path: str, out: Out) -> None:
        if isinstance(value, str) and search(value) is None:
            out.append(Violation(path, rule, value, says))

    return check


def _format(doc: SchemaDocument, node: Node, arg: Any) -> Check | None:
    valid = FORMATS.get(arg)
    if valid is None:
        return None  # an unknown format is an annotation (2020-12, format-annotation)
    rule, says = f"format {arg}", f"must be a valid {arg}"

    def check(value: Any, path: str, out: Out) -> None:
        if isinstance(value, str) and not valid(value):
            out.append(Violation(path, rule, value, says))

    return check


# ------------------------------------------------------------------------ arrays


def _unique_items(doc: SchemaDocument, node: Node, arg: Any) -> Check | None:
    if not arg:
        return None

    def check(value: Any, path: str, out: Out) -> None:
        if not is_array(value):
            return
        first: dict[Any, int] = {}
        for i, item in enumerate(value):
            key = json_key(item)
            if key in first:
                says = f"must have unique items (items {first[key]} and {i} are equal)"
                out.append(Violation(path, "uniqueItems", value, says))
                return
            first[key] = i

    return check


def _prefix_items(doc: SchemaDocument, node: Node, arg: Any) -> Check:
    checks = [doc.sub(node, f"prefixItems/{i}", sub) for i, sub in enumerate(arg)]

    def check(value: Any, path: str, out: Out) -> None:
        if is_array(value):
            for i, (item, each) in enumerate(zip(value, checks, strict=False)):
                each(item, f"{path}[{i}]", out)

    return check


def _items(doc: SchemaDocument, node: Node, arg: Any) -> Check:
    start = len(node.schema.get("prefixItems", []))
    if arg is False:
        rule, says = "items false", f"is one item too many (at most {start} allowed)"

        def refuse(value: Any, path: str, out: Out) -> None:
            if is_array(value):
                for i in range(start, len(value)):
                    out.append(Violation(f"{path}[{i}]", rule, value[i], says))

        return refuse
    child = doc.sub(node, "items", arg)

    def check(value: Any, path: str, out: Out) -> None:
        if is_array(value):
            for i in range(start, len(value)):
                child(value[i], f"{path}[{i}]", out)

    return check


def _contains(doc: SchemaDocument, node: Node, arg: Any) -> Check:
    child = doc.sub(node, "contains", arg)
    least = node.schema.get("minContains", 1)
    most = node.schema.get("maxContains")
    low = f"minContains {least}" if "minContains" in node.schema else "contains"

    def check(value: Any, path: str, out: Out) -> None:
        if not is_array(value):
            return
        found = sum(1 for item in value if passes(child, item))
        if found < least:
            says = f"must have at least {least} item(s) that match contains (has {found})"
            out.append(Violation(path, low, value, says))
        if most is not None and found > most:
            says = f"must have at most {most} item(s) that match contains (has {found})"
            out.append(Violation(path, f"maxContains {most}", value, says))

    return check


def _unevaluated_items(doc: SchemaDocument, node: Node, arg: Any) -> Check:
    seen = doc.collector(node, own=False)
    child = doc.sub(node, "unevaluatedItems", arg)
    rule = "unevaluatedItems false" if arg is False else "unevaluatedItems"

    def check(value: Any, path: str, out: Out) -> None:
        if not is_array(value):
            return
        evaluated = seen(value)
        if evaluated is True:
            return
        for i, item in enumerate(value):
            if i not in evaluated:
                if arg is False:
                    says = "is an item no keyword of the schema allows"
                    out.append(Violation(f"{path}[{i}]", rule, item, says))
                else:
                    child(item, f"{path}[{i}]", out)

    return check


# ------------------------------------------------------------------------ objects


def _required(doc: SchemaDocument, node: Node, arg: Any) -> Check:
    names = tuple(arg)

    def check(value: Any, path: str, out: Out) -> None:
        if type(value) is dict or is_object(value):
            for name in names:
                if name not in value:
                    out.append(Violation(join(path, name), "required", MISSING, "is required"))

    return check


def _dependent_required(doc: SchemaDocument, node: Node, arg: Any) -> Check:
    pairs = [(name, tuple(needs)) for name, needs in arg.items() if needs]

    def check(value: Any, path: str, out: Out) -> None:
        if not is_object(value):
            return
        for name, needs in pairs:
            if name in value:
                for need in needs:
                    if need not in value:
                        says = f"is required when {name!r} is present"
                        rule = f"dependentRequired {name}"
                        out.append(Violation(join(path, need), rule, MISSING, says))

    return check


def _dependent_schemas(doc: SchemaDocument, node: Node, arg: Any) -> Check:
    pairs = [
        (name, doc.sub(node, f"dependentSchemas/{_step(name)}", sub)) for name, sub in arg.items()
    ]

    def check(value: Any, path: str, out: Out) -> None:
        if is_object(value):
            for name, child in pairs:
                if name in value:
                    child(value, path, out)

    return check


def _properties(doc: SchemaDocument, node: Node, arg: Any) -> Check:
    children = [
        (name, doc.sub(node, f"properties/{_step(name)}", sub)) for name, sub in arg.items()
    ]

    def check(value: Any, path: str, out: Out) -> None:
        # is_object and join inlined: this runs once per object of every request.
        if type(value) is dict or is_object(value):
            for name, child in children:
                if name in value:
                    child(value[name], f"{path}.{name}" if path else name, out)

    return check


def _pattern_properties(doc: SchemaDocument, node: Node, arg: Any) -> Check:
    pairs = [
        (compile_pattern(pattern).search, doc.sub(node, f"patternProperties/{_step(pattern)}", sub))
        for pattern, sub in arg.items()
    ]

    def check(value: Any, path: str, out: Out) -> None:
        if is_object(value):
            for name, item in value.items():
                for search, child in pairs:
                    if search(name_text(name)) is not None:
                        child(item, join(path, name), out)

    return check


def _additional_properties(doc: SchemaDocument, node: Node, arg: Any) -> Check | None:
    if arg is True:
        return None
    known = frozenset(node.schema.get("properties", {}))
    searches = [compile_pattern(p).search for p in node.schema.get("patternProperties", {})]
    child = doc.sub(node, "additionalProperties", arg)
    allowed = ", ".join(sorted(known)) or "none"
    says = f"is not a field this object allows (fields: {allowed})"

    def check(value: Any, path: str, out: Out) -> None:
        if not is_object(value):
            return
        for name, item in value.items():
            if name in known or any(search(name_text(name)) for search in searches):
                continue
            if arg is False:
                out.append(Violation(join(path, name), "additionalProperties false", item, says))
            else:
                child(item, join(path, name), out)

    return check


def _property_names(doc: SchemaDocument, node: Node, arg: Any) -> Check:
    child = doc.sub(node, "propertyNames", arg)

    def check(value: Any, path: str, out: Out) -> None:
        if not is_object(value):
            return
        for name in value:
            broken: Out = []
            child(name_text(name), "", broken)
            if broken:
                says = "is a name propertyNames forbids: " + "; ".join(v.message for v in broken)
                out.append(Violation(join(path, name), "propertyNames", name, says))

    return check


def _unevaluated_properties(doc: SchemaDocument, node: Node, arg: Any) -> Check:
    seen = doc.collector(node, own=False)
    child = doc.sub(node, "unevaluatedProperties", arg)
    rule = "unevaluatedProperties false" if arg is False else "unevaluatedProperties"
    says = "is not a field any keyword of the schema allows"

    def check(value: Any, path: str, out: Out) -> None:
        if not is_object(value):
            return
        evaluated = seen(value)
        if evaluated is True:
            return
        for name, item in value.items():
            if name not in evaluated:
                if arg is False:
                    out.append(Violation(join(path, name), rule, item, says))
                else:
                    child(item, join(path, name), out)

    return check


# ------------------------------------------------------------------------ applicators


def _all_of(doc: SchemaDocument, node: Node, arg: Any) -> Check:
    return every([doc.sub(node, f"allOf/{i}", sub) for i, sub in enumerate(arg)])


def _branches(results: list[Out]) -> str:
    """What each failed branch says, shortly: `#0: must be of type string`."""
    parts = []
    for i, broken in enumerate(results):
        first = broken[0]
        where = f"{first.path} " if first.path else ""
        more = f" (+{len(broken) - 1} more)" if len(broken) > 1 else ""
        parts.append(f"#{i}: {where}{first.message}{more}")
    return "; ".join(parts)


def _run(branches: list[Check], value: Any, path: str) -> list[Out]:
    results: list[Out] = []
    for branch in branches:
        broken: Out = []
        branch(value, path, broken)
        results.append(broken)
    return results


def _any_of(doc: SchemaDocument, node: Node, arg: Any) -> Check:
    branches = [doc.sub(node, f"anyOf/{i}", sub) for i, sub in enumerate(arg)]

    def check(value: Any, path: str, out: Out) -> None:
        for branch in branches:
            if passes(branch, value):
                return
        says = "must match at least one schema of anyOf; " + _branches(_run(branches, value, path))
        out.append(Violation(path, "anyOf", value, says))

    return check


def _one_of(doc: SchemaDocument, node: Node, arg: Any) -> Check:
    branches = [doc.sub(node, f"oneOf/{i}", sub) for i, sub in enumerate(arg)]

    def check(value: Any, path: str, out: Out) -> None:
        results = _run(branches, value, path)
        matched = [i for i, broken in enumerate(results) if not broken]
        if len(matched) == 1:
            return
        if matched:
            shown = ", ".join(f"#{i}" for i in matched)
            says = f"must match exactly one schema of oneOf, matches {len(matched)} ({shown})"
        else:
            says = "must match exactly one schema of oneOf, matches none; " + _branches(results)
        out.append(Violation(path, "oneOf", value, says))

    return check


def _not(doc: SchemaDocument, node: Node, arg: Any) -> Check:
    child = doc.sub(node, "not", arg)

    def check(value: Any, path: str, out: Out) -> None:
        if passes(child, value):
            out.append(Violation(path, "not", value, "must not match the schema of not"))

    return check


def _if(doc: SchemaDocument, node: Node, arg: Any) -> Check | None:
    schema = node.schema
    if "then" not in schema and "else" not in schema:
        return None
    condition = doc.sub(node, "if", arg)
    then = doc.sub(node, "then", schema["then"]) if "then" in schema else ok
    otherwise = doc.sub(node, "else", schema["else"]) if "else" in schema else ok

    def check(value: Any, path: str, out: Out) -> None:
        (then if passes(condition, value) else otherwise)(value, path, out)

    return check


def _ref(doc: SchemaDocument, node: Node, arg: Any) -> Check:
    return doc.compile(doc.target(arg, node.base))


KEYWORDS: Final[dict[str, Builder]] = {
    "type": _type,
    "enum": _enum,
    "const": _const,
    "multipleOf": _multiple_of,
    "minimum": _bound("minimum", ge, "must be at least {}", "number"),
    "maximum": _bound("maximum", le, "must be at most {}", "number"),
    "exclusiveMinimum": _bound("exclusiveMinimum", gt, "must be greater than {}", "number"),
    "exclusiveMaximum": _bound("exclusiveMaximum", lt, "must be less than {}", "number"),
    "minLength": _bound("minLength", ge, "must be at least {} character(s) long", "string"),
    "maxLength": _bound("maxLength", le, "must be at most {} character(s) long", "string"),
    "pattern": _pattern,
    "format": _format,
    "minItems": _bound("minItems", ge, "must have at least {} item(s)", "array"),
    "maxItems": _bound("maxItems", le, "must have at most {} item(s)", "array"),
    "uniqueItems": _unique_items,
    "prefixItems": _prefix_items,
    "items": _items,
    "contains": _contains,
    "unevaluatedItems": _unevaluated_items,
    "minProperties": _bound("minProperties", ge, "must have at least {} field(s)", "object"),
    "maxProperties": _bound("maxProperties", le, "must have at most {} field(s)", "object"),
    "required": _required,
    "dependentRequired": _dependent_required,
    "dependentSchemas": _dependent_schemas,
    "properties": _properties,
    "patternProperties": _pattern_properties,
    "additionalProperties": _additional_properties,
    "propertyNames": _property_names,
    "unevaluatedProperties": _unevaluated_properties,
    "allOf": _all_of,
    "anyOf": _any_of,
    "oneOf": _one_of,
    "not": _not,
    "if": _if,
    "$ref": _ref,
}


# ------------------------------------------------------------------------ well-formedness


def _count(arg: Any) -> bool:
    return is_integer(arg) and arg >= 0


def _names(arg: Any) -> bool:
    return isinstance(arg, list) and all(isinstance(n, str) for n in arg)


def _schema(arg: Any) -> bool:
    return isinstance(arg, bool | Mapping)


def _schemas(arg: Any) -> bool:
    return isinstance(arg, list) and bool(arg) and all(_schema(a) for a in arg)


def _schema_map(arg: Any) -> bool:
    return isinstance(arg, Mapping) and all(_schema(a) for a in arg.values())


def _type_names(arg: Any) -> bool:
    return (isinstance(arg, str) and arg in TYPES) or (_names(arg) and all(n in TYPES for n in arg))


# Every keyword this module knows, with what its value must be for the schema to make sense.
WELL_FORMED: Final[dict[str, Callable[[Any], bool]]] = {
    "type": _type_names,
    "enum": lambda a: isinstance(a, list),
    "const": lambda a: True,
    "multipleOf": lambda a: is_number(a) and a > 0,
    "minimum": is_number,
    "maximum": is_number,
    "exclusiveMinimum": is_number,
    "exclusiveMaximum": is_number,
    "minLength": _count,
    "maxLength": _count,
    "pattern": is_string,
    "format": is_string,
    "minItems": _count,
    "maxItems": _count,
    "uniqueItems": lambda a: isinstance(a, bool),
    "contains": _schema,
    "minContains": _count,
    "maxContains": _count,
    "minProperties": _count,
    "maxProperties": _count,
    "required": _names,
    "dependentRequired": lambda a: isinstance(a, Mapping) and all(_names(v) for v in a.values()),
    "dependentSchemas": _schema_map,
    "properties": _schema_map,
    "patternProperties": _schema_map,
    "additionalProperties": _schema,
    "propertyNames": _schema,
    "items": _schema,
    "prefixItems": _schemas,
    "allOf": _schemas,
    "anyOf": _schemas,
    "oneOf": _schemas,
    "not": _schema,
    "if": _schema,
    "then": _schema,
    "else": _schema,
    "$ref": is_string,
    "$defs": _schema_map,
    "definitions": _schema_map,
    "unevaluatedProperties": _schema,
    "unevaluatedItems": _schema,
}


# ------------------------------------------------------------------------ evaluated names


def collector(doc: SchemaDocument, node: Node, own: bool) -> Collect:
    """What `node` evaluates of an object (its names) or array (its indexes); True for all.

    Only in-place subschemas that the value passes count (anyOf, oneOf, if), as 2020-12 drops
    the annotations of a failed subschema.
    """
    schema = node.schema
    if not isinstance(schema, Mapping):
        return lambda value: set()
    if own and ("unevaluatedProperties" in schema or "unevaluatedItems" in schema):
        whole = doc.compile(node)
        rest = doc.collector(node, own=False)
        every_props = "unevaluatedProperties" in schema
        every_items = "unevaluatedItems" in schema

        def everything(value: Any) -> set[Any] | Literal[True]:
            if (every_props and is_object(value)) or (every_items and is_array(value)):
                return True if passes(whole, value) else rest(value)
            return rest(value)

        return everything
    parts: list[Collect] = []
    names = set(schema.get("properties", {}))
    searches = [compile_pattern(p).search for p in schema.get("patternProperties", {})]
    all_names = "additionalProperties" in schema
    prefix = len(schema.get("prefixItems", []))
    all_items = "items" in schema
    contains = doc.sub(node, "contains", schema["contains"]) if "contains" in schema else None
    if "$ref" in schema:
        parts.append(doc.collector(doc.target(schema["$ref"], node.base)))
    for i, sub in enumerate(schema.get("allOf", [])):
        parts.append(doc.collector(node.child(f"allOf/{i}", sub)))
    guarded: list[tuple[Check, Collect]] = []
    for keyword in ("anyOf", "oneOf"):
        for i, sub in enumerate(schema.get(keyword, [])):
            child = node.child(f"{keyword}/{i}", sub)
            guarded.append((doc.compile(child), doc.collector(child)))
    if "if" in schema:
        test = node.child("if", schema["if"])
        then = node.child("then", schema.get("then", True))
        otherwise = node.child("else", schema.get("else", True))
        condition, then_seen = doc.compile(test), doc.collector(test)
        chosen = (doc.collector(then), doc.collector(otherwise))
        parts.append(
            lambda value: _union(
                [then_seen(value), chosen[0](value)]
                if passes(condition, value)
                else [chosen[1](value)]
            )
        )
    dependent = [
        (name, doc.collector(node.child(f"dependentSchemas/{_step(name)}", sub)))
        for name, sub in schema.get("dependentSchemas", {}).items()
    ]

    def collect(value: Any) -> set[Any] | Literal[True]:
        found: list[set[Any] | Literal[True]] = [part(value) for part in parts]
        found += [seen(value) for check, seen in guarded if passes(check, value)]
        if is_object(value):
            if all_names:
                return True
            found.append({n for n in value if n in names or any(s(name_text(n)) for s in searches)})
            found += [seen(value) for name, seen in dependent if name in value]
        elif is_array(value):
            if all_items:
                return True
            evaluated = set(range(min(prefix, len(value))))
            if contains is not None:
                evaluated |= {i for i, item in enumerate(value) if passes(contains, item)}
            found.append(evaluated)
        return _union(found)

    return collect


def _union(found: list[set[Any] | Literal[True]]) -> set[Any] | Literal[True]:
    total: set[Any] = set()
    for part in found:
        if part is True:
            return True
        total |= part
    return total
