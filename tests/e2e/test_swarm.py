"""A reduced swarm (`bench/swarm.py`) in CI: many long-polling workers against real Managers.

Correctness, not speed (the full sizes are benchmarks, `bench/README.md`): every task is handed
out exactly once and ends completed, no answer is a 5xx, and nothing is left running, on one
process with SQLite and on two processes with PostgreSQL and Redis.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import _reset_postgres

pytestmark = pytest.mark.e2e

SWARM = Path(__file__).resolve().parents[2] / "bench" / "swarm.py"
REDIS_URL = "redis://127.0.0.1:6379/0"


def run_swarm(tmp_path: Path, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, str(SWARM), "--workdir", str(tmp_path), "--timeout", "300", *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    report = result.stdout + result.stderr
    log = tmp_path / "manager.log"
    assert "Traceback" not in (log.read_text() if log.exists() else ""), log.read_text()[-4000:]
    assert result.returncode == 0, report
    return report


def test_one_process_sqlite_hands_out_every_task_once(tmp_path: Path):
    report = run_swarm(tmp_path, "--workers", "200", "--tasks", "3000", "--work", "0.05")
    assert "3000 of 3000 (" in report and ", 0 twice)" in report
    assert "5xx answers               0" in report


@pytest.mark.postgres
def test_two_processes_postgres_hand_out_every_task_once(tmp_path: Path, postgres_url: str):
    _reset_postgres(postgres_url)
    report = run_swarm(
        tmp_path,
        *("--workers", "200", "--tasks", "3000", "--work", "0.05"),
        *("--database", postgres_url, "--server-workers", "2", "--redis-url", REDIS_URL),
    )
    assert "3000 of 3000 (" in report and ", 0 twice)" in report
