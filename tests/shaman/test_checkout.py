"""Checkouts: symlink trees that workers render from, and the requests that must be refused."""

from __future__ import annotations

import os
import re
import shutil
import threading
from pathlib import Path

import pytest

from flamenco.errors import BadRequest, Conflict, FlamencoError
from flamenco.shaman import CheckoutExists, MissingFiles, Shaman

from .helpers import files_under, spec, store_all

SCENE = b"blend file contents"
TEXTURE = b"texture pixels"
SOUND = b"sound samples"


@pytest.fixture
def project(shaman: Shaman) -> list[dict[str, object]]:
    """A stored three-file project, as the add-on would check it out."""
    store_all(shaman, [SCENE, TEXTURE, SOUND])
    return [
        spec(SCENE, "scene.blend"),
        spec(TEXTURE, "textures/wood/oak.png"),
        spec(SOUND, "audio/bang.wav"),
    ]


def test_checkout_links_files_that_read_back(shaman: Shaman, project: list[dict[str, object]]) -> None:
    used = shaman.checkout("proj/shot-010/job-1", project)

    checkout = shaman.checkout_root / "proj" / "shot-010" / "job-1"
    assert used == "proj/shot-010/job-1"
    assert (checkout / "scene.blend").read_bytes() == SCENE
    assert (checkout / "textures" / "wood" / "oak.png").read_bytes() == TEXTURE
    assert (checkout / "audio" / "bang.wav").read_bytes() == SOUND
    assert all(link.is_symlink() for link in files_under(checkout))


def test_symlinks_are_relative_so_storage_can_move(
    shaman: Shaman, project: list[dict[str, object]], tmp_path: Path
) -> None:
    shaman.checkout("job-1", project)
    for link in files_under(shaman.checkout_root):
        assert not os.path.isabs(os.readlink(link))

    moved = tmp_path / "mounted-elsewhere"
    shutil.move(shaman.root, moved)

    assert (moved / "jobs" / "job-1" / "textures" / "wood" / "oak.png").read_bytes() == TEXTURE


def test_checkout_path_is_normalised(shaman: Shaman, project: list[dict[str, object]]) -> None:
    assert shaman.checkout("proj//./job-2/", project) == "proj/job-2"
    assert (shaman.checkout_root / "proj" / "job-2" / "scene.blend").read_bytes() == SCENE


def test_checkout_through_symlink_inside_the_root_is_allowed(
    shaman: Shaman, project: list[dict[str, object]]
) -> None:
    (shaman.checkout_root / "real").mkdir()
    (shaman.checkout_root / "alias").symlink_to("real")

    assert shaman.checkout("alias/job", project) == "alias/job"
    assert (shaman.checkout_root / "real" / "job" / "scene.blend").read_bytes() == SCENE


def test_empty_checkout_creates_empty_directory(shaman: Shaman) -> None:
    shaman.checkout("nothing", [])
    assert (shaman.checkout_root / "nothing").is_dir()
    with pytest.raises(CheckoutExists):
        shaman.checkout("nothing", [])


def test_existing_checkout_is_a_conflict(shaman: Shaman, project: list[dict[str, object]]) -> None:
    shaman.checkout("job-1", project)

    with pytest.raises(CheckoutExists) as raised:
        shaman.checkout("job-1", project[:1])

    assert isinstance(raised.value, Conflict)
    assert raised.value.status == 409
    assert sorted(p.name for p in (shaman.checkout_root / "job-1").iterdir()) == [
        "audio",
        "scene.blend",
        "textures",
    ]


def test_concurrent_identical_checkouts_give_one_success(
    shaman: Shaman, project: list[dict[str, object]]
) -> None:
    # Enough files that the two builds overlap, so the final rename is what decides.
    many = [{**project[i % 3], "path": f"dir{i % 7}/file{i}"} for i in range(300)]
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def attempt() -> None:
        barrier.wait()
        try:
            outcomes.append(shaman.checkout("race", many))
        except FlamencoError as ex:
            outcomes.append(ex)

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("race") == 1
    assert sum(isinstance(o, CheckoutExists) for o in outcomes) == 1
    assert len(files_under(shaman.checkout_root / "race")) == 300
    assert [p.name for p in shaman.checkout_root.iterdir()] == ["race"]  # no temp directory left


def test_missing_files_fail_the_whole_checkout(shaman: Shaman, project: list[dict[str, object]]) -> None:
    files = [*project, spec(b"never uploaded", "extra/missing.txt"), spec(b"nor this", "b.txt")]

    with pytest.raises(MissingFiles) as raised:
        shaman.checkout("proj/job-1", files)

    assert raised.value.status == 424
    assert raised.value.missing == ["extra/missing.txt", "b.txt"]
    assert "extra/missing.txt" in raised.value.message
    assert list(shaman.checkout_root.iterdir()) == []


@pytest.mark.parametrize(
    "checkout_path",
    ["", "../x", "/etc/passwd", "a/../../b", "a/..", "C:\\x", "C:/x", "\\\\server\\share", "..\\x", "a\x00b"],
)
def test_unsafe_checkout_path_is_refused(
    shaman: Shaman, project: list[dict[str, object]], checkout_path: str
) -> None:
    with pytest.raises(BadRequest):
        shaman.checkout(checkout_path, project)
    assert list(shaman.checkout_root.iterdir()) == []
    assert sorted(p.name for p in shaman.root.iterdir()) == ["file-store", "jobs"]


@pytest.mark.parametrize(
    "file_path",
    ["", "../x", "/etc/passwd", "a/../../b", "C:\\x", "\\\\server\\share\\x", "..\\x", "sub\\..\\..\\x"],
)
def test_unsafe_file_path_is_refused(
    shaman: Shaman, project: list[dict[str, object]], file_path: str
) -> None:
    files = [*project, {**project[0], "path": file_path}]

    with pytest.raises(BadRequest):
        shaman.checkout("job", files)
    assert list(shaman.checkout_root.iterdir()) == []


def test_symlinked_directory_leading_outside_is_refused(
    shaman: Shaman, project: list[dict[str, object]], tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (shaman.checkout_root / "evil").symlink_to(outside)

    with pytest.raises(BadRequest, match="outside"):
        shaman.checkout("evil/job", project)
    with pytest.raises(BadRequest, match="outside"):
        shaman.checkout("evil/deeper/job", project)

    assert list(outside.iterdir()) == []


def test_duplicate_file_paths_are_refused(shaman: Shaman, project: list[dict[str, object]]) -> None:
    files = [*project, {**project[1], "path": "./scene.blend"}]

    with pytest.raises(BadRequest, match="more than once"):
        shaman.checkout("job", files)
    assert list(shaman.checkout_root.iterdir()) == []


def test_file_used_as_directory_is_refused(shaman: Shaman, project: list[dict[str, object]]) -> None:
    files = [*project, {**project[1], "path": "scene.blend/inside.png"}]

    with pytest.raises(BadRequest, match="directory"):
        shaman.checkout("job", files)
    assert list(shaman.checkout_root.iterdir()) == []


def test_checkout_inside_a_file_is_a_conflict_and_leaves_nothing(
    shaman: Shaman, project: list[dict[str, object]]
) -> None:
    (shaman.checkout_root / "proj").mkdir()
    (shaman.checkout_root / "proj" / "notes.txt").write_text("a file, not a directory")

    with pytest.raises(Conflict):
        shaman.checkout("proj/notes.txt/sub/job", project)
    assert [p.name for p in (shaman.checkout_root / "proj").iterdir()] == ["notes.txt"]


def test_failed_build_removes_created_parents(
    shaman: Shaman, project: list[dict[str, object]], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_symlink(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "symlink", broken_symlink)

    with pytest.raises(OSError, match="No space"):
        shaman.checkout("deep/new/parents/job", project)
    assert list(shaman.checkout_root.iterdir()) == []


def test_checkout_appearing_during_build_is_a_conflict(
    shaman: Shaman, project: list[dict[str, object]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process wins the race after our existence check: our rename fails, we clean up."""
    real_rename = os.rename

    def rival_wins_first(src: str, dst: str) -> None:
        if str(dst).endswith("job-1"):
            Path(dst).mkdir()
            (Path(dst) / "their-file").write_text("theirs")
        real_rename(src, dst)

    monkeypatch.setattr(os, "rename", rival_wins_first)

    with pytest.raises(CheckoutExists):
        shaman.checkout("job-1", project)
    assert [p.name for p in shaman.checkout_root.iterdir()] == ["job-1"]
    assert [p.name for p in (shaman.checkout_root / "job-1").iterdir()] == ["their-file"]


def test_unique_mode_gives_a_taken_path_a_suffix(shaman: Shaman, project: list[dict[str, object]]) -> None:
    """Flamenco 3.8's checkouts: re-submitting a job of the same name gets a checkout of its own."""
    assert shaman.checkout("shots/job", project, unique=True) == "shots/job"
    second = shaman.checkout("shots/job", project[:1], unique=True)

    assert re.fullmatch(r"shots/job-[a-z0-9]{4}", second)
    assert sorted(p.name for p in (shaman.checkout_root / second).iterdir()) == ["scene.blend"]
    assert len(files_under(shaman.checkout_root / "shots/job")) == 3  # the first one untouched


def test_concurrent_unique_checkouts_both_succeed(shaman: Shaman, project: list[dict[str, object]]) -> None:
    many = [{**project[i % 3], "path": f"dir{i % 7}/file{i}"} for i in range(300)]
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def attempt() -> None:
        barrier.wait()
        outcomes.append(shaman.checkout("race", many, unique=True))

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(set(outcomes)) == 2 and "race" in outcomes
    assert all(len(files_under(shaman.checkout_root / str(path))) == 300 for path in outcomes)


def test_unique_mode_gives_up_after_ten_suffixes(
    shaman: Shaman, project: list[dict[str, object]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from flamenco.shaman import checkout as checkout_module

    monkeypatch.setattr(checkout_module.secrets, "choice", lambda chars: "a")  # every suffix is "-aaaa"
    shaman.checkout("job", project, unique=True)
    shaman.checkout("job", project, unique=True)

    with pytest.raises(CheckoutExists):
        shaman.checkout("job", project, unique=True)
    assert sorted(p.name for p in shaman.checkout_root.iterdir()) == ["job", "job-aaaa"]


def test_unique_mode_still_refuses_missing_files(shaman: Shaman, project: list[dict[str, object]]) -> None:
    with pytest.raises(MissingFiles):
        shaman.checkout("job", [*project, spec(b"never uploaded", "x.txt")], unique=True)
    assert list(shaman.checkout_root.iterdir()) == []
