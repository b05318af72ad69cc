# Copied from codegen/runtime/_sdk.py by `make generate`: edit it there, not here.
"""PixverseC1 and AsyncPixverseC1: submit, wait, retry safely, fail fast.

Routes and bodies come from the generated endpoint modules (`_get_kwargs`), answers are parsed
by the generated models, the rules checked before sending come from openapi.yaml, and the
behaviour lives once in _flow.py; the classes here only hold settings and do the I/O.
"""

from __future__ import annotations

import asyncio
import os
import random as _random
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Final, Self, TypeVar

import httpx

from ._contract import SERVERS
from ._defaults import with_defaults
from ._exceptions import PixverseError, TaskFailedError, TaskTimeoutError
from ._flow import Flow, Outcome, Sleep, create, result, wait
from ._polling import DEFAULT_WAIT_TIMEOUT, PollSchedule, Waiter
from ._retries import RetryPolicy
from ._validation import REQUEST_SCHEMA, validate_request
from .api.default import create_task as _create_route
from .api.default import get_task_result as _result_route
from .models.create_task_request import CreateTaskRequest
from .models.task_result import TaskResult

API_KEY_ENV: Final = "HIGHWAY_API_KEY"
BASE_URL_ENV: Final = "HIGHWAY_BASE_URL"
DEFAULT_BASE_URL: Final[str] = SERVERS[0]["url"]
DEFAULT_TIMEOUT: Final = httpx.Timeout(60.0, connect=10.0)
# Only the route and headers of this template are used; the body sent is the caller's.
_ROUTE_TEMPLATE: Final = CreateTaskRequest(images=[], prompt="")

T = TypeVar("T")
Request = CreateTaskRequest | Mapping[str, Any]
Timeout = httpx.Timeout | float
ProgressCallback = Callable[[TaskResult], None]


def _as_timeout(timeout: Timeout) -> httpx.Timeout:
    return timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)


def _auth_headers(api_key: str | None) -> httpx.Headers:
    """The Authorization header. httpx.Headers masks it in its repr, so the key stays out of
    tracebacks that print values (pytest does), not only out of our own reprs."""
    key = api_key if api_key is not None else os.environ.get(API_KEY_ENV)
    if not key:
        raise PixverseError(f"no API key: pass api_key=... or set {API_KEY_ENV}")
    return httpx.Headers({"Authorization": f"Bearer {key}"})


class _Settings:
    """What both clients share: the key, the URL, timeouts, retries, validation, the clock."""

    def __init__(
        self,
        auth: httpx.Headers,
        base_url: str | None,
        timeout: Timeout,
        max_retries: int,
        retry_policy: RetryPolicy | None,
        validate: bool,
        check_task_order: bool,
        clock: Callable[[], float],
        random: Callable[[], float],
    ) -> None:
        self._auth = auth
        base_url = base_url or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL
        self.base_url = base_url.rstrip("/")
        self.timeout = _as_timeout(timeout)
        self.retry_policy = retry_policy or RetryPolicy(max_retries=max_retries)
        self.validate = validate
        self.check_task_order = check_task_order
        self._clock = clock
        self._random = random

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, api_key=<hidden>)"

    def _kwargs(self, route: dict[str, Any], timeout: Timeout | None) -> dict[str, Any]:
        route["url"] = self.base_url + route["url"]
        route["headers"] = httpx.Headers({**route.get("headers", {}), **self._auth})
        route["timeout"] = self.timeout if timeout is None else _as_timeout(timeout)
        return route

    def _create_flow(
        self, request: Request, timeout: Timeout | None, validate: bool | None
    ) -> Flow[str]:
        if isinstance(request, CreateTaskRequest):
            route, body = _create_route._get_kwargs(body=request), None
            # A model parsed with from_dict leaves out what its dict left out; fill in those too.
            route["json"] = with_defaults(route["json"], REQUEST_SCHEMA)
        else:
            # A dict gets the spec's defaults, like a model; a non-object is sent as given, so
            # that the check below can name it rather than crash.
            body = (
                with_defaults(request, REQUEST_SCHEMA) if isinstance(request, Mapping) else request
            )
            route = _create_route._get_kwargs(body=_ROUTE_TEMPLATE)
            route["json"] = body
        if self.validate if validate is None else validate:
            validate_request(route["json"] if body is None else body)
        return create(self._kwargs(route, timeout), self.retry_policy, self._random)

    def _result_kwargs(self, task_id: str, timeout: Timeout | None) -> dict[str, Any]:
        return self._kwargs(_result_route._get_kwargs(task_id=task_id), timeout)

    def _result_flow(self, task_id: str, timeout: Timeout | None) -> Flow[TaskResult]:
        found, _ = yield from result(
            task_id, self._result_kwargs(task_id, timeout), self.retry_policy, self._random
        )
        return found

    def _wait_flow(
        self,
        task_id: str,
        wait_timeout: float,
        poll_interval: float | None,
        on_progress: ProgressCallback | None,
        timeout: Timeout | None,
    ) -> Flow[TaskResult]:
        schedule = PollSchedule() if poll_interval is None else PollSchedule.fixed(poll_interval)
        waiter = Waiter(
            task_id, self._clock(), wait_timeout, schedule, on_progress, self.check_task_order
        )
        kwargs = self._result_kwargs(task_id, timeout)
        return wait(waiter, kwargs, self.retry_policy, self._random, self._clock)

    def _generate_flow(
        self,
        request: Request,
        wait_timeout: float,
        poll_interval: float | None,
        on_progress: ProgressCallback | None,
        timeout: Timeout | None,
        validate: bool | None,
    ) -> Flow[TaskResult]:
        task_id = yield from self._create_flow(request, timeout, validate)
        try:
            return (
                yield from self._wait_flow(
                    task_id, wait_timeout, poll_interval, on_progress, timeout
                )
            )
        except (TaskFailedError, TaskTimeoutError):
            raise  # these carry the task_id already
        except PixverseError as error:
            error.add_note(
                f"task {task_id} was created and is billed; resume with "
                f"wait_for_result({task_id!r}) instead of submitting it again"
            )
            raise


class PixverseC1(_Settings):
    """The synchronous client.

    The key comes from `api_key` or HIGHWAY_API_KEY; the URL from `base_url`, HIGHWAY_BASE_URL
    or the spec's server. `validate=False` skips the client-side check of requests, for when
    the server accepts what the spec does not yet allow. `check_task_order=True` raises
    MalformedResponseError when a task's status goes back against x-task-life. `http_client`,
    `sleep`, `clock` and `random` are there for tests and special transports; a passed
    http_client is not closed by close().
    """

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: Timeout = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        retry_policy: RetryPolicy | None = None,
        validate: bool = True,
        check_task_order: bool = False,
        http_client: httpx.Client | None = None,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        random: Callable[[], float] = _random.random,
    ) -> None:
        # pytest prints the arguments of every frame of a failing call: the key leaves this
        # frame's arguments before anything below can fail.
        auth = _auth_headers(api_key)
        del api_key
        super().__init__(
            auth,
            base_url,
            timeout,
            max_retries,
            retry_policy,
            validate,
            check_task_order,
            clock,
            random,
        )
        self._owns_http = http_client is None
        self._http = http_client or httpx.Client(timeout=self.timeout)
        self._sleep = sleep or time.sleep

    def create_task(
        self, request: Request, *, timeout: Timeout | None = None, validate: bool | None = None
    ) -> str:
        """Submit a task (billable once accepted); its task_id."""
        return self._run(self._create_flow(request, timeout, validate))

    def get_task_result(self, task_id: str, *, timeout: Timeout | None = None) -> TaskResult:
        """The task's state now."""
        return self._run(self._result_flow(task_id, timeout))

    def wait_for_result(
        self,
        task_id: str,
        *,
        timeout: float = DEFAULT_WAIT_TIMEOUT,
        poll_interval: float | None = None,
        on_progress: ProgressCallback | None = None,
        request_timeout: Timeout | None = None,
    ) -> TaskResult:
        """Poll until the task succeeds and return its result (with .videos)."""
        flow = self._wait_flow(task_id, timeout, poll_interval, on_progress, request_timeout)
        return self._run(flow)

    def generate(
        self,
        request: Request,
        *,
        wait_timeout: float = DEFAULT_WAIT_TIMEOUT,
        poll_interval: float | None = None,
        on_progress: ProgressCallback | None = None,
        timeout: Timeout | None = None,
        validate: bool | None = None,
    ) -> TaskResult:
        """Submit a task and wait for it; see create_task and wait_for_result."""
        flow = self._generate_flow(
            request, wait_timeout, poll_interval, on_progress, timeout, validate
        )
        return self._run(flow)

    def _run(self, flow: Flow[T]) -> T:
        outcome: Outcome = None
        while True:
            try:
                action = flow.send(outcome)
            except StopIteration as done:
                value: T = done.value
                return value
            if isinstance(action, Sleep):
                self._sleep(action.seconds)
                outcome = None
                continue
            try:
                outcome = self._http.request(**action.kwargs)
            except httpx.RequestError as error:
                outcome = error

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncPixverseC1(_Settings):
    """The asyncio client; the same methods as PixverseC1, to be awaited."""

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: Timeout = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        retry_policy: RetryPolicy | None = None,
        validate: bool = True,
        check_task_order: bool = False,
        http_client: httpx.AsyncClient | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        clock: Callable[[], float] = time.monotonic,
        random: Callable[[], float] = _random.random,
    ) -> None:
        # pytest prints the arguments of every frame of a failing call: the key leaves this
        # frame's arguments before anything below can fail.
        auth = _auth_headers(api_key)
        del api_key
        super().__init__(
            auth,
            base_url,
            timeout,
            max_retries,
            retry_policy,
            validate,
            check_task_order,
            clock,
            random,
        )
        self._owns_http = http_client is None
        self._http = http_client or httpx.AsyncClient(timeout=self.timeout)
        self._sleep = sleep or asyncio.sleep

    async def create_task(
        self, request: Request, *, timeout: Timeout | None = None, validate: bool | None = None
    ) -> str:
        """Submit a task (billable once accepted); its task_id."""
        return await self._run(self._create_flow(request, timeout, validate))

    async def get_task_result(self, task_id: str, *, timeout: Timeout | None = None) -> TaskResult:
        """The task's state now."""
        return await self._run(self._result_flow(task_id, timeout))

    async def wait_for_result(
        self,
        task_id: str,
        *,
        timeout: float = DEFAULT_WAIT_TIMEOUT,
        poll_interval: float | None = None,
        on_progress: ProgressCallback | None = None,
        request_timeout: Timeout | None = None,
    ) -> TaskResult:
        """Poll until the task succeeds and return its result (with .videos)."""
        flow = self._wait_flow(task_id, timeout, poll_interval, on_progress, request_timeout)
        return await self._run(flow)

    async def generate(
        self,
        request: Request,
        *,
        wait_timeout: float = DEFAULT_WAIT_TIMEOUT,
        poll_interval: float | None = None,
        on_progress: ProgressCallback | None = None,
        timeout: Timeout | None = None,
        validate: bool | None = None,
    ) -> TaskResult:
        """Submit a task and wait for it; see create_task and wait_for_result."""
        flow = self._generate_flow(
            request, wait_timeout, poll_interval, on_progress, timeout, validate
        )
        return await self._run(flow)

    async def _run(self, flow: Flow[T]) -> T:
        outcome: Outcome = None
        while True:
            try:
                action = flow.send(outcome)
            except StopIteration as done:
                value: T = done.value
                return value
            if isinstance(action, Sleep):
                await self._sleep(action.seconds)
                outcome = None
                continue
            try:
                outcome = await self._http.request(**action.kwargs)
            except httpx.RequestError as error:
                outcome = error

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
