"""Task logs on disk: `<storage>/job-<uuid[:4]>/<job uuid>/task-<task uuid>.txt`, as Flamenco.

Logs are append-only text files rather than database rows: they grow large, are read rarely and
mostly from the end, and admins like to `tail -f` them.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from collections import defaultdict
from pathlib import Path

TAIL_BYTES = 2048


class TaskLogs:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._locks: defaultdict[str, threading.Lock] = defaultdict(threading.Lock)
        self._locks_lock = threading.Lock()
        self._made_dirs: set[Path] = set()  # skip a mkdir syscall per append

    def path(self, job_uuid: str, task_uuid: str) -> Path:
        return self.root / f"job-{job_uuid[:4]}" / job_uuid / f"task-{task_uuid}.txt"

    def job_dir(self, job_uuid: str) -> Path:
        """The job's own directory under the Manager's storage (logs; Flamenco also keeps the
        job's last-rendered images there)."""
        return self.root / f"job-{job_uuid[:4]}" / job_uuid

    def remove_job(self, job_uuid: str) -> None:
        """Remove the job's directory with everything in it, and its parent once empty."""
        directory = self.job_dir(job_uuid)
        shutil.rmtree(directory, ignore_errors=True)
        self._made_dirs.discard(directory)
        with contextlib.suppress(OSError):  # other jobs share it, or it never existed
            directory.parent.rmdir()

    def _lock(self, task_uuid: str) -> threading.Lock:
        with self._locks_lock:
            return self._locks[task_uuid]

    def append(self, job_uuid: str, task_uuid: str, text: str) -> None:
        """Append text, ending it with a newline so chunks never glue lines together."""
        if not text:
            return
        if not text.endswith("\n"):
            text += "\n"
        path = self.path(job_uuid, task_uuid)
        with self._lock(task_uuid):
            if path.parent not in self._made_dirs:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._made_dirs.add(path.parent)
            try:
                log_file = open(path, "a", encoding="utf-8", errors="replace")  # noqa: SIM115
            except FileNotFoundError:  # its directory was removed since (another process)
                path.parent.mkdir(parents=True, exist_ok=True)
                log_file = open(path, "a", encoding="utf-8", errors="replace")  # noqa: SIM115
            with log_file:
                log_file.write(text)

    def tail(self, job_uuid: str, task_uuid: str, max_bytes: int = TAIL_BYTES) -> str | None:
        """The last ``max_bytes`` of the log, from the first complete line; None if no log."""
        path = self.path(job_uuid, task_uuid)
        try:
            with open(path, "rb") as log_file:
                size = log_file.seek(0, os.SEEK_END)
                if size == 0:
                    return None
                start = max(0, size - max_bytes)
                log_file.seek(start)
                data = log_file.read()
        except FileNotFoundError:
            return None
        if start > 0:
            newline = data.find(b"\n")
            if 0 <= newline < len(data) - 1:
                data = data[newline + 1 :]
        return data.decode("utf-8", errors="replace")
