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

        assert migrations.migrate() == len(migrations.MIGRATIONS) == 4

        found = dict(_execute("SELECT name, waiting_on FROM task ORDER BY id").fetchall())
        assert found == {"a": 0, "b": 0, "c": 1, "d": 1, "e": 0}
        assert {"task_runnable", "task_worker_active"} <= _index_names()
        assert "task_worker_id_status" not in _index_names()
        assert migrations.migrate() == 4  # nothing left to do
    finally:
        database.close()


def test_a_version_2_database_gets_flamenco_3_8s_columns_and_words(database_url):
    store_db.bind(store_db.open_database(database_url))
    try:
        with write_transaction():  # as a Manager of the second schema left it
            migrations._run([migrations._SCHEMA_VERSION, *migrations._V1, *migrations._V2])()
            _execute("INSERT INTO schema_version (version) VALUES (1)")
            _execute("INSERT INTO schema_version (version) VALUES (2)")
            stamp = "2025-01-01 00:00:00"
            _execute(
                "INSERT INTO job (uuid, name, job_type, priority, status, activity, settings, metadata,"
                " created, updated) VALUES ('j', 'old', 'x', 50, 'active', '', '{}', '{}', ?, ?)",
                [stamp, stamp],
            )
            commands = [
                '[{"name": "a", "parameters": {}}, {"name": "b", "parameters": {}}]',
                '[{"name": "c", "parameters": {}}]',
            ]
            for index, (status, command_list) in enumerate(
                zip(["completed", "queued"], commands, strict=True), 1
            ):
                _execute(
                    "INSERT INTO task (uuid, job_id, index_in_job, name, task_type, priority, job_priority,"
                    " status, activity, commands, created, updated)"
                    " VALUES (?, 1, ?, ?, 'misc', 50, 50, ?, '', ?, ?, ?)",
                    [f"t{index}", index, f"t{index}", status, command_list, stamp, stamp],
                )
            for uuid, status, requested in [("w1", "shutdown", ""), ("w2", "awake", "shutdown")]:
                _execute(
                    "INSERT INTO worker (uuid, name, secret_hash, secret_salt, address, platform, software,"
                    " status, status_requested, lazy_status_request, supported_task_types, created, updated)"
                    " VALUES (?, ?, 'h', 's', '', 'linux', '', ?, ?, ?, 'misc', ?, ?)",
                    [uuid, uuid, status, requested, False, stamp, stamp],
                )

        assert migrations.migrate() == 4

        steps = _execute("SELECT name, steps_completed, steps_total FROM task ORDER BY id").fetchall()
        assert [tuple(row) for row in steps] == [("t1", 2, 2), ("t2", 0, 1)]  # a step per command
        job = _execute(
            "SELECT steps_completed, steps_total, submitter_platform, worker_tag_id FROM job"
        ).fetchone()
        assert tuple(job) == (2, 3, "", None)
        workers = _execute(
            "SELECT uuid, status, status_requested, can_restart FROM worker ORDER BY id"
        ).fetchall()
        assert [(u, s, r, bool(c)) for u, s, r, c in workers] == [
            ("w1", "offline", "", False),
            ("w2", "awake", "offline", False),
        ]
        for table in ("worker_tag", "worker_tag_membership", "job_block", "sleep_schedule", "last_rendered"):
            assert _execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0
    finally:
        database.close()


def test_deleting_a_worker_tag_frees_its_jobs_and_memberships(database_url):
    """The foreign keys the later features rely on: tags cascade to memberships, and set jobs free."""
    store_db.bind(store_db.open_database(database_url))
    try:
        migrations.migrate()
        with write_transaction():
            stamp = "2025-01-01 00:00:00"
            _execute(
                "INSERT INTO worker_tag (uuid, name, created, updated) VALUES ('t', 'GPU', ?, ?)",
                [stamp, stamp],
            )
            _execute(
                "INSERT INTO worker (uuid, name, secret_hash, secret_salt, address, platform, software,"
                " status, status_requested, lazy_status_request, supported_task_types, created, updated)"
                " VALUES ('w', 'w', 'h', 's', '', 'linux', '', 'awake', '', ?, 'misc', ?, ?)",
                [False, stamp, stamp],
            )
            _execute("INSERT INTO worker_tag_membership (tag_id, worker_id) VALUES (1, 1)")
            _execute(
                "INSERT INTO job (uuid, name, job_type, priority, status, activity, settings, metadata,"
                " created, updated, worker_tag_id)"
                " VALUES ('j', 'n', 'x', 50, 'queued', '', '{}', '{}', ?, ?, 1)",
                [stamp, stamp],
            )
        with write_transaction():
            _execute("DELETE FROM worker_tag WHERE id = 1")
        assert _execute("SELECT worker_tag_id FROM job").fetchone()[0] is None
        assert _execute("SELECT COUNT(*) FROM worker_tag_membership").fetchone()[0] == 0
    finally:
        database.close()


def test_a_version_3_database_gets_blocks_counters_and_worker_hardware(database_url):
    """Pipeline jobs' schema (migration 4) arrives on a farm with jobs, tasks and workers, and
    leaves them as they were: Flamenco's tasks have no block, nothing is counted as running."""
    store_db.bind(store_db.open_database(database_url))
    try:
        with write_transaction():
            migrations._run([migrations._SCHEMA_VERSION, *migrations._V1, *migrations._V2, *migrations._V3])()
            for version in (1, 2, 3):
                _execute("INSERT INTO schema_version (version) VALUES (?)", [version])
            stamp = "2025-01-01 00:00:00"
            _execute(
                "INSERT INTO job (uuid, name, job_type, priority, status, activity, settings, metadata,"
                " created, updated) VALUES ('j', 'old', 'x', 50, 'active', '', '{}', '{}', ?, ?)",
                [stamp, stamp],
            )
            _execute(
                "INSERT INTO task (uuid, job_id, index_in_job, name, task_type, priority, job_priority,"
                " status, activity, commands, created, updated)"
                " VALUES ('t', 1, 1, 't', 'misc', 50, 50, 'active', '', '[]', ?, ?)",
                [stamp, stamp],
            )

        assert migrations.migrate() == 4

        task = _execute("SELECT block_id, frame_first, frame_last FROM task").fetchone()
        assert tuple(task) == (None, None, None)
        job = _execute(
            "SELECT running, jobs_waiting_on, max_running, user_name, controls FROM job"
        ).fetchone()
        assert tuple(job) == (0, 0, None, "", "{}")
        with write_transaction():  # a block's tasks go with the job, as Flamenco's tasks do
            _execute(
                "INSERT INTO block (job_id, index_in_job, name, task_type) VALUES (1, 0, 'render', 'generic')"
            )
            _execute("UPDATE task SET block_id = 1")
            _execute("DELETE FROM job")
        assert _execute("SELECT COUNT(*) FROM block").fetchone()[0] == 0
        assert _execute("SELECT COUNT(*) FROM task").fetchone()[0] == 0
    finally:
        database.close()
