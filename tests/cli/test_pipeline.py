"""`flamenco job blocks` against a real Manager process, every exchange spec-checked."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from tests.api.live_manager import ManagerProcess
from tests.cli.conftest import run_cli

pytestmark = pytest.mark.e2e

JOB = {
    "job": {
        "name": "shot-010",
        "user_name": "ann",
        "blocks": [
            {
                "name": "render",
                "frame_first": 1,
                "frame_last": 100,
                "frames_per_task": 10,
                "command": "r @#@",
            },
            {
                "name": "comp",
                "frame_first": 1,
                "frame_last": 100,
                "frames_inc": 2,
                "tasks_depend_mask": "render",
            },
            {"name": "movie", "depend_mask": "render|comp", "tasks": [{"name": "mov", "command": "ffmpeg"}]},
        ],
    }
}


@pytest.fixture(scope="module")
def manager(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ManagerProcess]:
    with ManagerProcess(tmp_path_factory.mktemp("cli-pipeline") / "manager") as manager:
        yield manager
    assert "Traceback" not in manager.log(), manager.log()[-5000:]


def _submit(manager: ManagerProcess) -> str:
    answer = requests.post(f"{manager.url}/api/v3/afanasy", json=JOB, timeout=30)
    assert answer.status_code == 200, answer.text
    return answer.json()["job_id"]


def test_job_blocks_shows_each_block_with_its_frames_progress_and_waits(manager: ManagerProcess) -> None:
    job_id = _submit(manager)
    result = run_cli("--manager", manager.url, "job", "blocks", job_id)
    assert result.code == 0, result.err
    lines = [line.split() for line in result.lines()]
    assert lines[0] == ["Block", "Service", "Frames", "Tasks", "Progress", "State", "Waits", "for"]
    assert lines[1] == ["render", "generic", "1-100", "(10", "per", "task)", "10", "0%", "RDY", "-"]
    assert lines[2] == ["comp", "generic", "1-100", "/2", "50", "0%", "RDY", "render", "(frames)"]
    assert lines[3] == ["movie", "generic", "-", "1", "0%", "WD", "render,", "comp"]
    assert "3 blocks" in result.err


def test_job_blocks_json_is_the_api_answer(manager: ManagerProcess) -> None:
    job_id = _submit(manager)
    result = run_cli("--manager", manager.url, "job", "blocks", job_id, "--json")
    assert result.code == 0, result.err
    blocks = result.json()["blocks"]
    assert [(b["name"], b["tasks_count"], b["waits_for"]) for b in blocks] == [
        ("render", 10, []),
        ("comp", 50, []),
        ("movie", 1, ["render", "comp"]),
    ]
    assert blocks[1]["tasks_wait_for"] == ["render"]


def test_job_blocks_of_an_unknown_job_is_refused(manager: ManagerProcess) -> None:
    result = run_cli("--manager", manager.url, "job", "blocks", "3c7d1b5e-0000-4000-8000-00000000000d")
    assert result.code == 2
    assert "no job with ID" in result.err
    assert run_cli("--manager", manager.url, "job", "blocks", "not-an-id").code == 2


def test_a_flamenco_job_has_no_blocks(manager: ManagerProcess) -> None:
    body = {"name": "plain", "type": "echo-sleep-test", "priority": 50, "settings": {"message": "x"}}
    job = requests.post(f"{manager.url}/api/jobs", json=body, timeout=30).json()
    result = run_cli("--manager", manager.url, "job", "blocks", job["id"])
    assert result.code == 0, result.err
    assert "no blocks: not a pipeline job" in result.err
