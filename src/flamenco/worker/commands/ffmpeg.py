"""``frames-to-video``: turn rendered frames into a video with FFmpeg.

argv is ``exe`` + ``exeArgs`` + ``argsBefore`` + the input (``-r fps`` and the frames) + ``args``
+ ``outputFile``. The input frames are given as a glob that FFmpeg expands itself; FFmpeg on
Windows cannot do that, so there the worker expands the glob and hands FFmpeg a concat list.
"""

from __future__ import annotations

import glob
import shlex
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flamenco.worker.commands.base import (
    CommandContext,
    CommandError,
    number_param,
    string_list_param,
    string_param,
)
from flamenco.worker.commands.registry import command
from flamenco.worker.process import describe_exit

NAME = "frames-to-video"


def format_fps(fps: float) -> str:
    """``24`` rather than ``24.0``; fractional rates keep their digits."""
    return str(int(fps)) if fps == int(fps) else repr(fps)


def glob_input_args(fps: float, input_glob: str) -> list[str]:
    return ["-r", format_fps(fps), "-pattern_type", "glob", "-i", input_glob]


def concat_input_args(fps: float, input_glob: str, index_file: Path) -> list[str]:
    """Write an FFmpeg concat list of the frames matching ``input_glob``; input args reading it."""
    frames = sorted(glob.glob(input_glob))
    if not frames:
        raise CommandError(f"{NAME}: no files match {input_glob!r}")
    duration = 1.0 / fps
    lines = ["ffconcat version 1.0"]
    for frame in frames:
        quoted = Path(frame).absolute().as_posix().replace("'", "'\\''")
        lines += [f"file '{quoted}'", f"duration {duration:.6f}"]
    index_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ["-f", "concat", "-safe", "0", "-i", str(index_file)]


@command(NAME)
def frames_to_video(
    ctx: CommandContext, params: Mapping[str, Any], *, use_concat: bool | None = None
) -> None:
    exe = string_param(params, "exe", NAME)
    exe_args = string_param(params, "exeArgs", NAME, default="")
    fps = number_param(params, "fps", NAME)
    if fps <= 0:
        raise CommandError(f"{NAME}: parameter 'fps' must be positive, not {fps:g}")
    input_glob = string_param(params, "inputGlob", NAME)
    output_file = Path(string_param(params, "outputFile", NAME)).expanduser()
    if not output_file.is_absolute():
        output_file = ctx.work_dir / output_file
    args_before = string_list_param(params, "argsBefore", NAME)
    args = string_list_param(params, "args", NAME)
    try:
        program = shlex.split(exe) + shlex.split(exe_args)
    except ValueError as exc:
        raise CommandError(f"{NAME}: cannot split exe/exeArgs {exe!r} {exe_args!r}: {exc}") from None
    if use_concat is None:
        use_concat = sys.platform == "win32"

    try:
        output_file.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CommandError(f"{NAME}: cannot create directory {output_file.parent}: {exc.strerror}") from None

    ctx.set_activity("Running ffmpeg")
    with tempfile.TemporaryDirectory(prefix="flamenco-ffmpeg-") as scratch:
        if use_concat:
            inputs = concat_input_args(fps, input_glob, Path(scratch) / "frames.ffconcat")
            # The list's durations carry the timing; the output rate must match or FFmpeg pads.
            outputs = ["-r", format_fps(fps)]
        else:
            inputs, outputs = glob_input_args(fps, input_glob), []
        status = ctx.run_process([*program, *args_before, *inputs, *args, *outputs, str(output_file)])
    if status != 0:
        raise CommandError(f"{NAME}: ffmpeg {describe_exit(status)}")
    ctx.log(f"video written to {output_file}")
