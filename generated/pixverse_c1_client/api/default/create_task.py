from typing import Any

import httpx

from ... import _auth, _contract, _door, errors
from ...client import AuthenticatedClient, Client
from ...models.create_task_request import CreateTaskRequest
from ...models.create_task_response import CreateTaskResponse
from ...models.error import Error
from ...types import Response

# How this operation's request carries the API key, read from openapi.yaml (_auth.py); None
# when it needs none.
AUTH: _auth.Presentation | None = _auth.presentation(
    _contract.SECURITY, "post", "/v3/async/pixverse-pixverse-c1-reference-to-video"
)

# The name openapi.yaml gives each parameter these functions take, by argument.
PARAMETER_NAMES: dict[str, str] = {}


def _get_kwargs(
    *,
    body: CreateTaskRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v3/async/pixverse-pixverse-c1-reference-to-video",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CreateTaskResponse | Error | None:
    if response.status_code == 200:
        response_200 = CreateTaskResponse.from_dict(response.json())

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
) -> Response[CreateTaskResponse | Error]:
    return _door.build(response, lambda: _parse_response(client=client, response=response))


def _checked_kwargs(
    *,
    body: CreateTaskRequest,
) -> dict[str, Any]:
    return _door.prepare(
        _get_kwargs,
        {
            "body": body,
        },
        (),
        "CreateTaskRequest",
        {},
        "create_task",
        PARAMETER_NAMES,
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateTaskRequest,
) -> Response[CreateTaskResponse | Error]:
    """Pixverse C1 Reference Image to Video

     Submit a video generation task. Returns only the task_id; fetch the result with
    `get_task_result`. An accepted request starts a billable generation.

    Args:
        body (CreateTaskRequest): A request to generate a video from reference images.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateTaskResponse | Error]
    """

    kwargs = _checked_kwargs(
        body=body,
    )

    response = _door.send_sync(client, kwargs, AUTH)

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: CreateTaskRequest,
) -> CreateTaskResponse | Error | None:
    """Pixverse C1 Reference Image to Video

     Submit a video generation task. Returns only the task_id; fetch the result with
    `get_task_result`. An accepted request starts a billable generation.

    Args:
        body (CreateTaskRequest): A request to generate a video from reference images.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateTaskResponse | Error
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateTaskRequest,
) -> Response[CreateTaskResponse | Error]:
    """Pixverse C1 Reference Image to Video

     Submit a video generation task. Returns only the task_id; fetch the result with
    `get_task_result`. An accepted request starts a billable generation.

    Args:
        body (CreateTaskRequest): A request to generate a video from reference images.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateTaskResponse | Error]
    """

    kwargs = _checked_kwargs(
        body=body,
    )

    response = await _door.send_async(client, kwargs, AUTH)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: CreateTaskRequest,
) -> CreateTaskResponse | Error | None:
    """Pixverse C1 Reference Image to Video

     Submit a video generation task. Returns only the task_id; fetch the result with
    `get_task_result`. An accepted request starts a billable generation.

    Args:
        body (CreateTaskRequest): A request to generate a video from reference images.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateTaskResponse | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
