from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.worker_tag import WorkerTag
from ...types import Response


def _get_kwargs(
    tag_id: UUID,
    *,
    body: WorkerTag,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/api/v3/worker-mgt/tag/{tag_id}".format(
            tag_id=quote(str(tag_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | Error:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    tag_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: WorkerTag,
) -> Response[Any | Error]:
    """Update an existing worker tag.

    Args:
        tag_id (UUID):
        body (WorkerTag): Tag of workers. A job can optionally specify which tag it should be
            limited to. Workers can be part of multiple tags simultaneously.
             Example: {'name': 'GPU-EEVEE', 'description': 'All workers that can do GPU rendering with
            EEVEE.'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        tag_id=tag_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    tag_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: WorkerTag,
) -> Any | Error | None:
    """Update an existing worker tag.

    Args:
        tag_id (UUID):
        body (WorkerTag): Tag of workers. A job can optionally specify which tag it should be
            limited to. Workers can be part of multiple tags simultaneously.
             Example: {'name': 'GPU-EEVEE', 'description': 'All workers that can do GPU rendering with
            EEVEE.'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return sync_detailed(
        tag_id=tag_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    tag_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: WorkerTag,
) -> Response[Any | Error]:
    """Update an existing worker tag.

    Args:
        tag_id (UUID):
        body (WorkerTag): Tag of workers. A job can optionally specify which tag it should be
            limited to. Workers can be part of multiple tags simultaneously.
             Example: {'name': 'GPU-EEVEE', 'description': 'All workers that can do GPU rendering with
            EEVEE.'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        tag_id=tag_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    tag_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: WorkerTag,
) -> Any | Error | None:
    """Update an existing worker tag.

    Args:
        tag_id (UUID):
        body (WorkerTag): Tag of workers. A job can optionally specify which tag it should be
            limited to. Workers can be part of multiple tags simultaneously.
             Example: {'name': 'GPU-EEVEE', 'description': 'All workers that can do GPU rendering with
            EEVEE.'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return (
        await asyncio_detailed(
            tag_id=tag_id,
            client=client,
            body=body,
        )
    ).parsed
