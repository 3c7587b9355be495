"""Worker tags and job blocklists through Flamenco 3.8.5's own generated client (the add-on's): the
answers of the new operations must deserialise as the add-on and Flamenco's web tooling read them."""

from __future__ import annotations

from types import ModuleType

import pytest

from tests.api.live_manager import ManagerProcess
from tests.api.spec_client import SpecCheckedSession, spec_of_door

from .test_addon_3_8 import api_client

pytestmark = pytest.mark.e2e


def test_tags_and_blocklists_through_the_add_ons_client(
    addon38: ModuleType, live_manager: ManagerProcess
) -> None:
    apis, models = addon38.apis, addon38.models
    http = api_client(addon38, live_manager)
    mgt, jobs = apis.WorkerMgtApi(http), apis.JobsApi(http)

    created = mgt.create_worker_tag(models.WorkerTag(name="compat-gpu", description="for the add-on"))
    assert created.name == "compat-gpu" and created.id
    # What the add-on lists in its "Worker tag" menu.
    assert "compat-gpu" in [t.name for t in mgt.fetch_worker_tags().tags]
    assert mgt.fetch_worker_tag(created.id).description == "for the add-on"
    mgt.update_worker_tag(created.id, models.WorkerTag(name="compat-gpu-2"))

    # A job to tag and to read the blocklist of, submitted over plain HTTP (the add-on's own
    # submission waits for the job types to match Flamenco's: test_addon_3_8.py).
    v3 = SpecCheckedSession(live_manager.url, spec=spec_of_door("/api/v3/"))
    body = {"name": "compat-tags", "type": "echo-sleep-test", "priority": 50, "submitter_platform": "linux",
            "settings": {"message": "hi", "sleep_repeats": 1, "sleep_duration_seconds": 0}}  # fmt: skip
    submitted = v3.post("/api/v3/jobs", json={**body, "initial_status": "paused"})
    assert submitted.status_code == 200, submitted.text
    job_id = submitted.json()["id"]
    jobs.set_job_tag(job_id, models.JobTagChange(name="compat-gpu-2"))
    assert v3.get(f"/api/v3/jobs/{job_id}").json()["worker_tag"] == created.id
    assert jobs.fetch_job_blocklist(job_id).value == []  # a `JobBlocklist` model around the list
    with pytest.raises(addon38.ApiException) as refused:
        jobs.set_job_tag(job_id, models.JobTagChange(name="no-such-tag"))
    assert refused.value.status == 422
    mgt.delete_worker_tag(created.id)
    assert "worker_tag" not in v3.get(f"/api/v3/jobs/{job_id}").json()
