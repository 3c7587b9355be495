"""The spec is valid and everything derived from it is current."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename

ROOT = Path(__file__).resolve().parent.parent


def test_spec_is_valid_openapi():
    spec, _ = read_from_filename(str(ROOT / "spec" / "flamenco-openapi.yaml"))
    validate(spec)


def test_generated_files_are_current_and_every_operation_has_a_handler():
    result = subprocess.run(
        [sys.executable, "tools/regen.py", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_seed_operation_keeps_its_path_method_and_id():
    import yaml

    seed_file = ROOT.parent / "shared" / "seeds" / "flamenco-openapi-2022-06-02.yaml"
    if not seed_file.exists():
        pytest.skip(f"the seed spec is not beside the checkout ({seed_file})")
    seed = yaml.safe_load(seed_file.read_text())
    ours = yaml.safe_load((ROOT / "spec" / "flamenco-openapi.yaml").read_text())
    methods = ("get", "post", "put", "delete", "patch")

    def ops(spec):
        return {
            (path, method, item[method]["operationId"])
            for path, item in spec["paths"].items()
            for method in methods
            if method in item
        }

    assert ops(seed) <= ops(ours)
    assert len(ops(seed)) == 27


def test_check_catches_a_stale_or_leftover_generated_client(tmp_path):
    """--check has teeth for the generated client too: an edited file and a file the generator no
    longer writes (e.g. of a removed operation) are both reported, in a copy of the tree."""
    import shutil

    for part in ("spec", "tools", "src"):
        shutil.copytree(
            ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
        )
    client = tmp_path / "src" / "flamenco" / "api_client"
    edited = client / "api" / "jobs" / "fetch_job.py"
    edited.write_text(edited.read_text().replace("def sync_detailed(", "def sync_detailed_renamed("))
    (client / "api" / "jobs" / "fetch_old_thing.py").write_text("# left over\n")

    result = subprocess.run(
        [sys.executable, "tools/regen.py", "--check"], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "src/flamenco/api_client/api/jobs/fetch_job.py" in result.stdout
    assert "src/flamenco/api_client/api/jobs/fetch_old_thing.py (no longer generated)" in result.stdout

    regenerated = subprocess.run(
        [sys.executable, "tools/regen.py"], cwd=tmp_path, capture_output=True, text=True
    )
    assert regenerated.returncode == 0, regenerated.stdout + regenerated.stderr
    assert "def sync_detailed(" in edited.read_text()
    assert not (client / "api" / "jobs" / "fetch_old_thing.py").exists()
