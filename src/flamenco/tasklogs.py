"""Task logs on disk: `<storage>/job-<uuid[:4]>/<job uuid>/task-<task uuid>.txt`, as Flamenco.

Logs are append-only text files rather than database rows: they grow large, are read rarely and
mostly from the end, and admins like to `tail -f` them.

Appending off the request path (the journal). Opening a task's file (creating it, for a task just
claimed) cost more of a scheduleTask + taskUpdate cycle than its database work. So while the
Manager runs as one server process, an append is one ``write`` of the lines to an open journal
file, `<storage>/task-logs-<n>.journal`, and a writer thread copies them into the tasks' files,
in order, several lines of one task in one open. The journal is as durable as the database's
commits (SQLite's WAL mode with ``synchronous=normal`` also hands its commits to the OS without
waiting for the disk): when the Manager dies, the next start copies what the journal still holds
into the tasks' files. A line is never lost; after a crash, the lines of the writer's last batch
may appear twice. Each process holds an exclusive ``flock`` on its journal, so a starting Manager
replays only journals whose process is gone. Readers (:meth:`TaskLogs.tail`,
:meth:`TaskLogs.path`) first wait until what was appended before is in the files.

With several server processes the journal stays off and each append goes to the task's file at
once: lines of one task written by two processes' journals could otherwise reach its file out of
order.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import shutil
import threading
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

log = logging.getLogger(__name__)

TAIL_BYTES = 2048
JOURNAL_ROTATE_BYTES = 8 * 1024 * 1024  # past this, appends go to a new journal file
BATCH_SECONDS = 0.05  # how long the writer lets appends gather before copying them

Chunk = tuple[str, str, str]  # job uuid, task uuid, text ending in a newline


class TaskLogs:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._locks: defaultdict[str, threading.Lock] = defaultdict(threading.Lock)
        self._locks_lock = threading.Lock()
        self._made_dirs: set[str] = set()  # skip a mkdir syscall per append
        self._journal: Journal | None = None

    def path(self, job_uuid: str, task_uuid: str) -> Path:
        """The log's file, once the lines appended so far are in it (for reading it whole, or
        removing it)."""
        self.flush()
        return self._path(job_uuid, task_uuid)

    def _path(self, job_uuid: str, task_uuid: str) -> Path:
        return Path(self._file(job_uuid, task_uuid)[1])

    def _file(self, job_uuid: str, task_uuid: str) -> tuple[str, str]:
        """The log's directory and file as strings: the writer joins them for every task it
        appends to, where pathlib's joins were measured at ~3 % of the Manager's time under
        `bench/dispatch.py`."""
        directory = f"{self.root}/job-{job_uuid[:4]}/{job_uuid}"
        return directory, f"{directory}/task-{task_uuid}.txt"

    def job_dir(self, job_uuid: str) -> Path:
        """The job's own directory under the Manager's storage (logs; Flamenco also keeps the
        job's last-rendered images there)."""
        return self.root / f"job-{job_uuid[:4]}" / job_uuid

    def remove_job(self, job_uuid: str) -> None:
        """Remove the job's directory with everything in it, and its parent once empty."""
        self.flush()  # the journal's writer must not bring back lines of the job afterwards
        directory = self.job_dir(job_uuid)
        shutil.rmtree(directory, ignore_errors=True)
        self._made_dirs.discard(str(directory))
        with contextlib.suppress(OSError):  # other jobs share it, or it never existed
            directory.parent.rmdir()

    def _lock(self, task_uuid: str) -> threading.Lock:
        with self._locks_lock:
            return self._locks[task_uuid]

    # --- writing ---------------------------------------------------------------------------------

    def append(self, job_uuid: str, task_uuid: str, text: str) -> None:
        """Append text, ending it with a newline so chunks never glue lines together."""
        if text:
            self.append_many([(job_uuid, task_uuid, text)])

    def append_many(self, chunks: Sequence[Chunk]) -> None:
        """Append each chunk to its task's log, in order; through the journal while it runs.

        Returns once the text is in the journal (or in the files): durable as a commit is.
        """
        chunks = [
            (job, task, text if text.endswith("\n") else text + "\n") for job, task, text in chunks if text
        ]
        if not chunks:
            return
        journal = self._journal
        if journal is None or not journal.append(chunks):
            self._write_files(chunks)

    def _write_files(self, chunks: Iterable[Chunk]) -> None:
        """Append to the tasks' files, one open per task for all its chunks here."""
        texts: dict[tuple[str, str], list[str]] = {}
        for job_uuid, task_uuid, text in chunks:
            texts.setdefault((job_uuid, task_uuid), []).append(text)
        for (job_uuid, task_uuid), parts in texts.items():
            directory, path = self._file(job_uuid, task_uuid)
            with self._lock(task_uuid):
                if directory not in self._made_dirs:
                    os.makedirs(directory, exist_ok=True)
                    self._made_dirs.add(directory)
                try:
                    log_file = open(path, "a", encoding="utf-8", errors="replace")  # noqa: SIM115
                except FileNotFoundError:  # its directory was removed since (another process)
                    os.makedirs(directory, exist_ok=True)
                    log_file = open(path, "a", encoding="utf-8", errors="replace")  # noqa: SIM115
                with log_file:
                    log_file.write("".join(parts))

    # --- the journal -----------------------------------------------------------------------------

    def start_journal(self, *, journal: bool = True) -> None:
        """Copy what dead processes' journals hold into the files, then (``journal``: the Manager
        runs one server process; see the module's docstring) append through a journal of its own."""
        if self._journal is not None:
            return
        self.root.mkdir(parents=True, exist_ok=True)
        replay_orphaned_journals(self.root, self._write_files)
        if journal:
            self._journal = Journal(self.root, self._write_files)

    def stop_journal(self) -> None:
        """Write everything still in the journal into the files and go back to direct appends."""
        journal, self._journal = self._journal, None
        if journal is not None:
            journal.close()

    def flush(self) -> None:
        """Return once every line appended before this call is in its task's file."""
        journal = self._journal
        if journal is not None:
            journal.flush()

    # --- reading ---------------------------------------------------------------------------------

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


def _encode(chunks: Iterable[Chunk]) -> bytes:
    return b"".join(
        json.dumps(chunk, ensure_ascii=False).encode("utf-8", "replace") + b"\n" for chunk in chunks
    )


def _decode(data: bytes) -> list[Chunk]:
    """Chunks of a journal; a last line cut short by a crash (never acknowledged) is dropped."""
    chunks = []
    for line in data.split(b"\n"):
        if not line:
            continue
        try:
            job_uuid, task_uuid, text = json.loads(line)
        except ValueError:
            log.warning("task-log journal: dropping an incomplete record (%d bytes)", len(line))
            continue
        chunks.append((job_uuid, task_uuid, text))
    return chunks


def replay_orphaned_journals(root: Path, write: Callable[[list[Chunk]], None]) -> int:
    """Copy journals of processes that are gone into the tasks' files, then delete them.

    A journal whose process still runs is locked (``flock``) and left alone. Returns how many
    journals were replayed.
    """
    replayed = 0
    for path in sorted(root.glob("task-logs-*.journal")):
        try:
            fd = os.open(path, os.O_RDWR)
        except FileNotFoundError:
            continue
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # its process is alive
            try:
                if os.stat(path).st_ino != os.fstat(fd).st_ino:
                    continue  # another starting process replayed and removed it meanwhile
            except FileNotFoundError:
                continue
            with os.fdopen(os.dup(fd), "rb") as journal_file:
                chunks = _decode(journal_file.read())
            if chunks:
                log.info("task-log journal %s: copying %d chunk(s) into task logs", path.name, len(chunks))
                write(chunks)
            path.unlink()
            replayed += 1
        finally:
            os.close(fd)
    return replayed


class Journal:
    """This process's journal file(s) and the thread copying them into the tasks' files."""

    def __init__(self, root: Path, write: Callable[[list[Chunk]], None]) -> None:
        self.root = root
        self._write = write
        self._cond = threading.Condition()
        self._queue: deque[tuple[int, list[Chunk]]] = deque()  # (journal number, chunks)
        self._appended = 0  # records appended
        self._written = 0  # records in the tasks' files
        self._number = 0
        self._size = 0
        self._fd = -1
        self._open_files: dict[int, tuple[Path, int]] = {}  # number → (path, fd), until copied
        self._closing = False
        self._urgent = False  # a reader waits: write now
        self._open_next()
        self._thread = threading.Thread(target=self._run, name="flamenco-tasklog-writer", daemon=True)
        self._thread.start()

    def _open_next(self) -> None:
        """Start a new journal file (under ``_cond``, or before the thread starts)."""
        self._number += 1
        path = self.root / f"task-logs-{os.getpid()}-{self._number}.journal"
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_TRUNC, 0o644)
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        self._open_files[self._number] = (path, fd)
        self._fd, self._size = fd, 0

    def append(self, chunks: list[Chunk]) -> bool:
        """Journal the chunks and queue them for the writer; False once the journal is closing."""
        record = _encode(chunks)
        with self._cond:
            if self._closing:
                return False
            if self._size + len(record) > JOURNAL_ROTATE_BYTES and self._size:
                self._open_next()
            view = memoryview(record)
            while view:
                view = view[os.write(self._fd, view) :]
            self._size += len(record)
            self._queue.append((self._number, chunks))
            self._appended += 1
            if len(self._queue) == 1:  # wake the writer once per batch, not once per append
                self._cond.notify_all()
        return True

    def flush(self) -> None:
        with self._cond:
            target = self._appended
            if self._written < target:
                self._urgent = True
                self._cond.notify_all()
            self._cond.wait_for(lambda: self._written >= target or not self._thread.is_alive())

    def close(self) -> None:
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        self._thread.join()
        for path, fd in self._open_files.values():
            os.close(fd)
            path.unlink(missing_ok=True)
        self._open_files.clear()

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._queue or self._closing)
                if not self._queue:
                    return  # closing, and everything is written
                if not (self._urgent or self._closing):
                    # Let a batch gather: a task's claim and its completion usually come within
                    # this, and go into its file in one open (a reader's flush cuts it short).
                    self._cond.wait_for(lambda: self._urgent or self._closing, BATCH_SECONDS)
                self._urgent = False
                batch = list(self._queue)
                self._queue.clear()
            try:
                self._write([chunk for _number, chunks in batch for chunk in chunks])
            except Exception:  # a full disk, a vanished directory: the journal keeps the lines
                log.exception("task-log writer: could not write %d record(s); retrying", len(batch))
                with self._cond:
                    self._queue.extendleft(reversed(batch))
                    self._cond.wait(1.0)
                continue
            with self._cond:
                self._written += len(batch)
                self._forget_copied()
                self._cond.notify_all()

    def _forget_copied(self) -> None:
        """Delete journal files whose every record is in the files; empty the current one when
        it is (under ``_cond``)."""
        oldest_needed = self._queue[0][0] if self._queue else self._number
        for number in [n for n in self._open_files if n < oldest_needed]:
            path, fd = self._open_files.pop(number)
            os.close(fd)
            path.unlink(missing_ok=True)
        if not self._queue and self._size:
            os.ftruncate(self._fd, 0)
            self._size = 0
