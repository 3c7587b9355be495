"""Commands on real files and real programs: move-directory, copy-file, frames-to-video, blender-render."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from datetime import datetime
from pathlib import Path

import pytest

from flamenco.worker.commands import COMMANDS
from flamenco.worker.commands.blender import BlenderProgress, blender_argv
from flamenco.worker.commands.ffmpeg import frames_to_video
from flamenco.worker.runner import RunnerSettings, TaskExecution

from .fakes import MayIRunClient, RecordingUpstream, run_task

HAVE_FFMPEG = shutil.which("ffmpeg") is not None and shutil.which("ffprobe") is not None
HAVE_BLENDER = shutil.which("blender") is not None


def test_all_flamenco_commands_are_registered() -> None:
    assert {
        "echo",
        "sleep",
        "blender-render",
        "frames-to-video",
        "move-directory",
        "copy-file",
        "exec",
    } <= set(COMMANDS)


# -- move-directory ---------------------------------------------------------------------------------


def _stamp(path: Path, when: datetime) -> None:
    os.utime(path, (when.timestamp(), when.timestamp()))


def test_move_directory_moves_into_a_new_place(tmp_path: Path) -> None:
    src = tmp_path / "intermediate"
    src.mkdir()
    (src / "0001.png").write_bytes(b"frame")
    dest = tmp_path / "final" / "shot"
    outcome, _ = run_task(tmp_path, ("move-directory", {"src": str(src), "dest": str(dest)}))
    assert outcome.result == "completed"
    assert not src.exists()
    assert (dest / "0001.png").read_bytes() == b"frame"


def test_move_directory_moves_an_existing_destination_aside(tmp_path: Path) -> None:
    dest = tmp_path / "final"
    dest.mkdir()
    (dest / "old.png").write_bytes(b"old")
    when = datetime(2024, 3, 5, 14, 7, 9)
    _stamp(dest, when)
    # Something already took the obvious aside name: the next one gets a number.
    (tmp_path / "final-2024-03-05_140709").mkdir()

    src = tmp_path / "new"
    src.mkdir()
    (src / "new.png").write_bytes(b"new")
    outcome, upstream = run_task(tmp_path, ("move-directory", {"src": str(src), "dest": str(dest)}))
    assert outcome.result == "completed", outcome.reason
    assert (dest / "new.png").read_bytes() == b"new"
    aside = tmp_path / "final-2024-03-05_140709-2"
    assert (aside / "old.png").read_bytes() == b"old"
    assert str(aside) in upstream.log_text()


def test_move_directory_without_source_fails(tmp_path: Path) -> None:
    (tmp_path / "dest").mkdir()
    outcome, _ = run_task(
        tmp_path, ("move-directory", {"src": str(tmp_path / "nope"), "dest": str(tmp_path / "dest")})
    )
    assert outcome.result == "failed"
    assert "is not an existing directory" in outcome.reason
    assert (tmp_path / "dest").is_dir()  # untouched, not moved aside


# -- copy-file --------------------------------------------------------------------------------------


def test_copy_file_copies_and_creates_parents(tmp_path: Path) -> None:
    src = tmp_path / "scene.blend"
    src.write_bytes(b"blend data" * 1000)
    dest = tmp_path / "a" / "b" / "copy.blend"
    outcome, _ = run_task(tmp_path, ("copy-file", {"src": str(src), "dest": str(dest)}))
    assert outcome.result == "completed", outcome.reason
    assert dest.read_bytes() == src.read_bytes()


def test_copy_file_never_overwrites(tmp_path: Path) -> None:
    src = tmp_path / "src.txt"
    src.write_text("new")
    dest = tmp_path / "dest.txt"
    dest.write_text("precious")
    outcome, _ = run_task(tmp_path, ("copy-file", {"src": str(src), "dest": str(dest)}))
    assert outcome.result == "failed"
    assert "already exists" in outcome.reason
    assert dest.read_text() == "precious"


def test_copy_file_without_source_fails(tmp_path: Path) -> None:
    outcome, _ = run_task(
        tmp_path, ("copy-file", {"src": str(tmp_path / "nope"), "dest": str(tmp_path / "x")})
    )
    assert outcome.result == "failed"
    assert "not an existing file" in outcome.reason
    assert not (tmp_path / "x").exists()


def test_make_directory_creates_parents_and_accepts_an_existing_one(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b"
    for _ in range(2):
        outcome, _ = run_task(tmp_path, ("make-directory", {"path": str(target)}))
        assert outcome.result == "completed", outcome.reason
    assert target.is_dir()
    (tmp_path / "file").write_text("x")
    outcome, _ = run_task(tmp_path, ("make-directory", {"path": str(tmp_path / "file")}))
    assert outcome.result == "failed"


# -- frames-to-video --------------------------------------------------------------------------------


def _make_frames(directory: Path, count: int) -> None:
    directory.mkdir(parents=True)
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=1", "-frames:v", str(count),
         str(directory / "frame-%04d.png")],
        check=True,
    )  # fmt: skip
    assert len(list(directory.glob("*.png"))) == count


def _video_frames(path: Path) -> int:
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
         "-show_entries", "stream=nb_read_frames,codec_name", "-of", "json", str(path)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    stream = json.loads(probe.stdout)["streams"][0]
    assert stream["codec_name"] == "h264"
    return int(stream["nb_read_frames"])


# What the Manager's simple-blender-render job type passes.
PREVIEW_ARGS = ["-c:v", "h264", "-crf", "20", "-g", "18", "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2",
                "-pix_fmt", "yuv420p", "-r", "24", "-y"]  # fmt: skip


@pytest.mark.skipif(not HAVE_FFMPEG, reason="needs ffmpeg and ffprobe")
def test_frames_to_video_with_real_ffmpeg(tmp_path: Path) -> None:
    frames = tmp_path / "frames"
    _make_frames(frames, 5)
    output = tmp_path / "videos" / "not-yet" / "preview.mp4"
    outcome, upstream = run_task(
        tmp_path,
        ("frames-to-video", {"exe": "ffmpeg", "exeArgs": "-hide_banner", "fps": 24,
                             "inputGlob": str(frames / "*.png"), "outputFile": str(output),
                             "args": PREVIEW_ARGS}),
    )  # fmt: skip
    assert outcome.result == "completed", upstream.log_text()[-2000:]
    assert _video_frames(output) == 5
    assert "Running ffmpeg" in upstream.activities()
    assert f"-r 24 -pattern_type glob -i '{frames}/*.png'" in upstream.log_text()


@pytest.mark.skipif(not HAVE_FFMPEG, reason="needs ffmpeg and ffprobe")
def test_frames_to_video_with_a_concat_list_as_on_windows(tmp_path: Path) -> None:
    frames = tmp_path / "frames"
    _make_frames(frames, 4)
    output = tmp_path / "out.mp4"
    upstream = RecordingUpstream()
    ctx = TaskExecution("t", upstream, MayIRunClient(), RunnerSettings(work_dir=tmp_path), lambda: False)  # type: ignore[arg-type]
    params = {"exe": "ffmpeg", "fps": 12, "inputGlob": str(frames / "*.png"), "outputFile": str(output),
              "args": ["-c:v", "libx264", "-pix_fmt", "yuv420p", "-y"]}  # fmt: skip
    frames_to_video(ctx, params, use_concat=True)
    ctx.tasklog.flush()
    assert _video_frames(output) == 4
    assert "-f concat -safe 0" in upstream.log_text()


@pytest.mark.skipif(not HAVE_FFMPEG, reason="needs ffmpeg")
def test_frames_to_video_fails_when_ffmpeg_fails(tmp_path: Path) -> None:
    outcome, _ = run_task(
        tmp_path,
        ("frames-to-video", {"exe": "ffmpeg", "fps": 24, "inputGlob": str(tmp_path / "none-*.png"),
                             "outputFile": str(tmp_path / "out.mp4"), "args": ["-y"]}),
    )  # fmt: skip
    assert outcome.result == "failed"
    assert outcome.reason.startswith("frames-to-video: ffmpeg exited with status")


# -- blender-render ---------------------------------------------------------------------------------

# Captured from Blender 3.4 rendering two frames (trimmed).
BLENDER_OUTPUT = """\
Blender 3.4.1
Read blend: /tmp/bx/tiny.blend
Fra:1 Mem:9.33M (Peak 9.33M) | Time:00:00.00 | Mem:0.00M, Peak:0.00M | Scene, ViewLayer | Synchronizing object
Fra:1 Mem:9.90M (Peak 10.83M) | Time:00:00.00 | Mem:0.76M, Peak:0.76M | Scene, ViewLayer | Sample 0/4
Fra:1 Mem:10.06M (Peak 10.83M) | Time:00:00.01 | Mem:0.86M, Peak:0.86M | Scene, ViewLayer | Finished
Saved: '/tmp/bx/out/frame-000001.png'
 Time: 00:00.03 (Saving: 00:00.00)

Fra:2 Mem:9.40M (Peak 10.83M) | Time:00:00.00 | Mem:0.00M, Peak:0.00M | Scene, ViewLayer | Updating Meshes
Fra:2 Mem:10.06M (Peak 10.83M) | Time:00:00.01 | Mem:0.86M, Peak:0.86M | Scene, ViewLayer | Sample 4/4
Saved: '/tmp/bx/out/frame-000002.png'
 Time: 00:00.02 (Saving: 00:00.00)


Blender quit
"""


class RecordingContext:
    def __init__(self) -> None:
        self.activities: list[str] = []
        self.messages: list[str] = []
        self.outputs: list[Path] = []
        self.work_dir = Path("/work")

    def output_produced(self, path: Path) -> None:
        self.outputs.append(path)

    def set_activity(self, activity: str) -> None:
        self.activities.append(activity)

    def log(self, message: str) -> None:
        self.messages.append(message)


def test_blender_output_parsing_from_a_captured_sample() -> None:
    ctx = RecordingContext()
    progress = BlenderProgress(ctx)  # type: ignore[arg-type]
    for line in BLENDER_OUTPUT.splitlines():
        progress(line)
    assert ctx.activities == ["Rendering frame 1", "Rendering frame 2"]
    assert progress.saved == ["/tmp/bx/out/frame-000001.png", "/tmp/bx/out/frame-000002.png"]
    assert ctx.messages == [
        "frame 1 of this task saved to /tmp/bx/out/frame-000001.png",
        "frame 2 of this task saved to /tmp/bx/out/frame-000002.png",
    ]
    assert ctx.outputs == [Path("/tmp/bx/out/frame-000001.png"), Path("/tmp/bx/out/frame-000002.png")]
    progress("Saved: 'out/frame-000003.png'")  # relative to where Blender runs
    assert ctx.outputs[-1] == Path("/work/out/frame-000003.png")


def test_blender_command_line_is_assembled_like_flamencos() -> None:
    argv = blender_argv(
        {"exe": "/opt/blender 3.4/blender", "exeArgs": "-b -y --factory-startup", "argsBefore": ["--debug"],
         "blendfile": "/shots/a b.blend", "args": ["--render-frame", "1..3"]}
    )  # fmt: skip
    assert argv == ["/opt/blender", "3.4/blender", "-b", "-y", "--factory-startup", "--debug",
                    "/shots/a b.blend", "--render-frame", "1..3"]  # fmt: skip
    # Quoting in `exe` keeps a path with spaces whole; a blendfile is optional (Flamenco 3.5+).
    assert blender_argv({"exe": "'/opt/blender 3.4/blender'", "args": ["-b"]}) == [
        "/opt/blender 3.4/blender",
        "-b",
    ]


MAKE_SCENE = """\
import sys
import bpy

scene = bpy.context.scene
scene.render.engine = "CYCLES"
scene.cycles.device = "CPU"
scene.cycles.samples = 4
scene.cycles.use_denoising = False  # Debian's Blender has no OpenImageDenoise
scene.render.resolution_x = 64
scene.render.resolution_y = 48
scene.render.resolution_percentage = 100
scene.render.image_settings.file_format = "PNG"
bpy.ops.wm.save_as_mainfile(filepath=sys.argv[sys.argv.index("--") + 1])
"""


@pytest.fixture(scope="module")
def tiny_blend(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("blend")
    script = directory / "make_scene.py"
    script.write_text(MAKE_SCENE)
    blend = directory / "tiny.blend"
    subprocess.run(
        ["blender", "-b", "--factory-startup", "--python", str(script), "--", str(blend)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    assert blend.is_file()
    return blend


@pytest.mark.e2e
@pytest.mark.skipif(not HAVE_BLENDER, reason="needs blender")
def test_blender_render_with_real_blender(tmp_path: Path, tiny_blend: Path) -> None:
    out = tmp_path / "render"
    started = time.monotonic()
    outcome, upstream = run_task(
        tmp_path,
        ("blender-render", {"exe": "blender", "exeArgs": "-b -y", "argsBefore": ["--factory-startup"],
                            "blendfile": str(tiny_blend),
                            "args": ["--render-output", str(out / "frame-######"), "--render-format", "PNG",
                                     "--render-frame", "1..2"]}),
    )  # fmt: skip
    assert outcome.result == "completed", upstream.log_text()[-3000:]
    assert sorted(p.name for p in out.iterdir()) == ["frame-000001.png", "frame-000002.png"]
    activities = upstream.activities()
    # Activity is "what happens now", sent at most once a second: frame 1 may have been superseded
    # before it went out, but the last frame's activity always reaches the Manager.
    assert "Rendering frame 2" in activities
    assert all(
        a in ("Started", "Starting Blender", "Finished") or a.startswith("Rendering frame ")
        for a in activities
    )
    log = upstream.log_text()
    assert f"frame 2 of this task saved to {out}/frame-000002.png" in log
    assert "Blender saved 2 file(s)" in log
    assert time.monotonic() - started < 60


@pytest.mark.skipif(not HAVE_BLENDER, reason="needs blender")
def test_blender_render_of_a_missing_file_fails(tmp_path: Path) -> None:
    outcome, upstream = run_task(
        tmp_path,
        ("blender-render", {"exe": "blender", "exeArgs": "-b -y --factory-startup",
                            "blendfile": str(tmp_path / "missing.blend"), "args": ["--render-frame", "1"]}),
    )  # fmt: skip
    assert outcome.result == "failed"
    assert outcome.reason == "blender-render: Blender exited with status 1"
    assert "Cannot read file" in upstream.log_text()
