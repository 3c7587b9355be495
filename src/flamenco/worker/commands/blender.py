"""``blender-render``: run Blender and follow its progress from what it prints.

argv is ``exe`` + ``exeArgs`` (one string, split like a shell would, so a Manager variable such
as ``{blenderArgs}`` = ``-b -y`` works) + ``argsBefore`` + ``blendfile`` + ``args``.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flamenco.worker.commands.base import (
    CommandContext,
    CommandError,
    string_list_param,
    string_param,
)
from flamenco.worker.commands.registry import command
from flamenco.worker.process import describe_exit

_FRAME = re.compile(r"^Fra:(-?\d+)\s")
_SAVED = re.compile(r"^Saved: '(.*)'")


class BlenderProgress:
    """Turn Blender's console output into activity lines, a count of saved frames, and each saved
    frame sent on for the Manager's last-rendered image.

    Kept apart from the process handling so it can be checked against captured output.
    """

    def __init__(self, ctx: CommandContext) -> None:
        self.ctx = ctx
        self.frame: int | None = None
        self.saved: list[str] = []

    def __call__(self, line: str) -> None:
        if match := _FRAME.match(line):
            frame = int(match.group(1))
            if frame != self.frame:  # Blender prints dozens of lines per frame
                self.frame = frame
                self.ctx.set_activity(f"Rendering frame {frame}")
        elif match := _SAVED.match(line):
            self.saved.append(match.group(1))
            self.ctx.log(f"frame {len(self.saved)} of this task saved to {match.group(1)}")
            path = Path(match.group(1))
            self.ctx.output_produced(path if path.is_absolute() else self.ctx.work_dir / path)


def blender_argv(params: Mapping[str, Any]) -> list[str]:
    exe = string_param(params, "exe", "blender-render")
    exe_args = string_param(params, "exeArgs", "blender-render", default="")
    args_before = string_list_param(params, "argsBefore", "blender-render")
    blendfile = string_param(params, "blendfile", "blender-render", default="")
    args = string_list_param(params, "args", "blender-render")
    try:
        argv = shlex.split(exe) + shlex.split(exe_args)
    except ValueError as exc:
        raise CommandError(f"blender-render: cannot split exe/exeArgs {exe!r} {exe_args!r}: {exc}") from None
    if not argv:
        raise CommandError("blender-render: parameter 'exe' is empty")
    return [*argv, *args_before, *([blendfile] if blendfile else []), *args]


@command("blender-render")
def blender_render(ctx: CommandContext, params: Mapping[str, Any]) -> None:
    argv = blender_argv(params)
    ctx.set_activity("Starting Blender")
    progress = BlenderProgress(ctx)
    status = ctx.run_process(argv, on_line=progress)
    ctx.log(f"Blender saved {len(progress.saved)} file(s)")
    if status != 0:
        raise CommandError(f"blender-render: Blender {describe_exit(status)}")
