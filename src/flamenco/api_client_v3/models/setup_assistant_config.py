from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.blender_path_check_result import BlenderPathCheckResult


T = TypeVar("T", bound="SetupAssistantConfig")


@_attrs_define
class SetupAssistantConfig:
    """Configuration obtained from the Setup Assistant.

    Attributes:
        storage_location (str): Directory used for job file storage.
        blender_executable (BlenderPathCheckResult):
    """

    storage_location: str
    blender_executable: BlenderPathCheckResult
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        storage_location = self.storage_location

        blender_executable = self.blender_executable.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "storageLocation": storage_location,
                "blenderExecutable": blender_executable,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.blender_path_check_result import BlenderPathCheckResult  # noqa: PLC0415

        d = dict(src_dict)
        storage_location = d.pop("storageLocation")

        blender_executable = BlenderPathCheckResult.from_dict(d.pop("blenderExecutable"))

        setup_assistant_config = cls(
            storage_location=storage_location,
            blender_executable=blender_executable,
        )

        setup_assistant_config.additional_properties = d
        return setup_assistant_config

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
