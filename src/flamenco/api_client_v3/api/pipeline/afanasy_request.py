from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.afanasy_answer import AfanasyAnswer
from ...models.afanasy_document import AfanasyDocument
from ...models.afanasy_error import AfanasyError
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    *,
    body: AfanasyDocument,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v3/afanasy",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AfanasyAnswer | AfanasyError | Error:
    if response.status_code == 200:
        response_200 = AfanasyAnswer.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = AfanasyError.from_dict(response.json())

        return response_400

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AfanasyAnswer | AfanasyError | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: AfanasyDocument,
) -> Response[AfanasyAnswer | AfanasyError | Error]:
    """One Afanasy protocol document: exactly one of `job`, `get`, `action`. A job document is checked with
    the same rules as `afcmd json` and stored with all its tasks.

    Args:
        body (AfanasyDocument): An Afanasy protocol document; its contents follow Afanasy's schema
            and are checked by the Manager (docs/afanasy.md).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AfanasyAnswer | AfanasyError | Error]
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
    body: AfanasyDocument,
) -> AfanasyAnswer | AfanasyError | Error | None:
    """One Afanasy protocol document: exactly one of `job`, `get`, `action`. A job document is checked with
    the same rules as `afcmd json` and stored with all its tasks.

    Args:
        body (AfanasyDocument): An Afanasy protocol document; its contents follow Afanasy's schema
            and are checked by the Manager (docs/afanasy.md).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AfanasyAnswer | AfanasyError | Error
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: AfanasyDocument,
) -> Response[AfanasyAnswer | AfanasyError | Error]:
    """One Afanasy protocol document: exactly one of `job`, `get`, `action`. A job document is checked with
    the same rules as `afcmd json` and stored with all its tasks.

    Args:
        body (AfanasyDocument): An Afanasy protocol document; its contents follow Afanasy's schema
            and are checked by the Manager (docs/afanasy.md).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AfanasyAnswer | AfanasyError | Error]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: AfanasyDocument,
) -> AfanasyAnswer | AfanasyError | Error | None:
    """One Afanasy protocol document: exactly one of `job`, `get`, `action`. A job document is checked with
    the same rules as `afcmd json` and stored with all its tasks.

    Args:
        body (AfanasyDocument): An Afanasy protocol document; its contents follow Afanasy's schema
            and are checked by the Manager (docs/afanasy.md).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AfanasyAnswer | AfanasyError | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
