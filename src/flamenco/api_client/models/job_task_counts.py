from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="JobTaskCounts")


@_attrs_define
class JobTaskCounts:
    """How many of the job's tasks are in each status: the job's progress. Answers about existing jobs carry it; the answer
    to a submission does not.

        Attributes:
            total (int):
            queued (int):
            active (int):
            completed (int):
            failed (int):
            soft_failed (int):
            canceled (int):
            paused (int):
    """

    total: int
    queued: int
    active: int
    completed: int
    failed: int
    soft_failed: int
    canceled: int
    paused: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total = self.total

        queued = self.queued

        active = self.active

        completed = self.completed

        failed = self.failed

        soft_failed = self.soft_failed

        canceled = self.canceled

        paused = self.paused

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "total": total,
                "queued": queued,
                "active": active,
                "completed": completed,
                "failed": failed,
                "soft-failed": soft_failed,
                "canceled": canceled,
                "paused": paused,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        total = d.pop("total")

        queued = d.pop("queued")

        active = d.pop("active")

        completed = d.pop("completed")

        failed = d.pop("failed")

        soft_failed = d.pop("soft-failed")

        canceled = d.pop("canceled")

        paused = d.pop("paused")

        job_task_counts = cls(
            total=total,
            queued=queued,
            active=active,
            completed=completed,
            failed=failed,
            soft_failed=soft_failed,
            canceled=canceled,
            paused=paused,
        )

        job_task_counts.additional_properties = d
        return job_task_counts

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
