"""The Manager's configuration file, read and rewritten for `/api/v3`'s configuration and setup operations.

The file is the one the Manager started from (``--config``, ``$FLAMENCO_CONFIG`` or
``flamenco-manager.yaml`` in its working directory; that last one is created when there was none).
What is written is checked first, as loading it at the next start would check it, and is
confined (:mod:`flamenco.confinement`):

* ``allowed_paths`` and ``job_types_path`` cannot be changed this way: the first is the boundary
  itself, the second names Python files the Manager executes. Change them in the file itself.
* a changed ``shared_storage_path``, ``local_manager_storage_path`` or SQLite ``database`` file
  must be a path the Manager may touch; values already in the file are left alone.

The file is replaced atomically (a whole new file, renamed over the old one), so a reader never
sees half of it; comments in it are not kept. The running Manager takes the new ``variables`` at
once (they are looked up per task); everything else takes effect at its next start.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
from pathlib import Path
from typing import Any

import yaml

from flamenco.config import (
    DEFAULT_CONFIG_FILE,
    Config,
    ConfigError,
    config_from_mapping,
    load_config,
    to_file_mapping,
)
from flamenco.confinement import PathNotAllowed, check_path
from flamenco.errors import FlamencoError, Forbidden

# Keys the API may not change (see the module docstring), and path keys it may change within bounds.
FIXED_KEYS = ("allowed_paths", "job_types_path")
CONFINED_KEYS = ("shared_storage_path", "local_manager_storage_path", "database")
_AUDIENCES = ("", "all", "workers", "users")

_lock = threading.Lock()


class BrokenConfigFile(FlamencoError):
    """The file on disk cannot be read as a configuration (someone edited it by hand)."""

    status = 500


def file_path(config: Config) -> Path:
    """Where the running Manager's configuration file is (or will be)."""
    return (config.source_file or Path(DEFAULT_CONFIG_FILE)).absolute()


def read(config: Config) -> dict[str, Any]:
    """What the file holds, with defaults for what it leaves out (environment and flags not applied)."""
    path = file_path(config)
    if not path.exists():
        return to_file_mapping(Config())
    try:
        return to_file_mapping(load_config(path, environ={}))
    except ConfigError as exc:
        raise BrokenConfigFile(f"the configuration file {path} cannot be used: {exc.message}") from None


def write(config: Config, data: Any) -> Config:
    """Check ``data`` (a config file's keys) and write it as the file; returns what it configures.

    Raises :class:`ConfigError` (400) for keys or values the Manager would refuse at start, and
    :class:`Forbidden` (403) for a change it may not make.
    """
    new = config_from_mapping(data)
    _check_variables(new.variables)
    with _lock:
        current = read(config)
        wanted = to_file_mapping(new)
        for key in FIXED_KEYS:
            if wanted.get(key) != current.get(key):
                raise Forbidden(
                    f"config key {key!r} can only be changed in the file on the Manager's machine"
                )
        for key in CONFINED_KEYS:
            value = wanted.get(key)
            if value == current.get(key) or value is None or (key == "database" and "://" in str(value)):
                continue
            try:
                check_path(Path(str(value)).absolute(), config.allowed_paths, what=key)
            except PathNotAllowed as exc:
                raise Forbidden(str(exc)) from None
        _replace(file_path(config), wanted)
    return new


def _check_variables(variables: dict[str, Any]) -> None:
    """Flamenco's variable shape; what a worker would otherwise trip over at the next task."""
    for name, spec in variables.items():
        where = f"variable {name!r}"
        if not isinstance(spec, dict) or not isinstance(spec.get("values", []), list):
            raise ConfigError(f"{where} must be a mapping with a list of 'values'")
        if not isinstance(spec.get("is_twoway", False), bool):
            raise ConfigError(f"{where}: is_twoway must be true or false")
        for value in spec.get("values", []):
            if not isinstance(value, dict) or not isinstance(value.get("value"), str):
                raise ConfigError(f"{where}: each value needs a string 'value'")
            if value.get("audience", "") not in _AUDIENCES:
                raise ConfigError(f"{where}: audience must be one of all, workers, users")
            platforms = value.get("platforms", [])
            if not isinstance(value.get("platform", ""), str) or not isinstance(platforms, list):
                raise ConfigError(f"{where}: platform must be a string and platforms a list")


def _replace(path: Path, mapping: dict[str, Any]) -> None:
    text = yaml.safe_dump(mapping, sort_keys=False, allow_unicode=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
