"""Blocks that wait for blocks, seen through the order in which workers get tasks (both databases).

``depend_mask``: a block waits until every matching block of its job is done; requeueing a task of
a done block makes it wait again. ``tasks_depend_mask``: each task waits only for the tasks of the
matching blocks that hold its frames.
"""

from __future__ import annotations

from typing import Any

from flamenco.store import rows

from .conftest import claim, complete


def _submit(client, blocks: list[dict[str, Any]]) -> str:
    answer = client.post(
        "/api/v3/afanasy", json={"job": {"name": "deps", "user_name": "u", "blocks": blocks}}
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["job_id"]


def _states(client, job_id: str) -> dict[str, tuple[str, int]]:
    blocks = client.get(f"/api/v3/jobs/{job_id}/blocks").json()["blocks"]
    return {b["name"]: (b["state"], b["blocks_waiting_on"]) for b in blocks}


def _block(name: str, first: int, last: int, **extra: Any) -> dict[str, Any]:
    return {"name": name, "frame_first": first, "frame_last": last, "command": "echo @#@", **extra}


def test_a_block_waits_for_whole_blocks_and_is_released_by_the_last_one(client, pipeline_worker):
    worker = pipeline_worker("w1")
    job_id = _submit(
        client,
        [_block("comp", 1, 2, depend_mask="render|sound"), _block("render", 1, 2), _block("sound", 1, 1)],
    )
    assert _states(client, job_id)["comp"] == ("WD", 2)
    order = []
    while (task := claim(client, worker)) is not None:
        order.append(_block_of(task))
        complete(client, worker, task)
    # Every render and sound task before any comp task, whatever the blocks' order in the job.
    assert order == ["render", "render", "sound", "comp", "comp"]
    assert _states(client, job_id) == {"comp": ("DON", 0), "render": ("DON", 0), "sound": ("DON", 0)}
    assert client.get(f"/api/v3/jobs/{job_id}").json()["status"] == "completed"


def _block_of(task: dict[str, Any]) -> str:
    sql = "SELECT block.name FROM task JOIN block ON block.id = task.block_id WHERE task.uuid = ?"
    return rows.execute(sql, [task["uuid"]]).fetchone()[0]


def test_requeueing_a_task_of_a_done_block_makes_its_dependants_wait_again(client, pipeline_worker):
    worker = pipeline_worker("w1")
    job_id = _submit(client, [_block("render", 1, 1), _block("comp", 1, 2, depend_mask="render")])
    render = claim(client, worker)
    complete(client, worker, render)
    assert _states(client, job_id)["comp"] == ("RDY", 0)
    first_comp = claim(client, worker)
    assert first_comp["name"] == "frame 1"
    # The render is redone while comp runs: comp's remaining task waits for it again.
    requeue = client.post(
        f"/api/v3/tasks/{render['uuid']}/setstatus", json={"status": "queued", "reason": "redo"}
    )
    assert requeue.status_code == 204, requeue.text
    assert _states(client, job_id)["comp"] == ("RUN WD", 1)
    complete(client, worker, first_comp)
    again = claim(client, worker)
    assert again["uuid"] == render["uuid"]  # not comp's frame 2
    assert claim(client, pipeline_worker("w2")) is None
    complete(client, worker, again)
    last = claim(client, worker)
    assert last["name"] == "frame 2"
    complete(client, worker, last)
    assert client.get(f"/api/v3/jobs/{job_id}").json()["status"] == "completed"


def test_a_requeued_job_waits_block_by_block_again(client, pipeline_worker):
    worker = pipeline_worker("w1")
    job_id = _submit(client, [_block("render", 1, 1), _block("comp", 1, 1, depend_mask="render")])
    for _ in range(2):
        complete(client, worker, claim(client, worker))
    assert client.get(f"/api/v3/jobs/{job_id}").json()["status"] == "completed"
    requeued = client.post(
        f"/api/v3/jobs/{job_id}/setstatus", json={"status": "requeueing", "reason": "again"}
    )
    assert requeued.status_code == 204, requeued.text
    assert _states(client, job_id)["comp"] == ("WD", 1)
    first = claim(client, worker)
    assert claim(client, pipeline_worker("w2")) is None  # comp waits while render runs
    complete(client, worker, first)
    assert claim(client, worker) is not None


def test_tasks_wait_only_for_the_tasks_holding_their_frames(client, pipeline_worker):
    w1, w2, w3 = pipeline_worker("w1"), pipeline_worker("w2"), pipeline_worker("w3")
    job_id = _submit(
        client,
        [_block("render", 1, 4), _block("comp", 1, 4, frames_per_task=2, tasks_depend_mask="render")],
    )
    first, second = claim(client, w1), claim(client, w2)
    assert (first["name"], second["name"]) == ("frame 1", "frame 2")
    complete(client, w1, first)
    complete(client, w2, second)
    third, fourth = claim(client, w1), claim(client, w2)
    assert (third["name"], fourth["name"]) == ("frame 3", "frame 4")
    # Frames 1-2 are rendered: comp's first task may run while frames 3-4 still render...
    comp = claim(client, w3)
    assert comp["name"] == "frame 1-2"
    complete(client, w3, comp)
    # ...its second waits for them.
    assert claim(client, w3) is None
    complete(client, w1, third)
    assert claim(client, w3) is None
    complete(client, w2, fourth)
    assert claim(client, w3)["name"] == "frame 3-4"
    blocks = client.get(f"/api/v3/jobs/{job_id}/blocks").json()["blocks"]
    assert blocks[1]["tasks_wait_for"] == ["render"] and blocks[1]["waits_for"] == []
