"""The last-rendered image store: thumbnails, the bounded queue, deletion (no HTTP, no database)."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import pytest
from PIL import Image

from flamenco.last_rendered import (
    MAX_IMAGE_PIXELS,
    QUEUE_SIZE,
    THUMBNAILS,
    LastRenderedImages,
    ProducedImage,
    QueueFull,
    UnusableImage,
    check_image,
    image_info,
    thumbnails,
)

JOB = "0f6d3f4e-8a36-4f7b-9d2c-6b1f0f7b4a11"
TASK = "1f6d3f4e-8a36-4f7b-9d2c-6b1f0f7b4a12"


def encoded(
    size: tuple[int, int], kind: str = "PNG", mode: str = "RGB", color: object = (200, 30, 30)
) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, color).save(out, kind)
    return out.getvalue()


def produced(data: bytes, mime: str = "image/png", job: str = JOB) -> ProducedImage:
    return ProducedImage(job, TASK, "w1", mime, data)


def test_thumbnails_fit_their_boxes_keep_the_aspect_ratio_and_are_jpeg():
    made = thumbnails(encoded((3840, 1600)))
    assert [spec.filename for spec, _ in made] == [
        "last-rendered.jpg",
        "last-rendered-small.jpg",
        "last-rendered-tiny.jpg",
    ]
    sizes = [Image.open(io.BytesIO(jpeg)).size for _, jpeg in made]
    assert sizes == [(1920, 800), (600, 250), (200, 83)]
    assert all(Image.open(io.BytesIO(jpeg)).format == "JPEG" for _, jpeg in made)


def test_small_images_are_not_enlarged_and_transparency_renders_on_black():
    made = thumbnails(encoded((160, 90), mode="RGBA", color=(255, 255, 255, 0)))
    big = Image.open(io.BytesIO(made[0][1]))
    assert big.size == (160, 90)
    assert big.convert("L").getextrema()[1] < 10  # fully transparent white is black, not white


def test_sixteen_bit_greyscale_png_is_thumbnailed():
    made = thumbnails(encoded((400, 200), mode="I;16", color=65535))
    assert Image.open(io.BytesIO(made[-1][1])).convert("L").getpixel((5, 5)) > 240


def test_a_jpeg_is_checked_and_thumbnailed():
    data = encoded((1000, 1000), "JPEG")
    check_image("image/jpeg", data)
    sizes = [Image.open(io.BytesIO(jpeg)).size for _, jpeg in thumbnails(data)]
    assert sizes == [(1000, 1000), (338, 338), (112, 112)]


@pytest.mark.parametrize(
    ("mime", "data", "complaint"),
    [
        ("image/gif", encoded((10, 10), "GIF"), "unsupported image type"),
        ("image/png", encoded((10, 10), "JPEG"), "not a readable PNG"),
        ("image/jpeg", b"\xff\xd8\xff" + b"junk" * 10, "not a readable JPEG"),
        ("image/png", b"", "not a readable PNG"),
    ],
)
def test_check_refuses_what_cannot_be_thumbnailed(mime, data, complaint):
    with pytest.raises(UnusableImage, match=complaint):
        check_image(mime, data)


def test_check_refuses_images_with_too_many_pixels_from_the_header_alone():
    side = int(MAX_IMAGE_PIXELS**0.5) + 1
    data = encoded((side, side), mode="1", color=0)  # a few KB on the wire, 67 megapixels decoded
    assert len(data) < 100_000
    with pytest.raises(UnusableImage, match="larger than"):
        check_image("image/png", data)


def test_image_info_names_the_served_files():
    assert image_info(JOB) == {
        "base": f"/job-files/job-0f6d/{JOB}",
        "suffixes": ["last-rendered.jpg", "last-rendered-small.jpg", "last-rendered-tiny.jpg"],
    }


def test_process_writes_every_thumbnail_then_reports(tmp_path: Path):
    stored: list[str] = []
    images = LastRenderedImages(tmp_path, on_stored=stored.append)
    assert not images.has_image(JOB)
    assert images.process(produced(encoded((800, 600))))
    directory = tmp_path / "job-0f6d" / JOB
    assert sorted(p.name for p in directory.iterdir()) == sorted(spec.filename for spec in THUMBNAILS)
    assert images.has_image(JOB)
    assert stored == [JOB]


def test_images_of_a_job_that_may_not_store_are_dropped(tmp_path: Path):
    stored: list[str] = []
    images = LastRenderedImages(tmp_path, may_store=lambda _job: False, on_stored=stored.append)
    assert not images.process(produced(encoded((80, 60))))
    assert not (tmp_path / "job-0f6d").exists()
    assert stored == []


def test_unreadable_images_are_dropped_in_the_thread(tmp_path: Path):
    images = LastRenderedImages(tmp_path)
    assert not images.process(produced(b"\x89PNG\r\n\x1a\n" + b"\0" * 40))
    assert not images.has_image(JOB)


def test_the_queue_holds_three_images_while_one_is_processed(tmp_path: Path):
    started, release = threading.Event(), threading.Event()
    done: list[str] = []

    def slow_check(_job: str) -> bool:
        started.set()
        release.wait(10)
        return True

    images = LastRenderedImages(tmp_path, may_store=slow_check, on_stored=done.append)
    images.start()
    try:
        images.queue(produced(encoded((64, 64))))
        assert started.wait(10)  # the first is being processed: the queue is empty again
        for _ in range(QUEUE_SIZE):
            images.queue(produced(encoded((64, 64))))
        with pytest.raises(QueueFull):
            images.queue(produced(encoded((64, 64))))
    finally:
        release.set()
        images.stop()
    assert done == [JOB] * (QUEUE_SIZE + 1)  # stop() finished what was queued


def test_delete_removes_the_images_and_empty_directories_but_not_logs(tmp_path: Path):
    images = LastRenderedImages(tmp_path)
    images.process(produced(encoded((80, 60))))
    other = "0f6d0000-8a36-4f7b-9d2c-6b1f0f7b4a99"  # same prefix directory
    images.process(produced(encoded((80, 60)), job=other))
    log = tmp_path / "job-0f6d" / other / f"task-{TASK}.txt"
    log.write_text("log\n")

    images.delete_job(JOB)
    assert not (tmp_path / "job-0f6d" / JOB).exists()
    assert not images.has_image(JOB)
    images.delete_job(other)
    assert log.read_text() == "log\n"  # task logs are job deletion's business
    assert not images.has_image(other)
    images.delete_job(JOB)  # deleting twice is harmless
