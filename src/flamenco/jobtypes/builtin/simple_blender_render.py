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

_FRAME_RANGE = "f'{C.scene.frame_start}-{C.scene.frame_end}'"
_FPS = "C.scene.render.fps / C.scene.render.fps_base"
_FILE_FORMAT = "C.scene.render.image_settings.file_format"
_FILE_EXTENSION = "C.scene.render.file_extension"
# Formats Blender writes as video files, which get no preview video.
_VIDEO_FORMATS = frozenset({"FFMPEG", "AVI_RAW", "AVI_JPEG"})
# Formats FFmpeg cannot read; Blender can write JPEG previews beside them (`has_previews`).
_FFMPEG_UNREADABLE_FORMATS = frozenset({"EXR", "MULTILAYER", "OPEN_EXR", "OPEN_EXR_MULTILAYER"})

JOB_TYPE = {
    "label": "Simple Blender Render",
    "description": "Renders a frame range with Blender, then makes a preview video of the frames",
    # What the Manager accepts through either door: every key of Flamenco's own versions of this
    # type (2022 and 3.8) and this Manager's own names (`filepath`, `output_file_extension`), so
    # whatever description a client holds, its submission compiles.
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
            "eval": _FRAME_RANGE,
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
            "eval": _FPS,
            "visible": "hidden",
            "description": "Frame rate of the preview video; without it (or 0) no preview video is made",
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
            "eval": _FILE_FORMAT,
            "visible": "hidden",
            "description": "Blender's output format, as for --render-format; empty: the blend file's own",
        },
        {
            "key": "output_file_extension",
            "type": "string",
            "default": ".png",
            "eval": _FILE_EXTENSION,
            "visible": "hidden",
            "description": "File extension of the rendered images, used to find them for the preview video",
        },
        {
            "key": "image_file_extension",
            "type": "string",
            "eval": _FILE_EXTENSION,
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
        {
            "key": "has_previews",
            "type": "bool",
            "eval": "C.scene.render.image_settings.use_preview",
            "visible": "hidden",
            "description": "Whether Blender also writes JPEG previews; the preview video of EXR"
            " frames is made from them",
        },
        {
            "key": "scene",
            "type": "string",
            "eval": "C.scene.name",
            "visible": "web",
            "description": "Scene to render; empty: the blend file's active scene",
        },
    ],
    # What each door shows: the declaration Flamenco's own Manager of that API version gives, key
    # for key (names, types, defaults, eval, visibility, required), so an add-on of that version
    # fills in what it expects. The descriptions are this Manager's.
    "views": {
        "seed": [  # Flamenco as of the seed spec (2022-06-02)
            {
                "key": "frames",
                "type": "string",
                "required": True,
                "eval": _FRAME_RANGE,
                "description": "Frames to render, e.g. '47', '1-30' or '3, 5-10, 47-327'",
            },
            {
                "key": "chunk_size",
                "type": "int32",
                "default": 1,
                "description": "Number of frames one render task renders",
            },
            {
                "key": "render_output_root",
                "type": "string",
                "subtype": "dir_path",
                "required": True,
                "visible": "submission",
                "description": "Base directory for render output; the job's own directories go below it",
            },
            {
                "key": "add_path_components",
                "type": "int32",
                "required": True,
                "default": 0,
                "propargs": {"min": 0, "max": 32},
                "visible": "submission",
                "description": "How many directories of the blend file's path to repeat in the output path",
            },
            {
                "key": "render_output_path",
                "type": "string",
                "subtype": "file_path",
                "editable": False,
                "eval": "str(Path(settings.render_output_root)"
                " / last_n_dir_parts(settings.add_path_components) / jobname / '{timestamp}' / '######')",
                "description": "Where the final frames go",
            },
            {"key": "blender_cmd", "type": "string", "default": "{blender}", "visible": "hidden"},
            {
                "key": "blendfile",
                "type": "string",
                "required": True,
                "visible": "hidden",
                "description": "Blend file to render",
            },
            {"key": "fps", "type": "float", "eval": _FPS, "visible": "hidden"},
            {
                "key": "images_or_video",
                "type": "string",
                "required": True,
                "choices": ["images", "video"],
                "visible": "hidden",
                "eval": "'video' if C.scene.render.image_settings.file_format in"
                " {'FFMPEG', 'AVI_RAW', 'AVI_JPEG'} else 'images'",
            },
            {"key": "format", "type": "string", "required": True, "eval": _FILE_FORMAT, "visible": "web"},
            {
                "key": "image_file_extension",
                "type": "string",
                "required": True,
                "eval": _FILE_EXTENSION,
                "visible": "hidden",
                "description": "File extension of rendered images (not used for video output)",
            },
            {
                "key": "video_container_format",
                "type": "string",
                "required": True,
                "eval": "C.scene.render.ffmpeg.format",
                "visible": "hidden",
                "description": "Video container of video output (not used for image output)",
            },
        ],
        "v3": [  # Flamenco 3.8.5
            {
                "key": "frames",
                "type": "string",
                "required": True,
                "eval": _FRAME_RANGE,
                "evalInfo": {"showLinkButton": True, "description": "The scene's frame range"},
                "description": "Frames to render, e.g. '47', '1-30' or '3, 5-10, 47-327'",
            },
            {
                "key": "chunk_size",
                "type": "int32",
                "default": 1,
                "visible": "submission",
                "description": "Number of frames one render task renders",
            },
            {
                "key": "render_output_root",
                "type": "string",
                "subtype": "dir_path",
                "required": True,
                "visible": "submission",
                "description": "Base directory for render output; the job's own directories go below it",
            },
            {
                "key": "add_path_components",
                "type": "int32",
                "required": True,
                "default": 0,
                "propargs": {"min": 0, "max": 32},
                "visible": "submission",
                "description": "How many directories of the blend file's path to repeat in the output path",
            },
            {
                "key": "render_output_path",
                "type": "string",
                "subtype": "file_path",
                "editable": False,
                "eval": "str(Path(abspath(settings.render_output_root),"
                " last_n_dir_parts(settings.add_path_components), jobname, '{timestamp}', '######'))",
                "description": "Where the final frames go",
            },
            {
                "key": "blendfile",
                "type": "string",
                "required": True,
                "visible": "web",
                "description": "Blend file to render",
            },
            {"key": "fps", "type": "float", "eval": _FPS, "visible": "hidden"},
            {"key": "format", "type": "string", "required": True, "eval": _FILE_FORMAT, "visible": "web"},
            {
                "key": "image_file_extension",
                "type": "string",
                "required": True,
                "eval": _FILE_EXTENSION,
                "visible": "hidden",
                "description": "File extension of the rendered images",
            },
            {
                "key": "has_previews",
                "type": "bool",
                "required": False,
                "eval": "C.scene.render.image_settings.use_preview",
                "visible": "hidden",
                "description": "Whether Blender also writes preview images",
            },
            {
                "key": "scene",
                "type": "string",
                "required": True,
                "eval": "C.scene.name",
                "visible": "web",
                "description": "Scene to render",
            },
        ],
    },
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
    if fps is not None and fps < 0:
        raise JobSettingsError({"fps": f"may not be negative, not {fps}"})

    output_pattern = paths.join(intermediate, paths.basename(final_path))
    render_tasks = _render_tasks(job, blend_file, chunks, output_pattern)

    video = None
    extension = _preview_input_extension(settings)
    # fps 0: Flamenco's 2022 add-on leaves this hidden setting unevaluated; like Flamenco, no video.
    if fps and extension:
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
    exe = settings["blender_cmd"]
    # An empty scene or format (a 2022 add-on leaves `format` unevaluated) means the blend file's own.
    base_args = ["--scene", settings["scene"]] if settings.get("scene") else []
    base_args += ["--render-output", output_pattern]
    if settings["format"]:
        base_args += ["--render-format", settings["format"]]
    tasks = []
    for chunk, blender_chunk in chunks:
        task = AuthoredTask(f"render-{chunk}", "blender")
        parameters = {
            "exe": exe,
            "exeArgs": "{blenderArgs}",
            "argsBefore": [],
            "blendfile": blend_file,
            "args": [*base_args, "--render-frame", blender_chunk],
        }
        task.add_command(AuthoredCommand("blender-render", parameters))
        job.add_task(task)
        tasks.append(task)
    return tasks


def _preview_input_extension(settings: dict[str, object]) -> str:
    """The extension of the images the preview video is made of, or "" when there is none to make.

    Video output gets no preview; formats FFmpeg cannot read get one only from the JPEG previews
    Blender writes beside them when `has_previews` is on.
    """
    render_format = settings["format"]
    if settings["images_or_video"] == "video" or render_format in _VIDEO_FORMATS:
        return ""
    if render_format in _FFMPEG_UNREADABLE_FORMATS:
        return ".jpg" if settings.get("has_previews") else ""
    extension = settings.get("image_file_extension") or settings["output_file_extension"]
    return str(extension)
