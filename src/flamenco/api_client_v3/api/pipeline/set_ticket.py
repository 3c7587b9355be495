from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.ticket import Ticket
from ...models.ticket_settings import TicketSettings
from ...types import Response


def _get_kwargs(
    name: str,
    *,
    body: TicketSettings,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/api/v3/pipeline/tickets/{name}".format(
            name=quote(str(name), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | Ticket:
    if response.status_code == 200:
        response_200 = Ticket.from_dict(response.json())

        return response_200

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | Ticket]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    name: str,
    *,
    client: AuthenticatedClient | Client,
    body: TicketSettings,
) -> Response[Error | Ticket]:
    """Define a ticket or change its capacity. `farm` tickets are shared by the whole farm (optionally held
    by at most `max_hosts` workers at once); `worker` tickets give each worker that capacity. Lowering a
    capacity below the current use stops new tasks, not running ones.

    Args:
        name (str):
        body (TicketSettings):  Example: {'scope': 'farm', 'capacity': 20}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Ticket]
    """

    kwargs = _get_kwargs(
        name=name,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    name: str,
    *,
    client: AuthenticatedClient | Client,
    body: TicketSettings,
) -> Error | Ticket | None:
    """Define a ticket or change its capacity. `farm` tickets are shared by the whole farm (optionally held
    by at most `max_hosts` workers at once); `worker` tickets give each worker that capacity. Lowering a
    capacity below the current use stops new tasks, not running ones.

    Args:
        name (str):
        body (TicketSettings):  Example: {'scope': 'farm', 'capacity': 20}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Ticket
    """

    return sync_detailed(
        name=name,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    name: str,
    *,
    client: AuthenticatedClient | Client,
    body: TicketSettings,
) -> Response[Error | Ticket]:
    """Define a ticket or change its capacity. `farm` tickets are shared by the whole farm (optionally held
    by at most `max_hosts` workers at once); `worker` tickets give each worker that capacity. Lowering a
    capacity below the current use stops new tasks, not running ones.

    Args:
        name (str):
        body (TicketSettings):  Example: {'scope': 'farm', 'capacity': 20}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Ticket]
    """

    kwargs = _get_kwargs(
        name=name,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    name: str,
    *,
    client: AuthenticatedClient | Client,
    body: TicketSettings,
) -> Error | Ticket | None:
    """Define a ticket or change its capacity. `farm` tickets are shared by the whole farm (optionally held
    by at most `max_hosts` workers at once); `worker` tickets give each worker that capacity. Lowering a
    capacity below the current use stops new tasks, not running ones.

    Args:
        name (str):
        body (TicketSettings):  Example: {'scope': 'farm', 'capacity': 20}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Ticket
    """

    return (
        await asyncio_detailed(
            name=name,
            client=client,
            body=body,
        )
    ).parsed
