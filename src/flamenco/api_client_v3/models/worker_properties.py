from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="WorkerProperties")


@_attrs_define
class WorkerProperties:
    """
    Attributes:
        properties (str):
    """

    properties: str

    def to_dict(self) -> dict[str, Any]:
        properties = self.properties

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "properties": properties,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        properties = d.pop("properties")

        worker_properties = cls(
            properties=properties,
        )

        return worker_properties
