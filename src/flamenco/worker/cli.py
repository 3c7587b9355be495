"""`flamenco-worker`: run the Worker agent on this machine until told to stop.

Exit status: 0 after a normal stop (signal, or the Manager asked for offline/shutdown), the
configured ``restart_exit_code`` when the Manager asked for a restart, 2 for a configuration
problem.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from pathlib import Path
from types import FrameType

import httpx

from flamenco.worker import __version__
from flamenco.worker.agent import Agent
from flamenco.worker.client import ManagerClient
from flamenco.worker.config import WorkerConfigError, load_worker_config
from flamenco.worker.credentials import CredentialsError


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="flamenco-worker", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--config", type=Path, help="config file (default: ./flamenco-worker.yaml if present)"
    )
    parser.add_argument("--manager", metavar="URL", help="Manager URL, e.g. http://manager:8080/")
    parser.add_argument("--name", help="worker name shown in the Manager (default: host name)")
    parser.add_argument("--task-types", metavar="A,B", help="comma-separated task types this worker runs")
    parser.add_argument("--work-dir", type=Path, help="directory task commands run in (default: current)")
    parser.add_argument("--verbose", "-v", action="store_true", help="log debug messages too")
    parser.add_argument("--version", action="version", version=f"flamenco-worker {__version__}")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None, *, transport: httpx.BaseTransport | None = None) -> int:
    """Run the worker; ``transport`` replaces the default HTTP transport (tests pass a spec-checking one)."""
    args = parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # httpx logs every request at INFO; the worker logs what matters about its calls itself.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    overrides = {
        "manager_url": args.manager,
        "worker_name": args.name,
        "task_types": args.task_types,
        "work_dir": args.work_dir,
    }
    try:
        config = load_worker_config(args.config, overrides=overrides)
    except WorkerConfigError as exc:
        print(f"flamenco-worker: {exc}", file=sys.stderr)
        return 2

    agent = Agent(config, ManagerClient(config.manager_url, transport))

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        agent.request_stop(f"received {signal.Signals(signum).name}")

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        return agent.run()
    except CredentialsError as exc:
        print(f"flamenco-worker: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
