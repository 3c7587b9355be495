"""Limits and tickets with several real Manager processes on one PostgreSQL database (issue 9).

Two `flamenco-manager` servers share the database; HTTP workers, half on each, poll for tasks of a
job limited to 3 running tasks and of a job whose tasks each hold one of 2 farm tickets, hold each
task a moment and complete it. What the farm must never show: more running tasks than the limit,
more tickets held than exist — and at the end every task completed once and every counter back to
zero. The workers count what they hold themselves (a task is counted only between the Manager's
answer and the worker's completion report, so that count never exceeds what the Manager has
running), and a watcher asks the Managers at the same time.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest

from tests.api.live_manager import ManagerProcess
from tests.cli.conftest import TEST_JOB_TYPES
from tests.conftest import _reset_postgres

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

WORKERS = 8
TASKS = 24
HOLD = 0.05  # seconds a worker "renders" each task


def _worker(
    url: str, name: str, stop: threading.Event, held: Counter, lock: threading.Lock, done: list
) -> None:
    with httpx.Client(base_url=url, timeout=30) as http:
        registered = http.post(
            "/api/v3/worker/register-worker",
            json={"secret": "s", "platform": "linux", "supported_task_types": ["limits"], "name": name},
        ).json()
        auth = (registered["uuid"], "s")
        sign_on = {"name": name, "supported_task_types": ["limits"], "software_version": "test"}
        http.post("/api/v3/worker/sign-on", json=sign_on, auth=auth).raise_for_status()
        http.post("/api/v3/worker/state-changed", json={"status": "awake"}, auth=auth).raise_for_status()
        while not stop.is_set():
            answer = http.post("/api/v3/worker/task", auth=auth)
            if answer.status_code == 204:
                time.sleep(0.02)
                continue
            answer.raise_for_status()
            task = answer.json()
            with lock:
                held[task["job"]] += 1
                held[("max", task["job"])] = max(held[("max", task["job"])], held[task["job"]])
            time.sleep(HOLD)
            with lock:
                held[task["job"]] -= 1
            update = http.post(
                f"/api/v3/worker/task/{task['uuid']}", json={"taskStatus": "completed"}, auth=auth
            )
            assert update.status_code == 204, update.text
            done.append(task["uuid"])


def test_two_managers_never_exceed_limits_or_tickets(tmp_path: Path, postgres_url: str) -> None:
    _reset_postgres(postgres_url)
    job_types = ["--job-types-path", str(TEST_JOB_TYPES)]
    managers = [
        ManagerProcess(tmp_path / f"m{n}", database=postgres_url, extra_args=job_types) for n in range(2)
    ]
    with managers[0], managers[1]:
        admin = httpx.Client(base_url=managers[0].url, timeout=30)
        assert admin.put("/api/v3/pipeline/tickets/LIC", json={"capacity": 2}).status_code == 200
        jobs = {}
        for name in ("limited", "ticketed"):
            body = {"name": name, "type": "independent-tasks", "priority": 50}
            body["settings"] = {"count": TASKS, "task_type": "limits"}
            submitted = admin.post("/api/jobs", json=body)
            assert submitted.status_code == 200, submitted.text
            jobs[name] = submitted.json()["id"]
        # Controls before any worker exists, so the limits hold from the first claim.
        for name, controls in (("limited", {"max_running_tasks": 3}), ("ticketed", {"tickets": {"LIC": 1}})):
            answer = admin.post(f"/api/v3/jobs/{jobs[name]}/controls", json=controls)
            assert answer.status_code == 200, answer.text

        stop, lock = threading.Event(), threading.Lock()
        held: Counter = Counter()
        done: list[str] = []
        threads = [
            threading.Thread(
                target=_worker, args=(managers[n % 2].url, f"w{n}", stop, held, lock, done), daemon=True
            )
            for n in range(WORKERS)
        ]
        for thread in threads:
            thread.start()
        seen_running: list[int] = []
        seen_tickets: list[int] = []
        watcher = httpx.Client(base_url=managers[1].url, timeout=30)
        deadline = time.monotonic() + 240
        while len(done) < 2 * TASKS and time.monotonic() < deadline:
            seen_running.append(
                watcher.get(f"/api/v3/jobs/{jobs['limited']}/controls").json()["running_tasks"]
            )
            seen_tickets.append(watcher.get("/api/v3/pipeline/tickets").json()["tickets"][0]["in_use"])
            time.sleep(0.02)
        stop.set()
        for thread in threads:
            thread.join(timeout=30)

        assert len(done) == 2 * TASKS == len(set(done)), "every task ran exactly once"
        assert held[("max", jobs["limited"])] <= 3, held
        assert held[("max", jobs["ticketed"])] <= 2, held
        assert max(seen_running) <= 3 and max(seen_tickets) <= 2
        assert held[("max", jobs["limited"])] >= 2, "the workers did run side by side"
        for name in jobs:
            assert admin.get(f"/api/jobs/{jobs[name]}").json()["status"] == "completed"
        assert admin.get(f"/api/v3/jobs/{jobs['limited']}/controls").json()["running_tasks"] == 0
        (ticket,) = admin.get("/api/v3/pipeline/tickets").json()["tickets"]
        assert (ticket["in_use"], ticket["hosts"]) == (0, 0)
        for manager in managers:
            assert "Traceback" not in manager.log(), manager.log()[-4000:]
