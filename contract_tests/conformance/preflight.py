"""Before any check: the server answers, and it accepts the key.

An authenticated task-result of an id nobody was given must get a 4xx that is neither 401 nor
403. Without that, every later check would measure the key or the network, not the contract:
the run stops with one message (exit status 2) instead of forty failures.
"""

from __future__ import annotations

from contract_tests import parameters
from contract_tests.conformance.evidence import FORBIDDEN, TOO_MANY, UNAUTHORIZED, shown
from contract_tests.conformance.results import CheckResult, Verdict
from contract_tests.conformance.session import Session

CHECK = "preflight"
TITLE = "the server answers and accepts the key"
RULE = "an authenticated task-result of an unknown task id gets a 4xx other than 401 and 403"


def problem(session: Session) -> tuple[str, str]:
    """(why nothing can be tested, a curl reproducer), or ("", "") when the run may go on."""
    exchange = session.result(parameters.unknown_task_id())
    response = exchange.response
    if response is None:
        verb = "did not answer" if exchange.reached else "could not be reached"
        return f"{session.base_url} {verb}: {exchange.error}", exchange.curl()
    status = response.status_code
    if status in (UNAUTHORIZED, FORBIDDEN):
        why = (
            f"the key was refused ({shown(exchange)}): check HIGHWAY_API_KEY or API_KEY_FILE, "
            "and that the key may use this endpoint"
        )
    elif status == TOO_MANY:
        why = f"rate limited beyond what the run may wait: {shown(exchange)}"
    elif status >= 500:
        why = f"the server fails on an authenticated task-result: {shown(exchange)}"
    elif response.is_redirect:
        why = f"redirected, so BASE_URL is not the API's own address: {shown(exchange)}"
    else:
        return "", ""
    return why, exchange.curl()


def run(session: Session) -> CheckResult:
    why, reproducer = problem(session)
    if why:
        return CheckResult(CHECK, "", TITLE, RULE, Verdict.SKIPPED, why, reproducer, blocked=True)
    return CheckResult(CHECK, "", TITLE, RULE, Verdict.PASSED)
