"""PixverseC1 and AsyncPixverseC1: submit, wait, retry safely, fail fast, download.

Routes come from the generated endpoint modules (`_get_kwargs`), answers are parsed by the
generated models, the rules checked before sending come from openapi.yaml, and the behaviour
lives once in _flow.py; the classes here only hold settings and do the I/O.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import os
import random as _random
import time
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any, Final, Self, TypeVar

import httpx

from . import _arguments as check
from . import _fetched, _parameters
from ._answers import field
from ._auth import KeyAuth, Presentation
from ._contract import ROLES, SERVERS, SPEC_VERSION
from ._decode import ACCEPTED
from ._exceptions import (
    ClientStateError,
    DownloadError,
    InvalidArgumentError,
    PixverseError,
    TaskFailedError,
    TaskTimeoutError,
    UnexpectedClientError,
)
from ._flow import Answered, Budget, Flow, Reply, Report, Send, Sink, Sleep
from ._flow import create as _create
from ._flow import download as _download
from ._flow import result as _result
from ._flow import wait as _wait
from ._io import send_async, send_sync
from ._polling import DEFAULT_WAIT_TIMEOUT, PollSchedule, Waiter
from ._raw import RawResponse
from ._redact import Secret, remember
from ._requests import body_of, checked, encode
from ._retries import RetryPolicy
from ._roles import OUTPUT_MODELS, Output, Result
from ._roles import Request as RequestModel
from ._routes import create_route as _create_route
from ._routes import result_route as _result_route
from ._validation import RequestValidationError
from ._version import __version__

API_KEY_ENV: Final = "HIGHWAY_API_KEY"
BASE_URL_ENV: Final = "HIGHWAY_BASE_URL"
DEFAULT_BASE_URL: Final[str] = SERVERS[0]["url"]
DEFAULT_TIMEOUT: Final = httpx.Timeout(60.0, connect=10.0)
DEFAULT_MAX_RESPONSE_BYTES: Final = 4 * 1024 * 1024
DEFAULT_MAX_DOWNLOAD_BYTES: Final = 2 * 1024**3
USER_AGENT: Final = (
    f"pixverse-c1-client/{__version__} (openapi {SPEC_VERSION}) httpx/{httpx.__version__}"
)
# A URL fetched this close to its expiry is fetched again before a download starts.
_TTL_MARGIN: Final = 5.0


# Each operation is named as its generated endpoint module (its operationId).
_CREATE: Final = ROLES["create_operation"]
_RESULT: Final = ROLES["result_operation"]
# The routes (method, path, own headers) as the generated endpoints build them, without their
# bodies and parameters: those are the caller's, checked and written per call.
_CREATE_ROUTE: Final = _parameters.fixed_route(_create_route._get_kwargs, _CREATE)
_RESULT_ROUTE: Final = _parameters.fixed_route(_result_route._get_kwargs, _RESULT)
# The task-result parameter that carries the task id (the calls' own `task_id` argument).
_TASK_PARAMETER: Final = _parameters.TASK_PARAMETER[1]
# The generated endpoint module of each operation the clients call.
_ENDPOINTS: Final = {_CREATE: _create_route, _RESULT: _result_route}


# What download() takes besides a URL: a task result, or one of its outputs.
_SOURCES: Final[tuple[type[Any], ...]] = (Result, *OUTPUT_MODELS)


def _outputs(result: Any) -> list[Any]:
    """A task result's outputs (ROLES["outputs"]): [] where the answer or the spec has none."""
    found = field(result, ROLES["outputs"])
    return found if isinstance(found, list) else []


def video_urls(result: Result) -> list[str]:
    """The URLs of a task result's videos, read where openapi.yaml puts them: code that reads
    them so keeps working when a regeneration renames the fields."""
    if not isinstance(result, Result):
        got = type(result).__name__
        raise InvalidArgumentError(f"video_urls needs a {Result.__name__}, got {got}")
    found = (field(output, [ROLES["output_url"]]) for output in _outputs(result))
    return [url for url in found if isinstance(url, str)]


def _auth(operation: str) -> Presentation | None:
    """How the operation carries the key: its endpoint module's AUTH (None: it needs none)."""
    found: Presentation | None = _ENDPOINTS[operation].AUTH
    return found


def _presentations() -> list[Presentation]:
    """How the operations the clients call carry the key."""
    return [p for p in map(_auth, _ENDPOINTS) if p is not None]


def _key_headers() -> set[str]:
    """Headers that carry the key (lower-case): no default header may set them."""
    found = {"authorization"}
    for p in _presentations():
        if p.place != "query":
            found.add("cookie" if p.place == "cookie" else p.name.lower())
    return found


T = TypeVar("T")
Request = RequestModel | Mapping[str, Any]
Parameters = Mapping[str, Any]
Timeout = httpx.Timeout | float
ProgressCallback = Callable[[Result], object]
DownloadProgress = Callable[[int, int | None], object]
VideoSource = Result | Output | str


class _BaseClient:
    """What both clients share: the key, the URL, timeouts, retries, validation, the clock, and
    the flows every call runs."""

    _http: Any

    def __init__(
        self,
        secret: Secret,
        base_url: str | None,
        timeout: Timeout,
        max_retries: int,
        retry_policy: RetryPolicy | None,
        validate: bool,
        check_task_order: bool,
        default_headers: Mapping[str, str] | None,
        max_response_bytes: int,
        clock: Callable[[], float],
        random: Callable[[], float],
        default_parameters: Parameters | None,
    ) -> None:
        secret = check.api_key(secret, API_KEY_ENV)
        remember(secret)
        base = base_url or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL
        if not isinstance(base, str):
            raise InvalidArgumentError(f"base_url must be a string, got {type(base).__name__}")
        self.base_url = base.rstrip("/")
        self.timeout = check.timeout("timeout", timeout) or DEFAULT_TIMEOUT
        if retry_policy is not None and not isinstance(retry_policy, RetryPolicy):
            raise InvalidArgumentError("retry_policy must be a RetryPolicy")
        self.retry_policy = retry_policy or RetryPolicy(
            max_retries=check.count("max_retries", max_retries)
        )
        self.validate = bool(check.flag("validate", validate, optional=False))
        self.check_task_order = bool(check.flag("check_task_order", check_task_order))
        for presentation in _presentations():
            problem = presentation.problem(secret.reveal())
            if problem:
                raise InvalidArgumentError(problem)
        self.default_headers = check.headers(default_headers, _key_headers())
        self.default_parameters = _parameters.given(
            "default_parameters", default_parameters, (_CREATE, _RESULT), (_TASK_PARAMETER,)
        )
        self.max_response_bytes = check.count("max_response_bytes", max_response_bytes, minimum=1)
        # The key is put on each request as it is sent (_auth.KeyAuth), never into headers or
        # kwargs: httpx masks only Authorization in its reprs, and pytest prints the arguments
        # of every frame of a failing call.
        self._secret = secret
        # Only what the client can inflate within the size cap is asked for (_decode.py).
        self._headers = httpx.Headers(
            {"User-Agent": USER_AGENT, "Accept-Encoding": ACCEPTED, **self.default_headers}
        )
        self._route_headers: dict[tuple[Any, ...], httpx.Headers] = {}
        self._clock = clock
        self._random = random
        self._closed = False

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, api_key=<hidden>)"

    def __reduce__(self) -> Any:
        raise ClientStateError("a client cannot be pickled (it holds the key and a connection)")

    def _copy_with(self, **options: Any) -> Self:
        """A client sharing this one's connections, with some settings changed."""
        known = {
            "timeout", "max_retries", "retry_policy", "validate", "check_task_order",
            "default_headers", "max_response_bytes", "base_url", "default_parameters",
        }  # fmt: skip
        unknown = set(options) - known
        if unknown:
            raise InvalidArgumentError(f"with_options does not know {sorted(unknown)}")
        twin = object.__new__(type(self))
        twin.__dict__.update(self.__dict__)
        twin._owns_http = False  # type: ignore[attr-defined]
        if "timeout" in options:
            twin.timeout = check.timeout("timeout", options["timeout"]) or DEFAULT_TIMEOUT
        if "retry_policy" in options or "max_retries" in options:
            policy = options.get("retry_policy")
            if policy is not None and not isinstance(policy, RetryPolicy):
                raise InvalidArgumentError("retry_policy must be a RetryPolicy")
            retries = options.get("max_retries", self.retry_policy.max_retries)
            twin.retry_policy = policy or RetryPolicy(
                **{
                    **{f: getattr(self.retry_policy, f) for f in _POLICY_FIELDS},
                    "max_retries": check.count("max_retries", retries),
                }
            )
        if "validate" in options:
            twin.validate = bool(check.flag("validate", options["validate"], optional=False))
        if "check_task_order" in options:
            twin.check_task_order = bool(
                check.flag("check_task_order", options["check_task_order"])
            )
        if "max_response_bytes" in options:
            twin.max_response_bytes = check.count(
                "max_response_bytes", options["max_response_bytes"], minimum=1
            )
        twin._route_headers = {}
        if "base_url" in options:
            if not isinstance(options["base_url"], str):
                raise InvalidArgumentError("base_url must be a string")
            twin.base_url = options["base_url"].rstrip("/")
        if "default_headers" in options:
            added = check.headers(options["default_headers"], _key_headers())
            twin.default_headers = {**self.default_headers, **added}
            twin._headers = httpx.Headers(self._headers)
            twin._headers.update(added)
            twin._route_headers = {}
        if "default_parameters" in options:
            added_parameters = _parameters.given(
                "default_parameters",
                options["default_parameters"],
                (_CREATE, _RESULT),
                (_TASK_PARAMETER,),
            )
            twin.default_parameters = {**self.default_parameters, **added_parameters}
        return twin

    # --- the flows ----------------------------------------------------------------------

    def _kwargs(
        self,
        route: dict[str, Any],
        timeout: httpx.Timeout,
        operation: str,
        parameters: Parameters | None = None,
    ) -> dict[str, Any]:
        """The request's kwargs: the route, the client's headers, the operation's parameters
        in the path, the query and the headers, and the key where the spec puts it for the
        operation."""
        given = route.get("headers") or {}
        key = tuple(given.items())
        headers = self._route_headers.get(key)
        if headers is None:
            headers = httpx.Headers(given)
            headers.update(self._headers)
            self._route_headers[key] = headers  # never changed after: shared by requests
        route = dict(route)
        presentation = _auth(operation)
        if presentation is not None:
            route["auth"] = KeyAuth(presentation, self._secret)
        sent = _parameters.wire(operation, parameters or {})
        if sent.headers:
            headers = httpx.Headers(headers)
            headers.update(sent.headers)
        if sent.query:
            route["params"] = sent.query
        route["url"] = self.base_url + sent.path
        route["headers"] = headers
        route["timeout"] = timeout
        return route

    def _parameters_of(
        self, operation: str, given: Parameters, checking: bool, skip: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        """The operation's parameters of this call: the client's defaults, then the call's
        own; checked against the spec (a required one missing included) when `checking`."""
        names = {p["name"] for p in _parameters.declared(operation)}
        values = {
            name: value
            for name, value in {**self.default_parameters, **given}.items()
            if name in names
        }
        if checking:
            broken = _parameters.violations(operation, values, skip=skip)
            if broken:
                raise RequestValidationError(broken)
        return values

    def _budget(self, timeout: httpx.Timeout) -> Budget:
        total = check.total(timeout)
        return Budget(self._clock, None if total is None else self._clock() + total, None)

    def _checking(self, validate: Any) -> bool:
        checking = check.flag("validate", validate)
        return self.validate if checking is None else bool(checking)

    def _create_flow(
        self, request: Any, timeout: Any, validate: Any, parameters: Any = None
    ) -> Flow[Answered[str]]:
        limit = check.timeout("timeout", timeout) or self.timeout
        checking = self._checking(validate)
        given = _parameters.given("parameters", parameters, (_CREATE,))
        body = body_of(request)
        broken: list[Any] = []
        try:
            values = self._parameters_of(_CREATE, given, checking)
        except RequestValidationError as error:
            values, broken = {}, list(error.violations)
        if checking:
            try:
                body = checked(request, body)
            except RequestValidationError as error:
                broken += error.violations
        if broken:
            raise RequestValidationError(broken)
        content = encode(body)
        route = {**_CREATE_ROUTE, "content": content}
        kwargs = self._kwargs(route, limit, _CREATE, values)
        return (yield from _create(kwargs, self.retry_policy, self._random, self._budget(limit)))

    def _result_kwargs(
        self, task_id: str, parameters: Parameters, limit: httpx.Timeout, trusted: bool
    ) -> dict[str, Any]:
        """The task-result request: the task id in its parameter, the call's parameters and
        the task id checked, unless `trusted`: a task id the server gave out (its reader is the
        server, and a paid task is never left unpolled over its spelling) with parameters
        checked before the create."""
        given = {**parameters, _TASK_PARAMETER: task_id}
        try:
            values = self._parameters_of(_RESULT, given, self.validate and not trusted)
            return self._kwargs(dict(_RESULT_ROUTE), limit, _RESULT, values)
        except RequestValidationError as error:  # a task id no URL carries (".." in a path)
            error.task_id = task_id
            raise

    def _result_flow(
        self, task_id: Any, timeout: Any, parameters: Any = None, trusted: bool = False
    ) -> Flow[Answered[Result]]:
        task_id = check.task_id(task_id)
        limit = check.timeout("timeout", timeout) or self.timeout
        given = _parameters.given("parameters", parameters, (_RESULT,), (_TASK_PARAMETER,))
        kwargs = self._result_kwargs(task_id, given, limit, trusted)
        budget = self._budget(limit)
        found, response = yield from _result(
            task_id, kwargs, self.retry_policy, self._random, budget
        )
        _fetched.record(found, self._clock())
        for output in _outputs(found):
            _fetched.record(output, self._clock())
        return found, response

    def _wait_flow(
        self,
        task_id: Any,
        wait_timeout: Any,
        poll_interval: Any,
        on_progress: Any,
        timeout: Any,
        parameters: Any = None,
        trusted: bool = False,
    ) -> Flow[Answered[Result]]:
        task_id = check.task_id(task_id)
        given = _parameters.given("parameters", parameters, (_RESULT,), (_TASK_PARAMETER,))
        seconds = check.seconds("timeout", wait_timeout)
        interval = check.seconds("poll_interval", poll_interval, optional=True)
        self._check_callback(check.callback("on_progress", on_progress))
        limit = check.timeout("request_timeout", timeout) or self.timeout
        schedule = PollSchedule() if interval is None else PollSchedule.fixed(interval)
        assert seconds is not None
        kwargs = self._result_kwargs(task_id, given, limit, trusted)
        waiter = Waiter(task_id, self._clock(), seconds, schedule, self.check_task_order)
        found, response = yield from _wait(
            waiter, kwargs, self.retry_policy, self._random, self._clock, check.total(limit),
            on_progress,
        )  # fmt: skip
        _fetched.record(found, self._clock())
        for output in _outputs(found):
            _fetched.record(output, self._clock())
        return found, response

    def _generate_flow(
        self,
        request: Any,
        wait_timeout: Any,
        poll_interval: Any,
        on_progress: Any,
        timeout: Any,
        validate: Any,
        parameters: Any = None,
    ) -> Flow[Answered[Result]]:
        # Every argument is checked before the paid create is sent: the task-result call's
        # parameters too (the task id aside, which the server gives out).
        check.seconds("wait_timeout", wait_timeout)
        check.seconds("poll_interval", poll_interval, optional=True)
        self._check_callback(check.callback("on_progress", on_progress))
        check.timeout("timeout", timeout)
        given = _parameters.given("parameters", parameters, (_CREATE, _RESULT), (_TASK_PARAMETER,))
        polled = {p["name"] for p in _parameters.declared(_RESULT)}
        for_result = {k: v for k, v in given.items() if k in polled}
        self._parameters_of(_RESULT, for_result, self._checking(validate), (_TASK_PARAMETER,))
        created = {p["name"] for p in _parameters.declared(_CREATE)}
        for_create = {k: v for k, v in given.items() if k in created}
        task_id, _ = yield from self._create_flow(request, timeout, validate, for_create)
        try:
            return (
                yield from self._wait_flow(
                    task_id, wait_timeout, poll_interval, on_progress, timeout, for_result, True
                )
            )
        except (TaskFailedError, TaskTimeoutError):
            raise  # these say what to do already
        except PixverseError as error:
            error.task_id = task_id
            error.add_note(
                f"task {task_id} was created and is billed; resume with "
                f"wait_for_result({task_id!r}) instead of submitting it again"
            )
            raise

    def _download_flow(
        self,
        source: Any,
        path: Any,
        video: Any,
        max_bytes: Any,
        on_progress: Any,
        timeout: Any,
    ) -> Flow[Answered[Path]]:
        target = Path(check.path(path))
        index = check.count("video", video)
        limit = check.count("max_bytes", max_bytes, minimum=1)
        self._check_callback(check.callback("on_progress", on_progress), download=True)
        given = check.timeout("timeout", timeout)
        task_id = field(source, ROLES["task_id"]) if isinstance(source, Result) else None
        try:
            url, expired = self._video_url(source, index)
            if expired and isinstance(source, Result):
                fresh, _ = yield from self._result_flow(task_id, given, trusted=True)
                url, expired = self._video_url(fresh, index)
            if expired:
                raise DownloadError(
                    f"the video URL has run out ({ROLES['output_ttl']}); fetch the result again "
                    "with get_task_result and download from that"
                )
            kwargs = {
                "method": "GET",
                "url": url,
                # Never the API key.
                "headers": httpx.Headers({"User-Agent": USER_AGENT, "Accept-Encoding": ACCEPTED}),
                "timeout": given or self.timeout,
            }
            budget = self._budget(given) if given is not None else Budget(self._clock, None, None)
            sink = Sink(target, limit, on_progress)
            return (
                yield from _download(url, kwargs, self.retry_policy, self._random, budget, sink)
            )
        except PixverseError as error:
            if error.task_id is None:
                error.task_id = task_id
            raise

    def _video_url(self, source: Any, index: int) -> tuple[str, bool]:
        """The URL to download and whether its ttl has run out (as far as the client knows)."""
        owner: Any = None
        if isinstance(source, str):
            url, ttl = source, None
        else:
            if isinstance(source, Result):
                videos = _outputs(source)
                if index >= len(videos):
                    raise DownloadError(
                        f"the result of task {field(source, ROLES['task_id'])} has "
                        f"{len(videos)} video(s), no video {index}"
                    )
                owner = source
                source = videos[index]
            elif isinstance(source, OUTPUT_MODELS):
                owner = source
            else:
                raise InvalidArgumentError(
                    f"download needs a {' or a '.join(m.__name__ for m in _SOURCES)} or a URL, "
                    f"got {type(source).__name__}"
                )
            url = field(source, [ROLES["output_url"]])
            ttl = _fetched.ttl_seconds(
                field(source, [ROLES["output_ttl"]] if ROLES["output_ttl"] else None)
            )
        if not isinstance(url, str) or not url.lower().startswith(("https://", "http://")):
            raise DownloadError(f"the video URL is not an http(s) URL: {str(url)[:80]!r}")
        when = None if owner is None else _fetched.fetched_at(owner)
        expired = ttl is not None and when is not None and self._clock() >= when + ttl - _TTL_MARGIN
        return url, expired

    def _check_callback(self, callback: Any, download: bool = False) -> None:
        """Where the client cannot await (the sync one), an async callback is refused."""


_POLICY_FIELDS: Final = (
    "max_retries", "initial_delay", "max_delay", "jitter", "max_retry_after",
    "retry_create_on_server_error", "retry_create_on_timeout",
)  # fmt: skip


def _unexpected(error: Exception) -> UnexpectedClientError:
    wrapped = UnexpectedClientError(
        f"the client failed unexpectedly: {type(error).__name__}: {error}"
    )
    wrapped.__cause__ = error
    return wrapped


class PixverseC1(_BaseClient):
    """The synchronous client.

    The key comes from `api_key` or HIGHWAY_API_KEY; the URL from `base_url`, HIGHWAY_BASE_URL
    or the spec's server. `timeout` bounds each call as a whole (a number, or an httpx.Timeout
    whose longest part is the whole call's bound). `validate=False` skips the client-side
    check of requests. `check_task_order=True` raises MalformedResponseError when a task's
    status goes back against x-task-life. `default_headers` go with every API request;
    `default_parameters` ({"Idempotency-Key": ...}, named as openapi.yaml names them) with
    every call whose operation declares them; `max_response_bytes` caps an answer's size.
    `http_client`, `sleep`, `clock` and `random` are there for tests and special transports;
    a passed http_client is not closed by close().
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
        default_headers: Mapping[str, str] | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        default_parameters: Parameters | None = None,
        http_client: httpx.Client | None = None,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        random: Callable[[], float] = _random.random,
    ) -> None:
        # pytest prints the arguments and locals of every frame of a failing call: the key
        # leaves this frame's arguments, into a Secret whose repr hides it, before anything
        # can fail.
        secret, api_key = Secret(api_key), None
        super().__init__(
            secret, base_url, timeout, max_retries, retry_policy, validate, check_task_order,
            default_headers, max_response_bytes, clock, random, default_parameters,
        )  # fmt: skip
        if http_client is not None and not isinstance(http_client, httpx.Client):
            raise InvalidArgumentError("http_client must be an httpx.Client")
        self._owns_http = http_client is None
        self._http = http_client or httpx.Client(timeout=self.timeout)
        self._sleep = sleep or time.sleep

    def with_options(self, **options: Any) -> PixverseC1:
        """A copy for some calls with other settings (timeout, max_retries, retry_policy,
        validate, check_task_order, default_headers, default_parameters, max_response_bytes,
        base_url); it shares
        this client's connections and is not closed separately."""
        return self._copy_with(**options)

    @property
    def with_raw_response(self) -> _RawCalls:
        """The same calls, returning RawResponse (the value and the HTTP answer)."""
        return _RawCalls(self)

    def create_task(
        self,
        request: Request,
        *,
        parameters: Parameters | None = None,
        timeout: Timeout | None = None,
        validate: bool | None = None,
    ) -> str:
        """Submit a task (billable once accepted); its task_id. `parameters` are the create
        call's query and header parameters, named as openapi.yaml names them."""
        return self._run(self._create_flow(request, timeout, validate, parameters))[0]

    def get_task_result(
        self,
        task_id: str,
        *,
        parameters: Parameters | None = None,
        timeout: Timeout | None = None,
    ) -> Result:
        """The task's state now."""
        return self._run(self._result_flow(task_id, timeout, parameters))[0]

    def wait_for_result(
        self,
        task_id: str,
        *,
        timeout: float = DEFAULT_WAIT_TIMEOUT,
        poll_interval: float | None = None,
        on_progress: ProgressCallback | None = None,
        request_timeout: Timeout | None = None,
        parameters: Parameters | None = None,
    ) -> Result:
        """Poll until the task succeeds and return its result (with its videos)."""
        flow = self._wait_flow(
            task_id, timeout, poll_interval, on_progress, request_timeout, parameters
        )
        return self._run(flow)[0]

    def generate(
        self,
        request: Request,
        *,
        wait_timeout: float = DEFAULT_WAIT_TIMEOUT,
        poll_interval: float | None = None,
        on_progress: ProgressCallback | None = None,
        timeout: Timeout | None = None,
        validate: bool | None = None,
        parameters: Parameters | None = None,
    ) -> Result:
        """Submit a task and wait for it; see create_task and wait_for_result. `parameters`
        go to each of the two calls that declares them."""
        flow = self._generate_flow(
            request, wait_timeout, poll_interval, on_progress, timeout, validate, parameters
        )
        return self._run(flow)[0]

    def download(
        self,
        source: VideoSource,
        path: str | os.PathLike[str],
        *,
        video: int = 0,
        max_bytes: int = DEFAULT_MAX_DOWNLOAD_BYTES,
        on_progress: DownloadProgress | None = None,
        timeout: Timeout | None = None,
    ) -> Path:
        """Stream a finished task's video (a task result, one of its videos, or a URL) to `path`.

        A result whose URL has run out (its lifetime field) is fetched again first. The file is
        written whole or not at all; `on_progress(bytes_so_far, total_or_None)` follows it."""
        flow = self._download_flow(source, path, video, max_bytes, on_progress, timeout)
        return self._run(flow)[0]

    def _check_callback(self, callback: Any, download: bool = False) -> None:
        if callback is not None and inspect.iscoroutinefunction(callback):
            raise InvalidArgumentError(
                "on_progress is an async function: use AsyncPixverseC1, or a plain function"
            )

    def _run(self, flow: Flow[T]) -> T:
        if self._closed:
            flow.close()
            raise ClientStateError("the client is closed")
        reply: Reply = None
        try:
            while True:
                action = flow.send(reply)
                if isinstance(action, Send):
                    reply = send_sync(self._http, action, self._clock, self.max_response_bytes)
                elif isinstance(action, Sleep):
                    self._sleep(action.seconds)
                    reply = None
                else:
                    reply = _report(action)
        except StopIteration as done:
            value: T = done.value
            return value
        except PixverseError:
            raise
        except Exception as error:
            raise _unexpected(error) from error
        finally:
            flow.close()

    def close(self) -> None:
        self._closed = True
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _report(action: Report) -> BaseException | None:
    try:
        told = action.callback(action.value)
    except Exception as error:
        return error
    if inspect.isawaitable(told):
        close = getattr(told, "close", None)
        if callable(close):
            close()
        return TypeError("on_progress returned an awaitable: use AsyncPixverseC1")
    return None


class AsyncPixverseC1(_BaseClient):
    """The asyncio client; the same methods as PixverseC1, to be awaited. An async on_progress
    is awaited. A client made without http_client may be used from one event loop after
    another (asyncio.run twice): it opens new connections in each."""

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
        default_headers: Mapping[str, str] | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        default_parameters: Parameters | None = None,
        http_client: httpx.AsyncClient | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        clock: Callable[[], float] = time.monotonic,
        random: Callable[[], float] = _random.random,
    ) -> None:
        # pytest prints the arguments and locals of every frame of a failing call: the key
        # leaves this frame's arguments, into a Secret whose repr hides it, before anything
        # can fail.
        secret, api_key = Secret(api_key), None
        super().__init__(
            secret, base_url, timeout, max_retries, retry_policy, validate, check_task_order,
            default_headers, max_response_bytes, clock, random, default_parameters,
        )  # fmt: skip
        if http_client is not None and not isinstance(http_client, httpx.AsyncClient):
            raise InvalidArgumentError("http_client must be an httpx.AsyncClient")
        self._owns_http = http_client is None
        self._http = http_client or httpx.AsyncClient(timeout=self.timeout)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._sleep = sleep or asyncio.sleep

    def with_options(self, **options: Any) -> AsyncPixverseC1:
        """See PixverseC1.with_options."""
        return self._copy_with(**options)

    @property
    def with_raw_response(self) -> _AsyncRawCalls:
        """The same calls, returning RawResponse (the value and the HTTP answer)."""
        return _AsyncRawCalls(self)

    async def create_task(
        self,
        request: Request,
        *,
        parameters: Parameters | None = None,
        timeout: Timeout | None = None,
        validate: bool | None = None,
    ) -> str:
        """Submit a task (billable once accepted); its task_id. `parameters` are the create
        call's query and header parameters, named as openapi.yaml names them."""
        return (await self._run(self._create_flow(request, timeout, validate, parameters)))[0]

    async def get_task_result(
        self,
        task_id: str,
        *,
        parameters: Parameters | None = None,
        timeout: Timeout | None = None,
    ) -> Result:
        """The task's state now."""
        return (await self._run(self._result_flow(task_id, timeout, parameters)))[0]

    async def wait_for_result(
        self,
        task_id: str,
        *,
        timeout: float = DEFAULT_WAIT_TIMEOUT,
        poll_interval: float | None = None,
        on_progress: ProgressCallback | None = None,
        request_timeout: Timeout | None = None,
        parameters: Parameters | None = None,
    ) -> Result:
        """Poll until the task succeeds and return its result (with its videos)."""
        flow = self._wait_flow(
            task_id, timeout, poll_interval, on_progress, request_timeout, parameters
        )
        return (await self._run(flow))[0]

    async def generate(
        self,
        request: Request,
        *,
        wait_timeout: float = DEFAULT_WAIT_TIMEOUT,
        poll_interval: float | None = None,
        on_progress: ProgressCallback | None = None,
        timeout: Timeout | None = None,
        validate: bool | None = None,
        parameters: Parameters | None = None,
    ) -> Result:
        """Submit a task and wait for it; see create_task and wait_for_result. `parameters`
        go to each of the two calls that declares them."""
        flow = self._generate_flow(
            request, wait_timeout, poll_interval, on_progress, timeout, validate, parameters
        )
        return (await self._run(flow))[0]

    async def download(
        self,
        source: VideoSource,
        path: str | os.PathLike[str],
        *,
        video: int = 0,
        max_bytes: int = DEFAULT_MAX_DOWNLOAD_BYTES,
        on_progress: DownloadProgress | None = None,
        timeout: Timeout | None = None,
    ) -> Path:
        """See PixverseC1.download; an async on_progress is awaited."""
        flow = self._download_flow(source, path, video, max_bytes, on_progress, timeout)
        return (await self._run(flow))[0]

    def _http_for_this_loop(self) -> httpx.AsyncClient:
        loop = asyncio.get_running_loop()
        if self._loop is not None and loop is not self._loop and self._owns_http:
            # The old client's connections belong to the old loop; they are left to it.
            self._http = httpx.AsyncClient(timeout=self.timeout)
        self._loop = loop
        http: httpx.AsyncClient = self._http
        return http

    async def _run(self, flow: Flow[T]) -> T:
        if self._closed:
            flow.close()
            raise ClientStateError("the client is closed")
        reply: Reply = None
        try:
            http = self._http_for_this_loop()
            while True:
                action = flow.send(reply)
                if isinstance(action, Send):
                    reply = await send_async(http, action, self._clock, self.max_response_bytes)
                elif isinstance(action, Sleep):
                    await self._sleep(action.seconds)
                    reply = None
                else:
                    reply = await _areport(action)
        except StopIteration as done:
            value: T = done.value
            return value
        except PixverseError:
            raise
        except Exception as error:
            raise _unexpected(error) from error
        finally:
            flow.close()

    async def aclose(self) -> None:
        self._closed = True
        if self._owns_http:
            # Its connections may belong to a loop that is gone.
            with contextlib.suppress(RuntimeError):
                await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


async def _areport(action: Report) -> BaseException | None:
    try:
        told = action.callback(action.value)
        if inspect.isawaitable(told):
            await told
    except Exception as error:
        return error
    return None


class _RawCalls:
    """client.with_raw_response: each call returns RawResponse."""

    def __init__(self, client: PixverseC1) -> None:
        self._client = client

    def create_task(self, request: Request, **options: Any) -> RawResponse[str]:
        c = self._client
        return RawResponse(*c._run(c._create_flow(request, *_create_options(options))))

    def get_task_result(self, task_id: str, **options: Any) -> RawResponse[Result]:
        c = self._client
        return RawResponse(*c._run(c._result_flow(task_id, *_result_options(options))))

    def wait_for_result(self, task_id: str, **options: Any) -> RawResponse[Result]:
        c = self._client
        return RawResponse(*c._run(c._wait_flow(task_id, *_wait_options(options))))

    def generate(self, request: Request, **options: Any) -> RawResponse[Result]:
        c = self._client
        return RawResponse(*c._run(c._generate_flow(request, *_generate_options(options))))


class _AsyncRawCalls:
    """client.with_raw_response of the async client."""

    def __init__(self, client: AsyncPixverseC1) -> None:
        self._client = client

    async def create_task(self, request: Request, **options: Any) -> RawResponse[str]:
        c = self._client
        flow = c._create_flow(request, *_create_options(options))
        return RawResponse(*(await c._run(flow)))

    async def get_task_result(self, task_id: str, **options: Any) -> RawResponse[Result]:
        c = self._client
        return RawResponse(*(await c._run(c._result_flow(task_id, *_result_options(options)))))

    async def wait_for_result(self, task_id: str, **options: Any) -> RawResponse[Result]:
        c = self._client
        return RawResponse(*(await c._run(c._wait_flow(task_id, *_wait_options(options)))))

    async def generate(self, request: Request, **options: Any) -> RawResponse[Result]:
        c = self._client
        flow = c._generate_flow(request, *_generate_options(options))
        return RawResponse(*(await c._run(flow)))


def _create_options(options: dict[str, Any]) -> tuple[Any, ...]:
    _only(options, {"timeout", "validate", "parameters"})
    return options.get("timeout"), options.get("validate"), options.get("parameters")


def _result_options(options: dict[str, Any]) -> tuple[Any, ...]:
    _only(options, {"timeout", "parameters"})
    return options.get("timeout"), options.get("parameters")


def _wait_options(options: dict[str, Any]) -> tuple[Any, ...]:
    _only(options, {"timeout", "poll_interval", "on_progress", "request_timeout", "parameters"})
    return (
        options.get("timeout", DEFAULT_WAIT_TIMEOUT),
        options.get("poll_interval"),
        options.get("on_progress"),
        options.get("request_timeout"),
        options.get("parameters"),
    )


def _generate_options(options: dict[str, Any]) -> tuple[Any, ...]:
    known = {"wait_timeout", "poll_interval", "on_progress", "timeout", "validate", "parameters"}
    _only(options, known)
    return (
        options.get("wait_timeout", DEFAULT_WAIT_TIMEOUT),
        options.get("poll_interval"),
        options.get("on_progress"),
        options.get("timeout"),
        options.get("validate"),
        options.get("parameters"),
    )


def _only(options: dict[str, Any], known: set[str]) -> None:
    unknown = set(options) - known
    if unknown:
        raise InvalidArgumentError(f"unknown option(s): {sorted(unknown)}")
