from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.task_status import TaskStatus, check_task_status
from ..types import UNSET, Unset

T = TypeVar("T", bound="TaskUpdate")


@_attrs_define
class TaskUpdate:
    """TaskUpdate is sent by a Worker to update the status & logs of a task it's executing. All properties are optional;
    omitted properties are ignored (i.e. omitting `activity` will not erase the activity property of the task).

        Attributes:
            task_status (TaskStatus | Unset):
            activity (str | Unset): One-liner to indicate what's currently happening with the task. Overwrites previously
                sent activity strings.
            log (str | Unset): Log lines for this task, will be appended to logs sent earlier.
            steps_completed (int | Unset): Number of task steps completed. May not exceed the task's steps_total.
    """

    task_status: TaskStatus | Unset = UNSET
    activity: str | Unset = UNSET
    log: str | Unset = UNSET
    steps_completed: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        task_status: str | Unset = UNSET
        if not isinstance(self.task_status, Unset):
            task_status = self.task_status

        activity = self.activity

        log = self.log

        steps_completed = self.steps_completed

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if task_status is not UNSET:
            field_dict["taskStatus"] = task_status
        if activity is not UNSET:
            field_dict["activity"] = activity
        if log is not UNSET:
            field_dict["log"] = log
        if steps_completed is not UNSET:
            field_dict["steps_completed"] = steps_completed

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _task_status = d.pop("taskStatus", UNSET)
        task_status: TaskStatus | Unset
        if isinstance(_task_status, Unset):
            task_status = UNSET
        else:
            task_status = check_task_status(_task_status)

        activity = d.pop("activity", UNSET)

        log = d.pop("log", UNSET)

        steps_completed = d.pop("steps_completed", UNSET)

        task_update = cls(
            task_status=task_status,
            activity=activity,
            log=log,
            steps_completed=steps_completed,
        )

        task_update.additional_properties = d
        return task_update

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
