"""Host masks and hardware needs: which workers may run a block, and why not."""

from __future__ import annotations

from typing import Any

import pytest

from flamenco.af.matching import WorkerFacts, block_why_not, mask_matches, why_not

RENDER01 = WorkerFacts(
    name="render01",
    platform=["unix", "linux"],
    properties="ssd gpu",
    cpu_cores=16,
    cpu_freq_mhz=3000,
    mem_free_mb=32000,
    gpu_mem_free_mb=8192,
    hdd_free_gb=200,
)


@pytest.mark.parametrize(
    ("mask", "mask_type", "name", "matches"),
    [
        ("", "regex", "anything", True),
        ("render.*", "regex", "render01", True),
        ("render.*", "regex", "myrender01", False),  # the whole name
        ("render0[12]", "regex", "render03", False),
        ("render", "regex", "render01", False),
        ("render", "find", "render01", True),  # Afanasy's "find": a word starting the name
        ("comp,render", "find", "render01", True),
        ("comp|light", "find", "render01", False),
        ("01", "find", "render01", False),
    ],
)
def test_mask_matches(mask: str, mask_type: str, name: str, matches: bool) -> None:
    assert mask_matches(mask, name, mask_type) is matches


@pytest.mark.parametrize(
    ("controls", "reason"),
    [
        ({}, None),
        ({"hosts_mask": "render.*", "need_os": "linux", "need_properties": "gpu"}, None),
        ({"hosts_mask": "gpu.*"}, "name 'render01' does not match hosts_mask 'gpu.*'"),
        ({"hosts_mask_exclude": "render0[1-3]"}, "name 'render01' matches hosts_mask_exclude 'render0[1-3]'"),
        ({"need_os": "windows"}, "platform unix linux does not match need_os 'windows'"),
        ({"need_properties": "nvme"}, "properties 'ssd gpu' do not match need_properties 'nvme'"),
        ({"need_memory": 32000, "need_cpu_cores": 16, "need_gpu_mem_mb": 8192, "need_hdd": 200}, None),
        ({"need_memory": 64000}, "need_memory 64000: the worker has 32000 MB of free memory"),
        ({"need_cpu_cores": 32}, "need_cpu_cores 32: the worker has 16 CPU cores"),
        ({"need_gpu_mem_mb": 10240}, "need_gpu_mem_mb 10240: the worker has 8192 MB of free GPU memory"),
        ({"need_cpu_freq_mgz": 3200}, "need_cpu_freq_mgz 3200: the worker has 3000 MHz CPU frequency"),
        ({"need_hdd": 500}, "need_hdd 500: the worker has 200 GB of free disk"),
        ({"need_power": 10}, "need_power 10: the worker has not reported its power"),
        ({"need_cpu_freq_cores": 48000}, None),
        ({"need_cpu_freq_cores": 48001}, "need_cpu_freq_cores 48001: the worker has 48000"),
        ({"need_memory": -1, "need_hdd": 0}, None),  # Afanasy's "no need"
    ],
)
def test_why_not(controls: dict[str, Any], reason: str | None) -> None:
    assert why_not(controls, RENDER01) == reason


def test_unreported_hardware_does_not_meet_a_need() -> None:
    flamenco_worker = WorkerFacts(name="render01", platform=["linux"])
    assert why_not({"need_memory": 1}, flamenco_worker) == (
        "need_memory 1: the worker has not reported its MB of free memory"
    )
    assert why_not({"hosts_mask": "render.*", "need_os": "linux"}, flamenco_worker) is None


def test_job_and_block_both_apply_and_blocks_follow_the_jobs_mask_type() -> None:
    job = {"hosts_mask": "render.*"}
    assert block_why_not(job, {"name": "b"}, RENDER01) is None
    assert block_why_not(job, {"name": "b", "hosts_mask": "render02"}, RENDER01) == (
        "block 'b': name 'render01' does not match hosts_mask 'render02'"
    )
    assert block_why_not({"hosts_mask": "gpu"}, {"name": "b"}, RENDER01) == (
        "job: name 'render01' does not match hosts_mask 'gpu'"
    )
    find_job = {"hosts_mask_type": "find", "hosts_mask": "rend"}
    assert block_why_not(find_job, {"name": "b", "hosts_mask": "render0"}, RENDER01) is None
