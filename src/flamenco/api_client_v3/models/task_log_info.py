from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="TaskLogInfo")


@_attrs_define
class TaskLogInfo:
    """Info about the log of a single task.

    Attributes:
        task_id (UUID):
        job_id (UUID):
        url (str): The URL at which the task log itself can be downloaded.
        size (int): The size of the task log, in bytes.
    """

    task_id: UUID
    job_id: UUID
    url: str
    size: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        task_id = str(self.task_id)

        job_id = str(self.job_id)

        url = self.url

        size = self.size

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "task_id": task_id,
                "job_id": job_id,
                "url": url,
                "size": size,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        task_id = UUID(d.pop("task_id"))

        job_id = UUID(d.pop("job_id"))

        url = d.pop("url")

        size = d.pop("size")

        task_log_info = cls(
            task_id=task_id,
            job_id=job_id,
            url=url,
            size=size,
        )

        task_log_info.additional_properties = d
        return task_log_info

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
