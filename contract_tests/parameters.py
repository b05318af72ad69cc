"""The path, query and header parameters of each operation: their rules, values and breaks.

A parameter travels as one string. A server reads it by its schema's type (`"5"` as 5 for an
integer, `"true"` as true for a boolean, any text as itself for a string) and judges what it
read by the schema, so every rule here is a rule of that reading: the parameters of one
operation are one object, `{"header Idempotency-Key": <read value>, ...}`, whose schema has a
property per parameter and the required ones required. Its rules are computed as the request
body's are (rules._walk), each named `<operationId> <in> <name>.<keyword>`; the strings sent
(`Sent`: field -> text) that break one of them alone are found from the same kinds of break as
the body's (breaking.KINDS), written to the wire. The reading of the spec's parameters ($refs,
path-item parameters) is the generator's own (codegen/parameters.py), so that the client and
the suite cannot read them apart.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import json
import re
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from codegen import parameters as reading
from contract_tests import breaking, rules, spec, values
from contract_tests.rules import Rule

JSON = Any
Sent = dict[str, str]  # "<in> <name>" -> the text sent; a parameter left out is absent
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
# Types no parameter can carry: a break of that kind is no break of a parameter.
_UNSENDABLE = frozenset({"null", "array", "object"})


@dataclass(frozen=True)
class Parameter:
    operation: str
    location: str  # "path", "query" or "header" (make generate refuses every other place)
    name: str
    required: bool
    node: dict[str, JSON] = dataclasses.field(compare=False, hash=False)  # inlined schema
    kinds: tuple[str, ...] = ("string",)  # the scalar type it is read as

    @property
    def field(self) -> str:
        return f"{self.location} {self.name}"


@functools.cache
def _all() -> tuple[Parameter, ...]:
    """The parameters of the calls the client makes (create, task-result): an operation it
    never calls is no part of its contract."""
    document = spec.load()
    called = (spec.CREATE_OPERATION, spec.RESULT_OPERATION)
    found = []
    for operation, declared in reading.operations(document).items():
        if operation not in called:
            continue
        for raw in declared["parameters"]:
            found.append(
                Parameter(
                    operation,
                    raw["in"],
                    raw["name"],
                    raw["required"],
                    spec.inline(raw["schema"]),
                    tuple(reading.scalar_types(document, raw["schema"])),
                )
            )
    return tuple(found)


def of(operation: str) -> list[Parameter]:
    """The operation's parameters, in the spec's order."""
    return [p for p in _all() if p.operation == operation]


def everywhere() -> list[Parameter]:
    return list(_all())


def by_field(operation: str, field: str) -> Parameter:
    return next(p for p in of(operation) if p.field == field)


@functools.cache
def task_parameter() -> Parameter:
    """The task-result call's parameter that carries the task id."""
    document = spec.load()
    found = reading.task_parameter(document, reading.operations(document))
    if found is None:
        raise LookupError("the task-result call has no parameter for the task id")
    operation, name = found
    return next(p for p in of(operation) if p.name == name)


# --- the wire ----------------------------------------------------------------------------------


def text(value: JSON) -> str | None:
    """A value as the one string a parameter carries (as the client writes it); None for a
    value no parameter can carry (null, an array, an object, a number JSON cannot write)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        try:
            return json.dumps(value, allow_nan=False)
        except ValueError:
            return None
    if isinstance(value, str):
        return value
    return None


def read(parameter: Parameter, sent: str) -> JSON:
    """What a server reads from the text: a number or a boolean where the schema wants one and
    the text is one, else the text itself (which then breaks the type rule)."""
    kinds = set(parameter.kinds)
    if "string" in kinds:
        return sent
    if kinds & {"integer", "number"} and _NUMBER.fullmatch(sent):
        return json.loads(sent)
    if "boolean" in kinds and sent in ("true", "false"):
        return sent == "true"
    return sent


def sendable(parameter: Parameter, sent: str) -> bool:
    """Whether the text reaches a server as it is: a header's visible ASCII, no whitespace at
    its ends; a query's valid Unicode; a path segment's too, and a segment of its own (not
    empty, not "." or "..", which a URL reader drops or resolves away)."""
    if parameter.location == "header":
        return all(" " <= c <= "~" or c == "\t" for c in sent) and sent == sent.strip(" \t")
    if parameter.location == "path" and sent in ("", ".", ".."):
        return False
    try:
        sent.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def document(operation: str, sent: Mapping[str, str]) -> dict[str, JSON]:
    """The operation's parameters as a server reads them: field -> value."""
    return {p.field: read(p, sent[p.field]) for p in of(operation) if p.field in sent}


def split(operation: str, sent: Mapping[str, str]) -> tuple[str, dict[str, str], dict[str, str]]:
    """(path, query, headers) to send, by the spec's names: the operation's path with each
    path parameter percent-encoded into its place, as the client writes it."""
    path = spec.operation_path(operation)
    query: dict[str, str] = {}
    headers: dict[str, str] = {}
    for parameter in of(operation):
        if parameter.field not in sent:
            continue
        if parameter.location == "path":
            path = path.replace(f"{{{parameter.name}}}", quote(sent[parameter.field], safe=""))
        else:
            into = headers if parameter.location == "header" else query
            into[parameter.name] = sent[parameter.field]
    return path, query, headers


def received(
    operation: str,
    in_path: Mapping[str, str],
    query: Mapping[str, str],
    headers: Mapping[str, str],
) -> dict[str, str]:
    """What a request carried of the operation's parameters (`in_path`: the values of its
    path's templated segments, spec.matched_path; header names in any case)."""
    lowered = {k.lower(): v for k, v in headers.items()}
    found = {}
    for parameter in of(operation):
        if parameter.location == "header":
            value = lowered.get(parameter.name.lower())
        elif parameter.location == "path":
            value = in_path.get(parameter.name)
        else:
            value = query.get(parameter.name)
        if value is not None:
            found[parameter.field] = value
    return found


def arguments(operation: str, sent: Mapping[str, str]) -> dict[str, JSON]:
    """The client's `parameters=` for what is sent: name -> the value read."""
    return {p.name: read(p, sent[p.field]) for p in of(operation) if p.field in sent}


def client_defaults() -> dict[str, JSON]:
    """`default_parameters` for a client that is to send valid requests: the required
    parameters of the calls it makes at plain values, but the task id (a call's own
    argument)."""
    task = task_parameter()
    found: dict[str, JSON] = {}
    for operation in dict.fromkeys(p.operation for p in _all()):
        given = arguments(operation, valid(operation))
        if operation == task.operation:
            given.pop(task.name, None)
        found.update(given)
    return found


def endpoint_arguments(module: Any, operation: str, task_id: str | None = None) -> dict[str, JSON]:
    """A generated endpoint module's keyword arguments for the operation's valid parameters
    (`sent` by `valid`), the task id in its own where given: by its PARAMETER_NAMES."""
    sent = dict(valid(operation))
    if task_id is not None:
        sent[task_parameter().field] = task_id
    given = arguments(operation, sent)
    names: dict[str, str] = module.PARAMETER_NAMES
    return {argument: given[name] for argument, name in names.items() if name in given}


# --- rules -------------------------------------------------------------------------------------


def schema(operation: str) -> dict[str, JSON]:
    """The operation's parameters as one object schema: a property per parameter (its field),
    the required ones required."""
    declared = of(operation)
    return {
        "type": "object",
        "properties": {p.field: p.node for p in declared},
        "required": [p.field for p in declared if p.required],
    }


@functools.cache
def _validator(operation: str) -> Any:
    return spec.node_validator(schema(operation))


def _named(operation: str, rule: Rule) -> Rule:
    parameter = next((p for p in of(operation) if (p.field,) == rule.path[:1]), None)
    return dataclasses.replace(
        rule,
        id=f"{operation} {rule.id}",
        operation=operation,
        node=None if parameter is None else parameter.node,
    )


@functools.cache
def _rules(operation: str) -> tuple[Rule, ...]:
    found = []
    by_field = {p.field: p for p in of(operation)}
    for rule in rules._walk(schema(operation), ()):
        if not rule.path:
            continue  # the object's own: it is always one
        parameter = by_field[rule.path[0]]
        if rule.keyword == "type" and "string" in parameter.kinds:
            continue  # every text is a string: no request breaks it
        if rule.keyword == "required" and parameter.location == "path":
            continue  # a path without it is another path: no request to this one leaves it out
        found.append(_named(operation, rule))
    return tuple(found)


def rules_of(operation: str) -> list[Rule]:
    return list(_rules(operation))


def parameter_rules() -> list[Rule]:
    """Every rule of the parameters of the calls the client makes."""
    operations = dict.fromkeys(p.operation for p in _all())
    return [r for operation in operations for r in _rules(operation)]


def task_argument(module: Any) -> str:
    """The argument of a generated endpoint module that carries the task id."""
    names: dict[str, str] = module.PARAMETER_NAMES
    return next(a for a, n in names.items() if n == task_parameter().name)


def result_arguments(module: Any, task_id: Any) -> dict[str, JSON]:
    """The task-result endpoint module's keyword arguments: the call's valid parameters and
    `task_id` (any value, None too) as its task id."""
    found = endpoint_arguments(module, spec.RESULT_OPERATION, "-")
    return {**found, task_argument(module): task_id}


def rule(rule_id: str) -> Rule:
    return {r.id: r for r in parameter_rules()}[rule_id]


def broken(operation: str, sent: Mapping[str, str]) -> list[Rule]:
    """The rules of the operation's parameters that what was sent breaks, in rule order; a
    value of the wrong type breaks no other rule of its parameter."""
    read_values = document(operation, sent)
    by_key = {(r.path, r.keyword): r for r in _rules(operation)}
    found: list[Rule] = []
    for error in _validator(operation).iter_errors(read_values):
        path, keyword, _ = rules._rule_key(error)
        if keyword == "required":
            wanted: list[str] = list(error.validator_value)
            keys: list[tuple[rules.Path, str]] = [
                ((name,), "required") for name in wanted if name not in read_values
            ]
        else:
            keys = [(path, keyword)]
        for key in keys:
            made = rules._rule(*key, error.validator_value)
            found.append(by_key.get(key) or _named(operation, made))
    typed = [r.path for r in found if r.keyword == "type"]
    found = [r for r in found if r.keyword == "type" or r.path not in typed]
    order = {r: i for i, r in enumerate(_rules(operation))}
    return sorted(set(found), key=lambda r: (order.get(r, len(order)), r.id))


# --- valid values ------------------------------------------------------------------------------


def _fits(parameter: Parameter) -> Any:
    def fits(value: JSON) -> bool:
        sent = text(value)
        return (
            sent is not None
            and sendable(parameter, sent)
            and values.is_valid(parameter.node, read(parameter, sent))
        )

    return fits


@functools.cache
def plain_text(parameter: Parameter, index: int = 0) -> str:
    """A plain valid text of the parameter; different indexes give different texts where its
    schema allows that many."""
    found = text(values.plain(parameter.node, index, _fits(parameter)))
    assert found is not None
    return found


def valid(operation: str) -> Sent:
    """The fewest parameters a valid request sends: each required one, at a plain value."""
    return {p.field: plain_text(p) for p in of(operation) if p.required}


def prepare() -> None:
    """Find every operation's plain parameter values now: a search for one is a hypothesis
    `find`, which cannot run inside a hypothesis test that sends them."""
    for parameter in _all():
        valid(parameter.operation)
    unknown_task_id("prepared")


def edge_texts(parameter: Parameter) -> list[str]:
    """The texts at the edges of what the parameter allows (values.edges, written)."""
    fits = _fits(parameter)
    found = [text(v) for v in values.edges(parameter.node) if fits(v)]
    return [t for t in dict.fromkeys(found) if t is not None]


def boundary(operation: str) -> list[Sent]:
    """Valid parameters at every edge: each parameter at each of its edge values, each
    optional one given and left out, the others as `valid` has them."""
    base = valid(operation)
    found = [base]
    for parameter in of(operation):
        found += [{**base, parameter.field: t} for t in edge_texts(parameter)]
        if not parameter.required:
            found.append({**base, parameter.field: plain_text(parameter)})
    unique = {json.dumps(s, sort_keys=True): s for s in found if not broken(operation, s)}
    return list(unique.values())


def unknown_task_id(seed: str | None = None) -> str:
    """A task id no server gave out (random, or made from `seed`), valid by the task
    parameter's schema where one is found."""
    parameter = task_parameter()
    made = uuid.uuid4() if seed is None else uuid.uuid5(uuid.NAMESPACE_URL, f"unknown-{seed}")
    for candidate in (str(made), made.hex, f"no-such-task-{made}"):
        if _fits(parameter)(candidate):
            return candidate
    return plain_text(parameter, 3)


def task_id_for(index: int, made: str) -> str:
    """A server's id for its `index`th task: `made` where the task parameter allows it, else
    a valid text of its own."""
    parameter = task_parameter()
    fits = _fits(parameter)
    for candidate in (made, made.replace("-", ""), made.upper()):
        if fits(candidate):
            return candidate
    return plain_text(parameter, index)


# --- breaks ------------------------------------------------------------------------------------


def breaks_only(rule: Rule, sent: Mapping[str, str]) -> bool:
    return [r.id for r in broken(rule.operation, sent)] == [rule.id]


def _kinds(rule: Rule) -> list[breaking.Kind]:
    """The kinds of break of a parameter's rule: the body's, less the wrong types no
    parameter can carry."""
    if rule.keyword == "required":
        return [breaking.Kind("missing", lambda: iter([breaking.DELETE]))]
    return [
        kind
        for kind in breaking.kinds(rule)
        if kind.name.removeprefix("wrong type: ") not in _UNSENDABLE
    ]


def _candidates(kind: breaking.Kind) -> Iterator[JSON]:
    yield from itertools.islice(kind.candidates(), 200)
    if kind.search is not None:
        try:
            strategy = kind.search()
        except Exception:  # a schema hypothesis-jsonschema cannot read: no searched value
            return
        yield _Search(strategy)


@dataclass(frozen=True)
class _Search:
    strategy: Any


def _fit(rule: Rule, kind: breaking.Kind) -> Sent | None:
    parameter = by_field(rule.operation, rule.path[0])
    base = valid(rule.operation)
    for value in _candidates(kind):
        if value is breaking.DELETE:
            sent = {k: v for k, v in base.items() if k != parameter.field}
            if breaks_only(rule, sent):
                return sent
            continue
        if isinstance(value, _Search):

            def breaks(found: JSON) -> bool:
                written = text(found)
                return (
                    written is not None
                    and sendable(parameter, written)
                    and breaks_only(rule, {**base, parameter.field: written})
                )

            try:
                found = values.search(value.strategy, breaks)
            except Exception:  # no value, or a schema hypothesis-jsonschema cannot read
                return None
            return {**base, parameter.field: str(text(found))}
        written = text(value)
        if written is None or not sendable(parameter, written):
            continue
        sent = {**base, parameter.field: written}
        if breaks_only(rule, sent):
            return sent
    return None


@functools.cache
def _cases(rule: Rule) -> tuple[tuple[str, Sent], ...]:
    found = []
    for kind in _kinds(rule):
        sent = _fit(rule, kind)
        if sent is not None:
            found.append((kind.name, sent))
    return tuple(found)


def break_cases(rule: Rule) -> list[tuple[str, Sent]]:
    """(kind, parameters) for every kind of break of a parameter's rule: each breaks that rule
    alone, the operation's other parameters valid."""
    return list(_cases(rule))


def missing_kinds(rule: Rule) -> list[str]:
    made = {kind for kind, _ in _cases(rule)}
    return [kind.name for kind in _kinds(rule) if kind.name not in made]


def breakable(rule: Rule) -> bool:
    return rule.keyword == "required" or breaking.breakable(rule)


def invalid_cases() -> list[tuple[Rule, Sent]]:
    """Deterministic breaks of every breakable parameter rule, every kind of break of each."""
    return [(r, sent) for r in parameter_rules() if breakable(r) for _, sent in break_cases(r)]
