"""Workers' sleep schedules, applied as Flamenco 3.8 does (`internal/manager/sleep_scheduler`).

A schedule says when a worker should sleep: between ``start_time`` and ``end_time`` ("HH:MM", 24 h;
either may be empty for "from midnight" / "until midnight"), on ``days_of_week`` ("mo tu …";
empty for every day), in the Manager's time zone (config `sleep_schedule_timezone`, else the
machine's). Outside that window the worker should be awake; an inactive schedule always says awake.

The Manager applies it by asking the worker for a status, a non-lazy request that replaces any
other, at the moments it changes: each schedule stores when to look next (the next start, end or
midnight), and the elected process (`flamenco.background`) looks at due schedules every minute and
once shortly after start. Workers in `error` are left alone. A worker signing on without a pending
request is told what its schedule says now.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flamenco.errors import BadRequest, NotFound
from flamenco.scheduler.changes import transaction
from flamenco.services import Services
from flamenco.store import sleep as sleep_store
from flamenco.store import workers as worker_store
from flamenco.store.sleep import ScheduleInfo

log = logging.getLogger(__name__)

# Seconds between looks at due schedules (Flamenco: 1 min), and before the first look.
CHECK_PERIOD = 60.0
FIRST_CHECK = 2.0

DAYS = ("mo", "tu", "we", "th", "fr", "sa", "su")  # Python's weekday() order
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")


def time_zone(svc: Services) -> tzinfo:
    """The zone schedules are read in: `sleep_schedule_timezone`, or the machine's own."""
    name = svc.config.sleep_schedule_timezone
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            log.warning("unknown sleep_schedule_timezone %r; using the machine's time zone", name)
    local = datetime.now().astimezone().tzinfo
    assert local is not None
    return local


def parse_time(value: str, what: str) -> str:
    """ "HH:MM" (or "H:MM") as "HH:MM"; "" stays "" (no bound). 24:00 is the end of the day."""
    value = value.strip()
    if not value:
        return ""
    match = _TIME.match(value)
    hour, minute = (int(match.group(1)), int(match.group(2))) if match else (-1, -1)
    if not (0 <= hour <= 23 and 0 <= minute <= 59) and (hour, minute) != (24, 0):
        raise BadRequest(f"invalid format for schedule {what} {value!r}: use HH:MM, 00:00 to 24:00")
    return f"{hour:02d}:{minute:02d}"


def clean_days(days: str) -> str:
    """Flamenco's clean-up: lower case, the first two letters of each word ("Monday" → "mo")."""
    cleaned = [word.strip().lower()[:2] for word in days.split()]
    unknown = [day for day in cleaned if day not in DAYS]
    if unknown:
        raise BadRequest(f"unknown days of the week {unknown}; use {' '.join(DAYS)}")
    return " ".join(cleaned)


def _minutes(value: str) -> int:
    hour, minute = value.split(":")
    return int(hour) * 60 + int(minute)


def scheduled_status(now: datetime, schedule: ScheduleInfo | None) -> str:
    """`asleep` or `awake`, for ``now`` (aware, in the schedule's zone)."""
    if schedule is None or not schedule.is_active:
        return "awake"
    if schedule.days_of_week and DAYS[now.weekday()] not in schedule.days_of_week.split():
        return "awake"
    minute_of_day = now.hour * 60 + now.minute
    before_start = bool(schedule.start_time) and minute_of_day < _minutes(schedule.start_time)
    after_end = bool(schedule.end_time) and minute_of_day >= _minutes(schedule.end_time)
    return "awake" if before_start or after_end else "asleep"


def next_check(now: datetime, start_time: str, end_time: str) -> datetime:
    """When the schedule may next say something else: the next start, end or midnight (aware)."""
    midnight = datetime(now.year, now.month, now.day, tzinfo=now.tzinfo)
    candidates = [midnight + timedelta(days=1)]
    for moment in (start_time, end_time):
        if moment:
            at = midnight + timedelta(minutes=_minutes(moment))
            candidates.append(at if at > now else at + timedelta(days=1))  # applied at `now` already
    return min(candidates)


def _local(svc: Services) -> datetime:
    return svc.clock().replace(tzinfo=UTC).astimezone(time_zone(svc))


def _naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def schedule_payload(schedule: ScheduleInfo) -> dict[str, Any]:
    """`WorkerSleepSchedule`."""
    return {
        "is_active": schedule.is_active,
        "days_of_week": schedule.days_of_week,
        "start_time": schedule.start_time,
        "end_time": schedule.end_time,
    }


def fetch_schedule(worker_uuid: str) -> ScheduleInfo | None:
    return sleep_store.schedule_of(worker_store.get_worker(worker_uuid).id)


def set_schedule(
    svc: Services, worker_uuid: str, *, is_active: bool, days_of_week: str, start_time: str, end_time: str
) -> ScheduleInfo:
    """Store the schedule (an end before the start is swapped, as Flamenco does) and apply it now."""
    start, end = parse_time(start_time, "start time"), parse_time(end_time, "end time")
    if start and end and _minutes(end) < _minutes(start):
        start, end = end, start
    days = clean_days(days_of_week)
    local = _local(svc)
    with transaction(svc.events, svc.tasklogs):
        worker = worker_store.lock_worker(worker_uuid)
        schedule = sleep_store.store_schedule(
            worker.id,
            is_active=is_active,
            days_of_week=days,
            start_time=start,
            end_time=end,
            next_check=_naive_utc(next_check(local, start, end)),
            now=svc.clock(),
        )
    apply_schedule(svc, schedule)
    return schedule


def apply_schedule(svc: Services, schedule: ScheduleInfo) -> None:
    """Ask the worker for the status its schedule wants now, unless it has it or was asked already."""
    scheduled = scheduled_status(_local(svc), schedule)
    with transaction(svc.events, svc.tasklogs) as changes:
        try:
            worker = worker_store.lock_worker(schedule.worker_uuid)
        except NotFound:  # deleted meanwhile
            return
        if worker.status == "error":
            return
        if (worker.status_requested == scheduled and not worker.lazy_status_request) or (
            worker.status == scheduled and not worker.status_requested
        ):
            return
        log.info("sleep schedule: asking worker %s to be %s", worker.name, scheduled)
        updated = worker_store.update(
            worker.id, svc.clock(), status_requested=scheduled, lazy_status_request=False
        )
        changes.worker(updated, worker.status)


def check_schedules(svc: Services) -> int:
    """Apply every due schedule and note when to look at it again; how many were due."""
    local = _local(svc)
    schedules = sleep_store.due(svc.clock())
    for schedule in schedules:
        with transaction(svc.events, svc.tasklogs):
            sleep_store.set_next_check(
                schedule.id, _naive_utc(next_check(local, schedule.start_time, schedule.end_time))
            )
        try:
            apply_schedule(svc, schedule)
        except Exception:
            log.exception("sleep schedule of worker %s could not be applied", schedule.worker_uuid)
    return len(schedules)


def status_at_sign_on(svc: Services, worker_id: int) -> str:
    """What a worker signing on without a pending request should be: what its schedule says."""
    return scheduled_status(_local(svc), sleep_store.schedule_of(worker_id))
