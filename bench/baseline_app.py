"""The least a task dispatcher can do over HTTP: the yardstick for `bench/dispatch.py`.

A bare Starlette app with the two calls a polling Worker makes, on the Manager's own SQLite
database and schema:

* ``POST /api/worker/task``: HTTP basic auth (worker row lookup + the same HMAC check as the
  Manager), then **the Manager's claim statement** (`flamenco.store.tasks._sqlite_claim`, the single
  ``UPDATE … WHERE id = (SELECT …) RETURNING``), then one SELECT for the AssignedTask fields.
* ``POST /api/worker/task/{task_id}``: auth, then one UPDATE of the task's status, and when it
  completed, one more releasing its dependents (as `flamenco.store.tasks.set_status` does).

What it leaves out is exactly what the comparison is meant to price: Connexion's routing and request
validation, the state machine (job status follow-up, events, task log lines), and "give a worker its
current task back". Handlers are ``async`` and call sqlite3 directly on one connection: SQLite has
one writer anyway, and this avoids the thread pool hop, so the baseline is as fast as this stack gets.

Served the same way as the Manager (gunicorn + uvicorn_worker.UvicornWorker); the database path
comes from the ``BASELINE_DATABASE`` environment variable.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import sqlite3
from datetime import UTC, datetime
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from flamenco.store.db import SQLITE_PRAGMAS
from flamenco.store.tasks import _ADJUST_DEPENDENTS, _sqlite_claim  # the Manager's very statements
from flamenco.store.workers import hash_secret

_connection: sqlite3.Connection | None = None


def connection() -> sqlite3.Connection:
    """One autocommit connection per server process, opened after gunicorn forks."""
    global _connection
    if _connection is None:
        _connection = sqlite3.connect(os.environ["BASELINE_DATABASE"], isolation_level=None, timeout=20)
        for name, value in SQLITE_PRAGMAS.items():
            _connection.execute(f"PRAGMA {name} = {value}")
    return _connection


def _now() -> str:
    # How peewee's DateTimeField reaches SQLite (sqlite3's datetime adapter), so rows look the same.
    return datetime.now(UTC).replace(tzinfo=None).isoformat(" ")


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"code": status, "message": message}, status_code=status)


def _authenticate(request: Request) -> tuple[int, list[str]] | None:
    """(worker id, task types) for valid basic-auth credentials, else None."""
    header = request.headers.get("authorization", "")
    if not header.startswith("Basic "):
        return None
    try:
        username, _, password = base64.b64decode(header[6:]).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    row = (
        connection()
        .execute(
            "SELECT id, secret_hash, secret_salt, supported_task_types FROM worker WHERE uuid = ?",
            (username,),
        )
        .fetchone()
    )
    if row is None or hash_secret(password, row[2]) != row[1]:
        return None
    return row[0], [t for t in row[3].split(",") if t]


async def schedule_task(request: Request) -> Response:
    worker = _authenticate(request)
    if worker is None:
        return _error(401, "invalid credentials")
    worker_id, task_types = worker
    row = connection().execute(_sqlite_claim(len(task_types)), [worker_id, _now(), *task_types]).fetchone()
    if row is None:
        return Response(status_code=204)
    task = (
        connection()
        .execute(
            """SELECT task.uuid, job.uuid, task.name, task.status, task.priority, job.priority, job.job_type,
                  task.task_type, task.commands
           FROM task JOIN job ON job.id = task.job_id WHERE task.id = ?""",
            (row[0],),
        )
        .fetchone()
    )
    keys = ("uuid", "job", "name", "status", "priority", "job_priority", "job_type", "task_type")
    body: dict[str, Any] = dict(zip(keys, task[:8], strict=True))
    body["commands"] = json.loads(task[8])
    return JSONResponse(body)


async def task_update(request: Request) -> Response:
    worker = _authenticate(request)
    if worker is None:
        return _error(401, "invalid credentials")
    update = await request.json()
    status = update.get("taskStatus")
    if status is None:
        return Response(status_code=204)
    row = (
        connection()
        .execute(
            "UPDATE task SET status = ?, updated = ?, last_touched = ? WHERE uuid = ? AND worker_id = ?"
            " RETURNING id",
            (status, _now(), _now(), request.path_params["task_id"], worker[0]),
        )
        .fetchone()
    )
    if row is None:
        return _error(409, "this task is assigned to another worker")
    if status == "completed":
        connection().execute(_ADJUST_DEPENDENTS[False], (-1, row[0]))
    return Response(status_code=204)


async def version(_request: Request) -> Response:
    return JSONResponse({"version": "baseline", "name": "bare dispatcher"})


app = Starlette(
    routes=[
        Route("/api/version", version, methods=["GET"]),
        Route("/api/worker/task", schedule_task, methods=["POST"]),
        Route("/api/worker/task/{task_id}", task_update, methods=["POST"]),
    ]
)
