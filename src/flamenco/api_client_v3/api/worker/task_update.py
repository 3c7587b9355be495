from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.task_update import TaskUpdate
from ...types import Response


def _get_kwargs(
    task_id: UUID,
    *,
    body: TaskUpdate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v3/worker/task/{task_id}".format(
            task_id=quote(str(task_id), safe=""),
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

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())

        return response_409

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
    task_id: UUID,
    *,
    client: AuthenticatedClient,
    body: TaskUpdate,
) -> Response[Any | Error]:
    """Update the task, typically to indicate progress, completion, or failure.

    Args:
        task_id (UUID):
        body (TaskUpdate): TaskUpdate is sent by a Worker to update the status & logs of a task
            it's executing. All properties are optional; omitted properties are ignored (i.e. omitting
            `activity` will not erase the activity property of the task).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        task_id=task_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    task_id: UUID,
    *,
    client: AuthenticatedClient,
    body: TaskUpdate,
) -> Any | Error | None:
    """Update the task, typically to indicate progress, completion, or failure.

    Args:
        task_id (UUID):
        body (TaskUpdate): TaskUpdate is sent by a Worker to update the status & logs of a task
            it's executing. All properties are optional; omitted properties are ignored (i.e. omitting
            `activity` will not erase the activity property of the task).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return sync_detailed(
        task_id=task_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    task_id: UUID,
    *,
    client: AuthenticatedClient,
    body: TaskUpdate,
) -> Response[Any | Error]:
    """Update the task, typically to indicate progress, completion, or failure.

    Args:
        task_id (UUID):
        body (TaskUpdate): TaskUpdate is sent by a Worker to update the status & logs of a task
            it's executing. All properties are optional; omitted properties are ignored (i.e. omitting
            `activity` will not erase the activity property of the task).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        task_id=task_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    task_id: UUID,
    *,
    client: AuthenticatedClient,
    body: TaskUpdate,
) -> Any | Error | None:
    """Update the task, typically to indicate progress, completion, or failure.

    Args:
        task_id (UUID):
        body (TaskUpdate): TaskUpdate is sent by a Worker to update the status & logs of a task
            it's executing. All properties are optional; omitted properties are ignored (i.e. omitting
            `activity` will not erase the activity property of the task).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return (
        await asyncio_detailed(
            task_id=task_id,
            client=client,
            body=body,
        )
    ).parsed
