"""Flamenco 3.8's lifecycle operations (farm status, priority, deletion, sleep schedules) through the
client generated from its spec as Flamenco generates its add-on's: every answer must deserialise."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime
from types import ModuleType

import pytest

from tests.api.live_manager import ManagerProcess

from .test_addon_3_8 import api_client, status

pytestmark = pytest.mark.e2e


def test_lifecycle_operations(addon38: ModuleType, live_manager: ManagerProcess) -> None:
    apis, models = addon38.apis, addon38.models
    meta = apis.MetaApi(api_client(addon38, live_manager))
    assert meta.get_farm_status().status.value in ("active", "idle", "waiting", "asleep", "inoperative")

    jobs = apis.JobsApi(api_client(addon38, live_manager))
    echo = next(t for t in jobs.get_job_types().job_types if t.name == "echo-sleep-test")
    job = jobs.submit_job(
        models.SubmittedJob(
            name="lifecycle",
            type="echo-sleep-test",
            priority=50,
            settings=models.JobSettings(message="hi", sleep_repeats=1, sleep_duration_seconds=0),
            submitter_platform="linux",
            type_etag=echo.etag,
            initial_status=models.JobStatus("paused"),
        )
    )
    jobs.set_job_priority(job.id, models.JobPriorityChange(priority=70))
    assert jobs.fetch_job(job.id).priority == 70
    assert jobs.delete_job_what_would_it_do(job.id).shaman_checkout is False
    jobs.delete_job(job.id)
    deadline = time.monotonic() + 20
    while True:
        try:
            assert status(jobs.fetch_job(job.id)) == "paused"
        except addon38.ApiException as gone:
            assert gone.status == 404
            break
        assert time.monotonic() < deadline, "the job was not deleted"
        time.sleep(0.1)
    with pytest.raises(addon38.ApiException) as nothing:
        jobs.delete_job_mass(
            models.JobMassDeletionSelection(last_updated_max=datetime(2001, 1, 1, tzinfo=UTC))
        )
    assert nothing.value.status == 416

    secret = uuid.uuid4().hex
    registered = apis.WorkerApi(api_client(addon38, live_manager)).register_worker(
        models.WorkerRegistration(
            secret=secret, platform="linux", supported_task_types=["misc"], name="lifecycle-w"
        )
    )
    manage = apis.WorkerMgtApi(api_client(addon38, live_manager))
    assert manage.fetch_worker_sleep_schedule(registered.uuid, _preload_content=False).status == 204
    manage.set_worker_sleep_schedule(
        registered.uuid,
        models.WorkerSleepSchedule(is_active=False, days_of_week="mo", start_time="09:00", end_time="17:00"),
    )
    schedule = manage.fetch_worker_sleep_schedule(registered.uuid)
    assert (schedule.days_of_week, schedule.start_time, schedule.is_active) == ("mo", "09:00", False)
    manage.delete_worker(registered.uuid)
    with pytest.raises(addon38.ApiException) as deleted:
        manage.fetch_worker(registered.uuid)
    assert deleted.value.status == 404
