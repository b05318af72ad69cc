"""Whatever the server answers, every public call of both clients ends in its value or a
PixverseError, and the key is in none of its texts. Hostile answers: wrong types at every level,
nulls, unknown statuses, huge numbers, HTML, truncation, bad UTF-8, the key echoed back."""

from __future__ import annotations

import asyncio
import json
import pickle
from pathlib import Path
from typing import Any

import httpx
from hypothesis import example, given
from hypothesis import strategies as st
from pixverse_c1_client import PixverseError, UnexpectedClientError

from contract_tests import spec
from tests.doubles import (
    KEY,
    TASK_ID,
    VIDEO_URL,
    FakeClock,
    async_client,
    created_body,
    statuses,
    sync_client,
    task_body,
    valid_request,
)

LIFE = spec.task_life()
HOSTILE_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["TASK_STATUS_SOMETHING_NEW", KEY, f"echo {KEY}", "", TASK_ID]),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)


def _paths(document: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(document, dict):
        for key, value in document.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(document, list):
        for i, value in enumerate(document):
            found += _paths(value, (*prefix, i))
    return found


@st.composite
def spoiled(draw: st.DrawFn) -> Any:
    """A valid answer with values replaced, at any level, by hostile ones."""
    status = draw(st.sampled_from([*LIFE.rank, *statuses()]))
    document: Any = draw(st.sampled_from([task_body(status), created_body()]))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(document)))
        if not path:
            document = draw(HOSTILE_VALUES)
            break
        parent = document
        for step in path[:-1]:
            parent = parent[step]
        parent[path[-1]] = draw(HOSTILE_VALUES)
    return document


def _body(document: Any) -> bytes:
    return json.dumps(document, allow_nan=True).encode()


RAW_BODIES = st.one_of(
    st.sampled_from(
        [
            b"<html><body>Bad gateway</body></html>",
            _body(task_body(statuses()[0]))[:20],  # truncated
            _body(created_body()).replace(TASK_ID.encode(), b"\xff\xfe"),  # not UTF-8
            b"",
            b"null",
            b"[" * 5000,
            _body(created_body()).replace(f'"{TASK_ID}"'.encode(), b"9" * 5000),
            f"<p>key {KEY} is wrong</p>".encode(),
        ]
    ),
    st.binary(max_size=40),
)
ANSWERS = st.tuples(
    st.sampled_from([200, 200, 200, 201, 299, 400, 401, 404, 408, 409, 429, 500, 520]),
    st.one_of(spoiled().map(_body), RAW_BODIES),
    st.sampled_from([{}, {"Retry-After": "1e400"}, {"Retry-After": "soon"}, {"x-request-id": KEY}]),
)
CALLS = ["create_task", "get_task_result", "wait_for_result", "generate", "download"]


def _arguments(call: str, tmp: Path) -> tuple[tuple[Any, ...], dict[str, Any]]:
    if call in ("create_task",):
        return (valid_request(),), {}
    if call == "generate":
        return (valid_request(),), {"wait_timeout": 30}
    if call == "wait_for_result":
        return (TASK_ID,), {"timeout": 30}
    if call == "download":
        return (VIDEO_URL, tmp / "video.mp4"), {"max_bytes": 1000}
    return (TASK_ID,), {}


def _check(error: BaseException) -> None:
    assert isinstance(error, PixverseError), repr(error)
    assert not isinstance(error, UnexpectedClientError), repr(error.__cause__)
    said = [str(error), repr(error), *getattr(error, "__notes__", [])]
    said.append(pickle.dumps(error).decode("latin-1"))
    assert all(KEY not in text for text in said)


@given(answers=st.lists(ANSWERS, min_size=1, max_size=4), call=st.sampled_from(CALLS))
@example(answers=[(200, _body(task_body(5)), {})], call="wait_for_result")
@example(answers=[(200, _body(created_body("")), {})], call="create_task")
def test_every_call_survives_hostile_answers(
    answers: list[tuple[int, bytes, dict[str, str]]], call: str, tmp_path_factory: Any
) -> None:
    tmp = tmp_path_factory.mktemp("download")
    args, kwargs = _arguments(call, tmp)
    for mode in ("sync", "async"):
        try:
            _run(mode, list(answers), call, args, kwargs)
        except BaseException as error:
            _check(error)


def _run(
    mode: str,
    queue: list[tuple[int, bytes, dict[str, str]]],
    call: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> Any:
    def answer(request: httpx.Request) -> httpx.Response:
        status, content, headers = queue.pop(0) if len(queue) > 1 else queue[0]
        return httpx.Response(status, content=content, headers=headers)

    clock = FakeClock()
    if mode == "sync":
        return getattr(sync_client(answer, clock), call)(*args, **kwargs)

    async def go() -> Any:
        async with async_client(answer, clock) as client:
            return await getattr(client, call)(*args, **kwargs)

    return asyncio.run(go())
