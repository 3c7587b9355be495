from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.shaman_single_file_status import ShamanSingleFileStatus
from ...types import Response


def _get_kwargs(
    checksum: str,
    filesize: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v3/shaman/files/{checksum}/{filesize}".format(
            checksum=quote(str(checksum), safe=""),
            filesize=quote(str(filesize), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ShamanSingleFileStatus:
    if response.status_code == 200:
        response_200 = ShamanSingleFileStatus.from_dict(response.json())

        return response_200

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | ShamanSingleFileStatus]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    checksum: str,
    filesize: int,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Error | ShamanSingleFileStatus]:
    """Check the status of a file on the Shaman server.

    Args:
        checksum (str):
        filesize (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ShamanSingleFileStatus]
    """

    kwargs = _get_kwargs(
        checksum=checksum,
        filesize=filesize,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    checksum: str,
    filesize: int,
    *,
    client: AuthenticatedClient | Client,
) -> Error | ShamanSingleFileStatus | None:
    """Check the status of a file on the Shaman server.

    Args:
        checksum (str):
        filesize (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ShamanSingleFileStatus
    """

    return sync_detailed(
        checksum=checksum,
        filesize=filesize,
        client=client,
    ).parsed


async def asyncio_detailed(
    checksum: str,
    filesize: int,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Error | ShamanSingleFileStatus]:
    """Check the status of a file on the Shaman server.

    Args:
        checksum (str):
        filesize (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ShamanSingleFileStatus]
    """

    kwargs = _get_kwargs(
        checksum=checksum,
        filesize=filesize,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    checksum: str,
    filesize: int,
    *,
    client: AuthenticatedClient | Client,
) -> Error | ShamanSingleFileStatus | None:
    """Check the status of a file on the Shaman server.

    Args:
        checksum (str):
        filesize (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ShamanSingleFileStatus
    """

    return (
        await asyncio_detailed(
            checksum=checksum,
            filesize=filesize,
            client=client,
        )
    ).parsed
