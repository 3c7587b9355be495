"""The real `flamenco-worker` says at start which task types it cannot run for want of a program."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.api.live_manager import free_port

WORKER_SCRIPT = Path(sys.executable).parent / "flamenco-worker"


def fake_program(directory: Path, name: str) -> None:
    program = directory / name
    program.write_text("#!/bin/sh\nexit 0\n")
    program.chmod(0o755)


def start_lines(tmp_path: Path, path: Path, *args: str) -> list[str]:
    """The worker's log up to its first attempt to reach the (absent) Manager, then SIGTERM."""
    log_path = tmp_path / "worker.log"
    command = [
        str(WORKER_SCRIPT),
        "--manager",
        f"http://127.0.0.1:{free_port()}",
        "--work-dir",
        str(tmp_path),
    ]
    with open(log_path, "wb") as log_file:
        worker = subprocess.Popen(
            [*command, *args], env={"PATH": str(path)}, stderr=log_file, stdout=log_file
        )
    try:
        deadline = time.monotonic() + 30
        while "Manager unreachable" not in log_path.read_text() and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
    lines = log_path.read_text().splitlines()
    first_contact = next(i for i, line in enumerate(lines) if "Manager unreachable" in line)
    return lines[:first_contact]


@pytest.fixture
def bin_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "bin"
    directory.mkdir()
    return directory


def test_missing_blender_and_ffmpeg_are_named_with_their_task_types(tmp_path: Path, bin_dir: Path) -> None:
    warnings = [line for line in start_lines(tmp_path, bin_dir) if "WARNING" in line]
    assert len(warnings) == 2, warnings
    assert "cannot run 'blender' tasks: 'blender' is not on this worker's PATH" in warnings[0]
    assert "cannot run 'ffmpeg' tasks: 'ffmpeg' is not on this worker's PATH" in warnings[1]
    assert all("Manager's" in line for line in warnings)  # and what to do about it


def test_only_what_is_missing_is_named(tmp_path: Path, bin_dir: Path) -> None:
    fake_program(bin_dir, "blender")
    warnings = [line for line in start_lines(tmp_path, bin_dir) if "WARNING" in line]
    assert len(warnings) == 1, warnings
    assert "cannot run 'ffmpeg' tasks" in warnings[0]


def test_nothing_is_said_when_every_program_is_there(tmp_path: Path, bin_dir: Path) -> None:
    fake_program(bin_dir, "blender")
    fake_program(bin_dir, "ffmpeg")
    assert [line for line in start_lines(tmp_path, bin_dir) if "WARNING" in line] == []


def test_task_types_the_worker_does_not_take_need_nothing(tmp_path: Path, bin_dir: Path) -> None:
    lines = start_lines(tmp_path, bin_dir, "--task-types", "misc,file-management")
    assert [line for line in lines if "WARNING" in line] == []
