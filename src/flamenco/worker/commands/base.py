"""What a command gets to work with, how it reports failure, and checks for its parameters.

Commands receive a :class:`CommandContext` instead of the runner itself, so a command cannot
send task status updates or touch the Manager: it logs, sets the activity line, runs processes
and sleeps, and the runner decides what that means for the task.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Protocol

LineHandler = Callable[[str], None]


class CommandError(Exception):
    """The command failed; the message is the reason shown as the task's activity and in its log."""


class TaskAborted(Exception):
    """The task must stop now (the Manager said so, or the worker is shutting down).

    Raised inside commands by the context's blocking calls; commands should let it propagate.
    """


class CommandContext(Protocol):
    """The runner's services to a running command."""

    @property
    def work_dir(self) -> Path:
        """Directory processes run in and relative paths are resolved against."""
        ...

    def log(self, message: str) -> None:
        """Add a line (from the worker, not a process) to the task log."""

    def set_activity(self, activity: str) -> None:
        """Replace the task's one-line activity shown in the web UI."""

    def sleep(self, seconds: float) -> None:
        """Wait, but raise :class:`TaskAborted` as soon as the task is aborted."""

    def output_produced(self, path: Path) -> None:
        """The command wrote this image (a rendered frame): the Manager shows the latest one."""

    def run_process(
        self,
        argv: list[str],
        on_line: LineHandler | None = None,
        *,
        cwd: Path | None = None,
        env: Mapping[str, str] | None = None,
    ) -> int:
        """Run ``argv`` (no shell), log its output line by line, return its exit status.

        ``cwd``: where it runs (default: the worker's work directory); ``env``: variables set on
        top of the worker's environment.

        ``on_line`` sees each output line too (e.g. to parse progress). Raises
        :class:`CommandError` if the program cannot be started, :class:`TaskAborted` if the
        task was aborted while it ran (its whole process group is killed then).
        """
        ...


Command = Callable[[CommandContext, Mapping[str, Any]], None]


# -- parameter checks: a bad parameter is the job's fault, so it fails the task with a clear reason.


def _fail(command: str, key: str, wanted: str, value: Any) -> CommandError:
    return CommandError(f"{command}: parameter {key!r} must be {wanted}, not {value!r}")


def string_param(params: Mapping[str, Any], key: str, command: str, *, default: str | None = None) -> str:
    """A non-empty string parameter; required unless ``default`` is given."""
    if key not in params or params[key] is None:
        if default is not None:
            return default
        raise CommandError(f"{command}: missing parameter {key!r}")
    value = params[key]
    if not isinstance(value, str) or (default is None and not value.strip()):
        raise _fail(command, key, "a non-empty string", value)
    return value


def string_list_param(params: Mapping[str, Any], key: str, command: str) -> list[str]:
    """An optional list of strings (missing or null: empty list)."""
    value = params.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _fail(command, key, "a list of strings", value)
    return list(value)


def number_param(params: Mapping[str, Any], key: str, command: str, *, minimum: float | None = None) -> float:
    """A required number (int or float, not bool); numeric strings are accepted too."""
    if key not in params or params[key] is None:
        raise CommandError(f"{command}: missing parameter {key!r}")
    value = params[key]
    if isinstance(value, bool):
        raise _fail(command, key, "a number", value)
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            raise _fail(command, key, "a number", value) from None
    if not isinstance(value, int | float) or value != value:  # NaN is not a duration or a rate
        raise _fail(command, key, "a number", value)
    if minimum is not None and value < minimum:
        raise _fail(command, key, f"at least {minimum:g}", value)
    return float(value)


def path_param(params: Mapping[str, Any], key: str, command: str, work_dir: Path) -> Path:
    """A required path; relative paths are relative to the work directory."""
    path = Path(string_param(params, key, command)).expanduser()
    return path if path.is_absolute() else work_dir / path
