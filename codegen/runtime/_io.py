"""The I/O of one Send, sync and async: the answer is streamed so that its size is capped and
the call's deadline holds however slowly the server trickles it (httpx's own timeouts bound each
read, not the whole answer), and compressed answers are inflated a bounded piece at a time.
What goes wrong comes back as the reply, never raised."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import itertools
import os
import tempfile
import zlib
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from typing import IO, Any

import httpx

from ._auth import send_options
from ._decode import Decoder
from ._exceptions import (
    APIConnectionError,
    ClientStateError,
    DownloadError,
    InvalidArgumentError,
    ProgressCallbackError,
    ResponseTooLargeError,
)
from ._exchange import Exchange
from ._flow import Reply, Send
from ._redact import frameless

Clock = Callable[[], float]


class _Body:
    """Collects an answer's decoded chunks (in memory, or into a sink's file) within a size cap
    and the deadline; `problem` is set once it must stop."""

    def __init__(self, response: httpx.Response, send: Send, clock: Clock, limit: int) -> None:
        self.response, self.send, self.clock = response, send, clock
        self.sink = send.sink if send.sink is not None and response.is_success else None
        self.limit = self.sink.max_bytes if self.sink is not None else limit
        self.chunks: list[bytes] = []
        self.size = 0
        self.file: IO[bytes] | None = None
        # An answer made in memory (a test transport's) is read, and decoded, already.
        self.read = response.is_stream_consumed
        self.expected = len(response.content) if self.read else _length(response)
        encodings = None if self.read else response.headers.get_list("content-encoding")
        self.decoder = Decoder(encodings) if encodings else None
        self.problem: BaseException | None = None
        self.finished = False
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

    def settled(self) -> Reply | None:
        """The reply to an answer made in memory, which has nothing left to stream into the
        cap or a file; None for any other answer."""
        if not self.read or self.sink is not None:
            return None
        self._late()
        return self.response if self.problem is None else self.problem

    def open(self) -> None:
        if self.sink is not None and self.problem is None:
            folder = os.path.dirname(os.path.abspath(self.sink.path))
            try:
                self.file = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed in finish()
                    dir=folder, prefix=".download-", suffix=".part", delete=False
                )
            except OSError as error:
                self.problem = DownloadError(f"cannot write into {folder}: {error}")

    def take(self, raw: bytes | None) -> Iterator[object]:
        """Take the answer's next raw bytes (None once they are all in): decode them and keep
        what they decode to; yields what the sink's callback returned (to be awaited, maybe)."""
        if self._late():
            return
        try:
            if self.decoder is None:
                pieces: Iterable[bytes] = () if not raw else (raw,)
            else:
                pieces = self.decoder.end() if raw is None else self.decoder.feed(raw)
            for piece in pieces:
                told = self._feed(piece)
                if told is not None:
                    yield told
                if self.problem is not None:
                    return
        except zlib.error as error:
            self.problem = httpx.DecodingError(
                f"the answer's Content-Encoding cannot be undone: {error}",
                request=self.response.request,
            )

    def _late(self) -> bool:
        if self.send.deadline is not None and self.clock() > self.send.deadline:
            self.problem = httpx.ReadTimeout(
                "the whole answer did not arrive within the call's timeout",
                request=self.response.request,
            )
        return self.problem is not None

    def _feed(self, chunk: bytes) -> object:
        self.size += len(chunk)
        if self.size > self.limit:
            self.problem = self._too_large()
            return None
        if self._late():
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
            try:
                return self.sink.on_chunk(self.size, self.expected)
            except Exception as error:
                self.callback_failed(error)
        return None

    def callback_failed(self, error: Exception) -> None:
        self.problem = ProgressCallbackError(
            f"the download's on_progress raised {type(error).__name__}: {error}"
        )
        self.problem.__cause__ = error

    def finish(self) -> Reply:
        self.finished = True
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

    def discard(self) -> None:
        """Called when the read was cut short from outside (cancelled, interrupted): the
        partial file goes."""
        if not self.finished and self.file is not None:
            self.file.close()
            _remove(self.file.name)


def _length(response: httpx.Response) -> int | None:
    if "content-length" not in response.headers or "content-encoding" in response.headers:
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
        return http.build_request(**{k: v for k, v in send.kwargs.items() if k != "auth"})
    except Exception as error:  # a header or URL httpx cannot write: nothing was sent
        return InvalidArgumentError(f"the request could not be built: {error}")


def _sending(send: Send) -> dict[str, Any]:
    """How to send: with the key where the spec says for an API request (_auth.KeyAuth in the
    kwargs), without it for a download."""
    return send_options(send.kwargs.get("auth"))


def _not_sent(error: RuntimeError) -> ClientStateError:
    return ClientStateError(
        f"the HTTP client cannot send ({error}); it was closed, or it belongs to another "
        "event loop. Nothing was sent."
    )


def _failed(error: Exception, request: httpx.Request, exchange: Exchange) -> BaseException:
    """What an exception raised while sending or reading means."""
    if exchange.cut:
        return exchange.late(request)
    if isinstance(error, httpx.RequestError):
        return error
    if isinstance(error, RuntimeError) and not exchange.traced:
        return _not_sent(error)
    failure = APIConnectionError(
        f"{type(error).__name__} while calling the API: {error}",
        request=request,
        maybe_sent=not exchange.unsent,
    )
    failure.__cause__ = frameless(error)
    return failure


def send_sync(http: httpx.Client, send: Send, clock: Clock, limit: int) -> Reply:
    request = _build(http, send)
    if not isinstance(request, httpx.Request):
        return request
    exchange = Exchange(clock, send.deadline)
    request.extensions["trace"] = exchange.trace
    try:
        return _exchange_sync(http, request, send, clock, limit, exchange)
    finally:
        exchange.finish()


def _exchange_sync(
    http: httpx.Client,
    request: httpx.Request,
    send: Send,
    clock: Clock,
    limit: int,
    exchange: Exchange,
) -> Reply:
    try:
        response = http.send(request, stream=True, **_sending(send))
    except Exception as error:
        return _failed(error, request, exchange)
    body = _Body(response, send, clock, limit)
    settled = body.settled()
    if settled is not None:
        response.close()
        return settled
    try:
        body.open()
        if body.problem is None:
            raws = [response.content] if body.read else response.iter_raw()
            for raw in itertools.chain(raws, [None]):
                for told in body.take(raw):
                    if inspect.isawaitable(told):
                        _close(told)
                        body.callback_failed(TypeError("an async callback needs AsyncPixverseC1"))
                if body.problem is not None:
                    break
    except Exception as error:
        body.problem = _failed(error, request, exchange)
    except BaseException:
        body.discard()
        raise
    finally:
        response.close()
    if exchange.cut and body.problem is not None:
        body.problem = exchange.late(request)
    return body.finish()


def _close(awaitable: object) -> None:
    close = getattr(awaitable, "close", None)
    if callable(close):
        close()


async def _in_memory(content: bytes) -> AsyncIterator[bytes]:
    yield content


async def send_async(http: httpx.AsyncClient, send: Send, clock: Clock, limit: int) -> Reply:
    request = _build(http, send)
    if not isinstance(request, httpx.Request):
        return request
    exchange = Exchange(clock, None)
    request.extensions["trace"] = exchange.atrace
    exchanged = _exchange_async(http, request, send, clock, limit, exchange)
    if send.deadline is None:
        return await exchanged
    try:
        return await asyncio.wait_for(exchanged, max(send.deadline - clock(), 0.0))
    except TimeoutError:
        return exchange.late(request)


async def _exchange_async(
    http: httpx.AsyncClient,
    request: httpx.Request,
    send: Send,
    clock: Clock,
    limit: int,
    exchange: Exchange,
) -> Reply:
    try:
        response = await http.send(request, stream=True, **_sending(send))
    except Exception as error:
        return _failed(error, request, exchange)
    body = _Body(response, send, clock, limit)
    settled = body.settled()
    if settled is not None:
        await response.aclose()
        return settled
    try:
        body.open()
        if body.problem is None:
            raws = _in_memory(response.content) if body.read else response.aiter_raw()
            while body.problem is None:
                raw = await anext(raws, None)
                for told in body.take(raw):
                    if inspect.isawaitable(told):
                        try:
                            await told
                        except Exception as error:
                            body.callback_failed(error)
                if raw is None:
                    break
    except Exception as error:
        body.problem = _failed(error, request, exchange)
    except BaseException:
        body.discard()
        raise
    finally:
        await response.aclose()
    return body.finish()
