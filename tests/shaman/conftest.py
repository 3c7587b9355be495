"""Fixtures for the Shaman tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from flamenco.shaman import Shaman


@pytest.fixture
def shaman(tmp_path: Path) -> Shaman:
    return Shaman(tmp_path / "storage")
