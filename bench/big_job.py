"""Huge jobs: how long the real Manager takes to store a 1,000,000-task job, and its memory.

Starts the real `flamenco-manager` (gunicorn + UvicornWorker, one server process), submits a job
over HTTP and measures, from `/proc`:

* the server's resident memory when idle, its peak while storing the job (the kernel's high-water
  mark, ``VmHWM``), and after the job is stored;
* the time from sending `submitJob` to its answer (the job is then stored and committed whole).

Beside it, in the same run, the same Manager stores a 10,000-task job of the same type first: the
baseline for the time per task, so a slower machine does not hide (or fake) a change that makes
storing tasks cost more per task as jobs grow.

    .venv/bin/python bench/big_job.py                               # SQLite, 1,000,000 independent tasks
    .venv/bin/python bench/big_job.py --database postgres
    .venv/bin/python bench/big_job.py --job render                  # 1,000,000 frames: render + video + move
    .venv/bin/python bench/big_job.py --tasks 200000                # quicker

Targets (printed, not asserted): stored in under 20 s, peak RSS under 600 MB, under 150 MB idle
and under 300 MB after the job is stored.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx

from dispatch import BENCH_DIR, Server, _children, _cpu_of, manager_server  # bench/ is on sys.path

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
MB = 1024 * 1024


def memory(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak) of a process, in bytes."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            found[name] = int(value.split()[0]) * 1024
    return found


def server_pids(server: Server) -> tuple[int, list[int]]:
    assert server.process is not None
    return server.process.pid, _children(server.process.pid)


def manager(database: str, workdir: Path) -> Server:
    server = manager_server(database, workdir, 1)
    server.args += ["--job-types-path", str(BENCH_DIR / "job_types")]  # for `bench-independent`
    return server


def job_body(kind: str, tasks: int) -> dict:
    if kind == "independent":
        return {
            "name": f"{tasks} tasks",
            "type": "bench-independent",
            "priority": 50,
            "settings": {"count": tasks},
        }
    settings = {
        "filepath": "/projects/shot/shot.blend",
        "render_output_path": "/render/shot/######",
        "frames": f"1-{tasks - 2}",  # plus the preview video and the move into place
        "chunk_size": 1,
        "fps": 24,
    }
    return {"name": f"{tasks} tasks", "type": "simple-blender-render", "priority": 50, "settings": settings}


def submit(server: Server, body: dict) -> float:
    started = time.perf_counter()
    answer = httpx.post(server.url + "/api/jobs", json=body, timeout=600)
    took = time.perf_counter() - started
    if answer.status_code != 200:
        raise RuntimeError(f"submitJob: {answer.status_code} {answer.text[:300]}")
    return took


@contextlib.contextmanager
def database_url(kind: str, workdir: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield str(workdir / "manager.sqlite")
        return
    import psycopg2

    name = f"flamenco_bench_big_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(PG_ADMIN)
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=1_000_000, help="tasks in the big job (1000000)")
    parser.add_argument(
        "--baseline-tasks", type=int, default=10_000, help="tasks in the baseline job (10000)"
    )
    parser.add_argument("--job", choices=["independent", "render"], default="independent")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--workdir", type=Path, help="for the database and the server log (default: temp dir)"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="flamenco-big-job-"))
    workdir.mkdir(parents=True, exist_ok=True)
    with database_url(args.database, workdir) as database, manager(database, workdir) as server:
        master, workers = server_pids(server)
        (worker,) = workers
        time.sleep(2)  # let start-up allocations settle
        idle = memory(worker)["VmRSS"]
        idle_total = idle + memory(master)["VmRSS"]
        print(f"{args.database}, {args.job} job; server process {worker}, idle RSS {idle / MB:.0f} MB")

        small = submit(server, job_body(args.job, args.baseline_tasks))
        print(f"baseline: {args.baseline_tasks:,} tasks stored in {small:.2f} s", flush=True)
        cpu_before, load_before = _cpu_of(worker), os.getloadavg()[0]
        big = submit(server, job_body(args.job, args.tasks))
        cpu = _cpu_of(worker) - cpu_before
        time.sleep(2)
        after = memory(worker)
        print(f"big job:  {args.tasks:,} tasks stored in {big:.1f} s, {cpu:.1f} s of the server's CPU")

    per_small, per_big = small / args.baseline_tasks * 1e6, big / args.tasks * 1e6
    print()
    print(f"{'':<32} {'measured':>10} {'target':>10}")
    print(f"{'store 1 task, baseline job':<32} {per_small:>8.1f} µs")
    print(f"{'store 1 task, big job':<32} {per_big:>8.1f} µs {'':>4} ratio {per_big / per_small:.2f}")
    print(f"{'big job stored in':<32} {big:>8.1f} s  {'< 20 s':>10}   (server CPU {cpu:.1f} s)")
    print(f"{'peak RSS':<32} {after['VmHWM'] / MB:>7.0f} MB {'< 600 MB':>10}")
    print(f"{'idle RSS':<32} {idle / MB:>7.0f} MB {'< 150 MB':>10}   (+ master: {idle_total / MB:.0f} MB)")
    print(f"{'RSS after the job is stored':<32} {after['VmRSS'] / MB:>7.0f} MB {'< 300 MB':>10}")
    print(f"load average before the big job: {load_before:.1f} on {os.cpu_count()} CPUs")
    print(f"server log: {server.log_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
