"""`GET /metrics` after a known workload, all of it over HTTP, read with Prometheus' parser."""

from __future__ import annotations

import uuid

from flamenco.metrics.farm import FarmCollector
from flamenco.store.farm import FarmCounts
from tests.metrics.prometheus_text import Scrape

TYPES = ["misc"]


def _awake_worker(client, name: str) -> tuple[str, str]:
    registration = {"secret": "s3cret", "platform": "linux", "supported_task_types": TYPES, "nickname": name}
    auth = (client.post("/api/worker/register-worker", json=registration).json()["uuid"], "s3cret")
    sign_on = {"nickname": name, "supported_task_types": TYPES, "software_version": "3.0"}
    assert client.post("/api/worker/sign-on", json=sign_on, auth=auth).status_code == 200
    assert client.post("/api/worker/state-changed", json={"status": "awake"}, auth=auth).status_code == 204
    return auth


def _submit(client, name: str, count: int) -> str:
    job = {"name": name, "type": "independent-tasks", "priority": 50, "settings": {"count": count}}
    response = client.post("/api/jobs", json=job)
    assert response.status_code == 200, response.text
    return response.json()["id"]


def _next_task(client, auth) -> str:
    response = client.post("/api/worker/task", auth=auth)
    assert response.status_code == 200, response.text
    return response.json()["uuid"]


def _report(client, auth, task: str, status: str) -> None:
    response = client.post(f"/api/worker/task/{task}", json={"taskStatus": status}, auth=auth)
    assert response.status_code == 204, response.text


def test_figures_after_a_known_workload(client):
    """Two jobs; one task completed, one failed by both workers (soft-failed, then failed for
    good, which fails its job and cancels the job's last task); the other job still queued."""
    _submit(client, "first", 3)
    _submit(client, "second", 2)
    w1, w2 = _awake_worker(client, "w1"), _awake_worker(client, "w2")
    _report(client, w1, _next_task(client, w1), "completed")
    failing = _next_task(client, w1)
    _report(client, w1, failing, "failed")  # w2 may still run it: soft-failed
    assert _next_task(client, w2) == failing
    _report(client, w2, failing, "failed")  # nobody else can: failed for good
    assert client.get(f"/api/jobs/{uuid.uuid4()}").status_code == 404
    assert client.post("/api/worker/task", auth=(w1[0], "wrong")).status_code == 401

    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8"
    scrape = Scrape(response.text)

    assert scrape.value("flamenco_task_assignments_total") == 3
    assert scrape.by_label("flamenco_task_failures_total", "outcome") == {"soft-failed": 1, "failed": 1}
    jobs = scrape.by_label("flamenco_jobs", "status")
    assert {s: n for s, n in jobs.items() if n} == {"failed": 1, "queued": 1}
    assert jobs["active"] == 0  # every status of the spec is reported, absent ones at 0
    tasks = scrape.by_label("flamenco_tasks", "status")
    assert {s: n for s, n in tasks.items() if n} == {"completed": 1, "failed": 1, "canceled": 1, "queued": 2}
    assert scrape.value("flamenco_queue_depth") == 2
    workers = scrape.by_label("flamenco_workers", "status")
    assert {s: n for s, n in workers.items() if n} == {"awake": 2}

    expected = {  # (operationId, status code): requests
        ("submitJob", "200"): 2,
        ("registerWorker", "200"): 2,
        ("signOn", "200"): 2,
        ("workerStateChanged", "204"): 2,
        ("scheduleTask", "200"): 3,
        ("scheduleTask", "401"): 1,
        ("taskUpdate", "204"): 3,
        ("fetchJob", "404"): 1,
    }
    for (operation, code), count in expected.items():
        assert scrape.value("flamenco_http_requests_total", operation=operation, code=code) == count
    histogram = "flamenco_http_request_duration_seconds"
    assert scrape.types[histogram] == "histogram"
    assert scrape.value(f"{histogram}_count", operation="scheduleTask") == 4  # errors are timed too
    assert scrape.value(f"{histogram}_bucket", operation="scheduleTask", le="+Inf") == 4
    assert 0 < scrape.value(f"{histogram}_sum", operation="scheduleTask") < 10


def test_requests_outside_the_spec_are_counted_apart(client):
    assert client.get("/no/such/path").status_code == 404
    assert client.delete("/api/version").status_code == 405
    scrape = Scrape(client.get("/metrics").text)
    assert scrape.value("flamenco_http_requests_total", operation="none", code="404") == 1
    assert scrape.value("flamenco_http_requests_total", operation="none", code="405") == 1


def test_the_scrape_itself_is_counted_once_it_is_answered(client):
    client.get("/metrics")
    scrape = Scrape(client.get("/metrics").text)
    assert scrape.value("flamenco_http_requests_total", operation="getMetrics", code="200") == 1


class _CountingQuery:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> FarmCounts:
        self.calls += 1
        return FarmCounts(jobs={"queued": self.calls}, tasks={"queued": 4, "soft-failed": 1}, workers={})


def test_database_figures_are_read_at_most_once_per_cache_period():
    query, now = _CountingQuery(), [100.0]
    collector = FarmCollector(query, max_age=5.0, clock=lambda: now[0])

    def jobs_queued() -> float:
        families = {family.name: family for family in collector.collect()}
        return next(s.value for s in families["flamenco_jobs"].samples if s.labels["status"] == "queued")

    assert jobs_queued() == 1
    now[0] += 4.9
    assert jobs_queued() == 1
    assert query.calls == 1
    now[0] += 0.1
    assert jobs_queued() == 2
    assert query.calls == 2
    queue = next(f for f in collector.collect() if f.name == "flamenco_queue_depth")
    assert queue.samples[0].value == 5  # queued + soft-failed


def test_a_status_the_spec_does_not_name_is_still_reported():
    counts = FarmCounts(jobs={}, tasks={}, workers={"rebooting": 1})
    collector = FarmCollector(lambda: counts)
    workers = next(f for f in collector.collect() if f.name == "flamenco_workers")
    assert {s.labels["status"]: s.value for s in workers.samples}["rebooting"] == 1
