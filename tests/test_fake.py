"""The fake itself: routes, auth, validation answers, task life by poll count, misbehaviours;
every answer it gives is checked by the spec's own validator, independently of the fake."""

from __future__ import annotations

import itertools
from dataclasses import replace
from typing import Any

import httpx
import jsonschema
import pytest
from pixverse_c1_client._answers import rule_description
from pixverse_c1_client._auth import Credentials
from pixverse_c1_client._formats import FORMATS as CLIENT_FORMATS

from contract_tests import oracle, parameters, properties, rules, spec, strategies, strict_json
from contract_tests.answers import FakeResponse, at, put, spec_reason
from contract_tests.fake import BASE_URL, FakeAPI, FakeTransportError
from tests.doubles import FIELDS, task_body

KEY = "test-key"
# The key as the spec presents it on each operation (the client's own reading).
AUTH = properties.credentials("post", spec.CREATE_PATH, KEY)
RESULT_AUTH = properties.credentials("get", spec.RESULT_PATH, KEY)
LIFE = spec.task_life()


CREATE_PATH, CREATE_QUERY, CREATE_HEADERS = parameters.split(
    spec.CREATE_OPERATION, parameters.valid(spec.CREATE_OPERATION)
)
NO_SUCH_TASK = parameters.unknown_task_id("no-such-task")


def create(fake: FakeAPI, body: Any, sent: Credentials = AUTH) -> FakeResponse:
    """A create request with the call's valid parameters, and the key as `sent` carries it."""
    raw = body if isinstance(body, bytes) else strict_json.dumps(body)
    query, headers = {**CREATE_QUERY, **sent.params}, {**CREATE_HEADERS, **sent.headers}
    return fake.handle("POST", CREATE_PATH, query, headers, raw)


def poll(fake: FakeAPI, task_id: str) -> FakeResponse:
    """A task-result request of `task_id`, with the call's valid parameters and the key."""
    given = {**parameters.valid(spec.RESULT_OPERATION), parameters.task_parameter().field: task_id}
    path, query, headers = parameters.split(spec.RESULT_OPERATION, given)
    query, headers = {**query, **RESULT_AUTH.params}, {**headers, **RESULT_AUTH.headers}
    return fake.handle("GET", path, query, headers, b"")


def conforms(path: str, method: str, answer: FakeResponse) -> Any:
    """The independent check: the oracle's reading of the spec for this answer."""
    content_type = answer.headers.get("Content-Type", "")
    problems, document = oracle.answer_problems(
        method, path, answer.status, content_type, answer.body
    )
    assert problems == []
    return document


def started(fake: FakeAPI) -> str:
    answer = create(fake, strategies.minimal_request())
    assert answer.status == spec.CREATE_OK
    task_id: str = conforms(spec.CREATE_PATH, "post", answer)[FIELDS.created_id]
    return task_id


def test_a_valid_request_gets_a_task_id_and_is_recorded() -> None:
    fake = FakeAPI()
    body = strategies.minimal_request()
    task_id = started(fake)
    assert fake.requests == [body]
    assert task_id in fake.tasks


INVALID = strategies.boundary_invalid()


@pytest.mark.parametrize(("rule", "body"), INVALID, ids=[r.id for r, _ in INVALID])
def test_the_fake_rejects_each_break_naming_the_field_and_the_rule(
    rule: rules.Rule, body: Any
) -> None:
    """The fake reads its rules from openapi.yaml: every kind of break of every rule is a 400
    that names it."""
    answer = create(FakeAPI(), body)
    error = conforms(spec.CREATE_PATH, "post", answer)
    assert answer.status == 400
    assert error["metadata"] == {"field": rule.field, "rule": rule.id}
    assert error["message"].startswith(f"{rule.field}: ")


def test_the_fake_accepts_every_boundary_request() -> None:
    fake = FakeAPI()
    for body in strategies.boundary_requests():
        assert create(fake, body).status == spec.CREATE_OK, body


def test_the_fake_checks_formats_by_the_spec_validator() -> None:
    assert spec.validator(rules.REQUEST).format_checker is spec.FORMATS  # type: ignore[attr-defined]


def test_the_formats_checked_are_the_clients_each_by_draft_2020_12() -> None:
    """The same set as the client, each by draft 2020-12's check (not an older draft's of the
    same name: draft 3's `time` takes no offset)."""
    assert set(spec.FORMATS.checkers) == set(CLIENT_FORMATS)
    draft = jsonschema.Draft202012Validator.FORMAT_CHECKER.checkers
    for name, check in spec.FORMATS.checkers.items():
        assert check == draft[name], name
    assert spec.FORMATS.conforms("12:00:00+01:00", "time")


@pytest.mark.parametrize("body", [b"", b"{", b"\xff", b"NaN", b"[1,"])
def test_a_body_that_is_not_json_is_a_400(body: bytes) -> None:
    answer = create(FakeAPI(), body)
    assert answer.status == 400
    assert conforms(spec.CREATE_PATH, "post", answer)["metadata"]["field"] == "body"


def _wrong_keys() -> dict[str, Credentials]:
    """Each way the create request can miss the key, where the spec presents it: none, empty,
    in upper case, another key; under an HTTP scheme, also another scheme and none."""
    presentation = spec.key_presentation("post", spec.CREATE_PATH)
    if presentation is None:
        return {}
    found = {
        "none": Credentials({}, {}),
        "empty": presentation.credentials(""),
        "upper-case": presentation.credentials(KEY.upper()),
        "other": presentation.credentials("other"),
    }
    if presentation.auth_scheme:
        other = "Basic" if presentation.auth_scheme.lower() != "basic" else "Digest"
        found["another-scheme"] = presentation.spelled(other).credentials(KEY)
        found["no-scheme"] = replace(presentation, auth_scheme="").credentials(KEY)
    return found


@pytest.mark.parametrize("sent", list(_wrong_keys().values()), ids=list(_wrong_keys()))
def test_without_the_right_key_it_is_a_401(sent: Credentials) -> None:
    answer = create(FakeAPI(), strategies.minimal_request(), sent)
    assert answer.status == 401
    assert conforms(spec.CREATE_PATH, "post", answer)["reason"] == spec_reason(401)


def _spellings() -> list[str]:
    """The create operation's HTTP scheme name as written, in lower, upper and mixed case; ""
    when the key is presented under none (then only the key itself is sent)."""
    presentation = spec.key_presentation("post", spec.CREATE_PATH)
    name = presentation.auth_scheme if presentation is not None else ""
    mixed = "".join(c.upper() if i % 2 else c.lower() for i, c in enumerate(name))
    return list(dict.fromkeys([name, name.lower(), name.upper(), mixed]))


@pytest.mark.parametrize("scheme", _spellings())
def test_the_scheme_name_is_case_insensitive(scheme: str) -> None:
    presentation = spec.key_presentation("post", spec.CREATE_PATH)
    sent = AUTH if presentation is None else presentation.spelled(scheme).credentials(KEY)
    assert create(FakeAPI(), strategies.minimal_request(), sent).status == spec.CREATE_OK


def test_an_invalid_request_is_never_recorded_as_a_task() -> None:
    fake = FakeAPI()
    answer = create(fake, INVALID[0][1])
    assert answer.status == 400
    assert fake.tasks == {}


@pytest.mark.parametrize(("method", "path"), [("GET", "/"), ("POST", "/v3/async/unknown")])
def test_an_unknown_route_is_a_404(method: str, path: str) -> None:
    answer = FakeAPI().handle(method, path, AUTH.params, AUTH.headers, b"{}")
    assert answer.status == 404
    # Of the spec's error schema; any JSON body where the spec gives the errors none.
    body = answer.json()
    assert not oracle.ERROR_SCHEMA or spec.validator(oracle.ERROR_SCHEMA).is_valid(body)


def _undeclared(path: str) -> list[str]:
    """Two methods the spec declares on no operation of `path`."""
    return [m for m in ("GET", "POST", "TRACE", "PATCH") if m.lower() not in spec.methods(path)][:2]


@pytest.mark.parametrize(
    ("method", "path"),
    [(m, p) for p in (spec.CREATE_PATH, spec.RESULT_PATH) for m in _undeclared(p)],
)
def test_another_method_on_a_known_path_is_a_405_with_allow(method: str, path: str) -> None:
    answer = FakeAPI().handle(method, path, AUTH.params, AUTH.headers, b"{}")
    assert answer.status == 405
    allowed = {m.strip().lower() for m in answer.headers["Allow"].split(",")}
    assert allowed == set(spec.methods(path))
    assert spec.validator(oracle.ERROR_SCHEMA).is_valid(answer.json())


def test_an_unknown_task_is_a_404_and_a_missing_task_id_a_400() -> None:
    fake = FakeAPI()
    assert poll(fake, NO_SUCH_TASK).status == 404
    conforms(spec.RESULT_PATH, "get", poll(fake, NO_SUCH_TASK))
    if parameters.task_parameter().location == "path":
        return  # a path without the task id is another path
    missing = fake.handle("GET", spec.RESULT_PATH, RESULT_AUTH.params, RESULT_AUTH.headers, b"")
    assert missing.status == 400
    conforms(spec.RESULT_PATH, "get", missing)


@pytest.mark.parametrize("polls_per_step", [1, 2, 3])
def test_a_task_walks_its_life_by_poll_count(polls_per_step: int) -> None:
    fake = FakeAPI(polls_per_step=polls_per_step)
    task_id = started(fake)
    walk = sorted((s for s in LIFE.rank if s not in LIFE.final), key=LIFE.rank.__getitem__)
    expected = [s for s in walk for _ in range(polls_per_step)] + [LIFE.succeeded]
    # As many polls as the spec's walk takes, and a few more on the final status.
    polls = len(expected) + 3
    answers = [conforms(spec.RESULT_PATH, "get", poll(fake, task_id)) for _ in range(polls)]
    tasks = [at(a, FIELDS.task) for a in answers]
    statuses = [task[FIELDS.status] for task in tasks]
    assert statuses[: len(expected)] == expected
    assert set(statuses[len(expected) :]) == {LIFE.succeeded}
    told = spec.holding(spec.TASK_LIFE)["properties"]
    if "progress_percent" in told:  # the fake tells the progress where the spec has the field
        progress = [task["progress_percent"] for task in tasks]
        top = spec.resolve(told["progress_percent"]).get("maximum")
        assert progress == sorted(progress) and progress[0] == 0
        assert top is None or progress[-1] == top
    if FIELDS.eta in told:
        assert tasks[-1][FIELDS.eta] == 0
    assert at(answers[-1], FIELDS.outputs)[0][FIELDS.output_url]


def test_a_task_can_be_told_to_fail() -> None:
    fake = FakeAPI()
    fake.fail_next_tasks("content policy violation")
    failing, fine = started(fake), started(fake)
    last = at([poll(fake, failing).json() for _ in range(4)][-1], FIELDS.task)
    assert last[FIELDS.status] == LIFE.failed
    fine_last = at([poll(fake, fine).json() for _ in range(4)][-1], FIELDS.task)
    assert fine_last[FIELDS.status] == LIFE.succeeded
    other = started(fake)
    fake.fail_task(other, "out of credit")
    other_last = at([poll(fake, other).json() for _ in range(4)][-1], FIELDS.task)
    assert other_last[FIELDS.status] == LIFE.failed
    if FIELDS.reason is not None:  # the fake tells why where x-task-life names the field
        assert last[FIELDS.reason] == "content policy violation"
        assert other_last[FIELDS.reason] == "out of credit"


def test_rate_limit_and_server_errors_follow_the_error_shape() -> None:
    fake = FakeAPI()
    fake.misbehave("rate_limit", retry_after=7)
    fake.misbehave("server_error", status=503)
    limited = create(fake, strategies.minimal_request())
    assert limited.status == 429 and limited.headers["Retry-After"] == "7"
    conforms(spec.CREATE_PATH, "post", limited)
    failed = create(fake, strategies.minimal_request())
    assert failed.status == 503
    conforms(spec.CREATE_PATH, "post", failed)
    assert create(fake, strategies.minimal_request()).status == spec.CREATE_OK
    assert fake.tasks and len(fake.tasks) == 1


def test_a_misbehaviour_can_be_kept_to_one_route_and_several_times() -> None:
    fake = FakeAPI()
    fake.misbehave("server_error", times=2, route="result")
    task_id = started(fake)
    assert [poll(fake, task_id).status for _ in range(3)] == [500, 500, spec.RESULT_OK]


@pytest.mark.parametrize(
    ("kind", "error"), [("timeout", httpx.ReadTimeout), ("connect_error", httpx.ConnectError)]
)
def test_transport_failures_are_raised_by_the_httpx_adapter(
    kind: str, error: type[Exception]
) -> None:
    fake = FakeAPI()
    fake.misbehave(kind)
    with (
        httpx.Client(base_url=BASE_URL, transport=httpx.MockTransport(fake.handle_httpx)) as http,
        pytest.raises(error),
    ):
        http.post(
            spec.CREATE_PATH,
            json=strategies.minimal_request(),
            params=CREATE_QUERY,
            headers=CREATE_HEADERS,
            auth=properties.SpecKey(KEY),
        )
    assert fake.tasks == {}
    fake.misbehave(kind, processed=True)
    with pytest.raises(FakeTransportError):
        create(fake, strategies.minimal_request())
    assert len(fake.tasks) == 1, "processed=True: the task starts, the answer is lost"


def test_spoiled_bodies() -> None:
    fake = FakeAPI()
    for kind in ("truncated_body", "not_json"):
        fake.misbehave(kind)
        assert not strict_json.is_json(create(fake, strategies.minimal_request()).body)
    fake.misbehave("extra_fields")
    extra = create(fake, strategies.minimal_request())
    if spec.schema(spec.ROLES["created"]).get("additionalProperties") is False:
        assert not spec.validator(spec.ROLES["created"]).is_valid(extra.json())  # a deviation
    else:
        assert "unexpected_field" in conforms(spec.CREATE_PATH, "post", extra)
    for kind in ("missing_required", "wrong_types"):
        fake.misbehave(kind)
        spoiled = create(fake, strategies.minimal_request())
        assert not spec.validator(spec.ROLES["created"]).is_valid(spoiled.json()), kind


@pytest.mark.parametrize("kind", ["missing_required", "wrong_types", "extra_fields"])
def test_spoiled_task_results(kind: str) -> None:
    fake = FakeAPI()
    task_id = started(fake)
    fake.misbehave(kind, route="result")
    document = poll(fake, task_id).json()
    broken = {e.validator for e in spec.validator(spec.ROLES["result"]).iter_errors(document)}
    if kind == "extra_fields":  # valid, unless a schema closes its object
        assert broken <= {"additionalProperties", "unevaluatedProperties"}, document
    elif kind == "missing_required":
        assert broken == {"required"}, document
    else:
        assert broken, document


def test_unknown_misbehaviours_and_variants_are_refused() -> None:
    with pytest.raises(ValueError):
        FakeAPI().misbehave("sulk")
    with pytest.raises(ValueError):
        FakeAPI(broken="no-such-variant")


def test_the_respx_router_serves_the_fake_to_any_httpx_client() -> None:
    fake = FakeAPI()
    with fake.mock(), httpx.Client(base_url=BASE_URL, auth=properties.SpecKey(KEY)) as http:
        created = http.post(
            spec.CREATE_PATH,
            json=strategies.minimal_request(),
            params=CREATE_QUERY,
            headers=CREATE_HEADERS,
        )
        assert created.status_code == spec.CREATE_OK
        task_id = created.json()[FIELDS.created_id]
        given = {
            **parameters.valid(spec.RESULT_OPERATION),
            parameters.task_parameter().field: task_id,
        }
        path, query, headers = parameters.split(spec.RESULT_OPERATION, given)
        result = http.get(path, params=query, headers=headers)
        assert result.status_code == spec.RESULT_OK
        assert http.get("/v3/async/elsewhere").status_code == 404


@pytest.mark.parametrize("final", sorted(LIFE.final))
def test_the_fake_walks_a_task_to_each_final_status_of_x_task_life(final: str) -> None:
    fake = FakeAPI()
    fake.end_next_tasks(final, "" if final == LIFE.succeeded else "why it ended")
    task_id = started(fake)
    seen = [
        at(conforms(spec.RESULT_PATH, "get", poll(fake, task_id)), FIELDS.task) for _ in range(6)
    ]
    status = FIELDS.status
    assert seen[-1][status] == final
    assert all(LIFE.allowed(a[status], b[status]) for a, b in itertools.pairwise(seen))
    if FIELDS.reason is not None:
        assert seen[-1][FIELDS.reason] == ("" if final == LIFE.succeeded else "why it ended")


def test_the_fake_refuses_to_end_a_task_in_a_status_that_is_not_final() -> None:
    not_final = sorted(set(LIFE.rank) - LIFE.final)
    for status in [*not_final, "NO_SUCH_STATUS"]:
        with pytest.raises(ValueError, match="not a final status"):
            FakeAPI().end_next_tasks(status)


def test_a_required_when_rule_asks_for_a_value_and_min_items_for_an_array_that_long(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    result = spec.schema(spec.ROLES["result"])
    failed = spec.task_life().failed
    detail = [*FIELDS.task, "never_given_detail"]
    rule = {
        "description": "A failed task says where it failed.",
        "when": {"path": ".".join([*FIELDS.task, FIELDS.status]), "equals": failed},
        "require": {"path": ".".join(detail)},
    }
    monkeypatch.setitem(result, "x-required-when", [*result.get("x-required-when", []), rule])
    without = task_body(failed)
    assert rule["description"] in spec.required_when(without)
    given = put(without, tuple(detail), "at the encoder")  # a value, and no array
    assert rule["description"] not in spec.required_when(given)
    succeeded = task_body(spec.task_life().succeeded)
    assert spec.required_when(succeeded) == []
    assert spec.required_when(put(succeeded, FIELDS.outputs, [])) != []


def test_a_required_when_rule_without_a_description_is_named_by_its_paths() -> None:
    rule = {"when": {"path": "task.status", "equals": "DONE"}, "require": {"path": "videos"}}
    assert rule_description(rule) == "videos is required when task.status is 'DONE'"
    assert rule_description({**rule, "description": "Done has videos."}) == "Done has videos."
