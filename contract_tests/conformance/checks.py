"""The conformance checks, each reported by name with the rule it guards and a reproducer.

Free requests first (those a conforming server must reject, the auth checks, an unknown task
id), then the billable covering design, then the task lives of the tasks it started.
"""

from __future__ import annotations

import functools
import itertools
import json
import secrets
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings

from contract_tests import rules, spec, strategies
from contract_tests.conformance import budget
from contract_tests.conformance.wire import BudgetExhausted, Exchange, Wire


@dataclass
class Outcome:
    """The result of one named check."""

    name: str
    rule: str
    passed: bool
    detail: str = ""
    reproducer: str = ""
    skipped: bool = False


@dataclass
class Options:
    examples_per_rule: int = 5
    poll_timeout: float = 600.0
    poll_interval: float = 5.0


@dataclass
class Run:
    wire: Wire
    options: Options
    outcomes: list[Outcome] = field(default_factory=list)
    tasks: list[str] = field(default_factory=list)
    error_answers: list[Exchange] = field(default_factory=list)

    def record(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)


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


def check_invalid_requests(run: Run) -> None:
    """Every rule: requests that break it (and nothing else) get a 4xx, never a 2xx or 5xx."""
    for rule in rules.request_rules():
        bodies = list(invalid_bodies(rule, run.options.examples_per_rule))
        name = f"create rejects a request that breaks {rule.id}"
        run.record(_expect_rejected(run, name, rule.description, bodies))
    not_json = [b"{", b"not json", b'{"images": [}']
    run.record(_expect_rejected(run, "create rejects a body that is not JSON", "JSON", not_json))


def _expect_rejected(run: Run, name: str, rule: str, bodies: list[Any]) -> Outcome:
    for body in bodies:
        try:
            exchange = run.wire.create(body, may_be_accepted=False)
        except BudgetExhausted as stop:
            return Outcome(name, rule, False, str(stop), skipped=True)
        if _is_4xx(exchange):
            run.error_answers.append(exchange)
            continue
        if exchange.response is not None and exchange.response.is_success:
            why = "accepted (a billable task may have started)"
        else:
            why = "did not answer 4xx"
        detail = f"{why}: {_status(exchange)}"
        return Outcome(name, rule, False, detail, exchange.curl())
    return Outcome(name, rule, True, f"{len(bodies)} requests rejected with 4xx")


def check_auth(run: Run) -> None:
    """No key or a wrong key: 401 or 403, on both endpoints. A valid body, so only auth decides."""
    body = budget.design(1).bodies()[0]
    key = run.wire.api_key
    swapped = key.swapcase() if key.swapcase() != key else None
    cases: list[tuple[str, dict[str, str]]] = [
        ("no key", {}),
        ("a wrong key", run.wire.auth(secrets.token_hex(16))),
    ]
    if swapped:
        cases.append(("the key with its case changed", run.wire.auth(swapped)))
    rule = "Authorization: Bearer <API key> is required; the key is case-sensitive"
    for label, headers in cases:
        try:
            create = run.wire.create(body, headers=headers, may_be_accepted=False)
        except BudgetExhausted as stop:
            run.record(Outcome(f"create refuses {label}", rule, False, str(stop), skipped=True))
        else:
            run.record(_expect_auth_refused(f"create refuses {label}", rule, create))
        result = run.wire.result(f"unknown-{uuid.uuid4()}", headers=headers)
        run.record(_expect_auth_refused(f"task-result refuses {label}", rule, result))
    lower = {"Authorization": f"bearer {key}"}
    exchange = run.wire.result(f"unknown-{uuid.uuid4()}", headers=lower)
    passed = exchange.response is not None and exchange.response.status_code not in (401, 403)
    run.record(
        Outcome(
            "task-result accepts the Bearer scheme name in any case",
            "the scheme name is case-insensitive (RFC 9110)",
            passed,
            "" if passed else _status(exchange),
            exchange.curl(),
        )
    )


def _expect_auth_refused(name: str, rule: str, exchange: Exchange) -> Outcome:
    status = exchange.response.status_code if exchange.response is not None else None
    passed = status in (401, 403)
    return Outcome(name, rule, passed, "" if passed else _status(exchange), exchange.curl())


def check_unknown_task(run: Run) -> None:
    exchange = run.wire.result(f"no-such-task-{uuid.uuid4()}")
    passed = _is_4xx(exchange)
    if passed:
        run.error_answers.append(exchange)
    rule = "an unknown task_id is a 4xx (404 expected), never a 200"
    detail = "" if passed else _status(exchange)
    run.record(
        Outcome("task-result rejects an unknown task id", rule, passed, detail, exchange.curl())
    )


def check_valid_requests(run: Run) -> None:
    """The covering design, within MAX_BILLABLE: each accepted, each answer in the spec's shape."""
    design = budget.design(run.wire.max_billable - run.wire.billable_sent)
    for row, body in zip(design.rows, design.bodies(), strict=True):
        label = ", ".join(f"{k}={budget.show(v)}" for k, v in row.items())
        try:
            exchange = run.wire.create(body, may_be_accepted=True)
        except BudgetExhausted as stop:
            run.record(Outcome(f"create accepts {label}", "budget", False, str(stop), skipped=True))
            continue
        run.record(_expect_created(f"create accepts {label}", exchange))
        if exchange.response is not None and exchange.response.is_success:
            task_id = _task_id(exchange)
            if task_id is not None:
                run.tasks.append(task_id)
    if design.uncovered:
        detail = "not sent, MAX_BILLABLE too low: " + ", ".join(design.uncovered)
        run.record(Outcome("valid values covered", "budget", False, detail, skipped=True))


def _task_id(exchange: Exchange) -> str | None:
    try:
        task_id = exchange.json().get("task_id")
    except (ValueError, AttributeError):
        return None
    return task_id if isinstance(task_id, str) else None


def _expect_created(name: str, exchange: Exchange) -> Outcome:
    rule = "a valid request gets 200 application/json {task_id: string}"
    problems = list(_answer_problems(exchange, 200, "CreateTaskResponse"))
    passed = not problems
    return Outcome(name, rule, passed, "; ".join(problems), exchange.curl())


def _answer_problems(exchange: Exchange, status: int, schema_name: str) -> Iterator[str]:
    response = exchange.response
    if response is None:
        yield f"no answer: {exchange.error}"
        return
    if response.status_code != status:
        yield f"status {response.status_code}, expected {status}: {response.text[:200]}"
        return
    content_type = response.headers.get("content-type", "")
    if not content_type.split(";")[0].strip().lower().endswith("json"):
        yield f"content type {content_type!r}, expected application/json"
    try:
        document = response.json()
    except ValueError:
        yield f"body is not JSON: {response.text[:200]!r}"
        return
    for error in spec.validator(schema_name).iter_errors(document):
        where = "/".join(str(p) for p in error.absolute_path) or "body"
        yield f"{where}: {error.message}"


def check_task_lives(run: Run, sleep: Callable[[float], None], clock: Callable[[], float]) -> None:
    """Poll each created task until final or POLL_TIMEOUT; every answer keeps the life rules."""
    life = spec.task_life()
    seen: dict[str, list[str]] = {task_id: [] for task_id in run.tasks}
    problems: dict[str, list[str]] = {task_id: [] for task_id in run.tasks}
    last: dict[str, Exchange] = {}
    deadline = clock() + run.options.poll_timeout
    pending = list(run.tasks)
    while pending and clock() < deadline:
        for task_id in list(pending):
            exchange = run.wire.result(task_id)
            last[task_id] = exchange
            found = list(_answer_problems(exchange, 200, "TaskResult"))
            if not found:
                found = _life_problems(task_id, exchange.json(), seen[task_id], life)
            statuses = seen[task_id]
            if found:
                problems[task_id] += found
                pending.remove(task_id)
            elif len(statuses) >= 2 and statuses[-1] in life.final and statuses[-2] in life.final:
                pending.remove(task_id)  # final, and still the same one poll later
        if pending:
            sleep(run.options.poll_interval)
    rule = "task-result: the spec's TaskResult, forward-only status, videos on success"
    for task_id in run.tasks:
        name = f"task life of {task_id}"
        walk = " -> ".join(_runs(seen[task_id])) or "no status"
        if problems[task_id]:
            detail = f"{walk}: " + "; ".join(problems[task_id])
            run.record(Outcome(name, rule, False, detail, last[task_id].curl()))
        elif task_id in pending:
            detail = f"{walk}; not final after POLL_TIMEOUT={run.options.poll_timeout:g}s"
            run.record(Outcome(name, rule, False, detail, last[task_id].curl()))
        else:
            run.record(Outcome(name, rule, True, walk))


def _runs(statuses: list[str]) -> list[str]:
    """QUEUED, QUEUED, PROCESSING -> QUEUED x2, PROCESSING."""
    shown: list[str] = []
    for status, group in itertools.groupby(statuses):
        count = len(list(group))
        shown.append(status if count == 1 else f"{status} x{count}")
    return shown


def _life_problems(task_id: str, result: Any, seen: list[str], life: spec.TaskLife) -> list[str]:
    task = result["task"]
    found = []
    if task["task_id"] != task_id:
        found.append(f"task.task_id is {task['task_id']!r}, asked for {task_id!r}")
    status = task["status"]
    if seen and not life.allowed(seen[-1], status):
        found.append(f"status went from {seen[-1]} to {status}")
    seen.append(status)
    found += spec.required_when(result)
    return found


def check_error_bodies(run: Run) -> None:
    """Every 4xx the run received is JSON in the contract's error shape."""
    bad = []
    for exchange in run.error_answers:
        assert exchange.response is not None
        try:
            document = exchange.response.json()
        except ValueError:
            bad.append((exchange, "not JSON"))
            continue
        errors = [e.message for e in spec.validator("Error").iter_errors(document)]
        if errors:
            bad.append((exchange, "; ".join(errors)))
    rule = "errors are JSON of the Error schema"
    if bad:
        exchange, why = bad[0]
        detail = f"{len(bad)} of {len(run.error_answers)} error answers: {why}: {_status(exchange)}"
        run.record(
            Outcome("error answers have the error shape", rule, False, detail, exchange.curl())
        )
    else:
        detail = f"{len(run.error_answers)} error answers checked"
        run.record(Outcome("error answers have the error shape", rule, True, detail))
