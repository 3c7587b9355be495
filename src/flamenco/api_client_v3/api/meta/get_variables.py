from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.manager_variable_audience import (
    ManagerVariableAudience,
)
from ...models.manager_variables import ManagerVariables
from ...types import Response


def _get_kwargs(
    audience: ManagerVariableAudience,
    platform: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v3/configuration/variables/{audience}/{platform}".format(
            audience=quote(str(audience), safe=""),
            platform=quote(str(platform), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ManagerVariables:
    if response.status_code == 200:
        response_200 = ManagerVariables.from_dict(response.json())

        return response_200

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | ManagerVariables]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    audience: ManagerVariableAudience,
    platform: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Error | ManagerVariables]:
    """Get the variables of this Manager. Used by the Blender add-on to recognise two-way variables, and
    for the web interface to do variable replacement based on the browser's platform.

    Args:
        audience (ManagerVariableAudience):
        platform (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ManagerVariables]
    """

    kwargs = _get_kwargs(
        audience=audience,
        platform=platform,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    audience: ManagerVariableAudience,
    platform: str,
    *,
    client: AuthenticatedClient | Client,
) -> Error | ManagerVariables | None:
    """Get the variables of this Manager. Used by the Blender add-on to recognise two-way variables, and
    for the web interface to do variable replacement based on the browser's platform.

    Args:
        audience (ManagerVariableAudience):
        platform (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ManagerVariables
    """

    return sync_detailed(
        audience=audience,
        platform=platform,
        client=client,
    ).parsed


async def asyncio_detailed(
    audience: ManagerVariableAudience,
    platform: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Error | ManagerVariables]:
    """Get the variables of this Manager. Used by the Blender add-on to recognise two-way variables, and
    for the web interface to do variable replacement based on the browser's platform.

    Args:
        audience (ManagerVariableAudience):
        platform (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ManagerVariables]
    """

    kwargs = _get_kwargs(
        audience=audience,
        platform=platform,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    audience: ManagerVariableAudience,
    platform: str,
    *,
    client: AuthenticatedClient | Client,
) -> Error | ManagerVariables | None:
    """Get the variables of this Manager. Used by the Blender add-on to recognise two-way variables, and
    for the web interface to do variable replacement based on the browser's platform.

    Args:
        audience (ManagerVariableAudience):
        platform (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ManagerVariables
    """

    return (
        await asyncio_detailed(
            audience=audience,
            platform=platform,
            client=client,
        )
    ).parsed
