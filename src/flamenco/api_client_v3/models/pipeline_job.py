from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.pipeline_block import PipelineBlock


T = TypeVar("T", bound="PipelineJob")


@_attrs_define
class PipelineJob:
    """An Afanasy job document's fields, typed (docs/afanasy.md lists them all). Fields not listed here are Afanasy's too
    and are checked by the same rules as `afcmd json`.

        Attributes:
            user_name (str):
            blocks (list[PipelineBlock]):
            name (str | Unset):
            host_name (str | Unset):
            priority (int | Unset):
            description (str | Unset):
            annotation (str | Unset):
            project (str | Unset):
            department (str | Unset):
            offline (bool | Unset): Store the job paused.
            depend_mask (str | Unset):
            depend_mask_global (str | Unset):
            max_running_tasks (int | Unset):
            max_running_tasks_per_host (int | Unset):
            hosts_mask (str | Unset):
            hosts_mask_exclude (str | Unset):
            time_wait (int | Unset):
            time_life (int | Unset):
            command_post (str | Unset):
    """

    user_name: str
    blocks: list[PipelineBlock]
    name: str | Unset = UNSET
    host_name: str | Unset = UNSET
    priority: int | Unset = UNSET
    description: str | Unset = UNSET
    annotation: str | Unset = UNSET
    project: str | Unset = UNSET
    department: str | Unset = UNSET
    offline: bool | Unset = UNSET
    depend_mask: str | Unset = UNSET
    depend_mask_global: str | Unset = UNSET
    max_running_tasks: int | Unset = UNSET
    max_running_tasks_per_host: int | Unset = UNSET
    hosts_mask: str | Unset = UNSET
    hosts_mask_exclude: str | Unset = UNSET
    time_wait: int | Unset = UNSET
    time_life: int | Unset = UNSET
    command_post: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        user_name = self.user_name

        blocks = []
        for blocks_item_data in self.blocks:
            blocks_item = blocks_item_data.to_dict()
            blocks.append(blocks_item)

        name = self.name

        host_name = self.host_name

        priority = self.priority

        description = self.description

        annotation = self.annotation

        project = self.project

        department = self.department

        offline = self.offline

        depend_mask = self.depend_mask

        depend_mask_global = self.depend_mask_global

        max_running_tasks = self.max_running_tasks

        max_running_tasks_per_host = self.max_running_tasks_per_host

        hosts_mask = self.hosts_mask

        hosts_mask_exclude = self.hosts_mask_exclude

        time_wait = self.time_wait

        time_life = self.time_life

        command_post = self.command_post

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "user_name": user_name,
                "blocks": blocks,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if host_name is not UNSET:
            field_dict["host_name"] = host_name
        if priority is not UNSET:
            field_dict["priority"] = priority
        if description is not UNSET:
            field_dict["description"] = description
        if annotation is not UNSET:
            field_dict["annotation"] = annotation
        if project is not UNSET:
            field_dict["project"] = project
        if department is not UNSET:
            field_dict["department"] = department
        if offline is not UNSET:
            field_dict["offline"] = offline
        if depend_mask is not UNSET:
            field_dict["depend_mask"] = depend_mask
        if depend_mask_global is not UNSET:
            field_dict["depend_mask_global"] = depend_mask_global
        if max_running_tasks is not UNSET:
            field_dict["max_running_tasks"] = max_running_tasks
        if max_running_tasks_per_host is not UNSET:
            field_dict["max_running_tasks_per_host"] = max_running_tasks_per_host
        if hosts_mask is not UNSET:
            field_dict["hosts_mask"] = hosts_mask
        if hosts_mask_exclude is not UNSET:
            field_dict["hosts_mask_exclude"] = hosts_mask_exclude
        if time_wait is not UNSET:
            field_dict["time_wait"] = time_wait
        if time_life is not UNSET:
            field_dict["time_life"] = time_life
        if command_post is not UNSET:
            field_dict["command_post"] = command_post

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.pipeline_block import PipelineBlock  # noqa: PLC0415

        d = dict(src_dict)
        user_name = d.pop("user_name")

        blocks = []
        _blocks = d.pop("blocks")
        for blocks_item_data in _blocks:
            blocks_item = PipelineBlock.from_dict(blocks_item_data)

            blocks.append(blocks_item)

        name = d.pop("name", UNSET)

        host_name = d.pop("host_name", UNSET)

        priority = d.pop("priority", UNSET)

        description = d.pop("description", UNSET)

        annotation = d.pop("annotation", UNSET)

        project = d.pop("project", UNSET)

        department = d.pop("department", UNSET)

        offline = d.pop("offline", UNSET)

        depend_mask = d.pop("depend_mask", UNSET)

        depend_mask_global = d.pop("depend_mask_global", UNSET)

        max_running_tasks = d.pop("max_running_tasks", UNSET)

        max_running_tasks_per_host = d.pop("max_running_tasks_per_host", UNSET)

        hosts_mask = d.pop("hosts_mask", UNSET)

        hosts_mask_exclude = d.pop("hosts_mask_exclude", UNSET)

        time_wait = d.pop("time_wait", UNSET)

        time_life = d.pop("time_life", UNSET)

        command_post = d.pop("command_post", UNSET)

        pipeline_job = cls(
            user_name=user_name,
            blocks=blocks,
            name=name,
            host_name=host_name,
            priority=priority,
            description=description,
            annotation=annotation,
            project=project,
            department=department,
            offline=offline,
            depend_mask=depend_mask,
            depend_mask_global=depend_mask_global,
            max_running_tasks=max_running_tasks,
            max_running_tasks_per_host=max_running_tasks_per_host,
            hosts_mask=hosts_mask,
            hosts_mask_exclude=hosts_mask_exclude,
            time_wait=time_wait,
            time_life=time_life,
            command_post=command_post,
        )

        pipeline_job.additional_properties = d
        return pipeline_job

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
