"""Which filesystem paths the configuration and setup operations of `/api/v3` may point the Manager at.

Flamenco's setup assistant and configuration editor let anyone who reaches the Manager's API name a
directory the Manager then writes to (shared storage, its own storage, the database) and a program
it runs (Blender's `--version`). This Manager confines those paths:

* a path must be absolute; it is judged after resolving `..` and symbolic links, so a link cannot
  lead out of what is allowed;
* with config key ``allowed_paths`` set, it must be one of those directories or inside one;
* without it, it may be anywhere except the operating system's own directories (``/etc``,
  ``/usr``, ``/proc``, ...) and a whole top-level directory such as ``/`` or ``/home``;
* never inside the Manager's own installation (its Python environment and package).

Nothing here touches the filesystem beyond resolving the path.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path, PurePath

import flamenco

# The operating system's own directories: neither they nor anything inside them.
_SYSTEM_TREES = (
    "/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/libx32", "/proc", "/root", "/run",
    "/sbin", "/snap", "/sys", "/usr", "/var/lib", "/var/log", "/var/run", "/var/spool",
)  # fmt: skip
# Directories too broad to hand over whole; what is inside them is fine.
_SYSTEM_ROOTS = ("/", "/home", "/media", "/mnt", "/opt", "/srv", "/tmp", "/var", "/Users", "/Volumes")


class PathNotAllowed(ValueError):
    """The path is outside what the Manager may touch; the message says why."""


def manager_directories() -> list[Path]:
    """The Manager's own installation: its Python environment(s) and its package."""
    package = Path(flamenco.__file__).resolve().parent
    return [_real(Path(p)) for p in {sys.prefix, sys.base_prefix, sys.exec_prefix}] + [package]


def check_path(path: str | PurePath, allowed: Iterable[Path] = (), *, what: str = "path") -> Path:
    """``path`` resolved, or :class:`PathNotAllowed` saying why the Manager may not use it."""
    text = str(path)
    if not text.strip():
        raise PathNotAllowed(f"the {what} is empty")
    if "\x00" in text:
        raise PathNotAllowed(f"the {what} contains a NUL character")
    if not os.path.isabs(text):
        raise PathNotAllowed(f"the {what} must be absolute, not {text!r}")
    resolved = _real(Path(text))
    for own in manager_directories():
        if _inside(resolved, own):
            raise PathNotAllowed(f"the {what} {text!r} is inside the Manager's own installation ({own})")
    allowed = [_real(Path(a)) for a in allowed]
    if allowed:
        if not any(_inside(resolved, root) for root in allowed):
            listed = ", ".join(str(a) for a in allowed)
            raise PathNotAllowed(
                f"the {what} {text!r} is outside the allowed paths ({listed}; config allowed_paths)"
            )
        return resolved
    for tree in _SYSTEM_TREES:
        if _inside(resolved, Path(tree)):
            raise PathNotAllowed(f"the {what} {text!r} is in a system directory ({tree})")
    if str(resolved) in _SYSTEM_ROOTS or resolved.parent == resolved:
        raise PathNotAllowed(f"the {what} {text!r} is a whole top-level directory; choose one inside it")
    return resolved


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _inside(path: Path, root: Path) -> bool:
    return path == root or path.is_relative_to(root)
