from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ManagerConfiguration")


@_attrs_define
class ManagerConfiguration:
    """
    Attributes:
        storage_location (str): Directory used for job file storage.
        shaman_enabled (bool): Whether the Shaman file transfer API is available.
        is_first_run (bool): Whether this is considered the first time the Manager runs. This is determined by a few
            factors, like a non-existent configuration file or certain settings being empty while they shouldn't be.
    """

    storage_location: str
    shaman_enabled: bool
    is_first_run: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        storage_location = self.storage_location

        shaman_enabled = self.shaman_enabled

        is_first_run = self.is_first_run

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "storageLocation": storage_location,
                "shamanEnabled": shaman_enabled,
                "isFirstRun": is_first_run,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        storage_location = d.pop("storageLocation")

        shaman_enabled = d.pop("shamanEnabled")

        is_first_run = d.pop("isFirstRun")

        manager_configuration = cls(
            storage_location=storage_location,
            shaman_enabled=shaman_enabled,
            is_first_run=is_first_run,
        )

        manager_configuration.additional_properties = d
        return manager_configuration

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
