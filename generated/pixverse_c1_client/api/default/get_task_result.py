from typing import Any

import httpx

from ... import _auth, _contract, _door, errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.task_result import TaskResult
from ...types import UNSET, Response

# How this operation's request carries the API key, read from openapi.yaml (_auth.py); None
# when it needs none.
AUTH: _auth.Presentation | None = _auth.presentation(
    _contract.SECURITY, "get", "/v3/async/task-result"
)

# The name openapi.yaml gives each parameter these functions take, by argument.
PARAMETER_NAMES: dict[str, str] = {
    "task_id": "task_id",
}


def _get_kwargs(
    *,
    task_id: str,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["task_id"] = task_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v3/async/task-result",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | TaskResult | None:
    if response.status_code == 200:
        response_200 = TaskResult.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if 500 <= response.status_code <= 599:
        response_5xx = Error.from_dict(response.json())

        return response_5xx

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | TaskResult]:
    return _door.build(response, lambda: _parse_response(client=client, response=response))


def _checked_kwargs(
    *,
    task_id: str,
) -> dict[str, Any]:
    return _door.prepare(
        _get_kwargs,
        {
            "task_id": task_id,
        },
        ("task_id",),
        None,
        {
            "task_id": "str",
        },
        "get_task_result",
        PARAMETER_NAMES,
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    task_id: str,
) -> Response[Error | TaskResult]:
    """Get Task Result

     The state of an asynchronous task and, once it has succeeded, its videos. Free to call;
    poll it until the status is final (x-task-life).

    Args:
        task_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | TaskResult]
    """

    kwargs = _checked_kwargs(
        task_id=task_id,
    )

    response = _door.send_sync(client, kwargs, AUTH)

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    task_id: str,
) -> Error | TaskResult | None:
    """Get Task Result

     The state of an asynchronous task and, once it has succeeded, its videos. Free to call;
    poll it until the status is final (x-task-life).

    Args:
        task_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | TaskResult
    """

    return sync_detailed(
        client=client,
        task_id=task_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    task_id: str,
) -> Response[Error | TaskResult]:
    """Get Task Result

     The state of an asynchronous task and, once it has succeeded, its videos. Free to call;
    poll it until the status is final (x-task-life).

    Args:
        task_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | TaskResult]
    """

    kwargs = _checked_kwargs(
        task_id=task_id,
    )

    response = await _door.send_async(client, kwargs, AUTH)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    task_id: str,
) -> Error | TaskResult | None:
    """Get Task Result

     The state of an asynchronous task and, once it has succeeded, its videos. Free to call;
    poll it until the status is final (x-task-life).

    Args:
        task_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | TaskResult
    """

    return (
        await asyncio_detailed(
            client=client,
            task_id=task_id,
        )
    ).parsed
