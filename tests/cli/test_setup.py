"""`flamenco variables` and `flamenco config ...` against a real Manager process."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from tests.cli.conftest import Farm

FAKE_BLENDER = "#!/bin/sh\necho 'Blender 4.2.3 LTS'\n"


def test_variables_for_a_platform_and_the_shared_storage(farm: Farm) -> None:
    shown = farm.cli("variables", "--platform", "windows")
    assert shown.code == 0, shown.err
    assert "blender" in shown.out and "jobs" in shown.out
    shared = str(farm.manager.workdir / "shared" / "jobs")
    assert f"shared storage for windows: {shared} (Shaman on)" in shown.out
    as_json = farm.cli("variables", "--audience", "workers", "--platform", "linux", "--json").json()
    assert as_json["blender"] == {"value": "blender", "is_twoway": False}
    assert as_json["jobs"]["value"] == shared
    refused = farm.cli("variables", "--audience", "everyone")
    assert refused.code == 2


def test_config_show_prints_the_file_as_yaml_or_json(farm: Farm) -> None:
    shown = farm.cli("config", "show")
    assert shown.code == 0, shown.err
    mapping = yaml.safe_load(shown.out)
    assert mapping["_meta"] == {"version": 3} and mapping["listen"] == ":8080"  # the file's (none: defaults)
    assert farm.cli("config", "show", "--json").json() == mapping


def test_check_storage_says_whether_the_manager_could_use_a_directory(farm: Farm, tmp_path: Path) -> None:
    usable = farm.cli("config", "check-storage", str(tmp_path))
    assert usable.code == 0, usable.out
    assert "usable  yes" in usable.out
    system = farm.cli("config", "check-storage", "/etc")
    assert system.code == 1 and "system directory" in system.out
    missing = farm.cli("config", "check-storage", str(tmp_path / "missing"), "--json")
    assert missing.code == 1 and missing.json()["is_usable"] is False


def test_blender_checks_run_on_the_manager(farm: Farm, tmp_path: Path) -> None:
    on_path = shutil.which("blender")  # the Manager process has the test's PATH
    listed = farm.cli("config", "find-blender")
    if on_path is None:
        assert listed.code == 1 and "no Blender found" in listed.out
        assert farm.cli("config", "find-blender", "--json").json() == []
    else:
        assert listed.code == 0 and on_path in listed.out
        assert [found["path"] for found in farm.cli("config", "find-blender", "--json").json()] == [on_path]
    blender = tmp_path / "blender"
    blender.write_text(FAKE_BLENDER)
    blender.chmod(0o755)
    found = farm.cli("config", "check-blender", str(blender))
    assert found.code == 0, found.out
    assert "Found Blender 4.2.3 LTS" in found.out
    not_blender = farm.cli("config", "check-blender", "/bin/sh", "--json")
    assert not_blender.code == 1 and not_blender.json()["is_usable"] is False
