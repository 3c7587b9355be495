#!/usr/bin/env python3
"""Submit → first task started: how long new work waits for an idle farm.

Starts a real Manager (gunicorn + uvicorn, SQLite) and N idle simulated workers, then submits jobs
one at a time at random moments and measures, for each, the time from the submit response to the
moment a worker receives the job's first task. Two polling styles, each in its own run:

- ``interval``: Flamenco's idle poll: ask, and when there is nothing, sleep ``--interval`` seconds
  (Flamenco 3.8+ uses 20 s; the seed used 2 s).
- ``prefer-wait``: ask with ``Prefer: wait=25``; the Manager holds the request until work appears.

It prints p50/p95/max latency and the idle request rate (requests per worker per minute while
nothing was queued), i.e. the load an idle farm puts on the Manager. No asserts: it reports.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.api.live_manager import ManagerProcess

REGISTRATION = {"secret": "bench", "platform": "linux", "supported_task_types": ["misc"]}


class IdleWorker(threading.Thread):
    """A worker that only polls; it reports the moment it receives a task, then completes it."""

    def __init__(self, url: str, number: int, style: str, interval: float, got_task) -> None:
        super().__init__(daemon=True)
        self.url, self.style, self.interval, self.got_task = url, style, interval, got_task
        self.session = requests.Session()
        worker = self.session.post(
            f"{url}/api/worker/register-worker", json={**REGISTRATION, "nickname": f"w{number}"}
        )
        self.session.auth = (worker.json()["uuid"], "bench")
        self.session.post(
            f"{url}/api/worker/sign-on",
            json={"nickname": f"w{number}", "supported_task_types": ["misc"], "software_version": "bench"},
        )
        self.session.post(f"{url}/api/worker/state-changed", json={"status": "awake"})
        self.requests = 0
        self.stop = threading.Event()

    def run(self) -> None:
        headers = {"Prefer": "wait=25"} if self.style == "prefer-wait" else {}
        while not self.stop.is_set():
            self.requests += 1
            try:
                response = self.session.post(f"{self.url}/api/worker/task", headers=headers, timeout=60)
            except requests.RequestException:
                return  # the Manager is shutting down at the end of the run
            if response.status_code == 200:
                task = response.json()
                self.got_task(task["job"], time.monotonic())
                self.session.post(
                    f"{self.url}/api/worker/task/{task['uuid']}", json={"taskStatus": "completed"}
                )
                continue
            if self.style == "interval":
                self.stop.wait(self.interval * random.uniform(0.9, 1.1))


def run(style: str, workers: int, jobs: int, interval: float, idle_seconds: float) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp, ManagerProcess(Path(tmp), validate_responses=False) as manager:
        started: dict[str, float] = {}
        lock = threading.Lock()

        def got_task(job_id: str, moment: float) -> None:
            with lock:
                started.setdefault(job_id, moment)

        pool = [IdleWorker(manager.url, n, style, interval, got_task) for n in range(workers)]
        for worker in pool:
            worker.start()

        before = sum(w.requests for w in pool)
        time.sleep(idle_seconds)
        idle_rate = (sum(w.requests for w in pool) - before) / workers / idle_seconds * 60

        session = requests.Session()
        latencies = []
        for _ in range(jobs):
            time.sleep(random.uniform(0.2, 1.5))
            job = {"name": "pickup", "type": "echo-sleep-test", "priority": 50, "settings": {"message": "hi"}}
            job_id = session.post(f"{manager.url}/api/jobs", json=job).json()["id"]
            submitted = time.monotonic()
            deadline = submitted + interval * 2 + 30
            while job_id not in started and time.monotonic() < deadline:
                time.sleep(0.002)
            latencies.append(started.get(job_id, deadline) - submitted)
        for worker in pool:
            worker.stop.set()

    latencies.sort()
    return {
        "p50": statistics.median(latencies),
        "p95": latencies[max(0, round(0.95 * len(latencies)) - 1)],
        "max": latencies[-1],
        "idle_requests_per_worker_minute": idle_rate,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=10)
    parser.add_argument("--jobs", type=int, default=20)
    parser.add_argument("--interval", type=float, default=20.0, help="idle poll interval of the baseline")
    parser.add_argument("--idle-seconds", type=float, default=30.0, help="how long to count idle polls")
    args = parser.parse_args()
    print(f"{args.workers} idle workers, {args.jobs} jobs submitted one at a time")
    results = {}
    for style in ("interval", "prefer-wait"):
        results[style] = run(style, args.workers, args.jobs, args.interval, args.idle_seconds)
        r = results[style]
        label = f"{style} ({args.interval:g} s)" if style == "interval" else f"{style} (wait=25)"
        ms = {key: r[key] * 1000 for key in ("p50", "p95", "max")}
        print(
            f"{label:24} p50 {ms['p50']:8.1f} ms   p95 {ms['p95']:8.1f} ms   max {ms['max']:8.1f} ms"
            f"   idle load {r['idle_requests_per_worker_minute']:.2f} req/worker/min"
        )
    ratio = results["interval"]["p95"] / max(results["prefer-wait"]["p95"], 1e-6)
    print(f"p95 pickup is {ratio:.0f}x faster with Prefer: wait")


if __name__ == "__main__":
    main()
