from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.shaman_checkout import ShamanCheckout
from ...models.shaman_checkout_result import ShamanCheckoutResult
from ...types import Response


def _get_kwargs(
    *,
    body: ShamanCheckout,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v3/shaman/checkout/create",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ShamanCheckoutResult:
    if response.status_code == 200:
        response_200 = ShamanCheckoutResult.from_dict(response.json())

        return response_200

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())

        return response_409

    if response.status_code == 424:
        response_424 = Error.from_dict(response.json())

        return response_424

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | ShamanCheckoutResult]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ShamanCheckout,
) -> Response[Error | ShamanCheckoutResult]:
    """Create a directory, and symlink the required files into it. The files must all have been uploaded to
    Shaman before calling this endpoint.

    Args:
        body (ShamanCheckout): Set of files with their SHA256 checksum, size in bytes, and desired
            location in the checkout directory. Example: {'files': [{'sha':
            '35b0491c27b0333d1fb45fc0789a12ca06b1d640d2569780b807de504d7029e0', 'size': 1424, 'path':
            'definition.go'}, {'sha':
            '63b72c63b9424fd13b9370fb60069080c3a15717cf3ad442635b187c6a895079', 'size': 127, 'path':
            'logging.go'}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ShamanCheckoutResult]
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
    body: ShamanCheckout,
) -> Error | ShamanCheckoutResult | None:
    """Create a directory, and symlink the required files into it. The files must all have been uploaded to
    Shaman before calling this endpoint.

    Args:
        body (ShamanCheckout): Set of files with their SHA256 checksum, size in bytes, and desired
            location in the checkout directory. Example: {'files': [{'sha':
            '35b0491c27b0333d1fb45fc0789a12ca06b1d640d2569780b807de504d7029e0', 'size': 1424, 'path':
            'definition.go'}, {'sha':
            '63b72c63b9424fd13b9370fb60069080c3a15717cf3ad442635b187c6a895079', 'size': 127, 'path':
            'logging.go'}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ShamanCheckoutResult
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ShamanCheckout,
) -> Response[Error | ShamanCheckoutResult]:
    """Create a directory, and symlink the required files into it. The files must all have been uploaded to
    Shaman before calling this endpoint.

    Args:
        body (ShamanCheckout): Set of files with their SHA256 checksum, size in bytes, and desired
            location in the checkout directory. Example: {'files': [{'sha':
            '35b0491c27b0333d1fb45fc0789a12ca06b1d640d2569780b807de504d7029e0', 'size': 1424, 'path':
            'definition.go'}, {'sha':
            '63b72c63b9424fd13b9370fb60069080c3a15717cf3ad442635b187c6a895079', 'size': 127, 'path':
            'logging.go'}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ShamanCheckoutResult]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: ShamanCheckout,
) -> Error | ShamanCheckoutResult | None:
    """Create a directory, and symlink the required files into it. The files must all have been uploaded to
    Shaman before calling this endpoint.

    Args:
        body (ShamanCheckout): Set of files with their SHA256 checksum, size in bytes, and desired
            location in the checkout directory. Example: {'files': [{'sha':
            '35b0491c27b0333d1fb45fc0789a12ca06b1d640d2569780b807de504d7029e0', 'size': 1424, 'path':
            'definition.go'}, {'sha':
            '63b72c63b9424fd13b9370fb60069080c3a15717cf3ad442635b187c6a895079', 'size': 127, 'path':
            'logging.go'}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ShamanCheckoutResult
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
