"""Shared fixtures: a real database (SQLite file, and PostgreSQL when reachable) per test,
the Manager's services on it, and an in-process HTTP client that validates responses."""

from __future__ import annotations

import uuid
import warnings
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import peewee
import pytest

warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")

from flamenco.app import build_services, create_app  # noqa: E402
from flamenco.config import Config, load_config  # noqa: E402
from flamenco.services import Services  # noqa: E402

PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
# Job types only tests use (e.g. `independent-tasks`), loaded as an admin's own job types.
TEST_JOB_TYPES = Path(__file__).parent / "job_types"


def _postgres_available() -> str | None:
    """None if PostgreSQL can be used, else why not."""
    try:
        import psycopg2
    except ImportError:
        return "psycopg2 is not installed"
    try:
        psycopg2.connect(PG_ADMIN_URL, connect_timeout=2).close()
    except psycopg2.OperationalError as exc:
        return f"PostgreSQL is not reachable at 127.0.0.1:5432 ({str(exc).strip()})"
    return None


PG_UNAVAILABLE = _postgres_available()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A scratch PostgreSQL database for this test session, dropped afterwards."""
    if PG_UNAVAILABLE:
        pytest.skip(PG_UNAVAILABLE)
    import psycopg2

    name = f"flamenco_test_{uuid.uuid4().hex[:10]}"
    admin = psycopg2.connect(PG_ADMIN_URL)
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _reset_postgres(url: str) -> None:
    db = peewee.PostgresqlDatabase(url.rsplit("/", 1)[1], host="127.0.0.1", user="postgres")
    db.execute_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    db.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each test using this runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return str(tmp_path / "flamenco-manager.sqlite")
    url = request.getfixturevalue("postgres_url")
    _reset_postgres(url)
    return url


def make_config(tmp_path: Path, database: str, **overrides: Any) -> Config:
    config = load_config(
        environ={},
        overrides={
            "database": database,
            "shared_storage_path": tmp_path / "shared",
            "local_manager_storage_path": tmp_path / "manager-storage",
            "validate_responses": True,
            "job_types_path": TEST_JOB_TYPES,
            **overrides,
        },
    )
    # Where the configuration operations of /api/v3 write: never the checkout's working directory.
    config.source_file = tmp_path / "flamenco-manager.yaml"
    return config


class FakeClock:
    """Time that moves only when a test says so."""

    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, 12, 0, 0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def config(tmp_path: Path, database_url: str) -> Config:
    return make_config(tmp_path, database_url)


@pytest.fixture
def services(config: Config, clock: FakeClock) -> Iterator[Services]:
    svc = build_services(config)
    svc.clock = clock
    yield svc
    from flamenco.store.db import database
    from flamenco.store.leader import leadership

    # A test that swept for timeouts made this process the leader on a database the next test
    # may reuse; its advisory lock would keep the next test's spawned candidates from leading.
    leadership.release()
    database.close()


@pytest.fixture
def client(config: Config, services: Services) -> Iterator[Any]:
    from starlette.testclient import TestClient

    with TestClient(create_app(config, services=services), raise_server_exceptions=False) as test_client:
        yield test_client
