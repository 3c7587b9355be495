"""Manager configuration: `flamenco-manager.yaml`, environment variables, then CLI flags.

Key names follow Flamenco's config file where Flamenco has the setting, so an admin's existing
file keeps its meaning. Every key has a default, so the Manager runs with no file at all.
Environment variables are ``FLAMENCO_`` + the key in upper case, with ``__`` for nesting
(``FLAMENCO_SHAMAN__ENABLED=false``).
"""

from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import yaml

from flamenco.errors import BadRequest

DEFAULT_CONFIG_FILE = "flamenco-manager.yaml"
# The Flamenco release whose API /api/v3 speaks. Flamenco 3.8's Blender add-on refuses to submit
# (unless the artist forces each submission) when `shortversion` differs from its own version.
FLAMENCO_COMPAT_VERSION = "3.8.5"
# The config file format version Flamenco 3 writes in `_meta.version`.
CONFIG_FORMAT_VERSION = 3

# Flamenco's defaults for the variables its built-in job types use.
DEFAULT_VARIABLES: dict[str, Any] = {
    "blender": {"values": [{"platform": "all", "value": "blender"}]},
    "blenderArgs": {"values": [{"platform": "all", "value": "-b -y"}]},
    "ffmpeg": {"values": [{"platform": "all", "value": "ffmpeg"}]},
}


class ConfigError(BadRequest):
    """The configuration file or an override is invalid."""


_DURATION = re.compile(r"(\d+(?:\.\d+)?)(h|ms|m|s)")
_UNITS = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001}


def parse_duration(value: str | int | float | timedelta) -> timedelta:
    """Parse Go-style durations (``10m``, ``1m30s``, ``744h``) as Flamenco's config uses them.

    A bare number means seconds.
    """
    if isinstance(value, timedelta):
        return value
    if isinstance(value, int | float):
        return timedelta(seconds=value)
    text = str(value).strip()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return timedelta(seconds=float(text))
    pos, seconds = 0, 0.0
    for match in _DURATION.finditer(text):
        if match.start() != pos:
            break
        seconds += float(match.group(1)) * _UNITS[match.group(2)]
        pos = match.end()
    if pos != len(text) or not text:
        raise ConfigError(f"invalid duration {value!r}; use e.g. 90s, 10m, 1h30m")
    return timedelta(seconds=seconds)


@dataclass
class ShamanConfig:
    enabled: bool = True
    gc_period: timedelta = timedelta(hours=24)
    gc_max_age: timedelta = timedelta(hours=744)


@dataclass
class MQTTClientConfig:
    """Flamenco 3.8's `mqtt.client`: publish the farm's events to an MQTT broker."""

    enabled: bool = False
    broker: str = ""  # tcp://host:1883, mqtt://…, ws://…
    clientID: str = "flamenco"  # Flamenco's spelling of the key
    topic_prefix: str = "flamenco"
    username: str = ""
    password: str = ""


@dataclass
class MQTTConfig:
    client: MQTTClientConfig = field(default_factory=MQTTClientConfig)


# Marks a field worked out while loading: not a key a config file may set.
DERIVED = {"derived": True}


@dataclass
class Config:
    manager_name: str = "Flamenco Manager"
    listen: str = ":8080"
    # A file path means SQLite; a URL (postgresql://…, sqlite:///…) picks the database.
    database: str = "flamenco-manager.sqlite"
    local_manager_storage_path: Path = Path("flamenco-manager-storage")
    shared_storage_path: Path = Path("flamenco-storage")
    # Directory with the admin's own job types (*.py), beside the built-in ones.
    job_types_path: Path | None = None
    shaman: ShamanConfig = field(default_factory=ShamanConfig)
    task_timeout: timedelta = timedelta(minutes=10)
    worker_timeout: timedelta = timedelta(minutes=1)
    # A task that this many different workers failed is failed for good (else: soft-failed).
    task_fail_after_softfail_count: int = 3
    # A worker that failed this many tasks of one type in a job is blocked from that type in that job.
    blocklist_threshold: int = 3
    # A job fails once this percentage of its tasks failed (Flamenco's fixed taskFailJobPercentage).
    task_fail_job_percentage: int = 10
    variables: dict[str, Any] = field(default_factory=lambda: dict(DEFAULT_VARIABLES))
    # gunicorn worker processes; more than one needs PostgreSQL and Redis (`redis_url`).
    workers: int = 1
    # Redis shared by the Manager processes for live updates and worker wake-ups
    # (redis://host:6379/0); empty for a single process.
    redis_url: str = ""
    # Check every response against the spec (tests/CI/staging; costs ~20 % throughput).
    validate_responses: bool = False
    mqtt: MQTTConfig = field(default_factory=MQTTConfig)
    # Where the configuration and setup operations of /api/v3 may point the Manager (shared
    # storage, Blender); empty: anywhere but system and Manager directories.
    allowed_paths: list[Path] = field(default_factory=list)
    # The Flamenco release /api/v3 reports as `shortversion`; set it to an older 3.8.x to let that
    # add-on submit without forcing.
    flamenco_compat_version: str = FLAMENCO_COMPAT_VERSION
    # Time zone of workers' sleep schedules (e.g. Europe/Amsterdam); empty: the Manager's own.
    sleep_schedule_timezone: str = ""
    # Accepted so that Flamenco's own config files load; this Manager does not use them (its
    # database needs no periodic check, and it does not announce itself over UPnP/SSDP).
    database_check_period: timedelta = timedelta(minutes=10)
    autodiscoverable: bool = True
    # Tickets (issue 9): {NAME: capacity} for farm-wide ones, or {NAME: {capacity, scope: farm|worker,
    # max_hosts}}; applied at every start (the file wins over changes made through the API).
    tickets: dict[str, Any] = field(default_factory=dict)
    # Worked out while loading: the file the settings came from (None: defaults, environment and
    # flags only), and whether this looks like a first start (no file, no shared storage given).
    source_file: Path | None = field(default=None, metadata=DERIVED)
    first_run: bool = field(default=False, metadata=DERIVED)

    @property
    def shaman_checkout_path(self) -> Path:
        return self.shared_storage_path / "jobs"

    @property
    def job_storage_location(self) -> Path:
        """Where jobs' files live: Shaman checkouts when Shaman is on, else shared storage."""
        return self.shaman_checkout_path if self.shaman.enabled else self.shared_storage_path

    def listen_host_port(self) -> tuple[str, int]:
        host, _, port = self.listen.rpartition(":")
        try:
            return host or "0.0.0.0", int(port)
        except ValueError:
            raise ConfigError(f"invalid listen address {self.listen!r}; use HOST:PORT or :PORT") from None


def _convert(value: Any, kind: Any, key: str) -> Any:
    """Convert a YAML/env value to the dataclass field's type."""
    kind_text = str(kind)
    try:
        if kind_text == "list[Path]":
            items = value.split(os.pathsep) if isinstance(value, str) else value
            if not isinstance(items, list):
                raise ValueError(value)
            return [Path(os.path.expanduser(str(item))) for item in items if str(item)]
        if "timedelta" in kind_text:
            return parse_duration(value)
        if "Path" in kind_text:
            return None if value in (None, "") else Path(os.path.expanduser(str(value)))
        if kind_text == "bool":
            if isinstance(value, str):
                if value.lower() in ("1", "true", "yes", "on"):
                    return True
                if value.lower() in ("0", "false", "no", "off"):
                    return False
                raise ValueError(value)
            return bool(value)
        if kind_text == "int":
            return int(value)
        if kind_text == "str":
            return str(value)
    except (TypeError, ValueError):
        raise ConfigError(f"invalid value {value!r} for config key {key!r}") from None
    return value


def _apply(target: Any, values: dict[str, Any], prefix: str = "") -> None:
    fields = {f.name: f for f in dataclasses.fields(target) if not f.metadata.get("derived")}
    aliases = {"garbageCollect": None}  # Flamenco nests GC settings; flattened here.
    for key, value in values.items():
        if key == "_meta" and not prefix:
            _check_meta(value)
            continue
        if key not in fields:  # environment variable names are upper case: FLAMENCO_MQTT__CLIENT__CLIENTID
            key = next((name for name in fields if name.lower() == key.lower()), key)
        if key in aliases and isinstance(value, dict):
            _apply(target, {f"gc_{k.replace('maxAge', 'max_age')}": v for k, v in value.items()}, prefix)
            continue
        if key not in fields:
            raise ConfigError(f"unknown config key {prefix + key!r}")
        current = getattr(target, key)
        if dataclasses.is_dataclass(current) and isinstance(value, dict):
            _apply(current, value, prefix + key + ".")
        elif key == "variables":
            if not isinstance(value, dict):
                raise ConfigError("config key 'variables' must be a mapping")
            merged = dict(DEFAULT_VARIABLES)
            merged.update(value)
            setattr(target, key, merged)
        else:
            setattr(target, key, _convert(value, fields[key].type, prefix + key))


def _check_meta(meta: Any) -> None:
    """Flamenco's `_meta: {version: 3}`; another format version would mean other keys."""
    version = meta.get("version") if isinstance(meta, dict) else None
    if version is not None and str(version) != str(CONFIG_FORMAT_VERSION):
        raise ConfigError(
            f"config format version {version!r} (_meta.version) is not supported; use {CONFIG_FORMAT_VERSION}"
        )


def _check_ranges(config: Config) -> None:
    for key in ("task_fail_after_softfail_count", "blocklist_threshold"):
        if getattr(config, key) < 1:
            raise ConfigError(f"config key {key!r} must be at least 1")
    if not 0 <= config.task_fail_job_percentage <= 100:
        raise ConfigError("config key 'task_fail_job_percentage' must be between 0 and 100")
    _check_tickets(config.tickets)


def _check_tickets(tickets: Any) -> None:
    if not isinstance(tickets, dict):
        raise ConfigError("config key 'tickets' must be a mapping {NAME: capacity}")
    for name, spec in tickets.items():
        where = f"config key 'tickets.{name}'"
        if not re.fullmatch(r"[A-Za-z0-9_.-]{1,64}", str(name)):
            raise ConfigError(f"{where}: a ticket name is letters, digits, '_', '.', '-' (at most 64)")
        if isinstance(spec, int) and not isinstance(spec, bool):
            spec = {"capacity": spec}
        if not isinstance(spec, dict) or set(spec) - {"capacity", "scope", "max_hosts"}:
            raise ConfigError(f"{where}: a capacity, or {{capacity, scope, max_hosts}}")
        capacity, scope, max_hosts = spec.get("capacity"), spec.get("scope", "farm"), spec.get("max_hosts")
        if not isinstance(capacity, int) or isinstance(capacity, bool) or capacity < 0:
            raise ConfigError(f"{where}: capacity must be a whole number of at least 0")
        if scope not in ("farm", "worker"):
            raise ConfigError(f"{where}: scope must be 'farm' or 'worker'")
        if max_hosts is not None and (scope != "farm" or not isinstance(max_hosts, int) or max_hosts < 1):
            raise ConfigError(f"{where}: max_hosts is for farm tickets, at least 1")


def _env_overrides(environ: dict[str, str]) -> dict[str, Any]:
    overrides: dict[str, Any] = {}
    for name, value in environ.items():
        # FLAMENCO_WORKER_* belong to a worker on the same machine; FLAMENCO_MANAGER to the CLI.
        if not name.startswith("FLAMENCO_") or name.startswith("FLAMENCO_WORKER_"):
            continue
        if name in ("FLAMENCO_CONFIG", "FLAMENCO_MANAGER"):
            continue
        path = name[len("FLAMENCO_") :].lower().split("__")
        node = overrides
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = value
    return overrides


def load_config(
    path: Path | None = None,
    *,
    environ: dict[str, str] | None = None,
    overrides: dict[str, Any] | None = None,
) -> Config:
    """Build the config: defaults < YAML file < environment < explicit overrides (CLI flags).

    ``path`` None means ``flamenco-manager.yaml`` in the working directory if it exists.
    """
    environ = dict(os.environ if environ is None else environ)
    config = Config()
    if path is None and environ.get("FLAMENCO_CONFIG"):
        path = Path(environ["FLAMENCO_CONFIG"])
    if path is None and Path(DEFAULT_CONFIG_FILE).exists():
        path = Path(DEFAULT_CONFIG_FILE)
    config.source_file = path
    if path is not None:
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        except OSError as exc:
            raise ConfigError(f"cannot read config file {path}: {exc.strerror}") from None
        except yaml.YAMLError as exc:
            raise ConfigError(f"config file {path} is not valid YAML: {exc}") from None
        if not isinstance(data, dict):
            raise ConfigError(f"config file {path} must hold a mapping of keys")
        _apply(config, data)
    environment = _env_overrides(environ)
    flags = {k: v for k, v in (overrides or {}).items() if v is not None}
    _apply(config, environment)
    _apply(config, flags)
    config.listen_host_port()  # validate early
    _check_ranges(config)
    config.first_run = path is None and not ({"shared_storage_path"} & (set(environment) | set(flags)))
    return config


def config_from_mapping(data: Any) -> Config:
    """A config from the keys of a config file alone (defaults beneath, no environment or flags).

    Raises :class:`ConfigError` exactly as loading a file with these keys would.
    """
    if not isinstance(data, dict):
        raise ConfigError("the configuration must be a mapping of keys")
    config = Config()
    _apply(config, data)
    config.listen_host_port()
    _check_ranges(config)
    return config


def format_duration(value: timedelta) -> str:
    """Go's way of writing a duration (``10m0s``, ``744h0m0s``, ``1.5s``), as Flamenco writes its file."""
    total = value.total_seconds()
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{seconds:g}s"
    if hours:
        return f"{int(hours)}h{int(minutes)}m{text}"
    if minutes:
        return f"{int(minutes)}m{text}"
    return text


def to_file_mapping(config: Config) -> dict[str, Any]:
    """The config as a config file holds it: Flamenco's key names and nesting, Go durations,
    paths as text, ``_meta.version`` first. Loading the result gives the same config back."""
    result: dict[str, Any] = {"_meta": {"version": CONFIG_FORMAT_VERSION}}
    for item in dataclasses.fields(config):
        if item.metadata.get("derived"):
            continue
        value = getattr(config, item.name)
        if item.name == "shaman":
            result["shaman"] = {
                "enabled": value.enabled,
                "garbageCollect": {
                    "period": format_duration(value.gc_period),
                    "maxAge": format_duration(value.gc_max_age),
                },
            }
        elif value is not None:
            result[item.name] = _file_value(value)
    return result


def _file_value(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {item.name: _file_value(getattr(value, item.name)) for item in dataclasses.fields(value)}
    if isinstance(value, timedelta):
        return format_duration(value)
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, list):
        return [_file_value(v) for v in value]
    return value
