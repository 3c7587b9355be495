"""Flamenco 3.8's lifecycle commands, through the Manager's `/api/v3` door.

    flamenco job delete JOB_ID...                  flamenco job delete --before 30d --dry-run
    flamenco job priority JOB_ID 80                flamenco worker delete render-07
    flamenco worker sleep-schedule render-07       flamenco farm status
    flamenco worker sleep-schedule render-07 --set --days "mo tu we th fr" --start 09:00 --end 18:00

Deleting is what Flamenco does: a job is marked and the Manager removes it (tasks, logs, images,
Shaman checkout) in the background; `--wait` follows it until it is gone. A mass deletion takes
every job last updated at or before the moment given (rounded up to a whole second, as the Manager
does); `--dry-run` lists them, with what deleting each would remove, and deletes nothing.
"""

from __future__ import annotations

import argparse
import datetime
import re
import time
import uuid
from typing import Any

from flamenco.api_client_v3.api.jobs import (
    delete_job,
    delete_job_mass,
    delete_job_what_would_it_do,
    fetch_job,
    fetch_jobs,
    set_job_priority,
)
from flamenco.api_client_v3.api.meta import get_farm_status
from flamenco.api_client_v3.api.worker_mgt import (
    delete_worker,
    fetch_worker_sleep_schedule,
    set_worker_sleep_schedule,
)
from flamenco.api_client_v3.models import (
    FarmStatusReport,
    JobDeletionInfo,
    JobMassDeletionSelection,
    JobPriorityChange,
    JobsQueryResult,
    WorkerSleepSchedule,
)
from flamenco.cli.api import CliApi, ClientError, Refused, parse_id, parsed
from flamenco.cli.output import Output, status, table, when
from flamenco.cli.workers import find_worker

_RELATIVE = re.compile(r"^(\d+)\s*([dhm])$")
_UNITS = {"d": "days", "h": "hours", "m": "minutes"}


# -- jobs --------------------------------------------------------------------------------------


def job_delete(api: CliApi, ui: Output, args: argparse.Namespace) -> int:
    if args.before is not None:
        if args.job_ids:
            raise ClientError("give job IDs or --before, not both")
        return _mass_delete(api, ui, cutoff(args.before), dry_run=args.dry_run)
    if not args.job_ids:
        raise ClientError("give the IDs of the jobs to delete, or --before DATE")
    job_ids = [parse_id(text, "job") for text in args.job_ids]
    if args.dry_run:
        rows = table("ID", "Name", "Status", "Shaman checkout removed")
        for job_id in job_ids:
            job = api.request(fetch_job, job_id).parsed
            info = parsed(api.request(delete_job_what_would_it_do, job_id), JobDeletionInfo)
            rows.add_row(str(job_id), job.name, status(str(job.status)), _yes(info.shaman_checkout))
        if ui.as_json:
            ui.json({"would_delete": [str(j) for j in job_ids]})
        else:
            ui.show(rows)
        return 0
    for job_id in job_ids:
        api.request(delete_job, job_id, ok=(204,))
        if not ui.as_json:
            ui.say(f"job {job_id}: deletion requested")
    if args.wait:
        _wait_until_gone(api, ui, job_ids, args.interval)
    if ui.as_json:
        ui.json({"deletion_requested": [str(j) for j in job_ids], "deleted": args.wait})
    return 0


def cutoff(text: str, now: datetime.datetime | None = None) -> datetime.datetime:
    """`--before`: an ISO date or date-time (local time unless it says otherwise), or an age such
    as `30d`, `12h`, `90m` (that long ago). Always timezone-aware."""
    text = text.strip()
    now = now or datetime.datetime.now().astimezone()
    relative = _RELATIVE.match(text)
    if relative:
        return now - datetime.timedelta(**{_UNITS[relative.group(2)]: int(relative.group(1))})
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise ClientError(
            f"--before {text!r}: give a date (2026-01-31), a date and time (2026-01-31T18:00),"
            " or an age (30d, 12h, 90m)"
        ) from None
    return moment if moment.tzinfo else moment.astimezone()


def _round_up(moment: datetime.datetime) -> datetime.datetime:
    """As the Manager rounds `last_updated_max`."""
    if moment.microsecond:
        return moment.replace(microsecond=0) + datetime.timedelta(seconds=1)
    return moment


def _mass_delete(api: CliApi, ui: Output, before: datetime.datetime, *, dry_run: bool) -> int:
    limit = _round_up(before)
    jobs = [j for j in parsed(api.request(fetch_jobs), JobsQueryResult).jobs if j.updated <= limit]
    if dry_run:
        details = [
            (job, parsed(api.request(delete_job_what_would_it_do, job.id), JobDeletionInfo)) for job in jobs
        ]
        if ui.as_json:
            ui.json(
                {
                    "last_updated_max": before.isoformat(),
                    "would_delete": [
                        {"id": str(job.id), "name": job.name, "shaman_checkout": info.shaman_checkout}
                        for job, info in details
                    ],
                }
            )
            return 0
        rows = table("ID", "Name", "Status", "Updated", "Shaman checkout removed")
        for job, info in details:
            rows.add_row(
                str(job.id), job.name, status(str(job.status)), when(job.updated), _yes(info.shaman_checkout)
            )
        ui.show(rows)
        ui.note(f"{len(jobs)} jobs last updated at or before {when(before)} would be deleted (dry run)")
        return 0
    body = JobMassDeletionSelection(last_updated_max=before)
    try:
        api.request(delete_job_mass, body=body, ok=(204,))
    except Refused as refused:
        if refused.status != 416:
            raise
        raise ClientError(f"no jobs were last updated at or before {when(before)}") from None
    if ui.as_json:
        ui.json({"last_updated_max": before.isoformat(), "deletion_requested": [str(j.id) for j in jobs]})
    else:
        ui.say(
            f"deletion requested for the jobs last updated at or before {when(before)} ({len(jobs)} found)"
        )
    return 0


def _wait_until_gone(api: CliApi, ui: Output, job_ids: list[uuid.UUID], interval: float) -> None:
    waiting = list(job_ids)
    while waiting:
        for job_id in list(waiting):
            try:
                api.request(fetch_job, job_id)
            except Refused as refused:
                if refused.status != 404:
                    raise
                waiting.remove(job_id)
                if not ui.as_json:
                    ui.say(f"job {job_id}: deleted")
        if waiting:
            time.sleep(interval)


def job_priority(api: CliApi, ui: Output, args: argparse.Namespace) -> int:
    job_id = parse_id(args.job_id, "job")
    if not 0 <= args.priority <= 100:
        raise ClientError(f"a priority is 0 to 100, not {args.priority}")
    api.request(set_job_priority, job_id, body=JobPriorityChange(priority=args.priority), ok=(204,))
    response = api.request(fetch_job, job_id)
    if ui.as_json:
        ui.api_json(response)
    else:
        ui.say(f"job {job_id}: priority {response.parsed.priority}")
    return 0


# -- workers -----------------------------------------------------------------------------------


def worker_delete(api: CliApi, ui: Output, args: argparse.Namespace) -> int:
    worker_id = find_worker(api, args.worker)
    api.request(delete_worker, worker_id, ok=(204,))
    if ui.as_json:
        ui.json({"deleted": str(worker_id)})
    else:
        ui.say(f"worker {args.worker} ({worker_id}): deleted; its tasks went back to the queue")
    return 0


def worker_sleep_schedule(api: CliApi, ui: Output, args: argparse.Namespace) -> int:
    worker_id = find_worker(api, args.worker)
    response = api.request(fetch_worker_sleep_schedule, worker_id, ok=(200, 204))
    current = response.parsed if isinstance(response.parsed, WorkerSleepSchedule) else None
    if args.set:
        schedule = WorkerSleepSchedule(
            is_active=not args.disable,
            days_of_week=_pick(args.days, current, "days_of_week"),
            start_time=_pick(args.start, current, "start_time"),
            end_time=_pick(args.end, current, "end_time"),
        )
        api.request(set_worker_sleep_schedule, worker_id, body=schedule, ok=(204,))
        response = api.request(fetch_worker_sleep_schedule, worker_id, ok=(200,))
        current = parsed(response, WorkerSleepSchedule)
    elif any(value is not None for value in (args.days, args.start, args.end)) or args.disable:
        raise ClientError("--days, --start, --end and --disable change a schedule: add --set")
    if ui.as_json:
        ui.json(current.to_dict() if current else None)
        return 0
    if current is None:
        ui.say(f"worker {args.worker} has no sleep schedule")
        return 0
    ui.details(
        f"Sleep schedule of {args.worker}",
        [
            ("Active", "yes" if current.is_active else "no"),
            ("Days", current.days_of_week or "every day"),
            ("Asleep from", current.start_time or "midnight"),
            ("Until", current.end_time or "midnight"),
        ],
    )
    return 0


def _pick(given: str | None, current: WorkerSleepSchedule | None, field: str) -> str:
    if given is not None:
        return given
    return getattr(current, field) if current is not None else ""


# -- farm --------------------------------------------------------------------------------------


def farm_status(api: CliApi, ui: Output, args: argparse.Namespace) -> int:
    response = api.request(get_farm_status)
    if ui.as_json:
        ui.api_json(response)
    else:
        ui.say(status(str(parsed(response, FarmStatusReport).status)))
    return 0


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def add_job_verbs(verbs: Any, common: argparse.ArgumentParser) -> None:
    delete = verbs.add_parser(
        "delete", parents=[common], help="delete jobs (by ID, or all last updated before a date)"
    )
    delete.add_argument("job_ids", nargs="*", metavar="JOB_ID")
    delete.add_argument(
        "--before", metavar="DATE", help="every job last updated at or before DATE (2026-01-31, …T18:00, 30d)"
    )
    delete.add_argument("--dry-run", action="store_true", help="list what would be deleted; delete nothing")
    delete.add_argument("--wait", action="store_true", help="wait until the Manager has removed the jobs")
    delete.add_argument("--interval", type=float, default=0.5, help="seconds between checks with --wait")
    delete.set_defaults(run=job_delete)

    priority = verbs.add_parser("priority", parents=[common], help="change a job's priority (0-100)")
    priority.add_argument("job_id", metavar="JOB_ID")
    priority.add_argument("priority", type=int, metavar="N")
    priority.set_defaults(run=job_priority)


def add_worker_verbs(verbs: Any, common: argparse.ArgumentParser) -> None:
    delete = verbs.add_parser("delete", parents=[common], help="delete a worker (its tasks are requeued)")
    delete.add_argument("worker", metavar="WORKER", help="worker ID or name")
    delete.set_defaults(run=worker_delete)

    sleep = verbs.add_parser(
        "sleep-schedule", parents=[common], help="show or --set when a worker sleeps (Manager's time zone)"
    )
    sleep.add_argument("worker", metavar="WORKER", help="worker ID or name")
    sleep.add_argument("--set", action="store_true", help="store a schedule (what is not given is kept)")
    sleep.add_argument(
        "--days", metavar="DAYS", help='days it applies, e.g. "mo tu we th fr" ("" = every day)'
    )
    sleep.add_argument("--start", metavar="HH:MM", help='when it goes to sleep ("" = midnight)')
    sleep.add_argument("--end", metavar="HH:MM", help='when it wakes up ("" = midnight)')
    sleep.add_argument("--disable", action="store_true", help="keep the schedule but do not apply it")
    sleep.set_defaults(run=worker_sleep_schedule)


def add_farm_parser(nouns: Any, common: argparse.ArgumentParser) -> None:
    farm = nouns.add_parser("farm", parents=[common], help="the farm as a whole")
    verbs = farm.add_subparsers(dest="verb", required=True, metavar="VERB")
    farm_status_parser = verbs.add_parser(
        "status", parents=[common], help="active, idle, waiting, asleep or inoperative"
    )
    farm_status_parser.set_defaults(run=farm_status)
