"""The credentials file: private from the first byte, replaced atomically."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from flamenco.worker.credentials import (
    Credentials,
    CredentialsError,
    load_credentials,
    new_secret,
    save_credentials,
)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_saved_credentials_are_private_and_load_back(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "flamenco-worker-credentials.yaml"
    assert load_credentials(path) is None
    saved = Credentials("7c3a0d3e-7c0f-4d1c-9f3e-2f2b8a3c1d00", new_secret())
    old_umask = os.umask(0)  # even a careless umask must not make the secret readable
    try:
        save_credentials(path, saved)
    finally:
        os.umask(old_umask)
    assert mode(path) == 0o600
    assert load_credentials(path) == saved
    assert [p.name for p in path.parent.iterdir()] == [path.name], "no temporary file left behind"


def test_overwriting_keeps_the_file_private(tmp_path: Path) -> None:
    path = tmp_path / "creds.yaml"
    path.write_text("worker_id: old\nworker_secret: old\n")
    path.chmod(0o644)
    save_credentials(path, Credentials("new-id", "new-secret"))
    assert mode(path) == 0o600
    assert load_credentials(path) == Credentials("new-id", "new-secret")


def test_secrets_are_long_and_random() -> None:
    secrets = {new_secret() for _ in range(100)}
    assert len(secrets) == 100
    assert all(len(s) >= 40 for s in secrets)


@pytest.mark.parametrize("text", ["worker_id: x\n", "[1, 2]\n", "worker_id: [\n"])
def test_a_damaged_file_is_reported(tmp_path: Path, text: str) -> None:
    path = tmp_path / "creds.yaml"
    path.write_text(text)
    with pytest.raises(CredentialsError):
        load_credentials(path)
