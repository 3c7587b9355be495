"""Checkouts: a job's directory tree made of symlinks into the blob store.

The add-on first asks which files are missing (:func:`report_requirements`), uploads those, then
asks for the checkout (:func:`create_checkout`). Workers render from the checkout, so it must be
complete or absent: it is built in a hidden temp directory next to the target and renamed into
place in one step. A failed or losing attempt removes its temp directory and leaves nothing.
"""

from __future__ import annotations

import errno
import logging
import os
import secrets
import shutil
from collections.abc import Iterable
from pathlib import Path

from flamenco.errors import BadRequest, Conflict
from flamenco.shaman.errors import CheckoutExists, MissingFiles
from flamenco.shaman.filestore import FileStore
from flamenco.shaman.fsutil import prune_empty_parents
from flamenco.shaman.validation import FileSpec, parse_file_spec, relative_parts

logger = logging.getLogger(__name__)

# Temp checkout directories are named ".<name>.<random>" + this suffix; the garbage collector
# recognises (and eventually removes) ones left behind by a crashed process.
TEMP_CHECKOUT_SUFFIX = ".shaman-checkout-tmp"
_TEMP_STEM_CHARS = 64

# rename(2) of a directory onto an existing path fails with one of these, depending on what is there.
_TARGET_TAKEN = {errno.EEXIST, errno.ENOTEMPTY, errno.ENOTDIR, errno.EISDIR}

# Unique mode (Flamenco 3.8's checkouts): a taken path gets "-" and this many random characters from
# _SUFFIX_CHARS appended, trying at most UNIQUE_ATTEMPTS suffixes, as Flamenco does.
UNIQUE_ATTEMPTS = 10
_SUFFIX_LENGTH = 4
_SUFFIX_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789"


def report_requirements(store: FileStore, files: Iterable[object]) -> list[dict[str, object]]:
    """Which of ``files`` the client still has to upload, each content (sha, size) reported once.

    Stored content is left out and touched, so the garbage collector keeps it until the checkout
    that is about to follow links to it.
    """
    seen: set[tuple[str, int]] = set()
    needed: list[dict[str, object]] = []
    for raw in files:
        spec = parse_file_spec(raw, path_required=False)
        if spec.key in seen:
            continue
        seen.add(spec.key)
        if store.touch(spec.sha, spec.size):
            continue
        status = store.status(spec.sha, spec.size)
        if status == "stored":  # finished between the touch and the status check
            continue
        needed.append({"sha": spec.sha, "size": spec.size, "path": spec.path, "status": status})
    return needed


def create_checkout(
    store: FileStore,
    checkout_root: Path,
    checkout_path: str,
    files: Iterable[object],
    *,
    unique: bool = False,
) -> str:
    """Create ``checkout_root/checkout_path`` with a relative symlink per file; return the path used.

    Raises BadRequest for unsafe or clashing paths, MissingFiles (424) if any content is not
    stored, CheckoutExists (409) if the directory exists or another request creates it first.
    Nothing is created unless every check passes.

    ``unique``: instead of 409, a taken path gets a random suffix (``shot-a1b2``), as Flamenco 3.8
    does; its add-on names the checkout after the job and reads back the path actually used.
    """
    parts = relative_parts(checkout_path, "checkout path")
    normalised = "/".join(parts)
    entries = _parse_entries(files)

    root_real = checkout_root.resolve()
    target = _resolve_target(root_real, checkout_root, parts, normalised)
    if os.path.lexists(target) and not unique:
        raise CheckoutExists(normalised)

    # Touching doubles as the existence check and keeps the blobs safe from the garbage collector.
    missing = [spec.path for spec, _ in entries if not store.touch(spec.sha, spec.size)]
    if missing:
        raise MissingFiles(missing)

    for attempt in range(1 + UNIQUE_ATTEMPTS if unique else 1):
        used, candidate = normalised, target
        if attempt:
            suffix = "".join(secrets.choice(_SUFFIX_CHARS) for _ in range(_SUFFIX_LENGTH))
            candidate = target.with_name(f"{target.name}-{suffix}")
            used = "/".join((*parts[:-1], candidate.name))
        if unique and os.path.lexists(candidate):
            continue
        try:
            _create(store, root_real, candidate, entries, used)
        except CheckoutExists:
            if unique:
                continue  # another request took this name first
            raise
        logger.info("shaman: checked out %d files to %s", len(entries), used)
        return used
    raise CheckoutExists(normalised)


Entries = list[tuple[FileSpec, tuple[str, ...]]]


def _create(store: FileStore, root_real: Path, target: Path, entries: Entries, used: str) -> None:
    created_parents: list[Path] = []
    try:
        _make_parents(root_real, target.parent, used, created_parents)
        _build_and_publish(store, target, entries, used)
    except BaseException:
        for directory in reversed(created_parents):
            prune_empty_parents(directory, root_real)
        raise


def _parse_entries(files: Iterable[object]) -> list[tuple[FileSpec, tuple[str, ...]]]:
    """Validate file specs and refuse paths that would collide inside the checkout."""
    entries: list[tuple[FileSpec, tuple[str, ...]]] = []
    taken: set[tuple[str, ...]] = set()
    for raw in files:
        spec = parse_file_spec(raw)
        rel = relative_parts(spec.path, "file path")
        if rel in taken:
            raise BadRequest(f"file path {spec.path!r} occurs more than once in the checkout")
        taken.add(rel)
        entries.append((spec, rel))

    # A path that is also a directory of another path ("a" and "a/b") cannot both be created.
    for _, rel in entries:
        for depth in range(1, len(rel)):
            if rel[:depth] in taken:
                raise BadRequest(f"file path {'/'.join(rel[:depth])!r} is also used as a directory")
    return entries


def _resolve_target(root_real: Path, checkout_root: Path, parts: tuple[str, ...], normalised: str) -> Path:
    """The physical target directory, refusing one that symlinks lead outside the checkout root.

    The parent is resolved (existing symlinks followed, missing parts appended) and everything
    after this works on that resolved path, so a symlink swapped in later is not followed again.
    """
    try:
        parent_real = checkout_root.joinpath(*parts[:-1]).resolve()
    except (OSError, RuntimeError) as ex:  # RuntimeError: symlink loop
        raise BadRequest(f"checkout path {normalised!r} cannot be resolved: {ex}") from ex
    if not parent_real.is_relative_to(root_real):
        raise BadRequest(f"checkout path {normalised!r} leads outside the checkout directory")
    return parent_real / parts[-1]


def _make_parents(root_real: Path, parent: Path, normalised: str, created: list[Path]) -> None:
    """Create the target's missing parent directories, recording in ``created`` those we made."""
    current = root_real
    for part in parent.relative_to(root_real).parts:
        current = current / part
        try:
            current.mkdir()
            created.append(current)
        except FileExistsError:
            if not current.is_dir():
                raise Conflict(
                    f"checkout path {normalised!r}: {part!r} exists and is not a directory"
                ) from None


def _build_and_publish(
    store: FileStore, target: Path, entries: list[tuple[FileSpec, tuple[str, ...]]], normalised: str
) -> None:
    if not entries:
        # Nothing to build; mkdir is atomic by itself and, unlike rename, refuses an empty target.
        try:
            target.mkdir()
        except FileExistsError:
            raise CheckoutExists(normalised) from None
        return

    temp = _make_temp_dir(target)
    try:
        stored_real = store.stored_root.resolve()
        for spec, rel in entries:
            link = temp.joinpath(*rel)
            link.parent.mkdir(parents=True, exist_ok=True)
            # Relative to where the link will live after the rename, so the whole storage tree can
            # be mounted at another prefix (e.g. on Windows or macOS workers).
            final_dir = target.joinpath(*rel[:-1])
            blob = stored_real / store.blob_relpath(spec.sha, spec.size)
            os.symlink(os.path.relpath(blob, final_dir), link)
        try:
            os.rename(temp, target)
        except OSError as ex:
            if ex.errno in _TARGET_TAKEN:
                raise CheckoutExists(normalised) from ex
            raise
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)  # rmtree never follows the symlinks
        raise


def _make_temp_dir(target: Path) -> Path:
    """A fresh hidden sibling of ``target``; mkdir with the umask, not tempfile's forced 0o700."""
    stem = target.name[:_TEMP_STEM_CHARS]  # keep the temp name within filesystem limits
    while True:
        temp = target.with_name(f".{stem}.{secrets.token_hex(4)}{TEMP_CHECKOUT_SUFFIX}")
        try:
            temp.mkdir()
        except FileExistsError:
            continue
        return temp


def erase_checkout(checkout_root: Path, checkout_id: str) -> bool:
    """Remove the checkout directory ``checkout_id`` (a path relative to the root, as a job's
    `storage.shaman_checkout_id` names it) and its emptied parents; False when there is none.

    The ID comes from a job submission, so it is checked like a checkout path: nothing outside the
    checkout root is ever removed, and symlinks inside a checkout are removed, not followed.
    """
    parts = relative_parts(checkout_id, "checkout ID")
    root_real = checkout_root.resolve()
    target = _resolve_target(root_real, checkout_root, parts, "/".join(parts))
    if target == root_real or not target.is_relative_to(root_real):
        raise BadRequest(f"checkout ID {checkout_id!r} does not name a checkout")
    if target.is_symlink():
        target.unlink()
    elif target.is_dir():
        shutil.rmtree(target)
    else:
        return False
    prune_empty_parents(target.parent, root_real)
    logger.info("shaman: removed checkout %s", "/".join(parts))
    return True
