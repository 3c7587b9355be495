"""Flask routes of the web UI: the redirect from ``/``, the app's page for every deep link, its assets.

Caching: assets are served under ``/app/assets/<version>/``, where the version is a hash of every
shipped file. A browser may keep them for a year without asking again (``immutable``), and a
Manager upgrade changes the version and so every asset URL; ES modules importing each other by
relative path stay inside the same versioned folder. The page itself is never cached, so it always
names the current version.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from flask import Flask, Response, abort, redirect, render_template, send_from_directory
from werkzeug.exceptions import HTTPException

STATIC = Path(__file__).parent / "static"
PREFIX = "/app"
ONE_YEAR = 365 * 24 * 3600

# Browsers refuse ES modules served with a non-JavaScript type, and Python's mimetypes reads the
# platform's table (on Windows, the registry, where `.js` is sometimes `text/plain`): be explicit.
CONTENT_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".map": "application/json",
    ".json": "application/json",
    ".html": "text/html; charset=utf-8",
    ".LICENSE": "text/plain; charset=utf-8",
}

# The page and its assets come from this Manager only. Vue compiles the in-page templates at run
# time with `new Function`, hence 'unsafe-eval'; the live connection is a same-origin WebSocket.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


def asset_version(root: Path = STATIC) -> str:
    """A short hash of every file's path and contents: changes whenever any asset does."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def modules(root: Path = STATIC) -> list[str]:
    """Every JavaScript module, relative to the assets folder: the page preloads them all at once.

    Without the list a browser discovers the modules level by level as each one's imports are
    parsed (three round trips deep here, ~40 ms even from its cache).
    """
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.js"))


def create_pages_app() -> Flask:
    app = Flask(__name__, static_folder=None)
    version = asset_version()
    assets_base = f"{PREFIX}/assets/{version}"
    preload = modules()

    @app.get("/")
    @app.get(PREFIX)
    def to_app() -> Response:
        return redirect(f"{PREFIX}/", code=302)

    @app.get(f"{PREFIX}/assets/<asked_version>/<path:filename>")
    def asset(asked_version: str, filename: str) -> Response:
        current = asked_version == version
        # A page from before an upgrade asks with the old version: answer, but don't let that stick.
        max_age = ONE_YEAR if current else None
        response = send_from_directory(STATIC, filename, max_age=max_age, conditional=True, etag=True)
        suffix = "." + filename.rsplit(".", 1)[-1] if "." in filename else ""
        if suffix in CONTENT_TYPES:
            response.headers["Content-Type"] = CONTENT_TYPES[suffix]
        cache = f"public, max-age={ONE_YEAR}, immutable" if current else "no-cache"
        response.headers["Cache-Control"] = cache
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    @app.get(f"{PREFIX}/")
    @app.get(f"{PREFIX}/<path:route>")
    def page(route: str = "") -> Response:
        """The app's single page, for every route inside it: deep links work on reload."""
        if route.startswith("assets/"):
            abort(404)
        response = Response(render_template("index.html", assets=assets_base, modules=preload))
        response.headers["Cache-Control"] = "no-cache"
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    @app.errorhandler(HTTPException)
    def error(exc: HTTPException) -> Response:
        """Errors in the spec's ``Error`` shape, like every other answer of the Manager."""
        code = exc.code or 500
        message = "no such page or file" if code == 404 else (exc.description or exc.name)
        response = Response(
            json.dumps({"code": code, "message": message}), status=code, content_type="application/json"
        )
        if code == 405 and exc.get_response().headers.get("Allow"):
            response.headers["Allow"] = exc.get_response().headers["Allow"]
        return response

    return app
