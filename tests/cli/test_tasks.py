"""`flamenco task …` against a real Manager and worker."""

from __future__ import annotations

import uuid

import pytest

from tests.cli.conftest import WORKER_NAME, Farm, eventually

pytestmark = pytest.mark.e2e


def test_show_and_log_of_a_failed_task(farm: Farm) -> None:
    job_id = farm.submit("shell-tasks", f"task-show-{uuid.uuid4().hex[:6]}", count=2, fail_task=1)
    farm.cli("job", "wait", job_id, "--quiet", "--interval", "0.2")
    task_id = farm.tasks(job_id)["shell-1"]["id"]

    shown = farm.cli("task", "show", task_id)
    assert shown.code == 0, shown.err
    text = shown.out
    assert shown.lines()[0] == "Task shell-1"
    assert "Status        failed" in text
    assert f"Failed by     {WORKER_NAME}" in text
    assert f"Worker        {WORKER_NAME} (" in text
    assert "Activity      exec: /bin/sh exited with status 3" in text
    assert 'Commands      exec {"exe": "/bin/sh", "args": ["-c", ' in text
    assert "Last log lines" in text and "Error: out of memory while rendering frame 1" in text

    as_json = farm.cli("task", "show", task_id, "--json").json()
    assert as_json["failed_by_workers"][0]["name"] == WORKER_NAME
    assert as_json["index_in_job"] == 1

    whole = farm.cli("task", "log", task_id)
    assert whole.code == 0
    assert whole.out.startswith("Task assigned to worker")  # the whole log, from its first line
    assert "loading scene for task 1" in whole.out and whole.err == ""
    tail = farm.cli("task", "log", task_id, "--tail", "--json").json()
    assert tail["task_id"] == task_id and "rendering frame 1" in tail["log"]

    never_ran = farm.tasks(job_id)["shell-2"]["id"]  # canceled when the job failed, before it started
    empty = farm.cli("task", "log", never_ran)
    assert empty.code == 0 and empty.out == "" and "no log yet" in empty.err


def test_cancel_and_requeue_single_tasks(farm: Farm) -> None:
    job_id = farm.submit("shell-tasks", f"task-steer-{uuid.uuid4().hex[:6]}", count=3, sleep=1)
    eventually(lambda: farm.tasks(job_id)["shell-1"]["status"] == "active", 20, "first task active")
    third = farm.tasks(job_id)["shell-3"]["id"]

    canceled = farm.cli("task", "cancel", third, "--reason", "not needed")
    assert canceled.code == 0, canceled.err
    assert f"task {third} 'shell-3': now canceled (not needed)" in canceled.out

    # Shell-3 is out; the job ends when the others finish, and says so.
    farm.cli("job", "wait", job_id, "--quiet", "--interval", "0.2")
    assert farm.job(job_id)["status"] == "canceled"

    requeued = farm.cli("task", "requeue", third, "--json")
    assert requeued.code == 0, requeued.err
    assert requeued.json()["status"] in ("queued", "active", "completed")
    assert farm.cli("job", "wait", job_id, "--quiet", "--interval", "0.2").code == 0
    assert farm.tasks(job_id)["shell-3"]["status"] == "completed"

    refused = farm.cli("task", "cancel", third)
    assert refused.code == 2
    assert "the Manager refused (422)" in refused.err and "completed" in refused.err
