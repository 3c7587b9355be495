"""The setup assistant's checks: is a directory usable as shared storage, is a command Blender.

Flamenco 3.8's semantics (`checkSharedStoragePath`, `findBlenderExePath`, `checkBlenderExePath`),
within what :mod:`flamenco.confinement` allows: a path the Manager may not touch is reported as not
usable, with the reason, before anything is done with it. Answers are the spec's
`PathCheckResult` and `BlenderPathCheckResult` dicts.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from flamenco.confinement import PathNotAllowed, check_path

# How long `blender --version` may take (Flamenco: 10 s), and how much of its output is read.
BLENDER_VERSION_TIMEOUT = 10.0
_OUTPUT_LIMIT = 64 * 1024


def check_shared_storage(path: str, allowed: Iterable[Path]) -> dict[str, Any]:
    """Whether ``path`` is an existing directory the Manager can create and write files in.

    The test file (``flamenco-writability-test-*.txt``, with non-ASCII text) is removed again.
    """

    def result(usable: bool, cause: str) -> dict[str, Any]:
        return {"path": path, "is_usable": usable, "cause": cause}

    if not path:
        return result(False, "An empty path cannot be the shared storage.")
    try:
        resolved = check_path(path, allowed, what="shared storage path")
    except PathNotAllowed as exc:
        return result(False, f"The Manager may not use this path: {exc}.")
    if not resolved.exists():
        return result(False, "This path does not exist; choose an existing directory.")
    if not resolved.is_dir():
        return result(False, "This path is not a directory; choose an existing directory.")
    try:
        handle, name = tempfile.mkstemp(prefix="flamenco-writability-test-", suffix=".txt", dir=resolved)
    except OSError as exc:
        return result(False, f"The Manager cannot create a file in this directory: {exc.strerror or exc}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write("Ünicöde")
    except OSError as exc:
        return result(False, f"The Manager cannot write to {name}: {exc.strerror or exc}.")
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)
    return result(True, "The directory exists and the Manager can write files in it.")


def find_blender(allowed: Iterable[Path]) -> list[dict[str, Any]]:
    """Blender as found on the Manager's ``$PATH`` (there is no .blend file association to ask on
    the platforms this Manager runs on): a list of zero or one usable results."""
    found = check_blender("blender", allowed)
    return [found] if found["is_usable"] else []


def check_blender(command: str, allowed: Iterable[Path]) -> dict[str, Any]:
    """Whether ``command`` (a name looked up on ``$PATH``, a path to an executable, or a directory
    holding ``blender``) runs Blender: its ``--version`` output has a line starting ``Blender ``.

    Only a file whose name starts with ``blender`` is run, without a shell, with a timeout; a path
    (not a name found on ``$PATH``) must be allowed by :mod:`flamenco.confinement`.
    """
    is_path = os.sep in command or (os.altsep is not None and os.altsep in command)
    source = "input_path" if is_path else "path_envvar"

    def result(usable: bool, cause: str, path: str = "") -> dict[str, Any]:
        return {"input": command, "path": path, "source": source, "is_usable": usable, "cause": cause}

    if not command.strip():
        return result(False, "No command was given.")
    if is_path:
        try:
            executable = check_path(command, allowed, what="Blender path")
        except PathNotAllowed as exc:
            return result(False, f"The Manager may not run this: {exc}.")
        if executable.is_dir():
            executable = executable / "blender"
        if not executable.exists():
            return result(False, "Blender could not be found there.")
    else:
        which = shutil.which(command)
        if which is None:
            return result(False, "Blender could not be found on the Manager's PATH.")
        executable = Path(which)
    if not executable.name.lower().startswith("blender"):
        return result(False, f"{executable.name!r} is not named like Blender; only 'blender…' is run.")
    if not executable.is_file() or not os.access(executable, os.X_OK):
        return result(False, f"{executable} is not an executable file.")
    version, problem = _blender_version(executable)
    if version is None:
        return result(False, problem, str(executable))
    return result(True, f"Found {version}", str(executable))


def _blender_version(executable: Path) -> tuple[str | None, str]:
    try:
        completed = subprocess.run(
            [str(executable), "--version"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            timeout=BLENDER_VERSION_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return None, f"Running it took longer than {BLENDER_VERSION_TIMEOUT:.0f} seconds."
    except OSError as exc:
        return None, f"There was an error running it: {exc.strerror or exc}."
    output = completed.stdout[:_OUTPUT_LIMIT].decode("utf-8", errors="replace")
    if completed.returncode != 0:
        return None, f"It exited with status {completed.returncode}."
    for line in output.splitlines():
        if line.strip().startswith("Blender "):
            return line.strip(), ""
    return None, "It ran, but it did not say it is Blender."


# What the setup assistant writes as `blenderArgs` (Flamenco's default arguments).
DEFAULT_BLENDER_ARGS = "-b -y"
_SOURCES_WITH_INPUT = ("input_path", "path_envvar", "system_location")


def blender_command(executable: dict[str, Any], allowed: Iterable[Path]) -> str:
    """The `blender` variable's value for the setup assistant's chosen Blender, checked again here.

    The choice comes from the browser, so it is not trusted: a path or a name is checked as
    ``checkBlenderExePath`` checks it and must be usable. Raises :class:`ValueError` saying why not.
    """
    source, path, command = (
        executable.get("source", ""),
        executable.get("path", ""),
        executable.get("input", ""),
    )
    if not executable.get("is_usable"):
        raise ValueError("the chosen Blender is not usable")
    if source == "default":
        return "blender"
    if source == "file_association":
        if not path:
            raise ValueError("the chosen Blender has no path")
        return "blender"  # workers then use the .blend file association, as in Flamenco
    if source not in _SOURCES_WITH_INPUT:
        raise ValueError(f"unknown Blender source {source!r}")
    if not path or not command:
        raise ValueError("the chosen Blender needs both its input and its path")
    chosen = command if source == "path_envvar" else path
    checked = check_blender(chosen, allowed)
    if not checked["is_usable"]:
        raise ValueError(f"{chosen!r} is not a usable Blender here: {checked['cause']}")
    if any(char in chosen for char in "\n\t;()"):
        return '"' + chosen.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return chosen


def setup_mapping(current: dict[str, Any], storage: str, blender: str) -> dict[str, Any]:
    """The config file's keys with the setup assistant's choices: shared storage and Blender, one
    value per platform so that each is easy to edit later."""
    result = dict(current)
    result["shared_storage_path"] = storage
    variables = dict(result.get("variables") or {})
    variables["blender"] = {
        "values": [{"platform": p, "value": blender} for p in ("linux", "windows", "darwin")]
    }
    variables["blenderArgs"] = {"values": [{"platform": "all", "value": DEFAULT_BLENDER_ARGS}]}
    result["variables"] = variables
    return result
