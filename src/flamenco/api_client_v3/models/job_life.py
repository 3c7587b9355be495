from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="JobLife")


@_attrs_define
class JobLife:
    """A job's life controls (Afanasy's job model, docs/afanasy.md). The job waits while an unfinished job matches a
    dependency mask (same user for `depend_mask`, any user for `depend_mask_global`, regular expressions over whole
    names), and until `time_wait`.

        Example:
            {'depend_mask': 'shot010_.*', 'waiting_for_jobs': True, 'waits_for': ['shot010_render'], 'time_life': 86400,
                'command_post': 'rm -rf /render/tmp/shot010_comp', 'user_name': 'alice'}

        Attributes:
            waiting_for_jobs (bool): The job is held because jobs it depends on are unfinished.
            waits_for (list[str]): Names of the unfinished jobs the masks match now.
            depend_mask (str | Unset):
            depend_mask_global (str | Unset):
            time_wait (datetime.datetime | Unset): The job starts no task before this time (absent once it has passed).
            time_life (int | Unset): Seconds after its creation at which the job is deleted.
            deleted_at (datetime.datetime | Unset): When `time_life` deletes the job.
            command_post (str | Unset): Shell command a worker runs (as a task of the Manager's system job) after the job is
                deleted.
            user_name (str | Unset): The job's user, which `depend_mask` compares.
    """

    waiting_for_jobs: bool
    waits_for: list[str]
    depend_mask: str | Unset = UNSET
    depend_mask_global: str | Unset = UNSET
    time_wait: datetime.datetime | Unset = UNSET
    time_life: int | Unset = UNSET
    deleted_at: datetime.datetime | Unset = UNSET
    command_post: str | Unset = UNSET
    user_name: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        waiting_for_jobs = self.waiting_for_jobs

        waits_for = self.waits_for

        depend_mask = self.depend_mask

        depend_mask_global = self.depend_mask_global

        time_wait: str | Unset = UNSET
        if not isinstance(self.time_wait, Unset):
            time_wait = self.time_wait.isoformat()

        time_life = self.time_life

        deleted_at: str | Unset = UNSET
        if not isinstance(self.deleted_at, Unset):
            deleted_at = self.deleted_at.isoformat()

        command_post = self.command_post

        user_name = self.user_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "waiting_for_jobs": waiting_for_jobs,
                "waits_for": waits_for,
            }
        )
        if depend_mask is not UNSET:
            field_dict["depend_mask"] = depend_mask
        if depend_mask_global is not UNSET:
            field_dict["depend_mask_global"] = depend_mask_global
        if time_wait is not UNSET:
            field_dict["time_wait"] = time_wait
        if time_life is not UNSET:
            field_dict["time_life"] = time_life
        if deleted_at is not UNSET:
            field_dict["deleted_at"] = deleted_at
        if command_post is not UNSET:
            field_dict["command_post"] = command_post
        if user_name is not UNSET:
            field_dict["user_name"] = user_name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        waiting_for_jobs = d.pop("waiting_for_jobs")

        waits_for = cast(list[str], d.pop("waits_for"))

        depend_mask = d.pop("depend_mask", UNSET)

        depend_mask_global = d.pop("depend_mask_global", UNSET)

        _time_wait = d.pop("time_wait", UNSET)
        time_wait: datetime.datetime | Unset
        if isinstance(_time_wait, Unset):
            time_wait = UNSET
        else:
            time_wait = datetime.datetime.fromisoformat(_time_wait)

        time_life = d.pop("time_life", UNSET)

        _deleted_at = d.pop("deleted_at", UNSET)
        deleted_at: datetime.datetime | Unset
        if isinstance(_deleted_at, Unset):
            deleted_at = UNSET
        else:
            deleted_at = datetime.datetime.fromisoformat(_deleted_at)

        command_post = d.pop("command_post", UNSET)

        user_name = d.pop("user_name", UNSET)

        job_life = cls(
            waiting_for_jobs=waiting_for_jobs,
            waits_for=waits_for,
            depend_mask=depend_mask,
            depend_mask_global=depend_mask_global,
            time_wait=time_wait,
            time_life=time_life,
            deleted_at=deleted_at,
            command_post=command_post,
            user_name=user_name,
        )

        job_life.additional_properties = d
        return job_life

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
