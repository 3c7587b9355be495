from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.worker_status import WorkerStatus, check_worker_status

T = TypeVar("T", bound="WorkerStatusChangeRequest")


@_attrs_define
class WorkerStatusChangeRequest:
    """Request for a Worker to change its status to `status`.

    Attributes:
        status (WorkerStatus):
        is_lazy (bool): Whether the status change should happen immediately, or after the worker's current task is
            finished.
    """

    status: WorkerStatus
    is_lazy: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status: str = self.status

        is_lazy = self.is_lazy

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "is_lazy": is_lazy,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = check_worker_status(d.pop("status"))

        is_lazy = d.pop("is_lazy")

        worker_status_change_request = cls(
            status=status,
            is_lazy=is_lazy,
        )

        worker_status_change_request.additional_properties = d
        return worker_status_change_request

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
