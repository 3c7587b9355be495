"""First contact with the real `flamenco-manager` command: what goes wrong before it can serve is said
in one line, with exit status 2, before it claims to listen or starts a local worker."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

import pytest

from tests.api.live_manager import MANAGER_SCRIPT, free_port


def run_manager(workdir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the command in ``workdir``; a start that should fail must not get to serving."""
    workdir.mkdir(parents=True, exist_ok=True)
    return subprocess.run(
        [str(MANAGER_SCRIPT), *args],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin"},
    )


def assert_refused(result: subprocess.CompletedProcess[str], *fragments: str) -> str:
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr  # one line, no traceback, no "listening" before it
    for fragment in fragments:
        assert fragment in lines[0]
    return lines[0]


def test_a_database_path_that_is_a_directory(tmp_path: Path) -> None:
    (tmp_path / "farm.sqlite").mkdir()
    line = assert_refused(run_manager(tmp_path, "--database", "farm.sqlite", "--listen", f":{free_port()}"))
    assert line == "flamenco-manager: cannot open database farm.sqlite: it is a directory"


def test_a_database_path_below_a_file(tmp_path: Path) -> None:
    (tmp_path / "storage").write_text("not a directory")
    result = run_manager(tmp_path, "--database", "storage/farm.sqlite", "--listen", f":{free_port()}")
    assert_refused(result, "storage/farm.sqlite", f"{tmp_path / 'storage'} is a file, not a directory")


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("shopping list\n" * 200)
    result = run_manager(tmp_path, "--database", "notes.txt", "--listen", f":{free_port()}")
    assert_refused(result, "cannot open database notes.txt: file is not a database")
    assert (tmp_path / "notes.txt").read_text() == "shopping list\n" * 200


def test_a_database_server_nobody_answers_on_and_no_password_shown(tmp_path: Path) -> None:
    url = f"postgresql://postgres:hunter2@127.0.0.1:{free_port()}/farm"
    line = assert_refused(run_manager(tmp_path, "--database", url, "--listen", f":{free_port()}"))
    assert "postgresql://postgres:***@127.0.0.1" in line and "Connection refused" in line
    assert "hunter2" not in line


@pytest.mark.parametrize("listen", ["127.0.0.1:{port}", ":{port}"])
def test_a_port_in_use_is_said_before_the_local_worker_starts(tmp_path: Path, listen: str) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_manager(tmp_path, "--listen", listen.format(port=port), "--local-worker")
    assert_refused(result, f"port {port} is already in use", "--listen")
    assert not (tmp_path / "flamenco-worker").exists()  # the local worker never started
    assert not (tmp_path / "flamenco-manager.sqlite").exists()  # nor was anything created


def test_a_listen_host_that_does_not_resolve(tmp_path: Path) -> None:
    result = run_manager(tmp_path, "--listen", f"no-such-host.invalid:{free_port()}")
    assert_refused(result, "cannot listen on no-such-host.invalid:", "--listen")


def test_a_local_storage_path_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "storage").write_text("not a directory")
    result = run_manager(tmp_path, "--local-manager-storage-path", "storage", "--listen", f":{free_port()}")
    assert_refused(result, f"cannot use {tmp_path / 'storage' / 'metrics'}:")
