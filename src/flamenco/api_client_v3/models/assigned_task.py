from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.task_status import TaskStatus, check_task_status

if TYPE_CHECKING:
    from ..models.command import Command


T = TypeVar("T", bound="AssignedTask")


@_attrs_define
class AssignedTask:
    """AssignedTask is a task as it is received by the Worker.

    Attributes:
        uuid (UUID):
        job (str):
        name (str):
        status (TaskStatus):
        priority (int):
        job_priority (int):
        job_type (str):
        task_type (str):
        commands (list[Command]):
        steps_completed (int):
        steps_total (int):
    """

    uuid: UUID
    job: str
    name: str
    status: TaskStatus
    priority: int
    job_priority: int
    job_type: str
    task_type: str
    commands: list[Command]
    steps_completed: int
    steps_total: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        uuid = str(self.uuid)

        job = self.job

        name = self.name

        status: str = self.status

        priority = self.priority

        job_priority = self.job_priority

        job_type = self.job_type

        task_type = self.task_type

        commands = []
        for commands_item_data in self.commands:
            commands_item = commands_item_data.to_dict()
            commands.append(commands_item)

        steps_completed = self.steps_completed

        steps_total = self.steps_total

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "uuid": uuid,
                "job": job,
                "name": name,
                "status": status,
                "priority": priority,
                "job_priority": job_priority,
                "job_type": job_type,
                "task_type": task_type,
                "commands": commands,
                "steps_completed": steps_completed,
                "steps_total": steps_total,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.command import Command  # noqa: PLC0415

        d = dict(src_dict)
        uuid = UUID(d.pop("uuid"))

        job = d.pop("job")

        name = d.pop("name")

        status = check_task_status(d.pop("status"))

        priority = d.pop("priority")

        job_priority = d.pop("job_priority")

        job_type = d.pop("job_type")

        task_type = d.pop("task_type")

        commands = []
        _commands = d.pop("commands")
        for commands_item_data in _commands:
            commands_item = Command.from_dict(commands_item_data)

            commands.append(commands_item)

        steps_completed = d.pop("steps_completed")

        steps_total = d.pop("steps_total")

        assigned_task = cls(
            uuid=uuid,
            job=job,
            name=name,
            status=status,
            priority=priority,
            job_priority=job_priority,
            job_type=job_type,
            task_type=task_type,
            commands=commands,
            steps_completed=steps_completed,
            steps_total=steps_total,
        )

        assigned_task.additional_properties = d
        return assigned_task

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
