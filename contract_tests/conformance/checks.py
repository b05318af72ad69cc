"""The conformance checks, each registered under a stable id with the rule it guards.

Free requests first (those a conforming server must reject, the auth checks, an unknown task
id), then the billable covering design, then the task lives of the tasks it started, and last
the shape of every error answer seen on the way. Registration order is run order.
"""

from __future__ import annotations

import functools
import itertools
import json
import secrets
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from hypothesis import HealthCheck, Phase, given, settings

from contract_tests import oracle, rules, spec, strategies
from contract_tests.conformance import budget
from contract_tests.conformance.registry import check
from contract_tests.conformance.results import CheckResult, Verdict
from contract_tests.conformance.session import BudgetExhausted, Exchange

if TYPE_CHECKING:
    from contract_tests.conformance.runner import RunState

PASSED, FAILED, SKIPPED = Verdict.PASSED, Verdict.FAILED, Verdict.SKIPPED
NOT_JSON_BODIES = (b"{", b"not json", b'{"images": [}')


def _status(exchange: Exchange) -> str:
    if exchange.response is None:
        return f"no answer ({exchange.error})"
    snippet = exchange.response.text[:200]
    return f"{exchange.response.status_code} {snippet}"


def _is_4xx(exchange: Exchange) -> bool:
    return exchange.response is not None and 400 <= exchange.response.status_code < 500


@functools.cache
def invalid_bodies(rule: rules.Rule, count: int) -> tuple[Any, ...]:
    """Up to `count` distinct bodies that break `rule` alone, the same on every run."""
    return tuple(_collect(strategies.invalid_for(rule), count))


def _collect(strategy: Any, count: int) -> list[Any]:
    """`count` distinct examples of a strategy, derandomized: each run sends the same."""
    found: list[Any] = []

    @settings(
        max_examples=count,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(example: Any) -> None:
        found.append(example)

    collect()
    unique: dict[str, Any] = {}
    for example in found:
        unique.setdefault(json.dumps(example, sort_keys=True, default=repr), example)
    return list(unique.values())[:count]


def _expect_rejected(
    run: RunState, check_id: str, case: str, title: str, rule: str, bodies: list[Any]
) -> CheckResult:
    for body in bodies:
        try:
            exchange = run.session.create(body, may_be_accepted=False)
        except BudgetExhausted as stop:
            return CheckResult(check_id, case, title, rule, SKIPPED, str(stop))
        if _is_4xx(exchange):
            run.error_answers.append(exchange)
            continue
        if exchange.response is not None and exchange.response.is_success:
            why = "accepted (a billable task may have started)"
        else:
            why = "did not answer 4xx"
        detail = f"{why}: {_status(exchange)}"
        return CheckResult(check_id, case, title, rule, FAILED, detail, exchange.curl())
    detail = f"{len(bodies)} requests rejected with 4xx"
    return CheckResult(check_id, case, title, rule, PASSED, detail)


@check("rejects-rule-break", "a request that breaks one rule of the request gets a 4xx")
def rejects_rule_break(run: RunState) -> Iterator[CheckResult]:
    """Every rule: requests that break it (and nothing else) get a 4xx, never a 2xx or 5xx."""
    for rule in rules.request_rules():
        bodies = list(invalid_bodies(rule, run.options.examples_per_rule))
        title = f"create rejects a request that breaks {rule.id}"
        yield _expect_rejected(run, "rejects-rule-break", rule.id, title, rule.description, bodies)


@check("rejects-not-json", "a body that is not JSON gets a 4xx")
def rejects_not_json(run: RunState) -> Iterator[CheckResult]:
    title = "create rejects a body that is not JSON"
    yield _expect_rejected(run, "rejects-not-json", "", title, "JSON", list(NOT_JSON_BODIES))


AUTH_RULE = "Authorization: Bearer <API key> is required; the key is case-sensitive"


def _auth_refused(case: str, title: str, exchange: Exchange) -> CheckResult:
    status = exchange.response.status_code if exchange.response is not None else None
    verdict = PASSED if status in (401, 403) else FAILED
    detail = "" if verdict is PASSED else _status(exchange)
    return CheckResult("refuses-bad-auth", case, title, AUTH_RULE, verdict, detail, exchange.curl())


@check("refuses-bad-auth", "no key, a wrong key or the key in another case: 401 or 403")
def refuses_bad_auth(run: RunState) -> Iterator[CheckResult]:
    """On both endpoints; a valid body, so that only the key decides."""
    body = budget.design(1).bodies()[0]
    key = run.session.api_key
    cases: list[tuple[str, str, dict[str, str]]] = [
        ("no-key", "no key", {}),
        ("wrong-key", "a wrong key", run.session.auth(secrets.token_hex(16))),
    ]
    if key.swapcase() != key:
        cases.append(
            ("key-case", "the key with its case changed", run.session.auth(key.swapcase()))
        )
    for case, label, headers in cases:
        title = f"create refuses {label}"
        try:
            create = run.session.create(body, headers=headers, may_be_accepted=False)
        except BudgetExhausted as stop:
            yield CheckResult(
                "refuses-bad-auth", f"create:{case}", title, AUTH_RULE, SKIPPED, str(stop)
            )
        else:
            yield _auth_refused(f"create:{case}", title, create)
        result = run.session.result(f"unknown-{uuid.uuid4()}", headers=headers)
        yield _auth_refused(f"result:{case}", f"task-result refuses {label}", result)


@check("accepts-scheme-case", "the Bearer scheme name is accepted in any letter case")
def accepts_scheme_case(run: RunState) -> Iterator[CheckResult]:
    lower = {"Authorization": f"bearer {run.session.api_key}"}
    exchange = run.session.result(f"unknown-{uuid.uuid4()}", headers=lower)
    ok = exchange.response is not None and exchange.response.status_code not in (401, 403)
    yield CheckResult(
        "accepts-scheme-case",
        "",
        "task-result accepts the Bearer scheme name in any case",
        "the scheme name is case-insensitive (RFC 9110)",
        PASSED if ok else FAILED,
        "" if ok else _status(exchange),
        exchange.curl(),
    )


@check("rejects-unknown-task", "task-result of an unknown task id is a 4xx, never a 200")
def rejects_unknown_task(run: RunState) -> Iterator[CheckResult]:
    exchange = run.session.result(f"no-such-task-{uuid.uuid4()}")
    ok = _is_4xx(exchange)
    if ok:
        run.error_answers.append(exchange)
    yield CheckResult(
        "rejects-unknown-task",
        "",
        "task-result rejects an unknown task id",
        "an unknown task_id is a 4xx (404 expected), never a 200",
        PASSED if ok else FAILED,
        "" if ok else _status(exchange),
        exchange.curl(),
    )


CREATED_RULE = "a valid request gets 200 application/json {task_id: string}"


@check("accepts-valid", "every request of the covering design gets a task_id")
def accepts_valid(run: RunState) -> Iterator[CheckResult]:
    """The covering design, within MAX_BILLABLE: each accepted, each answer in the spec's shape."""
    design = budget.design(run.session.max_billable - run.session.billable_sent)
    for index, (row, body) in enumerate(zip(design.rows, design.bodies(), strict=True)):
        label = ", ".join(f"{k}={budget.show(v)}" for k, v in row.items())
        title, case = f"create accepts {label}", f"row-{index + 1}"
        try:
            exchange = run.session.create(body, may_be_accepted=True)
        except BudgetExhausted as stop:
            yield CheckResult("accepts-valid", case, title, "budget", SKIPPED, str(stop))
            continue
        problems = _answer_problems(exchange, 200)
        verdict = FAILED if problems else PASSED
        detail = "; ".join(problems)
        yield CheckResult(
            "accepts-valid", case, title, CREATED_RULE, verdict, detail, exchange.curl()
        )
        if exchange.response is not None and exchange.response.is_success:
            task_id = _task_id(exchange)
            if task_id is not None:
                run.tasks.append(task_id)
    if design.uncovered:
        detail = "not sent, MAX_BILLABLE too low: " + ", ".join(design.uncovered)
        yield CheckResult(
            "covers-valid-values", "", "valid values covered", "budget", SKIPPED, detail
        )


def _task_id(exchange: Exchange) -> str | None:
    try:
        task_id = exchange.json().get("task_id")
    except (ValueError, AttributeError):
        return None
    return task_id if isinstance(task_id, str) else None


def _answer_problems(exchange: Exchange, status: int) -> list[str]:
    """What is wrong with an answer that should have this status, by the oracle."""
    response = exchange.response
    if response is None:
        return [f"no answer: {exchange.error}"]
    if response.status_code != status:
        return [f"status {response.status_code}, expected {status}: {response.text[:200]}"]
    problems, _ = oracle.answer_problems(
        response.request.method,
        response.request.url.path,
        response.status_code,
        response.headers.get("content-type", ""),
        response.content,
    )
    return problems


LIFE_RULE = "task-result: the spec's TaskResult, forward-only status, videos on success"


@check("task-life", "every created task is polled until final; each answer keeps x-task-life")
def task_life(run: RunState) -> Iterator[CheckResult]:
    """Poll each created task until final or POLL_TIMEOUT; every answer keeps the life rules."""
    life = spec.task_life()
    seen: dict[str, list[str]] = {task_id: [] for task_id in run.tasks}
    problems: dict[str, list[str]] = {task_id: [] for task_id in run.tasks}
    last: dict[str, Exchange] = {}
    deadline = run.clock() + run.options.poll_timeout
    pending = list(run.tasks)
    while pending and run.clock() < deadline:
        for task_id in list(pending):
            exchange = run.session.result(task_id)
            last[task_id] = exchange
            found = _answer_problems(exchange, 200)
            if not found:
                found = oracle.task_life_problems(task_id, exchange.json(), seen[task_id])
            statuses = seen[task_id]
            if found:
                problems[task_id] += found
                pending.remove(task_id)
            elif len(statuses) >= 2 and statuses[-1] in life.final and statuses[-2] in life.final:
                pending.remove(task_id)  # final, and still the same one poll later
        if pending:
            run.sleep(run.options.poll_interval)
    for task_id in run.tasks:
        title = f"task life of {task_id}"
        walk = " -> ".join(_runs(seen[task_id])) or "no status"
        if problems[task_id]:
            detail = f"{walk}: " + "; ".join(problems[task_id])
            verdict = FAILED
        elif task_id in pending:
            detail = f"{walk}; not final after POLL_TIMEOUT={run.options.poll_timeout:g}s"
            verdict = FAILED
        else:
            detail, verdict = walk, PASSED
        reproducer = last[task_id].curl() if verdict is FAILED else ""
        yield CheckResult("task-life", task_id, title, LIFE_RULE, verdict, detail, reproducer)


def _runs(statuses: list[str]) -> list[str]:
    """QUEUED, QUEUED, PROCESSING -> QUEUED x2, PROCESSING."""
    shown: list[str] = []
    for status, group in itertools.groupby(statuses):
        count = len(list(group))
        shown.append(status if count == 1 else f"{status} x{count}")
    return shown


@check("error-shape", "every 4xx the run received is JSON in the contract's error shape")
def error_shape(run: RunState) -> Iterator[CheckResult]:
    bad = []
    for exchange in run.error_answers:
        response = exchange.response
        assert response is not None
        problems, _ = oracle.answer_problems(
            response.request.method,
            response.request.url.path,
            response.status_code,
            response.headers.get("content-type", ""),
            response.content,
        )
        if problems:
            bad.append((exchange, "; ".join(problems)))
    title, rule = "error answers have the error shape", "errors are JSON of the Error schema"
    if bad:
        exchange, why = bad[0]
        detail = f"{len(bad)} of {len(run.error_answers)} error answers: {why}: {_status(exchange)}"
        yield CheckResult("error-shape", "", title, rule, FAILED, detail, exchange.curl())
    else:
        detail = f"{len(run.error_answers)} error answers checked"
        yield CheckResult("error-shape", "", title, rule, PASSED, detail)
