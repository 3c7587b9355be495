#!/usr/bin/env python3
"""Web UI benchmark: first render with 10,000 jobs and with a job of 10,000 tasks, and the time
from an API call to the change on screen, each beside a baseline measured in the same run.

Two farms are seeded with the Manager's own code and served by real `flamenco-manager` processes
(response validation off, as in production):

* **loaded**: ``--jobs`` jobs of 5 tasks each, plus one job of ``--tasks`` tasks;
* **empty** (the baseline): one job of one task.

Headless Chromium (Debian's, through Playwright) then measures, ``--runs`` times each:

* *jobs page*: navigation start to the first page of the jobs table (or its empty state) in the DOM;
* *job page*: navigation start to the first rows of the job's task table;
* *status change*: the page calls setJobStatus itself; time until the job's row shows the new status
  and the next frame is painted (the page's own clock at both ends);
* *new job*: the page submits a job; time until its row is on screen (a re-query of the page);
* *socket.io floor*: the same status change, timed by a python-socketio client receiving the
  ``/jobs`` event (the Manager's share of the latency, without the browser).

    .venv/bin/python bench/webui.py                     # 10,000 jobs, 10,000 tasks, 7 runs
    .venv/bin/python bench/webui.py --jobs 2000 --tasks 2000 --runs 3    # quicker
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.api.live_manager import ManagerProcess
from tests.webui.browser import DESKTOP, LIVE, chromium_missing, launch

# Records, from the very start of the document, when a selector first matches (performance.now(),
# i.e. milliseconds since navigation start). Installed in the page before any of its scripts run.
FIRST_MATCH = """
window.__firstMatch = (selector) => new Promise((resolve) => {
  const found = () => document.querySelector(selector);
  if (found()) return resolve(performance.now());
  const observer = new MutationObserver(() => {
    if (found()) { observer.disconnect(); resolve(performance.now()); }
  });
  observer.observe(document, { childList: true, subtree: true });
});
window.__jobsRendered = window.__firstMatch("tr[data-job-id], .jobs-page .empty");
window.__tasksRendered = window.__firstMatch(".trow[data-task-id]");
"""

STATUS_CHANGE = """
async ([jobId, status]) => {
  const row = document.querySelector(`tr[data-job-id="${jobId}"]`);
  const shown = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (row.dataset.status !== status) return;
      observer.disconnect();
      requestAnimationFrame(() => resolve(performance.now()));  // the frame that shows it
    });
    observer.observe(row, { attributes: true, attributeFilter: ["data-status"] });
  });
  const start = performance.now();
  const response = await fetch(`/api/jobs/${jobId}/setstatus`, {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ status, reason: "bench" }),
  });
  if (response.status !== 204) throw new Error(await response.text());
  const answered = performance.now();
  return { total: (await shown) - start, api: answered - start };
}
"""

NEW_JOB = """
async ([name]) => {
  const start = performance.now();
  const response = await fetch("/api/jobs", {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      name, type: "echo-sleep-test", priority: 50, settings: { message: name, sleep_repeats: 0 },
    }),
  });
  const job = await response.json();
  const answered = performance.now();
  await new Promise((resolve) => {
    const check = () => document.querySelector(`tr[data-job-id="${job.id}"]`)
      ? requestAnimationFrame(resolve) : setTimeout(check, 2);
    check();
  });
  return { total: performance.now() - start, api: answered - start };
}
"""


def seed(path: Path, *, jobs: int, tasks_per_job: int, big_job_tasks: int) -> tuple[str, str]:
    """A farm database made with the Manager's own code; returns (a small job's id, the big job's id)."""
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from flamenco.app import build_services
    from flamenco.config import load_config
    from flamenco.scheduler import jobs as job_scheduler
    from flamenco.store import db as store_db

    config = load_config(
        environ={},
        overrides={
            "database": str(path),
            "shared_storage_path": path.parent / "shared",
            "local_manager_storage_path": path.parent / "storage",
        },
    )
    services = build_services(config)

    def submit(name: str, tasks: int) -> str:
        settings = {"message": name, "sleep_repeats": tasks - 1, "sleep_duration_seconds": 0}
        body = {"name": name, "type": "echo-sleep-test", "priority": 50, "settings": settings}
        return job_scheduler.submit_job(services, body).uuid

    big = submit("big job", big_job_tasks)
    small = big
    for number in range(jobs):
        small = submit(f"job {number:05d}", tasks_per_job)
    store_db.database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store_db.database.close()
    return small, big


def timed(runs: int, measure: Callable[[], float]) -> list[float]:
    return [measure() for _ in range(runs)]


def first_render(context: Any, url: str, promise: str) -> float:
    page = context.new_page()
    try:
        page.goto(url, wait_until="commit")
        return float(page.evaluate(f"window.{promise}"))
    finally:
        page.close()


def socketio_floor(manager_url: str, job_id: str, runs: int) -> list[float]:
    """API call to `/jobs` event at a python-socketio client: what the browser cannot go below."""
    import socketio

    got = threading.Event()
    expected: dict[str, str] = {}
    client = socketio.Client()

    @client.on("/jobs")
    def on_job(update: dict[str, Any]) -> None:
        if update["id"] == expected.get("id") and update["status"] == expected.get("status"):
            got.set()

    client.connect(manager_url, transports=["websocket"])
    client.call("/subscription", {"op": "subscribe", "type": "allJobs"})
    session = requests.Session()
    times = []
    try:
        for run in range(runs * 2):
            status = "paused" if run % 2 == 0 else "queued"
            expected.update(id=job_id, status=status)
            got.clear()
            start = time.perf_counter()
            response = session.post(
                f"{manager_url}/api/jobs/{job_id}/setstatus", json={"status": status, "reason": "bench"}
            )
            assert response.status_code == 204, response.text
            assert got.wait(10), "no /jobs event within 10 s"
            times.append((time.perf_counter() - start) * 1000)
    finally:
        client.disconnect()
    return times


def measure_farm(
    browser: Any, manager: ManagerProcess, small: str, big: str, runs: int
) -> dict[str, list[float]]:
    context = browser.new_context(viewport=DESKTOP, base_url=manager.url)
    context.add_init_script(FIRST_MATCH)
    try:
        # One untimed load so every run reads the assets from the browser's cache, as a person would.
        first_render(context, "/app/jobs", "__jobsRendered")
        results = {
            "jobs page": timed(runs, lambda: first_render(context, "/app/jobs", "__jobsRendered")),
            "job page": timed(runs, lambda: first_render(context, f"/app/jobs/{big}", "__tasksRendered")),
        }
        page = context.new_page()
        page.goto("/app/jobs")
        page.wait_for_selector(LIVE)
        # Bring the job that changes onto the first page: sorted by name, "big job" comes first.
        page.goto("/app/jobs?sort=name")
        page.wait_for_selector(LIVE)
        page.wait_for_selector(f"tr[data-job-id='{big}']")
        changes, answers = [], []
        for run in range(runs * 2):  # pause and resume alternately
            result = page.evaluate(STATUS_CHANGE, [big, "paused" if run % 2 == 0 else "queued"])
            changes.append(result["total"])
            answers.append(result["api"])
        results["status change"] = changes
        results["(setJobStatus answer)"] = answers
        page.goto("/app/jobs")
        page.wait_for_selector(LIVE)
        page.wait_for_selector("tr[data-job-id], .jobs-page .empty")
        created = []
        for run in range(runs):
            page.wait_for_timeout(500)  # apart, as jobs from people are: not inside one throttle window
            created.append(page.evaluate(NEW_JOB, [f"bench new {run}"]))
        results["new job"] = [result["total"] for result in created]
        results["(submitJob answer)"] = [result["api"] for result in created]
        page.close()
    finally:
        context.close()
    results["socket.io floor"] = socketio_floor(manager.url, small, runs)
    return results


def summary(values: list[float]) -> str:
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return f"{statistics.median(values):7.0f} ms  (p90 {p90:.0f})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--jobs", type=int, default=10_000, help="jobs in the loaded farm")
    parser.add_argument("--tasks", type=int, default=10_000, help="tasks of the loaded farm's big job")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--workdir", type=Path, help="keep databases and logs here")
    args = parser.parse_args(argv)
    missing = chromium_missing()
    if missing:
        print(f"cannot run: {missing}", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-webui-"))
    farms = {}
    started = time.perf_counter()
    for name, jobs, tasks_per_job, big_tasks in (
        ("loaded", args.jobs, 5, args.tasks),
        ("empty", 0, 1, 1),
    ):
        (workdir / name).mkdir(parents=True, exist_ok=True)
        ids = seed(
            workdir / name / "farm.sqlite", jobs=jobs, tasks_per_job=tasks_per_job, big_job_tasks=big_tasks
        )
        farms[name] = (workdir / name, *ids)
    print(f"seeded in {time.perf_counter() - started:.0f} s: loaded = {args.jobs:,} jobs of 5 tasks"
          f" + 1 job of {args.tasks:,} tasks; empty = 1 job of 1 task")  # fmt: skip

    results: dict[str, dict[str, list[float]]] = {}
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            for name, (path, small, big) in farms.items():
                database = str(path / "farm.sqlite")
                with ManagerProcess(path, database=database, validate_responses=False) as manager:
                    results[name] = measure_farm(browser, manager, small, big, args.runs)
        finally:
            browser.close()

    print(f"\n{'':26}{'loaded':>26}{'empty farm (baseline)':>30}")
    for what in results["loaded"]:
        print(f"{what:26}{summary(results['loaded'][what]):>26}{summary(results['empty'][what]):>30}")
    runs = f"{args.runs} runs (status changes and the floor: {2 * args.runs})"
    print(f"\nmedian of {runs}; Chromium {browser.version}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
