"""Redis for several Manager processes: refused clearly when missing or unreachable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from flamenco.events.redis import RedisUnavailable, check_redis, farm_channel

MANAGER = Path(sys.executable).parent / "flamenco-manager"


def _start(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(MANAGER), "--listen", "127.0.0.1:0", "--database", str(tmp_path / "db.sqlite"), *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=30,
        env={"PATH": "/usr/bin:/bin"},
    )


def test_several_processes_without_redis_are_refused_saying_what_to_set(tmp_path):
    result = _start(tmp_path, "--workers", "2")
    assert result.returncode == 2
    assert "redis_url" in result.stderr and "--workers 1" in result.stderr
    assert "listening" not in (result.stdout + result.stderr).lower()


def test_an_unreachable_redis_is_a_clear_start_up_error(tmp_path):
    result = _start(tmp_path, "--redis-url", "redis://127.0.0.1:1/0")
    assert result.returncode == 2
    assert "cannot reach Redis at redis://127.0.0.1:1/0" in result.stderr
    with pytest.raises(RedisUnavailable, match=r"127\.0\.0\.1:1"):
        check_redis("redis://127.0.0.1:1/0")


def test_the_running_redis_passes_the_check():
    check_redis("redis://127.0.0.1:6379/0")


def test_farms_sharing_a_redis_server_use_their_own_channels():
    farm = farm_channel("postgresql://db/farm-a", "socketio")
    assert farm == farm_channel("postgresql://db/farm-a", "socketio")
    assert farm != farm_channel("postgresql://db/farm-b", "socketio")
    assert farm != farm_channel("postgresql://db/farm-a", "work")
