from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.task_status import TaskStatus, check_task_status
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.task_worker import TaskWorker


T = TypeVar("T", bound="TaskSummary")


@_attrs_define
class TaskSummary:
    """Just enough information about the task to show in the job's task list.

    Attributes:
        id (UUID):
        name (str):
        status (TaskStatus):
        index_in_job (int):
        priority (int):
        task_type (str):
        updated (datetime.datetime):
        steps_completed (int):
        steps_total (int):
        worker (TaskWorker | Unset): Worker reference, as used in Task objects.
    """

    id: UUID
    name: str
    status: TaskStatus
    index_in_job: int
    priority: int
    task_type: str
    updated: datetime.datetime
    steps_completed: int
    steps_total: int
    worker: TaskWorker | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        name = self.name

        status: str = self.status

        index_in_job = self.index_in_job

        priority = self.priority

        task_type = self.task_type

        updated = self.updated.isoformat()

        steps_completed = self.steps_completed

        steps_total = self.steps_total

        worker: dict[str, Any] | Unset = UNSET
        if not isinstance(self.worker, Unset):
            worker = self.worker.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "status": status,
                "index_in_job": index_in_job,
                "priority": priority,
                "task_type": task_type,
                "updated": updated,
                "steps_completed": steps_completed,
                "steps_total": steps_total,
            }
        )
        if worker is not UNSET:
            field_dict["worker"] = worker

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.task_worker import TaskWorker  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        name = d.pop("name")

        status = check_task_status(d.pop("status"))

        index_in_job = d.pop("index_in_job")

        priority = d.pop("priority")

        task_type = d.pop("task_type")

        updated = datetime.datetime.fromisoformat(d.pop("updated"))

        steps_completed = d.pop("steps_completed")

        steps_total = d.pop("steps_total")

        _worker = d.pop("worker", UNSET)
        worker: TaskWorker | Unset
        if isinstance(_worker, Unset):
            worker = UNSET
        else:
            worker = TaskWorker.from_dict(_worker)

        task_summary = cls(
            id=id,
            name=name,
            status=status,
            index_in_job=index_in_job,
            priority=priority,
            task_type=task_type,
            updated=updated,
            steps_completed=steps_completed,
            steps_total=steps_total,
            worker=worker,
        )

        task_summary.additional_properties = d
        return task_summary

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
