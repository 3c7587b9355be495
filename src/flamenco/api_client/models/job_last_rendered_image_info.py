from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="JobLastRenderedImageInfo")


@_attrs_define
class JobLastRenderedImageInfo:
    """Enough information for a client to piece together different strings to form a host-relative URL to the last-rendered
    image. To construct the URL, concatenate "{base}/{one of the suffixes}".

        Attributes:
            base (str):
            suffixes (list[str]):
    """

    base: str
    suffixes: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        base = self.base

        suffixes = self.suffixes

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "base": base,
                "suffixes": suffixes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        base = d.pop("base")

        suffixes = cast(list[str], d.pop("suffixes"))

        job_last_rendered_image_info = cls(
            base=base,
            suffixes=suffixes,
        )

        job_last_rendered_image_info.additional_properties = d
        return job_last_rendered_image_info

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
