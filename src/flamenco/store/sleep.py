"""Workers' sleep schedules (Flamenco 3.8): one row per worker, at most."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flamenco.store import rows
from flamenco.store.models import SleepSchedule

_COLUMNS = "s.id, s.worker_id, w.uuid, s.is_active, s.days_of_week, s.start_time, s.end_time, s.next_check"
_SELECT = f"SELECT {_COLUMNS} FROM sleep_schedule AS s JOIN worker AS w ON w.id = s.worker_id"


@dataclass(frozen=True)
class ScheduleInfo:
    id: int
    worker_id: int
    worker_uuid: str
    is_active: bool
    days_of_week: str  # "mo tu ..." or "" for every day
    start_time: str  # "HH:MM" or "" for none
    end_time: str
    next_check: datetime | None


def _info(row: Any) -> ScheduleInfo:
    return ScheduleInfo(
        id=row[0],
        worker_id=row[1],
        worker_uuid=row[2],
        is_active=bool(row[3]),
        days_of_week=row[4],
        start_time=row[5],
        end_time=row[6],
        next_check=SleepSchedule.next_check.python_value(row[7]),
    )


def schedule_of(worker_id: int) -> ScheduleInfo | None:
    row = rows.execute(f"{_SELECT} WHERE s.worker_id = ?", [worker_id]).fetchone()
    return _info(row) if row else None


def store_schedule(
    worker_id: int,
    *,
    is_active: bool,
    days_of_week: str,
    start_time: str,
    end_time: str,
    next_check: datetime,
    now: datetime,
) -> ScheduleInfo:
    """Create or replace the worker's schedule (callers hold a write transaction)."""
    stamp = rows.stamp(now)
    rows.execute(
        "INSERT INTO sleep_schedule (worker_id, is_active, days_of_week, start_time, end_time, next_check,"
        " created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (worker_id) DO UPDATE SET is_active = excluded.is_active,"
        " days_of_week = excluded.days_of_week, start_time = excluded.start_time,"
        " end_time = excluded.end_time, next_check = excluded.next_check, updated = excluded.updated",
        [worker_id, is_active, days_of_week, start_time, end_time, rows.stamp(next_check), stamp, stamp],
    )
    found = schedule_of(worker_id)
    assert found is not None
    return found


def due(now: datetime) -> list[ScheduleInfo]:
    """Active schedules of live workers whose next check has come."""
    sql = (
        f"{_SELECT} WHERE s.is_active = ? AND (s.next_check IS NULL OR s.next_check <= ?)"
        " AND w.deleted_at IS NULL ORDER BY s.id"
    )
    return [_info(row) for row in rows.execute(sql, [True, rows.stamp(now)]).fetchall()]


def set_next_check(schedule_id: int, next_check: datetime) -> None:
    rows.execute(
        "UPDATE sleep_schedule SET next_check = ? WHERE id = ?", [rows.stamp(next_check), schedule_id]
    )
