from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="JobLifeUpdate")


@_attrs_define
class JobLifeUpdate:
    """Life controls to change; a field left out stays, null or "" clears it.

    Example:
        {'depend_mask': 'shot010_.*', 'time_wait': '2026-01-01T18:00:00Z'}

    Attributes:
        depend_mask (None | str | Unset):
        depend_mask_global (None | str | Unset):
        time_wait (None | str | Unset): RFC 3339 time, or seconds since the epoch as text (Afanasy's form).
        time_life (int | None | Unset): Seconds; negative: none.
        command_post (None | str | Unset):
    """

    depend_mask: None | str | Unset = UNSET
    depend_mask_global: None | str | Unset = UNSET
    time_wait: None | str | Unset = UNSET
    time_life: int | None | Unset = UNSET
    command_post: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        depend_mask: None | str | Unset
        if isinstance(self.depend_mask, Unset):
            depend_mask = UNSET
        else:
            depend_mask = self.depend_mask

        depend_mask_global: None | str | Unset
        if isinstance(self.depend_mask_global, Unset):
            depend_mask_global = UNSET
        else:
            depend_mask_global = self.depend_mask_global

        time_wait: None | str | Unset
        if isinstance(self.time_wait, Unset):
            time_wait = UNSET
        else:
            time_wait = self.time_wait

        time_life: int | None | Unset
        if isinstance(self.time_life, Unset):
            time_life = UNSET
        else:
            time_life = self.time_life

        command_post: None | str | Unset
        if isinstance(self.command_post, Unset):
            command_post = UNSET
        else:
            command_post = self.command_post

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if depend_mask is not UNSET:
            field_dict["depend_mask"] = depend_mask
        if depend_mask_global is not UNSET:
            field_dict["depend_mask_global"] = depend_mask_global
        if time_wait is not UNSET:
            field_dict["time_wait"] = time_wait
        if time_life is not UNSET:
            field_dict["time_life"] = time_life
        if command_post is not UNSET:
            field_dict["command_post"] = command_post

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_depend_mask(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        depend_mask = _parse_depend_mask(d.pop("depend_mask", UNSET))

        def _parse_depend_mask_global(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        depend_mask_global = _parse_depend_mask_global(d.pop("depend_mask_global", UNSET))

        def _parse_time_wait(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        time_wait = _parse_time_wait(d.pop("time_wait", UNSET))

        def _parse_time_life(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        time_life = _parse_time_life(d.pop("time_life", UNSET))

        def _parse_command_post(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        command_post = _parse_command_post(d.pop("command_post", UNSET))

        job_life_update = cls(
            depend_mask=depend_mask,
            depend_mask_global=depend_mask_global,
            time_wait=time_wait,
            time_life=time_life,
            command_post=command_post,
        )

        return job_life_update
