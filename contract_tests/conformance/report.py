"""The conformance report: a line per result as it is found, a summary, and JUnit XML for CI.

The API key appears in none of them: the server may echo it back (in a message, as a task_id),
so every text that reaches a report goes through `redact`.
"""

from __future__ import annotations

import os
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from contract_tests.conformance.results import (
    CheckResult,
    Exit,
    Verdict,
    blocked,
    exit_status,
    failures,
    skips,
)
from contract_tests.conformance.session import REDACTED, Session

MEANING = {
    Exit.CONFORMS: "conforms",
    Exit.DEVIATIONS: "deviations found",
    Exit.UNTESTED: "could not test everything",
}


def redact(text: str, secret: str) -> str:
    return text.replace(secret, REDACTED) if secret else text


def header(target: str, session_figures: str) -> str:
    return f"Checking {target} against openapi.yaml ({session_figures})\n"


def line(result: CheckResult, secret: str) -> str:
    """One result as people read it; the rule, what came back and a reproducer unless passed."""
    shown = f": {result.detail}" if result.verdict is Verdict.PASSED and result.detail else ""
    lines = [f"{result.verdict.value}  {result.title}{shown}"]
    if result.verdict is not Verdict.PASSED:
        lines.append(f"      check: {result.id}")
        lines.append(f"      rule: {result.rule}")
        if result.detail:
            lines.append(f"      got: {result.detail}")
        if result.reproducer:
            lines.append(f"      reproduce: {result.reproducer}")
    return redact("\n".join(lines) + "\n", secret)


def summary(results: list[CheckResult], session: Session) -> str:
    failed, skipped, stuck = failures(results), skips(results), blocked(results)
    status = exit_status(results)
    lines = [
        "",
        f"{len(results)} checks: {len(results) - len(failed) - len(skipped)} passed, "
        f"{len(failed)} failed, {len(skipped)} skipped ({len(stuck)} of them kept from testing "
        "by the server or the clock).",
        f"Requests sent: {session.sent}. Billable requests sent (create requests the server "
        f"accepted): {session.billable_sent}, and {session.maybe_billable} more that may have "
        f"started a task (answered 5xx or not at all); MAX_BILLABLE={session.max_billable}.",
    ]
    if session.retry_waited:
        lines.append(f"Waited {session.retry_waited:g}s in all for Retry-After.")
    if failed:
        lines.append("Deviations: " + "; ".join(f"{r.id}" for r in failed))
    if stuck:
        lines.append("Not tested: " + "; ".join(f"{r.id} ({r.detail[:120]})" for r in stuck[:10]))
    lines.append(f"Exit status {int(status)}: {MEANING[status]}.")
    return redact("\n".join(lines) + "\n", session.api_key)


def text(target: str, results: list[CheckResult], session: Session) -> str:
    """The whole report at once (what the CLI prints piece by piece)."""
    return (
        f"Conformance of {target} to openapi.yaml\n\n"
        + "".join(line(r, session.api_key) for r in results)
        + summary(results, session)
    )


def junit(path: Path, results: list[CheckResult], secret: str) -> None:
    """JUnit XML, one test case per result named by its unique id, written atomically."""
    suite = ET.Element(
        "testsuite",
        name="conformance",
        tests=str(len(results)),
        failures=str(len(failures(results))),
        errors=str(len(blocked(results))),
        skipped=str(len(skips(results)) - len(blocked(results))),
    )
    for result in results:
        case = ET.SubElement(
            suite, "testcase", classname=result.check, name=redact(result.id, secret)
        )
        detail = redact(result.detail, secret)
        body = redact(
            f"{result.title}\nrule: {result.rule}\ngot: {result.detail}\n"
            f"reproduce: {result.reproducer}",
            secret,
        )
        if result.blocked:
            ET.SubElement(case, "error", message=detail[:500]).text = body
        elif result.verdict is Verdict.SKIPPED:
            ET.SubElement(case, "skipped", message=detail[:500])
        elif result.verdict is Verdict.FAILED:
            ET.SubElement(case, "failure", message=detail[:500]).text = body
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            ET.ElementTree(suite).write(out, encoding="utf-8", xml_declaration=True)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
