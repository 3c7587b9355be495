from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.job_status import JobStatus, check_job_status
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.job_task_counts import JobTaskCounts


T = TypeVar("T", bound="SocketIOJobUpdate")


@_attrs_define
class SocketIOJobUpdate:
    """Subset of a Job, sent over SocketIO when a job changes. For new jobs, `previous_status` will be excluded.

    Attributes:
        id (UUID): UUID of the Job
        updated (datetime.datetime): Timestamp of last update
        status (JobStatus):
        type_ (str):
        priority (int):  Default: 50.
        refresh_tasks (bool): Indicates that the client should refresh all the job's tasks. This is sent for mass
            updates, where updating each individual task would generate too many updates to be practical.
        name (str | Unset): Name of the job
        previous_status (JobStatus | Unset):
        task_counts (JobTaskCounts | Unset): How many of the job's tasks are in each status: the job's progress. Answers
            about existing jobs carry it; the answer to a submission does not.
    """

    id: UUID
    updated: datetime.datetime
    status: JobStatus
    type_: str
    refresh_tasks: bool
    priority: int = 50
    name: str | Unset = UNSET
    previous_status: JobStatus | Unset = UNSET
    task_counts: JobTaskCounts | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        updated = self.updated.isoformat()

        status: str = self.status

        type_ = self.type_

        priority = self.priority

        refresh_tasks = self.refresh_tasks

        name = self.name

        previous_status: str | Unset = UNSET
        if not isinstance(self.previous_status, Unset):
            previous_status = self.previous_status

        task_counts: dict[str, Any] | Unset = UNSET
        if not isinstance(self.task_counts, Unset):
            task_counts = self.task_counts.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "updated": updated,
                "status": status,
                "type": type_,
                "priority": priority,
                "refresh_tasks": refresh_tasks,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if previous_status is not UNSET:
            field_dict["previous_status"] = previous_status
        if task_counts is not UNSET:
            field_dict["task_counts"] = task_counts

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.job_task_counts import JobTaskCounts  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        updated = datetime.datetime.fromisoformat(d.pop("updated"))

        status = check_job_status(d.pop("status"))

        type_ = d.pop("type")

        priority = d.pop("priority")

        refresh_tasks = d.pop("refresh_tasks")

        name = d.pop("name", UNSET)

        _previous_status = d.pop("previous_status", UNSET)
        previous_status: JobStatus | Unset
        if isinstance(_previous_status, Unset):
            previous_status = UNSET
        else:
            previous_status = check_job_status(_previous_status)

        _task_counts = d.pop("task_counts", UNSET)
        task_counts: JobTaskCounts | Unset
        if isinstance(_task_counts, Unset):
            task_counts = UNSET
        else:
            task_counts = JobTaskCounts.from_dict(_task_counts)

        socket_io_job_update = cls(
            id=id,
            updated=updated,
            status=status,
            type_=type_,
            priority=priority,
            refresh_tasks=refresh_tasks,
            name=name,
            previous_status=previous_status,
            task_counts=task_counts,
        )

        socket_io_job_update.additional_properties = d
        return socket_io_job_update

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
