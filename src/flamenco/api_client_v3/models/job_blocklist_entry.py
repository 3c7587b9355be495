from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="JobBlocklistEntry")


@_attrs_define
class JobBlocklistEntry:
    """
    Attributes:
        worker_id (UUID):
        task_type (str):
        worker_name (str | Unset):
    """

    worker_id: UUID
    task_type: str
    worker_name: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        worker_id = str(self.worker_id)

        task_type = self.task_type

        worker_name = self.worker_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "worker_id": worker_id,
                "task_type": task_type,
            }
        )
        if worker_name is not UNSET:
            field_dict["worker_name"] = worker_name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        worker_id = UUID(d.pop("worker_id"))

        task_type = d.pop("task_type")

        worker_name = d.pop("worker_name", UNSET)

        job_blocklist_entry = cls(
            worker_id=worker_id,
            task_type=task_type,
            worker_name=worker_name,
        )

        job_blocklist_entry.additional_properties = d
        return job_blocklist_entry

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
