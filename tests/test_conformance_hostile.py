"""The conformance run against servers that echo, garble or stall: a report, never a crash, never
the key, never a false alarm on what the contract allows.

Each server is small and local; each run is bounded to a second or two.
"""

from __future__ import annotations

import html
import json
import socket
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from contract_tests import answers, spec
from contract_tests.conformance import preflight, report, runner
from contract_tests.conformance.registry import Check
from contract_tests.conformance.results import (
    CheckResult,
    Exit,
    Verdict,
    exit_status,
    failures,
)
from contract_tests.conformance.runner import Options, run_checks
from contract_tests.conformance.session import REDACTED, Limits, RunTimedOut, Session
from contract_tests.fake import FakeAPI
from contract_tests.served import serve
from tests import hostile
from tests.doubles import FakeClock

KEY = "sk-Echo/Key+9Zq&w7"
# A task walks to its end in a few polls; the timeout only has to outlast a loaded machine.
FAST = Options(poll_timeout=10.0, poll_interval=0.01)
SHORT = Limits(request_timeout=0.5, run_timeout=5.0, retry_wait=0.0)


def _run(url: str, max_billable: int = 0, **kw: object) -> tuple[list[CheckResult], Session]:
    return run_checks(url, KEY, max_billable=max_billable, max_rps=None, options=FAST, limits=SHORT)


def _leaks(text: str) -> list[str]:
    """Every form of the key (any case, escaped, or its first 8 characters) found in `text`."""
    lowered = text.lower()
    forms = {KEY, json.dumps(KEY)[1:-1].replace("/", "\\/"), quote(KEY, safe=""), html.escape(KEY)}
    return [f for f in forms | {KEY[:8]} if f.lower() in lowered]


def _echo(head: bytes, number: int) -> bytes:
    """404 to everything, echoing the Authorization it got: raw, upper-cased, escaped, in a
    header, in Location, and astride the 200th character of the body, where a report cuts it."""
    given = hostile.header(head, "authorization")
    key = given.partition(" ")[2]
    body = {
        "code": 404,
        "message": "x" * 164 + key,  # the key starts at the body's 190th character
        "auth": given,
        "upper": key.upper(),
        "escaped": json.dumps(key).replace("/", "\\/"),
        "quoted": quote(key, safe=""),
        "html": html.escape(key),
    }
    text = json.dumps(body).encode()
    return hostile.answer("404 Not Found", text, f"X-Echo: {given}", f"Location: /x?k={key}")


def test_a_key_echoed_in_any_form_is_in_no_report(tmp_path: Path) -> None:
    with hostile.hostile(hostile.replying(_echo)) as url:
        results, session = _run(url)
    assert failures(results), "an echo server that answers 404 to bad keys deviates"
    xml = tmp_path / "report.xml"
    report.junit(xml, results, KEY)
    text = report.text(url, results, session)
    assert REDACTED in text
    assert _leaks(text) == [] and _leaks(xml.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "shown",
    [
        KEY,
        KEY.swapcase(),
        KEY.upper(),
        json.dumps(KEY)[1:-1].replace("/", "\\/"),
        quote(KEY, safe=""),
        html.escape(KEY),
        KEY[:10],  # a body cut inside the key
    ],
)
def test_redact_hides_the_key_in_every_form_a_server_echoes(shown: str) -> None:
    assert report.redact(f"got [{shown}] back", KEY) == f"got [{REDACTED}] back"


def test_a_short_key_is_redacted_only_where_it_stands_alone() -> None:
    assert report.redact("task k; k2 key", "k") == f"task {REDACTED}; k2 key"


def _garbled(head: bytes, number: int) -> bytes:
    if number == 1:
        return hostile.NOT_FOUND
    forged = b"\x00\x01\x1b[2J\r\nExit status 0: conforms.\xe2\x80\xa8PASS  all"
    return hostile.answer("400 Bad Request", forged)


def test_server_text_cannot_forge_report_lines_or_break_the_junit_xml(tmp_path: Path) -> None:
    with hostile.hostile(hostile.replying(_garbled)) as url:
        results, session = _run(url)
    text = report.text(url, results, session)
    lines = text.splitlines()
    assert [line for line in lines if line.startswith("Exit status")] == [lines[-1]]
    assert lines[-1].startswith("Exit status 1")
    assert not any(line.startswith("PASS  all") for line in lines)
    assert "\x1b" not in text and "\x00" not in text and "\\x1b[2J" in text
    xml = tmp_path / "report.xml"
    report.junit(xml, results, KEY)
    assert ET.parse(xml).getroot().get("failures") == str(len(failures(results)))


def test_a_lone_surrogate_in_a_task_id_can_be_printed_and_written_to_junit(
    tmp_path: Path,
) -> None:
    result = CheckResult("task-life", "id\ud800", "task life of id\ud800", "r", Verdict.FAILED)
    report.line(result, KEY).encode("utf-8")  # a print to a UTF-8 stream would not fail
    report.junit(tmp_path / "r.xml", [result], KEY)
    names = [c.get("name") for c in ET.parse(tmp_path / "r.xml").getroot().iter("testcase")]
    assert names == ["task-life[id\\ud800]"]


def _deep(head: bytes, number: int) -> bytes:
    return hostile.NOT_FOUND if number == 1 else hostile.answer("400 Bad", b"[" * 100_000)


def test_a_deeply_nested_answer_is_a_finding_not_a_crash() -> None:
    with hostile.hostile(hostile.replying(_deep)) as url:
        results, _ = _run(url)
    shape = next(r for r in results if r.check == "error-shape")
    assert shape.verdict is Verdict.FAILED and "nested too deeply" in shape.detail
    assert not [r for r in results if "the check stopped" in r.detail]


def test_a_task_id_that_no_url_can_hold_is_not_sent_and_says_why() -> None:
    session = Session("http://127.0.0.1:9", KEY, max_rps=None, max_billable=0)
    exchange = session.result("task-\ud800")
    session.close()
    assert exchange.response is None and not exchange.reached and session.sent == 0
    assert "lone surrogate" in (exchange.error or "")
    assert "%ED%A0%80" in exchange.curl()


def test_a_check_that_stops_on_the_unforeseen_is_not_tested_and_the_run_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def boom(run: runner.RunState) -> Iterator[CheckResult]:
        yield CheckResult("boom", "first", "first", "r", Verdict.PASSED)
        raise KeyError(f"an answer with {KEY}")

    def after(run: runner.RunState) -> Iterator[CheckResult]:
        yield CheckResult("after", "", "after", "r", Verdict.PASSED)

    checks = {"boom": Check("boom", "boom", boom), "after": Check("after", "after", after)}
    monkeypatch.setattr(runner, "CHECKS", checks)
    with hostile.hostile(hostile.replying(lambda head, n: hostile.NOT_FOUND)) as url:
        results, session = _run(url)
    assert [r.id for r in results] == ["preflight", "boom[first]", "boom", "after"]
    stopped = results[2]
    assert (
        stopped.blocked
        and "KeyError" in stopped.detail
        and "test_conformance_hostile" in (stopped.detail)
    )
    assert exit_status(results) is Exit.UNTESTED
    assert KEY not in report.text(url, results, session)


@pytest.fixture(scope="module")
def faithful() -> Iterator[str]:
    with serve(FakeAPI(api_key=KEY)) as url:
        yield url


def test_budget_zero_names_what_it_did_not_test_and_skips_the_task_life(faithful: str) -> None:
    results, session = run_checks(faithful, KEY, max_billable=0, max_rps=None, options=FAST)
    life = [r for r in results if r.check == "task-life"]
    assert len(life) == 1 and life[0].verdict is Verdict.SKIPPED and not life[0].blocked
    assert "no task_id was received (MAX_BILLABLE=0" in life[0].detail
    assert exit_status(results) is Exit.CONFORMS
    summary = report.summary(results, session)
    assert "Skipped, not tested (budget, or nothing to check): " in summary
    assert "task-life (nothing to check" in summary
    assert "Exit status 0: conforms in what was tested;" in summary


def _life(fake: FakeAPI, options: Options, clock: FakeClock) -> list[CheckResult]:
    with serve(fake) as url:
        results, _ = run_checks(
            url, KEY, max_billable=1, max_rps=None, options=options,
            sleep=clock.sleep, clock=clock,
        )  # fmt: skip
    return [r for r in results if r.check == "task-life"]


def test_a_task_final_on_the_last_poll_before_poll_timeout_passes() -> None:
    """Polls at 0, 1 and 2 s see each status of the walk; the deadline (2.5 s) comes before the
    poll that would see the final status twice."""
    walk = len(set(spec.task_life().rank.values()))  # the polls of a task's walk, final included
    options = Options(poll_timeout=walk - 0.5, poll_interval=1.0)
    life = _life(FakeAPI(api_key=KEY), options, FakeClock())
    assert [r.verdict for r in life] == [Verdict.PASSED], [r.detail for r in life]
    assert "deadline came before one more poll" in life[0].detail


def test_retry_after_asked_while_polling_does_not_count_against_poll_timeout() -> None:
    """A 429 with Retry-After: 5 on the second poll; POLL_TIMEOUT 4 s of polling still sees the
    task to its end."""
    fake, clock = FakeAPI(api_key=KEY), FakeClock()
    first = threading.Event()

    def sleep(seconds: float) -> None:
        if not first.is_set():  # the first sleep is the task-life's, after its first poll
            first.set()
            fake.misbehave("rate_limit", route="result", retry_after=5)
        clock.sleep(seconds)

    with serve(fake) as url:
        results, session = run_checks(
            url, KEY, max_billable=1, max_rps=None,
            options=Options(poll_timeout=4.0, poll_interval=1.0),
            limits=Limits(retry_wait=10.0), sleep=sleep, clock=clock,
        )  # fmt: skip
    life = [r for r in results if r.check == "task-life"]
    assert session.retry_waited == 5.0
    assert [r.verdict for r in life] == [Verdict.PASSED], [r.detail for r in life]


def test_a_server_accepting_every_create_gets_max_billable_plus_one_at_most() -> None:
    accepted = [0]
    lock = threading.Lock()

    def accept_all(head: bytes, number: int) -> bytes:
        if head.startswith(b"POST"):
            with lock:
                accepted[0] += 1
            return hostile.answer("200 OK", json.dumps(answers.created(f"t{number}")).encode())
        return hostile.NOT_FOUND

    for budget in (0, 2):
        accepted[0] = 0
        with hostile.hostile(hostile.replying(accept_all)) as url:
            _, session = _run(url, max_billable=budget)
        assert accepted[0] == session.billable_sent == budget + 1


def test_a_server_that_closes_on_every_create_may_bill_max_billable_plus_one_at_most() -> None:
    posts = [0]

    def close_on_create(connection: socket.socket, number: int, stop: threading.Event) -> None:
        if number == 1:
            connection.sendall(hostile.NOT_FOUND)
        elif hostile.current_head().startswith(b"POST"):
            posts[0] += 1  # read, then the connection is closed with no answer
        else:
            connection.sendall(hostile.NOT_FOUND)

    with hostile.hostile(close_on_create) as url:
        _, session = _run(url, max_billable=1)
    # Where only create takes the key, the preflight's create gets no answer: the run stops.
    assert posts[0] == session.maybe_billable == (1 if preflight.probes_create() else 2)


def test_a_poll_interval_longer_than_the_run_ends_at_run_timeout(faithful: str) -> None:
    clock = FakeClock()
    results, _ = run_checks(
        faithful, KEY, max_billable=1, max_rps=None,
        options=Options(poll_timeout=10_000.0, poll_interval=1_000.0),
        limits=Limits(run_timeout=5.0), sleep=clock.sleep, clock=clock,
    )  # fmt: skip
    assert clock.now <= 5.0, clock.sleeps
    assert exit_status(results) is Exit.UNTESTED


def test_a_rate_cap_slower_than_the_run_ends_at_run_timeout(faithful: str) -> None:
    clock = FakeClock()
    session = Session(
        faithful, KEY, max_rps=0.001, max_billable=0, limits=Limits(run_timeout=2.0),
        sleep=clock.sleep, clock=clock,
    )  # fmt: skip
    session.result("first")
    with pytest.raises(RunTimedOut):
        session.result("second")
    session.close()
    assert clock.sleeps == [2.0]
