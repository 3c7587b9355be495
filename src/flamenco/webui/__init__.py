"""The Manager's web UI: the pages people open at ``/app/``, served by Flask.

The UI is a single-page app (Vue 3, no build step) that talks to the same HTTP API as every other
client and follows the farm over Socket.IO; this package only serves its files. Everything it
needs ships inside the Python package (``static/``; vendored libraries in ``static/vendor/``,
refreshed by ``tools/vendor_webui.py``), so it works on a farm without internet access.
"""

from __future__ import annotations

from a2wsgi import WSGIMiddleware
from starlette.types import ASGIApp

from flamenco.webui.pages import create_pages_app

__all__ = ["create_webui", "serves"]


def serves(path: str) -> bool:
    """Whether ``path`` belongs to the web UI (``/`` and ``/app...``) rather than the API."""
    return path == "/" or path == "/app" or path.startswith("/app/")


def create_webui() -> ASGIApp:
    """The web UI as an ASGI app, for the paths :func:`serves` claims."""
    return WSGIMiddleware(create_pages_app())  # type: ignore[return-value]
