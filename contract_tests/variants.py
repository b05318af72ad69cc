"""The broken variants of the fake: each breaks the contract in exactly one named way.

A variant is a set of hooks that FakeAPI calls at fixed points of its logic; each hook is given
the faithful result and returns the broken one, and the faithful fake is the variant whose hooks
change nothing. Most variants are computed from the rule list (ignore a rule, tighten a bound,
require an optional field), so a rule added to openapi.yaml brings its variants with it. Each
names the conformance check (`caught_by`) and the property (`caught_by_property`) that must
catch it: the suite must catch every one of them, which is how we know it can fail.
"""

from __future__ import annotations

import copy
import functools
import re
import string
import urllib.parse
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from contract_tests import answers, parameters, rules, spec, strategies
from contract_tests import values as values_module
from contract_tests.answers import FakeResponse, error_body, json_answer
from contract_tests.conformance import mentions
from contract_tests.conformance.results import CheckResult, failures
from contract_tests.parameters import Parameter
from contract_tests.rules import MENTION_KEYWORD, Rule

if TYPE_CHECKING:
    from contract_tests.fake import Task

JSON = Any
IGNORE = "ignore:"
TIGHTEN = "tighten:"
REQUIRE = "require:"
# Bounds and choices a server can read too strictly: each gets a tighten variant.
_COUNTED = {"minItems": list, "maxItems": list, "minProperties": dict, "maxProperties": dict}
_BOUNDS = ("minimum", "maximum", "minLength", "maxLength", *_COUNTED)
_EXCLUSIVE = ("exclusiveMinimum", "exclusiveMaximum")
TIGHTENABLE = (*_BOUNDS, *_EXCLUSIVE, "enum", MENTION_KEYWORD)


def _same(value: Any, *_: Any) -> Any:
    return value


def _no_failure(index: int) -> str:
    return ""


def _any_media_type(content_type: str) -> bool:
    return True


@dataclass(frozen=True)
class Variant:
    """Hooks on the fake's logic, each given the faithful result; the defaults change nothing.

    `caught_by` is the id of the conformance check that must fail against it (and `case`, when
    set, the case of that check); None for a variant that breaks a rule of the fake's own,
    which a real server may break too, so that no check may fail.
    """

    name: str
    description: str
    caught_by: str | None
    caught_by_property: str
    case: str | None = None
    # (faithful verdict, scheme, key, expected key) -> let in?
    authorized: Callable[[bool, str, str, str], bool] = _same
    # (faithful error answer, status, message) -> answer
    error_answer: Callable[[FakeResponse, int, str], FakeResponse] = _same
    # (faithful 400, start a task with no body) -> answer to a body that is not JSON
    not_json_answer: Callable[[FakeResponse, Callable[[], FakeResponse]], FakeResponse] = _same
    # (rules the body breaks, body) -> the rules this server rejects it for
    broken_rules: Callable[[list[Rule], JSON], list[Rule]] = _same
    # (rules the parameters break, operationId, the parameters read) -> the rules rejected for
    broken_parameters: Callable[[list[Rule], str, JSON], list[Rule]] = _same
    # (statuses a new task will show, one per step) -> statuses
    walk: Callable[[list[str]], list[str]] = _same
    # (faithful create answer, task_id) -> answer
    created: Callable[[FakeResponse, str], FakeResponse] = _same
    # (faithful 404, task_id) -> answer to a task id never given out
    unknown_task: Callable[[FakeResponse, str], FakeResponse] = _same
    # (faithful task-result document, task) -> document
    task_result: Callable[[JSON, Task], JSON] = _same
    # (faithful answer, requests received so far) -> the answer sent, for every request
    answer: Callable[[FakeResponse, int], FakeResponse] = _same
    # (faithful new task_id, how many tasks were started before) -> the task_id given out
    task_id: Callable[[str, int], str] = _same
    # (how many tasks were started before) -> the reason this one fails with ("": it succeeds)
    fails: Callable[[int], str] = _no_failure
    # (the create request's Content-Type) -> whether its body is read at all
    media_type_ok: Callable[[str], bool] = _any_media_type
    # (the raw create body) -> the bytes parsed as JSON
    raw_body: Callable[[bytes], bytes] = _same


FAITHFUL = Variant("faithful", "keeps the contract", None, "")


# --- computed from the rules -----------------------------------------------------------------


def _ignore(rule: Rule) -> Variant:
    if rule.operation:
        return Variant(
            IGNORE + rule.id,
            f"accepts a request that breaks: {rule.description}",
            "rejects-rule-break"
            if rule.operation == spec.CREATE_OPERATION
            else "rejects-parameter-break",
            "invalid_parameter_is_rejected",
            case=rule.id,
            broken_parameters=lambda found, operation, read: [r for r in found if r != rule],
        )
    return Variant(
        IGNORE + rule.id,
        f"accepts a body that breaks: {rule.description}",
        "rejects-rule-break",
        "invalid_request_is_rejected",
        case=rule.id,
        broken_rules=lambda found, body: [r for r in found if r != rule],
    )


def tighten_description(rule: Rule) -> str:
    if rule.keyword == "enum":
        return f"rejects {rule.field} = {_last_allowed(rule)!r}, which the spec allows"
    if rule.keyword == MENTION_KEYWORD:
        return f"rejects an @mention at the very end of {rule.field}"
    if rule.keyword in _EXCLUSIVE:
        return (
            f"rejects {rule.field} next to its {rule.keyword} {rule.value}, which the spec allows"
        )
    return f"rejects {rule.field} at its {rule.keyword} {rule.value}, which the spec allows"


def _last_allowed(rule: Rule) -> JSON:
    """The last value of an enum rule that the field's other keywords allow too (an allOf
    may leave one out with a `not`)."""
    node = spec.node_validator(rules.schema_of(rule))
    return next((v for v in reversed(rule.value) if node.is_valid(v)), rule.value[-1])


def _is_number(value: JSON) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def at_edge(rule: Rule, body: JSON) -> bool:
    """Whether `body` sits exactly on the allowed edge that a tighten variant rejects."""
    values = rules.values_at(body, rule.path)
    if rule.keyword in ("minimum", "maximum"):
        edge = values_module.nearest_allowed(rules.schema_of(rule), rule.keyword, rule.value)
        return any(_is_number(v) and v == edge for v in values)
    if rule.keyword in _EXCLUSIVE:
        # The allowed values nearest the bound: within one unit of it (or one step of its
        # multipleOf), on the allowed side.
        nearest = values_module.nearest_allowed(rules.schema_of(rule), rule.keyword, rule.value)
        reach = max(1, abs((rule.value if nearest is None else nearest) - rule.value))
        return any(_is_number(v) and 0 < abs(v - rule.value) <= reach for v in values)
    if rule.keyword in ("minLength", "maxLength"):
        return any(isinstance(v, str) and len(v) == rule.value for v in values)
    if rule.keyword in _COUNTED:
        kind = _COUNTED[rule.keyword]
        return any(isinstance(v, kind) and len(v) == rule.value for v in values)
    if rule.keyword == "enum":
        return _last_allowed(rule) in values
    if rule.keyword == MENTION_KEYWORD:
        mention = spec.known_mention_rule()
        return any(
            isinstance(v, str) and any(m.end() == len(v) for m in mention.pattern.finditer(v))
            for v in values
        )
    return False


def _tighten(rule: Rule) -> Variant:
    if rule.operation:

        def broken(found: list[Rule], operation: str, read: JSON) -> list[Rule]:
            hit = operation == rule.operation and at_edge(rule, read)
            return [*found, rule] if hit else found

        return Variant(
            TIGHTEN + rule.id,
            tighten_description(rule),
            "accepts-valid" if rule.operation == spec.CREATE_OPERATION else "task-life",
            "valid_parameters_are_accepted",
            broken_parameters=broken,
        )
    return Variant(
        TIGHTEN + rule.id,
        tighten_description(rule),
        "accepts-valid",
        "valid_request_is_accepted",
        broken_rules=lambda found, body: [*found, rule] if at_edge(rule, body) else found,
    )


def optional_fields() -> list[str]:
    root = rules.node_at(())
    return [name for name in root.get("properties", {}) if name not in root.get("required", [])]


def _require_parameter(parameter: Parameter) -> Variant:
    required = Rule(
        f"{parameter.operation} {parameter.field}.required",
        (parameter.field,),
        "required",
        parameter.field,
        "is required",
        parameter.operation,
    )

    def broken(found: list[Rule], operation: str, read: JSON) -> list[Rule]:
        hit = operation == parameter.operation and parameter.field not in read
        return [*found, required] if hit else found

    create = parameter.operation == spec.CREATE_OPERATION
    return Variant(
        f"{REQUIRE}{parameter.operation} {parameter.field}",
        f"rejects a request that omits the optional {parameter.field}",
        "accepts-valid" if create else "task-life",
        "valid_parameters_are_accepted",
        broken_parameters=broken,
    )


def tightenable(rule: Rule) -> bool:
    """Whether a server can be too strict about the rule in a way the suite sees: a bound,
    an enum...; not of the task id, which the server itself gives out."""
    if rule.keyword not in TIGHTENABLE:
        return False
    mention = spec.mention_rule()
    if mention is not None and rule.path == (mention.names_from[0],) and rule.keyword == "maxItems":
        # Images past the names the spec allows (an enum) share one, which the contract leaves
        # open: no valid request reaches such a bound, so no server is seen too strict about it.
        return bool(rule.value <= strategies.name_count())
    task = parameters.task_parameter()
    return (rule.operation, rule.path) != (task.operation, (task.field,))


def _require(name: str) -> Variant:
    required = Rule(f"{name}.required", (name,), "required", name, "is required")

    def broken(found: list[Rule], body: JSON) -> list[Rule]:
        return [*found, required] if isinstance(body, dict) and name not in body else found

    return Variant(
        REQUIRE + name,
        f"rejects a body that omits the optional {name}",
        "accepts-valid",
        "valid_request_is_accepted",
        broken_rules=broken,
    )


# --- named by hand ---------------------------------------------------------------------------


def _before_final() -> list[str]:
    life = spec.task_life()
    return sorted((s for s in life.rank if s not in life.final), key=life.rank.__getitem__)


def _other_final(status: str) -> str:
    life = spec.task_life()
    return life.succeeded if status == life.failed else life.failed


def _with_task(document: JSON, **changes: Any) -> JSON:
    task = answers.fields().task
    return answers.put(document, task, {**answers.at(document, task), **changes})


def _first_status() -> str:
    life = spec.task_life()
    return min(life.rank, key=life.rank.__getitem__)


def _error_400_as_500(answer: FakeResponse, status: int, message: str) -> FakeResponse:
    return json_answer(500, error_body(500, message)) if status == 400 else answer


def _error_names_nothing(answer: FakeResponse, status: int, message: str) -> FakeResponse:
    if status != 400:
        return answer
    return json_answer(status, {"code": status, "message": "invalid request", "metadata": {}})


def _error_as_text(answer: FakeResponse, status: int, message: str) -> FakeResponse:
    return FakeResponse(status, {"Content-Type": "text/plain"}, message.encode())


def _created_as_text(answer: FakeResponse, task_id: str) -> FakeResponse:
    return FakeResponse(answer.status, {"Content-Type": "text/plain"}, answer.body)


def _auth_variants() -> list[Variant]:
    """A server that lets anyone in, where the spec asks for a key; one that reads an HTTP
    scheme name in one letter case only, where the spec presents the key under one."""
    presentations = [p for p in spec.key_presentations().values() if p is not None]
    if not presentations:
        return []
    found = [
        Variant(
            "no-auth",
            "accepts any key, or none",
            "refuses-bad-auth",
            "auth_is_checked",
            authorized=lambda faithful, scheme, key, expected: True,
        )
    ]
    spellings = sorted({p.auth_scheme for p in presentations if p.case_insensitive})
    if spellings:
        other = (
            spellings[0].lower() if spellings[0].lower() != spellings[0] else spellings[0].upper()
        )
        found.append(
            Variant(
                "scheme-case-sensitive",
                f"rejects the scheme name written {other!r} instead of {spellings[0]!r}",
                "accepts-scheme-case",
                "auth_is_checked",
                authorized=lambda faithful, scheme, key, expected: faithful and scheme in spellings,
            )
        )
    return found


_NO_REASON = "failure-without-reason"
HAND_NAMED = (
    Variant(
        "5xx-on-bad-input",
        "answers 500 instead of 400 to a body that breaks a rule",
        "rejects-rule-break",
        "invalid_request_is_rejected",
        error_answer=_error_400_as_500,
    ),
    Variant(
        "500-on-not-json",
        "answers 500 instead of 400 to a body that is not JSON",
        "rejects-not-json",
        "not_json_is_rejected",
        not_json_answer=lambda answer, start: json_answer(
            500, error_body(500, answer.json().get("message", "not JSON"))
        ),
    ),
    Variant(
        "not-json-accepted",
        "accepts a body that is not JSON and starts a task",
        "rejects-not-json",
        "not_json_is_rejected",
        not_json_answer=lambda answer, start: start(),
    ),
    Variant(
        "400-names-no-field",
        "a 400 body names neither the broken field nor the rule",
        None,
        "invalid_request_is_rejected",
        error_answer=_error_names_nothing,
    ),
    Variant(
        "error-not-json",
        "error answers are plain text, not JSON",
        "error-shape",
        "invalid_request_is_rejected",
        error_answer=_error_as_text,
    ),
    Variant(
        "task-id-missing",
        "create answers success with a body without the task id",
        "accepts-valid",
        "valid_request_is_accepted",
        created=lambda answer, task_id: json_answer(answer.status, {}),
    ),
    Variant(
        "wrong-content-type",
        "create answers 200 with Content-Type text/plain",
        "accepts-valid",
        "valid_request_is_accepted",
        created=_created_as_text,
    ),
    Variant(
        "task-goes-backwards",
        "task-result moves a task from PROCESSING back to QUEUED",
        "task-life",
        "task_life_holds",
        walk=lambda walk: [*walk[:-1], *_before_final()[:1], walk[-1]],
    ),
    Variant(
        "final-status-changes",
        "a final task status changes on the next poll",
        "task-life",
        "task_life_holds",
        walk=lambda walk: [*walk, _other_final(walk[-1])],
    ),
    Variant(
        "task-never-finishes",
        "a task never reaches a final status",
        "task-life",
        "task_life_holds",
        walk=lambda walk: walk[:-1],
    ),
    Variant(
        "succeed-without-videos",
        "a succeeded task has no videos",
        "task-life",
        "task_life_holds",
        task_result=lambda document, task: answers.without(document, answers.fields().outputs),
    ),
    Variant(
        "unknown-task-200",
        "task-result answers 200 for an unknown task id",
        "rejects-unknown-task",
        "unknown_task_is_404",
        unknown_task=lambda answer, task_id: json_answer(
            spec.RESULT_OK, answers.task_result(task_id, _first_status())
        ),
    ),
    Variant(
        "task-id-mismatch",
        "task-result answers with another task's id",
        "task-life",
        "task_life_holds",
        task_result=lambda document, task: _with_task(
            document, **{answers.fields().task_id: task.task_id + "-other"}
        ),
    ),
    Variant(
        _NO_REASON,
        "a failed task does not say the reason it was failed with",
        None,
        "task_life_holds",
        task_result=lambda document, task: _with_task(
            document, **{answers.fields().reason or "": ""}
        ),
    ),
)


# --- subtle deviations: how lax or lazy servers get the contract wrong ------------------------
# Caught by the conformance suite; no property is named (caught_by_property=""): these are
# deviations of a whole server, seen over a run, not of one generated request.


def _mention_reading(
    unknown: Callable[[str, list[str]], bool],
) -> Callable[[list[Rule], JSON], list[Rule]]:
    """broken_rules of a server reading @mentions its own way: `unknown(prompt, names)`."""

    def broken(found: list[Rule], body: JSON) -> list[Rule]:
        others = [r for r in found if r.keyword != MENTION_KEYWORD]
        mention = spec.known_mention_rule()
        array, item = mention.names_from
        prompt = body.get(mention.field) if isinstance(body, dict) else None
        if not isinstance(prompt, str) or others:
            return found
        names = [str(n) for n in rules.values_at(body, (array, rules.ITEMS, item))]
        return [rules.mention_rule()] if unknown(prompt, names) else []

    return broken


def _unknown(mentioned: list[str], names: list[str]) -> bool:
    return any(m not in names for m in mentioned)


def _spec_mentions(prompt: str) -> list[str]:
    return spec.known_mention_rule().mentions(prompt)


def _matches(prompt: str) -> list[re.Match[str]]:
    return list(spec.known_mention_rule().pattern.finditer(prompt))


_SPACE = spec.ecma_pattern(r"\s")  # whitespace as the spec's patterns read it


def _to_whitespace(prompt: str) -> list[str]:
    """Each of the spec's mentions, its name read on to the next whitespace."""
    found = []
    for m in _matches(prompt):
        space = _SPACE.search(prompt, m.start(1))
        found.append(prompt[m.start(1) : space.start() if space else len(prompt)])
    return found


def _anywhere(prompt: str) -> list[str]:
    """The spec's reading of the text from each @ on, wherever the @ stands."""
    pattern = spec.known_mention_rule().pattern
    found = (pattern.match(prompt[i:]) for i, c in enumerate(prompt) if c == "@")
    return [m.group(1) for m in found if m is not None]


def _followed_by_space(prompt: str) -> list[str]:
    return [m.group(1) for m in _matches(prompt) if _SPACE.match(prompt, m.end())]


def _after_a_space(prompt: str) -> list[str]:
    """The spec's mentions whose @ starts the prompt or follows a space (no other blank)."""
    found = []
    for m in _matches(prompt):
        at = prompt.rfind("@", m.start(), m.start(1))
        if at <= 0 or prompt[at - 1] == " ":
            found.append(m.group(1))
    return found


# Lazy readings of the mention rule, each the spec's own pattern read with one shortcut: what a
# server makes of a prompt, as (prompt, image names) -> some mention names no image. Which
# check catches each, and whether any can, is asked of the conformance cases (see _lazy).
LAZY_MENTIONS: dict[str, tuple[str, Callable[[str, list[str]], bool]]] = {
    "mention-first-only": (
        "checks only the first @mention of the prompt",
        lambda p, n: _unknown(_spec_mentions(p)[:1], n),
    ),
    "mention-strips-punctuation": (
        "strips punctuation from a mentioned name before comparing",
        lambda p, n: _unknown([m.rstrip(string.punctuation) for m in _spec_mentions(p)], n),
    ),
    "mention-runs-to-whitespace": (
        "reads a mentioned name on to the next whitespace, punctuation included",
        lambda p, n: _unknown(_to_whitespace(p), n),
    ),
    "mention-inside-words": (
        "takes an @ inside a word (mail@example.com) for a mention",
        lambda p, n: _unknown(_anywhere(p), n),
    ),
    "mention-ignores-case": (
        "compares mentioned names without case",
        lambda p, n: _unknown([m.casefold() for m in _spec_mentions(p)], [x.casefold() for x in n]),
    ),
    "mention-needs-a-space-after": (
        "ignores a mention that no whitespace follows (one at the very end of the prompt)",
        lambda p, n: _unknown(_followed_by_space(p), n),
    ),
    "mention-spaces-only": (
        "ignores a mention after a newline or a tab",
        lambda p, n: _unknown(_after_a_space(p), n),
    ),
    "mention-by-prefix": (
        "takes a mention for any name it is a prefix of",
        lambda p, n: any(not any(x.startswith(m) for x in n) for m in _spec_mentions(p)),
    ),
}


def _witness(unknown: Callable[[str, list[str]], bool]) -> mentions.MentionCase | None:
    """A conformance case the lazy reading judges otherwise than the spec: one it accepts
    though the spec rejects it (sent free) first, else one it rejects though valid."""
    array, item = spec.known_mention_rule().names_from
    found = [
        case
        for case in mentions.cases()
        if unknown(case.prompt, [str(i[item]) for i in case.body[array]]) == case.valid
    ]
    return min(found, key=lambda case: case.valid, default=None)


def _lazy() -> list[Variant]:
    """The lazy readings that some conformance case tells from the spec's, each named with
    the check of that case (none when the spec reads no mentions)."""
    found: list[Variant] = []
    if spec.mention_rule() is None:
        return found
    for name, (description, unknown) in LAZY_MENTIONS.items():
        witness = _witness(unknown)
        if witness is not None:
            caught = "accepts-mention" if witness.valid else "rejects-mention"
            found.append(
                Variant(name, description, caught, "", broken_rules=_mention_reading(unknown))
            )
    return found


def not_applicable() -> dict[str, str]:
    """The lazy readings no server can be told by under the spec's pattern, with the reason:
    with a pattern whose names hold no punctuation, stripping it changes nothing; with no
    x-mention-rule, no reading of mentions is one."""
    kept = {v.name for v in _lazy()}
    why = (
        "reads every prompt the spec's x-mention-rule pattern allows as the pattern does, so it "
        "is no deviation"
        if spec.mention_rule() is not None
        else f"the spec sets no {spec.MENTION_RULE}, so no reading of mentions is a deviation"
    )
    return {
        name: f"{description}: {why}"
        for name, (description, _) in LAZY_MENTIONS.items()
        if name not in kept
    }


def _numeric_paths() -> list[rules.Path]:
    """The fields whose type rule allows numbers (integers or any number) and no strings or
    booleans, which a lax server would then read as numbers."""
    found = []
    for rule in rules.request_rules():
        if rule.keyword == "type":
            kinds = {rule.value} if isinstance(rule.value, str) else set(rule.value)
            if kinds & {"integer", "number"} and not kinds & {"string", "boolean"}:
                found.append(rule.path)
    return found


def _coerced(body: JSON, coerce: Callable[[Any], Any]) -> JSON:
    """The body with every numeric field's value coerced the lax server's way."""
    body = copy.deepcopy(body)
    for path in _numeric_paths():
        if len(path) == 1 and isinstance(body, dict) and path[0] in body:
            body[path[0]] = coerce(body[path[0]])
    return body


def _digits(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    text = value.strip()
    if text.lstrip("-").isdigit():
        return int(text)
    whole, dot, fraction = text.lstrip("-").partition(".")
    return float(text) if dot and whole.isdigit() and fraction.isdigit() else value


def _takes_a_bool_as_number() -> bool:
    """Whether a top-level numeric field takes 0 or 1: else a boolean read as one is still
    refused, and reading it so breaks no rule a request can show."""
    return any(
        spec.node_validator(rules.node_at(path)).is_valid(number)
        for path in _numeric_paths()
        if len(path) == 1
        for number in (0, 1)
    )


def unshowable() -> set[str]:
    """The lax variants whose reading breaks no rule a request can show under this spec: they
    are no deviation here, and nothing may flag them."""
    found = set() if _takes_a_bool_as_number() else {"true-as-1"}
    return found | (set() if _numeric_paths() else {"coerces-digit-strings", "true-as-1"})


def _lax_variants() -> list[Variant]:
    """A server that reads digits or booleans as numbers: a deviation only where the request
    has a numeric field (taking 0 or 1, for booleans); else it breaks no rule of the
    contract."""
    open_here = unshowable()
    return [
        Variant(
            "coerces-digit-strings",
            'reads "5" as 5 in a numeric field',
            None if "coerces-digit-strings" in open_here else "rejects-rule-break",
            "",
            broken_rules=_lax(_digits),
        ),
        Variant(
            "true-as-1",
            "reads true as 1 and false as 0 in a numeric field",
            None if "true-as-1" in open_here else "rejects-rule-break",
            "",
            broken_rules=_lax(_bools),
        ),
    ]


def _bools(value: Any) -> Any:
    return int(value) if isinstance(value, bool) else value


def _lax(coerce: Callable[[Any], Any]) -> Callable[[list[Rule], JSON], list[Rule]]:
    return lambda found, body: rules.broken_rules(_coerced(body, coerce)) if found else found


def _unwrap(found: list[Rule], body: JSON) -> list[Rule]:
    if isinstance(body, list) and len(body) == 1 and not rules.broken_rules(body[0]):
        return []
    return found


def _status_for_400(given: int) -> Callable[[FakeResponse, int, str], FakeResponse]:
    def answer(faithful: FakeResponse, status: int, message: str) -> FakeResponse:
        return json_answer(given, error_body(given, message)) if status == 400 else faithful

    return answer


def _redirected(answer: FakeResponse, task_id: str) -> FakeResponse:
    path, query, _ = parameters.split(
        spec.RESULT_OPERATION, {parameters.task_parameter().field: task_id}
    )
    where = f"{path}?{urllib.parse.urlencode(query)}" if query else path
    return FakeResponse(303, {"Location": where, "Content-Type": "text/plain"}, b"see other")


SUBTLE = (
    Variant(
        "unwraps-an-array",
        "reads a one-item array of a valid body as that body",
        "rejects-degenerate-body",
        "",
        broken_rules=_unwrap,
    ),
    Variant(
        "same-task-id-twice",
        "gives out each task_id twice",
        "distinct-task-ids",
        "",
        task_id=lambda faithful, index: parameters.task_id_for(
            index // 2, str(uuid.uuid5(uuid.NAMESPACE_URL, f"twice-{index // 2}"))
        ),
    ),
    Variant(
        "401-for-a-bad-body",
        "answers 401 to a body that breaks a rule",
        "rejects-rule-break",
        "",
        error_answer=_status_for_400(401),
    ),
    Variant(
        "422-for-a-bad-body",
        "answers 422, a status the spec does not declare, to a body that breaks a rule",
        "rejects-rule-break",
        "",
        error_answer=_status_for_400(422),
    ),
    Variant(
        "redirects-create",
        "answers an accepted create with 303 See Other to the task's result",
        "accepts-valid",
        "",
        created=_redirected,
    ),
)


@functools.cache
def registry() -> dict[str, Variant]:
    """Every broken variant by name, computed from openapi.yaml plus the hand-named ones."""
    every = [*rules.request_rules(), *parameters.parameter_rules()]
    found: list[Variant] = [_ignore(rule) for rule in every]
    found += [_tighten(r) for r in every if tightenable(r)]
    found += [_require(name) for name in optional_fields()]
    found += [_require_parameter(p) for p in parameters.everywhere() if not p.required]
    found += _auth_variants()
    # A failure's reason is checked only where x-task-life names the field that gives it.
    found += [v for v in HAND_NAMED if v.name != _NO_REASON or answers.fields().reason]
    found += _lazy()
    found += SUBTLE
    found += _lax_variants()
    by_name: dict[str, Variant] = {}
    for variant in found:
        if variant.name in by_name:
            raise ValueError(f"two broken variants are named {variant.name!r}")
        by_name[variant.name] = variant
    return by_name


def variant(name: str | None) -> Variant:
    """The named broken variant (the faithful fake for None); ValueError if there is none."""
    if name is None:
        return FAITHFUL
    try:
        return registry()[name]
    except KeyError:
        raise ValueError(f"unknown broken variant {name!r}") from None


def caught_by(broken: Variant, results: list[CheckResult]) -> list[CheckResult]:
    """The failed results of the check (and case) that must catch this variant."""
    return [
        r
        for r in failures(results)
        if r.check == broken.caught_by and broken.case in (None, r.case)
    ]


def descriptions() -> dict[str, str]:
    return {name: v.description for name, v in registry().items()}
