"""Checks on what clients send to the Shaman: checksums, sizes and paths.

Everything here guards the filesystem. A checksum becomes a directory name, a path becomes a
symlink location, so a value that is not exactly what we expect is refused with
:class:`~flamenco.errors.BadRequest` before it gets near ``os`` calls. The rules are deliberately
stricter than POSIX allows: the Blender add-on sends lowercase hex digests and forward-slash paths
relative to the project, so anything else is a broken or hostile client.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flamenco.errors import BadRequest

_CHECKSUM = re.compile(r"[0-9a-f]{64}")
_WINDOWS_DRIVE = re.compile(r"[A-Za-z]:")
_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")

# Most filesystems refuse longer names; failing early gives a 400 instead of an OSError (500).
MAX_NAME_BYTES = 255


def validate_checksum(sha: object) -> str:
    """Return ``sha`` if it is a SHA-256 hex digest (64 lowercase hex chars), else raise BadRequest."""
    if not isinstance(sha, str) or not _CHECKSUM.fullmatch(sha):
        raise BadRequest(f"invalid checksum {sha!r}: expected 64 lowercase hexadecimal characters (SHA-256)")
    return sha


def validate_size(size: object) -> int:
    """Return ``size`` if it is a non-negative integer, else raise BadRequest.

    ``bool`` is refused explicitly because it is an ``int`` subclass and ``True`` would pass as 1.
    """
    if isinstance(size, bool) or not isinstance(size, int) or size < 0:
        raise BadRequest(f"invalid file size {size!r}: expected a non-negative integer")
    return size


def relative_parts(raw: object, what: str) -> tuple[str, ...]:
    """Split a client-supplied relative path into safe components.

    Accepts only forward-slash paths that stay inside wherever they are joined to. Empty and ``.``
    components are dropped (``a//./b`` is ``a/b``). Refused: empty paths, absolute POSIX paths,
    Windows drive or UNC paths, any backslash (a separator on Windows workers, so ``..\\x`` would
    escape there), ``..`` components, control characters and over-long names. ``what`` names the
    value in the error message ("checkout path", "file path").
    """
    if not isinstance(raw, str) or raw == "":
        raise BadRequest(f"{what} must be a non-empty string")
    if raw.startswith("/"):
        raise BadRequest(f"{what} {raw!r} must be relative, not absolute")
    if "\\" in raw:
        raise BadRequest(f"{what} {raw!r} must use forward slashes only")
    if _WINDOWS_DRIVE.match(raw):
        raise BadRequest(f"{what} {raw!r} must be relative, not a Windows drive path")
    if _CONTROL_CHARS.search(raw):
        raise BadRequest(f"{what} {raw!r} contains control characters")

    parts = tuple(part for part in raw.split("/") if part not in ("", "."))
    if ".." in parts:
        raise BadRequest(f"{what} {raw!r} must not contain '..'")
    if not parts:
        raise BadRequest(f"{what} {raw!r} does not name anything")
    for part in parts:
        if len(part.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
            raise BadRequest(f"{what} {raw!r} has a component longer than {MAX_NAME_BYTES} bytes")
    return parts


@dataclass(frozen=True)
class FileSpec:
    """One ``ShamanFileSpec``: which content (sha, size) the client wants at which path."""

    sha: str
    size: int
    path: str

    @property
    def key(self) -> tuple[str, int]:
        """Identity of the content in the store; the path plays no part in it."""
        return (self.sha, self.size)


def parse_file_spec(spec: object, *, path_required: bool = True) -> FileSpec:
    """Validate one ``ShamanFileSpec`` dict.

    Connexion validates bodies against the schema already, but the package is also used without
    HTTP (GC tools, tests), so the types are checked here too. With ``path_required=False`` a
    missing path becomes ``""``: the spec's own requirements example omits it, and the path does not
    matter for that operation.
    """
    if not isinstance(spec, Mapping):
        raise BadRequest(f"file specification must be an object, not {type(spec).__name__}")
    sha = validate_checksum(spec.get("sha"))
    size = validate_size(spec.get("size"))
    path: Any = spec.get("path", None if path_required else "")
    if not isinstance(path, str):
        raise BadRequest(f"file specification for {sha} needs a string 'path'")
    return FileSpec(sha=sha, size=size, path=path)
