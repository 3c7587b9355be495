from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WorkerSleepSchedule")


@_attrs_define
class WorkerSleepSchedule:
    """Sleep schedule for a single Worker. Start and end time indicate the time of each day at which the schedule is
    active. Applies only when today is in `days_of_week`, or when `days_of_week` is empty.
    Start and end time are in 24-hour HH:MM notation.

        Example:
            {'is_active': True, 'days_of_week': 'mo tu th fr', 'start_time': '09:00', 'end_time': '18:00'}

        Attributes:
            is_active (bool):
            days_of_week (str): Space-separated two-letter strings indicating days of week the schedule is active ("mo",
                "tu", etc.). Empty means "every day".
            start_time (str):
            end_time (str):
    """

    is_active: bool
    days_of_week: str
    start_time: str
    end_time: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        is_active = self.is_active

        days_of_week = self.days_of_week

        start_time = self.start_time

        end_time = self.end_time

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "is_active": is_active,
                "days_of_week": days_of_week,
                "start_time": start_time,
                "end_time": end_time,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        is_active = d.pop("is_active")

        days_of_week = d.pop("days_of_week")

        start_time = d.pop("start_time")

        end_time = d.pop("end_time")

        worker_sleep_schedule = cls(
            is_active=is_active,
            days_of_week=days_of_week,
            start_time=start_time,
            end_time=end_time,
        )

        worker_sleep_schedule.additional_properties = d
        return worker_sleep_schedule

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
