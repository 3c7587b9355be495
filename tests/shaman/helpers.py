"""Helpers for the Shaman tests: real files under pytest's tmp_path, no mocks."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator, Iterable
from pathlib import Path

from flamenco.shaman import Shaman, StoreResult


def checksum(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def spec(content: bytes, path: str) -> dict[str, object]:
    """A ShamanFileSpec dict for ``content`` placed at ``path``."""
    return {"sha": checksum(content), "size": len(content), "path": path}


async def chunked(*chunks: bytes) -> AsyncIterator[bytes]:
    """An upload body arriving in pieces, yielding to the event loop between them like a socket."""
    for chunk in chunks:
        await asyncio.sleep(0)
        yield chunk


def upload(shaman: Shaman, content: bytes, *, sha: str | None = None, size: int | None = None) -> StoreResult:
    """Store ``content`` in one go, announcing ``sha``/``size`` (default: the true values)."""
    return asyncio.run(
        shaman.store(
            sha or checksum(content),
            len(content) if size is None else size,
            chunked(content),
        )
    )


def store_all(shaman: Shaman, contents: Iterable[bytes]) -> None:
    for content in contents:
        assert upload(shaman, content) in (StoreResult.STORED, StoreResult.ALREADY_STORED)


def files_under(directory: Path) -> list[Path]:
    """Every non-directory entry (files and symlinks) below ``directory``."""
    return sorted(p for p in directory.rglob("*") if p.is_symlink() or p.is_file())
