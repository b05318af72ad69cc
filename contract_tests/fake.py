"""A fake of the API, driven by openapi.yaml, that the client and the properties talk to.

`FakeAPI.handle` is the whole logic and knows no transport (served.py serves it over HTTP);
`handle_httpx` and `mock` put it behind httpx and respx. Requests are judged by the spec's own
JSON Schema validator plus its x- rules (contract_tests.rules); tasks walk their life by poll
count, never by time. It can misbehave on demand, and `broken=` makes it break the contract in
one named way: the hooks of a registered variant (contract_tests.variants), so the suite can
show that it notices; `variation=` makes it take one freedom the contract allows
(contract_tests.variations), so the suite can show that it raises no false alarm.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx
import respx

from contract_tests import answers, parameters, rules, spec, strict_json
from contract_tests.answers import FakeResponse, error_body, json_answer
from contract_tests.misbehaviour import Misbehaviour, mangle
from contract_tests.rules import Rule
from contract_tests.variants import Variant, descriptions, variant
from contract_tests.variations import variation as faithful_variation

JSON = Any
BASE_URL = "https://api.highwayapi.ai"
BROKEN_VARIANTS: dict[str, str] = descriptions()  # name -> what the variant does wrong
TRANSPORT_KINDS = ("timeout", "connect_error")


ROUTES = {("post", spec.CREATE_PATH): "create", ("get", spec.RESULT_PATH): "result"}
OPERATIONS = {"create": spec.CREATE_OPERATION, "result": spec.RESULT_OPERATION}


class FakeTransportError(Exception):
    """Raised by `handle` for a "timeout" or "connect_error" misbehaviour; no answer is sent."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


@dataclass
class Task:
    task_id: str
    walk: list[str]
    reason: str = ""
    polls: int = 0


@dataclass
class Received:
    method: str
    path: str
    query: dict[str, str]
    body: bytes


class FakeAPI:
    """The API's contract, kept in memory: tasks, what was received, what to do wrong next.

    `requests` holds every create body that parsed as JSON, for assertions on the wire.
    """

    def __init__(
        self,
        *,
        api_key: str = "test-key",
        polls_per_step: int = 1,
        broken: str | None = None,
        variation: str | None = None,
    ) -> None:
        if broken is not None and variation is not None:
            raise ValueError("a fake is broken or a faithful variation, not both")
        self.variant: Variant = (
            faithful_variation(variation) if variation is not None else variant(broken)
        )
        if polls_per_step < 1:
            raise ValueError("polls_per_step must be at least 1")
        self.api_key, self.polls_per_step, self.broken = api_key, polls_per_step, broken
        self.requests: list[JSON] = []
        self.received: list[Received] = []
        self.tasks: dict[str, Task] = {}
        self._endings: list[tuple[str, str]] = []  # (final status, reason) of the next tasks
        self._started = 0  # tasks started, repeats of a task_id included
        self._misbehaviours: list[Misbehaviour] = []

    # --- control -----------------------------------------------------------------------------

    def end_next_tasks(self, status: str, reason: str = "", count: int = 1) -> None:
        """The next `count` created tasks end in the final `status` (any of x-task-life's), with
        `reason` when it is not the success status."""
        if status not in spec.task_life().final:
            raise ValueError(f"{status!r} is not a final status of x-task-life")
        self._endings += [(status, reason)] * count

    def fail_next_tasks(self, reason: str, count: int = 1) -> None:
        """The next `count` created tasks end in x-task-life's failed status with `reason`."""
        self.end_next_tasks(spec.task_life().failed, reason, count)

    def fail_task(self, task_id: str, reason: str) -> None:
        task = self.tasks[task_id]
        task.walk[-1], task.reason = spec.task_life().failed, reason

    def misbehave(self, kind: str, times: int = 1, route: str | None = None, **params: Any) -> None:
        """Answer the next `times` requests (of `route`: "create"/"result") wrongly, as `kind`."""
        self._misbehaviours.append(Misbehaviour(kind, times, route, params))

    # --- transport adapters ------------------------------------------------------------------

    def handle_httpx(self, request: httpx.Request) -> httpx.Response:
        try:
            answer = self.handle(
                request.method,
                request.url.raw_path.decode("ascii").partition("?")[0],  # still percent-encoded
                dict(request.url.params),
                dict(request.headers),
                request.read(),
            )
        except FakeTransportError as error:
            if error.kind == "timeout":
                raise httpx.ReadTimeout("the fake timed out", request=request) from None
            raise httpx.ConnectError("the fake refused the connection", request=request) from None
        return httpx.Response(answer.status, headers=answer.headers, content=answer.body)

    def mock(self, base_url: str = BASE_URL) -> respx.MockRouter:
        """A respx router sending everything under base_url to this fake (use it as `with`)."""
        router = respx.MockRouter(base_url=base_url, assert_all_called=False)
        router.route().mock(side_effect=self.handle_httpx)
        return router

    # --- the logic ---------------------------------------------------------------------------

    def handle(
        self,
        method: str,
        path: str,
        query: Mapping[str, str],
        headers: Mapping[str, str],
        body: bytes,
    ) -> FakeResponse:
        """One request in, one answer out: route, authenticate, validate, act."""
        self.received.append(Received(method.upper(), path, dict(query), body))
        answer = self._answer(method, path, query, headers, body)
        return self.variant.answer(answer, len(self.received))

    def _answer(
        self,
        method: str,
        path: str,
        query: Mapping[str, str],
        headers: Mapping[str, str],
        body: bytes,
    ) -> FakeResponse:
        path, in_path = spec.matched_path(path)
        routes = {(m.upper(), p): name for (m, p), name in ROUTES.items()}
        route = routes.get((method.upper(), path))
        allowed = [m.upper() for m in spec.methods(path)]
        if route is None and method.upper() in allowed:
            # A call of the spec the client does not make: the plainest answer it declares.
            if not self._authorized(method, path, headers, query):
                return self._error(401, "invalid API key")
            status = spec.success_status(path, method.lower())
            return json_answer(status, answers.declared_answer(path, method.lower()))
        if route is None and allowed:
            # A known path asked with another method: 405 and Allow (RFC 9110), not 404.
            answer = self._error(405, f"{method.upper()} is not allowed on {path}", field="method")
            answer.headers["Allow"] = ", ".join(allowed)
            return answer
        if route is None:
            return self._error(404, f"no route {method.upper()} {path}", field="path")
        if not self._authorized(method, path, headers, query):
            return self._error(401, "invalid API key")
        operation = OPERATIONS[route]
        sent = parameters.received(operation, in_path, query, headers)
        trouble = self._take_misbehaviour(route)
        if trouble is not None and trouble.kind in TRANSPORT_KINDS:
            if trouble.params.get("processed"):
                self._act(route, sent, body)
            raise FakeTransportError(trouble.kind)
        if trouble is not None and trouble.kind in ("rate_limit", "server_error", "error_status"):
            return trouble.answer()
        read = parameters.document(operation, sent)
        found = self.variant.broken_parameters(parameters.broken(operation, sent), operation, read)
        if found:
            return self._reject(found[0], read.get(found[0].path[0]))
        if route == "create" and not self.variant.media_type_ok(_header(headers, "content-type")):
            return self._error(400, "body: Content-Type must be application/json", field="body")
        answer = self._act(route, sent, body)
        return mangle(answer, trouble, route) if trouble is not None else answer

    def _act(self, route: str, sent: Mapping[str, str], body: bytes) -> FakeResponse:
        return self._create(body) if route == "create" else self._result(sent)

    def _take_misbehaviour(self, route: str) -> Misbehaviour | None:
        for trouble in self._misbehaviours:
            if trouble.route in (None, route) and trouble.times > 0:
                trouble.times -= 1
                return trouble
        return None

    def _authorized(
        self, method: str, path: str, headers: Mapping[str, str], query: Mapping[str, str]
    ) -> bool:
        """Whether the request carries the key as the spec says for its operation (any key, or
        none, where it asks for none)."""
        presentation = spec.key_presentation(method.lower(), path)
        if presentation is None:
            return True
        faithful = presentation.accepts(headers, query, self.api_key)
        scheme, key = presentation.presented(headers, query) or ("", "")
        return self.variant.authorized(faithful, scheme, key, self.api_key)

    def _error(self, status: int, message: str, **metadata: str) -> FakeResponse:
        answer = json_answer(status, error_body(status, message, **metadata))
        return self.variant.error_answer(answer, status, message)

    def _reject(self, rule: Rule, value: JSON) -> FakeResponse:
        got = strict_json.dumps(value).decode()[:80]
        message = f"{rule.field}: {rule.description.removeprefix(rule.field + ' ')} (got {got})"
        return self._error(400, message, field=rule.field, rule=rule.id)

    # --- create ------------------------------------------------------------------------------

    def _create(self, raw: bytes) -> FakeResponse:
        try:
            body = strict_json.loads(self.variant.raw_body(raw))
        except RecursionError:
            return self._error(400, "body: nested too deeply", field="body", rule="json")
        except ValueError as error:
            rejected = self._error(400, f"body: not JSON ({error})", field="body", rule="json")
            return self.variant.not_json_answer(rejected, lambda: self._start({}))
        self.requests.append(body)
        for rule in self._broken_rules(body):
            return self._reject(rule, _value_at(body, rule.path))
        return self._start(body)

    def _broken_rules(self, body: JSON) -> list[Rule]:
        return self.variant.broken_rules(rules.broken_rules(body), body)

    def _start(self, body: JSON) -> FakeResponse:
        index = self._started
        self._started += 1
        task_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"fake-task-{index}-{id(self)}"))
        life = spec.task_life()
        before = sorted((s for s in life.rank if s not in life.final), key=life.rank.__getitem__)
        if self._endings:
            final, reason = self._endings.pop(0)
        else:
            reason = self.variant.fails(index)
            # A task that does not succeed ends in each other final status in turn.
            others = sorted(life.final - {life.succeeded})
            final = others[index % len(others)] if reason and others else life.succeeded
        walk = self.variant.walk([*before, final])
        task_id = self.variant.task_id(parameters.task_id_for(index, task_id), index)
        self.tasks[task_id] = Task(task_id, walk, reason)
        answer = json_answer(spec.CREATE_OK, answers.created(task_id))
        return self.variant.created(answer, task_id)

    # --- task result -------------------------------------------------------------------------

    def _result(self, sent: Mapping[str, str]) -> FakeResponse:
        # A request without the task id reaches here only where the parameter rules let it
        # through (a broken variant): no task has no id.
        where = parameters.task_parameter()
        task_id = sent.get(where.field, "")
        task = self.tasks.get(task_id)
        if task is None:
            missing = self._error(404, f"no task with {where.name} {task_id}", field=where.field)
            return self.variant.unknown_task(missing, task_id)
        step = min(task.polls // self.polls_per_step, len(task.walk) - 1)
        task.polls += 1
        return json_answer(spec.RESULT_OK, self._task_result(task, step))

    def _task_result(self, task: Task, step: int) -> JSON:
        life = spec.task_life()
        status = task.walk[step]
        last = len(task.walk) - 1
        declared = answers.task_schema()["properties"]
        top = spec.resolve(declared.get("progress_percent", {})).get("maximum", 100)
        failed = status in life.final and status != life.succeeded
        # What the fake tells of a task beyond its id and status, where the spec has the field.
        names = answers.fields()
        told = {
            "task_type": spec.CREATE_PATH.rsplit("/", 1)[-1],
            "progress_percent": top * step // max(last, 1),
        }
        if names.reason is not None:
            told[names.reason] = task.reason if failed else ""
        if names.eta is not None:
            told[names.eta] = (last - step) * self.polls_per_step
        result = answers.task_result(
            task.task_id,
            status,
            f"https://cdn.example.com/videos/{task.task_id}.mp4",
            **{name: value for name, value in told.items() if name in declared},
        )
        return self.variant.task_result(result, task)


def _header(headers: Mapping[str, str], name: str) -> str:
    return next((v for k, v in headers.items() if k.lower() == name), "")


def _value_at(body: JSON, path: rules.Path) -> JSON:
    """The first value found at a rule's path (for the message), or None."""
    found = rules.values_at(body, path)
    return found[0] if found else None
