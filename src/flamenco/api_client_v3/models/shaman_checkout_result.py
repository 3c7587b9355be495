from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ShamanCheckoutResult")


@_attrs_define
class ShamanCheckoutResult:
    """The result of a Shaman checkout.

    Attributes:
        checkout_path (str): Path where the Manager created this checkout. This can be different than what was
            requested, as the Manager will ensure a unique directory. The path is relative to the Shaman checkout path as
            configured on the Manager.
    """

    checkout_path: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        checkout_path = self.checkout_path

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "checkoutPath": checkout_path,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        checkout_path = d.pop("checkoutPath")

        shaman_checkout_result = cls(
            checkout_path=checkout_path,
        )

        shaman_checkout_result.additional_properties = d
        return shaman_checkout_result

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
