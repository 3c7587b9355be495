"""The worker's identity at the Manager: its UUID and secret, kept in a small YAML file.

The secret is a password: the file is created with mode 0600 from the start (never written
world-readable and chmod-ed afterwards) and replaced atomically, so a crash mid-write leaves
either the old or the new credentials, never half a file.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

import yaml

log = logging.getLogger(__name__)

FILE_MODE = 0o600


class CredentialsError(Exception):
    """The credentials file exists but cannot be used."""


@dataclass(frozen=True)
class Credentials:
    worker_id: str
    worker_secret: str

    @property
    def auth(self) -> tuple[str, str]:
        """HTTP basic auth pair, as the Manager's `worker_auth` scheme expects."""
        return (self.worker_id, self.worker_secret)


def new_secret() -> str:
    """A fresh random secret; 32 bytes is far beyond guessing range."""
    return secrets.token_urlsafe(32)


def load_credentials(path: Path) -> Credentials | None:
    """The stored credentials, or None if the file does not exist yet (first start)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CredentialsError(f"cannot read credentials file {path}: {exc.strerror}") from None
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise CredentialsError(f"credentials file {path} is not valid YAML: {exc}") from None
    fields = data if isinstance(data, dict) else {}
    worker_id, worker_secret = fields.get("worker_id"), fields.get("worker_secret")
    if not (isinstance(worker_id, str) and worker_id and isinstance(worker_secret, str) and worker_secret):
        raise CredentialsError(
            f"credentials file {path} lacks worker_id/worker_secret; delete it to re-register"
        )
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        log.warning("credentials file %s is readable by others (mode %o); it should be 0600", path, mode)
    return Credentials(worker_id, worker_secret)


def save_credentials(path: Path, credentials: Credentials) -> None:
    """Write the credentials atomically with mode 0600, replacing any previous file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(
        {"worker_id": credentials.worker_id, "worker_secret": credentials.worker_secret}, sort_keys=False
    )
    temp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    # O_EXCL: never write into a file (or through a symlink) someone else put there.
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), FILE_MODE)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            if hasattr(os, "fchmod"):
                os.fchmod(out.fileno(), FILE_MODE)  # the umask may have taken bits off; make it exact
            out.write("# Flamenco Worker credentials; keep this file private.\n")
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        raise
    _fsync_directory(path.parent)


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where directories cannot be opened."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
