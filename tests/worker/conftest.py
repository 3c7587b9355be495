"""Fixtures for the worker tests that need a real Manager."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.api.live_manager import ManagerProcess


@pytest.fixture(scope="module")
def live_manager(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ManagerProcess]:
    """A real Manager process shared by a module's tests; each test uses its own workers and jobs."""
    with ManagerProcess(tmp_path_factory.mktemp("manager")) as manager:
        yield manager
        server_log = manager.log()
    assert "Traceback" not in server_log, server_log[-5000:]
