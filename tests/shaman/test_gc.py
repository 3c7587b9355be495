"""Garbage collection: only content nobody can still need is deleted."""

from __future__ import annotations

import os
import shutil
import time
from datetime import timedelta
from pathlib import Path

from flamenco.shaman import Shaman

from .helpers import checksum, files_under, spec, store_all

MONTH = timedelta(days=31)
KEPT_BY_CHECKOUT = b"used by a job"
UNUSED = b"nobody links to this"
RECENT = b"uploaded yesterday"


def age(path: Path, days: float) -> None:
    then = time.time() - days * 86400
    os.utime(path, (then, then), follow_symlinks=False)


def blob(shaman: Shaman, content: bytes) -> Path:
    return shaman.file_store.blob_path(checksum(content), len(content))


def test_gc_removes_only_old_unreferenced_blobs(shaman: Shaman) -> None:
    store_all(shaman, [KEPT_BY_CHECKOUT, UNUSED, RECENT])
    shaman.checkout("proj/job", [spec(KEPT_BY_CHECKOUT, "scene.blend")])
    age(blob(shaman, KEPT_BY_CHECKOUT), 60)
    age(blob(shaman, UNUSED), 60)
    age(blob(shaman, RECENT), 1)

    removed = shaman.collect_garbage(MONTH)

    assert removed == [blob(shaman, UNUSED)]
    assert not blob(shaman, UNUSED).exists()
    assert blob(shaman, KEPT_BY_CHECKOUT).exists()
    assert blob(shaman, RECENT).exists()
    assert (shaman.checkout_root / "proj" / "job" / "scene.blend").read_bytes() == KEPT_BY_CHECKOUT
    # The emptied content-address directories go too.
    assert not blob(shaman, UNUSED).parent.exists()
    assert not blob(shaman, UNUSED).parent.parent.exists()


def test_dry_run_reports_without_deleting(shaman: Shaman) -> None:
    store_all(shaman, [UNUSED])
    age(blob(shaman, UNUSED), 60)

    assert shaman.collect_garbage(MONTH, dry_run=True) == [blob(shaman, UNUSED)]
    assert blob(shaman, UNUSED).exists()


def test_blob_becomes_garbage_once_its_checkout_is_deleted(shaman: Shaman) -> None:
    store_all(shaman, [KEPT_BY_CHECKOUT])
    shaman.checkout("job", [spec(KEPT_BY_CHECKOUT, "scene.blend")])
    age(blob(shaman, KEPT_BY_CHECKOUT), 60)
    assert shaman.collect_garbage(MONTH) == []

    shutil.rmtree(shaman.checkout_root / "job")

    assert shaman.collect_garbage(MONTH) == [blob(shaman, KEPT_BY_CHECKOUT)]


def test_absolute_symlinks_also_keep_blobs(shaman: Shaman) -> None:
    """E.g. a checkout made by hand or by an older Shaman."""
    store_all(shaman, [KEPT_BY_CHECKOUT])
    (shaman.checkout_root / "manual").mkdir()
    (shaman.checkout_root / "manual" / "file").symlink_to(blob(shaman, KEPT_BY_CHECKOUT).resolve())
    age(blob(shaman, KEPT_BY_CHECKOUT), 60)

    assert shaman.collect_garbage(MONTH) == []


def test_stale_upload_temp_files_are_removed(shaman: Shaman) -> None:
    uploading = shaman.file_store.uploading_root
    stale = uploading / "ab" / ("c" * 62) / "10-dead.tmp"
    fresh = uploading / "ab" / ("d" * 62) / "10-busy.tmp"
    for temp in (stale, fresh):
        temp.parent.mkdir(parents=True)
        temp.write_bytes(b"partial")
    age(stale, 2)

    assert shaman.collect_garbage(MONTH) == [stale]
    assert files_under(uploading) == [fresh]


def test_abandoned_temp_checkout_is_removed_and_keeps_nothing_alive(shaman: Shaman) -> None:
    store_all(shaman, [UNUSED])
    temp = shaman.checkout_root / ".job.1234abcd.shaman-checkout-tmp"
    temp.mkdir()
    (temp / "scene.blend").symlink_to(os.path.relpath(blob(shaman, UNUSED), temp))
    age(temp, 2)
    age(blob(shaman, UNUSED), 60)

    removed = shaman.collect_garbage(MONTH)

    assert sorted(removed) == sorted([temp, blob(shaman, UNUSED)])
    assert list(shaman.checkout_root.iterdir()) == []


def test_temp_checkout_in_progress_is_left_alone(shaman: Shaman) -> None:
    store_all(shaman, [KEPT_BY_CHECKOUT])
    temp = shaman.checkout_root / ".job.1234abcd.shaman-checkout-tmp"
    temp.mkdir()
    (temp / "scene.blend").symlink_to(os.path.relpath(blob(shaman, KEPT_BY_CHECKOUT), temp))
    age(blob(shaman, KEPT_BY_CHECKOUT), 60)

    assert shaman.collect_garbage(MONTH) == []
    assert (temp / "scene.blend").read_bytes() == KEPT_BY_CHECKOUT


def test_store_works_after_gc_pruned_directories(shaman: Shaman) -> None:
    store_all(shaman, [UNUSED])
    age(blob(shaman, UNUSED), 60)
    shaman.collect_garbage(MONTH)

    store_all(shaman, [UNUSED])

    assert blob(shaman, UNUSED).read_bytes() == UNUSED
