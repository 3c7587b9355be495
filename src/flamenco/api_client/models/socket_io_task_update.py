from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.task_status import TaskStatus, check_task_status
from ..types import UNSET, Unset

T = TypeVar("T", bound="SocketIOTaskUpdate")


@_attrs_define
class SocketIOTaskUpdate:
    """Subset of a Task, sent over SocketIO when a task changes. For new tasks, `previous_status` will be excluded.

    Attributes:
        id (UUID): UUID of the Task
        job_id (UUID):
        name (str): Name of the task
        updated (datetime.datetime): Timestamp of last update
        status (TaskStatus):
        activity (str):
        previous_status (TaskStatus | Unset):
    """

    id: UUID
    job_id: UUID
    name: str
    updated: datetime.datetime
    status: TaskStatus
    activity: str
    previous_status: TaskStatus | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        job_id = str(self.job_id)

        name = self.name

        updated = self.updated.isoformat()

        status: str = self.status

        activity = self.activity

        previous_status: str | Unset = UNSET
        if not isinstance(self.previous_status, Unset):
            previous_status = self.previous_status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "job_id": job_id,
                "name": name,
                "updated": updated,
                "status": status,
                "activity": activity,
            }
        )
        if previous_status is not UNSET:
            field_dict["previous_status"] = previous_status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        job_id = UUID(d.pop("job_id"))

        name = d.pop("name")

        updated = datetime.datetime.fromisoformat(d.pop("updated"))

        status = check_task_status(d.pop("status"))

        activity = d.pop("activity")

        _previous_status = d.pop("previous_status", UNSET)
        previous_status: TaskStatus | Unset
        if isinstance(_previous_status, Unset):
            previous_status = UNSET
        else:
            previous_status = check_task_status(_previous_status)

        socket_io_task_update = cls(
            id=id,
            job_id=job_id,
            name=name,
            updated=updated,
            status=status,
            activity=activity,
            previous_status=previous_status,
        )

        socket_io_task_update.additional_properties = d
        return socket_io_task_update

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
