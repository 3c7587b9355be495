"""The web UI in a real headless Chromium, against a real Manager and a real worker process.

Every test watches what a person would see: rows appearing and changing without a reload,
the log growing, buttons doing what they say, the API's own words when it refuses something.
A page that reloaded would lose `window.__noReload`, so tests that claim "live" check it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.api.live_manager import ManagerProcess
from tests.api.spec_client import SpecCheckedSession
from tests.worker.worker_process import WorkerProcess, wait_for

from .browser import LIVE, PHONE, open_live, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def api(manager: ManagerProcess) -> SpecCheckedSession:
    return SpecCheckedSession(manager.url, timeout=10)


def submit(api: SpecCheckedSession, name: str, **settings: Any) -> dict[str, Any]:
    body = {
        "name": name,
        "type": "echo-sleep-test",
        "priority": 50,
        "settings": {"message": name, **settings},
    }
    response = api.post("/api/jobs", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def set_job_status(api: SpecCheckedSession, job_id: str, status: str) -> None:
    response = api.post(f"/api/jobs/{job_id}/setstatus", json={"status": status, "reason": "test"})
    assert response.status_code == 204, response.text


def tasks_of(api: SpecCheckedSession, job_id: str) -> list[dict[str, Any]]:
    tasks = api.get(f"/api/jobs/{job_id}/tasks").json()["tasks"]
    return sorted(tasks, key=lambda task: task["index_in_job"])


def job_status(api: SpecCheckedSession, job_id: str) -> str:
    return api.get(f"/api/jobs/{job_id}").json()["status"]


def wait_text(page: Any, testid: str, text: str, timeout: float = 15_000) -> None:
    """Wait until the element with ``data-testid`` shows ``text`` (a status badge, say)."""
    page.wait_for_function(
        f"document.querySelector('[data-testid={testid}]')?.textContent.trim() === '{text}'", timeout=timeout
    )


def mark_no_reload(page: Any) -> None:
    page.evaluate("window.__noReload = true")


def assert_not_reloaded(page: Any) -> None:
    assert page.evaluate("window.__noReload === true"), "the page was reloaded"


def test_a_job_submitted_through_the_api_appears_within_a_second(page: Any, api: SpecCheckedSession) -> None:
    open_live(page, "/app/jobs")
    mark_no_reload(page)
    job = submit(api, "appears-live", sleep_repeats=0)
    submitted = time.monotonic()
    page.wait_for_selector(f"tr[data-job-id='{job['id']}']", timeout=5000)
    elapsed = time.monotonic() - submitted
    assert elapsed < 1.0, f"the new job showed up after {elapsed:.2f} s"
    assert page.inner_text(f"tr[data-job-id='{job['id']}'] .col-name") == "appears-live"
    assert_not_reloaded(page)


def test_job_status_and_tasks_follow_a_real_worker(
    page: Any, api: SpecCheckedSession, worker: WorkerProcess
) -> None:
    job = submit(api, "followed", sleep_repeats=2, sleep_duration_seconds=1)
    set_job_status(api, job["id"], "paused")  # so the page is open before the worker starts
    open_live(page, f"/app/jobs/{job['id']}")
    mark_no_reload(page)
    status = page.locator("[data-testid=job-status]")
    assert status.inner_text() == "paused"
    page.wait_for_function("document.querySelectorAll('.trow[data-task-id]').length === 3")

    set_job_status(api, job["id"], "queued")
    wait_text(page, "job-status", "active", timeout=15_000)
    page.wait_for_selector(".trow[data-status=active]", timeout=15_000)
    wait_text(page, "job-status", "completed", timeout=30_000)
    page.wait_for_function("document.querySelectorAll('.trow[data-status=completed]').length === 3")
    assert page.inner_text(".job-progress .progress-label") == "3 / 3"
    # The worker column was filled in live too, and the job's activity line.
    assert "ui-worker" in page.inner_text(".tscroll")
    activity = api.get(f"/api/jobs/{job['id']}").json()["activity"]
    page.wait_for_function(f"document.querySelector('.job-progress .activity')?.textContent === {activity!r}")
    assert_not_reloaded(page)
    page.wait_for_timeout(400)  # the progress bar's transition
    screenshot(page, "job")


def test_the_log_tail_shows_new_lines_as_the_worker_writes_them(
    page: Any, api: SpecCheckedSession, worker: WorkerProcess
) -> None:
    job = submit(api, "logged", sleep_repeats=1, sleep_duration_seconds=1)
    set_job_status(api, job["id"], "paused")
    sleep_task = tasks_of(api, job["id"])[1]
    open_live(page, f"/app/jobs/{job['id']}/{sleep_task['id']}")
    mark_no_reload(page)
    log = page.locator("[data-testid=log-tail]")
    wait_text(page, "task-name", "sleep")
    assert "sleeping 1 seconds" not in log.inner_text()

    set_job_status(api, job["id"], "queued")
    page.wait_for_function(
        "document.querySelector('[data-testid=log-tail]').textContent.includes('sleeping 1 seconds')",
        timeout=20_000,
    )
    wait_text(page, "task-status", "completed", timeout=20_000)
    assert_not_reloaded(page)
    # The whole log is one click away, as a download of the same text.
    href = page.get_attribute("[data-testid=log-download]", "href")
    assert href == f"/api/tasks/{sleep_task['id']}/log"
    whole = api.get(href).text
    assert "sleeping 1 seconds" in whole
    assert "sleeping 1 seconds" in log.inner_text()


def test_cancel_from_the_ui_cancels_the_job(
    page: Any, api: SpecCheckedSession, worker: WorkerProcess
) -> None:
    job = submit(api, "to-cancel", sleep_repeats=3, sleep_duration_seconds=5)
    open_live(page, f"/app/jobs/{job['id']}")
    wait_text(page, "job-status", "active", timeout=15_000)
    page.click(".job-head .act-cancel")
    wait_text(page, "job-status", "canceled", timeout=20_000)
    assert job_status(api, job["id"]) == "canceled"
    page.wait_for_function("document.querySelectorAll('.trow[data-status=canceled]').length >= 1")


def test_a_task_is_requeued_and_canceled_from_its_panel(
    page: Any, api: SpecCheckedSession, worker: WorkerProcess
) -> None:
    job = submit(api, "task-actions", sleep_repeats=1, sleep_duration_seconds=6)
    set_job_status(api, job["id"], "paused")
    sleep_task = tasks_of(api, job["id"])[1]
    set_job_status(api, job["id"], "cancel-requested")
    wait_for(lambda: job_status(api, job["id"]) == "canceled", 20, "the job to be canceled")
    open_live(page, f"/app/jobs/{job['id']}/{sleep_task['id']}")
    wait_text(page, "task-status", "canceled")

    page.keyboard.press("Shift+R")  # requeue the task
    status = "document.querySelector('[data-testid=task-status]').textContent.trim()"
    page.wait_for_function(f"['queued', 'active'].includes({status})")
    page.click(".task-panel .act-cancel")
    wait_text(page, "task-status", "canceled", timeout=20_000)
    assert api.get(f"/api/tasks/{sleep_task['id']}").json()["status"] == "canceled"


def test_several_jobs_selected_in_the_table_are_paused_together(page: Any, api: SpecCheckedSession) -> None:
    held = [submit(api, f"held-{i}", sleep_repeats=1) for i in range(2)]
    for job in held:
        set_job_status(api, job["id"], "paused")
    open_live(page, "/app/jobs?q=held-")
    page.wait_for_selector(f"tr[data-job-id='{held[1]['id']}']")
    for job in held:
        page.check(f"tr[data-job-id='{job['id']}'] .col-check input")
    page.click(".jobs-page .act-resume")
    for job in held:
        row = f"tr[data-job-id='{job['id']}']"
        page.wait_for_function(f"document.querySelector(\"{row}\").dataset.status !== 'paused'")
        assert job_status(api, job["id"]) != "paused"


def test_a_job_submitted_from_the_form_runs(
    page: Any, api: SpecCheckedSession, worker: WorkerProcess
) -> None:
    open_live(page, "/app/submit")
    page.select_option("#f-type", "echo-sleep-test")
    page.wait_for_selector("#f-s-message")
    page.fill("#f-name", "from-the-form")
    page.fill("#f-s-message", "hello from the browser")
    page.fill("#f-s-sleep_repeats", "1")
    page.fill("#f-s-sleep_duration_seconds", "0")
    page.click("[data-testid=submit]")
    page.wait_for_url(re.compile(r"/app/jobs/[0-9a-f-]{36}$"))
    job_id = page.url.rsplit("/", 1)[1]
    wait_text(page, "job-status", "completed", timeout=30_000)
    job = api.get(f"/api/jobs/{job_id}").json()
    assert job["name"] == "from-the-form"
    assert job["settings"]["message"] == "hello from the browser"
    assert job["settings"]["sleep_repeats"] == 1  # sent as a number, as the job type declares
    echo = tasks_of(api, job_id)[0]
    assert "hello from the browser" in api.get(f"/api/tasks/{echo['id']}/log").text


def test_api_errors_are_shown_with_the_apis_message(page: Any, api: SpecCheckedSession) -> None:
    # A submission the Manager refuses: the form shows the Manager's own words.
    refused = api.post(
        "/api/jobs", json={"name": "no-message", "type": "echo-sleep-test", "priority": 50, "settings": {}}
    )
    assert refused.status_code == 400
    open_live(page, "/app/submit")
    page.select_option("#f-type", "echo-sleep-test")
    page.wait_for_selector("#f-s-message")
    page.fill("#f-name", "no-message")
    page.click("[data-testid=submit]")
    error = page.locator("[data-testid=submit-error]")
    error.wait_for()
    assert error.inner_text() == refused.json()["message"]
    assert page.locator(".field.invalid #f-s-message").count() == 1

    # A status change the Manager refuses (pausing a completed job): its reason, in a toast.
    job = submit(api, "done-already", sleep_repeats=0)
    wait_for(lambda: job_status(api, job["id"]) == "completed", 30, "the echo job to complete")
    reason = api.post(f"/api/jobs/{job['id']}/setstatus", json={"status": "paused", "reason": "x"})
    assert reason.status_code == 422
    open_live(page, f"/app/jobs/{job['id']}")
    page.wait_for_selector("[data-testid=job-status]")
    page.keyboard.press("p")
    toast = page.locator(".toast-error")
    toast.wait_for()
    assert reason.json()["message"] in toast.inner_text()


@pytest.fixture(scope="module")
def idle_worker(manager: ManagerProcess, tmp_path_factory: pytest.TempPathFactory) -> Iterator[WorkerProcess]:
    """A worker of a task type no job has, so sending it to sleep holds up no other test."""
    path = tmp_path_factory.mktemp("idle-worker")
    with WorkerProcess(manager.url, path, name="idle-worker", task_types=["ui-idle"]) as process:
        process.wait_for_credentials()
        yield process


def test_the_workers_page_shows_a_worker_going_to_sleep(
    page: Any, api: SpecCheckedSession, idle_worker: WorkerProcess
) -> None:
    worker_id = idle_worker.wait_for_credentials().worker_id
    wait_for(
        lambda: api.get(f"/api/worker-mgt/workers/{worker_id}").json()["status"] == "awake",
        20,
        "the idle worker to be awake",
        idle_worker,
    )
    open_live(page, "/app/workers")
    mark_no_reload(page)
    row = f"tr[data-worker-id='{worker_id}']"
    page.wait_for_selector(f"{row}[data-status=awake]")
    assert "ui-idle" in page.inner_text(row)  # task types, from the list itself
    assert "linux" in page.inner_text(row).lower()

    page.click(row)
    page.wait_for_selector("[data-testid=worker-name]")
    page.click(".act-sleep-now")
    page.wait_for_selector(f"{row}[data-status=asleep]", timeout=15_000)
    wait_text(page, "worker-status", "asleep")
    screenshot(page, "workers")
    page.keyboard.press("w")  # wake up, from the keyboard
    page.wait_for_selector(f"{row}[data-status=awake]", timeout=15_000)
    assert_not_reloaded(page)


def test_the_keyboard_moves_opens_and_goes_back(page: Any, api: SpecCheckedSession) -> None:
    jobs = [submit(api, f"keys-{i}", sleep_repeats=0) for i in range(3)]
    open_live(page, "/app/jobs?q=keys-")
    page.wait_for_selector(f"tr[data-job-id='{jobs[0]['id']}']")
    # Newest first: the cursor starts on keys-2; j moves down to keys-1.
    page.keyboard.press("j")
    assert page.get_attribute("tr.cursor", "data-job-id") == jobs[1]["id"]
    page.keyboard.press("k")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/app/jobs/{jobs[1]['id']}")
    page.wait_for_selector(".trow[data-task-id]")
    page.keyboard.press("j")  # first task opens beside the table
    page.wait_for_url(re.compile(rf"/app/jobs/{jobs[1]['id']}/[0-9a-f-]{{36}}$"))
    page.keyboard.press("Escape")
    page.wait_for_url(f"**/app/jobs/{jobs[1]['id']}")
    page.keyboard.press("Escape")
    page.wait_for_url("**/app/jobs?q=keys-")  # back to the list as it was left
    page.wait_for_selector(f"tr[data-job-id='{jobs[0]['id']}']")
    page.keyboard.press("g")
    page.keyboard.press("w")
    page.wait_for_url("**/app/workers")
    page.keyboard.press("?")
    assert page.locator(".help").is_visible()
    page.keyboard.press("Escape")
    assert page.locator(".help").count() == 0


def test_deep_links_open_the_task_they_name(page: Any, api: SpecCheckedSession) -> None:
    job = submit(api, "deep-link", sleep_repeats=2)
    set_job_status(api, job["id"], "paused")
    task = tasks_of(api, job["id"])[2]
    page.goto(f"/app/jobs/{job['id']}/{task['id']}")
    page.wait_for_selector(LIVE)
    wait_text(page, "task-name", task["name"])
    assert page.locator(".trow.cursor").get_attribute("data-task-id") == task["id"]
    unknown = "00000000-0000-4000-8000-000000000000"
    page.goto(f"/app/jobs/{unknown}")
    assert page.inner_text(".error-box") == api.get(f"/api/jobs/{unknown}").json()["message"]


def test_a_job_of_ten_thousand_tasks_renders_only_what_is_in_view(page: Any, api: SpecCheckedSession) -> None:
    job = submit(api, "ten-thousand", sleep_repeats=9_999, sleep_duration_seconds=0)
    set_job_status(api, job["id"], "paused")
    open_live(page, f"/app/jobs/{job['id']}")
    page.wait_for_function("document.querySelectorAll('.trow[data-task-id]').length > 0")
    assert page.inner_text(".tasks-pane h2") == "Tasks 10,000"
    rendered = page.locator(".trow[data-task-id]").count()
    assert rendered < 80, f"{rendered} task rows in the page"
    page.eval_on_selector(".tscroll", "el => el.scrollTop = el.scrollHeight")
    page.wait_for_selector(".trow[data-task-id] >> text=sleep-9999")
    assert page.locator(".trow[data-task-id]").count() < 80


def test_usable_at_phone_width(
    browser: Any, manager: ManagerProcess, api: SpecCheckedSession, worker: WorkerProcess
) -> None:
    job = submit(api, "on-a-phone", sleep_repeats=1)
    context = browser.new_context(viewport=PHONE, base_url=manager.url, is_mobile=True, has_touch=True)
    try:
        phone = context.new_page()
        screens = {
            "/app/jobs": "tr[data-job-id]",
            f"/app/jobs/{job['id']}": ".trow[data-task-id]",
            "/app/workers": "tr[data-worker-id]",
            "/app/submit": ".settings .field",
            "/app/setup": "[data-testid=variables] [data-variable=jobs]",
        }
        for path, content in screens.items():
            open_live(phone, path)
            phone.wait_for_selector(content)
            width = phone.evaluate("document.scrollingElement.scrollWidth")
            assert width <= PHONE["width"], f"{path} is {width}px wide on a {PHONE['width']}px screen"
            # Tables fit too, rather than hiding columns off to the side.
            for wrap in phone.locator(".table-wrap").all():
                assert wrap.evaluate("el => el.scrollWidth <= el.clientWidth"), f"{path}: a table overflows"
            assert phone.locator("nav.nav a").count() == 5  # Jobs, Workers, Submit, Tags, Settings
        open_live(phone, "/app/jobs")
        phone.wait_for_selector("tr[data-job-id]")
        screenshot(phone, "jobs-phone")
    finally:
        context.close()


def test_screenshots_of_the_jobs_page(page: Any, api: SpecCheckedSession) -> None:
    submit(api, "for-the-picture", sleep_repeats=1)
    open_live(page, "/app/jobs")
    page.wait_for_selector("tr[data-job-id]")
    screenshot(page, "jobs")


def test_resynchronises_after_a_manager_restart(browser: Any, tmp_path: Any) -> None:
    """Events sent while the page was disconnected are lost; the page fetches again on reconnect."""
    database = str(tmp_path / "restart.sqlite")
    first = ManagerProcess(tmp_path / "first", database=database).start()
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=first.url)
    try:
        tab = context.new_page()
        open_live(tab, "/app/jobs")
        mark_no_reload(tab)
        first.stop()
        tab.wait_for_selector("[data-testid=connection]:not([data-state=live])")
        # Meanwhile the farm changes through another Manager on the same database.
        with ManagerProcess(tmp_path / "second", database=database) as second:
            missed = submit(SpecCheckedSession(second.url, timeout=10), "missed-while-away", sleep_repeats=0)
        first.start()  # same port, same database: "the Manager restarted"
        tab.wait_for_selector(LIVE, timeout=20_000)
        tab.wait_for_selector(f"tr[data-job-id='{missed['id']}']", timeout=5000)
        # And the subscriptions were renewed: new jobs appear live again.
        fresh = submit(SpecCheckedSession(first.url, timeout=10), "after-restart", sleep_repeats=0)
        tab.wait_for_selector(f"tr[data-job-id='{fresh['id']}']", timeout=5000)
        assert_not_reloaded(tab)
    finally:
        context.close()
        first.stop()
