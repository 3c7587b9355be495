"""The job page's Blocks tab for a pipeline job (Afanasy's model), in a real headless Chromium
against a real Manager and a real worker process that runs the blocks' shell commands."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.live_manager import ManagerProcess
from tests.api.spec_client import SpecCheckedSession
from tests.worker.worker_process import WorkerProcess, wait_for

from .browser import open_live, screenshot

pytestmark = pytest.mark.browser


def cell(page: Any, block: str, column: str) -> str:
    return page.inner_text(f"[data-testid=blocks] tr[data-block={block}] .block-{column}").strip()


def test_the_blocks_tab_shows_blocks_waiting_and_finishing_live(
    page: Any, v3: SpecCheckedSession, manager: ManagerProcess, tmp_path: Any
) -> None:
    document = {
        "job": {
            "name": "pipeline-ui",
            "user_name": "ann",
            "blocks": [
                {
                    "name": "render",
                    "frame_first": 1,
                    "frame_last": 4,
                    "frames_per_task": 2,
                    "command": "echo @#@",
                },
                {"name": "comp", "depend_mask": "render", "tasks": [{"name": "c", "command": "echo comp"}]},
            ],
        }
    }
    answer = v3.post("/api/v3/afanasy", json=document)
    assert answer.status_code == 200, answer.text
    job_id = answer.json()["job_id"]
    open_live(page, f"/app/jobs/{job_id}")
    page.click("[data-testid=blocks-tab]")
    page.wait_for_selector("[data-testid=blocks] tr[data-block=comp]")
    assert page.inner_text("[data-testid=blocks-count]") == "2"
    assert cell(page, "render", "service") == "generic"
    assert cell(page, "render", "frames") == "1-4 · 2 per task"
    assert cell(page, "render", "tasks") == "2"
    assert cell(page, "render", "state") == "RDY"
    assert cell(page, "comp", "frames") == "listed tasks"
    assert cell(page, "comp", "state") == "WD"
    assert cell(page, "comp", "waits") == "render"
    page.evaluate("window.__noReload = true")
    with WorkerProcess(
        manager.url, tmp_path / "worker", name="ui-pipeline", task_types=["generic"]
    ) as worker:
        page.wait_for_function(
            "document.querySelector('[data-testid=blocks] tr[data-block=comp] .block-state')"
            "?.textContent.trim() === 'DON'",
            timeout=30_000,
        )
        wait_for(
            lambda: v3.get(f"/api/v3/jobs/{job_id}").json()["status"] == "completed", 20, "job done", worker
        )
    assert cell(page, "render", "state") == "DON"
    assert "2 / 2" in cell(page, "render", "progress")
    assert page.evaluate("window.__noReload === true"), "the page was reloaded"
    screenshot(page, "pipeline-blocks")


def test_a_flamenco_job_has_no_blocks_tab(page: Any, manager: ManagerProcess) -> None:
    seed = SpecCheckedSession(manager.url, timeout=10)
    body = {"name": "plain", "type": "echo-sleep-test", "priority": 50, "settings": {"message": "x"}}
    job = seed.post("/api/jobs", json=body).json()
    open_live(page, f"/app/jobs/{job['id']}")
    page.wait_for_selector("[data-testid=blocklist-tab]")
    assert page.query_selector("[data-testid=blocks-tab]") is None
