from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.manager_variable_audience import (
    ManagerVariableAudience,
    check_manager_variable_audience,
)

T = TypeVar("T", bound="SharedStorageLocation")


@_attrs_define
class SharedStorageLocation:
    """Location of the shared storage, adjusted for a specific audience & platform. This uses two-way variables to adjust
    the shared storage path from the Manager's configuration.

        Attributes:
            location (str):
            audience (ManagerVariableAudience):
            platform (str):
            shaman_enabled (bool): Whether the Shaman file transfer API is available.
    """

    location: str
    audience: ManagerVariableAudience
    platform: str
    shaman_enabled: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        location = self.location

        audience: str = self.audience

        platform = self.platform

        shaman_enabled = self.shaman_enabled

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "location": location,
                "audience": audience,
                "platform": platform,
                "shamanEnabled": shaman_enabled,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        location = d.pop("location")

        audience = check_manager_variable_audience(d.pop("audience"))

        platform = d.pop("platform")

        shaman_enabled = d.pop("shamanEnabled")

        shared_storage_location = cls(
            location=location,
            audience=audience,
            platform=platform,
            shaman_enabled=shaman_enabled,
        )

        shared_storage_location.additional_properties = d
        return shared_storage_location

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
