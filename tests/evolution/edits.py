"""Single structural edits of openapi.yaml, one small function each.

An edit changes the loaded spec in place. It finds what it changes by its shape (the array of
the request, its bounded integer, the schema carrying x-task-life), never by today's field
names, so the edits still apply after the spec has moved on. New fields get new names. An edit
that adds a required field also fills it into the spec's request examples, as an author would:
the edit is one change to the contract, not a broken spec.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

JSON = Any
Spec = dict[str, JSON]
Edit = Callable[[Spec], None]

EDITS: dict[str, Edit] = {}
# Edits the project does not follow yet, each with the gap it shows. They run like the others
# and are reported as GAP, not counted as failures; one that passes is reported, to be removed.
KNOWN_GAPS: dict[str, str] = {
    "poll-by-post-body": (
        "the client sends a task's id as a query, path or header parameter, not in a body: "
        "`make generate` refuses a second operation with a request body"
    ),
    "answers-enveloped": (
        "the client finds the task at the top of the result or in one of its properties, and "
        "the created task's id at the top of the create answer: `make generate` refuses both "
        "deeper, naming the schema"
    ),
    "task-id-integer": (
        "the client takes and gives a task id as a string: `make generate` refuses an integer "
        "id, naming the schema and the field"
    ),
    "query-array-parameter": (
        "the client sends a parameter as one string, integer, number or boolean: `make "
        "generate` refuses an array, naming the parameter"
    ),
    "cookie-parameter": (
        "the client sends parameters in the path, the query and the headers: `make generate` "
        "refuses a cookie parameter, naming it"
    ),
    "outputs-as-urls": (
        "an output is an object holding its URL: `make generate` refuses outputs given as bare "
        "strings, naming the schema"
    ),
}
# Edits that write what the spec's own dialect does not mean, each with the words that
# `make generate` must refuse it with: the author learns what to write instead. Each passes
# when generation stops with those words, and fails otherwise.
REFUSED: dict[str, str] = {
    "nullable-keyword": "in 3.1 write type: [..., 'null']",
}
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
        "schemas-renamed",
        "status-field-renamed",
        "operation-ids-renamed",
    )
)


def edit(function: Edit) -> Edit:
    """Register an edit under its name, with dashes: `array_unique_items` -> array-unique-items."""
    EDITS[function.__name__.replace("_", "-")] = function
    return function


# --- finding things by shape -------------------------------------------------------------------


def deref(doc: Spec, node: JSON) -> JSON:
    """The schema `node` stands for: local $refs followed, a lone allOf around one unwrapped.
    The result is the dict inside `doc`, so changing it changes the spec; a boolean schema
    gives a new empty dict, which no edit finds by its keywords."""
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
    return {} if isinstance(node, bool) else node


_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def _operations(doc: Spec) -> Iterator[tuple[str, str, JSON]]:
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            if method in _METHODS:
                yield path, method, operation


def _polls(doc: Spec) -> list[tuple[str, JSON]]:
    """(path, operation) of the task-result poll: the operation without a request body whose
    success answer has a body (another, a cancel say, answers 204), or one with a body whose
    answer holds the task's state."""
    return [
        (path, op)
        for path, _, op in _operations(doc)
        if ("requestBody" not in op or _answers_task(doc, op))
        and any(
            str(s).startswith("2") and "content" in deref(doc, a)
            for s, a in op["responses"].items()
        )
    ]


def _answers_task(doc: Spec, operation: JSON) -> bool:
    """Whether the operation's 200 answer is, or holds in a property, the x-task-life schema."""
    answer = deref(doc, operation["responses"].get("200", {}))
    media = json_media(answer.get("content", {})) or {}
    schema = deref(doc, media.get("schema", {}))
    inner = [deref(doc, p) for p in schema.get("properties", {}).values()]
    return any("x-task-life" in s for s in [schema, *inner] if isinstance(s, dict))


def create_operation(doc: Spec) -> JSON:
    """The create call: the one operation with a request body that is no poll."""
    [found] = [
        op for _, _, op in _operations(doc) if "requestBody" in op and not _answers_task(doc, op)
    ]
    return found


def json_media(content: JSON) -> JSON:
    """The JSON entry of a body's `content`, its media type maybe with parameters
    (`application/json; charset=utf-8`); None if it has none."""
    found = [m for t, m in content.items() if t.split(";")[0].strip().lower() == "application/json"]
    return found[0] if found else None


def create_path(doc: Spec) -> str:
    """The path of the create call."""
    [path] = [p for p, _, op in _operations(doc) if op is create_operation(doc)]
    return path


def request(doc: Spec) -> JSON:
    """The request body's schema."""
    operation = create_operation(doc)
    return deref(doc, json_media(operation["requestBody"]["content"])["schema"])


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
    operation = create_operation(doc)
    media = json_media(operation["requestBody"]["content"])
    found = [media["example"]] if "example" in media else []
    given = [e for e in media.get("examples", {}).values() if "value" in e]  # not externalValue
    return found + [example["value"] for example in given]


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
    used += [p.get("default") for p in request(doc)["properties"].values() if isinstance(p, dict)]
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


# --- renames and shapes an author makes in one go ---------------------------------------------


def _replace_everywhere(node: JSON, old: str, new: str) -> JSON:
    """`node` with every string and mapping key equal to `old` spelt `new`."""
    if isinstance(node, dict):
        return {(new if k == old else k): _replace_everywhere(v, old, new) for k, v in node.items()}
    if isinstance(node, list):
        return [_replace_everywhere(each, old, new) for each in node]
    return new if node == old else node


@edit
def success_status_renamed(doc: Spec) -> None:
    """The success status gets another name, wherever the spec spells it (enum, x-task-life,
    x-required-when, examples)."""
    old = _task_life_schema(doc)["x-task-life"]["succeeded"]
    doc.update(_replace_everywhere(doc, old, old + "ED"))


@edit
def field_renamed(doc: Spec) -> None:
    """The bounded integer field is renamed, in the schema, the examples and the x- notes."""
    body = request(doc)
    [old] = [n for n, p in body["properties"].items() if deref(doc, p) is bounded_integer(doc)]
    new = old + "_value"
    operation = create_operation(doc)
    operation.update(_replace_everywhere(operation, old, new))
    body.update(_replace_everywhere(body, old, new))


@edit
def new_optional_number_with_float_bounds(doc: Spec) -> None:
    """A playback speed: a number from 0.25 to 2.5, 1.0 by default."""
    add_field(doc, "speed", {"type": "number", "minimum": 0.25, "maximum": 2.5, "default": 1.0})


@edit
def new_optional_array_of_arrays(doc: Spec) -> None:
    """Up to 4 distinct points, each a pair of integers from 0 to 100."""
    point = {
        "type": "array",
        "items": {"type": "integer", "minimum": 0, "maximum": 100},
        "minItems": 2,
        "maxItems": 2,
    }
    add_field(doc, "path", {"type": "array", "items": point, "maxItems": 4, "uniqueItems": True})


@edit
def new_required_object(doc: Spec) -> None:
    """A required output object with a required enum and an optional integer enum."""
    output = {
        "type": "object",
        "required": ["container"],
        "properties": {
            "container": {"type": "string", "enum": ["mp4", "webm"]},
            "fps": {"type": "integer", "enum": [24, 30, 60]},
        },
        "additionalProperties": False,
    }
    add_field(doc, "output", output)
    body = request(doc)
    body["required"] = [*body.get("required", []), "output"]
    for example in request_examples(doc):
        example["output"] = {"container": "mp4"}


@edit
def new_optional_nullable_enum(doc: Spec) -> None:
    add_field(doc, "quality", {"type": ["string", "null"], "enum": ["draft", "final", None]})


@edit
def text_max_length_short(doc: Spec) -> None:
    """The free text may have at most 40 characters: mentions must fit."""
    text_field(doc)["maxLength"] = 40


# --- novel edits: keyword families and places the edits above leave out ----------------------


def _items_text(doc: Spec, skip: int = 0) -> JSON:
    """The (skip+1)th free-text field of an item of the request's array."""
    return _first(doc, items(doc), _plain("string"), skip=skip)


def _optional_enum_name(doc: Spec) -> str:
    """The name of the request's first optional field whose schema has an enum."""
    body = request(doc)
    name: str = next(
        n
        for n, p in body["properties"].items()
        if n not in body.get("required", []) and "enum" in deref(doc, p)
    )
    return name


def _result_schema(doc: Spec) -> JSON:
    """The 200 body schema of the operation without a request body (the task result)."""
    [(_, operation)] = _polls(doc)
    return deref(doc, operation["responses"]["200"]["content"]["application/json"]["schema"])


@edit
def item_string_max_length(doc: Spec) -> None:
    """The items' name field may have at most 20 characters."""
    _items_text(doc)["maxLength"] = 20


@edit
def text_min_length(doc: Spec) -> None:
    """The free text must have at least 5 characters."""
    text_field(doc)["minLength"] = 5


@edit
def text_pattern(doc: Spec) -> None:
    """The free text may not hold angle brackets."""
    text_field(doc)["pattern"] = "^[^<>]*$"


@edit
def string_format_uuid(doc: Spec) -> None:
    add_field(doc, "client_request_id", {"type": "string", "format": "uuid"})


@edit
def string_format_hostname(doc: Spec) -> None:
    add_field(doc, "callback_host", {"type": "string", "format": "hostname"})


@edit
def string_format_duration(doc: Spec) -> None:
    """An ISO 8601 duration (format: duration, JSON Schema 2020-12)."""
    add_field(doc, "max_queue_time", {"type": "string", "format": "duration"})


@edit
def string_format_date(doc: Spec) -> None:
    add_field(doc, "release_date", {"type": "string", "format": "date"})


@edit
def string_format_time(doc: Spec) -> None:
    add_field(doc, "release_time", {"type": "string", "format": "time"})


@edit
def string_format_ipv4(doc: Spec) -> None:
    add_field(doc, "origin_ipv4", {"type": "string", "format": "ipv4"})


@edit
def string_format_ipv6(doc: Spec) -> None:
    add_field(doc, "origin_ipv6", {"type": "string", "format": "ipv6"})


@edit
def string_format_uri_reference(doc: Spec) -> None:
    """A relative reference is allowed as well as a URI, on the array's items."""
    items(doc)["properties"]["thumbnail_ref"] = {"type": "string", "format": "uri-reference"}


@edit
def nullable_integer(doc: Spec) -> None:
    """The bounded integer may also be null (OpenAPI 3.1's nullable: a type list)."""
    bounded_integer(doc)["type"] = ["integer", "null"]


@edit
def new_optional_nullable_string(doc: Spec) -> None:
    add_field(doc, "negative_prompt", {"type": ["string", "null"], "maxLength": 200})


@edit
def new_field_ref_component(doc: Spec) -> None:
    """A new optional object field, by $ref to a new component with a required enum field and
    a bounded integer."""
    doc["components"]["schemas"]["CameraControl"] = {
        "type": "object",
        "required": ["movement"],
        "properties": {
            "movement": {"type": "string", "enum": ["static", "pan_left", "pan_right", "zoom_in"]},
            "strength": {"type": "integer", "minimum": 1, "maximum": 10, "default": 5},
        },
    }
    add_field(doc, "camera_control", {"$ref": "#/components/schemas/CameraControl"})


@edit
def new_field_ref_defs(doc: Spec) -> None:
    """A new optional enum field by $ref to $defs of the request schema."""
    body = request(doc)
    body.setdefault("$defs", {})["Style"] = {
        "type": "string",
        "enum": ["realistic", "anime", "clay"],
    }
    add_field(doc, "style", {"$ref": "#/components/schemas/CreateTaskRequest/$defs/Style"})


@edit
def array_of_objects_required(doc: Spec) -> None:
    """A new optional array of keyframes, each an object with two required fields."""
    keyframe = {
        "type": "object",
        "required": ["at", "text"],
        "properties": {
            "at": {"type": "integer", "minimum": 0, "maximum": 15},
            "text": {"type": "string", "minLength": 1, "maxLength": 100},
        },
    }
    add_field(doc, "keyframes", {"type": "array", "maxItems": 4, "items": keyframe})


@edit
def array_prefix_items(doc: Spec) -> None:
    """A new optional tuple: a focus point of two numbers in [0, 1], nothing after them."""
    unit = {"type": "number", "minimum": 0, "maximum": 1}
    focus = {
        "type": "array",
        "prefixItems": [unit, unit],
        "minItems": 2,
        "maxItems": 2,
    }
    add_field(doc, "focus_point", focus)


@edit
def array_max_contains(doc: Spec) -> None:
    """At most one item has the last value of the items' first enum (none is fine)."""
    item = items(doc)
    for name, node in item["properties"].items():
        values = deref(doc, node).get("enum")
        if values:
            field = array_field(doc)
            field["contains"] = {"properties": {name: {"const": values[-1]}}, "required": [name]}
            field["minContains"] = 0
            field["maxContains"] = 1
            return
    raise LookupError("the items have no enum field")


@edit
def array_min_items_larger(doc: Spec) -> None:
    """The array needs one more item than before."""
    field = array_field(doc)
    field["minItems"] = min(field.get("minItems", 0) + 1, field["maxItems"])
    name = next(n for n, p in request(doc)["properties"].items() if deref(doc, p) is field)
    texts = [n for n, p in items(doc)["properties"].items() if _plain("string")(deref(doc, p))]
    for example in request_examples(doc):  # as an author would: each example has enough items
        given = example.get(name, [])
        while given and len(given) < field["minItems"]:
            number = len(given) + 1
            given.append({k: f"{v}{number}" if k in texts else v for k, v in given[-1].items()})


@edit
def object_property_names(doc: Spec) -> None:
    """A new optional string map, its keys lower-case identifiers, at most 8 entries."""
    metadata = {
        "type": "object",
        "propertyNames": {"pattern": "^[a-z][a-z0-9_]{0,31}$"},
        "additionalProperties": {"type": "string", "maxLength": 64},
        "maxProperties": 8,
    }
    add_field(doc, "metadata", metadata)


@edit
def object_pattern_properties(doc: Spec) -> None:
    """A new optional object whose only fields are x-... strings."""
    tags = {
        "type": "object",
        "patternProperties": {"^x-[a-z]+$": {"type": "string"}},
        "additionalProperties": False,
    }
    add_field(doc, "tags", tags)


@edit
def object_dependent_schemas(doc: Spec) -> None:
    """Two new optional fields; given the URL, the secret is required and long."""
    add_field(doc, "webhook_url", {"type": "string"})
    add_field(doc, "webhook_secret", {"type": "string"})
    request(doc)["dependentSchemas"] = {
        "webhook_url": {
            "required": ["webhook_secret"],
            "properties": {"webhook_secret": {"minLength": 16}},
        }
    }


@edit
def integer_enum(doc: Spec) -> None:
    """The bounded integer becomes a choice of its minimum, default and maximum."""
    field = bounded_integer(doc)
    field["enum"] = sorted({field.pop("minimum"), field["default"], field.pop("maximum")})


@edit
def new_optional_integer_enum(doc: Spec) -> None:
    add_field(doc, "fps", {"type": "integer", "enum": [24, 30, 60], "default": 24})


@edit
def new_required_enum_field(doc: Spec) -> None:
    add_field(doc, "quality", {"type": "string", "enum": ["standard", "high"]}, required=True)


@edit
def enum_default_changed(doc: Spec) -> None:
    """The first optional enum field's default becomes its enum's last value."""
    body = request(doc)
    name = _optional_enum_name(doc)
    body["properties"][name]["default"] = deref(doc, body["properties"][name])["enum"][-1]


@edit
def optional_field_removed(doc: Spec) -> None:
    """The last optional field goes, from the schema, the examples and x- lists naming it."""
    body = request(doc)
    name = [n for n in body["properties"] if n not in body.get("required", [])][-1]
    del body["properties"][name]
    for example in request_examples(doc):
        example.pop(name, None)
    for value in body.values():
        if isinstance(value, dict):
            for key, listed in value.items():
                if isinstance(listed, list) and name in listed:
                    value[key] = [v for v in listed if v != name]


@edit
def deprecated_field(doc: Spec) -> None:
    """The first optional enum field is deprecated, with a new description and examples."""
    body = request(doc)
    node = body["properties"][_optional_enum_name(doc)]
    node["deprecated"] = True
    node["description"] = "Deprecated: the server picks it."
    node["examples"] = [deref(doc, node)["enum"][0]]


@edit
def new_nonfinal_status(doc: Spec) -> None:
    """TASK_STATUS_POSTPROCESSING: after the last non-final status, before the final ones."""
    life = _task_life_schema(doc)["x-task-life"]
    status = "TASK_STATUS_POSTPROCESSING"
    for schema in doc["components"]["schemas"].values():
        if set(life["final"]) <= set(schema.get("enum", [])):
            add_enum_value(schema, status, "POSTPROCESSING")
    top = max(r for s, r in life["rank"].items() if s not in life["final"])
    life["rank"] = {s: (r + 1 if s in life["final"] else r) for s, r in life["rank"].items()}
    life["rank"][status] = top + 1


@edit
def response_new_required_field(doc: Spec) -> None:
    """The task (the schema with x-task-life) always carries its creation time."""
    task = _task_life_schema(doc)
    task["properties"]["created_at"] = {"type": "string", "format": "date-time"}
    task["required"] = [*task.get("required", []), "created_at"]
    [(_, operation)] = _polls(doc)
    media = operation["responses"]["200"]["content"]["application/json"]
    for example in media.get("examples", {}).values():
        example["value"]["task"]["created_at"] = "2024-01-01T00:00:00Z"


@edit
def response_field_type_narrowed(doc: Spec) -> None:
    """A field of the result's array items that allowed two types now allows the first only."""
    result = _result_schema(doc)
    for array, node in result["properties"].items():
        node = deref(doc, node)
        if node.get("type") != "array":
            continue
        for name, field in deref(doc, node["items"]).get("properties", {}).items():
            if isinstance(field.get("type"), list) and "integer" in field["type"]:
                field["type"] = "integer"
                field.pop("x-interpretation", None)
                # as an author would: the examples give it as an integer too
                [(_, operation)] = _polls(doc)
                media = operation["responses"]["200"]["content"]["application/json"]
                for example in media.get("examples", {}).values():
                    for item in example["value"].get(array, []):
                        if isinstance(item.get(name), str):
                            item[name] = int(item[name])
                return
    raise LookupError("no result field with a type list that allows integers")


@edit
def moved_result_path(doc: Spec) -> None:
    [(old, _)] = _polls(doc)
    doc["paths"] = {(p + "-v2" if p == old else p): item for p, item in doc["paths"].items()}


@edit
def server_url_with_path(doc: Spec) -> None:
    doc["servers"] = [{"url": doc["servers"][0]["url"].rstrip("/") + "/openapi"}]


@edit
def new_error_status(doc: Spec) -> None:
    """The create call declares 402 Payment Required, with the error body."""
    operation = create_operation(doc)
    [error_ref] = {
        deref(doc, r)["content"]["application/json"]["schema"]["$ref"]
        for s, r in operation["responses"].items()
        if s.startswith("4")
    }
    example = {"code": 402, "reason": "PAYMENT_REQUIRED", "message": "the balance is too low"}
    operation["responses"]["402"] = {
        "description": "The balance is too low.",
        "content": {"application/json": {"schema": {"$ref": error_ref}, "example": example}},
    }


@edit
def examples_dropped(doc: Spec) -> None:
    """Every example of every request and answer is dropped: nothing may lean on them."""
    for _, _, operation in _operations(doc):
        medias = [json_media(operation.get("requestBody", {}).get("content", {}))]
        for answer in operation.get("responses", {}).values():
            medias.append(deref(doc, answer).get("content", {}).get("application/json"))
        for media in medias:
            if isinstance(media, dict):
                media.pop("example", None)
                media.pop("examples", None)


@edit
def new_unrelated_operation(doc: Spec) -> None:
    """A call the client does not make joins the spec: the account's balance."""
    doc["paths"]["/v3/account/balance"] = {
        "get": {
            "operationId": "get_balance",
            "summary": "The account's balance.",
            "responses": {
                "200": {
                    "description": "The balance.",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {"credits": {"type": "number"}},
                            }
                        }
                    },
                }
            },
        }
    }


@edit
def error_new_required_field(doc: Spec) -> None:
    """Every error body must carry a request id."""
    operation = create_operation(doc)
    refs = {
        deref(doc, answer)["content"]["application/json"]["schema"]["$ref"]
        for status, answer in operation["responses"].items()
        if status.startswith("4")
    }
    for ref in refs:
        error = deref(doc, {"$ref": ref})
        error.setdefault("properties", {})["request_id"] = {"type": "string", "minLength": 8}
        error["required"] = [*error.get("required", []), "request_id"]


@edit
def create_answers_201(doc: Spec) -> None:
    """The create call answers 201 Created instead of 200, the same body."""
    operation = create_operation(doc)
    operation["responses"] = {
        ("201" if status == "200" else status): answer
        for status, answer in operation["responses"].items()
    }


@edit
def item_new_optional_field(doc: Spec) -> None:
    """The array's items gain an optional bounded number with a default."""
    items(doc)["properties"]["weight"] = {
        "type": "number",
        "minimum": 0,
        "maximum": 1,
        "default": 1,
    }


@edit
def item_new_required_field(doc: Spec) -> None:
    """The array's items gain a required string, filled into every request example."""
    item = items(doc)
    item["properties"]["caption"] = {"type": "string", "maxLength": 200}
    item["required"] = [*item.get("required", []), "caption"]
    for example in request_examples(doc):
        for value in example.values():
            if isinstance(value, list):
                for entry in value:
                    if isinstance(entry, dict):
                        entry["caption"] = "evolved"


@edit
def mention_pattern_narrowed(doc: Spec) -> None:
    """x-mention-rule: a mention is @ and a run of word characters (so "@hero," names hero)."""
    rule = next(
        s["x-mention-rule"] for s in doc["components"]["schemas"].values() if "x-mention-rule" in s
    )
    rule["pattern"] = r"(?:^|(?<=\s))@([A-Za-z0-9_]+)"


@edit
def query_parameter_format(doc: Spec) -> None:
    """The query parameter of the result call must be a uuid."""
    for _, _, operation in _operations(doc):
        for parameter in operation.get("parameters", []):
            if parameter.get("in") == "query":
                parameter["schema"]["format"] = "uuid"


@edit
def composition_one_of_objects(doc: Spec) -> None:
    """A new optional field: one of two object shapes told apart by a const kind."""
    by_url = {
        "type": "object",
        "required": ["kind", "url"],
        "properties": {"kind": {"const": "url"}, "url": {"type": "string", "format": "uri"}},
    }
    by_name = {
        "type": "object",
        "required": ["kind", "name"],
        "properties": {
            "kind": {"const": "preset"},
            "name": {"type": "string", "enum": ["calm", "upbeat"]},
        },
    }
    add_field(doc, "soundtrack", {"oneOf": [by_url, by_name]})


@edit
def object_unevaluated_properties_false(doc: Spec) -> None:
    request(doc)["unevaluatedProperties"] = False


@edit
def new_optional_type_union(doc: Spec) -> None:
    """A new optional field that is a string or an integer (a type list)."""
    add_field(doc, "seed_value", {"type": ["string", "integer"], "minimum": 0, "maxLength": 32})


@edit
def all_of_ref_with_constraint(doc: Spec) -> None:
    """A new optional field: an existing enum component, less one value, by allOf."""
    body = request(doc)
    source = next(p for p in body["properties"].values() if isinstance(p, dict) and "allOf" in p)
    [ref] = source["allOf"]
    values = deref(doc, ref)["enum"]
    add_field(
        doc,
        "preview_" + _optional_enum_name(doc),
        {
            "allOf": [ref, {"not": {"const": values[-1]}}],
        },
    )


@edit
def required_field_made_optional(doc: Spec) -> None:
    """The last required field that is not an array becomes optional."""
    body = request(doc)
    name = [
        n for n in body["required"] if deref(doc, body["properties"][n]).get("type") != "array"
    ][-1]
    body["required"] = [n for n in body["required"] if n != name]


@edit
def new_optional_nested_array(doc: Spec) -> None:
    """A new optional array of pairs of integers (an array of arrays)."""
    pair = {
        "type": "array",
        "items": {"type": "integer", "minimum": 0},
        "minItems": 2,
        "maxItems": 2,
    }
    add_field(doc, "crop_boxes", {"type": "array", "items": pair, "maxItems": 3})


@edit
def item_enum_value_added(doc: Spec) -> None:
    """The enum of the array's items gains a value."""
    item = items(doc)
    node = next(deref(doc, p) for p in item["properties"].values() if "enum" in deref(doc, p))
    add_enum_value(node, "style", "STYLE")


@edit
def create_response_new_required_field(doc: Spec) -> None:
    """The create call's answer always carries the task's estimated cost."""
    operation = create_operation(doc)
    media = operation["responses"]["200"]["content"]["application/json"]
    answer = deref(doc, media["schema"])
    answer["properties"]["estimated_cost"] = {"type": "number", "minimum": 0}
    answer["required"] = [*answer.get("required", []), "estimated_cost"]
    if "example" in media:
        media["example"]["estimated_cost"] = 0.5


@edit
def new_header_parameter(doc: Spec) -> None:
    """The create call takes an optional Idempotency-Key header, a uuid."""
    _add_parameter(
        _create_operation(doc),
        {
            "name": "Idempotency-Key",
            "in": "header",
            "required": False,
            "schema": {"type": "string", "format": "uuid"},
        },
    )


@edit
def auth_api_key_header(doc: Spec) -> None:
    """The key moves from a Bearer token to an X-API-Key header (same scheme name)."""
    for scheme in doc["components"]["securitySchemes"].values():
        scheme.clear()
        scheme.update({"type": "apiKey", "in": "header", "name": "X-API-Key"})


def _schemes(doc: Spec) -> dict[str, JSON]:
    schemes: dict[str, JSON] = doc["components"]["securitySchemes"]
    return schemes


def _result_operation(doc: Spec) -> JSON:
    """The one operation that takes no request body (the task-result poll)."""
    [(_, operation)] = _polls(doc)
    return operation


@edit
def auth_api_key_query(doc: Spec) -> None:
    """The key moves into the query: an apiKey `api_key` (the same scheme name)."""
    for scheme in _schemes(doc).values():
        scheme.clear()
        scheme.update({"type": "apiKey", "in": "query", "name": "api_key"})


@edit
def auth_api_key_cookie(doc: Spec) -> None:
    """The key moves into a cookie: an apiKey `hw_session` (the same scheme name)."""
    for scheme in _schemes(doc).values():
        scheme.clear()
        scheme.update({"type": "apiKey", "in": "cookie", "name": "hw_session"})


@edit
def auth_result_without_security(doc: Spec) -> None:
    """The task-result poll needs no key: its own `security: []` overrides the root's."""
    _result_operation(doc)["security"] = []


@edit
def auth_operation_own_scheme(doc: Spec) -> None:
    """The create call takes its key in a header of its own (a new apiKey scheme named by its
    own `security`); the poll keeps the root's scheme."""
    _schemes(doc)["createKey"] = {"type": "apiKey", "in": "header", "name": "X-Create-Key"}
    operation = create_operation(doc)
    operation["security"] = [{"createKey": []}]


@edit
def auth_http_token_scheme(doc: Spec) -> None:
    """The root's http scheme becomes another token scheme: `Authorization: Token <key>`."""
    for scheme in _schemes(doc).values():
        scheme.clear()
        scheme.update({"type": "http", "scheme": "token"})


def _create_operation(doc: Spec) -> JSON:
    operation = create_operation(doc)
    return operation


def _add_parameter(operation: JSON, parameter: JSON, doc: Spec | None = None) -> None:
    """The parameter added, in place of one of the same name and place (so that the edit of
    an edited spec is the same spec)."""
    key = _parameter_key(doc, parameter)
    kept = [p for p in operation.get("parameters", []) if _parameter_key(doc, p) != key]
    operation["parameters"] = [*kept, parameter]


def _parameter_key(doc: Spec | None, parameter: JSON) -> tuple[str, str]:
    found = deref(doc, parameter) if doc is not None and "$ref" in parameter else parameter
    return found.get("name", ""), found.get("in", "")


@edit
def new_required_header_parameter(doc: Spec) -> None:
    """The create call requires an X-Client-Name header of 1 to 64 characters."""
    _add_parameter(
        _create_operation(doc),
        {
            "name": "X-Client-Name",
            "in": "header",
            "required": True,
            "schema": {"type": "string", "minLength": 1, "maxLength": 64},
        },
    )


@edit
def new_optional_query_enum(doc: Spec) -> None:
    """The task-result call takes an optional `detail` query parameter: brief or full."""
    _add_parameter(
        _result_operation(doc),
        {
            "name": "detail",
            "in": "query",
            "required": False,
            "schema": {"type": "string", "enum": ["brief", "full"]},
        },
    )


@edit
def task_id_parameter_pattern(doc: Spec) -> None:
    """The task-result call's required query parameter must be 36 lower-case hex digits and
    dashes."""
    for parameter in _result_operation(doc).get("parameters", []):
        if parameter.get("in") == "query" and parameter.get("required"):
            parameter["schema"]["pattern"] = "^[0-9a-f-]{36}$"


@edit
def parameter_ref_component(doc: Spec) -> None:
    """The create call takes an optional X-Trace-Id header, declared in components.parameters
    and given by $ref: 8 to 32 word characters."""
    doc["components"].setdefault("parameters", {})["TraceId"] = {
        "name": "X-Trace-Id",
        "in": "header",
        "required": False,
        "schema": {"type": "string", "minLength": 8, "maxLength": 32, "pattern": "^[A-Za-z0-9_]+$"},
    }
    _add_parameter(_create_operation(doc), {"$ref": "#/components/parameters/TraceId"}, doc)


@edit
def path_item_integer_parameter(doc: Spec) -> None:
    """Every method of the task-result path takes an optional integer `X-Poll-Hint` header,
    0 to 60, declared on the path item."""
    [(path, _)] = _polls(doc)
    _add_parameter(
        doc["paths"][path],
        {
            "name": "X-Poll-Hint",
            "in": "header",
            "required": False,
            "schema": {"type": "integer", "minimum": 0, "maximum": 60},
        },
    )


@edit
def required_query_boolean_on_create(doc: Spec) -> None:
    """The create call requires a boolean `dry_run` query parameter."""
    _add_parameter(
        _create_operation(doc),
        {"name": "dry_run", "in": "query", "required": True, "schema": {"type": "boolean"}},
    )


# --- answers: fields added, retyped and renamed in the answers of both calls -----------------


def _result_examples(doc: Spec) -> list[JSON]:
    """The values of the task-result call's 200 examples."""
    [(_, operation)] = _polls(doc)
    media = operation["responses"]["200"]["content"]["application/json"]
    found = [media["example"]] if "example" in media else []
    return found + [example["value"] for example in media.get("examples", {}).values()]


def _task_name(doc: Spec) -> str:
    """The name of the result's field that holds the task (the schema with x-task-life)."""
    task = _task_life_schema(doc)
    name: str = next(
        n for n, p in _result_schema(doc)["properties"].items() if deref(doc, p) is task
    )
    return name


def _outputs(doc: Spec) -> tuple[str, JSON]:
    """(name, item schema) of the result's array whose items require fields (the videos)."""
    for name, node in _result_schema(doc)["properties"].items():
        node = deref(doc, node)
        if node.get("type") == "array" and deref(doc, node.get("items", {})).get("required"):
            return name, deref(doc, node["items"])
    raise LookupError("no array of the result has items with required fields")


@edit
def response_new_required_nested_object(doc: Spec) -> None:
    """The task always carries its owner: an object with a required id and a required plan."""
    task = _task_life_schema(doc)
    task["properties"]["owner"] = {
        "type": "object",
        "required": ["id", "plan"],
        "properties": {
            "id": {"type": "string", "minLength": 1},
            "plan": {"type": "string", "enum": ["free", "pro"]},
            "seats": {"type": "integer", "minimum": 1},
        },
    }
    task["required"] = [*task.get("required", []), "owner"]
    name = _task_name(doc)
    for example in _result_examples(doc):
        example[name]["owner"] = {"id": "user-1", "plan": "pro"}


@edit
def create_response_new_required_array(doc: Spec) -> None:
    """The create call's answer always lists its warnings (strings, maybe none)."""
    operation = create_operation(doc)
    media = operation["responses"]["200"]["content"]["application/json"]
    answer = deref(doc, media["schema"])
    answer["properties"]["warnings"] = {"type": "array", "items": {"type": "string"}}
    answer["required"] = [*answer.get("required", []), "warnings"]
    if "example" in media:
        media["example"]["warnings"] = []


@edit
def response_field_renamed(doc: Spec) -> None:
    """The task's last optional field is renamed, in its schema and in the examples."""
    task = _task_life_schema(doc)
    old = [n for n in task["properties"] if n not in task.get("required", [])][-1]
    new = old + "_v2"
    task["properties"] = {(new if n == old else n): p for n, p in task["properties"].items()}
    name = _task_name(doc)
    for example in _result_examples(doc):
        if old in example.get(name, {}):
            example[name][new] = example[name].pop(old)


@edit
def response_output_url_format_uri(doc: Spec) -> None:
    """The output items' required string (the video's URL) must be a URI."""
    _, item = _outputs(doc)
    name = next(
        n for n in item["required"] if deref(doc, item["properties"][n]).get("type") == "string"
    )
    deref(doc, item["properties"][name])["format"] = "uri"


@edit
def response_output_new_required_integer(doc: Spec) -> None:
    """Each output item always says its frame count, an integer of at least 1."""
    name, item = _outputs(doc)
    item["properties"]["frames"] = {"type": "integer", "minimum": 1}
    item["required"] = [*item.get("required", []), "frames"]
    for example in _result_examples(doc):
        for output in example.get(name, []):
            output["frames"] = 120


@edit
def response_new_optional_enum(doc: Spec) -> None:
    """The task may say its priority: one of three values."""
    _task_life_schema(doc)["properties"]["priority"] = {
        "type": "string",
        "enum": ["low", "normal", "high"],
    }


# --- maps, switches and the mention rule, further --------------------------------------------


def _mention_rule(doc: Spec) -> JSON:
    return next(
        s["x-mention-rule"] for s in doc["components"]["schemas"].values() if "x-mention-rule" in s
    )


@edit
def object_map_required(doc: Spec) -> None:
    """A new required map of integers from 0 to 100, with at least one entry, its names
    lower-case letters; the examples give one entry."""
    weights = {
        "type": "object",
        "propertyNames": {"pattern": "^[a-z]+$"},
        "additionalProperties": {"type": "integer", "minimum": 0, "maximum": 100},
        "minProperties": 1,
    }
    add_field(doc, "weights", weights, required=True)
    for example in request_examples(doc):
        example["weights"] = {"main": 100}


@edit
def dependent_required_enum_switch(doc: Spec) -> None:
    """A new optional enum field (a delivery mode) that, when given, needs a new target field."""
    add_field(doc, "delivery", {"type": "string", "enum": ["webhook", "email"]})
    add_field(doc, "delivery_target", {"type": "string", "minLength": 3})
    body = request(doc)
    body["dependentRequired"] = {
        **body.get("dependentRequired", {}),
        "delivery": ["delivery_target"],
    }


@edit
def if_then_enum_demands_field(doc: Spec) -> None:
    """With the request's first enum field at its last value, a new enum field is required."""
    body = request(doc)
    name = next(n for n, p in body["properties"].items() if "enum" in deref(doc, p))
    last = deref(doc, body["properties"][name])["enum"][-1]
    add_field(doc, "hdr_profile", {"type": "string", "enum": ["hdr10", "hlg"]})
    body["if"] = {"properties": {name: {"const": last}}, "required": [name]}
    body["then"] = {"required": ["hdr_profile"]}


@edit
def mention_pattern_dotted(doc: Spec) -> None:
    """x-mention-rule: a name is a run of letters, digits, _ and dots (so "@hero." names
    "hero." and "@hero," names hero)."""
    _mention_rule(doc)["pattern"] = r"(?:^|(?<=\s))@([A-Za-z0-9_.]+)"


@edit
def mention_field_renamed(doc: Spec) -> None:
    """The field x-mention-rule reads is renamed, in the rule, the request schema, its required
    list and the examples, each keeping its place."""
    rule = _mention_rule(doc)
    old, new = rule["field"], "scene_text"
    body = request(doc)
    body["properties"] = {(new if k == old else k): v for k, v in body["properties"].items()}
    body["required"] = [new if n == old else n for n in body.get("required", [])]
    rule["field"] = new
    for example in request_examples(doc):
        renamed = {(new if k == old else k): v for k, v in example.items()}
        example.clear()
        example.update(renamed)


# --- component schemas moved about --------------------------------------------------------------


def _schema_ref(name: str) -> str:
    return f"#/components/schemas/{name}"


@edit
def enum_schemas_inlined(doc: Spec) -> None:
    """Every enum of components.schemas is written where it is used and dropped from the
    components: the package's enum classes take the names of the fields that hold them."""
    schemas = doc["components"]["schemas"]
    enums = {_schema_ref(n): s for n, s in schemas.items() if "enum" in s and "$ref" not in s}

    def inlined(node: JSON) -> JSON:
        if isinstance(node, dict):
            if node.get("$ref") in enums:
                rest = {k: inlined(v) for k, v in node.items() if k != "$ref"}
                return {**enums[node["$ref"]], **rest}
            return {k: inlined(v) for k, v in node.items()}
        if isinstance(node, list):
            return [inlined(each) for each in node]
        return node

    for ref in enums:
        del schemas[ref.rsplit("/", 1)[1]]
    doc.update(inlined(doc))


@edit
def task_schema_renamed(doc: Spec) -> None:
    """The schema carrying x-task-life gets a new name, wherever the spec refers to it."""
    schemas = doc["components"]["schemas"]
    old = next(n for n, s in schemas.items() if s is _task_life_schema(doc))
    new = f"Renamed{old}"
    doc["components"]["schemas"] = {(new if n == old else n): s for n, s in schemas.items()}
    doc.update(_replace_everywhere(doc, _schema_ref(old), _schema_ref(new)))


# --- the fields the client acts on, renamed ------------------------------------------------------


def _renamed_property(schema: JSON, old: str, new: str) -> None:
    """Property `old` of `schema` named `new`, keeping its place and its being required."""
    schema["properties"] = {(new if n == old else n): p for n, p in schema["properties"].items()}
    if "required" in schema:
        schema["required"] = [new if n == old else n for n in schema["required"]]


def _renamed_key(value: JSON, old: str, new: str) -> None:
    """Key `old` of an example object named `new`, in place, keeping its place."""
    if isinstance(value, dict) and old in value:
        renamed = {(new if k == old else k): v for k, v in value.items()}
        value.clear()
        value.update(renamed)


def _created(doc: Spec) -> tuple[JSON, list[JSON]]:
    """The create call's 200 answer schema and its examples."""
    media = _create_operation(doc)["responses"]["200"]["content"]["application/json"]
    found = [media["example"]] if "example" in media else []
    return deref(doc, media["schema"]), found + [
        e["value"] for e in media.get("examples", {}).values()
    ]


def _required_strings(doc: Spec, schema: JSON) -> list[str]:
    fields = schema["properties"]
    return [n for n in schema.get("required", []) if deref(doc, fields[n]).get("type") == "string"]


@edit
def schemas_renamed(doc: Spec) -> None:
    """Every schema of components gets a new name, wherever the spec refers to it: the models
    of the request, both answers, the task, the outputs and the error are all renamed."""
    schemas = doc["components"]["schemas"]
    names = {n: f"{n}V2" for n in schemas}
    doc["components"]["schemas"] = {names[n]: s for n, s in schemas.items()}
    for old, new in names.items():
        doc.update(_replace_everywhere(doc, _schema_ref(old), _schema_ref(new)))


@edit
def status_field_renamed(doc: Spec) -> None:
    """The task's status field is renamed, in its schema, x-required-when and the examples."""
    task = _task_life_schema(doc)
    final = set(task["x-task-life"]["final"])
    [old] = [
        n for n, p in task["properties"].items() if final <= set(deref(doc, p).get("enum", []))
    ]
    new = "state"
    _renamed_property(task, old, new)
    name = _task_name(doc)
    for rule in _result_schema(doc).get("x-required-when", []):
        for part in ("when", "require"):
            if rule[part]["path"] == f"{name}.{old}":
                rule[part]["path"] = f"{name}.{new}"
    for example in _result_examples(doc):
        _renamed_key(example.get(name), old, new)


@edit
def task_id_field_renamed(doc: Spec) -> None:
    """The field holding the task id, in the create answer and in the task, is renamed; the
    task-result call still takes the id as its parameter of the old name."""
    created, created_examples = _created(doc)
    [old] = _required_strings(doc, created)
    new = "id"
    _renamed_property(created, old, new)
    _renamed_property(_task_life_schema(doc), old, new)
    for example in created_examples:
        _renamed_key(example, old, new)
    name = _task_name(doc)
    for example in _result_examples(doc):
        _renamed_key(example.get(name), old, new)


@edit
def outputs_renamed(doc: Spec) -> None:
    """The result's array of outputs (what x-required-when asks of a succeeded task) is
    renamed, in its schema, x-required-when and the examples."""
    result = _result_schema(doc)
    old, _ = _outputs(doc)
    new = "clips"
    _renamed_property(result, old, new)
    for rule in result.get("x-required-when", []):
        if rule["require"]["path"] == old:
            rule["require"]["path"] = new
    for example in _result_examples(doc):
        _renamed_key(example, old, new)


@edit
def output_url_renamed(doc: Spec) -> None:
    """An output's URL field and its lifetime field are renamed, in the schema and examples."""
    outputs, item = _outputs(doc)
    [old] = _required_strings(doc, item)
    names = {old: "location", f"{old}_ttl": "location_ttl"}
    for was, now in names.items():
        if was in item["properties"]:
            _renamed_property(item, was, now)
    for example in _result_examples(doc):
        for output in example.get(outputs, []):
            for was, now in names.items():
                _renamed_key(output, was, now)


@edit
def task_flattened(doc: Spec) -> None:
    """The task's fields move up into the task result, which carries x-task-life itself: the
    status is `status`, not `task.status`, in the schema, x-required-when and the examples."""
    result, task, name = _result_schema(doc), _task_life_schema(doc), _task_name(doc)
    schemas = doc["components"]["schemas"]
    [task_schema] = [n for n, schema in schemas.items() if schema is task]
    others = {n: p for n, p in result["properties"].items() if n != name}
    result["properties"] = {**task["properties"], **others}
    result["required"] = [
        *task.get("required", []),
        *(n for n in result.get("required", []) if n != name),
    ]
    result["x-task-life"] = task["x-task-life"]
    del schemas[task_schema]
    for rule in result.get("x-required-when", []):
        for part in ("when", "require"):
            rule[part]["path"] = rule[part]["path"].removeprefix(f"{name}.")
    for example in _result_examples(doc):
        inner = example.pop(name, {})
        rest = dict(example)
        example.clear()
        example.update({**inner, **rest})


@edit
def mention_rule_dropped(doc: Spec) -> None:
    """The request schema no longer says how its text mentions the reference images."""
    del request(doc)["x-mention-rule"]


@edit
def task_life_fields_dropped(doc: Spec) -> None:
    """x-task-life no longer names the task's reason and eta fields: the client neither reads
    why a task failed nor paces its polls by the server's estimate."""
    del _task_life_schema(doc)["x-task-life"]["fields"]


# --- the operations renamed or grouped -----------------------------------------------------------


@edit
def operations_tagged(doc: Spec) -> None:
    """Every operation gets a tag, which the generator makes a folder of api/."""
    for _, _, operation in _operations(doc):
        operation["tags"] = ["Video Tasks"]


@edit
def operation_ids_renamed(doc: Spec) -> None:
    """Both operations get new operationIds, in camelCase: the generator names the endpoint
    modules after them (snake_case), the client still finds each call by what it does."""
    create = create_operation(doc)
    [(_, poll)] = _polls(doc)
    create["operationId"], poll["operationId"] = "submitVideoTask", "fetchVideoTaskState"


# --- values the model generator or the defaults could trip on ----------------------------------


@edit
def new_optional_number_enum(doc: Spec) -> None:
    """A number field with an enum of fractions, which the model generator makes no class of."""
    add_field(doc, "speed", {"type": "number", "enum": [0.5, 1.0, 1.5]})


@edit
def new_optional_boolean_enum(doc: Spec) -> None:
    """A boolean field that may only be true."""
    add_field(doc, "hdr", {"type": "boolean", "enum": [True]})


@edit
def new_optional_nullable_object(doc: Spec) -> None:
    """A component object, or null, in an anyOf: its $ref is read inside the rule's value."""
    doc["components"]["schemas"]["ColourGrade"] = {
        "type": "object",
        "properties": {
            "lut": {"type": "string", "maxLength": 20},
            "strength": {"type": "number", "minimum": 0, "maximum": 1},
        },
        "required": ["lut"],
    }
    grade = {"anyOf": [{"$ref": "#/components/schemas/ColourGrade"}, {"type": "null"}]}
    add_field(doc, "grade", grade)


@edit
def enum_field_max_length(doc: Spec) -> None:
    """A maxLength beside the first enum that all its values meet: no rule of its own."""
    schema = enum_field(doc)
    schema["maxLength"] = max(len(str(v)) for v in schema["enum"])


@edit
def request_max_properties(doc: Spec) -> None:
    """The request may give one field fewer than it names: the client leaves out a default
    the rule forbids beside the rest, where the server applies it anyway."""
    body = request(doc)
    body["maxProperties"] = len(body["properties"]) - 1
    for example in request_examples(doc):  # as an author would: the examples stay valid
        for name in [n for n in reversed(list(example)) if n not in body.get("required", [])]:
            if len(example) > body["maxProperties"]:
                del example[name]


@edit
def default_switches_dependent_required(doc: Spec) -> None:
    """A field with a default, once given, needs a new field: the client does not add that
    default to a request without the new field."""
    body = request(doc)
    [name, *_] = [n for n, p in body["properties"].items() if "default" in deref(doc, p)]
    add_field(doc, "default_note", {"type": "string", "maxLength": 40})
    body["dependentRequired"] = {**body.get("dependentRequired", {}), name: ["default_note"]}
    for example in request_examples(doc):  # as an author would: the examples stay valid
        if name in example:
            example["default_note"] = "a note"


@edit
def new_fields_named_unlike_python(doc: Spec) -> None:
    """New fields named by a Python keyword, with a dash, and in camelCase: the models rename
    their attributes, the JSON keeps the names."""
    add_field(doc, "from", {"type": "integer", "minimum": 0, "maximum": 10})
    strength = {"type": "number", "minimum": 0, "maximum": 1, "default": 0.5}
    add_field(doc, "motion-strength", strength)
    add_field(doc, "cameraMove", {"type": "string", "enum": ["pan", "tilt"]})


@edit
def statuses_renamed_lowercase(doc: Spec) -> None:
    """Every task status gets a new, lower-case name (TASK_STATUS_QUEUED -> queued), wherever
    the spec spells it."""
    for old in list(_task_life_schema(doc)["x-task-life"]["rank"]):
        doc.update(_replace_everywhere(doc, old, old.removeprefix("TASK_STATUS_").lower()))


# --- error answers, task statuses and answers, further -----------------------------------------


def _error_schema(doc: Spec) -> JSON:
    """The schema of the create call's first 4xx answer with a JSON body."""
    operation = create_operation(doc)
    for status, answer in operation["responses"].items():
        media = deref(doc, answer).get("content", {}).get("application/json", {})
        if str(status).startswith("4") and "schema" in media:
            return deref(doc, media["schema"])
    raise LookupError("no 4xx answer of create has a JSON schema")


@edit
def error_fields_renamed(doc: Spec) -> None:
    """The error body's fields get other names (code -> status, message -> detail)."""
    error = _error_schema(doc)
    renames = {"code": "status", "message": "detail"}
    error["properties"] = {renames.get(k, k): v for k, v in error["properties"].items()}
    if "required" in error:
        error["required"] = [renames.get(k, k) for k in error["required"]]
    for holder in doc["components"].get("responses", {}).values():
        for media in holder.get("content", {}).values():
            example = media.get("example")
            if isinstance(example, dict):
                media["example"] = {renames.get(k, k): v for k, v in example.items()}
    if isinstance(error.get("example"), dict):
        error["example"] = {renames.get(k, k): v for k, v in error["example"].items()}


@edit
def server_error_without_body(doc: Spec) -> None:
    """The 5XX answers are declared with a description only: no body is promised."""
    for _, _, operation in _operations(doc):
        for status in list(operation["responses"]):
            if str(status).upper().startswith("5"):
                operation["responses"][status] = {"description": "The provider failed."}


@edit
def status_enum_unranked_value(doc: Spec) -> None:
    """The status enum gains a value x-task-life does not rank (an unspecified status)."""
    life = _task_life_schema(doc)["x-task-life"]
    for schema in doc["components"]["schemas"].values():
        if set(life["final"]) <= set(schema.get("enum", [])):
            add_enum_value(schema, "TASK_STATUS_UNSPECIFIED", "UNSPECIFIED")


@edit
def output_schema_inlined(doc: Spec) -> None:
    """An output's schema is written in place in the array's items: no model of its own."""
    name, _ = _outputs(doc)
    array = deref(doc, _result_schema(doc)["properties"][name])
    ref = array["items"]["$ref"].rsplit("/", 1)[-1]
    array["items"] = doc["components"]["schemas"].pop(ref)


@edit
def answers_closed(doc: Spec) -> None:
    """The answers of both calls and the task admit no field they do not name."""
    create = create_operation(doc)
    status = next(s for s in create["responses"] if str(s).startswith("2"))
    created = deref(doc, create["responses"][status]["content"]["application/json"]["schema"])
    for schema in (created, _result_schema(doc), _task_life_schema(doc)):
        schema["additionalProperties"] = False


@edit
def result_path_cancel_operation(doc: Spec) -> None:
    """The task-result path also takes a DELETE (cancel a task), which the client never calls."""
    [(path, _)] = _polls(doc)
    doc["paths"][path]["delete"] = {
        "operationId": "cancel_task",
        "parameters": _result_operation(doc).get("parameters", []),
        "responses": {"204": {"description": "Canceled."}},
    }


@edit
def task_parameter_renamed(doc: Spec) -> None:
    """The task-result call's task id parameter is renamed (task_id -> id); the answers keep
    their field names."""
    operation = _result_operation(doc)
    for parameter in operation.get("parameters", []):
        parameter = deref(doc, parameter)
        if parameter.get("required") and parameter.get("in") in ("query", "path"):
            parameter["name"] = "id"
            return
    raise LookupError("the task-result call has no required query or path parameter")


@edit
def optional_fields_exclusive(doc: Spec) -> None:
    """Two new optional fields that one request may not give together."""
    add_field(doc, "style_preset", {"type": "string", "enum": ["anime", "film"]})
    add_field(doc, "custom_style", {"type": "string", "maxLength": 40})
    request(doc)["not"] = {"required": ["style_preset", "custom_style"]}


# --- schemas written in place of their $ref ----------------------------------------------------


def _inline_media(doc: Spec, media: JSON) -> None:
    """The media's schema written in place of its $ref, its component removed, through any
    alias (a component that is only a $ref); a schema in place already stays."""
    ref = media["schema"].get("$ref")
    while isinstance(ref, str):
        media["schema"] = doc["components"]["schemas"].pop(ref.rsplit("/", 1)[-1])
        ref = media["schema"].get("$ref") if set(media["schema"]) == {"$ref"} else None


@edit
def request_schema_inlined(doc: Spec) -> None:
    """The request body's schema is written in place: no component names it."""
    operation = create_operation(doc)
    _inline_media(doc, json_media(operation["requestBody"]["content"]))


@edit
def answer_schemas_inlined(doc: Spec) -> None:
    """The success answers' schemas of both calls are written in place."""
    for _, _, operation in _operations(doc):
        for status, answer in operation["responses"].items():
            media = deref(doc, answer).get("content", {}).get("application/json", {})
            if str(status).startswith("2") and "schema" in media:
                _inline_media(doc, media)


@edit
def cost_note_dropped(doc: Spec) -> None:
    """The request schema no longer says what a request costs: the design prices none."""
    del request(doc)["x-cost"]


@edit
def text_min_length_long(doc: Spec) -> None:
    """The free text needs at least 12 characters: a prompt of one @mention is too short."""
    text_field(doc)["minLength"] = 12


# --- ways of saying the same, and rules at their extremes --------------------------------------


@edit
def integer_format_int32(doc: Spec) -> None:
    """The bounded integer says it is an int32 (an OpenAPI format no validator asserts)."""
    bounded_integer(doc)["format"] = "int32"


@edit
def enum_as_one_of_consts(doc: Spec) -> None:
    """The first enum is said as a oneOf of titled consts, as documentation tools like."""
    field = enum_field(doc)
    values = field.pop("enum")
    field.pop("x-enum-varnames", None)
    field["oneOf"] = [{"const": v, "title": f"the {v} choice"} for v in values]


@edit
def media_type_with_charset(doc: Spec) -> None:
    """The request body's media type is `application/json; charset=utf-8`."""
    operation = create_operation(doc)
    content = operation["requestBody"]["content"]
    [spelt] = [t for t in content if content[t] is json_media(content)]
    content["application/json; charset=utf-8"] = content.pop(spelt)


@edit
def server_variables(doc: Spec) -> None:
    """The server's host is a server variable with a default."""
    scheme, rest = doc["servers"][0]["url"].split("://", 1)
    host, _, path = rest.partition("/")
    variables = {"host": {"default": host}}
    doc["servers"] = [{"url": f"{scheme}://{{host}}/{path}", "variables": variables}]


@edit
def schema_examples_list(doc: Spec) -> None:
    """Every component's `example` becomes a JSON Schema `examples` list."""
    for schema in doc["components"]["schemas"].values():
        if "example" in schema:
            schema["examples"] = [schema.pop("example")]


@edit
def optional_default_made_required(doc: Spec) -> None:
    """An optional field with a default becomes required, keeping its default: a body that
    leaves it out breaks the rule on the wire, and the client sends the default."""
    body = request(doc)
    name = next(
        n
        for n, p in body["properties"].items()
        if "default" in deref(doc, p) and n not in body.get("required", [])
    )
    body["required"] = [*body.get("required", []), name]
    field = deref(doc, body["properties"][name])
    for example in request_examples(doc):
        example.setdefault(name, field["default"])  # the examples stay valid


@edit
def minimum_equals_maximum(doc: Spec) -> None:
    """The bounded integer allows one value only (the examples give that value)."""
    field = bounded_integer(doc)
    field["minimum"] = field["maximum"]
    field.pop("default", None)
    _examples_give(doc, field, field["maximum"])


def _examples_give(doc: Spec, field: JSON, value: JSON, absent_too: bool = False) -> None:
    """Every request example gives `value` for the request's field of schema `field`: where
    it gives the field (or, `absent_too`, where it does not)."""
    [name] = [n for n, p in request(doc)["properties"].items() if deref(doc, p) is field]
    for example in request_examples(doc):
        if name in example or absent_too:
            example[name] = value


@edit
def integer_widened_to_number(doc: Spec) -> None:
    """The bounded integer becomes any number between its bounds."""
    bounded_integer(doc)["type"] = "number"


@edit
def single_value_enum(doc: Spec) -> None:
    add_field(doc, "api_version", {"type": "string", "enum": ["2026-01"]})


@edit
def new_optional_map(doc: Spec) -> None:
    """A new optional object of free names, each a short string, at most three."""
    values = {"type": "string", "maxLength": 20}
    add_field(doc, "labels", {"type": "object", "additionalProperties": values, "maxProperties": 3})


@edit
def new_optional_closed_tuple(doc: Spec) -> None:
    """A new optional pair of numbers (prefixItems, then `items: false`)."""
    unit = {"type": "number", "minimum": 0, "maximum": 1}
    pair = {"type": "array", "prefixItems": [unit, unit], "items": False, "minItems": 2}
    add_field(doc, "focus_point", pair)


@edit
def max_length_zero(doc: Spec) -> None:
    """A new optional string that must be empty."""
    add_field(doc, "reserved", {"type": "string", "maxLength": 0})


@edit
def uri_with_https_pattern(doc: Spec) -> None:
    """An item's second text field must be a URI and start with https://."""
    field = _first(doc, items(doc), _plain("string"), skip=1)
    field["format"] = "uri"
    field["pattern"] = "^https://"


@edit
def request_all_of_split(doc: Spec) -> None:
    """The request schema becomes an allOf of two objects: its required fields, then the
    optional ones (a base schema and its extension)."""
    body = request(doc)
    required = body.pop("required", [])
    fields = body.pop("properties")
    body.pop("additionalProperties", None)
    body["allOf"] = [
        {
            "type": "object",
            "properties": {k: v for k, v in fields.items() if k in required},
            "required": required,
        },
        {"type": "object", "properties": {k: v for k, v in fields.items() if k not in required}},
    ]


@edit
def default_error_response(doc: Spec) -> None:
    """Each operation's error answers are said once, as its `default` answer."""
    for _, _, operation in _operations(doc):
        answers = operation["responses"]
        errors = [s for s in answers if str(s)[0] in "45"]
        kept = answers[errors[0]]
        for status in errors:
            del answers[status]
        answers["default"] = kept


@edit
def pattern_unicode_property(doc: Spec) -> None:
    """An item's first text field must be letters, digits and underscores of any script
    (Unicode property escapes)."""
    _first(doc, items(doc), _plain("string"))["pattern"] = "^[\\p{L}_][\\p{L}\\p{N}_]*$"


@edit
def output_new_optional_uri_field(doc: Spec) -> None:
    """Each output item may also give a thumbnail's URL, of format uri: the video's URL is
    still the field it was."""
    _, item = _outputs(doc)
    item["properties"]["thumbnail_url"] = {"type": "string", "format": "uri"}


@edit
def integer_multiple_of(doc: Spec) -> None:
    """The bounded integer comes in steps of 5: its minimum is no longer a value it allows."""
    field = bounded_integer(doc)
    field["multipleOf"] = 5
    if "default" in field:
        field["default"] = 5
    _examples_give(doc, field, 5)


@edit
def new_optional_unit_number(doc: Spec) -> None:
    """A new optional strength above 0 and at most 1."""
    add_field(doc, "strength", {"type": "number", "exclusiveMinimum": 0, "maximum": 1})


@edit
def new_optional_enum_set(doc: Spec) -> None:
    """A new optional set of styles: distinct values of an enum, one to three of them."""
    styles = {"type": "string", "enum": ["anime", "cinematic", "clay", "pixel"]}
    add_field(
        doc,
        "styles",
        {"type": "array", "items": styles, "uniqueItems": True, "minItems": 1, "maxItems": 3},
    )


@edit
def new_optional_decimal_steps(doc: Spec) -> None:
    """A new optional number in steps of 0.1, which no binary float is a multiple of."""
    add_field(doc, "guidance", {"type": "number", "minimum": 0, "maximum": 1, "multipleOf": 0.1})


@edit
def new_optional_deep_object(doc: Spec) -> None:
    """A new optional object holding a required object of its own, two levels of rules deep."""
    motion = {
        "type": "object",
        "properties": {
            "kind": {"type": "string", "enum": ["pan", "tilt", "dolly"]},
            "speed": {"type": "number", "minimum": 0, "maximum": 1, "default": 0.5},
        },
        "required": ["kind"],
        "additionalProperties": False,
    }
    camera = {
        "type": "object",
        "properties": {"motion": motion, "label": {"type": "string", "maxLength": 16}},
        "required": ["motion"],
    }
    add_field(doc, "camera", camera)


# --- names, texts and formats an author may well write ----------------------------------------


@edit
def new_optional_unknown_formats(doc: Spec) -> None:
    """New optional fields with formats the validator does not assert (password, byte, float,
    int64): annotations only, as JSON Schema says of an unknown format."""
    add_field(doc, "webhook_secret", {"type": "string", "format": "password", "maxLength": 64})
    add_field(doc, "mask", {"type": "string", "format": "byte"})
    add_field(doc, "cfg_scale", {"type": "number", "format": "float", "minimum": 0, "maximum": 20})
    add_field(doc, "seed", {"type": "integer", "format": "int64", "minimum": 0})


@edit
def new_optional_seed(doc: Spec) -> None:
    """A new optional seed over the whole unsigned 32-bit range."""
    add_field(doc, "seed", {"type": "integer", "minimum": 0, "maximum": 4294967295})


@edit
def new_optional_signed_number(doc: Spec) -> None:
    """A new optional number from -1 to 1 (a camera tilt), with a default of zero."""
    add_field(doc, "tilt", {"type": "number", "minimum": -1, "maximum": 1, "default": 0})


@edit
def new_fields_named_like_builtins(doc: Spec) -> None:
    """New fields named `type`, `id`, `json` and `self`: names of Python builtins and of the
    models' own parameters."""
    add_field(doc, "type", {"type": "string", "enum": ["standard", "fast"]})
    add_field(doc, "id", {"type": "string", "maxLength": 36})
    add_field(doc, "json", {"type": "boolean"})
    add_field(doc, "self", {"type": "integer", "minimum": 0, "maximum": 3})


@edit
def descriptions_with_quotes_and_backslashes(doc: Spec) -> None:
    """Every request field's description gains quotes, triple quotes, backslashes and non-ASCII
    text: what a generator writes into docstrings."""
    for field in request(doc)["properties"].values():
        if not isinstance(field, dict):
            continue
        field["description"] = (
            field.get("description", "")
            + ' Say "@name"; \\d and \\n are not escapes here. """ends""" ünïcödé 中文'
        )


@edit
def pattern_with_quotes(doc: Spec) -> None:
    """The free text may not hold quotes or backslashes (a pattern full of what Python source
    would have to escape)."""
    text_field(doc)["pattern"] = "^[^\"'\\\\]*$"


@edit
def pattern_lookahead(doc: Spec) -> None:
    """An item's first text field may neither start nor end with whitespace (a lookahead)."""
    _first(doc, items(doc), _plain("string"))["pattern"] = "^(?!\\s)(?!.*\\s$).+$"


@edit
def text_max_length_large(doc: Spec) -> None:
    """The free text may have up to 20000 characters."""
    text_field(doc)["maxLength"] = 20000


@edit
def titles_added(doc: Spec) -> None:
    """Every schema and every property gains a `title` (which the generator may take for a
    class name)."""
    for name, schema in doc["components"]["schemas"].items():
        schema["title"] = f"The {name}"
        for field, node in schema.get("properties", {}).items():
            if isinstance(node, dict):
                node["title"] = f"{name} {field}"


@edit
def bounded_integer_exclusive_maximum(doc: Spec) -> None:
    """The bounded integer's maximum is said as an exclusive one (`exclusiveMaximum: max + 1`)."""
    field = bounded_integer(doc)
    field["exclusiveMaximum"] = field.pop("maximum") + 1


@edit
def integer_made_string_enum(doc: Spec) -> None:
    """The bounded integer becomes a string enum of a few of its values ("5", "10"), and the
    examples and default follow."""
    field = bounded_integer(doc)
    low, high = field["minimum"], field["maximum"]
    values = sorted({str(low), str((low + high) // 2), str(high)}, key=int)
    field.clear()
    field.update({"type": "string", "enum": values, "default": values[0]})
    _examples_give(doc, field, values[0])


@edit
def request_body_optional(doc: Spec) -> None:
    """The create call's request body is no longer marked required."""
    operation = create_operation(doc)
    operation["requestBody"]["required"] = False


@edit
def min_contains_zero(doc: Spec) -> None:
    """The array's `contains` with `minContains: 0`: an assertion that nothing can break."""
    field = array_field(doc)
    field["contains"] = {"type": "object"}
    field["minContains"] = 0


@edit
def typeless_const_field(doc: Spec) -> None:
    """A new optional field with only a `const` (no `type`)."""
    add_field(doc, "terms_accepted", {"const": True})


@edit
def second_server(doc: Spec) -> None:
    """A second server, a sandbox, after the first."""
    doc["servers"] = [*doc["servers"], {"url": "https://sandbox.example.com", "description": "x"}]


@edit
def response_task_id_format_uuid(doc: Spec) -> None:
    """Every task_id the answers give is said to be a UUID."""
    for schema in doc["components"]["schemas"].values():
        for name, node in schema.get("properties", {}).items():
            if name == "task_id" and isinstance(node, dict):
                node["format"] = "uuid"


@edit
def response_new_optional_date_time(doc: Spec) -> None:
    """The task in a result also says when it was created, a date-time."""
    task = _task_life_schema(doc)
    task["properties"]["created_at"] = {"type": "string", "format": "date-time"}


@edit
def additional_properties_typed(doc: Spec) -> None:
    """The request takes extra fields of any name, each an integer from 0 to 9."""
    request(doc)["additionalProperties"] = {"type": "integer", "minimum": 0, "maximum": 9}


# --- what generated specs (FastAPI, pydantic) and API changes often hold -----------------------


@edit
def optional_enum_nullable_any_of(doc: Spec) -> None:
    """The request's last enum field becomes `anyOf: [<the enum>, {type: null}]` with a null
    default: how pydantic writes an Optional[Enum] = None."""
    body = request(doc)
    name = [n for n, p in body["properties"].items() if "enum" in deref(doc, p)][-1]
    old = body["properties"][name]
    enum = old["allOf"][0] if len(old.get("allOf", [])) == 1 else old
    kept = {k: v for k, v in old.items() if k in ("description",)}
    body["properties"][name] = {**kept, "anyOf": [enum, {"type": "null"}], "default": None}
    body["required"] = [n for n in body.get("required", []) if n != name]


@edit
def required_nullable_field(doc: Spec) -> None:
    """A new required field that may be null: a callback URL, or null for none."""
    add_field(doc, "callback_url", {"type": ["string", "null"], "format": "uri"}, required=True)
    for example in request_examples(doc):
        example["callback_url"] = None


@edit
def array_max_items_one(doc: Spec) -> None:
    """The array takes one item at most."""
    field = array_field(doc)
    field["maxItems"] = 1
    field["minItems"] = min(field.get("minItems", 0), 1)
    for example in request_examples(doc):
        for name, value in list(example.items()):
            if deref(doc, request(doc)["properties"][name]) is field:
                example[name] = value[:1]
                _mentions_kept(doc, example)


def _mentions_kept(doc: Spec, example: JSON) -> None:
    """The example's @mentions of names no longer among its items are dropped from its text."""
    rule = _mention_rule(doc)
    field, (array, _, key) = rule["field"], rule["names-from"].partition("[].")
    names = {item[key] for item in example.get(array.removesuffix("[]"), [])}
    words = example[field].split(" ")
    example[field] = " ".join(w for w in words if not w.startswith("@") or w[1:] in names)


@edit
def items_additional_properties_false(doc: Spec) -> None:
    """An item of the array may hold no field but those it names."""
    items(doc)["additionalProperties"] = False


@edit
def read_only_field_in_request(doc: Spec) -> None:
    """The request schema shares a read-only field with the answers: an id the server sets."""
    add_field(doc, "request_id", {"type": "string", "readOnly": True, "maxLength": 40})


@edit
def bounded_integer_minimum_and_exclusive_minimum(doc: Spec) -> None:
    """The bounded integer also has an exclusive minimum one above its minimum: the larger of
    the two lower bounds decides."""
    field = bounded_integer(doc)
    field["exclusiveMinimum"] = field["minimum"] + 1
    low = field["minimum"] + 2
    if field.get("default", low) < low:
        field["default"] = low
    [name] = [n for n, p in request(doc)["properties"].items() if deref(doc, p) is field]
    for example in request_examples(doc):
        if name in example:
            example[name] = max(low, example[name])


@edit
def response_eta_number(doc: Spec) -> None:
    """The task's estimate of the seconds left becomes a number with a fraction (12.5)."""
    task = _task_life_schema(doc)
    eta = task["x-task-life"]["fields"]["eta"]
    task["properties"][eta] = {"type": "number", "minimum": 0}


@edit
def response_progress_nullable(doc: Spec) -> None:
    """Every integer field of the task may also be null (a server that does not know yet)."""
    task = _task_life_schema(doc)
    for field in task["properties"].values():
        if isinstance(field, dict) and field.get("type") == "integer":
            field["type"] = ["integer", "null"]


@edit
def error_code_string(doc: Spec) -> None:
    """The error body's integer code becomes a string ("INVALID_ARGUMENT")."""
    for schema in doc["components"]["schemas"].values():
        if "x-task-life" in schema or "required" in schema:
            continue
        for field in schema.get("properties", {}).values():
            if isinstance(field, dict) and field.get("type") == "integer":
                field["type"] = "string"
    for answer in doc["components"].get("responses", {}).values():
        for media in answer.get("content", {}).values():
            if isinstance(media.get("example", {}).get("code"), int):
                media["example"]["code"] = str(media["example"]["code"])
    for schema in doc["components"]["schemas"].values():
        if isinstance(schema.get("example", {}).get("code"), int):
            schema["example"]["code"] = str(schema["example"]["code"])


@edit
def errors_problem_json(doc: Spec) -> None:
    """Every error answer comes as `application/problem+json` (RFC 9457) instead of JSON."""
    for answer in doc["components"].get("responses", {}).values():
        content = answer.get("content", {})
        if "application/json" in content:
            content["application/problem+json"] = content.pop("application/json")


@edit
def request_multipart_alternative(doc: Spec) -> None:
    """The create call also takes the request as multipart/form-data, after JSON."""
    operation = create_operation(doc)
    content = operation["requestBody"]["content"]
    content["multipart/form-data"] = {"schema": json_media(content)["schema"]}


@edit
def retry_after_http_date(doc: Spec) -> None:
    """Retry-After may also be an HTTP date (RFC 9110), said as a string."""
    for answer in doc["components"].get("responses", {}).values():
        header = answer.get("headers", {}).get("Retry-After")
        if header:
            header["schema"] = {"type": "string"}


# --- the same contract, written otherwise; and what lies beside it ----------------------------


@edit
def properties_reordered(doc: Spec) -> None:
    """Every schema lists its properties, and its required names, in reverse order."""
    for schema in doc["components"]["schemas"].values():
        if isinstance(schema.get("properties"), dict):
            schema["properties"] = dict(reversed(list(schema["properties"].items())))
        if isinstance(schema.get("required"), list):
            schema["required"] = list(reversed(schema["required"]))


@edit
def enum_varnames_dropped(doc: Spec) -> None:
    """No enum says its members' Python names (x-enum-varnames): the generator makes them."""
    for schema in doc["components"]["schemas"].values():
        schema.pop("x-enum-varnames", None)


@edit
def descriptions_dropped(doc: Spec) -> None:
    """Every description and summary is gone that OpenAPI lets go (an answer keeps its own)."""

    def strip(node: JSON, answer: bool = False) -> None:
        if isinstance(node, list):
            for item in node:
                strip(item)
        if not isinstance(node, dict):
            return
        for key in ("summary",) if answer else ("description", "summary"):
            if isinstance(node.get(key), str):
                del node[key]
        for key, value in node.items():
            if key == "responses" and isinstance(value, dict):
                for each in value.values():
                    strip(each, answer=True)
            elif key == "properties":
                for field in value.values():
                    strip(field)
            elif key not in ("example", "examples", "default", "enum", "const"):
                strip(value)

    strip(doc)


@edit
def openapi_version_3_1_1(doc: Spec) -> None:
    """The document says OpenAPI 3.1.1, and its JSON Schema dialect outright."""
    doc["openapi"] = "3.1.1"
    doc["jsonSchemaDialect"] = "https://spec.openapis.org/oas/3.1/dialect/base"
    doc["info"]["version"] = "1.1.0"


@edit
def webhook_added(doc: Spec) -> None:
    """A webhook the API calls when a task ends, with the task result's schema (3.1's
    `webhooks`), and the operations marked with external docs."""
    [(_, poll)] = _polls(doc)
    answer = deref(doc, poll["responses"]["200"])
    schema = json_media(answer["content"])["schema"]
    doc["webhooks"] = {
        "taskEnded": {
            "post": {
                "requestBody": {"content": {"application/json": {"schema": schema}}},
                "responses": {"200": {"description": "Received."}},
            }
        }
    }
    for _, _, operation in _operations(doc):
        operation["externalDocs"] = {"url": "https://docs.example.com/tasks"}


@edit
def path_level_parameter(doc: Spec) -> None:
    """The poll's task parameter is declared once for its path, not on the operation."""
    [(path, poll)] = _polls(doc)
    doc["paths"][path]["parameters"] = poll.pop("parameters")


@edit
def operation_deprecated(doc: Spec) -> None:
    """Both operations are marked deprecated (a v4 is coming), and nothing else changes."""
    for _, _, operation in _operations(doc):
        operation["deprecated"] = True


@edit
def create_callback(doc: Spec) -> None:
    """The create call declares a callback to a URL the request may give."""
    add_field(doc, "notify_url", {"type": "string", "format": "uri"})
    operation = create_operation(doc)
    operation["callbacks"] = {
        "taskEnded": {
            "{$request.body#/notify_url}": {
                "post": {
                    "requestBody": {"content": {"application/json": {"schema": {}}}},
                    "responses": {"200": {"description": "Received."}},
                }
            }
        }
    }


@edit
def enum_values_reordered(doc: Spec) -> None:
    """Every request enum lists its values in reverse order (a different value is first)."""
    for field in request(doc)["properties"].values():
        schema = deref(doc, field)
        if "enum" in schema:
            schema["enum"] = list(reversed(schema["enum"]))
            if "x-enum-varnames" in schema:
                schema["x-enum-varnames"] = list(reversed(schema["x-enum-varnames"]))


@edit
def poll_by_post_body(doc: Spec) -> None:
    """The task result is asked for by POST with a JSON body holding the task's id, in place
    of a GET with a parameter (the create call stays the one billable call)."""
    [(path, poll)] = _polls(doc)
    [parameter] = [deref(doc, p) for p in poll.pop("parameters")]
    name = parameter["name"]
    body = {"type": "object", "required": [name], "properties": {name: parameter["schema"]}}
    poll["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    doc["paths"][path]["post"] = doc["paths"][path].pop("get")


@edit
def required_when_failed_reason(doc: Spec) -> None:
    """A new x-required-when rule: a failed task says why (its reason field is present)."""
    result = _result_schema(doc)
    task = _task_life_schema(doc)
    life = task["x-task-life"]
    [status_path] = {r["when"]["path"] for r in result["x-required-when"]}
    task_path = status_path.rpartition(".")[0]
    reason = f"{task_path}.{life['fields']['reason']}" if task_path else life["fields"]["reason"]
    result["x-required-when"].append(
        {
            "description": "A failed task says why.",
            "when": {"path": status_path, "equals": life["failed"]},
            "require": {"path": reason},
        }
    )


# --- rules placed where the request's items and choices are -----------------------------------


@edit
def item_url_or_base64(doc: Spec) -> None:
    """An item gives its picture either by URL or inline as base64, exactly one of them (a
    oneOf of two `required`s); the URL is no longer required on its own."""
    item = items(doc)
    [url] = [n for n, p in item["properties"].items() if deref(doc, p) is _url_like(doc, item)]
    item["properties"]["image_base64"] = {"type": "string", "minLength": 4, "maxLength": 1000}
    item["required"] = [n for n in item["required"] if n != url]
    item["oneOf"] = [{"required": [url]}, {"required": ["image_base64"]}]


def _url_like(doc: Spec, item: JSON) -> JSON:
    """The item's last required plain string (its picture's URL, today)."""
    required = [deref(doc, item["properties"][n]) for n in item["required"]]
    return [s for s in required if _plain("string")(s)][-1]


@edit
def forbidden_field(doc: Spec) -> None:
    """A retired field that a request must no longer give (its schema is `false`)."""
    add_field(doc, "legacy_quality", False)


@edit
def new_optional_any_value(doc: Spec) -> None:
    """A new optional field of any JSON value (its schema is `true`)."""
    add_field(doc, "client_metadata", True)


@edit
def not_enum(doc: Spec) -> None:
    """An item's first text field may be anything but a few reserved words."""
    _first(doc, items(doc), _plain("string"))["not"] = {"enum": ["all", "none", "self"]}


@edit
def item_if_then(doc: Spec) -> None:
    """An item of the enum's last kind must give its picture's URL over https."""
    item = items(doc)
    [kind] = [n for n, p in item["properties"].items() if "enum" in deref(doc, p)]
    last = deref(doc, item["properties"][kind])["enum"][-1]
    [url] = [n for n, p in item["properties"].items() if deref(doc, p) is _url_like(doc, item)]
    item["if"] = {"properties": {kind: {"const": last}}, "required": [kind]}
    item["then"] = {"properties": {url: {"pattern": "^https://"}}}


@edit
def item_property_names(doc: Spec) -> None:
    """An item's field names are lower-case words (propertyNames), and it has at most four."""
    item = items(doc)
    item["propertyNames"] = {"pattern": "^[a-z_]+$"}
    item["maxProperties"] = max(4, len(item.get("required", [])))


@edit
def array_of_nullable_items(doc: Spec) -> None:
    """A new optional list of tags, each a short string or null."""
    tag = {"type": ["string", "null"], "maxLength": 12}
    add_field(doc, "tags", {"type": "array", "items": tag, "maxItems": 5})


@edit
def number_exclusive_maximum_only(doc: Spec) -> None:
    """A new optional number below 1 and unbounded below."""
    add_field(doc, "bias", {"type": "number", "exclusiveMaximum": 1})


@edit
def string_rules_on_type_union(doc: Spec) -> None:
    """A new optional field, a string or a number; a string must be a date, at most 10 long."""
    add_field(doc, "release", {"type": ["string", "number"], "format": "date", "maxLength": 10})


@edit
def typeless_format(doc: Spec) -> None:
    """A new optional field with a format and no type: a string must be an email, any other
    value is allowed."""
    add_field(doc, "contact", {"format": "email"})


@edit
def response_boolean_schemas(doc: Spec) -> None:
    """The task may carry free-form metadata (its schema is `true`), and a retired field that
    a server must no longer send (its schema is `false`)."""
    task = _task_life_schema(doc)
    task["properties"]["metadata"] = True
    task["properties"]["legacy_progress"] = False


@edit
def answers_enveloped(doc: Spec) -> None:
    """Both answers come wrapped in an envelope: `{"code": 0, "message": "ok", "data": <the
    answer as it was>}`, and their examples with them."""
    for _, _, operation in _operations(doc):
        answer = deref(doc, operation["responses"]["200"])
        media = json_media(answer["content"])
        media["schema"] = {
            "type": "object",
            "required": ["code", "data"],
            "properties": {
                "code": {"type": "integer"},
                "message": {"type": "string"},
                "data": media["schema"],
            },
        }
        if "example" in media:
            media["example"] = {"code": 0, "message": "ok", "data": media["example"]}
        for example in media.get("examples", {}).values():
            example["value"] = {"code": 0, "message": "ok", "data": example["value"]}


@edit
def outputs_as_urls(doc: Spec) -> None:
    """Each output is given as its URL alone (a string of format uri), no longer an object."""
    array, _ = _outputs(doc)
    result = _result_schema(doc)
    result["properties"][array] = {"type": "array", "items": {"type": "string", "format": "uri"}}
    [(_, poll)] = _polls(doc)
    media = json_media(deref(doc, poll["responses"]["200"])["content"])
    for example in media.get("examples", {}).values():
        outputs = example["value"].get(array)
        if outputs:
            example["value"][array] = [next(iter(o.values())) for o in outputs]


@edit
def items_polymorphic(doc: Spec) -> None:
    """An item of the array is one of two shapes, told apart by its enum field (a oneOf of two
    components with a discriminator): each enum value gets its own schema, the second with a
    field of its own."""
    array = array_field(doc)
    item = items(doc)
    [kind] = [n for n, p in item["properties"].items() if "enum" in deref(doc, p)]
    first, second, *_ = deref(doc, item["properties"][kind])["enum"]
    schemas = doc["components"]["schemas"]
    shapes = {}
    for value, extra in ((first, {}), (second, {"blur": {"type": "number", "minimum": 0}})):
        name = f"{str(value).capitalize()}Item"
        shape = json_copy(item)
        shape["properties"][kind] = {"type": "string", "const": value}
        shape["properties"].update(extra)
        schemas[name] = shape
        shapes[value] = f"#/components/schemas/{name}"
    array["items"] = {
        "oneOf": [{"$ref": ref} for ref in shapes.values()],
        "discriminator": {"propertyName": kind, "mapping": shapes},
    }


def json_copy(node: JSON) -> JSON:
    return json.loads(json.dumps(node))


@edit
def new_optional_unique_objects(doc: Spec) -> None:
    """A new optional list of keyframes, objects of a time and a strength, no two alike."""
    frame = {
        "type": "object",
        "required": ["at"],
        "properties": {
            "at": {"type": "number", "minimum": 0, "maximum": 1},
            "strength": {"type": "integer", "minimum": 1, "maximum": 3, "default": 2},
        },
    }
    add_field(
        doc, "keyframes", {"type": "array", "items": frame, "uniqueItems": True, "maxItems": 4}
    )


@edit
def new_required_enum_array(doc: Spec) -> None:
    """A new required list of output formats: one or two of an enum, no repeats."""
    formats = {"type": "string", "enum": ["mp4", "webm", "gif"]}
    schema = {"type": "array", "items": formats, "minItems": 1, "maxItems": 2, "uniqueItems": True}
    add_field(doc, "formats", schema, required=True)
    for example in request_examples(doc):
        example["formats"] = ["mp4"]


# --- more edits as spec authors make them ------------------------------------------------------


@edit
def task_id_integer(doc: Spec) -> None:
    """Tasks are numbered: the created task's id, the task's own id and the poll's parameter
    are integers, and the examples say 12345."""
    created, created_examples = _created(doc)
    [name] = _required_strings(doc, created)
    created["properties"][name] = {"type": "integer", "minimum": 1}
    _task_life_schema(doc)["properties"][name] = {"type": "integer", "minimum": 1}
    for example in created_examples:
        example[name] = 12345
    task = _task_name(doc)
    for example in _result_examples(doc):
        example[task][name] = 12345
    for parameter in _result_operation(doc).get("parameters", []):
        found = deref(doc, parameter)
        if found.get("required"):
            found["schema"] = {"type": "integer", "minimum": 1}
            if "example" in found:
                found["example"] = 12345


@edit
def recursive_field(doc: Spec) -> None:
    """A new optional storyboard: a shot of a short text and, maybe, the shot after it (a
    schema that refers to itself)."""
    doc["components"]["schemas"]["Shot"] = {
        "type": "object",
        "required": ["text"],
        "properties": {
            "text": {"type": "string", "maxLength": 40},
            "next": {"$ref": "#/components/schemas/Shot"},
        },
    }
    add_field(doc, "storyboard", {"$ref": "#/components/schemas/Shot"})


@edit
def write_only_field(doc: Spec) -> None:
    """A new optional secret that the server never echoes (writeOnly), at least 8 long."""
    add_field(doc, "webhook_token", {"type": "string", "writeOnly": True, "minLength": 8})


@edit
def nullable_keyword(doc: Spec) -> None:
    """OpenAPI 3.0's `nullable: true` left on a new optional field of this 3.1 spec, where it
    is no keyword of JSON Schema."""
    add_field(doc, "subtitle", {"type": "string", "nullable": True})


@edit
def annotation_keywords(doc: Spec) -> None:
    """Annotations that assert nothing: a `$comment` on the request, a `contentMediaType` on
    its free text, and a new optional field given as base64 (`contentEncoding`)."""
    request(doc)["$comment"] = "Kept in step with the provider's docs."
    text_field(doc)["contentMediaType"] = "text/plain"
    add_field(
        doc,
        "mask_png",
        {"type": "string", "contentEncoding": "base64", "contentMediaType": "image/png"},
    )


@edit
def enum_empty_string_value(doc: Spec) -> None:
    """The last enum gains the empty string (the server picks)."""
    add_enum_value(enum_field(doc, last=True), "", "AUTO")


@edit
def fixed_length_string(doc: Spec) -> None:
    """An item's first text field is exactly 6 characters long."""
    field = _first(doc, items(doc), _plain("string"))
    field["minLength"] = field["maxLength"] = 6
    for example in request_examples(doc):
        name = next(n for n, p in items(doc)["properties"].items() if deref(doc, p) is field)
        for item in next(v for v in example.values() if isinstance(v, list)):
            item[name] = (str(item[name]) * 6)[:6]
    for example in request_examples(doc):
        _mentions_kept(doc, example)


@edit
def array_min_items_zero(doc: Spec) -> None:
    """The array may be empty."""
    array_field(doc)["minItems"] = 0


@edit
def item_field_default(doc: Spec) -> None:
    """An item's enum field gets a default (its first value) and is no longer required."""
    item = items(doc)
    [kind] = [n for n, p in item["properties"].items() if "enum" in deref(doc, p)]
    values = deref(doc, item["properties"][kind])["enum"]
    item["properties"][kind] = {"allOf": [item["properties"][kind]], "default": values[0]}
    item["required"] = [n for n in item["required"] if n != kind]


@edit
def mention_field_optional(doc: Spec) -> None:
    """The free text that x-mention-rule reads may be left out."""
    body = request(doc)
    field = _mention_rule(doc)["field"]
    body["required"] = [n for n in body["required"] if n != field]


@edit
def security_scheme_renamed(doc: Spec) -> None:
    """The security scheme gets another name, wherever security names it."""
    schemes = _schemes(doc)
    [old] = list(schemes)
    schemes["HighwayKey"] = schemes.pop(old)
    for requirement in [*doc.get("security", []), *_requirements(doc)]:
        if old in requirement:
            requirement["HighwayKey"] = requirement.pop(old)


def _requirements(doc: Spec) -> list[JSON]:
    return [r for _, _, op in _operations(doc) for r in op.get("security", [])]


@edit
def response_rate_limit_headers(doc: Spec) -> None:
    """Every 200 answer declares its rate-limit headers, integers."""
    headers = {
        "X-RateLimit-Remaining": {"schema": {"type": "integer", "minimum": 0}},
        "X-RateLimit-Reset": {"schema": {"type": "integer"}, "description": "Unix seconds."},
    }
    for _, _, operation in _operations(doc):
        deref(doc, operation["responses"]["200"])["headers"] = json_copy(headers)


@edit
def pattern_unanchored(doc: Spec) -> None:
    """An item's first text field must hold a lower-case letter somewhere (an unanchored
    pattern: a search, not a match of the whole)."""
    _first(doc, items(doc), _plain("string"))["pattern"] = "[a-z]"


@edit
def nullable_default_null(doc: Spec) -> None:
    """A new optional field, a short string or null, whose default is null."""
    add_field(
        doc, "negative_prompt", {"type": ["string", "null"], "maxLength": 200, "default": None}
    )


@edit
def example_external_value(doc: Spec) -> None:
    """The create call gains an example given by URL only (externalValue), with no value."""
    media = json_media(create_operation(doc)["requestBody"]["content"])
    examples = media.setdefault("examples", {})
    examples["from_docs"] = {
        "summary": "The provider's own example",
        "externalValue": "https://example.com/examples/create.json",
    }


@edit
def response_links(doc: Spec) -> None:
    """The create call's 200 answer links to the poll, passing the created task's id."""
    created, _ = _created(doc)
    [name] = _required_strings(doc, created)
    poll = _result_operation(doc)
    [parameter] = [
        deref(doc, p) for p in poll.get("parameters", []) if deref(doc, p).get("required")
    ]
    answer = deref(doc, create_operation(doc)["responses"]["200"])
    answer["links"] = {
        "result": {
            "operationId": poll["operationId"],
            "parameters": {parameter["name"]: f"$response.body#/{name}"},
        }
    }


@edit
def external_docs(doc: Spec) -> None:
    """The spec, its operations and its request point to the provider's docs (externalDocs),
    and the top names the contact and the license."""
    docs = {"url": "https://docs.example.com/pixverse", "description": "Provider docs"}
    doc["externalDocs"] = json_copy(docs)
    for _, _, operation in _operations(doc):
        operation["externalDocs"] = json_copy(docs)
    request(doc)["externalDocs"] = json_copy(docs)
    doc["info"]["contact"] = {"name": "Support", "email": "support@example.com"}
    doc["info"]["license"] = {"name": "Proprietary", "identifier": "LicenseRef-Proprietary"}


@edit
def task_id_in_path(doc: Spec) -> None:
    """The task-result call takes the task id in its path (`.../task-result/{task_id}`), no
    longer in its query."""
    [(old, operation)] = _polls(doc)
    [parameter] = [
        deref(doc, p) for p in operation.get("parameters", []) if deref(doc, p).get("required")
    ]
    parameter["in"] = "path"
    new = f"{old.rstrip('/')}/{{{parameter['name']}}}"
    doc["paths"] = {(new if p == old else p): item for p, item in doc["paths"].items()}


@edit
def task_reason_nullable(doc: Spec) -> None:
    """The task's reason (what a failed wait reports) may be null."""
    task = _task_life_schema(doc)
    reason = task["x-task-life"]["fields"]["reason"]
    task["properties"][reason] = {
        **deref(doc, task["properties"][reason]),
        "type": ["string", "null"],
    }


@edit
def mention_names_enum(doc: Spec) -> None:
    """The names the mention rule reads from the items are one of a fixed list, the examples'
    names among them."""
    rule = _mention_rule(doc)
    _, _, key = rule["names-from"].partition("[].")
    names = sorted(
        {item[key] for ex in request_examples(doc) for v in ex.values() if isinstance(v, list)
         for item in v if isinstance(item, dict) and key in item}
    )  # fmt: skip
    items(doc)["properties"][key] = {"type": "string", "enum": [*names, "dog", "tree"]}


@edit
def new_required_const_true(doc: Spec) -> None:
    """A new required boolean that must be true (the terms are accepted)."""
    add_field(doc, "accept_terms", {"type": "boolean", "const": True})
    request(doc)["required"].append("accept_terms")
    for example in request_examples(doc):
        example["accept_terms"] = True


@edit
def new_optional_nullable_array(doc: Spec) -> None:
    """A new optional list of up to three short strings, or null."""
    add_field(
        doc,
        "styles",
        {"type": ["array", "null"], "items": {"type": "string", "maxLength": 16}, "maxItems": 3},
    )


@edit
def new_optional_array_of_anything(doc: Spec) -> None:
    """A new optional list of up to four values of any kind (`items: true`)."""
    add_field(doc, "hints", {"type": "array", "items": True, "maxItems": 4})


@edit
def create_answers_202(doc: Spec) -> None:
    """The create call answers 202 Accepted instead of 200, the same body."""
    operation = create_operation(doc)
    operation["responses"] = {
        ("202" if status == "200" else status): answer
        for status, answer in operation["responses"].items()
    }


@edit
def errors_text_plain(doc: Spec) -> None:
    """Every error answer is declared as plain text, a string, no longer a JSON object."""
    for answer in doc["components"].get("responses", {}).values():
        if "content" in answer:
            answer["content"] = {"text/plain": {"schema": {"type": "string"}}}


@edit
def query_array_parameter(doc: Spec) -> None:
    """The task-result call takes an optional list of the parts to include, comma-separated
    (`style: form, explode: false`)."""
    _add_parameter(
        _result_operation(doc),
        {
            "name": "include",
            "in": "query",
            "required": False,
            "style": "form",
            "explode": False,
            "schema": {
                "type": "array",
                "items": {"type": "string", "enum": ["videos", "images", "audios"]},
                "maxItems": 3,
            },
        },
    )


@edit
def optional_query_with_default(doc: Spec) -> None:
    """The create call takes an optional `priority` query parameter, 0 to 9, 0 by default."""
    _add_parameter(
        create_operation(doc),
        {
            "name": "priority",
            "in": "query",
            "required": False,
            "schema": {"type": "integer", "minimum": 0, "maximum": 9, "default": 0},
        },
    )


@edit
def cookie_parameter(doc: Spec) -> None:
    """The create call takes an optional `region` cookie."""
    _add_parameter(
        create_operation(doc),
        {
            "name": "region",
            "in": "cookie",
            "required": False,
            "schema": {"type": "string", "enum": ["us", "eu"]},
        },
    )


@edit
def security_alternatives(doc: Spec) -> None:
    """The key may also be given in an `X-API-Key` header: the root's security lists two
    alternatives."""
    _schemes(doc)["apiKeyHeader"] = {"type": "apiKey", "in": "header", "name": "X-API-Key"}
    doc["security"] = [*doc.get("security", []), {"apiKeyHeader": []}]


@edit
def status_as_one_of_consts(doc: Spec) -> None:
    """The task's status enum is said as a oneOf of described consts (a spec that says it so
    already is left as it is)."""
    task = _task_life_schema(doc)
    life = task["x-task-life"]
    found = [
        deref(doc, p)
        for p in task["properties"].values()
        if set(life["final"]) <= set(deref(doc, p).get("enum", []))
    ]
    if not found:
        return
    status = found[0]
    values = status.pop("enum")
    status.pop("x-enum-varnames", None)
    status["oneOf"] = [{"const": v, "description": f"The task is {v}."} for v in values]


@edit
def request_alias_ref(doc: Spec) -> None:
    """The request body refers to a versioned alias, a schema that is only a $ref to the
    request's schema."""
    media = json_media(create_operation(doc)["requestBody"]["content"])
    schemas = doc["components"]["schemas"]
    ref = media["schema"]["$ref"]
    while set(schemas[ref.rsplit("/", 1)[-1]]) == {"$ref"}:  # an alias already
        ref = schemas[ref.rsplit("/", 1)[-1]]["$ref"]
    alias = f"{ref.rsplit('/', 1)[-1]}V2"
    schemas[alias] = {"$ref": ref}
    media["schema"] = {"$ref": f"#/components/schemas/{alias}"}


@edit
def result_all_of_base(doc: Spec) -> None:
    """The task result is composed: an allOf of a shared base holding its task, and its own
    other fields."""
    result = _result_schema(doc)
    task = _task_name(doc)
    base = {
        "type": "object",
        "required": [task],
        "properties": {task: result["properties"].pop(task)},
    }
    doc["components"]["schemas"]["ResultBase"] = base
    result["required"] = [n for n in result.get("required", []) if n != task]
    own = {k: result.pop(k) for k in list(result) if k in ("properties", "required", "type")}
    result["allOf"] = [{"$ref": "#/components/schemas/ResultBase"}, {"type": "object", **own}]


@edit
def items_inlined(doc: Spec) -> None:
    """The array's item schema is written in place: no component names it."""
    field = array_field(doc)
    ref = field["items"].get("$ref")
    if ref:
        field["items"] = doc["components"]["schemas"].pop(ref.rsplit("/", 1)[-1])


@edit
def array_fixed_size(doc: Spec) -> None:
    """The array holds exactly two items; each example gains a second item if it had one."""
    field = array_field(doc)
    field["minItems"] = field["maxItems"] = 2
    rule = _mention_rule(doc)
    _, _, key = rule["names-from"].partition("[].")
    for example in request_examples(doc):
        for value in example.values():
            if isinstance(value, list) and len(value) == 1:
                value.append({**value[0], key: f"{value[0][key]}2"})


@edit
def bounded_integer_minimum_zero(doc: Spec) -> None:
    """The bounded integer may be 0."""
    bounded_integer(doc)["minimum"] = 0


@edit
def falsy_defaults(doc: Spec) -> None:
    """New optional fields whose defaults are falsy: an empty string, 0, 0.0, an empty list."""
    add_field(doc, "style_hint", {"type": "string", "default": ""})
    add_field(doc, "motion", {"type": "integer", "minimum": 0, "maximum": 3, "default": 0})
    add_field(doc, "strength", {"type": "number", "minimum": 0, "maximum": 1, "default": 0.0})
    add_field(doc, "labels", {"type": "array", "items": {"type": "string"}, "default": []})


@edit
def error_one_of_shapes(doc: Spec) -> None:
    """The error body is either of two shapes (an anyOf): the provider's, or a gateway's
    `{"error": ...}`."""
    error = _error_schema(doc)
    gateway = {
        "type": "object",
        "required": ["error"],
        "properties": {"error": {"type": "string"}},
    }
    doc["components"]["schemas"]["ProviderError"] = json_copy(error)
    doc["components"]["schemas"]["GatewayError"] = gateway
    error.clear()
    error["anyOf"] = [
        {"$ref": "#/components/schemas/ProviderError"},
        {"$ref": "#/components/schemas/GatewayError"},
    ]


@edit
def create_path_parameter(doc: Spec) -> None:
    """The create call's path names the model (`.../{model}`), a required path parameter of
    one allowed value."""
    old = create_path(doc)
    _add_parameter(
        create_operation(doc),
        {
            "name": "model",
            "in": "path",
            "required": True,
            "schema": {"type": "string", "enum": ["pixverse-c1"]},
        },
    )
    new = f"{old.rstrip('/')}/{{model}}"
    doc["paths"] = {(new if p == old else p): item for p, item in doc["paths"].items()}


@edit
def poll_path_with_two_parameters(doc: Spec) -> None:
    """The task-result path names the task's kind before its id (`.../{kind}/{task_id}`): two
    path parameters, the id moved from the query."""
    task_id_in_path(doc)
    [(old, operation)] = _polls(doc)
    kind = {
        "name": "kind",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "pattern": "^[a-z][a-z0-9-]*$", "maxLength": 64},
    }
    _add_parameter(operation, kind)
    head, _, tail = old.rpartition("/")
    new = f"{head}/{{kind}}/{tail}"
    doc["paths"] = {(new if p == old else p): item for p, item in doc["paths"].items()}


@edit
def request_min_properties(doc: Spec) -> None:
    """A request gives at least one field besides the required ones (minProperties)."""
    body = request(doc)
    body["minProperties"] = len(body.get("required", [])) + 1
    optional = next(n for n in body["properties"] if n not in body.get("required", []))
    for example in request_examples(doc):
        if len(example) < body["minProperties"]:
            example[optional] = deref(doc, body["properties"][optional]).get("default", 5)
