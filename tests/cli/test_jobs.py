"""`flamenco job …` against a real Manager and worker: what a wrangler sees, and what a script parses."""

from __future__ import annotations

import json
import uuid

import pytest

from tests.cli.conftest import WORKER_NAME, Farm, eventually

pytestmark = pytest.mark.e2e


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def test_submit_and_wait_for_a_job_that_completes(farm: Farm) -> None:
    result = farm.cli(
        "job", "submit", "--type", "echo-sleep-test", "--name", unique("hello"),
        "--setting", "message=hello from the CLI", "--setting", "sleep_repeats=2",
        "--wait", "--interval", "0.2",
    )  # fmt: skip
    assert result.code == 0, result.err
    job_id = result.lines()[0]
    assert uuid.UUID(job_id)  # scripts take the ID from the first line
    assert f"job {job_id} completed: All tasks completed" in result.out
    assert "3 of 3 tasks completed" in result.err  # progress, on stderr, from the job's task counts
    # Following costs one fetchJob per check, never the task list of a job that completed.
    paths = [c.path for c in result.calls]
    assert not any(p.endswith("/tasks") for p in paths)
    assert paths.count(f"/api/jobs/{job_id}") >= 2


def test_a_failed_job_says_which_task_failed_where_and_why(farm: Farm) -> None:
    name = unique("breaks")
    result = farm.cli(
        "job", "submit", "--type", "shell-tasks", "--name", name,
        "--setting", "count=3", "--setting", "fail_task=2", "--wait", "--interval", "0.2",
    )  # fmt: skip
    assert result.code == 1, result.out + result.err
    job_id = result.lines()[0]
    # The farm's only worker failed it: nobody is left to retry it, so the job fails at once.
    assert f"job {job_id} failed: no more workers left to run tasks of type 'misc'" in result.out
    report = result.out.split("tasks failed:", 1)[1]
    assert "task shell-2 (#2, " in report
    assert f"on worker {WORKER_NAME}: exec: /bin/sh exited with status 3" in report
    assert f"failed by: {WORKER_NAME}" in report
    assert "| " in report and "Error: out of memory while rendering frame 2" in report  # the log's end
    assert "shell-1" not in report and "shell-3" not in report

    # `job wait` on a job that already failed: the same report, at once.
    again = farm.cli("job", "wait", job_id, "--log-lines", "2")
    assert again.code == 1
    assert "task shell-2 (#2, " in again.out
    assert "last 2 log lines" in again.out and "| task changed status active -> failed" in again.out
    assert "rendering frame 2" not in again.out

    # For scripts: the job's JSON on stdout, the report on stderr.
    scripted = farm.cli("job", "wait", job_id, "--json")
    assert scripted.code == 1
    assert scripted.json()["status"] == "failed" and scripted.json()["id"] == job_id
    assert "Error: out of memory while rendering frame 2" in scripted.err


def test_list_filters_searches_pages_and_shows_progress(farm: Farm) -> None:
    prefix = unique("listing")
    done_a = farm.submit("echo-sleep-test", f"{prefix} a", message="a", sleep_repeats=1)
    failed = farm.submit("shell-tasks", f"{prefix} b", count=2, fail_task=1)
    done_c = farm.submit("echo-sleep-test", f"{prefix} c", message="c", sleep_repeats=0)
    for job_id in (done_a, failed, done_c):
        farm.cli("job", "wait", job_id, "--quiet", "--interval", "0.2")

    table = farm.cli("job", "list", "--name", prefix.upper())  # search ignores case
    assert table.code == 0, table.err
    rows = {line.split()[0]: line for line in table.lines()[1:]}
    assert set(rows) == {done_a, failed, done_c}
    assert "completed" in rows[done_a] and "2/2 (100%)" in rows[done_a]
    assert "failed" in rows[failed] and "1 failed" in rows[failed]
    assert "jobs 1-3 of 3 (page 1 of 1)" in table.err

    listed = farm.cli("job", "list", "--name", prefix, "--json").json()
    assert listed["total"] == 3
    assert {j["id"] for j in listed["jobs"]} == {done_a, failed, done_c}
    by_id = {j["id"]: j for j in listed["jobs"]}
    assert by_id[done_a]["task_counts"]["completed"] == 2

    only_failed = farm.cli("job", "list", "--name", prefix, "--status", "failed,canceled", "--json").json()
    assert [j["id"] for j in only_failed["jobs"]] == [failed]

    page = farm.cli("job", "list", "--name", prefix, "--order", "name", "--limit", "2", "--page", "2")
    assert [line.split()[0] for line in page.lines()[1:]] == [done_c]
    assert "jobs 3-3 of 3 (page 2 of 2)" in page.err
    first = farm.cli("job", "list", "--name", prefix, "--order", "name", "--limit", "2", "--json").json()
    assert [j["id"] for j in first["jobs"]] == [done_a, failed]

    bad = farm.cli("job", "list", "--status", "exploded")
    assert bad.code == 2 and "unknown job status exploded" in bad.err


def test_show_tasks_and_logs_of_a_job(farm: Farm) -> None:
    name = unique("inspect")
    job_id = farm.submit("shell-tasks", name, count=3, fail_task=3)
    assert farm.cli("job", "wait", job_id, "--quiet", "--interval", "0.2").code == 1

    shown = farm.cli("job", "show", job_id)
    assert shown.code == 0, shown.err
    assert shown.lines()[0] == f"Job {name}"
    text = shown.out
    assert "Status    failed" in text and "Type      shell-tasks" in text
    assert "2 completed, 1 failed" in text and "fail_task = 3" in text

    tasks = farm.cli("job", "tasks", job_id)
    rows = [line.split() for line in tasks.lines()[1:]]
    assert [(r[1], r[2], r[3], r[5]) for r in rows] == [
        ("1", "shell-1", "completed", WORKER_NAME),
        ("2", "shell-2", "completed", WORKER_NAME),
        ("3", "shell-3", "failed", WORKER_NAME),
    ]
    failed_only = farm.cli("job", "tasks", job_id, "--status", "failed", "--json").json()
    assert [t["name"] for t in failed_only["tasks"]] == ["shell-3"]

    logs = farm.cli("job", "logs", job_id)
    assert logs.code == 0
    assert "task 1 done" in logs.out and "task 2 done" in logs.out
    assert "Error: out of memory while rendering frame 3" in logs.out
    only = farm.cli("job", "logs", job_id, "--status", "failed", "--full", "--json").json()
    assert [entry["task"]["name"] for entry in only] == ["shell-3"]
    assert "loading scene for task 3" in only[0]["log"]
    assert only[0]["log"].startswith("Task assigned to worker")  # --full: from the first line


def test_pause_resume_cancel_and_requeue_a_job(farm: Farm) -> None:
    job_id = farm.submit("shell-tasks", unique("steer"), count=3, sleep=1)
    eventually(lambda: farm.job(job_id)["status"] == "active", 20, "job active")

    paused = farm.cli("job", "pause", job_id, "--reason", "lunch")
    assert paused.code == 0, paused.err
    assert "asked for paused; now paused (lunch)" in paused.out
    statuses = {t["status"] for t in farm.tasks(job_id).values()}
    assert "paused" in statuses and "queued" not in statuses

    resumed = farm.cli("job", "resume", job_id, "--json")
    assert resumed.code == 0 and resumed.json()["status"] in ("queued", "active")

    canceled = farm.cli("job", "cancel", job_id)
    assert canceled.code == 0, canceled.err
    eventually(lambda: farm.job(job_id)["status"] == "canceled", 20, "job canceled")

    refused = farm.cli("job", "pause", job_id)
    assert refused.code == 2
    assert "the Manager refused (422)" in refused.err and "canceled" in refused.err

    requeued = farm.cli("job", "requeue", job_id)
    assert requeued.code == 0, requeued.err
    waited = farm.cli("job", "wait", job_id, "--interval", "0.2", "--quiet")
    assert waited.code == 0 and "completed" in waited.out


def test_submit_from_a_file_with_flags_on_top(farm: Farm, tmp_path) -> None:
    job_file = tmp_path / "job.yaml"
    job_file.write_text(
        "type: echo-sleep-test\nname: from a file\npriority: 30\n"
        "settings: {message: from the file, sleep_repeats: 0}\nmetadata: {project: cli-tests}\n"
    )
    result = farm.cli("job", "submit", str(job_file), "--priority", "70", "--metadata", "shot=010", "--json")
    assert result.code == 0, result.err
    job = result.json()
    assert (job["name"], job["priority"], job["type"]) == ("from a file", 70, "echo-sleep-test")
    assert job["metadata"] == {"project": "cli-tests", "shot": "010"}
    assert job["settings"]["message"] == "from the file"

    missing = farm.cli("job", "submit", "--type", "echo-sleep-test")
    assert missing.code == 2
    assert "message" in missing.err  # the Manager's reason reaches the user
    no_type = farm.cli("job", "submit", "--setting", "message=x")
    assert no_type.code == 2 and "--type" in no_type.err
    not_pairs = farm.cli("job", "submit", "--type", "echo-sleep-test", "--setting", "message")
    assert not_pairs.code == 2 and "KEY=VALUE" in not_pairs.err


def test_unknown_and_malformed_ids_are_usage_errors(farm: Farm) -> None:
    unknown = farm.cli("job", "show", str(uuid.uuid4()))
    assert unknown.code == 2 and "the Manager refused (404)" in unknown.err
    assert unknown.calls  # it did ask
    typo = farm.cli("job", "show", "not-a-uuid")
    assert typo.code == 2 and "is not a job ID" in typo.err
    assert typo.calls == []  # and this it did not


def test_json_is_the_api_answer(farm: Farm) -> None:
    job_id = farm.submit("echo-sleep-test", unique("json"), message="j", sleep_repeats=0)
    shown = farm.cli("--json", "job", "show", job_id)  # --json before the command works too
    body = json.loads(shown.out)
    assert set(body) >= {"id", "name", "type", "priority", "status", "activity", "updated", "task_counts"}
    assert body["settings"]["message"] == "j"
