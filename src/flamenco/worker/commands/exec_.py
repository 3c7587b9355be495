"""``exec``: run a program. Two forms, told apart by their parameters:

* ``{exe, args}``: an executable with arguments, without a shell. No shell means no quoting
  problems and no injection through job settings: ``args`` reach the program exactly as listed.
* ``{exec, cwd, env}``: a command line run by the system shell (``/bin/sh -c``, ``cmd /c`` on
  Windows) in directory ``cwd`` with the variables ``env`` added to the worker's environment.
  This is how pipeline jobs (Afanasy's model, ``docs/afanasy.md``) run: their block commands are
  shell command lines written by the submitter (``nuke -F1,10 -x scene.nk``), as on an Afanasy
  render host.

Either fails the task when the program exits with a non-zero status; its output goes to the task
log line by line as it comes.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flamenco.worker.commands.base import CommandContext, CommandError, string_list_param, string_param
from flamenco.worker.commands.registry import command


@command("exec")
def exec_(ctx: CommandContext, params: Mapping[str, Any]) -> None:
    if "exec" in params:
        _shell_command(ctx, params)
        return
    exe = string_param(params, "exe", "exec")
    args = string_list_param(params, "args", "exec")
    ctx.set_activity(f"Running {exe}")
    status = ctx.run_process([exe, *args])
    if status != 0:
        raise CommandError(f"exec: {exe} exited with status {status}")


def _shell_command(ctx: CommandContext, params: Mapping[str, Any]) -> None:
    line = string_param(params, "exec", "exec")  # refuses an empty or blank command line
    cwd = _working_directory(ctx, str(params.get("cwd") or ""))
    env = params.get("env") or {}
    if not isinstance(env, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in env.items()
    ):
        raise CommandError(f"exec: parameter 'env' must be an object of strings, not {env!r}")
    ctx.set_activity(f"Running {line}")
    status = ctx.run_process(shell_argv(line), cwd=cwd, env=dict(env))
    if status != 0:
        raise CommandError(f"exec: command exited with status {status}: {line}")


def shell_argv(line: str) -> list[str]:
    """The argv running ``line`` through the platform's shell."""
    if sys.platform == "win32":
        return [os.environ.get("COMSPEC", "cmd.exe"), "/d", "/s", "/c", line]
    return ["/bin/sh", "-c", line]


def _working_directory(ctx: CommandContext, cwd: str) -> Path:
    """``cwd`` (relative: to the worker's work directory); empty or missing: the work directory.

    A missing directory is a warning in the task log, not a failure: Afanasy's ``af.Block``
    defaults the working directory to the submitting machine's current directory, which a render
    host often does not have, while the command itself names absolute paths.
    """
    if not cwd:
        return ctx.work_dir
    path = Path(cwd)
    if not path.is_absolute():
        path = ctx.work_dir / path
    if not path.is_dir():
        ctx.log(f"exec: working directory {cwd!r} does not exist on this worker; running in {ctx.work_dir}")
        return ctx.work_dir
    return path
