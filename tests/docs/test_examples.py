"""The example jobs in docs/examples/ and the README's quick start, run as a user runs them: the real
`flamenco` command against a real Manager."""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import yaml

from tests.api.live_manager import ManagerProcess, free_port
from tests.e2e.test_farm import BLEND_SCRIPT, png_size

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "docs" / "examples"
BIN = Path(sys.executable).parent
EXPECTED_TASKS = {
    "echo.yaml": ["echo", "sleep", "sleep-2"],
    "simple-blender-render.yaml": ["render-1-5", "render-6-10", "preview-video", "move-to-final"],
}


def user_env(manager_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLAMENCO_")}
    return {**env, "FLAMENCO_MANAGER": manager_url}


def jobs_named(manager_url: str, name: str) -> list[dict]:
    found = requests.post(f"{manager_url}/api/jobs/query", json={"name_contains": name}, timeout=10)
    return [job for job in found.json()["jobs"] if job["name"] == name]


@pytest.fixture(scope="module")
def manager(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ManagerProcess]:
    """A Manager without workers: submitted jobs stay queued, as submitted."""
    with ManagerProcess(tmp_path_factory.mktemp("manager")) as process:
        yield process


def test_the_examples_the_readme_promises_are_there():
    assert {path.name for path in EXAMPLES.glob("*.yaml")} == set(EXPECTED_TASKS)


@pytest.mark.parametrize("example", sorted(EXPECTED_TASKS))
def test_each_example_submits_through_the_cli(manager: ManagerProcess, example: str) -> None:
    path = EXAMPLES / example
    written = yaml.safe_load(path.read_text(encoding="utf-8"))
    submit = [str(BIN / "flamenco"), "job", "submit", str(path)]
    result = subprocess.run(submit, capture_output=True, text=True, timeout=60, env=user_env(manager.url))
    assert result.returncode == 0, result.stdout + result.stderr

    [job] = jobs_named(manager.url, written["name"])
    assert (job["type"], job["priority"], job["metadata"]) == (written["type"], 50, written["metadata"])
    for key, value in written["settings"].items():
        if "{timestamp}" not in str(value):  # the render type fills in the submission time
            assert job["settings"][key] == value
    tasks = requests.get(f"{manager.url}/api/jobs/{job['id']}/tasks", timeout=10).json()["tasks"]
    assert [task["name"] for task in tasks] == EXPECTED_TASKS[example]


def quick_start_commands() -> list[list[str]]:
    """The commands of the README's quick start that a user runs against the farm, in order."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = [block.split("```", 1)[0] for block in section.split("```sh\n")[1:]]
    lines = [line for block in blocks for line in block.splitlines() if line.strip()]
    assert lines[0].startswith("python3 -m venv .venv && .venv/bin/pip install . &&")
    assert lines[0].endswith(".venv/bin/flamenco-manager --local-worker")  # the farm the test starts
    commands = [shlex.split(line, comments=True) for line in lines[1:]]
    return [command for command in commands if command[0] in ("cp", ".venv/bin/flamenco")]


def make_blend_file(directory: Path) -> Path:
    blend = directory / "cube.blend"
    script = directory / "make_cube.py"
    script.write_text(textwrap.dedent(BLEND_SCRIPT.format(path=str(blend))))
    subprocess.run(
        ["blender", "-b", "--factory-startup", "--python", str(script)], check=True, capture_output=True
    )
    return blend


def edit_render_job(path: Path, blend: Path, output: Path) -> None:
    """What the README asks of the user, plus fewer frames to keep the test short."""
    job = yaml.safe_load(path.read_text(encoding="utf-8"))
    job["settings"].update(filepath=str(blend), render_output_path=str(output / "frame-######"), frames="1-2")
    path.write_text(yaml.safe_dump(job), encoding="utf-8")


@pytest.mark.e2e
@pytest.mark.skipif(
    not (shutil.which("blender") and shutil.which("ffmpeg")), reason="needs blender and ffmpeg"
)
def test_the_readme_quick_start_works_as_written(tmp_path: Path) -> None:
    """The one-command farm, then every command of the quick start, in a fresh directory that has
    the repository's docs/ (the commands name files in it)."""
    shutil.copytree(REPO / "docs", tmp_path / "docs")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = user_env(url)
    log = open(tmp_path / "farm.log", "wb")  # noqa: SIM115 - closed below, after the process
    farm = subprocess.Popen(
        [str(BIN / "flamenco-manager"), "--listen", f"127.0.0.1:{port}", "--local-worker"],
        cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while not _answers(url) and time.monotonic() < deadline:
            time.sleep(0.2)
        submitted = 0
        for command in quick_start_commands():
            if command[0] == "cp":
                shutil.copyfile(tmp_path / command[1], tmp_path / command[2])
                edit_render_job(tmp_path / command[2], make_blend_file(tmp_path), tmp_path / "renders")
                continue
            assert command[0] == ".venv/bin/flamenco", command
            done = subprocess.run(
                [str(BIN / "flamenco"), *command[1:]], cwd=tmp_path, env=env, capture_output=True, text=True,
                timeout=300,
            )  # fmt: skip
            farm_log = (tmp_path / "farm.log").read_text(errors="replace")[-4000:]
            assert done.returncode == 0, f"{command}\n{done.stdout}{done.stderr}\n--- farm ---\n{farm_log}"
            submitted += 1
        jobs = requests.post(f"{url}/api/jobs/query", json={}, timeout=10).json()["jobs"]
        assert len(jobs) == submitted == 3
        assert {job["status"] for job in jobs} == {"completed"}
        frames = sorted((tmp_path / "renders").glob("frame-*.png"))
        assert [frame.name for frame in frames] == ["frame-000001.png", "frame-000002.png"]
        assert png_size(frames[0]) == (64, 48)
    finally:
        farm.send_signal(signal.SIGTERM)
        try:
            farm.wait(30)
        finally:
            log.close()


def _answers(url: str) -> bool:
    try:
        return requests.get(f"{url}/api/version", timeout=2).ok
    except requests.RequestException:  # not listening yet, or too busy starting to answer
        return False
