from http import HTTPStatus
from typing import Any, cast

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.worker_resources import WorkerResources
from ...types import Response


def _get_kwargs(
    *,
    body: WorkerResources,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v3/worker/resources",
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
    *,
    client: AuthenticatedClient,
    body: WorkerResources,
) -> Response[Any | Error]:
    """Called by Workers at sign-on and periodically with what they have: cores, memory, GPU memory, disk,
    load. Blocks' needs are matched against the latest report.

    Args:
        body (WorkerResources): What a worker has; every property is optional (a missing one stays
            as it was). Example: {'cpu_cores': 16, 'cpu_freq_mhz': 3600, 'mem_total_mb': 65536,
            'mem_free_mb': 51200}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
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
    client: AuthenticatedClient,
    body: WorkerResources,
) -> Any | Error | None:
    """Called by Workers at sign-on and periodically with what they have: cores, memory, GPU memory, disk,
    load. Blocks' needs are matched against the latest report.

    Args:
        body (WorkerResources): What a worker has; every property is optional (a missing one stays
            as it was). Example: {'cpu_cores': 16, 'cpu_freq_mhz': 3600, 'mem_total_mb': 65536,
            'mem_free_mb': 51200}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: WorkerResources,
) -> Response[Any | Error]:
    """Called by Workers at sign-on and periodically with what they have: cores, memory, GPU memory, disk,
    load. Blocks' needs are matched against the latest report.

    Args:
        body (WorkerResources): What a worker has; every property is optional (a missing one stays
            as it was). Example: {'cpu_cores': 16, 'cpu_freq_mhz': 3600, 'mem_total_mb': 65536,
            'mem_free_mb': 51200}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: WorkerResources,
) -> Any | Error | None:
    """Called by Workers at sign-on and periodically with what they have: cores, memory, GPU memory, disk,
    load. Blocks' needs are matched against the latest report.

    Args:
        body (WorkerResources): What a worker has; every property is optional (a missing one stays
            as it was). Example: {'cpu_cores': 16, 'cpu_freq_mhz': 3600, 'mem_total_mb': 65536,
            'mem_free_mb': 51200}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
