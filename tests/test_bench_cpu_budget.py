"""`bench/cpu_budget.py`: the per-process CPU quota `bench/swarm.py --cpu-per-process` relies on.

The real-cgroup test needs root and a cpu controller (it skips otherwise); the cgroup v2 layout
is checked against plain files, since a machine has one layout or the other.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

# Loaded from its file: putting bench/ on sys.path would let its modules shadow others'.
_spec = importlib.util.spec_from_file_location(
    "bench_cpu_budget", Path(__file__).resolve().parents[1] / "bench" / "cpu_budget.py"
)
assert _spec is not None and _spec.loader is not None
cpu_budget = sys.modules["bench_cpu_budget"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cpu_budget)
BudgetUnavailable, CgroupV2, CpuBudget = (
    cpu_budget.BudgetUnavailable,
    cpu_budget.CgroupV2,
    cpu_budget.CpuBudget,
)


def usable_budget(cores: float) -> CpuBudget:
    try:
        budget = CpuBudget(cores)
        budget.check()
    except BudgetUnavailable as exc:
        pytest.skip(str(exc))
    return budget


def test_a_busy_process_gets_its_quota_and_the_group_goes_afterwards():
    budget = usable_budget(0.2)
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        with budget:
            budget.limit(busy.pid)
            dirs = budget.groups[busy.pid]
            time.sleep(1.0)
            used = budget.usage()[busy.pid]
        # released while the process still runs: it goes back to the parent, the groups go
        assert not any(directory.exists() for directory in dirs)
        assert busy.poll() is None
    finally:
        busy.kill()
        busy.wait()
    assert 0.1 < used.cpu_seconds < 0.35  # 0.2 cores for ~1 s, not the whole core it asks for
    assert used.throttled_periods > used.periods / 2


def test_cgroup_v2_writes_cpu_max_and_reads_cpu_stat(tmp_path: Path):
    (tmp_path / "cgroup.subtree_control").write_text("memory\n")
    cgroup = CgroupV2(tmp_path)
    [group] = cgroup.make("swarm-1", 0.5)
    assert (tmp_path / "cgroup.subtree_control").read_text() == "+cpu"
    assert (group / "cpu.max").read_text() == "50000 100000"
    (group / "cpu.stat").write_text("usage_usec 2500000\nuser_usec 2000000\nnr_periods 40\nnr_throttled 30\n")
    usage = cgroup.usage([group])
    assert (usage.cpu_seconds, usage.throttled_periods, usage.periods) == (2.5, 30, 40)


def test_no_cpu_controller_is_a_clear_error(tmp_path: Path):
    with pytest.raises(BudgetUnavailable) as raised:
        cpu_budget.hierarchy(tmp_path)
    expected = "needs root" if os.geteuid() != 0 else "no cpu controller"
    assert expected in str(raised.value)


def test_cgroup_v2_without_the_cpu_controller_is_a_clear_error(tmp_path: Path):
    if os.geteuid() != 0:
        pytest.skip("the root check comes first")
    (tmp_path / "cgroup.controllers").write_text("memory io\n")
    with pytest.raises(BudgetUnavailable, match="no cpu controller"):
        cpu_budget.hierarchy(tmp_path)
