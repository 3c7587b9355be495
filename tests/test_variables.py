"""Variables such as {blender} in commands, per worker platform."""

from __future__ import annotations

import pytest

from flamenco.variables import Resolved, expand, expand_path, resolve, values_for

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


TWO_WAY = {
    "render": {
        "is_twoway": True,
        "values": [
            {"platform": "linux", "value": "/mnt/render/"},
            {"platform": "windows", "value": "R:\\"},
            {"platform": "darwin", "value": "/Volumes/Render"},
        ],
    },
    "blender": {
        "values": [{"platform": "all", "value": "blender"}, {"platform": "windows", "value": "B.exe"}]
    },
    "jobs": {"values": [{"platform": "all", "value": "/configured/jobs/ignored"}]},
    "users_only": {"values": [{"platform": "all", "audience": "users", "value": "u"}]},
}


def test_resolve_gives_values_per_audience_and_platform_with_the_implicit_jobs():
    linux = resolve(TWO_WAY, "workers", "linux", jobs="/mnt/render/jobs")
    assert linux["render"] == Resolved("/mnt/render", True)  # two-way: no trailing separator
    assert linux["blender"] == Resolved("blender", False)
    assert linux["jobs"] == Resolved("/mnt/render/jobs", False)  # the configured `jobs` is ignored
    assert "users_only" not in linux
    assert resolve(TWO_WAY, "users", "windows", jobs="/j")["blender"] == Resolved("B.exe", False)
    assert resolve(TWO_WAY, "users", "windows", jobs="/j")["users_only"] == Resolved("u", False)
    assert "render" not in resolve(TWO_WAY, "users", "freebsd", jobs="/j")


@pytest.mark.parametrize(
    ("platform", "expected"),
    [
        ("linux", "/mnt/render/jobs/shot"),
        ("windows", "R:\\jobs\\shot"),
        ("darwin", "/Volumes/Render/jobs/shot"),
        ("freebsd", "/mnt/render/jobs/shot"),  # no value there: as the Manager sees it
    ],
)
def test_a_manager_path_is_rerooted_for_each_platform(platform, expected):
    path = expand_path(
        "/mnt/render/jobs/shot", TWO_WAY, "users", platform, manager_platform="linux", jobs="/mnt/render/jobs"
    )
    assert path == expected


def test_rerooting_ignores_case_and_windows_slashes():
    from_windows = expand_path("r:/Jobs", TWO_WAY, "users", "linux", manager_platform="windows", jobs="")
    assert from_windows == "/mnt/render/Jobs"
    assert expand_path("{render}/x", TWO_WAY, "users", "darwin", manager_platform="linux", jobs="") == (
        "/Volumes/Render/x"
    )
