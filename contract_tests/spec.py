"""openapi.yaml, read once, for the fake, the strategies and the tests.

Everything the test side knows about the contract comes through here, so that a limit changed
in the spec reaches every test with no edit in Python.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema
import yaml
from pixverse_c1_client import _auth
from pixverse_c1_client._answers import rule_description
from pixverse_c1_client._ecma_regex import compile_pattern
from pixverse_c1_client._formats import FORMATS as CLIENT_FORMATS
from pixverse_c1_client._json_values import exact
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from codegen import components, roles

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "openapi.yaml"
_SPEC_URI = "urn:pixverse-c1:openapi.yaml"

JSON = Any
# The formats the client asserts are assertions here too (a server may enforce them): client,
# fake, strategies and checks judge one set. Any other format (duration, regex, int32...) is a
# note, as JSON Schema 2020-12 has it by default: nothing enforces it, nothing breaks it.
# Draft 2020-12's own checks: `jsonschema.FormatChecker(names)` takes the checks registered
# last under each name, which for `time` is draft 3's (no offset allowed).
FORMATS = jsonschema.FormatChecker(())
FORMATS.checkers = {
    name: check
    for name, check in jsonschema.Draft202012Validator.FORMAT_CHECKER.checkers.items()
    if name in CLIENT_FORMATS
}


@functools.cache
def load() -> dict[str, JSON]:
    # Read as the generator reads it: a body's schema written in place is a component too.
    spec: dict[str, JSON] = components.named(yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8")))
    return spec


# The schema names and field paths the client acts on, as the generator reads them
# (codegen/roles.py): "request", "created", "result", "error", "output", "task_id"...
ROLES: dict[str, JSON] = roles.roles(load())
# The operationIds of the create and the task-result calls, which key the generated client's
# reading of their parameters (_contract.OPERATIONS).
CREATE_OPERATION: str = ROLES["create_operation"]
RESULT_OPERATION: str = ROLES["result_operation"]


# The keys of a path item that are operations (the others: parameters, summary, servers...).
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def operations() -> list[tuple[str, str, dict[str, JSON]]]:
    """(path, method, operation) of every operation of the spec."""
    return [
        (path, method, item[method])
        for path, item in load()["paths"].items()
        for method in METHODS
        if isinstance(item.get(method), dict)
    ]


def methods(path: str) -> list[str]:
    """The methods the spec declares on a path ([] for a path it does not have)."""
    return [m for p, m, _ in operations() if p == path]


def operation_path(operation_id: str) -> str:
    """The path of the operation with this operationId, wherever the spec puts it."""
    for path, _, op in operations():
        if op.get("operationId") == operation_id:
            return str(path)
    raise KeyError(f"openapi.yaml has no operation {operation_id!r}")


CREATE_PATH = operation_path(CREATE_OPERATION)
RESULT_PATH = operation_path(RESULT_OPERATION)


def matched_path(path: str) -> tuple[str, dict[str, str]]:
    """The spec's path that a request's path is (`/tasks/{task_id}` for `/tasks/8f1c`), and
    the percent-decoded value of each of its templated segments by name; a path without
    templates wins over one with (OpenAPI 3.1). The request's own path, with no values, when
    the spec has none that fits."""
    fitting = []
    for template in load()["paths"]:
        found = _template(template).fullmatch(path)
        if found is not None:
            named = {name: unquote(found.group(i + 1)) for i, name in enumerate(_names(template))}
            fitting.append((len(named), template, named))
    if not fitting:
        return path, {}
    _, template, named = min(fitting, key=lambda each: each[0])
    return template, named


def path_of(url: Any) -> str:
    """The spec's path that an httpx URL's path is (see matched_path)."""
    return matched_path(_raw_path(url))[0]


def path_values(url: Any) -> dict[str, str]:
    """The values an httpx URL's path gives its spec path's templated segments, by name."""
    return matched_path(_raw_path(url))[1]


def _raw_path(url: Any) -> str:
    """The URL's path as sent, still percent-encoded (httpx's `.path` is decoded)."""
    return str(url.raw_path.decode("ascii")).partition("?")[0]


def _names(template: str) -> list[str]:
    return re.findall(r"\{([^{}/]+)\}", template)


@functools.cache
def _template(template: str) -> re.Pattern[str]:
    """A path template as a pattern: each `{name}` one segment's worth of characters."""
    parts = re.split(r"\{[^{}/]+\}", template)
    return re.compile("([^/]+)".join(re.escape(part) for part in parts))


@functools.cache
def key_presentation(method: str, path: str) -> _auth.Presentation | None:
    """How the operation's request carries the API key (None: it needs none), read by the
    client's own reading of the spec's security (pixverse_c1_client._auth)."""
    return _auth.presentation(load(), method, path)


def key_presentations() -> dict[tuple[str, str], _auth.Presentation | None]:
    """Every operation's presentation of the key, by (method, path)."""
    return _auth.presentations(load())


def schemas() -> dict[str, JSON]:
    found: dict[str, JSON] = load()["components"]["schemas"]
    return found


def schema(name: str) -> dict[str, JSON]:
    found: dict[str, JSON] = schemas()[name]
    return found


MENTION_RULE = "x-mention-rule"
TASK_LIFE = "x-task-life"


def holding(extension: str) -> dict[str, JSON]:
    """The one component schema that carries `extension` (x-mention-rule, x-task-life), found
    by what it holds, so that the schema may be renamed."""
    found: list[dict[str, JSON]] = [node for node in schemas().values() if extension in node]
    [only] = found
    return only


def resolve(node: JSON) -> JSON:
    """Follow a local `$ref` and merge an `allOf` into the schema it stands in, one level deep:
    what a reader of one node sees (its keywords), with the children left as written."""
    seen = 0
    while isinstance(node, dict) and "$ref" in node:
        rest = {k: v for k, v in node.items() if k != "$ref"}
        node = {**_pointer(node["$ref"]), **rest} if rest else _pointer(node["$ref"])
        seen += 1
        if seen > 100:
            raise ValueError("a $ref cycle")
    if isinstance(node, dict) and isinstance(node.get("allOf"), list):
        merged = {k: v for k, v in node.items() if k != "allOf"}
        for part in node["allOf"]:
            merged = merge(merged, resolve(part))
        return merged
    return node


# How two values of one keyword combine when both schemas of an allOf give it.
_LARGER = frozenset(
    {"minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties", "minContains"}
)
_SMALLER = frozenset(
    {"maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties", "maxContains"}
)


def merge(a: dict[str, JSON], b: dict[str, JSON]) -> dict[str, JSON]:
    """Both schemas at once (an allOf of two), as one schema a reader can walk."""
    merged = dict(a)
    for key, value in b.items():
        if key not in merged or merged[key] == value:
            merged[key] = value
        elif key in _LARGER:
            merged[key] = max(merged[key], value)
        elif key in _SMALLER:
            merged[key] = min(merged[key], value)
        elif key == "required":
            merged[key] = list(dict.fromkeys([*merged[key], *value]))
        elif key == "enum":
            merged[key] = [v for v in merged[key] if v in value]
        elif key == "type":
            left = merged[key] if isinstance(merged[key], list) else [merged[key]]
            right = value if isinstance(value, list) else [value]
            both = [t for t in left if t in right or (t == "integer" and "number" in right)]
            both += [t for t in right if t == "integer" and "number" in left and t not in both]
            merged[key] = both[0] if len(both) == 1 else both
        elif key in ("properties", "dependentRequired", "patternProperties"):
            merged[key] = {**merged[key], **value}
            for name in set(merged[key]) & set(a[key]) & set(value):
                merged[key][name] = {"allOf": [a[key][name], value[name]]}
        elif key.startswith("x-") or key in _NOTES:
            pass  # the first note stands
        else:
            merged["allOf"] = [*merged.get("allOf", []), {key: value}]
    return merged


_NOTES = frozenset({"description", "title", "default", "example", "examples", "$comment"})


def inline(node: JSON, depth: int = 0, refs: tuple[str, ...] = ()) -> JSON:
    """The schema with every $ref replaced and every allOf merged, for tools that read one
    self-contained JSON Schema (hypothesis-jsonschema, a validator of one field).

    A schema that refers to itself (a shot holding the next shot) is unrolled RECURSION
    deep, and `false` stands where it would go deeper: what the result allows, the spec
    allows, and the suite's values and breaks stay finite."""
    if depth > 50:
        raise ValueError("a recursive schema cannot be inlined")
    if isinstance(node, list):
        return [inline(each, depth + 1, refs) for each in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str):
        if refs.count(ref) >= RECURSION:
            return False
        refs = (*refs, ref)
    node = resolve(node)
    found: dict[str, JSON] = {}
    for key, value in node.items():
        if key in ("enum", "const", "default", "example", "examples") or key.startswith("x-"):
            found[key] = value
        elif key in ("properties", "patternProperties", "dependentSchemas", "$defs"):
            found[key] = {name: inline(child, depth + 1, refs) for name, child in value.items()}
        else:
            found[key] = inline(value, depth + 1, refs)
    return found


# How many times a schema that refers to itself is unrolled by `inline`.
RECURSION = 2


def _pointer(ref: str) -> JSON:
    if not ref.startswith("#/"):
        raise ValueError(f"only local $refs are supported, got {ref!r}")
    node: JSON = load()
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def ecma_pattern(pattern: str) -> re.Pattern[str]:
    """A pattern of the spec, read as ECMA-262 (JSON Schema's dialect) and not as Python's `re`,
    which reads some whitespace (\\x1c, \\ufeff) differently. The client's translation is
    the project's one reading of that dialect, checked against the JSON Schema Test Suite."""
    return compile_pattern(pattern)


_DATA = frozenset({"enum", "const", "default", "example", "examples"})


def ecma_schema(node: JSON) -> JSON:
    """`node` with each `pattern` and `patternProperties` name spelled in Python for its
    ECMA-262 reading (`$` at the very end only, ASCII `\\d`...), as the client reads them:
    jsonschema runs them with `re` as written, where `$` also matches before a final newline."""
    if isinstance(node, list):
        return [ecma_schema(each) for each in node]
    if not isinstance(node, dict):
        return node
    found: dict[str, JSON] = {}
    for key, value in node.items():
        if key.startswith("x-") or key in _DATA:
            found[key] = value
        elif key == "pattern" and isinstance(value, str):
            found[key] = _python_pattern(value)
        elif key == "patternProperties" and isinstance(value, dict):
            found[key] = {_python_pattern(p): ecma_schema(sub) for p, sub in value.items()}
        else:
            found[key] = ecma_schema(value)
    return found


def asserted_only(node: JSON) -> JSON:
    """`node` without the formats the project takes as notes (see FORMATS), for a tool that
    would assert every format it knows (schemathesis): both then judge the same contract."""
    if isinstance(node, list):
        return [asserted_only(each) for each in node]
    if not isinstance(node, dict):
        return node
    return {
        key: value if key.startswith("x-") or key in _DATA else asserted_only(value)
        for key, value in node.items()
        if not (key == "format" and isinstance(value, str) and value not in FORMATS.checkers)
    }


def _python_pattern(pattern: str) -> str:
    try:
        compiled = ecma_pattern(pattern)
    except (re.error, ValueError):
        return pattern  # one the client cannot read: `make generate` refuses the spec
    return ("(?a)" if compiled.flags & re.ASCII else "") + compiled.pattern


@functools.cache
def _registry() -> Registry[JSON]:
    resource: Resource[JSON] = DRAFT202012.create_resource(ecma_schema(load()))
    registry: Registry[JSON] = Registry().with_resource(_SPEC_URI, resource)
    return registry


def _multiple_of(
    validator: jsonschema.protocols.Validator, divisor: Any, instance: Any, schema: JSON
) -> Iterator[jsonschema.ValidationError]:
    """multipleOf in the exact decimals a JSON number stands for, as the client reads it:
    jsonschema divides floats, so that 0.3 is no multiple of 0.1 and 0.7000000000000001 is."""
    if not validator.is_type(instance, "number"):
        return
    number, step = exact(instance), exact(divisor)
    if number is None or not step or (number / step).denominator != 1:
        yield jsonschema.ValidationError(f"{instance!r} is not a multiple of {divisor}")


# Draft 2020-12, multipleOf in decimals: the project's one reading of the spec's numbers.
Validator: type[jsonschema.protocols.Validator] = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
    jsonschema.Draft202012Validator, {"multipleOf": _multiple_of}
)


@functools.cache
def validator(name: str) -> jsonschema.protocols.Validator:
    """A draft 2020-12 validator of components.schemas[name], $refs resolved in the spec."""
    return Validator(
        {"$ref": f"{_SPEC_URI}#/components/schemas/{name}"},
        registry=_registry(),
        format_checker=FORMATS,
    )


def node_validator(node: JSON) -> jsonschema.protocols.Validator:
    """A validator of one inlined schema (see `inline`), formats checked like the spec's."""
    return Validator(ecma_schema(node), format_checker=FORMATS)


def operation(path: str, method: str) -> dict[str, JSON]:
    found: dict[str, JSON] = load()["paths"][path][method]
    return found


def success_status(path: str, method: str) -> int:
    """The HTTP status of the operation's success answer: its one 2xx ("2XX" reads as 200)."""
    declared = [str(s) for s in operation(path, method)["responses"] if str(s).startswith("2")]
    return 200 if declared[0].upper() == "2XX" else int(declared[0])


# The HTTP status of each call's success answer (a create may answer 201 Created).
CREATE_OK = success_status(CREATE_PATH, "post")
RESULT_OK = success_status(RESULT_PATH, "get")


def response(path: str, method: str, status: int) -> dict[str, JSON]:
    """The answer the spec declares for this status (its own, else its range's: 4XX, else the
    `default` answer, which stands for every status the others leave)."""
    responses = operation(path, method)["responses"]
    declared = (
        responses.get(str(status))
        or responses.get(f"{str(status)[0]}XX")
        or responses.get(f"{str(status)[0]}xx")
        or responses.get("default")
    )
    if declared is None:
        raise KeyError(f"{method.upper()} {path} declares no {status} answer")
    found: dict[str, JSON] = resolve(declared)
    return found


def response_schema_name(path: str, method: str, status: int) -> str:
    """The components.schemas name of the body the spec declares for this answer."""
    declared = response(path, method, status)
    ref: str = declared["content"]["application/json"]["schema"]["$ref"]
    return ref.rsplit("/", 1)[-1]


def declared_statuses(path: str, method: str) -> list[str]:
    return list(operation(path, method)["responses"])


# Punctuation that a reading of a mentioned name may take into the name or leave out, in the
# order the prompts probing the rule use it: the usual marks after a word first, then the rest
# of ASCII's, since any of it may be allowed in a name; which a pattern keeps is asked of it.
_USUAL = ",.!?;:'\")-/"
PUNCTUATION = _USUAL + "".join(c for c in string.punctuation if c not in _USUAL)


@dataclass(frozen=True)
class MentionRule:
    """x-mention-rule of the request schema: what JSON Schema cannot say about @mentions."""

    field: str
    pattern: re.Pattern[str]
    names_from: tuple[str, str]  # (array field, item field), from "images[].ref_name"

    def mentions(self, text: str) -> list[str]:
        return [m.group(1) for m in self.pattern.finditer(text)]

    # How the pattern reads the characters around a mention, asked of the pattern itself by
    # probing, so that prompts written to test the rule follow whatever the pattern says.

    def kept_in_name(self, name: str, chars: str) -> str:
        """The characters of `chars` that the pattern reads as part of a name they end."""
        return "".join(c for c in chars if self.mentions(f"@{name}{c}") == [name + c])

    def ending_name(self, name: str, chars: str) -> str:
        """The characters of `chars` that end a name, the mention before them intact."""
        return "".join(c for c in chars if self.mentions(f"@{name}{c}x") == [name])

    def before_mention(self, name: str, chars: str) -> str:
        """The characters of `chars` after which an @ starts a mention."""
        return "".join(c for c in chars if self.mentions(f"x{c}@{name}") == [name])

    def unknown_mentions(self, body: JSON) -> list[str]:
        """The @mentions of the prompt that name no image, when the body is shaped enough to
        tell (an object whose prompt is a string and whose images, if any, are a list)."""
        array, item = self.names_from
        if not isinstance(body, dict) or not isinstance(body.get(self.field), str):
            return []
        images = body.get(array, [])
        if not isinstance(images, list):
            return []
        names = {
            i.get(item) for i in images if isinstance(i, dict) and isinstance(i.get(item), str)
        }
        return [name for name in self.mentions(body[self.field]) if name not in names]


@functools.cache
def mention_rule() -> MentionRule | None:
    """The request's x-mention-rule, or None when the spec sets none: then no prompt is read
    for mentions, and no check, variant or case of them exists."""
    if not any(MENTION_RULE in node for node in schemas().values()):
        return None
    raw = holding(MENTION_RULE)[MENTION_RULE]
    array, _, item = raw["names-from"].partition("[].")
    return MentionRule(
        field=raw["field"], pattern=ecma_pattern(raw["pattern"]), names_from=(array, item)
    )


def known_mention_rule() -> MentionRule:
    """The mention rule, for code that runs only when the spec sets one."""
    mention = mention_rule()
    if mention is None:
        raise LookupError(f"the request schema sets no {MENTION_RULE}")
    return mention


@dataclass(frozen=True)
class TaskLife:
    """x-task-life of the task schema: statuses move forward only, final ones never change."""

    rank: dict[str, int]
    final: frozenset[str]
    succeeded: str
    failed: str

    def allowed(self, before: str, after: str) -> bool:
        if before in self.final:
            return after == before
        return self.rank[after] >= self.rank[before]


@functools.cache
def task_life() -> TaskLife:
    raw = holding(TASK_LIFE)[TASK_LIFE]
    return TaskLife(
        rank=dict(raw["rank"]),
        final=frozenset(raw["final"]),
        succeeded=raw["succeeded"],
        failed=raw["failed"],
    )


def required_when(result: dict[str, JSON]) -> list[str]:
    """The x-required-when rules of the task result that `result` breaks, by description. A
    rule's `require` asks for its path to hold a value (not null), and with `min-items` for an
    array of at least that many items."""
    broken = []
    for rule in schema(ROLES["result"]).get("x-required-when", []):
        if _at(result, rule["when"]["path"]) != rule["when"]["equals"]:
            continue
        value = _at(result, rule["require"]["path"])
        least = rule["require"].get("min-items")
        if value is None or (
            least is not None and (not isinstance(value, list) or len(value) < least)
        ):
            broken.append(rule_description(rule))
    return broken


def _at(document: JSON, dotted: str) -> JSON:
    for part in dotted.split("."):
        if not isinstance(document, dict):
            return None
        document = document.get(part)
    return document


def defaults(name: str) -> dict[str, JSON]:
    """The default of every optional property of an object schema that declares one."""
    found = {}
    for prop, node in schema(name)["properties"].items():
        resolved = resolve(node)
        if isinstance(resolved, dict) and "default" in resolved:  # a boolean schema has none
            found[prop] = resolved["default"]
    return found


def examples() -> list[tuple[str, str, JSON]]:
    """Every example in the spec of a named schema: (where, schema name, value). An answer
    whose schema is written inline is no model of the package, and its examples are left out."""
    found: list[tuple[str, str, JSON]] = []
    for path, method, op in operations():
        body = op.get("requestBody", {}).get("content", {}).get("application/json")
        if body:
            found += _media_examples(f"{method.upper()} {path} request", body)
        for status, response in op["responses"].items():
            media = resolve(response).get("content", {}).get("application/json")
            if media:
                found += _media_examples(f"{method.upper()} {path} {status}", media)
    for name, node in schemas().items():
        if "example" in node:
            found.append((f"components.schemas.{name}", name, node["example"]))
    return found


def _media_examples(where: str, media: dict[str, JSON]) -> list[tuple[str, str, JSON]]:
    ref = media.get("schema", {}).get("$ref")
    if not isinstance(ref, str):
        return []
    name = ref.rsplit("/", 1)[-1]
    return [
        (f"{where} {key}" if key else where, name, value) for key, value in media_examples(media)
    ]


def media_examples(media: dict[str, JSON]) -> list[tuple[str, JSON]]:
    """(name, value) of a media type's `example` (named "") and of each of its `examples`
    that gives a value, its own or a component's; one given by `externalValue` only has none
    here to read."""
    found = [("", media["example"])] if "example" in media else []
    for key, example in media.get("examples", {}).items():
        if isinstance(example, dict) and "$ref" in example:
            example = _pointer(example["$ref"])  # an example of components.examples
        if isinstance(example, dict) and "value" in example:
            found.append((key, example["value"]))
    return found
