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
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import httpx

from big_job import database_url, job_body, manager, server_pids  # bench/ is on sys.path
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
        baseline = timed_post(server, "/api/jobs", job_body("independent", args.frames))
        print(
            f"baseline: Flamenco job of {args.frames:,} independent tasks stored in {baseline:.2f} s",
            flush=True,
        )
        cpu_before = _cpu_of(worker)
        block = timed_post(server, "/api/v3/afanasy", pipeline_job(args.frames, dependent_block=False))
        cpu = _cpu_of(worker) - cpu_before
        print(f"pipeline: one numeric block of {args.frames:,} frames stored in {block:.2f} s", flush=True)
        two = timed_post(server, "/api/v3/afanasy", pipeline_job(args.frames, dependent_block=True))
        print(f"pipeline: two blocks of {args.frames:,} frames, frame-by-frame waits, stored in {two:.2f} s")
    print()
    print(f"{'':<44} {'measured':>10} {'target':>10}")
    print(f"{'numeric block of ' + format(args.frames, ',') + ' frames':<44} {block:>8.2f} s {'< 10 s':>10}"
          f"   (server CPU {cpu:.1f} s)")  # fmt: skip
    print(f"{'ratio to the Flamenco baseline':<44} {block / baseline:>10.2f}")
    print(f"{'two blocks, tasks_depend_mask, per task':<44} {two / (2 * args.frames) * 1e6:>8.1f} µs")
    print(f"server log: {server.log_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
