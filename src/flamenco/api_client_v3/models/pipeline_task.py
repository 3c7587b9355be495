from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.pipeline_task_environment import PipelineTaskEnvironment


T = TypeVar("T", bound="PipelineTask")


@_attrs_define
class PipelineTask:
    """
    Attributes:
        name (str | Unset):
        command (str | Unset):
        files (list[str] | Unset):
        environment (PipelineTaskEnvironment | Unset):
    """

    name: str | Unset = UNSET
    command: str | Unset = UNSET
    files: list[str] | Unset = UNSET
    environment: PipelineTaskEnvironment | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        command = self.command

        files: list[str] | Unset = UNSET
        if not isinstance(self.files, Unset):
            files = self.files

        environment: dict[str, Any] | Unset = UNSET
        if not isinstance(self.environment, Unset):
            environment = self.environment.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if command is not UNSET:
            field_dict["command"] = command
        if files is not UNSET:
            field_dict["files"] = files
        if environment is not UNSET:
            field_dict["environment"] = environment

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.pipeline_task_environment import PipelineTaskEnvironment  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name", UNSET)

        command = d.pop("command", UNSET)

        files = cast(list[str], d.pop("files", UNSET))

        _environment = d.pop("environment", UNSET)
        environment: PipelineTaskEnvironment | Unset
        if isinstance(_environment, Unset):
            environment = UNSET
        else:
            environment = PipelineTaskEnvironment.from_dict(_environment)

        pipeline_task = cls(
            name=name,
            command=command,
            files=files,
            environment=environment,
        )

        pipeline_task.additional_properties = d
        return pipeline_task

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
