"""Before any check: the server answers, and it accepts the key.

An authenticated task-result of an id nobody was given must get a 4xx that is neither 401 nor
403. Where the spec asks no key of the task-result call but one of create, a create whose body
is not JSON (free: a conforming server rejects it) shows the key too: anything but a 401 or
403 lets the run go on, and the checks judge the rest. Without that, every later check would
measure the key or the network, not the contract: the run stops with one message (exit
status 2) instead of forty failures.
"""

from __future__ import annotations

from contract_tests import parameters, spec
from contract_tests.conformance import bodies
from contract_tests.conformance.evidence import FORBIDDEN, TOO_MANY, UNAUTHORIZED, shown
from contract_tests.conformance.results import CheckResult, Verdict
from contract_tests.conformance.session import Exchange, Session

CHECK = "preflight"
TITLE = "the server answers and accepts the key"
RULE = "an authenticated task-result of an unknown task id gets a 4xx other than 401 and 403"


def _unusable(exchange: Exchange, base_url: str, not_json: bool = False) -> str:
    """Why an answer leaves nothing testable: no answer, the key refused, or rate limited.
    (`not_json`: the answer is to a create whose body is not JSON.)"""
    response = exchange.response
    if response is None:
        verb = "did not answer" if exchange.reached else "could not be reached"
        return f"{base_url} {verb}: {exchange.error}"
    if response.status_code in (UNAUTHORIZED, FORBIDDEN):
        if not_json:
            return (
                f"a create whose body is not JSON got {shown(exchange)}: the key was refused, "
                f"or the server answers such a body with {response.status_code} where the "
                "contract says 400 (only create takes a key, so only a create can show it "
                "accepted): check HIGHWAY_API_KEY or API_KEY_FILE, and that the key may use "
                "this endpoint"
            )
        return (
            f"the key was refused ({shown(exchange)}): check HIGHWAY_API_KEY or API_KEY_FILE, "
            "and that the key may use this endpoint"
        )
    if response.status_code == TOO_MANY:
        return f"rate limited beyond what the run may wait: {shown(exchange)}"
    return ""


def _misdirected(exchange: Exchange) -> str:
    """Why an answer to the task-result probe shows the run would not reach the contract."""
    response = exchange.response
    if response is not None and response.status_code >= 500:
        return f"the server fails on an authenticated task-result: {shown(exchange)}"
    if response is not None and response.is_redirect:
        return f"redirected, so BASE_URL is not the API's own address: {shown(exchange)}"
    return ""


def probes_create() -> bool:
    """Whether the preflight sends a create too: only create, of the two calls, takes the key,
    so only it can show the key refused."""
    result = spec.key_presentation("get", spec.RESULT_PATH)
    return result is None and spec.key_presentation("post", spec.CREATE_PATH) is not None


def problem(session: Session) -> tuple[str, str, Exchange | None]:
    """(why nothing can be tested, a curl reproducer; both "" when the run may go on, and the
    create of `bodies.NOT_JSON[0]` the preflight sent, if it sent one)."""
    exchange = session.result(parameters.unknown_task_id())
    why = _unusable(exchange, session.base_url) or _misdirected(exchange)
    probe = None
    if not why and probes_create():
        exchange = probe = session.create(bodies.NOT_JSON[0], may_be_accepted=False)
        why = _unusable(exchange, session.base_url, not_json=True)
    return (why, exchange.curl(), probe) if why else ("", "", probe)


def run(session: Session) -> tuple[CheckResult, Exchange | None]:
    """The preflight's result, and its create of `bodies.NOT_JSON[0]` if it sent one."""
    why, reproducer, probe = problem(session)
    if why:
        blocked = CheckResult(
            CHECK, "", TITLE, RULE, Verdict.SKIPPED, why, reproducer, blocked=True
        )
        return blocked, probe
    return CheckResult(CHECK, "", TITLE, RULE, Verdict.PASSED), probe
