"""Claim latency: does handing out a task stay fast however much work is queued or waiting?

A claim must cost the same whether the farm holds 10,000 queued tasks or 1,000,000, and whether
100,000 tasks wait behind unfinished work or not (before `waiting_on`, those made every claim walk
them all: p99 3.3 s). Each scenario is measured beside its baseline in the same run, on a database
seeded with the Manager's own code, by claiming with the Manager's claim (one write transaction
each, as scheduleTask does):

* ``queued``: 1,000,000 queued tasks vs 10,000.
* ``gated``: 1,000 runnable tasks plus 100,000 tasks of a higher-priority job waiting behind its
  first task, which a worker is running, vs the same 1,000 runnable tasks alone.
* ``blocks``: 1,000 runnable tasks plus a higher-priority pipeline job (Afanasy's model, submitted
  with the Manager's own `flamenco.scheduler.pipeline.submit`) whose second block of 100,000 frames
  waits (``depend_mask``) for its first block, one task that a worker is running; vs the 1,000
  runnable tasks alone.
* ``frames``: the same with ``tasks_depend_mask``: each of the second block's 100,000 tasks waits
  for the first block's task holding its frame (10 tasks of 10,000 frames, all running); vs the
  same baseline.

    .venv/bin/python bench/claims.py                                  # SQLite, queued and gated
    .venv/bin/python bench/claims.py --scenario pipeline              # blocks and frames
    .venv/bin/python bench/claims.py --database postgres              # a scratch PostgreSQL database
    .venv/bin/python bench/claims.py --scenario gated --claims 500
    .venv/bin/python bench/claims.py --big 200000                     # a quicker "queued" run

Numbers are printed, not asserted (the target is within 1.5x of the baseline); they depend on
the machine, and other processes on it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import time
import uuid
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


@dataclass
class Latency:
    label: str
    tasks: str
    p50_ms: float
    p99_ms: float
    claims: int


@dataclass
class Farm:
    """One seeded database, its claiming worker, and the claim latencies measured on it."""

    label: str
    tasks: str
    database: Any  # the peewee database, bound while this farm is measured
    svc: Any
    claimer: Any
    latencies: list[float] = field(default_factory=list)

    def result(self) -> Latency:
        found = sorted(self.latencies)
        p99 = found[max(0, int(len(found) * 0.99) - 1)]
        return Latency(self.label, self.tasks, statistics.median(found) * 1000, p99 * 1000, len(found))


@contextlib.contextmanager
def scratch_database(kind: str, workdir: Path, name: str) -> Iterator[str]:
    """An empty database: an SQLite file, or a PostgreSQL database dropped afterwards."""
    if kind == "sqlite":
        yield str(workdir / f"{name}.sqlite")
        return
    import psycopg2

    db_name = f"flamenco_bench_{name}_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(PG_ADMIN)
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{db_name}"')
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{db_name}"
    finally:
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
        admin.close()


def services_for(database: str, workdir: Path):
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from flamenco.app import build_services
    from flamenco.config import load_config

    config = load_config(
        environ={},
        overrides={
            "database": database,
            "shared_storage_path": workdir / "shared",
            "local_manager_storage_path": workdir / "storage",
            "job_types_path": BENCH_DIR / "job_types",
        },
    )
    return build_services(config)


def worker(svc, name: str):
    from flamenco.scheduler import workers as protocol

    found = protocol.register(svc, secret="s", name=name, platform="linux", task_types=["misc"], address="")
    protocol.sign_on(svc, found, name=name, task_types=["misc"], version="bench")
    protocol.state_changed(svc, found, "awake")
    from flamenco.store import workers as worker_store

    return worker_store.get_worker(found.uuid)


WARMUP = 200  # unmeasured claims on each farm first, to warm the caches
BLOCK = 50  # claims on one farm before switching to the other


def farm(
    stack: contextlib.ExitStack, kind: str, workdir: Path, label: str, seed: Callable[[Any], str]
) -> Farm:
    from flamenco.store import db as store_db

    database = stack.enter_context(scratch_database(kind, workdir, label))
    svc = services_for(database, workdir / label)
    stack.callback(store_db.database.obj.close)
    started = time.monotonic()
    what = seed(svc)
    print(f"  {label}: seeded {what} in {time.monotonic() - started:.1f} s", flush=True)
    settle_disk()
    return Farm(label, what, store_db.database.obj, svc, worker(svc, f"claimer-{label}"))


def settle_disk() -> None:
    """Let the seeding's writes reach the disk, and PostgreSQL's autovacuum its work, first.

    Seeding 1,000,000 tasks leaves ~400 MB of dirty pages; the first fsync of a claim's commit (or
    of a checkpoint) would then wait for all of them, which measures the disk, not the claim. On
    PostgreSQL, autovacuum then visits the freshly filled table, on the same two cores as the
    claims; vacuuming first leaves it nothing to do during the measurement.
    """
    from flamenco.store.db import database, is_postgres

    if is_postgres():
        database.execute_sql("VACUUM (ANALYZE) task")
        database.execute_sql("CHECKPOINT")
    else:
        database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    os.sync()


def claim(farm: Farm, measured: bool) -> None:
    """One claim, in its own write transaction, as scheduleTask does."""
    from flamenco.store import tasks as task_store
    from flamenco.store.db import write_transaction

    started = time.perf_counter()
    with write_transaction():
        task = task_store.claim_runnable_task(farm.claimer, farm.svc.clock())
    if measured:
        farm.latencies.append(time.perf_counter() - started)
    if task is None:
        raise RuntimeError(f"{farm.label}: ran out of runnable tasks; seed more or claim less")


def measure(baseline: Farm, compared: Farm, claims: int) -> tuple[Latency, Latency]:
    """Claims on both farms in alternating blocks, so a busier moment of the machine (other
    processes share its cores) weighs on both alike."""
    from flamenco.store import db as store_db

    for number in range(WARMUP + claims):
        order = (baseline, compared) if number // BLOCK % 2 else (compared, baseline)
        for farm in order:
            store_db.bind(farm.database)
            claim(farm, measured=number >= WARMUP)
    return baseline.result(), compared.result()


def independent_tasks(count: int, priority: int = 50) -> Callable[[Any], str]:
    def seed(svc: Any) -> str:
        from flamenco.scheduler import jobs as job_scheduler

        body = {"name": f"{count} tasks", "type": "bench-independent", "priority": priority}
        job_scheduler.submit_job(svc, {**body, "settings": {"count": count}})
        return f"{count:,} queued"

    return seed


def gated_tasks(gated: int, runnable: int) -> Callable[[Any], str]:
    def seed(svc: Any) -> str:
        from flamenco.scheduler import assignment
        from flamenco.scheduler import jobs as job_scheduler

        if gated:
            # Flamenco's own test job: every sleep task waits for the echo task, which runs.
            body = {"name": "gated", "type": "echo-sleep-test", "priority": 60}
            settings = {"message": "m", "sleep_repeats": gated, "sleep_duration_seconds": 0}
            job_scheduler.submit_job(svc, {**body, "settings": settings})
            assert assignment.schedule_task(svc, worker(svc, "echo-runner")).task.name == "echo"
        independent_tasks(runnable)(svc)
        return f"{runnable:,} runnable" + (f" + {gated:,} gated" if gated else "")

    return seed


FIRST_BLOCK_TASKS = 10  # `frames`: the first block's tasks, each running on a worker of its own


def pipeline_tasks(waiting: int, runnable: int, mask: str) -> Callable[[Any], str]:
    """A pipeline job whose second block of ``waiting`` frames waits for its running first block
    (``mask``: ``depend_mask`` or ``tasks_depend_mask``), plus ``runnable`` independent tasks.

    The blocks' service is `misc`, a task type the claiming worker runs: waiting tasks must be kept
    out of its way by the wait itself, not by a task type it lacks.
    """

    def seed(svc: Any) -> str:
        from flamenco.scheduler import assignment, pipeline
        from flamenco.store import rows

        if mask == "depend_mask":
            first = {"frame_first": 1, "frame_last": 1}
            running = 1
        else:
            per_task = -(-waiting // FIRST_BLOCK_TASKS)
            first = {"frame_first": 1, "frame_last": waiting, "frames_per_task": per_task}
            running = FIRST_BLOCK_TASKS
        blocks = [
            {"name": "render", "service": "misc", "command": "render @#@", **first},
            {"name": "comp", "service": "misc", "command": "comp @#@", "frame_first": 1},
        ]
        blocks[1] |= {"frame_last": waiting, mask: "render"}
        # Priority 99 (Afanasy's default) is above the independent job's 50: its tasks come first.
        document = {"job": {"name": f"pipeline {mask}", "user_name": "bench", "blocks": blocks}}
        submitted = pipeline.submit(svc, document)
        assert submitted.tasks == running + waiting, submitted.tasks
        for number in range(running):
            task = assignment.schedule_task(svc, worker(svc, f"render-{number}")).task
            sql = "SELECT block.name FROM task JOIN block ON block.id = task.block_id WHERE task.uuid = ?"
            (block,) = rows.execute(sql, [task.uuid]).fetchone()
            assert block == "render", f"a runner got a task of block {block!r}, not of the first block"
        independent_tasks(runnable)(svc)
        return f"{runnable:,} runnable + {waiting:,} {'block' if mask == 'depend_mask' else 'frames'}"

    return seed


def pipeline_scenario(
    kind: str, workdir: Path, args: argparse.Namespace, mask: str
) -> tuple[Latency, Latency]:
    label = "blocks" if mask == "depend_mask" else "frames"
    with contextlib.ExitStack() as stack:
        baseline = farm(stack, kind, workdir, "baseline", gated_tasks(0, args.runnable))
        compared = farm(stack, kind, workdir, label, pipeline_tasks(args.gated, args.runnable, mask))
        measured = measure(baseline, compared, min(args.claims, args.runnable - WARMUP))
        check_none_claimed_waiting(compared)
        return measured


def check_none_claimed_waiting(farm: Farm) -> None:
    """A fast claim that handed out a waiting task would be a wrong one: none of the pipeline's
    waiting block may be running after the measured claims."""
    from flamenco.store import db as store_db
    from flamenco.store import rows

    store_db.bind(farm.database)
    sql = "SELECT COUNT(*) FROM task JOIN block ON block.id = task.block_id WHERE block.name = 'comp'"
    running = rows.execute(f"{sql} AND task.status <> 'queued'").fetchone()[0]
    if running:
        raise RuntimeError(f"{farm.label}: {running} tasks of the waiting block were claimed")


def queued_scenario(kind: str, workdir: Path, args: argparse.Namespace) -> tuple[Latency, Latency]:
    with contextlib.ExitStack() as stack:
        baseline = farm(stack, kind, workdir, "baseline", independent_tasks(args.small))
        compared = farm(stack, kind, workdir, "queued", independent_tasks(args.big))
        return measure(baseline, compared, args.claims)


def gated_scenario(kind: str, workdir: Path, args: argparse.Namespace) -> tuple[Latency, Latency]:
    with contextlib.ExitStack() as stack:
        baseline = farm(stack, kind, workdir, "baseline", gated_tasks(0, args.runnable))
        compared = farm(stack, kind, workdir, "gated", gated_tasks(args.gated, args.runnable))
        return measure(baseline, compared, min(args.claims, args.runnable - WARMUP))


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--scenario",
        choices=["both", "queued", "gated", "pipeline", "blocks", "frames", "all"],
        default="both",
        help="both: queued and gated; pipeline: blocks and frames; all: the four",
    )
    parser.add_argument("--claims", type=int, default=2000, help="claims per measurement (default 2000)")
    parser.add_argument("--small", type=int, default=10_000, help="queued tasks of the baseline (10000)")
    parser.add_argument("--big", type=int, default=1_000_000, help="queued tasks to compare (1000000)")
    parser.add_argument(
        "--gated",
        type=int,
        default=100_000,
        help="tasks waiting on unfinished work, also the waiting block's frames (100000)",
    )
    parser.add_argument(
        "--runnable", type=int, default=1000, help="runnable tasks beside them (default 1000)"
    )
    parser.add_argument("--workdir", type=Path, help="for the SQLite files (default: a temporary directory)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="flamenco-claims-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"claim latency on {args.database}, {args.claims} claims per measurement")
    table = []
    if args.scenario in ("both", "all", "queued"):
        table.append(queued_scenario(args.database, workdir, args))
    if args.scenario in ("both", "all", "gated"):
        table.append(gated_scenario(args.database, workdir, args))
    if args.scenario in ("pipeline", "all", "blocks"):
        table.append(pipeline_scenario(args.database, workdir, args, "depend_mask"))
    if args.scenario in ("pipeline", "all", "frames"):
        table.append(pipeline_scenario(args.database, workdir, args, "tasks_depend_mask"))
    print()
    print(
        f"{'measurement':<12} {'tasks':<32} {'p50 ms':>8} {'p99 ms':>8} {'p50 ratio':>10} {'p99 ratio':>10}"
    )
    for baseline, compared in table:
        for result in (baseline, compared):
            ratios = (
                f"{result.p50_ms / baseline.p50_ms:>10.2f} {result.p99_ms / baseline.p99_ms:>10.2f}"
                if result is compared
                else ""
            )
            print(
                f"{result.label:<12} {result.tasks:<32} {result.p50_ms:>8.2f} {result.p99_ms:>8.2f} {ratios}"
            )
    print("\ntarget: each ratio within 1.5 of its baseline")
    return 0


if __name__ == "__main__":
    sys.exit(main())
