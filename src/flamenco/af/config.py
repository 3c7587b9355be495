"""The configuration values Afanasy's `af` module reads, found the way CGRU finds them.

CGRU keeps its settings in JSON files (``{"cgru_config": {...}}``): the installation's
``config_default.json`` (which includes ``afanasy/config_default.json`` and ``config.json``),
``$CGRU_CUSTOM_CONFIG`` and the user's ``~/.cgru/config.json``, later files winning; then any value
``name`` can be overridden by the variable ``$CGRU_<NAME>``. A script run against this Manager
therefore sees the user name, priority, default service and server address the studio configured
for Afanasy. Unlike CGRU's loader this one never creates files (CGRU creates ``~/.cgru``).
"""

from __future__ import annotations

import getpass
import json
import os
import socket
import sys
from pathlib import Path
from typing import Any

# Afanasy's defaults (afanasy/config_default.json) for the values the job API reads.
DEFAULTS: dict[str, Any] = {
    "af_servername": "127.0.0.1",
    "af_serverport": 51000,
    "af_priority": 99,
    "af_cmdprefix": "",
    "af_task_default_service": "generic",
    "af_task_default_capacity": 1000,
}


def platform_words() -> list[str]:
    """CGRU's platform list: the most specific word last (``setNativeOS`` takes it)."""
    if sys.platform.startswith("win"):
        return ["windows"]
    words = ["unix"]
    if sys.platform.startswith("darwin"):
        words.append("macosx")
    elif sys.platform.startswith("linux"):
        words.append("linux")
    return words


def user_name() -> str:
    """The submitting user as CGRU names them: domain cut off, lower case."""
    name = (
        os.environ.get("CGRU_USERNAME")
        or os.environ.get("AF_USERNAME")
        or os.environ.get("USER")
        or os.environ.get("USERNAME")
        or getpass.getuser()
        or "None"
    )
    cut = max(name.rfind("/"), name.rfind("\\"))
    return name[cut + 1 :].lower()


def config_files() -> list[Path]:
    files: list[Path] = []
    location = os.environ.get("CGRU_LOCATION")
    if location:
        files.append(Path(location) / "config_default.json")
    custom = os.environ.get("CGRU_CUSTOM_CONFIG")
    if custom:
        files.append(Path(custom))
    home = os.environ.get("APPDATA") or os.environ.get("HOME")
    if home:
        folder = "cgru" if sys.platform.startswith("win") else ".cgru"
        files.append(Path(home) / folder / "config.json")
    return files


def _merge(into: dict[str, Any], section: dict[str, Any], platform: list[str]) -> None:
    for key, value in section.items():
        if not key or key.startswith("-"):
            continue  # comments ("") and disabled keys
        if key.startswith("OS_"):
            if key[3:] in platform and isinstance(value, dict):
                _merge(into, value, platform)
            continue
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value, platform)
            continue
        into[key] = value


def _load(path: Path, into: dict[str, Any], seen: set[Path], platform: list[str]) -> None:
    if path in seen or not path.is_file():
        return
    seen.add(path)
    try:
        section = json.loads(path.read_text(encoding="utf-8-sig"))["cgru_config"]
    except (OSError, ValueError, KeyError, TypeError) as err:
        print(f"af: ignoring CGRU config {path}: {err}", file=sys.stderr)
        return
    if not isinstance(section, dict):
        return
    _merge(into, section, platform)
    for include in section.get("include", []) if isinstance(section.get("include"), list) else []:
        _load(path.parent / str(include), into, seen, platform)


def _typed(current: Any, text: str) -> Any:
    if isinstance(current, bool):
        return bool(text)  # as CGRU does: any non-empty text is true
    if isinstance(current, int):
        return int(text)
    if isinstance(current, float):
        return float(text)
    return text


def file_values() -> dict[str, Any]:
    """What the CGRU config files set, without defaults or environment overrides."""
    platform = platform_words()
    values: dict[str, Any] = {}
    seen: set[Path] = set()
    for path in config_files():
        _load(path, values, seen, platform)
    return values


def load() -> dict[str, Any]:
    """Every value, read now (scripts and tests may change the environment between jobs)."""
    platform = platform_words()
    values: dict[str, Any] = dict(DEFAULTS)
    values["platform"] = platform
    values["HOSTNAME"] = socket.gethostname().lower()
    values["USERNAME"] = user_name()
    _merge(values, file_values(), platform)
    for name in list(values):
        override = os.environ.get("CGRU_" + name.upper())
        if override is not None:
            try:
                values[name] = _typed(values[name], override)
            except ValueError:
                print(f"af: ignoring ${'CGRU_' + name.upper()}={override!r}: not a number", file=sys.stderr)
    return values
