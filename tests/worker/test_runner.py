"""The task runner with real processes: updates it sends, failures, and stopping a task's processes."""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pytest

from .fakes import MayIRunClient, make_runner, run_task, task

PY = sys.executable


def alive(pid: int) -> bool:
    """Whether the process exists and is not a zombie (a container's PID 1 may never reap it)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def wait_dead(pid: int, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive(pid):
            return True
        time.sleep(0.05)
    return False


def test_echo_task_reports_started_log_and_completed(tmp_path: Path) -> None:
    outcome, upstream = run_task(tmp_path, ("echo", {"message": "hello farm"}))
    assert outcome.result == "completed"
    payloads = upstream.payloads()
    assert payloads[0] == {"taskStatus": "active", "activity": "Started"}
    assert payloads[-1] == {"taskStatus": "completed", "activity": "Finished"}
    assert "echo: hello farm" in upstream.log_text()
    # The log went out before the final status.
    assert "echo: hello farm" in "".join(p.get("log", "") for p in payloads[:-1])
    assert {task_id for task_id, _ in upstream.updates} == {outcome.task_id}


def test_commands_run_in_order_and_stop_at_the_first_failure(tmp_path: Path) -> None:
    outcome, upstream = run_task(
        tmp_path,
        ("echo", {"message": "first"}),
        (
            "exec",
            {
                "exe": PY,
                "args": [
                    "-c",
                    "import sys; print('to stdout'); print('to stderr', file=sys.stderr); sys.exit(3)",
                ],
            },
        ),
        ("echo", {"message": "never"}),
    )
    assert outcome.result == "failed"
    assert outcome.reason == f"exec: {PY} exited with status 3"
    log = upstream.log_text()
    assert log.index("echo: first") < log.index("> to stdout") < log.index("> to stderr")
    assert "never" not in log
    assert upstream.payloads()[-1] == {
        "taskStatus": "failed",
        "activity": outcome.reason,
        "log": outcome.reason + "\n",
    }
    assert upstream.statuses() == ["active", "failed"]


def test_sleep_sleeps(tmp_path: Path) -> None:
    started = time.monotonic()
    outcome, upstream = run_task(tmp_path, ("sleep", {"duration_in_seconds": 0.3}))
    assert outcome.result == "completed"
    assert time.monotonic() - started >= 0.3
    assert "Sleeping 0.3 s" in upstream.activities()


@pytest.mark.parametrize(
    ("command", "reason"),
    [
        pytest.param(("frobnicate", {}), "unknown command 'frobnicate'", id="unknown-command"),
        pytest.param(
            ("exec", {"exe": "/no/such/program"}),
            "cannot run '/no/such/program': program not found",
            id="missing-exe",
        ),
        pytest.param(
            ("exec", {"exe": PY, "args": "-c pass"}),
            "parameter 'args' must be a list of strings",
            id="args-not-list",
        ),
        pytest.param(
            ("sleep", {"duration_in_seconds": "soon"}),
            "parameter 'duration_in_seconds' must be a number",
            id="bad-duration",
        ),
        pytest.param(("sleep", {"duration_in_seconds": -1}), "must be at least 0", id="negative-duration"),
        pytest.param(("sleep", {}), "missing parameter 'duration_in_seconds'", id="missing-param"),
        pytest.param(("echo", {}), "missing parameter 'message'", id="echo-without-message"),
        pytest.param(
            ("blender-render", {"exe": "blender", "args": [1]}),
            "parameter 'args' must be a list",
            id="blender-args",
        ),
    ],
)
def test_a_bad_command_fails_the_task_with_a_clear_reason(
    tmp_path: Path, command: tuple, reason: str
) -> None:
    outcome, upstream = run_task(tmp_path, command)
    assert outcome.result == "failed"
    assert reason in outcome.reason
    final = upstream.payloads()[-1]
    assert final["taskStatus"] == "failed" and reason in final["activity"] and reason in final["log"]


def test_process_output_is_logged_line_by_line_with_its_pid(tmp_path: Path) -> None:
    script = (
        "import time\n"
        "for i in range(3):\n"
        "    print(f'line {i}', flush=True)\n"
        "    time.sleep(0.1)\n"
        "print('progress\\rdone')"
    )
    outcome, upstream = run_task(tmp_path, ("exec", {"exe": PY, "args": ["-c", script]}))
    assert outcome.result == "completed"
    lines = upstream.log_text().splitlines()
    pid = int(re.search(r"\(pid (\d+)\)", upstream.log_text()).group(1))
    output = [line.split(" > ", 1)[1] for line in lines if f"pid={pid} > " in line]
    # A carriage return ends a line too (FFmpeg rewrites its progress line with one).
    assert output == ["line 0", "line 1", "line 2", "progress", "done"]


def test_may_i_run_no_kills_the_whole_process_tree_and_abandons_the_task(tmp_path: Path) -> None:
    script = (
        "import subprocess, sys, time\n"
        "child = subprocess.Popen(['sleep', '60'])\n"
        "print(f'child={child.pid}', flush=True)\n"
        "time.sleep(60)\n"
    )
    client = MayIRunClient(stop_after=1)
    runner, upstream = make_runner(tmp_path, client, may_i_run_interval=1.0)
    started = time.monotonic()
    outcome = runner.run(task(("exec", {"exe": PY, "args": ["-c", script]}), ("echo", {"message": "after"})))
    assert time.monotonic() - started < 10
    assert outcome.result == "abandoned"
    assert "task was canceled" in outcome.reason
    assert client.asked == 1

    log = upstream.log_text()
    parent = int(re.search(r"\(pid (\d+)\)", log).group(1))
    child = int(re.search(r"child=(\d+)", log).group(1))
    assert wait_dead(parent), "the command's process survived"
    assert wait_dead(child), "the process the command started survived"
    # Abandoned: no status after "active", and nothing of the remaining commands ran.
    assert upstream.statuses() == ["active"]
    assert "echo: after" not in log
    assert "task stopped on this worker" in log


def test_a_process_ignoring_sigterm_is_killed_after_the_grace_period(tmp_path: Path) -> None:
    script = (
        "import signal, time\n"
        "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
        "print('armed', flush=True)\n"
        "time.sleep(60)"
    )
    runner, upstream = make_runner(
        tmp_path, MayIRunClient(stop_after=1), may_i_run_interval=0.5, kill_grace_period=0.5
    )
    started = time.monotonic()
    outcome = runner.run(task(("exec", {"exe": PY, "args": ["-c", script]})))
    assert outcome.result == "abandoned"
    assert time.monotonic() - started < 5
    pid = int(re.search(r"\(pid (\d+)\)", upstream.log_text()).group(1))
    assert wait_dead(pid)


def test_status_change_request_from_may_i_run_is_passed_on(tmp_path: Path) -> None:
    client = MayIRunClient(stop_after=1, status_change=True)
    runner, _ = make_runner(tmp_path, client, may_i_run_interval=0.2)
    outcome = runner.run(task(("sleep", {"duration_in_seconds": 30})))
    assert outcome.result == "abandoned"
    assert outcome.status_change_requested


def test_shutdown_stops_a_sleeping_task_without_a_status_update(tmp_path: Path) -> None:
    stop_at = time.monotonic() + 0.3
    runner, upstream = make_runner(tmp_path, should_stop=lambda: time.monotonic() >= stop_at)
    outcome = runner.run(task(("sleep", {"duration_in_seconds": 30})))
    assert outcome.result == "abandoned"
    assert "shutting down" in outcome.reason
    assert time.monotonic() - stop_at < 2
    assert upstream.statuses() == ["active"]


def test_helpers_left_behind_by_a_finished_command_do_not_hold_the_task(tmp_path: Path) -> None:
    started = time.monotonic()
    outcome, upstream = run_task(
        tmp_path, ("exec", {"exe": "sh", "args": ["-c", "sleep 30 & echo started $!"]})
    )
    assert outcome.result == "completed"
    assert time.monotonic() - started < 5
    leftover = int(re.search(r"started (\d+)", upstream.log_text()).group(1))
    assert wait_dead(leftover)


def test_rejection_by_the_manager_abandons_the_running_task_silently(tmp_path: Path) -> None:
    runner, upstream = make_runner(tmp_path)
    assigned = task(("sleep", {"duration_in_seconds": 30}))

    import threading

    threading.Timer(
        0.3, runner.on_task_rejected, args=(assigned["uuid"], "assigned to another worker")
    ).start()
    outcome = runner.run(assigned)
    assert outcome.result == "abandoned"
    assert "assigned to another worker" in outcome.reason
    # Nothing after the rejection: not even the "task stopped" log line.
    assert "task stopped" not in upstream.log_text()
    assert upstream.statuses() == ["active"]


def test_long_output_is_sent_in_chunks(tmp_path: Path) -> None:
    script = "for i in range(2000): print('x' * 40, i)"
    outcome, upstream = run_task(tmp_path, ("exec", {"exe": PY, "args": ["-c", script]}))
    assert outcome.result == "completed"
    logs = [p["log"] for p in upstream.payloads() if "log" in p]
    assert len(logs) >= 5, "about 100 KiB of output should not go out as one update"
    assert all(len(chunk.encode()) < 8 * 1024 + 300 for chunk in logs)
    assert upstream.log_text().count("x" * 40) == 2000
