"""Test job type: N independent shell tasks, one of which can be made to fail.

Task number ``fail_task`` prints a few lines and exits with status 3 (a render that breaks);
the others print a line and succeed. 0 means no task fails. The tasks run ``/bin/sh`` through
the worker's ``exec`` command.
"""

from __future__ import annotations

from flamenco.jobtypes import AuthoredCommand, AuthoredTask, CompilingJob

JOB_TYPE = {
    "label": "Shell tasks (tests)",
    "settings": [
        {"key": "count", "type": "int32", "default": 3, "propargs": {"min": 1, "max": 1000}},
        {"key": "fail_task", "type": "int32", "default": 0, "description": "number of the task that fails"},
        {"key": "sleep", "type": "float", "default": 0.0, "description": "seconds each task sleeps first"},
    ],
}

FAILING_SCRIPT = (
    "sleep {sleep}; echo 'loading scene for task {number}'; echo 'rendering frame {number}';"
    " echo 'Error: out of memory while rendering frame {number}' >&2; exit 3"
)
OK_SCRIPT = "sleep {sleep}; echo 'task {number} done'"


def compile_job(job: CompilingJob) -> None:
    settings = job.settings
    for number in range(1, settings["count"] + 1):
        script = FAILING_SCRIPT if number == settings["fail_task"] else OK_SCRIPT
        task = AuthoredTask(f"shell-{number}", "misc")
        command = script.format(number=number, sleep=settings["sleep"])
        task.add_command(AuthoredCommand("exec", {"exe": "/bin/sh", "args": ["-c", command]}))
        job.add_task(task)
