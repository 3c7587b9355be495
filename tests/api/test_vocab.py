"""The canonical vocabulary is Flamenco 3.8's, generated from its spec; the seed's words map onto it."""

from __future__ import annotations

import pytest

from flamenco import api_types, api_types_v3
from flamenco.api import vocab
from flamenco.scheduler import state_machine
from flamenco.scheduler.jobs import INITIAL_STATUSES
from flamenco.store import tasks as task_store


def test_the_canonical_statuses_are_the_generated_3_8_enums():
    assert vocab.JOB_STATUSES is api_types_v3.JOB_STATUS_VALUES
    assert vocab.TASK_STATUSES is api_types_v3.TASK_STATUS_VALUES
    assert vocab.WORKER_STATUSES is api_types_v3.WORKER_STATUS_VALUES
    assert "pause-requested" in vocab.JOB_STATUSES and "shutdown" not in vocab.WORKER_STATUSES


def test_every_status_the_scheduler_decides_in_is_canonical():
    job_statuses = {*state_machine.JOB_REQUESTS, *INITIAL_STATUSES}
    for allowed_from in state_machine.JOB_REQUESTS.values():
        job_statuses.update(allowed_from)
    task_statuses = {*state_machine.TASK_REQUESTS, *task_store.RUNNABLE_TASK_STATUSES}
    for allowed_from in state_machine.TASK_REQUESTS.values():
        task_statuses.update(allowed_from)
    assert job_statuses <= set(vocab.JOB_STATUSES)
    assert task_statuses <= set(vocab.TASK_STATUSES)
    assert set(vocab.STOP_STATUSES) <= set(vocab.WORKER_STATUSES)


@pytest.mark.parametrize(
    ("seed_word", "canonical"),
    [("shutdown", "offline"), ("offline", "offline"), ("asleep", "asleep"), ("awake", "awake")],
)
def test_seed_worker_statuses_come_in_as_canonical_ones(seed_word, canonical):
    assert seed_word in api_types.WORKER_STATUS_VALUES
    assert vocab.worker_status_from_seed(seed_word) == canonical


def test_every_canonical_worker_status_has_a_seed_word_for_people_and_for_workers():
    for status in vocab.WORKER_STATUSES:
        assert vocab.worker_status_to_seed(status) in api_types.WORKER_STATUS_VALUES
        assert vocab.requested_status_to_seed_worker(status) in api_types.WORKER_STATUS_VALUES
    assert vocab.requested_status_to_seed_worker("offline") == "shutdown"  # what seed-era workers act on
    assert vocab.requested_status_to_seed_worker("restart") == "shutdown"
    assert vocab.worker_status_to_seed("restart") == "offline"


def test_every_canonical_job_status_has_a_seed_word():
    for status in vocab.JOB_STATUSES:
        assert vocab.job_status_to_seed(status) in api_types.JOB_STATUS_VALUES
    assert vocab.job_status_to_seed("pause-requested") == "paused"
    assert vocab.job_statuses_from_seed(["paused", "queued"]) == ["paused", "pause-requested", "queued"]
    assert vocab.job_request_from_v3("pause-requested") == "paused"
    assert vocab.job_request_from_v3("cancel-requested") == "cancel-requested"
