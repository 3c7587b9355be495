from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.pipeline_controls_hosts_mask_type import (
    PipelineControlsHostsMaskType,
    check_pipeline_controls_hosts_mask_type,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.pipeline_controls_tickets_type_0 import PipelineControlsTicketsType0


T = TypeVar("T", bound="PipelineControls")


@_attrs_define
class PipelineControls:
    """Limits, masks, needs and tickets of a job or block. In a request only the properties sent change; null (or -1 for
    numbers, "" for texts) removes one. Masks are regular expressions matched against the whole worker name
    (`hosts_mask_type: find`: Afanasy's word-prefix matching); `need_os` and `need_properties` are searched in the
    worker's platform words (`unix linux`, `unix macosx`, `windows`) and properties.

        Example:
            {'max_running_tasks': 4, 'hosts_mask': 'render-.*', 'tickets': {'NUKE': 1}}

        Attributes:
            max_running_tasks (int | None | Unset):
            max_running_tasks_per_host (int | None | Unset):
            hosts_mask (None | str | Unset):
            hosts_mask_exclude (None | str | Unset):
            hosts_mask_type (PipelineControlsHostsMaskType | Unset):
            need_os (None | str | Unset):
            need_properties (None | str | Unset):
            need_memory_mb (int | None | Unset):
            need_gpu_mem_mb (int | None | Unset):
            need_cpu_cores (int | None | Unset):
            need_cpu_freq_mhz (int | None | Unset):
            need_hdd_gb (int | None | Unset):
            need_power (int | None | Unset):
            tickets (None | PipelineControlsTicketsType0 | Unset): Tickets each running task holds, {name => count}.
    """

    max_running_tasks: int | None | Unset = UNSET
    max_running_tasks_per_host: int | None | Unset = UNSET
    hosts_mask: None | str | Unset = UNSET
    hosts_mask_exclude: None | str | Unset = UNSET
    hosts_mask_type: PipelineControlsHostsMaskType | Unset = UNSET
    need_os: None | str | Unset = UNSET
    need_properties: None | str | Unset = UNSET
    need_memory_mb: int | None | Unset = UNSET
    need_gpu_mem_mb: int | None | Unset = UNSET
    need_cpu_cores: int | None | Unset = UNSET
    need_cpu_freq_mhz: int | None | Unset = UNSET
    need_hdd_gb: int | None | Unset = UNSET
    need_power: int | None | Unset = UNSET
    tickets: None | PipelineControlsTicketsType0 | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.pipeline_controls_tickets_type_0 import (
            PipelineControlsTicketsType0,  # noqa: PLC0415
        )

        max_running_tasks: int | None | Unset
        if isinstance(self.max_running_tasks, Unset):
            max_running_tasks = UNSET
        else:
            max_running_tasks = self.max_running_tasks

        max_running_tasks_per_host: int | None | Unset
        if isinstance(self.max_running_tasks_per_host, Unset):
            max_running_tasks_per_host = UNSET
        else:
            max_running_tasks_per_host = self.max_running_tasks_per_host

        hosts_mask: None | str | Unset
        if isinstance(self.hosts_mask, Unset):
            hosts_mask = UNSET
        else:
            hosts_mask = self.hosts_mask

        hosts_mask_exclude: None | str | Unset
        if isinstance(self.hosts_mask_exclude, Unset):
            hosts_mask_exclude = UNSET
        else:
            hosts_mask_exclude = self.hosts_mask_exclude

        hosts_mask_type: str | Unset = UNSET
        if not isinstance(self.hosts_mask_type, Unset):
            hosts_mask_type = self.hosts_mask_type

        need_os: None | str | Unset
        if isinstance(self.need_os, Unset):
            need_os = UNSET
        else:
            need_os = self.need_os

        need_properties: None | str | Unset
        if isinstance(self.need_properties, Unset):
            need_properties = UNSET
        else:
            need_properties = self.need_properties

        need_memory_mb: int | None | Unset
        if isinstance(self.need_memory_mb, Unset):
            need_memory_mb = UNSET
        else:
            need_memory_mb = self.need_memory_mb

        need_gpu_mem_mb: int | None | Unset
        if isinstance(self.need_gpu_mem_mb, Unset):
            need_gpu_mem_mb = UNSET
        else:
            need_gpu_mem_mb = self.need_gpu_mem_mb

        need_cpu_cores: int | None | Unset
        if isinstance(self.need_cpu_cores, Unset):
            need_cpu_cores = UNSET
        else:
            need_cpu_cores = self.need_cpu_cores

        need_cpu_freq_mhz: int | None | Unset
        if isinstance(self.need_cpu_freq_mhz, Unset):
            need_cpu_freq_mhz = UNSET
        else:
            need_cpu_freq_mhz = self.need_cpu_freq_mhz

        need_hdd_gb: int | None | Unset
        if isinstance(self.need_hdd_gb, Unset):
            need_hdd_gb = UNSET
        else:
            need_hdd_gb = self.need_hdd_gb

        need_power: int | None | Unset
        if isinstance(self.need_power, Unset):
            need_power = UNSET
        else:
            need_power = self.need_power

        tickets: dict[str, Any] | None | Unset
        if isinstance(self.tickets, Unset):
            tickets = UNSET
        elif isinstance(self.tickets, PipelineControlsTicketsType0):
            tickets = self.tickets.to_dict()
        else:
            tickets = self.tickets

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if max_running_tasks is not UNSET:
            field_dict["max_running_tasks"] = max_running_tasks
        if max_running_tasks_per_host is not UNSET:
            field_dict["max_running_tasks_per_host"] = max_running_tasks_per_host
        if hosts_mask is not UNSET:
            field_dict["hosts_mask"] = hosts_mask
        if hosts_mask_exclude is not UNSET:
            field_dict["hosts_mask_exclude"] = hosts_mask_exclude
        if hosts_mask_type is not UNSET:
            field_dict["hosts_mask_type"] = hosts_mask_type
        if need_os is not UNSET:
            field_dict["need_os"] = need_os
        if need_properties is not UNSET:
            field_dict["need_properties"] = need_properties
        if need_memory_mb is not UNSET:
            field_dict["need_memory_mb"] = need_memory_mb
        if need_gpu_mem_mb is not UNSET:
            field_dict["need_gpu_mem_mb"] = need_gpu_mem_mb
        if need_cpu_cores is not UNSET:
            field_dict["need_cpu_cores"] = need_cpu_cores
        if need_cpu_freq_mhz is not UNSET:
            field_dict["need_cpu_freq_mhz"] = need_cpu_freq_mhz
        if need_hdd_gb is not UNSET:
            field_dict["need_hdd_gb"] = need_hdd_gb
        if need_power is not UNSET:
            field_dict["need_power"] = need_power
        if tickets is not UNSET:
            field_dict["tickets"] = tickets

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.pipeline_controls_tickets_type_0 import (
            PipelineControlsTicketsType0,  # noqa: PLC0415
        )

        d = dict(src_dict)

        def _parse_max_running_tasks(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_running_tasks = _parse_max_running_tasks(d.pop("max_running_tasks", UNSET))

        def _parse_max_running_tasks_per_host(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_running_tasks_per_host = _parse_max_running_tasks_per_host(
            d.pop("max_running_tasks_per_host", UNSET)
        )

        def _parse_hosts_mask(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        hosts_mask = _parse_hosts_mask(d.pop("hosts_mask", UNSET))

        def _parse_hosts_mask_exclude(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        hosts_mask_exclude = _parse_hosts_mask_exclude(d.pop("hosts_mask_exclude", UNSET))

        _hosts_mask_type = d.pop("hosts_mask_type", UNSET)
        hosts_mask_type: PipelineControlsHostsMaskType | Unset
        if isinstance(_hosts_mask_type, Unset):
            hosts_mask_type = UNSET
        else:
            hosts_mask_type = check_pipeline_controls_hosts_mask_type(_hosts_mask_type)

        def _parse_need_os(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        need_os = _parse_need_os(d.pop("need_os", UNSET))

        def _parse_need_properties(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        need_properties = _parse_need_properties(d.pop("need_properties", UNSET))

        def _parse_need_memory_mb(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        need_memory_mb = _parse_need_memory_mb(d.pop("need_memory_mb", UNSET))

        def _parse_need_gpu_mem_mb(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        need_gpu_mem_mb = _parse_need_gpu_mem_mb(d.pop("need_gpu_mem_mb", UNSET))

        def _parse_need_cpu_cores(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        need_cpu_cores = _parse_need_cpu_cores(d.pop("need_cpu_cores", UNSET))

        def _parse_need_cpu_freq_mhz(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        need_cpu_freq_mhz = _parse_need_cpu_freq_mhz(d.pop("need_cpu_freq_mhz", UNSET))

        def _parse_need_hdd_gb(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        need_hdd_gb = _parse_need_hdd_gb(d.pop("need_hdd_gb", UNSET))

        def _parse_need_power(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        need_power = _parse_need_power(d.pop("need_power", UNSET))

        def _parse_tickets(data: object) -> None | PipelineControlsTicketsType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                tickets_type_0 = PipelineControlsTicketsType0.from_dict(data)

                return tickets_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PipelineControlsTicketsType0 | Unset, data)

        tickets = _parse_tickets(d.pop("tickets", UNSET))

        pipeline_controls = cls(
            max_running_tasks=max_running_tasks,
            max_running_tasks_per_host=max_running_tasks_per_host,
            hosts_mask=hosts_mask,
            hosts_mask_exclude=hosts_mask_exclude,
            hosts_mask_type=hosts_mask_type,
            need_os=need_os,
            need_properties=need_properties,
            need_memory_mb=need_memory_mb,
            need_gpu_mem_mb=need_gpu_mem_mb,
            need_cpu_cores=need_cpu_cores,
            need_cpu_freq_mhz=need_cpu_freq_mhz,
            need_hdd_gb=need_hdd_gb,
            need_power=need_power,
            tickets=tickets,
        )

        return pipeline_controls
