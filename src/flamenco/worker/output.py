"""Sending the frames a task renders to the Manager, for its "last rendered" images.

As Flamenco 3.8's worker: a command says it produced an image (Blender printed ``Saved: '...'``);
one background thread sends the most recent one, and an image that is still waiting when a newer
one comes is simply replaced (the Manager shows only the latest). Sending never holds up the render.

The image is read with Pillow and sent as a JPEG (quality 85), whatever Blender wrote: PNG, JPEG,
TIFF, BMP, … (not OpenEXR, which Pillow cannot read; those frames are skipped, as Flamenco's
worker skips them). It is first shrunk to fit 1920x1080, the Manager's largest thumbnail: nothing
bigger would be kept, and a 4K PNG is ten times the bytes. Any refusal by the Manager (busy, too
large, the task moved on) is logged and that frame dropped; the next frame will do.
"""

from __future__ import annotations

import io
import logging
import threading
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from flamenco.worker.client import ManagerClient, ManagerError

log = logging.getLogger(__name__)

JPEG_QUALITY = 85
MAX_SIZE = (1920, 1080)


def as_jpeg(path: Path) -> bytes | None:
    """The image at ``path`` as a JPEG fitting :data:`MAX_SIZE`; None when it cannot be read."""
    try:
        with Image.open(path) as opened:
            opened.draft("RGB", MAX_SIZE)  # a JPEG decodes at a fraction of its size
            image = opened.copy()
    except (OSError, UnidentifiedImageError, ValueError, SyntaxError) as exc:
        log.info("last-rendered: cannot read %s as an image (%s); not sending it", path, exc)
        return None
    image.thumbnail(MAX_SIZE, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    _as_rgb(image).save(out, "JPEG", quality=JPEG_QUALITY)
    return out.getvalue()


def _as_rgb(image: Image.Image) -> Image.Image:
    """What a JPEG can hold: 16-bit greyscale keeps its top 8 bits, transparency renders on black."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.point(lambda value: value / 256).convert("L")
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        return Image.alpha_composite(Image.new("RGBA", rgba.size, (0, 0, 0, 255)), rgba).convert("RGB")
    return image.convert("RGB")


class OutputUploader:
    """Sends the latest produced image of each moment, one at a time, from its own thread."""

    def __init__(self, client: ManagerClient) -> None:
        self.client = client
        self._waiting: tuple[str, Path] | None = None
        self._changed = threading.Condition()
        self._stopping = False
        self._thread: threading.Thread | None = None
        self.sent = 0  # frames the Manager accepted, for logs and tests

    def produced(self, task_id: str, path: Path) -> None:
        """A command wrote ``path`` for ``task_id``: send it when the thread is free (latest wins)."""
        with self._changed:
            self._waiting = (task_id, path)
            self._changed.notify()

    def start(self) -> None:
        if self._thread is None:
            self._stopping = False
            self._thread = threading.Thread(target=self._run, name="flamenco-output-uploader", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop after the image being sent, if any; one still waiting is not sent."""
        with self._changed:
            self._stopping = True
            self._changed.notify()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout)

    def _run(self) -> None:
        while True:
            with self._changed:
                while self._waiting is None and not self._stopping:
                    self._changed.wait()
                if self._stopping:
                    return
                task_id, path = self._waiting  # type: ignore[misc]
                self._waiting = None
            try:
                self.send(task_id, path)
            except Exception:
                log.exception("last-rendered: could not send %s", path)

    def send(self, task_id: str, path: Path) -> bool:
        """Convert and send one image now; whether the Manager accepted it."""
        jpeg = as_jpeg(path)
        if jpeg is None:
            return False
        try:
            accepted, reason = self.client.output_produced(task_id, jpeg, "image/jpeg")
        except ManagerError as exc:
            log.info("last-rendered: could not send %s: %s", path, exc)
            return False
        if not accepted:
            log.info("last-rendered: the Manager did not take %s: %s", path, reason)
            return False
        self.sent += 1
        log.debug("last-rendered: sent %s (%d bytes)", path, len(jpeg))
        return True
