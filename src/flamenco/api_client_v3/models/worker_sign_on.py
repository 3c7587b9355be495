from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.worker_resources import WorkerResources


T = TypeVar("T", bound="WorkerSignOn")


@_attrs_define
class WorkerSignOn:
    """
    Example:
        {'name': 'API user', 'supported_task_types': ['blender', 'ffmpeg', 'file-management', 'misc'],
            'software_version': 'swagger-ui', 'can_restart': False}

    Attributes:
        name (str):
        supported_task_types (list[str]):
        software_version (str):
        can_restart (bool | Unset):
        resources (WorkerResources | Unset): What a worker has; every property is optional (a missing one stays as it
            was). Example: {'cpu_cores': 16, 'cpu_freq_mhz': 3600, 'mem_total_mb': 65536, 'mem_free_mb': 51200}.
    """

    name: str
    supported_task_types: list[str]
    software_version: str
    can_restart: bool | Unset = UNSET
    resources: WorkerResources | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        supported_task_types = self.supported_task_types

        software_version = self.software_version

        can_restart = self.can_restart

        resources: dict[str, Any] | Unset = UNSET
        if not isinstance(self.resources, Unset):
            resources = self.resources.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "supported_task_types": supported_task_types,
                "software_version": software_version,
            }
        )
        if can_restart is not UNSET:
            field_dict["can_restart"] = can_restart
        if resources is not UNSET:
            field_dict["resources"] = resources

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.worker_resources import WorkerResources  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        supported_task_types = cast(list[str], d.pop("supported_task_types"))

        software_version = d.pop("software_version")

        can_restart = d.pop("can_restart", UNSET)

        _resources = d.pop("resources", UNSET)
        resources: WorkerResources | Unset
        if isinstance(_resources, Unset):
            resources = UNSET
        else:
            resources = WorkerResources.from_dict(_resources)

        worker_sign_on = cls(
            name=name,
            supported_task_types=supported_task_types,
            software_version=software_version,
            can_restart=can_restart,
            resources=resources,
        )

        worker_sign_on.additional_properties = d
        return worker_sign_on

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
