"""Task logs through the journal: in order, readable at once, never lost when the Manager dies."""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

from flamenco import tasklogs as tasklogs_module
from flamenco.tasklogs import TaskLogs

JOB = "1e3d0000-0000-4000-8000-000000000001"
TASKS = [f"7a5c0000-0000-4000-8000-{n:012d}" for n in range(4)]


def test_direct_appends_without_a_journal(tmp_path: Path):
    logs = TaskLogs(tmp_path)
    logs.append(JOB, TASKS[0], "one")
    logs.append(JOB, TASKS[0], "two\n")
    assert logs.path(JOB, TASKS[0]).read_text() == "one\ntwo\n"
    assert logs.tail(JOB, TASKS[1]) is None


def test_journal_keeps_each_tasks_lines_in_order_across_threads(tmp_path: Path):
    logs = TaskLogs(tmp_path)
    logs.start_journal()
    try:

        def writer(task: str) -> None:
            for number in range(300):
                logs.append_many([(JOB, task, f"{task} line {number}")])

        threads = [threading.Thread(target=writer, args=(task,)) for task in TASKS]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for task in TASKS:  # readers see everything appended before they asked
            lines = logs.path(JOB, task).read_text().splitlines()
            assert lines == [f"{task} line {number}" for number in range(300)]
        assert logs.tail(JOB, TASKS[0]).endswith("line 299\n")
    finally:
        logs.stop_journal()
    assert not list(tmp_path.glob("*.journal")), "a clean stop leaves no journal behind"


def test_lines_appended_after_stop_go_straight_to_the_file(tmp_path: Path):
    logs = TaskLogs(tmp_path)
    logs.start_journal()
    logs.append(JOB, TASKS[0], "through the journal")
    logs.stop_journal()
    logs.append(JOB, TASKS[0], "direct")
    assert logs.path(JOB, TASKS[0]).read_text() == "through the journal\ndirect\n"


def test_journal_rotates_and_removes_copied_files(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(tasklogs_module, "JOURNAL_ROTATE_BYTES", 512)
    logs = TaskLogs(tmp_path)
    logs.start_journal()
    try:
        for number in range(200):
            logs.append(JOB, TASKS[0], f"line {number:04d} " + "x" * 40)
        logs.flush()
        assert len(logs.path(JOB, TASKS[0]).read_text().splitlines()) == 200
        assert len(list(tmp_path.glob("*.journal"))) == 1, "copied journals are deleted"
    finally:
        logs.stop_journal()


def test_a_dead_processes_journal_is_replayed_at_the_next_start(tmp_path: Path):
    """A Manager killed before its writer copied the lines: the next start copies them."""
    journal = tmp_path / "task-logs-99999-1.journal"
    records = [(JOB, TASKS[0], "claimed\n"), (JOB, TASKS[1], "other\n"), (JOB, TASKS[0], "completed\n")]
    cut_short = json.dumps([JOB, TASKS[2], "never acknowledged"])[:20]  # a crash mid-write
    journal.write_text("".join(json.dumps(r) + "\n" for r in records) + cut_short)
    logs = TaskLogs(tmp_path)
    logs.start_journal()
    try:
        assert logs.path(JOB, TASKS[0]).read_text() == "claimed\ncompleted\n"
        assert logs.path(JOB, TASKS[1]).read_text() == "other\n"
        assert not logs.path(JOB, TASKS[2]).exists()
        assert not journal.exists()
    finally:
        logs.stop_journal()


def test_a_live_processes_journal_is_left_alone(tmp_path: Path):
    journal = tmp_path / "task-logs-1-1.journal"
    journal.write_text(json.dumps([JOB, TASKS[0], "still being written\n"]) + "\n")
    fd = os.open(journal, os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)  # as its (running) process holds it
    try:
        logs = TaskLogs(tmp_path)
        logs.start_journal(journal=False)
        assert journal.exists()
        assert not logs.path(JOB, TASKS[0]).exists()
    finally:
        os.close(fd)


def test_lines_survive_a_killed_process(tmp_path: Path):
    """Appends acknowledged by a process that is then killed (SIGKILL) reach the files later."""
    script = f"""
import os, signal
from pathlib import Path
from flamenco import tasklogs
from flamenco.tasklogs import TaskLogs
tasklogs.Journal._run = lambda self: None  # a writer that never gets to copy anything
logs = TaskLogs(Path({str(tmp_path)!r}))
logs.start_journal()
for n in range(50):
    logs.append({JOB!r}, {TASKS[0]!r}, f"line {{n}}")
os.kill(os.getpid(), signal.SIGKILL)
"""
    subprocess.run([sys.executable, "-c", script], check=False)
    assert list(tmp_path.glob("*.journal"))
    logs = TaskLogs(tmp_path)
    logs.start_journal()
    try:
        assert logs.path(JOB, TASKS[0]).read_text().splitlines() == [f"line {n}" for n in range(50)]
    finally:
        logs.stop_journal()
