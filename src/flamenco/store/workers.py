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
    sql = (
        "INSERT INTO worker (uuid, name, secret_hash, secret_salt, address, platform, software, status,"
        " status_requested, lazy_status_request, supported_task_types, last_seen, created, updated)"
        f" VALUES (?, ?, ?, ?, ?, ?, '', 'offline', '', ?, ?, ?, ?, ?) RETURNING {rows.WORKER_COLUMNS}"
    )  # offline until it signs on
    stamp = rows.stamp(now)
    params = [str(uuidlib.uuid4()), name, hash_secret(secret, salt), salt, address, platform, False]
    with write_lock():
        row = rows.execute(sql, [*params, normalise_task_types(task_types), stamp, stamp, stamp]).fetchone()
    return rows.worker_info(row)


# Deleted workers (Flamenco 3.8's soft deletion) are gone for every lookup by UUID and listing;
# only lookups by row id, which follow a task's or a lock's reference, still find them.
_LIVE = "deleted_at IS NULL"


def get_worker(worker_uuid: str) -> WorkerInfo:
    worker = rows.one_worker(f"uuid = ? AND {_LIVE}", [worker_uuid])
    if worker is None:
        raise NotFound(f"no worker with ID {worker_uuid}")
    return worker


def get_worker_by_id(worker_id: int) -> WorkerInfo:
    worker = rows.one_worker("id = ?", [worker_id])
    assert worker is not None, f"worker {worker_id} vanished"
    return worker


def lock_worker(worker_uuid: str) -> WorkerInfo:
    worker = rows.one_worker(f"uuid = ? AND {_LIVE}", [worker_uuid], for_update=True)
    if worker is None:
        raise NotFound(f"no worker with ID {worker_uuid}")
    return worker


def all_workers() -> list[WorkerInfo]:
    return [
        rows.worker_info(row)
        for row in rows.execute(f"{rows.WORKER_SELECT} WHERE {_LIVE} ORDER BY name, id").fetchall()
    ]


# Columns `update` may set; names are checked against this, since they become SQL.
_UPDATABLE = (
    "name",
    "status",
    "status_requested",
    "lazy_status_request",
    "supported_task_types",
    "software",
    "can_restart",
)


def update(worker_id: int, now: datetime, **fields: Any) -> WorkerInfo:
    """Set the given columns and bump `updated`; returns the worker as it is now."""
    unknown = set(fields) - set(_UPDATABLE)
    assert not unknown, f"not updatable: {unknown}"
    if "supported_task_types" in fields:
        fields["supported_task_types"] = normalise_task_types(fields["supported_task_types"])
    assignments = ", ".join([*(f"{name} = ?" for name in fields), "updated = ?"])
    worker = rows.update_worker(assignments, "id = ?", [*fields.values(), rows.stamp(now), worker_id])
    assert worker is not None, f"worker {worker_id} vanished"
    return worker


def mark_seen(worker_id: int, now: datetime, address: str | None = None) -> None:
    with write_lock():
        if address:
            rows.execute(
                "UPDATE worker SET last_seen = ?, address = ? WHERE id = ?",
                [rows.stamp(now), address, worker_id],
            )
        else:
            rows.execute("UPDATE worker SET last_seen = ? WHERE id = ?", [rows.stamp(now), worker_id])


def seen_before(before: datetime, exclude_statuses: tuple[str, ...]) -> list[WorkerInfo]:
    marks = ", ".join("?" * len(exclude_statuses))
    sql = f"{rows.WORKER_SELECT} WHERE last_seen <= ? AND status NOT IN ({marks}) AND {_LIVE}"
    return [
        rows.worker_info(row) for row in rows.execute(sql, [rows.stamp(before), *exclude_statuses]).fetchall()
    ]
