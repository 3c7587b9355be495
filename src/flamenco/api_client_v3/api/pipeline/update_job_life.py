from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.job_life import JobLife
from ...models.job_life_update import JobLifeUpdate
from ...types import Response


def _get_kwargs(
    job_id: UUID,
    *,
    body: JobLifeUpdate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v3/jobs/{job_id}/life".format(
            job_id=quote(str(job_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | JobLife:
    if response.status_code == 200:
        response_200 = JobLife.from_dict(response.json())

        return response_200

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | JobLife]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    job_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: JobLifeUpdate,
) -> Response[Error | JobLife]:
    """Change some of the job's life controls; fields left out stay as they are, null or empty clears one.

    Args:
        job_id (UUID):
        body (JobLifeUpdate): Life controls to change; a field left out stays, null or "" clears
            it. Example: {'depend_mask': 'shot010_.*', 'time_wait': '2026-01-01T18:00:00Z'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | JobLife]
    """

    kwargs = _get_kwargs(
        job_id=job_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    job_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: JobLifeUpdate,
) -> Error | JobLife | None:
    """Change some of the job's life controls; fields left out stay as they are, null or empty clears one.

    Args:
        job_id (UUID):
        body (JobLifeUpdate): Life controls to change; a field left out stays, null or "" clears
            it. Example: {'depend_mask': 'shot010_.*', 'time_wait': '2026-01-01T18:00:00Z'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | JobLife
    """

    return sync_detailed(
        job_id=job_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    job_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: JobLifeUpdate,
) -> Response[Error | JobLife]:
    """Change some of the job's life controls; fields left out stay as they are, null or empty clears one.

    Args:
        job_id (UUID):
        body (JobLifeUpdate): Life controls to change; a field left out stays, null or "" clears
            it. Example: {'depend_mask': 'shot010_.*', 'time_wait': '2026-01-01T18:00:00Z'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | JobLife]
    """

    kwargs = _get_kwargs(
        job_id=job_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    job_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: JobLifeUpdate,
) -> Error | JobLife | None:
    """Change some of the job's life controls; fields left out stay as they are, null or empty clears one.

    Args:
        job_id (UUID):
        body (JobLifeUpdate): Life controls to change; a field left out stays, null or "" clears
            it. Example: {'depend_mask': 'shot010_.*', 'time_wait': '2026-01-01T18:00:00Z'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | JobLife
    """

    return (
        await asyncio_detailed(
            job_id=job_id,
            client=client,
            body=body,
        )
    ).parsed
