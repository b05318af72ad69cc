"""Every answer the spec declares parses, through the generated endpoint functions, into the
generated typed models: success, each error status, unknown extra fields, each task status.
(Malformed answers raising typed errors belong to the high-level client's tests.)"""

from __future__ import annotations

import enum
import json
from typing import Any

import pytest
from pixverse_c1_client import _roles
from pixverse_c1_client._answers import field
from pixverse_c1_client._routes import create_route, result_route

from contract_tests import answers, parameters, rules, spec, strategies, strict_json
from contract_tests.fake import FakeAPI
from contract_tests.misbehaviour import EXTRA
from contract_tests.properties import client, post, raw
from tests.doubles import created_id_of, outputs_of


def _statuses(path: str, method: str) -> list[int]:
    """The error statuses the spec declares, a range such as 5XX as three of its members, and
    `default` as a client and a server error the others leave to it."""
    found: list[int] = []
    declared_all = spec.declared_statuses(path, method)
    for declared in declared_all:
        if declared.upper().endswith("XX"):
            found += [int(declared[0]) * 100 + n for n in (0, 2, 3)]
        elif declared == "default":
            found += [s for s in (418, 503) if str(s) not in declared_all][:1]
        elif not declared.startswith("2"):
            found.append(int(declared))
    return found


CREATE_ARGUMENTS = parameters.endpoint_arguments(create_route, spec.CREATE_OPERATION)
NO_SUCH_TASK = parameters.unknown_task_id("no-such-task")


def _result(task_id: str) -> dict[str, Any]:
    return parameters.endpoint_arguments(result_route, spec.RESULT_OPERATION, task_id)


def _request() -> _roles.Request:
    return _roles.Request.from_dict(strategies.minimal_request())


def _parsed_as_declared(response: Any, path: str, method: str) -> None:
    """An answer the spec gives a JSON schema is parsed into a model that gives its body back
    (unknown fields kept); one it gives no schema (or does not declare) is not parsed."""
    try:
        declared = spec.response(path, method, response.status_code)
    except KeyError:
        declared = {}
    media = declared.get("content", {}).get("application/json", {})
    if "schema" not in media:
        assert response.parsed is None
        return
    assert hasattr(response.parsed, "to_dict"), response.parsed
    assert response.parsed.to_dict() == json.loads(response.content)


@pytest.mark.parametrize("status", _statuses(spec.CREATE_PATH, "post"))
def test_each_declared_error_of_create_parses_into_its_model(status: int) -> None:
    fake = FakeAPI()
    fake.misbehave("error_status", status=status)
    with client(fake) as api:
        response = create_route.sync_detailed(client=api, body=_request(), **CREATE_ARGUMENTS)
    assert response.status_code == status
    _parsed_as_declared(response, spec.CREATE_PATH, "post")


@pytest.mark.parametrize("status", _statuses(spec.RESULT_PATH, "get"))
def test_each_declared_error_of_task_result_parses_into_its_model(status: int) -> None:
    fake = FakeAPI()
    fake.misbehave("error_status", status=status)
    with client(fake) as api:
        response = result_route.sync_detailed(client=api, **_result(NO_SUCH_TASK))
    assert response.status_code == status
    _parsed_as_declared(response, spec.RESULT_PATH, "get")


def test_the_natural_errors_parse_too() -> None:
    fake = FakeAPI()
    broken = next(body for _, body in strategies.boundary_invalid() if isinstance(body, dict))
    with raw(fake) as http:  # the endpoint functions refuse to send it (test_generated_door.py)
        sent = post(http, strict_json.dumps(broken))
    with client(fake) as api:
        bad = create_route._build_response(client=api, response=sent)
        missing = result_route.sync_detailed(client=api, **_result(NO_SUCH_TASK))
    with client(fake, key="wrong") as api:
        unauthorized = create_route.sync_detailed(client=api, body=_request(), **CREATE_ARGUMENTS)
    for response, status, (path, method) in (
        (bad, 400, (spec.CREATE_PATH, "post")),
        (missing, 404, (spec.RESULT_PATH, "get")),
        (unauthorized, 401, (spec.CREATE_PATH, "post")),
    ):
        assert response.status_code == status
        _parsed_as_declared(response, path, method)
    first = rules.broken_rules(broken)[0]
    assert first.field in bad.content.decode()  # the fake names the field


def test_the_rate_limit_keeps_retry_after() -> None:
    fake = FakeAPI()
    fake.misbehave("rate_limit", retry_after=3)
    with client(fake) as api:
        response = create_route.sync_detailed(client=api, body=_request(), **CREATE_ARGUMENTS)
    assert response.status_code == 429 and response.headers["Retry-After"] == "3"
    _parsed_as_declared(response, spec.CREATE_PATH, "post")


def test_every_task_status_parses_into_the_typed_status() -> None:
    life = spec.task_life()
    seen: set[str] = set()
    members: set[str] = set()  # the values of the package's enum of the statuses
    for final in sorted(life.final):
        fake = FakeAPI()
        fake.end_next_tasks(final, "" if final == life.succeeded else "no")
        with client(fake) as api:
            created = create_route.sync(client=api, body=_request(), **CREATE_ARGUMENTS)
            assert isinstance(created, _roles.Created)
            for _ in range(len(set(life.rank.values()))):
                result = result_route.sync(client=api, **_result(created_id_of(created)))
                assert isinstance(result, _roles.Result)
                status = field(result, spec.ROLES["status"])
                assert isinstance(status, enum.Enum)  # the package's enum of the statuses
                seen.add(status.value)
                if status.value == life.succeeded:
                    assert isinstance(outputs_of(result), list)
                    # An output written in place has no model of its own: a dict, then.
                    kinds = _roles.OUTPUT_MODELS or (dict,)
                    assert isinstance(outputs_of(result)[0], kinds)
                members.update(m.value for m in type(status))
    # The fake walks the ranked statuses; the enum may hold more (an unspecified status).
    assert set(life.final) <= seen <= members


def test_unknown_extra_fields_are_accepted_and_kept() -> None:
    schemas = [spec.schema(spec.ROLES["created"]), spec.schema(spec.ROLES["result"])]
    if any(s.get("additionalProperties") is False for s in [*schemas, answers.task_schema()]):
        pytest.skip("the spec closes its answers: an unknown field there is a deviation")
    fake = FakeAPI()
    fake.misbehave("extra_fields", times=2)
    with client(fake) as api:
        created = create_route.sync(client=api, body=_request(), **CREATE_ARGUMENTS)
        assert isinstance(created, _roles.Created)
        result = result_route.sync(client=api, **_result(created_id_of(created)))
    assert isinstance(result, _roles.Result)
    task = field(result, spec.ROLES["task"])
    for model in (created, result, task):  # a model of a closed schema has no place for them
        assert getattr(model, "additional_properties", EXTRA) == EXTRA, model
