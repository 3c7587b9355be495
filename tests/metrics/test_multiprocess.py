"""A real `flamenco-manager --workers 2` on PostgreSQL: whichever process answers a scrape, the
counters are the sum of both processes' (prometheus_client's multiprocess mode)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from prometheus_client.multiprocess import MultiProcessCollector

from tests.api.live_manager import ManagerProcess
from tests.conftest import _reset_postgres
from tests.metrics.prometheus_text import Scrape

pytestmark = pytest.mark.postgres

REDIS_URL = "redis://127.0.0.1:6379/0"  # several processes need it (live updates, wake-ups)
CALLS = 200
TASKS = 6
TWO_PROCESSES = ["--workers", "2", "--redis-url", REDIS_URL]
FRESH = {"Connection": "close"}  # a new connection per request, so either process may accept it


def _get(url: str) -> requests.Response:
    response = requests.get(url, headers=FRESH, timeout=30)
    assert response.status_code == 200, response.text
    return response


def _per_process(counter_dir: Path, operation: str) -> dict[str, float]:
    """Requests for ``operation`` each server process counted, from its own counter file."""
    counts = {}
    for path in counter_dir.glob("counter_*.db"):
        for metric in MultiProcessCollector.merge([str(path)]):
            for sample in metric.samples:
                if sample.name == "flamenco_http_requests_total" and sample.labels["operation"] == operation:
                    counts[path.stem] = counts.get(path.stem, 0) + sample.value
    return counts


def _run_tasks(url: str) -> None:
    """One worker runs a job of TASKS tasks: all but the last complete, the last fails."""
    job = {"name": "summed", "type": "echo-sleep-test", "priority": 50}
    job["settings"] = {"message": "hi", "sleep_repeats": TASKS - 1, "sleep_duration_seconds": 0}
    assert requests.post(f"{url}/api/jobs", json=job, headers=FRESH, timeout=30).status_code == 200
    registration = {"secret": "s", "platform": "linux", "supported_task_types": ["misc"], "nickname": "w"}
    worker = requests.post(f"{url}/api/worker/register-worker", json=registration, timeout=30).json()
    auth = (worker["uuid"], "s")
    awake = requests.post(f"{url}/api/worker/state-changed", json={"status": "awake"}, auth=auth, timeout=30)
    assert awake.status_code == 204
    for number in range(1, TASKS + 1):
        task = requests.post(f"{url}/api/worker/task", auth=auth, headers=FRESH, timeout=30)
        assert task.status_code == 200, task.text
        status = "failed" if number == TASKS else "completed"
        update = requests.post(
            f"{url}/api/worker/task/{task.json()['uuid']}",
            json={"taskStatus": status},
            auth=auth,
            headers=FRESH,
            timeout=30,
        )
        assert update.status_code == 204, update.text


def test_any_process_reports_the_sum_of_all(tmp_path: Path, postgres_url: str) -> None:
    _reset_postgres(postgres_url)
    counter_dir = tmp_path / "manager-storage" / "metrics"
    with ManagerProcess(tmp_path, database=postgres_url, extra_args=TWO_PROCESSES) as manager:
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda _: _get(f"{manager.url}/api/configuration"), range(CALLS)))
        _run_tasks(manager.url)
        with ThreadPoolExecutor(4) as pool:
            scrapes = list(pool.map(lambda _: Scrape(_get(f"{manager.url}/metrics").text), range(20)))

        # Both processes served requests and answered scrapes, each counting in its own file…
        served = _per_process(counter_dir, "getConfiguration")
        assert len(served) == 2 and all(served.values()), served
        assert sum(served.values()) == CALLS
        scraped_by = _per_process(counter_dir, "getMetrics")
        assert len(scraped_by) == 2 and all(scraped_by.values()), scraped_by
        # …and every scrape, whichever process answered it, reported the farm's totals.
        for scrape in scrapes:
            assert (
                scrape.value("flamenco_http_requests_total", operation="getConfiguration", code="200")
                == CALLS
            )
            assert scrape.value("flamenco_task_assignments_total") == TASKS
            assert scrape.value("flamenco_task_failures_total", outcome="failed") == 1
            assert scrape.value("flamenco_jobs", status="failed") == 1
            assert scrape.value("flamenco_tasks", status="completed") == TASKS - 1
            assert scrape.value("flamenco_workers", status="awake") == 1

    # A restarted Manager starts its counters afresh (the directory is emptied), while the
    # database figures stay what they are.
    with ManagerProcess(tmp_path, database=postgres_url, extra_args=TWO_PROCESSES) as manager:
        scrape = Scrape(_get(f"{manager.url}/metrics").text)
        assert scrape.value("flamenco_task_assignments_total") == 0
        assert "getConfiguration" not in scrape.by_label("flamenco_http_requests_total", "operation")
        assert scrape.value("flamenco_tasks", status="completed") == TASKS - 1
