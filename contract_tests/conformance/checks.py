"""The conformance checks, each registered under a stable id with the rule it guards.

Free requests first (those a conforming server must reject, the auth checks, an unknown task
id), then the billable ones within MAX_BILLABLE (the covering design, the valid @mention
shapes, the questions the contract leaves open), then the task ids and task lives of what was
accepted, and last the shape of every error answer seen on the way. Registration order is run
order.
"""

from __future__ import annotations

import collections
import itertools
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pixverse_c1_client._auth import Presentation

from contract_tests import answers, oracle, parameters, rules, spec, strategies
from contract_tests.conformance import bodies, budget, evidence, mentions
from contract_tests.conformance.evidence import FORBIDDEN, TOO_MANY, UNAUTHORIZED, Outcome, shown
from contract_tests.conformance.registry import check
from contract_tests.conformance.results import CheckResult, Verdict
from contract_tests.conformance.session import NO_KEY, BudgetExhausted, Exchange, RunTimedOut

if TYPE_CHECKING:
    from contract_tests.conformance.runner import RunState

NOT_FOUND = 404
PASSED, FAILED, SKIPPED = Verdict.PASSED, Verdict.FAILED, Verdict.SKIPPED


def _expect_rejected(
    run: RunState,
    check_id: str,
    case: str,
    title: str,
    rule: str,
    sent: list[tuple[str, Any]],
    send: Callable[[Any], Exchange] | None = None,
    where: tuple[str, str] = (spec.CREATE_PATH, "POST"),
    no_such_task: bool = True,
) -> CheckResult:
    """Each (kind, request) must get a 400; the first deviation fails the result, and an
    answer that proves nothing (403, 404, 429) leaves it skipped, blocked, with the reason.
    A request is a create body, unless `send` makes it (to `where`). A 404 is a deviation
    where it cannot mean "no such task" (not `no_such_task`: the task exists, or the request
    gives no valid task id)."""
    unproven: list[str] = []
    for kind, request in sent:
        try:
            if send is None:
                exchange = run.session.create(request, may_be_accepted=False)
            else:
                exchange = send(request)
        except BudgetExhausted as stop:
            return CheckResult(check_id, case, title, rule, SKIPPED, str(stop))
        finding = evidence.of_rejection(exchange, *where)
        if (
            finding.outcome is Outcome.NO_EVIDENCE
            and not no_such_task
            and exchange.response is not None
            and exchange.response.status_code == NOT_FOUND
        ):
            why = "404, for a task that exists or no valid task id: a rule break is a 400"
            finding = evidence.Finding(Outcome.DEVIATION, f"{why}: {shown(exchange)}")
        run.note_error(exchange)
        if finding.outcome is Outcome.DEVIATION:
            detail = f"{kind}: {finding.why}" if kind else finding.why
            return CheckResult(check_id, case, title, rule, FAILED, detail, exchange.curl())
        if finding.outcome is Outcome.NO_EVIDENCE:
            unproven.append(f"{kind}: {finding.why}" if kind else finding.why)
    if not sent:
        return CheckResult(check_id, case, title, rule, SKIPPED, "no request breaks this rule")
    if unproven:
        detail = f"{len(sent) - len(unproven)} of {len(sent)} rejected with 400; " + unproven[0]
        return CheckResult(check_id, case, title, rule, SKIPPED, detail, blocked=True)
    detail = f"{len(sent)} requests rejected with {evidence.REJECTED}"
    return CheckResult(check_id, case, title, rule, PASSED, detail)


@check("rejects-rule-break", "a request that breaks one rule of the request gets a 400")
def rejects_rule_break(run: RunState) -> Iterator[CheckResult]:
    """Every rule, every kind of break of it (every wrong JSON type, each bound crossed...)."""
    for rule in rules.request_rules():
        sent = bodies.rule_breaks(rule)
        title = f"create rejects a request that breaks {rule.id}"
        yield _expect_rejected(run, "rejects-rule-break", rule.id, title, rule.description, sent)
    body = strategies.minimal_request()

    def create(given: parameters.Sent) -> Exchange:
        return run.session.create(body, sent=given, may_be_accepted=False)

    for rule in parameters.rules_of(spec.CREATE_OPERATION):
        cases = parameters.break_cases(rule) if parameters.breakable(rule) else []
        title = f"create rejects a request whose parameters break {rule.id}"
        yield _expect_rejected(
            run, "rejects-rule-break", rule.id, title, rule.description, cases, create
        )


def _without_mention_rule(check_id: str, title: str) -> Iterator[CheckResult]:
    """A mention check's one result where the spec sets no mention rule: not tested, saying so."""
    if spec.mention_rule() is None:
        detail = f"the spec sets no {spec.MENTION_RULE}: no prompt is read for @mentions"
        yield CheckResult(check_id, "", title, title, SKIPPED, detail)


@check("rejects-mention", "a prompt whose @mention names no image gets a 400, however written")
def rejects_mention(run: RunState) -> Iterator[CheckResult]:
    yield from _without_mention_rule("rejects-mention", "@mentions naming no image rejected")
    for case in mentions.invalid_cases():
        title = f"create rejects {case.prompt!r} ({case.catches})"
        sent = [("", case.body)]
        rule = rules.mention_rule().description
        yield _expect_rejected(run, "rejects-mention", case.name, title, rule, sent)


@check("rejects-not-json", "a body that is not JSON gets a 400")
def rejects_not_json(run: RunState) -> Iterator[CheckResult]:
    """The preflight's create of the first body, where it sent one, is judged, not sent again."""
    title = "create rejects a body that is not JSON"
    sent = [("", body) for body in bodies.NOT_JSON]
    probe = run.not_json_probe

    def send(body: bytes) -> Exchange:
        if probe is not None and body == bodies.NOT_JSON[0]:
            return probe
        return run.session.create(body, may_be_accepted=False)

    yield _expect_rejected(run, "rejects-not-json", "", title, "JSON", sent, send)


@check("rejects-degenerate-body", "JSON that is no request object gets a 400")
def rejects_degenerate_body(run: RunState) -> Iterator[CheckResult]:
    rule = "the body is one JSON object of the request schema"
    for name, body in bodies.degenerate():
        title = f"create rejects a degenerate body: {name}"
        yield _expect_rejected(run, "rejects-degenerate-body", name, title, rule, [("", body)])


@dataclass(frozen=True)
class Keyed:
    """An operation the spec asks a key of, and how its request carries it."""

    label: str  # as titles and case ids name it: create, result
    method: str
    path: str
    presentation: Presentation

    @property
    def rule(self) -> str:
        return f"{self.presentation.shown} is required; the key is case-sensitive"

    @property
    def name(self) -> str:
        return "create" if self.label == "create" else "task-result"

    def where(self) -> tuple[str, str]:
        return self.method, self.path


def keyed_operations() -> list[Keyed]:
    """The operations the checks call that the spec asks a key of, create first."""
    called = (("create", "post", spec.CREATE_PATH), ("result", "get", spec.RESULT_PATH))
    found = []
    for label, method, path in called:
        presentation = spec.key_presentation(method, path)
        if presentation is not None:
            found.append(Keyed(label, method, path, presentation))
    return found


def _auth_refused(case: str, title: str, rule: str, exchange: Exchange) -> CheckResult:
    status = exchange.response.status_code if exchange.response is not None else None
    if status in (UNAUTHORIZED, FORBIDDEN):
        return CheckResult("refuses-bad-auth", case, title, rule, PASSED)
    if status == TOO_MANY:
        detail = f"{shown(exchange)}: no evidence"
        return CheckResult("refuses-bad-auth", case, title, rule, SKIPPED, detail, blocked=True)
    return CheckResult(
        "refuses-bad-auth", case, title, rule, FAILED, shown(exchange), exchange.curl()
    )


@check("refuses-bad-auth", "no key, a wrong key or the key in another case: 401 or 403")
def refuses_bad_auth(run: RunState) -> Iterator[CheckResult]:
    """On each operation that asks for a key, presented where the spec says; a valid body, so
    that only the key decides."""
    keyed = keyed_operations()
    if not keyed:
        detail = "openapi.yaml asks no operation for a key"
        yield CheckResult(
            "refuses-bad-auth", "", "a bad key is refused", "security", SKIPPED, detail
        )
        return
    key = run.session.api_key
    cases: list[tuple[str, str, str | None]] = [
        ("no-key", "no key", None),
        ("wrong-key", "a wrong key", secrets.token_hex(16)),
    ]
    if key.swapcase() != key:
        cases.append(("key-case", "the key with its case changed", key.swapcase()))
    body = budget.design(1).bodies()[0]
    for case, label, given in cases:
        for operation in keyed:
            sent = NO_KEY if given is None else run.session.key(*operation.where(), given)
            title = f"{operation.name} refuses {label}"
            try:
                if operation.label == "create":
                    exchange = run.session.create(body, key=sent, may_be_accepted=False)
                else:
                    exchange = run.session.result(parameters.unknown_task_id(), key=sent)
            except BudgetExhausted as stop:
                yield CheckResult(
                    "refuses-bad-auth", f"{operation.label}:{case}", title, operation.rule,
                    SKIPPED, str(stop),
                )  # fmt: skip
                continue
            yield _auth_refused(f"{operation.label}:{case}", title, operation.rule, exchange)


@check("accepts-scheme-case", "an HTTP scheme name is accepted in any letter case")
def accepts_scheme_case(run: RunState) -> Iterator[CheckResult]:
    """Where the spec presents the key under an HTTP authentication scheme, the scheme name in
    another letter case (RFC 9110) must be taken: the answer must show the key was, a 4xx
    other than 401 or 403 (an unknown task id, or a body that is not JSON). An answer that shows
    nothing (a 5xx, a 2xx, a redirect, a 429) leaves the check skipped. Nothing else of a
    presentation is case-insensitive (the key, a query parameter's or a cookie's name)."""
    rule = "the scheme name is case-insensitive (RFC 9110)"
    spelled = [o for o in keyed_operations() if o.presentation.case_insensitive]
    if not spelled:
        detail = (
            "openapi.yaml presents the key under no HTTP authentication scheme, so nothing of "
            "it is case-insensitive"
        )
        title = "an HTTP scheme name is accepted in any letter case"
        yield CheckResult("accepts-scheme-case", "", title, rule, SKIPPED, detail)
        return
    operation = next((o for o in spelled if o.label == "result"), spelled[0])
    other = operation.presentation.auth_scheme.swapcase()
    key = run.session.key(*operation.where(), spelled=other)
    title = f"{operation.name} accepts the scheme name written {other!r}"
    if operation.label == "result":
        exchange = run.session.result(parameters.unknown_task_id(), key=key)
    else:
        try:
            exchange = run.session.create(bodies.NOT_JSON[0], key=key, may_be_accepted=False)
        except BudgetExhausted as stop:
            yield CheckResult("accepts-scheme-case", "", title, rule, SKIPPED, str(stop))
            return
    status = exchange.response.status_code if exchange.response is not None else None
    if status in (UNAUTHORIZED, FORBIDDEN):
        verdict, blocked = FAILED, False
    elif status is not None and 400 <= status < 500 and status != TOO_MANY:
        verdict, blocked = PASSED, False
    else:
        verdict, blocked = SKIPPED, True
    detail = "" if verdict is PASSED else shown(exchange)
    if blocked:
        detail = f"no evidence either way: {detail}"
    reproducer = exchange.curl() if verdict is FAILED else ""
    yield CheckResult(
        "accepts-scheme-case", "", title, rule, verdict, detail, reproducer, blocked=blocked
    )


@check("rejects-unknown-task", "task-result of an unknown task id is a 4xx, never a 200")
def rejects_unknown_task(run: RunState) -> Iterator[CheckResult]:
    exchange = run.session.result(parameters.unknown_task_id())
    status = exchange.response.status_code if exchange.response is not None else None
    title, rule = (
        "task-result rejects an unknown task id",
        "an unknown task_id is a 4xx, never a 200",
    )
    if status == TOO_MANY:
        detail = f"{shown(exchange)}: no evidence"
        yield CheckResult("rejects-unknown-task", "", title, rule, SKIPPED, detail, blocked=True)
        return
    ok = status is not None and 400 <= status < 500 and status not in (UNAUTHORIZED, FORBIDDEN)
    run.note_error(exchange)
    yield CheckResult(
        "rejects-unknown-task",
        "",
        title,
        rule,
        PASSED if ok else FAILED,
        "" if ok else shown(exchange),
        "" if ok else exchange.curl(),
    )


CREATED_RULE = f"a valid request gets {spec.CREATE_OK} application/json of the spec's create answer"


def _accepted(
    run: RunState,
    check_id: str,
    case: str,
    title: str,
    body: Any,
    headers: Any = None,
    sent: parameters.Sent | None = None,
) -> CheckResult:
    """A request a conforming server accepts; its task_id goes to the task checks."""
    exchange = run.session.create(body, headers=headers, sent=sent, may_be_accepted=True)
    status = exchange.response.status_code if exchange.response is not None else None
    if status in (FORBIDDEN, TOO_MANY):
        detail = f"{shown(exchange)}: no evidence"
        return CheckResult(check_id, case, title, CREATED_RULE, SKIPPED, detail, blocked=True)
    problems = _answer_problems(exchange, spec.CREATE_OK)
    verdict = FAILED if problems else PASSED
    _keep_task(run, exchange)
    reproducer = exchange.curl() if problems else ""
    return CheckResult(
        check_id, case, title, CREATED_RULE, verdict, "; ".join(problems), reproducer
    )


def _keep_task(run: RunState, exchange: Exchange) -> None:
    if exchange.response is not None and exchange.response.is_success:
        task_id = _task_id(exchange)
        if task_id is not None:
            run.tasks.append(task_id)


def _budget_note(run: RunState) -> str:
    """Why the budget ran out, when the server spent it on requests it had to reject."""
    wrong = run.session.wrongly_accepted + run.session.maybe_billable
    if not wrong:
        return "MAX_BILLABLE too low"
    return (
        f"the server used {wrong} of MAX_BILLABLE={run.session.max_billable} by accepting "
        "(or failing on) requests it must reject"
    )


@check("accepts-valid", "every request of the covering design gets a task_id")
def accepts_valid(run: RunState) -> Iterator[CheckResult]:
    """The covering design, within MAX_BILLABLE: each accepted, each answer in the spec's shape."""
    design = budget.design(run.session.max_billable - run.session.billable_sent)
    run.design_bodies = design.bodies()
    sent = design.parameters()
    for index, (row, body) in enumerate(zip(design.rows, run.design_bodies, strict=True)):
        label = ", ".join(f"{k}={budget.show(v)}" for k, v in row.items())
        title, case = f"create accepts {label}", f"row-{index + 1}"
        try:
            yield _accepted(run, "accepts-valid", case, title, body, sent=sent[index])
        except BudgetExhausted as stop:
            yield CheckResult("accepts-valid", case, title, "budget", SKIPPED, str(stop))
    if design.uncovered:
        detail = f"not sent, {_budget_note(run)}: " + ", ".join(design.uncovered)
        yield CheckResult(
            "covers-valid-values", "", "valid values covered", "budget", SKIPPED, detail
        )


def _sent_by_design(run: RunState, shape: mentions.Shape) -> bool:
    return any(mentions.with_shape(body, shape) == body for body in run.design_bodies)


@check("accepts-mention", "a prompt whose @mentions all name images is accepted, however written")
def accepts_mention(run: RunState) -> Iterator[CheckResult]:
    """The valid @mention shapes the covering design did not send already, within the budget."""
    yield from _without_mention_rule("accepts-mention", "@mentions naming images accepted")
    sent_already = {name for name, shape in mentions.valid_shapes() if _sent_by_design(run, shape)}
    unsent: list[str] = []
    for case in mentions.valid_cases():
        if case.name in sent_already:
            continue
        title = f"create accepts {case.prompt!r} ({case.catches})"
        try:
            yield _accepted(run, "accepts-mention", case.name, title, case.body)
        except BudgetExhausted:
            unsent.append(case.name)
    if unsent:
        detail = f"not sent, {_budget_note(run)}: " + ", ".join(unsent)
        yield CheckResult(
            "accepts-mention", "unsent", "valid @mention shapes", "budget", SKIPPED, detail
        )


OPEN_RULE = "left open by the contract: accepted or rejected with a 4xx, never a 5xx"


@check("left-open", "what the contract leaves open gets a 2xx in the spec's shape or a 4xx")
def left_open(run: RunState) -> Iterator[CheckResult]:
    """Either answer passes; only a 5xx, a redirect, no answer or a malformed 2xx fails."""
    unsent: list[str] = []
    for case in bodies.left_open():
        title = f"create answers either way: {case.question}"
        try:
            exchange = run.session.create(case.body, headers=case.headers, may_be_accepted=True)
        except BudgetExhausted:
            unsent.append(case.name)
            continue
        response = exchange.response
        status = response.status_code if response is not None else None
        if status in (FORBIDDEN, TOO_MANY):
            detail = f"{shown(exchange)}: no evidence"
            yield CheckResult(
                "left-open", case.name, title, OPEN_RULE, SKIPPED, detail, blocked=True
            )
            continue
        accepted = response is not None and response.is_success
        if (status is not None and 400 <= status < 500) or (case.any_status and not accepted):
            detail = f"answered {shown(exchange)[:80]}"
            yield CheckResult("left-open", case.name, title, OPEN_RULE, PASSED, detail)
            continue
        problems = _answer_problems(exchange, spec.CREATE_OK)
        _keep_task(run, exchange)
        verdict = FAILED if problems else PASSED
        detail = "; ".join(problems) if problems else "accepted"
        reproducer = exchange.curl() if problems else ""
        yield CheckResult("left-open", case.name, title, OPEN_RULE, verdict, detail, reproducer)
    if unsent:
        detail = f"not sent, {_budget_note(run)}: " + ", ".join(unsent)
        yield CheckResult("left-open", "unsent", "open questions", "budget", SKIPPED, detail)


@check(
    "rejects-parameter-break",
    "task-result with parameters that break one rule gets a 400, even for a task that exists",
)
def rejects_parameter_break(run: RunState) -> Iterator[CheckResult]:
    """Every rule of the task-result call's parameters, every kind of break of it; sent for a
    task created by the run where there is one (a 404 then cannot stand in for a 400), else
    for an id no server gave out (a 404 then proves nothing)."""
    task = parameters.task_parameter()
    known = run.tasks[0] if run.tasks else None
    if not parameters.rules_of(spec.RESULT_OPERATION):
        title = "task-result parameters that break a rule"
        detail = "the task-result call's parameters have no rule a request can break"
        yield CheckResult("rejects-parameter-break", "", title, title, SKIPPED, detail)
    for rule in parameters.rules_of(spec.RESULT_OPERATION):
        cases = parameters.break_cases(rule) if parameters.breakable(rule) else []
        # A break of the task id itself cannot be sent for a task that exists.
        of_task = (rule.operation, rule.path) == (task.operation, (task.field,))
        if known is not None and not of_task:
            cases = [(kind, {**given, task.field: known}) for kind, given in cases]
        title = f"task-result rejects parameters that break {rule.id}"
        yield _expect_rejected(
            run,
            "rejects-parameter-break",
            rule.id,
            title,
            rule.description,
            cases,
            lambda given: run.session.result(None, sent=given),
            (spec.RESULT_PATH, "GET"),
            no_such_task=known is None and not of_task,
        )


def _task_id(exchange: Exchange) -> str | None:
    """The create answer's id of the task, in the field the spec's roles name."""
    try:
        task_id = exchange.json().get(answers.fields().created_id)
    except (ValueError, AttributeError):
        return None
    return task_id if isinstance(task_id, str) else None


def _answer_problems(exchange: Exchange, status: int) -> list[str]:
    """What is wrong with an answer that should have this status, by the oracle."""
    response = exchange.response
    if response is None:
        return [f"no answer: {exchange.error}"]
    if response.status_code != status:
        return [f"status {shown(exchange)}, expected {status}"]
    if response.truncated:
        return [f"an answer longer than {len(response.content)} bytes; the rest was not read"]
    return exchange.problems()


@check("distinct-task-ids", "each accepted create request gets a task_id of its own")
def distinct_task_ids(run: RunState) -> Iterator[CheckResult]:
    title, rule = "every task_id is new", "each accepted create starts a task with its own task_id"
    if len(run.tasks) < 2:
        detail = f"{len(run.tasks)} task_id received: nothing to compare"
        yield CheckResult("distinct-task-ids", "", title, rule, SKIPPED, detail)
        return
    repeated = {tid: n for tid, n in collections.Counter(run.tasks).items() if n > 1}
    if repeated:
        shown_ids = ", ".join(f"{tid!r} x{n}" for tid, n in list(repeated.items())[:5])
        detail = (
            f"{len(run.tasks)} accepted creates, {len(set(run.tasks))} distinct ids: {shown_ids}"
        )
        yield CheckResult("distinct-task-ids", "", title, rule, FAILED, detail)
        return
    yield CheckResult("distinct-task-ids", "", title, rule, PASSED, f"{len(run.tasks)} distinct")


LIFE_RULE = (
    f"task-result: the spec's {spec.ROLES['result']}, forward-only status, outputs on success"
)


@check("task-life", "every created task is polled until final; each answer keeps x-task-life")
def task_life(run: RunState) -> Iterator[CheckResult]:
    """Poll each created task until final or POLL_TIMEOUT; every answer keeps the life rules.

    POLL_TIMEOUT is looked at before every request, and RUN_TIMEOUT ends the polling with a
    result for every task (not final: skipped, blocked) before the run stops.
    """
    life = spec.task_life()
    tasks = list(dict.fromkeys(run.tasks))
    seen: dict[str, list[str]] = {task_id: [] for task_id in tasks}
    problems: dict[str, list[str]] = {task_id: [] for task_id in tasks}
    last: dict[str, Exchange] = {}
    # Seconds of Retry-After the server asked for while polling do not count against the task.
    deadline, waited = run.clock() + run.options.poll_timeout, run.session.retry_waited

    def left() -> float:
        return deadline + run.session.retry_waited - waited - run.clock()

    pending = list(tasks)
    # Each poll sends the next of the task-result call's valid parameter sets (at their
    # edges, each optional one given and left out), so that the polls send them all.
    rotation = parameters.boundary(spec.RESULT_OPERATION)
    polls = 0
    stopped: RunTimedOut | None = None
    started, shown_at = run.clock(), run.clock()
    try:
        while pending and left() > 0:
            for task_id in list(pending):
                if left() <= 0:
                    break
                given = rotation[polls % len(rotation)]
                polls += 1
                exchange = run.session.result(task_id, sent=given)
                last[task_id] = exchange
                found = _answer_problems(exchange, spec.RESULT_OK)
                if not found:
                    found = oracle.task_life_problems(task_id, exchange.json(), seen[task_id])
                statuses = seen[task_id]
                if found:
                    problems[task_id] += found
                    pending.remove(task_id)
                elif (
                    len(statuses) >= 2 and statuses[-1] in life.final and statuses[-2] in life.final
                ):
                    pending.remove(task_id)  # final, and still the same one poll later
            if pending and run.clock() - shown_at >= run.options.progress_every:
                shown_at = run.clock()
                run.progress(
                    f"polling: {len(tasks) - len(pending)} of {len(tasks)} tasks final after "
                    f"{run.clock() - started:.0f}s (POLL_TIMEOUT={run.options.poll_timeout:g}s)"
                )
            if pending:
                run.sleep(min(run.options.poll_interval, max(left(), 0.0)))
    except RunTimedOut as stop:
        stopped = stop
    for task_id in tasks:
        title = f"task life of {task_id}"
        walk = " -> ".join(_runs(seen[task_id])) or "no status"
        blocked = False
        if problems[task_id]:
            detail = f"{walk}: " + "; ".join(problems[task_id])
            verdict = FAILED
        elif task_id in pending and seen[task_id] and seen[task_id][-1] in life.final:
            detail, verdict = f"{walk}; final, the deadline came before one more poll", PASSED
        elif task_id in pending and stopped is not None:
            detail, verdict, blocked = f"{walk}; not final when {stopped}", SKIPPED, True
        elif task_id in pending:
            detail = f"{walk}; not final after POLL_TIMEOUT={run.options.poll_timeout:g}s"
            verdict = FAILED
        else:
            detail, verdict = walk, PASSED
        reproducer = last[task_id].curl() if verdict is FAILED and task_id in last else ""
        yield CheckResult(
            "task-life", task_id, title, LIFE_RULE, verdict, detail, reproducer, blocked=blocked
        )
    if stopped is not None:
        raise stopped


def _runs(statuses: list[str]) -> list[str]:
    """QUEUED, QUEUED, PROCESSING -> QUEUED x2, PROCESSING."""
    shown_runs: list[str] = []
    for status, group in itertools.groupby(statuses):
        count = len(list(group))
        shown_runs.append(status if count == 1 else f"{status} x{count}")
    return shown_runs


@check("error-shape", "every 4xx the run received is JSON in the contract's error shape")
def error_shape(run: RunState) -> Iterator[CheckResult]:
    title, rule = "error answers have the error shape", "errors are JSON of the Error schema"
    errors = run.errors
    if not errors.checked:
        detail = "0 error answers received: nothing to check"
        yield CheckResult("error-shape", "", title, rule, SKIPPED, detail)
    elif errors.first_bad is not None:
        exchange, why = errors.first_bad
        detail = f"{errors.bad} of {errors.checked} error answers: {why}: {shown(exchange)}"
        yield CheckResult("error-shape", "", title, rule, FAILED, detail, exchange.curl())
    else:
        detail = f"{errors.checked} error answers checked"
        yield CheckResult("error-shape", "", title, rule, PASSED, detail)
