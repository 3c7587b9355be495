"""A pipeline job's life on its web page, in a real headless Chromium against a real Manager: what
the job waits for, its wait-time countdown, life time and post command, and editing them."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.api.live_manager import ManagerProcess
from tests.api.spec_client import SpecCheckedSession

from .browser import open_live, screenshot
from .conftest import checked_manager

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def manager(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ManagerProcess]:
    with checked_manager(tmp_path_factory.mktemp("ui-life-manager"), test_job_types=True) as process:
        yield process


def submit(seed: SpecCheckedSession, name: str, **metadata: str) -> dict[str, Any]:
    # Tasks of a type no worker runs: the jobs stay unfinished.
    body = {
        "name": name,
        "type": "independent-tasks",
        "priority": 50,
        "settings": {"count": 1, "task_type": "ui-none"},
    }
    return seed.post("/api/jobs", json={**body, "metadata": {"user.name": "alice", **metadata}}).json()


def test_the_job_page_shows_what_the_job_waits_for_and_how_it_ends(
    page: Any, v3: SpecCheckedSession, seed: SpecCheckedSession
) -> None:
    render = submit(seed, "shot020_render")
    wait_until = int(time.time()) + 2 * 3600 + 300
    comp = submit(
        seed,
        "shot020_comp",
        **{
            "af.depend_mask": "shot020_.*",
            "af.time_wait": str(wait_until),
            "af.time_life": "86400",
            "af.command_post": "rm -rf /tmp/shot020",
        },
    )
    open_live(page, f"/app/jobs/{comp['id']}")
    page.wait_for_selector("[data-testid=life-waits-chip]:has-text('shot020_render')")
    assert page.inner_text("[data-testid=life-depend-mask]") == "shot020_.*"
    assert page.inner_text("[data-testid=life-time-wait]").startswith("2 h 0")  # counting down
    first = page.inner_text("[data-testid=life-time-wait]")
    page.wait_for_function(
        "(first) => document.querySelector('[data-testid=life-time-wait]').innerText !== first", arg=first
    )
    assert "86400 s — deleted in 23 h" in page.inner_text("[data-testid=life-time-life]")
    assert page.inner_text("[data-testid=life-command-post]") == "rm -rf /tmp/shot020"
    assert "waiting for jobs: shot020_render" in page.inner_text(".activity")
    screenshot(page, "job-life")

    # Deleting the render releases the comp: the page follows (the release is a job update).
    v3.delete(f"/api/v3/jobs/{render['id']}")
    page.wait_for_selector("[data-testid=life-waits-for]:has-text('no jobs')", timeout=20_000)

    # Editing: the wait is lifted and the post command changed; the Manager stores what was sent.
    page.click("[data-testid=life-edit]")
    page.fill("[data-testid=life-input-time-wait]", "")
    page.fill("[data-testid=life-input-command-post]", "echo done")
    page.click("[data-testid=life-save]")
    page.wait_for_selector(".toast:has-text('Job life saved')")
    life = v3.get(f"/api/v3/jobs/{comp['id']}/life").json()
    assert (
        "time_wait" not in life
        and life["command_post"] == "echo done"
        and life["depend_mask"] == "shot020_.*"
    )
    assert page.query_selector("[data-testid=life-time-wait]") is None

    page.click("[data-testid=life-edit]")
    page.fill("[data-testid=life-input-depend-mask]", "(")
    page.click("[data-testid=life-save]")
    page.wait_for_selector(".toast-error:has-text('not a regular expression')")
