"""Tasks wait for their prerequisites, whatever path changes a prerequisite's completion.

Each task counts its prerequisites that are not completed (`waiting_on`), and only tasks whose
count is zero are in the scheduler's index. Every scenario below checks, after each step, that
every count still equals what the dependency rows say, besides what a worker gets.
"""

from __future__ import annotations

from flamenco.scheduler import assignment, task_updates
from flamenco.scheduler import workers as protocol
from flamenco.scheduler.jobs import set_job_status
from flamenco.scheduler.task_updates import set_task_status
from flamenco.scheduler.timeouts import check_timeouts
from flamenco.store import jobs as job_store
from flamenco.store import rows
from tests.factories import add_worker, graph_job, tasks_of

FAN = "a; b1<a; b2<a; b3<a; c<b1,b2,b3; d<c"


def waiting(job) -> dict[str, int]:
    """Task name → its `waiting_on`, after checking every count against the dependency rows."""
    sql = (
        "SELECT t.name, t.waiting_on, (SELECT COUNT(*) FROM task_dependency AS dep"
        " JOIN task AS p ON p.id = dep.depends_on_id WHERE dep.task_id = t.id AND p.status <> 'completed')"
        " FROM task AS t WHERE t.job_id = ? ORDER BY t.index_in_job"
    )
    found = rows.execute(sql, [job.id]).fetchall()
    wrong = {name: (stored, actual) for name, stored, actual in found if stored != actual}
    assert not wrong, f"waiting_on (stored, actual) is off for {wrong}"
    return {name: stored for name, stored, _ in found}


def status(job) -> str:
    return job_store.get_job(job.uuid).status


def by_name(job) -> dict[str, str]:
    return {t.name: t.status for t in tasks_of(job)}


def claim(svc, worker) -> str | None:
    task = assignment.schedule_task(svc, worker)
    return None if task is None else task.task.name


def complete(svc, worker, name: str, job) -> None:
    uuid = next(t.uuid for t in tasks_of(job) if t.name == name)
    task_updates.task_update(svc, worker, uuid, status="completed")


def uuid_of(job, name: str) -> str:
    return next(t.uuid for t in tasks_of(job) if t.name == name)


def test_fan_out_and_fan_in_release_tasks_in_dependency_order(services):
    workers = [add_worker(services, f"w{n}") for n in range(3)]
    job = graph_job(services, FAN)
    assert waiting(job) == {"a": 0, "b1": 1, "b2": 1, "b3": 1, "c": 3, "d": 1}
    assert claim(services, workers[0]) == "a"
    assert claim(services, workers[1]) is None  # everything else waits on a
    complete(services, workers[0], "a", job)
    assert waiting(job) == {"a": 0, "b1": 0, "b2": 0, "b3": 0, "c": 3, "d": 1}
    assert sorted(claim(services, w) for w in workers) == ["b1", "b2", "b3"]
    complete(services, workers[0], "b1", job)
    complete(services, workers[1], "b2", job)
    assert waiting(job)["c"] == 1
    assert claim(services, workers[0]) is None  # c still waits on b3
    complete(services, workers[2], "b3", job)
    assert claim(services, workers[0]) == "c"
    assert claim(services, workers[1]) is None
    complete(services, workers[0], "c", job)
    assert claim(services, workers[1]) == "d"
    complete(services, workers[1], "d", job)
    assert status(job) == "completed"
    assert waiting(job) == dict.fromkeys(["a", "b1", "b2", "b3", "c", "d"], 0)


def test_requeueing_a_completed_prerequisite_gates_its_dependents_again(services):
    worker, other = add_worker(services, "w1"), add_worker(services, "w2")
    job = graph_job(services, "a; b<a; c<b")
    complete(services, worker, claim(services, worker), job)
    assert waiting(job) == {"a": 0, "b": 0, "c": 1}
    set_task_status(services, uuid_of(job, "a"), "queued", "render a again")
    assert waiting(job) == {"a": 0, "b": 1, "c": 1}
    assert claim(services, other) == "a"  # not b: it waits on a again
    assert claim(services, worker) is None
    complete(services, other, "a", job)
    assert claim(services, worker) == "b"


def test_a_dependent_already_running_keeps_running_and_counts_stay_right(services):
    worker, other = add_worker(services, "w1"), add_worker(services, "w2")
    job = graph_job(services, "a; b<a; c<a,b")
    complete(services, worker, claim(services, worker), job)
    assert claim(services, worker) == "b"  # running while a is requeued
    set_task_status(services, uuid_of(job, "a"), "queued", "again")
    assert waiting(job) == {"a": 0, "b": 1, "c": 2}
    complete(services, worker, "b", job)
    assert waiting(job) == {"a": 0, "b": 1, "c": 1}
    assert claim(services, other) == "a"
    complete(services, other, "a", job)
    assert waiting(job) == {"a": 0, "b": 0, "c": 0}
    assert claim(services, other) == "c"


def test_requeueing_a_completed_job_gates_every_dependent_again(services):
    worker = add_worker(services)
    job = graph_job(services, FAN)
    while (name := claim(services, worker)) is not None:
        complete(services, worker, name, job)
    assert status(job) == "completed"
    set_job_status(services, job.uuid, "requeueing", "new scene")
    assert status(job) == "queued"
    assert waiting(job) == {"a": 0, "b1": 1, "b2": 1, "b3": 1, "c": 3, "d": 1}
    order = []
    while (name := claim(services, worker)) is not None:
        order.append(name)
        complete(services, worker, name, job)
    assert order == ["a", "b1", "b2", "b3", "c", "d"]


def test_cancel_then_requeue_keeps_completed_prerequisites_released(services):
    worker = add_worker(services)
    job = graph_job(services, FAN)
    complete(services, worker, claim(services, worker), job)  # a
    assert claim(services, worker) == "b1"
    set_job_status(services, job.uuid, "cancel-requested", "wrong camera")
    assert status(job) == "canceled"
    assert by_name(job) == {"a": "completed", **dict.fromkeys(["b1", "b2", "b3", "c", "d"], "canceled")}
    assert waiting(job) == {"a": 0, "b1": 0, "b2": 0, "b3": 0, "c": 3, "d": 1}
    set_job_status(services, job.uuid, "requeueing", "right camera")
    assert by_name(job)["a"] == "completed"
    assert sorted(
        claim(services, w) for w in [worker, add_worker(services, "w2"), add_worker(services, "w3")]
    ) == [
        "b1",
        "b2",
        "b3",
    ]
    waiting(job)


def test_canceling_a_single_prerequisite_holds_its_dependents_until_requeued(services):
    worker = add_worker(services)
    job = graph_job(services, "a; b<a")
    set_task_status(services, uuid_of(job, "a"), "canceled", "not now")
    assert claim(services, worker) is None
    assert status(job) == "active"  # b still waits: the job is not done
    assert waiting(job) == {"a": 0, "b": 1}
    set_task_status(services, uuid_of(job, "a"), "queued", "now")
    assert claim(services, worker) == "a"


def test_a_failed_prerequisite_fails_the_job_and_a_requeue_runs_it_and_its_dependents(services):
    services.config.task_fail_after_softfail_count = 1
    worker = add_worker(services)
    job = graph_job(services, FAN)
    complete(services, worker, claim(services, worker), job)  # a
    assert claim(services, worker) == "b1"
    task_updates.task_update(services, worker, uuid_of(job, "b1"), status="failed")
    assert status(job) == "failed"  # 1 of 6 is over 10 %
    assert by_name(job) == {
        "a": "completed",
        "b1": "failed",
        **dict.fromkeys(["b2", "b3", "c", "d"], "canceled"),
    }
    assert waiting(job)["c"] == 3
    set_job_status(services, job.uuid, "requeueing", "fixed")
    order = []
    while (name := claim(services, worker)) is not None:
        order.append(name)
        complete(services, worker, name, job)
    assert order == ["b1", "b2", "b3", "c", "d"]
    assert status(job) == "completed"


def test_a_soft_failed_prerequisite_still_holds_its_dependents(services):
    worker, other = add_worker(services, "w1"), add_worker(services, "w2")
    job = graph_job(services, "a; b<a")
    assert claim(services, worker) == "a"
    task_updates.task_update(services, worker, uuid_of(job, "a"), status="failed")
    assert by_name(job)["a"] == "soft-failed"
    assert claim(services, worker) is None  # may not retry what it failed; b waits
    assert claim(services, other) == "a"
    complete(services, other, "a", job)
    assert claim(services, worker) == "b"


def test_a_lost_worker_requeues_its_prerequisite_without_releasing_dependents(services):
    worker, other = add_worker(services, "w1"), add_worker(services, "w2")
    job = graph_job(services, "a; b<a")
    assert claim(services, worker) == "a"
    protocol.sign_off(services, worker)
    assert waiting(job) == {"a": 0, "b": 1}
    assert claim(services, other) == "a"
    services.clock.advance(minutes=2)
    assert check_timeouts(services) == (0, 1)  # the second worker went silent too
    assert by_name(job) == {"a": "queued", "b": "queued"}
    assert waiting(job) == {"a": 0, "b": 1}


def test_pausing_and_resuming_keeps_the_gates(services):
    worker = add_worker(services)
    job = graph_job(services, "a; b<a; c")
    set_job_status(services, job.uuid, "paused", "review")
    set_job_status(services, job.uuid, "queued", "go")
    assert waiting(job) == {"a": 0, "b": 1, "c": 0}
    assert [claim(services, worker), claim(services, add_worker(services, "w2"))] == ["a", "c"]
