from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.pipeline_job import PipelineJob
from ...models.pipeline_job_submitted import PipelineJobSubmitted
from ...types import Response


def _get_kwargs(
    *,
    body: PipelineJob,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v3/pipeline/jobs",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | PipelineJobSubmitted:
    if response.status_code == 200:
        response_200 = PipelineJobSubmitted.from_dict(response.json())

        return response_200

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | PipelineJobSubmitted]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: PipelineJob,
) -> Response[Error | PipelineJobSubmitted]:
    """Submit a pipeline job (an Afanasy job document's fields, typed).

    Args:
        body (PipelineJob): An Afanasy job document's fields, typed (docs/afanasy.md lists them
            all). Fields not listed here are Afanasy's too and are checked by the same rules as `afcmd
            json`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PipelineJobSubmitted]
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
    body: PipelineJob,
) -> Error | PipelineJobSubmitted | None:
    """Submit a pipeline job (an Afanasy job document's fields, typed).

    Args:
        body (PipelineJob): An Afanasy job document's fields, typed (docs/afanasy.md lists them
            all). Fields not listed here are Afanasy's too and are checked by the same rules as `afcmd
            json`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PipelineJobSubmitted
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: PipelineJob,
) -> Response[Error | PipelineJobSubmitted]:
    """Submit a pipeline job (an Afanasy job document's fields, typed).

    Args:
        body (PipelineJob): An Afanasy job document's fields, typed (docs/afanasy.md lists them
            all). Fields not listed here are Afanasy's too and are checked by the same rules as `afcmd
            json`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PipelineJobSubmitted]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: PipelineJob,
) -> Error | PipelineJobSubmitted | None:
    """Submit a pipeline job (an Afanasy job document's fields, typed).

    Args:
        body (PipelineJob): An Afanasy job document's fields, typed (docs/afanasy.md lists them
            all). Fields not listed here are Afanasy's too and are checked by the same rules as `afcmd
            json`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PipelineJobSubmitted
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
