# Copied from codegen/runtime/_io.py by `make generate`: edit it there, not here.
"""The I/O of one Send, sync and async: the answer is streamed so that its size is capped and
the call's deadline holds however slowly the server trickles it (httpx's own timeouts bound each
read, not the whole answer). What goes wrong comes back as the reply, never raised."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import os
import tempfile
from collections.abc import Callable
from typing import IO, Any

import httpx

from ._exceptions import (
    ClientStateError,
    DownloadError,
    InvalidArgumentError,
    ProgressCallbackError,
    ResponseTooLargeError,
)
from ._flow import Reply, Send

Clock = Callable[[], float]


class _Body:
    """Collects an answer's chunks (in memory, or into a sink's file) within a size cap and
    the deadline; `problem` is set once it must stop."""

    def __init__(self, response: httpx.Response, send: Send, clock: Clock, limit: int) -> None:
        self.response, self.send, self.clock = response, send, clock
        self.sink = send.sink if send.sink is not None and response.is_success else None
        self.limit = self.sink.max_bytes if self.sink is not None else limit
        self.chunks: list[bytes] = []
        self.size = 0
        self.file: IO[bytes] | None = None
        self.expected = _length(response)
        self.problem: BaseException | None = None
        if self.expected is not None and self.expected > self.limit:
            self.problem = self._too_large()

    def _too_large(self) -> BaseException:
        what = "the file" if self.sink is not None else "the answer"
        error = ResponseTooLargeError(
            f"{what} of {self.response.request.method} {self.response.request.url.path} "
            f"({self.response.status_code}) is larger than the limit of {self.limit} bytes; "
            "it was not read",
            limit=self.limit,
            status_code=self.response.status_code,
        )
        return error

    def open(self) -> None:
        if self.sink is not None and self.problem is None:
            folder = os.path.dirname(os.path.abspath(self.sink.path))
            try:
                self.file = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed in finish()
                    dir=folder, prefix=".download-", suffix=".part", delete=False
                )
            except OSError as error:
                self.problem = DownloadError(f"cannot write into {folder}: {error}")

    def feed(self, chunk: bytes) -> object:
        """Take a chunk; what the sink's callback returned (to be awaited, maybe)."""
        self.size += len(chunk)
        if self.size > self.limit:
            self.problem = self._too_large()
            return None
        if self.send.deadline is not None and self.clock() > self.send.deadline:
            self.problem = httpx.ReadTimeout(
                "the whole answer did not arrive within the call's timeout",
                request=self.response.request,
            )
            return None
        if self.file is None:
            self.chunks.append(chunk)
            return None
        try:
            self.file.write(chunk)
        except OSError as error:
            self.problem = DownloadError(f"cannot write the download: {error}")
            return None
        if self.sink is not None and self.sink.on_chunk is not None:
            return self.sink.on_chunk(self.size, self.expected)
        return None

    def callback_failed(self, error: Exception) -> None:
        self.problem = ProgressCallbackError(
            f"the download's on_progress raised {type(error).__name__}: {error}"
        )
        self.problem.__cause__ = error

    def finish(self) -> Reply:
        if self.file is not None:
            self.file.close()
            if self.problem is None and self.sink is not None:
                try:
                    os.replace(self.file.name, self.sink.path)
                except OSError as error:
                    self.problem = DownloadError(f"cannot write {self.sink.path}: {error}")
            if self.problem is not None:
                _remove(self.file.name)
        if self.problem is not None:
            return self.problem
        self.response._content = b"".join(self.chunks)
        return self.response


def _length(response: httpx.Response) -> int | None:
    if "content-encoding" in response.headers:
        return None  # the header counts compressed bytes; the cap counts what is read
    try:
        length = int(response.headers.get("content-length", ""))
    except ValueError:
        return None
    return length if length >= 0 else None


def _remove(name: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(name)


def _build(http: httpx.Client | httpx.AsyncClient, send: Send) -> httpx.Request | Reply:
    try:
        return http.build_request(**send.kwargs)
    except Exception as error:  # a header or URL httpx cannot write: nothing was sent
        return InvalidArgumentError(f"the request could not be built: {error}")


def _not_sent(error: RuntimeError) -> ClientStateError:
    return ClientStateError(
        f"the HTTP client cannot send ({error}); it was closed, or it belongs to another "
        "event loop. Nothing was sent."
    )


def send_sync(http: httpx.Client, send: Send, clock: Clock, limit: int) -> Reply:
    request = _build(http, send)
    if not isinstance(request, httpx.Request):
        return request
    try:
        response = http.send(request, stream=True)
    except httpx.RequestError as error:
        return error
    except RuntimeError as error:
        return _not_sent(error)
    except Exception as error:
        return error
    body = _Body(response, send, clock, limit)
    try:
        body.open()
        if body.problem is None:
            for chunk in response.iter_bytes():
                told = body.feed(chunk)
                if inspect.isawaitable(told):
                    _close(told)
                    body.callback_failed(TypeError("an async callback needs AsyncPixverseC1"))
                if body.problem is not None:
                    break
    except httpx.RequestError as error:
        body.problem = error
    except Exception as error:
        body.callback_failed(error)
    finally:
        response.close()
    return body.finish()


def _close(awaitable: object) -> None:
    close = getattr(awaitable, "close", None)
    if callable(close):
        close()


async def send_async(http: httpx.AsyncClient, send: Send, clock: Clock, limit: int) -> Reply:
    if send.deadline is None:
        return await _send_async(http, send, clock, limit)
    try:
        return await asyncio.wait_for(
            _send_async(http, send, clock, limit), max(send.deadline - clock(), 0.0)
        )
    except TimeoutError:
        try:
            request: Any = http.build_request(**send.kwargs)
        except Exception:
            request = None
        return httpx.ReadTimeout(
            "the whole answer did not arrive within the call's timeout", request=request
        )


async def _send_async(http: httpx.AsyncClient, send: Send, clock: Clock, limit: int) -> Reply:
    request = _build(http, send)
    if not isinstance(request, httpx.Request):
        return request
    try:
        response = await http.send(request, stream=True)
    except httpx.RequestError as error:
        return error
    except RuntimeError as error:
        return _not_sent(error)
    except Exception as error:
        return error
    body = _Body(response, send, clock, limit)
    try:
        body.open()
        if body.problem is None:
            async for chunk in response.aiter_bytes():
                told = body.feed(chunk)
                if inspect.isawaitable(told):
                    await told
                if body.problem is not None:
                    break
    except httpx.RequestError as error:
        body.problem = error
    except Exception as error:
        body.callback_failed(error)
    finally:
        await response.aclose()
    return body.finish()
