"""`flamenco job controls`, `flamenco ticket …`, `flamenco worker resources|properties` (issue 9)
against a real Manager and a real worker process, every exchange spec-checked."""

from __future__ import annotations

import time

import pytest

from tests.cli.conftest import WORKER_NAME, Farm, eventually

pytestmark = pytest.mark.e2e


def ok(result):
    assert result.code == 0, result.err
    return result


def test_tickets_are_set_and_listed(farm: Farm) -> None:
    assert ok(farm.cli("ticket", "set", "NUKE", "2")).out.startswith("ticket NUKE (farm): capacity 2")
    ok(farm.cli("ticket", "set", "MEM", "64", "--scope", "worker"))
    ok(farm.cli("ticket", "set", "HOU", "5", "--max-hosts", "2"))
    rows = {line.split()[0]: line for line in ok(farm.cli("ticket", "list")).lines()[1:] if line.strip()}
    assert "64 per worker" in rows["MEM"] and "farm" in rows["NUKE"]
    listed = {t["name"]: t for t in ok(farm.cli("ticket", "list", "--json")).json()["tickets"]}
    assert listed["HOU"]["max_hosts"] == 2
    refused = farm.cli("ticket", "set", "MEM", "8", "--scope", "worker", "--max-hosts", "2")
    assert refused.code == 2 and "max_hosts" in refused.err


def test_job_controls_keep_a_job_off_the_farm_until_the_mask_is_lifted(farm: Farm) -> None:
    def status_of_worker() -> str:
        listed = farm.cli("worker", "list", "--json").json()["workers"]
        return next(w["status"] for w in listed if w["nickname"] == WORKER_NAME)

    ok(farm.cli("worker", "sleep", WORKER_NAME, "--now"))  # so the job waits for its controls
    eventually(lambda: status_of_worker() == "asleep", 20, "the worker asleep")
    job_id = farm.submit("echo-sleep-test", "controlled", message="hi", sleep_duration_seconds=0)
    shown = ok(farm.cli("job", "controls", job_id, "--hosts-mask", "render-.*", "--max-running", "1"))
    assert "block echo-sleep-test (implicit)" in shown.out and "max 1" in shown.out
    controls = ok(farm.cli("job", "controls", job_id, "--json")).json()
    assert controls["controls"]["hosts_mask"] == "render-.*"
    assert controls["blocks"][0]["eligible_workers"] == 0, f"{WORKER_NAME} does not match render-.*"
    ok(farm.cli("worker", "wake", WORKER_NAME))
    eventually(lambda: status_of_worker() == "awake", 20, "the worker awake")
    time.sleep(2)
    assert farm.job(job_id)["status"] == "queued", "the only worker's name does not match the mask"
    ok(farm.cli("job", "controls", job_id, "--hosts-mask", ""))
    eventually(lambda: farm.job(job_id)["status"] == "completed", 30, "the job completed once allowed")
    bad = farm.cli("job", "controls", job_id, "--hosts-mask", "([")
    assert bad.code == 2 and "not a valid regular expression" in bad.err


def test_worker_resources_and_properties(farm: Farm) -> None:
    report = eventually(
        lambda: ok(farm.cli("worker", "resources", WORKER_NAME, "--json")).json()["resources"], 10, "a report"
    )
    assert report["cpu_cores"] >= 1
    ok(farm.cli("worker", "properties", WORKER_NAME, "gpu nuke"))
    shown = ok(farm.cli("worker", "resources", WORKER_NAME))
    assert "gpu nuke" in shown.out and "cpu_cores" in shown.out
