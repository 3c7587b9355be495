"""Deleting a huge job: how long the job deleter takes, and the longest it holds the write lock.

In-process (no HTTP: the deletion runs in the background anyway): stores one job, marks it for
deletion and times `flamenco.scheduler.deletion.delete_pending`; each batch of tasks is its own
transaction, so the longest batch is how long workers and requests may wait for the write lock.

    .venv/bin/python bench/job_deletion.py                          # SQLite, 200,000 independent tasks
    .venv/bin/python bench/job_deletion.py --database postgres --job render --tasks 100000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg2

from flamenco.app import build_services
from flamenco.config import load_config
from flamenco.scheduler import deletion
from flamenco.scheduler import jobs as job_scheduler
from flamenco.store import deletion as deletion_store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from big_job import PG_ADMIN, job_body  # bench/ is on sys.path

BENCH_JOB_TYPES = Path(__file__).resolve().parent / "job_types"


def database_url(kind: str, workdir: Path) -> tuple[str, str | None]:
    if kind == "sqlite":
        return str(workdir / "flamenco.sqlite"), None
    name = f"bench_deletion_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(PG_ADMIN)
    admin.autocommit = True
    admin.cursor().execute(f"CREATE DATABASE {name}")
    admin.close()
    return f"postgresql://postgres@127.0.0.1:5432/{name}", name


def drop(name: str | None) -> None:
    if name is None:
        return
    from flamenco.store.db import database

    database.close()
    admin = psycopg2.connect(PG_ADMIN)
    admin.autocommit = True
    admin.cursor().execute(f"DROP DATABASE {name} WITH (FORCE)")
    admin.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--job", choices=["independent", "render"], default="independent")
    parser.add_argument("--tasks", type=int, default=200_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        url, pg_name = database_url(args.database, workdir)
        try:
            config = load_config(
                environ={},
                overrides={
                    "database": url,
                    "shared_storage_path": workdir / "shared",
                    "local_manager_storage_path": workdir / "storage",
                    "job_types_path": BENCH_JOB_TYPES,
                },
            )
            svc = build_services(config)
            job = job_scheduler.submit_job(svc, job_body(args.job, args.tasks))
            batches: list[float] = []
            original = deletion_store.write_transaction

            class Timed:
                def __enter__(self):
                    self.context = original()
                    self.start = time.perf_counter()
                    return self.context.__enter__()

                def __exit__(self, *exc):
                    result = self.context.__exit__(*exc)
                    batches.append(time.perf_counter() - self.start)
                    return result

            deletion_store.write_transaction = Timed  # time each transaction of the deletion
            deletion.request_job_deletion(svc, job.uuid)
            start = time.perf_counter()
            assert deletion.delete_pending(svc) == 1
            total = time.perf_counter() - start
            print(
                f"{args.database}, {args.job} job of {args.tasks:,} tasks: deleted in {total:.2f} s,"
                f" {len(batches)} transactions, longest {max(batches) * 1000:.0f} ms"
            )
        finally:
            drop(pg_name)


if __name__ == "__main__":
    main()
