"""The spec's query and header parameters: read once, refused at generation when the client
cannot send them, checked and sent by the client, and rules of the contract suite."""

from __future__ import annotations

import copy
from typing import Any

import httpx
import pytest
from pixverse_c1_client import InvalidArgumentError, PixverseC1, RequestValidationError
from pixverse_c1_client import _parameters as runtime

from codegen import parameters as reading
from contract_tests import parameters, rules, spec, strategies
from contract_tests.variants import IGNORE, REQUIRE, TIGHTEN
from tests.doubles import BASE_URL, KEY, Script, created, ok, task_body

RULES = parameters.parameter_rules()
LIFE = spec.task_life()


def _client(script: Script, **options: Any) -> PixverseC1:
    http = httpx.Client(transport=httpx.MockTransport(script))
    return PixverseC1(api_key=KEY, base_url=BASE_URL, http_client=http, max_retries=0, **options)


def _call(sent: parameters.Sent, operation: str, script: Script) -> None:
    """The client's call of the operation with exactly these parameters, no defaults."""
    given = parameters.arguments(operation, sent)
    if operation == spec.CREATE_OPERATION:
        _client(script).create_task(strategies.minimal_request(), parameters=given)
    else:
        task = given.pop(parameters.task_parameter().name)
        _client(script).get_task_result(task, parameters=given)


# --- the reading and the generator's refusals --------------------------------------------------


def _spec_with(
    parameter: dict[str, Any], where: str = "operation", doc: Any = None
) -> dict[str, Any]:
    """The spec (or `doc`) with a parameter added to its create operation or path item."""
    doc = copy.deepcopy(spec.load() if doc is None else doc)
    path, method, _ = next(op for op in spec.operations() if "requestBody" in op[2])
    holder = doc["paths"][path] if where == "path" else doc["paths"][path][method]
    holder["parameters"] = [*holder.get("parameters", []), parameter]
    return dict(doc)


def test_the_spec_as_it_is_has_no_parameter_the_client_cannot_send() -> None:
    assert reading.problems(spec.load()) == []
    assert reading.task_parameter(spec.load(), reading.operations(spec.load())) is not None


def test_a_path_template_and_its_parameters_must_agree() -> None:
    doc = copy.deepcopy(spec.load())
    path, method, _ = next(op for op in spec.operations() if "requestBody" in op[2])
    doc["paths"] = {(f"{p}/{{slot}}" if p == path else p): i for p, i in doc["paths"].items()}
    [unfilled] = reading.problems(doc)
    assert "{slot}" in unfilled and "no path parameter fills" in unfilled
    optional: dict[str, Any] = {"name": "slot", "in": "path", "schema": {"type": "string"}}
    operation = doc["paths"][f"{path}/{{slot}}"][method]
    operation["parameters"] = [*operation.get("parameters", []), optional]
    [problem] = reading.problems(doc)
    assert "must be required" in problem
    optional["required"] = True
    assert reading.problems(doc) == []


@pytest.mark.parametrize(
    ("parameter", "said"),
    [
        ({"name": "session", "in": "cookie", "schema": {"type": "string"}}, "in: cookie"),
        ({"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}, "no {id}"),
        (
            {"name": "f", "in": "query", "style": "deepObject", "schema": {"type": "string"}},
            "style 'deepObject'",
        ),
        ({"name": "tags", "in": "query", "schema": {"type": "array"}}, "type array"),
        ({"name": "o", "in": "header", "schema": {"type": "object"}}, "type object"),
        ({"name": "u", "in": "query", "schema": {"type": ["string", "integer"]}}, "string or"),
        ({"name": "c", "in": "query", "content": {"application/json": {}}}, "`content`"),
        ({"name": "bad name", "in": "header", "schema": {"type": "string"}}, "header name"),
    ],
)
def test_a_parameter_the_client_cannot_send_is_named_with_where_it_stands(
    parameter: dict[str, Any], said: str
) -> None:
    [problem] = reading.problems(_spec_with(parameter))
    assert said in problem and repr(parameter["name"]) in problem
    assert ".parameters[" in problem  # where it stands


def test_a_name_given_twice_in_one_operation_is_refused() -> None:
    doc = _spec_with({"name": "dup", "in": "query", "schema": {"type": "string"}})
    doc = _spec_with({"name": "dup", "in": "header", "schema": {"type": "string"}}, doc=doc)
    assert any("another 'dup'" in p for p in reading.problems(doc))


def test_refs_path_item_parameters_and_overrides_are_merged() -> None:
    shared = {"name": "X-Level", "in": "header", "schema": {"type": "integer"}}
    doc = _spec_with(shared, where="path")
    own = {**shared, "required": True, "schema": {"type": "integer", "maximum": 3}}
    doc["components"].setdefault("parameters", {})["Level"] = own
    doc = _spec_with({"$ref": "#/components/parameters/Level"}, doc=doc)
    by_id = reading.operations(doc)
    [level] = [p for p in by_id[spec.CREATE_OPERATION]["parameters"] if p["name"] == "X-Level"]
    assert level == {"name": "X-Level", "in": "header", "required": True, "schema": own["schema"]}
    assert reading.problems(doc) == []


def test_the_headers_openapi_ignores_are_no_parameters() -> None:
    doc = _spec_with({"name": "Content-Type", "in": "header", "schema": {"type": "integer"}})
    assert all(
        p["name"] != "Content-Type"
        for op in reading.operations(doc).values()
        for p in op["parameters"]
    )


# --- the client --------------------------------------------------------------------------------


@pytest.mark.parametrize("operation", [spec.CREATE_OPERATION, spec.RESULT_OPERATION])
def test_valid_parameters_at_their_edges_are_sent_as_given_where_the_spec_puts_them(
    operation: str,
) -> None:
    for sent in parameters.boundary(operation):
        script = Script([created(), ok(task_body(LIFE.succeeded))])
        try:
            _call(sent, operation, script)
        except RequestValidationError as error:
            raise AssertionError(f"{sent}: refused: {error}") from None
        except Exception:
            pass
        [request] = script.requests
        in_path = spec.path_values(request.url)
        for parameter in parameters.of(operation):
            places = {"query": request.url.params, "path": in_path}
            where = places.get(parameter.location, request.headers)
            assert where.get(parameter.name) == sent.get(parameter.field), parameter.field


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_break_of_a_parameter_rule_is_refused_before_the_network(rule: rules.Rule) -> None:
    task = parameters.task_parameter()
    for kind, sent in parameters.break_cases(rule):
        if rule.operation == task.operation and task.field not in sent:
            continue  # the calls take the task id as an argument: it cannot be left out
        script = Script([created()])
        with pytest.raises(RequestValidationError) as caught:
            _call(sent, rule.operation, script)
        assert script.requests == [], kind
        assert rule.field in {v.path for v in caught.value.violations}, kind


def test_a_parameter_no_call_declares_is_refused() -> None:
    with pytest.raises(InvalidArgumentError, match="no parameter of this call"):
        _client(Script([created()])).create_task(
            strategies.minimal_request(), parameters={"no-such-parameter-anywhere": "1"}
        )
    with pytest.raises(InvalidArgumentError, match="default_parameters"):
        _client(Script([created()]), default_parameters={"no-such-parameter-anywhere": 1})


def test_the_task_id_is_the_calls_own_argument_not_a_parameter() -> None:
    name = parameters.task_parameter().name
    with pytest.raises(InvalidArgumentError, match="own argument"):
        _client(Script([created()])).get_task_result("t", parameters={name: "t"})


@pytest.mark.parametrize(
    ("place", "value"),
    [("header", "a\nb"), ("header", " padded"), ("header", "ünï"), ("query", "\ud800")],
)
def test_a_value_no_request_can_carry_is_refused(place: str, value: str) -> None:
    problem = runtime._unsendable({"in": place, "name": "X"}, value)
    assert problem is not None and "cannot be sent" in problem


def test_the_route_is_built_whatever_parameters_the_endpoint_requires() -> None:
    def get_kwargs(slot: Any, *, body: Any, x_required: Any, mode: Any) -> dict[str, Any]:
        return {
            "method": "post",
            "url": f"/x/{slot}",
            "params": {"mode": mode.value},
            "headers": {"X-Required": str(x_required), "Content-Type": "application/json"},
            "json": body.to_dict(),
        }

    route = runtime.fixed_route(get_kwargs, spec.CREATE_OPERATION)
    # The URL is the spec's path, whose parameters `wire` fills in for each request.
    assert route["method"] == "post" and route["url"] == spec.CREATE_PATH
    assert "json" not in route and "params" not in route


# --- the contract suite ------------------------------------------------------------------------


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_parameter_rule_is_broken_and_has_its_variants(rule: rules.Rule) -> None:
    from contract_tests.fake import BROKEN_VARIANTS

    assert parameters.breakable(rule), f"no strategy breaks {rule.id}"
    cases = parameters.break_cases(rule)
    assert cases, f"no parameters break {rule.id}"
    for _, sent in cases:
        assert parameters.broken(rule.operation, sent) == [rule]
    assert rule.field in rule.description
    assert IGNORE + rule.id in BROKEN_VARIANTS
    assert rule.id.startswith(f"{rule.operation} {rule.field}.")


def test_every_optional_parameter_has_a_require_variant_and_each_bound_a_tighten_one() -> None:
    from contract_tests.fake import BROKEN_VARIANTS

    for parameter in parameters.everywhere():
        if not parameter.required:
            assert f"{REQUIRE}{parameter.operation} {parameter.field}" in BROKEN_VARIANTS
    task = parameters.task_parameter()
    for rule in RULES:
        if rule.keyword in ("minimum", "maximum", "enum") and rule.path != (task.field,):
            assert TIGHTEN + rule.id in BROKEN_VARIANTS


def test_valid_parameters_break_no_rule_and_a_server_reads_texts_by_the_type() -> None:
    for operation in (spec.CREATE_OPERATION, spec.RESULT_OPERATION):
        for sent in parameters.boundary(operation):
            assert parameters.broken(operation, sent) == []
    number = parameters.Parameter("op", "query", "n", True, {"type": "integer"}, ("integer",))
    assert parameters.read(number, "5") == 5 and parameters.read(number, "5a") == "5a"
    flag = parameters.Parameter("op", "header", "f", True, {"type": "boolean"}, ("boolean",))
    assert parameters.read(flag, "true") is True and parameters.read(flag, "1") == "1"


def test_a_request_path_is_read_as_the_spec_path_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    paths: dict[str, Any] = {
        "/tasks/{task_id}": {},
        "/tasks/latest": {},
        "/tasks/{task_id}/frames/{n}": {},
    }
    monkeypatch.setattr(spec, "load", lambda: {"paths": paths})
    assert spec.matched_path("/tasks/a%2Fb%20c") == ("/tasks/{task_id}", {"task_id": "a/b c"})
    assert spec.matched_path("/tasks/latest") == ("/tasks/latest", {})  # no template wins
    assert spec.matched_path("/tasks/7/frames/2") == (
        "/tasks/{task_id}/frames/{n}",
        {"task_id": "7", "n": "2"},
    )
    assert spec.matched_path("/tasks/") == ("/tasks/", {})  # an empty segment is no id
    assert spec.matched_path("/elsewhere") == ("/elsewhere", {})
