"""Test job type whose setting keys hold quotes, a backslash and a newline (JSON-path escaping)."""

from __future__ import annotations

from flamenco.jobtypes import AuthoredCommand, AuthoredTask, CompilingJob

ODD_KEYS = ('say "hi"', "back\\slash", "new\nline")

JOB_TYPE = {
    "label": "Odd setting keys (tests)",
    "settings": [{"key": key, "type": "string"} for key in ODD_KEYS],
}


def compile_job(job: CompilingJob) -> None:
    task = AuthoredTask("only", "misc")
    task.add_command(AuthoredCommand("echo", {"message": "odd keys"}))
    job.add_task(task)
