"""Variables such as {blender} in commands, per worker platform."""

from __future__ import annotations

from flamenco.variables import expand, values_for

VARIABLES = {
    "blender": {
        "values": [
            {"platform": "all", "value": "blender"},
            {"platform": "windows", "value": "C:/Blender/blender.exe"},
            {"platforms": ["darwin", "linux"], "audience": "users", "value": "/users/only"},
        ]
    },
    "render": {"values": [{"platform": "linux", "audience": "workers", "value": "/mnt/render"}]},
}


def test_platform_value_beats_all():
    assert values_for(VARIABLES, "windows")["blender"] == "C:/Blender/blender.exe"
    assert values_for(VARIABLES, "linux")["blender"] == "blender"  # the users-only value is not for workers
    assert "render" not in values_for(VARIABLES, "windows")


def test_expand_reaches_into_lists_and_keeps_unknown_names():
    values = values_for(VARIABLES, "linux")
    commands = [
        {
            "name": "blender-render",
            "parameters": {"exe": "{blender}", "args": ["-o", "{render}/f", "{nope}"], "n": 3},
        }
    ]
    assert expand(commands, values) == [
        {
            "name": "blender-render",
            "parameters": {"exe": "blender", "args": ["-o", "/mnt/render/f", "{nope}"], "n": 3},
        }
    ]
