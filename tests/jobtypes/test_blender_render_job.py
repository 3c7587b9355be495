"""The built-in simple-blender-render job type, starting from the spec's own example submission."""

import copy
from datetime import datetime

import pytest

from flamenco.jobtypes import JobSettingsError, JobTypeRegistry
from tests.factories import spec_example

CREATED = datetime(2022, 6, 2, 14, 30, 5)

EXAMPLE = spec_example("SubmittedJob")

FINAL = "/render/sf/frames/scene123/3Д рендеринг"
INTERMEDIATE = FINAL + "__intermediate-2022-06-02_143005"


def compile_render(settings_update=None, **settings_removed):
    submitted = copy.deepcopy(EXAMPLE)
    submitted["settings"].update(settings_update or {})
    for key in settings_removed:
        submitted["settings"].pop(key)
    return JobTypeRegistry().compile(submitted, CREATED)


def by_name(compiled):
    return {task.name: task for task in compiled.tasks}


def test_example_compiles_into_render_video_and_move_tasks():
    compiled = compile_render()
    assert [t.name for t in compiled.tasks] == [
        "render-1-3",
        "render-4-6",
        "render-7-9",
        "render-10",
        "preview-video",
        "move-to-final",
    ]
    assert compiled.settings == EXAMPLE["settings"]


def test_render_tasks():
    renders = [t for t in compile_render().tasks if t.name.startswith("render-")]
    for task, blender_frames in zip(renders, ["1..3", "4..6", "7..9", "10"], strict=True):
        assert task.task_type == "blender"
        assert task.priority == 50
        assert task.depends_on == []
        [command] = task.commands
        assert command.name == "blender-render"
        assert command.parameters == {
            "exe": "{blender}",
            "exeArgs": "{blenderArgs}",
            "argsBefore": [],
            "blendfile": "/render/sf/jobs/scene123.blend",
            "args": [
                "--render-output",
                INTERMEDIATE + "/######",
                "--render-format",
                "PNG",
                "--render-frame",
                blender_frames,
            ],
        }


def test_preview_video_task():
    tasks = by_name(compile_render())
    video = tasks["preview-video"]
    assert video.task_type == "ffmpeg"
    assert video.depends_on == [tasks[n] for n in ("render-1-3", "render-4-6", "render-7-9", "render-10")]
    [command] = video.commands
    assert command.name == "frames-to-video"
    assert command.parameters == {
        "exe": "{ffmpeg}",
        "fps": 24,
        "inputGlob": INTERMEDIATE + "/*.png",
        "outputFile": INTERMEDIATE + "/scene123-1-10.mp4",
        "args": [
            *("-c:v", "h264", "-crf", "20", "-g", "18"),
            *("-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2", "-pix_fmt", "yuv420p"),
            *("-r", "24", "-y"),
        ],
    }


def test_move_to_final_waits_for_everything():
    compiled = compile_render()
    move = compiled.tasks[-1]
    assert move.name == "move-to-final"
    assert move.task_type == "file-management"
    assert move.depends_on == compiled.tasks[:-1]
    assert [(c.name, c.parameters) for c in move.commands] == [
        ("move-directory", {"src": INTERMEDIATE, "dest": FINAL}),
    ]


def test_preview_uses_whole_range_and_fractional_fps():
    tasks = by_name(compile_render({"frames": "40,3-7", "fps": 23.976, "chunk_size": 10}))
    assert list(tasks) == ["render-3-7,40", "preview-video", "move-to-final"]
    assert tasks["render-3-7,40"].commands[0].parameters["args"][-1] == "3..7,40"
    params = tasks["preview-video"].commands[0].parameters
    assert params["outputFile"] == INTERMEDIATE + "/scene123-3-40.mp4"
    assert params["args"][-3:] == ["-r", "23.976", "-y"]


def test_no_fps_means_no_preview_video():
    compiled = compile_render(fps=None)
    assert [t.name for t in compiled.tasks][-2:] == ["render-10", "move-to-final"]
    assert compiled.tasks[-1].depends_on == compiled.tasks[:-1]


def test_video_output_gets_no_preview():
    compiled = compile_render({"images_or_video": "video", "format": "FFMPEG"})
    assert "preview-video" not in by_name(compiled)


def test_minimal_submission_gets_defaults():
    submitted = {
        "name": "minimal",
        "type": "simple-blender-render",
        "priority": 50,
        "settings": {"filepath": "/p/s.blend", "render_output_path": "/out/shot/####", "frames": "1-2"},
    }
    compiled = JobTypeRegistry().compile(submitted, CREATED)
    assert compiled.settings == {
        **submitted["settings"],
        "blender_cmd": "{blender}",
        "chunk_size": 1,
        "extract_audio": False,
        "images_or_video": "images",
        "format": "PNG",
        "output_file_extension": ".png",
    }
    assert [t.name for t in compiled.tasks] == ["render-1", "render-2", "move-to-final"]
    assert compiled.tasks[0].commands[0].parameters["args"][:4] == [
        "--render-output",
        "/out/shot__intermediate-2022-06-02_143005/####",
        "--render-format",
        "PNG",
    ]


def test_timestamp_placeholder_is_filled_in_and_stored():
    compiled = compile_render({"render_output_path": "/render/shot/{timestamp}/######"})
    assert compiled.settings["render_output_path"] == "/render/shot/2022-06-02_143005/######"
    assert compiled.tasks[-1].commands[0].parameters["dest"] == "/render/shot/2022-06-02_143005"


def test_windows_paths_keep_their_style():
    compiled = compile_render(
        {"render_output_path": "R:\\frames\\shot\\######", "filepath": "R:\\jobs\\shot.blend"}
    )
    tasks = by_name(compiled)
    intermediate = "R:\\frames\\shot__intermediate-2022-06-02_143005"
    assert tasks["render-1-3"].commands[0].parameters["args"][1] == intermediate + "\\######"
    video = tasks["preview-video"].commands[0].parameters
    assert video["inputGlob"] == intermediate + "\\*.png"
    assert video["outputFile"] == intermediate + "\\shot-1-10.mp4"
    assert tasks["move-to-final"].commands[0].parameters == {"src": intermediate, "dest": "R:\\frames\\shot"}


@pytest.mark.parametrize("key", ["filepath", "render_output_path", "frames"])
def test_required_settings(key):
    with pytest.raises(JobSettingsError, match=repr(key)):
        compile_render(**{key: None})


@pytest.mark.parametrize(
    ("update", "key"),
    [
        ({"images_or_video": "gif"}, "images_or_video"),
        ({"chunk_size": 0}, "chunk_size"),
        ({"chunk_size": "3"}, "chunk_size"),
        ({"fps": "24"}, "fps"),
        ({"fps": -24}, "fps"),
        ({"extract_audio": "yes"}, "extract_audio"),
        ({"frames": "1-"}, "frames"),
        ({"frames": "10-1"}, "frames"),
        ({"frames": "-5..-1"}, "frames"),
        ({"frames": "1-2000000"}, "frames"),
        ({"render_output_path": "/######"}, "render_output_path"),
        ({"render_output_path": "######"}, "render_output_path"),
    ],
)
def test_bad_settings_name_the_key(update, key):
    with pytest.raises(JobSettingsError) as excinfo:
        compile_render(update)
    assert repr(key) in str(excinfo.value)
    assert excinfo.value.status == 400


# What Flamenco's Blender add-on (seed 2022-06-02, addon/flamenco/) sends: every setting of the job
# type description it holds, plus `blendfile` set to its packed copy of the file when the type
# declares it. An add-on that still holds Flamenco's own description of this type (the scene caches
# it) sends exactly these keys, the settings of Flamenco's simple_blender_render.js at that commit.
FLAMENCO_JS_SUBMISSION = {
    "frames": "1-10",
    "chunk_size": 3,
    "render_output_root": "/render/sf/frames",
    "add_path_components": 0,
    "render_output_path": "/render/sf/frames/scene123/{timestamp}/######",
    "blender_cmd": "{blender}",
    "blendfile": "/render/jobs/scene123-abcd/scene123.flamenco.blend",
    "fps": 24.0,
    "images_or_video": "images",
    "format": "OPEN_EXR",
    "image_file_extension": ".exr",
    "video_container_format": "MPEG4",
}


def test_a_submission_from_an_addon_holding_flamencos_own_job_type_compiles():
    submitted = {"name": "shot", "type": "simple-blender-render", "priority": 50}
    settings = {**FLAMENCO_JS_SUBMISSION, "format": "PNG", "image_file_extension": ".png"}
    compiled = JobTypeRegistry().compile({**submitted, "settings": settings}, CREATED)
    tasks = by_name(compiled)
    render = tasks["render-1-3"].commands[0].parameters
    assert render["blendfile"] == FLAMENCO_JS_SUBMISSION["blendfile"]
    assert render["args"][3] == "PNG"
    video = tasks["preview-video"].commands[0].parameters
    assert video["inputGlob"].endswith("/*.png")  # image_file_extension, Flamenco's name
    assert video["outputFile"].endswith("/scene123.flamenco-1-10.mp4")


def test_exr_frames_get_a_preview_video_only_from_blenders_previews():
    """FFmpeg cannot read EXR: as Flamenco does, the video is made of the JPEG previews, if any."""
    submitted = {"name": "shot", "type": "simple-blender-render", "priority": 50}
    compiled = JobTypeRegistry().compile({**submitted, "settings": FLAMENCO_JS_SUBMISSION}, CREATED)
    assert "preview-video" not in by_name(compiled)
    settings = {**FLAMENCO_JS_SUBMISSION, "has_previews": True}
    compiled = JobTypeRegistry().compile({**submitted, "settings": settings}, CREATED)
    assert by_name(compiled)["preview-video"].commands[0].parameters["inputGlob"].endswith("/*.jpg")


def _bpy_default(setting):
    """The value a Blender property made from the setting holds when nobody touched it."""
    if "choices" in setting:
        return setting.get("default", setting["choices"][0])  # an EnumProperty starts at its first item
    return setting.get("default", {"string": "", "int32": 0, "float": 0.0, "bool": False}[setting["type"]])


def _addon_submission(door, evaluates_hidden):
    """What Flamenco's add-on of that API version sends: every key the door shows, at its default or
    Blender's zero value, `eval` settings evaluated (hidden ones only by the 3.8 add-on: the 2022 one
    never evaluates them), the artist's values, and `blendfile` set to its packed copy."""
    described = JobTypeRegistry().get("simple-blender-render", door)
    evaluated = {"frames": "1-4", "fps": 25.0, "format": "PNG", "image_file_extension": ".png",
                 "images_or_video": "images", "video_container_format": "MPEG4", "scene": "Scene",
                 "has_previews": False}  # fmt: skip
    settings = {}
    for setting in described["settings"]:
        key = setting["key"]
        shown = setting.get("visible", "visible") in ("visible", "submission")
        if setting.get("eval") and key in evaluated and (shown or evaluates_hidden):
            settings[key] = evaluated[key]
        else:
            settings[key] = _bpy_default(setting)
    settings.update(
        chunk_size=4,
        render_output_root="/render/out",
        render_output_path="/render/out/shot/{timestamp}/######",
    )
    settings["blendfile"] = "/render/jobs/scene.flamenco.blend"  # set_blend_file(): the type declares it
    return {"name": "shot", "type": "simple-blender-render", "priority": 50, "settings": settings}


def test_a_submission_of_the_2022_addon_compiles():
    submitted = _addon_submission("seed", evaluates_hidden=False)
    assert submitted["settings"]["fps"] == 0.0 and submitted["settings"]["format"] == ""
    tasks = by_name(JobTypeRegistry().compile(submitted, CREATED))
    assert "preview-video" not in tasks  # fps left at 0: no video, as with Flamenco
    render = tasks["render-1-4"].commands[0].parameters
    assert render["blendfile"] == "/render/jobs/scene.flamenco.blend"
    assert "--render-format" not in render["args"]  # format left empty: the blend file's own


def test_a_submission_of_the_38_addon_compiles():
    submitted = _addon_submission("v3", evaluates_hidden=True)
    tasks = by_name(JobTypeRegistry().compile(submitted, CREATED))
    render = tasks["render-1-4"].commands[0].parameters
    assert render["args"][:2] == ["--scene", "Scene"]
    assert tasks["preview-video"].commands[0].parameters["fps"] == 25.0


def test_without_any_blend_file_the_job_is_refused_naming_filepath():
    with pytest.raises(JobSettingsError) as excinfo:
        compile_render({"filepath": "  "})
    assert "'filepath' is required (or blendfile" in str(excinfo.value)


def test_a_setting_of_no_version_of_the_type_is_refused_listing_the_valid_ones():
    with pytest.raises(JobSettingsError) as excinfo:
        compile_render({"chunksize": 3})
    message = str(excinfo.value)
    assert message.startswith("setting 'chunksize' is not a setting of job type 'simple-blender-render'")
    assert "chunk_size" in message and "blendfile" in message


def test_fps_zero_means_no_preview_video():
    """The 2022 add-on never evaluates the hidden `fps` and sends 0; Flamenco then makes no video."""
    assert "preview-video" not in by_name(compile_render({"fps": 0}))
