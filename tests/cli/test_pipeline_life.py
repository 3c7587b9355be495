"""`flamenco job life` against a real Manager and a real worker process: a Flamenco job carrying
`af.depend_mask` metadata waits for the render it names and runs once the render completes (the
Manager's dependency watch releases it); life controls are set, shown and cleared."""

from __future__ import annotations

import pytest

from tests.cli.conftest import Farm, eventually

pytestmark = pytest.mark.e2e


def ok(result):
    assert result.code == 0, result.err
    return result


def submit(farm: Farm, name: str, *extra: str, sleep: float = 0.0) -> str:
    args = ["job", "submit", "--json", "--type", "shell-tasks", "--name", name, "--setting", "count=1"]
    args += ["--setting", f"sleep={sleep}", "--metadata", "user.name=alice", *extra]
    return str(ok(farm.cli(*args)).json()["id"])


def test_a_job_waits_for_the_render_its_mask_names(farm: Farm) -> None:
    render = submit(farm, "shot010_render", sleep=3)
    comp = submit(farm, "shot010_comp", "--metadata", "af.depend_mask=shot010_render")
    shown = ok(farm.cli("job", "life", comp)).out
    assert "waits for jobs:    shot010_render" in shown and "depend mask:       shot010_render" in shown
    assert ok(farm.cli("job", "life", comp, "--json")).json()["waiting_for_jobs"] is True
    assert farm.job(comp)["status"] == "queued"
    eventually(lambda: farm.job(render)["status"] == "completed", 30, "the render to complete")
    eventually(lambda: farm.job(comp)["status"] == "completed", 30, "the comp to run after it")
    assert ok(farm.cli("job", "life", comp)).out.startswith("waits for jobs:    nothing")


def test_life_controls_are_set_shown_and_cleared(farm: Farm) -> None:
    job = submit(farm, "later", "--metadata", "af.time_wait=4102444800")  # 2100-01-01, epoch seconds
    life = ok(farm.cli("job", "life", job, "--json")).json()
    assert life["time_wait"] == "2100-01-01T00:00:00Z"
    changed = ok(
        farm.cli("job", "life", job, "--time-life", "2h", "--command-post", "echo bye", "--time-wait", "")
    )
    assert "post command:      echo bye" in changed.out and "life time:         7200 s" in changed.out
    assert "not before" not in changed.out
    eventually(lambda: farm.job(job)["status"] == "completed", 30, "the job to run once its wait is lifted")
    cleared = ok(farm.cli("job", "life", job, "--command-post", "", "--time-life", "", "--json")).json()
    assert "command_post" not in cleared and "time_life" not in cleared
    refused = farm.cli("job", "life", job, "--depend-mask", "(")
    assert refused.code != 0 and "not a regular expression" in refused.err
