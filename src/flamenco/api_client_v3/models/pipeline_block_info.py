from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.pipeline_block_info_environment import PipelineBlockInfoEnvironment
    from ..models.pipeline_block_info_settings import PipelineBlockInfoSettings
    from ..models.pipeline_block_info_task_counts import PipelineBlockInfoTaskCounts


T = TypeVar("T", bound="PipelineBlockInfo")


@_attrs_define
class PipelineBlockInfo:
    """A block's definition, progress and what it waits for.

    Attributes:
        index (int): Position in the job (0-based).
        name (str):
        service (str): Its tasks' task type.
        command (str):
        working_directory (str):
        numeric (bool):
        tasks_count (int):
        progress (int): Percentage of its tasks completed.
        task_counts (PipelineBlockInfoTaskCounts): Its tasks counted by status (statuses without tasks left out).
        state (str): Afanasy-style state codes, space-separated: DON (all done), RUN (running), RDY (runnable tasks), WD
            (waiting for blocks), ERR (failed tasks), OFF (paused).
        waits_for (list[str]): Blocks it waits for as a whole (depend_mask).
        tasks_wait_for (list[str]): Blocks whose tasks of the same frames its tasks wait for (tasks_depend_mask).
        blocks_waiting_on (int): Depended blocks not done yet.
        parser (str | Unset):
        frame_first (int | Unset):
        frame_last (int | Unset):
        frames_per_task (int | Unset):
        frames_inc (int | Unset):
        depend_mask (str | Unset):
        tasks_depend_mask (str | Unset):
        max_running_tasks (int | None | Unset):
        running (int | Unset):
        environment (PipelineBlockInfoEnvironment | Unset):
        settings (PipelineBlockInfoSettings | Unset):
    """

    index: int
    name: str
    service: str
    command: str
    working_directory: str
    numeric: bool
    tasks_count: int
    progress: int
    task_counts: PipelineBlockInfoTaskCounts
    state: str
    waits_for: list[str]
    tasks_wait_for: list[str]
    blocks_waiting_on: int
    parser: str | Unset = UNSET
    frame_first: int | Unset = UNSET
    frame_last: int | Unset = UNSET
    frames_per_task: int | Unset = UNSET
    frames_inc: int | Unset = UNSET
    depend_mask: str | Unset = UNSET
    tasks_depend_mask: str | Unset = UNSET
    max_running_tasks: int | None | Unset = UNSET
    running: int | Unset = UNSET
    environment: PipelineBlockInfoEnvironment | Unset = UNSET
    settings: PipelineBlockInfoSettings | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        index = self.index

        name = self.name

        service = self.service

        command = self.command

        working_directory = self.working_directory

        numeric = self.numeric

        tasks_count = self.tasks_count

        progress = self.progress

        task_counts = self.task_counts.to_dict()

        state = self.state

        waits_for = self.waits_for

        tasks_wait_for = self.tasks_wait_for

        blocks_waiting_on = self.blocks_waiting_on

        parser = self.parser

        frame_first = self.frame_first

        frame_last = self.frame_last

        frames_per_task = self.frames_per_task

        frames_inc = self.frames_inc

        depend_mask = self.depend_mask

        tasks_depend_mask = self.tasks_depend_mask

        max_running_tasks: int | None | Unset
        if isinstance(self.max_running_tasks, Unset):
            max_running_tasks = UNSET
        else:
            max_running_tasks = self.max_running_tasks

        running = self.running

        environment: dict[str, Any] | Unset = UNSET
        if not isinstance(self.environment, Unset):
            environment = self.environment.to_dict()

        settings: dict[str, Any] | Unset = UNSET
        if not isinstance(self.settings, Unset):
            settings = self.settings.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "index": index,
                "name": name,
                "service": service,
                "command": command,
                "working_directory": working_directory,
                "numeric": numeric,
                "tasks_count": tasks_count,
                "progress": progress,
                "task_counts": task_counts,
                "state": state,
                "waits_for": waits_for,
                "tasks_wait_for": tasks_wait_for,
                "blocks_waiting_on": blocks_waiting_on,
            }
        )
        if parser is not UNSET:
            field_dict["parser"] = parser
        if frame_first is not UNSET:
            field_dict["frame_first"] = frame_first
        if frame_last is not UNSET:
            field_dict["frame_last"] = frame_last
        if frames_per_task is not UNSET:
            field_dict["frames_per_task"] = frames_per_task
        if frames_inc is not UNSET:
            field_dict["frames_inc"] = frames_inc
        if depend_mask is not UNSET:
            field_dict["depend_mask"] = depend_mask
        if tasks_depend_mask is not UNSET:
            field_dict["tasks_depend_mask"] = tasks_depend_mask
        if max_running_tasks is not UNSET:
            field_dict["max_running_tasks"] = max_running_tasks
        if running is not UNSET:
            field_dict["running"] = running
        if environment is not UNSET:
            field_dict["environment"] = environment
        if settings is not UNSET:
            field_dict["settings"] = settings

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.pipeline_block_info_environment import (
            PipelineBlockInfoEnvironment,  # noqa: PLC0415
        )
        from ..models.pipeline_block_info_settings import PipelineBlockInfoSettings  # noqa: PLC0415
        from ..models.pipeline_block_info_task_counts import PipelineBlockInfoTaskCounts  # noqa: PLC0415

        d = dict(src_dict)
        index = d.pop("index")

        name = d.pop("name")

        service = d.pop("service")

        command = d.pop("command")

        working_directory = d.pop("working_directory")

        numeric = d.pop("numeric")

        tasks_count = d.pop("tasks_count")

        progress = d.pop("progress")

        task_counts = PipelineBlockInfoTaskCounts.from_dict(d.pop("task_counts"))

        state = d.pop("state")

        waits_for = cast(list[str], d.pop("waits_for"))

        tasks_wait_for = cast(list[str], d.pop("tasks_wait_for"))

        blocks_waiting_on = d.pop("blocks_waiting_on")

        parser = d.pop("parser", UNSET)

        frame_first = d.pop("frame_first", UNSET)

        frame_last = d.pop("frame_last", UNSET)

        frames_per_task = d.pop("frames_per_task", UNSET)

        frames_inc = d.pop("frames_inc", UNSET)

        depend_mask = d.pop("depend_mask", UNSET)

        tasks_depend_mask = d.pop("tasks_depend_mask", UNSET)

        def _parse_max_running_tasks(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_running_tasks = _parse_max_running_tasks(d.pop("max_running_tasks", UNSET))

        running = d.pop("running", UNSET)

        _environment = d.pop("environment", UNSET)
        environment: PipelineBlockInfoEnvironment | Unset
        if isinstance(_environment, Unset):
            environment = UNSET
        else:
            environment = PipelineBlockInfoEnvironment.from_dict(_environment)

        _settings = d.pop("settings", UNSET)
        settings: PipelineBlockInfoSettings | Unset
        if isinstance(_settings, Unset):
            settings = UNSET
        else:
            settings = PipelineBlockInfoSettings.from_dict(_settings)

        pipeline_block_info = cls(
            index=index,
            name=name,
            service=service,
            command=command,
            working_directory=working_directory,
            numeric=numeric,
            tasks_count=tasks_count,
            progress=progress,
            task_counts=task_counts,
            state=state,
            waits_for=waits_for,
            tasks_wait_for=tasks_wait_for,
            blocks_waiting_on=blocks_waiting_on,
            parser=parser,
            frame_first=frame_first,
            frame_last=frame_last,
            frames_per_task=frames_per_task,
            frames_inc=frames_inc,
            depend_mask=depend_mask,
            tasks_depend_mask=tasks_depend_mask,
            max_running_tasks=max_running_tasks,
            running=running,
            environment=environment,
            settings=settings,
        )

        pipeline_block_info.additional_properties = d
        return pipeline_block_info

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
