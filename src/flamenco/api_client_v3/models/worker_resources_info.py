from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.worker_resources import WorkerResources
    from ..models.worker_resources_info_tickets import WorkerResourcesInfoTickets


T = TypeVar("T", bound="WorkerResourcesInfo")


@_attrs_define
class WorkerResourcesInfo:
    """
    Attributes:
        worker_id (UUID):
        name (str):
        properties (str):
        resources (WorkerResources): What a worker has; every property is optional (a missing one stays as it was).
            Example: {'cpu_cores': 16, 'cpu_freq_mhz': 3600, 'mem_total_mb': 65536, 'mem_free_mb': 51200}.
        tickets (WorkerResourcesInfoTickets): Tickets the worker's running tasks hold, {name => count}.
        reported_at (datetime.datetime | None | Unset):
    """

    worker_id: UUID
    name: str
    properties: str
    resources: WorkerResources
    tickets: WorkerResourcesInfoTickets
    reported_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        worker_id = str(self.worker_id)

        name = self.name

        properties = self.properties

        resources = self.resources.to_dict()

        tickets = self.tickets.to_dict()

        reported_at: None | str | Unset
        if isinstance(self.reported_at, Unset):
            reported_at = UNSET
        elif isinstance(self.reported_at, datetime.datetime):
            reported_at = self.reported_at.isoformat()
        else:
            reported_at = self.reported_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "worker_id": worker_id,
                "name": name,
                "properties": properties,
                "resources": resources,
                "tickets": tickets,
            }
        )
        if reported_at is not UNSET:
            field_dict["reported_at"] = reported_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.worker_resources import WorkerResources  # noqa: PLC0415
        from ..models.worker_resources_info_tickets import WorkerResourcesInfoTickets  # noqa: PLC0415

        d = dict(src_dict)
        worker_id = UUID(d.pop("worker_id"))

        name = d.pop("name")

        properties = d.pop("properties")

        resources = WorkerResources.from_dict(d.pop("resources"))

        tickets = WorkerResourcesInfoTickets.from_dict(d.pop("tickets"))

        def _parse_reported_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                reported_at_type_0 = datetime.datetime.fromisoformat(data)

                return reported_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        reported_at = _parse_reported_at(d.pop("reported_at", UNSET))

        worker_resources_info = cls(
            worker_id=worker_id,
            name=name,
            properties=properties,
            resources=resources,
            tickets=tickets,
            reported_at=reported_at,
        )

        worker_resources_info.additional_properties = d
        return worker_resources_info

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
