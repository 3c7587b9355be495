"""A swarm of long-polling Workers: assignments per second, claim waits, and every task exactly once.

Why: a big farm is many Workers asking at once, each holding a `Prefer: wait=25` request open
while it has nothing to do. This seeds one job of ``--tasks`` tasks and ``--workers`` awake
workers with the Manager's own code, starts the real `flamenco-manager`, and runs the farm until
every task is done: each simulated Worker asks for a task (long-polling), "works" on it for
``--work`` seconds (±50 %), reports it completed, and asks again.

It prints assignments per second (from the first to the last assignment), the claim wait (from
sending scheduleTask to receiving a task; p50/p99, leaving out each worker's first claim: all
workers asking at the same moment at start-up is a burst, not the farm's steady state), the
number of 5xx answers and other errors, and checks that every task was handed out exactly once
and is completed in the database.

    .venv/bin/python bench/swarm.py                                  # 1,000 workers, 20,000 tasks
    .venv/bin/python bench/swarm.py --workers 200 --tasks 4000 --work 0.5
    .venv/bin/python bench/swarm.py --database postgresql://postgres@127.0.0.1/EMPTY_DB \\
        --server-workers 2 --redis-url redis://127.0.0.1:6379/0      # scale-out
    sudo .venv/bin/python bench/swarm.py --database postgresql://postgres@127.0.0.1/ANY_DB \\
        --redis-url redis://127.0.0.1:6379/0 --cpu-per-process 0.5 --compare-scale-out

``--cpu-per-process F`` puts each Manager server process in a cgroup of F cores of its own
(`cpu_budget.py`): on a small machine shared with the database, Redis and this load generator, a
second process otherwise gets no CPU of its own and cannot show what it brings on a farm where it
has a machine to itself. ``--compare-scale-out`` runs one process, then two, each on a fresh
database created beside ``--database`` (and dropped after), and prints the ratio.

Targets (issue 8), one process: >= 400 assignments/s, p99 claim wait < 1 s, zero 5xx, every task
exactly once. Printed, not asserted; `tests/e2e/test_swarm.py` asserts the correctness part.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import json
import os
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cpu_budget import BudgetUnavailable, CpuBudget, Usage
from dispatch import BIN_DIR, RawHTTP, Server, WorkerCredentials, _children, free_port, prepare

SECRET = "swarm-secret"
KEEP_ALIVE = 70.0  # seconds a client reuses an idle connection (the Manager closes it after 75)
BENCH_DIR = Path(__file__).resolve().parent


@dataclass
class Swarm:
    tasks: int
    assigned: Counter[str] = field(default_factory=Counter)
    waits: list[float] = field(default_factory=list)
    first: float = 0.0
    last: float = 0.0
    server_errors: int = 0
    other_errors: int = 0
    first_error: str = ""
    done: asyncio.Event = field(default_factory=asyncio.Event)
    owners: dict[str, set[str]] = field(default_factory=dict)  # task → workers it was given to
    completed: set[str] = field(default_factory=set)  # tasks reported completed (204)
    after_completion: int = 0  # tasks handed out again after their completion was acknowledged
    started: set[str] = field(default_factory=set)  # workers that got their first task

    def note_assignment(self, task_id: str, worker_id: str, wait: float) -> None:
        """A task handed out. The same worker may get its running task back (after a failed
        update, as Flamenco does); another worker getting it, or anyone after it completed, is
        a task handed out twice."""
        if task_id not in self.owners:
            if worker_id in self.started:  # a worker's first claim is the start-up burst's
                self.waits.append(wait)
            self.started.add(worker_id)
            self.owners[task_id] = set()
        if task_id in self.completed:
            self.after_completion += 1
        self.owners[task_id].add(worker_id)
        self.assigned[task_id] += 1
        self.first = self.first or time.monotonic()
        self.last = time.monotonic()

    def handed_out_twice(self) -> int:
        return sum(1 for workers in self.owners.values() if len(workers) > 1) + self.after_completion

    def note_error(self, text: str, *, server: bool) -> None:
        if server:
            self.server_errors += 1
        else:
            self.other_errors += 1
        self.first_error = self.first_error or text


def seed(database: str, storage: Path, *, tasks: int, workers: int) -> list[WorkerCredentials]:
    """One job of independent tasks and awake workers, made with the Manager's own code."""
    from flamenco.app import build_services
    from flamenco.config import load_config
    from flamenco.scheduler import jobs as job_scheduler
    from flamenco.scheduler import workers as protocol
    from flamenco.store import db as store_db

    config = load_config(
        environ={},
        overrides={
            "database": database,
            "shared_storage_path": storage / "seed-shared",
            "local_manager_storage_path": storage / "seed-storage",
            "job_types_path": BENCH_DIR / "job_types",
        },
    )
    services = build_services(config)
    body = {"name": "swarm", "type": "bench-independent", "priority": 50, "settings": {"count": tasks}}
    job_scheduler.submit_job(services, body)
    credentials = []
    for number in range(workers):
        name = f"swarm-{number:04d}"
        worker = protocol.register(
            services, secret=SECRET, name=name, platform="linux", task_types=["misc"], address="127.0.0.1"
        )
        protocol.sign_on(services, worker, name=name, task_types=["misc"], version="bench")
        protocol.state_changed(services, worker, "awake")
        token = base64.b64encode(f"{worker.uuid}:{SECRET}".encode()).decode()
        credentials.append(WorkerCredentials(worker.uuid, f"Basic {token}"))
    if not store_db.is_postgres():
        store_db.database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store_db.database.close()
    return credentials


def unfinished_tasks(database: str) -> int:
    """Tasks not completed, read from the database after the run."""
    from flamenco.store import db as store_db

    db = store_db.open_database(database)
    try:
        return db.execute_sql("SELECT COUNT(*) FROM task WHERE status <> 'completed'").fetchone()[0]
    finally:
        db.close()


async def worker_loop(
    url: str, worker: WorkerCredentials, swarm: Swarm, work: float, deadline: float
) -> None:
    http = RawHTTP(url)
    poll = {"Authorization": worker.header, "Prefer": "wait=25"}
    update = {"Authorization": worker.header, "Content-Type": "application/json"}
    completed = json.dumps({"taskStatus": "completed"}).encode()
    last_answer = time.monotonic()

    async def post(path: str, headers: dict[str, str], body: bytes = b"") -> tuple[int, bytes]:
        """As an HTTP client does: a connection idle past the server's keep-alive (the Manager: 75 s)
        is not reused."""
        nonlocal last_answer
        if time.monotonic() - last_answer > KEEP_ALIVE:
            await http.close()
        answer = await http.post(path, headers, body)
        last_answer = time.monotonic()
        return answer

    try:
        while not swarm.done.is_set() and time.monotonic() < deadline:
            started = time.monotonic()
            try:
                status, body = await post("/api/worker/task", poll)
                if status == 204:
                    continue
                if status != 200:
                    swarm.note_error(f"scheduleTask {status}: {body[:200]!r}", server=status >= 500)
                    await asyncio.sleep(0.5)
                    continue
                now = time.monotonic()
                task_id = json.loads(body)["uuid"]
                swarm.note_assignment(task_id, worker.uuid, now - started)
                await asyncio.sleep(work * random.uniform(0.5, 1.5))
                status, body = await post(f"/api/worker/task/{task_id}", update, completed)
                if status != 204:
                    swarm.note_error(f"taskUpdate {status}: {body[:200]!r}", server=status >= 500)
                    continue
                swarm.completed.add(task_id)
                if len(swarm.completed) >= swarm.tasks:
                    swarm.done.set()
            except (OSError, asyncio.IncompleteReadError, ConnectionError, ValueError) as exc:
                swarm.note_error(f"{type(exc).__name__}: {exc}", server=False)
                await http.close()
                await asyncio.sleep(0.5)
    finally:
        await http.close()


async def run_swarm(
    url: str, workers: list[WorkerCredentials], tasks: int, work: float, timeout: float
) -> Swarm:
    """Until every task is completed (or the timeout). Then the workers still long-polling are
    stopped: each would hold its request for up to 25 s more, and that idle tail diluted the
    server's cores used (3,000 tasks at half a core: ~15 s of work, up to 25 s of tail)."""
    swarm = Swarm(tasks)
    deadline = time.monotonic() + timeout
    loops = asyncio.gather(*(worker_loop(url, w, swarm, work, deadline) for w in workers))
    finished = asyncio.ensure_future(swarm.done.wait())
    await asyncio.wait([loops, finished], return_when=asyncio.FIRST_COMPLETED)
    finished.cancel()
    loops.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await loops
    return swarm


def server_args(database: str, workdir: Path, port: int, server_workers: int, redis_url: str) -> list[str]:
    args = [
        str(BIN_DIR / "flamenco-manager"),
        "--listen", f"127.0.0.1:{port}",
        "--database", database,
        "--shared-storage-path", str(workdir / "manager-shared"),
        "--local-manager-storage-path", str(workdir / "manager-storage"),
        "--workers", str(server_workers),
    ]  # fmt: skip
    if redis_url:
        args += ["--redis-url", redis_url]
    return args


@dataclass(frozen=True)
class Row:
    """One run's headline numbers, for the scale-out comparison."""

    processes: int
    rate: float
    p50: float
    p99: float
    cpu_per_task: float  # seconds, all server processes
    cores: float  # server CPU seconds per wall second
    correct: bool


def worker_processes(server: Server, count: int, timeout: float = 60.0) -> list[int]:
    """gunicorn's worker processes (the server's children) once all ``count`` have forked: the
    server answering proves only one of them is up."""
    assert server.process is not None
    deadline = time.monotonic() + timeout
    while len(children := _children(server.process.pid)) < count:
        if time.monotonic() > deadline:
            raise RuntimeError(f"{len(children)} of {count} server processes started: see {server.log_path}")
        time.sleep(0.1)
    return children


def run_farm(args: argparse.Namespace, database: str, processes: int, workdir: Path) -> Row:
    """Seed, start the Manager (each process in its CPU budget if asked), run the swarm, report."""
    workdir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    workers = seed(database, workdir, tasks=args.tasks, workers=args.workers)
    print(f"seeded {args.tasks} tasks and {args.workers} workers in {time.monotonic() - started:.1f} s")

    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLAMENCO_")}
    command = server_args(database, workdir, port, processes, args.redis_url)
    budget = CpuBudget(args.cpu_per_process) if args.cpu_per_process else None
    with budget or contextlib.nullcontext(), Server("manager", command, env, workdir, port) as server:
        if budget:
            for pid in worker_processes(server, processes):
                budget.limit(pid)
        usage_before = budget.usage() if budget else {}
        cpu_before, wall_before, client_before = server.cpu_seconds(), time.monotonic(), time.process_time()
        swarm = asyncio.run(run_swarm(server.url, workers, args.tasks, args.work, args.timeout))
        cpu = server.cpu_seconds() - cpu_before
        wall = time.monotonic() - wall_before
        client_cores = (time.process_time() - client_before) / wall
        usage = {pid: (usage_before[pid], after) for pid, after in budget.usage().items()} if budget else {}
    unfinished = unfinished_tasks(database)
    row = report(args, database, processes, swarm, unfinished, cpu, wall)
    if budget:
        report_budget(budget, usage, wall)
    print(f"load generator CPU {client_cores:8.2f} cores (near 1: the client, not the server, sets the pace)")
    print(f"database and server log: {workdir}")
    return row


def report(
    args: argparse.Namespace,
    database: str,
    processes: int,
    swarm: Swarm,
    unfinished: int,
    cpu: float,
    wall: float,
) -> Row:
    handed_out = sum(swarm.assigned.values())
    twice = swarm.handed_out_twice()
    span = swarm.last - swarm.first
    rate = len(swarm.assigned) / span if span else float("nan")
    waits = sorted(swarm.waits) or [0.0]
    p99 = waits[max(0, int(len(waits) * 0.99) - 1)]
    print(
        f"\n{args.workers} long-polling workers, {processes} Manager process(es),"
        f" {'PostgreSQL' if database.startswith('postgres') else 'SQLite'}, {args.work:g} s per task"
    )
    print(f"assignments/s      {rate:8.0f}")
    print(f"claim wait p50     {statistics.median(waits) * 1000:8.0f} ms")
    print(f"claim wait p99     {p99 * 1000:8.0f} ms")
    print(f"5xx answers        {swarm.server_errors:8d}")
    print(f"other errors       {swarm.other_errors:8d}   {swarm.first_error}")
    print(
        f"tasks handed out   {len(swarm.assigned):8d} of {args.tasks}"
        f" ({handed_out} assignments, {twice} twice)"
    )
    print(f"not completed      {unfinished:8d}   (in the database after the run)")
    cpu_per_task = cpu / max(1, handed_out)
    print(f"server CPU         {1000 * cpu_per_task:8.2f} ms per task ({cpu / wall:.2f} cores)")
    print(f"machine: {os.cpu_count()} CPUs, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        "targets (one process): >= 400 assignments/s, p99 claim wait < 1 s, zero 5xx, every task exactly once"
    )
    correct = twice == 0 and unfinished == 0 and len(swarm.assigned) == args.tasks and not swarm.server_errors
    return Row(processes, rate, statistics.median(waits), p99, cpu_per_task, cpu / wall, correct)


def report_budget(budget: CpuBudget, usage: dict[int, tuple[Usage, Usage]], wall: float) -> None:
    """Per process: the cores it used of its budget, and how often it was held back at its quota
    (near 100 % of periods: the budget, not the work, set its pace)."""
    print(
        f"CPU budget         {budget.cores:8.2f} cores per Manager process (cgroup {budget.cgroup.version};"
        " the database, Redis and this load generator are not limited)"
    )
    for pid, (before, after) in usage.items():
        periods = after.periods - before.periods
        throttled = after.throttled_periods - before.throttled_periods
        print(
            f"  process {pid:<8} {(after.cpu_seconds - before.cpu_seconds) / wall:6.2f} cores used,"
            f" at its quota in {100 * throttled / max(1, periods):3.0f} % of {periods} periods"
        )


@contextlib.contextmanager
def fresh_postgres(url: str, suffix: str) -> Iterator[str]:
    """A new, empty database beside the one ``url`` names, dropped afterwards: both runs of the
    scale-out comparison start from the same empty schema and are seeded alike."""
    import psycopg2

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/')}_{suffix}"
    drop = f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
    admin = psycopg2.connect(url)
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(drop)
            cursor.execute(f'CREATE DATABASE "{name}"')
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with admin.cursor() as cursor:
            cursor.execute(drop)
        admin.close()


def compare_scale_out(args: argparse.Namespace, workdir: Path) -> bool:
    """One process, then two, each on a fresh database; both rows and their ratio (issue 8)."""
    rows = []
    for processes in (1, 2):
        print(f"\n=== {processes} Manager process(es) ===")
        with fresh_postgres(args.database, f"swarm_{processes}p") as database:
            rows.append(run_farm(args, database, processes, workdir / f"{processes}-processes"))
    budget = f"{args.cpu_per_process:g} cores each" if args.cpu_per_process else "no CPU budget"
    print(f"\nscale-out, PostgreSQL + Redis, {args.workers} workers, {args.tasks} tasks, {budget}:")
    print(f"{'processes':>9} {'assign/s':>9} {'p50 ms':>7} {'p99 ms':>7}", end="")
    print(f" {'CPU/task ms':>12} {'cores':>6} {'correct':>8}")
    for row in rows:
        print(
            f"{row.processes:>9} {row.rate:>9.0f} {row.p50 * 1000:>7.0f} {row.p99 * 1000:>7.0f}"
            f" {row.cpu_per_task * 1000:>12.2f} {row.cores:>6.2f} {'yes' if row.correct else 'NO':>8}"
        )
    print(f"two / one = {rows[1].rate / rows[0].rate:.2f}x   (target >= 1.5x)")
    return all(row.correct for row in rows)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=1000)
    parser.add_argument("--tasks", type=int, default=20_000)
    parser.add_argument("--work", type=float, default=2.0, help="seconds a task takes, on average (2)")
    parser.add_argument("--database", help="database URL (default: SQLite in the work directory)")
    parser.add_argument("--server-workers", type=int, default=1, help="Manager processes (default 1)")
    parser.add_argument("--redis-url", default="", help="for several Manager processes")
    parser.add_argument("--timeout", type=float, default=600.0, help="give up after this many seconds")
    parser.add_argument("--workdir", type=Path, help="for the database and server log (default: temp dir)")
    parser.add_argument(
        "--cpu-per-process", type=float, metavar="F",
        help="each Manager process in a cgroup of F cores, as if on a machine of its own (root only)",
    )  # fmt: skip
    parser.add_argument(
        "--compare-scale-out", action="store_true",
        help="one process, then two, on fresh databases beside --database (PostgreSQL + --redis-url)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if args.compare_scale_out and not (str(args.database).startswith("postgres") and args.redis_url):
        parser.error("--compare-scale-out needs --database postgresql://... and --redis-url")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.cpu_per_process is not None:
        try:
            CpuBudget(args.cpu_per_process).check()
        except BudgetUnavailable as exc:
            print(f"swarm.py: {exc}", file=sys.stderr)
            return 2
    workdir = prepare(args.workdir, "flamenco-swarm-")
    if args.compare_scale_out:
        return 0 if compare_scale_out(args, workdir) else 1
    database = args.database or str(workdir / "swarm.sqlite")
    return 0 if run_farm(args, database, args.server_workers, workdir).correct else 1


if __name__ == "__main__":
    sys.exit(main())
