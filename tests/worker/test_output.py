"""Sending rendered frames (last-rendered images) and step progress from the worker."""

from __future__ import annotations

import io
import threading
from pathlib import Path
from typing import Any

from PIL import Image

from flamenco.worker.client import ManagerUnreachable
from flamenco.worker.output import OutputUploader, as_jpeg

from .fakes import make_runner, task


def write_image(path: Path, size: tuple[int, int], kind: str = "PNG", mode: str = "RGB") -> Path:
    Image.new(mode, size, (0, 128, 255, 255)[: len(mode)] if mode != "I;16" else 40000).save(path, kind)
    return path


class RecordingClient:
    """The ManagerClient's `output_produced`, answering what ``answers`` says (default: accepted)."""

    def __init__(self, answers: list[Any] | None = None, gate: threading.Event | None = None) -> None:
        self.sent: list[tuple[str, bytes, str]] = []
        self.answers = answers or []
        self.gate = gate
        self.calls = threading.Semaphore(0)
        self.entered = threading.Event()

    def output_produced(self, task_id: str, image: bytes, mime_type: str) -> tuple[bool, str]:
        self.entered.set()
        if self.gate is not None:
            self.gate.wait(10)
        self.sent.append((task_id, image, mime_type))
        self.calls.release()
        answer = self.answers.pop(0) if self.answers else (True, "")
        if isinstance(answer, Exception):
            raise answer
        return answer


def test_frames_are_sent_as_jpeg_fitting_the_managers_largest_thumbnail(tmp_path: Path):
    for kind, mode, suffix in [("PNG", "RGB", "png"), ("PNG", "RGBA", "png"), ("TIFF", "RGB", "tif"),
                               ("JPEG", "RGB", "jpg"), ("PNG", "I;16", "png")]:  # fmt: skip
        data = as_jpeg(write_image(tmp_path / f"frame-{mode}.{suffix}", (3840, 2160), kind, mode))
        assert data is not None
        image = Image.open(io.BytesIO(data))
        assert (image.format, image.size, image.mode) == ("JPEG", (1920, 1080), "RGB")
    small = as_jpeg(write_image(tmp_path / "small.png", (320, 240)))
    assert small is not None and Image.open(io.BytesIO(small)).size == (320, 240)  # never enlarged


def test_what_pillow_cannot_read_is_not_sent(tmp_path: Path):
    exr = tmp_path / "frame.exr"
    exr.write_bytes(b"\x76\x2f\x31\x01" + b"\0" * 100)  # OpenEXR's magic number
    assert as_jpeg(exr) is None
    assert as_jpeg(tmp_path / "missing.png") is None
    client = RecordingClient()
    assert OutputUploader(client).send("t", exr) is False  # type: ignore[arg-type]
    assert client.sent == []


def test_refusals_and_an_unreachable_manager_only_drop_the_frame(tmp_path: Path):
    frame = write_image(tmp_path / "f.png", (64, 64))
    client = RecordingClient([(False, "HTTP 429 busy"), ManagerUnreachable("down"), (True, "")])
    uploader = OutputUploader(client)  # type: ignore[arg-type]
    assert [uploader.send("t", frame) for _ in range(3)] == [False, False, True]
    assert uploader.sent == 1


def test_the_latest_frame_replaces_one_still_waiting(tmp_path: Path):
    gate = threading.Event()
    client = RecordingClient(gate=gate)
    uploader = OutputUploader(client)  # type: ignore[arg-type]
    frames = [write_image(tmp_path / f"{n}.png", (32 + n, 32)) for n in range(4)]
    uploader.start()
    try:
        uploader.produced("t", frames[0])  # taken at once, held at the gate
        assert client.entered.wait(10)
        for frame in frames[1:]:
            uploader.produced("t", frame)  # each replaces the one before
        gate.set()
        assert client.calls.acquire(timeout=10) and client.calls.acquire(timeout=10)
    finally:
        uploader.stop()
    widths = [Image.open(io.BytesIO(image)).size[0] for _, image, _ in client.sent]
    assert widths == [32, 35]  # the one being sent, then the latest; the two between were replaced


def test_blender_saved_frames_reach_the_uploader_through_the_runner(tmp_path: Path):
    frame = write_image(tmp_path / "frame-0001.png", (40, 30))
    script = f"print('Fra:1 Mem:1M | Rendering'); print(\"Saved: '{frame}'\")"
    client = RecordingClient()
    uploader = OutputUploader(client)  # type: ignore[arg-type]
    runner, _upstream = make_runner(tmp_path)
    runner.output = uploader
    uploader.start()
    try:
        import sys

        outcome = runner.run(task(("blender-render", {"exe": sys.executable, "args": ["-c", script]})))
        assert outcome.result == "completed"
        assert client.calls.acquire(timeout=10)
    finally:
        uploader.stop()
    assert client.sent[0][0] == outcome.task_id
    assert client.sent[0][2] == "image/jpeg"


def test_steps_are_reported_after_each_command_but_the_last(tmp_path: Path):
    runner, upstream = make_runner(tmp_path)
    runner.run(task(*[("echo", {"message": str(n)}) for n in range(3)]))
    steps = [p["steps_completed"] for p in upstream.payloads() if "steps_completed" in p]
    assert steps == [1, 2]  # the completion says the third
    assert upstream.statuses() == ["active", "completed"]

    runner.run(task(("echo", {"message": "only"})))
    assert [p for p in upstream.payloads()[-3:] if "steps_completed" in p] == []
