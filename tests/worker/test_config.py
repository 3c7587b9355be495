"""flamenco-worker.yaml, FLAMENCO_WORKER_* variables and flags, in that order of strength."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from flamenco.worker.config import DEFAULT_TASK_TYPES, WorkerConfigError, load_worker_config

URL = "http://manager:8080/"


def test_defaults(tmp_path: Path) -> None:
    config = load_worker_config(environ={}, overrides={"manager_url": URL, "work_dir": tmp_path})
    assert config.task_types == list(DEFAULT_TASK_TYPES) == ["blender", "ffmpeg", "file-management", "misc"]
    assert config.worker_name == socket.gethostname()
    assert config.restart_exit_code == 0
    assert config.work_dir == tmp_path
    assert config.credentials_file == tmp_path / "flamenco-worker-credentials.yaml"
    assert config.durable_queue == tmp_path / "flamenco-worker-queue.sqlite"
    assert config.poll_wait == 25 and config.min_poll_interval == 2


def test_file_then_environment_then_flags(tmp_path: Path) -> None:
    config_dir = tmp_path / "etc"
    config_dir.mkdir()
    config_file = config_dir / "flamenco-worker.yaml"
    config_file.write_text(
        "manager_url: http://from-file:8080/\n"
        "task_types: [blender, misc]\n"
        "restart_exit_code: 47\n"
        "worker_name: file-name\n"
        "durable_queue: state/queue.sqlite\n"
    )
    environ = {
        "FLAMENCO_WORKER_MANAGER_URL": "http://from-env:8080/",
        "FLAMENCO_WORKER_TASK_TYPES": "ffmpeg, misc",
    }
    config = load_worker_config(
        config_file, environ=environ, overrides={"worker_name": "flag-name", "work_dir": tmp_path}
    )
    assert config.manager_url == "http://from-env:8080/"
    assert config.task_types == ["ffmpeg", "misc"]
    assert config.restart_exit_code == 47
    assert config.worker_name == "flag-name"
    # Relative paths from the file (and defaults) live next to the file.
    assert config.durable_queue == config_dir / "state" / "queue.sqlite"
    assert config.credentials_file == config_dir / "flamenco-worker-credentials.yaml"


def test_config_file_found_in_work_dir_and_named_by_environment(tmp_path: Path) -> None:
    (tmp_path / "flamenco-worker.yaml").write_text("manager_url: http://found:8080/\n")
    assert (
        load_worker_config(environ={}, overrides={"work_dir": tmp_path}).manager_url == "http://found:8080/"
    )
    other = tmp_path / "other.yaml"
    other.write_text("manager_url: http://named:8080/\n")
    environ = {"FLAMENCO_WORKER_CONFIG": str(other)}
    assert (
        load_worker_config(environ=environ, overrides={"work_dir": tmp_path}).manager_url
        == "http://named:8080/"
    )


@pytest.mark.parametrize(
    ("file_text", "environ", "message"),
    [
        pytest.param(
            "manager_url: http://m/\nmanagerurl: x\n", {}, "unknown config key 'managerurl'", id="typo"
        ),
        pytest.param(
            "manager_url: http://m/\nrestart_exit_code: often\n", {}, "restart_exit_code", id="bad-int"
        ),
        pytest.param("", {}, "no Manager URL", id="no-url"),
        pytest.param("manager_url: manager:8080\n", {}, "must start with http", id="no-scheme"),
        pytest.param(
            "manager_url: http://m/\n",
            {"FLAMENCO_WORKER_TASK_TYPES": " , "},
            "task_types is empty",
            id="no-types",
        ),
        pytest.param("- a list\n", {}, "must hold a mapping", id="not-a-mapping"),
    ],
)
def test_invalid_configuration_is_refused_with_a_reason(
    tmp_path: Path, file_text: str, environ: dict[str, str], message: str
) -> None:
    config_file = tmp_path / "flamenco-worker.yaml"
    config_file.write_text(file_text)
    with pytest.raises(WorkerConfigError, match=message):
        load_worker_config(config_file, environ=environ)
