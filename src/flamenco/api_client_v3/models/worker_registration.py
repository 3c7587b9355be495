from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WorkerRegistration")


@_attrs_define
class WorkerRegistration:
    """
    Example:
        {'name': 'example-worker', 'secret': 'do-not-tell-anyone', 'platform': 'linux', 'software': '3.2',
            'supported_task_types': ['blender', 'ffmpeg', 'file-management', 'misc']}

    Attributes:
        secret (str):
        platform (str):
        supported_task_types (list[str]):
        name (str):
    """

    secret: str
    platform: str
    supported_task_types: list[str]
    name: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        secret = self.secret

        platform = self.platform

        supported_task_types = self.supported_task_types

        name = self.name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "secret": secret,
                "platform": platform,
                "supported_task_types": supported_task_types,
                "name": name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        secret = d.pop("secret")

        platform = d.pop("platform")

        supported_task_types = cast(list[str], d.pop("supported_task_types"))

        name = d.pop("name")

        worker_registration = cls(
            secret=secret,
            platform=platform,
            supported_task_types=supported_task_types,
            name=name,
        )

        worker_registration.additional_properties = d
        return worker_registration

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
