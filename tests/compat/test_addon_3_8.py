"""Flamenco 3.8.5's Blender add-on and worker sessions, through the add-on's own generated client.

The client is generated from Flamenco's spec by the generator Flamenco uses (generated.py), so an
answer it cannot deserialise here is one an artist's Blender could not read either. Operations
this Manager does not serve yet (`tests/test_v3_spec.py`'s NOT_YET_SERVED) are left out of the
sessions and join them as they arrive.
"""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from PIL import Image

from tests.api.live_manager import ManagerProcess
from tests.test_v3_spec import NOT_YET_SERVED

from .addon import job_settings, upload_to_shaman

pytestmark = pytest.mark.e2e


def served(operation_id: str) -> bool:
    return operation_id not in NOT_YET_SERVED


def status(job: Any) -> str:
    """A `Job`'s status. `job.status` raises with this generator, whatever the Manager: `Job` is
    `allOf: [SubmittedJob, …]`, so `status` is also kept as an untyped extra property of the
    `SubmittedJob` part, a `str` that differs from the `JobStatus` of the other part. (Flamenco's
    add-on never reads it.)"""
    return str(job.to_dict()["status"])


def api_client(client: ModuleType, manager: ManagerProcess, **auth: str) -> Any:
    configuration = client.Configuration(host=manager.url, **auth)
    return client.ApiClient(configuration)


def test_the_add_on_submits_a_blender_render_job(addon38: ModuleType, live_manager: ManagerProcess) -> None:
    apis, models = addon38.apis, addon38.models
    http = api_client(addon38, live_manager)
    meta, jobs = apis.MetaApi(http), apis.JobsApi(http)

    # manager_info.fetch(): what the add-on asks when the artist presses "Fetch Manager info".
    assert meta.get_version().shortversion == "3.8.5"
    if served("getSharedStorage"):
        storage = meta.get_shared_storage("users", "linux")
        assert storage.location
    job_types = {t.name: t for t in jobs.get_job_types().job_types}
    if served("fetchWorkerTags"):
        apis.WorkerMgtApi(http).fetch_worker_tags()

    job_type = job_types["simple-blender-render"]
    job = models.SubmittedJob(
        name="add-on job",
        type=job_type.name,
        priority=50,
        settings=job_settings(addon38, job_type, evaluates_hidden=True),
        metadata=models.JobMetadata(),
        submitter_platform="linux",
        type_etag=job_type.etag,
        initial_status=models.JobStatus("paused"),
    )
    checkout = upload_to_shaman(addon38, http, b"BLENDER-v300 pretend scene\n" * 64, "add-on job")
    job.settings["blendfile"] = f"{{jobs}}/{checkout}/anim.blend"
    job.storage = models.JobStorageInfo(shaman_checkout_id=checkout)
    if served("submitJobCheck"):
        jobs.submit_job_check(job)
    submitted = jobs.submit_job(job)

    assert (status(submitted), submitted.type) == ("paused", "simple-blender-render")
    # This generated client (openapi-generator 5.4.0) cannot read the object-valued properties of
    # `Job` (settings, metadata, storage): `Job` is an allOf, each part keeps its own copy, and
    # reading one raises ApiValueError whatever the Manager sent. The add-on only reads the name;
    # the rest is checked on the raw answer.
    followed = json.loads(jobs.fetch_job(submitted.id, _preload_content=False).data)
    assert followed["settings"]["frames"] == "1-4"
    assert followed["storage"]["shaman_checkout_id"] == checkout
    tasks = jobs.fetch_job_tasks(submitted.id).tasks
    assert {t.task_type for t in tasks} >= {"blender"}
    if served("fetchJobLastRenderedInfo"):
        jobs.fetch_job_last_rendered_info(submitted.id)


def test_a_stale_job_type_is_refused_as_the_add_on_expects(
    addon38: ModuleType, live_manager: ManagerProcess
) -> None:
    """The add-on tells the artist to refresh job types when the Manager answers 412."""
    apis, models = addon38.apis, addon38.models
    jobs = apis.JobsApi(api_client(addon38, live_manager))
    job_type = next(t for t in jobs.get_job_types().job_types if t.name == "echo-sleep-test")
    job = models.SubmittedJob(
        name="stale",
        type=job_type.name,
        priority=50,
        settings=job_settings(addon38, job_type, evaluates_hidden=True),
        submitter_platform="linux",
        type_etag="an etag of yesterday",
    )
    with pytest.raises(addon38.ApiException) as refused:
        jobs.submit_job(job)
    assert refused.value.status == 412


def test_a_3_8_worker_session(addon38: ModuleType, live_manager: ManagerProcess, tmp_path: Path) -> None:
    """Register with `name`, sign on, get a task, report it (steps, a rendered frame), ask may-I-run,
    sign off; the add-on then finds the job's last-rendered image."""
    apis, models = addon38.apis, addon38.models
    anonymous = apis.WorkerApi(api_client(addon38, live_manager))
    secret = uuid.uuid4().hex
    registered = anonymous.register_worker(
        models.WorkerRegistration(
            secret=secret, platform="linux", supported_task_types=["misc"], name="generated-worker"
        )
    )
    worker = apis.WorkerApi(api_client(addon38, live_manager, username=registered.uuid, password=secret))
    signed_on = worker.sign_on(
        models.WorkerSignOn(
            name="generated-worker",
            supported_task_types=["misc"],
            software_version="3.8.5",
            can_restart=False,
        )
    )
    assert signed_on.status_requested.value == "awake"
    worker.worker_state_changed(models.WorkerStateChanged(status=models.WorkerStatus("awake")))

    jobs = apis.JobsApi(api_client(addon38, live_manager))
    echo = next(t for t in jobs.get_job_types().job_types if t.name == "echo-sleep-test")
    job = jobs.submit_job(
        models.SubmittedJob(
            name="for the generated worker",
            type="echo-sleep-test",
            priority=100,
            settings=models.JobSettings(message="hi", sleep_repeats=1, sleep_duration_seconds=0),
            submitter_platform="linux",
            type_etag=echo.etag,
        )
    )
    ran = []
    for _ in range(2):
        task = worker.schedule_task()
        assert task.job == job.id
        worker.task_update(
            task.uuid, models.TaskUpdate(task_status=models.TaskStatus("active"), activity="Started")
        )
        assert worker.may_worker_run(task.uuid).may_keep_running is True
        worker.task_update(task.uuid, models.TaskUpdate(log=f"{task.name}: output\n", steps_completed=1))
        if served("taskOutputProduced"):
            frame = tmp_path / f"{task.name}.png"
            Image.new("RGB", (64, 36), (200, 10, 10)).save(frame)
            with frame.open("rb") as body:
                worker.task_output_produced(task.uuid, body, _content_type="image/png")
        worker.task_update(task.uuid, models.TaskUpdate(task_status=models.TaskStatus("completed")))
        ran.append(task.name)
    assert ran == ["echo", "sleep"]
    # "No task" is a 204 without a body, which this generated client cannot read as an
    # AssignedTask (Flamenco's Go worker uses another generator); ask for the raw answer.
    assert worker.schedule_task(_preload_content=False).status == 204
    assert status(jobs.fetch_job(job.id)) == "completed"
    worker.sign_off()
    if served("fetchJobLastRenderedInfo"):
        deadline = time.monotonic() + 10
        while (info := jobs.fetch_job_last_rendered_info(job.id)) is None:  # 204 until thumbnailed
            assert time.monotonic() < deadline, "the frame was not thumbnailed"
            time.sleep(0.1)
        assert info.suffixes == ["last-rendered.jpg", "last-rendered-small.jpg", "last-rendered-tiny.jpg"]
        assert jobs.fetch_global_last_rendered_info().base == info.base
