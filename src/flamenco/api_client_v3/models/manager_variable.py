from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ManagerVariable")


@_attrs_define
class ManagerVariable:
    """
    Attributes:
        value (str):
        is_twoway (bool): One-way variables are the most common one, and are simple replacement from `{name}` to their
            value, which happens when a Task is given to a Worker. Two-way variables are also replaced when submitting a
            job, where the platform-specific value is replaced by `{name}`.
    """

    value: str
    is_twoway: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        value = self.value

        is_twoway = self.is_twoway

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "value": value,
                "is_twoway": is_twoway,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        value = d.pop("value")

        is_twoway = d.pop("is_twoway")

        manager_variable = cls(
            value=value,
            is_twoway=is_twoway,
        )

        manager_variable.additional_properties = d
        return manager_variable

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
