"""The conformance report: a line per result as it is found, a summary, and JUnit XML for CI.

The API key appears in none of them: the server may echo it back (in a message, as a task_id),
escaped or not, or echo the key with its case changed that the auth check sends, so every text
that reaches a report goes through `redact`. A server's text may also hold control characters, a
lone surrogate or a line break: each is shown escaped (`clean`), so that it can neither forge a
line of the report, nor stop the print, nor make the JUnit XML unreadable.
"""

from __future__ import annotations

import functools
import os
import re
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

from pixverse_c1_client._redact import _echoed_forms

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


# A form this short would match inside ordinary words: it is redacted only where it stands alone.
SHORT = 8


def _head_of(form: str) -> str:
    """A pattern matching the longest head of `form` that is SHORT characters or more: a report
    cuts server text (a body's first 200 characters), and the cut may fall inside the key."""
    tail = ""
    for char in reversed(form[SHORT:]):
        tail = f"(?:{re.escape(char)}{tail})?"
    return re.escape(form[:SHORT]) + tail


@functools.cache
def _echoes(secret: str) -> tuple[re.Pattern[str], ...]:
    """The key as a server may echo it: plain, JSON-, HTML- or URL-escaped, in any letter case
    (the run itself sends it case-swapped, and a server may upper- or lower-case what it saw),
    whole or cut short."""
    forms = _echoed_forms(secret) | _echoed_forms(secret.swapcase())
    return tuple(
        re.compile(
            _head_of(form)
            if len(form) >= SHORT
            else f"(?<![0-9A-Za-z]){re.escape(form)}(?![0-9A-Za-z])",
            re.IGNORECASE,
        )
        for form in sorted(forms)
    )


def redact(text: str, secret: str) -> str:
    """`text` with every stretch that any form of the key matches replaced by REDACTED (the
    forms share heads, so each is matched on its own and the stretches are merged)."""
    if not secret:
        return text
    spans = sorted(m.span() for pattern in _echoes(secret) for m in pattern.finditer(text))
    kept: list[list[int]] = []
    for start, stop in spans:
        if kept and start <= kept[-1][1]:
            kept[-1][1] = max(kept[-1][1], stop)
        else:
            kept.append([start, stop])
    out, at = [], 0
    for start, stop in kept:
        out += [text[at:start], REDACTED]
        at = stop
    return "".join(out) + text[at:]


def _escaped(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


_ESCAPED = frozenset({"Cc", "Cf", "Cs", "Cn", "Co", "Zl", "Zp"})


def clean(text: str) -> str:
    """One line of printable text: control and format characters, lone surrogates, unassigned
    and private code points, line and paragraph separators escaped (XML 1.0 forbids some)."""
    if text.isprintable():
        return text
    return "".join(_escaped(c) if unicodedata.category(c) in _ESCAPED else c for c in text)


def _safe(text: str, secret: str) -> str:
    return clean(redact(text, secret))


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
    return "".join(_safe(each, secret) + "\n" for each in lines)


def _named(results: list[CheckResult], limit: int = 10) -> str:
    shown = "; ".join(
        f"{r.id} ({r.detail})" if len(r.detail) <= 120 else f"{r.id} ({r.detail[:120]}...)"
        for r in results[:limit]
    )
    return shown + (f"; and {len(results) - limit} more" if len(results) > limit else "")


def summary(results: list[CheckResult], session: Session) -> str:
    failed, skipped, stuck = failures(results), skips(results), blocked(results)
    left_out = [r for r in skipped if not r.blocked]
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
        lines.append("Not tested: " + _named(stuck))
    if left_out:
        lines.append("Skipped, not tested (budget, or nothing to check): " + _named(left_out))
    meaning = MEANING[status]
    if status is Exit.CONFORMS and left_out:
        meaning = f"conforms in what was tested; {len(left_out)} checks skipped, named above"
    lines.append(f"Exit status {int(status)}: {meaning}.")
    return "".join(_safe(each, session.api_key) + "\n" for each in lines)


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
            suite, "testcase", classname=_safe(result.check, secret), name=_safe(result.id, secret)
        )
        detail = _safe(result.detail, secret)
        body = "\n".join(
            _safe(each, secret)
            for each in (
                result.title,
                f"rule: {result.rule}",
                f"got: {result.detail}",
                f"reproduce: {result.reproducer}",
            )
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
