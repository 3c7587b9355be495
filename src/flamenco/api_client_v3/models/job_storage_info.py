from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="JobStorageInfo")


@_attrs_define
class JobStorageInfo:
    """Storage info of a job, which Flamenco can use to remove job-related files when necessary.

    Attributes:
        shaman_checkout_id (str | Unset): 'Checkout ID' used when creating the Shaman checkout for this job. Aids in
            removing the checkout directory when the job is removed from Flamenco.
    """

    shaman_checkout_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        shaman_checkout_id = self.shaman_checkout_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if shaman_checkout_id is not UNSET:
            field_dict["shaman_checkout_id"] = shaman_checkout_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        shaman_checkout_id = d.pop("shaman_checkout_id", UNSET)

        job_storage_info = cls(
            shaman_checkout_id=shaman_checkout_id,
        )

        job_storage_info.additional_properties = d
        return job_storage_info

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
