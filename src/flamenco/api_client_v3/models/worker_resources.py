from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="WorkerResources")


@_attrs_define
class WorkerResources:
    """What a worker has; every property is optional (a missing one stays as it was).

    Example:
        {'cpu_cores': 16, 'cpu_freq_mhz': 3600, 'mem_total_mb': 65536, 'mem_free_mb': 51200}

    Attributes:
        cpu_cores (int | Unset):
        cpu_freq_mhz (int | Unset):
        arch (str | Unset):
        os_release (str | Unset):
        mem_total_mb (int | Unset):
        mem_free_mb (int | Unset):
        gpu_mem_total_mb (int | Unset):
        gpu_mem_free_mb (int | Unset):
        hdd_free_gb (int | Unset):
        load_avg (float | Unset):
    """

    cpu_cores: int | Unset = UNSET
    cpu_freq_mhz: int | Unset = UNSET
    arch: str | Unset = UNSET
    os_release: str | Unset = UNSET
    mem_total_mb: int | Unset = UNSET
    mem_free_mb: int | Unset = UNSET
    gpu_mem_total_mb: int | Unset = UNSET
    gpu_mem_free_mb: int | Unset = UNSET
    hdd_free_gb: int | Unset = UNSET
    load_avg: float | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        cpu_cores = self.cpu_cores

        cpu_freq_mhz = self.cpu_freq_mhz

        arch = self.arch

        os_release = self.os_release

        mem_total_mb = self.mem_total_mb

        mem_free_mb = self.mem_free_mb

        gpu_mem_total_mb = self.gpu_mem_total_mb

        gpu_mem_free_mb = self.gpu_mem_free_mb

        hdd_free_gb = self.hdd_free_gb

        load_avg = self.load_avg

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if cpu_cores is not UNSET:
            field_dict["cpu_cores"] = cpu_cores
        if cpu_freq_mhz is not UNSET:
            field_dict["cpu_freq_mhz"] = cpu_freq_mhz
        if arch is not UNSET:
            field_dict["arch"] = arch
        if os_release is not UNSET:
            field_dict["os_release"] = os_release
        if mem_total_mb is not UNSET:
            field_dict["mem_total_mb"] = mem_total_mb
        if mem_free_mb is not UNSET:
            field_dict["mem_free_mb"] = mem_free_mb
        if gpu_mem_total_mb is not UNSET:
            field_dict["gpu_mem_total_mb"] = gpu_mem_total_mb
        if gpu_mem_free_mb is not UNSET:
            field_dict["gpu_mem_free_mb"] = gpu_mem_free_mb
        if hdd_free_gb is not UNSET:
            field_dict["hdd_free_gb"] = hdd_free_gb
        if load_avg is not UNSET:
            field_dict["load_avg"] = load_avg

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        cpu_cores = d.pop("cpu_cores", UNSET)

        cpu_freq_mhz = d.pop("cpu_freq_mhz", UNSET)

        arch = d.pop("arch", UNSET)

        os_release = d.pop("os_release", UNSET)

        mem_total_mb = d.pop("mem_total_mb", UNSET)

        mem_free_mb = d.pop("mem_free_mb", UNSET)

        gpu_mem_total_mb = d.pop("gpu_mem_total_mb", UNSET)

        gpu_mem_free_mb = d.pop("gpu_mem_free_mb", UNSET)

        hdd_free_gb = d.pop("hdd_free_gb", UNSET)

        load_avg = d.pop("load_avg", UNSET)

        worker_resources = cls(
            cpu_cores=cpu_cores,
            cpu_freq_mhz=cpu_freq_mhz,
            arch=arch,
            os_release=os_release,
            mem_total_mb=mem_total_mb,
            mem_free_mb=mem_free_mb,
            gpu_mem_total_mb=gpu_mem_total_mb,
            gpu_mem_free_mb=gpu_mem_free_mb,
            hdd_free_gb=hdd_free_gb,
            load_avg=load_avg,
        )

        return worker_resources
