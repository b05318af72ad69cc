"""Test doubles for the client's tests: a clock that never sleeps, and scripted servers.

Statuses, bodies and the route come from openapi.yaml (through contract_tests.spec), so the
doubles speak the contract without naming a status. Answers are built by contract_tests.answers,
as the fake's are: from what they mean (a task_id, a status, a video), fitted to the spec's
response schemas, so a field the spec adds, retypes or renames needs no edit here. FIELDS names
the fields a test means (the task, its id and status, the videos and a video's URL), as the spec
gives them.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import socket
import threading
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from typing import Any

import httpx
from pixverse_c1_client import AsyncPixverseC1, PixverseC1, models
from pixverse_c1_client._answers import field
from pixverse_c1_client._contract import MODEL_SCHEMAS

from contract_tests import answers, parameters, spec, strategies

KEY = "sk-test-CANARY-7f3a9e"  # distinctive, so a leak is easy to find
BASE_URL = "https://api.test.invalid"
# A task id as the spec's task-result parameter allows it.
TASK_ID = parameters.unknown_task_id("task-0001")
VIDEO_URL = "https://cdn.test.invalid/task-0001.mp4"

FIELDS = answers.fields()

Handler = Callable[[httpx.Request], httpx.Response]
Answer = httpx.Response | Exception | Handler


class FakeClock:
    """monotonic() and sleep() for a client: sleeping moves time on at once and is recorded."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)


class Script:
    """An httpx MockTransport handler answering each request with the next scripted answer
    (the last one repeats). An Exception answer is raised, as a transport would."""

    def __init__(self, answers: Iterable[Answer]) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        if isinstance(answer, httpx.Response):
            return answer
        return answer(request)


def presented(request: httpx.Request) -> tuple[str, str] | None:
    """(HTTP scheme name as written, key) that `request` carries where the spec says its
    operation presents the key (the client's own reading, pixverse_c1_client._auth); None
    when it carries none there, or the operation needs none."""
    operation = (request.method.lower(), spec.path_of(request.url))
    presentation = spec.key_presentations().get(operation)
    if presentation is None:
        return None
    return presentation.presented(request.headers, request.url.params)


def key_sent(request: httpx.Request) -> str | None:
    """The key `request` carries where the spec says (None: none)."""
    found = presented(request)
    return None if found is None else found[1]


def statuses() -> list[str]:
    """The non-final statuses in x-task-life order."""
    life = spec.task_life()
    return sorted((s for s in life.rank if s not in life.final), key=life.rank.__getitem__)


def task_body(status: Any, task_id: Any = TASK_ID, **task: Any) -> dict[str, Any]:
    """A task-result answer of the task `task_id` in `status` (with its video at VIDEO_URL on
    success), fitted to the spec; then the id, the status and the `task` fields are set as
    given, unfitted, so that a test can give a wrong one on purpose."""
    body = answers.task_result(TASK_ID, _known(status), VIDEO_URL)
    answers.at(body, FIELDS.task).update({FIELDS.task_id: task_id, FIELDS.status: status, **task})
    return body


def _known(status: Any) -> str:
    """`status`, or the first status of the spec for one it does not list."""
    return status if status in spec.task_life().rank else statuses()[0]


def ok(body: Any, status: int = spec.RESULT_OK) -> httpx.Response:
    """A success answer: the task-result call's status unless told."""
    return httpx.Response(status, json=body)


def created_body(task_id: Any = TASK_ID) -> dict[str, Any]:
    """A create answer giving `task_id` (set as given, unfitted), fitted to the spec."""
    return {**answers.created(TASK_ID), FIELDS.created_id: task_id}


def created(task_id: Any = TASK_ID) -> httpx.Response:
    return ok(created_body(task_id), spec.CREATE_OK)


def error(
    status: int, reason: str = "SOME_REASON", message: str = "it went wrong"
) -> httpx.Response:
    return httpx.Response(status, json={"code": status, "reason": reason, "message": message})


def task_life_script(polls: list[dict[str, Any]]) -> Script:
    """POST answers the task_id; each GET the next of `polls` (the last repeats)."""
    answers = list(polls)

    def answer(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            return created()
        return ok(answers.pop(0) if len(answers) > 1 else answers[0])

    return Script([answer])


def life_to(final: str, **final_task: Any) -> list[dict[str, Any]]:
    """A poll answer for each non-final status, then the final one."""
    return [task_body(s, eta=30 - 10 * i) for i, s in enumerate(statuses())] + [
        task_body(final, **final_task)
    ]


# The spec's required parameters, at plain values, on every client the tests make.
DEFAULTS: dict[str, Any] = {"default_parameters": parameters.client_defaults()}


def sync_client(handler: Handler, clock: FakeClock | None = None, **options: Any) -> PixverseC1:
    """A client on `handler` with the fake clock, no jitter, and the test key and URL."""
    clock = clock or FakeClock()
    transport = httpx.MockTransport(handler)
    options = {"random": lambda: 0.0, "base_url": BASE_URL, **DEFAULTS, **options}
    return PixverseC1(
        api_key=KEY,
        http_client=httpx.Client(transport=transport),
        sleep=clock.sleep,
        clock=clock,
        **options,
    )


def async_client(
    handler: Handler, clock: FakeClock | None = None, **options: Any
) -> AsyncPixverseC1:
    clock = clock or FakeClock()
    transport = httpx.MockTransport(handler)
    options = {"random": lambda: 0.0, "base_url": BASE_URL, **DEFAULTS, **options}
    return AsyncPixverseC1(
        api_key=KEY,
        http_client=httpx.AsyncClient(transport=transport),
        sleep=clock.async_sleep,
        clock=clock,
        **options,
    )


def valid_request() -> dict[str, Any]:
    """A fresh copy of the spec's first request example, or where the spec gives none, of the
    valid boundary request giving the most fields."""
    given = [value for _, name, value in spec.examples() if name == spec.ROLES["request"]]
    fullest = given or sorted(strategies.boundary_requests(), key=lambda b: -len(json.dumps(b)))
    body: dict[str, Any] = copy.deepcopy(fullest[0])
    return body


def model_of(schema: str) -> Any:
    """The generated model class of components.schemas[schema], however the spec spells the
    schema's name (create_task_body: CreateTaskBody); None where the model generator made none
    (a schema that is a choice of shapes, read as JSON)."""
    by_schema = {name: model for model, name in MODEL_SCHEMAS.items()}
    return getattr(models, by_schema.get(schema, ""), None)


def text_field(request: dict[str, Any]) -> str:
    """A top-level field of `request` that holds text: the mention rule's prompt where the spec
    sets one, else the first string the request gives."""
    mention = spec.mention_rule()
    if mention is not None and isinstance(request.get(mention.field), str):
        return mention.field
    return next(name for name, value in request.items() if isinstance(value, str))


MODES = ("sync", "async")


def call(
    mode: str,
    handler: Handler,
    method: str,
    *args: Any,
    clock: FakeClock | None = None,
    options: dict[str, Any] | None = None,
    **kwargs: Any,
) -> Any:
    """`method(*args, **kwargs)` on a sync client, or awaited on an async one in its own loop;
    `options` go to the client."""
    clock = clock or FakeClock()
    if mode == "sync":
        return getattr(sync_client(handler, clock, **(options or {})), method)(*args, **kwargs)

    async def go() -> Any:
        async with async_client(handler, clock, **(options or {})) as client:
            return await getattr(client, method)(*args, **kwargs)

    return asyncio.run(go())


class Trickle(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body sent one byte per (fake) second: the clock moves on as each byte comes."""

    def __init__(self, body: bytes, clock: FakeClock) -> None:
        self.body, self.clock = body, clock

    def __iter__(self) -> Iterator[bytes]:
        for i in range(len(self.body)):
            self.clock.now += 1.0
            yield self.body[i : i + 1]

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self:
            yield chunk


def trickled(body: Any, clock: FakeClock, status: int = 200) -> httpx.Response:
    content = json.dumps(body).encode()
    return httpx.Response(status, stream=Trickle(content, clock))


class RawServer:
    """A loopback TCP server whose `handler(connection, request_head, n)` writes whatever bytes
    it likes (n counts the requests, over all connections; a connection is kept for the next
    request once the handler returns): for answers no HTTP library would send. Stops, and
    closes what it accepted, on exit."""

    def __init__(self, handler: Callable[[socket.socket, bytes, int], None]) -> None:
        self.handler = handler
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.accepted: list[socket.socket] = []
        self.requests = 0
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._accept, daemon=True)]
        self.threads[0].start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.accepted.append(connection)
            worker = threading.Thread(target=self._serve, args=(connection,), daemon=True)
            self.threads.append(worker)
            worker.start()

    def _serve(self, connection: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while True:
                data = b""
                while b"\r\n\r\n" not in data:
                    got = connection.recv(65536)
                    if not got:
                        return
                    data += got
                with self.lock:
                    self.requests += 1
                    n = self.requests
                self.handler(connection, data, n)

    def __enter__(self) -> RawServer:
        return self

    def __exit__(self, *exc: object) -> None:
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() (close would not)
        self.listener.close()
        for connection in self.accepted:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
            connection.close()
        for thread in self.threads:
            thread.join(timeout=5)


def http_answer(status: int, body: bytes, *headers: str) -> bytes:
    head = [f"HTTP/1.1 {status} X", f"Content-Length: {len(body)}", *headers]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


# The fields the client acts on, read from a built model where the spec puts them
# (spec.ROLES), so that a test holds when the spec renames them.


def task_id_of(result: Any) -> Any:
    """The task's id in a task result."""
    return field(result, spec.ROLES["task_id"])


def created_id_of(created: Any) -> Any:
    """The task id in a create answer."""
    return field(created, spec.ROLES["create_task_id"])


def outputs_of(result: Any) -> Any:
    """A task result's outputs (its videos), as the model holds them."""
    return field(result, spec.ROLES["outputs"])


def output_url(output: Any) -> Any:
    """An output's URL."""
    return field(output, [spec.ROLES["output_url"]])
