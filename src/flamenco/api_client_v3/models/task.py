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
    from ..models.command import Command
    from ..models.task_worker import TaskWorker


T = TypeVar("T", bound="Task")


@_attrs_define
class Task:
    """The task as it exists in the Manager database, i.e. before variable replacement.

    Attributes:
        id (UUID):
        created (datetime.datetime): Creation timestamp
        updated (datetime.datetime): Timestamp of last update.
        job_id (UUID):
        index_in_job (int):
        name (str):
        status (TaskStatus):
        priority (int):
        task_type (str):
        activity (str):
        commands (list[Command]):
        steps_completed (int):
        steps_total (int):
        worker (TaskWorker | Unset): Worker reference, as used in Task objects.
        last_touched (datetime.datetime | Unset): Timestamp of when any worker worked on this task.
        failed_by_workers (list[TaskWorker] | Unset):
    """

    id: UUID
    created: datetime.datetime
    updated: datetime.datetime
    job_id: UUID
    index_in_job: int
    name: str
    status: TaskStatus
    priority: int
    task_type: str
    activity: str
    commands: list[Command]
    steps_completed: int
    steps_total: int
    worker: TaskWorker | Unset = UNSET
    last_touched: datetime.datetime | Unset = UNSET
    failed_by_workers: list[TaskWorker] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        created = self.created.isoformat()

        updated = self.updated.isoformat()

        job_id = str(self.job_id)

        index_in_job = self.index_in_job

        name = self.name

        status: str = self.status

        priority = self.priority

        task_type = self.task_type

        activity = self.activity

        commands = []
        for commands_item_data in self.commands:
            commands_item = commands_item_data.to_dict()
            commands.append(commands_item)

        steps_completed = self.steps_completed

        steps_total = self.steps_total

        worker: dict[str, Any] | Unset = UNSET
        if not isinstance(self.worker, Unset):
            worker = self.worker.to_dict()

        last_touched: str | Unset = UNSET
        if not isinstance(self.last_touched, Unset):
            last_touched = self.last_touched.isoformat()

        failed_by_workers: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.failed_by_workers, Unset):
            failed_by_workers = []
            for failed_by_workers_item_data in self.failed_by_workers:
                failed_by_workers_item = failed_by_workers_item_data.to_dict()
                failed_by_workers.append(failed_by_workers_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "created": created,
                "updated": updated,
                "job_id": job_id,
                "index_in_job": index_in_job,
                "name": name,
                "status": status,
                "priority": priority,
                "task_type": task_type,
                "activity": activity,
                "commands": commands,
                "steps_completed": steps_completed,
                "steps_total": steps_total,
            }
        )
        if worker is not UNSET:
            field_dict["worker"] = worker
        if last_touched is not UNSET:
            field_dict["last_touched"] = last_touched
        if failed_by_workers is not UNSET:
            field_dict["failed_by_workers"] = failed_by_workers

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.command import Command  # noqa: PLC0415
        from ..models.task_worker import TaskWorker  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        created = datetime.datetime.fromisoformat(d.pop("created"))

        updated = datetime.datetime.fromisoformat(d.pop("updated"))

        job_id = UUID(d.pop("job_id"))

        index_in_job = d.pop("index_in_job")

        name = d.pop("name")

        status = check_task_status(d.pop("status"))

        priority = d.pop("priority")

        task_type = d.pop("task_type")

        activity = d.pop("activity")

        commands = []
        _commands = d.pop("commands")
        for commands_item_data in _commands:
            commands_item = Command.from_dict(commands_item_data)

            commands.append(commands_item)

        steps_completed = d.pop("steps_completed")

        steps_total = d.pop("steps_total")

        _worker = d.pop("worker", UNSET)
        worker: TaskWorker | Unset
        if isinstance(_worker, Unset):
            worker = UNSET
        else:
            worker = TaskWorker.from_dict(_worker)

        _last_touched = d.pop("last_touched", UNSET)
        last_touched: datetime.datetime | Unset
        if isinstance(_last_touched, Unset):
            last_touched = UNSET
        else:
            last_touched = datetime.datetime.fromisoformat(_last_touched)

        _failed_by_workers = d.pop("failed_by_workers", UNSET)
        failed_by_workers: list[TaskWorker] | Unset = UNSET
        if _failed_by_workers is not UNSET:
            failed_by_workers = []
            for failed_by_workers_item_data in _failed_by_workers:
                failed_by_workers_item = TaskWorker.from_dict(failed_by_workers_item_data)

                failed_by_workers.append(failed_by_workers_item)

        task = cls(
            id=id,
            created=created,
            updated=updated,
            job_id=job_id,
            index_in_job=index_in_job,
            name=name,
            status=status,
            priority=priority,
            task_type=task_type,
            activity=activity,
            commands=commands,
            steps_completed=steps_completed,
            steps_total=steps_total,
            worker=worker,
            last_touched=last_touched,
            failed_by_workers=failed_by_workers,
        )

        task.additional_properties = d
        return task

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
