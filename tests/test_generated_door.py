"""The generated endpoint functions the package exports (api/<tag>/<operationId>.py) are as
safe as the client: invalid requests are not sent, and only PixverseError subclasses come out."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

import httpx
import pytest
from pixverse_c1_client import (
    APIConnectionError,
    AuthenticatedClient,
    InvalidArgumentError,
    MalformedResponseError,
    RequestValidationError,
)
from pixverse_c1_client._roles import Request
from pixverse_c1_client._routes import create_route, result_route

from contract_tests import parameters, rules, spec, strategies
from tests.doubles import BASE_URL, KEY, TASK_ID, Handler, Script, created, valid_request


def _create_arguments() -> dict[str, Any]:
    """The spec's required parameters of create, as the endpoint's arguments."""
    return parameters.endpoint_arguments(create_route, spec.CREATE_OPERATION)


def _result_arguments(task_id: str | None = TASK_ID) -> dict[str, Any]:
    """The task-result endpoint's arguments: the task id (None too) and the required others."""
    return parameters.result_arguments(result_route, task_id)


def _client(handler: Handler) -> AuthenticatedClient:
    transport = httpx.MockTransport(handler)
    return AuthenticatedClient(
        base_url=BASE_URL,
        token=KEY,
        httpx_args={"transport": transport},
    )


def _model(**changes: Any) -> Request:
    return Request.from_dict({**valid_request(), **changes})


@pytest.mark.parametrize("status", [299, 520, 599])
def test_a_status_httpstatus_does_not_know_is_kept_as_a_number(status: int) -> None:
    answer = httpx.Response(status, json={"code": status})
    response = result_route.sync_detailed(client=_client(Script([answer])), **_result_arguments())
    assert response.status_code == status


def test_an_html_success_answer_is_a_malformed_response() -> None:
    answer = httpx.Response(spec.CREATE_OK, text="<html>maintenance</html>")
    with pytest.raises(MalformedResponseError):
        create_route.sync_detailed(
            client=_client(Script([answer])), body=_model(), **_create_arguments()
        )


def test_an_error_status_with_an_html_body_has_no_parsed_body() -> None:
    answer = httpx.Response(502, text="<html>bad gateway</html>")
    response = create_route.sync_detailed(
        client=_client(Script([answer])), body=_model(), **_create_arguments()
    )
    assert response.status_code == 502 and response.parsed is None


def _invalid_model() -> tuple[Request, str]:
    """A model of a body that breaks a rule of a top-level field, and that field: the first
    break of the spec that a model can hold (an enum's model refuses other values itself, a
    required field left out is read as a stand-in that may meet every rule)."""
    for rule, body in strategies.refused_breaks():
        if len(rule.path) != 1:
            continue
        try:
            model = Request.from_dict(body)
        except (ValueError, TypeError, KeyError):
            continue
        if rule in rules.broken_rules(model.to_dict()):
            return model, rule.field
    raise AssertionError("no break of the spec fits in a model")


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_an_invalid_request_is_refused_before_the_network(mode: str) -> None:
    script = Script([created()])
    body, field = _invalid_model()
    with pytest.raises(RequestValidationError, match=re.escape(field)):
        if mode == "sync":
            create_route.sync_detailed(client=_client(script), body=body, **_create_arguments())
        else:
            asyncio.run(
                create_route.asyncio_detailed(
                    client=_client(script), body=body, **_create_arguments()
                )
            )
    assert script.requests == []


def test_a_valid_request_is_sent_as_itself() -> None:
    script = Script([created()])
    response = create_route.sync_detailed(
        client=_client(script), body=_model(), **_create_arguments()
    )
    assert response.parsed is not None and response.status_code == spec.CREATE_OK
    assert json.loads(script.requests[0].content) == valid_request()


def test_a_missing_required_parameter_is_refused() -> None:
    script = Script([created()])
    arguments = _result_arguments(None)
    [argument] = [a for a, value in arguments.items() if value is None]
    with pytest.raises(InvalidArgumentError, match=re.escape(argument)):
        result_route.sync_detailed(client=_client(script), **arguments)
    assert script.requests == []


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_broken_connection_is_a_typed_error(mode: str) -> None:
    script = Script([httpx.ConnectError("refused")])
    with pytest.raises(APIConnectionError) as caught:
        if mode == "sync":
            result_route.sync_detailed(client=_client(script), **_result_arguments())
        else:
            asyncio.run(
                result_route.asyncio_detailed(client=_client(script), **_result_arguments())
            )
    assert caught.value.maybe_sent is False
