"""The conformance report: text for people, JUnit XML for CI; the API key in neither."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from contract_tests.conformance.results import CheckResult, Verdict, failures, skips
from contract_tests.conformance.session import REDACTED, Session


def _redact(text: str, secret: str) -> str:
    """The server may echo the key back (in an error message, say); the report never does."""
    return text.replace(secret, REDACTED) if secret else text


def text(target: str, results: list[CheckResult], session: Session) -> str:
    lines = [f"Conformance of {target} to openapi.yaml", ""]
    for result in results:
        shown = f": {result.detail}" if result.verdict is Verdict.PASSED and result.detail else ""
        lines.append(f"{result.verdict.value}  {result.title}{shown}")
        if result.verdict is not Verdict.PASSED:
            lines.append(f"      check: {result.id}")
            lines.append(f"      rule: {result.rule}")
            if result.detail:
                lines.append(f"      got: {result.detail}")
            if result.reproducer:
                lines.append(f"      reproduce: {result.reproducer}")
    failed, skipped = failures(results), skips(results)
    lines += [
        "",
        f"{len(results)} checks: {len(results) - len(failed) - len(skipped)} passed, "
        f"{len(failed)} failed, {len(skipped)} skipped.",
        f"Requests sent: {session.sent}. Billable requests sent (create requests the server "
        f"accepted): {session.billable_sent}, and {session.maybe_billable} more that may have "
        f"started a task (answered 5xx or not at all); MAX_BILLABLE={session.max_billable}.",
    ]
    if failed:
        lines.append("Deviations: " + "; ".join(r.title for r in failed))
    return _redact("\n".join(lines) + "\n", session.api_key)


def junit(path: Path, results: list[CheckResult], secret: str) -> None:
    suite = ET.Element(
        "testsuite",
        name="conformance",
        tests=str(len(results)),
        failures=str(len(failures(results))),
        skipped=str(len(skips(results))),
    )
    for result in results:
        case = ET.SubElement(suite, "testcase", classname=result.check, name=result.title)
        detail = _redact(result.detail, secret)
        body = f"rule: {result.rule}\ngot: {detail}\nreproduce: {result.reproducer}"
        if result.verdict is Verdict.SKIPPED:
            ET.SubElement(case, "skipped", message=detail)
        elif result.verdict is Verdict.FAILED:
            ET.SubElement(case, "failure", message=detail[:500]).text = _redact(body, secret)
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(suite).write(path, encoding="utf-8", xml_declaration=True)
