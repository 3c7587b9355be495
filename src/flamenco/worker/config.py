"""Worker configuration: `flamenco-worker.yaml`, then environment variables, then CLI flags.

The key names Flamenco's own Worker uses (``manager_url``, ``task_types``, ``restart_exit_code``)
mean the same here, so an existing file keeps working. Environment variables are
``FLAMENCO_WORKER_`` + the key in upper case (``FLAMENCO_WORKER_MANAGER_URL``); list values are
comma-separated there and on the command line.

Relative file paths in the config file are taken relative to the file's directory, so a worker
started from any directory finds the same credentials and queue; without a config file they are
relative to the work directory.
"""

from __future__ import annotations

import dataclasses
import os
import socket
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

DEFAULT_CONFIG_FILE = "flamenco-worker.yaml"
ENV_PREFIX = "FLAMENCO_WORKER_"
DEFAULT_TASK_TYPES = ("blender", "ffmpeg", "file-management", "misc")


class WorkerConfigError(Exception):
    """The configuration file, an environment variable or a flag is invalid."""


@dataclass
class WorkerConfig:
    """Everything the agent needs to know; every key but ``manager_url`` has a usable default."""

    manager_url: str = ""
    task_types: list[str] = field(default_factory=lambda: list(DEFAULT_TASK_TYPES))
    # Exit status the worker uses when the Manager asks it to restart; 0 means "cannot restart"
    # (a service manager restarting the worker on this status is the admin's business).
    restart_exit_code: int = 0
    worker_name: str = field(default_factory=socket.gethostname)
    credentials_file: Path = Path("flamenco-worker-credentials.yaml")
    durable_queue: Path = Path("flamenco-worker-queue.sqlite")
    # Directory the task commands run in; relative paths above are relative to it when there is
    # no config file.
    work_dir: Path = field(default_factory=Path.cwd)
    # Seconds the Manager may hold a task request open (RFC 7240 `Prefer: wait=N`); 0 disables.
    poll_wait: float = 25.0
    # Pause between task requests when a "no task" answer came back much sooner than `poll_wait`
    # (a Manager that does not hold requests), so the worker does not hammer it.
    min_poll_interval: float = 2.0
    asleep_poll_interval: float = 3.0
    may_i_run_interval: float = 5.0
    # Seconds between hardware reports (free memory, disk, load) to the Manager; 0 disables.
    resources_interval: float = 60.0
    # Seconds between SIGTERM and SIGKILL when a task's processes have to go.
    kill_grace_period: float = 5.0
    # Seconds a shutdown waits for queued task updates to reach the Manager.
    shutdown_flush_timeout: float = 10.0
    # Ceiling of the exponential back-off while the Manager is unreachable.
    max_backoff: float = 30.0

    def check(self) -> None:
        """Refuse configurations the agent cannot run with, with a message an admin can act on."""
        if not self.manager_url:
            raise WorkerConfigError(
                "no Manager URL: set manager_url in flamenco-worker.yaml, "
                "FLAMENCO_WORKER_MANAGER_URL, or pass --manager http://host:8080/"
            )
        if not self.manager_url.startswith(("http://", "https://")):
            raise WorkerConfigError(
                f"manager_url must start with http:// or https://, not {self.manager_url!r}"
            )
        if not self.task_types:
            raise WorkerConfigError("task_types is empty; this worker could never get a task")
        if not self.worker_name.strip():
            raise WorkerConfigError("worker_name is empty")
        for name in ("poll_wait", "min_poll_interval", "asleep_poll_interval", "may_i_run_interval",
                     "resources_interval",
                     "kill_grace_period", "shutdown_flush_timeout", "max_backoff"):  # fmt: skip
            if getattr(self, name) < 0:
                raise WorkerConfigError(f"{name} must not be negative")


_FIELDS = {f.name: f for f in dataclasses.fields(WorkerConfig)}


def _convert(key: str, value: Any) -> Any:
    """Turn a YAML, environment or flag value into the field's type."""
    kind = str(_FIELDS[key].type)
    try:
        if kind == "list[str]":
            if isinstance(value, str):
                items = value.split(",")
            elif isinstance(value, list | tuple):
                items = [str(item) for item in value]
            else:
                raise ValueError(value)
            return [item.strip() for item in items if item.strip()]
        if kind == "Path":
            if value in (None, ""):
                raise ValueError(value)
            return Path(os.path.expanduser(str(value)))
        if kind == "int":
            if isinstance(value, bool):
                raise ValueError(value)
            return int(value)
        if kind == "float":
            if isinstance(value, bool):
                raise ValueError(value)
            return float(value)
        return str(value)
    except (TypeError, ValueError):
        raise WorkerConfigError(f"invalid value {value!r} for config key {key!r}") from None


def _apply(config: WorkerConfig, values: dict[str, Any], origin: str) -> None:
    for key, value in values.items():
        if key not in _FIELDS:
            raise WorkerConfigError(f"unknown config key {key!r} in {origin}")
        setattr(config, key, _convert(key, value))


def _from_environment(environ: dict[str, str]) -> dict[str, Any]:
    values = {}
    for name, value in environ.items():
        if name.startswith(ENV_PREFIX) and name != ENV_PREFIX + "CONFIG":
            values[name[len(ENV_PREFIX) :].lower()] = value
    return values


def _read_file(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise WorkerConfigError(f"cannot read config file {path}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise WorkerConfigError(f"config file {path} is not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise WorkerConfigError(f"config file {path} must hold a mapping of keys")
    return data


def load_worker_config(
    path: Path | None = None,
    *,
    environ: dict[str, str] | None = None,
    overrides: dict[str, Any] | None = None,
) -> WorkerConfig:
    """Build the config: defaults < YAML file < environment < explicit overrides (CLI flags).

    ``path`` None means ``$FLAMENCO_WORKER_CONFIG``, else ``flamenco-worker.yaml`` in the work
    directory (the ``work_dir`` override, else the current directory) if it exists. The result
    has absolute paths and has passed :meth:`WorkerConfig.check`.
    """
    environ = dict(os.environ if environ is None else environ)
    overrides = {k: v for k, v in (overrides or {}).items() if v is not None}
    config = WorkerConfig()

    env_values = _from_environment(environ)
    start_dir = Path(overrides.get("work_dir") or env_values.get("work_dir") or Path.cwd()).expanduser()
    if path is None and environ.get(ENV_PREFIX + "CONFIG"):
        path = Path(environ[ENV_PREFIX + "CONFIG"])
    if path is None and (start_dir / DEFAULT_CONFIG_FILE).is_file():
        path = start_dir / DEFAULT_CONFIG_FILE

    file_values: dict[str, Any] = _read_file(path) if path is not None else {}
    _apply(config, file_values, str(path))
    _apply(config, env_values, "the environment")
    _apply(config, overrides, "the command line")

    file_dir = path.absolute().parent if path is not None else start_dir.absolute()
    if "work_dir" in env_values or "work_dir" in overrides or "work_dir" not in file_values:
        config.work_dir = start_dir
    elif not config.work_dir.is_absolute():
        config.work_dir = file_dir / config.work_dir
    config.work_dir = config.work_dir.absolute()
    # A relative path from the file (or the default) means "next to the config file"; one from
    # the environment or a flag means "in the work directory".
    for key in ("credentials_file", "durable_queue"):
        value: Path = getattr(config, key)
        if not value.is_absolute():
            base = config.work_dir if key in env_values or key in overrides else file_dir
            setattr(config, key, base / value)
    config.check()
    return config
