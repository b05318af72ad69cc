"""The broken variants of the fake: each breaks the contract in exactly one named way.

A variant is a set of hooks that FakeAPI calls at fixed points of its logic; each hook is given
the faithful result and returns the broken one, and the faithful fake is the variant whose hooks
change nothing. Most variants are computed from the rule list (ignore a rule, tighten a bound,
require an optional field), so a rule added to openapi.yaml brings its variants with it. Each
names the conformance check (`caught_by`) and the property (`caught_by_property`) that must
catch it: the suite must catch every one of them, which is how we know it can fail.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from contract_tests import rules, spec
from contract_tests.answers import FakeResponse, error_body, json_answer
from contract_tests.conformance.results import CheckResult, failures
from contract_tests.rules import MENTION_KEYWORD, Rule

if TYPE_CHECKING:
    from contract_tests.fake import Task

JSON = Any
IGNORE = "ignore:"
TIGHTEN = "tighten:"
REQUIRE = "require:"
TIGHTENABLE = ("minItems", "maxItems", "minimum", "maximum", "enum", MENTION_KEYWORD)


def _same(value: Any, *_: Any) -> Any:
    return value


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
    # (statuses a new task will show, one per step) -> statuses
    walk: Callable[[list[str]], list[str]] = _same
    # (faithful create answer, task_id) -> answer
    created: Callable[[FakeResponse, str], FakeResponse] = _same
    # (faithful 404, task_id) -> answer to a task id never given out
    unknown_task: Callable[[FakeResponse, str], FakeResponse] = _same
    # (faithful task-result document, task) -> document
    task_result: Callable[[JSON, Task], JSON] = _same


FAITHFUL = Variant("faithful", "keeps the contract", None, "")


# --- computed from the rules -----------------------------------------------------------------


def _ignore(rule: Rule) -> Variant:
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
        return f"rejects {rule.field} = {rule.value[-1]!r}, which the spec allows"
    if rule.keyword == MENTION_KEYWORD:
        return f"rejects an @mention at the very end of {rule.field}"
    return f"rejects {rule.field} at its {rule.keyword} {rule.value}, which the spec allows"


def at_edge(rule: Rule, body: JSON) -> bool:
    """Whether `body` sits exactly on the allowed edge that a tighten variant rejects."""
    values = rules.values_at(body, rule.path)
    if rule.keyword in ("minimum", "maximum"):
        return any(v == rule.value and not isinstance(v, bool) for v in values)
    if rule.keyword in ("minItems", "maxItems"):
        return any(isinstance(v, list) and len(v) == rule.value for v in values)
    if rule.keyword == "enum":
        return rule.value[-1] in values
    if rule.keyword == MENTION_KEYWORD:
        mention = spec.mention_rule()
        return any(
            isinstance(v, str) and any(m.end() == len(v) for m in mention.pattern.finditer(v))
            for v in values
        )
    return False


def _tighten(rule: Rule) -> Variant:
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
    return {**document, "task": {**document["task"], **changes}}


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
    return FakeResponse(200, {"Content-Type": "text/plain"}, answer.body)


HAND_NAMED = (
    Variant(
        "no-auth",
        "accepts any key, or none",
        "refuses-bad-auth",
        "auth_is_checked",
        authorized=lambda faithful, scheme, key, expected: True,
    ),
    Variant(
        "scheme-case-sensitive",
        "rejects the scheme name written 'bearer' instead of 'Bearer'",
        "accepts-scheme-case",
        "auth_is_checked",
        authorized=lambda faithful, scheme, key, expected: faithful and scheme == "Bearer",
    ),
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
        "create answers 200 with a body without task_id",
        "accepts-valid",
        "valid_request_is_accepted",
        created=lambda answer, task_id: json_answer(200, {"id": task_id}),
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
        task_result=lambda document, task: {k: v for k, v in document.items() if k != "videos"},
    ),
    Variant(
        "unknown-task-200",
        "task-result answers 200 for an unknown task id",
        "rejects-unknown-task",
        "unknown_task_is_404",
        unknown_task=lambda answer, task_id: json_answer(
            200, {"task": {"task_id": task_id, "status": _first_status()}}
        ),
    ),
    Variant(
        "task-id-mismatch",
        "task-result answers with another task's id",
        "task-life",
        "task_life_holds",
        task_result=lambda document, task: _with_task(document, task_id=task.task_id + "-other"),
    ),
    Variant(
        "failure-without-reason",
        "a failed task does not say the reason it was failed with",
        None,
        "task_life_holds",
        task_result=lambda document, task: _with_task(document, reason=""),
    ),
)


@functools.cache
def registry() -> dict[str, Variant]:
    """Every broken variant by name, computed from openapi.yaml plus the hand-named ones."""
    found: list[Variant] = [_ignore(rule) for rule in rules.request_rules()]
    found += [_tighten(r) for r in rules.request_rules() if r.keyword in TIGHTENABLE]
    found += [_require(name) for name in optional_fields()]
    found += HAND_NAMED
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
