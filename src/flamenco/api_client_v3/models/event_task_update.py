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
    from ..models.assigned_worker import AssignedWorker


T = TypeVar("T", bound="EventTaskUpdate")


@_attrs_define
class EventTaskUpdate:
    """Subset of a Task, sent over SocketIO/MQTT when a task changes. For new tasks, `previous_status` will be excluded.

    Attributes:
        id (UUID): UUID of the Task
        job_id (UUID):
        name (str): Name of the task
        updated (datetime.datetime): Timestamp of last update
        status (TaskStatus):
        activity (str):
        steps_completed (int):
        steps_total (int):
        worker (AssignedWorker | Unset):
        previous_status (TaskStatus | Unset):
    """

    id: UUID
    job_id: UUID
    name: str
    updated: datetime.datetime
    status: TaskStatus
    activity: str
    steps_completed: int
    steps_total: int
    worker: AssignedWorker | Unset = UNSET
    previous_status: TaskStatus | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        job_id = str(self.job_id)

        name = self.name

        updated = self.updated.isoformat()

        status: str = self.status

        activity = self.activity

        steps_completed = self.steps_completed

        steps_total = self.steps_total

        worker: dict[str, Any] | Unset = UNSET
        if not isinstance(self.worker, Unset):
            worker = self.worker.to_dict()

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
                "steps_completed": steps_completed,
                "steps_total": steps_total,
            }
        )
        if worker is not UNSET:
            field_dict["worker"] = worker
        if previous_status is not UNSET:
            field_dict["previous_status"] = previous_status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.assigned_worker import AssignedWorker  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        job_id = UUID(d.pop("job_id"))

        name = d.pop("name")

        updated = datetime.datetime.fromisoformat(d.pop("updated"))

        status = check_task_status(d.pop("status"))

        activity = d.pop("activity")

        steps_completed = d.pop("steps_completed")

        steps_total = d.pop("steps_total")

        _worker = d.pop("worker", UNSET)
        worker: AssignedWorker | Unset
        if isinstance(_worker, Unset):
            worker = UNSET
        else:
            worker = AssignedWorker.from_dict(_worker)

        _previous_status = d.pop("previous_status", UNSET)
        previous_status: TaskStatus | Unset
        if isinstance(_previous_status, Unset):
            previous_status = UNSET
        else:
            previous_status = check_task_status(_previous_status)

        event_task_update = cls(
            id=id,
            job_id=job_id,
            name=name,
            updated=updated,
            status=status,
            activity=activity,
            steps_completed=steps_completed,
            steps_total=steps_total,
            worker=worker,
            previous_status=previous_status,
        )

        event_task_update.additional_properties = d
        return event_task_update

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
