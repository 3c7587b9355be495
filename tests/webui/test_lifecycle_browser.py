"""Flamenco 3.8's lifecycle in the web UI, in a real Chromium against a real Manager and workers:
deleting jobs (with confirmation, and the deletion showing until it is done), changing a job's
priority, the farm status in the header, a worker's sleep schedule, deleting a worker."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.live_manager import ManagerProcess
from tests.api.spec_client import V3_SPEC_PATH, SpecCheckedSession, load_spec
from tests.worker.worker_process import WorkerProcess, wait_for

from .browser import open_live

pytestmark = pytest.mark.browser
FARM_STATUSES = ("active", "idle", "waiting", "asleep", "inoperative")


@pytest.fixture(scope="module")
def api(manager: ManagerProcess) -> SpecCheckedSession:
    return SpecCheckedSession(manager.url, timeout=10)


@pytest.fixture(scope="module")
def api3(manager: ManagerProcess) -> SpecCheckedSession:
    """Flamenco 3.8's door, checked against its spec."""
    return SpecCheckedSession(manager.url, spec=load_spec(V3_SPEC_PATH), timeout=10)


def finished_job(api: SpecCheckedSession, name: str) -> dict[str, Any]:
    body = {
        "name": name,
        "type": "echo-sleep-test",
        "priority": 50,
        "settings": {"message": name, "sleep_repeats": 0},
    }
    job = api.post("/api/jobs", json=body).json()
    wait_for(
        lambda: api.get(f"/api/jobs/{job['id']}").json()["status"] == "completed", 30, f"{name} completed"
    )
    return job


def test_the_farm_status_is_in_the_header(page: Any, worker: WorkerProcess) -> None:
    open_live(page, "/app/jobs")
    badge = page.wait_for_selector("[data-testid=farm-status]")
    assert badge.get_attribute("data-status") in FARM_STATUSES
    assert badge.inner_text() == f"farm {badge.get_attribute('data-status')}"


def test_a_job_is_deleted_from_its_page_after_confirming(
    page: Any, api: SpecCheckedSession, api3: SpecCheckedSession, worker: WorkerProcess
) -> None:
    job = finished_job(api, "ui-delete-one")
    open_live(page, f"/app/jobs/{job['id']}")
    page.click(".job-head .act-delete")
    dialog = page.wait_for_selector("[data-testid=confirm]")
    assert "No files on the shared storage are removed" in dialog.inner_text()
    page.click("[data-testid=confirm-cancel]")
    page.wait_for_selector("[data-testid=confirm]", state="detached")
    assert api3.get(f"/api/v3/jobs/{job['id']}").status_code == 200  # cancelled: nothing happened

    page.keyboard.press("Shift+D")
    page.click("[data-testid=confirm-ok]")
    # The Manager deletes it in the background; the page goes back to the list when it is gone.
    page.wait_for_url("**/app/jobs", timeout=20_000)
    page.wait_for_selector(".toast >> text=Job deleted: ui-delete-one")
    assert api3.get(f"/api/v3/jobs/{job['id']}").status_code == 404


def test_selected_jobs_are_deleted_from_the_list(
    page: Any, api: SpecCheckedSession, api3: SpecCheckedSession, worker: WorkerProcess
) -> None:
    jobs = [finished_job(api, f"ui-delete-many-{i}") for i in range(2)]
    open_live(page, "/app/jobs")
    for job in jobs:
        page.check(f"tr[data-job-id='{job['id']}'] .col-check input")
    page.click(".jobs-page .act-delete")
    assert "Delete 2 jobs?" in page.wait_for_selector("[data-testid=confirm]").inner_text()
    page.click("[data-testid=confirm-ok]")
    for job in jobs:
        page.wait_for_selector(f"tr[data-job-id='{job['id']}']", state="detached", timeout=20_000)
    page.wait_for_selector("[data-testid=deleting-count]", state="detached", timeout=20_000)
    assert all(api3.get(f"/api/v3/jobs/{job['id']}").status_code == 404 for job in jobs)


def test_the_priority_is_changed_from_the_job_page(
    page: Any, api: SpecCheckedSession, worker: WorkerProcess
) -> None:
    job = finished_job(api, "ui-priority")
    open_live(page, f"/app/jobs/{job['id']}")
    page.click("[data-testid=job-priority]")
    page.fill("[data-testid=priority-input]", "80")
    page.click("[data-testid=priority-save]")
    page.wait_for_selector("[data-testid=job-priority] >> text=priority 80")
    assert api.get(f"/api/jobs/{job['id']}").json()["priority"] == 80


def test_a_sleep_schedule_is_edited_and_a_worker_deleted(
    page: Any, api3: SpecCheckedSession, manager: ManagerProcess, tmp_path: Any
) -> None:
    with WorkerProcess(manager.url, tmp_path / "w", name="ui-scheduled", task_types=["ui-none"]) as process:
        worker_id = process.wait_for_credentials().worker_id
        open_live(page, f"/app/workers/{worker_id}")
        page.wait_for_selector("[data-testid=sleep-none]")
        page.check("[data-testid=sleep-day-mo]")
        page.check("[data-testid=sleep-day-fr]")
        page.fill("[data-testid=sleep-start]", "18:00")
        page.fill("[data-testid=sleep-end]", "08:30")
        page.click("[data-testid=sleep-save]")
        page.wait_for_selector(".toast >> text=Sleep schedule saved")
        schedule = api3.get(f"/api/v3/worker-mgt/workers/{worker_id}/sleep-schedule").json()
        assert schedule == {
            "is_active": True,
            "days_of_week": "mo fr",
            "start_time": "08:30",
            "end_time": "18:00",
        }
        page.wait_for_function("document.querySelector('[data-testid=sleep-start]').value === '08:30'")

        page.click(".workers-page .act-delete")
        assert "Delete worker ui-scheduled?" in page.wait_for_selector("[data-testid=confirm]").inner_text()
        page.click("[data-testid=confirm-ok]")
        page.wait_for_url("**/app/workers", timeout=15_000)
        page.wait_for_selector(f"tr[data-worker-id='{worker_id}']", state="detached")
        assert api3.get(f"/api/v3/worker-mgt/workers/{worker_id}").status_code == 404
