"""The conformance suite, over a real socket: it passes on the faithful fake, stays within its
budget, and reports every broken variant of the fake by the rule it breaks."""

from __future__ import annotations

import dataclasses
import itertools
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from contract_tests import answers, parameters, properties, rules, spec
from contract_tests.answers import FakeResponse, json_answer
from contract_tests.conformance import bodies, budget, cli, preflight, report
from contract_tests.conformance.registry import CHECKS
from contract_tests.conformance.results import (
    CheckResult,
    Exit,
    Verdict,
    exit_status,
    failures,
    skips,
)
from contract_tests.conformance.runner import Options, run_checks
from contract_tests.conformance.session import Key
from contract_tests.fake import BROKEN_VARIANTS, FakeAPI
from contract_tests.served import serve
from contract_tests.variants import FAITHFUL, IGNORE, caught_by, variant

KEY = "sk-conformance-7Hq2Zx"
# A faithful task is final after a few polls; on a loaded machine 30 tasks polled in turn take
# seconds, so only a task that never finishes waits out this timeout.
FAST = Options(poll_timeout=15.0, poll_interval=0.01)


@pytest.fixture(scope="module")
def faithful() -> Iterator[str]:
    with serve(FakeAPI(api_key=KEY)) as url:
        yield url


def test_every_broken_variant_names_a_registered_check_or_breaks_no_contract_rule() -> None:
    for name in BROKEN_VARIANTS:
        expected = variant(name).caught_by
        assert expected is None or expected in CHECKS, name


def ignore_variant() -> str:
    """A variant that accepts a body breaking the spec's first rule, whatever that rule is."""
    return IGNORE + rules.request_rules()[0].id


def test_the_faithful_fake_passes_within_budget_40(faithful: str) -> None:
    results, session = run_checks(faithful, KEY, max_billable=40, max_rps=None, options=FAST)
    assert failures(results) == []
    # Only a check of what the spec does not have is skipped, with its reason: the scheme
    # name's case where the key is presented under no HTTP scheme; the mentions where the
    # spec sets no mention rule; the task-result's parameter breaks where its parameters have
    # no rule (a task id of any text in the path).
    spelled = [p for p in spec.key_presentations().values() if p and p.case_insensitive]
    absent = set() if spelled else {"accepts-scheme-case"}
    absent |= set() if spec.mention_rule() else {"accepts-mention", "rejects-mention"}
    ruled = parameters.rules_of(spec.RESULT_OPERATION)
    absent |= set() if ruled else {"rejects-parameter-break"}
    assert {r.check for r in skips(results)} == absent
    assert len(budget.design(40).rows) <= session.billable_sent <= 40
    ids = {r.id for r in results}
    for rule_id in (r.id for r in rules.request_rules()):
        assert f"rejects-rule-break[{rule_id}]" in ids
    for rule in parameters.parameter_rules():
        check = (
            "rejects-rule-break"
            if rule.operation == spec.CREATE_OPERATION
            else ("rejects-parameter-break")
        )
        assert f"{check}[{rule.id}]" in ids
    assert {r.check for r in results} >= set(CHECKS) - {"covers-valid-values"}


@pytest.mark.parametrize("max_billable", [0, 1, 3])
def test_billable_requests_never_exceed_the_budget(faithful: str, max_billable: int) -> None:
    results, session = run_checks(
        faithful, KEY, max_billable=max_billable, max_rps=None, options=FAST
    )
    assert session.billable_sent == max_billable
    assert failures(results) == []
    uncovered = [r for r in results if r.check == "covers-valid-values"]
    assert uncovered and uncovered[0].skipped  # says what the budget left out


@pytest.mark.parametrize(
    "name", [ignore_variant(), "no-auth", "not-json-accepted", "5xx-on-bad-input"]
)
def test_a_server_that_accepts_what_it_must_reject_costs_one_request_at_most(name: str) -> None:
    # A 5xx to a create may mean the task started: it counts like an acceptance.
    with serve(FakeAPI(api_key=KEY, broken=name)) as url:
        results, session = run_checks(url, KEY, max_billable=0, max_rps=None, options=FAST)
    assert session.billable_sent + session.maybe_billable == 1
    assert failures(results), "the surprise is reported"
    stopped = [r for r in results if r.skipped and "more than MAX_BILLABLE=0" in r.detail]
    assert stopped, "the create checks after the surprise must be skipped, not sent"


def test_the_covering_design_sends_every_allowed_value_once_at_least() -> None:
    full = budget.design(10_000)
    bodies = full.bodies()
    assert full.uncovered == [] and full.missing_pairs == []
    for factor in budget.factors():
        for level in factor.levels:
            assert any(budget._sends(b, factor.path, level) for b in bodies), (factor, level)
    for body in bodies:
        assert spec.validator(spec.ROLES["request"]).is_valid(body)
        assert rules.broken_rules(body) == []


def test_the_covering_design_sends_a_prompt_ending_in_a_mention(
    mention_rule: spec.MentionRule,
) -> None:
    bodies = budget.design(10_000).bodies()
    prompts = [b[mention_rule.field] for b in bodies if mention_rule.field in b]
    assert any(p.split() and mention_rule.pattern.search(p.split()[-1]) for p in prompts)


def test_no_row_of_the_design_repeats_a_prompt_and_name_shape_while_an_unused_one_is_allowed(
    mention_rule: spec.MentionRule,
) -> None:
    full = budget.design(10_000)
    validator = spec.validator(spec.ROLES["request"])
    mention = mention_rule
    sent: set[str] = set()
    for index, (row, body) in enumerate(zip(full.rows, full.bodies(), strict=True)):
        shape = budget.shapes(body)
        choices = budget.shape_choices(body, row)
        # No shape is there to choose where the images outnumber the names the spec allows.
        assert shape in choices or not choices, index
        if shape in sent:
            unused = choices - sent
            assert not unused, f"row {index + 1} repeats {shape}; unused: {sorted(unused)[:3]}"
        sent.add(shape)
    # The choices are what the spec allows: valid bodies, every mention naming an image.
    for choice in budget.shape_choices(full.bodies()[0], full.rows[0]):
        prompt, names = json.loads(choice)
        body = {k: v for k, v in full.bodies()[0].items() if k != mention.field}
        body |= {mention.field: prompt} if prompt is not None else {}
        array, item = mention.names_from
        body[array] = [{**image, item: n} for image, n in zip(body[array], names, strict=True)]
        assert validator.is_valid(body) and mention.unknown_mentions(body) == [], choice


def test_the_design_sends_the_prompt_and_the_names_at_every_length_bound(
    mention_rule: spec.MentionRule,
) -> None:
    bodies = budget.design(10_000).bodies()
    mention = mention_rule
    array, item = mention.names_from
    for path in ((mention.field,), (array, rules.ITEMS, item)):
        node = rules.node_at(path)
        for key in ("minLength", "maxLength"):
            if key in node:
                sent = [v for b in bodies for v in rules.values_at(b, path)]
                assert any(isinstance(v, str) and len(v) == node[key] for v in sent), (path, key)
    for body in bodies:
        assert mention.unknown_mentions(body) == []


def _together(rows: list[dict[str, Any]], a: str, x: Any, b: str, y: Any) -> bool:
    return any(budget._same(r[a], x) and budget._same(r[b], y) for r in rows)


def test_every_priced_pair_is_sent_together_and_a_small_budget_names_the_pairs_it_drops() -> None:
    priced = [f for f in budget.factors() if f.name in budget.priced_fields()]
    rows = budget.design(10_000).rows
    small = budget.design(1)
    for a, b in itertools.combinations(priced, 2):
        for x, y in itertools.product(a.levels, b.levels):
            assert _together(rows, a.name, x, b.name, y), (a.name, x, b.name, y)
            if not _together(small.rows, a.name, x, b.name, y):
                pair = f"{a.name}={budget.show(x)} with {b.name}={budget.show(y)}"
                assert pair in small.missing_pairs


@pytest.mark.parametrize("name", sorted(BROKEN_VARIANTS))
def test_a_broken_variant_is_reported_by_the_check_of_the_rule_it_breaks(name: str) -> None:
    with serve(FakeAPI(api_key=KEY, broken=name)) as url:
        results, session = run_checks(url, KEY, max_billable=40, max_rps=None, options=FAST)
    if [r.check for r in results] == [preflight.CHECK]:
        # Where only create takes the key, a server that answers a body that is not JSON with
        # 401 or 403 cannot be told by free requests from one that refuses the key.
        assert preflight.probes_create() and _not_json_status(name) in (401, 403)
        assert exit_status(results) is Exit.UNTESTED
        return
    if variant(name).caught_by is None:
        assert failures(results) == [], "a rule the contract leaves open must raise no alarm"
        return
    assert caught_by(variant(name), results), [r.id for r in failures(results)]
    text = report.text(url, results, session)
    assert "Deviations: " in text and KEY not in text
    for result in failures(results):
        assert result.rule and result.detail


def _not_json_status(name: str) -> int:
    """The status the variant answers a create whose body is not JSON, with the right key."""
    key = properties.credentials("post", spec.CREATE_PATH, KEY)
    path, query, headers = parameters.split(
        spec.CREATE_OPERATION, parameters.valid(spec.CREATE_OPERATION)
    )
    fake = FakeAPI(api_key=KEY, broken=name)
    answer = fake.handle(
        "POST", path, {**query, **key.params}, {**headers, **key.headers},
        bodies.NOT_JSON[0],
    )  # fmt: skip
    return answer.status


def _omitted(document: Any, path: tuple[Any, ...]) -> Any:
    """`document` without the field at `path`, when it has one there."""
    parent = document
    for step in path[:-1]:
        if not isinstance(parent, dict | list) or step not in (
            parent if isinstance(parent, dict) else range(len(parent))
        ):
            return document
        parent = parent[step]
    if isinstance(parent, dict):
        parent.pop(path[-1], None)
    return document


def _required_answer_fields() -> list[tuple[str, tuple[Any, ...]]]:
    """(call, path) of every field the spec requires in a create answer or a task result."""
    life = spec.task_life()
    created = answers.created("t")
    result = answers.task_result("t", life.succeeded, "https://cdn.example.com/v.mp4")
    create_schema = answers.answer_schema(spec.CREATE_PATH, "post")
    result_schema = answers.answer_schema(spec.RESULT_PATH, "get")
    return [("create", p) for p in answers.required_paths(created, create_schema)] + [
        ("result", p) for p in answers.required_paths(result, result_schema)
    ]


@pytest.mark.parametrize(
    ("call", "path"),
    _required_answer_fields(),
    ids=[f"{c}:{'.'.join(map(str, p))}" for c, p in _required_answer_fields()],
)
def test_a_server_omitting_a_required_answer_field_is_reported_by_name(
    call: str, path: tuple[Any, ...]
) -> None:
    def created(answer: FakeResponse, task_id: str) -> FakeResponse:
        return json_answer(answer.status, _omitted(answer.json(), path))

    def task_result(document: Any, task: Any) -> Any:
        return _omitted(document, path)

    fake = FakeAPI(api_key=KEY)
    hook = {"created": created} if call == "create" else {"task_result": task_result}
    fake.variant = dataclasses.replace(FAITHFUL, **hook)
    with serve(fake) as url:
        results, session = run_checks(url, KEY, max_billable=3, max_rps=None, options=FAST)
    text = report.text(url, results, session)
    assert failures(results), f"omitting {path} went unreported"
    assert f"'{path[-1]}' is a required property" in text


def test_make_conformance_main_job_passes_and_writes_junit(tmp_path: Path) -> None:
    xml = tmp_path / "conformance.xml"
    done = subprocess.run(
        [sys.executable, "-m", "contract_tests.conformance", "--junit-xml", str(xml)],
        capture_output=True,
        text=True,
        cwd=spec.ROOT,
        check=False,
        env={"PATH": "/usr/bin:/bin", "HIGHWAY_API_KEY": KEY},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 failed" in done.stdout and "MAX_BILLABLE=40" in done.stdout
    assert done.stdout.startswith("Checking http://127.0.0.1:")
    assert KEY not in done.stdout + done.stderr
    suite = ET.parse(xml).getroot()
    assert suite.get("failures") == "0" and int(suite.get("tests", "0")) > 40


def test_a_deviation_fails_the_run_with_a_redacted_reproducer(tmp_path: Path) -> None:
    broken = ignore_variant()
    done = subprocess.run(
        [sys.executable, "-m", "contract_tests.conformance", "--broken", broken],
        capture_output=True,
        text=True,
        cwd=spec.ROOT,
        check=False,
        env={"PATH": "/usr/bin:/bin", "HIGHWAY_API_KEY": KEY},
    )
    assert done.returncode == 1
    rule_id = broken.removeprefix(IGNORE)
    assert f"FAIL  create rejects a request that breaks {rule_id}" in done.stdout
    assert f"check: rejects-rule-break[{rule_id}]" in done.stdout
    assert "reproduce: curl" in done.stdout
    shown = Key.of(spec.key_presentation("post", spec.CREATE_PATH), KEY).shown
    for name, value in shown.headers.items():  # the key where the spec presents it, redacted
        assert f"{name}: {value}" in done.stdout
    for name, value in shown.params.items():
        assert f"{name}={value}" in done.stdout
    assert KEY not in done.stdout + done.stderr


def test_the_plan_prints_the_whole_design_and_its_size_covers_it() -> None:
    size = len(budget.design(10_000).rows)
    printed = cli.plan()
    assert f"needs {size} billable requests" in printed
    assert len([line for line in printed.splitlines() if line.startswith("  ")]) == size
    assert budget.design(size).uncovered == []


def test_a_smaller_budget_keeps_the_cheapest_rows_and_names_what_it_leaves_out() -> None:
    full = budget.design(10_000)
    every = [*budget.factors(), *budget.parameter_factors(), *budget.item_factors()]
    by_name = {f.name: f for f in every}
    for size in range(len(full.rows)):
        smaller = budget.design(size)
        assert smaller.rows == full.rows[:size]
        bodies = smaller.bodies()
        for row in full.rows[size:]:
            for name, level in row.items():
                listed = f"{name}={budget.show(level)}" in smaller.uncovered
                assert listed != smaller.sends(by_name[name], level, bodies), (name, level)
    for factor in budget.item_factors():
        assert any(u.startswith(f"{factor.name}=") for u in budget.design(0).uncovered)


def test_the_design_sends_its_cheapest_rows_first() -> None:
    priced = [f for f in budget.factors() if f.name in budget.priced_fields()]
    costs = [sum(f.cost(row[f.name]) for f in priced) for row in budget.design(10_000).rows]
    assert costs == sorted(costs)
    assert costs[0] == 0
    if any(len(f.levels) > 1 for f in priced):  # some choice costs more than another
        assert costs[-1] > 0


def test_the_junit_report_redacts_a_key_the_server_echoed(tmp_path: Path) -> None:
    echoed = CheckResult(
        "refuses-bad-auth",
        "create:wrong-key",
        "create refuses a wrong key",
        "auth",
        Verdict.FAILED,
        f"401 bad key {KEY}",
        "curl",
    )
    report.junit(tmp_path / "report.xml", [echoed], KEY)
    written = (tmp_path / "report.xml").read_text(encoding="utf-8")
    assert KEY not in written and "401 bad key &lt;redacted&gt;" in written


@pytest.mark.parametrize("size", [0, 1, 2, 7, 40, 41, 300])
def test_a_prompt_fitted_to_a_length_has_it_and_mentions_only_whole_names(
    size: int, mention_rule: spec.MentionRule
) -> None:
    names = ["a" * 12 + str(n) for n in range(1, 8)]
    mention = mention_rule
    for shape in budget.PROMPT_SHAPES:
        text = shape.format(all=" and ".join(f"@{n}" for n in names), first=f"@{names[0]}")
        fitted = budget._fit(text, size)
        assert len(fitted) == size, (shape, fitted)
        # No mention cut short into another name, none made up by the filler.
        assert set(mention.mentions(fitted)) <= set(mention.mentions(text)), (shape, fitted)
