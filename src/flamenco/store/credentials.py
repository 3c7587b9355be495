"""Worker credentials checked without database I/O on the request's way in."""

from __future__ import annotations

import hmac

from flamenco.store import rows
from flamenco.store.workers import hash_secret


class CredentialCache:
    """Worker secrets' hashes by worker UUID, so authentication does no database I/O.

    Authentication runs on the event loop (Connexion's auth hook, `flamenco.hot_path`), where a
    database read blocks every other request. A worker's secret never changes under its UUID
    (re-registering makes a new UUID), so a hit never goes stale; a miss reads the database once.

    The secret a worker last authenticated with is kept too, so its next request is a string
    comparison instead of an HMAC: measured at 3 % of the event loop's time under
    `bench/dispatch.py` (one HMAC-SHA256 per request). It is the secret the worker sends with
    every request anyway; the database keeps only salted hashes.
    """

    def __init__(self) -> None:
        self._hashes: dict[str, tuple[str, str]] = {}
        self._accepted: dict[str, str] = {}

    def forget(self, worker_uuid: str) -> None:
        """A deleted worker: refused here at once (other processes refuse it when the handler
        loads it, `handlers.worker_calls.worker_of`)."""
        self._hashes.pop(worker_uuid, None)
        self._accepted.pop(worker_uuid, None)

    def verify(self, worker_uuid: str, secret: str) -> bool:
        accepted = self._accepted.get(worker_uuid)
        if accepted is not None and hmac.compare_digest(accepted.encode(), secret.encode()):
            return True
        known = self._hashes.get(worker_uuid)
        if known is None:
            sql = "SELECT secret_salt, secret_hash FROM worker WHERE uuid = ? AND deleted_at IS NULL"
            row = rows.execute(sql, [worker_uuid]).fetchone()
            if row is None:
                hmac.compare_digest(hash_secret(secret, "0" * 32), "0" * 64)  # same work either way
                return False
            known = self._hashes[worker_uuid] = (row[0], row[1])
        salt, secret_hash = known
        if not hmac.compare_digest(hash_secret(secret, salt), secret_hash):
            return False
        self._accepted[worker_uuid] = secret
        return True
