from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.worker_tag import WorkerTag
from ...types import Response


def _get_kwargs(
    *,
    body: WorkerTag,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v3/worker-mgt/tags",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | WorkerTag:
    if response.status_code == 200:
        response_200 = WorkerTag.from_dict(response.json())

        return response_200

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | WorkerTag]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: WorkerTag,
) -> Response[Error | WorkerTag]:
    """Create a new worker tag.

    Args:
        body (WorkerTag): Tag of workers. A job can optionally specify which tag it should be
            limited to. Workers can be part of multiple tags simultaneously.
             Example: {'name': 'GPU-EEVEE', 'description': 'All workers that can do GPU rendering with
            EEVEE.'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | WorkerTag]
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
    body: WorkerTag,
) -> Error | WorkerTag | None:
    """Create a new worker tag.

    Args:
        body (WorkerTag): Tag of workers. A job can optionally specify which tag it should be
            limited to. Workers can be part of multiple tags simultaneously.
             Example: {'name': 'GPU-EEVEE', 'description': 'All workers that can do GPU rendering with
            EEVEE.'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | WorkerTag
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: WorkerTag,
) -> Response[Error | WorkerTag]:
    """Create a new worker tag.

    Args:
        body (WorkerTag): Tag of workers. A job can optionally specify which tag it should be
            limited to. Workers can be part of multiple tags simultaneously.
             Example: {'name': 'GPU-EEVEE', 'description': 'All workers that can do GPU rendering with
            EEVEE.'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | WorkerTag]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: WorkerTag,
) -> Error | WorkerTag | None:
    """Create a new worker tag.

    Args:
        body (WorkerTag): Tag of workers. A job can optionally specify which tag it should be
            limited to. Workers can be part of multiple tags simultaneously.
             Example: {'name': 'GPU-EEVEE', 'description': 'All workers that can do GPU rendering with
            EEVEE.'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | WorkerTag
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
