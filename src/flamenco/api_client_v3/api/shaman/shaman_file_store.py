from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...types import UNSET, File, Response, Unset


def _get_kwargs(
    checksum: str,
    filesize: int,
    *,
    body: File,
    x_shaman_can_defer_upload: bool | Unset = UNSET,
    x_shaman_original_filename: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_shaman_can_defer_upload, Unset):
        headers["X-Shaman-Can-Defer-Upload"] = "true" if x_shaman_can_defer_upload else "false"

    if not isinstance(x_shaman_original_filename, Unset):
        headers["X-Shaman-Original-Filename"] = x_shaman_original_filename

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v3/shaman/files/{checksum}/{filesize}".format(
            checksum=quote(str(checksum), safe=""),
            filesize=quote(str(filesize), safe=""),
        ),
    }

    _kwargs["content"] = body.payload
    headers["Content-Type"] = "application/octet-stream"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | Error:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

    if response.status_code == 208:
        response_208 = cast(Any, None)
        return response_208

    if response.status_code == 417:
        response_417 = Error.from_dict(response.json())

        return response_417

    if response.status_code == 425:
        response_425 = cast(Any, None)
        return response_425

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
    checksum: str,
    filesize: int,
    *,
    client: AuthenticatedClient | Client,
    body: File,
    x_shaman_can_defer_upload: bool | Unset = UNSET,
    x_shaman_original_filename: str | Unset = UNSET,
) -> Response[Any | Error]:
    """Store a new file on the Shaman server. Note that the Shaman server can forcibly close the HTTP
    connection when another client finishes uploading the exact same file, to prevent double uploads.
    The file's contents should be sent in the request body.

    Args:
        checksum (str):
        filesize (int):
        x_shaman_can_defer_upload (bool | Unset):
        x_shaman_original_filename (str | Unset):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        checksum=checksum,
        filesize=filesize,
        body=body,
        x_shaman_can_defer_upload=x_shaman_can_defer_upload,
        x_shaman_original_filename=x_shaman_original_filename,
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
    body: File,
    x_shaman_can_defer_upload: bool | Unset = UNSET,
    x_shaman_original_filename: str | Unset = UNSET,
) -> Any | Error | None:
    """Store a new file on the Shaman server. Note that the Shaman server can forcibly close the HTTP
    connection when another client finishes uploading the exact same file, to prevent double uploads.
    The file's contents should be sent in the request body.

    Args:
        checksum (str):
        filesize (int):
        x_shaman_can_defer_upload (bool | Unset):
        x_shaman_original_filename (str | Unset):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return sync_detailed(
        checksum=checksum,
        filesize=filesize,
        client=client,
        body=body,
        x_shaman_can_defer_upload=x_shaman_can_defer_upload,
        x_shaman_original_filename=x_shaman_original_filename,
    ).parsed


async def asyncio_detailed(
    checksum: str,
    filesize: int,
    *,
    client: AuthenticatedClient | Client,
    body: File,
    x_shaman_can_defer_upload: bool | Unset = UNSET,
    x_shaman_original_filename: str | Unset = UNSET,
) -> Response[Any | Error]:
    """Store a new file on the Shaman server. Note that the Shaman server can forcibly close the HTTP
    connection when another client finishes uploading the exact same file, to prevent double uploads.
    The file's contents should be sent in the request body.

    Args:
        checksum (str):
        filesize (int):
        x_shaman_can_defer_upload (bool | Unset):
        x_shaman_original_filename (str | Unset):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        checksum=checksum,
        filesize=filesize,
        body=body,
        x_shaman_can_defer_upload=x_shaman_can_defer_upload,
        x_shaman_original_filename=x_shaman_original_filename,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    checksum: str,
    filesize: int,
    *,
    client: AuthenticatedClient | Client,
    body: File,
    x_shaman_can_defer_upload: bool | Unset = UNSET,
    x_shaman_original_filename: str | Unset = UNSET,
) -> Any | Error | None:
    """Store a new file on the Shaman server. Note that the Shaman server can forcibly close the HTTP
    connection when another client finishes uploading the exact same file, to prevent double uploads.
    The file's contents should be sent in the request body.

    Args:
        checksum (str):
        filesize (int):
        x_shaman_can_defer_upload (bool | Unset):
        x_shaman_original_filename (str | Unset):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return (
        await asyncio_detailed(
            checksum=checksum,
            filesize=filesize,
            client=client,
            body=body,
            x_shaman_can_defer_upload=x_shaman_can_defer_upload,
            x_shaman_original_filename=x_shaman_original_filename,
        )
    ).parsed
