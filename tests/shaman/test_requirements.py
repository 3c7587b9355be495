"""The requirements check: which files must the add-on still upload?"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import AsyncIterator

import pytest

from flamenco.errors import BadRequest
from flamenco.shaman import Shaman

from .helpers import checksum, spec, store_all

SCENE = b"blend file"
TEXTURE = b"texture pixels"
SOUND = b"sound samples"


def test_unknown_files_are_reported_with_status(shaman: Shaman) -> None:
    files = [spec(SCENE, "scene.blend"), spec(TEXTURE, "tex/wood.png")]

    assert shaman.requirements(files) == [
        {**files[0], "status": "unknown"},
        {**files[1], "status": "unknown"},
    ]


def test_stored_files_are_omitted(shaman: Shaman) -> None:
    store_all(shaman, [SCENE, SOUND])
    files = [spec(SCENE, "scene.blend"), spec(TEXTURE, "tex/wood.png"), spec(SOUND, "audio/x.wav")]

    assert shaman.requirements(files) == [{**files[1], "status": "unknown"}]


def test_same_content_is_reported_once(shaman: Shaman) -> None:
    files = [spec(TEXTURE, "tex/a.png"), spec(SCENE, "scene.blend"), spec(TEXTURE, "tex/copy-of-a.png")]

    result = shaman.requirements(files)

    assert [f["path"] for f in result] == ["tex/a.png", "scene.blend"]


def test_same_checksum_with_other_size_is_other_content(shaman: Shaman) -> None:
    one = spec(TEXTURE, "a.png")
    other = {**one, "size": one["size"] + 1, "path": "b.png"}  # type: ignore[operator]

    assert len(shaman.requirements([one, other])) == 2


def test_requirements_touch_stored_blobs_so_gc_keeps_them(shaman: Shaman) -> None:
    store_all(shaman, [SCENE])
    blob = shaman.file_store.blob_path(checksum(SCENE), len(SCENE))
    long_ago = time.time() - 90 * 86400
    os.utime(blob, (long_ago, long_ago))

    shaman.requirements([spec(SCENE, "scene.blend")])

    assert blob.stat().st_mtime > time.time() - 60


def test_file_being_uploaded_is_reported_as_uploading(shaman: Shaman) -> None:
    release = asyncio.Event()

    async def stalled_client() -> AsyncIterator[bytes]:
        yield TEXTURE[:3]
        await release.wait()
        yield TEXTURE[3:]

    async def scenario() -> list[dict[str, object]]:
        upload = asyncio.create_task(shaman.store(checksum(TEXTURE), len(TEXTURE), stalled_client()))
        await asyncio.sleep(0.05)
        # Sync handlers run in a thread; check from one too.
        report = await asyncio.to_thread(shaman.requirements, [spec(TEXTURE, "tex.png")])
        release.set()
        await upload
        return report

    assert asyncio.run(scenario()) == [{**spec(TEXTURE, "tex.png"), "status": "uploading"}]


def test_path_is_optional_for_requirements(shaman: Shaman) -> None:
    """The spec's own example request leaves out the path; it does not matter for this check."""
    assert shaman.requirements([{"sha": checksum(SCENE), "size": len(SCENE)}]) == [
        {"sha": checksum(SCENE), "size": len(SCENE), "path": "", "status": "unknown"}
    ]


@pytest.mark.parametrize(
    "bad",
    [
        {"sha": "nothex", "size": 3, "path": "x"},
        {"sha": checksum(SCENE), "size": -5, "path": "x"},
        {"sha": checksum(SCENE), "size": True, "path": "x"},
        {"size": 3, "path": "x"},
        "not an object",
    ],
)
def test_malformed_file_spec_is_a_bad_request(shaman: Shaman, bad: object) -> None:
    with pytest.raises(BadRequest):
        shaman.requirements([bad])
