"""Submitting pipeline jobs (Afanasy's job model): a job document becomes a job, its blocks and
all their tasks, materialised in one transaction (``docs/design/pipeline-jobs.md`` §4.1, §4.2).

The document is checked by `flamenco.af.document` (the same rules ``afcmd json`` applies before
sending), its tasks come from `flamenco.af.expand` (Afanasy's frame and command arithmetic), and
they are written through the store's streaming task writer, a batch at a time, like a big
Flamenco job's. Every task runs one ``exec`` command: the block's command with the task's frames
filled in, in the block's working directory, with the block's (and task's) environment.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, cast

from flamenco import memory
from flamenco.af import document as af_document
from flamenco.af import expand
from flamenco.errors import BadRequest
from flamenco.jobtypes.authoring import STORE_BATCH, AuthoredCommand, AuthoredTask
from flamenco.pipeline import life
from flamenco.scheduler import controls as run_controls
from flamenco.scheduler.changes import transaction
from flamenco.services import Services
from flamenco.store import blocks as block_store
from flamenco.store import jobs as job_store
from flamenco.store.records import JobInfo

# The built-in job type of pipeline jobs: it has no compiler script (its tasks come from the
# document), so it is not among the job types a submitter can pick.
JOB_TYPE = "afanasy"
DEFAULT_SERVICE = "generic"
INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
# Frames are BIGINT columns; this bound keeps the frame arithmetic (first + n * per_task * inc)
# far from overflowing them.
FRAME_LIMIT = 2**53
# Tasks one job may have: the size the task writer is measured at (bench/big_job.py). A frame
# range typed wrong (1-100000000) is refused instead of filling the database.
MAX_TASKS = 1_000_000

# Block document fields with a column of their own (document name → column); the rest of the
# block's document is kept verbatim in its `settings`.
_BLOCK_COLUMNS = {
    "parser": "parser",
    "tasks_name": "tasks_name",
    "command": "command",
    "working_directory": "working_directory",
    "files": "files",
    "environment": "environment",
    "flags": "flags",
    "sequential": "sequential",
    "capacity": "capacity",
    "hosts_mask": "hosts_mask",
    "hosts_mask_exclude": "hosts_mask_exclude",
    "need_properties": "need_properties",
    "depend_mask": "depend_mask",
    "tasks_depend_mask": "tasks_depend_mask",
    "tickets": "tickets",
    "command_post": "command_post",
}
# Numbers where Afanasy's "none" is -1 (or 0): stored as NULL then.
_LIMITS = {"max_running_tasks": "max_running", "max_running_tasks_per_host": "max_running_per_worker"}
_NEEDS = {
    "need_memory": "need_memory_mb",
    "need_gpu_mem_mb": "need_gpu_mem_mb",
    "need_cpu_cores": "need_cpu_cores",
    "need_hdd": "need_hdd_gb",
    "need_cpu_freq_mgz": "need_cpu_freq_mhz",
    "need_power": "need_power",
}
_ERRORS = (
    "errors_retries",
    "errors_avoid_host",
    "errors_task_same_host",
    "errors_forgive_time",
    "task_max_run_time",
    "task_min_run_time",
    "task_progress_change_timeout",
)


class DocumentRefused(BadRequest):
    """A job document this Manager will not store; ``message`` names the field (JSON path)."""


@dataclass(frozen=True)
class Submitted:
    """A stored pipeline job and what Afanasy's clients are answered."""

    job: JobInfo
    tasks: int

    def afanasy_answer(self) -> dict[str, Any]:
        """Afanasy's submission answer: the job's number (``id``, also its ``serial``: this Manager
        numbers jobs once) plus the job's UUID, by which Flamenco's operations address it."""
        return {"id": self.job.id, "serial": self.job.id, "job_id": self.job.uuid, "name": self.job.name}


def check_document(document: Any) -> dict[str, Any]:
    """The job of a ``{"job": {...}}`` document, or :class:`DocumentRefused` with every error."""
    report = af_document.check(document)
    if not report.ok:
        raise DocumentRefused("; ".join(report.errors))
    if not isinstance(document, dict) or "job" not in document:
        raise DocumentRefused("the document is not a job document (it has no 'job')")
    job = document["job"]
    if job.get("command_pre"):
        # Afanasy runs it on the server at registration: a Manager running submitted shell commands
        # is a remote-execution hole. A first block the others depend on does the same job.
        raise DocumentRefused(
            "job.command_pre is not run by this Manager; put the command in a first block and make the"
            " other blocks depend on it (depend_mask)"
        )
    for key in ("priority", "max_running_tasks", "max_running_tasks_per_host"):  # INTEGER columns
        value = job.get(key, 0)
        if not INT32_MIN <= value <= INT32_MAX:
            raise DocumentRefused(f"job.{key} must be a 32-bit integer, not {value}")
    return job


def submit(svc: Services, document: Any) -> Submitted:
    """Check and store a job document; nothing is stored when it is refused."""
    job_doc = check_document(document)
    blocks = [_with_defaults(block) for block in job_doc["blocks"]]
    _check_sizes(blocks)
    _name_blocks(blocks)
    controls = life.controls_from_afanasy(job_doc)  # checked before anything is stored
    job_controls = run_controls.normalise(_job_controls(job_doc))
    created = svc.clock()
    status = life.initial_status_from_afanasy(job_doc)
    settings = {key: value for key, value in job_doc.items() if key != "blocks"}
    metadata = {
        key: str(job_doc[field])
        for key, field in (
            ("user", "user_name"),
            ("host", "host_name"),
            ("project", "project"),
            ("department", "department"),
        )
        if job_doc.get(field)
    }
    with transaction(svc.events, svc.tasklogs) as changes:
        job = job_store.create_job(
            name=str(job_doc.get("name") or "noname"),
            job_type=JOB_TYPE,
            priority=int(job_doc.get("priority", 99)),
            status=status,
            settings=settings,
            metadata=metadata,
            now=created,
        )
        job_store.set_submitter(job.id, job_doc["user_name"], str(job_doc.get("host_name", "")))
        with job_store.TaskWriter(job, created, status=status) as writer:
            block_ids = _store_blocks(job.id, blocks, writer)
        # Limits, masks, needs and tickets (flamenco.scheduler.controls): the job's go to its row
        # (and its blocks, for the ones the claim reads there); every block is matched against
        # the workers, so masked blocks run only where they may.
        if job_controls:
            run_controls.apply_job_controls(job, job_controls)
        else:
            run_controls.refresh_blocks(block_ids)
        job = job_store.set_settings(job.id, settings, writer.steps_total)
        # The job's life (flamenco.pipeline.life): its dependency masks, time gate and post
        # command, with the job gated now if another job or a time holds it.
        life.apply_on_submission(changes, job.id, controls, created)
        job = job_store.get_job_by_id(job.id)
        changes.job(job)
    job_store.refresh_statistics(writer.count)
    if writer.count > STORE_BATCH:
        memory.give_back()
    return Submitted(job, writer.count)


def _check_sizes(blocks: list[dict[str, Any]]) -> None:
    """Numbers the store can hold (32-bit block columns, frames within ±2**53) and at most
    :data:`MAX_TASKS` tasks in the job."""
    total = 0
    for index, block in enumerate(blocks):
        where = f"job.blocks[{index}]"
        for key, kind in af_document.BLOCK_FIELDS.items():
            value = block.get(key)
            if kind != af_document.INT or not isinstance(value, int):
                continue
            low, high = (
                (-FRAME_LIMIT, FRAME_LIMIT)
                if key in ("frame_first", "frame_last")
                else (INT32_MIN, INT32_MAX)
            )
            if not low <= value <= high:
                raise DocumentRefused(f"{where}.{key} must be between {low} and {high}, not {value}")
        try:
            run_controls.check_tickets(block.get("tickets"))
        except BadRequest as exc:
            raise DocumentRefused(f"{where}.tickets: {exc.message}") from None
        total += expand.task_count(block)
        if total > MAX_TASKS:
            raise DocumentRefused(
                f"{where} takes the job past {MAX_TASKS:,} tasks (it has {expand.task_count(block):,});"
                " split the frame range over several jobs or raise frames_per_task"
            )


def _with_defaults(block: dict[str, Any]) -> dict[str, Any]:
    """The block with Afanasy's defaults for what it leaves out (§3.1), so the arithmetic of
    `flamenco.af.expand` and the stored columns agree."""
    filled = {**af_document.BLOCK_DEFAULTS, **block}
    filled.setdefault("service", DEFAULT_SERVICE)
    return filled


def _name_blocks(blocks: list[dict[str, Any]]) -> None:
    """Unnamed blocks are called ``block`` (af.Block's default); a repeated name gets its position
    appended, since a job's block names are unique (they are what depend masks and operations name)."""
    seen: set[str] = set()
    for index, block in enumerate(blocks):
        name = str(block.get("name") or "block")
        if name in seen:
            name = f"{name}-{index}"
        seen.add(name)
        block["name"] = name


def _store_order(blocks: list[dict[str, Any]]) -> list[int]:
    """Block indexes with every block after the blocks it depends on (the document check refused
    cycles), so a task's prerequisites are stored before it and have ids to point to."""
    deps = expand.block_dependencies(blocks)
    order: list[int] = []
    placed: set[int] = set()

    def place(index: int) -> None:
        if index in placed:
            return
        placed.add(index)
        for other in sorted(set(deps[index].blocks) | set(deps[index].tasks_of_blocks)):
            place(other)
        order.append(index)

    for index in range(len(blocks)):
        place(index)
    return order


def _block_values(block: dict[str, Any], tasks_count: int, waits: int) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": block["name"],
        "task_type": str(block["service"]).lower() or DEFAULT_SERVICE,
        "tasks_count": tasks_count,
        "blocks_waiting_on": waits,
        "hosts_mask_type": "regex",
    }
    for key, column in _BLOCK_COLUMNS.items():
        if key in block:
            values[column] = (
                block[key] if key not in ("depend_mask", "tasks_depend_mask") else (block[key] or None)
            )
    if expand.is_numeric(block):
        for key in ("frame_first", "frame_last", "frames_per_task", "frames_inc"):
            values[key] = block[key]
    for key, column in _LIMITS.items():
        if block.get(key, -1) >= 0:
            values[column] = block[key]
    for key, column in _NEEDS.items():
        if block.get(key, -1) > 0:
            values[column] = block[key]
    for key in _ERRORS:
        if key in block:
            values[key] = block[key]
    known = {*_BLOCK_COLUMNS, *_LIMITS, *_NEEDS, *_ERRORS, "name", "service", "tasks"}
    values["settings"] = {key: value for key, value in block.items() if key not in known}
    return values


def _job_controls(job: dict[str, Any]) -> dict[str, Any]:
    """The job document's limits, masks and needs in `flamenco.scheduler.controls`' words (Afanasy's
    -1 / empty for "none" left out)."""
    wanted: dict[str, Any] = {}
    for key in ("max_running_tasks", "max_running_tasks_per_host"):
        if isinstance(job.get(key), int) and job[key] >= 0:
            wanted[key] = job[key]
    for key in ("hosts_mask", "hosts_mask_exclude", "need_os", "need_properties"):
        if job.get(key):
            wanted[key] = job[key]
    if job.get("hosts_mask_type"):
        wanted["hosts_mask_type"] = job["hosts_mask_type"]
    for key, column in (
        ("need_memory", "need_memory_mb"),
        ("need_hdd", "need_hdd_gb"),
        ("need_power", "need_power"),
    ):
        if isinstance(job.get(key), int) and job[key] > 0:
            wanted[column] = job[key]
    return wanted


def _store_blocks(job_id: int, blocks: list[dict[str, Any]], writer: job_store.TaskWriter) -> list[int]:
    """Each block's row, then its tasks a batch at a time; dependencies on other blocks' tasks
    (``tasks_depend_mask``) point at the ids those tasks were stored with."""
    deps = expand.block_dependencies(blocks)
    stored_ids: dict[int, list[int]] = {}
    block_ids: list[int] = []
    for index in _store_order(blocks):
        block = blocks[index]
        count = expand.task_count(block)
        waits = len(deps[index].blocks)
        writer.flush()  # the connection is the writer's while it copies the last batch
        block_id = block_store.create_block(job_id, index, _block_values(block, count, waits))
        writer.set_block(block_id, 1 if waits else 0)
        ids: list[int] = []
        for batch in _batches(block, deps[index].tasks_of_blocks, blocks, stored_ids):
            tasks, commands, frames = batch
            ids.extend(writer.write(tasks, commands, frames))
        stored_ids[index] = ids
        block_ids.append(block_id)
    writer.flush()
    return block_ids


_Batch = tuple[list[AuthoredTask], list[str], list[tuple[int, int]]]


def _batches(
    block: dict[str, Any], depended: list[int], blocks: list[dict[str, Any]], stored_ids: dict[int, list[int]]
) -> Iterator[_Batch]:
    task_type = str(block["service"]).lower() or DEFAULT_SERVICE
    cwd = str(block.get("working_directory", ""))
    batch: _Batch = ([], [], [])
    for spec in expand.block_tasks(block):
        parameters = {"exec": spec.command, "cwd": cwd, "env": spec.environment}
        task = AuthoredTask(spec.name, task_type, [AuthoredCommand("exec", parameters)])
        for other in depended:
            for number in expand.depended_task_range(block, spec.number, blocks[other]):
                task.depends_on.append(_stored(stored_ids[other][number]))
        batch[0].append(task)
        batch[1].append(json.dumps([{"name": "exec", "parameters": parameters}], ensure_ascii=False))
        batch[2].append((spec.frame_first, spec.frame_last))
        if len(batch[0]) >= STORE_BATCH:
            yield batch
            batch = ([], [], [])
    if batch[0]:
        yield batch


class _Stored:
    """A stand-in for a task stored earlier, for the writer's dependency rows, which read only its
    ``stored_id`` (an `AuthoredTask` per dependency cost three times as much)."""

    __slots__ = ("stored_id",)

    def __init__(self, task_id: int) -> None:
        self.stored_id = task_id


def _stored(task_id: int) -> AuthoredTask:
    return cast(AuthoredTask, _Stored(task_id))


def block_state(counts: dict[str, int], blocks_waiting_on: int, job_status: str) -> str:
    """Afanasy-style state codes of a block from its tasks' statuses: ``DON`` when every task is
    completed, else any of ``RUN`` (tasks active), ``RDY`` (tasks queued and not waiting for
    blocks), ``WD`` (waiting for blocks), ``ERR`` (failed tasks), ``OFF`` (paused)."""
    total = sum(counts.values())
    if total and counts.get("completed", 0) == total:
        return "DON"
    codes = []
    if counts.get("active"):
        codes.append("RUN")
    if blocks_waiting_on:
        codes.append("WD")
    elif counts.get("queued") or counts.get("soft-failed"):
        codes.append("RDY")
    if counts.get("failed"):
        codes.append("ERR")
    if counts.get("paused") or job_status == "paused":
        codes.append("OFF")
    return " ".join(codes)
