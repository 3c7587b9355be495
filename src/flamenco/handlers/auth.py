"""Worker authentication: HTTP basic auth with the worker's UUID and secret."""

from __future__ import annotations

from typing import Any

from flamenco.services import current


def basic_auth(username: str, password: str, required_scopes: Any = None) -> dict[str, Any] | None:
    """Connexion's basic-auth hook. It runs on the event loop, so it must not touch the database:
    secrets are checked against the in-memory credential cache; handlers load the worker."""
    if not current().credentials.verify(username, password):
        return None
    return {"sub": username}
