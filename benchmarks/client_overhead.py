"""The client's per-call overhead: create_task (validate, build, send, parse) against a raw
httpx post of the same JSON, both on one in-memory transport that answers a canned 200.

The ratio is what the client adds to what httpx costs anyway.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

import httpx
from pixverse_c1_client import PixverseC1
from pixverse_c1_client._auth import Credentials
from pixverse_c1_client._routes import create_route

from contract_tests import parameters, spec

KEY = "bench-key"
BASE_URL = "https://bench.invalid"
CANNED = b'{"task_id": "8f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b"}'
# The spec's first full request example: every field given, two images, two @mentions.
BODY: dict[str, Any] = next(
    value for _, name, value in spec.examples() if name == spec.ROLES["request"]
)


def _answer(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, headers={"Content-Type": "application/json"}, content=CANNED)


def _per_call(call: Callable[[], object], calls: int, runs: int) -> float:
    for _ in range(calls // 10):
        call()  # warm up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for _ in range(calls):
            call()
        times.append((time.perf_counter() - start) / calls)
    return statistics.median(times)


def client_overhead_ratio(calls: int = 2000, runs: int = 7) -> tuple[float, float, float]:
    """(client seconds per call, raw httpx seconds per call, their ratio), medians of `runs`."""
    http = httpx.Client(transport=httpx.MockTransport(_answer))
    defaults = parameters.client_defaults()
    client = PixverseC1(
        api_key=KEY, base_url=BASE_URL, http_client=http, default_parameters=defaults
    )
    # The key as the spec presents it (the client's own reading, create_route.AUTH), and the
    # spec's required parameters of create, if any: both sent by both.
    sent = create_route.AUTH.credentials(KEY) if create_route.AUTH else Credentials({}, {})
    path, query, own = parameters.split(
        spec.CREATE_OPERATION, parameters.valid(spec.CREATE_OPERATION)
    )
    url = BASE_URL + path
    headers = {**sent.headers, **own}

    def raw() -> object:
        response = http.post(url, json=BODY, params={**sent.params, **query}, headers=headers)
        response.raise_for_status()
        return response.json()["task_id"]

    def typed() -> object:
        return client.create_task(BODY)

    assert raw() == typed()
    client_s = _per_call(typed, calls, runs)
    raw_s = _per_call(raw, calls, runs)
    http.close()
    return client_s, raw_s, client_s / raw_s
