#!/usr/bin/env python3
"""What a `/metrics` scrape costs on a big farm: the database figures, and the whole scrape.

Seeds a database (the Manager's own schema and indexes, rows by bulk SQL: building a million
tasks through the job compiler would take minutes and measure nothing more) with `--jobs` jobs
of `--tasks` tasks in all, in a farm's mix of statuses, and `--workers` workers. Then it times,
in this process, the three grouped status counts (`flamenco.store.farm.status_counts`) and a
whole scrape (`Metrics.render`) with the cache defeated, so every run queries the database.

    .venv/bin/python bench/metrics_scrape.py                                   # SQLite, 1M tasks
    .venv/bin/python bench/metrics_scrape.py --database postgresql://postgres@127.0.0.1/bench  # empty db
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import warnings
from pathlib import Path

# Farm-like mix: most tasks done, a queue, a few running or failed.
TASK_MIX = (("completed", 70), ("queued", 20), ("canceled", 4), ("active", 2), ("failed", 2), ("paused", 2))


def seed(*, jobs: int, tasks: int, workers: int) -> None:
    from flamenco.store.db import database, is_postgres
    from flamenco.store.models import Worker
    from flamenco.store.rows import execute

    numbers = (
        "generate_series(1, ?) AS n(i)"
        if is_postgres()
        else "(WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) SELECT i FROM n)"
    )
    bounds = [sum(share for _, share in TASK_MIX[: k + 1]) for k in range(len(TASK_MIX))]
    status = " ".join(
        f"WHEN i - i / 100 * 100 < {bound} THEN '{name}'"
        for bound, (name, _) in zip(bounds, TASK_MIX, strict=True)
    )
    with database.atomic():
        for number in range(jobs):
            execute(
                "INSERT INTO job (uuid, name, job_type, priority, status, activity, settings, metadata,"
                " created, updated) VALUES (?, ?, 'bench', 50, 'active', '', '{}', '{}', ?, ?)",
                [f"00000000-0000-4000-8000-{number:012d}", f"job {number}", "2026-01-01", "2026-01-01"],
            )
        for (job_id,) in execute("SELECT id FROM job").fetchall():
            execute(
                "INSERT INTO task (uuid, job_id, index_in_job, name, task_type, priority, job_priority,"
                " status, activity, commands, created, updated)"
                f" SELECT '{job_id:08d}-' || i, {job_id}, i, 'task ' || i, 'misc', 50, 50,"
                f" CASE {status} END, '', '[]', '2026-01-01', '2026-01-01' FROM {numbers}",
                [tasks // jobs],
            )
        Worker.insert_many(
            [
                {
                    "uuid": f"10000000-0000-4000-8000-{n:012d}",
                    "name": f"w{n}",
                    "secret_hash": "",
                    "secret_salt": "",
                    "status": "awake",
                }
                for n in range(workers)
            ]
        ).execute()
    database.execute_sql("ANALYZE")


def timed(what: str, work, runs: int) -> None:
    took = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        took.append((time.perf_counter() - started) * 1000)
    print(f"{what:<34} first {took[0]:7.1f} ms   median {statistics.median(took[1:] or took):7.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="database URL (default: a fresh SQLite file)")
    parser.add_argument("--tasks", type=int, default=1_000_000)
    parser.add_argument("--jobs", type=int, default=100)
    parser.add_argument("--workers", type=int, default=200)
    parser.add_argument("--runs", type=int, default=6)
    args = parser.parse_args()
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from flamenco.app import build_services
    from flamenco.config import load_config
    from flamenco.metrics.registry import Metrics
    from flamenco.store import farm

    workdir = Path(tempfile.mkdtemp(prefix="metrics-bench-"))
    database = args.database or str(workdir / "bench.sqlite")
    config = load_config(
        environ={},
        overrides={
            "database": database,
            "shared_storage_path": workdir / "shared",
            "local_manager_storage_path": workdir / "storage",
        },
    )
    build_services(config)
    started = time.perf_counter()
    seed(jobs=args.jobs, tasks=args.tasks, workers=args.workers)
    print(
        f"seeded {args.tasks} tasks in {args.jobs} jobs, {args.workers} workers ({database})"
        f" in {time.perf_counter() - started:.1f} s"
    )
    timed("status counts (3 grouped queries)", farm.status_counts, args.runs)
    metrics = Metrics(farm_max_age=0.0)
    timed("whole scrape, uncached", metrics.render, args.runs)
    cached = Metrics()
    cached.render()
    timed("whole scrape, cached", cached.render, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
