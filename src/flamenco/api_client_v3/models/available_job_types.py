from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.available_job_type import AvailableJobType


T = TypeVar("T", bound="AvailableJobTypes")


@_attrs_define
class AvailableJobTypes:
    """List of job types supported by this Manager.

    Attributes:
        job_types (list[AvailableJobType]):
    """

    job_types: list[AvailableJobType]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        job_types = []
        for job_types_item_data in self.job_types:
            job_types_item = job_types_item_data.to_dict()
            job_types.append(job_types_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "job_types": job_types,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.available_job_type import AvailableJobType  # noqa: PLC0415

        d = dict(src_dict)
        job_types = []
        _job_types = d.pop("job_types")
        for job_types_item_data in _job_types:
            job_types_item = AvailableJobType.from_dict(job_types_item_data)

            job_types.append(job_types_item)

        available_job_types = cls(
            job_types=job_types,
        )

        available_job_types.additional_properties = d
        return available_job_types

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
