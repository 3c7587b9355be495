from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.registered_worker import RegisteredWorker
from ...models.worker_registration import WorkerRegistration
from ...types import Response


def _get_kwargs(
    *,
    body: WorkerRegistration,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v3/worker/register-worker",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | RegisteredWorker:
    if response.status_code == 200:
        response_200 = RegisteredWorker.from_dict(response.json())

        return response_200

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | RegisteredWorker]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: WorkerRegistration,
) -> Response[Error | RegisteredWorker]:
    """Register a new worker

    Args:
        body (WorkerRegistration):  Example: {'name': 'example-worker', 'secret': 'do-not-tell-
            anyone', 'platform': 'linux', 'software': '3.2', 'supported_task_types': ['blender',
            'ffmpeg', 'file-management', 'misc']}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | RegisteredWorker]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: WorkerRegistration,
) -> Error | RegisteredWorker | None:
    """Register a new worker

    Args:
        body (WorkerRegistration):  Example: {'name': 'example-worker', 'secret': 'do-not-tell-
            anyone', 'platform': 'linux', 'software': '3.2', 'supported_task_types': ['blender',
            'ffmpeg', 'file-management', 'misc']}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | RegisteredWorker
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: WorkerRegistration,
) -> Response[Error | RegisteredWorker]:
    """Register a new worker

    Args:
        body (WorkerRegistration):  Example: {'name': 'example-worker', 'secret': 'do-not-tell-
            anyone', 'platform': 'linux', 'software': '3.2', 'supported_task_types': ['blender',
            'ffmpeg', 'file-management', 'misc']}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | RegisteredWorker]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: WorkerRegistration,
) -> Error | RegisteredWorker | None:
    """Register a new worker

    Args:
        body (WorkerRegistration):  Example: {'name': 'example-worker', 'secret': 'do-not-tell-
            anyone', 'platform': 'linux', 'software': '3.2', 'supported_task_types': ['blender',
            'ffmpeg', 'file-management', 'misc']}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | RegisteredWorker
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
