# Copied from codegen/runtime/_raw.py by `make generate`: edit it there, not here.
"""The raw answer of a successful call, for callers who need its headers or status."""

from __future__ import annotations

from typing import Generic, TypeVar

import attrs
import httpx

from ._exceptions import request_id_of

T = TypeVar("T")


@attrs.frozen
class RawResponse(Generic[T]):
    """What `client.with_raw_response.<call>(...)` returns: the parsed value (`parse()`) and
    the HTTP answer it came from (the last poll's, for a wait)."""

    parsed: T
    http_response: httpx.Response = attrs.field(repr=False)

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        """The provider's id of the request, when the answer carried one."""
        return request_id_of(self.http_response.headers)

    def parse(self) -> T:
        return self.parsed
