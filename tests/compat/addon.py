"""What Flamenco's Blender add-on does with its generated client, without Blender.

The add-on sends every setting of the chosen job type (`JobTypePropertyGroup.as_jobsettings`).
Each holds what Blender evaluated for its `eval` expression, when the add-on evaluates it; else the
value an artist typed, the declared default, the first choice, or Blender's property default (empty,
zero, false), in that order. Flamenco 3.8's add-on evaluates every expression. The 2022 add-on
evaluates those of settings shown in Blender when the artist presses their button, and never those
of hidden ones (`eval_hidden_settings_of_job` skips every setting with a `visible` value): it sends
`fps` 0.0. `BLENDER` holds what Blender evaluates for the built-in job types' expressions on a small
scene; a job type with an expression not in it fails the test, since the add-on would send something
unforeseen. `blendfile` is then set to the packed file's path on the farm (`set_blend_file`).
"""

from __future__ import annotations

import hashlib
import io
from types import ModuleType
from typing import Any

# A scene of frames 1-4 at 24 fps rendering PNGs, named "Scene", saved as /projects/shot/anim.blend.
BLENDER: dict[str, Any] = {
    "frames": "1-4",
    "fps": 24.0,
    "format": "PNG",
    "image_file_extension": ".png",
    "has_previews": False,
    "scene": "Scene",
    "images_or_video": "images",
    "video_container_format": "MPEG4",
    "render_output_path": "/render/shot/add-on job/{timestamp}/######",
}
ARTIST_TYPED = {"render_output_root": "/render/"}
PROPERTY_DEFAULTS = {"string": "", "int32": 0, "float": 0.0, "bool": False}
NOT_IN_BLENDER_UI = ("hidden", "web")


def job_settings(client: ModuleType, job_type: Any, *, evaluates_hidden: bool) -> Any:
    """The `JobSettings` the add-on sends for this job type."""
    settings = client.models.JobSettings()
    for setting in job_type.settings:
        key, kind = setting.key, str(setting.type.value)
        visible = setting.get("visible")
        shown = visible is None or visible.value not in NOT_IN_BLENDER_UI
        evaluated = setting.get("eval") and (evaluates_hidden or shown)
        if evaluated:
            assert key in BLENDER, f"the add-on would evaluate {setting.eval!r} for {key!r}"
            value = BLENDER[key]
        elif key in ARTIST_TYPED:
            value = ARTIST_TYPED[key]
        elif setting.get("default") is not None:
            value = setting.default
        elif setting.get("choices"):
            value = setting.choices[0]
        else:
            value = PROPERTY_DEFAULTS[kind]
        settings[key] = value
    return settings


def upload_to_shaman(client: ModuleType, api_client: Any, blend: bytes, checkout: str) -> str:
    """BAT's Shaman dance: requirements, pre-flight check, store, checkout. Returns the checkout path."""
    models = client.models
    shaman = client.apis.ShamanApi(api_client)
    spec = models.ShamanFileSpec(sha=hashlib.sha256(blend).hexdigest(), size=len(blend), path="anim.blend")
    wanted = shaman.shaman_checkout_requirements(models.ShamanRequirementsRequest(files=[spec]))
    assert [f.path for f in wanted.files] == ["anim.blend"]
    check = shaman.shaman_file_store_check(checksum=spec.sha, filesize=spec.size)
    assert check.status.value == "unknown"
    shaman.shaman_file_store(
        checksum=spec.sha,
        filesize=spec.size,
        body=io.BytesIO(blend),
        x_shaman_can_defer_upload=False,
        x_shaman_original_filename="anim.blend",
    )
    assert shaman.shaman_file_store_check(checksum=spec.sha, filesize=spec.size).status.value == "stored"
    result = shaman.shaman_checkout(models.ShamanCheckout(files=[spec], checkout_path=checkout))
    return str(result.checkout_path)
