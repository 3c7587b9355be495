"""Worker tags and job blocklists in the web UI (Flamenco 3.8's features), in a real headless
Chromium against a real Manager (blocklisting at a worker's first failure) and real workers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.api.live_manager import ManagerProcess
from tests.api.spec_client import SpecCheckedSession
from tests.worker.worker_process import WorkerProcess, wait_for

from .browser import open_live, screenshot
from .conftest import checked_manager, idle_worker_of

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def manager(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ManagerProcess]:
    """This module's Manager: the test job types, and a worker is blocklisted at its first failure."""
    with checked_manager(
        tmp_path_factory.mktemp("ui-tags-manager"),
        test_job_types=True,
        config="_meta: {version: 3}\nblocklist_threshold: 1\n",
    ) as process:
        yield process


@pytest.fixture(scope="module")
def idle_worker(manager: ManagerProcess, tmp_path_factory: pytest.TempPathFactory) -> Iterator[WorkerProcess]:
    """A worker of a task type no job has: it is tagged and untagged, and runs nothing."""
    with idle_worker_of(manager, tmp_path_factory.mktemp("tags-idle-worker"), "tag-me") as process:
        yield process


def tags(v3: SpecCheckedSession) -> dict[str, dict[str, Any]]:
    return {t["name"]: t for t in v3.get("/api/v3/worker-mgt/tags").json()["tags"]}


def test_tags_are_made_renamed_given_to_a_worker_and_deleted(
    page: Any, v3: SpecCheckedSession, idle_worker: WorkerProcess
) -> None:
    worker_id = idle_worker.wait_for_credentials().worker_id
    open_live(page, "/app/tags")
    page.fill("[data-testid=tag-name]", "gpu")
    page.fill("[data-testid=tag-description]", "GPU boxes")
    page.click("[data-testid=tag-create]")
    page.wait_for_selector("tr[data-tag-name=gpu]")
    assert "GPU boxes" in page.inner_text("tr[data-tag-name=gpu]")
    assert tags(v3)["gpu"]["description"] == "GPU boxes"

    page.click("tr[data-tag-name=gpu] .act-edit")
    page.fill("[data-testid=edit-name]", "gpu-eevee")
    page.click("tr[data-tag-name=gpu] .act-save")
    page.wait_for_selector("tr[data-tag-name=gpu-eevee]")
    assert set(tags(v3)) == {"gpu-eevee"}

    # A duplicate name is refused in the Manager's words.
    page.fill("[data-testid=tag-name]", "gpu-eevee")
    page.click("[data-testid=tag-create]")
    page.wait_for_selector(".toast-error:has-text('already is a worker tag named')")

    page.goto(f"/app/workers/{worker_id}")
    page.wait_for_selector("[data-testid=worker-tags] input[data-tag-name=gpu-eevee]")
    page.check("[data-testid=worker-tags] input[data-tag-name=gpu-eevee]")
    page.click(".act-save-tags")
    page.wait_for_selector(".toast:has-text('Worker tags saved')")
    worker = v3.get(f"/api/v3/worker-mgt/workers/{worker_id}").json()
    assert [t["name"] for t in worker["tags"]] == ["gpu-eevee"]
    # The workers table shows it too (with the details closed), live: the change was a worker update.
    page.keyboard.press("Escape")
    page.wait_for_selector(f"tr[data-worker-id='{worker_id}'] .col-tags:has-text('gpu-eevee')")

    page.click("a[href='/app/tags']")
    page.wait_for_selector("tr[data-tag-name=gpu-eevee] .tag-members:has-text('tag-me')")
    screenshot(page, "tags")
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("tr[data-tag-name=gpu-eevee] .act-delete")
    page.wait_for_selector("tr[data-tag-name=gpu-eevee]", state="detached")
    assert tags(v3) == {}
    assert v3.get(f"/api/v3/worker-mgt/workers/{worker_id}").json()["tags"] == []


def test_a_job_is_limited_to_a_tag_from_its_page(
    page: Any, v3: SpecCheckedSession, seed: SpecCheckedSession
) -> None:
    night = v3.post("/api/v3/worker-mgt/tags", json={"name": "night"}).json()
    body = {"name": "tagged", "type": "independent-tasks", "settings": {"count": 1, "task_type": "ui-none"}}
    job = seed.post("/api/jobs", json={**body, "priority": 50}).json()
    open_live(page, f"/app/jobs/{job['id']}")
    select = "[data-testid=job-tag]"
    page.wait_for_selector(f"{select} option[value='{night['id']}']", state="attached")
    page.select_option(select, night["id"])
    page.wait_for_selector(".toast:has-text('Job limited to workers tagged night')")
    assert v3.get(f"/api/v3/jobs/{job['id']}").json()["worker_tag"] == night["id"]
    page.reload()  # a job's tag shows when its page opens
    page.wait_for_selector(f"{select}:not([disabled])")
    page.wait_for_function(f"document.querySelector('{select}').selectedOptions[0]?.text === 'night'")
    page.select_option(select, "")
    page.wait_for_selector(".toast:has-text('Job may run on any worker')")
    assert "worker_tag" not in v3.get(f"/api/v3/jobs/{job['id']}").json()


def test_the_blocklist_tab_lists_a_blocked_worker_and_lifts_the_block(
    page: Any, v3: SpecCheckedSession, seed: SpecCheckedSession, manager: ManagerProcess, tmp_path: Any
) -> None:
    body = {"name": "breaks", "type": "shell-tasks", "priority": 50, "settings": {"count": 2, "fail_task": 1}}
    job = seed.post("/api/jobs", json=body).json()
    with WorkerProcess(manager.url, tmp_path / "worker", name="breaker") as worker:
        open_live(page, f"/app/jobs/{job['id']}")
        page.click("[data-testid=blocklist-tab]")
        page.wait_for_selector("[data-testid=blocklist] tr:has-text('breaker')", timeout=30_000)
        wait_for(
            lambda: seed.get(f"/api/jobs/{job['id']}").json()["status"] == "failed", 20, "job failed", worker
        )
        assert page.inner_text("[data-testid=blocklist-count]") == "1"
        assert "no more workers left" in page.inner_text(".activity")
        screenshot(page, "blocklist")
        page.click("[data-testid=blocklist] .act-unblock")
        page.wait_for_selector("[data-testid=blocklist-empty]")
        assert v3.get(f"/api/v3/jobs/{job['id']}/blocklist").json() == []
