"""Worker authentication: HTTP basic auth with the worker's UUID and secret."""

from __future__ import annotations

from typing import Any

from flamenco.store import workers as worker_store


def basic_auth(username: str, password: str, required_scopes: Any = None) -> dict[str, Any] | None:
    """Connexion's basic-auth hook; the worker record rides along as ``token_info["worker"]``.

    Passing the record on saves each handler a second lookup of the same worker.
    """
    worker = worker_store.authenticate(username, password)
    if worker is None:
        return None
    return {"sub": worker.uuid, "worker": worker}
