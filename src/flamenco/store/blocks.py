"""Pipeline blocks (Afanasy's model): storing them, reading them with their progress, and keeping
whole-block dependencies in the tasks' ``waiting_on`` counters.

A block that waits for whole blocks (its ``depend_mask``) does not get a dependency row per pair of
tasks (N*M rows): its ``blocks_waiting_on`` counts the depended blocks that are not done, and each
of its tasks carries one extra unit of ``waiting_on`` while that count is above zero. When the last
depended block finishes, one ``UPDATE`` per waiting block releases all its tasks; when a task of a
finished block is requeued, the same update gates them again. `flamenco.store.tasks` calls
:func:`completion_changed` from the one place that moves a task into or out of `completed`, and
:func:`recount_block_waits` from its mass recount, so the discipline of ``waiting_on`` stays in
one module pair.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from flamenco.store import rows
from flamenco.store.db import is_postgres
from flamenco.store.models import Block
from flamenco.store.records import PipelineBlockInfo

# Columns of `block` a submission fills (besides job_id and index_in_job).
BLOCK_FIELDS = (
    "name",
    "task_type",
    "parser",
    "tasks_name",
    "command",
    "working_directory",
    "files",
    "environment",
    "flags",
    "frame_first",
    "frame_last",
    "frames_per_task",
    "frames_inc",
    "tasks_count",
    "sequential",
    "capacity",
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
    "need_hdd_gb",
    "need_cpu_freq_mhz",
    "need_power",
    "depend_mask",
    "tasks_depend_mask",
    "blocks_waiting_on",
    "tickets",
    "command_post",
    "errors_retries",
    "errors_avoid_host",
    "errors_task_same_host",
    "errors_forgive_time",
    "task_max_run_time",
    "task_min_run_time",
    "task_progress_change_timeout",
    "settings",
)
_JSON_FIELDS = {"files", "environment", "tickets", "settings"}


def create_block(job_id: int, index_in_job: int, values: dict[str, Any]) -> int:
    """Store one block of a job being submitted (inside the submission's transaction); its id."""
    unknown = set(values) - set(BLOCK_FIELDS)
    assert not unknown, f"not block columns: {unknown}"
    names = ["job_id", "index_in_job", *values]
    params = [job_id, index_in_job]
    for name, value in values.items():
        params.append(Block.settings.db_value(value) if name in _JSON_FIELDS else value)
    marks = ", ".join("?" * len(names))
    sql = f"INSERT INTO block ({', '.join(names)}) VALUES ({marks}) RETURNING id"
    return rows.execute(sql, params).fetchone()[0]


# --- reading -------------------------------------------------------------------------------------

_BLOCK_COLUMNS = (
    "id, index_in_job, name, task_type, parser, command, working_directory, flags, frame_first,"
    " frame_last, frames_per_task, frames_inc, tasks_count, depend_mask, tasks_depend_mask,"
    " blocks_waiting_on, max_running, running, environment, settings"
)


def blocks_of_job(job_id: int) -> list[PipelineBlockInfo]:
    """The job's blocks in their order, each with its tasks counted by status (one grouped query)."""
    sql = f"SELECT {_BLOCK_COLUMNS} FROM block WHERE job_id = ? ORDER BY index_in_job"
    found = rows.execute(sql, [job_id]).fetchall()
    if not found:
        return []
    counts: dict[int, dict[str, int]] = {row[0]: {} for row in found}
    sql = (
        "SELECT block_id, status, COUNT(*) FROM task WHERE job_id = ? AND block_id IS NOT NULL"
        " GROUP BY block_id, status"
    )
    for block_id, status, count in rows.execute(sql, [job_id]).fetchall():
        counts[block_id][status] = count
    names = [row[2] for row in found]
    infos = []
    for row in found:
        own = row[1]
        infos.append(
            PipelineBlockInfo(
                id=row[0],
                index_in_job=own,
                name=row[2],
                task_type=row[3],
                parser=row[4],
                command=row[5],
                working_directory=row[6],
                flags=row[7],
                frame_first=row[8],
                frame_last=row[9],
                frames_per_task=row[10],
                frames_inc=row[11],
                tasks_count=row[12],
                depend_mask=row[13] or "",
                tasks_depend_mask=row[14] or "",
                blocks_waiting_on=row[15],
                max_running=row[16],
                running=row[17],
                environment=Block.environment.python_value(row[18]),
                settings=Block.settings.python_value(row[19]),
                status_counts=counts[row[0]],
                waits_for=_matching(row[13], names, own),
                tasks_wait_for=_matching(row[14], names, own),
            )
        )
    return infos


def _matching(mask: str | None, names: Sequence[str], own_index: int) -> list[str]:
    """Names of the job's other blocks that a depend mask names (whole-name regex match)."""
    if not mask:
        return []
    pattern = re.compile(mask)
    return [name for index, name in enumerate(names) if index != own_index and pattern.fullmatch(name)]


# --- whole-block dependencies ----------------------------------------------------------------------

# The task's block and, only if some other block of its job has a depend mask, what is needed to
# find its dependants: one primary-key probe for tasks of ordinary jobs.
_TASK_BLOCK = (
    "SELECT t.block_id, t.index_in_job, b.job_id, b.name FROM task AS t JOIN block AS b ON b.id = t.block_id"
    " WHERE t.id = ? AND EXISTS (SELECT 1 FROM block AS d WHERE d.job_id = b.job_id"
    " AND d.depend_mask IS NOT NULL AND d.id <> b.id)"
)
# Whether another task of the block is not completed, looking first after the task and then before
# it (nearest first). Workers take a block's tasks in order, so the unfinished ones are next to the
# task that just finished and each probe stops within a few rows; only the block's last completion
# reads the whole block (the `task_block_id` index, in order).
_UNFINISHED_AFTER = (
    "SELECT 1 FROM task WHERE block_id = ? AND index_in_job > ? AND status <> 'completed'"
    " ORDER BY index_in_job LIMIT 1"
)
_UNFINISHED_BEFORE = (
    "SELECT 1 FROM task WHERE block_id = ? AND index_in_job < ? AND status <> 'completed'"
    " ORDER BY index_in_job DESC LIMIT 1"
)
_GATE_TASKS = {
    False: "UPDATE task SET waiting_on = waiting_on + ? WHERE block_id = ?",
    # Row locks in id order, as for task dependencies (`flamenco.store.tasks`): no deadlocks
    # between two releases touching the same tasks.
    True: "UPDATE task SET waiting_on = waiting_on + ?"
    " WHERE id IN (SELECT id FROM task WHERE block_id = ? ORDER BY id FOR UPDATE)",
}


def completion_changed(task_id: int, delta: int) -> None:
    """A task entered (``delta`` -1) or left (+1) `completed`: if that finished its block, or
    unfinished a finished one, release or gate the blocks that wait for it as a whole."""
    found = rows.execute(_TASK_BLOCK, [task_id]).fetchone()
    if found is None:
        return
    block_id, index, job_id, name = found
    dependants = _dependants(job_id, block_id, name)
    if not dependants:
        return
    if is_postgres():
        # Two tasks of the block finishing at once must not both see the other one unfinished:
        # the second waits here for the first to commit, then probes what it committed.
        rows.execute("SELECT id FROM block WHERE id = ? FOR UPDATE", [block_id])
    if _others_unfinished(block_id, index):
        return
    for dependant in dependants:
        _adjust_block_wait(dependant, delta)


def _dependants(job_id: int, block_id: int, name: str) -> list[int]:
    sql = (
        "SELECT id, depend_mask FROM block WHERE job_id = ? AND depend_mask IS NOT NULL AND id <> ?"
        " ORDER BY id"
    )
    return [
        other_id
        for other_id, mask in rows.execute(sql, [job_id, block_id]).fetchall()
        if mask and re.fullmatch(mask, name)
    ]


def _others_unfinished(block_id: int, index: int) -> bool:
    if rows.execute(_UNFINISHED_AFTER, [block_id, index]).fetchone() is not None:
        return True
    return rows.execute(_UNFINISHED_BEFORE, [block_id, index]).fetchone() is not None


def _adjust_block_wait(block_id: int, delta: int) -> None:
    """Move a block's count of unfinished depended blocks; its tasks' gate opens at 0 and closes
    when the count leaves 0 (one statement over the block's tasks either way)."""
    sql = (
        "UPDATE block SET blocks_waiting_on = blocks_waiting_on + ? WHERE id = ? RETURNING blocks_waiting_on"
    )
    (now_waiting,) = rows.execute(sql, [delta, block_id]).fetchone()
    if (delta < 0 and now_waiting == 0) or (delta > 0 and now_waiting == 1):
        rows.execute(_GATE_TASKS[is_postgres()], [delta, block_id])


def recount_block_waits(job_id: int) -> None:
    """Recompute ``blocks_waiting_on`` of the job's blocks from their depended blocks' tasks (after
    a mass status change). The tasks' ``waiting_on`` is recomputed afterwards by the caller
    (`flamenco.store.tasks.recount_waiting`, whose count includes the block's gate)."""
    sql = "SELECT id, name, depend_mask FROM block WHERE job_id = ? ORDER BY index_in_job"
    blocks = rows.execute(sql, [job_id]).fetchall()
    if not any(mask for _id, _name, mask in blocks):
        return
    unfinished = {
        block_id
        for (block_id,) in rows.execute(
            "SELECT DISTINCT block_id FROM task WHERE job_id = ? AND block_id IS NOT NULL"
            " AND status <> 'completed'",
            [job_id],
        ).fetchall()
    }
    for block_id, _name, mask in blocks:
        if not mask:
            continue
        waiting = sum(
            1
            for other_id, other, _m in blocks
            if other_id != block_id and re.fullmatch(mask, other) and other_id in unfinished
        )
        rows.execute("UPDATE block SET blocks_waiting_on = ? WHERE id = ?", [waiting, block_id])


# Part of what a task's `waiting_on` should be (see `flamenco.store.tasks`): 1 while its block
# waits for whole blocks.
BLOCK_GATE_SQL = (
    "(SELECT COUNT(*) FROM block AS gate WHERE gate.id = task.block_id AND gate.blocks_waiting_on > 0)"
)
