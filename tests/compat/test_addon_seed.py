"""The 2022 seed-era add-on and worker, through a client generated from the seed spec.

Generated as Flamenco generated that add-on's client (generated.py), against `/api`, which keeps
the seed's contract. The add-on of that time sends `blendfile` for the packed file and leaves
hidden settings it does not evaluate at Blender's defaults (`fps` 0.0; addon.py).
"""

from __future__ import annotations

import uuid
from types import ModuleType

import pytest

from tests.api.live_manager import ManagerProcess

from .addon import job_settings, upload_to_shaman
from .test_addon_3_8 import api_client, status

pytestmark = pytest.mark.e2e


def test_the_seed_add_on_submits_a_blender_render_job(
    addon_seed: ModuleType, live_manager: ManagerProcess
) -> None:
    apis, models = addon_seed.apis, addon_seed.models
    http = api_client(addon_seed, live_manager)
    meta, jobs = apis.MetaApi(http), apis.JobsApi(http)
    assert meta.get_version().name
    assert meta.get_configuration().shaman_enabled is True

    job_type = next(t for t in jobs.get_job_types().job_types if t.name == "simple-blender-render")
    checkout = upload_to_shaman(addon_seed, http, b"BLENDER-v300 seed scene\n" * 64, "seed add-on job")
    job = models.SubmittedJob(
        name="seed add-on job",
        type=job_type.name,
        priority=50,
        settings=job_settings(addon_seed, job_type, evaluates_hidden=False),
        metadata=models.JobMetadata(),
    )
    job.settings["blendfile"] = f"{{jobs}}/{checkout}/anim.blend"
    submitted = jobs.submit_job(job)

    assert status(submitted) == "queued"
    tasks = jobs.fetch_job_tasks(submitted.id).tasks
    assert {t.task_type for t in tasks} >= {"blender"}


def test_a_seed_worker_session(addon_seed: ModuleType, live_manager: ManagerProcess) -> None:
    """Register with `nickname`, sign on, run an echo job's tasks, sign off."""
    apis, models = addon_seed.apis, addon_seed.models
    secret = uuid.uuid4().hex
    registered = apis.WorkerApi(api_client(addon_seed, live_manager)).register_worker(
        models.WorkerRegistration(
            secret=secret, platform="linux", supported_task_types=["misc"], nickname="seed-generated"
        )
    )
    worker = apis.WorkerApi(api_client(addon_seed, live_manager, username=registered.uuid, password=secret))
    signed_on = worker.sign_on(
        models.WorkerSignOn(nickname="seed-generated", supported_task_types=["misc"], software_version="3.0")
    )
    assert signed_on.status_requested.value == "awake"
    worker.worker_state_changed(models.WorkerStateChanged(status=models.WorkerStatus("awake")))

    jobs = apis.JobsApi(api_client(addon_seed, live_manager))
    job = jobs.submit_job(
        models.SubmittedJob(
            name="for the seed worker",
            type="echo-sleep-test",
            priority=100,
            settings=models.JobSettings(message="hi", sleep_repeats=1, sleep_duration_seconds=0),
        )
    )
    for expected in ("echo", "sleep"):
        task = worker.schedule_task()
        assert (task.job, task.name) == (job.id, expected)
        worker.task_update(task.uuid, models.TaskUpdate(task_status=models.TaskStatus("active"), log="go"))
        assert worker.may_worker_run(task.uuid).may_keep_running is True
        worker.task_update(task.uuid, models.TaskUpdate(task_status=models.TaskStatus("completed")))
    assert worker.schedule_task(_preload_content=False).status == 204
    assert status(jobs.fetch_job(job.id)) == "completed"
    worker.sign_off()
