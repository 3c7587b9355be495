"""Sleep schedules by Flamenco 3.8's rules (`internal/manager/sleep_scheduler`)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from flamenco.errors import BadRequest
from flamenco.scheduler import sleep
from flamenco.scheduler import workers as protocol
from flamenco.store import workers as worker_store
from flamenco.store.sleep import ScheduleInfo
from tests.factories import add_worker

SCHEDULE = ScheduleInfo(1, 1, "w", True, "", "09:00", "18:00", None)
# 2026-01-05 is a Monday.
MONDAY_NOON = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("schedule", "now", "expected"),
    [
        (None, MONDAY_NOON, "awake"),
        (SCHEDULE, MONDAY_NOON, "asleep"),
        (replace(SCHEDULE, is_active=False), MONDAY_NOON, "awake"),
        (SCHEDULE, MONDAY_NOON.replace(hour=8, minute=59), "awake"),
        (SCHEDULE, MONDAY_NOON.replace(hour=9, minute=0), "asleep"),
        (SCHEDULE, MONDAY_NOON.replace(hour=18, minute=0), "awake"),  # the end is not inside
        (replace(SCHEDULE, days_of_week="tu we"), MONDAY_NOON, "awake"),
        (replace(SCHEDULE, days_of_week="mo"), MONDAY_NOON, "asleep"),
        (replace(SCHEDULE, start_time=""), MONDAY_NOON.replace(hour=0), "asleep"),  # from midnight
        (replace(SCHEDULE, end_time=""), MONDAY_NOON.replace(hour=23, minute=59), "asleep"),
    ],
)
def test_scheduled_status(schedule, now, expected):
    assert sleep.scheduled_status(now, schedule) == expected


def test_next_check_is_the_next_start_end_or_midnight():
    at = MONDAY_NOON.replace(hour=8)
    assert sleep.next_check(at, "09:00", "18:00") == at.replace(hour=9)
    assert sleep.next_check(MONDAY_NOON, "09:00", "18:00") == MONDAY_NOON.replace(hour=18)
    late = MONDAY_NOON.replace(hour=20)
    assert sleep.next_check(late, "09:00", "18:00") == datetime(2026, 1, 6, tzinfo=UTC)
    assert sleep.next_check(late, "", "") == datetime(2026, 1, 6, tzinfo=UTC)


def test_times_and_days_are_cleaned_or_refused():
    assert sleep.parse_time("9:05", "start time") == "09:05"
    assert sleep.parse_time(" ", "start time") == ""
    assert sleep.parse_time("24:00", "end time") == "24:00"
    for bad in ("24:01", "9", "12:60", "noon"):
        with pytest.raises(BadRequest):
            sleep.parse_time(bad, "start time")
    assert sleep.clean_days("Monday  TUESDAY su") == "mo tu su"
    with pytest.raises(BadRequest):
        sleep.clean_days("mo xx")


@pytest.fixture
def utc(services):
    services.config.sleep_schedule_timezone = "UTC"
    return services


def test_setting_a_schedule_applies_it_at_once(utc, clock):
    worker = add_worker(utc)  # awake; the clock says Thursday 2026-01-01 12:00 UTC
    sleep.set_schedule(
        utc, worker.uuid, is_active=True, days_of_week="", start_time="11:00", end_time="13:00"
    )
    current = worker_store.get_worker(worker.uuid)
    assert (current.status_requested, current.lazy_status_request) == ("asleep", False)
    schedule = sleep.fetch_schedule(worker.uuid)
    assert schedule.next_check == datetime(2026, 1, 1, 13, 0)
    # Setting it again asks nothing new; switching it off wakes the worker up.
    protocol.state_changed(utc, current, "asleep")
    sleep.set_schedule(
        utc, worker.uuid, is_active=False, days_of_week="", start_time="11:00", end_time="13:00"
    )
    assert worker_store.get_worker(worker.uuid).status_requested == "awake"


def test_due_schedules_are_applied_when_they_change(utc, clock):
    worker = add_worker(utc)
    sleep.set_schedule(
        utc, worker.uuid, is_active=True, days_of_week="", start_time="13:00", end_time="14:00"
    )
    assert worker_store.get_worker(worker.uuid).status_requested == ""  # awake, as it should be
    assert sleep.check_schedules(utc) == 0  # nothing due before 13:00
    clock.advance(hours=1)
    assert sleep.check_schedules(utc) == 1
    assert worker_store.get_worker(worker.uuid).status_requested == "asleep"
    assert sleep.fetch_schedule(worker.uuid).next_check == datetime(2026, 1, 1, 14, 0)
    protocol.state_changed(utc, worker_store.get_worker(worker.uuid), "asleep")
    clock.advance(hours=1)
    sleep.check_schedules(utc)
    assert worker_store.get_worker(worker.uuid).status_requested == "awake"


def test_workers_in_error_are_left_alone_and_sign_on_follows_the_schedule(utc, clock):
    worker = add_worker(utc)
    worker_store.update(worker.id, clock(), status="error")
    sleep.set_schedule(utc, worker.uuid, is_active=True, days_of_week="", start_time="", end_time="")
    assert worker_store.get_worker(worker.uuid).status_requested == ""
    signed_on = protocol.sign_on(utc, worker, name="w1", task_types=["misc"], version="3.8.5")
    assert signed_on == "asleep"


def test_a_time_zone_moves_the_window(utc, clock):
    utc.config.sleep_schedule_timezone = "Asia/Tokyo"  # 12:00 UTC is 21:00 there
    worker = add_worker(utc)
    sleep.set_schedule(
        utc, worker.uuid, is_active=True, days_of_week="", start_time="20:00", end_time="22:00"
    )
    assert worker_store.get_worker(worker.uuid).status_requested == "asleep"
    assert sleep.fetch_schedule(worker.uuid).next_check == datetime(2026, 1, 1, 13, 0)  # 22:00 in Tokyo
