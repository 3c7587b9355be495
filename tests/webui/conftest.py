"""Fixtures for the browser tests: Chromium, a real Manager and a real worker process."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.api.live_manager import ManagerProcess
from tests.worker.worker_process import WorkerProcess

from .browser import DESKTOP, chromium_missing, launch


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    missing = chromium_missing()
    if missing:
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def manager(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ManagerProcess]:
    with ManagerProcess(tmp_path_factory.mktemp("ui-manager")) as process:
        yield process
        server_log = process.log()
    assert "Traceback" not in server_log, server_log[-5000:]


@pytest.fixture(scope="module")
def worker(manager: ManagerProcess, tmp_path_factory: pytest.TempPathFactory) -> Iterator[WorkerProcess]:
    """A worker that runs the test jobs (echo-sleep-test: `misc` tasks)."""
    with WorkerProcess(manager.url, tmp_path_factory.mktemp("ui-worker"), name="ui-worker") as process:
        process.wait_for_credentials()
        yield process


@pytest.fixture
def page(browser: Any, manager: ManagerProcess) -> Iterator[Any]:
    """A fresh browser tab at 1280x800 whose `goto("/app/...")` is relative to the Manager."""
    context = browser.new_context(viewport=DESKTOP, base_url=manager.url)
    context.set_default_timeout(15_000)
    tab = context.new_page()
    errors: list[str] = []  # uncaught exceptions in the page fail the test that caused them
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert not errors, errors
