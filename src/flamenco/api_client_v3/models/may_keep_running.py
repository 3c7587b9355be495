from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="MayKeepRunning")


@_attrs_define
class MayKeepRunning:
    """Indicates whether the worker may keep running the task.

    Attributes:
        may_keep_running (bool):
        reason (str):
        status_change_requested (bool): Indicates that a status change requested for the worker. It should use the
            `workerState` operation to determine which state to go to next. If this is `true`, `mayKeepRunning` MUST be
            `false`.
    """

    may_keep_running: bool
    reason: str
    status_change_requested: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        may_keep_running = self.may_keep_running

        reason = self.reason

        status_change_requested = self.status_change_requested

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "mayKeepRunning": may_keep_running,
                "reason": reason,
                "statusChangeRequested": status_change_requested,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        may_keep_running = d.pop("mayKeepRunning")

        reason = d.pop("reason")

        status_change_requested = d.pop("statusChangeRequested")

        may_keep_running = cls(
            may_keep_running=may_keep_running,
            reason=reason,
            status_change_requested=status_change_requested,
        )

        may_keep_running.additional_properties = d
        return may_keep_running

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
