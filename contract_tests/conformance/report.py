"""The conformance report: text for people, JUnit XML for CI; the API key in neither."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from contract_tests.conformance.checks import Outcome
from contract_tests.conformance.wire import REDACTED, Wire


def _redact(text: str, secret: str) -> str:
    """The server may echo the key back (in an error message, say); the report never does."""
    return text.replace(secret, REDACTED) if secret else text


def text(target: str, outcomes: list[Outcome], wire: Wire) -> str:
    lines = [f"Conformance of {target} to openapi.yaml", ""]
    for outcome in outcomes:
        mark = "SKIP" if outcome.skipped else ("PASS" if outcome.passed else "FAIL")
        shown = f": {outcome.detail}" if outcome.passed and outcome.detail else ""
        lines.append(f"{mark}  {outcome.name}{shown}")
        if not outcome.passed or outcome.skipped:
            lines.append(f"      rule: {outcome.rule}")
            if outcome.detail:
                lines.append(f"      got: {outcome.detail}")
            if outcome.reproducer:
                lines.append(f"      reproduce: {outcome.reproducer}")
    failed = [o for o in outcomes if not o.passed and not o.skipped]
    skipped = [o for o in outcomes if o.skipped]
    lines += [
        "",
        f"{len(outcomes)} checks: {len(outcomes) - len(failed) - len(skipped)} passed, "
        f"{len(failed)} failed, {len(skipped)} skipped.",
        f"Requests sent: {wire.sent}. Billable requests sent (create requests the server "
        f"accepted): {wire.billable_sent}, and {wire.maybe_billable} more that may have started "
        f"a task (answered 5xx or not at all); MAX_BILLABLE={wire.max_billable}.",
    ]
    if failed:
        lines.append("Deviations: " + "; ".join(o.name for o in failed))
    return _redact("\n".join(lines) + "\n", wire.api_key)


def junit(path: Path, outcomes: list[Outcome], secret: str) -> None:
    failed = [o for o in outcomes if not o.passed and not o.skipped]
    suite = ET.Element(
        "testsuite",
        name="conformance",
        tests=str(len(outcomes)),
        failures=str(len(failed)),
        skipped=str(sum(o.skipped for o in outcomes)),
    )
    for outcome in outcomes:
        case = ET.SubElement(suite, "testcase", classname="conformance", name=outcome.name)
        detail = _redact(outcome.detail, secret)
        body = f"rule: {outcome.rule}\ngot: {detail}\nreproduce: {outcome.reproducer}"
        if outcome.skipped:
            ET.SubElement(case, "skipped", message=detail)
        elif not outcome.passed:
            ET.SubElement(case, "failure", message=detail[:500]).text = _redact(body, secret)
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(suite).write(path, encoding="utf-8", xml_declaration=True)
