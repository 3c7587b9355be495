"""`flamenco job delete|priority`, `flamenco worker delete|sleep-schedule`, `flamenco farm status`
against a real Manager (its `/api/v3` door) and real worker processes."""

from __future__ import annotations

import datetime
import uuid

import pytest

from flamenco.cli.api import ClientError
from flamenco.cli.lifecycle import cutoff
from tests.cli.conftest import Farm, eventually, run_cli
from tests.worker.worker_process import WorkerProcess

pytestmark = pytest.mark.e2e


def _finished(farm: Farm, job_id: str) -> str:
    return farm.cli("job", "wait", job_id, "--quiet", "--interval", "0.2").err


def test_delete_jobs_by_id_and_wait_until_gone(farm: Farm) -> None:
    job_id = farm.submit("independent-tasks", "to-delete", count=2)
    _finished(farm, job_id)
    dry = farm.cli("job", "delete", job_id, "--dry-run")
    assert dry.code == 0, dry.err
    assert "to-delete" in dry.out and " no" in dry.out  # no Shaman checkout to remove
    assert farm.cli("job", "show", job_id).code == 0  # a dry run deletes nothing

    deleted = farm.cli("job", "delete", job_id, "--wait", "--interval", "0.1")
    assert deleted.code == 0, deleted.err
    assert f"job {job_id}: deletion requested" in deleted.out and f"job {job_id}: deleted" in deleted.out
    gone = farm.cli("job", "show", job_id)
    assert gone.code == 2 and "404" in gone.err
    unknown = farm.cli("job", "delete", str(uuid.uuid4()))
    assert unknown.code == 2 and "404" in unknown.err
    assert farm.cli("job", "delete").code == 2  # nothing to delete named


def test_mass_deletion_dry_run_then_for_real(farm: Farm) -> None:
    old = farm.submit("independent-tasks", "mass-old", count=1)
    _finished(farm, old)
    updated = farm.cli("job", "show", old, "--json").json()["updated"]
    later = farm.submit("independent-tasks", "mass-later", count=1)

    dry = farm.cli("job", "delete", "--before", updated, "--dry-run", "--json")
    assert dry.code == 0, dry.err
    would = {j["id"]: j for j in dry.json()["would_delete"]}
    assert old in would and later not in would and would[old]["shaman_checkout"] is False
    assert farm.cli("job", "show", old).code == 0

    real = farm.cli("job", "delete", "--before", updated)
    assert real.code == 0, real.err and "deletion requested" in real.out
    eventually(lambda: farm.cli("job", "show", old).code == 2, 20, "the old job deleted")
    assert farm.cli("job", "show", later).code == 0
    nothing = farm.cli("job", "delete", "--before", "2001-01-01")
    assert nothing.code == 2 and "no jobs were last updated" in nothing.err
    _finished(farm, later)


def test_before_dates():
    now = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC)
    assert cutoff("30d", now) == now - datetime.timedelta(days=30)
    assert cutoff("90m", now) == now - datetime.timedelta(minutes=90)
    assert cutoff("2026-01-31T18:00+01:00").utcoffset() == datetime.timedelta(hours=1)
    assert cutoff("2026-01-31").tzinfo is not None  # local time
    with pytest.raises(ClientError):
        cutoff("last tuesday")


def test_job_priority(farm: Farm) -> None:
    job_id = farm.submit("independent-tasks", "prio", count=1)
    changed = farm.cli("job", "priority", job_id, "80")
    assert changed.code == 0, changed.err and f"job {job_id}: priority 80" in changed.out
    assert farm.cli("job", "show", job_id, "--json").json()["priority"] == 80
    assert farm.cli("job", "priority", job_id, "101").code == 2
    _finished(farm, job_id)


def test_farm_status(farm: Farm) -> None:
    result = farm.cli("farm", "status")
    assert result.code == 0, result.err
    assert result.out.strip() in ("active", "idle", "waiting")
    assert farm.cli("farm", "status", "--json").json()["status"] == result.out.strip()


def test_sleep_schedule_and_deleting_a_worker(farm: Farm, tmp_path) -> None:
    name = f"scheduled-{uuid.uuid4().hex[:6]}"
    with WorkerProcess(farm.url, tmp_path / "worker", name=name, task_types=["none-of-these"]):
        eventually(lambda: f'"{name}"' in farm.cli("worker", "list", "--json").out, 20, "worker registered")
        none = farm.cli("worker", "sleep-schedule", name)
        assert none.code == 0 and "has no sleep schedule" in none.out
        assert farm.cli("worker", "sleep-schedule", name, "--start", "09:00").code == 2  # needs --set

        stored = farm.cli(
            "worker",
            "sleep-schedule",
            name,
            "--set",
            "--days",
            "Monday fr",
            "--start",
            "18:00",
            "--end",
            "8:00",
        )
        assert stored.code == 0, stored.err
        assert "Days         mo fr" in stored.out and "Asleep from  08:00" in stored.out  # swapped
        kept = farm.cli("worker", "sleep-schedule", name, "--set", "--disable", "--json").json()
        assert kept == {
            "is_active": False,
            "days_of_week": "mo fr",
            "start_time": "08:00",
            "end_time": "18:00",
        }
        bad = farm.cli("worker", "sleep-schedule", name, "--set", "--start", "25:00")
        assert bad.code == 2 and "start time" in bad.err

        worker_id = farm.cli("worker", "show", name, "--json").json()["id"]
        deleted = farm.cli("worker", "delete", name)
        assert deleted.code == 0, deleted.err and "deleted" in deleted.out
        assert worker_id not in farm.cli("worker", "list", "--json").out
        assert farm.cli("worker", "show", worker_id).code == 2
        assert farm.cli("worker", "delete", worker_id).code == 2
        # Its credentials are refused now; the worker registers again, under a new ID.
        eventually(lambda: f'"{name}"' in farm.cli("worker", "list", "--json").out, 30, "re-registered")


def test_commands_without_a_manager_fail_cleanly() -> None:
    result = run_cli("--manager", "http://127.0.0.1:9", "farm", "status")
    assert result.code == 2 and "cannot reach the Manager" in result.err
