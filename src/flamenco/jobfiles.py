"""``/job-files/``: the per-job files of the Manager's local storage, where Flamenco serves them.

Flamenco 3.8 answers `fetchJobLastRenderedInfo` and `fetchTaskLogInfo` with URLs under
``/job-files/job-<uuid[:4]>/<job uuid>/``, served straight from its storage directory; its web app
and any client built on those answers fetch them there. Neither spec describes the route (it is
plain file serving), so it lives beside the API rather than in it.

Only the files those answers name are served, never a directory listing nor whatever else the
storage directory holds: ``task-<task uuid>.txt`` (a task log) and the ``last-rendered*.jpg``
thumbnails. Anything else is a 404 in the spec's ``Error`` shape.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from starlette.responses import FileResponse, Response
from starlette.types import Receive, Scope, Send

from flamenco.last_rendered import JOB_FILES_URL, THUMBNAILS

_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_THUMBNAIL_NAMES = "|".join(re.escape(spec.filename) for spec in THUMBNAILS)
_PATH = re.compile(
    rf"{re.escape(JOB_FILES_URL)}/job-(?P<prefix>[0-9a-f]{{4}})/(?P<job>{_UUID})/"
    rf"(?P<name>task-{_UUID}\.txt|{_THUMBNAIL_NAMES})"
)


def serves(path: str) -> bool:
    return path.startswith(JOB_FILES_URL + "/")


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    body = json.dumps({"code": status, "message": message})
    return Response(body, status_code=status, media_type="application/json", headers=headers)


class JobFiles:
    """ASGI app for ``/job-files/...`` over ``root`` (the Manager's ``local_manager_storage_path``)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = self.respond(scope["method"], scope["path"])
        await response(scope, receive, send)

    def respond(self, method: str, path: str) -> Response:
        if method not in ("GET", "HEAD"):
            return _error(405, f"method {method} not allowed", {"Allow": "GET, HEAD"})
        match = _PATH.fullmatch(path)
        if match is None or not match["job"].startswith(match["prefix"]):
            return _error(404, "no such job file")
        file = self.root / f"job-{match['prefix']}" / match["job"] / match["name"]
        if not file.is_file():
            return _error(404, "no such job file")
        is_log = match["name"].endswith(".txt")
        return FileResponse(
            file,
            media_type="text/plain; charset=utf-8" if is_log else "image/jpeg",
            # Both change in place (a log grows, a thumbnail is replaced): always revalidate.
            headers={"Cache-Control": "no-cache"},
        )
