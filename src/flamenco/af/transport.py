"""Where the `af` module finds the Manager, and the one function that talks to it.

Afanasy clients find their server from CGRU's configuration (``af_servername``/``af_serverport``,
overridable as ``$CGRU_AF_SERVERNAME``/``$CGRU_AF_SERVERPORT``; CGRU's Docker images use
``$AF_SERVERNAME``/``$AF_SERVERPORT``). This Manager's own tools use ``$FLAMENCO_MANAGER``. Both
conventions work; see :func:`manager_url` for the order.

Only the standard library is used, so the module also works inside the Python of a DCC
application (Maya, Nuke, Houdini, Blender) with this package's ``src`` folder on ``PYTHONPATH``.

Every document (``{"job": ...}``, ``{"get": ...}``, ``{"action": ...}``) goes through
:func:`send_document`, which POSTs it as JSON to the Manager's Afanasy door. That operation
(``afanasyRequest``, ``POST /api/v3/afanasy``) is designed in ``docs/design/pipeline-jobs.md`` §5.2
but not served yet; until it is, a Manager answers 404 and this raises :class:`ServerSideMissing`
saying so, rather than pretending the job was submitted.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request
from typing import Any

from flamenco.af import config

AFANASY_PATH = "/api/v3/afanasy"
OPERATION = "afanasyRequest"
DEFAULT_MANAGER = "http://localhost:8080"
TIMEOUT_S = 60.0


class ServerSideMissing(RuntimeError):
    """The Manager has no Afanasy door (yet): nothing was submitted."""


def manager_url() -> str:
    """The Manager's base URL.

    1. ``$FLAMENCO_MANAGER`` (a URL, as for the ``flamenco`` command);
    2. an Afanasy server address: the name from ``$CGRU_AF_SERVERNAME``, else ``$AF_SERVERNAME``,
       else ``af_servername`` in CGRU's config files, and the port likewise (``…_SERVERPORT``,
       ``af_serverport``); when either is given, ``http://name:port`` with Afanasy's default
       (127.0.0.1, 51000) for a missing half;
    3. this Manager's default, ``http://localhost:8080``.
    """
    url = os.environ.get("FLAMENCO_MANAGER", "").strip().rstrip("/")
    if url:
        return url if "://" in url else f"http://{url}"  # as the flamenco command accepts it
    files = config.file_values()
    host = _first(
        os.environ.get("CGRU_AF_SERVERNAME"), os.environ.get("AF_SERVERNAME"), files.get("af_servername")
    )
    port = _first(
        os.environ.get("CGRU_AF_SERVERPORT"), os.environ.get("AF_SERVERPORT"), files.get("af_serverport")
    )
    if host is None and port is None:
        return DEFAULT_MANAGER
    host = host or str(config.DEFAULTS["af_servername"])
    port = port or str(config.DEFAULTS["af_serverport"])
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"  # an IPv6 literal
    return f"http://{host}:{port}"


def _first(*candidates: Any) -> str | None:
    for value in candidates:
        if value is not None and str(value).strip():
            return str(value).strip()
    return None


def _post(url: str, body: bytes) -> tuple[int, bytes]:
    """POST JSON; the status and body of whatever the server answered (errors included)."""
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", "Accept": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:  # an answer, with a 4xx/5xx status
        with err:
            return err.code, err.read()


def send_document(document: dict[str, Any], verbose: bool = False) -> tuple[bool, Any]:
    """POST one protocol document; answers ``(True, answer)`` or ``(False, None)`` when the Manager
    cannot be reached (printed, as Afanasy's client does, so scripts keep their flow).

    Raises :class:`ServerSideMissing` when the Manager answers that it has no such operation.
    """
    url = manager_url() + AFANASY_PATH
    body = json.dumps(document).encode("utf-8")
    if verbose:
        print(f"af: sending {len(body)} bytes to {url}")
    try:
        status, content = _post(url, body)
    except (OSError, ValueError) as err:  # refused, unresolvable, timed out, malformed URL
        print(f"af: cannot reach the Manager at {url}: {err}", file=sys.stderr)
        return False, None
    if status in (404, 405):
        raise ServerSideMissing(
            f"the Manager at {manager_url()} does not serve {OPERATION} (POST {AFANASY_PATH}); "
            "submitting Afanasy jobs needs a Manager that serves it "
            "(docs/design/pipeline-jobs.md §5.2; this one predates it). Nothing was submitted."
        )
    try:
        answer = json.loads(content)
    except ValueError:
        text = content[:200].decode("utf-8", "replace")
        print(f"af: the Manager answered {status} without JSON: {text}", file=sys.stderr)
        return True, None
    if verbose:
        print(f"af: answer {status}: {json.dumps(answer)[:2000]}")
    if status >= 400:
        # Refused: say why (the answer is returned as well, as Afanasy's client returns it).
        reason = answer.get("message") if isinstance(answer, dict) else None
        print(f"af: the Manager refused the document ({status}): {reason or answer}", file=sys.stderr)
    return True, answer
