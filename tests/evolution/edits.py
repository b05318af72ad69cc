"""Single structural edits of openapi.yaml, one small function each.

An edit changes the loaded spec in place. It finds what it changes by its shape (the array of
the request, its bounded integer, the schema carrying x-task-life), never by today's field
names, so the edits still apply after the spec has moved on. New fields get new names. An edit
that adds a required field also fills it into the spec's request examples, as an author would:
the edit is one change to the contract, not a broken spec.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

JSON = Any
Spec = dict[str, JSON]
Edit = Callable[[Spec], None]

EDITS: dict[str, Edit] = {}
# One edit of each kind of change the project must follow: in CI, where time allows only some
# copies to run their whole test suite, these copies do (`--suite-for core`).
CORE: frozenset[str] = frozenset(
    (
        "unchanged",
        "string-max-length",
        "string-min-length",
        "string-pattern",
        "string-format-uri",
        "string-format-date-time",
        "string-format-email",
        "number-multiple-of",
        "number-exclusive-bounds",
        "integer-maximum-larger",
        "array-unique-items",
        "array-contains",
        "array-max-items-smaller",
        "object-nested-optional",
        "object-additional-properties-false",
        "object-min-properties",
        "object-dependent-required",
        "composition-any-of",
        "composition-one-of",
        "composition-not",
        "composition-if-then-else",
        "const",
        "new-optional-string",
        "new-optional-string-with-default",
        "new-optional-integer",
        "new-optional-integer-with-default",
        "new-optional-number",
        "new-optional-number-with-default",
        "new-optional-boolean",
        "new-optional-boolean-with-default",
        "new-optional-array",
        "new-optional-array-with-default",
        "new-optional-object",
        "new-optional-object-with-default",
        "new-required-field",
        "changed-default",
        "enum-value-added",
        "enum-value-removed",
        "new-final-status",
        "moved-create-path",
    )
)


def edit(function: Edit) -> Edit:
    """Register an edit under its name, with dashes: `array_unique_items` -> array-unique-items."""
    EDITS[function.__name__.replace("_", "-")] = function
    return function


# --- finding things by shape -------------------------------------------------------------------


def deref(doc: Spec, node: JSON) -> JSON:
    """The schema `node` stands for: local $refs followed, a lone allOf around one unwrapped.
    The result is the dict inside `doc`, so changing it changes the spec."""
    while isinstance(node, dict):
        if "$ref" in node:
            target: JSON = doc
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            node = target
        elif len(node.get("allOf", [])) == 1 and "type" not in node:
            node = node["allOf"][0]
        else:
            return node
    return node


def _operations(doc: Spec) -> Iterator[tuple[str, str, JSON]]:
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def create_path(doc: Spec) -> str:
    """The path of the one operation that takes a request body."""
    [path] = [p for p, _, op in _operations(doc) if "requestBody" in op]
    return path


def request(doc: Spec) -> JSON:
    """The request body's schema."""
    [operation] = [op for _, _, op in _operations(doc) if "requestBody" in op]
    return deref(doc, operation["requestBody"]["content"]["application/json"]["schema"])


def _first(doc: Spec, node: JSON, test: Callable[[JSON], bool], skip: int = 0) -> JSON:
    """The schema of the first property of `node` that passes `test` (after `skip` of them)."""
    found = [s for s in (deref(doc, p) for p in node["properties"].values()) if test(s)]
    return found[skip]


def _plain(kind: str) -> Callable[[JSON], bool]:
    return lambda s: s.get("type") == kind and "enum" not in s


def text_field(doc: Spec) -> JSON:
    """The request's first free-text field."""
    return _first(doc, request(doc), _plain("string"))


def array_field(doc: Spec) -> JSON:
    return _first(doc, request(doc), _plain("array"))


def items(doc: Spec) -> JSON:
    """The schema of an item of the request's array."""
    return deref(doc, array_field(doc)["items"])


def bounded_integer(doc: Spec) -> JSON:
    return _first(doc, request(doc), lambda s: _plain("integer")(s) and "maximum" in s)


def enum_field(doc: Spec, last: bool = False) -> JSON:
    """The request's first (or last) field with an enum, resolved to the enum's schema."""
    found = [deref(doc, p) for p in request(doc)["properties"].values()]
    return [s for s in found if "enum" in s][-1 if last else 0]


def add_field(doc: Spec, name: str, schema: JSON, required: bool = False) -> None:
    """A new field of the request; a required one is added to every request example too."""
    body = request(doc)
    body["properties"][name] = schema
    if required:
        body["required"] = [*body.get("required", []), name]
        for example in request_examples(doc):
            example[name] = schema["enum"][0] if "enum" in schema else "evolved"


def request_examples(doc: Spec) -> list[JSON]:
    [operation] = [op for _, _, op in _operations(doc) if "requestBody" in op]
    media = operation["requestBody"]["content"]["application/json"]
    found = [media["example"]] if "example" in media else []
    return found + [example["value"] for example in media.get("examples", {}).values()]


def add_enum_value(schema: JSON, value: str, varname: str) -> None:
    schema["enum"] = [*schema["enum"], value]
    if "x-enum-varnames" in schema:
        schema["x-enum-varnames"] = [*schema["x-enum-varnames"], varname]


def _task_life_schema(doc: Spec) -> JSON:
    [found] = [s for s in doc["components"]["schemas"].values() if "x-task-life" in s]
    return found


# --- the control -------------------------------------------------------------------------------


@edit
def unchanged(doc: Spec) -> None:
    """No change: the spec only loaded and dumped again. Shows the harness itself passes."""


# --- string keywords ---------------------------------------------------------------------------


@edit
def string_max_length(doc: Spec) -> None:
    text_field(doc)["maxLength"] = 500


@edit
def string_min_length(doc: Spec) -> None:
    _first(doc, items(doc), _plain("string"))["minLength"] = 2


@edit
def string_pattern(doc: Spec) -> None:
    _first(doc, items(doc), _plain("string"))["pattern"] = "^[A-Za-z][A-Za-z0-9_]*$"


@edit
def string_format_uri(doc: Spec) -> None:
    _first(doc, items(doc), _plain("string"), skip=1)["format"] = "uri"


@edit
def string_format_date_time(doc: Spec) -> None:
    add_field(doc, "publish_at", {"type": "string", "format": "date-time"})


@edit
def string_format_email(doc: Spec) -> None:
    add_field(doc, "notify_email", {"type": "string", "format": "email"})


# --- number keywords ---------------------------------------------------------------------------


@edit
def number_multiple_of(doc: Spec) -> None:
    """The bounded integer becomes a number in half steps."""
    field = bounded_integer(doc)
    field["type"] = "number"
    field["multipleOf"] = 0.5


@edit
def number_exclusive_bounds(doc: Spec) -> None:
    """The same integers allowed, said with exclusiveMinimum and exclusiveMaximum."""
    field = bounded_integer(doc)
    field["exclusiveMinimum"] = field.pop("minimum") - 1
    field["exclusiveMaximum"] = field.pop("maximum") + 1


@edit
def integer_maximum_larger(doc: Spec) -> None:
    bounded_integer(doc)["maximum"] += 5


# --- array keywords ----------------------------------------------------------------------------


@edit
def array_unique_items(doc: Spec) -> None:
    array_field(doc)["uniqueItems"] = True


@edit
def array_contains(doc: Spec) -> None:
    """At least one item has the first value of the items' first enum."""
    item = items(doc)
    for name, node in item["properties"].items():
        values = deref(doc, node).get("enum")
        if values:
            array_field(doc)["contains"] = {
                "properties": {name: {"const": values[0]}},
                "required": [name],
            }
            return
    raise LookupError("the items have no enum field")


@edit
def array_max_items_smaller(doc: Spec) -> None:
    field = array_field(doc)
    field["maxItems"] = max(field.get("minItems", 0), field["maxItems"] - 2)


# --- object keywords ---------------------------------------------------------------------------


@edit
def object_nested_optional(doc: Spec) -> None:
    movement = {"type": "string", "enum": ["static", "pan", "zoom"]}
    camera = {"type": "object", "required": ["movement"], "properties": {"movement": movement}}
    add_field(doc, "camera", camera)


@edit
def object_additional_properties_false(doc: Spec) -> None:
    request(doc)["additionalProperties"] = False


@edit
def object_min_properties(doc: Spec) -> None:
    """A new optional object that, when given, must hold at least one of its fields."""
    labels = {
        "type": "object",
        "minProperties": 1,
        "properties": {"title": {"type": "string"}, "author": {"type": "string"}},
    }
    add_field(doc, "labels", labels)


@edit
def object_dependent_required(doc: Spec) -> None:
    """Two new optional fields without defaults; the secret needs the URL."""
    add_field(doc, "callback_url", {"type": "string"})
    add_field(doc, "callback_secret", {"type": "string"})
    request(doc)["dependentRequired"] = {"callback_secret": ["callback_url"]}


# --- composition and const ---------------------------------------------------------------------


@edit
def composition_any_of(doc: Spec) -> None:
    seed = {
        "anyOf": [
            {"type": "integer", "minimum": 0, "maximum": 2147483647},
            {"type": "string", "enum": ["random"]},
        ]
    }
    add_field(doc, "seed", seed)


@edit
def composition_one_of(doc: Spec) -> None:
    speed = {
        "oneOf": [
            {"type": "integer", "minimum": 1, "maximum": 10},
            {"type": "string", "enum": ["slow", "fast"]},
        ]
    }
    add_field(doc, "camera_speed", speed)


@edit
def composition_not(doc: Spec) -> None:
    """The free text may not be empty."""
    text_field(doc)["not"] = {"enum": [""]}


@edit
def composition_if_then_else(doc: Spec) -> None:
    """With the first boolean on, the bounded integer's maximum is lower."""
    body = request(doc)
    flag = next(n for n, p in body["properties"].items() if deref(doc, p).get("type") == "boolean")
    number = next(n for n, p in body["properties"].items() if deref(doc, p) is bounded_integer(doc))
    limit = bounded_integer(doc)
    body["if"] = {"properties": {flag: {"const": True}}, "required": [flag]}
    body["then"] = {
        "properties": {number: {"maximum": max(limit["minimum"], limit["maximum"] - 5)}}
    }
    body["else"] = {"properties": {number: {"maximum": limit["maximum"]}}}


@edit
def const(doc: Spec) -> None:
    add_field(doc, "model_version", {"type": "string", "const": "c1"})


# --- new fields of each JSON type ---------------------------------------------------------------

_NEW_FIELDS: dict[str, tuple[JSON, JSON]] = {
    "string": ({"type": "string"}, "cinematic"),
    "integer": ({"type": "integer"}, 0),
    "number": ({"type": "number"}, 0.5),
    "boolean": ({"type": "boolean"}, True),
    "array": ({"type": "array", "items": {"type": "string"}}, []),
    "object": ({"type": "object", "properties": {"note": {"type": "string"}}}, {}),
}


def _new_field(kind: str, with_default: bool) -> Edit:
    def apply(doc: Spec) -> None:
        schema, default = _NEW_FIELDS[kind]
        add_field(
            doc, f"extra_{kind}", {**schema, **({"default": default} if with_default else {})}
        )

    apply.__doc__ = (
        f"A new optional {kind} field, {'with' if with_default else 'without'} a default."
    )
    apply.__name__ = f"new_optional_{kind}" + ("_with_default" if with_default else "")
    return apply


for _kind in _NEW_FIELDS:
    for _with_default in (False, True):
        edit(_new_field(_kind, _with_default))


@edit
def new_required_field(doc: Spec) -> None:
    add_field(doc, "style", {"type": "string"}, required=True)


# --- defaults, enums, statuses, paths ----------------------------------------------------------


@edit
def changed_default(doc: Spec) -> None:
    """The bounded integer's default moves by one, within its bounds."""
    field = bounded_integer(doc)
    field["default"] += 1 if field["default"] < field["maximum"] else -1


@edit
def enum_value_added(doc: Spec) -> None:
    add_enum_value(enum_field(doc), "2160p", "P2160")


@edit
def enum_value_removed(doc: Spec) -> None:
    """The last enum's last value that no default or example uses goes."""
    schema = enum_field(doc, last=True)
    used = [deref(doc, p).get("default") for p in request(doc)["properties"].values()]
    used += [p.get("default") for p in request(doc)["properties"].values()]
    used += [v for example in request_examples(doc) for v in example.values()]
    index = max(i for i, value in enumerate(schema["enum"]) if value not in used)
    for key in ("enum", "x-enum-varnames"):
        if key in schema:
            schema[key] = [v for i, v in enumerate(schema[key]) if i != index]


@edit
def new_final_status(doc: Spec) -> None:
    """TASK_STATUS_CANCELED: in the status enum, final, ranked with the other final ones."""
    life = _task_life_schema(doc)["x-task-life"]
    status = "TASK_STATUS_CANCELED"
    for schema in doc["components"]["schemas"].values():
        if set(life["final"]) <= set(schema.get("enum", [])):
            add_enum_value(schema, status, "CANCELED")
    life["rank"][status] = max(life["rank"].values())
    life["final"] = [*life["final"], status]


@edit
def moved_create_path(doc: Spec) -> None:
    old = create_path(doc)
    doc["paths"] = {(old + "-v2" if p == old else p): item for p, item in doc["paths"].items()}
