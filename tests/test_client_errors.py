"""Typed errors: each non-2xx answer raises its own class with status, reason, message and the
raw response; a 2xx body that breaks the spec raises MalformedResponseError naming the field."""

from __future__ import annotations

from typing import Any

import httpx
import pixverse_c1_client
import pytest
from pixverse_c1_client import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    InternalServerError,
    MalformedResponseError,
    NotFoundError,
    PermissionDeniedError,
    PixverseC1,
    PixverseError,
    RateLimitError,
    _answers,
)
from pixverse_c1_client._answers import field

from contract_tests import answers, spec
from tests.doubles import (
    FIELDS,
    TASK_ID,
    Script,
    created,
    error,
    ok,
    sync_client,
    task_body,
    valid_request,
)

KINDS = [
    (400, BadRequestError),
    (401, AuthenticationError),
    (403, PermissionDeniedError),
    (404, NotFoundError),
    (409, APIStatusError),
    (429, RateLimitError),
    (500, InternalServerError),
    (503, InternalServerError),
]


@pytest.mark.parametrize(("status", "kind"), KINDS)
@pytest.mark.parametrize("call", ["create", "result"])
def test_each_status_raises_its_kind_with_reason_message_and_response(
    status: int, kind: type[APIStatusError], call: str
) -> None:
    client = sync_client(Script([error(status, "A_REASON", "a message")]), max_retries=0)
    with pytest.raises(kind) as caught:
        _call(client, call)
    raised = caught.value
    assert type(raised) is kind
    assert (raised.status_code, raised.reason, raised.message) == (status, "A_REASON", "a message")
    assert raised.response.status_code == status
    assert f"answered {status} A_REASON: a message" in str(raised)


def test_an_error_body_of_other_field_names_is_quoted_in_the_error() -> None:
    body = {"status": 400, "detail": "prompt too long"}
    script = Script([httpx.Response(400, json=body)])
    with pytest.raises(APIStatusError) as caught:
        sync_client(script, max_retries=0).create_task(valid_request())
    assert caught.value.message is None
    assert '"detail":"prompt too long"' in str(caught.value)


def _call(client: PixverseC1, call: str) -> Any:
    if call == "create":
        return client.create_task(valid_request())
    return client.get_task_result(TASK_ID)


def test_rate_limit_error_keeps_retry_after() -> None:
    limited = httpx.Response(429, headers={"Retry-After": "7"}, json={"reason": "RATE_LIMITED"})
    with pytest.raises(RateLimitError) as caught:
        sync_client(Script([limited]), max_retries=0).get_task_result(TASK_ID)
    assert caught.value.retry_after == 7.0


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(400, text="<html>bad gateway</html>"),
        httpx.Response(400, json=["not", "an", "object"]),
        httpx.Response(400, json={"reason": 5, "message": ["x"]}),
    ],
    ids=["not-json", "not-an-object", "wrong-types"],
)
def test_an_error_body_off_contract_still_raises_by_status(answer: httpx.Response) -> None:
    with pytest.raises(BadRequestError) as caught:
        sync_client(Script([answer])).create_task(valid_request())
    assert caught.value.reason is None
    assert caught.value.body is not None


def test_every_error_the_package_exports_is_a_pixverse_error() -> None:
    exported = [getattr(pixverse_c1_client, name) for name in pixverse_c1_client.__all__]
    errors = [e for e in exported if isinstance(e, type) and issubclass(e, BaseException)]
    assert {kind for _, kind in KINDS} <= set(errors)
    assert len(errors) >= len(KINDS) + 5  # validation, connection, timeout, malformed, task
    for kind in errors:
        assert issubclass(kind, PixverseError), kind


@pytest.mark.parametrize(
    ("answer", "names"),
    [
        (httpx.Response(200, text="{truncated"), "not JSON"),
        (ok({}), FIELDS.created_id),
        (created(12), FIELDS.created_id),
        (ok([TASK_ID]), "type object"),
    ],
    ids=["not-json", "missing-task_id", "task_id-not-string", "not-an-object"],
)
def test_a_malformed_create_answer_names_the_problem(answer: httpx.Response, names: str) -> None:
    with pytest.raises(MalformedResponseError) as caught:
        sync_client(Script([answer])).create_task(valid_request())
    assert names in caught.value.problem  # the diagnosis, not the body quoted after it
    assert caught.value.problem in str(caught.value)
    assert caught.value.response is not None


def _succeeded_without_videos() -> dict[str, Any]:
    body: dict[str, Any] = answers.without(task_body(spec.task_life().succeeded), FIELDS.outputs)
    return body


def _without_status() -> dict[str, Any]:
    body = task_body(spec.task_life().succeeded)
    del answers.at(body, FIELDS.task)[FIELDS.status]
    return body


@pytest.mark.parametrize(
    ("body", "names"),
    [
        (_without_status(), FIELDS.status_path),
        (task_body("TASK_STATUS_UNHEARD_OF"), FIELDS.status_path),
        (task_body(spec.task_life().succeeded, task_id="another-task"), "another-task"),
        (_succeeded_without_videos(), "x-required-when"),
    ],
    ids=["missing-status", "unknown-status", "other-task", "no-videos"],
)
def test_a_malformed_task_result_names_the_field(body: dict[str, Any], names: str) -> None:
    with pytest.raises(MalformedResponseError) as caught:
        sync_client(Script([ok(body)])).get_task_result(TASK_ID)
    assert names in caught.value.problem  # the diagnosis, not the body quoted after it
    assert caught.value.problem in str(caught.value)


def test_a_required_when_rule_on_what_the_client_does_not_act_on_refuses_no_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The server's promise of a field the client never reads is the contract suite's to
    check: an answer that breaks it still ends the wait with the task's state."""
    result = spec.ROLES["result"]
    schemas = dict(pixverse_c1_client._contract.SCHEMAS)
    status_path = ".".join([*FIELDS.task, FIELDS.status])
    failed = spec.task_life().failed
    rule = {
        "description": "A failed task says where it failed.",
        "when": {"path": status_path, "equals": failed},
        "require": {"path": ".".join([*FIELDS.task, "never_given_detail"])},
    }
    rules = schemas[result].get("x-required-when", [])
    schemas[result] = {**schemas[result], "x-required-when": [*rules, rule]}
    monkeypatch.setattr(_answers, "SCHEMAS", schemas)  # where the reading looks them up
    found = sync_client(Script([ok(task_body(failed))])).get_task_result(TASK_ID)
    assert field(found, spec.ROLES["status"]) == failed
    with pytest.raises(MalformedResponseError, match="x-required-when"):
        sync_client(Script([ok(_succeeded_without_videos())])).get_task_result(TASK_ID)


def test_unknown_fields_of_a_result_are_kept() -> None:
    body = task_body(spec.task_life().succeeded)
    body["brand_new"] = {"x": 1}
    answers.at(body, FIELDS.task)["also_new"] = True
    found = sync_client(Script([ok(body)])).get_task_result(TASK_ID)
    task = field(found, spec.ROLES["task"])
    # A model of a closed schema keeps none: the spec says there are none to keep.
    assert getattr(found, "additional_properties", {"brand_new": {"x": 1}}) == {
        "brand_new": {"x": 1}
    }
    assert getattr(task, "additional_properties", {"also_new": True}) == {"also_new": True}


def test_create_returns_the_task_id() -> None:
    assert sync_client(Script([created("abc")])).create_task(valid_request()) == "abc"
