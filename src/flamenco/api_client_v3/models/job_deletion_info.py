from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="JobDeletionInfo")


@_attrs_define
class JobDeletionInfo:
    """Info about what will be deleted when this job is deleted.

    Attributes:
        shaman_checkout (bool): Whether the Shaman checkout directory will be removed along with the job.
    """

    shaman_checkout: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        shaman_checkout = self.shaman_checkout

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "shaman_checkout": shaman_checkout,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        shaman_checkout = d.pop("shaman_checkout")

        job_deletion_info = cls(
            shaman_checkout=shaman_checkout,
        )

        job_deletion_info.additional_properties = d
        return job_deletion_info

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
