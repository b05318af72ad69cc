"""What an answer proves about a request the server must reject, or must accept.

Only a 400 shows that a request was rejected for the rule it breaks: a 401, 403, 404 or 429
says something else went wrong (the key, the balance, the route, the rate), so it proves
nothing about the rule. A status the spec does not declare for the operation is a deviation of
its own; so is a 401 once the preflight has seen the key accepted.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from contract_tests import spec
from contract_tests.conformance.session import Exchange

REJECTED = 400  # HTTP's Bad Request: the contract's answer to a body that breaks a rule
UNAUTHORIZED, FORBIDDEN, NOT_FOUND, TOO_MANY = 401, 403, 404, 429
NO_EVIDENCE = {
    FORBIDDEN: "the key may not use this endpoint, or the balance is too low",
    NOT_FOUND: "the route was not found",
    TOO_MANY: "rate limited beyond what the run may wait",
}


class Outcome(enum.Enum):
    REJECTED = "rejected"
    DEVIATION = "deviation"
    NO_EVIDENCE = "no evidence"


@dataclass(frozen=True)
class Finding:
    outcome: Outcome
    why: str = ""


def shown(exchange: Exchange) -> str:
    """The answer as a report shows it: status, Location of a redirect, the body's start."""
    response = exchange.response
    if response is None:
        return f"no answer ({exchange.error})"
    where = response.headers.get("location")
    moved = f" to {where}" if response.is_redirect and where else ""
    cut = " (truncated)" if response.truncated else ""
    return f"{response.status_code}{moved} {response.text[:200]}{cut}"


def declared(path: str, method: str, status: int) -> bool:
    """Whether the operation declares this status (exactly, as a 4XX-style range, or by a
    `default` answer, which stands for every status the others leave)."""
    try:
        statuses = spec.declared_statuses(path, method.lower())
    except KeyError:
        return False
    ranged = f"{str(status)[0]}XX" in {s.upper() for s in statuses}
    return str(status) in statuses or ranged or "default" in statuses


def of_rejection(exchange: Exchange, path: str, method: str) -> Finding:
    """What the answer to a request that breaks a rule shows."""
    response = exchange.response
    if response is None:
        return Finding(Outcome.DEVIATION, f"did not answer: {shown(exchange)}")
    status = response.status_code
    if status == REJECTED:
        return Finding(Outcome.REJECTED)
    if response.is_success:
        why = "accepted (a billable task may have started)"
    elif response.is_redirect:
        why = "redirected instead of rejected"
    elif status >= 500:
        why = "a server error, where a request that breaks a rule gets a 400"
    elif not declared(path, method, status):
        why = f"{status} is not a status the spec declares for {method} {path}"
    elif status == UNAUTHORIZED:
        why = "401 with the key the preflight saw accepted: a rule break is a 400"
    elif status in NO_EVIDENCE:
        return Finding(Outcome.NO_EVIDENCE, f"{status}: {NO_EVIDENCE[status]}; no evidence")
    else:
        why = f"{status}, where the contract's status for a rule break is {REJECTED}"
    return Finding(Outcome.DEVIATION, f"{why}: {shown(exchange)}")
