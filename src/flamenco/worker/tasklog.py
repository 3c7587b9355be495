"""A task's log and activity line, batched into task updates.

Sending every output line as its own request would flood the Manager (Blender prints dozens of
lines per frame); holding everything until the end would leave the web UI blind. Lines are
therefore collected and sent as one ``{log, activity}`` update when 8 KiB have gathered or a
second has passed, whichever comes first.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

FLUSH_BYTES = 8 * 1024
FLUSH_SECONDS = 1.0


def timestamp() -> str:
    return datetime.now().astimezone().isoformat(timespec="milliseconds")


class TaskLog:
    """Buffer for one task; ``send(update)`` receives each batch (it must not block for long)."""

    def __init__(
        self,
        send: Callable[[dict[str, Any]], None],
        *,
        flush_bytes: int = FLUSH_BYTES,
        flush_seconds: float = FLUSH_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._send = send
        self.flush_bytes = flush_bytes
        self.flush_seconds = flush_seconds
        self._clock = clock
        # Re-entrant: `send` may log (e.g. a rejected task) while a flush holds the lock.
        self._lock = threading.RLock()
        self._lines: list[str] = []
        self._size = 0
        self._activity: str | None = None
        self._last_flush = clock()

    def message(self, text: str) -> None:
        """A line from the worker itself."""
        self._add(f"{timestamp()} {text}")

    def output(self, pid: int, line: str) -> None:
        """A line a process printed."""
        self._add(f"{timestamp()} pid={pid} > {line}")

    def set_activity(self, activity: str) -> None:
        with self._lock:
            self._activity = activity

    def flush_if_due(self) -> None:
        """Send what is pending if the oldest of it has waited long enough."""
        with self._lock:
            if self._clock() - self._last_flush >= self.flush_seconds:
                self.flush()

    def flush(self) -> None:
        with self._lock:
            self._last_flush = self._clock()
            if not self._lines and self._activity is None:
                return
            update: dict[str, Any] = {}
            if self._activity is not None:
                update["activity"] = self._activity
            if self._lines:
                update["log"] = "\n".join(self._lines) + "\n"
            self._lines, self._size, self._activity = [], 0, None
            self._send(update)

    def _add(self, line: str) -> None:
        with self._lock:
            self._lines.append(line)
            self._size += len(line.encode("utf-8", "replace")) + 1
            if self._size >= self.flush_bytes:
                self.flush()
