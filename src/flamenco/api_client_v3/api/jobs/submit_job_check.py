from http import HTTPStatus
from typing import Any, cast

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.submitted_job import SubmittedJob
from ...types import Response


def _get_kwargs(
    *,
    body: SubmittedJob,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v3/jobs/check",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | Error:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

    if response.status_code == 412:
        response_412 = Error.from_dict(response.json())

        return response_412

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
    *,
    client: AuthenticatedClient | Client,
    body: SubmittedJob,
) -> Response[Any | Error]:
    """Submit a new job for Flamenco Manager to check.

    Args:
        body (SubmittedJob): Job definition submitted to Flamenco. Example: {'type': 'simple-
            blender-render', 'name': '3Д рендеринг', 'priority': 50, 'submitter_platform': 'linux',
            'settings': {'blendfile': '/render/sf/jobs/scene123.blend', 'render_output_root':
            '/render/sf/frames/scene123', 'render_output_path': '/render/sf/frames/scene123/3Д
            рендеринг/######', 'frames': '1-10', 'chunk_size': 3, 'fps': 24, 'format': 'PNG',
            'has_previews': False, 'image_file_extension': '.png'}, 'metadata': {'user.name': 'Sybren
            Stüvel', 'user.email': 'sybren@blender.org', 'project': 'Sprite Fright'}}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
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
    body: SubmittedJob,
) -> Any | Error | None:
    """Submit a new job for Flamenco Manager to check.

    Args:
        body (SubmittedJob): Job definition submitted to Flamenco. Example: {'type': 'simple-
            blender-render', 'name': '3Д рендеринг', 'priority': 50, 'submitter_platform': 'linux',
            'settings': {'blendfile': '/render/sf/jobs/scene123.blend', 'render_output_root':
            '/render/sf/frames/scene123', 'render_output_path': '/render/sf/frames/scene123/3Д
            рендеринг/######', 'frames': '1-10', 'chunk_size': 3, 'fps': 24, 'format': 'PNG',
            'has_previews': False, 'image_file_extension': '.png'}, 'metadata': {'user.name': 'Sybren
            Stüvel', 'user.email': 'sybren@blender.org', 'project': 'Sprite Fright'}}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: SubmittedJob,
) -> Response[Any | Error]:
    """Submit a new job for Flamenco Manager to check.

    Args:
        body (SubmittedJob): Job definition submitted to Flamenco. Example: {'type': 'simple-
            blender-render', 'name': '3Д рендеринг', 'priority': 50, 'submitter_platform': 'linux',
            'settings': {'blendfile': '/render/sf/jobs/scene123.blend', 'render_output_root':
            '/render/sf/frames/scene123', 'render_output_path': '/render/sf/frames/scene123/3Д
            рендеринг/######', 'frames': '1-10', 'chunk_size': 3, 'fps': 24, 'format': 'PNG',
            'has_previews': False, 'image_file_extension': '.png'}, 'metadata': {'user.name': 'Sybren
            Stüvel', 'user.email': 'sybren@blender.org', 'project': 'Sprite Fright'}}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: SubmittedJob,
) -> Any | Error | None:
    """Submit a new job for Flamenco Manager to check.

    Args:
        body (SubmittedJob): Job definition submitted to Flamenco. Example: {'type': 'simple-
            blender-render', 'name': '3Д рендеринг', 'priority': 50, 'submitter_platform': 'linux',
            'settings': {'blendfile': '/render/sf/jobs/scene123.blend', 'render_output_root':
            '/render/sf/frames/scene123', 'render_output_path': '/render/sf/frames/scene123/3Д
            рендеринг/######', 'frames': '1-10', 'chunk_size': 3, 'fps': 24, 'format': 'PNG',
            'has_previews': False, 'image_file_extension': '.png'}, 'metadata': {'user.name': 'Sybren
            Stüvel', 'user.email': 'sybren@blender.org', 'project': 'Sprite Fright'}}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
