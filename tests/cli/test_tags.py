"""`flamenco tag …`, `flamenco worker tags`, `flamenco job tag` and `flamenco job blocklist` against a
real Manager (blocklist threshold 1) and a real worker process; every exchange spec-checked on the
door it used (`/api` or `/api/v3`)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from tests.api.live_manager import ManagerProcess
from tests.cli.conftest import TEST_JOB_TYPES, WORKER_NAME, Farm, eventually
from tests.worker.worker_process import WorkerProcess

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def farm(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Farm]:
    """A farm whose Manager blocklists a worker at its first failure of a job's task type."""
    root = tmp_path_factory.mktemp("cli-tags-farm")
    (root / "manager").mkdir()
    (root / "manager" / "flamenco-manager.yaml").write_text("_meta: {version: 3}\nblocklist_threshold: 1\n")
    manager = ManagerProcess(root / "manager", extra_args=["--job-types-path", str(TEST_JOB_TYPES)])
    with manager, WorkerProcess(manager.url, root / "worker", name=WORKER_NAME) as worker:
        farm = Farm(manager, worker)
        eventually(lambda: '"awake"' in farm.cli("worker", "list", "--json").out, 30, "the worker awake")
        yield farm
        assert worker.violations() == "", worker.violations()
    assert "Traceback" not in manager.log(), manager.log()[-5000:]


def status_of(farm: Farm) -> str:
    listed = farm.cli("worker", "list", "--json").json()["workers"]
    return next(w["status"] for w in listed if w["nickname"] == WORKER_NAME)


def ok(result):
    assert result.code == 0, result.err
    return result


def test_tags_are_created_listed_renamed_and_deleted(farm: Farm) -> None:
    created = ok(farm.cli("tag", "create", "gpu", "--description", "GPU boxes"))
    assert created.out.startswith("created tag gpu (")
    row = next(line for line in ok(farm.cli("tag", "list")).lines() if " gpu " in line)
    assert "GPU boxes" in row
    listed = ok(farm.cli("tag", "list", "--json")).json()["tags"]
    tag_id = next(t["id"] for t in listed if t["name"] == "gpu")
    assert any(c.path.startswith("/api/v3/") for c in farm.cli("tag", "list").calls)  # 3.8's door

    renamed = ok(farm.cli("tag", "rename", "gpu", "gpu-eevee", "--json")).json()
    assert renamed == {"id": tag_id, "name": "gpu-eevee", "description": "GPU boxes"}  # description kept
    duplicate = farm.cli("tag", "create", "gpu-eevee")
    assert duplicate.code == 2 and "already is a worker tag named 'gpu-eevee'" in duplicate.err

    assert ok(farm.cli("tag", "delete", tag_id)).out.startswith(f"deleted tag {tag_id}")
    assert "gpu-eevee" not in ok(farm.cli("tag", "list")).out
    unknown = farm.cli("tag", "delete", "gpu-eevee")
    assert unknown.code == 2 and "no tag named 'gpu-eevee'" in unknown.err


def test_a_tagged_job_waits_for_a_worker_of_its_tag(farm: Farm) -> None:
    ok(farm.cli("tag", "create", "farm-a"))
    # Asleep while the job is submitted and tagged (a job is submitted untagged through `/api`).
    ok(farm.cli("worker", "sleep", WORKER_NAME, "--now"))
    eventually(lambda: status_of(farm) == "asleep", 20, "worker asleep")
    job_id = farm.submit("shell-tasks", "tagged", count=1)
    shown = ok(farm.cli("job", "tag", job_id, "farm-a"))
    assert shown.out.startswith("job tagged (") and "tag farm-a (" in shown.out
    ok(farm.cli("worker", "wake", WORKER_NAME))
    eventually(lambda: status_of(farm) == "awake", 20, "worker awake")
    # The worker is in no tag, so the job waits (the idle worker asks for work every second or so).
    time.sleep(2)
    assert farm.job(job_id)["status"] == "queued"
    assert "tags (none)" in ok(farm.cli("worker", "tags", WORKER_NAME)).out

    member = ok(farm.cli("worker", "tags", WORKER_NAME, "farm-a", "--json")).json()
    assert [t["name"] for t in member["tags"]] == ["farm-a"]
    assert "Tags        farm-a" in ok(farm.cli("worker", "show", WORKER_NAME)).out
    assert "Tag       farm-a" in ok(farm.cli("job", "show", job_id)).out
    eventually(lambda: farm.job(job_id)["status"] == "completed", 30, "job completed on the tagged worker")

    assert "tags (none)" in ok(farm.cli("worker", "tags", WORKER_NAME, "--clear")).out
    second = farm.submit("shell-tasks", "tagged-2", count=1)
    ok(farm.cli("job", "tag", second, "farm-a"))
    assert "tag (none: any worker may run it)" in ok(farm.cli("job", "tag", second, "--clear")).out
    assert "Tag       (none: any worker)" in ok(farm.cli("job", "show", second)).out
    eventually(lambda: farm.job(second)["status"] == "completed", 30, "untagged job completed")

    refused = farm.cli("job", "tag", second, "no-such-tag")
    assert refused.code == 2 and "no tag named 'no-such-tag'" in refused.err
    both = farm.cli("worker", "tags", WORKER_NAME, "farm-a", "--clear")
    assert both.code == 2 and "not both" in both.err


def test_a_failing_worker_is_blocklisted_and_freed(farm: Farm) -> None:
    job_id = farm.submit("shell-tasks", "breaks", count=2, fail_task=1)
    eventually(lambda: farm.job(job_id)["status"] == "failed", 30, "job failed")
    # Its only worker is blocklisted at the first failure, so nobody is left to run the job.
    assert farm.job(job_id)["activity"] == "no more workers left to run tasks of type 'misc'"

    listed = ok(farm.cli("job", "blocklist", job_id))
    row = next(line for line in listed.lines() if WORKER_NAME in line)
    assert "misc" in row
    as_json = ok(farm.cli("job", "blocklist", job_id, "--json")).json()
    assert [(b["worker_name"], b["task_type"]) for b in as_json] == [(WORKER_NAME, "misc")]

    other_type = farm.cli("job", "blocklist", job_id, "--remove", WORKER_NAME, "--task-type", "blender")
    assert other_type.code == 2 and "not on the job's blocklist for task type 'blender'" in other_type.err
    removed = ok(farm.cli("job", "blocklist", job_id, "--remove", WORKER_NAME))
    assert f"removed {WORKER_NAME} from the job's blocklist (misc)" in removed.out
    assert ok(farm.cli("job", "blocklist", job_id, "--json")).json() == []
