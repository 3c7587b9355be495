"""Pipeline controls on `/api/v3` (issue 9): a job's and a block's limits, masks, needs and
tickets, tickets themselves, and workers' hardware reports — what an admin or a pipeline script
sets, and what the scheduler then does with it (on SQLite and PostgreSQL)."""

from __future__ import annotations

from flamenco.scheduler import assignment
from flamenco.store import workers as worker_store
from tests.factories import add_block, add_worker, counters, independent_job, tasks_of
from tests.handlers.v3.conftest import SIGN_ON

UNKNOWN = "3c7d1b5e-0000-4000-8000-00000000000d"


def _controls(client, job, **body):
    answer = client.post(f"/api/v3/jobs/{job.uuid}/controls", json=body)
    assert answer.status_code == 200, answer.text
    return answer.json()


def _schedule_all(services, workers):
    return {w.name: assignment.schedule_task(services, worker_store.get_worker(w.uuid)) for w in workers}


def test_a_flamenco_job_gets_a_limit_and_runs_no_more_than_it(client, services):
    job = independent_job(services, count=5)
    answer = _controls(client, job, max_running_tasks=2)
    assert answer["controls"]["max_running_tasks"] == 2
    assert [(b["name"], b["implicit"]) for b in answer["blocks"]] == [("independent-tasks", True)]
    workers = [add_worker(services, f"w{n}") for n in range(4)]
    given = _schedule_all(services, workers)
    assert sum(a is not None for a in given.values()) == 2
    shown = client.get(f"/api/v3/jobs/{job.uuid}/controls").json()
    assert shown["running_tasks"] == 2
    assert shown["blocks"][0]["running_tasks"] == 2
    # Removing the limit lets the other workers in.
    _controls(client, job, max_running_tasks=None)
    idle = [w for w in workers if given[w.name] is None]
    assert all(a is not None for a in _schedule_all(services, idle).values())
    assert counters() == {}  # an unlimited job is not counted


def test_a_limit_set_on_a_running_job_counts_what_already_runs(client, services):
    job = independent_job(services, count=6)
    workers = [add_worker(services, f"w{n}") for n in range(3)]
    assert all(_schedule_all(services, workers).values())
    _controls(client, job, max_running_tasks=3)
    assert counters()["job"] == [(job.id, 3)]
    assert assignment.schedule_task(services, add_worker(services, "late")) is None


def test_hosts_mask_and_exclude_choose_the_workers(client, services):
    job = independent_job(services, count=6)
    render = [add_worker(services, f"render-{n}") for n in range(3)]
    other = add_worker(services, "laptop")
    answer = _controls(client, job, hosts_mask="render-.*", hosts_mask_exclude="render-2")
    assert answer["blocks"][0]["eligible_workers"] == 2
    given = _schedule_all(services, [*render, other])
    assert {name for name, a in given.items() if a is not None} == {"render-0", "render-1"}
    # A worker that signs on later is matched too.
    assert assignment.schedule_task(services, add_worker(services, "render-7")) is not None


def test_find_mask_type(client, services):
    job = independent_job(services, count=3)
    _controls(client, job, hosts_mask="gpu cpu", hosts_mask_type="find")
    given = _schedule_all(services, [add_worker(services, n) for n in ("gpu01", "cpu02", "laptop")])
    assert {name for name, a in given.items() if a is not None} == {"gpu01", "cpu02"}


def test_block_controls_and_needs_follow_worker_reports(client, services, auth):
    job = independent_job(services, count=4)
    ids = [t.id for t in tasks_of(job)]
    add_block(job, "comp", task_ids=ids)
    answer = client.post(
        f"/api/v3/jobs/{job.uuid}/blocks/comp/controls",
        json={"need_memory_mb": 8000, "need_cpu_cores": 8, "need_properties": "nuke"},
    )
    assert answer.status_code == 200, answer.text
    (block,) = answer.json()["blocks"]
    assert block["controls"]["need_memory_mb"] == 8000 and block["eligible_workers"] == 0
    worker_uuid = auth[0]
    sign_on = {**SIGN_ON, "resources": {"cpu_cores": 16, "cpu_freq_mhz": 3000, "mem_free_mb": 4000}}
    assert client.post("/api/v3/worker/sign-on", json=sign_on, auth=auth).status_code == 200
    client.post("/api/v3/worker/state-changed", json={"status": "awake"}, auth=auth)
    assert client.post("/api/v3/worker/task", auth=auth).status_code == 204  # no 'nuke' property
    path = f"/api/v3/worker-mgt/workers/{worker_uuid}"
    assert client.post(f"{path}/properties", json={"properties": "nuke houdini"}).status_code == 204
    assert client.post("/api/v3/worker/task", auth=auth).status_code == 204  # 4000 MB free < 8000
    report = {"mem_free_mb": 12000, "mem_total_mb": 16000, "hdd_free_gb": 100, "load_avg": 0.5}
    assert client.post("/api/v3/worker/resources", json=report, auth=auth).status_code == 204
    assert client.post("/api/v3/worker/task", auth=auth).status_code == 200
    shown = client.get(f"{path}/resources").json()
    assert shown["properties"] == "nuke houdini"
    assert shown["resources"]["cpu_cores"] == 16 and shown["resources"]["mem_free_mb"] == 12000
    assert shown["reported_at"]


def test_tickets_are_set_listed_and_consumed(client, services):
    assert client.put("/api/v3/pipeline/tickets/NUKE", json={"capacity": 2}).json() == {
        "name": "NUKE",
        "scope": "farm",
        "capacity": 2,
        "max_hosts": None,
        "in_use": 0,
        "hosts": 0,
    }
    job = independent_job(services, count=5)
    _controls(client, job, tickets={"NUKE": 1})
    workers = [add_worker(services, f"w{n}") for n in range(3)]
    given = _schedule_all(services, workers)
    assert sum(a is not None for a in given.values()) == 2
    (ticket,) = client.get("/api/v3/pipeline/tickets").json()["tickets"]
    assert (ticket["in_use"], ticket["hosts"]) == (2, 2)
    holder = next(w for w in workers if given[w.name] is not None)
    assert client.get(f"/api/v3/worker-mgt/workers/{holder.uuid}/resources").json()["tickets"] == {"NUKE": 1}
    # Raising the capacity lets the third worker run.
    assert client.put("/api/v3/pipeline/tickets/NUKE", json={"capacity": 3}).status_code == 200
    idle = next(w for w in workers if given[w.name] is None)
    assert assignment.schedule_task(services, worker_store.get_worker(idle.uuid)) is not None


def test_bad_controls_are_refused_and_change_nothing(client, services):
    job = independent_job(services, count=2)
    for body in (
        {"hosts_mask": "render-(["},
        {"max_running_tasks": -5},
        {"max_running_tasks": 2**33},
        {"tickets": {"NUKE": 0}},
        {"tickets": {"bad name": 1}},
        {"colour": "red"},
        {"hosts_mask_type": "glob"},
    ):
        answer = client.post(f"/api/v3/jobs/{job.uuid}/controls", json=body)
        assert answer.status_code == 400, (body, answer.text)
        assert set(answer.json()) >= {"code", "message"}
    shown = client.get(f"/api/v3/jobs/{job.uuid}/controls").json()
    assert shown["blocks"] == [] and shown["controls"]["hosts_mask"] is None
    assert client.post(f"/api/v3/jobs/{UNKNOWN}/controls", json={}).status_code == 404
    assert client.post(f"/api/v3/jobs/{job.uuid}/blocks/nope/controls", json={}).status_code == 404
    for body in ({"capacity": -1}, {"capacity": 2, "scope": "worker", "max_hosts": 2}, {"scope": "farm"}):
        assert client.put("/api/v3/pipeline/tickets/LIC", json=body).status_code == 400, body
    assert client.get("/api/v3/pipeline/tickets").json() == {"tickets": []}
    unknown_worker = f"/api/v3/worker-mgt/workers/{UNKNOWN}/properties"
    assert client.post(unknown_worker, json={"properties": "x"}).status_code == 404


def test_worker_resources_need_worker_credentials(client, auth):
    assert client.post("/api/v3/worker/resources", json={"cpu_cores": 4}).status_code == 401
    assert client.post("/api/v3/worker/resources", json={"cpu_cores": -4}, auth=auth).status_code == 400


def test_tickets_from_the_config_file_are_defined_at_start(tmp_path, database_url):
    from flamenco.app import build_services
    from flamenco.scheduler import controls
    from tests.conftest import make_config

    config = make_config(
        tmp_path, database_url, tickets={"NUKE": 20, "MEM": {"capacity": 64, "scope": "worker"}}
    )
    build_services(config)
    assert [(t["name"], t["scope"], t["capacity"]) for t in controls.fetch_tickets()] == [
        ("MEM", "worker", 64),
        ("NUKE", "farm", 20),
    ]


def test_hardware_reports_wake_waiting_workers_only_when_it_may_matter(services):
    """Every worker reports each minute; waking every long-polling worker each time would cost
    a claim per worker per report for nothing."""
    from flamenco.scheduler import controls

    worker = add_worker(services, "w1")
    signal = services.work_signal
    start = signal.generation
    controls.report_resources(services, worker.id, {"mem_free_mb": 1000})
    assert signal.generation == start, "no block needs free memory: nobody to wake"
    job = independent_job(services, count=1)
    add_block(job, need_memory_mb=4000)
    start = signal.generation  # the submission itself woke them
    controls.report_resources(services, worker.id, {"mem_free_mb": 900})
    assert signal.generation == start, "less free memory lets nothing new run"
    controls.report_resources(services, worker.id, {"mem_free_mb": 8000})
    assert signal.generation > start
    assert assignment.schedule_task(services, worker_store.get_worker(worker.uuid)) is not None
