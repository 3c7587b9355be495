"""meta (3.8): who this Manager is and how it is configured."""

from __future__ import annotations

from typing import Any

from flamenco.api import v3
from flamenco.scheduler.farmstatus import farm_status
from flamenco.services import current


def get_version() -> dict[str, Any]:
    return v3.version(current().config)


def get_configuration() -> dict[str, Any]:
    svc = current()
    return {
        "storageLocation": str(svc.config.job_storage_location.absolute()),
        "shamanEnabled": svc.shaman is not None,
        "isFirstRun": bool(svc.config.first_run),
    }


def get_farm_status() -> dict[str, Any]:
    return {"status": farm_status()}
