"""Programs the render task types need on this machine, checked once at start.

A worker that asks for `blender` tasks without Blender installed takes a task, fails it, takes the
next one, fails it … and the farm's jobs fail with it. Saying so at start is cheaper than finding
out from failed tasks. It is a warning, not a refusal: the Manager's `blender` and `ffmpeg`
variables may name a full path that is not on the PATH, and then the tasks do run.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable

# Task type → the program its commands run (Flamenco's variables of the same names default to it).
PROGRAMS = {"blender": "blender", "ffmpeg": "ffmpeg"}


def missing_programs(task_types: Iterable[str], path: str | None = None) -> dict[str, str]:
    """Task types among ``task_types`` whose program is not on ``path`` (default: $PATH)."""
    search = os.environ.get("PATH", os.defpath) if path is None else path
    return {
        task_type: PROGRAMS[task_type]
        for task_type in task_types
        if task_type in PROGRAMS and shutil.which(PROGRAMS[task_type], path=search) is None
    }


def warnings_for(task_types: Iterable[str], path: str | None = None) -> list[str]:
    """One line per task type this worker will not be able to run, saying what to do about it."""
    return [
        f"cannot run {task_type!r} tasks: {program!r} is not on this worker's PATH; install it,"
        f" or have the Manager's {program!r} variable give its full path"
        for task_type, program in missing_programs(task_types, path).items()
    ]
