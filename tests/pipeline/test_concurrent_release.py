"""The last two tasks of a depended block finishing at the same moment still release the block
waiting for it: the second completion sees the first one (on PostgreSQL it waits for the first
transaction's lock on the block, then probes what that transaction committed)."""

from __future__ import annotations

import threading
import time

from flamenco.scheduler import pipeline
from flamenco.store import rows
from flamenco.store import tasks as task_store
from flamenco.store.db import write_transaction


def _task(job_id: int, block: str, index: int):
    sql = (
        "SELECT t.uuid FROM task t JOIN block b ON b.id = t.block_id WHERE t.job_id = ? AND b.name = ?"
        " ORDER BY t.index_in_job"
    )
    return task_store.get_task(rows.execute(sql, [job_id, block]).fetchall()[index][0])


def test_two_simultaneous_last_completions_release_the_waiting_block(services):
    document = {
        "job": {
            "user_name": "u",
            "blocks": [
                {"name": "render", "frame_first": 1, "frame_last": 2},
                {"name": "comp", "frame_first": 1, "frame_last": 3, "depend_mask": "render"},
            ],
        }
    }
    job = pipeline.submit(services, document).job
    now = services.clock()
    with write_transaction():
        for index in (0, 1):
            task_store.set_status(_task(job.id, "render", index), "active", now)
    first_done = threading.Event()
    errors: list[BaseException] = []

    def finish(index: int, hold: float) -> None:
        try:
            with write_transaction():
                task_store.set_status(
                    task_store.lock_task(_task(job.id, "render", index).uuid), "completed", now
                )
                first_done.set()
                time.sleep(hold)  # still uncommitted while the other completion runs
        except BaseException as error:  # reported by the test below
            errors.append(error)
            first_done.set()

    one = threading.Thread(target=finish, args=(0, 0.5))
    one.start()
    first_done.wait(10)
    two = threading.Thread(target=finish, args=(1, 0))
    two.start()
    one.join(20)
    two.join(20)
    assert not errors, errors
    (waiting,) = rows.execute(
        "SELECT blocks_waiting_on FROM block WHERE job_id = ? AND name = 'comp'", [job.id]
    ).fetchone()
    gated = rows.execute(
        "SELECT COUNT(*) FROM task t JOIN block b ON b.id = t.block_id"
        " WHERE b.name = 'comp' AND t.job_id = ? AND t.waiting_on > 0",
        [job.id],
    ).fetchone()[0]
    assert (waiting, gated) == (0, 0)
