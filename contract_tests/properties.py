"""The contract's properties, as plain checks on a fake, so any fake can be put through them.

test_properties.py runs them against the faithful fake; test_broken_fakes.py runs the very same
ones against each broken variant and expects a failure. Every answer the client sees is checked
first against the spec's response schema by jsonschema (`check_answer`), independently of how
the fake built it and before the generated client parses it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Generator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy
from pixverse_c1_client import AuthenticatedClient, _roles
from pixverse_c1_client._answers import field
from pixverse_c1_client._auth import Credentials
from pixverse_c1_client._routes import create_route, result_route

from contract_tests import answers, oracle, parameters, rules, spec, strategies, strict_json, values
from contract_tests.fake import BASE_URL, FakeAPI

JSON = Any
KEY = "test-key"
CORPUS = Path(__file__).parent / "corpus" / "regressions.json"
MakeFake = Callable[..., FakeAPI]


# --- the wire ------------------------------------------------------------------------------


def check_answer(response: httpx.Response) -> JSON:
    """The answer is JSON of the schema the spec declares for its route and status (the oracle)."""
    response.read()
    request = response.request
    problems, document = oracle.answer_problems(
        request.method,
        spec.path_of(request.url),
        response.status_code,
        response.headers.get("content-type", ""),
        response.content,
    )
    where = f"{request.method} {request.url.path} {response.status_code}"
    assert problems == [], f"{where}: {problems}"
    return document


def transport(fake: FakeAPI) -> httpx.BaseTransport:
    """respx in front of the fake, as a transport: no global patching, no TLS set-up."""
    return httpx.MockTransport(fake.mock(BASE_URL).handler)


def client(fake: FakeAPI, key: str = KEY) -> AuthenticatedClient:
    """The generated client, every answer checked against the spec before it parses it."""
    hooks = {"response": [check_answer]}
    return AuthenticatedClient(
        base_url=BASE_URL,
        token=key,
        httpx_args={"transport": transport(fake), "event_hooks": hooks},
    )


class SpecKey(httpx.Auth):
    """Presents `key` on each request as the spec says for its operation (the client's own
    reading, pixverse_c1_client._auth); nothing on a route the spec does not have."""

    def __init__(self, key: str) -> None:
        self.key = key

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        operation = (request.method.lower(), spec.path_of(request.url))
        presentation = spec.key_presentations().get(operation)
        yield request if presentation is None else presentation.present(request, self.key)


def credentials(method: str, path: str, key: str = KEY) -> Credentials:
    """`key` as the spec says the operation's request carries it (nothing when it needs none)."""
    presentation = spec.key_presentation(method, path)
    return Credentials({}, {}) if presentation is None else presentation.credentials(key)


def raw(fake: FakeAPI, key: str | None = KEY) -> httpx.Client:
    """A plain httpx client, for what the generated client would never send; it presents `key`
    as the spec says, or nothing when `key` is None."""
    auth = None if key is None else SpecKey(key)
    return httpx.Client(base_url=BASE_URL, transport=transport(fake), auth=auth)


def _arguments(module: Any, operation: str, sent: parameters.Sent) -> dict[str, JSON]:
    """The generated endpoint's keyword arguments for the parameters `sent`."""
    given = parameters.arguments(operation, sent)
    names: dict[str, str] = module.PARAMETER_NAMES
    return {argument: given[name] for argument, name in names.items() if name in given}


def _task_argument() -> str:
    """The generated result_route's argument for the task id."""
    names: dict[str, str] = result_route.PARAMETER_NAMES
    return next(a for a, name in names.items() if name == parameters.task_parameter().name)


def post(
    http: httpx.Client,
    content: bytes,
    sent: parameters.Sent | None = None,
    key: Credentials | None = None,
) -> httpx.Response:
    """A raw create request, with the create call's valid parameters unless `sent`, and the
    key's headers and query parameters `key` besides."""
    given = parameters.valid(spec.CREATE_OPERATION) if sent is None else sent
    path, query, headers = parameters.split(spec.CREATE_OPERATION, given)
    query, headers = _with_key(query, headers, key)
    return http.post(path, content=content, params=query, headers=headers)


def poll(
    http: httpx.Client,
    task_id: str | None,
    sent: parameters.Sent | None = None,
    key: Credentials | None = None,
) -> httpx.Response:
    """A raw task-result request of `task_id` (None: `sent` as it is), the call's valid
    parameters besides unless `sent`, and the key's headers and query parameters `key`."""
    given = dict(parameters.valid(spec.RESULT_OPERATION) if sent is None else sent)
    if task_id is not None:
        given[parameters.task_parameter().field] = task_id
    path, query, headers = parameters.split(spec.RESULT_OPERATION, given)
    query, headers = _with_key(query, headers, key)
    return http.get(path, params=query, headers=headers)


def _with_key(
    query: dict[str, str], headers: dict[str, str], key: Credentials | None
) -> tuple[dict[str, str], dict[str, str]]:
    """A request's query and headers with the key's own (given by `key`) added."""
    if key is None:
        return query, headers
    return {**query, **key.params}, {**headers, **key.headers}


# --- the properties ------------------------------------------------------------------------


def valid_request_is_accepted(fake: FakeAPI, body: dict[str, JSON]) -> None:
    """Sent by the generated client, the body arrives as exactly itself and gets a task_id."""
    given = _arguments(create_route, spec.CREATE_OPERATION, parameters.valid(spec.CREATE_OPERATION))
    with client(fake) as api:
        response = create_route.sync_detailed(
            client=api, body=_roles.Request.from_dict(body), **given
        )
    assert fake.requests[-1] == body, "the client changed the body on the wire"
    assert response.status_code == spec.CREATE_OK, response.content
    assert isinstance(response.parsed, _roles.Created)
    named = answers.fields().created_id
    assert field(response.parsed, [named]) == json.loads(response.content)[named]


def invalid_request_is_rejected(fake: FakeAPI, case: tuple[rules.Rule, JSON]) -> None:
    """A body that breaks one rule gets a 4xx naming the broken field, never a 5xx."""
    rule, body = case
    with raw(fake) as http:
        response = post(http, strict_json.dumps(body))
    assert 400 <= response.status_code < 500, f"{rule.id}: {response.status_code}"
    error = check_answer(response)
    metadata = error.get("metadata") or {}
    named = metadata.get("field") == rule.field or rule.field in error.get("message", "")
    assert named, f"{rule.id}: the 400 does not name {rule.field}: {error}"


def invalid_parameter_is_rejected(
    fake: FakeAPI, case: tuple[rules.Rule, parameters.Sent] | None
) -> None:
    """Parameters that break one rule (a valid body, if any) get a 400 naming the parameter."""
    if case is None:
        return  # the spec's parameters have no rule to break
    rule, sent = case
    with raw(fake) as http:
        if rule.operation == spec.CREATE_OPERATION:
            response = post(http, strict_json.dumps(strategies.minimal_request()), sent)
        else:
            response = poll(http, None, sent)
    assert response.status_code == 400, f"{rule.id}: {response.status_code}"
    error = check_answer(response)
    metadata = error.get("metadata") or {}
    named = metadata.get("field") == rule.field or rule.field in error.get("message", "")
    assert named, f"{rule.id}: the 400 does not name {rule.field}: {error}"


def valid_parameters_are_accepted(fake: FakeAPI, case: tuple[str, parameters.Sent]) -> None:
    """Valid parameters at their edges (an optional one given or not) are accepted: a create
    gets a task_id, a task-result of that task its state."""
    operation, sent = case
    body = strict_json.dumps(strategies.minimal_request())
    with raw(fake) as http:
        if operation == spec.CREATE_OPERATION:
            response = post(http, body, sent)
        else:
            created = post(http, body)
            assert created.status_code == spec.CREATE_OK, f"create: {created.status_code}"
            task_id = created.json()[answers.fields().created_id]
            response = poll(http, task_id, {**sent, parameters.task_parameter().field: task_id})
    ok = spec.CREATE_OK if operation == spec.CREATE_OPERATION else spec.RESULT_OK
    assert response.status_code == ok, f"{operation} {sent}: {response.status_code}"
    check_answer(response)


def _invalid_parameters() -> SearchStrategy[Any]:
    cases = parameters.invalid_cases()
    return st.sampled_from(cases) if cases else st.just(None)


def valid_parameter_sets() -> list[tuple[str, parameters.Sent]]:
    """Every operation's valid parameters at their edges (parameters.boundary)."""
    return [
        (operation, sent)
        for operation in (spec.CREATE_OPERATION, spec.RESULT_OPERATION)
        for sent in parameters.boundary(operation)
    ]


def not_json_is_rejected(fake: FakeAPI, body: bytes) -> None:
    """A body that is not JSON gets a 400 with the error body."""
    with raw(fake) as http:
        response = post(http, body)
    assert response.status_code == 400, response.status_code
    check_answer(response)


Operation = tuple[str, str]  # (method, path)


def _operations() -> list[Operation]:
    """The operations the client calls: create and task-result."""
    return [("post", spec.CREATE_PATH), ("get", spec.RESULT_PATH)]


def _spellings(operation: Operation) -> SearchStrategy[str]:
    """The operation's HTTP scheme name in any letter case (RFC 9110: case-insensitive); ""
    where the key is presented under none."""
    presentation = spec.key_presentation(*operation)
    name = "" if presentation is None else presentation.auth_scheme
    cases = st.lists(st.booleans(), min_size=len(name), max_size=len(name))
    return cases.map(
        lambda ups: "".join(c.upper() if u else c for c, u in zip(name, ups, strict=True))
    )


WRONG_KEYS = ("missing", "empty", "swapcase", "longer", "other")
AuthCase = tuple[Operation, str, str]  # (operation, scheme name as written, which key)


def auth_cases() -> SearchStrategy[AuthCase]:
    kinds = st.sampled_from(("right", *WRONG_KEYS))
    return st.sampled_from(_operations()).flatmap(
        lambda operation: st.tuples(st.just(operation), _spellings(operation), kinds)
    )


def _auth_examples() -> list[AuthCase]:
    """Each operation with the right key as the spec spells it and in lower and upper case,
    then each wrong key."""
    found: list[AuthCase] = []
    for operation in _operations():
        presentation = spec.key_presentation(*operation)
        name = "" if presentation is None else presentation.auth_scheme
        found += [(operation, name, "right"), (operation, name.lower(), "right")]
        found += [(operation, name.upper(), "right")]
        found += [(operation, name.title(), kind) for kind in WRONG_KEYS]
    return list(dict.fromkeys(found))


def auth_is_checked(fake: FakeAPI, case: AuthCase) -> None:
    """Where the spec asks for a key, the right one (under any case of an HTTP scheme name)
    is let in, a wrong or missing one is a 401; where it asks for none, anyone is let in."""
    operation, spelled, kind = case
    presentation = spec.key_presentation(*operation)
    sent = Credentials({}, {})
    if presentation is not None and kind != "missing":
        sent = presentation.spelled(spelled).credentials(_key(kind))
    with raw(fake, key=None) as http:
        if operation[0] == "post":
            body = strict_json.dumps(strategies.minimal_request())
            response = post(http, body, key=sent)
            let_in = spec.CREATE_OK
        else:
            response = poll(http, parameters.unknown_task_id(), key=sent)
            let_in = 404
    check_answer(response)
    expected = let_in if presentation is None or kind == "right" else 401
    assert response.status_code == expected, f"{case}: {response.status_code}"


def _key(kind: str) -> str:
    return {"right": KEY, "empty": "", "swapcase": KEY.swapcase(), "longer": KEY + "x"}.get(
        kind, "another-key"
    )


@dataclass(frozen=True)
class Life:
    """How the fake walks one task: to `ending` (a final status other than success) with
    `reason`, or to success when `ending` is None."""

    ending: str | None
    reason: str
    polls_per_step: int


def task_life_holds(make: MakeFake, life: Life) -> None:
    """Create, then poll: forward only, the asked id, a final status, videos or the reason."""
    fake = make(polls_per_step=life.polls_per_step)
    if life.ending is not None:
        fake.end_next_tasks(life.ending, life.reason)
    rules_of_life = spec.task_life()
    where = spec.ROLES
    bound = (len(set(rules_of_life.rank.values())) + 1) * life.polls_per_step + 1
    create_given = _arguments(
        create_route, spec.CREATE_OPERATION, parameters.valid(spec.CREATE_OPERATION)
    )
    result_given = _arguments(
        result_route, spec.RESULT_OPERATION, parameters.valid(spec.RESULT_OPERATION)
    )
    with client(fake) as api:
        created = create_route.sync(client=api, body=_minimal_model(), **create_given)
        assert isinstance(created, _roles.Created), created
        task_id = field(created, where["create_task_id"])
        result_given[_task_argument()] = task_id
        seen: list[str] = []
        last: _roles.Result | None = None
        for _ in range(bound):
            result = result_route.sync(client=api, **result_given)
            assert isinstance(result, _roles.Result), result
            last = result
            assert field(result, where["task_id"]) == task_id, "another task's answer"
            status = field(result, where["status"]).value
            assert not seen or rules_of_life.allowed(seen[-1], status), f"{seen} -> {status}"
            seen.append(status)
            if status in rules_of_life.final and len(seen) > 1 and seen[-2] == status:
                break
        assert last is not None and seen[-1] in rules_of_life.final, f"never final: {seen}"
    if life.ending is None:
        assert seen[-1] == rules_of_life.succeeded, seen
        outputs = field(last, where["outputs"])
        assert outputs and all(field(v, [where["output_url"]]) for v in outputs), last
    else:
        assert seen[-1] == life.ending, seen
        if where["reason"] is not None:
            said = field(last, where["reason"])
            assert said == life.reason, f"ended, saying {said!r}"


def _minimal_model() -> _roles.Request:
    return _roles.Request.from_dict(strategies.minimal_request())


def _other_endings() -> list[str]:
    life = spec.task_life()
    return sorted(life.final - {life.succeeded})


def lives() -> SearchStrategy[Life]:
    others = _other_endings()
    endings = st.one_of(st.none(), st.sampled_from(others)) if others else st.none()
    return st.builds(Life, endings, st.text(min_size=1, max_size=40), st.integers(1, 3))


def _life_examples() -> list[Life]:
    return [Life(None, "", 1)] + [Life(s, "content policy violation", 2) for s in _other_endings()]


def unknown_task_is_404(fake: FakeAPI, task_id: str) -> None:
    """A task id the server never gave out is a 404, never a 200."""
    with raw(fake) as http:
        response = poll(http, task_id)
    assert response.status_code == 404, response.status_code
    check_answer(response)


def unknown_task_ids() -> SearchStrategy[str]:
    """Task ids no server gave out, valid by the task parameter's schema."""
    task = parameters.task_parameter()
    fits = parameters._fits(task)
    made = st.text(max_size=8).map(parameters.unknown_task_id)
    drawn = st.one_of(made, values.schema_values(task.node), st.text(max_size=40))
    return drawn.filter(fits).map(lambda v: str(parameters.text(v)))


def unknown_route_is_404(fake: FakeAPI, case: tuple[str, str]) -> None:
    """An unknown path is a 404; a known path asked with another method a 405 with Allow."""
    method, path = case
    with raw(fake) as http:
        response = http.request(
            method, path, content=strict_json.dumps(strategies.minimal_request())
        )
    template, _ = spec.matched_path(path)
    known = spec.load()["paths"].get(template)
    expected = 404 if known is None else 405
    assert response.status_code == expected, f"{method} {path}: {response.status_code}"
    if known is not None:
        allowed = {m.strip().lower() for m in response.headers["Allow"].split(",")}
        assert allowed == set(spec.methods(template)), f"Allow: {response.headers['Allow']}"
    check_answer(response)


def routes() -> SearchStrategy[tuple[str, str]]:
    segment = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789-_"), min_size=1)
    paths = st.lists(segment, min_size=1, max_size=4).map(lambda parts: "/" + "/".join(parts))
    known = spec.load()["paths"]
    methods = st.sampled_from(["GET", "POST", "PUT", "DELETE"])
    wrong = [
        (
            next(
                m for m in ("DELETE", "PUT", "PATCH", "TRACE") if m.lower() not in spec.methods(p)
            ),
            p,
        )
        for p in sorted(known)
    ]  # on each known path, a method it does not declare
    wrong_method = st.sampled_from(wrong)
    unknown = paths.filter(lambda p: spec.matched_path(p)[0] not in known)
    return st.one_of(wrong_method, st.tuples(methods, unknown))


# --- the registry ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Property:
    """A property: what to generate, what to check, and the explicit examples to try first."""

    name: str
    strategy: Callable[[], SearchStrategy[Any]]
    check: Callable[[FakeAPI, Any], None] | None = None
    check_with_factory: Callable[[MakeFake, Any], None] | None = None
    examples: Callable[[], list[Any]] = list

    def run_once(self, make: MakeFake, value: Any) -> None:
        if self.check_with_factory is not None:
            self.check_with_factory(make, value)
        else:
            assert self.check is not None
            self.check(make(), value)

    def run(self, make: MakeFake = FakeAPI, use: settings | None = None) -> None:
        """The property as a hypothesis test against fakes from `make`, examples first."""

        parameters.prepare()

        def test(value: Any) -> None:
            self.run_once(make, value)

        # One source for every property: keep their saved failures apart in hypothesis' database.
        test._hypothesis_internal_add_digest = self.name.encode()  # type: ignore[attr-defined]
        test.__name__ = test.__qualname__ = self.name
        wrapped = given(self.strategy())(test)
        for value in reversed(self.examples()):
            wrapped = example(value)(wrapped)
        (use(wrapped) if use is not None else wrapped)()


def _corpus(name: str) -> list[Any]:
    """Pinned regressions of one property, from corpus/regressions.json."""
    entries = json.loads(CORPUS.read_text(encoding="utf-8"))
    found = []
    for entry in entries:
        if entry["property"] != name:
            continue
        value = entry["value"]
        if name == "invalid_request_is_rejected":
            if value["rule"] not in {r.id for r in rules.request_rules()}:
                continue  # the spec no longer has the rule
            value = (rules.rule(value["rule"]), value["body"])
        elif name == "not_json_is_rejected":
            value = value.encode("utf-8", "surrogateescape")
        if applies(name, value):
            found.append(value)
    return found


def applies(name: str, value: Any) -> bool:
    """Whether a pinned body still states its case under today's spec: a valid pin breaks no
    rule, an invalid one exactly its own (a later spec edit may make either untrue)."""
    if name == "valid_request_is_accepted":
        return rules.broken_rules(value) == []
    if name == "invalid_request_is_rejected":
        rule, body = value
        return [r.id for r in rules.broken_rules(body)] == [rule.id]
    return True


def _invalid_examples() -> list[Any]:
    return [*strategies.boundary_invalid(), *_corpus("invalid_request_is_rejected")]


PROPERTIES: tuple[Property, ...] = (
    Property(
        "invalid_request_is_rejected",
        strategies.invalid_requests,
        invalid_request_is_rejected,
        examples=_invalid_examples,
    ),
    Property(
        "valid_request_is_accepted",
        strategies.valid_requests,
        valid_request_is_accepted,
        examples=lambda: [*strategies.boundary_requests(), *_corpus("valid_request_is_accepted")],
    ),
    Property(
        "task_life_holds",
        lives,
        check_with_factory=task_life_holds,
        examples=_life_examples,
    ),
    Property("auth_is_checked", auth_cases, auth_is_checked, examples=_auth_examples),
    Property(
        "not_json_is_rejected",
        strategies.non_json_bodies,
        not_json_is_rejected,
        examples=lambda: [b"{", *_corpus("not_json_is_rejected")],
    ),
    Property("unknown_task_is_404", unknown_task_ids, unknown_task_is_404),
    Property(
        "invalid_parameter_is_rejected",
        _invalid_parameters,
        invalid_parameter_is_rejected,
        examples=parameters.invalid_cases,
    ),
    Property(
        "valid_parameters_are_accepted",
        lambda: st.sampled_from(valid_parameter_sets()),
        valid_parameters_are_accepted,
        examples=valid_parameter_sets,
    ),
    Property("unknown_route_is_404", routes, unknown_route_is_404),
)


def by_name(name: str) -> Property:
    return next(p for p in PROPERTIES if p.name == name)
