"""The Settings page (/app/setup): variables, shared storage, setup assistant and configuration file,
in Chromium against a real Manager process (its config file is in its own working directory)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.api.live_manager import ManagerProcess

from .browser import open_live

pytestmark = pytest.mark.browser

FAKE_BLENDER = "#!/bin/sh\necho 'Blender 4.2.3 LTS'\n"


def test_variables_and_shared_storage_per_platform(page: Any, manager: ManagerProcess) -> None:
    open_live(page, "/app/setup")
    page.wait_for_selector("[data-testid=variables] [data-variable=jobs]")
    shared = str(manager.workdir / "shared" / "jobs")
    assert page.locator("[data-variable=jobs] td").nth(1).inner_text() == shared
    page.select_option("[data-testid=var-platform]", "windows")
    page.select_option("[data-testid=var-audience]", "workers")
    page.wait_for_function(
        "document.querySelector('[data-testid=shared-storage]')?.textContent.includes('jobs')"
    )
    assert page.locator("[data-variable=blender] td").nth(1).inner_text() == "blender"


def test_the_setup_assistant_checks_and_saves(page: Any, manager: ManagerProcess, tmp_path: Path) -> None:
    storage = tmp_path / "storage"
    storage.mkdir()
    blender = tmp_path / "blender"
    blender.write_text(FAKE_BLENDER)
    blender.chmod(0o755)
    open_live(page, "/app/setup")

    page.fill("#setup-storage", "/etc")
    page.click("[data-testid=check-storage]")
    page.wait_for_selector("[data-testid=storage-check].error")
    assert "system directory" in page.inner_text("[data-testid=storage-check]")
    page.fill("#setup-storage", str(storage))
    page.click("[data-testid=check-storage]")
    page.wait_for_selector("[data-testid=storage-check].ok")

    page.fill("#setup-blender", str(blender))
    page.click("[data-testid=check-blender]")
    page.wait_for_selector("[data-testid=blender-candidates] li.ok input:checked")
    assert "Found Blender 4.2.3 LTS" in page.inner_text("[data-testid=blender-candidates]")
    page.click("[data-testid=save-setup]")
    page.wait_for_selector("[data-testid=setup-saved]")

    saved = yaml.safe_load((manager.workdir / "flamenco-manager.yaml").read_text())
    assert saved["shared_storage_path"] == str(storage)
    assert {v["value"] for v in saved["variables"]["blender"]["values"]} == {str(blender)}
    # The new `blender` variable is used at once, and the page shows it.
    page.select_option("[data-testid=var-platform]", "linux")
    cell = "document.querySelector('[data-variable=blender] td:nth-child(2)')?.textContent"
    page.wait_for_function(f"{cell} === {json.dumps(str(blender))}")


def test_the_configuration_file_is_edited_and_refusals_shown(page: Any, manager: ManagerProcess) -> None:
    open_live(page, "/app/setup")
    page.wait_for_function("document.querySelector('[data-testid=config-file]').value.includes('_meta')")
    mapping = json.loads(page.input_value("[data-testid=config-file]"))

    page.fill("[data-testid=config-file]", json.dumps({**mapping, "task_timeout": "soon"}))
    page.click("[data-testid=save-config]")
    page.wait_for_selector("[data-testid=config-error]")
    assert "invalid duration" in page.inner_text("[data-testid=config-error]")

    page.fill("[data-testid=config-file]", json.dumps({**mapping, "manager_name": "Edited in the browser"}))
    page.click("[data-testid=save-config]")
    page.wait_for_function(
        "document.querySelector('[data-testid=config-file]').value.includes('Edited in the browser')"
        " && !document.querySelector('[data-testid=config-error]')"
    )
    saved = yaml.safe_load((manager.workdir / "flamenco-manager.yaml").read_text())
    assert saved["manager_name"] == "Edited in the browser"
