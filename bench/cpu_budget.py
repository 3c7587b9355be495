"""A CPU quota per process, each in a cgroup of its own: a process standing in for a machine.

Why: scale-out (issue 8: two Manager processes >= 1.5x one) is about Manager processes that each
have a machine to themselves. On a 2-core machine shared with PostgreSQL, Redis and the load
generator, a second process gets no core of its own and shows only what it costs. Giving every
process the same fixed budget (cgroup CPU quota: F cores each) makes one process and two processes
comparable as one and two small machines, while the database and the load generator stay
unlimited.

Linux only, and root only: cgroup v2 (``cpu.max``) when ``/sys/fs/cgroup/cgroup.controllers``
exists, else cgroup v1's cpu controller (``cpu.cfs_quota_us``, CPU time from ``cpuacct``).
"""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")
V2_PERIOD_US = 100_000  # the kernel's default period; v1 reads its own from cpu.cfs_period_us


class BudgetUnavailable(RuntimeError):
    """Why no CPU budget can be set on this machine (not root, no cpu controller, read-only)."""


@dataclass(frozen=True)
class Usage:
    """What a group's processes used, cumulative since the group was made."""

    cpu_seconds: float
    throttled_periods: int  # periods in which the group hit its quota and had to wait
    periods: int  # periods in which the group ran at all


def _keyed(path: Path) -> dict[str, int]:
    """A ``key value`` per line file such as cpu.stat."""
    pairs = (line.split() for line in path.read_text().splitlines())
    return {key: int(value) for key, value in pairs}


def _write(path: Path, text: str) -> None:
    """One write() per value, as cgroup files expect (a buffered second write would be refused)."""
    with open(path, "w", buffering=1) as file:
        file.write(text)


class CgroupV1:
    """The cpu controller's hierarchy for the quota; cpuacct's (often a separate mount) for the time."""

    version = "v1"

    def __init__(self, root: Path) -> None:
        self.cpu = root / "cpu"
        self.cpuacct = root / "cpuacct" if (root / "cpuacct").exists() else self.cpu

    def make(self, name: str, cores: float) -> list[Path]:
        group = self.cpu / name
        group.mkdir()
        period = int((group / "cpu.cfs_period_us").read_text())
        _write(group / "cpu.cfs_quota_us", str(round(cores * period)))
        if self.cpuacct.resolve() == self.cpu.resolve():  # mounted together as cpu,cpuacct
            return [group]
        (self.cpuacct / name).mkdir()
        return [group, self.cpuacct / name]

    def usage(self, dirs: list[Path]) -> Usage:
        stat = _keyed(dirs[0] / "cpu.stat")
        nanoseconds = int((dirs[-1] / "cpuacct.usage").read_text())
        return Usage(nanoseconds / 1e9, stat["nr_throttled"], stat["nr_periods"])


class CgroupV2:
    """The unified hierarchy: quota and CPU time in the same group."""

    version = "v2"

    def __init__(self, root: Path) -> None:
        self.root = root

    def make(self, name: str, cores: float) -> list[Path]:
        control = self.root / "cgroup.subtree_control"
        if "cpu" not in control.read_text().split():
            _write(control, "+cpu")  # refused when the root itself holds processes (a container)
        group = self.root / name
        group.mkdir()
        _write(group / "cpu.max", f"{round(cores * V2_PERIOD_US)} {V2_PERIOD_US}")
        return [group]

    def usage(self, dirs: list[Path]) -> Usage:
        stat = _keyed(dirs[0] / "cpu.stat")
        return Usage(stat["usage_usec"] / 1e6, stat.get("nr_throttled", 0), stat.get("nr_periods", 0))


def hierarchy(root: Path = CGROUP_ROOT) -> CgroupV1 | CgroupV2:
    """The cgroup layout to use, or BudgetUnavailable saying why there is none."""
    if os.geteuid() != 0:
        raise BudgetUnavailable("--cpu-per-process needs root (it creates cgroups)")
    if (root / "cgroup.controllers").exists():
        if "cpu" not in (root / "cgroup.controllers").read_text().split():
            raise BudgetUnavailable(f"cgroup v2 at {root} offers no cpu controller")
        return CgroupV2(root)
    if (root / "cpu" / "cpu.cfs_quota_us").exists():
        return CgroupV1(root)
    raise BudgetUnavailable(f"no cpu controller under {root} (neither cgroup v2 nor v1's cpu)")


class CpuBudget:
    """Each process given to `limit` gets its own cgroup of ``cores`` CPUs; all are removed on exit.

    Use as a context manager around the processes' lifetime: the groups go on exit, also after an
    error (a process still inside is moved back to the hierarchy's root first).
    """

    def __init__(self, cores: float, root: Path = CGROUP_ROOT) -> None:
        if cores <= 0:
            raise BudgetUnavailable(f"a CPU budget must be more than 0 cores, not {cores}")
        self.cores = cores
        self.cgroup = hierarchy(root)
        self.groups: dict[int, list[Path]] = {}

    def __enter__(self) -> CpuBudget:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()

    def check(self) -> None:
        """Make and remove a group now, so a read-only cgroup fs fails before a long set-up."""
        name = f"flamenco-budget-probe-{os.getpid()}"
        try:
            dirs = self.cgroup.make(name, self.cores)
        except OSError as exc:
            raise BudgetUnavailable(f"cannot create a cgroup ({self.cgroup.version}): {exc}") from exc
        for directory in reversed(dirs):
            directory.rmdir()

    def limit(self, pid: int) -> None:
        """Move ``pid`` (all its threads) into a new group of its own."""
        dirs = self.cgroup.make(f"flamenco-budget-{os.getpid()}-{pid}", self.cores)
        self.groups[pid] = dirs
        for directory in dirs:
            _write(directory / "cgroup.procs", str(pid))

    def usage(self) -> dict[int, Usage]:
        return {pid: self.cgroup.usage(dirs) for pid, dirs in self.groups.items()}

    def release(self) -> None:
        for dirs in self.groups.values():
            for directory in reversed(dirs):
                _remove(directory)
        self.groups.clear()


def _remove(group: Path) -> None:
    """rmdir a group; processes still in it (the server did not stop) go back to the parent."""
    try:
        for pid in (group / "cgroup.procs").read_text().split():
            with contextlib.suppress(ProcessLookupError):  # exited meanwhile
                _write(group.parent / "cgroup.procs", pid)
        group.rmdir()
    except OSError as exc:
        print(f"warning: could not remove cgroup {group}: {exc}", file=sys.stderr)
