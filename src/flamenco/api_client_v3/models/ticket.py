from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.ticket_scope import TicketScope, check_ticket_scope
from ..types import UNSET, Unset

T = TypeVar("T", bound="Ticket")


@_attrs_define
class Ticket:
    """
    Attributes:
        name (str):
        scope (TicketScope):
        capacity (int):
        in_use (int): Held by running tasks (all workers together).
        hosts (int): Workers holding some of it.
        max_hosts (int | None | Unset):
    """

    name: str
    scope: TicketScope
    capacity: int
    in_use: int
    hosts: int
    max_hosts: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        scope: str = self.scope

        capacity = self.capacity

        in_use = self.in_use

        hosts = self.hosts

        max_hosts: int | None | Unset
        if isinstance(self.max_hosts, Unset):
            max_hosts = UNSET
        else:
            max_hosts = self.max_hosts

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "scope": scope,
                "capacity": capacity,
                "in_use": in_use,
                "hosts": hosts,
            }
        )
        if max_hosts is not UNSET:
            field_dict["max_hosts"] = max_hosts

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        scope = check_ticket_scope(d.pop("scope"))

        capacity = d.pop("capacity")

        in_use = d.pop("in_use")

        hosts = d.pop("hosts")

        def _parse_max_hosts(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_hosts = _parse_max_hosts(d.pop("max_hosts", UNSET))

        ticket = cls(
            name=name,
            scope=scope,
            capacity=capacity,
            in_use=in_use,
            hosts=hosts,
            max_hosts=max_hosts,
        )

        ticket.additional_properties = d
        return ticket

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
