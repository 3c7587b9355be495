from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.ticket_scope import TicketScope, check_ticket_scope
from ..types import UNSET, Unset

T = TypeVar("T", bound="TicketSettings")


@_attrs_define
class TicketSettings:
    """
    Example:
        {'scope': 'farm', 'capacity': 20}

    Attributes:
        capacity (int):
        scope (TicketScope | Unset):
        max_hosts (int | None | Unset): Farm tickets only, at most this many workers hold it at once.
    """

    capacity: int
    scope: TicketScope | Unset = UNSET
    max_hosts: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        capacity = self.capacity

        scope: str | Unset = UNSET
        if not isinstance(self.scope, Unset):
            scope = self.scope

        max_hosts: int | None | Unset
        if isinstance(self.max_hosts, Unset):
            max_hosts = UNSET
        else:
            max_hosts = self.max_hosts

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "capacity": capacity,
            }
        )
        if scope is not UNSET:
            field_dict["scope"] = scope
        if max_hosts is not UNSET:
            field_dict["max_hosts"] = max_hosts

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        capacity = d.pop("capacity")

        _scope = d.pop("scope", UNSET)
        scope: TicketScope | Unset
        if isinstance(_scope, Unset):
            scope = UNSET
        else:
            scope = check_ticket_scope(_scope)

        def _parse_max_hosts(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_hosts = _parse_max_hosts(d.pop("max_hosts", UNSET))

        ticket_settings = cls(
            capacity=capacity,
            scope=scope,
            max_hosts=max_hosts,
        )

        return ticket_settings
