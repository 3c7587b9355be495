"""Test job type: N independent echo tasks of a chosen task type, no dependencies."""

from __future__ import annotations

from flamenco.jobtypes import AuthoredCommand, AuthoredTask, CompilingJob

JOB_TYPE = {
    "label": "Independent tasks (tests)",
    "settings": [
        {"key": "count", "type": "int32", "default": 1},
        {"key": "task_type", "type": "string", "default": "misc"},
    ],
}


def compile_job(job: CompilingJob) -> None:
    for number in range(1, job.settings["count"] + 1):
        task = AuthoredTask(f"task-{number}", job.settings["task_type"])
        task.add_command(AuthoredCommand("echo", {"message": f"task {number}"}))
        job.add_task(task)
