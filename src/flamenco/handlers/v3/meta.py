"""meta (3.8): who this Manager is, how it is configured, and the setup assistant.

The configuration file and setup operations act on the real file and filesystem, confined to what
the Manager may touch (`flamenco.confinement`, `flamenco.config_file`, `flamenco.setup_checks`).
"""

from __future__ import annotations

from typing import Any

import connexion
import yaml

from flamenco import config_file, setup_checks, variables
from flamenco.api import v3
from flamenco.config import Config
from flamenco.confinement import PathNotAllowed, check_path
from flamenco.errors import BadRequest, Forbidden
from flamenco.scheduler.farmstatus import farm_status
from flamenco.services import current


def get_version() -> dict[str, Any]:
    return v3.version(current().config)


def get_configuration() -> dict[str, Any]:
    svc = current()
    return {
        "storageLocation": _jobs(svc.config),
        "shamanEnabled": svc.shaman is not None,
        "isFirstRun": bool(svc.config.first_run),
    }


def get_farm_status() -> dict[str, Any]:
    return {"status": farm_status()}


def get_variables(audience: str, platform: str) -> dict[str, Any]:
    """Every variable for ``audience`` on ``platform``: the add-on recognises two-way ones with it."""
    config = current().config
    resolved = variables.resolve(config.variables, audience, platform, jobs=_jobs(config))
    return {name: {"value": v.value, "is_twoway": v.is_twoway} for name, v in sorted(resolved.items())}


def get_shared_storage(audience: str, platform: str) -> dict[str, Any]:
    """Where jobs' files live, as ``audience`` on ``platform`` reaches it (two-way variables)."""
    svc = current()
    location = variables.expand_path(
        _jobs(svc.config),
        svc.config.variables,
        audience,
        platform,
        manager_platform=v3.MANAGER_PLATFORM,
        jobs=_jobs(svc.config),
    )
    return {
        "location": location,
        "audience": audience,
        "platform": platform,
        "shamanEnabled": svc.shaman is not None,
    }


def _jobs(config: Config) -> str:
    """The implicit variable `jobs`: Shaman's checkouts when Shaman is on, else shared storage."""
    return str(config.job_storage_location.absolute())


def check_shared_storage_path(body: dict[str, Any] | None = None) -> dict[str, Any]:
    return setup_checks.check_shared_storage(_given(body)["path"], current().config.allowed_paths)


def find_blender_exe_path() -> list[dict[str, Any]]:
    return setup_checks.find_blender(current().config.allowed_paths)


def check_blender_exe_path(body: dict[str, Any] | None = None) -> dict[str, Any]:
    return setup_checks.check_blender(_given(body)["path"], current().config.allowed_paths)


def save_setup_assistant_config(body: dict[str, Any] | None = None) -> tuple[None, int]:
    """Shared storage and Blender into the config file; the new `blender` variable is used at once,
    the shared storage from the Manager's next start (Flamenco restarts itself here)."""
    config = current().config
    body = _given(body)
    storage = body["storageLocation"]
    if not storage:
        raise BadRequest("configuration is incomplete: the storage location is empty")
    try:
        check_path(storage, config.allowed_paths, what="storage location")
    except PathNotAllowed as exc:
        raise Forbidden(str(exc)) from None
    checked = setup_checks.check_shared_storage(storage, config.allowed_paths)
    if not checked["is_usable"]:
        raise BadRequest(f"the storage location is not usable: {checked['cause']}")
    try:
        blender = setup_checks.blender_command(body["blenderExecutable"], config.allowed_paths)
    except ValueError as exc:
        raise BadRequest(f"configuration is incomplete: {exc}") from None
    _use(config_file.write(config, setup_checks.setup_mapping(config_file.read(config), storage, blender)))
    config.first_run = False
    return None, 204


def get_configuration_file() -> tuple[Any, int, dict[str, str]]:
    """The configuration file's keys (defaults filled in); as YAML text when the client asks for it
    (the operation has both; an answer must say which it is)."""
    mapping = config_file.read(current().config)
    accept = connexion.request.headers.get("accept", "")
    if "application/yaml" in accept and "application/json" not in accept:
        text = yaml.safe_dump(mapping, sort_keys=False, allow_unicode=True)
        return text, 200, {"Content-Type": "application/yaml"}
    return mapping, 200, {"Content-Type": "application/json"}


def update_configuration_file(body: dict[str, Any]) -> tuple[None, int]:
    _use(config_file.write(current().config, body))
    return None, 204


def _use(written: Config) -> None:
    """What the running Manager takes from a new config file at once: the variables."""
    current().config.variables = written.variables


def _given(body: dict[str, Any] | None) -> dict[str, Any]:
    """The request body, which these operations' spec does not mark as required."""
    if body is None:
        raise BadRequest("this operation needs a JSON request body")
    return body
