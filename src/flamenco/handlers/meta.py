"""meta: who this Manager is, how it is configured, and its figures for monitoring."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

import flamenco
from flamenco.metrics.registry import CONTENT_TYPE
from flamenco.services import current


def get_version() -> dict[str, Any]:
    return {"version": flamenco.__version__, "name": current().config.manager_name}


def get_configuration() -> dict[str, Any]:
    config = current().config
    return {
        "storageLocation": str(config.job_storage_location.absolute()),
        "shamanEnabled": current().shaman is not None,
    }


def get_metrics() -> Response:
    # A ready Response: Connexion would refuse the content type's `version` parameter, which the
    # spec's `text/plain` does not spell out.
    return Response(current().metrics.render(), media_type=CONTENT_TYPE)
