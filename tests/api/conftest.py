"""Fixtures for tests that talk to the Manager over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .live_manager import ManagerProcess


@pytest.fixture(scope="module")
def live_manager(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ManagerProcess]:
    """One real Manager process (SQLite, response validation on) shared by a module's tests.

    Module scope because start-up costs about a second; each test registers its own workers and
    submits its own jobs, so tests cannot see each other's work.
    """
    with ManagerProcess(tmp_path_factory.mktemp("manager")) as manager:
        yield manager
        server_log = manager.log()
    # Anything the server logged as an unexpected error is a bug, even if every response looked fine.
    assert "unexpected error" not in server_log, server_log[-5000:]
    assert "Traceback" not in server_log, server_log[-5000:]
