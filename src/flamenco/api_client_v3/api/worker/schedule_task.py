from http import HTTPStatus
from typing import Any, cast

import httpx

from ...client import AuthenticatedClient, Client
from ...models.assigned_task import AssignedTask
from ...models.error import Error
from ...models.security_error import SecurityError
from ...models.worker_state_change import WorkerStateChange
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    prefer: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(prefer, Unset):
        headers["Prefer"] = prefer

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v3/worker/task",
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | AssignedTask | Error | SecurityError | WorkerStateChange:
    if response.status_code == 200:
        response_200 = AssignedTask.from_dict(response.json())

        return response_200

    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

    if response.status_code == 403:
        response_403 = SecurityError.from_dict(response.json())

        return response_403

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())

        return response_409

    if response.status_code == 423:
        response_423 = WorkerStateChange.from_dict(response.json())

        return response_423

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | AssignedTask | Error | SecurityError | WorkerStateChange]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    prefer: str | Unset = UNSET,
) -> Response[Any | AssignedTask | Error | SecurityError | WorkerStateChange]:
    """Obtain a new task to execute

    Args:
        prefer (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | AssignedTask | Error | SecurityError | WorkerStateChange]
    """

    kwargs = _get_kwargs(
        prefer=prefer,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    prefer: str | Unset = UNSET,
) -> Any | AssignedTask | Error | SecurityError | WorkerStateChange | None:
    """Obtain a new task to execute

    Args:
        prefer (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | AssignedTask | Error | SecurityError | WorkerStateChange
    """

    return sync_detailed(
        client=client,
        prefer=prefer,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    prefer: str | Unset = UNSET,
) -> Response[Any | AssignedTask | Error | SecurityError | WorkerStateChange]:
    """Obtain a new task to execute

    Args:
        prefer (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | AssignedTask | Error | SecurityError | WorkerStateChange]
    """

    kwargs = _get_kwargs(
        prefer=prefer,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    prefer: str | Unset = UNSET,
) -> Any | AssignedTask | Error | SecurityError | WorkerStateChange | None:
    """Obtain a new task to execute

    Args:
        prefer (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | AssignedTask | Error | SecurityError | WorkerStateChange
    """

    return (
        await asyncio_detailed(
            client=client,
            prefer=prefer,
        )
    ).parsed
