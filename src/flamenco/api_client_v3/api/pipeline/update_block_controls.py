from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.job_controls import JobControls
from ...models.pipeline_controls import PipelineControls
from ...types import Response


def _get_kwargs(
    job_id: UUID,
    block_name: str,
    *,
    body: PipelineControls,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v3/jobs/{job_id}/blocks/{block_name}/controls".format(
            job_id=quote(str(job_id), safe=""),
            block_name=quote(str(block_name), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | JobControls:
    if response.status_code == 200:
        response_200 = JobControls.from_dict(response.json())

        return response_200

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | JobControls]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    job_id: UUID,
    block_name: str,
    *,
    client: AuthenticatedClient | Client,
    body: PipelineControls,
) -> Response[Error | JobControls]:
    """Change one block's controls (as updateJobControls does for the job).

    Args:
        job_id (UUID):
        block_name (str):
        body (PipelineControls): Limits, masks, needs and tickets of a job or block. In a request
            only the properties sent change; null (or -1 for numbers, "" for texts) removes one. Masks
            are regular expressions matched against the whole worker name (`hosts_mask_type: find`:
            Afanasy's word-prefix matching); `need_os` and `need_properties` are searched in the
            worker's platform words (`unix linux`, `unix macosx`, `windows`) and properties.
             Example: {'max_running_tasks': 4, 'hosts_mask': 'render-.*', 'tickets': {'NUKE': 1}}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | JobControls]
    """

    kwargs = _get_kwargs(
        job_id=job_id,
        block_name=block_name,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    job_id: UUID,
    block_name: str,
    *,
    client: AuthenticatedClient | Client,
    body: PipelineControls,
) -> Error | JobControls | None:
    """Change one block's controls (as updateJobControls does for the job).

    Args:
        job_id (UUID):
        block_name (str):
        body (PipelineControls): Limits, masks, needs and tickets of a job or block. In a request
            only the properties sent change; null (or -1 for numbers, "" for texts) removes one. Masks
            are regular expressions matched against the whole worker name (`hosts_mask_type: find`:
            Afanasy's word-prefix matching); `need_os` and `need_properties` are searched in the
            worker's platform words (`unix linux`, `unix macosx`, `windows`) and properties.
             Example: {'max_running_tasks': 4, 'hosts_mask': 'render-.*', 'tickets': {'NUKE': 1}}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | JobControls
    """

    return sync_detailed(
        job_id=job_id,
        block_name=block_name,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    job_id: UUID,
    block_name: str,
    *,
    client: AuthenticatedClient | Client,
    body: PipelineControls,
) -> Response[Error | JobControls]:
    """Change one block's controls (as updateJobControls does for the job).

    Args:
        job_id (UUID):
        block_name (str):
        body (PipelineControls): Limits, masks, needs and tickets of a job or block. In a request
            only the properties sent change; null (or -1 for numbers, "" for texts) removes one. Masks
            are regular expressions matched against the whole worker name (`hosts_mask_type: find`:
            Afanasy's word-prefix matching); `need_os` and `need_properties` are searched in the
            worker's platform words (`unix linux`, `unix macosx`, `windows`) and properties.
             Example: {'max_running_tasks': 4, 'hosts_mask': 'render-.*', 'tickets': {'NUKE': 1}}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | JobControls]
    """

    kwargs = _get_kwargs(
        job_id=job_id,
        block_name=block_name,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    job_id: UUID,
    block_name: str,
    *,
    client: AuthenticatedClient | Client,
    body: PipelineControls,
) -> Error | JobControls | None:
    """Change one block's controls (as updateJobControls does for the job).

    Args:
        job_id (UUID):
        block_name (str):
        body (PipelineControls): Limits, masks, needs and tickets of a job or block. In a request
            only the properties sent change; null (or -1 for numbers, "" for texts) removes one. Masks
            are regular expressions matched against the whole worker name (`hosts_mask_type: find`:
            Afanasy's word-prefix matching); `need_os` and `need_properties` are searched in the
            worker's platform words (`unix linux`, `unix macosx`, `windows`) and properties.
             Example: {'max_running_tasks': 4, 'hosts_mask': 'render-.*', 'tickets': {'NUKE': 1}}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | JobControls
    """

    return (
        await asyncio_detailed(
            job_id=job_id,
            block_name=block_name,
            client=client,
            body=body,
        )
    ).parsed
