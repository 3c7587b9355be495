"""A pipeline job's life (Afanasy's, design §4.6): `offline`, `time_wait`, `time_life`,
`command_post`, and the dependency masks, for Afanasy jobs and Flamenco jobs alike.

- `offline`: the job is stored `paused`; the `start` action queues it.
- `time_wait`: the job's tasks are gated (`waiting_on + 1`) until that time; the elected sweeper
  (:func:`sweep`) lifts the gate when it is due. The claim is unchanged.
- `time_life`: seconds after its creation the sweeper asks for the job's deletion, through the
  normal deletion path (so its post command runs).
- `command_post`: when a job is deleted, its post command (and its blocks') becomes a task of the
  Manager's system job (job type ``afanasy-system``), run by a worker with the ``exec`` command.
  The system job keeps at most :data:`SYSTEM_TASKS_MAX` tasks and drops finished ones after
  :data:`SYSTEM_TASK_LIFE` (Afanasy's `af_sysjob_tasksmax`, `af_sysjob_tasklife`).

Flamenco jobs carry the same controls as metadata (or settings) keys ``af.depend_mask``,
``af.depend_mask_global``, ``af.time_wait``, ``af.time_life``, ``af.command_post``
(:func:`controls_from_flamenco`); the Afanasy job document carries them as its own fields
(:func:`controls_from_afanasy`). Either way :func:`apply_on_submission` stores them.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from flamenco.errors import BadRequest
from flamenco.pipeline import dependencies
from flamenco.scheduler.changes import Changes, transaction
from flamenco.services import Services
from flamenco.store import deletion as deletion_store
from flamenco.store import jobs as job_store
from flamenco.store import life as life_store
from flamenco.store.life import SYSTEM_JOB_TYPE
from flamenco.store.records import JobInfo

log = logging.getLogger(__name__)

SYSTEM_TASKS_MAX = 1000
SYSTEM_TASK_LIFE = timedelta(seconds=1800)
# The task type of post-command tasks: Afanasy's service of its system job's tasks. A worker runs
# them when `postcmd` is among its task types.
POST_TASK_TYPE = "postcmd"
# Seconds between the elected sweeper's looks (time gates are lifted within this of their time).
SWEEP_PERIOD = 1.0

# Flamenco job metadata/settings keys → the control each sets.
FLAMENCO_KEYS = {
    "af.depend_mask": "depend_mask",
    "af.depend_mask_global": "depend_mask_global",
    "af.time_wait": "time_wait",
    "af.time_life": "time_life",
    "af.command_post": "command_post",
}
_UNSET: Any = object()


@dataclass
class LifeControls:
    """Life controls of one job, as checked input. A field left `_UNSET` is not changed by
    :func:`update_controls`; None clears it."""

    depend_mask: str | None = _UNSET
    depend_mask_global: str | None = _UNSET
    time_wait: datetime | None = _UNSET  # naive UTC
    time_life_s: int | None = _UNSET
    command_post: str | None = _UNSET
    user_name: str | None = _UNSET
    host_name: str | None = _UNSET
    given: set[str] = field(default_factory=set)

    def set(self, name: str, value: Any) -> None:
        setattr(self, name, value)
        self.given.add(name)

    def columns(self) -> dict[str, Any]:
        """The stored columns this input changes (time_wait is a gate, not a column here)."""
        names = ("depend_mask", "depend_mask_global", "time_life_s", "command_post", "user_name", "host_name")
        return {name: getattr(self, name) for name in names if name in self.given}


# --- checking input ------------------------------------------------------------------------------


def check_mask(value: Any, what: str) -> str | None:
    """A dependency mask: a regex (empty or null: none)."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise BadRequest(f"{what} must be a regular expression (a string), not {value!r}")
    try:
        re.compile(value)
    except re.error as exc:
        raise BadRequest(f"{what} {value!r} is not a regular expression: {exc}") from None
    return value


def check_time_wait(value: Any, what: str) -> datetime | None:
    """Afanasy's `time_wait`: seconds since the epoch (0 or empty: none); also RFC 3339 text."""
    if value is None or value == "" or value == 0:
        return None
    if isinstance(value, str) and not re.fullmatch(r"\d+", value.strip()):
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            raise BadRequest(
                f"{what} must be seconds since the epoch or an RFC 3339 time, not {value!r}"
            ) from None
        return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise BadRequest(f"{what} must be seconds since the epoch, not {value!r}")
    seconds = int(value)
    if seconds < 0 or seconds > 253402300799:
        raise BadRequest(f"{what} {seconds} is out of range")
    return datetime.fromtimestamp(seconds, UTC).replace(tzinfo=None) if seconds else None


def check_seconds(value: Any, what: str) -> int | None:
    """Afanasy's `time_life`: seconds (negative or empty: none)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise BadRequest(f"{what} must be a number of seconds, not {value!r}")
    if isinstance(value, str) and not re.fullmatch(r"-?\d+", value.strip()):
        raise BadRequest(f"{what} must be a number of seconds, not {value!r}")
    seconds = int(value)
    if seconds > 2**31 - 1:
        raise BadRequest(f"{what} {seconds} is out of range")
    return seconds if seconds >= 0 else None


def check_command(value: Any, what: str) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise BadRequest(f"{what} must be a command line (a string), not {value!r}")
    return value


_CHECKS = {
    "depend_mask": ("depend_mask", check_mask),
    "depend_mask_global": ("depend_mask_global", check_mask),
    "time_wait": ("time_wait", check_time_wait),
    "time_life": ("time_life_s", check_seconds),
    "command_post": ("command_post", check_command),
}


def controls_from(values: dict[str, Any], prefix: str = "") -> LifeControls:
    """Checked controls from Afanasy-named fields (`depend_mask`, `time_wait`, `time_life`, …);
    only the fields present are set. ``prefix`` names them in error messages."""
    controls = LifeControls()
    for key, (name, check) in _CHECKS.items():
        if key in values:
            controls.set(name, check(values[key], f"{prefix}{key}"))
    return controls


def controls_from_afanasy(job: dict[str, Any]) -> LifeControls:
    """The life controls of an Afanasy job document's `job` object (pipe-core's submission)."""
    controls = controls_from(job, "job.")
    for name in ("user_name", "host_name"):
        if isinstance(job.get(name), str):
            controls.set(name, job[name])
    return controls


def initial_status_from_afanasy(job: dict[str, Any]) -> str:
    """Afanasy's `offline: true` stores the job paused (Flamenco's word); `start` queues it."""
    return "paused" if job.get("offline") is True else "queued"


def controls_from_flamenco(submitted: dict[str, Any]) -> LifeControls:
    """The ``af.*`` keys of a Flamenco job's metadata, else of its settings."""
    found: dict[str, Any] = {}
    for source in ("settings", "metadata"):  # metadata wins
        for key, control in FLAMENCO_KEYS.items():
            value = (submitted.get(source) or {}).get(key)
            if value is not None:
                found[control] = value
    controls = controls_from(found, "af.")
    user = (submitted.get("metadata") or {}).get("user.name")
    if isinstance(user, str) and user:
        controls.set("user_name", user)
    return controls


# --- applying ------------------------------------------------------------------------------------


def apply_on_submission(changes: Changes, job_id: int, controls: LifeControls, now: datetime) -> None:
    """Store a new job's controls and gate it, inside its submission transaction (after its tasks
    are stored): its time gate, then the dependency rules (a) and (b) for it."""
    life_store.set_controls(job_id, controls.columns())
    if "time_wait" in controls.given and controls.time_wait is not None and controls.time_wait > now:
        life_store.gate_until(job_id, controls.time_wait)
    dependencies.on_submission(changes, job_id)


def update_controls(changes: Changes, job: JobInfo, controls: LifeControls, now: datetime) -> None:
    """Change a stored job's controls (the `action` params, `updateJobLife`), in the caller's
    transaction: masks re-evaluated, the time gate set, moved or lifted."""
    life_store.set_controls(job.id, controls.columns())
    if "time_wait" in controls.given:
        if controls.time_wait is not None and controls.time_wait > now:
            life_store.gate_until(job.id, controls.time_wait)
        else:
            life_store.release_time(job.id)
    if {"depend_mask", "depend_mask_global"} & controls.given:
        dependencies.reevaluate(changes, job.id)
    current = job_store.get_job_by_id(job.id)
    changes.job(current, current.status)


# --- post commands -------------------------------------------------------------------------------


def system_job(now: datetime) -> int:
    """The Manager's system job (made on first use); runnable whatever happened to it before."""
    life_store.lock_gates()  # one creator at a time across processes
    job_id = life_store.system_job_id()
    if job_id is None:
        return life_store.create_system_job(now)
    job = job_store.get_job_by_id(job_id)
    if job.status not in ("queued", "active"):
        job_store.set_status(job_id, "queued", now, "Runs post commands of deleted jobs")
    return job_id


def post_command(command: str, cwd: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    """The worker command that runs a post command (the worker's `exec`, shell command form)."""
    return {"name": "exec", "parameters": {"exec": command, "cwd": cwd, "env": dict(env or {})}}


def queue_post_commands(svc: Services, job: JobInfo) -> int:
    """Turn a job's post commands into system-job tasks, before its rows go; returns how many.

    The commands are cleared in the same transaction, so a deletion that fails and is retried
    queues them once.
    """
    now = svc.clock()
    with transaction(svc.events, svc.tasklogs) as changes:
        job_command, block_commands = life_store.take_post_commands(job.id)
        work: list[tuple[str, str, str]] = []
        if job_command:
            work.append((f"post: {job.name}", job_command, life_store.first_block_directory(job.id)))
        work += [(f"post: {job.name} / {block}", command, cwd) for block, command, cwd in block_commands]
        if not work:
            return 0
        system_id = system_job(now)
        for name, command, cwd in work:
            life_store.add_system_task(system_id, name, POST_TASK_TYPE, [post_command(command, cwd)], now)
            log.info("job %s (%s) deleted: its post command runs as system task %r", job.uuid, job.name, name)
        changes.job(job_store.get_job_by_id(system_id), refresh_tasks=True)
    return len(work)


# --- the elected sweeper -------------------------------------------------------------------------


def release_due_time_gates(svc: Services) -> int:
    now = svc.clock()
    released = 0
    for job_id in life_store.time_gates_due(now):
        with transaction(svc.events, svc.tasklogs) as changes:
            if life_store.release_time(job_id):
                released += 1
                job = job_store.get_job_by_id(job_id)
                log.info("job %s (%s): its wait time has come", job.uuid, job.name)
                changes.job(job, job.status)
    return released


def expire_jobs(svc: Services) -> int:
    """Ask for the deletion of jobs whose `time_life` has passed; the job deleter removes them."""
    now = svc.clock()
    expired = 0
    for life in life_store.jobs_with_life_time():
        if life.job_type == SYSTEM_JOB_TYPE or life.time_life_s is None:
            continue
        if life.created + timedelta(seconds=life.time_life_s) > now:
            continue
        with transaction(svc.events, svc.tasklogs) as changes:
            marked = deletion_store.request_job_deletion(life.id, now)
            if marked is not None:
                log.info("job %s (%s): its life time of %d s is over", life.uuid, life.name, life.time_life_s)
                changes.job(marked)
                expired += 1
    return expired


def clean_system_job(svc: Services) -> int:
    job_id = life_store.system_job_id()
    if job_id is None:
        return 0
    with transaction(svc.events, svc.tasklogs):
        return life_store.drop_finished_system_tasks(job_id, svc.clock() - SYSTEM_TASK_LIFE, SYSTEM_TASKS_MAX)


def sweep(svc: Services) -> dict[str, int]:
    """One look by the elected process: time gates due, lives over, dependencies (the safety net
    for releases another process did not finish), the system job's old tasks."""
    return {
        "time_released": release_due_time_gates(svc),
        "expired": expire_jobs(svc),
        "dependencies_released": dependencies.reconcile(svc),
        "system_tasks_dropped": clean_system_job(svc),
    }


def may_release(event: Any) -> bool:
    """Job events after which a job waiting for jobs may be released (or must wait again): a job
    finished, left a finished status, was marked for deletion or deleted."""
    if event.kind != "job":
        return False
    fact = event.data
    if fact.was_deleted or fact.job.delete_requested_at is not None:
        return True
    previous = fact.previous_status
    return (
        previous is not None
        and previous != fact.job.status
        and (previous in life_store.FINISHED or fact.job.status in life_store.FINISHED)
    )


# --- the native operations (fetchJobLife, updateJobLife) -----------------------------------------


def describe(job_uuid: str) -> dict[str, Any]:
    """A job's `JobLife`: its controls, and what it waits for now."""
    job = job_store.get_job(job_uuid)
    stored = life_store.life_of(job.id)
    assert stored is not None, f"job {job.id} vanished"
    answer: dict[str, Any] = {
        "waiting_for_jobs": stored.waiting_for_jobs,
        "waits_for": dependencies.waits_for(job.id),
        "user_name": stored.user,
    }
    optional = {
        "depend_mask": stored.depend_mask,
        "depend_mask_global": stored.depend_mask_global,
        "time_wait": _rfc3339(stored.not_before),
        "time_life": stored.time_life_s,
        "deleted_at": _rfc3339(stored.created + timedelta(seconds=stored.time_life_s))
        if stored.time_life_s is not None
        else None,
        "command_post": stored.command_post,
    }
    answer.update({key: value for key, value in optional.items() if value is not None})
    return answer


def _rfc3339(moment: datetime | None) -> str | None:
    return None if moment is None else moment.replace(tzinfo=UTC).isoformat().replace("+00:00", "Z")


def change(svc: Services, job_uuid: str, body: dict[str, Any]) -> dict[str, Any]:
    """`updateJobLife`: every field checked first (400, nothing written), then one transaction."""
    controls = controls_from(body)
    job = job_store.get_job(job_uuid)
    with transaction(svc.events, svc.tasklogs) as changes:
        locked = job_store.lock_job(job.id)
        update_controls(changes, locked, controls, svc.clock())
    return describe(job_uuid)
