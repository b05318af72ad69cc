"""Only PixverseError subclasses come out of a public call, whatever the caller or the server
does; `maybe_sent` says exactly whether a request can have reached the server."""

from __future__ import annotations

import asyncio
import copy
import enum
import json
import re
from typing import Any

import attrs
import httpx
import pytest
from pixverse_c1_client import (
    APIConnectionError,
    AsyncPixverseC1,
    ClientStateError,
    InvalidArgumentError,
    MalformedResponseError,
    PixverseError,
    RequestValidationError,
    ResponseTooLargeError,
    _contract,
    models,
)

from contract_tests import rules, spec, strategies
from contract_tests.rules import REQUEST
from tests.doubles import (
    BASE_URL,
    FIELDS,
    KEY,
    MODES,
    TASK_ID,
    Script,
    async_client,
    call,
    created,
    created_body,
    model_of,
    ok,
    outputs_of,
    statuses,
    sync_client,
    task_body,
    task_id_of,
    text_field,
    valid_request,
)

LIFE = spec.task_life()


@pytest.mark.parametrize("mode", MODES)
def test_an_enormous_integer_in_an_answer_is_read(mode: str) -> None:
    body = task_body(statuses()[0], eta=10**400, progress_percent=-(10**300))
    script = Script([ok(body), ok(task_body(LIFE.succeeded))])
    assert outputs_of(call(mode, script, "wait_for_result", TASK_ID))


def _an_enum_in(model: Any, where: str = "") -> tuple[Any, str, str] | None:
    """(the model holding it, its attribute, the field's path as errors name it) of the first
    enum value inside a request model, read from the model, not from today's fields."""
    attribute_names = {v: k for k, v in _contract.ATTRIBUTE_NAMES.items()}
    for field in attrs.fields(type(model)):
        value = getattr(model, field.name)
        path = f"{where}.{attribute_names.get(field.name, field.name)}".lstrip(".")
        if isinstance(value, enum.Enum):
            return model, field.name, path
        inside = enumerate(value) if isinstance(value, list) else [(None, value)]
        for index, item in inside:
            if attrs.has(type(item)):
                found = _an_enum_in(item, path if index is None else f"{path}[{index}]")
                if found is not None:
                    return found
    return None


def _model_with_an_enum() -> tuple[Any, tuple[Any, str, str]]:
    model = model_of(REQUEST).from_dict(valid_request())
    found = _an_enum_in(model)
    if found is None:
        pytest.skip("the spec's request example holds no enum value")
    return model, found


@pytest.mark.parametrize("mode", MODES)
def test_a_model_holding_a_plain_string_for_an_enum_is_sent_as_that_string(mode: str) -> None:
    model, (holder, attribute, _) = _model_with_an_enum()
    setattr(holder, attribute, getattr(holder, attribute).value)
    script = Script([created()])
    assert call(mode, script, "create_task", model) == TASK_ID
    assert json.loads(script.requests[0].content) == rules.as_sent(valid_request())


@pytest.mark.parametrize("mode", MODES)
def test_a_model_holding_an_unknown_string_for_an_enum_is_refused_by_name(mode: str) -> None:
    model, (holder, attribute, path) = _model_with_an_enum()
    members = {str(m.value) for m in type(getattr(holder, attribute))}
    unknown = "".join(sorted(members)) + "-unknown"  # no member, even of a one-member enum
    setattr(holder, attribute, unknown)
    script = Script([created()])
    with pytest.raises(RequestValidationError, match=re.escape(path)):
        call(mode, script, "create_task", model)
    assert script.requests == []


@pytest.mark.parametrize("mode", MODES)
def test_the_packages_own_enums_are_accepted_in_a_dict_request(mode: str) -> None:
    """Each enum value of the request, given as the package's own enum member."""
    request = valid_request()
    given = copy.deepcopy(request)
    classes = [c for c in vars(models).values() if isinstance(c, type) and issubclass(c, enum.Enum)]
    swapped = 0
    for path in strategies.field_paths():
        allowed = rules.node_at(path).get("enum")
        owners = [c for c in classes if allowed and {m.value for m in c} == set(allowed)]
        for holder, key in _holders(given, path) if owners else []:
            holder[key] = owners[0](holder[key])
            swapped += 1
    if not swapped:
        pytest.skip("the spec's request example holds no enum value")
    script = Script([created()])
    assert call(mode, script, "create_task", given) == TASK_ID
    assert json.loads(script.requests[0].content) == rules.as_sent(request)


def _holders(body: Any, path: tuple[str, ...]) -> list[tuple[Any, Any]]:
    """(container, key or index) of every value of `body` at `path` ([] steps into items)."""
    places: list[tuple[Any, Any, Any]] = [(None, None, body)]
    for step in path:
        reached: list[tuple[Any, Any, Any]] = []
        for _, _, value in places:
            if step == rules.ITEMS and isinstance(value, list):
                reached += [(value, index, item) for index, item in enumerate(value)]
            elif isinstance(value, dict) and step in value:
                reached.append((value, step, value[step]))
        places = reached
    return [(container, key) for container, key, _ in places]


@pytest.mark.parametrize("mode", MODES)
def test_a_lone_surrogate_is_refused_naming_the_field(mode: str) -> None:
    request = valid_request()
    field = text_field(request)
    request[field] = str(request[field]) + " \ud800"
    script = Script([created()])
    for validate in (True, False):
        with pytest.raises(RequestValidationError, match=re.escape(field)):
            call(mode, script, "create_task", request, validate=validate)
    assert script.requests == []


def test_a_closed_client_raises_a_typed_error() -> None:
    client = sync_client(Script([created()]))
    client.close()
    with pytest.raises(ClientStateError):
        client.create_task(valid_request())
    http = httpx.Client(transport=httpx.MockTransport(Script([created()])))
    http.close()
    from pixverse_c1_client import PixverseC1

    theirs = PixverseC1(api_key=KEY, base_url=BASE_URL, http_client=http)
    with pytest.raises(ClientStateError):
        theirs.get_task_result(TASK_ID)


def test_a_closed_async_client_raises_a_typed_error() -> None:
    async def go() -> None:
        client = async_client(Script([created()]))
        await client.aclose()
        await client.create_task(valid_request())

    with pytest.raises(ClientStateError):
        asyncio.run(go())


def test_an_async_client_works_from_one_event_loop_after_another(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    transport = httpx.MockTransport(Script([ok(task_body(LIFE.succeeded))]))
    real = httpx.AsyncClient

    def made(**kwargs: Any) -> httpx.AsyncClient:
        return real(**{**kwargs, "transport": transport})

    monkeypatch.setattr(httpx, "AsyncClient", made)
    client = AsyncPixverseC1(api_key=KEY, base_url=BASE_URL)
    for _ in range(2):
        assert task_id_of(asyncio.run(client.get_task_result(TASK_ID))) == TASK_ID


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("method", "args", "kwargs"),
    [
        ("create_task", ("request",), {"timeout": "900"}),
        ("create_task", ("request",), {"validate": "yes"}),
        ("get_task_result", (None,), {}),
        ("get_task_result", ("",), {}),
        ("get_task_result", (42,), {}),
        ("wait_for_result", (TASK_ID,), {"timeout": "900"}),
        ("wait_for_result", (TASK_ID,), {"poll_interval": float("nan")}),
        ("wait_for_result", (TASK_ID,), {"on_progress": "print"}),
        ("generate", ("request",), {"wait_timeout": -1}),
        ("generate", ("request",), {"timeout": True}),
    ],
    ids=lambda v: str(v)[:20],
)
def test_a_wrong_argument_is_a_typed_error_and_nothing_is_sent(
    mode: str, method: str, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    args = tuple(valid_request() if a == "request" else a for a in args)
    script = Script([created()])
    with pytest.raises(InvalidArgumentError):
        call(mode, script, method, *args, **kwargs)
    assert script.requests == []


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("task_id", ["", None])
def test_an_empty_task_id_from_create_is_malformed(mode: str, task_id: Any) -> None:
    with pytest.raises(MalformedResponseError, match=FIELDS.created_id):
        call(mode, Script([created(task_id)]), "create_task", valid_request())


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("declared", [True, False])
def test_an_answer_over_the_size_cap_is_refused_unread(mode: str, declared: bool) -> None:
    big = json.dumps({**created_body(), "padding": "x" * 5000}).encode()

    def answer(request: httpx.Request) -> httpx.Response:
        if declared:
            return httpx.Response(200, content=big)
        return httpx.Response(200, stream=httpx.ByteStream(big))  # no Content-Length

    with pytest.raises(ResponseTooLargeError) as caught:
        call(mode, answer, "create_task", valid_request(), options={"max_response_bytes": 1000})
    assert caught.value.limit == 1000


NOT_SENT = {
    "proxy-error": httpx.ProxyError("the proxy refused the tunnel"),
    "unsupported-protocol": httpx.UnsupportedProtocol("no such scheme"),
    "illegal-header": httpx.LocalProtocolError("illegal header value"),
    "connect-error": httpx.ConnectError("refused"),
}
MAYBE_SENT = {
    "read-timeout": httpx.ReadTimeout("slow"),
    "remote-protocol": httpx.RemoteProtocolError("hung up"),
    "read-error": httpx.ReadError("reset"),
}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("failure", "sent"),
    [*((e, False) for e in NOT_SENT.values()), *((e, True) for e in MAYBE_SENT.values())],
    ids=[*NOT_SENT, *MAYBE_SENT],
)
def test_maybe_sent_is_exact(mode: str, failure: Exception, sent: bool) -> None:
    with pytest.raises(APIConnectionError) as caught:
        call(mode, Script([failure]), "create_task", valid_request(), options={"max_retries": 0})
    assert caught.value.maybe_sent is sent
    assert ("billed" in str(caught.value)) is sent


def test_nothing_but_pixverse_errors_leave_a_failing_transport() -> None:
    class Broken(Exception):
        pass

    def answer(request: httpx.Request) -> httpx.Response:
        raise Broken("a transport's own bug")

    for mode in MODES:
        with pytest.raises(PixverseError):
            call(mode, answer, "get_task_result", TASK_ID, options={"max_retries": 0})
