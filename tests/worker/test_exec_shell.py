"""The ``exec`` command's shell form ``{exec, cwd, env}`` (pipeline jobs' tasks), with real processes."""

from __future__ import annotations

from pathlib import Path

from .fakes import run_task


def test_a_shell_command_runs_in_its_directory_with_its_environment(tmp_path: Path) -> None:
    shot = tmp_path / "shot"
    shot.mkdir()
    line = 'echo "frame $FRAME in $(pwd)" && echo done > marker.txt'
    outcome, upstream = run_task(tmp_path, ("exec", {"exec": line, "cwd": str(shot), "env": {"FRAME": "7"}}))
    assert outcome.result == "completed", outcome.reason
    assert f"> frame 7 in {shot}" in upstream.log_text()
    assert (shot / "marker.txt").read_text() == "done\n"
    assert upstream.statuses() == ["active", "completed"]


def test_output_is_streamed_and_a_non_zero_exit_fails_the_task(tmp_path: Path) -> None:
    outcome, upstream = run_task(tmp_path, ("exec", {"exec": "echo before; exit 4", "cwd": "", "env": {}}))
    assert outcome.result == "failed"
    assert outcome.reason == "exec: command exited with status 4: echo before; exit 4"
    assert "> before" in upstream.log_text()


def test_a_missing_working_directory_is_replaced_and_a_bad_environment_fails(tmp_path: Path) -> None:
    outcome, upstream = run_task(tmp_path, ("exec", {"exec": "pwd", "cwd": "/no/such/dir"}))
    assert outcome.result == "completed"  # the submitter's directory is often not on the render host
    log = upstream.log_text()
    assert (
        f"exec: working directory '/no/such/dir' does not exist on this worker; running in {tmp_path}" in log
    )
    assert f"> {tmp_path}" in log
    outcome, _ = run_task(tmp_path, ("exec", {"exec": "true", "env": {"A": 1}}))
    assert outcome.result == "failed" and "'env' must be an object of strings" in outcome.reason
    outcome, _ = run_task(tmp_path, ("exec", {"exec": "  "}))
    assert outcome.result == "failed" and "must be a non-empty string" in outcome.reason


def test_a_relative_working_directory_is_under_the_work_directory(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    outcome, upstream = run_task(tmp_path, ("exec", {"exec": "pwd", "cwd": "sub"}))
    assert outcome.result == "completed"
    assert f"> {tmp_path / 'sub'}" in upstream.log_text()
