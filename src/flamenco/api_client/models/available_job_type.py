from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.available_job_setting import AvailableJobSetting


T = TypeVar("T", bound="AvailableJobType")


@_attrs_define
class AvailableJobType:
    """Job type supported by this Manager, and its parameters.

    Attributes:
        name (str):
        label (str):
        settings (list[AvailableJobSetting]):
    """

    name: str
    label: str
    settings: list[AvailableJobSetting]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        label = self.label

        settings = []
        for settings_item_data in self.settings:
            settings_item = settings_item_data.to_dict()
            settings.append(settings_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "label": label,
                "settings": settings,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.available_job_setting import AvailableJobSetting  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        label = d.pop("label")

        settings = []
        _settings = d.pop("settings")
        for settings_item_data in _settings:
            settings_item = AvailableJobSetting.from_dict(settings_item_data)

            settings.append(settings_item)

        available_job_type = cls(
            name=name,
            label=label,
            settings=settings,
        )

        available_job_type.additional_properties = d
        return available_job_type

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
