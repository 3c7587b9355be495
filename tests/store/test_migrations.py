"""Migrations: a database of the first schema is brought up to date with its data."""

from __future__ import annotations

from flamenco.store import db as store_db
from flamenco.store import migrations
from flamenco.store.db import database, write_transaction


def _execute(sql: str, params: list | None = None):
    if store_db.is_postgres():
        sql = sql.replace("?", "%s")
    return database.execute_sql(sql, params or [])


def _index_names() -> set[str]:
    if store_db.is_postgres():
        found = _execute("SELECT indexname FROM pg_indexes WHERE tablename = 'task'")
    else:
        found = _execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'task'")
    return {name for (name,) in found.fetchall()}


def test_a_version_1_database_gets_its_dependency_counts_filled_in(database_url):
    store_db.bind(store_db.open_database(database_url))
    try:
        with write_transaction():  # as a Manager of the first schema left it
            migrations._run([migrations._SCHEMA_VERSION, *migrations._V1])()
            _execute("INSERT INTO schema_version (version) VALUES (1)")
            _execute(
                "INSERT INTO job (uuid, name, job_type, priority, status, activity, settings, metadata,"
                " created, updated) VALUES ('j', 'old', 'x', 50, 'active', '', '{}', '{}', ?, ?)",
                ["2025-01-01 00:00:00", "2025-01-01 00:00:00"],
            )
            tasks = [("a", "completed"), ("b", "active"), ("c", "queued"), ("d", "queued"), ("e", "queued")]
            for index, (name, status) in enumerate(tasks, start=1):
                _execute(
                    "INSERT INTO task (uuid, job_id, index_in_job, name, task_type, priority, job_priority,"
                    " status, activity, commands, created, updated)"
                    " VALUES (?, 1, ?, ?, 'misc', 50, 50, ?, '', '[]', ?, ?)",
                    [name, index, name, status, "2025-01-01 00:00:00", "2025-01-01 00:00:00"],
                )
            # c waits on a (completed) and b (running); d on c; e on a only.
            for task, prerequisite in [(3, 1), (3, 2), (4, 3), (5, 1)]:
                _execute(
                    "INSERT INTO task_dependency (task_id, depends_on_id) VALUES (?, ?)", [task, prerequisite]
                )
        assert migrations.current_version() == 1

        assert migrations.migrate() == len(migrations.MIGRATIONS) == 2

        found = dict(_execute("SELECT name, waiting_on FROM task ORDER BY id").fetchall())
        assert found == {"a": 0, "b": 0, "c": 1, "d": 1, "e": 0}
        assert {"task_runnable", "task_worker_active"} <= _index_names()
        assert "task_worker_id_status" not in _index_names()
        assert migrations.migrate() == 2  # nothing left to do
    finally:
        database.close()
