from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="JobMassDeletionSelection")


@_attrs_define
class JobMassDeletionSelection:
    """Parameters to describe which jobs should be deleted.

    Example:
        {'last_updated_max': '2023-06-01T13:14:15+02:00'}

    Attributes:
        last_updated_max (datetime.datetime | Unset): All jobs that were last updated before or on this timestamp will
            be deleted.
    """

    last_updated_max: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        last_updated_max: str | Unset = UNSET
        if not isinstance(self.last_updated_max, Unset):
            last_updated_max = self.last_updated_max.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if last_updated_max is not UNSET:
            field_dict["last_updated_max"] = last_updated_max

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _last_updated_max = d.pop("last_updated_max", UNSET)
        last_updated_max: datetime.datetime | Unset
        if isinstance(_last_updated_max, Unset):
            last_updated_max = UNSET
        else:
            last_updated_max = datetime.datetime.fromisoformat(_last_updated_max)

        job_mass_deletion_selection = cls(
            last_updated_max=last_updated_max,
        )

        job_mass_deletion_selection.additional_properties = d
        return job_mass_deletion_selection

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
