from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.shaman_requirements_request import ShamanRequirementsRequest
from ...models.shaman_requirements_response import ShamanRequirementsResponse
from ...types import Response


def _get_kwargs(
    *,
    body: ShamanRequirementsRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v3/shaman/checkout/requirements",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ShamanRequirementsResponse:
    if response.status_code == 200:
        response_200 = ShamanRequirementsResponse.from_dict(response.json())

        return response_200

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | ShamanRequirementsResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ShamanRequirementsRequest,
) -> Response[Error | ShamanRequirementsResponse]:
    """Checks a Shaman Requirements file, and reports which files are unknown.

    Args:
        body (ShamanRequirementsRequest): Set of files with their SHA256 checksum and size in
            bytes. Example: {'files': [{'sha':
            '35b0491c27b0333d1fb45fc0789a12ca06b1d640d2569780b807de504d7029e0', 'size': 1424}, {'sha':
            '63b72c63b9424fd13b9370fb60069080c3a15717cf3ad442635b187c6a895079', 'size': 127}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ShamanRequirementsResponse]
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
    body: ShamanRequirementsRequest,
) -> Error | ShamanRequirementsResponse | None:
    """Checks a Shaman Requirements file, and reports which files are unknown.

    Args:
        body (ShamanRequirementsRequest): Set of files with their SHA256 checksum and size in
            bytes. Example: {'files': [{'sha':
            '35b0491c27b0333d1fb45fc0789a12ca06b1d640d2569780b807de504d7029e0', 'size': 1424}, {'sha':
            '63b72c63b9424fd13b9370fb60069080c3a15717cf3ad442635b187c6a895079', 'size': 127}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ShamanRequirementsResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ShamanRequirementsRequest,
) -> Response[Error | ShamanRequirementsResponse]:
    """Checks a Shaman Requirements file, and reports which files are unknown.

    Args:
        body (ShamanRequirementsRequest): Set of files with their SHA256 checksum and size in
            bytes. Example: {'files': [{'sha':
            '35b0491c27b0333d1fb45fc0789a12ca06b1d640d2569780b807de504d7029e0', 'size': 1424}, {'sha':
            '63b72c63b9424fd13b9370fb60069080c3a15717cf3ad442635b187c6a895079', 'size': 127}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ShamanRequirementsResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: ShamanRequirementsRequest,
) -> Error | ShamanRequirementsResponse | None:
    """Checks a Shaman Requirements file, and reports which files are unknown.

    Args:
        body (ShamanRequirementsRequest): Set of files with their SHA256 checksum and size in
            bytes. Example: {'files': [{'sha':
            '35b0491c27b0333d1fb45fc0789a12ca06b1d640d2569780b807de504d7029e0', 'size': 1424}, {'sha':
            '63b72c63b9424fd13b9370fb60069080c3a15717cf3ad442635b187c6a895079', 'size': 127}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ShamanRequirementsResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
