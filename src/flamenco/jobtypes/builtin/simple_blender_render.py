"""Render a frame range with Blender, make a preview video, then publish the frames in one move.

Frames are rendered into an intermediate directory next to the final one and moved into place by a
last task, so the final directory never holds a half-rendered sequence (and a re-render does not
overwrite the previous good one until it has finished). This is the layout of Flamenco's 2022 job
type, whose settings clients such as the spec's example submission still send.
"""

from __future__ import annotations

from collections.abc import Iterator

from flamenco.jobtypes import (
    AuthoredCommand,
    AuthoredTask,
    CompilingJob,
    FrameRangeError,
    JobSettingsError,
    blender_frame_chunks,
    format_timestamp,
    parse_frame_range,
    paths,
)

JOB_TYPE = {
    "label": "Simple Blender Render",
    "settings": [
        {
            "key": "blender_cmd",
            "type": "string",
            "default": "{blender}",
            "visible": "hidden",
            "description": "Command that runs Blender; '{blender}' is the Worker's configured Blender",
        },
        {
            "key": "filepath",
            "type": "string",
            "subtype": "file_path",
            "description": "Blend file to render, as the Workers see it (needed unless blendfile is given)",
        },
        {
            "key": "blendfile",
            "type": "string",
            "subtype": "file_path",
            "visible": "hidden",
            "description": "Blend file to render; Flamenco's Blender add-on fills this in with the copy it"
            " packed for the farm, and it then takes precedence over filepath",
        },
        {
            "key": "render_output_root",
            "type": "string",
            "subtype": "dir_path",
            "visible": "submission",
            "description": "Base directory for render output",
        },
        {
            "key": "add_path_components",
            "type": "int32",
            "propargs": {"min": 0, "max": 32},
            "visible": "submission",
            "description": "Accepted for Flamenco's add-on, which builds render_output_path from"
            " render_output_root and this many directories of the blend file's path; not used here",
        },
        {
            "key": "render_output_path",
            "type": "string",
            "subtype": "hashed_file_path",
            "required": True,
            "description": "Final frames, e.g. /render/shot/######; '{timestamp}' becomes the job's time",
        },
        {
            "key": "frames",
            "type": "string",
            "required": True,
            "eval": "f'{C.scene.frame_start}-{C.scene.frame_end}'",
            "description": "Frames to render, e.g. '1-10,20..25,40'",
        },
        {
            "key": "chunk_size",
            "type": "int32",
            "default": 1,
            "propargs": {"min": 1},
            "description": "Number of frames one render task renders",
        },
        {
            "key": "fps",
            "type": "float",
            "eval": "C.scene.render.fps / C.scene.render.fps_base",
            "visible": "hidden",
            "description": "Frame rate of the preview video; without it no preview video is made",
        },
        {
            "key": "extract_audio",
            "type": "bool",
            "default": False,
            "description": "Accepted for compatibility; audio extraction is not implemented",
        },
        {
            "key": "images_or_video",
            "type": "string",
            "choices": ["images", "video"],
            "default": "images",
            "description": "Whether Blender writes an image sequence or a video file",
        },
        {
            "key": "format",
            "type": "string",
            "default": "PNG",
            "eval": "C.scene.render.image_settings.file_format",
            "visible": "hidden",
            "description": "Blender's output format, as for --render-format",
        },
        {
            "key": "output_file_extension",
            "type": "string",
            "default": ".png",
            "eval": "C.scene.render.file_extension",
            "visible": "hidden",
            "description": "File extension of the rendered images, used to find them for the preview video",
        },
        {
            "key": "image_file_extension",
            "type": "string",
            "eval": "C.scene.render.file_extension",
            "visible": "hidden",
            "description": "Flamenco's name for output_file_extension; used instead of it when given",
        },
        {
            "key": "video_container_format",
            "type": "string",
            "eval": "C.scene.render.ffmpeg.format",
            "visible": "hidden",
            "description": "Blender's video container when images_or_video is 'video'; accepted for"
            " Flamenco's add-on (no preview video is made from a video)",
        },
    ],
}

# Even dimensions and yuv420p: what H.264 players reliably accept.
_FFMPEG_ARGS = [
    *("-c:v", "h264"),
    *("-crf", "20"),
    *("-g", "18"),
    *("-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2"),
    *("-pix_fmt", "yuv420p"),
]


def compile_job(job: CompilingJob) -> None:
    """Render tasks per chunk, an optional preview video, and a final move into place."""
    settings = job.settings
    given = [settings.get(key, "") for key in ("blendfile", "filepath")]
    blend_file = next((path for path in given if path.strip()), None)
    if blend_file is None:
        raise JobSettingsError({"filepath": "is required (or blendfile, which Flamenco's add-on sends)"})
    extension = settings.get("image_file_extension") or settings["output_file_extension"]
    timestamp = format_timestamp(job.created)

    final_path = settings["render_output_path"]
    if "{timestamp}" in final_path:
        final_path = final_path.replace("{timestamp}", timestamp)
        settings["render_output_path"] = final_path
    final_dir = paths.dirname(final_path)
    if paths.is_root(final_dir):
        # Moving the intermediate directory onto a root (or a relative nowhere) is never intended.
        problem = f"must be a file pattern inside a directory, not {final_path!r}"
        raise JobSettingsError({"render_output_path": problem})
    intermediate = f"{final_dir}__intermediate-{timestamp}"

    try:
        frames = parse_frame_range(settings["frames"])
        chunks = blender_frame_chunks(settings["frames"], settings["chunk_size"])
    except FrameRangeError as exc:
        raise JobSettingsError({"frames": str(exc)}) from exc

    fps = settings.get("fps")
    if fps is not None and fps <= 0 and settings["images_or_video"] == "images":
        raise JobSettingsError({"fps": f"must be positive, not {fps}"})

    output_pattern = paths.join(intermediate, paths.basename(final_path))
    render_tasks = _render_tasks(job, blend_file, chunks, output_pattern)

    video = None
    if fps is not None and settings["images_or_video"] == "images":
        first_frame, last_frame = frames[0][0], frames[-1][1]
        video = AuthoredTask("preview-video", "ffmpeg")
        video.add_command(
            AuthoredCommand(
                "frames-to-video",
                {
                    "exe": "{ffmpeg}",
                    "fps": fps,
                    "inputGlob": paths.join(intermediate, "*" + extension),
                    "outputFile": paths.join(
                        intermediate, f"{paths.stem(blend_file)}-{first_frame}-{last_frame}.mp4"
                    ),
                    "args": [*_FFMPEG_ARGS, "-r", str(fps), "-y"],
                },
            )
        )
        for task in render_tasks:
            video.add_dependency(task)
        job.add_task(video)

    move = AuthoredTask("move-to-final", "file-management")
    move.add_command(AuthoredCommand("move-directory", {"src": intermediate, "dest": final_dir}))
    for task in render_tasks:
        move.add_dependency(task)
    if video is not None:
        move.add_dependency(video)
    job.add_task(move)


def _render_tasks(
    job: CompilingJob, blend_file: str, chunks: Iterator[tuple[str, str]], output_pattern: str
) -> list[AuthoredTask]:
    """One render task per chunk. What all of them share is looked up once: a million-frame job
    spends its time here."""
    settings = job.settings
    exe, render_format = settings["blender_cmd"], settings["format"]
    tasks = []
    for chunk, blender_chunk in chunks:
        task = AuthoredTask(f"render-{chunk}", "blender")
        parameters = {
            "exe": exe,
            "exeArgs": "{blenderArgs}",
            "argsBefore": [],
            "blendfile": blend_file,
            "args": [
                "--render-output", output_pattern,
                "--render-format", render_format,
                "--render-frame", blender_chunk,
            ],
        }  # fmt: skip
        task.add_command(AuthoredCommand("blender-render", parameters))
        job.add_task(task)
        tasks.append(task)
    return tasks
