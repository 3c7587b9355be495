"""Errors that reach API clients.

Every layer raises these instead of returning error codes; the app renders any of them as the
spec's ``Error`` object ``{code, message}`` with ``status`` as HTTP status. The classes are named for
what went wrong, not for HTTP, so the store and scheduler stay free of web concerns; the status is
just the agreed way to report it.
"""

from __future__ import annotations


class FlamencoError(Exception):
    """Base class: a failure the client caused or must know about."""

    status: int = 500

    def __init__(self, message: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.headers = headers or {}


class BadRequest(FlamencoError):
    """The request is well-formed for the spec but makes no sense (unknown job type, bad setting)."""

    status = 400


class Unauthorized(FlamencoError):
    status = 401


class Forbidden(FlamencoError):
    """The request asks the Manager for something it may not do (a path outside what it may touch)."""

    status = 403


class NotFound(FlamencoError):
    status = 404


class Conflict(FlamencoError):
    """The request clashes with the current state (task of another worker, checkout exists)."""

    status = 409


class PreconditionFailed(FlamencoError):
    """What the request was based on is out of date (a job type's etag, a worker that cannot restart)."""

    status = 412


class LengthRequired(FlamencoError):
    """An upload that does not say its size up front (no Content-Length)."""

    status = 411


class PayloadTooLarge(FlamencoError):
    status = 413


class UnsupportedMediaType(FlamencoError):
    """The body is of a type (or in a shape) this Manager cannot use."""

    status = 415


class TooManyRequests(FlamencoError):
    """The client sends faster than the Manager handles; it should slow down."""

    status = 429


class InvalidTransition(FlamencoError):
    """A status change that makes no sense for the current status."""

    status = 422


class ServiceUnavailable(FlamencoError):
    """A feature is switched off, or the database is too busy right now."""

    status = 503
