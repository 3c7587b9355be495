"""Last-rendered images: what workers rendered last, as thumbnails per job, as Flamenco 3.8 keeps them.

A worker posts the frame it just wrote (PNG or JPEG, at most 25 MiB). The request only checks it
(size, type, a readable header) and queues it; one background thread decodes it and writes three
JPEG thumbnails (quality 85) into the job's directory beside its task logs::

    <local storage>/job-<uuid[:4]>/<job uuid>/last-rendered.jpg        at most 1920x1080
                                              last-rendered-small.jpg  at most  600x338
                                              last-rendered-tiny.jpg   at most  200x112

Thumbnailing a 3840x2160 PNG took 1.4 s of CPU (measured on the 2-core development machine); on the
request path it would hold a worker's request and a thread-pool slot that long. The queue holds
three images, as Flamenco's: when it is full the worker hears 429 and drops that frame (the next
one will do). Files are written to a temporary name and renamed, so a reader never sees half a
JPEG. They are served under ``/job-files/`` (`flamenco.jobfiles`), at the URLs `image_info` gives.

Deleting a job removes its images with :func:`delete_job_last_rendered`.
"""

from __future__ import annotations

import io
import logging
import os
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError

from flamenco.services import current

log = logging.getLogger(__name__)

MAX_IMAGE_BYTES = 25 * 1024 * 1024  # Flamenco's limit
MAX_IMAGE_PIXELS = 8192 * 8192  # refused beyond this (an 8K square): decoding needs ~4 bytes per pixel
QUEUE_SIZE = 3  # images waiting, besides the one being processed
JPEG_QUALITY = 85
JOB_FILES_URL = "/job-files"  # where `flamenco.jobfiles` serves the Manager's per-job files


@dataclass(frozen=True)
class Thumbspec:
    filename: str
    max_width: int
    max_height: int


# Largest first: each thumbnail is made from the one before, which is cheaper than from the frame.
THUMBNAILS = (
    Thumbspec("last-rendered.jpg", 1920, 1080),
    Thumbspec("last-rendered-small.jpg", 600, 338),
    Thumbspec("last-rendered-tiny.jpg", 200, 112),
)
FORMAT_OF_MIME = {"image/png": "PNG", "image/jpeg": "JPEG"}


class QueueFull(Exception):
    """Three images are waiting already; the worker should send fewer."""


class UnusableImage(ValueError):
    """The body is not an image of the declared type this Manager can thumbnail (``str()`` says why)."""


@dataclass(frozen=True)
class ProducedImage:
    job_uuid: str
    task_uuid: str
    worker_name: str  # for the log only
    mime_type: str
    data: bytes


def job_directory(root: Path, job_uuid: str) -> Path:
    """The job's own directory in the Manager's local storage (shared with its task logs)."""
    return root / f"job-{job_uuid[:4]}" / job_uuid


def image_info(job_uuid: str) -> dict[str, Any]:
    """`JobLastRenderedImageInfo` of both specs: ``{base}/{suffix}`` is an image's URL."""
    return {
        "base": f"{JOB_FILES_URL}/job-{job_uuid[:4]}/{job_uuid}",
        "suffixes": [spec.filename for spec in THUMBNAILS],
    }


def check_image(mime_type: str, data: bytes) -> None:
    """Refuse, on the request path, what the thumbnailer could not use; reads only the header."""
    wanted = FORMAT_OF_MIME.get(mime_type)
    if wanted is None:
        raise UnusableImage(f"unsupported image type {mime_type!r}; send image/png or image/jpeg")
    try:
        with Image.open(io.BytesIO(data), formats=[wanted]) as image:
            width, height = image.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise UnusableImage(f"the body is not a readable {wanted} image") from None
    if width * height > MAX_IMAGE_PIXELS:
        raise UnusableImage(f"an image of {width}x{height} pixels is larger than this Manager thumbnails")


def thumbnails(data: bytes) -> list[tuple[Thumbspec, bytes]]:
    """The JPEG thumbnails of an image, largest first (never enlarged; aspect ratio kept)."""
    with Image.open(io.BytesIO(data)) as opened:
        opened.draft("RGB", (THUMBNAILS[0].max_width, THUMBNAILS[0].max_height))  # JPEG: decode smaller
        image = _as_rgb(opened)
    made = []
    for spec in THUMBNAILS:
        image.thumbnail((spec.max_width, spec.max_height), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        image.save(out, "JPEG", quality=JPEG_QUALITY)
        made.append((spec, out.getvalue()))
    return made


def _as_rgb(image: Image.Image) -> Image.Image:
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):  # 16-bit greyscale PNG: keep the top 8 bits
        image = image.point(lambda value: value / 256).convert("L")
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (0, 0, 0, 255))  # transparent film renders on black
        return Image.alpha_composite(background, rgba).convert("RGB")
    return image.convert("RGB")


class LastRenderedImages:
    """The per-job image store and its one processing thread.

    ``may_store(job_uuid)`` is asked just before an image is written (a job being deleted takes no
    more images); ``on_stored(job_uuid)`` is called after all of a job's thumbnails are written.
    """

    def __init__(
        self,
        root: Path,
        *,
        may_store: Callable[[str], bool] = lambda _job: True,
        on_stored: Callable[[str], None] = lambda _job: None,
    ) -> None:
        self.root = root
        self.may_store = may_store
        self.on_stored = on_stored
        self._queue: queue.Queue[ProducedImage | None] = queue.Queue(maxsize=QUEUE_SIZE)
        self._thread: threading.Thread | None = None
        # Held while a job's files are written or deleted, so a deletion never races a write.
        self._files_lock = threading.Lock()

    def job_dir(self, job_uuid: str) -> Path:
        return job_directory(self.root, job_uuid)

    def has_image(self, job_uuid: str) -> bool:
        """Whether the job has images; the smallest is written last, so it stands for all."""
        return (self.job_dir(job_uuid) / THUMBNAILS[-1].filename).is_file()

    def queue(self, image: ProducedImage) -> None:
        """Queue an image for thumbnailing; :class:`QueueFull` when three are waiting already."""
        try:
            self._queue.put_nowait(image)
        except queue.Full:
            raise QueueFull from None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="last-rendered", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Finish the images already queued, then end the thread."""
        thread, self._thread = self._thread, None
        if thread is None:
            return
        self._queue.put(None)  # blocks while the queue is full: the thread is draining it
        thread.join(timeout)

    def _run(self) -> None:
        while True:
            image = self._queue.get()
            if image is None:
                return
            try:
                self.process(image)
            except Exception:
                log.exception("last-rendered: could not process an image of job %s", image.job_uuid)

    def process(self, image: ProducedImage) -> bool:
        """Thumbnail and store one image (the processing thread's work); False when dropped."""
        try:
            made = thumbnails(image.data)
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            log.warning(
                "last-rendered: image from worker %s for task %s is unreadable: %s",
                image.worker_name,
                image.task_uuid,
                exc,
            )
            return False
        with self._files_lock:
            if not self.may_store(image.job_uuid):
                log.info("last-rendered: job %s is gone or being deleted; image dropped", image.job_uuid)
                return False
            directory = self.job_dir(image.job_uuid)
            directory.mkdir(parents=True, exist_ok=True)
            for spec, jpeg in made:
                _write_atomically(directory / spec.filename, jpeg)
        self.on_stored(image.job_uuid)
        return True

    def delete_job(self, job_uuid: str) -> None:
        """Remove the job's images (and its directories, when nothing else is left in them)."""
        directory = self.job_dir(job_uuid)
        with self._files_lock:
            for spec in THUMBNAILS:
                (directory / spec.filename).unlink(missing_ok=True)
            for leftover in directory.glob("last-rendered*.jpg.tmp-*"):
                leftover.unlink(missing_ok=True)
            for empty in (directory, directory.parent):
                try:
                    empty.rmdir()
                except OSError:
                    break  # not empty (task logs, other jobs) or already gone


def _write_atomically(path: Path, data: bytes) -> None:
    temporary = path.with_name(f"{path.name}.tmp-{os.getpid()}-{threading.get_ident()}")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def delete_job_last_rendered(job_uuid: str) -> None:
    """Remove a job's last-rendered images from the running Manager's storage (job deletion calls it).

    The farm-wide pointer in the database goes with the job's row (``ON DELETE CASCADE``).
    """
    current().last_rendered.delete_job(job_uuid)
