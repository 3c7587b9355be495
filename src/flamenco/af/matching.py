"""Which workers may run a block: host masks and hardware needs (pure functions, no database).

The Manager will use these when it pre-matches blocks and workers (``docs/design/pipeline-jobs.md``
§4.4); they answer with the reason a worker does not fit, for the web UI's "why is this not
running" and for tests. Job-level and block-level controls both apply, as in Afanasy.

Masks are regular expressions matched against the whole worker name (what the seed and Afanasy's
API documentation describe); ``hosts_mask_type: "find"`` selects Afanasy's newer default instead:
words separated by any of ``| ; , :`` or space, one of which must start the name. ``need_os`` and
``need_properties`` are searched for anywhere in the worker's platform words and properties.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

FIND_SEPARATORS = re.compile(r"[|;,: ]+")


@dataclass(frozen=True)
class WorkerFacts:
    """What a worker reported about itself (None: not reported, so a need on it is not met)."""

    name: str
    platform: list[str] = field(default_factory=list)  # e.g. ["unix", "linux"]
    properties: str = ""
    cpu_cores: int | None = None
    cpu_freq_mhz: int | None = None
    mem_free_mb: int | None = None
    gpu_mem_free_mb: int | None = None
    hdd_free_gb: int | None = None
    power: int | None = None


def mask_matches(mask: str, name: str, mask_type: str = "regex") -> bool:
    """An empty mask matches every name."""
    if not mask:
        return True
    if mask_type == "find":
        return any(name.startswith(word) for word in FIND_SEPARATORS.split(mask) if word)
    return re.fullmatch(mask, name) is not None


# (document field, worker fact, unit shown in reasons)
_NEEDS: list[tuple[str, str, str]] = [
    ("need_memory", "mem_free_mb", "MB of free memory"),
    ("need_gpu_mem_mb", "gpu_mem_free_mb", "MB of free GPU memory"),
    ("need_cpu_cores", "cpu_cores", "CPU cores"),
    ("need_cpu_freq_mgz", "cpu_freq_mhz", "MHz CPU frequency"),
    ("need_hdd", "hdd_free_gb", "GB of free disk"),
    ("need_power", "power", "power"),
]


def why_not(controls: dict[str, Any], worker: WorkerFacts) -> str | None:
    """Why ``worker`` may not run tasks under ``controls`` (a job's or a block's fields), or None."""
    mask_type = controls.get("hosts_mask_type", "regex")
    mask = controls.get("hosts_mask", "")
    if not mask_matches(mask, worker.name, mask_type):
        return f"name {worker.name!r} does not match hosts_mask {mask!r}"
    exclude = controls.get("hosts_mask_exclude", "")
    if exclude and mask_matches(exclude, worker.name, mask_type):
        return f"name {worker.name!r} matches hosts_mask_exclude {exclude!r}"
    need_os = controls.get("need_os", "")
    if need_os and not re.search(need_os, " ".join(worker.platform)):
        return f"platform {' '.join(worker.platform) or 'unknown'} does not match need_os {need_os!r}"
    need_properties = controls.get("need_properties", "")
    if need_properties and not re.search(need_properties, worker.properties):
        return f"properties {worker.properties!r} do not match need_properties {need_properties!r}"
    for key, fact, unit in _NEEDS:
        need = controls.get(key, -1)
        if need is None or need <= 0:
            continue
        have = getattr(worker, fact)
        if have is None:
            return f"{key} {need}: the worker has not reported its {unit}"
        if have < need:
            return f"{key} {need}: the worker has {have} {unit}"
    need_freq_cores = controls.get("need_cpu_freq_cores", -1)
    if need_freq_cores is not None and need_freq_cores > 0:
        if worker.cpu_cores is None or worker.cpu_freq_mhz is None:
            return f"need_cpu_freq_cores {need_freq_cores}: the worker has not reported its CPU"
        have = worker.cpu_cores * worker.cpu_freq_mhz
        if have < need_freq_cores:
            return f"need_cpu_freq_cores {need_freq_cores}: the worker has {have}"
    return None


def block_why_not(job: dict[str, Any], block: dict[str, Any], worker: WorkerFacts) -> str | None:
    """Job-level controls first, then the block's; both must let the worker in."""
    reason = why_not(job, worker)
    if reason:
        return f"job: {reason}"
    block_controls = dict(block)
    block_controls.setdefault("hosts_mask_type", job.get("hosts_mask_type", "regex"))  # blocks follow the job
    reason = why_not(block_controls, worker)
    return f"block {block.get('name', '')!r}: {reason}" if reason else None
