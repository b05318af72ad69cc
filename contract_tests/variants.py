"""The broken variants of the fake: each breaks the contract in exactly one way.

Most are computed from the rule list (ignore a rule, tighten a bound, require an optional field),
so a rule added to openapi.yaml brings its broken variants with it; the suite must catch every
one of them (test_broken_fakes.py), which is how we know the suite can fail.
"""

from __future__ import annotations

import functools

from contract_tests import rules, spec
from contract_tests.rules import MENTION_KEYWORD, Rule

IGNORE = "ignore:"
TIGHTEN = "tighten:"
REQUIRE = "require:"
TIGHTENABLE = ("minItems", "maxItems", "minimum", "maximum", "enum", MENTION_KEYWORD)

HAND_NAMED = {
    "no-auth": "accepts any key, or none",
    "scheme-case-sensitive": "rejects the scheme name written 'bearer' instead of 'Bearer'",
    "5xx-on-bad-input": "answers 500 instead of 400 to a body that breaks a rule",
    "500-on-not-json": "answers 500 instead of 400 to a body that is not JSON",
    "not-json-accepted": "accepts a body that is not JSON and starts a task",
    "400-names-no-field": "a 400 body names neither the broken field nor the rule",
    "error-not-json": "error answers are plain text, not JSON",
    "task-id-missing": "create answers 200 with a body without task_id",
    "wrong-content-type": "create answers 200 with Content-Type text/plain",
    "task-goes-backwards": "task-result moves a task from PROCESSING back to QUEUED",
    "final-status-changes": "a final task status changes on the next poll",
    "task-never-finishes": "a task never reaches a final status",
    "succeed-without-videos": "a succeeded task has no videos",
    "unknown-task-200": "task-result answers 200 for an unknown task id",
    "task-id-mismatch": "task-result answers with another task's id",
    "failure-without-reason": "a failed task does not say the reason it was failed with",
}


def tighten_description(rule: Rule) -> str:
    if rule.keyword == "enum":
        return f"rejects {rule.field} = {rule.value[-1]!r}, which the spec allows"
    if rule.keyword == MENTION_KEYWORD:
        return f"rejects an @mention at the very end of {rule.field}"
    return f"rejects {rule.field} at its {rule.keyword} {rule.value}, which the spec allows"


def optional_fields() -> list[str]:
    root = rules.node_at(())
    return [name for name in root.get("properties", {}) if name not in root.get("required", [])]


@functools.cache
def broken_variants() -> dict[str, str]:
    """name -> what the variant does wrong, computed from openapi.yaml plus the hand-named ones."""
    found: dict[str, str] = {}
    for rule in rules.request_rules():
        found[IGNORE + rule.id] = f"accepts a body that breaks: {rule.description}"
    for rule in rules.request_rules():
        if rule.keyword in TIGHTENABLE:
            found[TIGHTEN + rule.id] = tighten_description(rule)
    for name in optional_fields():
        found[REQUIRE + name] = f"rejects a body that omits the optional {name}"
    found.update(HAND_NAMED)
    return found


def final_statuses() -> list[str]:
    life = spec.task_life()
    return [life.succeeded, life.failed]
