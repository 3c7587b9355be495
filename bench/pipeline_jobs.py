"""Pipeline jobs: how long the real Manager takes to store a numeric block of 100,000 frames
submitted through Afanasy's door (`POST /api/v3/afanasy`), beside a Flamenco job of as many
independent tasks (`bench-independent`, the big-job path) in the same run and on the same Manager.

Both go through the same streaming task writer; the pipeline job also expands Afanasy's frame
arithmetic and fills each task's command. The ratio is what to watch: it does not depend on how
fast the machine is. A second pipeline job adds a block of the same frames that waits for the
first frame by frame (`tasks_depend_mask`: one dependency row per task).

    .venv/bin/python bench/pipeline_jobs.py                          # SQLite, 100,000 frames
    .venv/bin/python bench/pipeline_jobs.py --database postgres
    .venv/bin/python bench/pipeline_jobs.py --frames 20000           # quicker

Target (design §7.4, printed, not asserted): the 100,000-frame block stored in under 10 s.
The server process's peak RSS (``VmHWM``) is printed for each submission: the peak mark is reset
before each one (``/proc/PID/clear_refs``), so each peak is that submission's own.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from big_job import MB, database_url, job_body, manager, memory, server_pids  # bench/ is on sys.path
from dispatch import Server, _cpu_of


def pipeline_job(frames: int, *, dependent_block: bool) -> dict:
    render = {
        "name": "render",
        "service": "generic",
        "frame_first": 1,
        "frame_last": frames,
        "command": "render -s @####@ -e @####@ shot.scn",
        "working_directory": "/projects/shot",
    }
    blocks = [render]
    if dependent_block:
        blocks.append({**render, "name": "comp", "command": "comp @####@", "tasks_depend_mask": "render"})
    return {"job": {"name": f"{frames} frames", "user_name": "bench", "blocks": blocks}}


def timed_post(server: Server, path: str, body: dict) -> float:
    started = time.perf_counter()
    answer = httpx.post(server.url + path, json=body, timeout=600)
    took = time.perf_counter() - started
    if answer.status_code != 200:
        raise RuntimeError(f"{path}: {answer.status_code} {answer.text[:300]}")
    return took


@dataclass
class Stored:
    """One submission: wall-clock time to its answer, the server's CPU and peak memory meanwhile."""

    seconds: float
    cpu: float
    peak_rss: int
    rss_after: int
    peak_is_own: bool


def reset_peak(pid: int) -> bool:
    """Reset the process's peak RSS mark to its current RSS (Linux: write 5 to clear_refs);
    False where this is not allowed (then peaks are since the server started)."""
    with contextlib.suppress(OSError):
        Path(f"/proc/{pid}/clear_refs").write_text("5")
        return True
    return False


def stored(server: Server, pid: int, path: str, body: dict) -> Stored:
    own = reset_peak(pid)
    cpu_before = _cpu_of(pid)
    took = timed_post(server, path, body)
    found = memory(pid)
    return Stored(took, _cpu_of(pid) - cpu_before, found["VmHWM"], found["VmRSS"], own)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--frames", type=int, default=100_000, help="frames in the block (100000)")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--workdir", type=Path, help="for the database and the server log (default: temp dir)"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="flamenco-pipeline-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    with database_url(args.database, workdir) as database, manager(database, workdir) as server:
        _master, (worker,) = server_pids(server)
        time.sleep(2)
        timed_post(server, "/api/v3/afanasy", pipeline_job(100, dependent_block=False))  # warm-up
        idle = memory(worker)["VmRSS"]
        print(f"{args.database}; server process {worker}, idle RSS {idle / MB:.0f} MB", flush=True)
        runs = {}
        for label, path, body in (
            (f"baseline: Flamenco job, {args.frames:,} independent tasks", "/api/jobs",
             job_body("independent", args.frames)),
            (f"numeric block of {args.frames:,} frames", "/api/v3/afanasy",
             pipeline_job(args.frames, dependent_block=False)),
            (f"two blocks of {args.frames:,}, tasks_depend_mask", "/api/v3/afanasy",
             pipeline_job(args.frames, dependent_block=True)),
        ):  # fmt: skip
            runs[label] = stored(server, worker, path, body)
            print(f"  {label}: stored in {runs[label].seconds:.2f} s", flush=True)
    baseline, block, two = runs.values()
    print()
    print(f"{'':<50} {'stored in':>10} {'server CPU':>11} {'peak RSS':>9} {'RSS after':>10}")
    for label, run in runs.items():
        print(f"{label:<50} {run.seconds:>8.2f} s {run.cpu:>9.1f} s {run.peak_rss / MB:>6.0f} MB"
              f" {run.rss_after / MB:>7.0f} MB")  # fmt: skip
    print()
    print(f"numeric block: {block.seconds:.2f} s (target < 10 s), {block.seconds / baseline.seconds:.2f}x the"
          f" baseline; two blocks: {two.seconds / (2 * args.frames) * 1e6:.1f} µs a task")  # fmt: skip
    if not block.peak_is_own:
        print("note: the peak RSS mark could not be reset; peaks are since the server started")
    print(f"idle RSS {idle / MB:.0f} MB; server log: {server.log_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
