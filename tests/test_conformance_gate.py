"""The conformance run as a CI gate: no false green, no false alarm, bounded in time and size.

Against the fake's faithful variations it must pass; against a wrong key, a server down, a
server that hangs, trickles, floods or rate-limits forever it must end with a report that says
what was not tested, and exit 2; its reports never hold the key.
"""

from __future__ import annotations

import os
import socket
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from contract_tests import properties, spec
from contract_tests.conformance import budget, checks, evidence, mentions, preflight, report
from contract_tests.conformance.cli import main
from contract_tests.conformance.evidence import Outcome
from contract_tests.conformance.results import (
    CheckResult,
    Exit,
    Verdict,
    blocked,
    exit_status,
    failures,
)
from contract_tests.conformance.runner import Options, run_checks
from contract_tests.conformance.session import Answer, Exchange, Limits, Session
from contract_tests.fake import FakeAPI
from contract_tests.served import serve
from contract_tests.variations import registry as variations
from tests import hostile
from tests.doubles import FakeClock

KEY = "sk-gate-Q9v4Lm"
# A faithful task is final after a few polls; on a loaded machine 30 tasks polled in turn take
# seconds, so only a task that never finishes waits out this timeout.
FAST = Options(poll_timeout=15.0, poll_interval=0.01)
SHORT = Limits(request_timeout=0.5, run_timeout=3.0, retry_wait=0.0)


def run(url: str, key: str = KEY, limits: Limits = SHORT, **kw: object) -> list[CheckResult]:
    results, _ = run_checks(url, key, max_billable=40, max_rps=None, options=FAST, limits=limits)
    return results


@pytest.fixture(scope="module")
def faithful() -> Iterator[str]:
    with serve(FakeAPI(api_key=KEY)) as url:
        yield url


@pytest.mark.parametrize("name", sorted(variations()))
def test_a_faithful_variation_passes_with_no_failure_and_nothing_untested(name: str) -> None:
    with serve(FakeAPI(api_key=KEY, variation=name)) as url:
        results = run(url, limits=Limits())
    assert failures(results) == [], [(r.id, r.detail) for r in failures(results)]
    assert blocked(results) == []
    assert exit_status(results) is Exit.CONFORMS


def test_a_wrong_key_stops_the_run_at_the_preflight_with_one_message(faithful: str) -> None:
    if not checks.keyed_operations():
        pytest.skip("openapi.yaml asks no operation for a key")
    results = run(faithful, key="sk-not-the-key")
    assert [r.check for r in results] == ["preflight"]
    assert results[0].blocked and "key was refused" in results[0].detail
    assert exit_status(results) is Exit.UNTESTED


def _closed_port() -> str:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_a_server_that_is_down_is_one_message_not_forty_failures() -> None:
    results = run(_closed_port())
    assert [r.check for r in results] == ["preflight"]
    assert "could not be reached" in results[0].detail
    assert exit_status(results) is Exit.UNTESTED


@pytest.mark.parametrize(
    "behave", [hostile.hang, hostile.trickle, hostile.rate_limit], ids=lambda b: b.__name__
)
def test_a_hostile_server_stops_the_run_at_the_preflight(behave: hostile.Behaviour) -> None:
    with hostile.hostile(behave) as url:
        results = run(url)
    assert [r.check for r in results] == ["preflight"] and results[0].blocked


@pytest.mark.parametrize(
    "behave", [hostile.hang, hostile.trickle, hostile.flood], ids=lambda b: b.__name__
)
def test_a_server_that_turns_hostile_ends_in_run_timeout_with_a_report(
    behave: hostile.Behaviour,
) -> None:
    preflight_requests = 2 if preflight.probes_create() else 1
    with hostile.hostile(hostile.first_then(behave, preflight_requests)) as url:
        results = run(url, limits=Limits(request_timeout=0.3, run_timeout=1.5, retry_wait=1.0))
    assert results[0].check == "preflight" and results[0].verdict is Verdict.PASSED
    assert exit_status(results) is not Exit.CONFORMS
    if behave is not hostile.flood:
        timed_out = [r for r in results if r.blocked and "RUN_TIMEOUT" in r.detail]
        assert timed_out, [(r.id, r.detail) for r in results]


def test_an_answer_is_read_up_to_the_cap_and_no_further() -> None:
    with hostile.hostile(hostile.flood) as url:
        session = Session(url, KEY, max_rps=None, max_billable=0, limits=Limits(max_body=4096))
        exchange = session.result("any")
        session.close()
    assert exchange.response is not None and exchange.response.truncated
    assert len(exchange.response.content) == 4096


def test_a_trickling_answer_ends_at_the_request_deadline() -> None:
    with hostile.hostile(hostile.trickle) as url:
        session = Session(
            url, KEY, max_rps=None, max_billable=0, limits=Limits(request_timeout=0.3)
        )
        exchange = session.result("any")
        session.close()
    assert exchange.response is None and "within 0.3s" in (exchange.error or "")


def test_retry_after_is_honoured_within_a_total_wait_budget() -> None:
    clock = FakeClock()
    with hostile.hostile(hostile.rate_limit) as url:
        session = Session(
            url, KEY, max_rps=None, max_billable=0, limits=Limits(retry_wait=2.5),
            sleep=clock.sleep, clock=clock,
        )  # fmt: skip
        first, second = session.result("a"), session.result("b")
        session.close()
    assert clock.sleeps == [1.0, 1.0]  # then the budget is spent: the 429s are reported
    assert first.response is not None and first.response.status_code == 429
    assert second.response is not None and second.response.status_code == 429


def test_checks_with_nothing_to_check_are_skipped_not_passed() -> None:
    """A server answering an empty 200 to everything: the scheme-case check has no evidence and
    no error answer was seen, so neither may pass."""
    with hostile.hostile(hostile.empty_200) as url:
        results = run(url, limits=Limits(request_timeout=2.0, run_timeout=20.0))
    by_check = {r.check: r for r in results}
    assert by_check["accepts-scheme-case"].verdict is Verdict.SKIPPED
    assert by_check["error-shape"].verdict is Verdict.SKIPPED
    assert exit_status(results) is Exit.DEVIATIONS


def test_a_task_id_given_twice_is_reported_once_by_name() -> None:
    with serve(FakeAPI(api_key=KEY, broken="same-task-id-twice")) as url:
        results = run(url, limits=Limits())
    assert [r.check for r in failures(results)] == ["distinct-task-ids"]


def test_a_redirect_is_reported_with_its_location() -> None:
    with serve(FakeAPI(api_key=KEY, broken="redirects-create")) as url:
        results = run(url, limits=Limits())
    redirected = [r for r in failures(results) if r.check == "accepts-valid"]
    # The task-result path up to its first templated segment, if any, the id after it.
    where = f" to {spec.RESULT_PATH.partition('{')[0]}"
    assert redirected and where in redirected[0].detail


def test_a_budget_spent_by_the_server_says_so() -> None:
    from tests.test_conformance import ignore_variant

    with serve(FakeAPI(api_key=KEY, broken=ignore_variant())) as url:
        results, _ = run_checks(url, KEY, max_billable=0, max_rps=None, options=FAST)
    uncovered = [r for r in results if r.check == "covers-valid-values"]
    assert uncovered and "the server used 1 of MAX_BILLABLE=0" in uncovered[0].detail


def test_every_mention_case_is_sent_in_every_run(
    faithful: str, mention_rule: spec.MentionRule
) -> None:
    results = run(faithful, limits=Limits())
    ids = {r.id for r in results}
    for case in mentions.invalid_cases():
        assert f"rejects-mention[{case.name}]" in ids
    design = budget.design(40).bodies()
    for name, shape in mentions.valid_shapes():  # sent by the design's rows, or on their own
        folded = any(mentions.with_shape(body, shape) == body for body in design)
        assert folded or f"accepts-mention[{name}]" in ids, name
    assert mentions.valid_cases() and mentions.invalid_cases()


def test_no_mention_shape_is_made_of_a_body_without_images(mention_rule: spec.MentionRule) -> None:
    """A design row may send no images where the spec allows none: no shape mentions one."""
    array, _ = mention_rule.names_from
    for _, shape in mentions.valid_shapes():
        assert mentions.with_shape({array: []}, shape) is None


def test_the_mention_cases_agree_with_the_spec_reading(mention_rule: spec.MentionRule) -> None:
    rule = mention_rule
    for case in mentions.cases():
        assert case.valid == (rule.unknown_mentions(case.body) == [])
        assert spec.validator(spec.ROLES["request"]).is_valid(case.body)


def _raw_request(url: str, data: bytes) -> bytes:
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as connection:
        connection.sendall(data)
        return connection.recv(65536)


def test_the_served_fake_answers_4xx_to_deep_nesting_and_a_bad_content_length() -> None:
    with serve(FakeAPI(api_key=KEY)) as url:
        deep = b"[" * 100_000 + b"]" * 100_000
        sent = properties.credentials("post", spec.CREATE_PATH, KEY)
        query = f"?{httpx.QueryParams(sent.params)}" if sent.params else ""
        key = "".join(f"{name}: {value}\r\n" for name, value in sent.headers.items())
        head = (
            f"POST {spec.CREATE_PATH}{query} HTTP/1.1\r\nHost: x\r\n{key}"
            f"Content-Type: application/json\r\n"
        )
        nested = _raw_request(url, (head + f"Content-Length: {len(deep)}\r\n\r\n").encode() + deep)
        malformed = _raw_request(url, (head + "Content-Length: ten\r\n\r\n{}").encode())
    assert nested.startswith(b"HTTP/1.1 4"), nested[:40]
    assert malformed.startswith(b"HTTP/1.1 4"), malformed[:40]


# --- the command line, as CI runs it (in this process: test_conformance.py runs it as one) -----

SETTINGS = (
    "BASE_URL", "HIGHWAY_API_KEY", "API_KEY_FILE", "MAX_BILLABLE", "MAX_RPS", "POLL_TIMEOUT",
    "POLL_INTERVAL", "RUN_TIMEOUT", "REQUEST_TIMEOUT", "RETRY_WAIT", "JUNIT_XML",
)  # fmt: skip


def cli(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    env: dict[str, str],
    *args: str,
) -> tuple[int, str, str]:
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_the_target_and_key_come_from_the_environment(
    faithful: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    xml = tmp_path / "conformance.xml"
    env = {
        "BASE_URL": faithful, "HIGHWAY_API_KEY": KEY, "MAX_RPS": "100000",
        "POLL_INTERVAL": "0.01", "POLL_TIMEOUT": "2", "MAX_BILLABLE": "40", "JUNIT_XML": str(xml),
    }  # fmt: skip
    status, out, err = cli(monkeypatch, capsys, env)
    assert status == Exit.CONFORMS, out[-2000:] + err
    assert out.startswith(f"Checking {faithful} against openapi.yaml")
    assert KEY not in out + err + xml.read_text(encoding="utf-8")
    names = [case.get("name") for case in ET.parse(xml).getroot().iter("testcase")]
    assert len(names) == len(set(names)) > 40


def test_the_key_can_come_from_a_file_and_a_wrong_one_exits_2(
    faithful: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    key_file = tmp_path / "key"
    key_file.write_text("sk-revoked-key\n", encoding="utf-8")
    xml = tmp_path / "conformance.xml"
    xml.write_text("a report of an earlier run", encoding="utf-8")
    env = {"BASE_URL": faithful, "API_KEY_FILE": str(key_file)}
    status, out, _ = cli(monkeypatch, capsys, env, "--junit-xml", str(xml))
    assert status == Exit.UNTESTED
    assert "key was refused" in out and "sk-revoked-key" not in out
    assert "earlier run" not in xml.read_text(encoding="utf-8")
    assert ET.parse(xml).getroot().find("testcase/error") is not None


def test_a_base_url_without_a_key_exits_2_and_removes_an_earlier_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    xml = tmp_path / "conformance.xml"
    xml.write_text("stale", encoding="utf-8")
    env = {"BASE_URL": "http://127.0.0.1:9"}
    status, _, err = cli(monkeypatch, capsys, env, "--junit-xml", str(xml))
    assert status == Exit.UNTESTED and "HIGHWAY_API_KEY" in err
    assert not xml.exists()


def test_junit_names_are_unique_redacted_and_written_atomically(tmp_path: Path) -> None:
    echoed = [
        CheckResult("task-life", KEY, f"task life of {KEY}", "r", Verdict.FAILED, f"id {KEY}"),
        CheckResult("task-life", KEY, f"task life of {KEY}", "r", Verdict.PASSED),
    ]
    path = tmp_path / "report.xml"
    report.junit(path, echoed, KEY)
    written = path.read_text(encoding="utf-8")
    assert KEY not in written
    assert os.listdir(tmp_path) == ["report.xml"]  # no temporary file left behind


# --- what an answer proves --------------------------------------------------------------------


def _exchange(status: int, **headers: str) -> Exchange:
    answer = Answer(status, httpx.Headers(headers), b'{"message": "m"}')
    return Exchange("POST", "http://x" + spec.CREATE_PATH, {}, b"{}", answer)


@pytest.mark.parametrize(
    ("status", "outcome"),
    [
        (400, Outcome.REJECTED),
        (200, Outcome.DEVIATION),
        (302, Outcome.DEVIATION),
        (500, Outcome.DEVIATION),
        (401, Outcome.DEVIATION),  # the preflight saw the key accepted
        (405, Outcome.DEVIATION),  # the spec declares no 405 for create
        (422, Outcome.DEVIATION),
        (403, Outcome.NO_EVIDENCE),
        (404, Outcome.NO_EVIDENCE),
        (429, Outcome.NO_EVIDENCE),
    ],
)
def test_only_a_400_is_evidence_of_a_rejection(status: int, outcome: Outcome) -> None:
    assert evidence.of_rejection(_exchange(status), spec.CREATE_PATH, "POST").outcome is outcome


def test_a_redirect_is_shown_with_its_location() -> None:
    assert evidence.shown(_exchange(302, location="/elsewhere")).startswith("302 to /elsewhere")


def test_a_server_refusing_every_create_with_403_is_untested_not_green() -> None:
    fake = FakeAPI(api_key=KEY)
    fake.misbehave("error_status", times=10_000, route="create", status=403)
    with serve(fake) as url:
        results = run(url, limits=Limits())
    stuck = {r.check for r in blocked(results)}
    # Where only create takes the key, the preflight's create shows the 403 first.
    expected = (
        {"preflight"} if preflight.probes_create() else {"rejects-rule-break", "accepts-valid"}
    )
    assert expected <= stuck
    assert exit_status(results) is Exit.UNTESTED


def test_polling_shows_progress_and_stops_at_poll_timeout_inside_a_round() -> None:
    clock = FakeClock()
    lines: list[str] = []

    def slow_clock() -> float:
        clock.now += 0.5  # every look at the clock costs half a second
        return clock.now

    with serve(FakeAPI(api_key=KEY, broken="task-never-finishes")) as url:
        results, _ = run_checks(
            url, KEY, max_billable=3, max_rps=None,
            options=Options(poll_timeout=3.0, poll_interval=0.0, progress_every=0.0),
            sleep=clock.sleep, clock=slow_clock, progress=lines.append,
        )  # fmt: skip
    lives = [r for r in results if r.check == "task-life"]
    assert len(lives) == 3 and all("POLL_TIMEOUT" in r.detail for r in lives)
    assert "no status" in lives[-1].detail  # the round was cut short: its last task never polled
    assert lines and lines[0].startswith("polling: 0 of 3 tasks final")
