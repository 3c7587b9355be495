"""Echo a message, then sleep: exercises Workers and the task pipeline without needing Blender."""

from __future__ import annotations

from flamenco.jobtypes import AuthoredCommand, AuthoredTask, CompilingJob

JOB_TYPE = {
    "label": "Echo Sleep Test",
    "settings": [
        {
            "key": "message",
            "type": "string",
            "required": True,
            "description": "Message the Worker prints in the task log",
        },
        {
            "key": "sleep_duration_seconds",
            "type": "int32",
            "default": 1,
            "propargs": {"min": 0},
            "description": "How long each sleep task sleeps, in seconds",
        },
        {
            "key": "sleep_repeats",
            "type": "int32",
            "default": 1,
            # The upper bound keeps a typo from creating millions of tasks.
            "propargs": {"min": 0, "max": 100_000},
            "description": "Number of sleep tasks, all running after the echo task (0: echo only)",
        },
    ],
    # What each door shows: Flamenco's own declaration of this type for that API version.
    "views": {
        "seed": [
            {"key": "message", "type": "string", "required": True},
            {"key": "sleep_duration_seconds", "type": "int32", "default": 1},
        ],
        "v3": [
            {"key": "message", "type": "string", "required": True},
            {"key": "sleep_duration_seconds", "type": "int32", "default": 1},
            {"key": "sleep_repeats", "type": "int32", "default": 1},
        ],
    },
}


def compile_job(job: CompilingJob) -> None:
    """One ``echo`` task, then ``sleep_repeats`` sleep tasks (``sleep``, ``sleep-2``, ...) after it."""
    settings = job.settings
    echo = AuthoredTask("echo", "misc")
    echo.add_command(AuthoredCommand("echo", {"message": settings["message"]}))
    job.add_task(echo)

    for number in range(1, settings["sleep_repeats"] + 1):
        sleep = AuthoredTask("sleep" if number == 1 else f"sleep-{number}", "misc")
        sleep.add_command(
            AuthoredCommand("sleep", {"duration_in_seconds": settings["sleep_duration_seconds"]})
        )
        sleep.add_dependency(echo)
        job.add_task(sleep)
