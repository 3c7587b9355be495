from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.pipeline_block_environment import PipelineBlockEnvironment
    from ..models.pipeline_block_tickets import PipelineBlockTickets
    from ..models.pipeline_task import PipelineTask


T = TypeVar("T", bound="PipelineBlock")


@_attrs_define
class PipelineBlock:
    """A block: a frame range (numeric) or a list of tasks, of one service (task type).

    Attributes:
        name (str | Unset):
        service (str | Unset): The task type its tasks have (default generic).
        parser (str | Unset):
        command (str | Unset): With @#@ frame tokens (numeric) or the task's command.
        working_directory (str | Unset):
        environment (PipelineBlockEnvironment | Unset):
        flags (int | Unset):
        frame_first (int | Unset):
        frame_last (int | Unset):
        frames_per_task (int | Unset):
        frames_inc (int | Unset):
        tasks_name (str | Unset):
        depend_mask (str | Unset): Wait for every matching block of the job to be done.
        tasks_depend_mask (str | Unset): Each task waits for the same frames of matching blocks.
        max_running_tasks (int | Unset):
        max_running_tasks_per_host (int | Unset):
        capacity (int | Unset):
        tickets (PipelineBlockTickets | Unset):
        tasks (list[PipelineTask] | Unset):
    """

    name: str | Unset = UNSET
    service: str | Unset = UNSET
    parser: str | Unset = UNSET
    command: str | Unset = UNSET
    working_directory: str | Unset = UNSET
    environment: PipelineBlockEnvironment | Unset = UNSET
    flags: int | Unset = UNSET
    frame_first: int | Unset = UNSET
    frame_last: int | Unset = UNSET
    frames_per_task: int | Unset = UNSET
    frames_inc: int | Unset = UNSET
    tasks_name: str | Unset = UNSET
    depend_mask: str | Unset = UNSET
    tasks_depend_mask: str | Unset = UNSET
    max_running_tasks: int | Unset = UNSET
    max_running_tasks_per_host: int | Unset = UNSET
    capacity: int | Unset = UNSET
    tickets: PipelineBlockTickets | Unset = UNSET
    tasks: list[PipelineTask] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        service = self.service

        parser = self.parser

        command = self.command

        working_directory = self.working_directory

        environment: dict[str, Any] | Unset = UNSET
        if not isinstance(self.environment, Unset):
            environment = self.environment.to_dict()

        flags = self.flags

        frame_first = self.frame_first

        frame_last = self.frame_last

        frames_per_task = self.frames_per_task

        frames_inc = self.frames_inc

        tasks_name = self.tasks_name

        depend_mask = self.depend_mask

        tasks_depend_mask = self.tasks_depend_mask

        max_running_tasks = self.max_running_tasks

        max_running_tasks_per_host = self.max_running_tasks_per_host

        capacity = self.capacity

        tickets: dict[str, Any] | Unset = UNSET
        if not isinstance(self.tickets, Unset):
            tickets = self.tickets.to_dict()

        tasks: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.tasks, Unset):
            tasks = []
            for tasks_item_data in self.tasks:
                tasks_item = tasks_item_data.to_dict()
                tasks.append(tasks_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if service is not UNSET:
            field_dict["service"] = service
        if parser is not UNSET:
            field_dict["parser"] = parser
        if command is not UNSET:
            field_dict["command"] = command
        if working_directory is not UNSET:
            field_dict["working_directory"] = working_directory
        if environment is not UNSET:
            field_dict["environment"] = environment
        if flags is not UNSET:
            field_dict["flags"] = flags
        if frame_first is not UNSET:
            field_dict["frame_first"] = frame_first
        if frame_last is not UNSET:
            field_dict["frame_last"] = frame_last
        if frames_per_task is not UNSET:
            field_dict["frames_per_task"] = frames_per_task
        if frames_inc is not UNSET:
            field_dict["frames_inc"] = frames_inc
        if tasks_name is not UNSET:
            field_dict["tasks_name"] = tasks_name
        if depend_mask is not UNSET:
            field_dict["depend_mask"] = depend_mask
        if tasks_depend_mask is not UNSET:
            field_dict["tasks_depend_mask"] = tasks_depend_mask
        if max_running_tasks is not UNSET:
            field_dict["max_running_tasks"] = max_running_tasks
        if max_running_tasks_per_host is not UNSET:
            field_dict["max_running_tasks_per_host"] = max_running_tasks_per_host
        if capacity is not UNSET:
            field_dict["capacity"] = capacity
        if tickets is not UNSET:
            field_dict["tickets"] = tickets
        if tasks is not UNSET:
            field_dict["tasks"] = tasks

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.pipeline_block_environment import PipelineBlockEnvironment  # noqa: PLC0415
        from ..models.pipeline_block_tickets import PipelineBlockTickets  # noqa: PLC0415
        from ..models.pipeline_task import PipelineTask  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name", UNSET)

        service = d.pop("service", UNSET)

        parser = d.pop("parser", UNSET)

        command = d.pop("command", UNSET)

        working_directory = d.pop("working_directory", UNSET)

        _environment = d.pop("environment", UNSET)
        environment: PipelineBlockEnvironment | Unset
        if isinstance(_environment, Unset):
            environment = UNSET
        else:
            environment = PipelineBlockEnvironment.from_dict(_environment)

        flags = d.pop("flags", UNSET)

        frame_first = d.pop("frame_first", UNSET)

        frame_last = d.pop("frame_last", UNSET)

        frames_per_task = d.pop("frames_per_task", UNSET)

        frames_inc = d.pop("frames_inc", UNSET)

        tasks_name = d.pop("tasks_name", UNSET)

        depend_mask = d.pop("depend_mask", UNSET)

        tasks_depend_mask = d.pop("tasks_depend_mask", UNSET)

        max_running_tasks = d.pop("max_running_tasks", UNSET)

        max_running_tasks_per_host = d.pop("max_running_tasks_per_host", UNSET)

        capacity = d.pop("capacity", UNSET)

        _tickets = d.pop("tickets", UNSET)
        tickets: PipelineBlockTickets | Unset
        if isinstance(_tickets, Unset):
            tickets = UNSET
        else:
            tickets = PipelineBlockTickets.from_dict(_tickets)

        _tasks = d.pop("tasks", UNSET)
        tasks: list[PipelineTask] | Unset = UNSET
        if _tasks is not UNSET:
            tasks = []
            for tasks_item_data in _tasks:
                tasks_item = PipelineTask.from_dict(tasks_item_data)

                tasks.append(tasks_item)

        pipeline_block = cls(
            name=name,
            service=service,
            parser=parser,
            command=command,
            working_directory=working_directory,
            environment=environment,
            flags=flags,
            frame_first=frame_first,
            frame_last=frame_last,
            frames_per_task=frames_per_task,
            frames_inc=frames_inc,
            tasks_name=tasks_name,
            depend_mask=depend_mask,
            tasks_depend_mask=tasks_depend_mask,
            max_running_tasks=max_running_tasks,
            max_running_tasks_per_host=max_running_tasks_per_host,
            capacity=capacity,
            tickets=tickets,
            tasks=tasks,
        )

        pipeline_block.additional_properties = d
        return pipeline_block

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
