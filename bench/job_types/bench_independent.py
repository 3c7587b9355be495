"""Bench job type: ``count`` independent tasks, so dispatch speed is measured without dependencies."""

from __future__ import annotations

from flamenco.jobtypes import AuthoredCommand, AuthoredTask, CompilingJob

JOB_TYPE = {
    "label": "Independent tasks (bench)",
    "settings": [
        {"key": "count", "type": "int32", "default": 1, "propargs": {"min": 1}},
    ],
}


def compile_job(job: CompilingJob) -> None:
    for number in range(1, job.settings["count"] + 1):
        task = AuthoredTask(f"task-{number}", "misc")
        task.add_command(AuthoredCommand("echo", {"message": f"task {number}"}))
        job.add_task(task)
