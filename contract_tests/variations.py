"""Faithful variations of the fake: each differs from it only where the contract allows.

A conformance suite that cries wolf gets switched off; every variation here must pass a whole
conformance run with no failure. Each is a Variant (the hooks of variants.py) with
`caught_by=None` and a description of the freedom it takes, from CONTRACT.md: 403 instead of
401, any 4xx for an unknown task, the open questions of the request answered the other way,
tolerant-reader answers (unknown fields, only the required ones, an integer TTL, a charset),
another walk of a task's life, and occasional 429s.
"""

from __future__ import annotations

import functools
import json
from typing import TYPE_CHECKING, Any

from contract_tests import answers, oracle, rules, spec, strict_json
from contract_tests.answers import FakeResponse, error_body, json_answer
from contract_tests.rules import ITEMS, Rule
from contract_tests.variants import Variant

if TYPE_CHECKING:
    from contract_tests.fake import Task

JSON = Any
EXTRA = {"an_unknown_field": {"kept": [1, "two"]}}
BOM = "\ufeff".encode()


def _variation(name: str, description: str, **hooks: Any) -> Variant:
    return Variant(name, description, None, "", **hooks)


def _open_rule(name: str, description: str) -> Rule:
    """A rule of the server's own, on a question the contract leaves open."""
    return Rule(f"body.{name}", (), name, None, description)


def _object_paths() -> list[rules.Path]:
    return [()] + [
        r.path for r in rules.request_rules() if r.keyword == "type" and r.value == "object"
    ]


def _unknown_fields(found: list[Rule], body: JSON) -> list[Rule]:
    for path in _object_paths():
        schema = rules.node_at(path)
        if "additionalProperties" in schema or "unevaluatedProperties" in schema:
            continue  # the schema's own rule says which other fields it takes (a map)
        known = set(schema.get("properties", {}))
        patterns = [spec.ecma_pattern(p) for p in schema.get("patternProperties", {})]
        for node in rules.values_at(body, path):
            if not isinstance(node, dict):
                continue
            if any(not any(p.search(n) for p in patterns) for n in set(node) - known):
                return [*found, _open_rule("unknown-field", "unknown fields are rejected")]
    return found


def _integer_paths() -> list[rules.Path]:
    return [r.path for r in rules.request_rules() if r.keyword == "type" and r.value == "integer"]


def _floats_rejected(found: list[Rule], body: JSON) -> list[Rule]:
    for path in _integer_paths():
        if any(isinstance(v, float) for v in rules.values_at(body, path)):
            return [*found, _open_rule("float", f"{rules.field_name(path)}: no 5.0 for 5")]
    return found


def _string_paths() -> list[rules.Path]:
    return [r.path for r in rules.request_rules() if r.keyword == "type" and r.value == "string"]


def _empty_named(path: rules.Path) -> bool:
    """Whether the spec names "" as a value of the field (in its enum, as its const) or allows
    it no other string (a maxLength of 0): a server that refuses "" there breaks the contract,
    which leaves "" open only where a text is free."""
    node = rules.node_at(path)
    return node.get("maxLength") == 0 or node.get("const") == "" or "" in node.get("enum", [])


def _empty_rejected(found: list[Rule], body: JSON) -> list[Rule]:
    for path in _string_paths():
        if "" in rules.values_at(body, path) and not _empty_named(path):
            return [*found, _open_rule("empty", f"{rules.field_name(path)} may not be empty")]
    return found


def _shared_names_rejected(found: list[Rule], body: JSON) -> list[Rule]:
    mention = spec.mention_rule()
    if mention is None:  # no field names the items, so none can be shared
        return found
    array, item = mention.names_from
    names = rules.values_at(body, (array, ITEMS, item))
    if len(names) != len({json.dumps(n) for n in names}):
        return [*found, _open_rule("shared-name", f"two {array} share a {item}")]
    return found


def _closes(before: JSON, after: JSON) -> bool:
    """Whether an answer schema of the spec takes `before` and not `after` (its fields and
    more): a schema closed to unknown fields, where adding them is no faithful variation."""
    names = [spec.ROLES[r] for r in ("created", "result", "error") if spec.ROLES[r]]
    return any(
        spec.validator(n).is_valid(before) and not spec.validator(n).is_valid(after) for n in names
    )


def _with_extra(answer: FakeResponse, count: int) -> FakeResponse:
    try:
        document = answer.json()
    except ValueError:
        return answer
    if not isinstance(document, dict) or _closes(document, {**document, **EXTRA}):
        return answer
    return FakeResponse(answer.status, answer.headers, strict_json.dumps({**document, **EXTRA}))


def _extra_inside(document: JSON, task: Task) -> JSON:
    names = answers.fields()
    found = answers.put(document, names.task, {**answers.at(document, names.task), **EXTRA})
    outputs = answers.at(found, names.outputs)
    if isinstance(outputs, list):
        found = answers.put(found, names.outputs, [{**o, **EXTRA} for o in outputs])
    return document if _closes(document, found) else found


def _as_integer(node: JSON, schema: JSON) -> JSON:
    """Digit strings where the schema allows an integer as well, as integers."""
    schema = spec.resolve(schema)
    kinds = schema.get("type")
    if isinstance(node, str) and node.isdigit() and isinstance(kinds, list) and "integer" in kinds:
        return int(node)
    if isinstance(node, dict):
        props = schema.get("properties", {})
        return {k: _as_integer(v, props[k]) if k in props else v for k, v in node.items()}
    if isinstance(node, list) and "items" in schema:
        return [_as_integer(v, schema["items"]) for v in node]
    return node


def _integer_ttl(document: JSON, task: Task) -> JSON:
    return _as_integer(document, spec.schema(oracle.task_result_schema()))


def _required_only(node: JSON, schema: JSON, also: frozenset[tuple[str, ...]]) -> JSON:
    """`node` with only the fields its schema requires, at every depth, and those at the paths
    `also` (relative to `node`) that an x-required-when rule may ask for."""
    schema = spec.resolve(schema)
    if isinstance(node, dict) and "properties" in schema:
        kept = set(schema.get("required", [])) | {path[0] for path in also if path}
        return {
            k: _required_only(
                v,
                schema["properties"].get(k, {}),
                frozenset(path[1:] for path in also if path[:1] == (k,)),
            )
            for k, v in node.items()
            if k in kept
        }
    if isinstance(node, list) and "items" in schema:
        return [_required_only(v, schema["items"], frozenset()) for v in node]
    return node


def _required_when_paths(schema: JSON) -> frozenset[tuple[str, ...]]:
    """The paths that x-required-when rules require (videos of a succeeded task)."""
    rules = schema.get("x-required-when", [])
    return frozenset(tuple(rule["require"]["path"].split(".")) for rule in rules)


def _minimal_result(document: JSON, task: Task) -> JSON:
    result = spec.schema(oracle.task_result_schema())
    return _required_only(document, result, _required_when_paths(result))


def _charset(answer: FakeResponse, count: int) -> FakeResponse:
    kind = answer.headers.get("Content-Type", "")
    if kind.split(";")[0].strip() != "application/json":
        return answer
    return FakeResponse(
        answer.status,
        {**answer.headers, "Content-Type": "application/json; charset=utf-8"},
        answer.body,
    )


def _now_and_then_429(answer: FakeResponse, count: int) -> FakeResponse:
    if count % 7:
        return answer
    return json_answer(429, error_body(429, "slow down"), {"Retry-After": "0"})


def _skip_middle(walk: list[str]) -> list[str]:
    return [walk[0], walk[-1]] if len(walk) > 2 else walk


def _terse_error(answer: FakeResponse, status: int, message: str) -> FakeResponse:
    return json_answer(status, {"message": message})


@functools.cache
def registry() -> dict[str, Variant]:
    found = (
        _variation(
            "403-for-a-bad-key",
            "answers 403, not 401, to a missing or wrong key",
            error_answer=lambda a, status, m: (
                json_answer(403, error_body(403, m)) if status == 401 else a
            ),
        ),
        _variation(
            "400-for-an-unknown-task",
            "answers 400, not 404, to an unknown task id",
            unknown_task=lambda a, task_id: json_answer(400, error_body(400, "no such task")),
        ),
        _variation(
            "rejects-unknown-fields", "rejects unknown request fields", broken_rules=_unknown_fields
        ),
        _variation(
            "rejects-5.0", "rejects 5.0 for an integer field", broken_rules=_floats_rejected
        ),
        _variation("rejects-empty-strings", "rejects empty strings", broken_rules=_empty_rejected),
        _variation(
            "rejects-shared-names",
            "rejects two items sharing the name an @mention reaches",
            broken_rules=_shared_names_rejected,
        ),
        _variation(
            "rejects-other-content-types",
            "rejects a JSON body sent with another Content-Type",
            media_type_ok=lambda kind: oracle.is_json_media_type(kind),
        ),
        _variation(
            "reads-a-bom",
            "reads a JSON body after a UTF-8 byte order mark (RFC 8259 allows it)",
            raw_body=lambda raw: raw.removeprefix(BOM),
        ),
        _variation(
            "unknown-fields-in-answers",
            "adds unknown fields to every answer, and inside task and videos",
            answer=_with_extra,
            task_result=_extra_inside,
        ),
        _variation(
            "integers-for-strings",
            "gives an integer where a string or an integer is allowed (video_url_ttl)",
            task_result=_integer_ttl,
        ),
        _variation(
            "minimal-results",
            "task results carry only the required fields",
            task_result=_minimal_result,
        ),
        _variation("charset", "answers application/json; charset=utf-8", answer=_charset),
        _variation(
            "skips-processing",
            "tasks go from the first status straight to the final one",
            walk=_skip_middle,
        ),
        _variation(
            "some-tasks-fail",
            "every other task ends FAILED, with a reason",
            fails=lambda index: "the content policy refused it" if index % 2 else "",
        ),
        _variation(
            "occasional-429",
            "every 7th request gets 429 with Retry-After: 0",
            answer=_now_and_then_429,
        ),
        _variation("terse-errors", "error bodies carry only a message", error_answer=_terse_error),
    )
    return {v.name: v for v in found}


def variation(name: str) -> Variant:
    try:
        return registry()[name]
    except KeyError:
        raise ValueError(f"unknown faithful variation {name!r}") from None


def descriptions() -> dict[str, str]:
    return {name: v.description for name, v in registry().items()}
