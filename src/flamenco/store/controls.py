"""Pipeline controls in the database: blocks' and jobs' limits, masks, needs and tickets, the
pre-matched (block, worker) eligibility, ticket definitions and workers' hardware reports.

The rules (what a value means, who may run what) live in `flamenco.scheduler.controls`; this module
only reads and writes rows. Counters (`running`, `in_use`) are `flamenco.store.limits`' business.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flamenco.store import rows
from flamenco.store.db import is_postgres
from flamenco.store.limits import parse_tickets

# Block columns a controls request may set (the API's names map onto these, scheduler.controls).
BLOCK_CONTROL_COLUMNS = (
    "max_running",
    "max_running_per_worker",
    "hosts_mask",
    "hosts_mask_exclude",
    "hosts_mask_type",
    "need_os",
    "need_properties",
    "need_memory_mb",
    "need_gpu_mem_mb",
    "need_cpu_cores",
    "need_cpu_freq_mhz",
    "need_hdd_gb",
    "need_power",
    "tickets",
)
# What a worker reports about its hardware (worker columns, migration 4).
RESOURCE_COLUMNS = (
    "cpu_cores",
    "cpu_freq_mhz",
    "arch",
    "os_release",
    "mem_total_mb",
    "mem_free_mb",
    "gpu_mem_total_mb",
    "gpu_mem_free_mb",
    "hdd_free_gb",
    "load_avg",
)


@dataclass(frozen=True)
class BlockRow:
    id: int
    job_id: int
    name: str
    index_in_job: int
    masked: bool
    running: int
    controls: dict[str, Any]  # BLOCK_CONTROL_COLUMNS → value (tickets as a dict)
    settings: dict[str, Any]

    @property
    def implicit(self) -> bool:
        return bool(self.settings.get("implicit"))


_BLOCK_SELECT = (
    "SELECT id, job_id, name, index_in_job, masked, running, settings,"
    f" {', '.join(BLOCK_CONTROL_COLUMNS)} FROM block"
)


def _block_row(row: Sequence[Any]) -> BlockRow:
    controls = dict(zip(BLOCK_CONTROL_COLUMNS, row[7:], strict=True))
    controls["tickets"] = parse_tickets(controls["tickets"])
    try:
        settings = json.loads(row[6] or "{}")
    except ValueError:
        settings = {}
    return BlockRow(row[0], row[1], row[2], row[3], bool(row[4]), row[5], controls, settings)


def blocks_of_job(job_id: int, *, for_update: bool = False) -> list[BlockRow]:
    lock = " FOR UPDATE" if for_update and is_postgres() else ""
    sql = f"{_BLOCK_SELECT} WHERE job_id = ? ORDER BY index_in_job{lock}"
    return [_block_row(row) for row in rows.execute(sql, [job_id]).fetchall()]


def blocks_by_id(block_ids: Sequence[int]) -> list[BlockRow]:
    if not block_ids:
        return []
    sql = f"{_BLOCK_SELECT} WHERE id IN ({', '.join('?' * len(block_ids))}) ORDER BY id"
    return [_block_row(row) for row in rows.execute(sql, list(block_ids)).fetchall()]


def masked_block_ids() -> list[int]:
    """Blocks whose eligibility is pre-matched (their job or they have masks or static needs)."""
    sql = "SELECT id FROM block WHERE masked = ? ORDER BY id"
    return [block_id for (block_id,) in rows.execute(sql, [True]).fetchall()]


def update_block(block_id: int, values: dict[str, Any]) -> None:
    if not values:
        return
    stored = {k: (json.dumps(v) if k == "tickets" else v) for k, v in values.items()}
    assignments = ", ".join(f"{column} = ?" for column in stored)
    rows.execute(f"UPDATE block SET {assignments} WHERE id = ?", [*stored.values(), block_id])


def add_implicit_block(job_id: int, name: str, task_type: str) -> int:
    """The block a job submitted without blocks gets when controls are first set on it: it holds
    every task of the job, so job and block limits count them (`store.limits`)."""
    (block_id,) = rows.execute(
        "INSERT INTO block (job_id, index_in_job, name, task_type, settings)"
        " VALUES (?, 0, ?, ?, ?) RETURNING id",
        [job_id, name, task_type, json.dumps({"implicit": True})],
    ).fetchone()
    rows.execute("UPDATE task SET block_id = ? WHERE job_id = ? AND block_id IS NULL", [block_id, job_id])
    return block_id


def job_controls(job_id: int) -> tuple[int | None, int | None, dict[str, Any]]:
    """(max_running, max_running_per_worker, the job's other controls)."""
    row = rows.execute("SELECT max_running, max_running_per_worker, controls FROM job WHERE id = ?", [job_id])
    max_running, per_worker, text = row.fetchone()
    try:
        controls = json.loads(text or "{}")
    except ValueError:
        controls = {}
    return max_running, per_worker, controls if isinstance(controls, dict) else {}


def update_job_controls(
    job_id: int, max_running: int | None, per_worker: int | None, controls: dict[str, Any]
) -> None:
    rows.execute(
        "UPDATE job SET max_running = ?, max_running_per_worker = ?, controls = ? WHERE id = ?",
        [max_running, per_worker, json.dumps(controls, sort_keys=True), job_id],
    )


def running_by_block(job_id: int) -> dict[int, int]:
    sql = "SELECT block_id, COUNT(*) FROM task WHERE job_id = ? AND status = 'active' GROUP BY block_id"
    return {
        block_id: count for block_id, count in rows.execute(sql, [job_id]).fetchall() if block_id is not None
    }


def eligible_counts(block_ids: Sequence[int]) -> dict[int, int]:
    if not block_ids:
        return {}
    marks = ", ".join("?" * len(block_ids))
    sql = (
        f"SELECT block_id, COUNT(*) FROM block_worker_eligible WHERE block_id IN ({marks}) GROUP BY block_id"
    )
    return dict(rows.execute(sql, list(block_ids)).fetchall())


# --- eligibility ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkerRow:
    """What eligibility is matched on: the worker's name, platform and static hardware."""

    id: int
    name: str
    platform: str
    properties: str
    cpu_cores: int | None
    cpu_freq_mhz: int | None


_WORKER_FACTS = "SELECT id, name, platform, properties, cpu_cores, cpu_freq_mhz FROM worker"


def live_workers() -> list[WorkerRow]:
    return [WorkerRow(*row) for row in rows.execute(f"{_WORKER_FACTS} WHERE deleted_at IS NULL ORDER BY id")]


def worker_row(worker_id: int) -> WorkerRow | None:
    row = rows.execute(f"{_WORKER_FACTS} WHERE id = ? AND deleted_at IS NULL", [worker_id]).fetchone()
    return WorkerRow(*row) if row else None


def set_block_masked(block_id: int, masked: bool) -> None:
    rows.execute("UPDATE block SET masked = ? WHERE id = ? AND masked <> ?", [masked, block_id, masked])


def replace_block_eligibility(block_id: int, worker_ids: Iterable[int]) -> None:
    rows.execute("DELETE FROM block_worker_eligible WHERE block_id = ?", [block_id])
    _insert_eligible([(block_id, worker_id) for worker_id in worker_ids])


def replace_worker_eligibility(worker_id: int, block_ids: Iterable[int], among: Sequence[int]) -> None:
    """The worker's rows for the blocks ``among`` become exactly ``block_ids``."""
    for start in range(0, len(among), 500):
        chunk = list(among[start : start + 500])
        marks = ", ".join("?" * len(chunk))
        rows.execute(
            f"DELETE FROM block_worker_eligible WHERE worker_id = ? AND block_id IN ({marks})",
            [worker_id, *chunk],
        )
    _insert_eligible([(block_id, worker_id) for block_id in block_ids])


def _insert_eligible(pairs: list[tuple[int, int]]) -> None:
    for start in range(0, len(pairs), 500):
        chunk = pairs[start : start + 500]
        values = ", ".join("(?, ?)" for _ in chunk)
        rows.execute(
            f"INSERT INTO block_worker_eligible (block_id, worker_id) VALUES {values}",
            [value for pair in chunk for value in pair],
        )


# --- tickets -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TicketRow:
    name: str
    scope: str
    capacity: int
    max_hosts: int | None
    in_use: int
    hosts: int


def all_tickets() -> list[TicketRow]:
    """Every ticket; a per-worker ticket's use is what all workers hold of it together."""
    sql = (
        "SELECT t.name, t.scope, t.capacity, t.max_hosts,"
        " CASE WHEN t.scope = 'farm' THEN t.in_use ELSE"
        " COALESCE((SELECT SUM(u.in_use) FROM worker_ticket_use AS u WHERE u.name = t.name), 0) END,"
        " CASE WHEN t.scope = 'farm' THEN t.hosts ELSE"
        " (SELECT COUNT(*) FROM worker_ticket_use AS u WHERE u.name = t.name AND u.in_use > 0) END"
        " FROM ticket AS t ORDER BY t.name, t.scope"
    )
    return [TicketRow(*row) for row in rows.execute(sql).fetchall()]


def upsert_ticket(name: str, scope: str, capacity: int, max_hosts: int | None) -> None:
    rows.execute(
        "INSERT INTO ticket (name, scope, capacity, max_hosts) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (name, scope) DO UPDATE SET capacity = excluded.capacity,"
        " max_hosts = excluded.max_hosts",
        [name, scope, capacity, max_hosts],
    )


def lock_ticket_rows(name: str) -> None:
    """Serialise a ticket's (re)definition with the claims that take it (PostgreSQL row locks)."""
    if is_postgres():
        rows.execute("SELECT name FROM ticket WHERE name = ? FOR UPDATE", [name])


def worker_tickets(worker_id: int) -> dict[str, int]:
    sql = "SELECT name, in_use FROM worker_ticket_use WHERE worker_id = ? AND in_use > 0 ORDER BY name"
    return dict(rows.execute(sql, [worker_id]).fetchall())


# --- hardware reports ----------------------------------------------------------------------------


def set_resources(worker_id: int, report: dict[str, Any], now: datetime) -> None:
    values = {k: v for k, v in report.items() if k in RESOURCE_COLUMNS}
    if values.get("load_avg") is not None:
        # Kept to hundredths, as workers report it: PostgreSQL's `real` has no room for a
        # denormal such as 8.6e-198 (the fuzz test sent one), which rounds to 0.0 here.
        values["load_avg"] = round(float(values["load_avg"]), 2)
    assignments = ", ".join([*(f"{column} = ?" for column in values), "resources_at = ?"])
    rows.execute(
        f"UPDATE worker SET {assignments} WHERE id = ?", [*values.values(), rows.stamp(now), worker_id]
    )


def resources_of(worker_id: int) -> tuple[dict[str, Any], datetime | None, str]:
    """(the last report, when it came, the worker's properties)."""
    sql = f"SELECT {', '.join(RESOURCE_COLUMNS)}, resources_at, properties FROM worker WHERE id = ?"
    row = rows.execute(sql, [worker_id]).fetchone()
    report = {k: v for k, v in zip(RESOURCE_COLUMNS, row, strict=False) if v is not None and v != ""}
    from flamenco.store.models import Task

    return report, Task.updated.python_value(row[len(RESOURCE_COLUMNS)]), row[-1] or ""


def set_properties(worker_id: int, properties: str) -> None:
    rows.execute("UPDATE worker SET properties = ? WHERE id = ?", [properties, worker_id])


def free_resources(worker_id: int) -> tuple[int | None, int | None, int | None]:
    """(free memory MB, free GPU memory MB, free disk GB) of the worker's last report."""
    sql = "SELECT mem_free_mb, gpu_mem_free_mb, hdd_free_gb FROM worker WHERE id = ?"
    row = rows.execute(sql, [worker_id]).fetchone()
    return (row[0], row[1], row[2]) if row else (None, None, None)


def any_dynamic_needs() -> bool:
    """Whether any block needs free memory, GPU memory or disk (compared in the claim)."""
    sql = (
        "SELECT 1 FROM block WHERE need_memory_mb IS NOT NULL OR need_gpu_mem_mb IS NOT NULL"
        " OR need_hdd_gb IS NOT NULL LIMIT 1"
    )
    return rows.execute(sql).fetchone() is not None
