"""The batched write of jobs' step deltas (PostgreSQL's way; SQLite moves counts in the task's
transaction)."""

from __future__ import annotations

import pytest

from flamenco.services import Services
from flamenco.store import job_steps as job_steps_store
from flamenco.store import jobs as job_store
from flamenco.store.db import is_postgres, write_transaction
from flamenco.store.deletion import delete_job_rows
from tests.factories import independent_job


@pytest.fixture(autouse=True)
def _postgres_only(services: Services) -> None:
    if not is_postgres():
        pytest.skip("the batched write serves PostgreSQL")


def steps(job_uuid: str) -> int:
    return job_store.get_job(job_uuid).steps_completed


def test_one_write_moves_several_jobs_and_names_them(services):
    one, two, three = (independent_job(services, name=n, count=4) for n in ("one", "two", "three"))
    moved = job_steps_store.add_to_jobs({three.id: 3, one.id: 1, two.id: 0})
    assert sorted(moved) == sorted([(one.id, one.uuid), (three.id, three.uuid)])  # a zero is no move
    assert (steps(one.uuid), steps(two.uuid), steps(three.uuid)) == (1, 0, 3)


def test_counts_stay_within_nothing_and_the_total(services):
    job = independent_job(services, count=2)
    job_steps_store.add_to_jobs({job.id: 5})
    assert steps(job.uuid) == 2
    job_steps_store.add_to_jobs({job.id: -7})
    assert steps(job.uuid) == 0


def test_a_deleted_job_is_skipped_and_the_others_are_written(services):
    kept, gone = independent_job(services, name="kept", count=2), independent_job(services, name="gone")
    delete_job_rows(gone.id)
    assert job_steps_store.add_to_jobs({gone.id: 1, kept.id: 1}) == [(kept.id, kept.uuid)]
    assert steps(kept.uuid) == 1


def test_refuses_to_join_the_callers_transaction(services):
    job = independent_job(services)
    with pytest.raises(RuntimeError), write_transaction():
        job_steps_store.add_to_jobs({job.id: 1})
    assert steps(job.uuid) == 0
