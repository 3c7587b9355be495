"""Fixtures: a real Manager process and the add-on's generated clients (see generated.py)."""

from __future__ import annotations

import shutil
from types import ModuleType

import pytest

from tests.api.conftest import live_manager  # noqa: F401  (a real Manager, module-scoped)

from .generated import SEED_SPEC, V3_SPEC, generated_client


def _needs(spec_name: str, spec_exists: bool) -> None:
    if shutil.which("java") is None:
        pytest.skip("openapi-generator needs Java (apt-get install default-jre-headless)")
    if not spec_exists:
        pytest.skip(f"no {spec_name} spec beside the repository (../shared)")


@pytest.fixture(scope="session")
def addon38() -> ModuleType:
    """Flamenco 3.8.5's add-on client: `addon38.manager` ≡ the add-on's `flamenco.manager`."""
    _needs("Flamenco 3.8.5", V3_SPEC.exists())
    return generated_client(V3_SPEC, "addon38", user_agent="Flamenco/3.8.5 (Blender add-on)")


@pytest.fixture(scope="session")
def addon_seed() -> ModuleType:
    """The 2022 seed-era add-on's client, generated from the seed spec."""
    _needs("seed", SEED_SPEC.exists())
    return generated_client(SEED_SPEC, "addonseed", user_agent="Flamenco/3.0 (Blender add-on)")
