from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.worker_status import WorkerStatus, check_worker_status

T = TypeVar("T", bound="RegisteredWorker")


@_attrs_define
class RegisteredWorker:
    """
    Attributes:
        uuid (UUID):
        name (str):
        address (str):
        status (WorkerStatus):
        platform (str):
        software (str):
        supported_task_types (list[str]):
    """

    uuid: UUID
    name: str
    address: str
    status: WorkerStatus
    platform: str
    software: str
    supported_task_types: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        uuid = str(self.uuid)

        name = self.name

        address = self.address

        status: str = self.status

        platform = self.platform

        software = self.software

        supported_task_types = self.supported_task_types

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "uuid": uuid,
                "name": name,
                "address": address,
                "status": status,
                "platform": platform,
                "software": software,
                "supported_task_types": supported_task_types,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        uuid = UUID(d.pop("uuid"))

        name = d.pop("name")

        address = d.pop("address")

        status = check_worker_status(d.pop("status"))

        platform = d.pop("platform")

        software = d.pop("software")

        supported_task_types = cast(list[str], d.pop("supported_task_types"))

        registered_worker = cls(
            uuid=uuid,
            name=name,
            address=address,
            status=status,
            platform=platform,
            software=software,
            supported_task_types=supported_task_types,
        )

        registered_worker.additional_properties = d
        return registered_worker

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
