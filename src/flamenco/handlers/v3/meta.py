"""meta (3.8): who this Manager is and how it is configured."""

from __future__ import annotations

from typing import Any

from flamenco import variables
from flamenco.api import v3
from flamenco.config import Config
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
