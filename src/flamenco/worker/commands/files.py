"""File management commands: ``move-directory``, ``copy-file`` and ``make-directory``.

Neither ever overwrites: a job that publishes frames must not silently destroy an earlier
result, so ``move-directory`` moves an existing destination aside and ``copy-file`` refuses.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from flamenco.worker.commands.base import CommandContext, CommandError, path_param
from flamenco.worker.commands.registry import command


def aside_name(dest: Path) -> Path:
    """Where an existing ``dest`` goes: ``dest-<its mtime as YYYY-MM-DD_HHMMSS>``, made unique."""
    stamp = datetime.fromtimestamp(dest.stat().st_mtime).strftime("%Y-%m-%d_%H%M%S")
    candidate = dest.with_name(f"{dest.name}-{stamp}")
    number = 1
    while candidate.exists() or candidate.is_symlink():
        number += 1
        candidate = dest.with_name(f"{dest.name}-{stamp}-{number}")
    return candidate


def _move(src: Path, dest: Path) -> None:
    """rename(2) when possible (atomic, instant); a copy-and-delete across filesystems."""
    try:
        os.rename(src, dest)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        shutil.move(str(src), str(dest))


@command("move-directory")
def move_directory(ctx: CommandContext, params: Mapping[str, Any]) -> None:
    src = path_param(params, "src", "move-directory", ctx.work_dir)
    dest = path_param(params, "dest", "move-directory", ctx.work_dir)
    if not src.is_dir():
        raise CommandError(f"move-directory: source {src} is not an existing directory")
    ctx.set_activity(f"Moving {src.name} to {dest}")
    try:
        if dest.exists() or dest.is_symlink():
            aside = aside_name(dest)
            ctx.log(f"move-directory: {dest} exists; moving it to {aside}")
            _move(dest, aside)
        dest.parent.mkdir(parents=True, exist_ok=True)
        ctx.log(f"move-directory: moving {src} to {dest}")
        _move(src, dest)
    except OSError as exc:
        raise CommandError(f"move-directory: cannot move {src} to {dest}: {exc.strerror or exc}") from None


@command("copy-file")
def copy_file(ctx: CommandContext, params: Mapping[str, Any]) -> None:
    src = path_param(params, "src", "copy-file", ctx.work_dir)
    dest = path_param(params, "dest", "copy-file", ctx.work_dir)
    if not src.is_file():
        raise CommandError(f"copy-file: source {src} is not an existing file")
    if dest.exists() or dest.is_symlink():
        raise CommandError(f"copy-file: destination {dest} already exists")
    ctx.set_activity(f"Copying {src.name}")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CommandError(
            f"copy-file: cannot create directory {dest.parent}: {exc.strerror or exc}"
        ) from None
    created = False
    try:
        # "x": fail rather than overwrite a file that appeared since the check above.
        with open(src, "rb") as source, open(dest, "xb") as target:
            created = True
            shutil.copyfileobj(source, target, 1024 * 1024)
    except FileExistsError:
        raise CommandError(f"copy-file: destination {dest} already exists") from None
    except OSError as exc:
        if created:
            with contextlib.suppress(OSError):
                dest.unlink()  # no half-copied file left behind
        raise CommandError(f"copy-file: cannot copy {src} to {dest}: {exc.strerror or exc}") from None
    shutil.copystat(src, dest)
    ctx.log(f"copy-file: copied {src} to {dest}")


@command("make-directory")
def make_directory(ctx: CommandContext, params: Mapping[str, Any]) -> None:
    """``mkdir -p``; an existing directory is fine, an existing file in the way is not."""
    path = path_param(params, "path", "make-directory", ctx.work_dir)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CommandError(f"make-directory: cannot create {path}: {exc.strerror or exc}") from None
    ctx.log(f"make-directory: {path} exists")
