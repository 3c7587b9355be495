"""Where and how much a job's tasks run: the rules behind updateJobControls / updateBlockControls,
tickets, workers' hardware reports and the pre-matched (block, worker) eligibility (issue 9, design
§4.3-4.5, §7, §8.1).

Job or block: the limits (`max_running_tasks`, `max_running_tasks_per_host`) exist on both and both
apply. Masks and static needs (OS, properties, cores, CPU frequency, power) exist on both too; they
are matched here, with `flamenco.af.matching`, whenever a block, its job's controls or a worker
changes, into `block_worker_eligible` — the claim only probes that table, and only for blocks that
have any (`block.masked`). Free-resource needs (memory, GPU memory, disk) and tickets are block
columns, compared in the claim itself; set on a job, they are set on each of its blocks.

A job submitted without blocks (any Flamenco job) gets an implicit block holding all its tasks
when controls are first set on it: limits and tickets count tasks of blocks only, so jobs without
controls never pay for them (`store.limits`).
"""

from __future__ import annotations

import re
from typing import Any

from flamenco.af import matching
from flamenco.errors import BadRequest, NotFound
from flamenco.scheduler.changes import transaction
from flamenco.services import Services
from flamenco.store import controls as store
from flamenco.store import jobs as job_store
from flamenco.store import limits
from flamenco.store.db import write_transaction
from flamenco.store.records import JobInfo

# API name → block/job column, for the two limits whose names differ.
_LIMITS = {"max_running_tasks": "max_running", "max_running_tasks_per_host": "max_running_per_worker"}
_TEXTS = ("hosts_mask", "hosts_mask_exclude", "need_os", "need_properties")
_REGEXES = {"hosts_mask", "hosts_mask_exclude", "need_os", "need_properties"}
_NEEDS = (
    "need_memory_mb",
    "need_gpu_mem_mb",
    "need_cpu_cores",
    "need_cpu_freq_mhz",
    "need_hdd_gb",
    "need_power",
)
# Matched in advance into block_worker_eligible; the others are compared in the claim.
_STATIC = (
    "hosts_mask",
    "hosts_mask_exclude",
    "need_os",
    "need_properties",
    "need_cpu_cores",
    "need_cpu_freq_mhz",
    "need_power",
)
# Set on a job, these go to each of its blocks (the claim reads them from the block row).
_TO_BLOCKS = ("need_memory_mb", "need_gpu_mem_mb", "need_hdd_gb", "tickets")
API_KEYS = (*_LIMITS, *_TEXTS, "hosts_mask_type", *_NEEDS, "tickets")
TICKET_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
MAX_TICKETS_PER_TASK = 1_000_000  # the spec's bound on a ticket count, whichever way controls come
TICKET_SCOPES = ("farm", "worker")
PLATFORM_WORDS = {"linux": ["unix", "linux"], "darwin": ["unix", "macosx"], "macos": ["unix", "macosx"]}


# --- reading and checking requests ---------------------------------------------------------------


def normalise(body: dict[str, Any]) -> dict[str, Any]:
    """A controls request with removals spelled out as None; 400 naming the first bad field."""
    out: dict[str, Any] = {}
    mask_type = body.get("hosts_mask_type") or "regex"
    for key, value in body.items():
        if key not in API_KEYS:
            raise BadRequest(f"unknown control {key!r}")
        if key in _LIMITS or key in _NEEDS:
            out[key] = _number(key, value)
        elif key in _TEXTS:
            out[key] = _text(key, value, mask_type if key.startswith("hosts_mask") else "regex")
        elif key == "hosts_mask_type":
            if value not in ("regex", "find"):
                raise BadRequest("hosts_mask_type must be 'regex' or 'find'")
            out[key] = value
        else:
            out[key] = check_tickets(value)
    return out


def _number(key: str, value: Any) -> int | None:
    if value is None or value == -1:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not -1 <= value <= 2**31 - 1:
        raise BadRequest(f"{key} must be a whole number up to {2**31 - 1}, -1 or null to remove it")
    if key in _NEEDS and value == 0:
        return None  # a need of nothing is no need
    return value


def _text(key: str, value: Any, mask_type: str) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise BadRequest(f"{key} must be a text")
    if key in _REGEXES and mask_type == "regex":
        try:
            re.compile(value)
        except re.error as exc:
            raise BadRequest(f"{key} {value!r} is not a valid regular expression: {exc}") from None
    return value


def check_tickets(value: Any) -> dict[str, int]:
    """Tickets a task holds, {name: count}, as every way in may give them (controls, Afanasy's job
    documents); BadRequest says what is wrong."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise BadRequest("tickets must be an object {name: count}")
    for name, count in value.items():
        if not TICKET_NAME.match(name):
            raise BadRequest(f"ticket name {name!r}: letters, digits, '_', '.', '-', at most 64")
        if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= MAX_TICKETS_PER_TASK:
            raise BadRequest(f"ticket {name}: the count must be a whole number, 1 to {MAX_TICKETS_PER_TASK}")
    return {name: value[name] for name in sorted(value)}


# --- jobs and blocks -----------------------------------------------------------------------------


def update_job_controls(svc: Services, job_uuid: str, body: dict[str, Any]) -> dict[str, Any]:
    """Apply a job controls request; returns the job's controls as they are now."""
    wanted = normalise(body)
    job = job_store.get_job(job_uuid)
    with transaction(svc.events, svc.tasklogs) as changes:
        job = job_store.lock_job(job.id)  # the row lock serialises with other control changes
        apply_job_controls(job, wanted)
        changes.job(job_store.get_job_by_id(job.id))
    svc.work_signal.notify()
    return job_controls(job_uuid)


def apply_job_controls(job: JobInfo, wanted: dict[str, Any]) -> None:
    """Set a job's controls (``wanted``: checked by :func:`normalise`), with its implicit block,
    counters and eligibility following. Inside the caller's write transaction, the job locked;
    Afanasy's `action` params (`flamenco.pipeline.protocol`) come through here too."""
    blocks = _blocks_of(job)
    max_running, per_worker, controls = store.job_controls(job.id)
    old_tickets = set(controls.get("tickets") or {})
    if "max_running_tasks" in wanted:
        max_running = wanted["max_running_tasks"]
    if "max_running_tasks_per_host" in wanted:
        per_worker = wanted["max_running_tasks_per_host"]
    for key, value in wanted.items():
        if key in _LIMITS:
            continue
        if value is None or value == {}:
            controls.pop(key, None)
        else:
            controls[key] = value
    store.update_job_controls(job.id, max_running, per_worker, controls)
    names = set(old_tickets)
    for block in blocks:
        to_block = {key: wanted[key] for key in _TO_BLOCKS if key in wanted}
        names |= set(block.controls["tickets"]) | set(to_block.get("tickets") or {})
        store.update_block(block.id, to_block)
    block_ids = [b.id for b in store.blocks_of_job(job.id)]
    _after_change(job.id, block_ids, names if "tickets" in wanted else set())


def update_block_controls(
    svc: Services, job_uuid: str, block_name: str, body: dict[str, Any]
) -> dict[str, Any]:
    """Apply a block controls request; returns the job's controls as they are now."""
    wanted = normalise(body)
    job = job_store.get_job(job_uuid)
    with transaction(svc.events, svc.tasklogs) as changes:
        job = job_store.lock_job(job.id)
        block = next((b for b in _blocks_of(job) if b.name == block_name), None)
        if block is None:
            raise NotFound(f"job {job.name!r} has no block {block_name!r}")
        values = {_LIMITS.get(key, key): value for key, value in wanted.items()}
        if values.get("hosts_mask_type", "") is None:
            values["hosts_mask_type"] = "regex"
        store.update_block(block.id, values)
        names = (
            set(block.controls["tickets"]) | set(wanted.get("tickets") or {})
            if "tickets" in wanted
            else set()
        )
        _after_change(job.id, [block.id], names)
        changes.job(job_store.get_job_by_id(job.id))
    svc.work_signal.notify()
    return job_controls(job_uuid)


def _blocks_of(job: JobInfo) -> list[store.BlockRow]:
    blocks = store.blocks_of_job(job.id, for_update=True)
    if blocks:
        return blocks
    store.add_implicit_block(job.id, job.job_type or "tasks", job.job_type or "tasks")
    return store.blocks_of_job(job.id, for_update=True)


def _after_change(job_id: int, block_ids: list[int], ticket_names: set[str]) -> None:
    """Counters and eligibility follow the new controls, in the same transaction."""
    limits.recount_job(job_id)
    if ticket_names:
        limits.recount_tickets(sorted(ticket_names))
    refresh_blocks(block_ids)


def job_controls(job_uuid: str) -> dict[str, Any]:
    """The JobControls answer: the job's controls, its blocks', and what runs."""
    job = job_store.get_job(job_uuid)
    max_running, per_worker, controls = store.job_controls(job.id)
    job_payload = {key: None for key in API_KEYS}
    job_payload.update({"hosts_mask_type": "regex", "tickets": {}})
    job_payload.update(controls)
    job_payload.update(max_running_tasks=max_running, max_running_tasks_per_host=per_worker)
    blocks = store.blocks_of_job(job.id)
    running = store.running_by_block(job.id)
    eligible = store.eligible_counts([b.id for b in blocks if b.masked])
    return {
        "job_id": job.uuid,
        "controls": job_payload,
        "running_tasks": sum(running.values()) if blocks else _running_outside_blocks(job.id),
        "blocks": [
            {
                "name": block.name,
                "implicit": block.implicit,
                "controls": _block_payload(block),
                "running_tasks": running.get(block.id, 0),
                "eligible_workers": eligible.get(block.id, 0) if block.masked else None,
            }
            for block in blocks
        ],
    }


def _running_outside_blocks(job_id: int) -> int:
    from flamenco.store import tasks as task_store

    return task_store.count_in_status(job_id, "active")


def _block_payload(block: store.BlockRow) -> dict[str, Any]:
    columns = {column: api for api, column in _LIMITS.items()}
    payload = {columns.get(key, key): value for key, value in block.controls.items()}
    payload["hosts_mask_type"] = payload.get("hosts_mask_type") or "regex"
    return payload


# --- eligibility ---------------------------------------------------------------------------------


def worker_facts(worker: store.WorkerRow) -> matching.WorkerFacts:
    return matching.WorkerFacts(
        name=worker.name,
        platform=PLATFORM_WORDS.get(worker.platform.lower(), [worker.platform.lower()]),
        properties=worker.properties or "",
        cpu_cores=worker.cpu_cores,
        cpu_freq_mhz=worker.cpu_freq_mhz,
    )


def _static(controls: dict[str, Any]) -> dict[str, Any]:
    """Controls in `flamenco.af.matching`'s (Afanasy's) words, static ones only."""
    out = {key: controls[key] for key in _STATIC if controls.get(key) not in (None, "", 0)}
    if "need_cpu_freq_mhz" in out:
        out["need_cpu_freq_mgz"] = out.pop("need_cpu_freq_mhz")
    if controls.get("hosts_mask_type"):
        out["hosts_mask_type"] = controls["hosts_mask_type"]
    return out


def _has_static(controls: dict[str, Any]) -> bool:
    return any(key != "hosts_mask_type" for key in _static(controls))


def refresh_blocks(block_ids: list[int]) -> None:
    """Re-match the blocks against every live worker (a block or its job's controls changed).
    Pipeline job submission calls this for blocks it creates with masks or static needs."""
    blocks = store.blocks_by_id(block_ids)
    if not blocks:
        return
    workers = store.live_workers()
    job_static: dict[int, dict[str, Any]] = {}
    for block in blocks:
        if block.job_id not in job_static:
            job_static[block.job_id] = _static(store.job_controls(block.job_id)[2])
        job_controls_ = job_static[block.job_id]
        block_controls = _static(block.controls)
        masked = _has_static(job_controls_) or _has_static(block_controls)
        store.set_block_masked(block.id, masked)
        if not masked:
            store.replace_block_eligibility(block.id, [])
            continue
        block_controls["name"] = block.name
        store.replace_block_eligibility(
            block.id,
            [
                w.id
                for w in workers
                if matching.block_why_not(job_controls_, block_controls, worker_facts(w)) is None
            ],
        )


def refresh_worker(worker_id: int) -> None:
    """Re-match one worker against every masked block (it signed on, or its name, platform,
    properties or static hardware changed)."""
    worker = store.worker_row(worker_id)
    if worker is None:
        return
    block_ids = store.masked_block_ids()
    facts = worker_facts(worker)
    eligible = []
    job_static: dict[int, dict[str, Any]] = {}
    for block in store.blocks_by_id(block_ids):
        if block.job_id not in job_static:
            job_static[block.job_id] = _static(store.job_controls(block.job_id)[2])
        block_controls = {**_static(block.controls), "name": block.name}
        if matching.block_why_not(job_static[block.job_id], block_controls, facts) is None:
            eligible.append(block.id)
    store.replace_worker_eligibility(worker_id, eligible, block_ids)


def refresh_all() -> None:
    """Start-up: every masked block re-matched (workers may have changed while no Manager ran)."""
    refresh_blocks(store.masked_block_ids())


# --- tickets -------------------------------------------------------------------------------------


def ticket_payload(ticket: store.TicketRow) -> dict[str, Any]:
    return {
        "name": ticket.name,
        "scope": ticket.scope,
        "capacity": ticket.capacity,
        "max_hosts": ticket.max_hosts,
        "in_use": ticket.in_use,
        "hosts": ticket.hosts,
    }


def fetch_tickets() -> list[dict[str, Any]]:
    return [ticket_payload(t) for t in store.all_tickets()]


def set_ticket(svc: Services, name: str, scope: str, capacity: int, max_hosts: int | None) -> dict[str, Any]:
    """Define a ticket or change it; its use is re-derived from the running tasks, so a ticket
    defined while tasks that name it run starts from the truth."""
    if not TICKET_NAME.match(name):
        raise BadRequest(f"ticket name {name!r}: letters, digits, '_', '.', '-', at most 64")
    if scope not in TICKET_SCOPES:
        raise BadRequest(f"scope must be one of {', '.join(TICKET_SCOPES)}")
    if not isinstance(capacity, int) or capacity < 0:
        raise BadRequest("capacity must be a whole number of at least 0")
    if max_hosts is not None and (scope != "farm" or max_hosts < 1):
        raise BadRequest("max_hosts applies to farm tickets only, and is at least 1")
    with write_transaction():
        store.lock_ticket_rows(name)
        store.upsert_ticket(name, scope, capacity, max_hosts)
        limits.recount_tickets([name])
    svc.work_signal.notify()
    return next(ticket_payload(t) for t in store.all_tickets() if (t.name, t.scope) == (name, scope))


def apply_configured_tickets(configured: dict[str, Any]) -> None:
    """The config file's `tickets:` ({NAME: capacity} or {NAME: {capacity, scope, max_hosts}}),
    applied at start-up (the file wins over earlier API changes of the same ticket)."""
    with write_transaction():
        for name, spec in configured.items():
            if isinstance(spec, int):
                spec = {"capacity": spec}
            scope = spec.get("scope", "farm")
            store.upsert_ticket(str(name), scope, int(spec["capacity"]), spec.get("max_hosts"))
        if configured:
            limits.recount_tickets(sorted(str(name) for name in configured))


# --- workers' hardware and properties ------------------------------------------------------------


def report_resources(svc: Services, worker_id: int, report: dict[str, Any]) -> None:
    """Store a worker's hardware report; static changes (cores, CPU frequency) re-match it.

    Waiting workers are woken only when the report may let a block run that could not before
    (every worker reports every minute: waking all pollers each time would cost claims for
    nothing)."""
    with write_transaction():
        before = store.worker_row(worker_id)
        free_before = store.free_resources(worker_id)
        store.set_resources(worker_id, report, svc.clock())
        after = store.worker_row(worker_id)
        static_changed = (
            before is not None
            and after is not None
            and (before.cpu_cores, before.cpu_freq_mhz) != (after.cpu_cores, after.cpu_freq_mhz)
        )
        if static_changed:
            refresh_worker(worker_id)
        more_free = any(
            (new or 0) > (old or 0)
            for old, new in zip(free_before, store.free_resources(worker_id), strict=True)
        )
        wake = static_changed or (more_free and store.any_dynamic_needs())
    if wake:
        svc.work_signal.notify()


def set_properties(svc: Services, worker_uuid: str, properties: str) -> None:
    from flamenco.store import workers as worker_store

    with write_transaction():
        worker = worker_store.lock_worker(worker_uuid)
        store.set_properties(worker.id, properties.strip())
        refresh_worker(worker.id)
    svc.work_signal.notify()


def worker_resources(worker_uuid: str) -> dict[str, Any]:
    from flamenco.store import workers as worker_store

    worker = worker_store.get_worker(worker_uuid)
    report, reported_at, properties = store.resources_of(worker.id)
    return {
        "worker_id": worker.uuid,
        "name": worker.name,
        "properties": properties,
        "resources": report,
        "reported_at": reported_at.isoformat() + ("Z" if reported_at.tzinfo is None else "")
        if reported_at
        else None,
        "tickets": store.worker_tickets(worker.id),
    }
