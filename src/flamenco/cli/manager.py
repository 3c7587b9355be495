"""`flamenco-manager`: run the Manager under gunicorn with uvicorn workers.

Exit status 2 when it cannot start: a bad configuration, a database it cannot open, an address it
cannot listen on. Each is said in one line before anything starts (no local worker, no server
process), so a newcomer reads the reason instead of a traceback from every server process.
"""

from __future__ import annotations

import argparse
import errno
import logging
import socket
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import peewee
from gunicorn.app.base import BaseApplication

from flamenco.config import Config, ConfigError, load_config
from flamenco.events.mqtt import BadBrokerURL, BrokerAddress
from flamenco.events.redis import RedisUnavailable, check_redis
from flamenco.metrics import multiprocess as shared_metrics
from flamenco.store import db as store_db

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
            "worker_class": "flamenco.cli.server_worker.ManagerWorker",  # uvicorn's, see there
            "timeout": 120,
            "graceful_timeout": 10,
            # Idle connections stay open this long (gunicorn's default is 2 s). Workers report on a
            # task every few seconds and poll between tasks; with 2 s, most of their requests paid
            # for a new connection (`bench/swarm.py`, 1,000 workers: 4.0-4.2 -> 3.8-3.9 ms of CPU per
            # task, 258-276 -> 282-293 assignments/s on one slow machine). Go's and
            # Python's HTTP clients keep idle connections for 90 s; 75 s closes them first.
            "keepalive": 75,
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
        host, port = config.listen_host_port()
    except ConfigError as exc:
        print(f"flamenco-manager: {exc.message}", file=sys.stderr)
        return 2
    problem = startup_problem(config) or listen_problem(host, port) or database_problem(config.database)
    if problem:
        print(f"flamenco-manager: {problem}", file=sys.stderr)
        return 2
    if config.workers > 1 and "://" not in config.database:
        log.warning(
            "%d server processes on SQLite share one database file; PostgreSQL scales better", config.workers
        )
    # Before gunicorn forks, so every server process adds its counters to the same files.
    metrics_dir = config.local_manager_storage_path.absolute() / "metrics"
    try:
        shared_metrics.prepare(metrics_dir)
    except OSError as exc:
        print(f"flamenco-manager: cannot use {metrics_dir}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    shown = "localhost" if host in ("0.0.0.0", "") else host
    log.info("Flamenco Manager on http://%s:%d/ (web UI; API docs at /ui/)", shown, port)
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


def database_problem(database: str) -> str | None:
    """Why the database cannot be opened, in one line, or None.

    Opened (and closed again) in this process before gunicorn forks: a connection must not be
    shared with the server processes, which open their own.
    """
    shown = _without_password(database)
    if "://" not in database:
        problem = _sqlite_path_problem(Path(database))
        if problem:
            return f"cannot open database {shown}: {problem}"
    try:
        db = store_db.open_database(database)
        db.connect()  # SQLite applies its pragmas here: a file that is no database fails now
        try:
            db.execute_sql("SELECT 1")
        finally:
            db.close()
    except OSError as exc:
        return f"cannot open database {shown}: {exc.strerror or exc}"
    except peewee.DatabaseError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return f"cannot open database {shown}: {reason}"
    return None


def _sqlite_path_problem(path: Path) -> str | None:
    """What SQLite would only call "unable to open database file"."""
    if path.is_dir():
        return "it is a directory"
    for parent in path.absolute().parents:
        if parent.exists():
            return None if parent.is_dir() else f"{parent} is a file, not a directory"
    return None


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if "://" not in url or parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def listen_problem(host: str, port: int) -> str | None:
    """Why the Manager cannot listen on ``host:port``, in one line, or None.

    Checked before the local worker starts: with the port taken by another Manager, that worker
    would join the other farm. Bound with SO_REUSEADDR like gunicorn, so a port in TIME_WAIT after
    a restart does not count as taken.
    """
    where = f"{host}:{port}"
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host.strip("[]") or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        with socket.socket(family, kind, proto) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(address)
    except socket.gaierror as exc:
        return f"cannot listen on {where}: {exc.strerror}; give another address with --listen HOST:PORT"
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            return (
                f"port {port} is already in use on {host} (another Flamenco Manager?);"
                f" choose a free port with --listen, e.g. --listen :{port + 1}"
            )
        return f"cannot listen on {where}: {exc.strerror}; choose another with --listen HOST:PORT"
    return None


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
    return mqtt_problem(config)


def mqtt_problem(config: Config) -> str | None:
    """A broker URL that cannot work is refused at start-up; a broker that is down is not (the
    Manager runs, warns and keeps reconnecting)."""
    settings = config.mqtt.client
    if not settings.enabled:
        return None
    if not settings.broker.strip():
        return (
            "mqtt.client.enabled is true but mqtt.client.broker is empty; set it (e.g. tcp://127.0.0.1:1883)"
        )
    try:
        BrokerAddress.parse(settings.broker)
    except BadBrokerURL as exc:
        return f"mqtt.client.broker: {exc}"
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
