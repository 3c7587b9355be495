"""``exec {exe, args}``: run any executable with arguments, without a shell.

No shell means no quoting problems and no injection through job settings: ``args`` reach the
program exactly as listed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flamenco.worker.commands.base import CommandContext, CommandError, string_list_param, string_param
from flamenco.worker.commands.registry import command


@command("exec")
def exec_(ctx: CommandContext, params: Mapping[str, Any]) -> None:
    exe = string_param(params, "exe", "exec")
    args = string_list_param(params, "args", "exec")
    ctx.set_activity(f"Running {exe}")
    status = ctx.run_process([exe, *args])
    if status != 0:
        raise CommandError(f"exec: {exe} exited with status {status}")
