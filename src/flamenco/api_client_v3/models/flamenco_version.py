from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="FlamencoVersion")


@_attrs_define
class FlamencoVersion:
    """
    Example:
        {'version': '3.3-alpha0 (v3.2-76-gdd34d538)', 'shortversion': '3.3-alpha0', 'name': 'Your Manager', 'git':
            'v3.2-76-gdd34d538'}

    Attributes:
        version (str): Version of this Manager, meant for human consumption. For release builds it is the same as
            `shortversion`, for other builds it also includes the `git` version info.
        shortversion (str):
        name (str):
        git (str):
    """

    version: str
    shortversion: str
    name: str
    git: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        version = self.version

        shortversion = self.shortversion

        name = self.name

        git = self.git

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "version": version,
                "shortversion": shortversion,
                "name": name,
                "git": git,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        version = d.pop("version")

        shortversion = d.pop("shortversion")

        name = d.pop("name")

        git = d.pop("git")

        flamenco_version = cls(
            version=version,
            shortversion=shortversion,
            name=name,
            git=git,
        )

        flamenco_version.additional_properties = d
        return flamenco_version

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
