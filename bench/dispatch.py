"""Task dispatch throughput: scheduleTask assignments per second with many polling Workers.

Why: a farm's useful speed is how fast idle Workers get their next task. This drives the real
Manager (`flamenco-manager`, gunicorn + UvicornWorker, SQLite, response validation off) with N
simulated Workers, each looping scheduleTask → taskUpdate(completed), and puts beside it a bare
Starlette app running the *same claim statement* on the same schema under the same server and the
same load (bench/baseline_app.py). The ratio says what the Manager's extra work costs (routing and
validation, the state machine, task logs, events); the baseline says what the stack can do at all.

    .venv/bin/python bench/dispatch.py                      # 100k tasks, 100 workers, 20 s each
    .venv/bin/python bench/dispatch.py --tasks 20000 --workers 50 --seconds 10
    .venv/bin/python bench/dispatch.py --job echo-sleep     # one echo task, then N-1 sleeps after it

Both servers get a copy of one seeded database, so they start from identical rows. Numbers are
printed, not asserted: they depend on the machine, and the client shares its CPUs.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import httpx  # only to poll for start-up; the load uses RawHTTP below

BENCH_DIR = Path(__file__).resolve().parent
BIN_DIR = Path(sys.executable).parent
SECRET = "bench-secret"


@dataclass(frozen=True)
class WorkerCredentials:
    uuid: str
    header: str  # the Authorization header value


@dataclass
class Stats:
    """Counts from all simulated workers; the driver snapshots them at the window's edges."""

    assignments: int = 0
    empty: int = 0
    errors: int = 0
    latencies: list[float] = field(default_factory=list)  # scheduleTask round trips in the window
    recording: bool = False
    first_error: str = ""


@dataclass
class Result:
    name: str
    rate: float
    assignments: int
    errors: int
    empty: int
    p50_ms: float
    p99_ms: float
    server_cpu: float  # CPU seconds per wall second, all server processes
    client_cpu: float  # the same for this load-generating process


# --- seeding -------------------------------------------------------------------------------------


def seed(path: Path, *, tasks: int, workers: int, job: str) -> list[WorkerCredentials]:
    """Create the database with the Manager's own code: one job of ``tasks`` tasks, awake workers."""
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from flamenco.app import build_services
    from flamenco.config import load_config
    from flamenco.scheduler import jobs as job_scheduler
    from flamenco.scheduler import workers as protocol
    from flamenco.store import db as store_db

    config = load_config(
        environ={},
        overrides={
            "database": str(path),
            "shared_storage_path": path.parent / "seed-shared",
            "local_manager_storage_path": path.parent / "seed-storage",
            "job_types_path": BENCH_DIR / "job_types",
        },
    )
    services = build_services(config)
    if job == "independent":
        body = {"name": "bench", "type": "bench-independent", "priority": 50, "settings": {"count": tasks}}
    else:
        body = {
            "name": "bench",
            "type": "echo-sleep-test",
            "priority": 50,
            "settings": {"message": "bench", "sleep_repeats": tasks - 1, "sleep_duration_seconds": 0},
        }
    job_scheduler.submit_job(services, body)
    credentials = []
    for number in range(workers):
        name = f"bench-{number:03d}"
        worker = protocol.register(
            services, secret=SECRET, name=name, platform="linux", task_types=["misc"], address="127.0.0.1"
        )
        protocol.sign_on(services, worker, name=name, task_types=["misc"], version="bench")
        protocol.state_changed(services, worker, "awake")
        token = base64.b64encode(f"{worker.uuid}:{SECRET}".encode()).decode()
        credentials.append(WorkerCredentials(worker.uuid, f"Basic {token}"))
    store_db.database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")  # so copying the main file is enough
    store_db.database.close()
    return credentials


# --- servers -------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """A server subprocess on a free loopback port, stopped with SIGTERM on exit."""

    def __init__(self, name: str, args: list[str], env: dict[str, str], cwd: Path, port: int) -> None:
        self.name, self.args, self.env, self.cwd = name, args, env, cwd
        self.url = f"http://127.0.0.1:{port}"
        self.log_path = cwd / f"{name}.log"
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(self.args, env=self.env, cwd=self.cwd, stdout=log, stderr=log)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited: see {self.log_path}")
            try:
                if httpx.get(self.url + "/api/version", timeout=5).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not start: see {self.log_path}")

    def __exit__(self, *_exc: object) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def cpu_seconds(self) -> float:
        """User+system CPU of the gunicorn master and its worker processes (Linux /proc)."""
        assert self.process is not None
        pids = [self.process.pid, *_children(self.process.pid)]
        return sum(_cpu_of(pid) for pid in pids)


def _children(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == parent:
                found.append(int(entry.name))
    return found


def _cpu_of(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def manager_server(database: Path, workdir: Path, server_workers: int) -> Server:
    port = free_port()
    args = [
        str(BIN_DIR / "flamenco-manager"),
        "--listen", f"127.0.0.1:{port}",
        "--database", str(database),
        "--shared-storage-path", str(workdir / "manager-shared"),
        "--local-manager-storage-path", str(workdir / "manager-storage"),
        "--workers", str(server_workers),
    ]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLAMENCO_")}
    return Server("manager", args, env, workdir, port)


def baseline_server(database: Path, workdir: Path, server_workers: int) -> Server:
    """The same gunicorn settings as `flamenco.cli.manager.ManagerServer`."""
    port = free_port()
    args = [
        sys.executable, "-m", "gunicorn",
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(server_workers),
        "--worker-class", "uvicorn_worker.UvicornWorker",
        "--timeout", "120",
        "--graceful-timeout", "10",
        "--no-control-socket",
        "--chdir", str(BENCH_DIR),
        "baseline_app:app",
    ]  # fmt: skip
    env = {**os.environ, "BASELINE_DATABASE": str(database)}
    return Server("baseline", args, env, workdir, port)


# --- load ----------------------------------------------------------------------------------------


class RawHTTP:
    """A minimal HTTP/1.1 keep-alive client: one connection, one request at a time.

    Why not httpx: with 100 connections in one process its per-request overhead made the
    *client* the bottleneck (it used a whole core to drive ~200 req/s here), which would cap both
    servers at the same rate and hide the difference being measured. This client only has to
    parse uvicorn's replies (status line, headers, Content-Length or chunked body).
    """

    def __init__(self, url: str) -> None:
        host, _, port = url.removeprefix("http://").partition(":")
        self.host, self.port = host, int(port)
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, path: str, headers: dict[str, str], body: bytes = b"") -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        head = [f"POST {path} HTTP/1.1", f"Host: {self.host}:{self.port}", f"Content-Length: {len(body)}"]
        head += [f"{name}: {value}" for name, value in headers.items()]
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        status_line = await self.reader.readline()
        if not status_line:
            await self.close()
            raise ConnectionError("server closed the connection")
        status = int(status_line.split()[1])
        length, chunked, close = 0, False, False
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding":
                chunked = b"chunked" in value.lower()
            elif name == b"connection":
                close = b"close" in value.lower()
        data = await self._chunked() if chunked else await self.reader.readexactly(length)
        if close:
            await self.close()
        return status, data

    async def _chunked(self) -> bytes:
        assert self.reader is not None
        parts = []
        while size := int((await self.reader.readline()).split(b";")[0], 16):
            parts.append(await self.reader.readexactly(size))
            await self.reader.readline()
        await self.reader.readline()
        return b"".join(parts)

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.reader = self.writer = None


async def simulated_worker(url: str, worker: WorkerCredentials, stats: Stats, stop: float) -> None:
    """One Worker: ask for a task, report it done at once, repeat; back off briefly when idle."""
    http = RawHTTP(url)
    headers = {"Authorization": worker.header}
    update_headers = {**headers, "Content-Type": "application/json"}
    completed = json.dumps({"taskStatus": "completed"}).encode()
    try:
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                status, body = await http.post("/api/worker/task", headers)
                if status == 204:
                    stats.empty += 1
                    await asyncio.sleep(0.5)
                    continue
                if status != 200:
                    raise RuntimeError(f"scheduleTask: {status} {body[:200]!r}")
                elapsed = time.perf_counter() - started
                task_id = json.loads(body)["uuid"]
                status, body = await http.post(f"/api/worker/task/{task_id}", update_headers, completed)
                if status != 204:
                    raise RuntimeError(f"taskUpdate: {status} {body[:200]!r}")
            except (OSError, asyncio.IncompleteReadError, RuntimeError) as exc:
                stats.errors += 1
                stats.first_error = stats.first_error or f"{type(exc).__name__}: {exc}"
                await http.close()
                await asyncio.sleep(0.1)
                continue
            stats.assignments += 1
            if stats.recording:
                stats.latencies.append(elapsed)
    finally:
        await http.close()


async def drive(server: Server, workers: list[WorkerCredentials], *, warmup: float, seconds: float) -> Result:
    stats = Stats()
    stop = time.monotonic() + warmup + seconds + 1
    tasks = [asyncio.create_task(simulated_worker(server.url, w, stats, stop)) for w in workers]
    await asyncio.sleep(warmup)
    before = (stats.assignments, stats.errors, stats.empty, time.monotonic(), time.process_time())
    server_before = server.cpu_seconds()
    stats.recording = True
    await asyncio.sleep(seconds)
    stats.recording = False
    after = (stats.assignments, stats.errors, stats.empty, time.monotonic(), time.process_time())
    server_after = server.cpu_seconds()
    await asyncio.gather(*tasks)
    wall = after[3] - before[3]
    latencies = sorted(stats.latencies) or [0.0]
    if stats.first_error:
        print(f"  {server.name}: first error: {stats.first_error}", file=sys.stderr)
    return Result(
        name=server.name,
        rate=(after[0] - before[0]) / wall,
        assignments=after[0] - before[0],
        errors=after[1] - before[1],
        empty=after[2] - before[2],
        p50_ms=statistics.median(latencies) * 1000,
        p99_ms=latencies[int(len(latencies) * 0.99) - 1 if len(latencies) > 1 else 0] * 1000,
        server_cpu=(server_after - server_before) / wall,
        client_cpu=(after[4] - before[4]) / wall,
    )


def run_one(
    name: str, seeded: Path, workdir: Path, workers: list[WorkerCredentials], args: argparse.Namespace
) -> Result:
    database = workdir / f"{name}.sqlite"
    for suffix in ("-wal", "-shm"):  # a reused --workdir: an old WAL would corrupt the fresh copy
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(seeded, database)
    make = manager_server if name == "manager" else baseline_server
    with make(database, workdir, args.server_workers) as server:
        print(f"{name}: {server.url}, {args.workers} workers, {args.warmup:g} s warm-up + {args.seconds:g} s")
        return asyncio.run(drive(server, workers, warmup=args.warmup, seconds=args.seconds))


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=100_000, help="queued tasks to seed (default 100000)")
    parser.add_argument("--workers", type=int, default=100, help="simulated polling workers (default 100)")
    parser.add_argument("--seconds", type=float, default=20.0, help="measured seconds per server (20)")
    parser.add_argument("--warmup", type=float, default=3.0, help="unmeasured seconds first (default 3)")
    parser.add_argument("--server-workers", type=int, default=1, help="gunicorn processes (default 1)")
    parser.add_argument(
        "--job", choices=["independent", "echo-sleep"], default="independent",
        help="independent tasks, or Flamenco's echo-sleep-test (every task depends on the first)",
    )  # fmt: skip
    parser.add_argument("--only", choices=["both", "manager", "baseline"], default="both")
    parser.add_argument("--workdir", type=Path, help="for databases and server logs (default: temp dir)")
    return parser.parse_args(argv)


def prepare(workdir: Path | None, prefix: str) -> Path:
    """uvloop for the load generator when installed (its speed caps what it can measure), and the
    work directory, a new temporary one unless given."""
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    workdir = workdir or Path(tempfile.mkdtemp(prefix=prefix))
    workdir.mkdir(parents=True, exist_ok=True)
    return workdir


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    workdir = prepare(args.workdir, "flamenco-bench-")
    seeded = workdir / "seeded.sqlite"
    for stale in (seeded, Path(f"{seeded}-wal"), Path(f"{seeded}-shm")):
        stale.unlink(missing_ok=True)
    started = time.monotonic()
    workers = seed(seeded, tasks=args.tasks, workers=args.workers, job=args.job)
    took = time.monotonic() - started
    print(f"seeded {args.tasks} tasks ({args.job}) and {args.workers} workers in {took:.1f} s")

    names = ["baseline", "manager"] if args.only == "both" else [args.only]
    results = {name: run_one(name, seeded, workdir, workers, args) for name in names}

    print()
    print(f"{'server':<10} {'assign/s':>9} {'assigned':>9} {'errors':>7} {'p50 ms':>7} {'p99 ms':>7}"
          f" {'srv CPU':>8} {'cli CPU':>8} {'ms CPU/cycle':>13}")  # fmt: skip
    for result in results.values():
        print(
            f"{result.name:<10} {result.rate:>9.0f} {result.assignments:>9} {result.errors:>7}"
            f" {result.p50_ms:>7.1f} {result.p99_ms:>7.1f}"
            f" {result.server_cpu:>8.2f} {result.client_cpu:>8.2f}"
            f" {1000 * result.server_cpu / result.rate if result.rate else float('nan'):>13.2f}"
        )
    if "manager" in results and "baseline" in results:
        baseline_rate = results["baseline"].rate
        ratio = results["manager"].rate / baseline_rate if baseline_rate else float("nan")
        print(f"\nManager / baseline = {ratio:.2f}")
    print(
        "targets (one process, SQLite, 100 workers, 100k tasks): >= 600 cycles/s, >= 0.3x the baseline,"
        " p99 scheduleTask < 250 ms, <= 1.6 ms server CPU per cycle"
    )
    print(f"machine: {os.cpu_count()} CPUs, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if any(r.empty for r in results.values()):
        print("note: some polls found no task; seed more tasks for a clean measurement", file=sys.stderr)
    print(f"databases and server logs: {workdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
