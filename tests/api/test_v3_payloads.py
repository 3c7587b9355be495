"""Records → Flamenco 3.8's payloads, each valid for its schema in `spec/flamenco-openapi-v3.yaml`."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from openapi_schema_validator import OAS30Validator

from flamenco.api import v3
from flamenco.config import Config
from flamenco.scheduler.assignment import Assignment
from flamenco.store.records import BlockInfo, JobInfo, TagInfo, TaskInfo, TaskWorkerInfo, WorkerInfo

SPEC = Path(__file__).resolve().parents[2] / "spec" / "flamenco-openapi-v3.yaml"
WHEN = datetime(2026, 1, 1, 12, 0, 0)
JOB = JobInfo(
    1,
    "0f6d3f4e-8a36-4f7b-9d2c-6b1f0f7b4a11",
    "j",
    "echo-sleep-test",
    50,
    "queued",
    "",
    {"a": 1},
    {},
    WHEN,
    WHEN,
)
RUNNER = TaskWorkerInfo("2f6d3f4e-8a36-4f7b-9d2c-6b1f0f7b4a13", "w1", "10.0.0.1")
TASK = TaskInfo(
    7, "1f6d3f4e-8a36-4f7b-9d2c-6b1f0f7b4a12", 1, JOB.uuid, 1, "echo", "misc", 50, "active", "",
    [{"name": "echo", "parameters": {"message": "hi"}}], 3, RUNNER, WHEN, WHEN, WHEN,
)  # fmt: skip
WORKER = WorkerInfo(
    3, RUNNER.uuid, "w1", "10.0.0.1", "linux", "3.8.5", "awake", "offline", True, ["misc"], WHEN, WHEN, WHEN
)


@cache
def _components() -> dict[str, Any]:
    return yaml.safe_load(SPEC.read_text(encoding="utf-8"))["components"]


def valid(schema_name: str, payload: Any) -> Any:
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": _components()}
    OAS30Validator(schema, format_checker=OAS30Validator.FORMAT_CHECKER).validate(payload)
    return payload


def test_a_job_with_everything_3_8_knows_about():
    job = replace(
        JOB, submitter_platform="windows", shaman_checkout_id="shot-a1b2", worker_tag_uuid=RUNNER.uuid,
        steps_completed=3, steps_total=9, delete_requested_at=WHEN,
    )  # fmt: skip
    payload = valid("Job", v3.job(job))
    assert payload["storage"] == {"shaman_checkout_id": "shot-a1b2"}
    assert (payload["worker_tag"], payload["steps_completed"], payload["steps_total"]) == (RUNNER.uuid, 3, 9)
    assert payload["delete_requested_at"] == "2026-01-01T12:00:00.000Z"
    plain = valid("Job", v3.job(JOB))
    assert {"storage", "worker_tag", "delete_requested_at"}.isdisjoint(plain)
    assert plain["submitter_platform"] == ""  # required by 3.8's Job, even for jobs submitted without one


def test_tasks_commands_and_assignments():
    task = valid("Task", v3.task(TASK, [RUNNER]))
    assert task["commands"] == [{"name": "echo", "parameters": {"message": "hi"}, "total_step_count": 0}]
    stepped = replace(TASK, commands=[{"name": "blender-render", "parameters": {}, "total_step_count": 5}])
    assert v3.task(stepped)["commands"][0]["total_step_count"] == 5
    valid("TaskSummary", v3.task_summary(TASK))
    assert "worker" not in v3.task_summary(replace(TASK, worker=None, worker_id=None))
    valid("AssignedTask", v3.assigned_task(Assignment(TASK, JOB, TASK.commands)))


def test_workers():
    summary = valid("WorkerSummary", v3.worker_summary(WORKER))
    assert summary["status_change"] == {"status": "offline", "is_lazy": True}
    detail = valid("Worker", v3.worker(WORKER, TASK))
    assert detail["task"]["job_id"] == JOB.uuid
    valid("RegisteredWorker", v3.registered_worker(WORKER))
    valid("WorkerStateChange", v3.state_change("restart"))


def test_version_and_job_type_etags():
    valid("FlamencoVersion", v3.version(Config()))
    declaration = {"name": "t", "label": "T", "settings": [{"key": "a", "type": "string"}]}
    job_type = valid("AvailableJobType", v3.job_type(declaration))
    assert job_type["etag"] == v3.job_type_etag(
        {"settings": declaration["settings"], "label": "T", "name": "t"}
    )
    changed = {**declaration, "settings": [{"key": "a", "type": "string", "default": "x"}]}
    assert v3.job_type_etag(changed) != job_type["etag"]


TAG = TagInfo(1, "4312d68c-ea6d-4566-9bf6-e9f09be48ceb", "gpu", "GPU boxes")


def test_worker_tags_and_their_events():
    assert valid("WorkerTag", v3.worker_tag(TAG)) == {
        "id": TAG.uuid,
        "name": "gpu",
        "description": "GPU boxes",
    }
    assert "description" not in valid("WorkerTag", v3.worker_tag(replace(TAG, description="")))
    valid("WorkerTagList", {"tags": [v3.worker_tag(TAG)]})
    assert valid("EventWorkerTagUpdate", v3.worker_tag_update(TAG)) == {"tag": v3.worker_tag(TAG)}
    deleted = valid("EventWorkerTagUpdate", v3.worker_tag_update(TAG, was_deleted=True))
    assert deleted["was_deleted"] is True and deleted["tag"]["id"] == TAG.uuid


def test_a_worker_with_its_tags():
    payload = valid("Worker", v3.worker(WORKER, None, [TAG]))
    assert payload["tags"] == [v3.worker_tag(TAG)]


def test_a_blocklist_entry():
    entry = BlockInfo(RUNNER.uuid, "w1", "blender")
    assert valid("JobBlocklist", [v3.blocklist_entry(entry)]) == [
        {"worker_id": RUNNER.uuid, "worker_name": "w1", "task_type": "blender"}
    ]
