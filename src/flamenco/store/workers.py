"""Worker queries: registration, credentials, status fields."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid as uuidlib
from datetime import datetime
from typing import Any

from flamenco.errors import NotFound
from flamenco.store import rows
from flamenco.store.db import write_lock
from flamenco.store.models import TaskFailure, Worker, utcnow
from flamenco.store.records import WorkerInfo


def hash_secret(secret: str, salt: str) -> str:
    """Keyed SHA-256 of a worker secret.

    Worker secrets are random tokens, not passwords a human picked, so a slow password hash buys
    nothing; HMAC-SHA256 with a per-worker salt costs microseconds (Flamenco's bcrypt made auth
    cost more than the call it guarded).
    """
    return hmac.new(salt.encode(), secret.encode(), hashlib.sha256).hexdigest()


def normalise_task_types(task_types: list[str]) -> str:
    seen: dict[str, None] = {}
    for task_type in task_types:
        cleaned = task_type.strip().lower()
        if cleaned and "," not in cleaned:
            seen[cleaned] = None
    return ",".join(seen)


def register(
    *, secret: str, name: str, platform: str, task_types: list[str], address: str, now: datetime
) -> WorkerInfo:
    salt = secrets.token_hex(16)
    with write_lock():
        worker = Worker.create(
            uuid=str(uuidlib.uuid4()),
            name=name,
            secret_hash=hash_secret(secret, salt),
            secret_salt=salt,
            address=address,
            platform=platform,
            supported_task_types=normalise_task_types(task_types),
            status="offline",  # until it signs on
            last_seen=now,
            created=now,
            updated=now,
        )
    return WorkerInfo.of(worker)


class CredentialCache:
    """Worker secrets' hashes by worker UUID, so authentication does no database I/O.

    Connexion runs the auth hook on the event loop, where a database read blocks every other
    request. A worker's secret never changes under its UUID (re-registering makes a new UUID), so
    a hit never goes stale; a miss reads the database once.
    """

    def __init__(self) -> None:
        self._hashes: dict[str, tuple[str, str]] = {}

    def clear(self) -> None:
        """Forget everything: a Manager opening another database must not trust the old one."""
        self._hashes.clear()

    def verify(self, worker_uuid: str, secret: str) -> bool:
        known = self._hashes.get(worker_uuid)
        if known is None:
            sql = "SELECT secret_salt, secret_hash FROM worker WHERE uuid = ?"
            row = rows.execute(sql, [worker_uuid]).fetchone()
            if row is None:
                hmac.compare_digest(hash_secret(secret, "0" * 32), "0" * 64)  # same work either way
                return False
            known = self._hashes[worker_uuid] = (row[0], row[1])
        salt, secret_hash = known
        return hmac.compare_digest(hash_secret(secret, salt), secret_hash)


credentials = CredentialCache()


def get_worker(worker_uuid: str) -> WorkerInfo:
    found = rows.one_worker("uuid = ?", [worker_uuid])
    if found is None:
        raise NotFound(f"no worker with ID {worker_uuid}")
    return found[0]


def get_worker_by_id(worker_id: int) -> WorkerInfo:
    found = rows.one_worker("id = ?", [worker_id])
    assert found is not None, f"worker {worker_id} vanished"
    return found[0]


def lock_worker(worker_uuid: str) -> WorkerInfo:
    found = rows.one_worker("uuid = ?", [worker_uuid], for_update=True)
    if found is None:
        raise NotFound(f"no worker with ID {worker_uuid}")
    return found[0]


def all_workers() -> list[WorkerInfo]:
    return [WorkerInfo.of(w) for w in Worker.select().order_by(Worker.name, Worker.id)]


def update(worker_id: int, **fields: Any) -> None:
    """Set the given fields (model attribute names) and bump `updated`."""
    if "supported_task_types" in fields:
        fields["supported_task_types"] = normalise_task_types(fields["supported_task_types"])
    fields["updated"] = utcnow()
    Worker.update(**fields).where(Worker.id == worker_id).execute()


def mark_seen(worker_id: int, now: datetime, address: str | None = None) -> None:
    values: dict[Any, Any] = {Worker.last_seen: now}
    if address:
        values[Worker.address] = address
    with write_lock():
        Worker.update(values).where(Worker.id == worker_id).execute()


def seen_before(before: datetime, exclude_statuses: tuple[str, ...]) -> list[WorkerInfo]:
    rows = Worker.select().where(Worker.last_seen <= before, Worker.status.not_in(list(exclude_statuses)))
    return [WorkerInfo.of(w) for w in rows]


def count_able_workers(task_type: str, *, excluding_failures_of: int) -> int:
    """Registered workers that support ``task_type`` and have not failed the given task.

    Status is ignored on purpose: an asleep or offline worker may come back and run it.
    """
    failed = TaskFailure.select(TaskFailure.worker).where(TaskFailure.task == excluding_failures_of)
    candidates = Worker.select(Worker.supported_task_types).where(Worker.id.not_in(failed))
    return sum(1 for row in candidates if task_type in row.task_types)
