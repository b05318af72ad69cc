"""Which check of the conformance suite must fail against each broken variant of the fake.

The self-check test and the comparison with schemathesis both judge "caught" by this table.
"""

from __future__ import annotations

from contract_tests.conformance.checks import Outcome

# Variants that break a rule of the fake's own (a 400 names the field; a failed task says why),
# not of the contract: a real server may do either, so the suite must raise no alarm.
NOT_CONTRACT_RULES = frozenset({"400-names-no-field", "failure-without-reason"})

_HAND_NAMED = {
    "no-auth": "create refuses no key",
    "scheme-case-sensitive": "task-result accepts the Bearer scheme name in any case",
    "5xx-on-bad-input": "create rejects a request that breaks",
    "500-on-not-json": "create rejects a body that is not JSON",
    "not-json-accepted": "create rejects a body that is not JSON",
    "error-not-json": "error answers have the error shape",
    "task-id-missing": "create accepts",
    "wrong-content-type": "create accepts",
    "task-goes-backwards": "task life of",
    "final-status-changes": "task life of",
    "task-never-finishes": "task life of",
    "succeed-without-videos": "task life of",
    "unknown-task-200": "task-result rejects an unknown task id",
    "task-id-mismatch": "task life of",
}


def expected_failure(variant: str) -> str | None:
    """A part of the name of the check that must fail; None where none may."""
    if variant in NOT_CONTRACT_RULES:
        return None
    kind, _, rule_id = variant.partition(":")
    if kind == "ignore":
        return f"create rejects a request that breaks {rule_id}"
    if kind == "require":
        return f"{rule_id}=<omitted>"
    if kind == "tighten":
        return "create accepts"
    return _HAND_NAMED[variant]


def failed(outcomes: list[Outcome]) -> list[Outcome]:
    return [o for o in outcomes if not o.passed and not o.skipped]


def caught_by(variant: str, outcomes: list[Outcome]) -> list[Outcome]:
    """The failed checks that report this variant's broken rule."""
    expected = expected_failure(variant)
    if expected is None:
        return []
    return [o for o in failed(outcomes) if expected in o.name]
