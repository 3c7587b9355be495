from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.available_job_type import AvailableJobType
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    type_name: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v3/jobs/type/{type_name}".format(
            type_name=quote(str(type_name), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AvailableJobType | Error:
    if response.status_code == 200:
        response_200 = AvailableJobType.from_dict(response.json())

        return response_200

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AvailableJobType | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    type_name: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[AvailableJobType | Error]:
    """Get single job type and its parameters.

    Args:
        type_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AvailableJobType | Error]
    """

    kwargs = _get_kwargs(
        type_name=type_name,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    type_name: str,
    *,
    client: AuthenticatedClient | Client,
) -> AvailableJobType | Error | None:
    """Get single job type and its parameters.

    Args:
        type_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AvailableJobType | Error
    """

    return sync_detailed(
        type_name=type_name,
        client=client,
    ).parsed


async def asyncio_detailed(
    type_name: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[AvailableJobType | Error]:
    """Get single job type and its parameters.

    Args:
        type_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AvailableJobType | Error]
    """

    kwargs = _get_kwargs(
        type_name=type_name,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    type_name: str,
    *,
    client: AuthenticatedClient | Client,
) -> AvailableJobType | Error | None:
    """Get single job type and its parameters.

    Args:
        type_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AvailableJobType | Error
    """

    return (
        await asyncio_detailed(
            type_name=type_name,
            client=client,
        )
    ).parsed
