"""Jobs' completed-step counts moved in batches (PostgreSQL): the SQL behind
`flamenco.scheduler.job_steps`, which gathers the deltas of many task reports into one write.
"""

from __future__ import annotations

from collections.abc import Mapping

from flamenco.store import rows
from flamenco.store.db import database, write_transaction


def add_to_jobs(deltas: Mapping[int, int]) -> list[tuple[int, str]]:
    """Move each job's ``steps_completed`` by its delta, kept within 0..``steps_total``, in one
    transaction of one statement; returns (id, UUID) of the jobs moved. Deleted jobs are skipped.

    Why the rows are locked first, in id order: two processes flushing the same jobs would
    otherwise lock them in whatever order each plan visits them and could deadlock. Every row the
    UPDATE writes is joined to ``locked``, so it was locked there (in id order) before it is written.
    Why clamped: the count is a progress display, and a requeue that recounts while a delta is on
    its way (`flamenco.scheduler.job_steps`) must not leave it below nothing or beyond the total.
    """
    if database.in_transaction():
        raise RuntimeError("job step deltas are written in a transaction of their own, not the caller's")
    moved = [(job_id, delta) for job_id, delta in sorted(deltas.items()) if delta]
    if not moved:
        return []
    values = ", ".join("(?, ?)" for _ in moved)
    sql = (
        f"WITH v (id, d) AS (VALUES {values}),"
        " locked AS MATERIALIZED"
        " (SELECT job.id, v.d FROM job JOIN v ON v.id = job.id ORDER BY job.id FOR UPDATE OF job)"
        " UPDATE job SET steps_completed ="
        " LEAST(GREATEST(job.steps_completed + locked.d, 0), job.steps_total)"
        " FROM locked WHERE job.id = locked.id"
        " RETURNING job.id, job.uuid"
    )
    params = [number for pair in moved for number in pair]
    with write_transaction():
        return [(row[0], row[1]) for row in rows.execute(sql, params).fetchall()]
