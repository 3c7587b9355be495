from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

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
        etag (str): Hash of the job type. If the job settings or the label change, this etag will change. This is used
            on job submission to ensure that the submitted job settings are up to date.
        description (str | Unset): The description/tooltip shown in the user interface.
    """

    name: str
    label: str
    settings: list[AvailableJobSetting]
    etag: str
    description: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        label = self.label

        settings = []
        for settings_item_data in self.settings:
            settings_item = settings_item_data.to_dict()
            settings.append(settings_item)

        etag = self.etag

        description = self.description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "label": label,
                "settings": settings,
                "etag": etag,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description

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

        etag = d.pop("etag")

        description = d.pop("description", UNSET)

        available_job_type = cls(
            name=name,
            label=label,
            settings=settings,
            etag=etag,
            description=description,
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
