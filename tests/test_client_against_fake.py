"""The client against the contract suite's FakeAPI: its task life, failures, misbehaviours and
broken variants, sync and async, with a fake clock."""

from __future__ import annotations

import asyncio
from typing import Any

import attrs
import httpx
import pytest
from pixverse_c1_client import (
    APITimeoutError,
    InternalServerError,
    MalformedResponseError,
    PermissionDeniedError,
    PixverseC1,
    TaskFailedError,
    TaskTimeoutError,
    status_of,
)
from pixverse_c1_client._defaults import defaults, fitted
from pixverse_c1_client._roles import Request
from pixverse_c1_client._validation import REQUEST_SCHEMA
from pixverse_c1_client.types import Unset

from contract_tests import breaking, rules, spec, strategies
from contract_tests.fake import BASE_URL, FakeAPI
from tests.doubles import (
    FIELDS,
    KEY,
    FakeClock,
    async_client,
    output_url,
    outputs_of,
    statuses,
    sync_client,
    task_id_of,
    valid_request,
)

LIFE = spec.task_life()


class Counted:
    """FakeAPI.handle_httpx, counting the requests that reached the transport."""

    def __init__(self, fake: FakeAPI) -> None:
        self.fake, self.calls = fake, 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        return self.fake.handle_httpx(request)


def _sync(handler: Counted, clock: FakeClock, **options: Any) -> PixverseC1:
    return sync_client(handler, clock, base_url=BASE_URL, **options)


def _generate(mode: str, fake: FakeAPI, clock: FakeClock, **kw: Any) -> Any:
    handler = Counted(fake)
    if mode == "sync":
        return _sync(handler, clock).generate(valid_request(), **kw)

    async def go() -> Any:
        async with async_client(handler, clock, base_url=BASE_URL) as client:
            return await client.generate(valid_request(), **kw)

    return asyncio.run(go())


MODES = pytest.mark.parametrize("mode", ["sync", "async"])


@MODES
@pytest.mark.parametrize("polls_per_step", [1, 3])
def test_generate_follows_the_fakes_task_life_to_the_video(mode: str, polls_per_step: int) -> None:
    fake, clock = FakeAPI(api_key=KEY, polls_per_step=polls_per_step), FakeClock()
    seen: list[str] = []
    found = _generate(mode, fake, clock, on_progress=lambda r: seen.append(status_of(r)))
    assert outputs_of(found) and output_url(outputs_of(found)[0]).endswith(".mp4")
    walk = [status for status in statuses() for _ in range(polls_per_step)]
    assert seen == [*walk, LIFE.succeeded]
    assert len(fake.tasks) == 1
    assert len(clock.sleeps) == len(walk) and all(s > 0 for s in clock.sleeps)


@MODES
def test_a_failing_task_raises_its_reason(mode: str) -> None:
    fake = FakeAPI(api_key=KEY)
    fake.fail_next_tasks("content policy violation")
    with pytest.raises(TaskFailedError) as caught:
        _generate(mode, fake, FakeClock())
    assert caught.value.task_id in fake.tasks
    # The reason is read where x-task-life's `fields` says the task gives it.
    told = "content policy violation" if FIELDS.reason is not None else ""
    assert caught.value.reason == told


@MODES
def test_a_task_that_never_finishes_times_out_keeping_its_id(mode: str) -> None:
    fake, clock = FakeAPI(api_key=KEY, broken="task-never-finishes"), FakeClock()
    with pytest.raises(TaskTimeoutError) as caught:
        _generate(mode, fake, clock, wait_timeout=120)
    assert caught.value.task_id in fake.tasks
    assert clock.now == pytest.approx(120)


def test_a_rate_limited_create_is_retried_once_and_starts_one_task() -> None:
    fake, clock = FakeAPI(api_key=KEY), FakeClock()
    fake.misbehave("rate_limit", route="create", retry_after=2)
    _sync(Counted(fake), clock).create_task(valid_request())
    assert len(fake.tasks) == 1
    assert clock.sleeps == [2.0]


@pytest.mark.parametrize(
    ("kind", "error"), [("server_error", InternalServerError), ("timeout", APITimeoutError)]
)
def test_a_create_that_may_have_started_is_sent_once(kind: str, error: type[Exception]) -> None:
    fake = FakeAPI(api_key=KEY)
    fake.misbehave(kind, route="create")
    handler = Counted(fake)
    with pytest.raises(error):
        _sync(handler, FakeClock(), max_retries=5).create_task(valid_request())
    assert handler.calls == 1


@pytest.mark.parametrize("kind", ["rate_limit", "server_error", "timeout", "connect_error"])
def test_result_polls_ride_out_transient_trouble(kind: str) -> None:
    fake = FakeAPI(api_key=KEY)
    client = _sync(Counted(fake), FakeClock())
    task_id = client.create_task(valid_request())
    fake.misbehave(kind, times=2, route="result")
    # One call: its own retries (two by default) must carry it through both failures.
    assert task_id_of(client.get_task_result(task_id)) == task_id


# The fields of a task result the client acts on: without them (or mistyped) it is unreadable.
ACTED_ON = [FIELDS.in_task(FIELDS.task_id), FIELDS.status_path]


@pytest.mark.parametrize(
    ("kind", "field"),
    [
        ("truncated_body", None),
        ("not_json", None),
        *[(kind, field) for kind in ("missing_required", "wrong_types") for field in ACTED_ON],
    ],
)
def test_a_mangled_result_is_a_malformed_response(kind: str, field: str | None) -> None:
    fake = FakeAPI(api_key=KEY)
    client = _sync(Counted(fake), FakeClock())
    task_id = client.create_task(valid_request())
    params: dict[str, Any] = {"field": field} if field else {}
    fake.misbehave(kind, route="result", **params)
    with pytest.raises(MalformedResponseError, match=field):
        client.get_task_result(task_id)


def test_extra_fields_are_accepted() -> None:
    fake = FakeAPI(api_key=KEY)
    fake.misbehave("extra_fields", route="result")
    client = _sync(Counted(fake), FakeClock())
    task_id = client.create_task(valid_request())
    result = client.get_task_result(task_id)
    assert getattr(result, "additional_properties", True)  # none kept where the schema is closed


BROKEN_RESULTS = ["task-id-mismatch", "succeed-without-videos"]


def test_a_create_answer_without_task_id_is_malformed() -> None:
    fake = FakeAPI(api_key=KEY, broken="task-id-missing")
    with pytest.raises(MalformedResponseError, match=f"{FIELDS.created_id} is missing"):
        _sync(Counted(fake), FakeClock()).generate(valid_request())


@pytest.mark.parametrize("broken", BROKEN_RESULTS)
def test_a_broken_server_is_noticed(broken: str) -> None:
    # The task is paid for: unreadable polls do not end the wait, its deadline does, and the
    # error says what was wrong with the last poll.
    fake = FakeAPI(api_key=KEY, broken=broken)
    with pytest.raises(TaskTimeoutError) as caught:
        _sync(Counted(fake), FakeClock()).generate(valid_request(), wait_timeout=60)
    (task_id,) = fake.tasks
    assert caught.value.task_id == task_id
    assert isinstance(caught.value.__cause__, MalformedResponseError)
    assert caught.value.last_error and "cannot act on" in caught.value.last_error


@pytest.mark.parametrize("check", [True, False])
def test_the_optional_order_check_notices_a_status_going_back(check: bool) -> None:
    fake = FakeAPI(api_key=KEY, broken="task-goes-backwards")
    client = _sync(Counted(fake), FakeClock(), check_task_order=check)
    task_id = client.create_task(valid_request())
    if check:
        with pytest.raises(MalformedResponseError, match="x-task-life"):
            client.wait_for_result(task_id)
    else:
        assert outputs_of(client.wait_for_result(task_id))  # tolerated unless asked for


def test_an_error_that_ends_a_wait_after_generate_keeps_the_task_id() -> None:
    fake = FakeAPI(api_key=KEY)
    fake.misbehave("error_status", status=403, route="result")
    with pytest.raises(PermissionDeniedError) as caught:
        _sync(Counted(fake), FakeClock()).generate(valid_request())
    (task_id,) = fake.tasks
    assert caught.value.task_id == task_id
    assert any(f"wait_for_result({task_id!r})" in note for note in caught.value.__notes__)


def test_a_dict_request_is_sent_with_the_specs_defaults_like_a_model() -> None:
    fake = FakeAPI(api_key=KEY)
    client = _sync(Counted(fake), FakeClock())
    body = strategies.minimal_request()
    client.create_task(body)
    parsed = Request.from_dict(body)
    given = {  # what the body gave (its required fields, and a prompt however optional)
        field.name: getattr(parsed, field.name)
        for field in attrs.fields(Request)
        if field.init and not isinstance(getattr(parsed, field.name), Unset)
    }
    client.create_task(Request(**given))  # built in Python: the model's own defaults
    sent_dict, sent_model = fake.requests
    assert sent_dict == rules.as_sent(body)
    assert sent_dict == sent_model


def test_a_model_parsed_from_a_dict_is_sent_with_the_specs_defaults_too() -> None:
    fake = FakeAPI(api_key=KEY)
    body = strategies.minimal_request()
    _sync(Counted(fake), FakeClock()).create_task(Request.from_dict(body))
    assert fake.requests == [rules.as_sent(body)]


def _givable() -> list[str]:
    return [path[0] for path in strategies.field_paths() if len(path) == 1]


def _every_field() -> dict[str, Any]:
    """The minimal request with every other field of the spec given a valid value too (but
    one of schema `false`, which no request may give)."""
    full = strategies.minimal_request()
    for name in _givable():
        # ensure: a field that switches a schema on (dependentSchemas) brings what it asks
        full = breaking.ensure(full, (name,))
    return full


def test_a_default_the_spec_forbids_beside_the_rest_is_left_to_the_server() -> None:
    """A default switching on a rule the body does not meet is not added; one the caller gave
    is never dropped; a body that breaks a rule without the defaults is not fitted."""
    spec_defaults = dict(defaults(REQUEST_SCHEMA))
    if not spec_defaults:
        pytest.skip("the request schema declares no default")
    first, *_ = spec_defaults
    body = {**spec_defaults, "given": 1}

    def allows(candidate: Any) -> bool:
        return first not in candidate

    without = {k: v for k, v in body.items() if k != first}
    assert fitted(body, list(spec_defaults), REQUEST_SCHEMA, allows) == without
    assert fitted(body, [n for n in spec_defaults if n != first], REQUEST_SCHEMA, allows) is None
    assert fitted(body, list(spec_defaults), REQUEST_SCHEMA, lambda candidate: False) is None


def test_a_dict_request_that_gives_every_field_is_sent_as_given() -> None:
    fake = FakeAPI(api_key=KEY)
    full = _every_field()
    assert set(full) == set(_givable())
    broken = [r.id for r in rules.broken_rules(full)]
    if broken:  # a maxProperties, a not, a oneOf of fields...
        pytest.skip(f"the spec allows no request giving every field: {', '.join(broken)}")
    _sync(Counted(fake), FakeClock()).create_task(full)
    assert fake.requests == [full]
