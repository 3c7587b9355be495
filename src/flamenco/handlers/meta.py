"""meta: who this Manager is and how it is configured."""

from __future__ import annotations

from typing import Any

import flamenco
from flamenco.services import current


def get_version() -> dict[str, Any]:
    return {"version": flamenco.__version__, "name": current().config.manager_name}


def get_configuration() -> dict[str, Any]:
    config = current().config
    return {
        "storageLocation": str(config.job_storage_location.absolute()),
        "shamanEnabled": current().shaman is not None,
    }
