from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.shaman_file_spec import ShamanFileSpec


T = TypeVar("T", bound="ShamanRequirementsRequest")


@_attrs_define
class ShamanRequirementsRequest:
    """Set of files with their SHA256 checksum and size in bytes.

    Example:
        {'files': [{'sha': '35b0491c27b0333d1fb45fc0789a12ca06b1d640d2569780b807de504d7029e0', 'size': 1424}, {'sha':
            '63b72c63b9424fd13b9370fb60069080c3a15717cf3ad442635b187c6a895079', 'size': 127}]}

    Attributes:
        files (list[ShamanFileSpec]):
    """

    files: list[ShamanFileSpec]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        files = []
        for files_item_data in self.files:
            files_item = files_item_data.to_dict()
            files.append(files_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "files": files,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.shaman_file_spec import ShamanFileSpec  # noqa: PLC0415

        d = dict(src_dict)
        files = []
        _files = d.pop("files")
        for files_item_data in _files:
            files_item = ShamanFileSpec.from_dict(files_item_data)

            files.append(files_item)

        shaman_requirements_request = cls(
            files=files,
        )

        shaman_requirements_request.additional_properties = d
        return shaman_requirements_request

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
