"""What this machine has, for the Manager's matching of blocks' needs (issue 9, design §8.1).

Read from the operating system without extra dependencies: cores and architecture from Python,
memory and CPU frequency from `/proc` (Linux; elsewhere those stay unreported, and needs on them
are not met), free disk of the working directory, the load average, and GPU memory from
`nvidia-smi` when it is installed. Every probe is best-effort: a missing or odd source leaves its
fields out instead of failing the worker.
"""

from __future__ import annotations

import contextlib
import os
import platform
import shutil
import subprocess
from pathlib import Path
from typing import Any

NVIDIA_SMI_TIMEOUT = 5.0  # seconds; a wedged driver must not stall the worker


def collect(work_dir: Path, *, proc: Path = Path("/proc"), nvidia_smi: str | None = None) -> dict[str, Any]:
    """The current report (a `WorkerResources` body); ``proc``/``nvidia_smi`` for tests."""
    report: dict[str, Any] = {"arch": platform.machine()[:64], "os_release": _os_release()[:256]}
    if cores := os.cpu_count():
        report["cpu_cores"] = cores
    report.update(_memory(proc / "meminfo"))
    if (mhz := _cpu_mhz(proc / "cpuinfo")) is not None:
        report["cpu_freq_mhz"] = mhz
    with contextlib.suppress(OSError):
        report["hdd_free_gb"] = shutil.disk_usage(work_dir).free // 2**30
    if hasattr(os, "getloadavg"):
        with contextlib.suppress(OSError):
            report["load_avg"] = round(max(os.getloadavg()[0], 0.0), 2)
    report.update(_gpu(nvidia_smi if nvidia_smi is not None else shutil.which("nvidia-smi")))
    return {key: value for key, value in report.items() if value not in (None, "")}


def _os_release() -> str:
    try:
        for line in Path("/etc/os-release").read_text(encoding="utf-8").splitlines():
            if line.startswith("PRETTY_NAME="):
                return line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return platform.platform()


def _memory(meminfo: Path) -> dict[str, int]:
    try:
        text = meminfo.read_text(encoding="utf-8")
    except OSError:
        return {}
    kb: dict[str, int] = {}
    for line in text.splitlines():
        name, _, rest = line.partition(":")
        parts = rest.split()
        if parts and parts[0].isdigit():
            kb[name.strip()] = int(parts[0])
    out = {}
    if "MemTotal" in kb:
        out["mem_total_mb"] = kb["MemTotal"] // 1024
    free = kb.get("MemAvailable", kb.get("MemFree"))
    if free is not None:
        out["mem_free_mb"] = free // 1024
    return out


def _cpu_mhz(cpuinfo: Path) -> int | None:
    try:
        text = cpuinfo.read_text(encoding="utf-8")
    except OSError:
        return None
    speeds = []
    for line in text.splitlines():
        name, _, value = line.partition(":")
        if name.strip() == "cpu MHz":
            try:
                speeds.append(float(value))
            except ValueError:
                continue
    return round(max(speeds)) if speeds else None


def _gpu(nvidia_smi: str | None) -> dict[str, int]:
    """The largest GPU's total and free memory (a task uses one GPU), from `nvidia-smi`."""
    if not nvidia_smi:
        return {}
    try:
        done = subprocess.run(
            [nvidia_smi, "--query-gpu=memory.total,memory.free", "--format=csv,noheader,nounits"],
            capture_output=True,
            text=True,
            timeout=NVIDIA_SMI_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    gpus = []
    for line in done.stdout.splitlines():
        parts = [p.strip() for p in line.split(",")]
        if len(parts) == 2 and all(p.isdigit() for p in parts):
            gpus.append((int(parts[0]), int(parts[1])))
    if done.returncode != 0 or not gpus:
        return {}
    total, free = max(gpus)
    return {"gpu_mem_total_mb": total, "gpu_mem_free_mb": free}
