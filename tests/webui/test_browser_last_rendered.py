"""Last-rendered images and step progress in a real headless Chromium, against a real Manager.

A stand-in for Flamenco 3.8's worker (plain HTTP on `/api/v3`) takes the task and posts frames;
the pages must show each new frame within seconds, without a reload, and the steps it reports.
This module has a Manager of its own and no worker process, so the stand-in gets every task.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
import requests
from PIL import Image

from tests.api.frames_worker import FakeWorker
from tests.api.live_manager import ManagerProcess

from .browser import open_live
from .test_browser import assert_not_reloaded, mark_no_reload

pytestmark = pytest.mark.browser


def shown_color(page: Any, selector: str) -> tuple[int, int, int]:
    """The colour in the middle of the image the page shows (as fetched by the browser)."""
    data = page.evaluate(
        """async (selector) => {
            const img = document.querySelector(selector);
            const bytes = new Uint8Array(await (await fetch(img.src)).arrayBuffer());
            return Array.from(bytes);
        }""",
        selector,
    )
    image = Image.open(io.BytesIO(bytes(data))).convert("RGB")
    return image.getpixel((image.width // 2, image.height // 2))  # type: ignore[return-value]


def close_to(color: tuple[int, int, int], wanted: tuple[int, int, int]) -> bool:
    return all(abs(a - b) < 24 for a, b in zip(color, wanted, strict=True))


def test_job_page_and_jobs_page_show_new_frames_live_and_steps(page: Any, manager: ManagerProcess) -> None:
    body = {
        "name": "framed",
        "type": "echo-sleep-test",
        "priority": 50,
        "settings": {"message": "hi", "sleep_repeats": 0},
    }
    job = requests.post(f"{manager.url}/api/jobs", json=body, timeout=10).json()
    worker = FakeWorker(manager.url)
    task = worker.take_task()

    open_live(page, f"/app/jobs/{job['id']}")
    mark_no_reload(page)
    page.wait_for_selector("[data-testid=last-rendered-none]")
    assert page.inner_text("[data-testid=job-steps]") == "0 of 1"

    worker.frame(task["uuid"], (220, 20, 20))
    img = "[data-testid=last-rendered-img]"
    page.wait_for_selector(img, timeout=10_000)
    assert close_to(shown_color(page, img), (220, 20, 20))
    first_src = page.get_attribute(img, "src")
    assert first_src.startswith(f"/job-files/job-{job['id'][:4]}/{job['id']}/last-rendered-small.jpg?v=")

    worker.frame(task["uuid"], (20, 20, 220))  # a newer frame replaces it, same page
    page.wait_for_function(
        f"document.querySelector('{img}').getAttribute('src') !== '{first_src}'", timeout=10_000
    )
    assert close_to(shown_color(page, img), (20, 20, 220))

    worker.update(task["uuid"], taskStatus="completed")
    page.wait_for_function(
        "document.querySelector('[data-testid=job-steps]').textContent.trim() === '1 of 1'", timeout=10_000
    )
    assert_not_reloaded(page)

    # The jobs page shows the farm's latest frame, linked to its job.
    open_live(page, "/app/jobs")
    page.wait_for_selector(f".farm-last-rendered {img}")
    assert page.get_attribute(f".farm-last-rendered {img}", "data-job") == job["id"]
    assert "last-rendered-tiny.jpg" in page.get_attribute(f".farm-last-rendered {img}", "src")
    assert page.get_attribute("[data-testid=last-rendered-job]", "href").endswith(f"/jobs/{job['id']}")

    # A frame of another job takes its place there without a reload.
    mark_no_reload(page)
    other = requests.post(f"{manager.url}/api/jobs", json={**body, "name": "other"}, timeout=10).json()
    other_task = worker.take_task()
    assert other_task["job"] == other["id"]
    worker.frame(other_task["uuid"], (20, 200, 20))
    page.wait_for_function(
        f"document.querySelector('.farm-last-rendered {img}')?.dataset.job === '{other['id']}'",
        timeout=10_000,
    )
    assert close_to(shown_color(page, f".farm-last-rendered {img}"), (20, 200, 20))
    assert_not_reloaded(page)


def test_task_panel_shows_steps(page: Any, manager: ManagerProcess) -> None:
    body = {
        "name": "stepped",
        "type": "echo-sleep-test",
        "priority": 50,
        "settings": {"message": "s", "sleep_repeats": 0},
    }
    job = requests.post(f"{manager.url}/api/jobs", json=body, timeout=10).json()
    worker = FakeWorker(manager.url)
    task = worker.take_task()
    open_live(page, f"/app/jobs/{job['id']}/{task['uuid']}")
    page.wait_for_function(
        "document.querySelector('[data-testid=task-steps]')?.textContent.trim() === '0 of 1'", timeout=10_000
    )
    worker.update(task["uuid"], steps_completed=1, activity="halfway")
    page.wait_for_function(
        "document.querySelector('[data-testid=task-steps]').textContent.trim() === '1 of 1'", timeout=10_000
    )
