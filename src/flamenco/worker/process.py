"""A command's program, started in its own process group so the whole tree can be stopped.

Blender and FFmpeg start helper processes of their own; killing only the direct child would
leave those running (and rendering) after the Manager took the task away. Each program therefore
runs in a new session (POSIX: ``setsid``), and stopping means signalling the whole group:
SIGTERM first so programs can clean up, SIGKILL if they do not go.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

from flamenco.worker.commands.base import CommandError

# Longest piece of output taken as one log line; a program printing megabytes without a newline
# must not make the worker hold all of it.
MAX_LINE = 64 * 1024
_WINDOWS = sys.platform == "win32"


def describe_exit(status: int) -> str:
    """Human wording of a ``Popen.returncode``."""
    if status == 0:
        return "exited normally"
    if status > 0:
        return f"exited with status {status}"
    try:
        name = signal.Signals(-status).name
    except ValueError:
        name = f"signal {-status}"
    return f"was killed by {name}"


class ManagedProcess:
    """One running program with its output on a pipe (stdout and stderr merged, in order)."""

    def __init__(self, argv: list[str], cwd: Path, env: Mapping[str, str] | None = None) -> None:
        """``env``: variables set on top of the worker's own environment."""
        if not argv:
            raise CommandError("empty command line")
        options: dict = (
            {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
            if _WINDOWS
            else {"start_new_session": True}  # type: ignore[attr-defined]
        )
        try:
            self.popen = subprocess.Popen(
                argv,
                cwd=cwd,
                env={**os.environ, **env} if env else None,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                **options,
            )
        except FileNotFoundError:
            raise CommandError(f"cannot run {argv[0]!r}: program not found") from None
        except PermissionError:
            raise CommandError(f"cannot run {argv[0]!r}: permission denied") from None
        except OSError as exc:
            raise CommandError(f"cannot run {argv[0]!r}: {exc.strerror or exc}") from None
        self.pid = self.popen.pid
        self.argv = argv
        assert self.popen.stdout is not None
        self._output = io.TextIOWrapper(self.popen.stdout, encoding="utf-8", errors="replace", newline=None)

    def lines(self) -> Iterator[str]:
        """Output lines as they come; ``\\r`` counts as a line end (FFmpeg's progress line uses it)."""
        while line := self._output.readline(MAX_LINE):
            yield line.rstrip("\n")

    def wait(self) -> int:
        return self.popen.wait()

    def close(self) -> None:
        """Release the output pipe (the program may be gone, but the descriptor stays until closed)."""
        self._output.close()

    def has_exited(self) -> bool:
        """Whether the program itself ended (helpers it started may still run)."""
        return self.popen.poll() is not None

    def terminate_group(self) -> None:
        """Ask every process of the group to stop (SIGTERM)."""
        self._signal_group(signal.SIGTERM)

    def kill_group(self) -> None:
        """Stop every process of the group, no questions asked (SIGKILL)."""
        self._signal_group(getattr(signal, "SIGKILL", signal.SIGTERM))

    def _signal_group(self, sig: int) -> None:
        if _WINDOWS:
            # No process groups to signal; taskkill /T walks the tree.
            flags = ["/F"] if sig != signal.SIGTERM else []
            subprocess.run(
                ["taskkill", *flags, "/T", "/PID", str(self.pid)], capture_output=True, check=False
            )
            return
        # The group outlives its leader while members remain, and its id cannot be reused meanwhile.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, sig)
