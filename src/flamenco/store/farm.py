"""Farm-wide counts: jobs, tasks and workers by status, as monitoring reads them.

Three grouped queries over one snapshot (SQLite's transaction, PostgreSQL's repeatable read), so
the figures describe one moment (a job never counts as completed while its last task still counts
as active). The task
count is the expensive one: it reads every task row (no index holds all statuses in a smaller
form than the table's own rows). Measured by `bench/metrics_scrape.py` on 1,000,000 tasks; see
`docs/metrics.md` for the figures and why callers cache the result for a few seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

from flamenco.store.db import database, is_postgres


@dataclass(frozen=True)
class FarmCounts:
    jobs: dict[str, int]
    tasks: dict[str, int]
    workers: dict[str, int]


def _by_status(table: str) -> dict[str, int]:
    cursor = database.execute_sql(f"SELECT status, COUNT(*) FROM {table} GROUP BY status")
    return {status: count for status, count in cursor.fetchall()}


def status_counts() -> FarmCounts:
    with database.atomic():
        if is_postgres():
            database.execute_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        return FarmCounts(jobs=_by_status("job"), tasks=_by_status("task"), workers=_by_status("worker"))
