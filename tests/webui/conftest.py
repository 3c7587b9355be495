"""Fixtures for the browser tests: Chromium, a real Manager and a real worker process."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.api.live_manager import ManagerProcess
from tests.api.spec_client import SpecCheckedSession, load_spec, spec_of_door
from tests.cli.conftest import TEST_JOB_TYPES
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


@contextlib.contextmanager
def checked_manager(
    workdir: Path, *, test_job_types: bool = False, config: str = ""
) -> Iterator[ManagerProcess]:
    """A real Manager in ``workdir`` (with the test job types, with ``config`` as its configuration
    file), whose log must show no traceback once the module's tests are done."""
    if config:
        (workdir / "flamenco-manager.yaml").write_text(config)
    extra_args = ["--job-types-path", str(TEST_JOB_TYPES)] if test_job_types else []
    with ManagerProcess(workdir, extra_args=extra_args) as process:
        yield process
        server_log = process.log()
    assert "Traceback" not in server_log, server_log[-5000:]


@pytest.fixture(scope="module")
def manager(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ManagerProcess]:
    with checked_manager(tmp_path_factory.mktemp("ui-manager")) as process:
        yield process


@pytest.fixture(scope="module")
def v3(manager: ManagerProcess) -> SpecCheckedSession:
    """Flamenco 3.8's door of the module's Manager, answers checked against the spec."""
    return SpecCheckedSession(manager.url, spec=spec_of_door("/api/v3/"), timeout=10)


@pytest.fixture(scope="module")
def seed(manager: ManagerProcess) -> SpecCheckedSession:
    """The seed door of the module's Manager, answers checked against the spec."""
    return SpecCheckedSession(manager.url, spec=load_spec(), timeout=10)


@contextlib.contextmanager
def idle_worker_of(manager: ManagerProcess, workdir: Path, name: str) -> Iterator[WorkerProcess]:
    """A worker of a task type no job has (it runs nothing, so sleeping or tagging it holds up no
    other test), registered before it is handed over."""
    with WorkerProcess(manager.url, workdir, name=name, task_types=["ui-idle"]) as process:
        process.wait_for_credentials()
        yield process


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
