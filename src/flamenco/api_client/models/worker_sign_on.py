from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WorkerSignOn")


@_attrs_define
class WorkerSignOn:
    """
    Attributes:
        nickname (str):
        supported_task_types (list[str]):
        software_version (str):
    """

    nickname: str
    supported_task_types: list[str]
    software_version: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        nickname = self.nickname

        supported_task_types = self.supported_task_types

        software_version = self.software_version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "nickname": nickname,
                "supported_task_types": supported_task_types,
                "software_version": software_version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        nickname = d.pop("nickname")

        supported_task_types = cast(list[str], d.pop("supported_task_types"))

        software_version = d.pop("software_version")

        worker_sign_on = cls(
            nickname=nickname,
            supported_task_types=supported_task_types,
            software_version=software_version,
        )

        worker_sign_on.additional_properties = d
        return worker_sign_on

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
