"""Storing and querying jobs on a real database."""

from __future__ import annotations

import pytest

from flamenco.errors import BadRequest
from flamenco.scheduler.jobs import submit_job
from flamenco.store import jobs as job_store
from flamenco.store.migrations import MIGRATIONS, migrate
from flamenco.store.models import Job, Task, TaskDependency
from tests.factories import echo_job, independent_job


def test_a_ten_thousand_task_job_is_stored_whole(services):
    job = echo_job(services, sleeps=9_999)
    assert Task.select().where(Task.job == job.id).count() == 10_000
    assert TaskDependency.select().count() == 9_999
    indexes = [
        i
        for (i,) in Task.select(Task.index_in_job)
        .where(Task.job == job.id)
        .order_by(Task.index_in_job)
        .tuples()
    ]
    assert indexes == list(range(1, 10_001))


def test_a_rejected_job_writes_nothing(services):
    with pytest.raises(BadRequest, match="message"):
        submit_job(services, {"name": "x", "type": "echo-sleep-test", "priority": 50, "settings": {}})
    assert Job.select().count() == 0
    assert Task.select().count() == 0


def test_query_filters_by_status_metadata_and_settings(services):
    a = submit_job(
        services,
        {
            "name": "a",
            "type": "echo-sleep-test",
            "priority": 50,
            "settings": {"message": "Hello there"},
            "metadata": {"project": "Sprite Fright", "user.name": "Ann"},
        },
    )
    submit_job(
        services,
        {
            "name": "b",
            "type": "echo-sleep-test",
            "priority": 50,
            "settings": {"message": "bye", "sleep_repeats": 3},
            "metadata": {"project": "Charge"},
        },
    )

    def query(q: job_store.JobQuery) -> list:
        return job_store.query_jobs(q)[0]

    assert [j.name for j in query(job_store.JobQuery(metadata={"project": "sprite%"}))] == ["a"]
    assert [j.name for j in query(job_store.JobQuery(settings={"message": "%THERE"}))] == ["a"]
    assert [j.name for j in query(job_store.JobQuery(settings={"sleep_repeats": 3}))] == ["b"]
    assert query(job_store.JobQuery(status_in=["completed"])) == []
    assert [
        j.uuid for j in query(job_store.JobQuery(status_in=["queued"], metadata={"user.name": "Ann"}))
    ] == [a.uuid]


def test_query_orders_and_pages(services):
    for number, priority in enumerate([30, 90, 60]):
        independent_job(services, name=f"job-{number}", priority=priority)
        services.clock.advance(seconds=1)
    query = job_store.query_jobs
    by_priority, _ = query(job_store.JobQuery(order_by=["-priority"]))
    assert [j.name for j in by_priority] == ["job-1", "job-2", "job-0"]
    page, total = query(job_store.JobQuery(order_by=["created"], offset=1, limit=1))
    assert ([j.name for j in page], total) == (["job-1"], 3)
    with pytest.raises(BadRequest, match="cannot order jobs by 'colour'"):
        query(job_store.JobQuery(order_by=["colour"]))


def test_name_search_ignores_case_and_takes_text_literally(services):
    for name in ("Сцена 12 финал", "shot_010 comp", "shot-010 light", "100% done"):
        independent_job(services, name=name)

    def names(text: str) -> list[str]:
        jobs, total = job_store.query_jobs(job_store.JobQuery(name_contains=text, order_by=["name"]))
        assert total == len(jobs)
        return [j.name for j in jobs]

    assert names("СЦЕНА") == ["Сцена 12 финал"]  # not only ASCII folds
    assert names("SHOT_") == ["shot_010 comp"]  # `_` is no wildcard
    assert names("0%") == ["100% done"]
    assert names("010") == ["shot-010 light", "shot_010 comp"]
    assert names("nothing like it") == []


def test_migrating_again_changes_nothing(services):
    assert migrate() == len(MIGRATIONS)
    assert migrate() == len(MIGRATIONS)
