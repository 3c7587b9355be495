"""Pipeline controls in the web UI (issue 9): a job's limits, host mask and tickets on its page, a
worker's hardware and properties on the worker page, the Tickets panel — in a real headless
Chromium against a real Manager and a real worker process that reports its hardware."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.api.live_manager import ManagerProcess
from tests.api.spec_client import SpecCheckedSession
from tests.worker.worker_process import WorkerProcess

from .browser import open_live, screenshot
from .conftest import checked_manager, idle_worker_of

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def manager(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ManagerProcess]:
    with checked_manager(tmp_path_factory.mktemp("ui-pipeline-manager"), test_job_types=True) as process:
        yield process


@pytest.fixture(scope="module")
def idle_worker(manager: ManagerProcess, tmp_path_factory: pytest.TempPathFactory) -> Iterator[WorkerProcess]:
    """A worker of a task type no job has: it only reports its hardware."""
    with idle_worker_of(manager, tmp_path_factory.mktemp("pipeline-idle-worker"), "render-01") as process:
        yield process


def test_job_controls_are_shown_and_set_on_the_job_page(page: Any, v3: SpecCheckedSession, seed) -> None:
    body = {"name": "limited", "type": "independent-tasks", "settings": {"count": 3, "task_type": "ui-none"}}
    job = seed.post("/api/jobs", json={**body, "priority": 50}).json()
    open_live(page, f"/app/jobs/{job['id']}")
    page.click("[data-testid=controls-tab]")
    page.wait_for_selector("[data-testid=controls-job]")
    page.fill("[data-testid=controls-max]", "2")
    page.fill("[data-testid=controls-mask]", "render-.*")
    page.fill("[data-testid=controls-tickets]", "NUKE=1")
    page.click("[data-testid=controls-save]")
    page.wait_for_selector(".toast:has-text('Job controls saved')")
    page.wait_for_selector("[data-testid=controls-job]:has-text('max 2')")
    assert "hosts render-.*" in page.inner_text("[data-testid=controls-job]")
    row = page.inner_text("[data-testid=job-controls] tr[data-block-name=independent-tasks]")
    assert "(implicit)" in row and "NUKE:1" in row  # job tickets are set on its blocks
    shown = v3.get(f"/api/v3/jobs/{job['id']}/controls").json()
    assert shown["controls"]["max_running_tasks"] == 2 and shown["controls"]["tickets"] == {"NUKE": 1}
    screenshot(page, "job-controls")
    # A bad mask is refused in the Manager's words, and nothing changes.
    page.fill("[data-testid=controls-mask]", "render-([")
    page.click("[data-testid=controls-save]")
    page.wait_for_selector(".toast-error:has-text('not a valid regular expression')")
    assert v3.get(f"/api/v3/jobs/{job['id']}/controls").json()["controls"]["hosts_mask"] == "render-.*"


def test_worker_hardware_properties_and_tickets_on_the_workers_page(
    page: Any, v3: SpecCheckedSession, idle_worker: WorkerProcess
) -> None:
    worker_id = idle_worker.wait_for_credentials().worker_id
    open_live(page, f"/app/workers/{worker_id}")
    page.wait_for_selector("[data-testid=hw-cpu]:has-text('cores')", timeout=20_000)
    assert "free of" in page.inner_text("[data-testid=hw-mem]")
    page.fill("[data-testid=worker-properties]", "gpu nuke")
    page.click("[data-testid=worker-properties-save]")
    page.wait_for_selector(".toast:has-text('Properties saved')")
    assert v3.get(f"/api/v3/worker-mgt/workers/{worker_id}/resources").json()["properties"] == "gpu nuke"

    page.fill("[data-testid=ticket-name]", "NUKE")
    page.fill("[data-testid=ticket-capacity]", "3")
    page.click("[data-testid=ticket-save]")
    page.wait_for_selector("tr[data-ticket-name=NUKE]")
    assert "3" in page.inner_text("tr[data-ticket-name=NUKE]")
    assert [t["capacity"] for t in v3.get("/api/v3/pipeline/tickets").json()["tickets"]] == [3]
    screenshot(page, "worker-hardware-and-tickets")
