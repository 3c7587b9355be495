from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.blender_path_source import BlenderPathSource, check_blender_path_source

T = TypeVar("T", bound="BlenderPathCheckResult")


@_attrs_define
class BlenderPathCheckResult:
    """
    Attributes:
        input_ (str): The input that was given to find this Blender.
        path (str): The path that was found.
        source (BlenderPathSource):
        is_usable (bool): Whether the path is usable or not.
        cause (str): Description of why this path is (not) usable.
    """

    input_: str
    path: str
    source: BlenderPathSource
    is_usable: bool
    cause: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        input_ = self.input_

        path = self.path

        source: str = self.source

        is_usable = self.is_usable

        cause = self.cause

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "input": input_,
                "path": path,
                "source": source,
                "is_usable": is_usable,
                "cause": cause,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        input_ = d.pop("input")

        path = d.pop("path")

        source = check_blender_path_source(d.pop("source"))

        is_usable = d.pop("is_usable")

        cause = d.pop("cause")

        blender_path_check_result = cls(
            input_=input_,
            path=path,
            source=source,
            is_usable=is_usable,
            cause=cause,
        )

        blender_path_check_result.additional_properties = d
        return blender_path_check_result

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
