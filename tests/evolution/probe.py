"""What a project's own client does with the bodies its own strategies make.

Runs as a script (`python -P probe.py describe|check ORIGINAL.json`) in the environment of one
copy of the project, so every import below is that copy's. It prints one JSON document:
`describe` the rules and boundary bodies of this project (for the unedited original); `check`
the rules that are new or changed against the original's, and the problems of the client:

- every body that the strategies make to break a new or changed rule is refused with
  RequestValidationError, and no request reaches the transport;
- every original boundary body that the edited spec forbids is refused the same way;
- every boundary body of the edited spec is sent, as given plus the spec's defaults, to the
  path of the spec's create operation;
- a wait on a task that answers a final status other than success ends at the first poll with
  an error carrying the task_id;
- every set of parameters that the contract suite makes to break a new or changed rule of an
  operation's parameters is refused the same way (a missing task id aside: the client's calls
  take it as an argument), and every valid set at the parameters' edges is sent, each
  parameter as given, in the path, the query or the header the spec puts it.
- an answer whose required field the client does not act on is missing or of the wrong type,
  at any depth, is still read: a create answer gives its task_id, a task result its result.
"""

from __future__ import annotations

import functools
import json
import sys
import traceback
from collections.abc import Callable
from typing import Any

import httpx
from pixverse_c1_client import PixverseC1, PixverseError, RequestValidationError, TaskTimeoutError

from contract_tests import answers, parameters, rules, spec, strategies
from contract_tests.rules import Rule

JSON = Any
# A task id the spec's task-result parameter allows.
TASK_ID = parameters.unknown_task_id("task-evolution")
BASE_URL = "https://api.test.invalid"


def _key(rule: Rule) -> list[str]:
    return [rule.id, repr(rule.value)]


def _all_rules() -> list[Rule]:
    return [*rules.request_rules(), *parameters.parameter_rules()]


def describe() -> dict[str, JSON]:
    return {
        "rules": [_key(r) for r in _all_rules()],
        "boundary": strategies.boundary_requests(),
    }


class Recorder:
    """A MockTransport handler: creates answer `created` (the answer the spec asks for, by
    default), polls answer `polled`."""

    def __init__(self, polled: JSON = None, created: JSON = None) -> None:
        self.polled = polled
        self.created = _created() if created is None else created
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.method == "GET":
            return httpx.Response(spec.RESULT_OK, json=self.polled)
        return httpx.Response(spec.CREATE_OK, json=self.created)


def _created() -> JSON:
    """The answer to a create call that the spec asks for, as the fake would give it."""
    return answers.created(TASK_ID)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def _client(recorder: Recorder, clock: Clock, defaults: bool = True) -> PixverseC1:
    """A client on the recorder; with the spec's required parameters as its defaults."""
    http = httpx.Client(transport=httpx.MockTransport(recorder))
    return PixverseC1(
        api_key="evolution-key",
        base_url=BASE_URL,
        http_client=http,
        max_retries=0,
        sleep=clock.sleep,
        clock=clock,
        default_parameters=parameters.client_defaults() if defaults else None,
    )


def _operation(with_body: bool) -> tuple[str, str]:
    """(METHOD, path) of the spec's one operation that takes (or does not take) a body."""
    [found] = [
        (method.upper(), path)
        for path, method, operation in spec.operations()
        if ("requestBody" in operation) == with_body
    ]
    return found


def _short(value: JSON) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 120 else text[:117] + "..."


def _reason(error: Exception) -> str:
    if isinstance(error, RequestValidationError):
        return "refused: " + "; ".join(str(v) for v in error.violations)
    return f"{type(error).__name__}: {error}"


def _refused(body: JSON, why: str) -> str | None:
    recorder = Recorder()
    try:
        _client(recorder, Clock()).create_task(body)
    except RequestValidationError:
        pass
    except Exception as error:
        return f"{why}: {_reason(error)} (body {_short(body)})"
    else:
        return f"{why}: sent, not refused (body {_short(body)})"
    if recorder.requests:
        return f"{why}: refused, but {len(recorder.requests)} request(s) went out"
    return None


def _sent(body: JSON) -> str | None:
    recorder = Recorder()
    method, path = _operation(with_body=True)
    try:
        _client(recorder, Clock()).create_task(body)
    except Exception as error:
        return f"boundary body not sent: {_reason(error)} (body {_short(body)})"
    if len(recorder.requests) != 1:
        return f"one create call made {len(recorder.requests)} requests (body {_short(body)})"
    [request] = recorder.requests
    expected = rules.as_sent(body)
    if (request.method, spec.path_of(request.url)) != (method, path):
        return f"sent to {request.method} {request.url.path}, the spec says {method} {path}"
    if json.loads(request.content) != expected:
        return f"sent {_short(json.loads(request.content))}, expected {_short(expected)}"
    return None


def _wait_ends(status: str) -> list[str]:
    return _found(_wait_problem(status))


def _wait_problem(status: str) -> str | None:
    recorder, clock = Recorder(answers.task_result(TASK_ID, status)), Clock()
    try:
        _client(recorder, clock).wait_for_result(TASK_ID, timeout=60, poll_interval=1)
    except TaskTimeoutError as error:
        polls = len(recorder.requests)
        return f"a wait on final status {status} timed out after {polls} polls: {error}"
    except PixverseError as error:
        if getattr(error, "task_id", None) != TASK_ID:
            return f"a wait on final status {status} raised {error!r} without the task_id"
        if len(recorder.requests) != 1:
            return f"a wait on final status {status} polled {len(recorder.requests)} times"
        return None
    return f"a wait on final status {status} returned as if it had succeeded"


def _break_cases(rule: Rule) -> list[JSON]:
    return [body for _, body in strategies.break_cases(rule)]


def _attempt(problems: list[str], what: str, check: Callable[[], list[str]]) -> None:
    """Run one check; an exception is a problem too, named by its last traceback line."""
    try:
        problems += check()
    except Exception:
        last = traceback.format_exc().strip().splitlines()[-1]
        problems.append(f"{what}: {last}")


def _breaks_refused(rule: Rule) -> list[str]:
    bodies = _break_cases(rule)
    if not bodies:
        return [f"no body breaks {rule.id}"]
    problems = []
    for body in bodies:
        if not rules.broken_rules(body):
            problems.append(f"a break of {rule.id} breaks no rule by the spec: {_short(body)}")
        elif not rules.refused(body):  # mended by a default: sent with it
            problems += _found(_sent(body))
        else:
            problems += _found(_refused(body, f"a break of {rule.id}"))
    return problems


def _forbidden_refused(original_boundary: list[JSON]) -> list[str]:
    why = "an original boundary body that the edit forbids"
    forbidden = [body for body in original_boundary if rules.refused(body)]
    return [p for body in forbidden for p in _found(_refused(body, why))]


def _boundary_sent() -> list[str]:
    return [p for body in strategies.boundary_requests() for p in _found(_sent(body))]


def _found(problem: str | None) -> list[str]:
    return [] if problem is None else [problem]


def _call(sent: parameters.Sent, operation: str, recorder: Recorder) -> None:
    """The client's call of the operation with exactly these parameters (no defaults)."""
    client = _client(recorder, Clock(), defaults=False)
    given = parameters.arguments(operation, sent)
    if operation == spec.CREATE_OPERATION:
        client.create_task(strategies.minimal_request(), parameters=given)
    else:
        task = given.pop(parameters.task_parameter().name)
        client.get_task_result(task, parameters=given)


def _parameter_breaks_refused(rule: Rule) -> list[str]:
    cases = parameters.break_cases(rule)
    if not cases:
        return [f"no parameters break {rule.id}"]
    problems = []
    task = parameters.task_parameter()
    for kind, sent in cases:
        if rule.operation == task.operation and task.field not in sent:
            continue  # the calls take the task id as an argument: it cannot be left out
        recorder = Recorder()
        why = f"a break of {rule.id} ({kind}: {_short(sent)})"
        try:
            _call(sent, rule.operation, recorder)
        except RequestValidationError:
            pass
        except Exception as error:
            problems.append(f"{why}: {_reason(error)}")
            continue
        else:
            problems.append(f"{why}: sent, not refused")
            continue
        if recorder.requests:
            problems.append(f"{why}: refused, but {len(recorder.requests)} request(s) went out")
    return problems


def _parameters_sent() -> list[str]:
    """Every valid parameter set at the edges goes out as given, where the spec puts it."""
    problems = []
    for operation in (spec.CREATE_OPERATION, spec.RESULT_OPERATION):
        for sent in parameters.boundary(operation):
            recorder = Recorder()
            try:
                _call(sent, operation, recorder)
            except RequestValidationError as error:
                problems.append(f"{operation} {_short(sent)} refused: {_reason(error)}")
                continue
            except PixverseError:
                pass  # the recorder's answer to a poll is no task result: it was sent
            if not recorder.requests:
                problems.append(f"{operation} {_short(sent)}: nothing was sent")
                continue
            request = recorder.requests[0]
            query = dict(request.url.params)
            in_path = spec.path_values(request.url)
            for parameter in parameters.of(operation):
                where = {"query": query, "path": in_path}.get(parameter.location, request.headers)
                got = where.get(parameter.name)
                if got != sent.get(parameter.field):
                    problems.append(
                        f"{operation} {parameter.field}: sent {got!r}, given "
                        f"{sent.get(parameter.field)!r}"
                    )
    return problems


def _acted_on(path: tuple[JSON, ...], fields: answers.Fields) -> bool:
    """Whether the client acts on the field at `path` of a create answer or a task result."""
    shape = tuple("[]" if isinstance(step, int) else step for step in path)
    task, outputs = fields.task, fields.outputs
    acted_on = {(fields.created_id,), (*task, fields.task_id), (*task, fields.status)}
    acted_on |= {outputs, (*outputs, "[]"), (*outputs, "[]", fields.output_url)}
    acted_on |= {task[:depth] for depth in range(1, len(task) + 1)}
    acted_on |= {outputs[:depth] for depth in range(1, len(outputs))}
    return shape in acted_on


def _spoiled(document: JSON, path: tuple[JSON, ...]) -> list[JSON]:
    """`document` without the field at `path`, and with it of a type no schema here expects."""
    found = []
    for spoil in ("drop", "retype"):
        copy = json.loads(json.dumps(document))
        parent = copy
        for step in path[:-1]:
            parent = parent[step]
        if spoil == "drop":
            del parent[path[-1]]
        else:
            parent[path[-1]] = [[None]] if not isinstance(parent[path[-1]], list) else "x"
        found.append(copy)
    return found


def _tolerant_reading() -> list[str]:
    """Answers with a required field the client does not act on missing or of another type,
    for each required field at any depth: read all the same."""
    problems = []
    fields, request = answers.fields(), strategies.boundary_requests()[0]
    created = answers.created(TASK_ID)
    schema = answers.answer_schema(spec.CREATE_PATH, "post")
    for path in answers.required_paths(created, schema):
        if _acted_on(path, fields):
            continue
        for spoiled in _spoiled(created, path):
            try:
                got = _client(Recorder(created=spoiled), Clock()).create_task(request)
            except Exception as error:
                got = _reason(error)
            if got != TASK_ID:
                problems.append(f"a create answer {_short(spoiled)} gave {got!r}, not the task_id")
    for status in spec.task_life().rank:
        result = answers.task_result(TASK_ID, status)
        schema = answers.answer_schema(spec.RESULT_PATH, "get")
        for path in answers.required_paths(result, schema):
            if _acted_on(path, fields):
                continue
            for spoiled in _spoiled(result, path):
                try:
                    _client(Recorder(spoiled), Clock()).get_task_result(TASK_ID)
                except Exception as error:
                    problems.append(f"a task result {_short(spoiled)}: {_reason(error)}")
    return problems


def check(original: dict[str, JSON]) -> dict[str, JSON]:
    before = {tuple(key) for key in original["rules"]}
    edited = [r for r in _all_rules() if tuple(_key(r)) not in before]
    problems: list[str] = []
    for rule in edited:
        if rule.operation:
            breaks = functools.partial(_parameter_breaks_refused, rule)
            _attempt(problems, f"the breaks of {rule.id}", breaks)
            continue
        _attempt(problems, f"the breaks of {rule.id}", functools.partial(_breaks_refused, rule))
    _attempt(problems, "parameters.boundary()", _parameters_sent)
    _attempt(problems, "forbidden", lambda: _forbidden_refused(original["boundary"]))
    _attempt(problems, "boundary_requests()", _boundary_sent)
    life = spec.task_life()
    for status in sorted(life.final - {life.succeeded}):
        _attempt(problems, f"a wait on {status}", functools.partial(_wait_ends, status))
    _attempt(problems, "tolerant reading", _tolerant_reading)
    return {"rules": [r.id for r in edited], "problems": problems}


def main(argv: list[str]) -> None:
    if argv[:1] == ["describe"]:
        found = describe()
    else:
        with open(argv[1], encoding="utf-8") as original:
            found = check(json.load(original))
    json.dump(found, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
