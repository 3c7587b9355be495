"""The spec's `Error` answers to what handlers raise, worded in one place.

Connexion's error handlers (`flamenco.app`) and the worker hot path (`flamenco.hot_path`) both
answer through :func:`answer_for` and :func:`door_status`, so a refusal reads the same whichever
way the request came.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field

import peewee

from flamenco.errors import FlamencoError
from flamenco.specs import V3_BASE_PATH

log = logging.getLogger(__name__)

# Database errors a client can simply retry (answered 503 + Retry-After).
_RETRYABLE = ("database is locked", "busy", "deadlock detected", "could not serialize")


@dataclass(frozen=True)
class ErrorAnswer:
    status: int
    message: str
    headers: dict[str, str] = field(default_factory=dict)

    def body(self) -> bytes:
        return json.dumps({"code": self.status, "message": self.message}).encode()


def answer_for(exc: Exception) -> ErrorAnswer:
    """The answer to an exception a handler raised; unexpected ones are logged and answer 500."""
    if isinstance(exc, FlamencoError):
        return ErrorAnswer(exc.status, exc.message, dict(exc.headers or {}))
    if isinstance(exc, UnicodeEncodeError):
        # JSON allows lone UTF-16 surrogates ("\ud800"), which no database can store as text.
        return ErrorAnswer(400, "text in the request is not valid Unicode (lone surrogate)")
    if isinstance(exc, peewee.OperationalError):
        if any(text in str(exc) for text in _RETRYABLE):
            return ErrorAnswer(503, "the database is busy; retry shortly", {"Retry-After": "1"})
        log.exception("database error", exc_info=exc)
        return ErrorAnswer(500, "internal database error")
    log.error("unexpected error", exc_info=exc)
    return ErrorAnswer(500, f"internal error: {type(exc).__name__}")


def door_status(status: int, path: str, has_authorization: bool) -> int:
    """Flamenco 3.8 refuses a worker's credentials with 403 where the seed door says 401.

    Missing credentials stay a 401 on both doors, as HTTP has it (Flamenco's worker treats both alike).
    """
    if status == 401 and has_authorization and path.startswith(V3_BASE_PATH + "/"):
        return 403
    return status
