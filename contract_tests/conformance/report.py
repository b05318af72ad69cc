"""The conformance report: text for people, JUnit XML for CI."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from contract_tests.conformance.checks import Outcome


def text(target: str, outcomes: list[Outcome], sent: int, billable: int, max_billable: int) -> str:
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
        f"Requests sent: {sent}. Billable requests sent (create requests the server accepted): "
        f"{billable}; MAX_BILLABLE={max_billable}.",
    ]
    if failed:
        lines.append("Deviations: " + "; ".join(o.name for o in failed))
    return "\n".join(lines) + "\n"


def junit(path: Path, outcomes: list[Outcome]) -> None:
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
        body = f"rule: {outcome.rule}\ngot: {outcome.detail}\nreproduce: {outcome.reproducer}"
        if outcome.skipped:
            ET.SubElement(case, "skipped", message=outcome.detail)
        elif not outcome.passed:
            ET.SubElement(case, "failure", message=outcome.detail[:500]).text = body
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(suite).write(path, encoding="utf-8", xml_declaration=True)
