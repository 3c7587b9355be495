"""`flamenco-manager`: run the Manager under gunicorn with uvicorn workers."""

from __future__ import annotations

import argparse
import logging
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

from gunicorn.app.base import BaseApplication

from flamenco.config import Config, ConfigError, load_config
from flamenco.events.redis import RedisUnavailable, check_redis

log = logging.getLogger("flamenco.manager")


class ManagerServer(BaseApplication):
    """gunicorn, configured in code; each worker process builds its own app after the fork,
    so database connections are never shared between processes."""

    def __init__(self, config: Config) -> None:
        self.manager_config = config
        super().__init__()

    def load_config(self) -> None:
        host, port = self.manager_config.listen_host_port()
        settings = {
            "bind": f"{host}:{port}",
            "workers": self.manager_config.workers,
            "worker_class": "uvicorn_worker.UvicornWorker",
            "timeout": 120,
            "graceful_timeout": 10,
            "accesslog": None,
            # gunicorn 27's control socket is one fixed path per user; two Managers would clash.
            "control_socket_disable": True,
        }
        for key, value in settings.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from flamenco.app import create_app

        return create_app(self.manager_config)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="flamenco-manager", description=__doc__)
    parser.add_argument(
        "--config", type=Path, help="config file (default: ./flamenco-manager.yaml if present)"
    )
    parser.add_argument("--listen", help="HOST:PORT or :PORT to listen on (default :8080)")
    parser.add_argument("--database", help="SQLite file path or database URL (postgresql://…)")
    parser.add_argument("--shared-storage-path", help="storage shared with the workers")
    parser.add_argument("--local-manager-storage-path", help="where task logs are kept")
    parser.add_argument("--job-types-path", help="directory with your own job types (*.py)")
    parser.add_argument(
        "--workers", type=int, help="server processes (default 1; more need PostgreSQL and --redis-url)"
    )
    parser.add_argument("--redis-url", help="Redis shared by several server processes (redis://host:6379/0)")
    parser.add_argument(
        "--validate-responses",
        action="store_true",
        default=None,
        help="check every response against the spec",
    )
    parser.add_argument(
        "--local-worker",
        action="store_true",
        help="also run a worker on this machine (state in ./flamenco-worker): a whole farm in one command",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    # Connexion imports Starlette's test client at import time, which warns about httpx.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    args = parse_args(argv)
    overrides = {
        key: getattr(args, key)
        for key in (
            "listen",
            "database",
            "shared_storage_path",
            "local_manager_storage_path",
            "job_types_path",
            "workers",
            "redis_url",
            "validate_responses",
        )
    }
    try:
        config = load_config(args.config, overrides=overrides)
    except ConfigError as exc:
        print(f"flamenco-manager: {exc.message}", file=sys.stderr)
        return 2
    problem = startup_problem(config)
    if problem:
        print(f"flamenco-manager: {problem}", file=sys.stderr)
        return 2
    if config.workers > 1 and "://" not in config.database:
        log.warning(
            "%d server processes on SQLite share one database file; PostgreSQL scales better", config.workers
        )
    host, port = config.listen_host_port()
    shown = "localhost" if host in ("0.0.0.0", "") else host
    log.info("Flamenco Manager on http://%s:%d/ (API docs: http://%s:%d/ui/)", shown, port, shown, port)
    worker = (
        start_local_worker(f"http://{'127.0.0.1' if shown == 'localhost' else host}:{port}")
        if args.local_worker
        else None
    )
    try:
        ManagerServer(config).run()
    finally:
        if worker is not None:
            stop_local_worker(worker)
    return 0


def startup_problem(config: Config) -> str | None:
    """Why this configuration cannot start, said before anything listens; None if it can."""
    if config.workers > 1 and not config.redis_url:
        return (
            f"{config.workers} server processes need Redis to share live updates and worker wake-ups;"
            " set redis_url (e.g. `redis_url: redis://127.0.0.1:6379/0` in flamenco-manager.yaml,"
            " or FLAMENCO_REDIS_URL), or run one process (--workers 1)"
        )
    if config.redis_url:
        try:
            check_redis(config.redis_url)
        except RedisUnavailable as exc:
            return f"{exc} (redis_url); start Redis or fix the URL"
    return None


def start_local_worker(manager_url: str) -> subprocess.Popen:
    """A worker beside the Manager; it retries until the Manager answers, so no start-up race."""
    work_dir = Path("flamenco-worker").absolute()
    work_dir.mkdir(exist_ok=True)
    log.info("starting a local worker (state in %s)", work_dir)
    # Run in its own directory: its credentials, queue and config live in the working directory.
    command = [sys.executable, "-m", "flamenco.worker.cli", "--manager", manager_url]
    return subprocess.Popen(command, cwd=work_dir)


def stop_local_worker(worker: subprocess.Popen) -> None:
    """SIGTERM lets the worker stop its task and sign off, so the Manager requeues that task."""
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()


if __name__ == "__main__":
    sys.exit(main())
