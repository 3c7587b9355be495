"""`flamenco`: submit jobs and follow them from a terminal or a script.

    flamenco job submit job.yaml --wait
    flamenco job submit --type echo-sleep-test --name hello --setting message=hi --setting sleep_repeats=3
    flamenco job wait JOB_ID
    flamenco job status JOB_ID

The Manager is ``--manager URL`` or ``$FLAMENCO_MANAGER`` (default http://localhost:8080).
Exit status: 0 when the job completed (or was submitted, without --wait), 1 when it failed or was
canceled, 2 for usage errors or an unreachable Manager.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import requests
import yaml
from tqdm import tqdm

DEFAULT_MANAGER = "http://localhost:8080"
FINAL_STATUSES = {"completed": 0, "failed": 1, "canceled": 1}


class ClientError(Exception):
    """Something to tell the user and stop (exit 2)."""


class Manager:
    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")
        self.session = requests.Session()

    def call(self, method: str, path: str, body: Any = None) -> Any:
        try:
            response = self.session.request(method, self.url + path, json=body, timeout=30)
        except requests.ConnectionError:
            raise ClientError(f"cannot reach the Manager at {self.url}") from None
        if response.status_code >= 400:
            try:
                message = response.json()["message"]
            except (ValueError, KeyError):
                message = response.text
            raise ClientError(f"the Manager refused ({response.status_code}): {message}")
        return response.json() if response.content else None


def _scalar(text: str) -> Any:
    """`3` → 3, `true` → True, `1-10` → "1-10": settings typed as YAML would type them."""
    value = yaml.safe_load(text)
    return value if isinstance(value, str | int | float | bool) else text


def _pairs(items: list[str], what: str, typed: bool) -> dict[str, Any]:
    result = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise ClientError(f"{what} {item!r} is not KEY=VALUE")
        result[key] = _scalar(value) if typed else value
    return result


def build_job(args: argparse.Namespace) -> dict[str, Any]:
    job: dict[str, Any] = {}
    if args.file:
        try:
            job = yaml.safe_load(Path(args.file).read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise ClientError(f"cannot read job file {args.file}: {exc}") from None
        if not isinstance(job, dict):
            raise ClientError(f"job file {args.file} must hold a mapping")
    for key in ("type", "name", "priority"):
        if getattr(args, key) is not None:
            job[key] = getattr(args, key)
    job.setdefault("priority", 50)
    job.setdefault("name", f"{job.get('type', 'job')} {time.strftime('%Y-%m-%d %H:%M')}")
    job["settings"] = {**job.get("settings", {}), **_pairs(args.setting, "setting", typed=True)}
    job["metadata"] = {**job.get("metadata", {}), **_pairs(args.metadata, "metadata", typed=False)}
    if "type" not in job:
        raise ClientError("say which job type: --type NAME, or `type:` in the job file")
    return job


def wait_for(manager: Manager, job_id: str, *, interval: float, quiet: bool) -> int:
    """Follow a job with a progress bar of completed tasks; returns the exit status."""
    bar = tqdm(total=0, unit="task", disable=quiet, dynamic_ncols=True)
    try:
        while True:
            job = manager.call("GET", f"/api/jobs/{job_id}")
            tasks = manager.call("GET", f"/api/jobs/{job_id}/tasks")["tasks"]
            done = sum(1 for t in tasks if t["status"] == "completed")
            bar.total = len(tasks)
            bar.n = done
            bar.set_description(f"{job['name']} [{job['status']}]")
            bar.refresh()
            if job["status"] in FINAL_STATUSES:
                bar.close()
                print(f"job {job_id} {job['status']}: {job['activity']}")
                return FINAL_STATUSES[job["status"]]
            time.sleep(interval)
    finally:
        bar.close()


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="flamenco", description=__doc__.split("\n\n")[0])
    parser.add_argument("--manager", default=os.environ.get("FLAMENCO_MANAGER", DEFAULT_MANAGER))
    commands = parser.add_subparsers(dest="noun", required=True)
    job = commands.add_parser("job", help="submit and follow jobs").add_subparsers(dest="verb", required=True)

    submit = job.add_parser("submit", help="submit a job from a JSON/YAML file and/or flags")
    submit.add_argument("file", nargs="?", help="SubmittedJob as JSON or YAML")
    submit.add_argument("--type")
    submit.add_argument("--name")
    submit.add_argument("--priority", type=int)
    submit.add_argument("--setting", action="append", default=[], metavar="KEY=VALUE")
    submit.add_argument("--metadata", action="append", default=[], metavar="KEY=VALUE")
    submit.add_argument("--wait", action="store_true", help="follow the job until it finishes")

    for verb in ("wait", "status"):
        sub = job.add_parser(verb, help=f"{verb} for a job")
        sub.add_argument("job_id")
    for sub in (submit, job.choices["wait"]):
        sub.add_argument("--interval", type=float, default=1.0, help="seconds between checks")
        sub.add_argument("--quiet", action="store_true", help="no progress bar")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    manager = Manager(args.manager)
    try:
        if args.verb == "submit":
            job = manager.call("POST", "/api/jobs", build_job(args))
            print(job["id"])
            return wait_for(manager, job["id"], interval=args.interval, quiet=args.quiet) if args.wait else 0
        if args.verb == "wait":
            return wait_for(manager, args.job_id, interval=args.interval, quiet=args.quiet)
        job = manager.call("GET", f"/api/jobs/{args.job_id}")
        print(json.dumps(job, indent=2, ensure_ascii=False))
        return 0
    except ClientError as exc:
        print(f"flamenco: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
