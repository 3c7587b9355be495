"""What the worker reports about its hardware (issue 9): read from the OS, GPU from nvidia-smi."""

from __future__ import annotations

import stat
from pathlib import Path

from flamenco.worker import resources

MEMINFO = "MemTotal:       16384000 kB\nMemFree:         1024000 kB\nMemAvailable:    8192000 kB\n"
CPUINFO = "processor\t: 0\ncpu MHz\t\t: 2400.000\n\nprocessor\t: 1\ncpu MHz\t\t: 3599.6\n"


def _proc(tmp_path: Path) -> Path:
    proc = tmp_path / "proc"
    proc.mkdir()
    (proc / "meminfo").write_text(MEMINFO)
    (proc / "cpuinfo").write_text(CPUINFO)
    return proc


def _script(tmp_path: Path, body: str) -> str:
    script = tmp_path / "nvidia-smi"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def test_memory_cpu_disk_and_gpu(tmp_path: Path) -> None:
    smi = _script(tmp_path, 'echo "8192, 8000"; echo "24576, 20000"')
    report = resources.collect(tmp_path, proc=_proc(tmp_path), nvidia_smi=smi)
    assert report["mem_total_mb"] == 16000 and report["mem_free_mb"] == 8000  # MemAvailable, not MemFree
    assert report["cpu_freq_mhz"] == 3600
    assert report["gpu_mem_total_mb"] == 24576 and report["gpu_mem_free_mb"] == 20000  # the largest GPU
    assert report["cpu_cores"] >= 1 and report["arch"] and report["os_release"]
    assert report["hdd_free_gb"] >= 0


def test_missing_sources_leave_fields_out(tmp_path: Path) -> None:
    broken = _script(tmp_path, "echo 'NVIDIA-SMI has failed'; exit 9")
    report = resources.collect(tmp_path, proc=tmp_path / "nowhere", nvidia_smi=broken)
    assert not {"mem_total_mb", "mem_free_mb", "cpu_freq_mhz", "gpu_mem_total_mb"} & set(report)
    assert "cpu_cores" in report
