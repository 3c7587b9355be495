"""Afanasy's `get` and `action` documents, answered from the Manager's state (SQLite and
PostgreSQL). Requests are built by `af.Cmd` (what pipeline scripts call), answered by
`flamenco.pipeline.protocol` in place of the HTTP door."""

from __future__ import annotations

import socket
from datetime import UTC, timedelta

import pytest

from flamenco.af import Cmd, transport
from flamenco.pipeline import protocol
from flamenco.scheduler import assignment, task_updates
from flamenco.store import jobs as job_store
from flamenco.store import life as life_store
from flamenco.store import rows
from flamenco.store import workers as worker_store
from tests.factories import add_worker, tasks_of
from tests.pipeline.helpers import claim_job, gates, job, waiting


@pytest.fixture
def sent(services, monkeypatch) -> list[tuple[dict, tuple[int, dict]]]:
    """`af.Cmd` sends to the protocol functions; every (request, (status, answer)) is kept."""
    seen: list[tuple[dict, tuple[int, dict]]] = []

    def send(document, verbose=False):
        answer = protocol.handle(services, document)
        seen.append((document, answer))
        return True, answer[1]

    monkeypatch.setattr(transport, "send_document", send)
    monkeypatch.setenv("USER", "alice")
    return seen


def test_get_jobs_lists_jobs_with_afanasy_states(services, sent):
    render = job(services, "render", count=2)
    comp = job(services, "comp", depend_mask="render", host_name="ws1")
    listed = Cmd().getJobList()
    assert [(j["id"], j["name"], j["user_name"], j["state"]) for j in listed] == [
        (render.id, "render", "alice", "RDY"),
        (comp.id, "comp", "alice", "RDY WD"),
    ]
    assert listed[1]["depend_mask"] == "render" and listed[1]["depends"] == ["render"]
    assert listed[0]["blocks"] == [
        {
            "name": "independent-tasks",
            "service": "misc",
            "tasks_num": 2,
            "p_tasks_done": 0,
            "p_tasks_ready": 2,
            "running_tasks_counter": 0,
            "p_tasks_error": 0,
            "p_percentage": 0,
        }
    ]
    assert listed[0]["time_creation"] == int(render.created.replace(tzinfo=UTC).timestamp())

    (info,) = Cmd().getJobInfo(comp.id)
    assert info["status"] == "queued" and info["activity"] == "waiting for jobs: render"
    worker = add_worker(services)
    task = assignment.schedule_task(services, worker).task
    task_updates.task_update(services, worker, task.uuid, status="completed")
    progress = Cmd().getJobProgress(render.id)
    assert progress == {
        "id": render.id,
        "progress": [[{"state": "DON", "hst": "", "per": 100}, {"state": "RDY", "hst": "", "per": 0}]],
    }


def test_get_jobs_filters_by_user_id_and_mask_and_refuses_unknown_ids(services, sent):
    job(services, "a-1", user="alice")
    bob = job(services, "b-1", user="bob")
    job(services, "a-2", user="alice")
    by_user = protocol.get(services, {"type": "jobs", "users": ["bob"]})
    assert [j["name"] for j in by_user[1]["jobs"]] == ["b-1"]
    by_uid = protocol.get(services, {"type": "jobs", "uids": [protocol.user_id("alice")]})
    assert [j["name"] for j in by_uid[1]["jobs"]] == ["a-1", "a-2"]
    by_mask = protocol.get(services, {"get": {"type": "jobs", "mask": "a-.*"}})
    assert [j["name"] for j in by_mask[1]["jobs"]] == ["a-1", "a-2"]
    assert protocol.get(services, {"type": "jobs", "ids": [bob.id + 100]}) == (
        404,
        {"info": {"kind": "error", "text": f"No job with id {bob.id + 100}"}},
    )
    assert protocol.get(services, {"type": "jobs", "mask": "("})[0] == 400
    assert protocol.get(services, {"type": "pools"}) == (
        400,
        {"info": {"kind": "error", "text": "Unknown get type: 'pools'"}},
    )


def test_get_renders_and_users(services, sent):
    here = socket.gethostname().lower()
    worker = add_worker(services, here)
    add_worker(services, "farm-01", awake=False)
    job(services, "render", user="alice", count=2)
    job(services, "other", user="bob", count=1)
    claim_job(services, worker)
    (local,) = Cmd().renderGetLocal()
    assert local["id"] == worker.id and local["name"] == here and local["state"] == "ONL RUN"
    assert local["tasks"][0]["job_name"] == "render"
    assert [r["name"] for r in Cmd().renderGetList("farm-.*")] == ["farm-01"]
    rows.execute("UPDATE worker SET cpu_cores = 16, mem_total_mb = 65536 WHERE id = ?", [worker.id])
    resources = {r["name"]: r["host_resources"] for r in Cmd().renderGetResources()}
    assert resources[here]["cpu_cores"] == 16 and resources[here]["mem_total_mb"] == 65536
    status, answer = protocol.get(services, {"type": "users"})
    assert status == 200 and answer["users"] == [
        {"id": protocol.user_id("alice"), "name": "alice", "jobs_num": 1, "running_tasks_num": 1},
        {"id": protocol.user_id("bob"), "name": "bob", "jobs_num": 1, "running_tasks_num": 0},
    ]


def test_job_operations(services, sent, clock):
    worker = add_worker(services)
    offline = job(services, "offline", status="paused", count=1)
    Cmd().setJobState(offline.id, "start")
    assert job_store.get_job(offline.uuid).status == "queued"
    Cmd().setJobState(offline.id, "pause")
    assert job_store.get_job(offline.uuid).status == "paused"
    Cmd().setJobState(offline.id, "start")

    Cmd().setJobPriorityById(offline.id, 80)
    assert job_store.get_job(offline.uuid).priority == 80
    assert claim_job(services, worker) == "offline"
    Cmd().stopJobById(offline.id)  # offline, and its running task stops
    assert job_store.get_job(offline.uuid).status == "paused"
    assert [t.status for t in tasks_of(offline)] == ["paused"]
    Cmd().setJobState(offline.id, "start")
    task = assignment.schedule_task(services, worker).task
    task_updates.task_update(services, worker, task.uuid, status="failed")
    assert job_store.get_job(offline.uuid).status == "failed"
    Cmd().setJobState(offline.id, "restart_errors")
    assert job_store.get_job(offline.uuid).status == "queued"
    assert [t.status for t in tasks_of(offline)] == ["queued"]
    Cmd().setJobState(offline.id, "restart_pause")
    assert job_store.get_job(offline.uuid).status == "paused"

    Cmd().deleteJob("offline")
    assert job_store.get_job(offline.uuid).delete_requested_at == clock.now
    document, (status, _answer) = sent[-1]
    assert document["action"]["mask"] == "offline" and status == 200

    Cmd().setJobState(offline.id, "explode")
    assert sent[-1][1] == (400, {"info": {"kind": "error", "text": "Unknown operation: explode"}})


def test_job_params_limits_and_masks_are_enforced(services):
    """Afanasy's `action` params go the way of updateJobControls: counted and matched."""
    first = add_worker(services, "farm-1")
    render = job(services, "render", count=3)
    comp = job(services, "comp", count=2)
    assert assignment.schedule_task(services, first).task.job_id == render.id
    action = {"type": "jobs", "ids": [render.id], "params": {"max_running_tasks": 1}}
    assert protocol.action(services, {"action": action})[0] == 200
    assert assignment.schedule_task(services, add_worker(services, "farm-2")).task.job_id == comp.id
    action = {
        "type": "jobs",
        "ids": [render.id],
        "params": {"max_running_tasks": -1, "hosts_mask": "farm-.*"},
    }
    assert protocol.action(services, {"action": action})[0] == 200
    assert assignment.schedule_task(services, add_worker(services, "laptop")).task.job_id == comp.id
    assert assignment.schedule_task(services, add_worker(services, "farm-3")).task.job_id == render.id


def test_job_params_store_limits_masks_and_life(services, sent, clock):
    worker = add_worker(services)
    render = job(services, "render", count=2)
    comp = job(services, "comp", count=2)
    claim_job(services, worker)
    action = {"type": "jobs", "ids": [render.id], "params": {"max_running_tasks": 1, "hosts_mask": "farm-.*"}}
    assert protocol.action(services, {"action": action})[0] == 200
    stored = rows.execute(
        "SELECT max_running, running, controls FROM job WHERE id = ?", [render.id]
    ).fetchone()
    assert stored[0] == 1 and stored[1] == 1 and '"hosts_mask":"farm-.*"' in stored[2].replace(" ", "")

    params = {"depend_mask": "render", "annotation": "waits for the render"}
    assert protocol.action(services, {"type": "jobs", "ids": [comp.id], "params": params})[0] == 200
    assert waiting(comp) and gates(comp) == [1, 1]
    assert job_store.get_job(comp.uuid).metadata["annotation"] == "waits for the render"
    assert (
        protocol.action(services, {"type": "jobs", "ids": [comp.id], "params": {"depend_mask": ""}})[0] == 200
    )
    assert not waiting(comp) and gates(comp) == [0, 0]

    later = int((clock.now + timedelta(hours=1)).replace(tzinfo=UTC).timestamp())
    params = {"time_wait": later, "time_life": 3600}
    assert protocol.action(services, {"type": "jobs", "ids": [comp.id], "params": params})[0] == 200
    life = life_store.life_of(comp.id)
    assert gates(comp) == [1, 1] and life.time_life_s == 3600
    (listed,) = protocol.get(services, {"type": "jobs", "ids": [comp.id]})[1]["jobs"]
    assert listed["state"] == "RDY WT" and listed["time_wait"] == later and listed["time_life"] == 3600
    assert protocol.action(services, {"type": "jobs", "ids": [comp.id], "params": {"time_wait": 0}})[0] == 200
    assert gates(comp) == [0, 0]

    refused = protocol.action(
        services, {"type": "jobs", "ids": [comp.id], "params": {"max_running_tasks": "many"}}
    )
    assert refused == (
        400,
        {"info": {"kind": "error", "text": "max_running_tasks must be an integer, not 'many'"}},
    )
    unknown = protocol.action(services, {"type": "jobs", "ids": [comp.id], "params": {"colour": "red"}})
    assert unknown == (400, {"info": {"kind": "error", "text": "Unknown operation: params colour"}})


def test_render_operations_and_params(services, sent):
    here = socket.gethostname().lower()
    worker = add_worker(services, here)
    render = job(services, "render", count=1)
    claim_job(services, worker)
    Cmd().renderEjectTasks()
    assert [t.status for t in tasks_of(render)] == ["queued"]
    Cmd().renderSetNimby()
    current = worker_store.get_worker(worker.uuid)
    assert current.status_requested == "asleep"
    assert rows.execute("SELECT nimby FROM worker WHERE id = ?", [worker.id]).fetchone()[0]
    Cmd().renderSetFree()
    assert worker_store.get_worker(worker.uuid).status_requested == ""  # awake already: request cancelled
    Cmd().renderSetNIMBY()
    assert worker_store.get_worker(worker.uuid).status_requested == "asleep"
    Cmd().renderExit()
    assert worker_store.get_worker(worker.uuid).status_requested == "offline"
    Cmd().renderEjectNotMyTasks()
    assert sent[-1][1] == (400, {"info": {"kind": "error", "text": "Unknown operation: eject_tasks_keep_my"}})
    status, _answer = protocol.action(
        services, {"type": "renders", "ids": [worker.id], "operation": {"type": "delete"}}
    )
    assert status == 200 and worker_store.all_workers() == []


def test_blocks_of_a_pipeline_job_are_answered_with_their_tasks(services, sent):
    """A job with stored blocks (what Afanasy submissions store) answers per block."""
    stored = job(services, "blocks", count=3)
    block_ids = []
    for index, name in enumerate(("render", "comp")):
        row = rows.execute(
            "INSERT INTO block (job_id, index_in_job, name, task_type, command, working_directory,"
            " frame_first, frame_last, frames_per_task)"
            " VALUES (?, ?, ?, ?, ?, '/shots', 1, 2, 1) RETURNING id",
            [stored.id, index, name, "generic", f"{name} @#@"],
        ).fetchone()
        block_ids.append(row[0])
    first, second, third = tasks_of(stored)
    for task, block_id in ((first, block_ids[1]), (second, block_ids[0]), (third, block_ids[0])):
        rows.execute("UPDATE task SET block_id = ? WHERE id = ?", [block_id, task.id])
    (listed,) = Cmd().getJobList([stored.id])
    assert [(b["name"], b["service"], b["tasks_num"], b["command"]) for b in listed["blocks"]] == [
        ("render", "generic", 2, "render @#@"),
        ("comp", "generic", 1, "comp @#@"),
    ]
    progress = Cmd().getJobProgress(stored.id)["progress"]
    assert [len(tasks) for tasks in progress] == [2, 1]  # in block order
